//! The admin's System page (flags, their overrides, pilot groups and change log, the outbox) and
//! the mechanic's Telegram link code.

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

#[server(prefix = "/api/fn", endpoint = "flags/list", input = Json, client = AuthClient)]
pub async fn list_flags() -> Result<FlagsOverview, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.list_flags(&viewer).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "flags/set", input = Json, client = AuthClient)]
pub async fn set_flag(flag: Flag, value: FlagSetting) -> Result<FlagStatus, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.set_flag(&viewer, flag, value).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "flags/pilot", input = Json, client = AuthClient)]
pub async fn set_flag_pilot(flag: Flag, change: PilotChange) -> Result<FlagStatus, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.set_flag_pilot(&viewer, flag, change).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "flags/changes", input = Json, client = AuthClient)]
pub async fn list_flag_changes() -> Result<Vec<FlagChange>, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.flag_changes(&viewer).await
        }
        .await,
    )
}
