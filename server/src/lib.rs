//! Felix Hub's server: the database, the REST API, the server functions, the web app's files and
//! the Telegram side, behind one axum router.

pub mod build_info;
pub mod commands;
pub mod config;
pub mod db;
pub mod entities;
pub mod http;
pub mod metrics;
pub mod services;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod telegram;
pub mod telemetry;

pub use config::Config;
pub use startup::Application;
