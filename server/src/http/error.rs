//! Turns service errors into JSON answers, logging the internal ones instead of leaking them.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use app::model::{AppError, ErrorBody, ErrorCode};

use crate::services::ServiceError;

/// An error on its way out of a handler: always `{"error":{"code","message","field"?}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError(error)
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        ApiError(error.into_app_error())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self.0.retry_after;
        let mut response = (status, Json(ErrorBody { error: self.0 })).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

pub async fn api_not_found() -> ApiError {
    ApiError(AppError::new(ErrorCode::NotFound, "No such API route."))
}

/// What the API answers when a request asks for a method the route does not have.
pub async fn method_not_allowed() -> ApiError {
    ApiError(AppError::new(ErrorCode::MethodNotAllowed, "This API route does not take that method."))
}
