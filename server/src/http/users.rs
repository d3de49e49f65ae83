//! `/api/admin/users`: the staff list, for admins.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use app::model::{ErrorBody, LoginLink, LoginLinkRequest, NewUser, PasswordReset, User, UserUpdate, UserWithStats};

use super::ApiError;
use super::extract::{AdminUser, AppJson, AppPath};
use crate::services::users;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(update_user))
        .routes(routes!(reset_password))
        .routes(routes!(login_link))
}

/// Everyone, with order counts and this week's tracked time.
#[utoipa::path(get, path = "/admin/users", tag = "admin",
    responses((status = 200, body = Vec<UserWithStats>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_users(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
) -> Result<Json<Vec<UserWithStats>>, ApiError> {
    Ok(Json(users::list(&state.services, &viewer).await?))
}

/// Add a mechanic or an admin.
#[utoipa::path(post, path = "/admin/users", tag = "admin", request_body = NewUser,
    responses((status = 201, body = User), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Username or Telegram chat taken"), (status = 422, body = ErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppJson(input): AppJson<NewUser>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    Ok((StatusCode::CREATED, Json(users::create(&state.services, Some(&viewer), input).await?)))
}

/// Change a user: name, role, Telegram chat (`null` unlinks it), language, or deactivate (their
/// tokens, unused sign-in links and link codes stop working, and their Telegram chat is unlinked).
#[utoipa::path(patch, path = "/admin/users/{id}", tag = "admin", params(("id" = i64, Path)), request_body = UserUpdate,
    responses((status = 200, body = User), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_user(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(id): AppPath<i64>,
    AppJson(update): AppJson<UserUpdate>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(users::update(&state.services, &viewer, id, update).await?))
}

/// Set a new password for a user: their sessions end, their unused sign-in links and link codes
/// stop working, and their Telegram chat is unlinked.
#[utoipa::path(post, path = "/admin/users/{id}/password", tag = "admin", params(("id" = i64, Path)), request_body = PasswordReset,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(id): AppPath<i64>,
    AppJson(reset): AppJson<PasswordReset>,
) -> Result<StatusCode, ApiError> {
    users::reset_password(&state.services, &viewer, id, reset).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A one-time link (24 hours) that signs the user in and, optionally, opens an order. Not for
/// another admin (403).
#[utoipa::path(post, path = "/admin/users/{id}/login-link", tag = "admin", params(("id" = i64, Path)), request_body = LoginLinkRequest,
    responses((status = 201, body = LoginLink), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn login_link(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(id): AppPath<i64>,
    AppJson(request): AppJson<LoginLinkRequest>,
) -> Result<(StatusCode, Json<LoginLink>), ApiError> {
    Ok((StatusCode::CREATED, Json(users::login_link(&state.services, &viewer, id, request.order_id).await?)))
}
