//! Migration 002, for ENABLE_PART_CATEGORIES: the parts catalog (`categories`, `parts`) and the order's optional
//! reference into it. Additive only: new tables and nullable columns.
//!
//! `orders.category_id` and `orders.part_id` are indexed but carry no foreign key: SQLite cannot
//! drop a column that takes part in one, and this migration must be reversible on both databases.
//! The service layer checks the references, and refuses to delete catalog rows that orders use.
//! Rolling back clears `order_items.part_id` too, the base schema's one reference into the catalog.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000000_base_schema::Orders;

pub const NAME: &str = "m20261125_000002_create_categories_parts_tables";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Categories {
    Table,
    Id,
    Slug,
    NameHe,
    NameEn,
    NameRu,
    SortOrder,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Parts {
    Table,
    Id,
    CategoryId,
    NameHe,
    NameEn,
    NameRu,
    PartNumber,
    PriceAgorot,
    IsCommon,
    SortOrder,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderCatalog {
    CategoryId,
    PartId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Categories::Table)
                    .col(big_pk_auto(Categories::Id))
                    .col(string_len_uniq(Categories::Slug, 64))
                    .col(string_len(Categories::NameHe, 100))
                    .col(string_len(Categories::NameEn, 100))
                    .col(string_len(Categories::NameRu, 100))
                    .col(integer(Categories::SortOrder).default(0))
                    .col(timestamp_with_time_zone(Categories::CreatedAt))
                    .col(timestamp_with_time_zone(Categories::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Parts::Table)
                    .col(big_pk_auto(Parts::Id))
                    .col(big_integer(Parts::CategoryId))
                    .col(string_len(Parts::NameHe, 200))
                    .col(string_len(Parts::NameEn, 200))
                    .col(string_len(Parts::NameRu, 200))
                    .col(string_len_null(Parts::PartNumber, 64))
                    .col(big_integer(Parts::PriceAgorot).default(0))
                    .col(boolean(Parts::IsCommon).default(false))
                    .col(integer(Parts::SortOrder).default(0))
                    .col(timestamp_with_time_zone(Parts::CreatedAt))
                    .col(timestamp_with_time_zone(Parts::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_parts_category_id")
                            .from(Parts::Table, Parts::CategoryId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_parts_category_id").table(Parts::Table).col(Parts::CategoryId).to_owned(),
            )
            .await?;
        for (column, index) in
            [(OrderCatalog::CategoryId, "idx_orders_category_id"), (OrderCatalog::PartId, "idx_orders_part_id")]
        {
            manager
                .alter_table(Table::alter().table(Orders::Table).add_column(big_integer_null(column)).to_owned())
                .await?;
            manager.create_index(Index::create().name(index).table(Orders::Table).col(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // `order_items.part_id` belongs to the base schema but points into `parts`. A re-applied
        // 002 numbers its parts from 1 again, so a kept id would name some other part: the
        // reference goes with the catalog. (`migrate rollback --export` keeps it first, and
        // `migrate apply --restore` puts it back with the parts' own ids.)
        let items = Alias::new("order_items");
        let part_id = Alias::new("part_id");
        let clear = Query::update()
            .table(items)
            .value(part_id.clone(), Option::<i64>::None)
            .and_where(Expr::col(part_id).is_not_null())
            .to_owned();
        manager.get_connection().execute(&clear).await?;
        for (column, index) in
            [(OrderCatalog::PartId, "idx_orders_part_id"), (OrderCatalog::CategoryId, "idx_orders_category_id")]
        {
            manager.drop_index(Index::drop().name(index).table(Orders::Table).to_owned()).await?;
            manager.alter_table(Table::alter().table(Orders::Table).drop_column(column).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(Parts::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Categories::Table).to_owned()).await
    }
}
