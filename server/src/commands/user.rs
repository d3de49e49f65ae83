//! `felix-hub user create`: adds a mechanic or an admin, reading the password from stdin.

use std::io::BufRead;
use std::sync::Arc;

use app::model::{Language, NewUser, Role};

use crate::config::Config;
use crate::db::Db;
use crate::services::{Services, users};

#[derive(clap::Args, Debug)]
pub struct CreateUser {
    /// Login name: 3 to 64 of a-z, 0-9, dot, dash, underscore.
    #[arg(long)]
    pub username: String,
    /// Full name, as shown in the app and in messages.
    #[arg(long)]
    pub name: String,
    /// mechanic or admin.
    #[arg(long, value_parser = |v: &str| v.parse::<Role>())]
    pub role: Role,
    /// Telegram chat id for notifications (mechanics can also link it from the bot).
    #[arg(long)]
    pub telegram_chat_id: Option<i64>,
    /// he, en or ru (DEFAULT_LANGUAGE when left out).
    #[arg(long, value_parser = |v: &str| v.parse::<Language>())]
    pub language: Option<Language>,
}

pub async fn create(config: Config, args: CreateUser) -> anyhow::Result<()> {
    let flags = config.flags.resolve().map_err(anyhow::Error::msg)?;
    let db = Db::connect(&config.database_url, 2).await?;
    // As `serve` does: a migration rolled back on purpose stays rolled back.
    crate::commands::migrate::apply_for_serve(&db.write).await?;
    eprintln!("Password for {} (one line on stdin):", args.username);
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    let services = Services::new(db, flags, Arc::new(config));
    let user = users::create(
        &services,
        None,
        NewUser {
            username: args.username,
            display_name: args.name,
            password,
            role: args.role,
            telegram_chat_id: args.telegram_chat_id,
            language: args.language,
        },
    )
    .await
    .map_err(|error| anyhow::anyhow!(error.into_app_error().to_string()))?;
    println!("Created {} '{}' (id {}).", user.role, user.username, user.id);
    Ok(())
}
