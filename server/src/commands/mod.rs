//! The `felix-hub` subcommands besides `serve`.

pub mod migrate;
