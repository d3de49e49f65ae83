//! `GET /metrics`: the Prometheus text format, never public. On the main port it needs
//! `Authorization: Bearer $METRICS_TOKEN`; on the private `METRICS_ADDR` listener it is open unless
//! a token is set. Gauges of the outbox, the database and the flags are read fresh for each scrape.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Router, body::Body};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

use app::model::AppError;

use super::ApiError;
use super::extract::bearer_token;
use crate::metrics::{CONTENT_TYPE, FlagReading};
use crate::services::{Services, flags, outbox};
use crate::state::AppState;

/// `/metrics` on the main port: only with the bearer token.
pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(on_main_port))
}

/// `/metrics` alone, for the private `METRICS_ADDR` listener.
pub fn private_router(state: AppState) -> Router {
    Router::new().route("/metrics", get(on_private_port)).with_state(state)
}

async fn on_main_port(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let services = &state.services;
    let observability = &services.config.observability;
    if !services.metrics.enabled() || observability.metrics_token.is_none() {
        let hint = if services.metrics.enabled() {
            "Metrics are not served on this port: set METRICS_TOKEN (then send it as a bearer token) or METRICS_ADDR (a private listener)."
        } else {
            "Metrics are off (METRICS_ENABLED=false)."
        };
        return ApiError(AppError::not_found(hint)).into_response();
    }
    if let Err(refused) = authorize(services, &headers) {
        return refused;
    }
    scrape(services).await
}

async fn on_private_port(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(refused) = authorize(&state.services, &headers) {
        return refused;
    }
    scrape(&state.services).await
}

/// Lets the request through when no token is set, or when it carries the token.
#[allow(clippy::result_large_err)]
fn authorize(services: &Services, headers: &HeaderMap) -> Result<(), Response> {
    let Some(expected) = &services.config.observability.metrics_token else { return Ok(()) };
    // Hashes are compared, so the time taken says nothing about how much of a guess was right.
    let digest = |token: &str| Sha256::digest(token.as_bytes());
    match bearer_token(headers) {
        Some(token) if digest(token) == digest(expected.expose_secret()) => Ok(()),
        _ => {
            Err(ApiError(AppError::unauthorized("/metrics needs Authorization: Bearer <METRICS_TOKEN>."))
                .into_response())
        }
    }
}

/// Reads the gauges and encodes everything. A reading that fails leaves its gauge as it was and is
/// logged: the counters are worth serving all the same.
async fn scrape(services: &Services) -> Response {
    let metrics = &services.metrics;
    match outbox::backlog(&services.db.read).await {
        Ok(backlog) => metrics.set_outbox(backlog.pending, backlog.oldest_age().as_secs_f64()),
        Err(error) => tracing::warn!(%error, "metrics: cannot read the outbox backlog"),
    }
    let size = match services.db.size_bytes().await {
        Ok(size) => Some(size),
        Err(error) => {
            tracing::warn!(%error, "metrics: cannot read the database size");
            None
        }
    };
    metrics.set_database(&services.db.pool_readings(), size);
    let flags: Vec<FlagReading> = flags::statuses(services)
        .into_iter()
        .map(|flag| FlagReading { name: flag.name, configured: flag.enabled, effective: flag.effective })
        .collect();
    metrics.set_flags(&flags);
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], Body::from(metrics.encode())).into_response()
}
