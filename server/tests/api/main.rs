//! Integration tests: the real server on 127.0.0.1:0, on a fresh SQLite database, or on a fresh
//! PostgreSQL database when TEST_DATABASE_URL points at a server.

mod access;
mod auth;
mod bad_input;
mod bot_api;
mod catalog;
mod cli;
mod commands;
mod compression;
mod concurrency;
mod crash;
mod deploy;
mod foundation;
mod helpers;
mod import_legacy;
mod import_legacy_safety;
mod listing;
mod live_flags;
mod logs;
mod metrics;
mod openapi;
mod orders;
mod process;
mod rollback;
mod rollback_data;
mod security;
mod server_fn_access;
mod server_fns;
mod sign_in_limits;
mod smoke;
mod status;
mod telegram;
mod work;
mod zero_downtime;
