//! `/api/auth`: sign in with a password or a one-time link, sign out, and the signed-in user.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use app::model::{ErrorBody, LoginLinkRedeem, LoginRequest, LoginResponse, PasswordChange, ProfileUpdate, User};

use super::ApiError;
use super::client_address::ClientAddress;
use super::extract::{AppJson, CurrentUser};
use crate::services::{auth, users};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(redeem_login_link))
        .routes(routes!(logout))
        .routes(routes!(me, update_me))
        .routes(routes!(change_password))
}

/// Sign in with a username and password.
///
/// Answers a bearer token that lasts SESSION_TTL_DAYS. Failed attempts are delayed per
/// (username, client address) and per client address; a full password-hash queue is a 429 too.
#[utoipa::path(post, path = "/auth/login", tag = "auth", security(()), request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody, description = "Wrong username or password"),
        (status = 403, body = ErrorBody, description = "Account deactivated"), (status = 429, body = ErrorBody, description = "Too many failed attempts")))]
async fn login(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    AppJson(request): AppJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    Ok(Json(auth::login(&state.services, request, client).await?))
}

/// Sign in with the one-time token of a login link (from a Telegram message).
#[utoipa::path(post, path = "/auth/login-link", tag = "auth", security(()), request_body = LoginLinkRedeem,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody, description = "Expired or used link")))]
async fn redeem_login_link(
    State(state): State<AppState>,
    AppJson(request): AppJson<LoginLinkRedeem>,
) -> Result<Json<LoginResponse>, ApiError> {
    Ok(Json(auth::redeem_login_link(&state.services, &request.token).await?))
}

/// Sign out: the token stops working at once.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", responses((status = 204), (status = 401, body = ErrorBody)))]
async fn logout(State(state): State<AppState>, CurrentUser(viewer): CurrentUser) -> Result<StatusCode, ApiError> {
    auth::logout(&state.services, &viewer).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[utoipa::path(get, path = "/auth/me", tag = "auth", responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
async fn me(State(state): State<AppState>, CurrentUser(viewer): CurrentUser) -> Result<Json<User>, ApiError> {
    Ok(Json(users::me(&state.services, &viewer).await?))
}

/// Change your own settings (language).
#[utoipa::path(patch, path = "/auth/me", tag = "auth", request_body = ProfileUpdate,
    responses((status = 200, body = User), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_me(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppJson(update): AppJson<ProfileUpdate>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(users::update_profile(&state.services, &viewer, update).await?))
}

/// Change your password. Your other sessions end, your unused sign-in links and link codes stop
/// working, and your Telegram chat is unlinked (link it again from your profile).
#[utoipa::path(post, path = "/auth/password", tag = "auth", request_body = PasswordChange,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppJson(change): AppJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    auth::change_password(&state.services, &viewer, change).await?;
    Ok(StatusCode::NO_CONTENT)
}
