//! Orders: creating them from any door, the status lifecycle, assignment, lists with filters and
//! counts, the details view and the dashboard numbers.

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic, Iterable,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, TransactionTrait,
};

use app::model::{
    AppError, Assignment, Dashboard, FeatureFlags, NewOrder, Order, OrderDetails, OrderEvent, OrderPage, OrderQuery,
    OrderStatus, OriginalOrAnalog, StatusChange, StatusCounts, Viewer, validation,
};

use super::events::{self, Change};
use super::list_cache::Lookup;
use super::order_batch::{NewOrderRow, OrderBatch};
use super::{ServiceResult, Services, catalog, comments, fail, items, time, users};
use crate::entities::{category, order, order_event, user};

const DEFAULT_PER_PAGE: u32 = 20;
const MAX_PER_PAGE: u32 = 100;
/// Most rows a CSV export holds.
pub const MAX_EXPORT_ROWS: u64 = 10_000;

/// An order row with the numbers the list shows beside it, read in one query.
#[derive(Debug, Clone, FromQueryResult)]
pub struct OrderRow {
    pub id: i64,
    pub mechanic_id: Option<i64>,
    pub mechanic_name: String,
    pub vin: String,
    pub part_type: String,
    pub category: String,
    pub original_or_analog: String,
    pub quantity: i32,
    pub status: String,
    pub photo_file_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub car_number: Option<String>,
    pub category_id: Option<i64>,
    pub part_id: Option<i64>,
    pub current_mechanic_name: Option<String>,
    pub tracked_seconds: i64,
    pub comment_count: i64,
}

impl From<order::Model> for OrderRow {
    /// The row of an order just written, before anyone commented or tracked time on it.
    fn from(order: order::Model) -> OrderRow {
        OrderRow {
            id: order.id,
            mechanic_id: order.mechanic_id,
            current_mechanic_name: None,
            mechanic_name: order.mechanic_name,
            vin: order.vin,
            part_type: order.part_type,
            category: order.category,
            original_or_analog: order.original_or_analog,
            quantity: order.quantity,
            status: order.status,
            photo_file_id: order.photo_file_id,
            created_at: order.created_at,
            updated_at: order.updated_at,
            car_number: order.car_number,
            category_id: order.category_id,
            part_id: order.part_id,
            tracked_seconds: 0,
            comment_count: 0,
        }
    }
}

/// The wire form of an order, showing flag-guarded fields only while their flag is on.
pub fn to_wire(services: &Services, row: OrderRow) -> Order {
    let categories = services.flags.enable_part_categories;
    Order {
        id: row.id,
        status: row.status.parse().unwrap_or(OrderStatus::New),
        mechanic_id: row.mechanic_id,
        mechanic_name: row.current_mechanic_name.unwrap_or(row.mechanic_name),
        vin: row.vin,
        car_number: if services.flags.enable_car_number { row.car_number } else { None },
        part_type: row.part_type,
        category: row.category,
        category_id: if categories { row.category_id } else { None },
        part_id: if categories { row.part_id } else { None },
        original_or_analog: row.original_or_analog.parse().unwrap_or(OriginalOrAnalog::Original),
        quantity: row.quantity,
        has_photo: row.photo_file_id.is_some(),
        tracked_seconds: row.tracked_seconds,
        comment_count: row.comment_count,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// The columns a feature migration adds, with their SQL types, that these flags leave unused.
/// Such a column is never read or written, so with both feature flags off the server keeps
/// working on the base schema, as after the rollout plan's `migrate rollback`.
fn unused_columns(flags: FeatureFlags) -> Vec<(order::Column, &'static str)> {
    let mut unused = Vec::new();
    if !flags.enable_car_number {
        unused.push((order::Column::CarNumber, "VARCHAR(20)"));
    }
    if !flags.enable_part_categories {
        unused.extend([(order::Column::CategoryId, "BIGINT"), (order::Column::PartId, "BIGINT")]);
    }
    unused
}

/// `orders` as a server with these flags may read it: an unused column is read as a typed NULL.
pub fn select_orders(flags: FeatureFlags) -> Select<order::Entity> {
    let unused = unused_columns(flags);
    let mut select = order::Entity::find().select_only();
    for column in order::Column::iter().filter(|column| !unused.iter().any(|(u, _)| u.as_str() == column.as_str())) {
        select = select.column(column);
    }
    for (column, sql_type) in unused {
        select = select.column_as(Expr::cust(format!("CAST(NULL AS {sql_type})")), column.as_str());
    }
    select
}

/// `orders` with the mechanic's current name, tracked time and comment count beside each row.
fn select_rows(flags: FeatureFlags) -> Select<order::Entity> {
    select_orders(flags)
        .column_as(user::Column::DisplayName, "current_mechanic_name")
        .left_join(user::Entity)
        // Correlated subqueries over indexed order_id: two index lookups per listed order, and
        // one round trip for the whole page. CAST because PostgreSQL sums BIGINT into NUMERIC.
        .column_as(
            Expr::cust("CAST((SELECT COALESCE(SUM(te.seconds), 0) FROM time_entries te WHERE te.order_id = orders.id) AS BIGINT)"),
            "tracked_seconds",
        )
        .column_as(
            Expr::cust("CAST((SELECT COUNT(*) FROM comments c WHERE c.order_id = orders.id) AS BIGINT)"),
            "comment_count",
        )
}

pub async fn row(db: &impl ConnectionTrait, flags: FeatureFlags, id: i64) -> ServiceResult<Option<OrderRow>> {
    Ok(select_rows(flags).filter(order::Column::Id.eq(id)).into_model::<OrderRow>().one(db).await?)
}

/// The order, if `viewer` may see it. A mechanic asking for another mechanic's order gets the
/// same 404 as for a missing one, so ids reveal nothing.
pub async fn load_visible(
    db: &impl ConnectionTrait,
    flags: FeatureFlags,
    viewer: &Viewer,
    id: i64,
) -> ServiceResult<order::Model> {
    match select_orders(flags).filter(order::Column::Id.eq(id)).one(db).await? {
        Some(found) if viewer.is_admin() || found.mechanic_id == Some(viewer.id) => Ok(found),
        _ => fail(AppError::not_found(format!("There is no order #{id}."))),
    }
}

pub async fn get(services: &Services, viewer: &Viewer, id: i64) -> ServiceResult<Order> {
    load_visible(&services.db.read, services.flags, viewer, id).await?;
    let row = row(&services.db.read, services.flags, id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("There is no order #{id}.")))?;
    Ok(to_wire(services, row))
}

/// Creates an order through any door. `photo_file_id` comes from the Telegram bot only.
#[tracing::instrument(skip(services, input), fields(viewer = viewer.id))]
pub async fn create(
    services: &Services,
    viewer: &Viewer,
    input: NewOrder,
    photo_file_id: Option<String>,
) -> ServiceResult<Order> {
    let vin = validation::normalize_vin(&input.vin)?;
    let car_number = match (&input.car_number, services.flags.enable_car_number) {
        (Some(car_number), true) => validation::normalize_car_number(car_number)?,
        // With the flag off the field is not stored, as before the rollout.
        _ => None,
    };
    let quantity = validation::quantity("quantity", input.quantity.unwrap_or(1))?;
    let comment = validation::optional_text("comment", input.comment.as_deref(), validation::MAX_COMMENT)?;

    // Everything read is read before the write transaction: on SQLite every write waits for
    // the one writer, so the less it does between BEGIN and COMMIT, the more orders per second.
    let read = &services.db.read;
    let (part_type, category_text, category_id, part_id) = match input.part_id {
        Some(part_id) => {
            let (part, category) = catalog::part_for_order(services, read, part_id).await?;
            let language = viewer.language;
            let part_type = match input.part_type.as_deref().map(str::trim) {
                Some(text) if !text.is_empty() => {
                    validation::required_text("part_type", text, validation::MAX_PART_TYPE)?
                }
                _ => part_name(&part, language).to_owned(),
            };
            (part_type, category_name(&category, language).to_owned(), Some(category.id), Some(part.id))
        }
        None => {
            let part_type = validation::required_text(
                "part_type",
                input.part_type.as_deref().unwrap_or(""),
                validation::MAX_PART_TYPE,
            )?;
            let category_text = validation::required_text(
                "category",
                input.category.as_deref().unwrap_or(""),
                validation::MAX_CATEGORY,
            )?;
            let category_id = if services.flags.enable_part_categories {
                catalog::category_by_slug(read, &category_text).await?.map(|c| c.id)
            } else {
                None
            };
            (part_type, category_text, category_id, None)
        }
    };
    let (mechanic_id, mechanic_name) = owner_for(read, viewer, &input).await?;
    // Both databases keep microseconds: the answer shows what a later read will.
    let now = Utc::now().trunc_subsecs(6);
    let created = order::Model {
        id: 0,
        mechanic_id,
        mechanic_name,
        vin,
        part_type,
        category: category_text,
        original_or_analog: input.original_or_analog.as_str().to_owned(),
        quantity,
        status: OrderStatus::New.as_str().to_owned(),
        photo_file_id,
        created_by: Some(viewer.id),
        created_at: now,
        updated_at: now,
        car_number,
        category_id,
        part_id,
    };
    let mut insert: order::ActiveModel = created.clone().into();
    insert.not_set(order::Column::Id);
    for (column, _) in unused_columns(services.flags) {
        insert.not_set(column);
    }
    let has_comment = comment.is_some();
    let new_row = NewOrderRow { order: created, insert, actor_id: viewer.id, comment };
    let created = OrderBatch::write(&services.handle(), new_row).await?;
    let row = OrderRow { comment_count: i64::from(has_comment), ..OrderRow::from(created) };
    tracing::info!(order = row.id, "order created");
    Ok(to_wire(services, row))
}

/// Whose order it is: a mechanic's own; for an admin, the mechanic named by id or name, or
/// nobody yet (to be assigned) when the name matches no mechanic.
async fn owner_for(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    input: &NewOrder,
) -> ServiceResult<(Option<i64>, String)> {
    if !viewer.is_admin() {
        return Ok((Some(viewer.id), viewer.display_name.clone()));
    }
    if let Some(id) = input.mechanic_id {
        let mechanic = users::find_in(db, id)
            .await
            .map_err(|_| AppError::validation("mechanic_id", format!("There is no mechanic {id}.")))?;
        if mechanic.role != "mechanic" || !mechanic.active {
            return fail(AppError::validation("mechanic_id", "Orders go to active mechanics only."));
        }
        return Ok((Some(mechanic.id), mechanic.display_name));
    }
    let name = validation::optional_text("mechanic_name", input.mechanic_name.as_deref(), validation::MAX_NAME)?;
    match &name {
        Some(name) => match users::find_mechanic_by_name(db, name).await? {
            Some(mechanic) => Ok((Some(mechanic.id), mechanic.display_name)),
            None => Ok((None, name.clone())),
        },
        None => Ok((None, String::new())),
    }
}

fn part_name(part: &crate::entities::part::Model, language: app::model::Language) -> &str {
    match language {
        app::model::Language::He => &part.name_he,
        app::model::Language::En => &part.name_en,
        app::model::Language::Ru => &part.name_ru,
    }
}

fn category_name(category: &category::Model, language: app::model::Language) -> &str {
    match language {
        app::model::Language::He => &category.name_he,
        app::model::Language::En => &category.name_en,
        app::model::Language::Ru => &category.name_ru,
    }
}

/// Moves an order to a new status, if that move is legal. Mechanics move their own orders;
/// admins move any.
#[tracing::instrument(skip(services, change), fields(viewer = viewer.id, to = %change.status))]
pub async fn change_status(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    change: StatusChange,
) -> ServiceResult<Order> {
    let note = validation::optional_text("note", change.note.as_deref(), validation::MAX_COMMENT)?;
    let txn = services.db.write.begin().await?;
    let found = load_visible(&txn, services.flags, viewer, id).await?;
    let from: OrderStatus = found.status.parse().unwrap_or(OrderStatus::New);
    let to = change.status;
    if !from.can_move_to(to) {
        let allowed: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
        let allowed = if allowed.is_empty() { "none, it is closed".to_owned() } else { allowed.join(", ") };
        return fail(AppError::conflict(format!(
            "Order #{id} is {from} and cannot move to {to}. Allowed next statuses: {allowed}."
        )));
    }
    let now = Utc::now();
    // Conditional on the status read above, so two people moving the same order at once cannot
    // both succeed from the same starting point.
    let updated = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(to.as_str()))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(id))
        .filter(order::Column::Status.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return fail(AppError::conflict(format!("Order #{id} changed meanwhile. Reload and try again.")));
    }
    let mut after = found;
    after.status = to.as_str().to_owned();
    after.updated_at = now;
    events::record(services, &txn, &after, Some(viewer.id), Change::Status { from, to }, note).await?;
    let row = row(&txn, services.flags, id).await?.ok_or_else(AppError::internal)?;
    txn.commit().await?;
    services.orders_changed();
    services.outbox_ready.notify_one();
    Ok(to_wire(services, row))
}

/// Gives an order to a mechanic (admins only).
pub async fn assign(services: &Services, viewer: &Viewer, id: i64, assignment: Assignment) -> ServiceResult<Order> {
    users::require_admin(viewer)?;
    let note = validation::optional_text("note", assignment.note.as_deref(), validation::MAX_COMMENT)?;
    let txn = services.db.write.begin().await?;
    let found = load_visible(&txn, services.flags, viewer, id).await?;
    let mechanic = users::find_in(&txn, assignment.mechanic_id).await.map_err(|_| {
        AppError::validation("mechanic_id", format!("There is no mechanic {}.", assignment.mechanic_id))
    })?;
    if mechanic.role != "mechanic" || !mechanic.active {
        return fail(AppError::validation("mechanic_id", "Orders go to active mechanics only."));
    }
    if found.mechanic_id == Some(mechanic.id) {
        return fail(AppError::conflict(format!("Order #{id} is already {}'s.", mechanic.display_name)));
    }
    let from = found.mechanic_id;
    let now = Utc::now();
    order::Entity::update_many()
        .col_expr(order::Column::MechanicId, Expr::value(mechanic.id))
        .col_expr(order::Column::MechanicName, Expr::value(mechanic.display_name.clone()))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let after = order::Model {
        mechanic_id: Some(mechanic.id),
        mechanic_name: mechanic.display_name.clone(),
        updated_at: now,
        ..found
    };
    events::record(services, &txn, &after, Some(viewer.id), Change::Assigned { from, to: mechanic.id }, note).await?;
    let row = row(&txn, services.flags, id).await?.ok_or_else(AppError::internal)?;
    txn.commit().await?;
    services.orders_changed();
    services.outbox_ready.notify_one();
    Ok(to_wire(services, row))
}

/// Filters read from a query, checked.
#[derive(Debug, Clone)]
pub struct Filter {
    pub statuses: Vec<OrderStatus>,
    pub condition: Condition,
    pub page: u32,
    pub per_page: u32,
}

/// Reads and checks the list's query parameters; everything but the status goes into `condition`,
/// so that the same condition also gives the per-status counts.
pub fn filter(services: &Services, viewer: &Viewer, query: &OrderQuery) -> ServiceResult<Filter> {
    let mut condition = Condition::all();
    if viewer.is_admin() {
        if let Some(mechanic_id) = query.mechanic_id {
            condition = condition.add(order::Column::MechanicId.eq(mechanic_id));
        }
    } else {
        if query.mechanic_id.is_some_and(|id| id != viewer.id) {
            return fail(AppError::forbidden("Only an admin may list another mechanic's orders."));
        }
        condition = condition.add(order::Column::MechanicId.eq(viewer.id));
    }
    let statuses = match query.status.as_deref().map(str::trim) {
        None | Some("") | Some("all") => Vec::new(),
        Some("open") | Some("active") => OrderStatus::OPEN.to_vec(),
        Some(list) => list
            .split(',')
            .map(|s| s.parse::<OrderStatus>().map_err(|message| AppError::validation("status", message)))
            .collect::<Result<Vec<_>, _>>()?,
    };
    if let Some(car_number) = query.car_number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if !services.flags.enable_car_number {
            return fail(AppError::validation("car_number", "Car numbers are not enabled (ENABLE_CAR_NUMBER)."));
        }
        let wanted = squeeze(car_number);
        condition = condition
            .add(Expr::cust("REPLACE(REPLACE(UPPER(orders.car_number), '-', ''), ' ', '')").like(contains(&wanted)));
    }
    if let Some(vin) = query.vin.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        condition = condition.add(order::Column::Vin.like(contains(&squeeze(vin))));
    }
    let tz = time::timezone(services, query.tz.as_deref())?;
    if let Some(from) = query.from.as_deref().filter(|s| !s.trim().is_empty()) {
        condition = condition.add(order::Column::CreatedAt.gte(time::parse_bound("from", from, tz, false)?));
    }
    if let Some(to) = query.to.as_deref().filter(|s| !s.trim().is_empty()) {
        condition = condition.add(order::Column::CreatedAt.lt(time::parse_bound("to", to, tz, true)?));
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let pattern = contains(&q.to_lowercase());
        let lower = |column: &str| Expr::cust(format!("LOWER(orders.{column})")).like(pattern.clone());
        let mut any = Condition::any()
            .add(lower("vin"))
            .add(lower("part_type"))
            .add(lower("category"))
            .add(lower("mechanic_name"));
        if services.flags.enable_car_number {
            any = any.add(lower("car_number"));
        }
        if let Ok(id) = q.trim_start_matches('#').parse::<i64>() {
            any = any.add(order::Column::Id.eq(id));
        }
        condition = condition.add(any);
    }
    let per_page = query.per_page.unwrap_or(DEFAULT_PER_PAGE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return fail(AppError::validation("per_page", format!("per_page is from 1 to {MAX_PER_PAGE}.")));
    }
    let page = query.page.unwrap_or(1);
    if page == 0 {
        return fail(AppError::validation("page", "Pages are numbered from 1."));
    }
    Ok(Filter { statuses, condition, page, per_page })
}

/// Upper case without spaces and dashes: how VINs and car numbers are compared.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase()
}

/// A LIKE pattern matching `text` anywhere, with LIKE's own wildcards escaped. NUL characters
/// are dropped: no stored text holds one, and PostgreSQL refuses a query that does.
pub(crate) fn contains(text: &str) -> LikeExpr {
    let escaped = text.replace('\0', "").replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

fn status_condition(statuses: &[OrderStatus]) -> Condition {
    if statuses.is_empty() {
        Condition::all()
    } else {
        Condition::all().add(order::Column::Status.is_in(statuses.iter().map(|s| s.as_str())))
    }
}

/// One page of orders, newest first, with the counts per status. Two queries whatever the page.
#[tracing::instrument(skip(services, query), fields(viewer = viewer.id))]
pub async fn list(services: &Services, viewer: &Viewer, query: &OrderQuery) -> ServiceResult<OrderPage> {
    let filter = filter(services, viewer, query)?;
    // Everything the answer depends on: whose orders (an admin sees all) and the query.
    let key = format!("{}|{query:?}", if viewer.is_admin() { "admin".to_owned() } else { viewer.id.to_string() });
    let cache = &services.order_lists;
    let _reading = match cache.lookup(&key) {
        Lookup::Fresh(page) => return Ok(OrderPage::clone(&page)),
        Lookup::Expiring(page) => match cache.reader(&key).try_lock() {
            Ok(reading) => reading,
            Err(_) => return Ok(OrderPage::clone(&page)), // another request is refreshing it
        },
        Lookup::Missing => {
            let reading = cache.reader(&key).lock().await;
            if let Lookup::Fresh(page) = cache.lookup(&key) {
                return Ok(OrderPage::clone(&page)); // read while this one waited
            }
            reading
        }
    };
    let generation = cache.generation();
    let page = read_page(services, &filter).await?;
    cache.put(key, generation, Arc::new(page.clone()));
    Ok(page)
}

async fn read_page(services: &Services, filter: &Filter) -> ServiceResult<OrderPage> {
    let db = &services.db.read;
    let counts = counts(db, filter.condition.clone()).await?;
    let total = if filter.statuses.is_empty() {
        counts.all
    } else {
        filter.statuses.iter().map(|status| counts.get(*status)).sum()
    };
    let rows = select_rows(services.flags)
        .filter(filter.condition.clone())
        .filter(status_condition(&filter.statuses))
        .order_by_desc(order::Column::CreatedAt)
        .order_by_desc(order::Column::Id)
        .limit(u64::from(filter.per_page))
        .offset(u64::from(filter.page - 1) * u64::from(filter.per_page))
        .into_model::<OrderRow>()
        .all(db)
        .await?;
    Ok(OrderPage {
        orders: rows.into_iter().map(|row| to_wire(services, row)).collect(),
        page: filter.page,
        per_page: filter.per_page,
        total,
        counts,
    })
}

/// Every order the filters select (up to `MAX_EXPORT_ROWS`), newest first, for a CSV export.
pub async fn export(services: &Services, viewer: &Viewer, query: &OrderQuery) -> ServiceResult<Vec<Order>> {
    users::require_admin(viewer)?;
    let filter = filter(services, viewer, query)?;
    let rows = select_rows(services.flags)
        .filter(filter.condition)
        .filter(status_condition(&filter.statuses))
        .order_by_desc(order::Column::CreatedAt)
        .order_by_desc(order::Column::Id)
        .limit(MAX_EXPORT_ROWS)
        .into_model::<OrderRow>()
        .all(&services.db.read)
        .await?;
    Ok(rows.into_iter().map(|row| to_wire(services, row)).collect())
}

async fn counts(db: &impl ConnectionTrait, condition: Condition) -> ServiceResult<StatusCounts> {
    let rows: Vec<(String, i64)> = order::Entity::find()
        .select_only()
        .column(order::Column::Status)
        .column_as(Expr::col(order::Column::Id).count(), "count")
        .filter(condition)
        .group_by(order::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut counts = StatusCounts::default();
    for (status, count) in rows {
        if let Ok(status) = status.parse() {
            counts.add(status, count);
        }
    }
    Ok(counts)
}

/// The order with its comments, time, items, totals and history.
pub async fn details(services: &Services, viewer: &Viewer, id: i64) -> ServiceResult<OrderDetails> {
    let db = &services.db.read;
    let found = load_visible(db, services.flags, viewer, id).await?;
    let order = to_wire(services, row(db, services.flags, id).await?.ok_or_else(AppError::internal)?);
    let comments = comments::list_for(db, id).await?;
    let time_entries = time::entries_for_order(db, id).await?;
    let items = items::list_for(db, id).await?;
    let totals = items::totals(&items, order.tracked_seconds);
    let events = events_for(db, id).await?;
    let status: OrderStatus = found.status.parse().unwrap_or(OrderStatus::New);
    Ok(OrderDetails { allowed_statuses: status.next().to_vec(), order, comments, time_entries, items, totals, events })
}

async fn events_for(db: &impl ConnectionTrait, order_id: i64) -> ServiceResult<Vec<OrderEvent>> {
    let rows = order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(order_id))
        .order_by_asc(order_event::Column::Id)
        .all(db)
        .await?;
    let names = users::names(db, rows.iter().filter_map(|e| e.actor_id)).await?;
    Ok(rows
        .into_iter()
        .map(|event| OrderEvent {
            id: event.id,
            actor_name: event.actor_id.and_then(|id| names.get(&id).cloned()),
            actor_id: event.actor_id,
            kind: event.kind,
            from_status: event.from_status.and_then(|s| s.parse().ok()),
            to_status: event.to_status.and_then(|s| s.parse().ok()),
            from_mechanic_id: event.from_mechanic_id,
            to_mechanic_id: event.to_mechanic_id,
            note: event.note,
            created_at: event.created_at,
        })
        .collect())
}

/// The stat cards: a mechanic's own numbers, or the shop's for an admin. "Today" is the shop's day.
pub async fn dashboard(services: &Services, viewer: &Viewer, tz: Option<&str>) -> ServiceResult<Dashboard> {
    let db = &services.db.read;
    let tz = time::timezone(services, tz)?;
    let today = time::today_start(tz);
    let mut scope = Condition::all();
    if !viewer.is_admin() {
        scope = scope.add(order::Column::MechanicId.eq(viewer.id));
    }
    let counts = counts(db, scope.clone()).await?;
    let created_today = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        .filter(scope.clone())
        .filter(order::Column::CreatedAt.gte(today))
        .count(db)
        .await? as i64;
    let mut completed = order_event::Entity::find()
        .filter(order_event::Column::Kind.eq("status"))
        .filter(order_event::Column::ToStatus.eq(OrderStatus::Completed.as_str()))
        .filter(order_event::Column::CreatedAt.gte(today));
    if !viewer.is_admin() {
        let mine = sea_orm::sea_query::Query::select()
            .column(order::Column::Id)
            .from(order::Entity)
            .and_where(order::Column::MechanicId.eq(viewer.id))
            .to_owned();
        completed = completed.filter(order_event::Column::OrderId.in_subquery(mine));
    }
    let completed_today = completed.count(db).await? as i64;
    let seconds_today = time::seconds_since(db, (!viewer.is_admin()).then_some(viewer.id), today).await?;
    let running_timer = time::running(db, viewer.id).await?;
    Ok(Dashboard { counts, created_today, completed_today, seconds_today, running_timer })
}
