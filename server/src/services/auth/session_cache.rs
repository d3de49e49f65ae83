//! Recently checked tokens, by hash, so that a busy list does not ask the database who is asking.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use app::model::Viewer;

/// How long a checked token is trusted without asking the database again. Revocations made by
/// this process apply at once; ones made by another process within this time.
const TTL: Duration = Duration::from_secs(15);
const MAX_ENTRIES: usize = 10_000;

#[derive(Default)]
pub struct SessionCache {
    entries: RwLock<HashMap<String, CachedSession>>,
}

/// A checked token's viewer, when it was checked, and when the session ends.
type CachedSession = (Viewer, Instant, DateTime<Utc>);

impl SessionCache {
    pub fn get(&self, hash: &str) -> Option<Viewer> {
        let entries = self.entries.read().ok()?;
        let (viewer, cached_at, expires_at) = entries.get(hash)?;
        (cached_at.elapsed() < TTL && *expires_at > Utc::now()).then(|| viewer.clone())
    }

    pub fn put(&self, hash: String, viewer: Viewer, expires_at: DateTime<Utc>) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.retain(|_, (_, cached_at, _)| cached_at.elapsed() < TTL);
            }
            entries.insert(hash, (viewer, Instant::now(), expires_at));
        }
    }

    pub fn forget_session(&self, session_id: i64) {
        if let Ok(mut entries) = self.entries.write() {
            entries.retain(|_, (viewer, _, _)| viewer.session_id != session_id);
        }
    }

    /// Drops a user's cached sessions, e.g. after a change to their role, name or status.
    pub fn forget_user(&self, user_id: i64, keep: Option<i64>) {
        if let Ok(mut entries) = self.entries.write() {
            entries.retain(|_, (viewer, _, _)| viewer.id != user_id || Some(viewer.session_id) == keep);
        }
    }
}
