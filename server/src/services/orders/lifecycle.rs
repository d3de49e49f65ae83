//! An order's life after it is created: status changes along the legal moves, and assignment to
//! a mechanic. Each change goes through the change seam in the same transaction.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use app::model::{AppError, Assignment, Order, OrderStatus, StatusChange, Viewer, validation};

use super::row::{changed_row, load_visible, to_wire};
use crate::entities::order;
use crate::services::access::Access;
use crate::services::order_events::{self, Change};
use crate::services::users::directory::active_mechanic;
use crate::services::{ServiceResult, Services, fail};

/// Moves an order to a new status, if that move is legal. Mechanics move their own orders;
/// admins move any.
#[tracing::instrument(skip(services, change), fields(viewer = viewer.id, to = %change.status))]
pub async fn change_status(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    change: StatusChange,
) -> ServiceResult<Order> {
    let flags = services.flags();
    let note = validation::optional_text("note", change.note.as_deref(), validation::MAX_COMMENT)?;
    let txn = services.db.begin_write().await?;
    let found = load_visible(&txn, flags, viewer, id).await?;
    let from = OrderStatus::from(found.status);
    let to = change.status;
    if !from.can_move_to(to) {
        let allowed: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
        let allowed = if allowed.is_empty() { "none, it is closed".to_owned() } else { allowed.join(", ") };
        return fail(AppError::conflict(format!(
            "Order #{id} is {from} and cannot move to {to}. Allowed next statuses: {allowed}."
        )));
    }
    let now = Utc::now();
    // Conditional on the status read above, so two people moving the same order at once cannot
    // both succeed from the same starting point.
    let updated = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(order::Status::from(to)))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(id))
        .filter(order::Column::Status.eq(found.status))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return fail(AppError::conflict(format!("Order #{id} changed meanwhile. Reload and try again.")));
    }
    let after = order::Model { status: to.into(), updated_at: now, ..found };
    order_events::record(services, &txn, &after, Some(viewer.id), Change::Status { from, to }, note).await?;
    let row = changed_row(&txn, flags, id).await?;
    txn.commit().await?;
    services.order_committed();
    services.metrics.status_changed(to);
    Ok(to_wire(flags, row))
}

/// Gives an order to a mechanic (admins only).
pub async fn assign(services: &Services, viewer: &Viewer, id: i64, assignment: Assignment) -> ServiceResult<Order> {
    viewer.require_admin()?;
    let flags = services.flags();
    let note = validation::optional_text("note", assignment.note.as_deref(), validation::MAX_COMMENT)?;
    let txn = services.db.begin_write().await?;
    let found = load_visible(&txn, flags, viewer, id).await?;
    let mechanic = active_mechanic(&txn, assignment.mechanic_id).await?;
    if found.mechanic_id == Some(mechanic.id) {
        return fail(AppError::conflict(format!("Order #{id} is already {}'s.", mechanic.display_name)));
    }
    let from = found.mechanic_id;
    let now = Utc::now();
    order::Entity::update_many()
        .col_expr(order::Column::MechanicId, Expr::value(mechanic.id))
        .col_expr(order::Column::MechanicName, Expr::value(mechanic.display_name.clone()))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let after = order::Model {
        mechanic_id: Some(mechanic.id),
        mechanic_name: mechanic.display_name.clone(),
        updated_at: now,
        ..found
    };
    order_events::record(services, &txn, &after, Some(viewer.id), Change::Assigned { from, to: mechanic.id }, note)
        .await?;
    let row = changed_row(&txn, flags, id).await?;
    txn.commit().await?;
    services.order_committed();
    Ok(to_wire(flags, row))
}
