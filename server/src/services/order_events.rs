//! The one seam every change to an order passes through: it records the change in the order's
//! history, in the transaction that makes the change, and tells whoever hears of it.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

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
    let (kind, from_status, to_status, from_mechanic_id, to_mechanic_id) = match &change {
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
    .insert(txn)
    .await?;
    match change {
        Change::Created => recipients::order_created(services, txn, order).await,
        Change::Status { from, to } => recipients::status_changed(services, txn, order, from, to).await,
        Change::Assigned { to, .. } => recipients::assigned(services, txn, order, to).await,
    }
}
