//! `Services`: what every service function shares, built once at start and held by every door.
//! Its caches are plain data types from modules of their own; the functions that use them live
//! with the services that need them.

use std::sync::{Arc, OnceLock, Weak};

use chrono_tz::Tz;
use tokio::sync::Notify;

use app::model::FeatureFlags;

use super::auth::hash_queue::HashQueue;
use super::auth::session_cache::SessionCache;
use super::auth::sign_in_backoff::SignInBackoff;
use super::auth::sign_in_limit::SignInLimit;
use super::flags::cache::FlagCache;
use super::orders::batch_queue::OrderBatch;
use super::orders::list_cache::ListCache;
use crate::config::Config;
use crate::db::Db;
use crate::metrics::Metrics;

/// Everything a service function needs, shared by all requests.
pub struct Services {
    pub db: Db,
    /// The environment's defaults and the overrides last read from the database. Read through
    /// `flags()` and `flags_for()` only, so that every reader sees the flags as they are now.
    flags: FlagCache,
    pub config: Arc<Config>,
    pub shop_timezone: Tz,
    pub sessions: SessionCache,
    /// Failed sign-ins per (username, address) and per address.
    pub sign_in_backoff: SignInBackoff,
    /// Every Argon2 run goes through here: one per core, PASSWORD_HASH_QUEUE more waiting.
    pub password_hashing: HashQueue,
    /// Wrong current passwords (password change, Telegram link code), per user id.
    pub password_checks: SignInLimit,
    /// Woken after a commit that wrote notifications, so the delivery worker sends them at once.
    pub outbox_ready: Arc<Notify>,
    /// Order lists answered recently; see `orders::list_cache`.
    pub order_lists: ListCache,
    /// New orders waiting to be written together; see `orders::batch_writer`.
    pub order_batch: OrderBatch,
    /// These services themselves, for work that must outlive the request that starts it.
    me: Weak<Services>,
    /// The bot's @username, once the bot has asked Telegram (for t.me links).
    pub telegram_bot_username: OnceLock<String>,
    /// This server's metrics, counted by the doors, the services and the delivery worker.
    pub metrics: Metrics,
}

impl Services {
    /// `flags` are the environment's defaults; `services::flags::refresh` reads the overrides.
    pub fn new(db: Db, flags: FeatureFlags, config: Arc<Config>) -> Arc<Services> {
        Arc::new_cyclic(|me| Services {
            db,
            flags: FlagCache::new(flags),
            shop_timezone: config.shop_timezone,
            metrics: Metrics::new(config.observability.metrics_enabled),
            password_hashing: HashQueue::per_core(config.limits.password_hash_queue as usize),
            config,
            sessions: SessionCache::default(),
            sign_in_backoff: SignInBackoff::default(),
            password_checks: SignInLimit::default(),
            outbox_ready: Arc::new(Notify::new()),
            order_lists: ListCache::default(),
            order_batch: OrderBatch::default(),
            me: me.clone(),
            telegram_bot_username: OnceLock::new(),
        })
    }

    /// The feature flags in force for everyone, now.
    pub fn flags(&self) -> FeatureFlags {
        self.flags.global()
    }

    /// The feature flags one user lives with: a pilot flag may be on for them alone.
    pub fn flags_for(&self, user_id: i64) -> FeatureFlags {
        self.flags.for_user(user_id)
    }

    /// The flags' defaults and last-read state, for `services::flags`.
    pub fn flag_cache(&self) -> &FlagCache {
        &self.flags
    }

    /// A handle on these services that a spawned task can keep.
    pub fn handle(&self) -> Arc<Services> {
        self.me.upgrade().expect("services are only used while their Arc lives")
    }

    /// Called after a commit that changed something an order list shows, so no list from
    /// before it is answered again.
    pub fn orders_changed(&self) {
        self.order_lists.changed();
    }

    /// Called after a commit that changed an order: lists show the change, and the messages it
    /// wrote to the outbox go out at once.
    pub fn order_committed(&self) {
        self.orders_changed();
        self.outbox_ready.notify_one();
    }
}
