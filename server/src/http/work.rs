//! Work on an order: comments, the timer, manual time, items; and a mechanic's time history.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use app::model::{
    Comment, ErrorBody, ManualTimeEntry, NewComment, NewItem, OrderItem, TimeEntry, TimeHistory, TimeHistoryQuery,
};

use super::ApiError;
use super::extract::{AppJson, AppPath, AppQuery, CurrentUser};
use crate::services::{comments, items, time};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_comments, add_comment))
        .routes(routes!(start_timer))
        .routes(routes!(stop_timer))
        .routes(routes!(add_time_entry))
        .routes(routes!(add_item))
        .routes(routes!(remove_item))
        .routes(routes!(time_history))
}

/// An order's comments, oldest first.
#[utoipa::path(get, path = "/orders/{id}/comments", tag = "work", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Comment>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_comments(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppPath(id): AppPath<i64>,
) -> Result<Json<Vec<Comment>>, ApiError> {
    Ok(Json(comments::list(&state.services, &viewer, id).await?))
}

/// Comment on an order.
#[utoipa::path(post, path = "/orders/{id}/comments", tag = "work", params(("id" = i64, Path)), request_body = NewComment,
    responses((status = 201, body = Comment), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_comment(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<NewComment>,
) -> Result<(StatusCode, Json<Comment>), ApiError> {
    Ok((StatusCode::CREATED, Json(comments::add(&state.services, &viewer, id, input).await?)))
}

/// Start your timer on an order. You can have one running timer at a time.
#[utoipa::path(post, path = "/orders/{id}/timer/start", tag = "work", params(("id" = i64, Path)),
    responses((status = 201, body = TimeEntry), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "A timer is already running, or the order is closed")))]
async fn start_timer(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppPath(id): AppPath<i64>,
) -> Result<(StatusCode, Json<TimeEntry>), ApiError> {
    Ok((StatusCode::CREATED, Json(time::start(&state.services, &viewer, id).await?)))
}

/// Stop your running timer on an order.
#[utoipa::path(post, path = "/orders/{id}/timer/stop", tag = "work", params(("id" = i64, Path)),
    responses((status = 200, body = TimeEntry), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "No timer of yours runs on this order")))]
async fn stop_timer(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppPath(id): AppPath<i64>,
) -> Result<Json<TimeEntry>, ApiError> {
    Ok(Json(time::stop(&state.services, &viewer, id).await?))
}

/// Enter time by hand: the end must come after the start.
#[utoipa::path(post, path = "/orders/{id}/time-entries", tag = "work", params(("id" = i64, Path)), request_body = ManualTimeEntry,
    responses((status = 201, body = TimeEntry), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_time_entry(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<ManualTimeEntry>,
) -> Result<(StatusCode, Json<TimeEntry>), ApiError> {
    Ok((StatusCode::CREATED, Json(time::add_manual(&state.services, &viewer, id, input).await?)))
}

/// Add a catalog part, a custom part or work to an order. Prices are integer agorot.
#[utoipa::path(post, path = "/orders/{id}/items", tag = "work", params(("id" = i64, Path)), request_body = NewItem,
    responses((status = 201, body = OrderItem), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_item(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<NewItem>,
) -> Result<(StatusCode, Json<OrderItem>), ApiError> {
    Ok((StatusCode::CREATED, Json(items::add(&state.services, &viewer, id, input).await?)))
}

/// Remove an item from an order.
#[utoipa::path(delete, path = "/orders/{id}/items/{item_id}", tag = "work", params(("id" = i64, Path), ("item_id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn remove_item(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppPath((id, item_id)): AppPath<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    items::remove(&state.services, &viewer, id, item_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Your tracked time over a day, week (Sunday to Saturday) or month, by day.
#[utoipa::path(get, path = "/time/history", tag = "work", params(TimeHistoryQuery),
    responses((status = 200, body = TimeHistory), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn time_history(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppQuery(query): AppQuery<TimeHistoryQuery>,
) -> Result<Json<TimeHistory>, ApiError> {
    Ok(Json(time::history(&state.services, &viewer, &query).await?))
}
