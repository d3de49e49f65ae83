//! Work on an order: comments, the timer, manual time, items; and the time history.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::AuthClient;
use crate::model::*;

#[server(prefix = "/api/fn", endpoint = "work/comment", input = Json, client = AuthClient)]
pub async fn add_comment(order_id: i64, body: String) -> Result<Comment, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.add_comment(&viewer, order_id, NewComment { body }).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "work/timer-start", input = Json, client = AuthClient)]
pub async fn start_timer(order_id: i64) -> Result<TimeEntry, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.start_timer(&viewer, order_id).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "work/timer-stop", input = Json, client = AuthClient)]
pub async fn stop_timer(order_id: i64) -> Result<TimeEntry, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.stop_timer(&viewer, order_id).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "work/time-entry", input = Json, client = AuthClient)]
pub async fn add_time_entry(order_id: i64, entry: ManualTimeEntry) -> Result<TimeEntry, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.add_time_entry(&viewer, order_id, entry).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "work/item-add", input = Json, client = AuthClient)]
pub async fn add_item(order_id: i64, item: NewItem) -> Result<OrderItem, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.add_item(&viewer, order_id, item).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "work/item-remove", input = Json, client = AuthClient)]
pub async fn remove_item(order_id: i64, item_id: i64) -> Result<(), AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.remove_item(&viewer, order_id, item_id).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "work/time-history", input = Json, client = AuthClient)]
pub async fn get_time_history(query: TimeHistoryQuery) -> Result<TimeHistory, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.time_history(&viewer, query).await
        }
        .await,
    )
}
