//! `Chat`: everything a handler knows about the chat it answers (the account linked to it, the
//! language to answer in, the dialogue), and the ways it answers.

use std::sync::Arc;

use chrono::Utc;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup, ParseMode};

use app::model::{Language, User, Viewer};

use super::buttons::MenuButton;
use super::state::{BotDialogue, HandlerError, HandlerResult, Session, State};
use crate::services::users::directory;
use crate::services::{ServiceError, Services};
use crate::telegram::text::bot as say;

/// A draft left alone this long is dropped, and the mechanic told so.
const DIALOGUE_TIMEOUT: chrono::Duration = chrono::Duration::minutes(30);

#[derive(Clone)]
pub struct Chat {
    pub bot: Bot,
    pub id: ChatId,
    dialogue: BotDialogue,
    pub session: Session,
    /// The account this chat is linked to.
    pub account: Option<User>,
    pub language: Language,
    pub services: Arc<Services>,
}

impl Chat {
    /// The chat an update comes from, with its linked account. None (and a warning in the log)
    /// when the account cannot be read.
    pub async fn load(bot: Bot, dialogue: BotDialogue, session: Session, services: Arc<Services>) -> Option<Chat> {
        let id = dialogue.chat_id();
        let account = match directory::linked_to_chat(&services, id.0).await {
            Ok(account) => account,
            Err(error) => {
                tracing::warn!(%error, "telegram bot: cannot read the chat's account");
                return None;
            }
        };
        let language =
            account.as_ref().map(|a| a.language).or(session.language).unwrap_or(services.config.default_language);
        Some(Chat { bot, id, dialogue, session, account, language, services })
    }

    pub async fn say(&self, text: impl Into<String>) -> HandlerResult {
        self.bot.send_message(self.id, text).parse_mode(ParseMode::Html).await?;
        Ok(())
    }

    pub async fn ask(&self, text: impl Into<String>, keyboard: InlineKeyboardMarkup) -> HandlerResult {
        self.bot.send_message(self.id, text).parse_mode(ParseMode::Html).reply_markup(keyboard).await?;
        Ok(())
    }

    /// Says `text` with the menu keyboard under the message box.
    pub async fn show_menu(&self, text: impl Into<String>) -> HandlerResult {
        let l = self.language;
        let row = |buttons: [MenuButton; 2]| buttons.map(|b| KeyboardButton::new(b.label(l))).to_vec();
        let menu = KeyboardMarkup::new([
            row([MenuButton::NewOrder, MenuButton::MyOrders]),
            row([MenuButton::Help, MenuButton::Language]),
        ])
        .resize_keyboard();
        self.bot.send_message(self.id, text).parse_mode(ParseMode::Html).reply_markup(menu).await?;
        Ok(())
    }

    /// Passes a service's refusal on to the chat, in the words the service chose for people.
    pub async fn refuse(&self, error: ServiceError) -> HandlerResult {
        self.say(say::error(&error.into_app_error().message)).await
    }

    /// Moves the conversation to `state`, which counts as activity.
    pub async fn go(&mut self, state: State) -> HandlerResult {
        self.session.state = state;
        self.session.touched = Utc::now();
        self.dialogue.update(self.session.clone()).await?;
        Ok(())
    }

    /// Drops any draft, keeping the chosen language.
    pub async fn reset(&mut self) -> HandlerResult {
        self.go(State::Start).await
    }

    /// The viewer the services see: the linked account, speaking this chat's language.
    pub fn viewer(&self) -> Option<Viewer> {
        let account = self.account.as_ref()?;
        Some(Viewer { language: self.language, ..directory::viewer(account, 0) })
    }

    /// A draft nobody touched for `DIALOGUE_TIMEOUT`.
    pub fn is_stale(&self) -> bool {
        self.session.state != State::Start && Utc::now() - self.session.touched > DIALOGUE_TIMEOUT
    }

    /// Drops a stale draft and says so. True when it did.
    pub async fn expire_if_stale(&mut self) -> Result<bool, HandlerError> {
        let stale = self.is_stale();
        if stale {
            self.reset().await?;
            self.show_menu(say::expired(self.language)).await?;
        }
        Ok(stale)
    }
}
