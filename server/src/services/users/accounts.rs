//! Staff accounts: creating, listing with their numbers, editing, deactivating, password resets.

use chrono::{Datelike, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
    TransactionTrait,
};

use app::model::{
    AppError, LoginLink, NewUser, PasswordReset, ProfileUpdate, Role, User, UserUpdate, UserWithStats, Viewer,
    validation,
};

use super::{ServiceResult, Services, auth, fail};
use crate::entities::{order, time_entry, user};

pub fn to_wire(model: user::Model) -> User {
    User {
        id: model.id,
        role: model.role.parse().unwrap_or(Role::Mechanic),
        language: model.language.parse().unwrap_or_default(),
        username: model.username,
        display_name: model.display_name,
        telegram_chat_id: model.telegram_chat_id,
        active: model.active,
        created_at: model.created_at,
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

pub fn require_admin(viewer: &Viewer) -> ServiceResult<()> {
    if viewer.is_admin() { Ok(()) } else { fail(AppError::forbidden("Only an admin may do this.")) }
}

pub async fn me(services: &Services, viewer: &Viewer) -> ServiceResult<User> {
    Ok(to_wire(find(services, viewer.id).await?))
}

pub async fn update_profile(services: &Services, viewer: &Viewer, update: ProfileUpdate) -> ServiceResult<User> {
    let found = find(services, viewer.id).await?;
    let mut active: user::ActiveModel = found.into();
    if let Some(language) = update.language {
        active.language = Set(language.code().to_owned());
    }
    active.updated_at = Set(Utc::now());
    let updated = active.update(&services.db.write).await?;
    services.sessions.forget_user(viewer.id, None);
    Ok(to_wire(updated))
}

/// Creates a user. Also used by `felix-hub user create` and the demo loader, with no viewer.
pub async fn create(services: &Services, viewer: Option<&Viewer>, input: NewUser) -> ServiceResult<User> {
    if let Some(viewer) = viewer {
        require_admin(viewer)?;
    }
    let username = validation::username(&input.username)?;
    let display_name = validation::required_text("display_name", &input.display_name, validation::MAX_NAME)?;
    validation::password("password", &input.password)?;
    let hash = auth::hash_password(input.password).await?;
    let now = Utc::now();
    let created = user::ActiveModel {
        username: Set(username.clone()),
        display_name: Set(display_name),
        password_hash: Set(hash),
        role: Set(input.role.as_str().to_owned()),
        telegram_chat_id: Set(input.telegram_chat_id),
        language: Set(input.language.unwrap_or(services.config.default_language).code().to_owned()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&services.db.write)
    .await
    .map_err(|error| match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(detail)) if detail.contains("telegram") => AppError::field(
            app::model::ErrorCode::Conflict,
            "telegram_chat_id",
            "Another user already has this Telegram chat.",
        )
        .into(),
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            AppError::field(app::model::ErrorCode::Conflict, "username", format!("The username '{username}' is taken."))
                .into()
        }
        _ => super::ServiceError::Db(error),
    })?;
    Ok(to_wire(created))
}

/// Everyone, mechanics first, each with their order counts and this week's tracked time.
pub async fn list(services: &Services, viewer: &Viewer) -> ServiceResult<Vec<UserWithStats>> {
    require_admin(viewer)?;
    let db = &services.db.read;
    let users = user::Entity::find()
        .order_by_desc(user::Column::Role.eq("mechanic"))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?;
    let order_counts: Vec<(Option<i64>, String, i64)> = order::Entity::find()
        .select_only()
        .column(order::Column::MechanicId)
        .column(order::Column::Status)
        .column_as(Expr::col(order::Column::Id).count(), "count")
        .group_by(order::Column::MechanicId)
        .group_by(order::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let week_start = week_start_utc(services);
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
                if status.parse::<app::model::OrderStatus>().is_ok_and(|s| s.is_open()) {
                    open += count;
                }
            }
            let seconds = week_seconds.iter().find(|(id, _)| *id == user.id).and_then(|(_, s)| *s).unwrap_or(0);
            UserWithStats { user: to_wire(user), orders_total: total, orders_open: open, seconds_this_week: seconds }
        })
        .collect())
}

/// Sunday 00:00 of this week in the shop's time zone (the Israeli working week starts on Sunday).
fn week_start_utc(services: &Services) -> chrono::DateTime<Utc> {
    let today = Utc::now().with_timezone(&services.shop_timezone).date_naive();
    let sunday = today - chrono::Duration::days(i64::from(today.weekday().num_days_from_sunday()));
    super::time::local_midnight(services.shop_timezone, sunday)
}

pub async fn update(services: &Services, viewer: &Viewer, id: i64, update: UserUpdate) -> ServiceResult<User> {
    require_admin(viewer)?;
    let found = find(services, id).await?;
    if id == viewer.id && (update.active == Some(false) || update.role == Some(Role::Mechanic)) {
        return fail(AppError::conflict("You cannot deactivate yourself or take away your own admin role."));
    }
    let deactivating = update.active == Some(false) && found.active;
    let mut active: user::ActiveModel = found.into();
    if let Some(name) = update.display_name {
        active.display_name = Set(validation::required_text("display_name", &name, validation::MAX_NAME)?);
    }
    if let Some(role) = update.role {
        active.role = Set(role.as_str().to_owned());
    }
    if let Some(chat) = update.telegram_chat_id {
        active.telegram_chat_id = Set(chat);
    }
    if let Some(language) = update.language {
        active.language = Set(language.code().to_owned());
    }
    if let Some(is_active) = update.active {
        active.active = Set(is_active);
    }
    active.updated_at = Set(Utc::now());
    let txn = services.db.write.begin().await?;
    let updated = active.update(&txn).await.map_err(|error| match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::field(
            app::model::ErrorCode::Conflict,
            "telegram_chat_id",
            "Another user already has this Telegram chat.",
        )
        .into(),
        _ => super::ServiceError::Db(error),
    })?;
    if deactivating {
        auth::revoke_sessions(services, &txn, id, None).await?;
    }
    txn.commit().await?;
    services.sessions.forget_user(id, None);
    services.orders_changed(); // lists show the mechanic's current name
    Ok(to_wire(updated))
}

pub async fn reset_password(services: &Services, viewer: &Viewer, id: i64, reset: PasswordReset) -> ServiceResult<()> {
    require_admin(viewer)?;
    validation::password("new_password", &reset.new_password)?;
    let found = find(services, id).await?;
    let hash = auth::hash_password(reset.new_password).await?;
    let txn = services.db.write.begin().await?;
    let mut active: user::ActiveModel = found.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    auth::revoke_sessions(services, &txn, id, None).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn login_link(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    order_id: Option<i64>,
) -> ServiceResult<LoginLink> {
    require_admin(viewer)?;
    let found = find(services, id).await?;
    if !found.active {
        return fail(AppError::conflict("This account is deactivated."));
    }
    auth::create_login_link(services, &services.db.write, id, order_id).await
}

/// The active mechanic an admin named in an order, by display name or username, ignoring case.
pub async fn find_mechanic_by_name(db: &impl ConnectionTrait, name: &str) -> ServiceResult<Option<user::Model>> {
    let name = name.trim().to_lowercase();
    if name.is_empty() {
        return Ok(None);
    }
    let mechanics = user::Entity::find()
        .filter(user::Column::Role.eq("mechanic"))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    Ok(mechanics.into_iter().find(|m| m.username == name || m.display_name.to_lowercase() == name))
}

/// True when the database holds any user: `felix-hub demo` refuses to mix with real data.
pub async fn any_exist(db: &impl ConnectionTrait) -> ServiceResult<bool> {
    Ok(user::Entity::find().one(db).await?.is_some())
}

/// Display names by id, for showing who did what.
pub async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> ServiceResult<std::collections::HashMap<i64, String>> {
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
