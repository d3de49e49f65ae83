//! PostgreSQL's planner statistics kept fresh by the server itself, whether autovacuum runs or not.
//!
//! PostgreSQL plans a query by its statistics. A table that grew since its last `ANALYZE` is
//! planned as if it were still small: page 150 of the order list read the whole table and sorted
//! it (25 ms at 42,000 orders) instead of walking the date index (2 ms), and under load that made
//! the pages' p99 300 ms. Autovacuum analyzes a table once a tenth of it changed, but it may be
//! off (our CI's PostgreSQL runs without it), and it looks once a minute: a shop's database just
//! brought over from FelixPartsBot would be planned blind meanwhile. This applies autovacuum's own
//! rule every `EVERY`; where autovacuum runs, whichever looks first analyzes and the other finds
//! nothing to do. SQLite plans by its indexes alone here, so it is left as it is.
//!
//! Every second, not every minute: PostgreSQL keeps the plan of a foreign-key check for the
//! connection's life, made by the statistics of its day. Analyzed while small and then grown by a
//! burst of new orders, `orders` was checked by reading it whole for every new order's history
//! row (7,059 such scans in 10 s of creations, half the creation rate) until the next analysis.
//! Looking costs one read of PostgreSQL's statistics view.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use tokio::task::JoinHandle;

use super::Db;

/// How often the server looks for tables whose statistics are stale.
const EVERY: Duration = Duration::from_secs(1);

/// Starts the watch on PostgreSQL; nothing on SQLite. Abort the task to stop it.
pub fn watch(db: &Db) -> Option<JoinHandle<()>> {
    if db.backend() != DbBackend::Postgres {
        return None;
    }
    let db = db.write.clone();
    Some(tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match analyze_stale(&db).await {
                Ok(tables) if !tables.is_empty() => tracing::debug!(?tables, "statistics refreshed"),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "cannot refresh PostgreSQL's statistics"),
            }
        }
    }))
}

/// Analyzes each table of the current schema of which more rows changed since its last analysis
/// than autovacuum's default threshold allows (50 rows plus a tenth of the table), and answers
/// their names.
pub async fn analyze_stale(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    let stale = db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT relname::text AS name FROM pg_stat_user_tables \
             WHERE schemaname = current_schema() AND n_mod_since_analyze > 50 + 0.1 * n_live_tup \
             ORDER BY relname",
        ))
        .await?;
    let mut analyzed = Vec::with_capacity(stale.len());
    for row in stale {
        let table: String = row.try_get("", "name")?;
        db.execute_unprepared(&format!("ANALYZE \"{}\"", table.replace('"', "\"\""))).await?;
        analyzed.push(table);
    }
    Ok(analyzed)
}
