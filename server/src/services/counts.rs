//! Counting rows per value of one column in one GROUP BY query: the per-status and per-category
//! numbers that pages show beside their rows.

use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QuerySelect, Select, TryGetable};

/// How many rows of `select` hold each value of `column`. A value no row holds is absent.
pub async fn count_by<E, V>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    column: E::Column,
) -> Result<Vec<(V, i64)>, DbErr>
where
    E: EntityTrait,
    V: TryGetable,
{
    select
        .select_only()
        .column(column)
        .column_as(Expr::cust("COUNT(*)"), "count")
        .group_by(column)
        .into_tuple()
        .all(db)
        .await
}
