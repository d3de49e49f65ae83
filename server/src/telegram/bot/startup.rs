//! Starting the bot: the dispatcher over `schema()`, its command list, long polling that retries until Telegram answers (quietly, see `polling`), and the token
//! that shuts it down.

use std::sync::Arc;
use std::time::Duration;

use teloxide::dispatching::ShutdownToken;
use teloxide::prelude::*;
use teloxide::utils::command::BotCommands;
use tokio::task::JoinHandle;

use super::commands::Command;
use super::polling::PollingErrors;
use super::schema::schema;
use super::state::{HandlerError, Store};
use crate::services::Services;

/// How long one long poll waits for updates.
const POLL_TIMEOUT: Duration = Duration::from_secs(10);
/// The pause before trying again when polling cannot start.
const RETRY_AFTER: Duration = Duration::from_secs(30);

/// Starts the dispatcher; returns its shutdown token and task. Only `setMyCommands` touches the
/// network before polling starts, and a failure there is logged, not fatal. (The bot's @username
/// is `telegram::identity`'s, which every process with a token runs.)
pub fn spawn(services: Arc<Services>, bot: Bot) -> (ShutdownToken, JoinHandle<()>) {
    let mut dispatcher = Dispatcher::builder(bot.clone(), schema())
        .dependencies(dptree::deps![Store::new(), services])
        .default_handler(|_| async {})
        .error_handler(Arc::new(|error: HandlerError| async move {
            tracing::warn!(%error, "telegram bot handler failed");
        }))
        .build();
    let token = dispatcher.shutdown_token();
    let task = tokio::spawn(async move {
        if let Err(error) = bot.set_my_commands(Command::bot_commands()).await {
            tracing::warn!(%error, "telegram: setMyCommands failed");
        }
        loop {
            let listener = teloxide::update_listeners::Polling::builder(bot.clone()).timeout(POLL_TIMEOUT).build();
            let result = dispatcher.try_dispatch_with_listener(listener, PollingErrors::handler()).await;
            match result {
                Ok(()) => break,
                Err(error) => {
                    tracing::warn!(%error, "telegram bot could not start polling; retrying in 30 s");
                    tokio::time::sleep(RETRY_AFTER).await;
                }
            }
        }
    });
    (token, task)
}
