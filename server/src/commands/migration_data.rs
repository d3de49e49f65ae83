//! What rolling back a migration would delete: reading it, saying it in words, and keeping it in
//! a file (`migrate rollback --export FILE`) that `migrate apply --restore FILE` reads back.
//!
//! Migration 001 holds `orders.car_number`. Migration 002 holds the catalog (`categories`,
//! `parts`), `orders.category_id`/`part_id`, and gives meaning to `order_items.part_id`, a base
//! schema column that its `down()` clears, since a re-created catalog numbers its parts afresh.
//! The flags' migration holds the overrides, the pilot groups and the change log.
//! The base schema holds everything else, which only a database backup keeps.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryOrder, Statement, TryGetable};
use serde::{Deserialize, Serialize};

use crate::entities::{category, flag_change, flag_override, flag_pilot, part};

/// The `format` line of an export file, so that a wrong file is refused by name.
const FORMAT: &str = "felix-hub migration export";
const VERSION: u32 = 1;

/// The catalog tables whose ids other rows refer to, with the id column.
pub const CATALOG_TABLES: [&str; 2] = ["categories", "parts"];

/// The flags' change log, whose ids an export keeps too.
pub const FLAG_LOG_TABLE: &str = "flag_changes";

/// Everything the rolled-back migrations held, as written to the export file.
#[derive(Debug, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    /// The migrations this was exported for, newest first.
    pub migrations: Vec<String>,
    /// Migration 001: `orders.car_number`, by order id.
    #[serde(default)]
    pub car_numbers: BTreeMap<i64, String>,
    /// Migration 002: the catalog, with its ids.
    #[serde(default)]
    pub categories: Vec<category::Model>,
    #[serde(default)]
    pub parts: Vec<part::Model>,
    /// Migration 002: `orders.category_id` and `orders.part_id`, by order id.
    #[serde(default)]
    pub order_catalog: BTreeMap<i64, CatalogRef>,
    /// Migration 002: `order_items.part_id`, by item id.
    #[serde(default)]
    pub order_item_parts: BTreeMap<i64, i64>,
    /// Migration 002: the highest id each catalog table has handed out (deleted rows included),
    /// so that the re-created tables never hand one of them out again; the same for the flags'
    /// change log.
    #[serde(default)]
    pub last_ids: BTreeMap<String, i64>,
    /// The flags' migration: overrides, pilot groups and the change log, with its ids.
    #[serde(default)]
    pub flag_overrides: Vec<flag_override::Model>,
    #[serde(default)]
    pub flag_pilots: Vec<flag_pilot::Model>,
    #[serde(default)]
    pub flag_changes: Vec<flag_change::Model>,
}

/// An order's references into the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRef {
    pub category_id: Option<i64>,
    pub part_id: Option<i64>,
}

impl Export {
    /// Reads what the migrations named (newest first) hold.
    pub async fn collect(db: &impl ConnectionTrait, migrations: &[String]) -> Result<Export, DbErr> {
        let mut export = Export {
            format: FORMAT.into(),
            version: VERSION,
            exported_at: Utc::now(),
            migrations: migrations.to_vec(),
            car_numbers: BTreeMap::new(),
            categories: Vec::new(),
            parts: Vec::new(),
            order_catalog: BTreeMap::new(),
            order_item_parts: BTreeMap::new(),
            last_ids: BTreeMap::new(),
            flag_overrides: Vec::new(),
            flag_pilots: Vec::new(),
            flag_changes: Vec::new(),
        };
        if migrations.iter().any(|name| name == migration::CAR_NUMBER_MIGRATION) {
            export.car_numbers = non_null(db, "orders", "car_number").await?;
        }
        if migrations.iter().any(|name| name == migration::CATALOG_MIGRATION) {
            export.categories = category::Entity::find().order_by_asc(category::Column::Id).all(db).await?;
            export.parts = part::Entity::find().order_by_asc(part::Column::Id).all(db).await?;
            let categories: BTreeMap<i64, i64> = non_null(db, "orders", "category_id").await?;
            let parts: BTreeMap<i64, i64> = non_null(db, "orders", "part_id").await?;
            for id in categories.keys().chain(parts.keys()) {
                export.order_catalog.insert(
                    *id,
                    CatalogRef { category_id: categories.get(id).copied(), part_id: parts.get(id).copied() },
                );
            }
            export.order_item_parts = non_null(db, "order_items", "part_id").await?;
            for table in CATALOG_TABLES {
                if let Some(last) = last_id(db, table).await? {
                    export.last_ids.insert(table.to_owned(), last);
                }
            }
        }
        if migrations.iter().any(|name| name == migration::FLAGS_MIGRATION) {
            export.flag_overrides =
                flag_override::Entity::find().order_by_asc(flag_override::Column::Flag).all(db).await?;
            export.flag_pilots = flag_pilot::Entity::find()
                .order_by_asc(flag_pilot::Column::Flag)
                .order_by_asc(flag_pilot::Column::UserId)
                .all(db)
                .await?;
            export.flag_changes = flag_change::Entity::find().order_by_asc(flag_change::Column::Id).all(db).await?;
            if let Some(last) = last_id(db, FLAG_LOG_TABLE).await? {
                export.last_ids.insert(FLAG_LOG_TABLE.to_owned(), last);
            }
        }
        Ok(export)
    }

    /// What would be lost, one line per migration that holds anything, in words.
    pub fn losses(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.car_numbers.is_empty() {
            lines.push(format!(
                "{}: car numbers on {} order(s)",
                migration::CAR_NUMBER_MIGRATION,
                self.car_numbers.len()
            ));
        }
        let catalog = [
            (self.categories.len(), "categor(y/ies)"),
            (self.parts.len(), "catalog part(s)"),
            (self.order_catalog.len(), "order(s)' category/part references"),
            (self.order_item_parts.len(), "order item(s)' part references"),
        ];
        let held: Vec<String> =
            catalog.iter().filter(|(count, _)| *count > 0).map(|(count, what)| format!("{count} {what}")).collect();
        if !held.is_empty() {
            lines.push(format!("{}: {}", migration::CATALOG_MIGRATION, held.join(", ")));
        }
        let flags = [
            (self.flag_overrides.len(), "flag override(s)"),
            (self.flag_pilots.len(), "pilot group member(s)"),
            (self.flag_changes.len(), "flag change log entr(y/ies)"),
        ];
        let held: Vec<String> =
            flags.iter().filter(|(count, _)| *count > 0).map(|(count, what)| format!("{count} {what}")).collect();
        if !held.is_empty() {
            lines.push(format!("{}: {}", migration::FLAGS_MIGRATION, held.join(", ")));
        }
        lines
    }

    /// Writes the export to a new file and makes it durable before anything else happens: the
    /// schema changes only once the data is safe. An existing file is never overwritten.
    pub fn write_new(&self, path: &Path) -> anyhow::Result<PathBuf> {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|error| {
            if error.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow::anyhow!(
                    "{} already exists: an export never overwrites a file; choose a new name",
                    path.display()
                )
            } else {
                anyhow::anyhow!("cannot create the export file {}: {error}", path.display())
            }
        })?;
        let json = serde_json::to_vec_pretty(self).context("cannot encode the export")?;
        file.write_all(&json).and_then(|()| file.write_all(b"\n")).and_then(|()| file.sync_all()).with_context(
            || format!("cannot write the export file {} (it may be incomplete: delete it)", path.display()),
        )?;
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        // The file's directory entry must survive a crash too.
        if let Some(dir) = path.parent() {
            std::fs::File::open(dir).and_then(|dir| dir.sync_all()).ok();
        }
        Ok(path)
    }

    /// Reads an export file back, refusing anything that is not one.
    pub fn read(path: &Path) -> anyhow::Result<Export> {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let export: Export = serde_json::from_slice(&bytes)
            .with_context(|| format!("{} is not a felix-hub migration export", path.display()))?;
        anyhow::ensure!(
            export.format == FORMAT && export.version == VERSION,
            "{} is not a version {VERSION} felix-hub migration export (format {:?}, version {})",
            path.display(),
            export.format,
            export.version
        );
        Ok(export)
    }
}

/// The non-null values of `table.column`, by the row's id.
async fn non_null<T: TryGetable>(
    db: &impl ConnectionTrait,
    table: &str,
    column: &str,
) -> Result<BTreeMap<i64, T>, DbErr> {
    let select = Query::select()
        .columns([Alias::new("id"), Alias::new(column)])
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new(column)).is_not_null())
        .to_owned();
    let rows = db.query_all(&select).await?;
    rows.iter().map(|row| Ok((row.try_get::<i64>("", "id")?, row.try_get::<T>("", column)?))).collect()
}

/// The highest id `table` has handed out, deleted rows included: its id sequence, or its largest
/// id where the sequence says nothing.
async fn last_id(db: &impl ConnectionTrait, table: &str) -> Result<Option<i64>, DbErr> {
    let backend = db.get_database_backend();
    let sequence = match backend {
        DbBackend::Postgres => {
            format!("SELECT pg_sequence_last_value(pg_get_serial_sequence('{table}', 'id')::regclass) AS last_id")
        }
        _ => format!("SELECT seq AS last_id FROM sqlite_sequence WHERE name = '{table}'"),
    };
    let from_sequence = match db.query_one_raw(Statement::from_string(backend, sequence)).await? {
        Some(row) => row.try_get::<Option<i64>>("", "last_id")?,
        None => None,
    };
    let largest = Query::select()
        .expr_as(Expr::col(Alias::new("id")).max(), Alias::new("last_id"))
        .from(Alias::new(table))
        .to_owned();
    let largest = match db.query_one(&largest).await? {
        Some(row) => row.try_get::<Option<i64>>("", "last_id")?,
        None => None,
    };
    Ok(Ord::max(from_sequence, largest))
}

/// Rows in each table of the base schema that holds any, for the words of a refusal.
pub async fn base_rows(db: &impl ConnectionTrait) -> Result<Vec<(&'static str, i64)>, DbErr> {
    let mut held = Vec::new();
    for table in migration::BASE_TABLES {
        let count = Query::select()
            .expr_as(Expr::col(Alias::new("id")).count(), Alias::new("n"))
            .from(Alias::new(*table))
            .to_owned();
        let n = match db.query_one(&count).await? {
            Some(row) => row.try_get::<i64>("", "n")?,
            None => 0,
        };
        if n > 0 {
            held.push((*table, n));
        }
    }
    Ok(held)
}
