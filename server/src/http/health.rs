//! `GET /health`: is the server up, and can it reach its database?

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = tokio::time::timeout(Duration::from_secs(2), state.services.db.ping()).await;
    let version = env!("CARGO_PKG_VERSION");
    match database {
        Ok(Ok(())) => (StatusCode::OK, Json(json!({"status": "ok", "database": "ok", "version": version}))),
        Ok(Err(error)) => {
            tracing::error!(%error, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"status": "error", "database": "error", "version": version})))
        }
        Err(_) => {
            tracing::error!("health check: database did not answer within 2 s");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"status": "error", "database": "error", "version": version})))
        }
    }
}
