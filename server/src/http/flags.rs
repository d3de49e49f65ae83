//! `GET /api/config/feature-flags`: the six rollout flags, public, as the plan's baseline check reads them.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use app::model::FeatureFlags;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/config/feature-flags", get(feature_flags))
}

async fn feature_flags(State(state): State<AppState>) -> Json<FeatureFlags> {
    Json(state.flags)
}
