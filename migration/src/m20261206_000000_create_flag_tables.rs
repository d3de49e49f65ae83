//! The live flags' tables: an admin's overrides of the environment's defaults, the pilot group of
//! the three mechanic-facing flags, the log of every change, and a one-row version counter that
//! every change moves on, so that each process polls one small row to know whether to reload.
//!
//! Listed right after the base schema (`lib.rs` says why): the plan's rollback of 002 and 001
//! leaves these tables, and their kill switches, in place.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000000_base_schema::Users;

pub const NAME: &str = "m20261206_000000_create_flag_tables";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum FlagOverrides {
    Table,
    Flag,
    Value,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum FlagPilots {
    Table,
    Flag,
    UserId,
    AddedAt,
    AddedBy,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum FlagChanges {
    Table,
    Id,
    Flag,
    Mechanic,
    OldValue,
    NewValue,
    ChangedBy,
    ChangedAt,
    Source,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum FlagVersion {
    Table,
    Id,
    Version,
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
                    .table(FlagOverrides::Table)
                    .col(string_len(FlagOverrides::Flag, 64).primary_key())
                    .col(boolean(FlagOverrides::Value))
                    .col(timestamp_with_time_zone(FlagOverrides::UpdatedAt))
                    .col(string_len(FlagOverrides::UpdatedBy, 255))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FlagPilots::Table)
                    .col(string_len(FlagPilots::Flag, 64))
                    .col(big_integer(FlagPilots::UserId))
                    .col(timestamp_with_time_zone(FlagPilots::AddedAt))
                    .col(string_len(FlagPilots::AddedBy, 255))
                    .primary_key(Index::create().col(FlagPilots::Flag).col(FlagPilots::UserId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_flag_pilots_user_id")
                            .from(FlagPilots::Table, FlagPilots::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FlagChanges::Table)
                    .col(big_pk_auto(FlagChanges::Id))
                    .col(string_len(FlagChanges::Flag, 64))
                    // The mechanic's username for a change to the pilot group; null for an override.
                    .col(string_len_null(FlagChanges::Mechanic, 255))
                    // `on`, `off`, or null: no override (the default), or not in the pilot group.
                    .col(string_len_null(FlagChanges::OldValue, 8))
                    .col(string_len_null(FlagChanges::NewValue, 8))
                    .col(string_len(FlagChanges::ChangedBy, 255))
                    .col(timestamp_with_time_zone(FlagChanges::ChangedAt))
                    .col(string_len(FlagChanges::Source, 8).check(Expr::col(FlagChanges::Source).is_in(["web", "cli"])))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FlagVersion::Table)
                    .col(integer(FlagVersion::Id).primary_key())
                    .col(big_integer(FlagVersion::Version).default(0))
                    .to_owned(),
            )
            .await?;
        let row = Query::insert()
            .into_table(FlagVersion::Table)
            .columns([FlagVersion::Id, FlagVersion::Version])
            .values_panic([1.into(), 0.into()])
            .to_owned();
        manager.get_connection().execute(&row).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FlagVersion::Table.into_iden(),
            FlagChanges::Table.into_iden(),
            FlagPilots::Table.into_iden(),
            FlagOverrides::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
