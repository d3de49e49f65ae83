//! The `felix-hub` subcommands besides `serve`.

pub mod demo;
pub mod migrate;
pub mod report;
pub mod smoke;
pub mod user;
