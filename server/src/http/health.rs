//! `GET /health`: is the server up, can it reach its database, which build is it, and is the
//! Telegram outbox keeping up?

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::build_info::{COMMIT, VERSION};
use crate::services::outbox;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

/// 200 with `"status":"ok"`, or `"degraded"` (still 200, for an uptime monitor to alert on) while
/// the oldest waiting Telegram message is older than NOTIFY_BACKLOG_ALERT_SECS; 503 when the
/// database does not answer within 2 s.
async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let services = &state.services;
    let checks = async {
        services.db.ping().await?;
        outbox::backlog(&services.db.read).await
    };
    let unavailable = || {
        let body = json!({"status": "error", "database": "error", "version": VERSION, "commit": COMMIT});
        (StatusCode::SERVICE_UNAVAILABLE, Json(body))
    };
    match tokio::time::timeout(Duration::from_secs(2), checks).await {
        Ok(Ok(backlog)) => {
            let age = backlog.oldest_age();
            let alert = Duration::from_secs(services.config.observability.notify_backlog_alert_secs);
            let status = if age > alert { "degraded" } else { "ok" };
            let body = json!({
                "status": status,
                "database": "ok",
                "version": VERSION,
                "commit": COMMIT,
                "outbox": {"pending": backlog.pending, "oldest_pending_secs": age.as_secs()},
            });
            (StatusCode::OK, Json(body))
        }
        Ok(Err(error)) => {
            tracing::error!(%error, "health check: database unreachable");
            unavailable()
        }
        Err(_) => {
            tracing::error!("health check: database did not answer within 2 s");
            unavailable()
        }
    }
}
