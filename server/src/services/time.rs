//! Time tracking: one running timer per mechanic, manual entries, per-order totals and each
//! mechanic's history by day, week or month in the shop's (or the browser's) time zone.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr,
};

use app::model::{
    AppError, HistoryDay, HistoryEntry, ManualTimeEntry, OrderStatus, Period, TimeEntry, TimeHistory, TimeHistoryQuery,
    Viewer, validation,
};

use crate::entities::order;
use crate::entities::time_entry::{self, Source};
use crate::services::access::Access;
use crate::services::clock::{self, check_year, local_midnight};
use crate::services::orders::load_visible;
use crate::services::per_order::ensure_room;
use crate::services::users::directory::names;
use crate::services::{ServiceError, ServiceResult, Services, fail};

/// The longest single entry accepted: a double shift.
const MAX_ENTRY: Duration = Duration::hours(16);
/// How far in the future an entry may end, for clocks that are a little fast.
const CLOCK_SKEW: Duration = Duration::minutes(5);

fn to_wire(model: time_entry::Model, mechanic_name: String) -> TimeEntry {
    TimeEntry {
        id: model.id,
        order_id: model.order_id,
        mechanic_id: model.mechanic_id,
        mechanic_name,
        started_at: model.started_at,
        ended_at: model.ended_at,
        seconds: model.seconds,
        source: model.source.into(),
        note: model.note,
    }
}

async fn with_names(db: &impl ConnectionTrait, rows: Vec<time_entry::Model>) -> ServiceResult<Vec<TimeEntry>> {
    let names = names(db, rows.iter().map(|e| e.mechanic_id)).await?;
    Ok(rows
        .into_iter()
        .map(|e| {
            let name = names.get(&e.mechanic_id).cloned().unwrap_or_default();
            to_wire(e, name)
        })
        .collect())
}

pub async fn entries_for_order(db: &impl ConnectionTrait, order_id: i64) -> ServiceResult<Vec<TimeEntry>> {
    let rows = time_entry::Entity::find()
        .filter(time_entry::Column::OrderId.eq(order_id))
        .order_by_desc(time_entry::Column::StartedAt)
        .all(db)
        .await?;
    with_names(db, rows).await
}

/// The mechanic's running timer, if any.
pub async fn running(db: &impl ConnectionTrait, mechanic_id: i64) -> ServiceResult<Option<TimeEntry>> {
    let row = time_entry::Entity::find()
        .filter(time_entry::Column::MechanicId.eq(mechanic_id))
        .filter(time_entry::Column::EndedAt.is_null())
        .one(db)
        .await?;
    Ok(with_names(db, row.into_iter().collect()).await?.pop())
}

/// Finished time that started at or after `since`, for one mechanic or everyone.
pub async fn seconds_since(
    db: &impl ConnectionTrait,
    mechanic_id: Option<i64>,
    since: DateTime<Utc>,
) -> ServiceResult<i64> {
    let mut select = time_entry::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(COALESCE(SUM(seconds), 0) AS BIGINT)"), "seconds")
        .filter(time_entry::Column::StartedAt.gte(since));
    if let Some(id) = mechanic_id {
        select = select.filter(time_entry::Column::MechanicId.eq(id));
    }
    Ok(select.into_tuple::<i64>().one(db).await?.unwrap_or(0))
}

/// Inside the write transaction that adds a time entry to `order_id`: the order, if the viewer
/// may see it, it is still open and it has room for one more entry.
async fn open_order(
    services: &Services,
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    order_id: i64,
) -> ServiceResult<order::Model> {
    let found = load_visible(txn, services.flags(), viewer, order_id).await?;
    if !OrderStatus::from(found.status).is_open() {
        let status = found.status.as_str();
        return fail(AppError::conflict(format!(
            "Order #{order_id} is {status}: time can no longer be tracked on it."
        )));
    }
    ensure_room::<time_entry::Entity>(txn, order_id, time_entry::Column::OrderId, "time entries").await?;
    Ok(found)
}

/// Starts the viewer's timer on an open order. A second running timer is refused by a unique
/// index, so two quick taps on two phones cannot both start one.
pub async fn start(services: &Services, viewer: &Viewer, order_id: i64) -> ServiceResult<TimeEntry> {
    let txn = services.db.begin_write().await?;
    open_order(services, &txn, viewer, order_id).await?;
    let now = Utc::now();
    let inserted = time_entry::ActiveModel {
        order_id: Set(order_id),
        mechanic_id: Set(viewer.id),
        started_at: Set(now),
        ended_at: Set(None),
        seconds: Set(None),
        source: Set(Source::Timer),
        note: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(entry) => {
            txn.commit().await?;
            Ok(to_wire(entry, viewer.display_name.clone()))
        }
        Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            // Given back first: on SQLite it holds the one write connection asked for below.
            txn.rollback().await?;
            let running = running(&services.db.write, viewer.id).await?;
            let on = running.map(|r| format!(" on order #{}", r.order_id)).unwrap_or_default();
            fail(AppError::conflict(format!("You already have a timer running{on}. Stop it first.")))
        }
        Err(error) => Err(ServiceError::Db(error)),
    }
}

/// Stops the viewer's running timer on this order.
pub async fn stop(services: &Services, viewer: &Viewer, order_id: i64) -> ServiceResult<TimeEntry> {
    let running = time_entry::Entity::find()
        .filter(time_entry::Column::MechanicId.eq(viewer.id))
        .filter(time_entry::Column::EndedAt.is_null())
        .one(&services.db.write)
        .await?;
    // Your own timer can always be stopped, even on an order an admin has since given to someone
    // else: otherwise it would run on, and block every other timer of yours, for good.
    let entry = match running {
        Some(entry) if entry.order_id == order_id => entry,
        other => {
            load_visible(&services.db.read, services.flags(), viewer, order_id).await?;
            return fail(AppError::conflict(match other {
                Some(entry) => format!("Your running timer is on order #{}, not #{order_id}.", entry.order_id),
                None => "No timer of yours is running.".to_owned(),
            }));
        }
    };
    let now = Utc::now();
    let seconds = (now - entry.started_at).num_seconds().max(0);
    let mut active: time_entry::ActiveModel = entry.into();
    active.ended_at = Set(Some(now));
    active.seconds = Set(Some(seconds));
    let stopped = active.update(&services.db.write).await?;
    services.orders_changed(); // lists show tracked time
    Ok(to_wire(stopped, viewer.display_name.clone()))
}

/// Time entered by hand, on an open order. It must end after it starts, last at most 16 hours and
/// not end in the future.
pub async fn add_manual(
    services: &Services,
    viewer: &Viewer,
    order_id: i64,
    input: ManualTimeEntry,
) -> ServiceResult<TimeEntry> {
    check_year("started_at", input.started_at.date_naive())?;
    if input.ended_at <= input.started_at {
        return fail(AppError::validation("ended_at", "The end must come after the start."));
    }
    if input.ended_at - input.started_at > MAX_ENTRY {
        return fail(AppError::validation("ended_at", "One entry covers at most 16 hours."));
    }
    if input.ended_at > Utc::now() + CLOCK_SKEW {
        return fail(AppError::validation("ended_at", "Time cannot be entered for the future."));
    }
    let note = validation::optional_text("note", input.note.as_deref(), validation::MAX_COMMENT)?;
    let txn = services.db.begin_write().await?;
    open_order(services, &txn, viewer, order_id).await?;
    let created = time_entry::ActiveModel {
        order_id: Set(order_id),
        mechanic_id: Set(viewer.id),
        started_at: Set(input.started_at),
        ended_at: Set(Some(input.ended_at)),
        seconds: Set(Some((input.ended_at - input.started_at).num_seconds())),
        source: Set(Source::Manual),
        note: Set(note),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    services.orders_changed(); // lists show tracked time
    Ok(to_wire(created, viewer.display_name.clone()))
}

/// The first and last day of the period around `date`. Weeks run Sunday to Saturday.
fn period_bounds(period: Period, date: NaiveDate) -> (NaiveDate, NaiveDate) {
    match period {
        Period::Day => (date, date),
        Period::Week => {
            let start = clock::week_start(date);
            (start, start + Duration::days(6))
        }
        Period::Month => {
            let start = date.with_day(1).expect("day 1");
            let next = if start.month() == 12 {
                NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)
            }
            .expect("first of next month");
            (start, next.pred_opt().expect("last day"))
        }
    }
}

/// A mechanic's finished time over a period, grouped by local day, newest first.
pub async fn history(services: &Services, viewer: &Viewer, query: &TimeHistoryQuery) -> ServiceResult<TimeHistory> {
    let mechanic_id = match query.mechanic_id {
        Some(id) if id != viewer.id => {
            viewer.require_admin()?;
            id
        }
        _ => viewer.id,
    };
    let tz = clock::timezone(services.shop_timezone, query.tz.as_deref())?;
    let date = query.date.unwrap_or_else(|| clock::today(tz));
    check_year("date", date)?;
    let (from, to) = period_bounds(query.period, date);
    let start = local_midnight(tz, from);
    let end = local_midnight(tz, to.succ_opt().unwrap_or(to));
    let db = &services.db.read;
    let entries = time_entry::Entity::find()
        .filter(time_entry::Column::MechanicId.eq(mechanic_id))
        .filter(time_entry::Column::EndedAt.is_not_null())
        .filter(time_entry::Column::StartedAt.gte(start))
        .filter(time_entry::Column::StartedAt.lt(end))
        .order_by_desc(time_entry::Column::StartedAt)
        .all(db)
        .await?;
    // Only the two columns shown: a whole order row would name columns a feature migration adds.
    let order_ids: Vec<i64> = entries.iter().map(|entry| entry.order_id).collect();
    let order_texts: HashMap<i64, (String, String)> = order::Entity::find()
        .select_only()
        .columns([order::Column::Id, order::Column::Vin, order::Column::PartType])
        .filter(order::Column::Id.is_in(order_ids))
        .into_tuple::<(i64, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, vin, part)| (id, (vin, part)))
        .collect();
    let rows = entries.into_iter().map(|entry| {
        let order = order_texts.get(&entry.order_id).cloned();
        (entry, order)
    });
    let name = names(db, [mechanic_id]).await?.remove(&mechanic_id).unwrap_or_default();
    let mut days: Vec<HistoryDay> = Vec::new();
    for (entry, order) in rows {
        let day = entry.started_at.with_timezone(&tz).date_naive();
        let seconds = entry.seconds.unwrap_or(0);
        let (order_vin, order_part) = order.unwrap_or_default();
        let item = HistoryEntry { entry: to_wire(entry, name.clone()), order_vin, order_part };
        match days.last_mut() {
            Some(last) if last.date == day => {
                last.seconds += seconds;
                last.entries.push(item);
            }
            _ => days.push(HistoryDay { date: day, seconds, entries: vec![item] }),
        }
    }
    let total_seconds = days.iter().map(|d| d.seconds).sum();
    Ok(TimeHistory { period: query.period, from, to, total_seconds, days })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_run_sunday_to_saturday_and_months_whole() {
        let wednesday = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(
            period_bounds(Period::Week, wednesday),
            (NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 28).unwrap())
        );
        let december = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(period_bounds(Period::Month, december), (NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), december));
    }
}
