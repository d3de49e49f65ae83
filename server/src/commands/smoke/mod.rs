//! `felix-hub smoke`: the rollout plan's machine-checkable steps against a running server, one row
//! per check. It creates one order, clearly marked as a smoke test, and cancels it at the end
//! whatever happened in between, so a run against production leaves no open order behind.

mod checks;
mod probe;
pub mod rows;
mod web_app;

use std::io::BufRead;
use std::process::ExitCode;

use clap::ValueEnum;
use secrecy::{ExposeSecret, SecretString};

use self::rows::SmokeReport;

#[derive(clap::Args, Debug)]
pub struct SmokeArgs {
    /// The server's address, e.g. https://felix-hub.example.com.
    #[arg(long)]
    pub url: String,
    /// The account to sign in with. An admin's also checks the outbox and the System page.
    #[arg(long)]
    pub username: String,
    /// The account's password; read from one line of stdin when not set.
    #[arg(long, env = "SMOKE_PASSWORD", hide_env_values = true)]
    pub password: Option<SecretString>,
    /// How to print the rows.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
}

/// Runs every check and prints the rows. Exits 0 only when no check failed.
pub async fn run(args: SmokeArgs) -> anyhow::Result<ExitCode> {
    let password = match args.password {
        Some(password) => password.expose_secret().to_owned(),
        None => {
            eprintln!("Password for {} (one line on stdin, or set SMOKE_PASSWORD):", args.username);
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let url = args.url.trim_end_matches('/').to_owned();
    let rows = checks::run(&url, &args.username, &password).await?;
    let report = SmokeReport::new(&url, rows);
    let text = match args.format {
        Format::Table => report.table(),
        Format::Json => report.json(),
        Format::Markdown => report.markdown(),
    };
    print!("{text}");
    Ok(if report.failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
