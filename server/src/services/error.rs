//! What a service returns when it does not succeed: an answer for the client, or a database error
//! to log and hide.

use sea_orm::DbErr;

use app::model::{AppError, ErrorCode};

/// A service failure: an answer for the client, or a database error to log and hide.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl ServiceError {
    /// What the client may see. Database details go to the log only; an unreachable database is
    /// a 503 (try again), anything else a 500.
    pub fn into_app_error(self) -> AppError {
        match self {
            ServiceError::App(error) => error,
            ServiceError::Db(error) => {
                if matches!(error, DbErr::ConnectionAcquire(_) | DbErr::Conn(_)) {
                    tracing::error!(%error, "database unreachable");
                    AppError::new(ErrorCode::Unavailable, "The database is unreachable. Try again in a moment.")
                } else {
                    tracing::error!(%error, "database error");
                    AppError::internal()
                }
            }
        }
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> AppError {
        error.into_app_error()
    }
}

/// Shorthand for returning a client error from a service.
pub fn fail<T>(error: AppError) -> ServiceResult<T> {
    Err(ServiceError::App(error))
}
