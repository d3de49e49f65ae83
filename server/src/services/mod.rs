//! The service layer: every door (REST, server functions, the Telegram bot) reaches orders,
//! users and the catalog through these functions, so the rules live in one place.

pub mod auth;
pub mod catalog;
pub mod comments;
pub mod events;
pub mod items;
pub mod list_cache;
pub mod notifications;
pub mod order_batch;
pub mod orders;
pub mod system;
pub mod time;
pub mod users;

use std::sync::{Arc, Weak};

use chrono_tz::Tz;
use sea_orm::DbErr;
use tokio::sync::Notify;

use app::model::{AppError, ErrorCode, FeatureFlags};

use crate::config::Config;
use crate::db::Db;

/// Everything a service function needs, shared by all requests.
pub struct Services {
    pub db: Db,
    pub flags: FeatureFlags,
    pub config: Arc<Config>,
    pub shop_timezone: Tz,
    pub sessions: auth::SessionCache,
    pub login_failures: auth::LoginFailures,
    /// Woken after a commit that wrote notifications, so the outbox worker sends them at once.
    pub outbox_ready: Arc<Notify>,
    /// Order lists answered recently; see `list_cache`.
    pub order_lists: list_cache::ListCache,
    /// New orders waiting to be written together; see `order_batch`.
    pub order_batch: order_batch::OrderBatch,
    /// These services themselves, for work that must outlive the request that starts it.
    me: Weak<Services>,
    /// The bot's @username, once the bot has asked Telegram (for t.me links).
    pub telegram_bot_username: std::sync::OnceLock<String>,
}

impl Services {
    pub fn new(db: Db, flags: FeatureFlags, config: Arc<Config>) -> Arc<Services> {
        Arc::new_cyclic(|me| Services {
            db,
            flags,
            shop_timezone: config.shop_timezone,
            config,
            sessions: auth::SessionCache::default(),
            login_failures: auth::LoginFailures::default(),
            outbox_ready: Arc::new(Notify::new()),
            order_lists: list_cache::ListCache::default(),
            order_batch: order_batch::OrderBatch::default(),
            me: me.clone(),
            telegram_bot_username: std::sync::OnceLock::new(),
        })
    }

    /// A handle on these services that a spawned task can keep.
    pub fn handle(&self) -> Arc<Services> {
        self.me.upgrade().expect("services are only used while their Arc lives")
    }
}

impl Services {
    /// Called after a commit that changed something an order list shows, so no list from
    /// before it is answered again.
    pub fn orders_changed(&self) {
        self.order_lists.changed();
    }
}

/// A service failure: an answer for the client, or a database error to log and hide.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl ServiceError {
    /// What the client may see. Database details go to the log only; an unreachable database is
    /// a 503 (try again), anything else a 500.
    pub fn into_app_error(self) -> AppError {
        match self {
            ServiceError::App(error) => error,
            ServiceError::Db(error) => {
                if matches!(error, DbErr::ConnectionAcquire(_) | DbErr::Conn(_)) {
                    tracing::error!(%error, "database unreachable");
                    AppError::new(ErrorCode::Unavailable, "The database is unreachable. Try again in a moment.")
                } else {
                    tracing::error!(%error, "database error");
                    AppError::internal()
                }
            }
        }
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> AppError {
        error.into_app_error()
    }
}

/// Shorthand for returning a client error from a service.
pub fn fail<T>(error: AppError) -> ServiceResult<T> {
    Err(ServiceError::App(error))
}
