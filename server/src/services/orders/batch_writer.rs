//! Group commit for new orders: orders that arrive together are written in one transaction.
//!
//! On SQLite every write waits for the one writer connection, and each statement is a round trip
//! to its thread; a transaction per order spends most of its time in BEGIN and COMMIT. Here the
//! first order to arrive starts a writer task, and every order that comes while it writes joins
//! the next batch. Each request still answers only after its own order is committed. If a batch
//! fails, its orders are written again one by one, so one bad order cannot sink the others.
//! The writer is a task of its own, not part of a request: a client that hangs up mid-commit
//! cannot leave its batch half done.

use std::sync::Arc;

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Iterable};
use tokio::sync::oneshot;

use app::model::AppError;

use super::batch_queue::{NewOrderRow, Reply};
use crate::entities::order;
use crate::services::comments;
use crate::services::order_events;
use crate::services::{ServiceError, ServiceResult, Services};

/// Orders written in one transaction at most.
const MAX_BATCH: usize = 64;

/// Writes `row` with whatever else is waiting, and answers with the stored order.
pub async fn write(services: &Arc<Services>, row: NewOrderRow) -> ServiceResult<order::Model> {
    let (reply, answer) = oneshot::channel();
    if services.order_batch.push(row, reply) {
        tokio::spawn(write_waiting(services.clone()));
    }
    answer.await.map_err(|_| ServiceError::App(AppError::internal()))?
}

/// Writes batches until nothing is waiting.
async fn write_waiting(services: Arc<Services>) {
    while let Some(batch) = services.order_batch.next_batch(MAX_BATCH) {
        let (rows, replies): (Vec<NewOrderRow>, Vec<Reply>) = batch.into_iter().unzip();
        match write_batch(&services, &rows).await {
            Ok(stored) => {
                services.order_committed();
                for (reply, order) in replies.into_iter().zip(stored) {
                    let _ = reply.send(Ok(order));
                }
            }
            Err(error) if rows.len() == 1 => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(error));
                }
            }
            Err(error) => {
                tracing::warn!(%error, orders = rows.len(), "order batch failed: writing its orders one by one");
                for (row, reply) in rows.into_iter().zip(replies) {
                    let result = write_batch(&services, std::slice::from_ref(&row)).await;
                    if result.is_ok() {
                        services.order_committed();
                    }
                    let _ = reply.send(result.map(|mut stored| stored.remove(0)));
                }
            }
        }
    }
}

/// One transaction: the orders, their "created" events (and with them the admins' notifications),
/// and their first comments.
async fn write_batch(services: &Services, rows: &[NewOrderRow]) -> ServiceResult<Vec<order::Model>> {
    let txn = services.db.begin_write().await?;
    let ids = insert_orders(&txn, rows).await?;
    let stored: Vec<order::Model> =
        rows.iter().zip(ids).map(|(row, id)| order::Model { id, ..row.order.clone() }).collect();
    let created: Vec<(&order::Model, i64)> =
        stored.iter().zip(rows).map(|(order, row)| (order, row.actor_id)).collect();
    order_events::record_created(services, &txn, &created).await?;
    for (order, row) in stored.iter().zip(rows) {
        if let Some(body) = &row.comment {
            comments::insert(&txn, order.id, row.actor_id, body.clone()).await?;
        }
    }
    txn.commit().await?;
    Ok(stored)
}

/// Inserts the rows and answers their ids, in the same order. Where the database can answer the
/// ids of a multi-row INSERT (`RETURNING`: PostgreSQL), a batch is one statement: a statement per
/// order made the round trips to the server the limit of PostgreSQL's creation rate (1,900/s).
/// SQLite answers from this process, where a statement per order costs little.
async fn insert_orders(txn: &impl ConnectionTrait, rows: &[NewOrderRow]) -> ServiceResult<Vec<i64>> {
    // One multi-row INSERT needs every row to set the same columns (a flag flipped between two
    // orders of a batch changes which columns are written).
    let same_columns = rows.windows(2).all(|pair| {
        order::Column::iter().all(|column| pair[0].insert.is_not_set(column) == pair[1].insert.is_not_set(column))
    });
    if rows.len() > 1 && same_columns && txn.support_returning() {
        let mut ids =
            order::Entity::insert_many(rows.iter().map(|row| row.insert.clone())).exec_with_returning_keys(txn).await?;
        // The rows take their ids from the sequence in the order of the VALUES, whatever order
        // RETURNING lists them in.
        ids.sort_unstable();
        return Ok(ids);
    }
    let mut ids = Vec::with_capacity(rows.len());
    for row in rows {
        ids.push(order::Entity::insert(row.insert.clone()).exec(txn).await?.last_insert_id);
    }
    Ok(ids)
}
