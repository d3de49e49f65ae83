//! Integration tests: the real server on 127.0.0.1:0, on a fresh SQLite database, or on a fresh
//! PostgreSQL database when TEST_DATABASE_URL points at a server.

mod bot_api;
mod cli;
mod crash;
mod foundation;
mod helpers;
mod telegram;
