//! Order lists answered recently, answered again from memory until anything they show changes.
//!
//! Phones poll their order list while the tab is visible, so the same few lists are asked for
//! far more often than orders change. Every write that a list shows (an order, its status or
//! owner, a comment, tracked time, a mechanic's name) bumps a generation *after* its commit, and
//! a list computed under an older generation is not reused. A reader takes the generation
//! *before* its query, so a list that raced a commit is stored under the old one and never
//! served after it. Writes by another process on the same database cannot bump this one's
//! generation: entries also expire after `TTL` (and are answered no later than `STALE_FOR` after
//! that), which bounds how stale a list can be there.
//!
//! One request per list reads the database at a time: the others wait for its answer (after a
//! local write), so sixty phones asking at once cost one query, not sixty. A list that is only
//! older than `TTL` (nothing changed here) is answered as it is for up to `STALE_FOR` more while
//! it is read again in the background. A list still asked for when it is about
//! `REFRESH_AFTER` old is read again in the background while its answer is still fresh, so a list in use never
//! makes a request wait for its expiry (the profile of the pages workload showed the p99 was
//! exactly those requests: each refreshed its list itself every `TTL`).
//!
//! A list is kept as its JSON, written once when it is read: the cached list is then answered
//! without copying or serialising fifty orders per request.
//!
//! The counts per status are kept apart, by the filters they count (no page, no status), under
//! the same rule: an admin paging through 150 pages counts the orders once, not 150 times.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;

use app::model::{OrderPage, OrderStatus, StatusCounts};

/// How long a list may be reused without this process seeing a write: the staleness bound when
/// several processes share one database.
const TTL: Duration = Duration::from_secs(2);
/// How long past `TTL` an expired list is still answered while it is read again in the
/// background; later it is read before it is answered. Bounds a refresh that keeps failing.
const STALE_FOR: Duration = Duration::from_secs(2);
/// A list asked for at this age is read again in the background before it expires; each list
/// waits up to `REFRESH_SPREAD` less, so that lists read together are not all read again together
/// (the pages workload's p99 was such bursts: 150 pages refreshed at once every 1.5 s).
const REFRESH_AFTER: Duration = Duration::from_millis(1800);
const REFRESH_SPREAD: u64 = 800;
/// Background refreshes at once: the rest wait their turn, their lists answered meanwhile.
const REFRESHING: usize = 2;
/// Distinct lists kept: each is one viewer's filters and page.
const MAX_ENTRIES: usize = 1024;
/// Locks that let one request per list read the database; lists share them by hash.
const STRIPES: usize = 64;

pub struct ListCache {
    generation: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
    counts: Mutex<HashMap<String, (u64, Instant, Counted)>>,
    readers: Vec<Arc<tokio::sync::Mutex<()>>>,
    /// The same for counts: the pages of one list share their counts, and when those expire the
    /// pages' refreshes would otherwise all count at once (the profile of the pages workload
    /// showed 150 GROUP BYs together every `TTL`).
    counters: Vec<tokio::sync::Mutex<()>>,
    /// Turns for background refreshes (`REFRESHING`).
    pub refreshing: tokio::sync::Semaphore,
    /// The lists with a background refresh queued or running: one each.
    queued: Arc<Mutex<HashSet<String>>>,
    hasher: RandomState,
}

impl Default for ListCache {
    fn default() -> Self {
        ListCache {
            generation: AtomicU64::new(0),
            entries: Mutex::default(),
            counts: Mutex::default(),
            readers: (0..STRIPES).map(|_| Arc::new(tokio::sync::Mutex::new(()))).collect(),
            counters: (0..STRIPES).map(|_| tokio::sync::Mutex::new(())).collect(),
            refreshing: tokio::sync::Semaphore::new(REFRESHING),
            queued: Arc::default(),
            hasher: RandomState::new(),
        }
    }
}

/// A page of orders as the cache keeps it: as JSON, which the REST API answers as it is. Kept
/// only as JSON because a busy admin's pages and filters fill hundreds of entries, and the page's
/// own strings would double their memory; the web app's server functions and the bot read it
/// back, a few times per phone per minute.
#[derive(Debug)]
pub struct ListedPage {
    json: Bytes,
}

impl ListedPage {
    pub fn new(page: &OrderPage) -> Arc<ListedPage> {
        Arc::new(ListedPage { json: Bytes::from(serde_json::to_vec(page).expect("an order page serialises")) })
    }

    pub fn json(&self) -> Bytes {
        self.json.clone()
    }

    pub fn page(&self) -> OrderPage {
        serde_json::from_slice(&self.json).expect("the cache holds pages it wrote")
    }
}

/// The counts per status of what a list's filters select, and for a search with few matches,
/// those matches' ids and statuses, newest first (see `query::count`).
#[derive(Debug, Clone, Default)]
pub struct Counted {
    pub counts: StatusCounts,
    pub matches: Option<Arc<Vec<(i64, OrderStatus)>>>,
}

/// What the cache holds for a list.
pub enum Lookup {
    /// Up to date: answer it; `refresh` when it is old enough to be read again in the background.
    Fresh {
        page: Arc<ListedPage>,
        refresh: bool,
    },
    /// Nothing changed here, but it is older than `TTL` (by less than `STALE_FOR`): answer it,
    /// and read it again in the background.
    Expiring(Arc<ListedPage>),
    Missing,
}

/// A queued background refresh (`ListCache::queue_refresh`), unmarked when dropped.
pub struct QueuedRefresh {
    queued: Arc<Mutex<HashSet<String>>>,
    key: String,
}

impl Drop for QueuedRefresh {
    fn drop(&mut self) {
        self.queued.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(&self.key);
    }
}

struct Entry {
    generation: u64,
    stored: Instant,
    refresh_after: Duration,
    page: Arc<ListedPage>,
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
                Lookup::Fresh { page: entry.page.clone(), refresh: entry.stored.elapsed() >= entry.refresh_after }
            }
            Some(entry) if entry.generation == current && entry.stored.elapsed() < TTL + STALE_FOR => {
                Lookup::Expiring(entry.page.clone())
            }
            _ => Lookup::Missing,
        }
    }

    /// Marks a background refresh of `key` as queued, unless one already is. The list is unmarked
    /// when the returned value is dropped, however its task ends.
    pub fn queue_refresh(&self, key: &str) -> Option<QueuedRefresh> {
        let mut queued = self.queued.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        queued.insert(key.to_owned()).then(|| QueuedRefresh { queued: self.queued.clone(), key: key.to_owned() })
    }

    /// The lock that lets one request at a time read this list from the database.
    pub fn reader(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        self.readers[self.hasher.hash_one(key) as usize % STRIPES].clone()
    }

    /// The lock that lets one request at a time count for these filters. Never taken while
    /// holding another counter: a list's reader takes its counter, not the other way round.
    pub fn counter(&self, counts_key: &str) -> &tokio::sync::Mutex<()> {
        &self.counters[self.hasher.hash_one(counts_key) as usize % STRIPES]
    }

    pub fn put(&self, key: String, generation: u64, page: Arc<ListedPage>) {
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
        let spread = Duration::from_millis(self.hasher.hash_one((&key, generation)) % REFRESH_SPREAD);
        entries.insert(key, Entry { generation, stored: Instant::now(), refresh_after: REFRESH_AFTER - spread, page });
    }

    /// The counts stored for these filters, if nothing changed since and they are younger than `TTL`.
    pub fn counts(&self, key: &str) -> Option<Counted> {
        let current = self.generation();
        let counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match counts.get(key) {
            Some((generation, stored, found)) if *generation == current && stored.elapsed() < TTL => {
                Some(found.clone())
            }
            _ => None,
        }
    }

    /// Stores counts read under `generation` (taken before the read), unless a change came since.
    pub fn put_counts(&self, key: String, generation: u64, found: Counted) {
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

    fn page(total: i64) -> Arc<ListedPage> {
        ListedPage::new(&OrderPage { orders: vec![], page: 1, per_page: 20, total, counts: Default::default() })
    }

    #[test]
    fn a_change_makes_every_stored_list_stale() {
        let cache = ListCache::default();
        let generation = cache.generation();
        cache.put("avi".into(), generation, page(1));
        assert!(matches!(cache.lookup("avi"), Lookup::Fresh { page, refresh: false } if page.page().total == 1));
        cache.changed();
        assert!(matches!(cache.lookup("avi"), Lookup::Missing));
    }

    #[test]
    fn a_list_in_use_is_due_for_a_refresh_before_it_expires() {
        let cache = ListCache::default();
        cache.put("avi".into(), cache.generation(), page(1));
        std::thread::sleep(REFRESH_AFTER);
        assert!(matches!(cache.lookup("avi"), Lookup::Fresh { refresh: true, .. }));
        std::thread::sleep(TTL - REFRESH_AFTER);
        assert!(matches!(cache.lookup("avi"), Lookup::Expiring(_)));
        std::thread::sleep(STALE_FOR);
        assert!(matches!(cache.lookup("avi"), Lookup::Missing), "not answered past its stale window");
    }

    #[test]
    fn one_background_refresh_is_queued_per_list_until_it_ends() {
        let cache = ListCache::default();
        let queued = cache.queue_refresh("avi").expect("nothing queued yet");
        assert!(cache.queue_refresh("avi").is_none());
        assert!(cache.queue_refresh("misha").is_some());
        drop(queued);
        assert!(cache.queue_refresh("avi").is_some());
    }

    #[test]
    fn the_json_reads_back_as_the_page() {
        let listed = page(7);
        let json: serde_json::Value = serde_json::from_slice(&listed.json()).unwrap();
        assert_eq!(json["total"], 7);
        assert_eq!(serde_json::to_value(listed.page()).unwrap(), json);
    }

    #[test]
    fn counts_are_reused_until_a_change() {
        let cache = ListCache::default();
        let counts = Counted { counts: StatusCounts { all: 3, new: 3, ..Default::default() }, matches: None };
        cache.put_counts("admin".into(), cache.generation(), counts.clone());
        assert_eq!(cache.counts("admin").map(|c| c.counts.all), Some(3));
        let generation = cache.generation();
        cache.changed();
        assert!(cache.counts("admin").is_none());
        cache.put_counts("admin".into(), generation, counts); // read before the change
        assert!(cache.counts("admin").is_none());
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
