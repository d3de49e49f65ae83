//! The mechanics' bot, on long polling: linking a chat to an account, the guided new-order
//! dialogue, the open orders, help and the language. It reaches orders through the same service
//! layer as the web app, so admins hear of bot orders like any other.
//!
//! `startup` runs the dispatcher over `schema`, the handler tree. A chat's place in the
//! conversation is its `state::State`; `menu` answers outside an order and `new_order` each step
//! of one; `buttons` types what buttons send back; `chat` is what every handler answers through.

pub mod buttons;
pub mod chat;
pub mod commands;
pub mod menu;
pub mod new_order;
pub mod polling;
pub mod schema;
pub mod startup;
pub mod state;

pub use schema::schema;
pub use startup::spawn;
