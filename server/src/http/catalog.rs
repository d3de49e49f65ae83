//! `/api/categories`, `/api/parts` and their admin routes: the catalog behind ENABLE_PART_CATEGORIES.
//! With the flag off every one of them is a 404 with code `feature_disabled`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use app::model::{Category, CategoryInput, ErrorBody, Part, PartInput, PartQuery, Reorder};

use super::ApiError;
use super::extract::{AdminUser, AppJson, AppPath, AppQuery, CurrentUser};
use crate::services::catalog;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_categories))
        .routes(routes!(list_parts))
        .routes(routes!(create_category))
        .routes(routes!(update_category, delete_category))
        .routes(routes!(reorder_categories))
        .routes(routes!(create_part))
        .routes(routes!(update_part, delete_part))
        .routes(routes!(reorder_parts))
}

/// The catalog's categories in their order, with how many parts each holds.
#[utoipa::path(get, path = "/categories", tag = "catalog",
    responses((status = 200, body = Vec<Category>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody, description = "feature_disabled")))]
async fn list_categories(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
) -> Result<Json<Vec<Category>>, ApiError> {
    Ok(Json(catalog::list_categories(&state.services, &viewer).await?))
}

/// Catalog parts, optionally of one category (`?category_id=1`).
#[utoipa::path(get, path = "/parts", tag = "catalog", params(PartQuery),
    responses((status = 200, body = Vec<Part>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody, description = "feature_disabled")))]
async fn list_parts(
    State(state): State<AppState>,
    CurrentUser(viewer): CurrentUser,
    AppQuery(query): AppQuery<PartQuery>,
) -> Result<Json<Vec<Part>>, ApiError> {
    Ok(Json(catalog::list_parts(&state.services, &viewer, &query).await?))
}

/// Add a category (admins).
#[utoipa::path(post, path = "/admin/categories", tag = "admin", request_body = CategoryInput,
    responses((status = 201, body = Category), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_category(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppJson(input): AppJson<CategoryInput>,
) -> Result<(StatusCode, Json<Category>), ApiError> {
    Ok((StatusCode::CREATED, Json(catalog::create_category(&state.services, &viewer, input).await?)))
}

/// Change a category (admins).
#[utoipa::path(put, path = "/admin/categories/{id}", tag = "admin", params(("id" = i64, Path)), request_body = CategoryInput,
    responses((status = 200, body = Category), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_category(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<CategoryInput>,
) -> Result<Json<Category>, ApiError> {
    Ok(Json(catalog::update_category(&state.services, &viewer, id, input).await?))
}

/// Delete a category no part or order uses (admins); one in use is a 409.
#[utoipa::path(delete, path = "/admin/categories/{id}", tag = "admin", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Parts or orders use the category")))]
async fn delete_category(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(id): AppPath<i64>,
) -> Result<StatusCode, ApiError> {
    catalog::delete_category(&state.services, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Put the categories in a new order (admins).
#[utoipa::path(post, path = "/admin/categories/reorder", tag = "admin", request_body = Reorder,
    responses((status = 200, body = Vec<Category>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reorder_categories(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppJson(reorder): AppJson<Reorder>,
) -> Result<Json<Vec<Category>>, ApiError> {
    Ok(Json(catalog::reorder_categories(&state.services, &viewer, reorder).await?))
}

/// Add a part (admins).
#[utoipa::path(post, path = "/admin/parts", tag = "admin", request_body = PartInput,
    responses((status = 201, body = Part), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_part(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppJson(input): AppJson<PartInput>,
) -> Result<(StatusCode, Json<Part>), ApiError> {
    Ok((StatusCode::CREATED, Json(catalog::create_part(&state.services, &viewer, input).await?)))
}

/// Change a part (admins).
#[utoipa::path(put, path = "/admin/parts/{id}", tag = "admin", params(("id" = i64, Path)), request_body = PartInput,
    responses((status = 200, body = Part), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_part(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<PartInput>,
) -> Result<Json<Part>, ApiError> {
    Ok(Json(catalog::update_part(&state.services, &viewer, id, input).await?))
}

/// Delete a part no order uses (admins); one in use is a 409.
#[utoipa::path(delete, path = "/admin/parts/{id}", tag = "admin", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_part(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppPath(id): AppPath<i64>,
) -> Result<StatusCode, ApiError> {
    catalog::delete_part(&state.services, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Put parts in a new order (admins).
#[utoipa::path(post, path = "/admin/parts/reorder", tag = "admin", request_body = Reorder,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reorder_parts(
    State(state): State<AppState>,
    AdminUser(viewer): AdminUser,
    AppJson(reorder): AppJson<Reorder>,
) -> Result<StatusCode, ApiError> {
    catalog::reorder_parts(&state.services, &viewer, reorder).await?;
    Ok(StatusCode::NO_CONTENT)
}
