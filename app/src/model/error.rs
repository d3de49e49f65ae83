//! The one error shape every door answers with: `{"error":{"code","message","field"?}}`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What went wrong, as a stable machine-readable code. Each code has one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the request could not be read (not JSON, not UTF-8, no body, a malformed path).
    BadRequest,
    /// 401: no valid bearer token.
    Unauthorized,
    /// 403: signed in, but the role does not allow this.
    Forbidden,
    /// 404: no such thing, or not yours.
    NotFound,
    /// 404: the route belongs to a feature whose flag is off.
    FeatureDisabled,
    /// 405: the route exists but not with this method.
    MethodNotAllowed,
    /// 409: the request conflicts with the current state (e.g. an illegal status move).
    Conflict,
    /// 413: the request body is too large.
    PayloadTooLarge,
    /// 422: the request was read, but a field is missing, of the wrong type or invalid (in the
    /// body or the query string).
    Validation,
    /// 429: too many attempts; try again later.
    RateLimited,
    /// 500: our fault. The details are in the server log, never in the answer.
    Internal,
    /// 503: a dependency (the database) is unreachable.
    Unavailable,
    /// The browser could not reach the server at all (never sent by the server).
    Network,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound | ErrorCode::FeatureDisabled => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::Validation => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable | ErrorCode::Network => 503,
        }
    }
}

/// An error as the client sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field at fault, when there is one, so a form can show the message beside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For a 429 or a 503: seconds to wait before trying again. Sent as the `Retry-After` header,
    /// not in the body.
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError { code, message: message.into(), field: None, retry_after: None }
    }

    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        AppError { code, message: message.into(), field: Some(field.to_owned()), retry_after: None }
    }

    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::field(ErrorCode::Validation, field, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, message)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    /// The same error, saying when to try again.
    pub fn retry_after(self, seconds: u64) -> Self {
        AppError { retry_after: Some(seconds), ..self }
    }

    pub fn internal() -> Self {
        Self::new(ErrorCode::Internal, "Something went wrong on our side. It has been logged.")
    }

    pub fn status(&self) -> u16 {
        self.code.status()
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for AppError {}

/// The JSON body of an error answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: AppError,
}

/// Server functions carry `AppError` as JSON, so the browser gets the same code, message and
/// field as a REST client would. An error that is not an `AppError` (arguments that do not decode,
/// a failure inside the server-function machinery) goes to the log with its text, and the client
/// gets a fixed message with a code instead: its text can name types, fields or internals.
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr;
        let error = match &value {
            // Only the browser sees this one: its own fetch failed.
            ServerFnErrorErr::Request(message) => {
                AppError::new(ErrorCode::Network, format!("The server could not be reached: {message}"))
            }
            // The server's body limit reaches a server function as a failure to read its body
            // ("length limit exceeded"); REST answers the same limit with a 413.
            ServerFnErrorErr::Deserialization(message) if message.contains("length limit exceeded") => {
                AppError::new(ErrorCode::PayloadTooLarge, "The request body is too large.")
            }
            // In the browser this is an answer it could not read: nothing the user sent.
            ServerFnErrorErr::Deserialization(_) if !cfg!(feature = "ssr") => AppError::internal(),
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::bad_request(ARGUMENTS_UNREADABLE)
            }
            _ => AppError::internal(),
        };
        #[cfg(feature = "ssr")]
        {
            if error.code == ErrorCode::Internal {
                tracing::error!(error = %value, "server function failed outside its AppError");
            } else {
                tracing::info!(error = %value, code = ?error.code, "server function arguments refused");
            }
            // Arguments that cannot be decoded never reach the function body, which is where the
            // status is otherwise set: without this a 400 would go out as a 500.
            if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
                && let Ok(status) = http::StatusCode::from_u16(error.status())
            {
                options.set_status(status);
            }
        }
        #[cfg(not(feature = "ssr"))]
        if error.code != ErrorCode::Network {
            leptos::logging::warn!("server function error: {value}");
        }
        error
    }
}

/// What a client is told when a server function's arguments do not decode. The decoder's own
/// words go to the server log only.
pub const ARGUMENTS_UNREADABLE: &str =
    "The request's arguments could not be read: send a JSON object with the function's arguments.";

impl From<leptos::server_fn::error::ServerFnErrorErr> for AppError {
    fn from(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        <AppError as leptos::server_fn::error::FromServerFnError>::from_server_fn_error(value)
    }
}

#[cfg(test)]
mod tests {
    use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

    use super::*;

    #[test]
    fn errors_that_are_not_app_errors_reach_the_client_without_their_text() {
        let secret = "connection to postgres://felix:hunter2@db failed";
        for raw in [
            ServerFnErrorErr::ServerError(secret.into()),
            ServerFnErrorErr::Serialization(secret.into()),
            ServerFnErrorErr::Response(secret.into()),
            ServerFnErrorErr::MiddlewareError(secret.into()),
            ServerFnErrorErr::Registration(secret.into()),
        ] {
            let error = AppError::from_server_fn_error(raw);
            assert_eq!(error, AppError::internal());
        }
        for raw in [ServerFnErrorErr::Args(secret.into()), ServerFnErrorErr::MissingArg(secret.into())] {
            let error = AppError::from_server_fn_error(raw);
            assert_eq!((error.code, error.message.as_str()), (ErrorCode::BadRequest, ARGUMENTS_UNREADABLE));
        }
        let too_big = AppError::from_server_fn_error(ServerFnErrorErr::Deserialization("length limit exceeded".into()));
        assert_eq!(too_big.code, ErrorCode::PayloadTooLarge);
    }
}
