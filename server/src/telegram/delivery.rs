//! The delivery worker: claims due outbox rows, sends them through teloxide, and records what
//! happened. Requests never wait on it; a commit only wakes it.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use teloxide::prelude::*;
use teloxide::types::{LinkPreviewOptions, ParseMode};
use teloxide::{ApiError, RequestError};
use tokio::sync::{Semaphore, watch};

use crate::entities::notification;
use crate::metrics::Delivery;
use crate::services::Services;
use crate::services::outbox::{self, Outcome};
use crate::services::outbox_links;

/// How long a claim keeps other processes off a message: longer than the slowest send (the 15 s
/// client timeout plus teloxide's 10 s pause after a 5xx). A process killed mid-send leaves its
/// claims to run out; then the message is sent again (at least once, never lost).
const LEASE: chrono::Duration = chrono::Duration::seconds(30);
/// Messages claimed per round.
const BATCH: u64 = 16;
/// Sends in flight at once: a slow chat must not hold up the others.
const PARALLEL: usize = 8;
/// How often to look for work written by other processes, which cannot wake this one.
const POLL: Duration = Duration::from_secs(1);
/// The longest wait between two attempts at one message.
const MAX_BACKOFF: chrono::Duration = chrono::Duration::minutes(5);

/// Runs until `stop` turns true, then waits for the sends under way: a message Telegram has
/// accepted must be recorded as sent, or the next process sends it again.
pub async fn run(services: Arc<Services>, bot: Bot, mut stop: watch::Receiver<bool>) {
    match outbox::due_now(&services.db.write).await {
        Ok(0) => {}
        Ok(waiting) => tracing::info!(waiting, "outbox: retrying messages left from before the start"),
        Err(error) => tracing::error!(%error, "outbox: cannot reschedule waiting messages"),
    }
    let permits = Arc::new(Semaphore::new(PARALLEL));
    // A finished send frees a slot: claim the next message then, not at the next poll.
    let slot_freed = Arc::new(tokio::sync::Notify::new());
    loop {
        let room = permits.available_permits() as u64;
        if room > 0 {
            match outbox::claim_due(&services.db.write, BATCH.min(room), LEASE).await {
                Ok(batch) => {
                    for message in batch {
                        let Ok(permit) = permits.clone().acquire_owned().await else { return };
                        let (services, bot, slot_freed) = (services.clone(), bot.clone(), slot_freed.clone());
                        tokio::spawn(async move {
                            deliver(&services, &bot, message).await;
                            drop(permit);
                            slot_freed.notify_one();
                        });
                    }
                }
                Err(error) => tracing::error!(%error, "outbox: cannot claim messages"),
            }
        }
        let wait = match outbox::next_due(&services.db.read).await {
            Ok(Some(due)) => (due - Utc::now()).to_std().unwrap_or_default().min(POLL),
            _ => POLL,
        };
        tokio::select! {
            () = services.outbox_ready.notified() => {}
            () = slot_freed.notified() => {}
            () = tokio::time::sleep(wait.max(Duration::from_millis(20))) => {}
            _ = stop.changed() => break,
        }
    }
    let in_flight = PARALLEL - permits.available_permits();
    if in_flight > 0 {
        tracing::info!(in_flight, "outbox: finishing the sends under way before stopping");
    }
    // Every send holds a permit until its outcome is recorded.
    let _all = permits.acquire_many(PARALLEL as u32).await;
}

/// One attempt at one message. Its sign-in link is minted now (`outbox_links`), so each attempt
/// carries a fresh one and the stored body none.
async fn deliver(services: &Services, bot: &Bot, message: notification::Model) {
    let body = match outbox_links::resolve(services, &message).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(notification = message.id, %error, "outbox: cannot make the message's sign-in link");
            let retry = Outcome::Retry { at: Utc::now() + backoff(message.attempts), error: error.to_string() };
            if let Err(error) = outbox::record_outcome(&services.db.write, message.id, retry).await {
                tracing::error!(notification = message.id, %error, "outbox: cannot record the delivery outcome");
            }
            return;
        }
    };
    let sent = bot
        .send_message(ChatId(message.chat_id), body)
        .parse_mode(ParseMode::Html)
        .link_preview_options(LinkPreviewOptions {
            is_disabled: true,
            url: None,
            prefer_small_media: false,
            prefer_large_media: false,
            show_above_text: false,
        })
        .await;
    let kind = message.audience.as_str();
    let outcome = match sent {
        Ok(_) => {
            tracing::info!(notification = message.id, order = ?message.order_id, chat = message.chat_id, "telegram message sent");
            Outcome::Sent
        }
        Err(error) => {
            let outcome = classify(&error, message.attempts);
            tracing::warn!(
                notification = message.id,
                order = ?message.order_id,
                chat = message.chat_id,
                attempt = message.attempts + 1,
                reason = %error,
                ?outcome,
                "telegram message not delivered"
            );
            outcome
        }
    };
    let counted = match outcome {
        Outcome::Sent => Delivery::Sent,
        Outcome::Failed { .. } => Delivery::Failed,
        Outcome::Retry { .. } => Delivery::Retried,
    };
    let latency = (Utc::now() - message.created_at).to_std().unwrap_or_default();
    match outbox::record_outcome(&services.db.write, message.id, outcome).await {
        // Counted once recorded, so the counters and the outbox tell the same story.
        Ok(()) if counted == Delivery::Sent => services.metrics.delivered(kind, latency),
        Ok(()) => services.metrics.notification(kind, counted),
        // The claim runs out and the message is tried again: at least once, never lost.
        Err(error) => tracing::error!(notification = message.id, %error, "outbox: cannot record the delivery outcome"),
    }
}

/// What to do after a failed attempt: wait as Telegram asks on a 429, give up on errors that
/// cannot heal (no such chat, bot blocked, bad request), back off exponentially on the rest.
fn classify(error: &RequestError, attempts: i32) -> Outcome {
    let reason = error.to_string();
    match error {
        RequestError::RetryAfter(seconds) => Outcome::Retry {
            at: Utc::now() + chrono::Duration::from_std(seconds.duration()).unwrap_or(MAX_BACKOFF),
            error: reason,
        },
        RequestError::Api(api) if is_permanent(api) => Outcome::Failed { error: reason },
        RequestError::MigrateToChatId(_) => Outcome::Failed { error: reason },
        _ => Outcome::Retry { at: Utc::now() + backoff(attempts), error: reason },
    }
}

fn is_permanent(error: &ApiError) -> bool {
    match error {
        ApiError::ChatNotFound
        | ApiError::BotBlocked
        | ApiError::UserDeactivated
        | ApiError::CantInitiateConversation
        | ApiError::CantParseEntities(_)
        | ApiError::BotKicked
        | ApiError::BotKickedFromSupergroup
        | ApiError::InvalidToken => true,
        ApiError::Unknown(description) => {
            description.starts_with("Bad Request") || description.starts_with("Forbidden")
        }
        _ => false,
    }
}

/// 1 s, 2 s, 4 s … up to five minutes.
fn backoff(attempts: i32) -> chrono::Duration {
    let seconds = 1i64 << attempts.clamp(0, 9);
    chrono::Duration::seconds(seconds).min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_a_cap() {
        assert_eq!(backoff(0).num_seconds(), 1);
        assert_eq!(backoff(3).num_seconds(), 8);
        assert_eq!(backoff(30), MAX_BACKOFF);
    }

    #[test]
    fn permanent_errors_are_not_retried() {
        assert!(matches!(classify(&RequestError::Api(ApiError::ChatNotFound), 0), Outcome::Failed { .. }));
        assert!(matches!(classify(&RequestError::Api(ApiError::BotBlocked), 0), Outcome::Failed { .. }));
        assert!(matches!(
            classify(&RequestError::Api(ApiError::Unknown("Bad Request: message is too long".into())), 0),
            Outcome::Failed { .. }
        ));
        assert!(matches!(
            classify(&RequestError::Api(ApiError::Unknown("Internal Server Error".into())), 0),
            Outcome::Retry { .. }
        ));
    }
}
