//! The one seam every change to an order passes through: it records the change in the order's
//! history, in the transaction that makes the change, and is where notifications hook in.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use app::model::OrderStatus;

use super::{ServiceResult, Services};
use crate::entities::{order, order_event};

/// A change to an order, as it happened.
#[derive(Debug, Clone)]
pub enum Change {
    Created,
    Status { from: OrderStatus, to: OrderStatus },
    Assigned { from: Option<i64>, to: i64 },
}

impl Change {
    fn kind(&self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Status { .. } => "status",
            Change::Assigned { .. } => "assigned",
        }
    }
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
    let (from_status, to_status, from_mechanic_id, to_mechanic_id) = match &change {
        Change::Created => (None, Some(order.status.clone()), None, order.mechanic_id),
        Change::Status { from, to } => (Some(from.as_str().to_owned()), Some(to.as_str().to_owned()), None, None),
        Change::Assigned { from, to } => (None, None, *from, Some(*to)),
    };
    order_event::ActiveModel {
        order_id: Set(order.id),
        actor_id: Set(actor_id),
        kind: Set(change.kind().to_owned()),
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
    crate::telegram::notify::on_change(services, txn, order, &change).await
}
