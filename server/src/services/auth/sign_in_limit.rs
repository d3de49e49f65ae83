//! Failed password checks per key in a fixed window, until one succeeds: the current password
//! typed again (a password change, a Telegram link code) per user, where only the holder of that
//! user's token can fail. Only a success clears the count. Sign-in, which anyone can try, is
//! counted per address instead (`sign_in_backoff`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use app::model::{AppError, ErrorCode};

/// Failed checks allowed per key within `WINDOW`.
const MAX_FAILURES: u32 = 10;
const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Usernames counted before the expired ones are swept out.
const MAX_ENTRIES: usize = 10_000;

#[derive(Default)]
pub struct SignInLimit {
    counts: Mutex<HashMap<String, (u32, Instant)>>,
}

impl SignInLimit {
    /// Counts an attempt before its password is checked, or refuses it once the limit is reached.
    /// Counting first means a burst of simultaneous guesses cannot all pass the check before any
    /// of them has failed.
    pub fn begin(&self, username: &str) -> Result<(), AppError> {
        let mut counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if counts.len() > MAX_ENTRIES {
            counts.retain(|_, (_, since)| since.elapsed() < WINDOW);
        }
        let entry = counts.entry(username.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        if entry.0 >= MAX_FAILURES {
            let seconds = WINDOW.saturating_sub(entry.1.elapsed()).as_secs().max(1);
            let minutes = seconds.div_ceil(60);
            return Err(AppError::new(
                ErrorCode::RateLimited,
                format!("Too many wrong passwords for this account. Try again in {minutes} min."),
            )
            .retry_after(seconds));
        }
        entry.0 += 1;
        Ok(())
    }

    /// Forgets the attempts of a key whose password was just proven.
    pub fn clear(&self, username: &str) {
        self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(username);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attempt_after_the_limit_is_refused_until_a_success_clears_it() {
        let limit = SignInLimit::default();
        for _ in 0..MAX_FAILURES {
            limit.begin("avi").unwrap();
        }
        assert_eq!(limit.begin("avi").unwrap_err().code, ErrorCode::RateLimited);
        limit.begin("misha").unwrap();
        limit.clear("avi");
        limit.begin("avi").unwrap();
    }
}
