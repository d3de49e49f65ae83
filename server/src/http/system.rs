//! `/api/admin/system` and the outbox (admins), and the mechanic's Telegram link code.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use app::model::{
    ErrorBody, Notification, NotificationPage, NotificationQuery, SystemStatus, TelegramLinkCode, TelegramLinkRequest,
};

use super::ApiError;
use super::extract::{AdminUser, AppJson, AppPath, AppQuery, CurrentUser};
use crate::services::{auth, outbox, system};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(system_status))
        .routes(routes!(list_notifications))
        .routes(routes!(retry_notification))
        .routes(routes!(telegram_link_code))
}

/// The flags as configured and whether each really takes effect, and the outbox numbers.
#[utoipa::path(get, path = "/admin/system", tag = "admin",
    responses((status = 200, body = SystemStatus), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn system_status(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
) -> Result<Json<SystemStatus>, ApiError> {
    Ok(Json(system::status(&state.services, &viewer).await?))
}

/// Telegram messages in the outbox, newest first.
#[utoipa::path(get, path = "/admin/notifications", tag = "admin", params(NotificationQuery),
    responses((status = 200, body = NotificationPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_notifications(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppQuery(query): AppQuery<NotificationQuery>,
) -> Result<Json<NotificationPage>, ApiError> {
    Ok(Json(outbox::list(&state.services, &viewer, &query).await?))
}

/// Send a failed or skipped message again.
#[utoipa::path(post, path = "/admin/notifications/{id}/retry", tag = "admin", params(("id" = i64, Path)),
    responses((status = 200, body = Notification), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn retry_notification(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(id): AppPath<i64>,
) -> Result<Json<Notification>, ApiError> {
    Ok(Json(outbox::retry(&state.services, &viewer, id).await?))
}

/// A one-time code (15 minutes) to send to the bot as `/link CODE`, tying your Telegram chat to
/// your account. Asks for your current password: a wrong one is a 422 on `current_password`.
/// A shop without a bot (no TELEGRAM_BOT_TOKEN) answers 409.
#[utoipa::path(post, path = "/auth/telegram-link-code", tag = "auth", request_body = TelegramLinkRequest,
    responses((status = 201, body = TelegramLinkCode), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn telegram_link_code(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppJson(request): AppJson<TelegramLinkRequest>,
) -> Result<(StatusCode, Json<TelegramLinkCode>), ApiError> {
    Ok((StatusCode::CREATED, Json(auth::create_telegram_link_code(&state.services, &viewer, request).await?)))
}
