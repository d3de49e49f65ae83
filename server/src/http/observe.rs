//! What every request leaves behind: a request id (taken from `x-request-id` or made, and echoed
//! in the response), a tracing span around its work, one `info` line when it is answered, and its
//! count and latency in the metrics.
//!
//! Lines name the matched route template (`/api/orders/{id}`), never the raw path or query
//! string: a sign-in link's `?token=` must not reach a log.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tracing::Instrument;

use crate::metrics::method_label;
use crate::state::AppState;

/// The route label of requests no route matched: the web app's files and its client routes
/// (`/mechanic/orders/7`), which the SPA fallback answers.
pub const FALLBACK_ROUTE: &str = "<spa>";

/// Who made the request, once an extractor has authenticated them. Shared between the
/// middleware, which writes the request line, and the extractors, which learn the user.
#[derive(Clone, Default)]
pub struct RequestUser(Arc<AtomicI64>);

impl RequestUser {
    pub fn set(&self, user_id: i64) {
        self.0.store(user_id, Ordering::Relaxed);
    }

    fn get(&self) -> Option<i64> {
        // Ids start at 1: 0 means nobody signed in.
        Some(self.0.load(Ordering::Relaxed)).filter(|id| *id != 0)
    }
}

/// Notes the signed-in user of the request in `extensions`, for its request line.
pub fn note_user(extensions: &axum::http::Extensions, user_id: i64) {
    if let Some(user) = extensions.get::<RequestUser>() {
        user.set(user_id);
    }
}

/// Wraps every route of `router` (and its fallback) with request ids, spans, request lines and
/// metrics. Applied after routing, so the matched route template is known.
pub fn layer(router: Router, state: AppState) -> Router {
    router
        .layer(middleware::from_fn_with_state(state, observe))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

async fn observe(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = match request.extensions().get::<MatchedPath>() {
        Some(path) => path.as_str().to_owned(),
        None => FALLBACK_ROUTE.to_owned(),
    };
    let request_id =
        request.headers().get("x-request-id").and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
    let user = RequestUser::default();
    request.extensions_mut().insert(user.clone());

    let span = tracing::info_span!("request", method, route = %route, request_id = %request_id);
    let response = next.run(request).instrument(span).await;

    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    let metrics = &state.services.metrics;
    if metrics.enabled() {
        metrics.request(method, &route, status, elapsed);
    }
    let latency_ms = elapsed.as_micros() as f64 / 1000.0;
    tracing::info!(method, route = %route, status, latency_ms, request_id = %request_id, user_id = user.get(), "request");
    response
}
