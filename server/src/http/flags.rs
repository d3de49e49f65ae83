//! `GET /api/config/feature-flags`: the six feature flags, public, so an operator can check what a
//! server runs with before and after changing one.

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use app::model::FeatureFlags;

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(feature_flags))
}

/// The six feature flags: exactly these keys, with boolean values. No sign-in needed.
#[utoipa::path(get, path = "/config/feature-flags", tag = "config", security(()), responses((status = 200, body = FeatureFlags)))]
async fn feature_flags(State(state): State<AppState>) -> Json<FeatureFlags> {
    Json(state.services.flags())
}
