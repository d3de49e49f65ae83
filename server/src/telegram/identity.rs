//! The bot's @username, asked of Telegram (getMe) when the server starts and again until it
//! answers, so the web app can name the bot on the profile page and link to it. Every process with
//! a token asks, polling or not: any of them may serve the profile page.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use tokio::sync::watch;

use crate::services::Services;

/// The first pause after a failed getMe; it doubles up to `LONGEST_WAIT`.
const FIRST_WAIT: Duration = Duration::from_secs(1);
const LONGEST_WAIT: Duration = Duration::from_secs(300);

/// Asks getMe until Telegram answers (or `stop` turns true), and keeps the username it gives.
pub async fn learn(services: Arc<Services>, bot: Bot, mut stop: watch::Receiver<bool>) {
    let mut wait = FIRST_WAIT;
    loop {
        match bot.get_me().await {
            Ok(me) => {
                match me.user.username {
                    Some(username) => {
                        let _ = services.telegram_bot_username.set(username);
                    }
                    None => tracing::warn!("telegram: getMe answered without a username"),
                }
                return;
            }
            // Said once at warn; the retries only at debug, as polling's own errors are.
            Err(error) if wait == FIRST_WAIT => {
                tracing::warn!(%error, "telegram: getMe failed; asking again with backoff")
            }
            Err(error) => tracing::debug!(%error, "telegram: getMe failed again"),
        }
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stop.wait_for(|stopped| *stopped) => return,
        }
        wait = (wait * 2).min(LONGEST_WAIT);
    }
}
