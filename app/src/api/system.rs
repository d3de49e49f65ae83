//! The admin's System page (flags, outbox) and the mechanic's Telegram link code.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::AuthClient;
use crate::model::*;

#[server(prefix = "/api/fn", endpoint = "system/status", input = Json, client = AuthClient)]
pub async fn get_system_status() -> Result<SystemStatus, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.system_status(&viewer).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "system/notifications", input = Json, client = AuthClient)]
pub async fn list_notifications(query: NotificationQuery) -> Result<NotificationPage, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.list_notifications(&viewer, query).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "system/notification-retry", input = Json, client = AuthClient)]
pub async fn retry_notification(id: i64) -> Result<Notification, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.retry_notification(&viewer, id).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "telegram/link-code", input = Json, client = AuthClient)]
pub async fn get_telegram_link_code(request: TelegramLinkRequest) -> Result<TelegramLinkCode, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.telegram_link_code(&viewer, request).await
        }
        .await,
    )
}
