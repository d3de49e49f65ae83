//! Logging the long-poll's failures without flooding the log. Telegram allows one getUpdates
//! caller per bot and answers the other with 409 Conflict, which is what happens for a few
//! seconds of every deploy, while the old instance and the new one overlap. That deserves one
//! warning, not a line per retry. teloxide already waits longer after each failed call (1, 2, 4 …
//! 64 s), and starts again from 1 s once a call succeeds.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use teloxide::{ApiError, RequestError};

/// After this long without a conflict, the next one starts a new episode and warns again. It is
/// longer than teloxide's longest pause between retries, so one long overlap warns once.
const QUIET_FOR: Duration = Duration::from_secs(5 * 60);

/// The polling errors of one bot, for teloxide's `try_dispatch_with_listener`.
#[derive(Default)]
pub struct PollingErrors {
    last_conflict: Mutex<Option<Instant>>,
}

impl PollingErrors {
    /// teloxide's error handler over these.
    pub fn handler() -> Arc<impl Fn(RequestError) -> std::future::Ready<()> + Send + Sync + 'static> {
        let errors = PollingErrors::default();
        Arc::new(move |error: RequestError| {
            errors.report(&error, Instant::now());
            std::future::ready(())
        })
    }

    /// Logs one failed getUpdates call that happened `now`.
    fn report(&self, error: &RequestError, now: Instant) {
        if !matches!(error, RequestError::Api(ApiError::TerminatedByOtherGetUpdates)) {
            tracing::error!(%error, "telegram polling failed; retrying with growing pauses");
            return;
        }
        if self.new_episode(now) {
            tracing::warn!(
                "telegram: another process is polling this bot (409 Conflict), as the old instance does for a moment \
                 during a deploy; this one backs off until it stops. If this lasts, set TELEGRAM_BOT_POLLING=false on \
                 all processes but one"
            );
        } else {
            tracing::debug!(%error, "telegram: polling conflict goes on; backing off");
        }
    }

    /// Records a conflict at `now`; true when it is the first after a quiet spell.
    fn new_episode(&self, now: Instant) -> bool {
        let mut last = self.last_conflict.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let new = last.is_none_or(|at| now.duration_since(at) > QUIET_FOR);
        *last = Some(now);
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_conflicts_is_one_episode_until_a_quiet_spell() {
        let errors = PollingErrors::default();
        let start = Instant::now();
        assert!(errors.new_episode(start));
        assert!(!errors.new_episode(start + Duration::from_secs(64)));
        assert!(!errors.new_episode(start + Duration::from_secs(128)));
        assert!(errors.new_episode(start + Duration::from_secs(128) + QUIET_FOR + Duration::from_secs(1)));
    }
}
