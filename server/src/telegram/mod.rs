//! Telegram: the outbox delivery worker, the mechanics' bot and the bot's @username (`identity`),
//! through teloxide against the Bot API at TELEGRAM_API_URL. Without TELEGRAM_BOT_TOKEN neither runs, and notifications are
//! recorded as skipped. `text` holds every message's wording, for these and for the services
//! that write the outbox.

pub mod bot;
pub mod delivery;
pub mod identity;
pub mod text;

use std::sync::Arc;
use std::time::Duration;

use secrecy::ExposeSecret;
use teloxide::Bot;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::services::Services;

/// The running Telegram side, to stop with the server.
pub struct Telegram {
    stop: watch::Sender<bool>,
    /// Asking getMe until Telegram answers; nothing to drain, so stopping just ends it.
    identity: Option<JoinHandle<()>>,
    worker: Option<JoinHandle<()>>,
    bot: Option<(teloxide::dispatching::ShutdownToken, JoinHandle<()>)>,
}

impl Telegram {
    /// Starts the outbox worker and, with `polling`, the bot.
    pub fn start(services: Arc<Services>, polling: bool) -> anyhow::Result<Telegram> {
        let (stop, stopped) = watch::channel(false);
        let Some(token) = services.config.telegram_bot_token.clone() else {
            tracing::warn!(
                "TELEGRAM_BOT_TOKEN is not set: Telegram notifications are recorded as skipped and the bot is off"
            );
            return Ok(Telegram { stop, identity: None, worker: None, bot: None });
        };
        let bot = make_bot(token.expose_secret(), &services.config.telegram_api_url)?;
        let identity = tokio::spawn(identity::learn(services.clone(), bot.clone(), stopped.clone()));
        let worker = tokio::spawn(delivery::run(services.clone(), bot.clone(), stopped));
        let bot = polling.then(|| bot::spawn(services, bot));
        Ok(Telegram { stop, identity: Some(identity), worker: Some(worker), bot })
    }

    /// Stops polling, and stops claiming messages while the sends under way finish, all by
    /// `deadline`. Returns what the deadline cut short (nothing, normally).
    pub async fn stop(self, deadline: Instant) -> Vec<&'static str> {
        let _ = self.stop.send(true);
        if let Some(identity) = self.identity {
            identity.abort();
        }
        let mut cut_short = Vec::new();
        let bot = async {
            let Some((token, task)) = self.bot else { return true };
            match token.shutdown() {
                // The dispatcher finishes the updates it is handling, then polling stops.
                Ok(done) => {
                    if tokio::time::timeout_at(deadline, done).await.is_err() {
                        return false;
                    }
                }
                // Still starting (setMyCommands in flight): nothing to drain.
                Err(_) => task.abort(),
            }
            tokio::time::timeout_at(deadline, task).await.is_ok()
        };
        let worker = async {
            let Some(worker) = self.worker else { return true };
            tokio::time::timeout_at(deadline, worker).await.is_ok()
        };
        let (bot, worker) = tokio::join!(bot, worker);
        if !bot {
            cut_short.push("Telegram updates being handled by the bot");
        }
        if !worker {
            // Their claims run out and another process (or the next start) sends them again.
            cut_short.push("Telegram sends in flight");
        }
        cut_short
    }
}

/// A teloxide bot on the configured API base. Its `Debug` prints the token, so it is never logged.
fn make_bot(token: &str, api_url: &str) -> anyhow::Result<Bot> {
    // A base with a path and a trailing slash would give `//bot…` paths.
    let url = reqwest::Url::parse(api_url.trim_end_matches('/'))
        .map_err(|error| anyhow::anyhow!("TELEGRAM_API_URL is not a URL: {error}"))?;
    let client = teloxide::net::default_reqwest_settings()
        .timeout(Duration::from_secs(15))
        .build()
        .map_err(|error| anyhow::anyhow!("cannot build the Telegram HTTP client: {error}"))?;
    Ok(Bot::with_client(token, client).set_api_url(url))
}
