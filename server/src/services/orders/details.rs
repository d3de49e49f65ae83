//! One order with everything hanging off it: comments, time, items, totals and its history.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use app::model::{OrderDetails, OrderEvent, OrderStatus, Viewer};

use super::row::{changed_row, load_visible, to_wire};
use crate::entities::order_event;
use crate::services::users::directory::names;
use crate::services::{ServiceResult, Services, comments, items, time};

/// The order with its comments, time, items, totals and history.
pub async fn details(services: &Services, viewer: &Viewer, id: i64) -> ServiceResult<OrderDetails> {
    let db = &services.db.read;
    let flags = services.flags();
    let found = load_visible(db, flags, viewer, id).await?;
    let order = to_wire(flags, changed_row(db, flags, id).await?);
    let comments = comments::list_for(db, id).await?;
    let time_entries = time::entries_for_order(db, id).await?;
    let items = items::list_for(db, id).await?;
    let totals = items::totals(&items, order.tracked_seconds);
    let events = events_for(db, id).await?;
    let status = OrderStatus::from(found.status);
    Ok(OrderDetails { allowed_statuses: status.next().to_vec(), order, comments, time_entries, items, totals, events })
}

async fn events_for(db: &impl ConnectionTrait, order_id: i64) -> ServiceResult<Vec<OrderEvent>> {
    let rows = order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(order_id))
        .order_by_asc(order_event::Column::Id)
        .all(db)
        .await?;
    let names = names(db, rows.iter().filter_map(|e| e.actor_id)).await?;
    Ok(rows
        .into_iter()
        .map(|event| OrderEvent {
            id: event.id,
            actor_name: event.actor_id.and_then(|id| names.get(&id).cloned()),
            actor_id: event.actor_id,
            kind: event.kind.as_str().to_owned(),
            from_status: event.from_status.map(Into::into),
            to_status: event.to_status.map(Into::into),
            from_mechanic_id: event.from_mechanic_id,
            to_mechanic_id: event.to_mechanic_id,
            note: event.note,
            created_at: event.created_at,
        })
        .collect())
}
