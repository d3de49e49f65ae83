//! Failed sign-ins counted per (username, client address) and per client address, each with an
//! exponential delay: a few typos are free, then every further try waits twice as long as the one
//! before (2 s, 4 s, 8 s, ...), up to 15 minutes. Guesses from elsewhere never delay the real user at their own
//! address, and one address cannot spread its guesses over many usernames.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use app::model::{AppError, ErrorCode};

/// Failed sign-ins for one username from one address before the delay starts.
pub const FREE_PER_USERNAME_AND_ADDRESS: u32 = 5;
/// Failed sign-ins from one address, whatever the usernames, before the delay starts.
pub const FREE_PER_ADDRESS: u32 = 20;
/// The first delay; each failure past the free ones doubles it.
const FIRST_DELAY: Duration = Duration::from_secs(2);
/// The longest delay.
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// A count is forgotten this long after its last failure.
const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);
/// Counts kept before the forgotten ones are swept out.
const MAX_ENTRIES: usize = 10_000;

#[derive(Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

impl Failures {
    /// How long after the last failure the next try is allowed.
    fn delay(&self, free: u32) -> Duration {
        match self.count.checked_sub(free) {
            None => Duration::ZERO,
            Some(past) => FIRST_DELAY.saturating_mul(1u32.checked_shl(past.min(31)).unwrap_or(u32::MAX)).min(MAX_DELAY),
        }
    }
}

#[derive(Default)]
pub struct SignInBackoff {
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    per_username_and_address: HashMap<(String, IpAddr), Failures>,
    per_address: HashMap<IpAddr, Failures>,
}

impl SignInBackoff {
    /// Counts an attempt before its password is checked, or refuses it while either of its counts
    /// is waiting out its delay. Counting first means a burst of simultaneous guesses cannot all
    /// pass the check before any of them has failed.
    pub fn begin(&self, username: &str, address: IpAddr) -> Result<(), AppError> {
        let mut counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = Instant::now();
        counts.sweep(now);
        let pair_key = (username.to_owned(), address);
        let pair = fresh(counts.per_username_and_address.get(&pair_key), now);
        let from_address = fresh(counts.per_address.get(&address), now);
        let wait = [(pair, FREE_PER_USERNAME_AND_ADDRESS), (from_address, FREE_PER_ADDRESS)]
            .into_iter()
            .filter_map(|(failures, free)| failures.map(|f| (f.last + f.delay(free)).saturating_duration_since(now)))
            .max()
            .unwrap_or(Duration::ZERO);
        if !wait.is_zero() {
            let seconds = wait.as_secs_f64().ceil() as u64;
            return Err(AppError::new(
                ErrorCode::RateLimited,
                format!("Too many wrong passwords. Try again in {}.", readable(seconds)),
            )
            .retry_after(seconds.max(1)));
        }
        let bump = |failures: Option<Failures>| Failures { count: failures.map_or(0, |f| f.count) + 1, last: now };
        counts.per_username_and_address.insert(pair_key, bump(pair));
        counts.per_address.insert(address, bump(from_address));
        Ok(())
    }

    /// The password was right: the username's count from this address is forgotten, and this
    /// attempt no longer counts against the address. The address's other failures stay, so a
    /// guesser cannot clear them by signing in to an account of their own.
    pub fn succeeded(&self, username: &str, address: IpAddr) {
        let mut counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        counts.per_username_and_address.remove(&(username.to_owned(), address));
        if let Some(failures) = counts.per_address.get_mut(&address) {
            failures.count = failures.count.saturating_sub(1);
        }
    }
}

impl Counts {
    fn sweep(&mut self, now: Instant) {
        if self.per_username_and_address.len() + self.per_address.len() > MAX_ENTRIES {
            self.per_username_and_address.retain(|_, f| now.duration_since(f.last) < FORGET_AFTER);
            self.per_address.retain(|_, f| now.duration_since(f.last) < FORGET_AFTER);
        }
    }
}

/// The count, unless it is old enough to forget.
fn fresh(failures: Option<&Failures>, now: Instant) -> Option<Failures> {
    failures.copied().filter(|f| now.duration_since(f.last) < FORGET_AFTER)
}

fn readable(seconds: u64) -> String {
    if seconds < 60 { format!("{} s", seconds.max(1)) } else { format!("{} min", seconds.div_ceil(60)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 7));
    const ELSEWHERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(203, 0, 113, 9));

    #[test]
    fn the_delay_doubles_past_the_free_failures_up_to_the_maximum() {
        let at = |count| Failures { count, last: Instant::now() }.delay(5);
        assert_eq!(at(4), Duration::ZERO);
        assert_eq!(at(5), Duration::from_secs(2));
        assert_eq!(at(6), Duration::from_secs(4));
        assert_eq!(at(9), Duration::from_secs(32));
        assert_eq!(at(20), MAX_DELAY);
        assert_eq!(at(u32::MAX), MAX_DELAY);
    }

    #[test]
    fn guesses_from_elsewhere_never_delay_the_user_at_home() {
        let backoff = SignInBackoff::default();
        for _ in 0..FREE_PER_USERNAME_AND_ADDRESS {
            backoff.begin("avi", ELSEWHERE).unwrap();
        }
        let refused = backoff.begin("avi", ELSEWHERE).unwrap_err();
        assert_eq!((refused.code, refused.retry_after), (ErrorCode::RateLimited, Some(2)));
        backoff.begin("avi", HOME).unwrap();
        backoff.succeeded("avi", HOME);
        // Still delayed elsewhere: the success at home clears only home's count.
        assert!(backoff.begin("avi", ELSEWHERE).is_err());
    }

    #[test]
    fn one_address_is_delayed_across_usernames_and_a_success_does_not_clear_it() {
        let backoff = SignInBackoff::default();
        for n in 0..FREE_PER_ADDRESS {
            backoff.begin(&format!("user{n}"), ELSEWHERE).unwrap();
        }
        backoff.succeeded("user0", ELSEWHERE);
        backoff.begin("mine", ELSEWHERE).unwrap();
        assert_eq!(backoff.begin("someone", ELSEWHERE).unwrap_err().code, ErrorCode::RateLimited);
        backoff.begin("someone", HOME).unwrap();
    }
}
