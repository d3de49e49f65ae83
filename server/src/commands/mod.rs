//! The `felix-hub` subcommands besides `serve`.

pub mod demo;
pub mod migrate;
pub mod migration_data;
pub mod restore;
pub mod user;
