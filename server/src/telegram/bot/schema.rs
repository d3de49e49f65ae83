//! The handler tree: which handler answers an update, by the update's kind, the command or
//! button it carries, and the `State` the chat is in (teloxide's dialogue routing).

use teloxide::dispatching::{UpdateHandler, dialogue};
use teloxide::prelude::*;

use super::buttons::{Callback, MenuButton};
use super::chat::Chat;
use super::commands::Command;
use super::state::{HandlerError, Session, State, Store};
use super::{menu, new_order};

pub fn schema() -> UpdateHandler<HandlerError> {
    use dptree::case;

    // A typed answer goes to the step waiting for it; a command or a menu button works anywhere.
    let messages = Update::filter_message()
        .chain(chat_in_dialogue())
        .branch(teloxide::filter_command::<Command, _>().endpoint(menu::on_command))
        .branch(dptree::filter(|chat: Chat| chat.is_stale()).endpoint(menu::drop_stale))
        .branch(dptree::filter_map(MenuButton::pressed).endpoint(menu::on_menu))
        .branch(case![State::Category { draft }].endpoint(new_order::receive_category))
        .branch(case![State::Part { draft }].endpoint(new_order::receive_part))
        .branch(case![State::PartText { draft }].endpoint(new_order::receive_part_text))
        .branch(case![State::Vin { draft }].endpoint(new_order::receive_vin))
        .branch(case![State::CarNumber { draft }].endpoint(new_order::receive_car_number))
        .branch(case![State::Photo { draft }].endpoint(new_order::receive_photo))
        .branch(case![State::Start].endpoint(menu::idle))
        .branch(dptree::endpoint(new_order::use_buttons));

    // A button counts only in the step that showed it; the language and cancel buttons anywhere.
    let steps = dptree::filter_map(Callback::of)
        .branch(case![Callback::Cancel].endpoint(menu::cancel))
        .branch(
            case![State::Category { draft }]
                .branch(case![Callback::Category(id)].endpoint(new_order::pick_category))
                .branch(case![Callback::OtherCategory].endpoint(new_order::type_category)),
        )
        .branch(
            case![State::Part { draft }]
                .branch(case![Callback::Part(id)].endpoint(new_order::pick_part))
                .branch(case![Callback::CustomPart].endpoint(new_order::type_part)),
        )
        .branch(
            case![State::CarNumber { draft }]
                .chain(case![Callback::SkipCarNumber])
                .endpoint(new_order::skip_car_number),
        )
        .branch(
            case![State::Original { draft }]
                .chain(case![Callback::Original(choice)])
                .endpoint(new_order::pick_original),
        )
        .branch(case![State::Photo { draft }].chain(case![Callback::SkipPhoto]).endpoint(new_order::skip_photo))
        .branch(
            case![State::Confirm { draft }]
                .branch(case![Callback::Confirm].endpoint(new_order::confirm))
                .branch(case![Callback::Edit(field)].endpoint(new_order::edit)),
        );
    let callbacks = Update::filter_callback_query()
        .filter_async(acknowledge)
        .chain(chat_in_dialogue())
        .branch(
            dptree::filter_map(Callback::of).chain(case![Callback::Language(language)]).endpoint(menu::set_language),
        )
        .branch(dptree::filter(|chat: Chat| chat.is_stale()).endpoint(menu::drop_stale))
        .branch(steps)
        // A button from an older message: the conversation has moved on.
        .branch(dptree::endpoint(new_order::use_buttons));

    dptree::entry().branch(messages).branch(callbacks)
}

/// The chat's dialogue, its `State` for `case!`, and the `Chat` every handler answers through.
fn chat_in_dialogue() -> UpdateHandler<HandlerError> {
    dialogue::enter::<Update, Store, Session, _>().map(|session: Session| session.state).filter_map_async(Chat::load)
}

/// Answers a button press at once, so the client stops showing it as loading. A press Telegram
/// will not let us answer is not acted on either (and logged).
async fn acknowledge(bot: Bot, query: CallbackQuery) -> bool {
    match bot.answer_callback_query(query.id.clone()).await {
        Ok(_) => true,
        Err(error) => {
            tracing::warn!(%error, "telegram bot: cannot answer a button press");
            false
        }
    }
}
