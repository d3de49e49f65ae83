//! Signing in and out, the signed-in user, and the public feature flags.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::AuthClient;
use crate::model::*;

#[server(prefix = "/api/fn", endpoint = "auth/login", input = Json, client = AuthClient)]
pub async fn login(username: String, password: String) -> Result<LoginResponse, AppError> {
    use super::backend::{public, respond};
    respond(async move { public()?.login(LoginRequest { username, password }).await }.await)
}

#[server(prefix = "/api/fn", endpoint = "auth/login-link", input = Json, client = AuthClient)]
pub async fn redeem_login_link(token: String) -> Result<LoginResponse, AppError> {
    use super::backend::{public, respond};
    respond(async move { public()?.redeem_login_link(token).await }.await)
}

/// The login page's sign-in: `login`'s answer without the user record, so the login page's bundle
/// needs no date parser.
#[server(prefix = "/api/fn", endpoint = "auth/sign-in", input = Json, client = AuthClient)]
pub async fn sign_in(username: String, password: String) -> Result<SignedIn, AppError> {
    use super::backend::{public, respond};
    respond(async move { public()?.login(LoginRequest { username, password }).await.map(SignedIn::from) }.await)
}

/// `redeem_login_link` for the login page, answering like `sign_in`.
#[server(prefix = "/api/fn", endpoint = "auth/sign-in-link", input = Json, client = AuthClient)]
pub async fn sign_in_with_link(token: String) -> Result<SignedIn, AppError> {
    use super::backend::{public, respond};
    respond(async move { public()?.redeem_login_link(token).await.map(SignedIn::from) }.await)
}

#[server(prefix = "/api/fn", endpoint = "auth/logout", input = Json, client = AuthClient)]
pub async fn logout() -> Result<(), AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.logout(&viewer).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "auth/me", input = Json, client = AuthClient)]
pub async fn me() -> Result<User, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.me(&viewer).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "auth/profile", input = Json, client = AuthClient)]
pub async fn update_profile(update: ProfileUpdate) -> Result<User, AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.update_profile(&viewer, update).await
        }
        .await,
    )
}

#[server(prefix = "/api/fn", endpoint = "auth/password", input = Json, client = AuthClient)]
pub async fn change_password(change: PasswordChange) -> Result<(), AppError> {
    use super::backend::{respond, signed_in};
    respond(
        async move {
            let (backend, viewer) = signed_in()?;
            backend.change_password(&viewer, change).await
        }
        .await,
    )
}

/// The flags and the default language; no sign-in needed. Read at every page load and again
/// while the app is open (on focus, when it becomes visible, and on a timer), so a flag changed on
/// the server shows without a reload. With a valid token, the flags are that user's own: a pilot
/// flag may be on for them alone.
#[server(prefix = "/api/fn", endpoint = "config", input = Json, client = AuthClient)]
pub async fn get_app_config() -> Result<AppConfig, AppError> {
    use super::backend::{maybe_signed_in, respond};
    respond(maybe_signed_in().map(|(backend, viewer)| backend.app_config(viewer.as_ref())))
}
