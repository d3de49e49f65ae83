//! `felix-hub migrate status|apply|rollback`: the schema, reported to the operator one change per
//! line. A rollback that would delete data refuses unless it may export or discard it
//! (`migration_data`); `restore` puts an export back.

use std::io::Write;
use std::path::PathBuf;

use sea_orm::sea_query::{Alias, ColumnDef, OnConflict, Query, Table};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use sea_orm_migration::{MigrationStatus, MigratorTrait, SchemaManager};

use app::model::{FeatureFlags, Flag};
use migration::Migrator;

use super::migration_data::{self, Export};

const RULE: &str = "==================================================";

/// Migrations an operator rolled back on purpose. `serve` leaves them, and any after them,
/// unapplied until `felix-hub migrate apply`: a restart must not quietly undo a rollback.
const HOLDS: &str = "felix_migration_holds";

async fn holds(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    if !SchemaManager::new(db).has_table(HOLDS).await? {
        return Ok(Vec::new());
    }
    let rows = db.query_all(&Query::select().column(Alias::new("name")).from(Alias::new(HOLDS)).to_owned()).await?;
    rows.iter().map(|row| row.try_get::<String>("", "name")).collect()
}

async fn hold(db: &DatabaseConnection, name: &str) -> Result<(), DbErr> {
    let table = Table::create()
        .table(Alias::new(HOLDS))
        .if_not_exists()
        .col(ColumnDef::new(Alias::new("name")).string_len(255).not_null().primary_key())
        .to_owned();
    db.execute(&table).await?;
    let insert = Query::insert()
        .into_table(Alias::new(HOLDS))
        .columns([Alias::new("name")])
        .values_panic([name.into()])
        .on_conflict(OnConflict::column(Alias::new("name")).do_nothing().to_owned())
        .to_owned();
    db.execute(&insert).await?;
    Ok(())
}

async fn clear_holds(db: &DatabaseConnection) -> Result<(), DbErr> {
    if SchemaManager::new(db).has_table(HOLDS).await? {
        db.execute(&Query::delete().from_table(Alias::new(HOLDS)).to_owned()).await?;
    }
    Ok(())
}

/// Prints each migration with its state, then the total.
pub async fn status(db: &DatabaseConnection, out: &mut impl Write) -> Result<(), DbErr> {
    let migrations = Migrator::get_migration_with_status(db).await?;
    let held = holds(db).await?;
    let _ = writeln!(out, "Available migrations:\n{RULE}");
    for migration in &migrations {
        let state = match migration.status() {
            MigrationStatus::Applied => "applied",
            MigrationStatus::Pending if held.iter().any(|name| name == migration.name()) => {
                "pending: rolled back, `serve` leaves it until `migrate apply`"
            }
            MigrationStatus::Pending => "pending",
        };
        let _ = writeln!(out, "  - {:<52} [{state}]", migration.name());
    }
    let pending = migrations.iter().filter(|m| m.status() == MigrationStatus::Pending).count();
    let _ = writeln!(
        out,
        "\nTotal: {} migration(s), {} applied, {pending} pending",
        migrations.len(),
        migrations.len() - pending
    );
    Ok(())
}

/// Applies every pending migration, one at a time so that each gets its own line. `verbose` prints
/// the operator's report; the server start logs instead.
pub async fn apply_pending(db: &DatabaseConnection, verbose: bool) -> Result<usize, DbErr> {
    clear_holds(db).await?;
    apply(db, Migrator::get_pending_migrations(db).await?.iter().map(|m| m.name().to_owned()).collect(), verbose).await
}

/// What `serve` does first: applies the pending migrations that come before the first one an
/// operator rolled back, and says which it leaves.
pub async fn apply_for_serve(db: &DatabaseConnection) -> Result<usize, DbErr> {
    let pending = pending_for_serve(db).await?;
    apply(db, pending, false).await
}

/// The pending migrations `serve` applies: those before the first one an operator rolled back.
/// Migrations apply in order, so a held one also holds back every one after it.
pub async fn pending_for_serve(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    let held = holds(db).await?;
    let mut pending: Vec<String> =
        Migrator::get_pending_migrations(db).await?.iter().map(|m| m.name().to_owned()).collect();
    let first_held = pending.iter().position(|name| held.contains(name)).unwrap_or(pending.len());
    for name in pending.drain(first_held..) {
        tracing::warn!(
            migration = %name,
            "left unapplied: it was rolled back with `felix-hub migrate rollback`; `felix-hub migrate apply` applies it again"
        );
    }
    Ok(pending)
}

async fn apply(db: &DatabaseConnection, pending: Vec<String>, verbose: bool) -> Result<usize, DbErr> {
    let mut out = std::io::stdout();
    if verbose {
        let _ = writeln!(out, "Applying migrations...\n{RULE}");
    }
    for name in &pending {
        if verbose {
            let _ = writeln!(out, "\nApplying {name}...");
        }
        Migrator::up(db, Some(1)).await.map_err(|error| {
            if verbose {
                let _ = writeln!(out, "❌ {name} failed: {error}");
            }
            error
        })?;
        if verbose {
            let _ = writeln!(out, "✅ {name} applied successfully!");
            for line in migration::summary(name) {
                let _ = writeln!(out, "   - {line}");
            }
        } else {
            tracing::info!(migration = %name, "applied migration");
        }
    }
    if verbose {
        let _ = writeln!(out, "\n{RULE}");
        if pending.is_empty() {
            let _ = writeln!(out, "✅ Nothing to apply: the schema is up to date");
        } else {
            let _ = writeln!(out, "✅ Successfully applied {} migration(s)", pending.len());
        }
    }
    Ok(pending.len())
}

/// What `migrate rollback` may do with the data the rolled-back migrations hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataPolicy {
    /// Roll back only what holds no data; otherwise refuse and change nothing.
    Refuse,
    /// Write the data to this new file first (`migrate apply --restore` reads it back).
    Export(PathBuf),
    /// Delete it.
    Discard,
}

/// What `felix-hub migrate rollback` was asked to do.
#[derive(Debug, Clone)]
pub struct Rollback {
    /// How many migrations, newest first. `None`: the feature migrations, or every migration
    /// with `including_base_schema`.
    pub steps: Option<u32>,
    pub data: DataPolicy,
    /// The base schema (every table) may go too.
    pub including_base_schema: bool,
}

impl Rollback {
    /// Every feature migration, and only if it holds no data: the plan's `rollback` with nothing
    /// to lose.
    pub fn feature_migrations(data: DataPolicy) -> Rollback {
        Rollback { steps: None, data, including_base_schema: false }
    }
}

/// Rolls back migrations newest first, as `plan` says. Refuses before changing anything when
/// that would reach the base schema without `including_base_schema`, or delete data without an
/// export or an explicit discard. With an export, the file is written and synced first.
pub async fn rollback(db: &DatabaseConnection, plan: &Rollback, out: &mut impl Write) -> anyhow::Result<usize> {
    let applied: Vec<String> =
        Migrator::get_applied_migrations(db).await?.iter().map(|m| m.name().to_owned()).collect();
    let features = applied.len().saturating_sub(migration::BASE_MIGRATIONS);
    // Without --steps: the applied migrations above the base schema and the flags' tables.
    let kept: Vec<String> =
        Migrator::migrations().iter().take(migration::KEPT_BY_DEFAULT).map(|m| m.name().to_owned()).collect();
    let steps = match (plan.steps, plan.including_base_schema) {
        (Some(steps), _) => (steps as usize).min(applied.len()),
        (None, false) => applied.iter().rev().take_while(|name| !kept.contains(name)).count(),
        (None, true) => applied.len(),
    };
    let names: Vec<String> = applied.iter().rev().take(steps).cloned().collect();
    let base = steps > features;
    if base && !plan.including_base_schema {
        anyhow::bail!(
            "rolling back {steps} migration(s) would remove the base schema ({}), and with it every table. \
             Nothing was changed. Add --including-base-schema if that is what you want",
            names.last().map(String::as_str).unwrap_or_default()
        );
    }
    // A flag an override turns on would go on using what the rollback drops.
    for flag in crate::services::flags::overridden_on(db).await? {
        if let Some(needed) = crate::services::flags::migration_needed(flag)
            && names.iter().any(|name| name == needed)
        {
            anyhow::bail!(
                "{flag} is turned on by an override in the database, and it needs {needed}, which this rollback \
                 undoes. Nothing was changed. Turn it off first: `felix-hub flags set {flag} off` (or `clear`, \
                 when its environment value is false)"
            );
        }
    }
    let export = Export::collect(db, &names).await?;
    let mut losses = export.losses();
    let base_rows = if base { migration_data::base_rows(db).await? } else { Vec::new() };
    if !base_rows.is_empty() {
        let rows: Vec<String> = base_rows.iter().map(|(table, n)| format!("{n} {table}")).collect();
        losses.push(format!("{}: {}", names.last().map(String::as_str).unwrap_or_default(), rows.join(", ")));
    }
    if !losses.is_empty() {
        refuse_unless_allowed(plan, &losses, !base_rows.is_empty())?;
    }
    let _ = writeln!(out, "Rolling back migrations...\n{RULE}");
    if let DataPolicy::Export(path) = &plan.data
        && steps > 0
    {
        let written = export.write_new(path)?;
        let _ = writeln!(out, "\n💾 Exported what the rollback deletes to {}", written.display());
        for line in &losses {
            let _ = writeln!(out, "   - {line}");
        }
        let _ = writeln!(out, "   `felix-hub migrate apply --restore {}` puts it back", written.display());
    }
    for name in &names {
        let _ = writeln!(out, "\nRolling back {name}...");
        if let Err(error) = Migrator::down(db, Some(1)).await {
            let _ = writeln!(out, "❌ {name} failed: {error}");
            return Err(error.into());
        }
        hold(db, name).await?;
        let _ = writeln!(out, "✅ {name} rolled back successfully!");
    }
    let _ = writeln!(out, "\n{RULE}\n✅ Successfully rolled back {steps} migration(s)");
    if steps > 0 {
        let _ = writeln!(
            out,
            "Note: `felix-hub serve` leaves rolled-back migrations alone; `felix-hub migrate apply` applies them\n\
             again. A server started with ENABLE_CAR_NUMBER on needs migration 001, with\n\
             ENABLE_PART_CATEGORIES on it needs 002: turn those flags off before you roll their migrations back."
        );
    }
    Ok(steps)
}

/// The refusal, unless `plan` allows losing what `losses` names. The base schema's rows are
/// not in an export (only a database backup keeps them), so they need --discard-data.
fn refuse_unless_allowed(plan: &Rollback, losses: &[String], base_rows: bool) -> anyhow::Result<()> {
    let allowed = match plan.data {
        DataPolicy::Discard => true,
        DataPolicy::Export(_) => !base_rows,
        DataPolicy::Refuse => false,
    };
    if allowed {
        return Ok(());
    }
    let mut message = String::from("the rollback would delete data, so nothing was changed. It would delete:");
    for line in losses {
        message.push_str(&format!("\n  - {line}"));
    }
    if base_rows {
        message.push_str(
            "\nAn export keeps the car numbers and the catalog only. Back the database up first \
             (pg_dump, or sqlite3 FILE \".backup backup.db\"), then add --discard-data to delete everything.",
        );
    } else {
        message.push_str(
            "\nEither:\n  --export FILE     write these values to FILE first; `felix-hub migrate apply --restore FILE` \
             puts them back, with the same ids\n  --discard-data    delete them",
        );
    }
    anyhow::bail!(message)
}

/// Refuses a schema that this server cannot run on: the base schema must be there, and each
/// enabled feature flag needs its migration. Says how to fix it, in one line.
pub async fn check_schema(db: &DatabaseConnection, flags: FeatureFlags) -> anyhow::Result<()> {
    let applied: Vec<String> =
        Migrator::get_applied_migrations(db).await?.iter().map(|m| m.name().to_owned()).collect();
    let has = |name: &str| applied.iter().any(|applied| applied == name);
    let base =
        Migrator::migrations().iter().take(migration::BASE_MIGRATIONS).map(|m| m.name().to_owned()).collect::<Vec<_>>();
    if let Some(missing) = base.iter().find(|name| !has(name)) {
        anyhow::bail!("the base schema is not applied ({missing} is pending): run `felix-hub migrate apply`");
    }
    for flag in Flag::ALL {
        let Some(needed) = crate::services::flags::migration_needed(flag) else { continue };
        if flag.get(&flags) && !has(needed) {
            anyhow::bail!(
                "{flag}=true needs migration {needed}, which is not applied: run `felix-hub migrate apply`, or set {flag}=false"
            );
        }
    }
    Ok(())
}
