//! Server functions: how the web app reaches the service layer. Each is a POST with a JSON body
//! to `/api/fn/<endpoint>`, sent with the stored bearer token, answered with JSON or an `AppError`.

#[cfg(feature = "ssr")]
pub mod backend;
mod client;

pub mod auth;
pub mod catalog;
pub mod orders;
pub mod system;
pub mod users;
pub mod work;

pub use client::{AuthClient, TOKEN_KEY, stored_token};
