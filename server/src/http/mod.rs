//! The HTTP surface: the REST API under `/api`, `/health`, and the web app's files.

mod error;
mod flags;
mod health;
pub mod spa;

pub use error::ApiError;

use axum::Router;

use crate::state::AppState;

/// Every route, before middleware.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(flags::router())
        .fallback(error::api_not_found);
    Router::new()
        .merge(health::router())
        .nest("/api", api)
        .merge(spa::router(&state.config.dist_dir))
        .with_state(state)
}
