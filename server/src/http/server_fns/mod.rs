//! `/api/fn/*`: the web app's server functions. The bearer token is checked here, once, before
//! the function runs; the function finds the outcome and the service layer (`backend`) in its
//! context.

mod backend;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

use app::api::backend::{Backend, Session};
use app::model::AppError;

use self::backend::ServiceBackend;
use super::ApiError;
use super::client_address::client_address;
use super::extract::bearer_token;
use crate::services::auth;
use crate::state::AppState;

pub async fn handle(State(state): State<AppState>, request: Request) -> Response {
    // Leptos answers an unknown function with plain text; the API answers JSON everywhere.
    let path = request.uri().path();
    if !registered().any(|known| known == path) {
        return ApiError(AppError::not_found(format!("There is no server function at {path}."))).into_response();
    }
    let session = match bearer_token(request.headers()) {
        Some(token) => auth::authenticate(&state.services, token).await.map_err(|e| e.into_app_error()),
        None => Err(AppError::unauthorized("Sign in first.")),
    };
    if let Ok(viewer) = &session {
        super::observe::note_user(request.extensions(), viewer.id);
    }
    let trusted = state.services.config.limits.trusted_proxy_header.as_ref();
    let client = client_address(request.headers(), request.extensions(), trusted);
    let backend: Arc<dyn Backend> = Arc::new(ServiceBackend(state.services.clone(), client));
    leptos_axum::handle_server_fns_with_context(
        move || {
            provide_context(backend.clone());
            provide_context(Session(session.clone()));
        },
        request,
    )
    .await
    .into_response()
}

/// The registered server functions (the app crate must be linked for them to register).
pub fn registered() -> impl Iterator<Item = String> {
    leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned())
}
