//! The state every request handler shares.

use std::sync::Arc;

use app::model::FeatureFlags;

use crate::config::Config;
use crate::db::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub flags: FeatureFlags,
}
