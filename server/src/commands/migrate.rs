//! `felix-hub migrate status|apply|rollback`: the schema, with output in the rollout plan's style.

use std::io::Write;

use sea_orm::{DatabaseConnection, DbErr};
use sea_orm_migration::{MigrationStatus, MigratorTrait};

use migration::Migrator;

const RULE: &str = "==================================================";

/// Prints each migration with its state, then the total.
pub async fn status(db: &DatabaseConnection, out: &mut impl Write) -> Result<(), DbErr> {
    let migrations = Migrator::get_migration_with_status(db).await?;
    let _ = writeln!(out, "Available migrations:\n{RULE}");
    for migration in &migrations {
        let state = match migration.status() {
            MigrationStatus::Applied => "applied",
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
/// the plan-style report; the server start logs instead.
pub async fn apply_pending(db: &DatabaseConnection, verbose: bool) -> Result<usize, DbErr> {
    let pending = Migrator::get_pending_migrations(db).await?;
    let mut out = std::io::stdout();
    if verbose {
        let _ = writeln!(out, "Applying migrations...\n{RULE}");
    }
    for migration in &pending {
        let name = migration.name().to_owned();
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
            for line in migration::summary(&name) {
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

/// Rolls back the newest `steps` migrations. Without `steps` it rolls back the feature migrations
/// and keeps the base schema, like the rollout plan's "rollback all migrations".
pub async fn rollback(db: &DatabaseConnection, steps: Option<u32>, out: &mut impl Write) -> Result<usize, DbErr> {
    let applied = Migrator::get_applied_migrations(db).await?;
    let steps = match steps {
        Some(steps) => (steps as usize).min(applied.len()),
        None => applied.len().saturating_sub(migration::BASE_MIGRATIONS),
    };
    let _ = writeln!(out, "Rolling back migrations...\n{RULE}");
    for migration in applied.iter().rev().take(steps) {
        let name = migration.name();
        let _ = writeln!(out, "\nRolling back {name}...");
        if let Err(error) = Migrator::down(db, Some(1)).await {
            let _ = writeln!(out, "❌ {name} failed: {error}");
            return Err(error);
        }
        let _ = writeln!(out, "✅ {name} rolled back successfully!");
    }
    let _ = writeln!(out, "\n{RULE}\n✅ Successfully rolled back {steps} migration(s)");
    if steps > 0 {
        let _ = writeln!(
            out,
            "Note: the server needs every migration; `felix-hub serve` applies them again when it starts\n\
             (the rolled-back columns and tables come back empty)."
        );
    }
    Ok(steps)
}
