//! `felix-hub`: the command line. Parses configuration and hands over to the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use secrecy::ExposeSecret;

use server::commands::migrate::{self, DataPolicy, Rollback};
use server::commands::migration_data::Export;
use server::config::Config;
use server::db::Db;
use server::startup::{Application, StartOptions};

#[derive(Parser)]
#[command(name = "felix-hub", version, about = "Felix Hub: the parts-ordering hub of a car repair shop.")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server: REST API, web app and Telegram (the default command). Applies pending
    /// migrations first.
    Serve {
        /// Do not apply pending migrations; refuse to start if there are any.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Load demo data (three accounts, a catalog, twenty orders) into an empty database.
    Demo {
        /// Do nothing, successfully, when the database already holds data.
        #[arg(long)]
        if_empty: bool,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// The live feature flags, against the database: list them, override one for everyone
    /// (`set FLAG on|off|clear`), put mechanics into a pilot group (`pilot FLAG add|remove
    /// USERNAME`), or read the change log. Running servers follow within about a second.
    Flags {
        #[command(subcommand)]
        action: server::commands::flags::FlagsAction,
    },
    /// Show, apply or roll back database migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Run the rollout plan's machine-checkable steps against a running server (exit 1 when one
    /// fails). Creates one order marked SMOKE TEST and cancels it at the end.
    Smoke(server::commands::smoke::SmokeArgs),
    /// The plan's Post-Rollout Report from /metrics: `report snapshot` saves a baseline, and
    /// `report --baseline FILE --url URL` prints the tables. Reads METRICS_TOKEN for /metrics.
    Report(server::commands::report::ReportArgs),
    /// Bring a shop's FelixPartsBot database (SQLite or PostgreSQL) into this one, in one
    /// transaction: mechanics, catalog, orders with their ids, comments, time, items, history.
    ImportLegacy(server::commands::import_legacy::ImportLegacy),
}

#[derive(Subcommand)]
enum UserAction {
    /// Add a mechanic or an admin; the password is read from stdin.
    Create(server::commands::user::CreateUser),
}

#[derive(Subcommand)]
enum MigrateAction {
    /// List every migration as applied or pending.
    Status,
    /// Apply all pending migrations.
    Apply {
        /// Then put back what `migrate rollback --export FILE` kept, with the same ids.
        #[arg(long, value_name = "FILE")]
        restore: Vec<PathBuf>,
    },
    /// Roll back migrations, newest first. Without --steps, rolls back the feature migrations
    /// (car_number, catalog) and keeps the base schema and the flags' tables. Refuses, changing
    /// nothing, when that would delete data, unless given --export FILE or --discard-data.
    Rollback {
        /// How many migrations to roll back.
        #[arg(long)]
        steps: Option<u32>,
        /// First write every value the rollback deletes to FILE (a new file), for `migrate apply --restore FILE`.
        #[arg(long, value_name = "FILE", conflicts_with = "discard_data")]
        export: Option<PathBuf>,
        /// Delete the data the rolled-back migrations hold.
        #[arg(long)]
        discard_data: bool,
        /// Allow rolling back the base schema, which drops every table (all steps unless --steps says fewer).
        #[arg(long)]
        including_base_schema: bool,
    },
}

fn main() -> ExitCode {
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind;
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                error.exit();
            }
            eprintln!("{}", one_line(&error));
            return ExitCode::from(2);
        }
    };
    // A platform's form often leaves a variable set but empty: that means "no bot", not a bot
    // whose every call fails.
    cli.config.telegram_bot_token =
        cli.config.telegram_bot_token.take().filter(|token| !token.expose_secret().trim().is_empty());
    if let Err(message) = cli.config.flags.resolve() {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    fewer_malloc_arenas();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    let result = runtime.block_on(run(cli));
    // What is still running once `serve` gave up on it (past SHUTDOWN_TIMEOUT_SECS) must not
    // hold the exit: the platform would kill the process anyway.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// One line that names the variable and the value, for the platform's log: a misspelt flag on
/// Render must be obvious at a glance, not buried in a usage screen.
fn one_line(error: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue};
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(value)) => Some(value.clone()),
        _ => None,
    };
    match (context(ContextKind::InvalidArg), context(ContextKind::InvalidValue)) {
        (Some(arg), Some(value)) => {
            // The argument reads `--enable-car-number <ENABLE_CAR_NUMBER>`: the placeholder is the
            // environment variable's name.
            let variable = arg.rsplit('<').next().map(|v| v.trim_end_matches('>')).unwrap_or(&arg);
            let reason = error.to_string();
            let reason = reason.lines().next().unwrap_or_default().rsplit(": ").next().unwrap_or_default().to_owned();
            format!("error: invalid {variable}={value:?}: {reason}")
        }
        _ => error.to_string().lines().next().unwrap_or("error: invalid configuration").to_owned(),
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve { no_migrate: false }) {
        Command::Serve { no_migrate } => {
            // teloxide logs each getUpdates retry at info; `telegram::bot::polling` says it once.
            server::telemetry::init_with(
                "info,sqlx=warn,tower_http=info,teloxide::update_listeners::polling=warn",
                config.observability.log_format,
            );
            let app = Application::build(config, StartOptions { migrate: !no_migrate }).await?;
            app.run_until_stopped().await?;
        }
        Command::Demo { if_empty } => {
            server::telemetry::init("warn");
            server::commands::demo::load(config, if_empty).await?;
        }
        Command::User { action: UserAction::Create(args) } => {
            server::telemetry::init("warn");
            server::commands::user::create(config, args).await?;
        }
        Command::Smoke(args) => {
            server::telemetry::init("warn");
            return server::commands::smoke::run(args).await;
        }
        Command::Report(args) => {
            server::telemetry::init("warn");
            server::commands::report::run(args).await?;
        }
        Command::ImportLegacy(args) => {
            server::telemetry::init("warn");
            server::commands::import_legacy::run(&config, &args, &mut std::io::stdout()).await?;
        }
        Command::Flags { action } => {
            server::telemetry::init("warn");
            server::commands::flags::run(config, action, &mut std::io::stdout()).await?;
        }
        Command::Migrate { action } => {
            server::telemetry::init("warn");
            let db = Db::connect(&config.database_url, 1).await?;
            let mut out = std::io::stdout();
            match action {
                MigrateAction::Status => migrate::status(&db.write, &mut out).await?,
                MigrateAction::Apply { restore } => {
                    // Every file is read before the schema changes: a wrong file changes nothing.
                    let exports = restore.iter().map(|path| Export::read(path)).collect::<anyhow::Result<Vec<_>>>()?;
                    migrate::apply_pending(&db.write, true).await?;
                    for (path, export) in restore.iter().zip(&exports) {
                        println!("\nRestoring {}...", path.display());
                        server::commands::restore::restore(&db.write, export, &mut out).await?;
                    }
                }
                MigrateAction::Rollback { steps, export, discard_data, including_base_schema } => {
                    let data = match (export, discard_data) {
                        (Some(path), _) => DataPolicy::Export(path),
                        (None, true) => DataPolicy::Discard,
                        (None, false) => DataPolicy::Refuse,
                    };
                    let plan = Rollback { steps, data, including_base_schema };
                    migrate::rollback(&db.write, &plan, &mut out).await?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// glibc gives threads that allocate at once arenas of their own, up to eight per core, and never
/// hands their free pages back to each other: the runtime's workers and the SQLite connections'
/// threads each kept one. Two arenas cut the server's peak RSS in the workloads benchmark from
/// 71 MB to 56 MB at the same speed. Set before any thread starts.
fn fewer_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
