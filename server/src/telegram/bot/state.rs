//! What the bot remembers of each chat between updates: where the conversation is (`State`, the
//! draft order travelling with it), the language chosen before linking, and the last activity.

use chrono::{DateTime, Utc};
use teloxide::dispatching::dialogue::{Dialogue, InMemStorage};

use app::model::{Language, OriginalOrAnalog};

pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;
pub type HandlerResult = Result<(), HandlerError>;
pub type Store = InMemStorage<Session>;
pub type BotDialogue = Dialogue<Session, Store>;

/// Where a chat is in the conversation: at rest, or waiting for one answer of a new order.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum State {
    #[default]
    Start,
    /// A category button, or a category typed without the catalog.
    Category {
        draft: Draft,
    },
    /// A part button from the category's catalog parts.
    Part {
        draft: Draft,
    },
    /// A part typed as text.
    PartText {
        draft: Draft,
    },
    Vin {
        draft: Draft,
    },
    CarNumber {
        draft: Draft,
    },
    Original {
        draft: Draft,
    },
    Photo {
        draft: Draft,
    },
    /// The summary: confirm, edit a field or cancel.
    Confirm {
        draft: Draft,
    },
}

/// The order being put together.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub category: String,
    pub category_id: Option<i64>,
    pub part_type: String,
    pub part_id: Option<i64>,
    pub vin: String,
    pub car_number: Option<String>,
    pub original: Option<OriginalOrAnalog>,
    pub photo: Option<String>,
    /// Set while one field is being changed from the summary: the next answer goes back to it.
    pub editing: bool,
}

/// A chat's dialogue storage: its state, with the language chosen before linking and the last
/// activity, which lets a forgotten draft lapse.
#[derive(Clone, Debug)]
pub struct Session {
    pub state: State,
    pub language: Option<Language>,
    pub touched: DateTime<Utc>,
}

impl Default for Session {
    fn default() -> Self {
        Session { state: State::Start, language: None, touched: Utc::now() }
    }
}
