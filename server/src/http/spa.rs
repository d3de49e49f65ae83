//! Serves the built web app: files from the dist folder, precompressed where possible, and
//! `index.html` for every other path so that a reload on a deep link like `/mechanic/orders/7` works.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The web app as a router to use as the fallback of the main one.
pub fn router<S: Clone + Send + Sync + 'static>(dist: &Path) -> Router<S> {
    let index = dist.join("index.html");
    if !index.exists() {
        tracing::warn!(
            path = %index.display(),
            "the web app is not built: run scripts/build-frontend (the API works without it)"
        );
        return Router::new().fallback(not_built);
    }
    let index = ServeFile::new(index).precompressed_br().precompressed_gzip();
    // A missing *file* (a stale asset name after a deploy) is a 404, not the app's HTML, which
    // the browser would fail to run as a script; any other path is a client route.
    let app_or_404 = tower::service_fn(move |request: Request| {
        let index = index.clone();
        async move {
            let last = request.uri().path().rsplit('/').next().unwrap_or("");
            if last.contains('.') {
                return Ok::<_, std::convert::Infallible>(StatusCode::NOT_FOUND.into_response());
            }
            Ok(index.oneshot(request).await.into_response())
        }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(app_or_404);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
        // Responses differ by Accept-Encoding: caches must keep one per encoding.
        .layer(SetResponseHeaderLayer::appending(header::VARY, HeaderValue::from_static("accept-encoding")))
}

async fn not_built() -> (StatusCode, &'static str) {
    (StatusCode::SERVICE_UNAVAILABLE, "The web app is not built: run scripts/build-frontend.")
}

/// Trunk puts a content hash into every asset name, so those can be cached for good. Everything
/// else, `index.html` above all, must be revalidated, or a deploy would not reach the phones.
async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let value =
        if immutable && response.status().is_success() { "public, max-age=31536000, immutable" } else { "no-cache" };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response.into_response()
}

/// `frontend-1a2b3c4d5e6f7a8b_bg.wasm`, `main-0123456789abcdef.css`: a dash, 16 hex digits, then
/// the rest of the name.
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.match_indices('-').any(|(at, _)| {
        let hash = &name[at + 1..];
        hash.len() > 16
            && hash.as_bytes()[..16].iter().all(u8::is_ascii_hexdigit)
            && !hash.as_bytes()[16].is_ascii_hexdigit()
    })
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_trunk_hashed_names_are_immutable() {
        assert!(is_hashed_asset("/frontend-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/mechanic/orders/7"));
        assert!(!is_hashed_asset("/favicon.svg"));
    }
}
