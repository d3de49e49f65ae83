//! Reading staff accounts: by id, by name, by linked Telegram chat, display names for history
//! lines, and the wire form. Every service that needs to know who someone is asks here.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use app::model::{AppError, User, Viewer};

use crate::entities::user::{self, Role};
use crate::services::{ServiceResult, Services, fail};

pub fn to_wire(model: user::Model) -> User {
    User {
        id: model.id,
        role: model.role.into(),
        language: model.language.into(),
        username: model.username,
        display_name: model.display_name,
        telegram_chat_id: model.telegram_chat_id,
        active: model.active,
        created_at: model.created_at,
    }
}

/// The viewer a signed-in user acts as, in their own language.
pub fn viewer(user: &User, session_id: i64) -> Viewer {
    Viewer {
        id: user.id,
        role: user.role,
        display_name: user.display_name.clone(),
        language: user.language,
        session_id,
    }
}

pub async fn find(services: &Services, id: i64) -> ServiceResult<user::Model> {
    find_in(&services.db.read, id).await
}

pub async fn find_in(db: &impl ConnectionTrait, id: i64) -> ServiceResult<user::Model> {
    match user::Entity::find_by_id(id).one(db).await? {
        Some(found) => Ok(found),
        None => fail(AppError::not_found(format!("There is no user {id}."))),
    }
}

/// The active account a Telegram chat is linked to, if any.
pub async fn linked_to_chat(services: &Services, chat_id: i64) -> ServiceResult<Option<User>> {
    let found = user::Entity::find()
        .filter(user::Column::TelegramChatId.eq(chat_id))
        .filter(user::Column::Active.eq(true))
        .one(&services.db.read)
        .await?;
    Ok(found.map(to_wire))
}

/// The active mechanic an admin named in an order, by display name or username, ignoring case.
pub async fn find_mechanic_by_name(db: &impl ConnectionTrait, name: &str) -> ServiceResult<Option<user::Model>> {
    let name = name.trim().to_lowercase();
    if name.is_empty() {
        return Ok(None);
    }
    let mechanics = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Mechanic))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    Ok(mechanics.into_iter().find(|m| m.username == name || m.display_name.to_lowercase() == name))
}

/// The mechanic an order may go to: an active account with the mechanic role.
pub async fn active_mechanic(db: &impl ConnectionTrait, id: i64) -> ServiceResult<user::Model> {
    let mechanic = find_in(db, id)
        .await
        .map_err(|_| AppError::validation("mechanic_id", format!("There is no mechanic {id}.")))?;
    if mechanic.role != Role::Mechanic || !mechanic.active {
        return fail(AppError::validation("mechanic_id", "Orders go to active mechanics only."));
    }
    Ok(mechanic)
}

/// True when the database holds any user: `felix-hub demo` refuses to mix with real data.
pub async fn any_exist(db: &impl ConnectionTrait) -> ServiceResult<bool> {
    Ok(user::Entity::find().one(db).await?.is_some())
}

/// Display names by id, for showing who did what.
pub async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> ServiceResult<HashMap<i64, String>> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i64, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}
