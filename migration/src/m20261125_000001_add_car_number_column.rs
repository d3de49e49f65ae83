//! Migration 001, for ENABLE_CAR_NUMBER: `orders.car_number`, nullable, so a server that does not
//! read the column yet keeps working while it is added.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000000_base_schema::Orders;

pub const NAME: &str = "m20261125_000001_add_car_number_column";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum CarNumber {
    CarNumber,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Orders::Table).add_column(string_len_null(CarNumber::CarNumber, 20)).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_orders_car_number").table(Orders::Table).col(CarNumber::CarNumber).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite cannot drop an indexed column, so the index goes first.
        manager.drop_index(Index::drop().name("idx_orders_car_number").table(Orders::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Orders::Table).drop_column(CarNumber::CarNumber).to_owned()).await
    }
}
