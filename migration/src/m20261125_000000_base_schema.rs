//! The base schema: staff, sign-in, orders and everything hanging off an order.
//!
//! Catalog references (`order_items.part_id`) carry no foreign key here, because the catalog
//! arrives in a later, optional migration; items keep a name and price snapshot instead.

use sea_orm_migration::{prelude::*, schema::*};

pub const NAME: &str = "m20261125_000000_base_schema";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    // SQLite runs DDL in transactions too, so a failed migration leaves nothing half-done.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(big_pk_auto(Users::Id))
                    .col(string_len_uniq(Users::Username, 64))
                    .col(string_len(Users::DisplayName, 100))
                    .col(string_len(Users::PasswordHash, 255))
                    .col(string_len(Users::Role, 16))
                    .col(big_integer_null(Users::TelegramChatId).unique_key())
                    .col(string_len(Users::Language, 2).default("he"))
                    .col(boolean(Users::Active).default(true))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(big_pk_auto(Sessions::Id))
                    .col(big_integer(Sessions::UserId))
                    .col(string_len_uniq(Sessions::TokenHash, 64))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Sessions::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_sessions_user_id", Sessions::Table, &[Sessions::UserId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(OneTimeCodes::Table)
                    .col(big_pk_auto(OneTimeCodes::Id))
                    .col(big_integer(OneTimeCodes::UserId))
                    .col(string_len(OneTimeCodes::Purpose, 16))
                    .col(string_len_uniq(OneTimeCodes::CodeHash, 64))
                    .col(big_integer_null(OneTimeCodes::OrderId))
                    .col(timestamp_with_time_zone(OneTimeCodes::CreatedAt))
                    .col(timestamp_with_time_zone(OneTimeCodes::ExpiresAt))
                    .col(timestamp_with_time_zone_null(OneTimeCodes::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OneTimeCodes::Table, OneTimeCodes::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(big_pk_auto(Orders::Id))
                    .col(big_integer_null(Orders::MechanicId))
                    .col(string_len(Orders::MechanicName, 100))
                    .col(string_len(Orders::Vin, 17))
                    .col(string_len(Orders::PartType, 200))
                    .col(string_len(Orders::Category, 100))
                    .col(string_len(Orders::OriginalOrAnalog, 8))
                    .col(integer(Orders::Quantity).default(1))
                    .col(string_len(Orders::Status, 16))
                    .col(string_len_null(Orders::PhotoFileId, 255))
                    .col(big_integer_null(Orders::CreatedBy))
                    .col(timestamp_with_time_zone(Orders::CreatedAt))
                    .col(timestamp_with_time_zone(Orders::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create().from(Orders::Table, Orders::MechanicId).to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create().from(Orders::Table, Orders::CreatedBy).to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The order list is newest first, per mechanic or for everyone: these keep it an index scan.
        index(manager, "idx_orders_created", Orders::Table, &[Orders::CreatedAt, Orders::Id]).await?;
        index(
            manager,
            "idx_orders_mechanic_created",
            Orders::Table,
            &[Orders::MechanicId, Orders::CreatedAt, Orders::Id],
        )
        .await?;
        index(manager, "idx_orders_status", Orders::Table, &[Orders::Status]).await?;
        index(manager, "idx_orders_vin", Orders::Table, &[Orders::Vin]).await?;

        manager
            .create_table(
                Table::create()
                    .table(OrderEvents::Table)
                    .col(big_pk_auto(OrderEvents::Id))
                    .col(big_integer(OrderEvents::OrderId))
                    .col(big_integer_null(OrderEvents::ActorId))
                    .col(string_len(OrderEvents::Kind, 16))
                    .col(string_len_null(OrderEvents::FromStatus, 16))
                    .col(string_len_null(OrderEvents::ToStatus, 16))
                    .col(big_integer_null(OrderEvents::FromMechanicId))
                    .col(big_integer_null(OrderEvents::ToMechanicId))
                    .col(text_null(OrderEvents::Note))
                    .col(timestamp_with_time_zone(OrderEvents::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderEvents::Table, OrderEvents::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create().from(OrderEvents::Table, OrderEvents::ActorId).to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_order_events_order_id", OrderEvents::Table, &[OrderEvents::OrderId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(big_pk_auto(Comments::Id))
                    .col(big_integer(Comments::OrderId))
                    .col(big_integer(Comments::AuthorId))
                    .col(text(Comments::Body))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Comments::Table, Comments::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create().from(Comments::Table, Comments::AuthorId).to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_comments_order_id", Comments::Table, &[Comments::OrderId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(TimeEntries::Table)
                    .col(big_pk_auto(TimeEntries::Id))
                    .col(big_integer(TimeEntries::OrderId))
                    .col(big_integer(TimeEntries::MechanicId))
                    .col(timestamp_with_time_zone(TimeEntries::StartedAt))
                    .col(timestamp_with_time_zone_null(TimeEntries::EndedAt))
                    // Kept beside the end so that totals are a portable SUM, not date arithmetic
                    // that SQLite and PostgreSQL spell differently.
                    .col(big_integer_null(TimeEntries::Seconds))
                    .col(string_len(TimeEntries::Source, 8))
                    .col(text_null(TimeEntries::Note))
                    .col(timestamp_with_time_zone(TimeEntries::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TimeEntries::Table, TimeEntries::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TimeEntries::Table, TimeEntries::MechanicId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_time_entries_order_id", TimeEntries::Table, &[TimeEntries::OrderId]).await?;
        index(
            manager,
            "idx_time_entries_mechanic_started",
            TimeEntries::Table,
            &[TimeEntries::MechanicId, TimeEntries::StartedAt],
        )
        .await?;
        // At most one running timer per mechanic, enforced by the database itself so that two
        // concurrent "start" requests cannot both win. sea-query has no partial indexes, and this
        // statement is the same on SQLite and PostgreSQL.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX idx_time_entries_one_running \
                 ON time_entries (mechanic_id) WHERE ended_at IS NULL",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrderItems::Table)
                    .col(big_pk_auto(OrderItems::Id))
                    .col(big_integer(OrderItems::OrderId))
                    .col(string_len(OrderItems::Kind, 16))
                    .col(big_integer_null(OrderItems::PartId))
                    .col(string_len(OrderItems::Name, 200))
                    .col(string_len_null(OrderItems::PartNumber, 64))
                    .col(big_integer(OrderItems::UnitPriceAgorot))
                    .col(integer(OrderItems::Quantity).default(1))
                    .col(integer_null(OrderItems::Minutes))
                    .col(big_integer_null(OrderItems::CreatedBy))
                    .col(timestamp_with_time_zone(OrderItems::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderItems::Table, OrderItems::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_order_items_order_id", OrderItems::Table, &[OrderItems::OrderId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(big_pk_auto(Notifications::Id))
                    .col(big_integer_null(Notifications::OrderId))
                    .col(string_len(Notifications::Audience, 16))
                    .col(big_integer(Notifications::ChatId))
                    .col(text(Notifications::Body))
                    .col(string_len(Notifications::Status, 16))
                    .col(integer(Notifications::Attempts).default(0))
                    .col(timestamp_with_time_zone(Notifications::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(Notifications::ClaimedUntil))
                    .col(text_null(Notifications::LastError))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_notifications_due",
            Notifications::Table,
            &[Notifications::Status, Notifications::NextAttemptAt],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Notifications::Table.into_iden(),
            OrderItems::Table.into_iden(),
            TimeEntries::Table.into_iden(),
            Comments::Table.into_iden(),
            OrderEvents::Table.into_iden(),
            Orders::Table.into_iden(),
            OneTimeCodes::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

pub(crate) async fn index<T: IntoIden + Copy + 'static, C: IntoIden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for column in columns {
        stmt.col(*column);
    }
    manager.create_index(stmt.to_owned()).await
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Users {
    Table,
    Id,
    Username,
    DisplayName,
    PasswordHash,
    Role,
    TelegramChatId,
    Language,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OneTimeCodes {
    Table,
    Id,
    UserId,
    Purpose,
    CodeHash,
    OrderId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Orders {
    Table,
    Id,
    MechanicId,
    MechanicName,
    Vin,
    PartType,
    Category,
    OriginalOrAnalog,
    Quantity,
    Status,
    PhotoFileId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderEvents {
    Table,
    Id,
    OrderId,
    ActorId,
    Kind,
    FromStatus,
    ToStatus,
    FromMechanicId,
    ToMechanicId,
    Note,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Comments {
    Table,
    Id,
    OrderId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum TimeEntries {
    Table,
    Id,
    OrderId,
    MechanicId,
    StartedAt,
    EndedAt,
    Seconds,
    Source,
    Note,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderItems {
    Table,
    Id,
    OrderId,
    Kind,
    PartId,
    Name,
    PartNumber,
    UnitPriceAgorot,
    Quantity,
    Minutes,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Notifications {
    Table,
    Id,
    OrderId,
    Audience,
    ChatId,
    Body,
    Status,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    LastError,
    CreatedAt,
    SentAt,
}
