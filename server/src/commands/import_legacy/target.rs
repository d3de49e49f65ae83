//! What Felix Hub's database already holds, so that an import can refuse or fit in: its orders,
//! the ids the import keeps, usernames, Telegram chats, running timers and category slugs.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use sea_orm_migration::{MigratorTrait, SchemaManager};

use migration::Migrator;

use crate::entities::{category, order, part, time_entry, user};

#[derive(Debug, Default)]
pub struct Target {
    /// The schema is not there yet (a dry run into a fresh database); the real run creates it.
    pub fresh: bool,
    pub order_count: u64,
    pub order_ids: HashSet<i64>,
    pub category_ids: HashSet<i64>,
    pub part_ids: HashSet<i64>,
    pub slugs: HashSet<String>,
    pub usernames: HashMap<String, i64>,
    pub chat_ids: HashSet<i64>,
    /// Users with a running timer.
    pub running: HashSet<i64>,
    /// The id the first imported user gets.
    pub next_user_id: i64,
}

/// The migrations an import needs: orders' car numbers (001) and the catalog (002).
pub async fn missing_migrations(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let applied: Vec<String> =
        Migrator::get_applied_migrations(db).await?.iter().map(|m| m.name().to_owned()).collect();
    Ok(Migrator::migrations().iter().map(|m| m.name().to_owned()).filter(|name| !applied.contains(name)).collect())
}

/// Reads the target. A database without Felix Hub's tables reads as fresh and empty.
pub async fn read(db: &DatabaseConnection) -> anyhow::Result<Target> {
    if !SchemaManager::new(db).has_table("orders").await? {
        return Ok(Target { fresh: true, next_user_id: 1, ..Target::default() });
    }
    let ids = |rows: Vec<i64>| rows.into_iter().collect::<HashSet<i64>>();
    let order_ids = ids(order::Entity::find().select_only().column(order::Column::Id).into_tuple().all(db).await?);
    let has_catalog = SchemaManager::new(db).has_table("categories").await?;
    let (category_ids, part_ids, slugs) = if has_catalog {
        let categories: Vec<(i64, String)> = category::Entity::find()
            .select_only()
            .column(category::Column::Id)
            .column(category::Column::Slug)
            .into_tuple()
            .all(db)
            .await?;
        let parts = ids(part::Entity::find().select_only().column(part::Column::Id).into_tuple().all(db).await?);
        let category_ids = categories.iter().map(|(id, _)| *id).collect();
        (category_ids, parts, categories.into_iter().map(|(_, slug)| slug).collect())
    } else {
        Default::default()
    };
    let users: Vec<(i64, String, Option<i64>)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Username)
        .column(user::Column::TelegramChatId)
        .into_tuple()
        .all(db)
        .await?;
    let running = ids(time_entry::Entity::find()
        .select_only()
        .column(time_entry::Column::MechanicId)
        .filter(time_entry::Column::EndedAt.is_null())
        .into_tuple()
        .all(db)
        .await?);
    Ok(Target {
        fresh: false,
        order_count: order::Entity::find().count(db).await?,
        order_ids,
        category_ids,
        part_ids,
        slugs,
        next_user_id: users.iter().map(|(id, _, _)| *id).max().unwrap_or(0) + 1,
        chat_ids: users.iter().filter_map(|(_, _, chat)| *chat).collect(),
        usernames: users.into_iter().map(|(id, username, _)| (username, id)).collect(),
        running,
    })
}
