//! Writing the plan: one transaction, rows inserted in batches in the order their references need,
//! and on PostgreSQL the id sequences moved past the ids the import kept, so that the next order
//! made in Felix Hub does not collide with an imported one.

use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    Statement, TransactionTrait,
};

use super::plan::Plan;

/// Rows per INSERT: well under SQLite's 32,766 bound variables for the widest table (17 columns).
const BATCH: usize = 500;

/// Writes everything or nothing.
pub async fn write(db: &DatabaseConnection, plan: Plan) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    insert(&txn, plan.users).await?;
    insert(&txn, plan.categories).await?;
    insert(&txn, plan.parts).await?;
    insert(&txn, plan.orders).await?;
    insert(&txn, plan.comments).await?;
    insert(&txn, plan.time_entries).await?;
    insert(&txn, plan.items).await?;
    insert(&txn, plan.events).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        for table in ["users", "categories", "parts", "orders"] {
            move_sequence(&txn, table).await?;
        }
    }
    txn.commit().await
}

async fn insert<A>(txn: &DatabaseTransaction, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(BATCH).collect();
        A::Entity::insert_many(batch).exec_without_returning(txn).await?;
    }
    Ok(())
}

/// Sets `table`'s id sequence to its highest id, unless the sequence is already past it.
async fn move_sequence(txn: &DatabaseTransaction, table: &str) -> Result<(), DbErr> {
    let sql = format!(
        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), m) \
         FROM (SELECT MAX(id) AS m FROM \"{table}\") highest \
         WHERE m IS NOT NULL AND m > COALESCE((SELECT last_value FROM pg_sequences \
           WHERE schemaname || '.' || sequencename = pg_get_serial_sequence('{table}', 'id') AND last_value IS NOT NULL), 0)"
    );
    txn.execute_raw(Statement::from_string(DbBackend::Postgres, sql)).await?;
    Ok(())
}
