//! The staff list (admins).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::AuthClient;
use crate::model::*;

#[server(prefix = "/api/fn", endpoint = "users/list", input = Json, client = AuthClient)]
pub async fn list_users() -> Result<Vec<UserWithStats>, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.list_users(&viewer).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "users/create", input = Json, client = AuthClient)]
pub async fn create_user(user: NewUser) -> Result<User, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.create_user(&viewer, user).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "users/update", input = Json, client = AuthClient)]
pub async fn update_user(id: i64, update: UserUpdate) -> Result<User, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.update_user(&viewer, id, update).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "users/reset-password", input = Json, client = AuthClient)]
pub async fn reset_password(id: i64, new_password: String) -> Result<(), AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.reset_password(&viewer, id, PasswordReset { new_password }).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "users/login-link", input = Json, client = AuthClient)]
pub async fn create_login_link(id: i64, order_id: Option<i64>) -> Result<LoginLink, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.login_link(&viewer, id, order_id).await
        }
        .await,
    )
}
