//! Staff accounts: who someone is (`directory`) and how accounts change (`accounts`).

pub mod accounts;
pub mod directory;

pub use accounts::{create, list, login_link, me, reset_password, update, update_profile};
pub use directory::{any_exist, find, find_in, names, to_wire};
