//! What the bot's buttons send back, typed. An inline button carries a `Callback` as short text
//! (Telegram allows 64 bytes), which parses back into the same value; a menu button sends its
//! label, in whichever language the menu was drawn.

use std::fmt;
use std::str::FromStr;

use teloxide::types::{CallbackQuery, InlineKeyboardButton, Message};

use app::model::{Language, OriginalOrAnalog};

use crate::telegram::text::bot as say;

/// The data of an inline button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Callback {
    Language(Language),
    Category(i64),
    /// Type a category that the catalog does not list.
    OtherCategory,
    Part(i64),
    /// Type a part that the category does not list.
    CustomPart,
    SkipCarNumber,
    Original(OriginalOrAnalog),
    SkipPhoto,
    Confirm,
    /// Change one field from the summary.
    Edit(Field),
    Cancel,
}

/// A field of the draft that the summary can send the mechanic back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Part,
    Vin,
    CarNumber,
    Original,
    Photo,
}

impl Field {
    const ALL: [Field; 5] = [Field::Part, Field::Vin, Field::CarNumber, Field::Original, Field::Photo];

    fn code(self) -> &'static str {
        match self {
            Field::Part => "part",
            Field::Vin => "vin",
            Field::CarNumber => "car",
            Field::Original => "ooa",
            Field::Photo => "photo",
        }
    }
}

impl Callback {
    /// The callback a pressed inline button sent, if it is one this bot makes.
    pub fn of(query: CallbackQuery) -> Option<Callback> {
        query.data?.parse().ok()
    }

    /// An inline button that sends this callback.
    pub fn button(self, label: impl Into<String>) -> InlineKeyboardButton {
        InlineKeyboardButton::callback(label, self.to_string())
    }
}

impl fmt::Display for Callback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Callback::Language(language) => write!(f, "lang:{}", language.code()),
            Callback::Category(id) => write!(f, "cat:{id}"),
            Callback::OtherCategory => f.write_str("cat:other"),
            Callback::Part(id) => write!(f, "part:{id}"),
            Callback::CustomPart => f.write_str("part:custom"),
            Callback::SkipCarNumber => f.write_str("skip:car"),
            Callback::Original(choice) => write!(f, "ooa:{}", choice.as_str()),
            Callback::SkipPhoto => f.write_str("skip:photo"),
            Callback::Confirm => f.write_str("confirm"),
            Callback::Edit(field) => write!(f, "edit:{}", field.code()),
            Callback::Cancel => f.write_str("cancel"),
        }
    }
}

/// Data this bot never sends: an old or forged button.
#[derive(Debug, PartialEq, Eq)]
pub struct UnknownCallback;

impl FromStr for Callback {
    type Err = UnknownCallback;

    fn from_str(data: &str) -> Result<Callback, UnknownCallback> {
        let id = |text: &str| text.parse::<i64>().map_err(|_| UnknownCallback);
        Ok(match data.split_once(':').unwrap_or((data, "")) {
            ("lang", code) => {
                Callback::Language(Language::ALL.into_iter().find(|l| l.code() == code).ok_or(UnknownCallback)?)
            }
            ("cat", "other") => Callback::OtherCategory,
            ("cat", value) => Callback::Category(id(value)?),
            ("part", "custom") => Callback::CustomPart,
            ("part", value) => Callback::Part(id(value)?),
            ("skip", "car") => Callback::SkipCarNumber,
            ("skip", "photo") => Callback::SkipPhoto,
            ("ooa", value) => Callback::Original(value.parse().map_err(|_| UnknownCallback)?),
            ("confirm", "") => Callback::Confirm,
            ("edit", code) => Callback::Edit(Field::ALL.into_iter().find(|f| f.code() == code).ok_or(UnknownCallback)?),
            ("cancel", "") => Callback::Cancel,
            _ => return Err(UnknownCallback),
        })
    }
}

/// The buttons of the reply-keyboard menu under the message box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuButton {
    NewOrder,
    MyOrders,
    Help,
    Language,
}

impl MenuButton {
    pub const ALL: [MenuButton; 4] =
        [MenuButton::NewOrder, MenuButton::MyOrders, MenuButton::Help, MenuButton::Language];

    pub fn label(self, language: Language) -> &'static str {
        match self {
            MenuButton::NewOrder => say::menu_new(language),
            MenuButton::MyOrders => say::menu_orders(language),
            MenuButton::Help => say::menu_help(language),
            MenuButton::Language => say::menu_language(language),
        }
    }

    /// The menu button a message comes from: its text is a button's label in any language.
    pub fn pressed(message: Message) -> Option<MenuButton> {
        let text = message.text()?.trim();
        MenuButton::ALL.into_iter().find(|button| Language::ALL.iter().any(|l| button.label(*l) == text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_callback_reads_back_as_itself() {
        let all = [
            Callback::Language(Language::He),
            Callback::Language(Language::Ru),
            Callback::Category(12),
            Callback::OtherCategory,
            Callback::Part(-3),
            Callback::CustomPart,
            Callback::SkipCarNumber,
            Callback::Original(OriginalOrAnalog::Analog),
            Callback::SkipPhoto,
            Callback::Confirm,
            Callback::Cancel,
        ]
        .into_iter()
        .chain(Field::ALL.map(Callback::Edit));
        for callback in all {
            let text = callback.to_string();
            assert!(text.len() <= 64, "Telegram's limit: {text}");
            assert_eq!(text.parse(), Ok(callback), "{text}");
        }
    }

    #[test]
    fn the_short_text_is_the_one_buttons_have_always_sent() {
        assert_eq!("lang:en".parse(), Ok(Callback::Language(Language::En)));
        assert_eq!("cat:7".parse(), Ok(Callback::Category(7)));
        assert_eq!("ooa:analog".parse(), Ok(Callback::Original(OriginalOrAnalog::Analog)));
        assert_eq!("edit:car".parse(), Ok(Callback::Edit(Field::CarNumber)));
        assert_eq!(Callback::SkipPhoto.to_string(), "skip:photo");
    }

    #[test]
    fn data_the_bot_never_sends_is_refused() {
        for data in ["", "cat:", "cat:seven", "lang:fr", "ooa:used", "edit:price", "confirm:1", "cancelled", "skip:"] {
            assert_eq!(data.parse::<Callback>(), Err(UnknownCallback), "{data:?}");
        }
    }
}
