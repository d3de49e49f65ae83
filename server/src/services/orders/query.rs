//! Order lists: the filters a list may ask for, one page of orders newest first with the counts
//! per status, answered from memory while nothing they show has changed (see `list_cache`).

use std::sync::Arc;

use sea_orm::sea_query::{Expr, ExprTrait, IntoCondition};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    Select, Statement,
};

use app::model::{AppError, FeatureFlags, OrderPage, OrderQuery, OrderStatus, StatusCounts, Viewer};

use super::list_cache::{Counted, ListedPage, Lookup};
use super::row::{OrderRow, select_rows, to_wire};
use crate::entities::order;
use crate::services::counts::count_by;
use crate::services::text_match::{contains, search_text, squeeze};
use crate::services::{ServiceResult, Services, clock, fail};

const DEFAULT_PER_PAGE: u32 = 20;
const MAX_PER_PAGE: u32 = 100;

/// Filters read from a query, checked.
#[derive(Debug, Clone)]
pub struct Filter {
    pub statuses: Vec<OrderStatus>,
    pub condition: Condition,
    pub page: u32,
    pub per_page: u32,
    /// A text search (`q`, `vin`, `car_number`) is part of `condition`: no index finds its rows.
    pub searches: bool,
    /// `condition` is at most one mechanic's orders (this one, if any): `order_counts` has the
    /// counts.
    pub whole: Option<Option<i64>>,
}

impl Filter {
    /// The rows this filter selects, newest first, with the status filter applied.
    pub fn rows(&self, flags: FeatureFlags) -> Select<order::Entity> {
        self.newest_first(select_rows(flags))
    }

    /// The ids of those rows, in the same order.
    pub fn ids(&self) -> Select<order::Entity> {
        self.newest_first(order::Entity::find().select_only().column(order::Column::Id))
    }

    /// `select` with the filters but the status, newest first.
    fn newest_first_all(&self, select: Select<order::Entity>) -> Select<order::Entity> {
        select.filter(self.condition.clone()).order_by_desc(order::Column::CreatedAt).order_by_desc(order::Column::Id)
    }

    fn newest_first(&self, select: Select<order::Entity>) -> Select<order::Entity> {
        let statuses = if self.statuses.is_empty() {
            Condition::all()
        } else {
            Condition::all().add(order::Column::Status.is_in(self.statuses.iter().map(|s| order::Status::from(*s))))
        };
        self.newest_first_all(select.filter(statuses))
    }
}

/// Reads and checks the list's query parameters; everything but the status goes into `condition`,
/// so that the same condition also gives the per-status counts.
pub fn filter(services: &Services, viewer: &Viewer, query: &OrderQuery) -> ServiceResult<Filter> {
    let flags = services.flags();
    let mut condition = Condition::all();
    let mut searches = false;
    let mut mechanic = None;
    if viewer.is_admin() {
        if let Some(mechanic_id) = query.mechanic_id {
            condition = condition.add(order::Column::MechanicId.eq(mechanic_id));
            mechanic = Some(mechanic_id);
        }
    } else {
        if query.mechanic_id.is_some_and(|id| id != viewer.id) {
            return fail(AppError::forbidden("Only an admin may list another mechanic's orders."));
        }
        condition = condition.add(order::Column::MechanicId.eq(viewer.id));
        mechanic = Some(viewer.id);
    }
    let statuses = match query.status.as_deref().map(str::trim) {
        None | Some("") | Some("all") => Vec::new(),
        Some("open") | Some("active") => OrderStatus::OPEN.to_vec(),
        Some(list) => {
            // Each status once: the total adds up the counts of the statuses asked for.
            let mut statuses = Vec::new();
            for status in list.split(',') {
                let status =
                    status.parse::<OrderStatus>().map_err(|message| AppError::validation("status", message))?;
                if !statuses.contains(&status) {
                    statuses.push(status);
                }
            }
            statuses
        }
    };
    if let Some(car_number) = search_text("car_number", query.car_number.as_deref())? {
        if !flags.enable_car_number {
            return fail(AppError::validation("car_number", "Car numbers are not enabled (ENABLE_CAR_NUMBER)."));
        }
        searches = true;
        let wanted = squeeze(car_number);
        condition = condition
            .add(Expr::cust("REPLACE(REPLACE(UPPER(orders.car_number), '-', ''), ' ', '')").like(contains(&wanted)));
    }
    if let Some(vin) = search_text("vin", query.vin.as_deref())? {
        searches = true;
        condition = condition.add(order::Column::Vin.like(contains(&squeeze(vin))));
    }
    let tz = clock::timezone(services.shop_timezone, query.tz.as_deref())?;
    let mut dated = false;
    if let Some(from) = query.from.as_deref().filter(|s| !s.trim().is_empty()) {
        condition = condition.add(order::Column::CreatedAt.gte(clock::parse_bound("from", from, tz, false)?));
        dated = true;
    }
    if let Some(to) = query.to.as_deref().filter(|s| !s.trim().is_empty()) {
        condition = condition.add(order::Column::CreatedAt.lt(clock::parse_bound("to", to, tz, true)?));
        dated = true;
    }
    if let Some(q) = search_text("q", query.q.as_deref())? {
        searches = true;
        let pattern = contains(&q.to_lowercase());
        // SQLite's LIKE ignores the case of ASCII letters already, and its LOWER() changes no
        // other letter: there LOWER() only cost time (a search read 107 ms instead of 48 at
        // 57,000 orders). PostgreSQL's LIKE minds case.
        let fold_case = services.db.backend() == DbBackend::Postgres;
        let contains_text = |column: &str| {
            let column = if fold_case { format!("LOWER(orders.{column})") } else { format!("orders.{column}") };
            Expr::cust(column).like(pattern.clone())
        };
        let mut any = Condition::any()
            .add(contains_text("vin"))
            .add(contains_text("part_type"))
            .add(contains_text("category"))
            .add(contains_text("mechanic_name"));
        if flags.enable_car_number {
            any = any.add(contains_text("car_number"));
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
    // Mechanic 0 in `order_counts` is the orders waiting for one, which `mechanic_id = 0` is not.
    let whole = (!searches && !dated && mechanic.is_none_or(|id| id > 0)).then_some(mechanic);
    Ok(Filter { statuses, condition, page, per_page, searches, whole })
}

/// One page of orders, newest first, with the counts per status. Two queries whatever the page.
#[tracing::instrument(skip(services, query), fields(viewer = viewer.id))]
pub async fn list(services: &Services, viewer: &Viewer, query: &OrderQuery) -> ServiceResult<Arc<ListedPage>> {
    let filter = filter(services, viewer, query)?;
    // Everything the answer depends on: whose orders (an admin sees all) and the query.
    let whose = if viewer.is_admin() { "admin".to_owned() } else { viewer.id.to_string() };
    let key = format!("{whose}|{query:?}");
    let cache = &services.order_lists;
    let _reading = match cache.lookup(&key) {
        Lookup::Fresh { page, refresh } => {
            if refresh {
                refresh_in_background(services, whose, query, filter, key);
            }
            return Ok(page);
        }
        // Nothing changed here since it was read; only another process's writes could have. It
        // is answered while it is read again in the background: a request that read it itself
        // waited for a search's whole-table count (the filters workload's p99 was those requests).
        Lookup::Expiring(page) => {
            refresh_in_background(services, whose, query, filter, key);
            return Ok(page);
        }
        Lookup::Missing => {
            let reading = cache.reader(&key).lock_owned().await;
            if let Lookup::Fresh { page, .. } = cache.lookup(&key) {
                return Ok(page); // read while this one waited
            }
            reading
        }
    };
    read(services, &whose, query, &filter, key).await
}

/// Reads a list again in a task of its own, unless one is already queued for it. The tasks take
/// turns (`ListCache::refreshing`), and take the list's reader only once it is their turn: a
/// queued refresh holding it made requests for other lists behind the same lock wait for the
/// whole queue.
fn refresh_in_background(services: &Services, whose: String, query: &OrderQuery, filter: Filter, key: String) {
    let Some(queued) = services.order_lists.queue_refresh(&key) else { return };
    let (services, query) = (services.handle(), query.clone());
    tokio::spawn(async move {
        let _queued = queued;
        let cache = &services.order_lists;
        let Ok(_turn) = cache.refreshing.acquire().await else { return };
        let reader = cache.reader(&key);
        let _reading = reader.lock().await;
        if matches!(cache.lookup(&key), Lookup::Fresh { refresh: false, .. }) {
            return; // a request read it while this one waited
        }
        if let Err(error) = read(&services, &whose, &query, &filter, key).await {
            tracing::warn!(error = ?error, "order list refresh failed");
        }
    });
}

/// Reads a list from the database and stores it in the cache under `key`.
async fn read(
    services: &Services,
    whose: &str,
    query: &OrderQuery,
    filter: &Filter,
    key: String,
) -> ServiceResult<Arc<ListedPage>> {
    let cache = &services.order_lists;
    let generation = cache.generation();
    // The counts depend on the viewer and the filters but not on the page or the status.
    let counted = OrderQuery { status: None, page: None, per_page: None, ..query.clone() };
    let counts_key = format!("{whose}|{counted:?}");
    let counted = match cache.counts(&counts_key) {
        Some(counted) => counted,
        None => {
            let _counting = cache.counter(&counts_key).lock().await;
            match cache.counts(&counts_key) {
                Some(counted) => counted, // counted while this one waited
                None => {
                    let counted = count(&services.db.read, filter).await?;
                    cache.put_counts(counts_key, generation, counted.clone());
                    counted
                }
            }
        }
    };
    let page = match &counted.matches {
        Some(matches) => page_of_matches(services, filter, counted.counts, matches).await?,
        None => read_page(services, filter, counted.counts).await?,
    };
    let page = ListedPage::new(&page);
    cache.put(key, generation, page.clone());
    Ok(page)
}

/// The most orders a text search keeps in memory, newest first, to answer its pages from.
const MAX_MATCHES: u64 = 1000;

/// The counts per status of what the filters (but the status) select. A text search that selects
/// at most `MAX_MATCHES` orders also keeps their ids: no index finds the rows a search matches, so
/// each page of it would read the whole table again (78 ms at 80,000 orders on SQLite, page after
/// page), where this reads it once and pages from memory. A search that matches more finds its
/// pages quickly by walking the date index, as an unfiltered list does.
async fn count(db: &impl ConnectionTrait, filter: &Filter) -> ServiceResult<Counted> {
    if filter.searches {
        let found: Vec<(i64, order::Status)> = filter
            .newest_first_all(
                order::Entity::find().select_only().column(order::Column::Id).column(order::Column::Status),
            )
            .limit(MAX_MATCHES + 1)
            .into_tuple()
            .all(db)
            .await?;
        if found.len() as u64 <= MAX_MATCHES {
            let mut counts = StatusCounts::default();
            let matches: Vec<(i64, OrderStatus)> = found.into_iter().map(|(id, status)| (id, status.into())).collect();
            for (_, status) in &matches {
                counts.add(*status, 1);
            }
            return Ok(Counted { counts, matches: Some(Arc::new(matches)) });
        }
    }
    let counts = match filter.whole {
        Some(mechanic) => match kept_counts(db, mechanic).await {
            Ok(counts) => counts,
            // Only where an operator rolled the table's migration back with `--steps`.
            Err(error) => {
                tracing::warn!(error = ?error, "order_counts unreadable; counting the orders instead");
                counts(db, filter.condition.clone()).await?
            }
        },
        None => counts(db, filter.condition.clone()).await?,
    };
    Ok(Counted { counts, matches: None })
}

/// The counts per status of every order, or of one mechanic's, as `order_counts` keeps them.
async fn kept_counts(db: &impl ConnectionTrait, mechanic: Option<i64>) -> ServiceResult<StatusCounts> {
    let backend = db.get_database_backend();
    // CAST: PostgreSQL sums BIGINT into NUMERIC.
    let statement = match mechanic {
        Some(id) => Statement::from_sql_and_values(
            backend,
            match backend {
                DbBackend::Postgres => {
                    "SELECT status, CAST(SUM(count) AS BIGINT) AS count FROM order_counts WHERE mechanic_key = $1 GROUP BY status"
                }
                _ => {
                    "SELECT status, CAST(SUM(count) AS BIGINT) AS count FROM order_counts WHERE mechanic_key = ? GROUP BY status"
                }
            },
            [id.into()],
        ),
        None => Statement::from_string(
            backend,
            "SELECT status, CAST(SUM(count) AS BIGINT) AS count FROM order_counts GROUP BY status",
        ),
    };
    let mut counts = StatusCounts::default();
    for row in db.query_all_raw(statement).await? {
        let status: order::Status = row.try_get("", "status")?;
        counts.add(status.into(), row.try_get::<i64>("", "count")?);
    }
    Ok(counts)
}

/// One page of a search's matches, kept in memory by `count`.
async fn page_of_matches(
    services: &Services,
    filter: &Filter,
    counts: StatusCounts,
    matches: &[(i64, OrderStatus)],
) -> ServiceResult<OrderPage> {
    let selected = matches.iter().filter(|(_, status)| filter.statuses.is_empty() || filter.statuses.contains(status));
    let skip = (filter.page as usize - 1).saturating_mul(filter.per_page as usize);
    let ids: Vec<i64> = selected.map(|(id, _)| *id).skip(skip).take(filter.per_page as usize).collect();
    // A search that matches nothing, or a page past its matches, needs no query.
    page_of(services, filter, counts, (!ids.is_empty()).then(|| order::Column::Id.is_in(ids))).await
}

/// The page whose orders `which` selects (none without it), read whole with their joins and
/// subqueries, newest first.
async fn page_of(
    services: &Services,
    filter: &Filter,
    counts: StatusCounts,
    which: Option<impl IntoCondition>,
) -> ServiceResult<OrderPage> {
    let flags = services.flags();
    let rows = match which {
        Some(which) => {
            select_rows(flags)
                .filter(which)
                .order_by_desc(order::Column::CreatedAt)
                .order_by_desc(order::Column::Id)
                .into_model::<OrderRow>()
                .all(&services.db.read)
                .await?
        }
        None => Vec::new(),
    };
    Ok(OrderPage {
        orders: rows.into_iter().map(|row| to_wire(flags, row)).collect(),
        page: filter.page,
        per_page: filter.per_page,
        total: total(filter, counts),
        counts,
    })
}

fn total(filter: &Filter, counts: StatusCounts) -> i64 {
    if filter.statuses.is_empty() { counts.all } else { filter.statuses.iter().map(|status| counts.get(*status)).sum() }
}

async fn read_page(services: &Services, filter: &Filter, counts: StatusCounts) -> ServiceResult<OrderPage> {
    // A deferred join: the page's ids come from the index on (created_at, id) alone, and only
    // those rows are read whole, with their joins and subqueries. Selecting whole rows with an
    // OFFSET made PostgreSQL compute every skipped row's tracked time and comment count (page
    // 150 of 50: 7,450 rows computed to be thrown away).
    let page_ids = filter
        .ids()
        .limit(u64::from(filter.per_page))
        .offset(u64::from(filter.page - 1) * u64::from(filter.per_page))
        .into_query();
    page_of(services, filter, counts, Some(order::Column::Id.in_subquery(page_ids))).await
}

/// How many orders `condition` selects in each status.
pub async fn counts(db: &impl ConnectionTrait, condition: Condition) -> ServiceResult<StatusCounts> {
    let rows: Vec<(order::Status, i64)> =
        count_by(db, order::Entity::find().filter(condition), order::Column::Status).await?;
    let mut counts = StatusCounts::default();
    for (status, count) in rows {
        counts.add(status.into(), count);
    }
    Ok(counts)
}
