//! Orders: lists, details, creating, status changes, assignment, the dashboard (alone, or with a
//! mechanic's first page) and CSV export.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::AuthClient;
use crate::model::*;

#[server(prefix = "/api/fn", endpoint = "orders/list", input = Json, client = AuthClient)]
pub async fn list_orders(query: OrderQuery) -> Result<OrderPage, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.list_orders(&viewer, query).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "orders/create", input = Json, client = AuthClient)]
pub async fn create_order(order: NewOrder) -> Result<Order, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.create_order(&viewer, order).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "orders/details", input = Json, client = AuthClient)]
pub async fn get_order_details(id: i64) -> Result<OrderDetails, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.order_details(&viewer, id).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "orders/status", input = Json, client = AuthClient)]
pub async fn change_status(id: i64, change: StatusChange) -> Result<Order, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.change_status(&viewer, id, change).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "orders/assign", input = Json, client = AuthClient)]
pub async fn assign_order(id: i64, assignment: Assignment) -> Result<Order, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.assign_order(&viewer, id, assignment).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "orders/dashboard", input = Json, client = AuthClient)]
pub async fn get_dashboard(tz: Option<String>) -> Result<Dashboard, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.dashboard(&viewer, tz).await
        }
        .await,
    )
}

/// The dashboard's numbers and a page of orders together: a phone on a slow line waits for one
/// answer instead of two. Both are read at once on the server.
#[server(prefix = "/api/fn", endpoint = "orders/home", input = Json, client = AuthClient)]
pub async fn mechanic_home(query: OrderQuery, tz: Option<String>) -> Result<FirstScreen, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            let (stats, orders) = futures::join!(backend.dashboard(&viewer, tz), backend.list_orders(&viewer, query));
            Ok(FirstScreen { stats: stats?, orders: orders? })
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "orders/export-csv", input = Json, client = AuthClient)]
pub async fn export_orders_csv(query: OrderQuery) -> Result<String, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.export_orders_csv(&viewer, query).await
        }
        .await,
    )
}
