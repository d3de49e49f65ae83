//! `felix-hub flags list|set|pilot|log`: the live flags, against the database, for an operator
//! without a browser. Changes go through the same service as the System page, are logged with
//! source `cli` and the operating system's user, and every running server follows within about
//! a second.

use std::io::Write;
use std::sync::Arc;

use app::model::{Flag, FlagSetting, FlagStatus};

use crate::config::Config;
use crate::db::Db;
use crate::services::flags::{self, Actor};
use crate::services::{ServiceError, Services};

#[derive(clap::Subcommand, Debug)]
pub enum FlagsAction {
    /// Each flag: the environment's default (this shell's), the override, the value in force,
    /// whether it takes effect and why not, and the pilot groups.
    List,
    /// Override a flag for everyone (on, off), or go back to the environment's value (clear).
    Set {
        /// The flag's environment variable, e.g. ENABLE_UI_REFRESH.
        #[arg(value_parser = |v: &str| v.parse::<Flag>())]
        flag: Flag,
        /// on, off or clear.
        #[arg(value_parser = |v: &str| v.parse::<FlagSetting>())]
        value: FlagSetting,
    },
    /// Put a mechanic into a pilot flag's group (on for them while it is off for the rest), or
    /// take them out. Pilot flags: ENABLE_TG_MECH_NOTIFS, ENABLE_MECH_I18N, ENABLE_UI_REFRESH.
    Pilot {
        #[arg(value_parser = |v: &str| v.parse::<Flag>())]
        flag: Flag,
        action: PilotAction,
        /// The mechanic's username.
        username: String,
    },
    /// The change log, newest first.
    Log {
        /// How many entries.
        #[arg(long, default_value_t = 20)]
        limit: u64,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PilotAction {
    Add,
    Remove,
}

pub async fn run(config: Config, action: FlagsAction, out: &mut impl Write) -> anyhow::Result<()> {
    let defaults = config.flags.resolve().map_err(anyhow::Error::msg)?;
    let db = Db::connect(&config.database_url, 2).await?;
    // As `serve` does: a migration rolled back on purpose stays rolled back.
    crate::commands::migrate::apply_for_serve(&db.write).await?;
    let services = Services::new(db, defaults, Arc::new(config));
    flags::refresh(&services, true).await?;
    let actor = Actor::cli();
    match action {
        FlagsAction::List => {
            let overview = flags::overview(&services, &actor).await.map_err(said)?;
            table(&overview.flags, out)?;
            writeln!(
                out,
                "\nENV DEFAULT is this shell's environment: a server uses its own ENABLE_* variables, and an override wins over both."
            )?;
            if !overview.overrides_available {
                writeln!(
                    out,
                    "Overrides are unavailable: migration {} is not applied (`felix-hub migrate apply`).",
                    migration::FLAGS_MIGRATION
                )?;
            }
        }
        FlagsAction::Set { flag, value } => {
            let before = flags::statuses(&services).into_iter().find(|s| s.name == flag.name());
            let status = flags::set(&services, &actor, flag, value).await.map_err(said)?;
            let was = before.and_then(|s| s.override_value);
            writeln!(
                out,
                "{flag}: override {} (was {}); in force for everyone: {}. Running servers follow within about {} s.",
                word(status.override_value),
                word(was),
                on_off(status.enabled),
                flags::POLL.as_secs().max(1),
            )?;
            if let Some(note) = &status.note {
                writeln!(out, "Not effective: {note}")?;
            }
        }
        FlagsAction::Pilot { flag, action, username } => {
            let member = action == PilotAction::Add;
            let status = flags::set_pilot(&services, &actor, flag, &username, member).await.map_err(said)?;
            let members: Vec<&str> = status.pilot.iter().flatten().map(|m| m.username.as_str()).collect();
            writeln!(
                out,
                "{flag}: pilot group {}.{}",
                if members.is_empty() { "empty".to_owned() } else { members.join(", ") },
                if status.enabled { " The flag is on for everyone, so the group changes nothing now." } else { "" }
            )?;
        }
        FlagsAction::Log { limit } => {
            let changes = flags::changes(&services, &actor, limit).await.map_err(said)?;
            if changes.is_empty() {
                writeln!(out, "No flag changes yet.")?;
            }
            for change in changes {
                let what = match &change.mechanic {
                    Some(mechanic) => format!("{} pilot {mechanic}", change.flag),
                    None => change.flag.to_string(),
                };
                let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
                writeln!(
                    out,
                    "{}  {what}: {} -> {}  by {} ({})",
                    change.changed_at.format("%Y-%m-%d %H:%M:%S UTC"),
                    value(&change.old_value),
                    value(&change.new_value),
                    change.changed_by,
                    change.source.as_str()
                )?;
            }
        }
    }
    Ok(())
}

/// The flags as a table, one row each.
fn table(rows: &[FlagStatus], out: &mut impl Write) -> std::io::Result<()> {
    let header = ["FLAG", "ENV DEFAULT", "OVERRIDE", "VALUE", "EFFECTIVE", "PILOT GROUP", "REASON"];
    let lines: Vec<[String; 7]> = rows
        .iter()
        .map(|row| {
            let pilot = match &row.pilot {
                Some(members) if !members.is_empty() => {
                    members.iter().map(|m| m.username.as_str()).collect::<Vec<_>>().join(",")
                }
                Some(_) => "(none)".into(),
                None => "-".into(),
            };
            [
                row.name.clone(),
                on_off(row.default).into(),
                word(row.override_value),
                on_off(row.enabled).into(),
                if row.effective { "yes" } else { "no" }.into(),
                pilot,
                row.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let print = |out: &mut dyn Write, cells: &[&str]| -> std::io::Result<()> {
        let padded: Vec<String> = cells.iter().zip(widths).map(|(cell, width)| format!("{cell:<width$}")).collect();
        writeln!(out, "{}", padded.join("  ").trim_end())
    };
    print(&mut *out, &header)?;
    for line in &lines {
        print(&mut *out, &line.each_ref().map(String::as_str))?;
    }
    Ok(())
}

fn on_off(value: bool) -> &'static str {
    if value { "on" } else { "off" }
}

/// An override as a word: on, off, or `-` for none.
fn word(value: Option<bool>) -> String {
    value.map_or_else(|| "-".into(), |v| on_off(v).into())
}

/// A service's refusal as the command's error, in its own words.
fn said(error: ServiceError) -> anyhow::Error {
    anyhow::anyhow!(error.into_app_error().to_string())
}
