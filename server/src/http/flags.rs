//! The feature flags over REST. `GET /api/config/feature-flags` is public and keeps the plan's six
//! keys, with the values in force for everyone; `GET /api/auth/me/feature-flags` is the same for
//! the signed-in user (a pilot flag may be on for them alone). Admins list, override and pilot the
//! flags and read the change log under `/api/admin/flags`.

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use app::model::{ErrorBody, FeatureFlags, FlagChange, FlagOverride, FlagStatus, FlagsOverview, PilotChange};

use super::ApiError;
use super::extract::{AdminUser, AppJson, AppPath, CurrentUser};
use crate::services::flags::{self, Actor};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(feature_flags))
        .routes(routes!(my_feature_flags))
        .routes(routes!(list_flags))
        .routes(routes!(flag_changes))
        .routes(routes!(set_flag))
        .routes(routes!(set_pilot))
}

/// The six feature flags: exactly these keys, with boolean values, as in force for everyone (an
/// override if an admin set one, else the environment's value). No sign-in needed.
#[utoipa::path(get, path = "/config/feature-flags", tag = "config", security(()), responses((status = 200, body = FeatureFlags)))]
async fn feature_flags(State(state): State<AppState>) -> Json<FeatureFlags> {
    Json(state.services.flags())
}

/// The same six flags as the signed-in user lives with: a mechanic in a pilot group has that
/// flag on while it is off for everyone else.
#[utoipa::path(get, path = "/auth/me/feature-flags", tag = "auth",
    responses((status = 200, body = FeatureFlags), (status = 401, body = ErrorBody)))]
async fn my_feature_flags(State(state): State<AppState>, CurrentUser(viewer): CurrentUser) -> Json<FeatureFlags> {
    Json(flags::for_viewer(&state.services, Some(&viewer)))
}

/// Every flag: the environment's default, the override, the value in force, whether it works
/// (and why not), and the pilot groups.
#[utoipa::path(get, path = "/admin/flags", tag = "admin",
    responses((status = 200, body = FlagsOverview), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_flags(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
) -> Result<Json<FlagsOverview>, ApiError> {
    let actor = Actor::admin(&state.services, &viewer).await?;
    Ok(Json(flags::overview(&state.services, &actor).await?))
}

/// The log of every override and pilot group change, newest first (the last 100).
#[utoipa::path(get, path = "/admin/flags/changes", tag = "admin",
    responses((status = 200, body = Vec<FlagChange>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn flag_changes(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
) -> Result<Json<Vec<FlagChange>>, ApiError> {
    let actor = Actor::admin(&state.services, &viewer).await?;
    Ok(Json(flags::changes(&state.services, &actor, flags::LOG_LENGTH).await?))
}

/// Override a flag for everyone (`on`, `off`), or go back to the environment's value (`clear`).
/// Every server process follows within about a second.
#[utoipa::path(put, path = "/admin/flags/{flag}", tag = "admin", request_body = FlagOverride,
    params(("flag" = String, Path, description = "The environment variable, e.g. ENABLE_UI_REFRESH")),
    responses((status = 200, body = FlagStatus), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such flag"),
        (status = 409, body = ErrorBody, description = "The migration the flag needs is not applied"),
        (status = 422, body = ErrorBody)))]
async fn set_flag(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(flag): AppPath<String>,
    AppJson(body): AppJson<FlagOverride>,
) -> Result<Json<FlagStatus>, ApiError> {
    let flag = flags::named(&flag)?;
    let actor = Actor::admin(&state.services, &viewer).await?;
    Ok(Json(flags::set(&state.services, &actor, flag, body.value).await?))
}

/// Add a mechanic to a pilot flag's group (`"member": true`) or take them out (`false`).
#[utoipa::path(post, path = "/admin/flags/{flag}/pilot", tag = "admin", request_body = PilotChange,
    params(("flag" = String, Path, description = "ENABLE_TG_MECH_NOTIFS, ENABLE_MECH_I18N or ENABLE_UI_REFRESH")),
    responses((status = 200, body = FlagStatus), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such flag or user"), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Not a pilot flag, or not a mechanic")))]
async fn set_pilot(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(flag): AppPath<String>,
    AppJson(body): AppJson<PilotChange>,
) -> Result<Json<FlagStatus>, ApiError> {
    let flag = flags::named(&flag)?;
    let actor = Actor::admin(&state.services, &viewer).await?;
    Ok(Json(flags::set_pilot(&state.services, &actor, flag, &body.username, body.member).await?))
}
