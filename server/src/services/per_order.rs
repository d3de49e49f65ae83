//! The most comments, items and time entries one order holds. An order is one repair: a few
//! dozen of each is a busy one. The bound keeps a stuck script or a hostile client from growing
//! one order's page, and every read of it, without end.

use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

use app::model::AppError;

use crate::entities::order;
use crate::services::{ServiceResult, fail};

/// Comments, items or time entries one order may hold, each.
pub const MAX_PER_ORDER: u64 = 200;

/// Inside the write transaction that is about to add one more row of `E` (named `what`, plural)
/// to order `order_id`: refuses with a 409 when the order already holds `MAX_PER_ORDER`. The
/// order's row is locked first (on PostgreSQL; SQLite runs write transactions one at a time), so
/// two additions at once cannot both see room for one.
pub async fn ensure_room<E>(
    txn: &DatabaseTransaction,
    order_id: i64,
    order_column: E::Column,
    what: &str,
) -> ServiceResult<()>
where
    E: EntityTrait,
    E::Model: Sync,
{
    order::Entity::find_by_id(order_id)
        .select_only()
        .column(order::Column::Id)
        .lock_exclusive()
        .into_tuple::<i64>()
        .one(txn)
        .await?;
    let held = E::find().filter(order_column.eq(order_id)).count(txn).await?;
    if held >= MAX_PER_ORDER {
        return fail(AppError::conflict(format!(
            "Order #{order_id} already has {MAX_PER_ORDER} {what}, the most one order holds."
        )));
    }
    Ok(())
}
