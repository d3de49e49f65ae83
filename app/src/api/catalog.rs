//! The parts catalog: reading it, and keeping it (admins).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::AuthClient;
use crate::model::*;

#[server(prefix = "/api/fn", endpoint = "catalog/categories", input = Json, client = AuthClient)]
pub async fn list_categories() -> Result<Vec<Category>, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.list_categories(&viewer).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "catalog/parts", input = Json, client = AuthClient)]
pub async fn list_parts(query: PartQuery) -> Result<Vec<Part>, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.list_parts(&viewer, query).await
        }
        .await,
    )
}

/// Creates a category (`id` none) or changes one.
#[server(prefix = "/api/fn", endpoint = "catalog/category-save", input = Json, client = AuthClient)]
pub async fn save_category(id: Option<i64>, input: CategoryInput) -> Result<Category, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.save_category(&viewer, id, input).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "catalog/category-delete", input = Json, client = AuthClient)]
pub async fn delete_category(id: i64) -> Result<(), AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.delete_category(&viewer, id).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "catalog/category-reorder", input = Json, client = AuthClient)]
pub async fn reorder_categories(ids: Vec<i64>) -> Result<Vec<Category>, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.reorder_categories(&viewer, Reorder { ids }).await
        }
        .await,
    )
}

/// Creates a part (`id` none) or changes one.
#[server(prefix = "/api/fn", endpoint = "catalog/part-save", input = Json, client = AuthClient)]
pub async fn save_part(id: Option<i64>, input: PartInput) -> Result<Part, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.save_part(&viewer, id, input).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "catalog/part-delete", input = Json, client = AuthClient)]
pub async fn delete_part(id: i64) -> Result<(), AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.delete_part(&viewer, id).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "catalog/part-reorder", input = Json, client = AuthClient)]
pub async fn reorder_parts(ids: Vec<i64>) -> Result<(), AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.reorder_parts(&viewer, Reorder { ids }).await
        }
        .await,
    )
}
