//! The `felix-hub` subcommands besides `serve`.

pub mod demo;
pub mod import_legacy;
pub mod migrate;
pub mod user;
