//! `felix-hub migrate apply --restore FILE`: after the migrations are back, puts back what
//! `migrate rollback --export FILE` kept, with the same ids, in one transaction.
//!
//! A value goes back only where the row still has none (or already has that value), so running it
//! twice changes nothing; a row that has since been given a different value stops the whole
//! restore, and nothing is written. Rows deleted since the export are skipped and counted.

use std::io::Write;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr, Value};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, IntoActiveModel, Statement,
    TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use super::migration_data::{CATALOG_TABLES, Export, FLAG_LOG_TABLE};
use crate::entities::{category, flag_change, flag_override, flag_pilot, part};
use migration::Migrator;

/// How one value fared.
enum Put {
    /// Written, or already there.
    Done,
    /// The row is gone.
    Missing,
    /// The row holds another value.
    Conflict,
}

#[derive(Default)]
struct Tally {
    restored: usize,
    missing: usize,
    conflicts: Vec<String>,
}

impl Tally {
    fn count(&mut self, put: Put, what: impl FnOnce() -> String) {
        match put {
            Put::Done => self.restored += 1,
            Put::Missing => self.missing += 1,
            Put::Conflict => self.conflicts.push(what()),
        }
    }
}

/// Puts `export` back. The migrations it came from must be applied (`migrate apply` runs first).
pub async fn restore(db: &DatabaseConnection, export: &Export, out: &mut impl Write) -> anyhow::Result<()> {
    let applied: Vec<String> =
        Migrator::get_applied_migrations(db).await?.iter().map(|m| m.name().to_owned()).collect();
    if let Some(missing) = export.migrations.iter().find(|name| !applied.contains(name)) {
        anyhow::bail!("cannot restore: migration {missing} is not applied");
    }
    let txn = db.begin().await?;
    let mut tally = Tally::default();
    for model in &export.categories {
        let existing = category::Entity::find_by_id(model.id).one(&txn).await?;
        let put = put_row(&txn, existing.as_ref(), model, || model.clone().into_active_model()).await?;
        tally.count(put, || format!("category {} exists with other values", model.id));
    }
    for model in &export.parts {
        let existing = part::Entity::find_by_id(model.id).one(&txn).await?;
        let put = put_row(&txn, existing.as_ref(), model, || model.clone().into_active_model()).await?;
        tally.count(put, || format!("part {} exists with other values", model.id));
    }
    for (id, car_number) in &export.car_numbers {
        let put = put_values(&txn, "orders", *id, vec![("car_number", car_number.clone().into())]).await?;
        tally.count(put, || format!("order {id} has another car number"));
    }
    for (id, refs) in &export.order_catalog {
        let values = [("category_id", refs.category_id), ("part_id", refs.part_id)]
            .into_iter()
            .filter_map(|(column, value)| value.map(|value| (column, value.into())))
            .collect();
        let put = put_values(&txn, "orders", *id, values).await?;
        tally.count(put, || format!("order {id} refers to another category or part"));
    }
    for (id, part_id) in &export.order_item_parts {
        let put = put_values(&txn, "order_items", *id, vec![("part_id", (*part_id).into())]).await?;
        tally.count(put, || format!("order item {id} refers to another part"));
    }
    for model in &export.flag_overrides {
        let existing = flag_override::Entity::find_by_id(model.flag.clone()).one(&txn).await?;
        let put = put_row(&txn, existing.as_ref(), model, || model.clone().into_active_model()).await?;
        tally.count(put, || format!("flag {} has another override", model.flag));
    }
    for model in &export.flag_pilots {
        let existing = flag_pilot::Entity::find_by_id((model.flag.clone(), model.user_id)).one(&txn).await?;
        // A member added again since is the same member, whenever they were added.
        let put = if existing.is_some() {
            Put::Done
        } else if crate::entities::user::Entity::find_by_id(model.user_id).one(&txn).await?.is_none() {
            Put::Missing
        } else {
            put_row(&txn, None, model, || model.clone().into_active_model()).await?
        };
        tally.count(put, String::new);
    }
    for model in &export.flag_changes {
        let existing = flag_change::Entity::find_by_id(model.id).one(&txn).await?;
        let put = put_row(&txn, existing.as_ref(), model, || model.clone().into_active_model()).await?;
        tally.count(put, || format!("flag change {} exists with other values", model.id));
    }
    if !tally.conflicts.is_empty() {
        let shown: Vec<&str> = tally.conflicts.iter().take(10).map(String::as_str).collect();
        anyhow::bail!(
            "nothing was restored: {} value(s) were changed after the export ({}{})",
            tally.conflicts.len(),
            shown.join("; "),
            if tally.conflicts.len() > shown.len() { "; …" } else { "" }
        );
    }
    for table in CATALOG_TABLES.into_iter().chain([FLAG_LOG_TABLE]) {
        if let Some(last) = export.last_ids.get(table) {
            move_sequence_past(&txn, table, *last).await?;
        }
    }
    if !export.flag_overrides.is_empty() || !export.flag_pilots.is_empty() {
        // Every server process reads the restored overrides at its next poll.
        let bump = Query::update()
            .table(Alias::new("flag_version"))
            .value(Alias::new("version"), Expr::col(Alias::new("version")).add(1))
            .to_owned();
        txn.execute(&bump).await?;
    }
    txn.commit().await?;
    let _ = writeln!(out, "✅ Restored {} value(s) with their ids", tally.restored);
    if tally.missing > 0 {
        let _ = writeln!(out, "   - skipped {} value(s) of orders or items deleted since the export", tally.missing);
    }
    Ok(())
}

/// Inserts a catalog row with its id, unless the same row is already there.
async fn put_row<M, A>(
    txn: &impl ConnectionTrait,
    existing: Option<&M>,
    wanted: &M,
    active: impl FnOnce() -> A,
) -> Result<Put, DbErr>
where
    M: PartialEq,
    A: ActiveModelTrait,
{
    match existing {
        Some(row) if row == wanted => Ok(Put::Done),
        Some(_) => Ok(Put::Conflict),
        None => {
            <A::Entity as EntityTrait>::insert(active().reset_all()).exec_without_returning(txn).await?;
            Ok(Put::Done)
        }
    }
}

/// Sets `columns` on row `id` of `table` where each is empty or already holds the value.
async fn put_values(
    txn: &impl ConnectionTrait,
    table: &str,
    id: i64,
    columns: Vec<(&str, Value)>,
) -> Result<Put, DbErr> {
    let mut update = Query::update();
    update.table(Alias::new(table)).and_where(Expr::col(Alias::new("id")).eq(id));
    for (column, value) in columns {
        let empty_or_same: SimpleExpr =
            Expr::col(Alias::new(column)).is_null().or(Expr::col(Alias::new(column)).eq(value.clone()));
        update.value(Alias::new(column), value).and_where(empty_or_same);
    }
    if txn.execute(&update).await?.rows_affected() > 0 {
        return Ok(Put::Done);
    }
    let exists = Query::select()
        .column(Alias::new("id"))
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    Ok(if txn.query_one(&exists).await?.is_some() { Put::Conflict } else { Put::Missing })
}

/// Makes `table` hand out ids above `last` (and above its own rows), as before the rollback.
async fn move_sequence_past(txn: &impl ConnectionTrait, table: &str, last: i64) -> Result<(), DbErr> {
    let backend = txn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST({last}, (SELECT COALESCE(MAX(id), 0) FROM {table})))"
        ),
        // Inserting ids has moved SQLite's counter up to the largest; a deleted row's id above
        // that still counts.
        _ => format!(
            "INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', {last} \
             WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '{table}'); \
             UPDATE sqlite_sequence SET seq = MAX(seq, {last}) WHERE name = '{table}'"
        ),
    };
    match backend {
        DbBackend::Postgres => txn.query_one_raw(Statement::from_string(backend, sql)).await.map(|_| ()),
        _ => txn.execute_unprepared(&sql).await.map(|_| ()),
    }
}
