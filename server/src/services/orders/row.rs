//! The order row every order service reads, and its wire form. Columns that a feature migration
//! adds are guarded by their flag: while it is off they are neither read nor written, so the
//! server keeps working on the base schema alone (for instance after `migrate rollback`).

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic, Iterable, QueryFilter, QuerySelect, Select,
};

use app::model::{AppError, FeatureFlags, Order, Viewer};

use crate::entities::{order, user};
use crate::services::access::Access;
use crate::services::{ServiceResult, fail};

/// An order row with the numbers the list shows beside it, read in one query.
#[derive(Debug, Clone, FromQueryResult)]
pub struct OrderRow {
    #[sea_orm(nested)]
    pub order: order::Model,
    pub current_mechanic_name: Option<String>,
    pub tracked_seconds: i64,
    pub comment_count: i64,
}

impl From<order::Model> for OrderRow {
    /// The row of an order just written, before anyone commented or tracked time on it.
    fn from(order: order::Model) -> OrderRow {
        OrderRow { order, current_mechanic_name: None, tracked_seconds: 0, comment_count: 0 }
    }
}

/// The wire form of an order, showing flag-guarded fields only while their flag is on.
pub fn to_wire(flags: FeatureFlags, row: OrderRow) -> Order {
    let categories = flags.enable_part_categories;
    let order = row.order;
    Order {
        id: order.id,
        status: order.status.into(),
        mechanic_id: order.mechanic_id,
        mechanic_name: row.current_mechanic_name.unwrap_or(order.mechanic_name),
        vin: order.vin,
        car_number: if flags.enable_car_number { order.car_number } else { None },
        part_type: order.part_type,
        category: order.category,
        category_id: if categories { order.category_id } else { None },
        part_id: if categories { order.part_id } else { None },
        original_or_analog: order.original_or_analog.into(),
        quantity: order.quantity,
        has_photo: order.photo_file_id.is_some(),
        tracked_seconds: row.tracked_seconds,
        comment_count: row.comment_count,
        created_at: order.created_at,
        updated_at: order.updated_at,
    }
}

/// The columns a feature migration adds, with their SQL types, that these flags leave unused.
/// Such a column is never read or written, so with both feature flags off the server keeps
/// working on the base schema, even while the migrations that add them are rolled back.
pub fn unused_columns(flags: FeatureFlags) -> Vec<(order::Column, &'static str)> {
    let mut unused = Vec::new();
    if !flags.enable_car_number {
        unused.push((order::Column::CarNumber, "VARCHAR(20)"));
    }
    if !flags.enable_part_categories {
        unused.extend([(order::Column::CategoryId, "BIGINT"), (order::Column::PartId, "BIGINT")]);
    }
    unused
}

/// `orders` as a server with these flags may read it: an unused column is read as a typed NULL.
pub fn select_orders(flags: FeatureFlags) -> Select<order::Entity> {
    let unused = unused_columns(flags);
    let mut select = order::Entity::find().select_only();
    for column in order::Column::iter().filter(|column| !unused.iter().any(|(u, _)| u.as_str() == column.as_str())) {
        select = select.column(column);
    }
    for (column, sql_type) in unused {
        select = select.column_as(Expr::cust(format!("CAST(NULL AS {sql_type})")), column.as_str());
    }
    select
}

/// `orders` with the mechanic's current name, tracked time and comment count beside each row.
pub fn select_rows(flags: FeatureFlags) -> Select<order::Entity> {
    select_orders(flags)
        .column_as(user::Column::DisplayName, "current_mechanic_name")
        .left_join(user::Entity)
        // Correlated subqueries over indexed order_id: two index lookups per listed order, and
        // one round trip for the whole page. CAST because PostgreSQL sums BIGINT into NUMERIC.
        .column_as(
            Expr::cust("CAST((SELECT COALESCE(SUM(te.seconds), 0) FROM time_entries te WHERE te.order_id = orders.id) AS BIGINT)"),
            "tracked_seconds",
        )
        .column_as(
            Expr::cust("CAST((SELECT COUNT(*) FROM comments c WHERE c.order_id = orders.id) AS BIGINT)"),
            "comment_count",
        )
}

/// One order's row, as lists show it.
pub async fn row(db: &impl ConnectionTrait, flags: FeatureFlags, id: i64) -> ServiceResult<Option<OrderRow>> {
    Ok(select_rows(flags).filter(order::Column::Id.eq(id)).into_model::<OrderRow>().one(db).await?)
}

/// The order row just changed inside `db`'s transaction, for the answer.
pub async fn changed_row(db: &impl ConnectionTrait, flags: FeatureFlags, id: i64) -> ServiceResult<OrderRow> {
    Ok(row(db, flags, id).await?.ok_or_else(AppError::internal)?)
}

/// The order, if `viewer` may see it. A mechanic asking for another mechanic's order gets the
/// same 404 as for a missing one, so ids reveal nothing.
pub async fn load_visible(
    db: &impl ConnectionTrait,
    flags: FeatureFlags,
    viewer: &Viewer,
    id: i64,
) -> ServiceResult<order::Model> {
    match select_orders(flags).filter(order::Column::Id.eq(id)).one(db).await? {
        Some(found) if viewer.may_see(found.mechanic_id) => Ok(found),
        _ => fail(AppError::not_found(format!("There is no order #{id}."))),
    }
}
