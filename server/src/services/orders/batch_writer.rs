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

use sea_orm::EntityTrait;
use tokio::sync::oneshot;

use app::model::AppError;

use super::batch_queue::{NewOrderRow, Reply};
use crate::entities::order;
use crate::services::comments;
use crate::services::order_events::{self, Change};
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

/// One transaction: each order, its "created" event (and with it the admins' notifications), and
/// its first comment.
async fn write_batch(services: &Services, rows: &[NewOrderRow]) -> ServiceResult<Vec<order::Model>> {
    let txn = services.db.begin_write().await?;
    let mut stored = Vec::with_capacity(rows.len());
    for row in rows {
        let mut order = row.order.clone();
        order.id = order::Entity::insert(row.insert.clone()).exec(&txn).await?.last_insert_id;
        order_events::record(services, &txn, &order, Some(row.actor_id), Change::Created, None).await?;
        if let Some(body) = &row.comment {
            comments::insert(&txn, order.id, row.actor_id, body.clone()).await?;
        }
        stored.push(order);
    }
    txn.commit().await?;
    Ok(stored)
}
