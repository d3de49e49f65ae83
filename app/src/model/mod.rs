//! Wire types shared by the browser and the server, with their validation rules.

mod error;
mod flags;
mod language;

pub use error::{AppError, ErrorBody, ErrorCode};
pub use flags::FeatureFlags;
pub use language::Language;
