//! The bot outside an order: its commands and menu, linking a chat to an account, the open
//! orders, the language, and what it says to a message it did not ask for.

use teloxide::types::InlineKeyboardMarkup;
use teloxide::utils::html::escape;

use app::model::{Language, OrderQuery, ProfileUpdate};

use super::buttons::{Callback, MenuButton};
use super::chat::Chat;
use super::commands::Command;
use super::new_order;
use super::state::HandlerResult;
use crate::services::{auth, orders, users};
use crate::telegram::text::{self, bot as say};

pub async fn on_command(mut chat: Chat, command: Command) -> HandlerResult {
    chat.expire_if_stale().await?;
    match command {
        Command::Start(code) if !code.trim().is_empty() => link(&mut chat, &code).await,
        Command::Start(_) => start(&mut chat).await,
        Command::Link(code) if code.trim().is_empty() => chat.say(say::link_usage(chat.language)).await,
        Command::Link(code) => link(&mut chat, &code).await,
        Command::New => new_order::begin(&mut chat).await,
        Command::Orders => my_orders(&chat).await,
        Command::Help => chat.show_menu(say::help(chat.language)).await,
        Command::Language => choose_language(&chat).await,
        Command::Cancel => cancel(chat).await,
    }
}

/// A menu button, whatever the conversation was waiting for.
pub async fn on_menu(mut chat: Chat, button: MenuButton) -> HandlerResult {
    match button {
        MenuButton::NewOrder => new_order::begin(&mut chat).await,
        MenuButton::MyOrders => my_orders(&chat).await,
        MenuButton::Help => chat.show_menu(say::help(chat.language)).await,
        MenuButton::Language => choose_language(&chat).await,
    }
}

/// A stale draft: dropped, and the mechanic told so, before anything else happens.
pub async fn drop_stale(mut chat: Chat) -> HandlerResult {
    chat.expire_if_stale().await?;
    Ok(())
}

/// A message while no order is in progress.
pub async fn idle(chat: Chat) -> HandlerResult {
    if chat.account.is_none() {
        chat.say(say::not_linked(chat.language)).await
    } else {
        chat.show_menu(say::dont_understand(chat.language)).await
    }
}

/// Drops the order in progress.
pub async fn cancel(mut chat: Chat) -> HandlerResult {
    chat.reset().await?;
    chat.show_menu(say::cancelled(chat.language)).await
}

async fn start(chat: &mut Chat) -> HandlerResult {
    chat.reset().await?;
    match &chat.account {
        Some(account) => chat.show_menu(say::welcome_linked(chat.language, &account.display_name)).await,
        None => choose_language(chat).await,
    }
}

async fn choose_language(chat: &Chat) -> HandlerResult {
    let buttons = Language::ALL.map(|l| Callback::Language(l).button(l.native_name()));
    chat.ask(say::choose_language(), InlineKeyboardMarkup::new([buttons])).await
}

/// A language button: the chat speaks it from now on, and so does the linked account's profile.
pub async fn set_language(mut chat: Chat, language: Language) -> HandlerResult {
    chat.language = language;
    chat.session.language = Some(language);
    if let Some(viewer) = chat.viewer() {
        let update = ProfileUpdate { language: Some(language) };
        if let Err(error) = users::update_profile(&chat.services, &viewer, update).await {
            return chat.refuse(error).await;
        }
    }
    let state = chat.session.state.clone();
    chat.go(state).await?;
    if chat.account.is_some() {
        chat.show_menu(say::language_set(language)).await
    } else {
        chat.say(say::welcome_unlinked(language)).await
    }
}

async fn link(chat: &mut Chat, code: &str) -> HandlerResult {
    match auth::redeem_telegram_link_code(&chat.services, code, chat.id.0).await {
        Ok(account) => {
            chat.language = account.language;
            let name = account.display_name.clone();
            chat.account = Some(account);
            chat.reset().await?;
            chat.show_menu(say::linked(chat.language, &name)).await
        }
        Err(error) => chat.refuse(error).await,
    }
}

async fn my_orders(chat: &Chat) -> HandlerResult {
    let Some(viewer) = chat.viewer() else { return chat.say(say::not_linked(chat.language)).await };
    let query = OrderQuery { status: Some("open".into()), per_page: Some(20), ..Default::default() };
    let listed = match orders::list(&chat.services, &viewer, &query).await {
        Ok(listed) => listed,
        Err(error) => return chat.refuse(error).await,
    };
    let page = listed.page();
    if page.orders.is_empty() {
        return chat.show_menu(say::no_open_orders(chat.language)).await;
    }
    let mut lines = vec![format!("<b>{}</b>", say::open_orders(chat.language))];
    for order in &page.orders {
        lines.push(format!(
            "#{} · <code>{}</code> · {} · <b>{}</b>",
            order.id,
            escape(&order.vin),
            escape(&order.part_type),
            text::status_name(chat.language, order.status)
        ));
    }
    chat.show_menu(lines.join("\n")).await
}
