//! `/api/orders` and the status routes: creating, listing and moving orders, for the apps and for
//! operators with `curl`.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use app::model::{
    Assignment, Dashboard, ErrorBody, NewOrder, Order, OrderDetails, OrderPage, OrderQuery, StatusChange,
};

use super::ApiError;
use super::extract::{AdminUser, AppJson, AppPath, AppQuery, CurrentUser};
use crate::metrics::Door;
use crate::services::orders;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_orders, create_order))
        .routes(routes!(get_order))
        .routes(routes!(change_status))
        .routes(routes!(admin_change_status))
        .routes(routes!(assign))
        .routes(routes!(export_csv))
        .routes(routes!(dashboard))
}

/// List orders, newest first: a mechanic's own, or everyone's for an admin.
///
/// Returns one page and the number of orders per status among those the other filters select.
#[utoipa::path(get, path = "/orders", tag = "orders", params(OrderQuery),
    responses((status = 200, body = OrderPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_orders(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppQuery(query): AppQuery<OrderQuery>,
) -> Result<impl IntoResponse, ApiError> {
    // The cached page's JSON, written once however often the list is asked for.
    let listed = orders::list(&state.services, &viewer, &query).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], listed.json()))
}

/// Create an order.
///
/// A mechanic's order is theirs. An admin's goes to the mechanic named by `mechanic_id` or
/// `mechanic_name`, or waits for assignment when the name matches nobody.
#[utoipa::path(post, path = "/orders", tag = "orders", request_body = NewOrder,
    responses((status = 201, body = Order), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_order(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppJson(input): AppJson<NewOrder>,
) -> Result<(StatusCode, Json<Order>), ApiError> {
    let order = orders::create(&state.services, &viewer, input, None).await?;
    state.services.metrics.order_created(Door::Rest);
    Ok((StatusCode::CREATED, Json(order)))
}

/// One order with its comments, time entries, items, totals and history.
#[utoipa::path(get, path = "/orders/{id}", tag = "orders", params(("id" = i64, Path, description = "Order id")),
    responses((status = 200, body = OrderDetails), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_order(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppPath(id): AppPath<i64>,
) -> Result<Json<OrderDetails>, ApiError> {
    Ok(Json(orders::details(&state.services, &viewer, id).await?))
}

/// Change an order's status: the order's mechanic, or an admin.
///
/// Orders move forward (new, in_progress, ready, completed) and may be cancelled while open. An
/// illegal move is a 409 that names the allowed next statuses.
#[utoipa::path(patch, path = "/mechanic/orders/{id}/status", tag = "orders", params(("id" = i64, Path)), request_body = StatusChange,
    responses((status = 200, body = Order), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_status(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppPath(id): AppPath<i64>,
    AppJson(change): AppJson<StatusChange>,
) -> Result<Json<Order>, ApiError> {
    Ok(Json(orders::change_status(&state.services, &viewer, id, change).await?))
}

/// Change any order's status (admins).
#[utoipa::path(patch, path = "/admin/orders/{id}/status", tag = "admin", params(("id" = i64, Path)), request_body = StatusChange,
    responses((status = 200, body = Order), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn admin_change_status(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(id): AppPath<i64>,
    AppJson(change): AppJson<StatusChange>,
) -> Result<Json<Order>, ApiError> {
    Ok(Json(orders::change_status(&state.services, &viewer, id, change).await?))
}

/// Assign or reassign an order to a mechanic (admins).
#[utoipa::path(patch, path = "/admin/orders/{id}/assign", tag = "admin", params(("id" = i64, Path)), request_body = Assignment,
    responses((status = 200, body = Order), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn assign(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(id): AppPath<i64>,
    AppJson(assignment): AppJson<Assignment>,
) -> Result<Json<Order>, ApiError> {
    Ok(Json(orders::assign(&state.services, &viewer, id, assignment).await?))
}

/// The orders the filters select, as CSV (admins). Times are in the shop's time zone.
#[utoipa::path(get, path = "/admin/orders/export.csv", tag = "admin", params(OrderQuery),
    responses((status = 200, content_type = "text/csv", description = "UTF-8 CSV with a header row"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn export_csv(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppQuery(query): AppQuery<OrderQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let export = orders::export_csv(&state.services, &viewer, &query).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", export.file_name)),
        ],
        export.bytes,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct TzQuery {
    /// IANA time zone for "today"; the shop's by default.
    tz: Option<String>,
}

/// The dashboard's numbers: your own as a mechanic, the shop's as an admin.
#[utoipa::path(get, path = "/dashboard", tag = "orders", params(TzQuery),
    responses((status = 200, body = Dashboard), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn dashboard(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppQuery(query): AppQuery<TzQuery>,
) -> Result<Json<Dashboard>, ApiError> {
    Ok(Json(orders::dashboard(&state.services, &viewer, query.tz.as_deref()).await?))
}
