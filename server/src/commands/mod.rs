//! The `felix-hub` subcommands besides `serve`.

pub mod demo;
pub mod migrate;
pub mod user;
