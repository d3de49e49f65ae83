//! Bounds on the requests the API and the web app answer: each gets REQUEST_TIMEOUT_SECS, body
//! upload included, and at most MAX_CONCURRENT_REQUESTS run at once. A request past either bound
//! gets a 503 in the API's JSON error shape, at once, rather than a wait that holds a connection
//! and its memory. `/health` and `/metrics` stay outside, so that a busy server is still seen to
//! be alive.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use app::model::{AppError, ErrorCode};

use super::ApiError;
use crate::config::LimitArgs;

/// What every limited request shares: the deadline and the places left.
#[derive(Clone)]
struct Limits {
    timeout: Duration,
    in_flight: Arc<Semaphore>,
}

/// Wraps every route of `router` (and its fallback) in the two bounds. They are shared: one
/// semaphore for all routes, not one per route.
pub fn layer<S: Clone + Send + Sync + 'static>(router: Router<S>, config: &LimitArgs) -> Router<S> {
    let limits = Limits {
        timeout: Duration::from_secs(config.request_timeout_secs),
        in_flight: Arc::new(Semaphore::new(config.max_concurrent_requests as usize)),
    };
    router.layer(middleware::from_fn_with_state(limits, limit))
}

async fn limit(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let Ok(_place) = limits.in_flight.try_acquire_owned() else {
        let busy = AppError::new(ErrorCode::Unavailable, "The server is busy. Try again in a moment.");
        return ApiError(busy.retry_after(1)).into_response();
    };
    match tokio::time::timeout(limits.timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let seconds = limits.timeout.as_secs();
            tracing::warn!(seconds, "request timed out");
            ApiError(AppError::new(
                ErrorCode::Unavailable,
                format!("The request took longer than {seconds} s and was stopped. Try again."),
            ))
            .into_response()
        }
    }
}
