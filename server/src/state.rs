//! The state every request handler shares.

use std::sync::Arc;

use crate::services::Services;

#[derive(Clone)]
pub struct AppState {
    pub services: Arc<Services>,
}
