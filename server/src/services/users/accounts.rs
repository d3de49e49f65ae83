//! Staff accounts: creating, listing with their numbers, editing, deactivating, password resets,
//! and each user's own profile.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr};

use app::model::{
    AppError, ErrorCode, LoginLink, NewUser, OrderStatus, PasswordReset, ProfileUpdate, Role, User, UserUpdate,
    UserWithStats, Viewer, validation,
};

use super::directory::{find, to_wire};
use crate::entities::{order, time_entry, user};
use crate::services::access::Access;
use crate::services::auth::{create_login_link, hash_password, replace_password, revoke_access};
use crate::services::{ServiceError, ServiceResult, Services, clock, fail};

pub async fn me(services: &Services, viewer: &Viewer) -> ServiceResult<User> {
    Ok(to_wire(find(services, viewer.id).await?))
}

pub async fn update_profile(services: &Services, viewer: &Viewer, update: ProfileUpdate) -> ServiceResult<User> {
    let found = find(services, viewer.id).await?;
    let mut active: user::ActiveModel = found.into();
    if let Some(language) = update.language {
        active.language = Set(language.into());
    }
    active.updated_at = Set(Utc::now());
    let updated = active.update(&services.db.write).await?;
    services.sessions.forget_user(viewer.id, None);
    Ok(to_wire(updated))
}

/// The 409 for a unique column another account already holds.
fn taken(field: &str, message: String) -> ServiceError {
    AppError::field(ErrorCode::Conflict, field, message).into()
}

/// Creates a user. Also used by `felix-hub user create` and the demo loader, with no viewer.
pub async fn create(services: &Services, viewer: Option<&Viewer>, input: NewUser) -> ServiceResult<User> {
    if let Some(viewer) = viewer {
        viewer.require_admin()?;
    }
    let username = validation::username(&input.username)?;
    let display_name = validation::required_text("display_name", &input.display_name, validation::MAX_NAME)?;
    validation::password("password", &input.password)?;
    let hash = hash_password(&services.password_hashing, input.password).await?;
    let now = Utc::now();
    let created = user::ActiveModel {
        username: Set(username.clone()),
        display_name: Set(display_name),
        password_hash: Set(hash),
        role: Set(input.role.into()),
        telegram_chat_id: Set(input.telegram_chat_id),
        language: Set(input.language.unwrap_or(services.config.default_language).into()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&services.db.write)
    .await
    .map_err(|error| match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(detail)) if detail.contains("telegram") => {
            taken("telegram_chat_id", "Another user already has this Telegram chat.".into())
        }
        Some(SqlErr::UniqueConstraintViolation(_)) => taken("username", format!("The username '{username}' is taken.")),
        _ => ServiceError::Db(error),
    })?;
    Ok(to_wire(created))
}

/// Everyone, mechanics first, each with their order counts and this week's tracked time.
pub async fn list(services: &Services, viewer: &Viewer) -> ServiceResult<Vec<UserWithStats>> {
    viewer.require_admin()?;
    let db = &services.db.read;
    let users = user::Entity::find()
        .order_by_desc(user::Column::Role.eq(user::Role::Mechanic))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?;
    let order_counts: Vec<(Option<i64>, order::Status, i64)> = order::Entity::find()
        .select_only()
        .column(order::Column::MechanicId)
        .column(order::Column::Status)
        .column_as(Expr::col(order::Column::Id).count(), "count")
        .group_by(order::Column::MechanicId)
        .group_by(order::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let week_start = clock::this_week_start(services.shop_timezone);
    let week_seconds: Vec<(i64, Option<i64>)> = time_entry::Entity::find()
        .select_only()
        .column(time_entry::Column::MechanicId)
        // PostgreSQL sums BIGINT into NUMERIC: cast back so both databases return an integer.
        .column_as(Expr::cust("CAST(SUM(seconds) AS BIGINT)"), "seconds")
        .filter(time_entry::Column::StartedAt.gte(week_start))
        .group_by(time_entry::Column::MechanicId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(users
        .into_iter()
        .map(|user| {
            let mine = order_counts.iter().filter(|(mechanic, _, _)| *mechanic == Some(user.id));
            let (mut total, mut open) = (0, 0);
            for (_, status, count) in mine {
                total += count;
                if OrderStatus::from(*status).is_open() {
                    open += count;
                }
            }
            let seconds = week_seconds.iter().find(|(id, _)| *id == user.id).and_then(|(_, s)| *s).unwrap_or(0);
            UserWithStats { user: to_wire(user), orders_total: total, orders_open: open, seconds_this_week: seconds }
        })
        .collect())
}

pub async fn update(services: &Services, viewer: &Viewer, id: i64, update: UserUpdate) -> ServiceResult<User> {
    viewer.require_admin()?;
    let found = find(services, id).await?;
    // The refusal names the field, so the web app can say why in the reader's language.
    if id == viewer.id && update.active == Some(false) {
        return fail(AppError::field(ErrorCode::Conflict, "active", "You cannot deactivate yourself."));
    }
    if id == viewer.id && update.role == Some(Role::Mechanic) {
        return fail(AppError::field(ErrorCode::Conflict, "role", "You cannot take away your own admin role."));
    }
    let deactivating = update.active == Some(false) && found.active;
    let mut active: user::ActiveModel = found.into();
    if let Some(name) = update.display_name {
        active.display_name = Set(validation::required_text("display_name", &name, validation::MAX_NAME)?);
    }
    if let Some(role) = update.role {
        active.role = Set(role.into());
    }
    if let Some(chat) = update.telegram_chat_id {
        active.telegram_chat_id = Set(chat);
    }
    if let Some(language) = update.language {
        active.language = Set(language.into());
    }
    if let Some(is_active) = update.active {
        active.active = Set(is_active);
    }
    if deactivating {
        // Said here too, so the answer shows it; `revoke_access` below unlinks it as well.
        active.telegram_chat_id = Set(None);
    }
    active.updated_at = Set(Utc::now());
    let txn = services.db.begin_write().await?;
    let updated = active.update(&txn).await.map_err(|error| match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            taken("telegram_chat_id", "Another user already has this Telegram chat.".into())
        }
        _ => ServiceError::Db(error),
    })?;
    if deactivating {
        revoke_access(services, &txn, id, None).await?;
    }
    txn.commit().await?;
    services.sessions.forget_user(id, None);
    services.orders_changed(); // lists show the mechanic's current name
    Ok(to_wire(updated))
}

pub async fn reset_password(services: &Services, viewer: &Viewer, id: i64, reset: PasswordReset) -> ServiceResult<()> {
    viewer.require_admin()?;
    validation::password("new_password", &reset.new_password)?;
    let found = find(services, id).await?;
    replace_password(services, found, reset.new_password, None).await
}

pub async fn login_link(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    order_id: Option<i64>,
) -> ServiceResult<LoginLink> {
    viewer.require_admin()?;
    let found = find(services, id).await?;
    // A link signs in as its user: one admin must not become another without their password.
    if found.role == user::Role::Admin && id != viewer.id {
        return fail(AppError::forbidden(
            "Sign-in links are for mechanics: an admin signs in with their own password.",
        ));
    }
    if !found.active {
        return fail(AppError::conflict("This account is deactivated."));
    }
    create_login_link(services, &services.db.write, id, order_id).await
}
