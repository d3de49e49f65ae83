//! Extractors that answer bad input in the API's JSON error shape: bodies, query strings, path
//! parameters and the bearer token.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use app::model::{AppError, ErrorCode, Viewer};

use super::ApiError;
use crate::services::auth;
use crate::state::AppState;

/// Largest request body the API reads.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A JSON body. Unreadable JSON is a 400; JSON of the wrong shape a 422 naming the field; a body
/// over the limit a 413. The Content-Type is not checked: `curl -d` without a header still works.
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| match rejection {
            BytesRejection::FailedToBufferBody(_) if rejection.status().as_u16() == 413 => ApiError(AppError::new(
                ErrorCode::PayloadTooLarge,
                format!("The request body is larger than {} KB.", BODY_LIMIT / 1024),
            )),
            other => ApiError(AppError::bad_request(format!("The request body could not be read: {other}"))),
        })?;
        parse_json(&bytes).map(AppJson)
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError(AppError::bad_request("The request needs a JSON body.")));
    }
    // Syntax is checked on its own first: serde_json reports a value of the wrong type for an
    // enum field (`{"status":3}`) as a syntax error, yet that is valid JSON of the wrong shape.
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError(AppError::bad_request("The body is not valid JSON: it is not UTF-8.")))?;
    if let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Err(ApiError(AppError::bad_request(format!("The body is not valid JSON: {error}"))));
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let message = match inner.classify() {
            serde_json::error::Category::Data => inner.to_string(),
            _ => "a value of the wrong type".to_owned(),
        };
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        // A missing field is reported at its parent: name the field itself.
        let field = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
            .map(|name| if path == "." { name.to_owned() } else { format!("{path}.{name}") })
            .unwrap_or(path);
        // "." is the body as a whole (an array for an object, or inside a tagged enum, whose
        // buffering loses the path): there is no field to point a form at.
        if field == "." {
            return ApiError(AppError::new(ErrorCode::Validation, format!("The body has the wrong shape: {message}")));
        }
        ApiError(AppError::field(ErrorCode::Validation, &field, format!("{field}: {message}")))
    })
}

/// Query parameters, with the same error shape as bodies.
pub struct AppQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for AppQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
        serde_path_to_error::deserialize(deserializer).map(AppQuery).map_err(|error| {
            let field = error.path().to_string();
            let message = error.into_inner().to_string();
            ApiError(AppError::field(ErrorCode::Validation, &field, format!("{field}: {message}")))
        })
    }
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

/// Path parameters; a malformed one (`/api/orders/abc`) is a 400 in the API's shape.
pub struct AppPath<T>(pub T);

impl<S, T> FromRequestParts<S> for AppPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| AppPath(value))
            .map_err(|rejection| {
                ApiError(AppError::bad_request(format!("Bad path parameter: {}", rejection.body_text())))
            })
    }
}

/// The signed-in user, from `Authorization: Bearer <token>`. Missing or invalid: 401.
pub struct CurrentUser(pub Viewer);

impl<S> FromRequestParts<S> for CurrentUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let state = AppState::from_ref(state);
        let token = bearer_token(&parts.headers).ok_or_else(|| {
            ApiError(AppError::unauthorized(
                "Sign in first: send Authorization: Bearer <token> (from POST /api/auth/login).",
            ))
        })?;
        let viewer = auth::authenticate(&state.services, token).await?;
        super::observe::note_user(&parts.extensions, viewer.id);
        Ok(CurrentUser(viewer))
    }
}

/// The signed-in user, who must be an admin: 401 without a token, 403 for a mechanic.
pub struct AdminUser(pub Viewer);

impl<S> FromRequestParts<S> for AdminUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let CurrentUser(viewer) = CurrentUser::from_request_parts(parts, state).await?;
        if !viewer.is_admin() {
            return Err(ApiError(AppError::forbidden("Only an admin may do this.")));
        }
        Ok(AdminUser(viewer))
    }
}

/// The token of an `Authorization: Bearer …` header (the scheme in any case).
pub fn bearer_token(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        vin: String,
        quantity: Option<i32>,
    }

    #[test]
    fn json_errors_name_the_field() {
        let missing = parse_json::<Body>(br#"{"quantity":1}"#).unwrap_err().0;
        assert_eq!((missing.code, missing.field.as_deref()), (ErrorCode::Validation, Some("vin")));
        let wrong = parse_json::<Body>(br#"{"vin":"X","quantity":"two"}"#).unwrap_err().0;
        assert_eq!((wrong.code, wrong.field.as_deref()), (ErrorCode::Validation, Some("quantity")));
        let enum_type = parse_json::<app::model::StatusChange>(br#"{"status":3}"#).unwrap_err().0;
        assert_eq!((enum_type.code, enum_type.field.as_deref()), (ErrorCode::Validation, Some("status")));
        let array = parse_json::<Body>(b"[]").unwrap_err().0;
        assert_eq!((array.code, array.field), (ErrorCode::Validation, None));
        let latin1 = parse_json::<Body>(b"{\"vin\":\"\xff\"}").unwrap_err().0;
        assert_eq!(latin1.code, ErrorCode::BadRequest);
        let broken = parse_json::<Body>(br#"{"vin":"#).unwrap_err().0;
        assert_eq!(broken.code, ErrorCode::BadRequest);
        let empty = parse_json::<Body>(b"").unwrap_err().0;
        assert_eq!(empty.code, ErrorCode::BadRequest);
    }
}
