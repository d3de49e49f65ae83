//! The password-hash queue: one Argon2 run per core at once, a few more waiting, and a 429 with
//! Retry-After for the rest, so a flood of sign-ins costs a bounded amount of CPU and memory
//! instead of an unbounded line of 7 MiB hashes.

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{Semaphore, SemaphorePermit};

use app::model::{AppError, ErrorCode};

pub struct HashQueue {
    running: Semaphore,
    /// Hashes running or waiting, at most `capacity`.
    admitted: AtomicUsize,
    capacity: usize,
}

/// A place in the queue; dropping it frees the place.
pub struct HashTurn<'a> {
    queue: &'a HashQueue,
    _permit: SemaphorePermit<'a>,
}

impl Drop for HashTurn<'_> {
    fn drop(&mut self) {
        self.queue.admitted.fetch_sub(1, Ordering::AcqRel);
    }
}

impl HashQueue {
    /// `threads` hashes at once, `waiting` more in line.
    pub fn new(threads: usize, waiting: usize) -> HashQueue {
        let threads = threads.max(1);
        HashQueue { running: Semaphore::new(threads), admitted: AtomicUsize::new(0), capacity: threads + waiting }
    }

    /// One hash per core, `waiting` more in line.
    pub fn per_core(waiting: usize) -> HashQueue {
        HashQueue::new(std::thread::available_parallelism().map_or(1, usize::from), waiting)
    }

    /// Waits for a hashing thread, or refuses at once when the line is full.
    pub async fn enter(&self) -> Result<HashTurn<'_>, AppError> {
        let before = self.admitted.fetch_add(1, Ordering::AcqRel);
        if before >= self.capacity {
            self.admitted.fetch_sub(1, Ordering::AcqRel);
            return Err(AppError::new(ErrorCode::RateLimited, "The server is busy checking passwords. Try again.")
                .retry_after(1));
        }
        match self.running.acquire().await {
            Ok(permit) => Ok(HashTurn { queue: self, _permit: permit }),
            Err(_) => {
                self.admitted.fetch_sub(1, Ordering::AcqRel);
                Err(AppError::internal())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn past_the_running_and_the_waiting_the_queue_refuses_with_retry_after() {
        let queue = HashQueue::new(1, 1);
        let first = queue.enter().await.unwrap();
        // The second waits for the first; the third finds the line full.
        let waiting = queue.enter();
        tokio::pin!(waiting);
        assert!(futures::poll!(waiting.as_mut()).is_pending());
        let refused = queue.enter().await.err().unwrap();
        assert_eq!(refused.code, ErrorCode::RateLimited);
        assert_eq!(refused.retry_after, Some(1));
        drop(first);
        let _second = waiting.await.unwrap();
        // A place freed is a place again.
        assert_eq!(queue.admitted.load(Ordering::Acquire), 1);
    }
}
