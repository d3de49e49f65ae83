//! The `felix-hub` subcommands besides `serve`.

pub mod demo;
pub mod flags;
pub mod import_legacy;
pub mod migrate;
pub mod migration_data;
pub mod report;
pub mod restore;
pub mod smoke;
pub mod user;
