//! `felix-hub import-legacy --from URL`: brings a shop's FelixPartsBot database (SQLite or
//! PostgreSQL) into Felix Hub's, in one transaction: mechanics, the catalog, orders with their ids,
//! comments, time, priced items and assignment history. `--dry-run` reads and reports only.

mod legacy;
mod map_orders;
mod map_people;
mod map_work;
mod plan;
mod report;
mod selected_parts;
mod source;
mod statuses;
mod target;
mod values;
mod write;

use std::io::Write;

use crate::config::Config;
use crate::db::Db;
use report::{Report, Table};

#[derive(clap::Args, Debug)]
pub struct ImportLegacy {
    /// FelixPartsBot's database: sqlite://path/to/database.db or postgres://user@host/db.
    #[arg(long = "from", value_name = "URL")]
    pub from: String,
    /// Read everything and print what would be imported and every problem; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import into a database that already holds orders. Nothing is renumbered: an order, category
    /// or part id that is taken stops the import before anything is written.
    #[arg(long)]
    pub into_non_empty: bool,
}

/// Runs the import and prints its report to `out`. Fails, having written nothing, when the
/// target holds orders (without `--into-non-empty`), when a kept id is taken, or when the write
/// fails.
pub async fn run(config: &Config, args: &ImportLegacy, out: &mut impl Write) -> anyhow::Result<()> {
    let dry = if args.dry_run { " (dry run: nothing is written)" } else { "" };
    writeln!(out, "Importing FelixPartsBot's {} into {}{dry}", redact(&args.from), redact(&config.database_url))?;
    let source = source::open(&args.from).await?;
    let mut report = Report::default();
    let legacy = legacy::read(&source, &mut report).await?;

    let mut refusals = Vec::new();
    let db = if args.dry_run {
        match source::connect_read_only(&config.database_url).await {
            Ok(db) => Some(Db { read: db.clone(), write: db }),
            Err(_) if config.database_url.starts_with("sqlite:") => {
                report.notes.push("the target database does not exist yet: a real import creates it".into());
                None
            }
            Err(error) => return Err(error),
        }
    } else {
        let db = Db::connect(&config.database_url, 2).await?;
        // As `serve` does: a migration rolled back on purpose stays rolled back, and then the
        // import refuses below rather than undo the operator's rollback.
        crate::commands::migrate::apply_for_serve(&db.write).await?;
        Some(db)
    };
    let target = match &db {
        Some(db) => target::read(&db.write).await?,
        None => target::Target { fresh: true, next_user_id: 1, ..Default::default() },
    };
    if let Some(db) = db.as_ref().filter(|_| !target.fresh) {
        let missing = target::missing_migrations(&db.write).await?;
        if !missing.is_empty() {
            refusals.push(format!(
                "the import needs every migration, and {} is not applied: run `felix-hub migrate apply` first",
                missing.join(", ")
            ));
        }
    }
    if target.order_count > 0 && !args.into_non_empty {
        refusals.push(format!(
            "the target already holds {} order(s): import into an empty database, or give --into-non-empty to add to it",
            target.order_count
        ));
    }

    let plan = plan::Mapper::new(&legacy, &target, &mut report, config.default_language.into()).build();
    if !plan.clashes.is_empty() {
        refusals.push(format!(
            "ids the import keeps are taken in the target ({}): nothing is renumbered, so nothing was imported",
            clashes(&plan.clashes)
        ));
    }
    notes(&mut report, &legacy, &plan);
    writeln!(out, "\nAccounts (username, name, language):")?;
    for account in &plan.accounts {
        writeln!(out, "  {account}")?;
    }
    report.print(out, args.dry_run)?;
    writeln!(out)?;
    if !refusals.is_empty() {
        anyhow::bail!("{}", refusals.join("; "));
    }
    if args.dry_run {
        writeln!(out, "Dry run: nothing was written.")?;
    } else if let Some(db) = db {
        write::write(&db.write, plan).await?;
        writeln!(out, "Imported in one transaction.")?;
    }
    writeln!(
        out,
        "\nFelixPartsBot had no admin accounts (its admin panel had no sign-in), so none were imported.\n\
         Create one, with the password on stdin:\n  \
         felix-hub user create --username admin --name \"Your Name\" --role admin\n\
         Mechanics sign in with their email address and their FelixPartsBot password; the first\n\
         sign-in replaces the old hash with an Argon2id one."
    )?;
    Ok(())
}

fn notes(report: &mut Report, legacy: &legacy::Legacy, plan: &plan::Plan) {
    if !legacy.dropped_fields.is_empty() {
        report
            .notes
            .push(format!("not carried over, as Felix Hub has no such field: {}", legacy.dropped_fields.join(", ")));
    }
    let (notifications, _, _) = report.counts(Table::NotificationLogs);
    if notifications > 0 {
        report.notes.push(format!(
            "notification_logs ({notifications} rows) is the old bot's delivery log: Felix Hub keeps its own, and sends nothing again"
        ));
    }
    report.notes.push(format!(
        "selected_parts: {} part(s) held by their orders, {} written as order items; {} running timer(s)",
        plan.parts_on_orders, plan.parts_as_items, plan.running_timers
    ));
}

/// Taken ids by kind, the first few of each: "orders 101, 102 (2 in all)".
fn clashes(clashes: &[(&'static str, i64)]) -> String {
    let mut kinds: Vec<&str> = clashes.iter().map(|(kind, _)| *kind).collect();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|kind| {
            let ids: Vec<String> = clashes.iter().filter(|(k, _)| *k == kind).map(|(_, id)| id.to_string()).collect();
            let shown = ids.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
            let more = if ids.len() > 10 { ", …" } else { "" };
            format!("{kind} ids {shown}{more} ({} in all)", ids.len())
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A database URL without its password, for printing.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{}", &rest[authority_end..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn printed_urls_hide_the_password() {
        assert_eq!(super::redact("postgres://felix:s3cret@db:5432/old"), "postgres://felix:***@db:5432/old");
        assert_eq!(super::redact("postgres://postgres@127.0.0.1/x"), "postgres://postgres@127.0.0.1/x");
        assert_eq!(super::redact("sqlite://old.db"), "sqlite://old.db");
    }
}
