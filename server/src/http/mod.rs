//! The HTTP surface: the REST API under `/api` (documented at `/api/openapi.json`), the server
//! functions under `/api/fn`, `/health`, and the web app's files for everything else.

mod auth;
mod catalog;
pub mod client_address;
mod error;
pub mod extract;
mod flags;
mod health;
mod limits;
pub mod metrics;
pub mod observe;
mod orders;
pub mod security_headers;
mod server_fns;
pub mod spa;
mod system;
mod users;
mod work;

pub use error::ApiError;
pub use server_fns::registered as registered_server_fns;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Felix Hub API", description = "Parts ordering for a car repair shop. Send `Authorization: Bearer <token>` from POST /api/auth/login."),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "auth", description = "Signing in and out"),
        (name = "orders", description = "Orders and their lifecycle"),
        (name = "work", description = "Comments, time and items on an order"),
        (name = "catalog", description = "The parts catalog (ENABLE_PART_CATEGORIES)"),
        (name = "admin", description = "Admins only"),
        (name = "config", description = "Public configuration"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The REST API and its OpenAPI document, built from the same route list so they cannot disagree.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let api = OpenApiRouter::new()
        .merge(flags::router())
        .merge(auth::router())
        .merge(orders::router())
        .merge(work::router())
        .merge(catalog::router())
        .merge(users::router())
        .merge(system::router());
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api", api).split_for_parts();
    // After the split: the routes' own paths join the document only here.
    BodyErrors.modify(&mut doc);
    (router, doc)
}

/// Every operation that reads a JSON body can answer 400 (no body, or not JSON: `AppJson`) and
/// 422 (a field fails validation). Added here for all of them, so that no route's document forgets
/// one; the API fuzzer checks that every status sent is documented.
struct BodyErrors;

impl Modify for BodyErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let error = |description: &str| {
            let schema = utoipa::openapi::Ref::from_schema_name("ErrorBody");
            let content = utoipa::openapi::ContentBuilder::new().schema(Some(schema)).build();
            utoipa::openapi::ResponseBuilder::new()
                .description(description)
                .content("application/json", content)
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete, &mut item.get];
            for operation in operations.into_iter().flatten().filter(|op| op.request_body.is_some()) {
                let responses = &mut operation.responses.responses;
                responses
                    .entry("400".into())
                    .or_insert_with(|| error("No JSON body, or a body that is not JSON").into());
                responses
                    .entry("422".into())
                    .or_insert_with(|| error("A field is missing or invalid; `field` names it").into());
            }
        }
    }
}

/// The API's answers gzipped for a client that asks (a browser does): an order page's JSON shrinks
/// about tenfold, which is what a phone on slow 4G waits for. The fastest level, because on a busy
/// server the CPU matters more than the last few percent; answers under 1 KiB go as they are. The
/// web app's own files are not wrapped: they are compressed once, at build time.
fn compressed_json() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .quality(CompressionLevel::Fastest)
        .compress_when(DefaultPredicate::new().and(SizeAbove::new(1024)))
}

/// Every route, before middleware.
pub fn router(state: AppState) -> Router {
    let (api, doc) = api();
    // Serialised once: axum clones every handler for each connection, and a cloned document
    // cost 1.3 MB of memory per open connection.
    let doc = axum::body::Bytes::from(serde_json::to_vec(&doc).expect("the OpenAPI document serialises"));
    let json = [(axum::http::header::CONTENT_TYPE, "application/json")];
    let api = api
        .route("/api/openapi.json", get(move || async move { (json, doc.clone()) }))
        .route("/api/fn/{*name}", axum::routing::post(server_fns::handle))
        .route("/api/{*rest}", axum::routing::any(error::api_not_found))
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(extract::BODY_LIMIT))
        .layer(compressed_json());
    let config = &state.services.config;
    let limited = limits::layer(Router::new().merge(api).merge(spa::router(&config.dist_dir)), &config.limits);
    Router::new().merge(health::router()).merge(metrics::router()).merge(limited).with_state(state)
}
