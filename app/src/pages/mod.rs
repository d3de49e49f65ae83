//! The pages: the login page, the mechanics' app and the admin panel.

pub mod admin;
pub mod login;
pub mod mechanic;
mod order;
