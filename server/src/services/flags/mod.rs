//! Live flags: the environment sets each flag's default, an admin overrides it at run time (the
//! System page, the admin API, `felix-hub flags`), and the three flags a mechanic sees or hears
//! for themselves can be on for a pilot group of mechanics only. Overrides, pilot groups and the
//! log of every change live in the database (the flags' migration).
//!
//! Every process keeps the state in memory (`cache`) and asks, once a second (`watch`), for the
//! one-row version counter that every change moves on in its own transaction; only when it moved
//! does it read the rest. A change made through this process is in force here at once.

pub mod cache;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Weak};
use std::time::Duration;

use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use sea_orm_migration::MigratorTrait;

use app::model::{
    AppError, FeatureFlags, Flag, FlagChange, FlagReason, FlagSetting, FlagSource, FlagStatus, FlagsOverview,
    PilotMember, Viewer,
};
use migration::Migrator;

use self::cache::FlagState;
use crate::entities::user::Role;
use crate::entities::{flag_change, flag_override, flag_pilot, user};
use crate::services::access::Access;
use crate::services::users::directory;
use crate::services::{ServiceResult, Services, fail};

/// How often each process asks whether the flags changed.
pub const POLL: Duration = Duration::from_secs(1);

/// The one-row counter every change moves on.
const VERSION_TABLE: &str = "flag_version";

/// Who reads or changes the flags, and from where: an admin (System page, admin API) or the
/// operator at the command line.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub source: FlagSource,
}

impl Actor {
    /// The signed-in admin; anyone else gets a 403.
    pub async fn admin(services: &Services, viewer: &Viewer) -> ServiceResult<Actor> {
        viewer.require_admin()?;
        let user = directory::find(services, viewer.id).await?;
        Ok(Actor { name: user.username, source: FlagSource::Web })
    }

    /// `felix-hub flags`, run by the operating system's user.
    pub fn cli() -> Actor {
        Actor { name: os_user(), source: FlagSource::Cli }
    }
}

/// The migration a flag needs before it can be on.
pub fn migration_needed(flag: Flag) -> Option<&'static str> {
    match flag {
        Flag::CarNumber => Some(migration::CAR_NUMBER_MIGRATION),
        Flag::PartCategories => Some(migration::CATALOG_MIGRATION),
        _ => None,
    }
}

/// The flags in force for whoever signed in (a pilot flag may be on for them alone), or for
/// everyone when nobody did.
pub fn for_viewer(services: &Services, viewer: Option<&Viewer>) -> FeatureFlags {
    match viewer {
        Some(viewer) => services.flags_for(viewer.id),
        None => services.flags(),
    }
}

/// Every flag with its default, override, value in force, whether it works and why not, and the
/// pilot groups; read fresh from the database.
pub async fn overview(services: &Services, _actor: &Actor) -> ServiceResult<FlagsOverview> {
    refresh(services, true).await?;
    let flags = current(services).await?;
    Ok(FlagsOverview { flags, overrides_available: services.flag_cache().version().is_some() })
}

/// `statuses`, with the names in each pilot group.
pub async fn current(services: &Services) -> ServiceResult<Vec<FlagStatus>> {
    let state = services.flag_cache().state();
    with_pilots(services, statuses(services), &state).await
}

/// Sets or clears `flag`'s override, and logs the change. Turning a flag on whose migration is
/// missing is a 409; so is any change while the flags' own migration is missing.
pub async fn set(services: &Services, actor: &Actor, flag: Flag, setting: FlagSetting) -> ServiceResult<FlagStatus> {
    let txn = services.db.begin_write().await?;
    require_tables(&txn).await?;
    let new = setting.value();
    if new == Some(true)
        && let Some(needed) = migration_needed(flag)
        && !applied(&txn).await?.contains(needed)
    {
        return fail(AppError::conflict(format!(
            "{flag} cannot be turned on: it needs migration {needed}, which is not applied. \
             Run `felix-hub migrate apply` first."
        )));
    }
    let old = flag_override::Entity::find_by_id(flag.name()).one(&txn).await?.map(|row| row.value);
    if old != new {
        match new {
            Some(value) => {
                let row = flag_override::ActiveModel {
                    flag: Set(flag.name().to_owned()),
                    value: Set(value),
                    updated_at: Set(Utc::now()),
                    updated_by: Set(actor.name.clone()),
                };
                flag_override::Entity::insert(row)
                    .on_conflict(
                        OnConflict::column(flag_override::Column::Flag)
                            .update_columns([
                                flag_override::Column::Value,
                                flag_override::Column::UpdatedAt,
                                flag_override::Column::UpdatedBy,
                            ])
                            .to_owned(),
                    )
                    .exec_without_returning(&txn)
                    .await?;
            }
            None => {
                flag_override::Entity::delete_by_id(flag.name()).exec(&txn).await?;
            }
        }
        record(&txn, actor, flag, None, old, new).await?;
    }
    txn.commit().await?;
    changed(services, actor, flag, old != new).await
}

/// Adds `username` to `flag`'s pilot group, or takes them out, and logs the change.
pub async fn set_pilot(
    services: &Services,
    actor: &Actor,
    flag: Flag,
    username: &str,
    member: bool,
) -> ServiceResult<FlagStatus> {
    if !flag.has_pilot() {
        let pilots: Vec<&str> = Flag::ALL.iter().filter(|f| f.has_pilot()).map(|f| f.name()).collect();
        return fail(AppError::validation(
            "flag",
            format!("{flag} has no pilot group: only {} do.", pilots.join(", ")),
        ));
    }
    let username = username.trim().to_lowercase();
    let txn = services.db.begin_write().await?;
    require_tables(&txn).await?;
    let Some(mechanic) = user::Entity::find().filter(user::Column::Username.eq(&username)).one(&txn).await? else {
        return fail(AppError::not_found(format!("There is no user '{username}'.")));
    };
    if mechanic.role != Role::Mechanic {
        return fail(AppError::validation(
            "username",
            format!("'{username}' is an admin: a pilot group is for mechanics."),
        ));
    }
    let key = (flag.name().to_owned(), mechanic.id);
    let was = flag_pilot::Entity::find_by_id(key.clone()).one(&txn).await?.is_some();
    if was != member {
        if member {
            let row = flag_pilot::ActiveModel {
                flag: Set(key.0),
                user_id: Set(key.1),
                added_at: Set(Utc::now()),
                added_by: Set(actor.name.clone()),
            };
            flag_pilot::Entity::insert(row).exec_without_returning(&txn).await?;
        } else {
            flag_pilot::Entity::delete_by_id(key).exec(&txn).await?;
        }
        let (old, new) = (was.then_some(true), member.then_some(true));
        record(&txn, actor, flag, Some(username), old, new).await?;
    }
    txn.commit().await?;
    changed(services, actor, flag, was != member).await
}

/// The change log, newest first (empty while the flags' migration is missing).
pub async fn changes(services: &Services, _actor: &Actor, limit: u64) -> ServiceResult<Vec<FlagChange>> {
    if !has_tables(&services.db.read).await? {
        return Ok(Vec::new());
    }
    let rows = flag_change::Entity::find()
        .order_by_desc(flag_change::Column::Id)
        .limit(limit.clamp(1, 500))
        .all(&services.db.read)
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(FlagChange {
                id: row.id,
                flag: parse_flag(&row.flag)?,
                mechanic: row.mechanic,
                old_value: row.old_value,
                new_value: row.new_value,
                changed_by: row.changed_by,
                changed_at: row.changed_at,
                source: row.source.into(),
            })
        })
        .collect()
}

/// Each flag as it stands in this process now: default, override, value, whether it works and
/// why not. Pilot groups are left out (`overview` reads their names).
pub fn statuses(services: &Services) -> Vec<FlagStatus> {
    let cache = services.flag_cache();
    let (state, defaults) = (cache.state(), cache.defaults());
    let config = &services.config;
    let token = config.telegram_bot_token.is_some();
    let admins = !config.admin_chat_ids.0.is_empty();
    Flag::ALL
        .into_iter()
        .map(|flag| {
            let enabled = state.wanted(&defaults, flag);
            let reason = if state.missing_migration.contains(&flag) {
                Some(FlagReason::MigrationMissing)
            } else if matches!(flag, Flag::TgAdminNotifs | Flag::TgMechNotifs) && !token {
                Some(FlagReason::NoToken)
            } else if flag == Flag::TgAdminNotifs && !admins {
                Some(FlagReason::NoAdminChats)
            } else {
                None
            };
            let reason = reason.filter(|_| enabled);
            FlagStatus {
                name: flag.name().to_owned(),
                default: flag.get(&defaults),
                override_value: state.overrides.get(&flag).copied(),
                enabled,
                effective: enabled && reason.is_none(),
                note: reason.map(|reason| note(flag, reason)),
                reason,
                pilot: None,
            }
        })
        .collect()
}

/// Why a flag that is on has no effect, in words for the log, the CLI and the API.
pub fn note(flag: Flag, reason: FlagReason) -> String {
    match reason {
        FlagReason::NoToken => "on, but TELEGRAM_BOT_TOKEN is not set: messages are recorded as skipped".into(),
        FlagReason::NoAdminChats => "on, but ADMIN_CHAT_IDS is empty: there is nobody to tell".into(),
        FlagReason::MigrationMissing => format!(
            "on, but migration {} is not applied: run `felix-hub migrate apply`",
            migration_needed(flag).unwrap_or_default()
        ),
    }
}

/// Reads the flags again when the version counter moved (or always, with `force`), and keeps
/// them. A database error leaves the flags as they were.
pub async fn refresh(services: &Services, force: bool) -> Result<(), DbErr> {
    let db = &services.db.read;
    let version = read_version(db).await?;
    let cache = services.flag_cache();
    if !force && version == cache.version() {
        return Ok(());
    }
    let state = read_state(db, version).await?;
    for (flag, value) in cache.replace(state) {
        tracing::info!(%flag, value, "flag changed");
    }
    Ok(())
}

/// Polls the version counter every `POLL` while the services live. Stops by itself once they
/// are gone, and is aborted with the server.
pub fn watch(services: &Arc<Services>) -> tokio::task::JoinHandle<()> {
    let services: Weak<Services> = Arc::downgrade(services);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut failing = false;
        loop {
            tick.tick().await;
            let Some(services) = services.upgrade() else { return };
            match refresh(&services, false).await {
                Ok(()) if failing => {
                    tracing::info!("the flags can be read again");
                    failing = false;
                }
                Ok(()) => {}
                Err(error) if !failing => {
                    tracing::warn!(%error, "cannot read the flags: keeping the values last read");
                    failing = true;
                }
                Err(_) => {}
            }
        }
    })
}

/// The flags an override turns on, for `migrate rollback` to refuse to drop what they need.
pub async fn overridden_on(db: &impl ConnectionTrait) -> Result<Vec<Flag>, DbErr> {
    if !has_tables(db).await? {
        return Ok(Vec::new());
    }
    let rows = flag_override::Entity::find().filter(flag_override::Column::Value.eq(true)).all(db).await?;
    rows.iter().map(|row| parse_flag(&row.flag)).collect()
}

/// After a change is committed: in force here at once, said in the log, and answered with the
/// flag's new standing.
async fn changed(services: &Services, actor: &Actor, flag: Flag, did: bool) -> ServiceResult<FlagStatus> {
    refresh(services, true).await?;
    if did {
        tracing::info!(%flag, by = %actor.name, source = actor.source.as_str(), "flag override or pilot group changed");
    }
    let mut rows = current(services).await?;
    let index = Flag::ALL.iter().position(|f| *f == flag).unwrap_or_default();
    Ok(rows.swap_remove(index))
}

/// Writes one log entry and moves the version counter on, in the change's own transaction: the
/// counter row is locked until the commit, so versions and commits come in the same order and a
/// poller never skips a change (which the log's largest id would not promise on PostgreSQL).
async fn record(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    flag: Flag,
    mechanic: Option<String>,
    old: Option<bool>,
    new: Option<bool>,
) -> Result<(), DbErr> {
    let word = |value: Option<bool>| value.map(|on| if on { "on" } else { "off" }.to_owned());
    let entry = flag_change::ActiveModel {
        flag: Set(flag.name().to_owned()),
        mechanic: Set(mechanic),
        old_value: Set(word(old)),
        new_value: Set(word(new)),
        changed_by: Set(actor.name.clone()),
        changed_at: Set(Utc::now()),
        source: Set(actor.source.into()),
        ..Default::default()
    };
    flag_change::Entity::insert(entry).exec_without_returning(txn).await?;
    let bump = Query::update()
        .table(Alias::new(VERSION_TABLE))
        .value(Alias::new("version"), Expr::col(Alias::new("version")).add(1))
        .and_where(Expr::col(Alias::new("id")).eq(1))
        .to_owned();
    txn.execute(&bump).await?;
    Ok(())
}

async fn read_version(db: &impl ConnectionTrait) -> Result<Option<i64>, DbErr> {
    let select = Query::select()
        .column(Alias::new("version"))
        .from(Alias::new(VERSION_TABLE))
        .and_where(Expr::col(Alias::new("id")).eq(1))
        .to_owned();
    match db.query_one(&select).await {
        Ok(row) => Ok(Some(row.map(|row| row.try_get::<i64>("", "version")).transpose()?.unwrap_or(0))),
        // Asked only when the read failed: one query per poll while the table is there.
        Err(error) => {
            if has_tables(db).await? {
                Err(error)
            } else {
                Ok(None)
            }
        }
    }
}

async fn read_state(db: &impl ConnectionTrait, version: Option<i64>) -> Result<FlagState, DbErr> {
    let applied = applied(db).await?;
    let missing_migration = Flag::ALL
        .into_iter()
        .filter(|flag| migration_needed(*flag).is_some_and(|needed| !applied.contains(needed)))
        .collect();
    let mut state = FlagState { version, missing_migration, ..Default::default() };
    if version.is_none() {
        return Ok(state);
    }
    for row in flag_override::Entity::find().all(db).await? {
        state.overrides.insert(parse_flag(&row.flag)?, row.value);
    }
    let mut pilots: BTreeMap<Flag, BTreeSet<i64>> = BTreeMap::new();
    for row in flag_pilot::Entity::find().all(db).await? {
        pilots.entry(parse_flag(&row.flag)?).or_default().insert(row.user_id);
    }
    state.pilots = pilots;
    Ok(state)
}

/// The names of the applied migrations, read without creating anything.
async fn applied(db: &impl ConnectionTrait) -> Result<BTreeSet<String>, DbErr> {
    let migrations = Migrator::get_applied_migrations_read_only(db).await?;
    Ok(migrations.iter().map(|m| m.name().to_owned()).collect())
}

async fn has_tables(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => format!(
            "SELECT 1 AS found FROM pg_tables WHERE schemaname = current_schema() AND tablename = '{VERSION_TABLE}'"
        ),
        _ => format!("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = '{VERSION_TABLE}'"),
    };
    Ok(db.query_one_raw(Statement::from_string(backend, sql)).await?.is_some())
}

async fn require_tables(db: &impl ConnectionTrait) -> ServiceResult<()> {
    if has_tables(db).await? {
        return Ok(());
    }
    fail(AppError::conflict(format!(
        "flags cannot be overridden: migration {} is not applied. Run `felix-hub migrate apply` first.",
        migration::FLAGS_MIGRATION
    )))
}

/// The pilot groups' members by name, on the rows of the pilot flags.
async fn with_pilots(
    services: &Services,
    mut rows: Vec<FlagStatus>,
    state: &FlagState,
) -> ServiceResult<Vec<FlagStatus>> {
    let ids: BTreeSet<i64> = state.pilots.values().flatten().copied().collect();
    let users: BTreeMap<i64, user::Model> = if ids.is_empty() {
        BTreeMap::new()
    } else {
        let found = user::Entity::find().filter(user::Column::Id.is_in(ids)).all(&services.db.read).await?;
        found.into_iter().map(|u| (u.id, u)).collect()
    };
    for (row, flag) in rows.iter_mut().zip(Flag::ALL) {
        if !flag.has_pilot() {
            continue;
        }
        let members = state.pilots.get(&flag).into_iter().flatten().filter_map(|id| users.get(id));
        let mut members: Vec<PilotMember> = members
            .map(|u| PilotMember { user_id: u.id, username: u.username.clone(), display_name: u.display_name.clone() })
            .collect();
        members.sort_by(|a, b| a.username.cmp(&b.username));
        row.pilot = Some(members);
    }
    Ok(rows)
}

fn parse_flag(name: &str) -> Result<Flag, DbErr> {
    name.parse().map_err(|error: String| DbErr::Type(error))
}

/// The operating system's user running the command: `USER` or `LOGNAME`, else the name of the
/// process's uid in /etc/passwd (a cleared environment, a container), else the uid itself.
fn os_user() -> String {
    for variable in ["USER", "LOGNAME"] {
        if let Ok(name) = std::env::var(variable)
            && !name.trim().is_empty()
        {
            return name.trim().to_owned();
        }
    }
    use std::os::unix::fs::MetadataExt;
    let Ok(uid) = std::fs::metadata("/proc/self").map(|m| m.uid()) else { return "unknown".into() };
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|fields| fields.get(2) == Some(&uid.to_string().as_str()))
        .and_then(|fields| fields.first().map(|name| (*name).to_owned()))
        .unwrap_or_else(|| format!("uid {uid}"))
}

/// The flag an address names (`ENABLE_UI_REFRESH`, in any case); a 404 for anything else.
pub fn named(name: &str) -> ServiceResult<Flag> {
    name.parse().or_else(|error: String| fail(AppError::not_found(error)))
}

/// How many entries of the change log the System page and the admin API show.
pub const LOG_LENGTH: u64 = 100;
