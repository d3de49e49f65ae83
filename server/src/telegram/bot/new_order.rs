//! The guided new order: category, part, VIN, car number (with ENABLE_CAR_NUMBER), original or
//! analog, an optional photo, then a summary to confirm, with a button to change each field.
//! Each step is a `State` holding the draft; `schema` routes an answer to the step waiting for it.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, Message};
use teloxide::utils::html::escape;

use app::model::{AppError, Language, NewOrder, OriginalOrAnalog, PartQuery, validation};

use super::buttons::{Callback, Field};
use super::chat::Chat;
use super::state::{Draft, HandlerResult, State};
use crate::metrics::Door;
use crate::services::{catalog, orders};
use crate::telegram::text::{self, bot as say};

/// Starts a new order from nothing, dropping any draft.
pub async fn begin(chat: &mut Chat) -> HandlerResult {
    if chat.account.is_none() {
        return chat.say(say::not_linked(chat.language)).await;
    }
    ask_category(chat, Draft::default()).await
}

/// The question after an answer, unless the answer changed one field from the summary.
enum Next {
    Vin,
    /// The car number while ENABLE_CAR_NUMBER is on, else original or analog.
    CarNumber,
    Original,
    Photo,
    Summary,
}

async fn then(chat: &mut Chat, mut draft: Draft, next: Next) -> HandlerResult {
    if draft.editing {
        draft.editing = false;
        return show_summary(chat, draft).await;
    }
    match next {
        Next::Vin => ask_vin(chat, draft).await,
        Next::CarNumber if chat.services.flags().enable_car_number => ask_car_number(chat, draft).await,
        Next::CarNumber | Next::Original => ask_original(chat, draft).await,
        Next::Photo => ask_photo(chat, draft).await,
        Next::Summary => show_summary(chat, draft).await,
    }
}

/// Moves to `state` and asks `question` with these rows of buttons under it.
async fn offer(
    chat: &mut Chat,
    state: State,
    question: impl Into<String>,
    buttons: Vec<Vec<InlineKeyboardButton>>,
) -> HandlerResult {
    chat.go(state).await?;
    chat.ask(question, InlineKeyboardMarkup::new(buttons)).await
}

async fn ask_category(chat: &mut Chat, draft: Draft) -> HandlerResult {
    let language = chat.language;
    if chat.services.flags().enable_part_categories
        && let Some(viewer) = chat.viewer()
        && let Ok(categories) = catalog::list_categories(&chat.services, &viewer).await
        && !categories.is_empty()
    {
        let mut rows: Vec<Vec<InlineKeyboardButton>> = categories
            .chunks(2)
            .map(|pair| pair.iter().map(|c| Callback::Category(c.id).button(c.name(language))).collect())
            .collect();
        rows.push(vec![Callback::OtherCategory.button(say::other_category(language))]);
        return offer(chat, State::Category { draft }, say::ask_category(language), rows).await;
    }
    chat.go(State::Category { draft }).await?;
    chat.say(say::ask_category_text(language)).await
}

async fn ask_part(chat: &mut Chat, draft: Draft) -> HandlerResult {
    let language = chat.language;
    if let (Some(category_id), Some(viewer)) = (draft.category_id, chat.viewer()) {
        let query = PartQuery { category_id: Some(category_id), ..Default::default() };
        if let Ok(parts) = catalog::list_parts(&chat.services, &viewer, &query).await {
            let mut rows: Vec<Vec<InlineKeyboardButton>> =
                parts.iter().map(|p| vec![Callback::Part(p.id).button(p.name(language))]).collect();
            rows.push(vec![Callback::CustomPart.button(say::custom_part(language))]);
            return offer(chat, State::Part { draft }, say::ask_part(language), rows).await;
        }
    }
    chat.go(State::PartText { draft }).await?;
    chat.say(say::ask_part_text(language)).await
}

async fn ask_vin(chat: &mut Chat, draft: Draft) -> HandlerResult {
    chat.go(State::Vin { draft }).await?;
    chat.say(say::ask_vin(chat.language)).await
}

async fn ask_car_number(chat: &mut Chat, draft: Draft) -> HandlerResult {
    let skip = vec![vec![Callback::SkipCarNumber.button(say::skip(chat.language))]];
    offer(chat, State::CarNumber { draft }, say::ask_car_number(chat.language), skip).await
}

async fn ask_original(chat: &mut Chat, draft: Draft) -> HandlerResult {
    let language = chat.language;
    let buttons = [OriginalOrAnalog::Original, OriginalOrAnalog::Analog]
        .map(|c| Callback::Original(c).button(text::original_or_analog(language, c)));
    offer(chat, State::Original { draft }, say::ask_original(language), vec![buttons.to_vec()]).await
}

async fn ask_photo(chat: &mut Chat, draft: Draft) -> HandlerResult {
    let skip = vec![vec![Callback::SkipPhoto.button(say::skip(chat.language))]];
    offer(chat, State::Photo { draft }, say::ask_photo(chat.language), skip).await
}

async fn show_summary(chat: &mut Chat, draft: Draft) -> HandlerResult {
    let l = chat.language;
    let car_numbers = chat.services.flags().enable_car_number;
    let mut lines = vec![
        format!("<b>{}</b>", say::summary_title(l)),
        format!("{}: {}", say::field_category(l), escape(&draft.category)),
        format!("{}: {}", say::field_part(l), escape(&draft.part_type)),
        format!("VIN: <code>{}</code>", escape(&draft.vin)),
    ];
    if car_numbers {
        lines.push(format!("{}: {}", say::field_car_number(l), escape(draft.car_number.as_deref().unwrap_or("—"))));
    }
    if let Some(choice) = draft.original {
        lines.push(format!("{}: {}", say::field_original(l), text::original_or_analog(l, choice)));
    }
    lines.push(format!("{}: {}", say::field_photo(l), if draft.photo.is_some() { say::yes(l) } else { say::no(l) }));
    let edit = |field: Field, label: &str| Callback::Edit(field).button(say::edit(label));
    let mut edit_row = vec![edit(Field::Part, say::field_part(l)), edit(Field::Vin, "VIN")];
    if car_numbers {
        edit_row.push(edit(Field::CarNumber, say::field_car_number(l)));
    }
    let buttons = vec![
        vec![Callback::Confirm.button(say::confirm(l))],
        edit_row,
        vec![edit(Field::Original, say::field_original(l)), edit(Field::Photo, say::field_photo(l))],
        vec![Callback::Cancel.button(say::cancel(l))],
    ];
    offer(chat, State::Confirm { draft }, lines.join("\n"), buttons).await
}

/// What the mechanic typed, trimmed; empty for a photo or a sticker.
fn typed(message: &Message) -> &str {
    message.text().map(str::trim).unwrap_or_default()
}

/// A message where the step waits for a button.
pub async fn use_buttons(chat: Chat) -> HandlerResult {
    chat.say(say::use_buttons(chat.language)).await
}

pub async fn receive_category(mut chat: Chat, mut draft: Draft, message: Message) -> HandlerResult {
    let text = typed(&message);
    if text.is_empty() {
        return use_buttons(chat).await;
    }
    match validation::required_text("category", text, validation::MAX_CATEGORY) {
        Ok(category) => {
            draft.category = category;
            draft.category_id = None;
            draft.part_id = None;
            // A new category always needs its part next, even when only the part was edited.
            ask_part(&mut chat, draft).await
        }
        Err(error) => chat.say(say::error(&error.message)).await,
    }
}

/// A part typed while the catalog's part buttons are showing.
pub async fn receive_part(chat: Chat, draft: Draft, message: Message) -> HandlerResult {
    match typed(&message) {
        "" => use_buttons(chat).await,
        text => part_typed(chat, draft, text).await,
    }
}

/// A part typed where the bot asked for it as text.
pub async fn receive_part_text(chat: Chat, draft: Draft, message: Message) -> HandlerResult {
    match typed(&message) {
        "" => chat.say(say::ask_part_text(chat.language)).await,
        text => part_typed(chat, draft, text).await,
    }
}

async fn part_typed(mut chat: Chat, mut draft: Draft, text: &str) -> HandlerResult {
    match validation::required_text("part_type", text, validation::MAX_PART_TYPE) {
        Ok(part) => {
            draft.part_type = part;
            draft.part_id = None;
            then(&mut chat, draft, Next::Vin).await
        }
        Err(error) => chat.say(say::error(&error.message)).await,
    }
}

pub async fn receive_vin(mut chat: Chat, mut draft: Draft, message: Message) -> HandlerResult {
    match validation::normalize_vin(typed(&message)) {
        Ok(vin) => {
            draft.vin = vin;
            then(&mut chat, draft, Next::CarNumber).await
        }
        Err(error) => ask_again(&chat, error, say::ask_vin).await,
    }
}

pub async fn receive_car_number(mut chat: Chat, mut draft: Draft, message: Message) -> HandlerResult {
    match validation::normalize_car_number(typed(&message)) {
        Ok(car_number) => {
            draft.car_number = car_number;
            then(&mut chat, draft, Next::Original).await
        }
        Err(error) => ask_again(&chat, error, say::ask_car_number).await,
    }
}

/// An answer that does not pass: why, and the question again.
async fn ask_again(chat: &Chat, error: AppError, question: fn(Language) -> &'static str) -> HandlerResult {
    chat.say(format!("{}\n{}", say::error(&error.message), question(chat.language))).await
}

pub async fn receive_photo(mut chat: Chat, mut draft: Draft, message: Message) -> HandlerResult {
    match message.photo().and_then(|sizes| sizes.last()) {
        Some(largest) => {
            draft.photo = Some(largest.file.id.to_string());
            then(&mut chat, draft, Next::Summary).await
        }
        None => chat.say(say::ask_photo(chat.language)).await,
    }
}

pub async fn pick_category(mut chat: Chat, mut draft: Draft, id: i64) -> HandlerResult {
    let Some(viewer) = chat.viewer() else { return chat.say(say::not_linked(chat.language)).await };
    let categories = catalog::list_categories(&chat.services, &viewer).await.unwrap_or_default();
    match categories.iter().find(|c| c.id == id) {
        Some(category) => {
            draft.category = category.name(chat.language).to_owned();
            draft.category_id = Some(category.id);
            draft.part_id = None;
            ask_part(&mut chat, draft).await
        }
        None => ask_category(&mut chat, draft).await,
    }
}

pub async fn type_category(mut chat: Chat, draft: Draft) -> HandlerResult {
    chat.go(State::Category { draft }).await?;
    chat.say(say::ask_category_text(chat.language)).await
}

pub async fn pick_part(mut chat: Chat, mut draft: Draft, id: i64) -> HandlerResult {
    let Some(viewer) = chat.viewer() else { return chat.say(say::not_linked(chat.language)).await };
    let query = PartQuery { category_id: draft.category_id, ..Default::default() };
    let parts = catalog::list_parts(&chat.services, &viewer, &query).await.unwrap_or_default();
    match parts.iter().find(|p| p.id == id) {
        Some(part) => {
            draft.part_type = part.name(chat.language).to_owned();
            draft.part_id = Some(part.id);
            then(&mut chat, draft, Next::Vin).await
        }
        None => ask_part(&mut chat, draft).await,
    }
}

pub async fn type_part(mut chat: Chat, draft: Draft) -> HandlerResult {
    chat.go(State::PartText { draft }).await?;
    chat.say(say::ask_part_text(chat.language)).await
}

pub async fn skip_car_number(mut chat: Chat, mut draft: Draft) -> HandlerResult {
    draft.car_number = None;
    then(&mut chat, draft, Next::Original).await
}

pub async fn pick_original(mut chat: Chat, mut draft: Draft, choice: OriginalOrAnalog) -> HandlerResult {
    draft.original = Some(choice);
    then(&mut chat, draft, Next::Photo).await
}

pub async fn skip_photo(mut chat: Chat, mut draft: Draft) -> HandlerResult {
    draft.photo = None;
    then(&mut chat, draft, Next::Summary).await
}

/// A summary button that changes one field: its question, then back to the summary.
pub async fn edit(mut chat: Chat, mut draft: Draft, field: Field) -> HandlerResult {
    draft.editing = true;
    match field {
        Field::Part => ask_category(&mut chat, draft).await,
        Field::Vin => ask_vin(&mut chat, draft).await,
        Field::CarNumber => ask_car_number(&mut chat, draft).await,
        Field::Original => ask_original(&mut chat, draft).await,
        Field::Photo => ask_photo(&mut chat, draft).await,
    }
}

pub async fn confirm(mut chat: Chat, draft: Draft) -> HandlerResult {
    let Some(viewer) = chat.viewer() else { return chat.say(say::not_linked(chat.language)).await };
    let Some(original) = draft.original else { return then(&mut chat, draft, Next::CarNumber).await };
    let photo = draft.photo.clone();
    let input = NewOrder {
        mechanic_name: None,
        mechanic_id: None,
        vin: draft.vin,
        car_number: draft.car_number,
        part_type: Some(draft.part_type),
        category: Some(draft.category),
        part_id: draft.part_id,
        original_or_analog: original,
        quantity: Some(1),
        comment: None,
    };
    match orders::create(&chat.services, &viewer, input, photo).await {
        Ok(order) => {
            chat.services.metrics.order_created(Door::Bot);
            chat.reset().await?;
            chat.show_menu(say::created(chat.language, order.id)).await
        }
        Err(error) => chat.refuse(error).await,
    }
}
