//! The service layer: every door (REST, server functions, the Telegram bot) reaches orders,
//! users and the catalog through these functions, so the rules live in one place.
//!
//! Dependencies run one way: doors call services; services call the entities, each other's leaf
//! helpers (`access`, `clock`, `counts`, `per_order`, `text_match`) and the message wording in `telegram::text`; nothing
//! here calls a door or a worker.

pub mod access;
pub mod auth;
pub mod catalog;
pub mod clock;
pub mod comments;
pub mod context;
pub mod counts;
pub mod error;
pub mod flags;
pub mod items;
pub mod order_events;
pub mod orders;
pub mod outbox;
pub mod outbox_links;
pub mod per_order;
pub mod recipients;
pub mod system;
pub mod text_match;
pub mod time;
pub mod users;

pub use context::Services;
pub use error::{ServiceError, ServiceResult, fail};
