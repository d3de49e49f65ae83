//! The order row every order service reads, and its wire form. Columns that a feature migration
//! adds are guarded by their flag: while it is off they are neither read nor written, so the
//! server keeps working on the base schema alone (for instance after `migrate rollback`).

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic, Iterable, QueryFilter, QuerySelect, Select,
};

use app::model::{AppError, FeatureFlags, Names, Order, Viewer};

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
    /// The catalog's names of the order's category and part (none with the catalog off).
    pub category_he: Option<String>,
    pub category_en: Option<String>,
    pub category_ru: Option<String>,
    pub part_he: Option<String>,
    pub part_en: Option<String>,
    pub part_ru: Option<String>,
}

impl From<order::Model> for OrderRow {
    /// The row of an order just written, before anyone commented or tracked time on it.
    fn from(order: order::Model) -> OrderRow {
        OrderRow {
            order,
            current_mechanic_name: None,
            tracked_seconds: 0,
            comment_count: 0,
            category_he: None,
            category_en: None,
            category_ru: None,
            part_he: None,
            part_en: None,
            part_ru: None,
        }
    }
}

/// Names in the three languages, when the catalog gave all three.
fn names(he: Option<String>, en: Option<String>, ru: Option<String>) -> Option<Names> {
    Some(Names { he: he?, en: en?, ru: ru? })
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
        category_names: names(row.category_he, row.category_en, row.category_ru).filter(|_| categories),
        part_names: names(row.part_he, row.part_en, row.part_ru).filter(|_| categories),
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

/// `orders` with the mechanic's current name, tracked time and comment count beside each row, and
/// with the catalog on, the catalog's names of its category and part.
pub fn select_rows(flags: FeatureFlags) -> Select<order::Entity> {
    let mut select = select_orders(flags);
    for (table, key, prefix) in [("categories", "category_id", "category"), ("parts", "part_id", "part")] {
        for language in ["he", "en", "ru"] {
            // A primary-key lookup per listed order; a typed NULL with the catalog off, when the
            // catalog tables may not even exist.
            let value = if flags.enable_part_categories {
                format!("(SELECT t.name_{language} FROM {table} t WHERE t.id = orders.{key})")
            } else {
                "CAST(NULL AS VARCHAR(200))".to_owned()
            };
            select = select.column_as(Expr::cust(value), format!("{prefix}_{language}"));
        }
    }
    select
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
