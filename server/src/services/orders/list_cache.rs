//! Order lists answered recently, answered again from memory until anything they show changes.
//!
//! Phones poll their order list while the tab is visible, so the same few lists are asked for
//! far more often than orders change. Every write that a list shows (an order, its status or
//! owner, a comment, tracked time, a mechanic's name) bumps a generation *after* its commit, and
//! a list computed under an older generation is not reused. A reader takes the generation
//! *before* its query, so a list that raced a commit is stored under the old one and never
//! served after it. Writes by another process on the same database cannot bump this one's
//! generation: entries also expire after `TTL`, which bounds how stale a list can be there.
//!
//! One request per list reads the database at a time: the others wait for its answer (after a
//! local write) or keep answering the expiring one meanwhile (after `TTL` only), so sixty phones
//! asking at once cost one query, not sixty.
//!
//! The counts per status are kept apart, by the filters they count (no page, no status), under
//! the same rule: an admin paging through 150 pages counts the orders once, not 150 times.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::model::{OrderPage, StatusCounts};

/// How long a list may be reused without this process seeing a write: the staleness bound when
/// several processes share one database.
const TTL: Duration = Duration::from_secs(2);
/// Distinct lists kept: each is one viewer's filters and page.
const MAX_ENTRIES: usize = 1024;
/// Locks that let one request per list read the database; lists share them by hash.
const STRIPES: usize = 64;

pub struct ListCache {
    generation: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
    counts: Mutex<HashMap<String, (u64, Instant, StatusCounts)>>,
    readers: Vec<tokio::sync::Mutex<()>>,
    hasher: RandomState,
}

impl Default for ListCache {
    fn default() -> Self {
        ListCache {
            generation: AtomicU64::new(0),
            entries: Mutex::default(),
            counts: Mutex::default(),
            readers: (0..STRIPES).map(|_| tokio::sync::Mutex::new(())).collect(),
            hasher: RandomState::new(),
        }
    }
}

/// What the cache holds for a list.
pub enum Lookup {
    /// Up to date: answer it.
    Fresh(Arc<OrderPage>),
    /// Nothing changed here, but it is older than `TTL`: refresh it, or answer it while another
    /// request refreshes it.
    Expiring(Arc<OrderPage>),
    Missing,
}

struct Entry {
    generation: u64,
    stored: Instant,
    page: Arc<OrderPage>,
}

impl ListCache {
    /// Called after a commit that changed something a list shows.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Take this before reading the database, and store the result under it.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn lookup(&self, key: &str) -> Lookup {
        let current = self.generation();
        let entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match entries.get(key) {
            Some(entry) if entry.generation == current && entry.stored.elapsed() < TTL => {
                Lookup::Fresh(entry.page.clone())
            }
            Some(entry) if entry.generation == current => Lookup::Expiring(entry.page.clone()),
            _ => Lookup::Missing,
        }
    }

    /// The lock that lets one request at a time read this list from the database.
    pub fn reader(&self, key: &str) -> &tokio::sync::Mutex<()> {
        &self.readers[self.hasher.hash_one(key) as usize % STRIPES]
    }

    pub fn put(&self, key: String, generation: u64, page: Arc<OrderPage>) {
        let current = self.generation();
        if generation != current {
            return; // already out of date
        }
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, entry| entry.generation == current && entry.stored.elapsed() < TTL);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, Entry { generation, stored: Instant::now(), page });
    }

    /// The counts stored for these filters, if nothing changed since and they are younger than `TTL`.
    pub fn counts(&self, key: &str) -> Option<StatusCounts> {
        let current = self.generation();
        let counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match counts.get(key) {
            Some((generation, stored, found)) if *generation == current && stored.elapsed() < TTL => Some(*found),
            _ => None,
        }
    }

    /// Stores counts read under `generation` (taken before the read), unless a change came since.
    pub fn put_counts(&self, key: String, generation: u64, found: StatusCounts) {
        let current = self.generation();
        if generation != current {
            return;
        }
        let mut counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if counts.len() >= MAX_ENTRIES {
            counts.retain(|_, (stored_under, stored, _)| *stored_under == current && stored.elapsed() < TTL);
            if counts.len() >= MAX_ENTRIES {
                counts.clear();
            }
        }
        counts.insert(key, (generation, Instant::now(), found));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(total: i64) -> Arc<OrderPage> {
        Arc::new(OrderPage { orders: vec![], page: 1, per_page: 20, total, counts: Default::default() })
    }

    #[test]
    fn a_change_makes_every_stored_list_stale() {
        let cache = ListCache::default();
        let generation = cache.generation();
        cache.put("avi".into(), generation, page(1));
        assert!(matches!(cache.lookup("avi"), Lookup::Fresh(p) if p.total == 1));
        cache.changed();
        assert!(matches!(cache.lookup("avi"), Lookup::Missing));
    }

    #[test]
    fn counts_are_reused_until_a_change() {
        let cache = ListCache::default();
        let counts = StatusCounts { all: 3, new: 3, ..Default::default() };
        cache.put_counts("admin".into(), cache.generation(), counts);
        assert_eq!(cache.counts("admin").map(|c| c.all), Some(3));
        let generation = cache.generation();
        cache.changed();
        assert_eq!(cache.counts("admin"), None);
        cache.put_counts("admin".into(), generation, counts); // read before the change
        assert_eq!(cache.counts("admin"), None);
    }

    #[test]
    fn a_list_that_raced_a_commit_is_not_stored() {
        let cache = ListCache::default();
        let generation = cache.generation();
        cache.changed(); // a commit lands while the list is being read
        cache.put("avi".into(), generation, page(1));
        assert!(matches!(cache.lookup("avi"), Lookup::Missing));
    }
}
