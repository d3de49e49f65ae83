//! The one seam every change to an order passes through: it records the change in the order's
//! history, in the transaction that makes the change, and tells whoever hears of it.

use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use app::model::OrderStatus;

use crate::entities::order;
use crate::entities::order_event::{self, Kind};
use crate::services::{ServiceResult, Services, recipients};

/// A change to an order, as it happened.
#[derive(Debug, Clone)]
pub enum Change {
    Created,
    Status { from: OrderStatus, to: OrderStatus },
    Assigned { from: Option<i64>, to: i64 },
}

/// Records `change` to `order` (as it is after the change) by `actor`, inside `txn`.
pub async fn record(
    services: &Services,
    txn: &impl ConnectionTrait,
    order: &order::Model,
    actor_id: Option<i64>,
    change: Change,
    note: Option<String>,
) -> ServiceResult<()> {
    order_event::Entity::insert(event(order, actor_id, &change, note)).exec_without_returning(txn).await?;
    tell(services, txn, order, change).await
}

/// Records the creation of each of `orders` (with who created it), inside `txn`: their events in
/// one statement, as a batch of new orders is written in one transaction.
pub async fn record_created(
    services: &Services,
    txn: &impl ConnectionTrait,
    orders: &[(&order::Model, i64)],
) -> ServiceResult<()> {
    let events = orders.iter().map(|(order, actor_id)| event(order, Some(*actor_id), &Change::Created, None));
    order_event::Entity::insert_many(events).exec_without_returning(txn).await?;
    for (order, _) in orders {
        tell(services, txn, order, Change::Created).await?;
    }
    Ok(())
}

/// The history row for `change`.
fn event(
    order: &order::Model,
    actor_id: Option<i64>,
    change: &Change,
    note: Option<String>,
) -> order_event::ActiveModel {
    let (kind, from_status, to_status, from_mechanic_id, to_mechanic_id) = match change {
        Change::Created => (Kind::Created, None, Some(order.status), None, order.mechanic_id),
        Change::Status { from, to } => (Kind::Status, Some((*from).into()), Some((*to).into()), None, None),
        Change::Assigned { from, to } => (Kind::Assigned, None, None, *from, Some(*to)),
    };
    order_event::ActiveModel {
        order_id: Set(order.id),
        actor_id: Set(actor_id),
        kind: Set(kind),
        from_status: Set(from_status),
        to_status: Set(to_status),
        from_mechanic_id: Set(from_mechanic_id),
        to_mechanic_id: Set(to_mechanic_id),
        note: Set(note),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}

/// Queues the messages of whoever hears of `change`.
async fn tell(
    services: &Services,
    txn: &impl ConnectionTrait,
    order: &order::Model,
    change: Change,
) -> ServiceResult<()> {
    match change {
        Change::Created => recipients::order_created(services, txn, order).await,
        Change::Status { from, to } => recipients::status_changed(services, txn, order, from, to).await,
        Change::Assigned { to, .. } => recipients::assigned(services, txn, order, to).await,
    }
}
