//! The database schema as an ordered list of sea-orm migrations, with a one-line summary of each
//! for the `felix-hub migrate` output.

pub use sea_orm_migration::prelude::*;

mod m20261125_000000_base_schema;
mod m20261125_000001_add_car_number_column;
mod m20261125_000002_create_categories_parts_tables;
mod m20261206_000000_create_flag_tables;
mod m20261207_000000_order_list_indexes_and_counts;

pub struct Migrator;

/// The migrations in the order they apply, and roll back in reverse. The flags' tables come right
/// after the base schema, although they were written later: the rollout plan's rollback undoes
/// 002 and 001, and an operator who turns a feature off in an emergency keeps the overrides that
/// turned it off, the pilot group and the log of who changed what. sea-orm applies and undoes
/// migrations in this list's order (not by name), so a database that already has 001 and 002
/// simply applies the flags' migration and the order list's indexes as the ones pending.

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000000_base_schema::Migration),
            Box::new(m20261206_000000_create_flag_tables::Migration),
            Box::new(m20261207_000000_order_list_indexes_and_counts::Migration),
            Box::new(m20261125_000001_add_car_number_column::Migration),
            Box::new(m20261125_000002_create_categories_parts_tables::Migration),
        ]
    }
}

/// The number of migrations that make up the base schema. `felix-hub migrate rollback` without
/// `--steps` stops above it: a plain rollback undoes the feature migrations and keeps the tables
/// every server needs, with their orders.
pub const BASE_MIGRATIONS: usize = 1;

/// The migrations a plain `felix-hub migrate rollback` keeps: the base schema, the flags' tables
/// and the order list's indexes, so that the plan's rollback undoes its own two migrations, 002
/// and 001, and nothing else.
pub const KEPT_BY_DEFAULT: usize = 3;

/// The tables the base schema creates, which hold every user, session, order and notification.
/// `felix-hub migrate rollback` counts their rows before it lets them go.
pub const BASE_TABLES: &[&str] = &[
    "users",
    "sessions",
    "one_time_codes",
    "orders",
    "order_events",
    "comments",
    "time_entries",
    "order_items",
    "notifications",
];

/// Migration 001, which `ENABLE_CAR_NUMBER` needs.
pub const CAR_NUMBER_MIGRATION: &str = m20261125_000001_add_car_number_column::NAME;
/// Migration 002, which `ENABLE_PART_CATEGORIES` needs.
pub const CATALOG_MIGRATION: &str = m20261125_000002_create_categories_parts_tables::NAME;

/// The live flags' tables (`flag_overrides`, `flag_pilots`, `flag_changes`, `flag_version`).
pub const FLAGS_MIGRATION: &str = m20261206_000000_create_flag_tables::NAME;

/// The tables of the flags' migration that hold data, which `migrate rollback` counts, exports and
/// `migrate apply --restore` puts back.
pub const FLAG_TABLES: [&str; 3] = ["flag_overrides", "flag_pilots", "flag_changes"];

/// What a migration changes, one line per table, column or index, as `migrate apply` reports it to
/// the operator who checks the schema afterwards.
pub fn summary(name: &str) -> &'static [&'static str] {
    match name {
        n if n == m20261125_000000_base_schema::NAME => &[
            "Created tables users, sessions, one_time_codes, orders, order_events, comments,",
            "  time_entries, order_items and notifications",
        ],
        n if n == m20261206_000000_create_flag_tables::NAME => &[
            "Created tables flag_overrides, flag_pilots (-> users.id) and flag_changes",
            "Created table flag_version (one row, moved on by every flag change)",
        ],
        n if n == m20261207_000000_order_list_indexes_and_counts::NAME => &[
            "Created indexes idx_orders_status_created and idx_orders_mechanic_status_created",
            "Dropped index idx_orders_status (their prefix)",
            "Created table order_counts (orders per mechanic and status, kept by triggers on orders)",
        ],
        n if n == m20261125_000001_add_car_number_column::NAME => {
            &["Added car_number column (VARCHAR(20))", "Created index idx_orders_car_number"]
        }
        n if n == m20261125_000002_create_categories_parts_tables::NAME => &[
            "Created categories table",
            "Created parts table (parts.category_id -> categories.id)",
            "Created index idx_parts_category_id",
            "Added orders.category_id and orders.part_id",
        ],
        _ => &[],
    }
}
