//! The Telegram outbox: rows written in the same transaction as the change they tell of, then
//! claimed and sent by the delivery worker (`crate::telegram::delivery`). Nothing here talks to
//! Telegram.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};

use app::model::{AppError, Notification, NotificationPage, NotificationQuery, OutboxCounts, Viewer};

use crate::entities::notification::{self, Audience, Status};
use crate::metrics::Delivery;
use crate::services::access::Access;
use crate::services::counts::count_by;
use crate::services::outbox_links;
use crate::services::{ServiceResult, Services, fail};

/// Adds a message to the outbox inside the caller's transaction. Without a bot token it is
/// recorded as skipped, so the admin can see what would have been sent.
pub async fn enqueue(
    services: &Services,
    txn: &impl ConnectionTrait,
    order_id: Option<i64>,
    audience: Audience,
    chat_id: i64,
    body: String,
) -> ServiceResult<()> {
    let now = Utc::now();
    let status = if services.config.telegram_bot_token.is_some() { Status::Pending } else { Status::Skipped };
    notification::ActiveModel {
        order_id: Set(order_id),
        audience: Set(audience),
        chat_id: Set(chat_id),
        body: Set(body),
        status: Set(status),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        last_error: Set(if status == Status::Skipped { Some("TELEGRAM_BOT_TOKEN is not set".into()) } else { None }),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    if status == Status::Skipped {
        // Counted as queued: the rare transaction that rolls back afterwards still counts.
        services.metrics.notification(audience.as_str(), Delivery::Skipped);
    }
    Ok(())
}

pub fn to_wire(model: notification::Model) -> Notification {
    Notification {
        id: model.id,
        order_id: model.order_id,
        audience: model.audience.as_str().to_owned(),
        chat_id: model.chat_id,
        body: outbox_links::for_display(&model.body),
        status: model.status.into(),
        attempts: model.attempts,
        last_error: model.last_error,
        created_at: model.created_at,
        next_attempt_at: model.next_attempt_at,
        sent_at: model.sent_at,
    }
}

pub async fn list(services: &Services, viewer: &Viewer, query: &NotificationQuery) -> ServiceResult<NotificationPage> {
    viewer.require_admin()?;
    let per_page = query.per_page.unwrap_or(50);
    if !(1..=200).contains(&per_page) {
        return fail(AppError::validation("per_page", "per_page is from 1 to 200."));
    }
    let page = Ord::max(query.page.unwrap_or(1), 1);
    let mut select = notification::Entity::find();
    if let Some(status) = query.status {
        select = select.filter(notification::Column::Status.eq(Status::from(status)));
    }
    let total = select.clone().count(&services.db.read).await? as i64;
    let rows = select
        .order_by_desc(notification::Column::Id)
        .limit(u64::from(per_page))
        .offset(u64::from(page - 1) * u64::from(per_page))
        .all(&services.db.read)
        .await?;
    Ok(NotificationPage { notifications: rows.into_iter().map(to_wire).collect(), total, page, per_page })
}

pub async fn counts(db: &impl ConnectionTrait) -> ServiceResult<OutboxCounts> {
    let rows: Vec<(Status, i64)> = count_by(db, notification::Entity::find(), notification::Column::Status).await?;
    let mut counts = OutboxCounts::default();
    for (status, count) in rows {
        match status {
            Status::Pending => counts.pending = count,
            Status::Sent => counts.sent = count,
            Status::Failed => counts.failed = count,
            Status::Skipped => counts.skipped = count,
        }
    }
    Ok(counts)
}

/// The messages waiting to be sent: how many, and since when the oldest waits.
#[derive(Debug, Clone, Copy, Default)]
pub struct Backlog {
    pub pending: i64,
    pub oldest_created_at: Option<DateTime<Utc>>,
}

impl Backlog {
    /// How long the oldest waiting message has waited (zero when none waits). It keeps growing
    /// while Telegram is down, though every attempt fails: failing messages stay pending.
    pub fn oldest_age(&self) -> std::time::Duration {
        self.oldest_created_at.map(|at| (Utc::now() - at).to_std().unwrap_or_default()).unwrap_or_default()
    }
}

pub async fn backlog(db: &impl ConnectionTrait) -> Result<Backlog, sea_orm::DbErr> {
    let row: Option<(i64, Option<DateTime<Utc>>)> = notification::Entity::find()
        .select_only()
        .column_as(notification::Column::Id.count(), "pending")
        .column_as(notification::Column::CreatedAt.min(), "oldest")
        .filter(notification::Column::Status.eq(Status::Pending))
        .into_tuple()
        .one(db)
        .await?;
    let (pending, oldest_created_at) = row.unwrap_or_default();
    Ok(Backlog { pending, oldest_created_at })
}

/// Puts a failed or skipped message back in the queue, to be sent at once.
pub async fn retry(services: &Services, viewer: &Viewer, id: i64) -> ServiceResult<Notification> {
    viewer.require_admin()?;
    let Some(found) = notification::Entity::find_by_id(id).one(&services.db.write).await? else {
        return fail(AppError::not_found(format!("There is no notification {id}.")));
    };
    if matches!(found.status, Status::Sent | Status::Pending) {
        let status = found.status.as_str();
        return fail(AppError::conflict(format!("Notification {id} is {status}: there is nothing to retry.")));
    }
    if services.config.telegram_bot_token.is_none() {
        return fail(AppError::conflict("TELEGRAM_BOT_TOKEN is not set: the message cannot be sent."));
    }
    let mut active: notification::ActiveModel = found.into();
    active.status = Set(Status::Pending);
    active.next_attempt_at = Set(Utc::now());
    active.claimed_until = Set(None);
    let updated = active.update(&services.db.write).await?;
    services.outbox_ready.notify_one();
    Ok(to_wire(updated))
}

/// Claims up to `limit` due messages for `lease`, so that no other process sends them meanwhile.
/// On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several processes claim side by side; SQLite runs
/// one write at a time, which makes the single UPDATE atomic on its own.
pub async fn claim_due(
    db: &impl ConnectionTrait,
    limit: u64,
    lease: chrono::Duration,
) -> Result<Vec<notification::Model>, sea_orm::DbErr> {
    let now = Utc::now();
    let until = now + lease;
    let backend = db.get_database_backend();
    let lock = if backend == DbBackend::Postgres { "FOR UPDATE SKIP LOCKED" } else { "" };
    let pending = Status::Pending.as_str();
    let sql = format!(
        "UPDATE notifications SET claimed_until = $1 WHERE id IN (\
           SELECT id FROM notifications \
           WHERE status = '{pending}' AND next_attempt_at <= $2 AND (claimed_until IS NULL OR claimed_until < $2) \
           ORDER BY id LIMIT {limit} {lock}) \
         RETURNING *"
    );
    let sql = if backend == DbBackend::Postgres { sql } else { sql.replace("$1", "?").replace("$2", "?") };
    let values: Vec<sea_orm::Value> = if backend == DbBackend::Postgres {
        vec![until.into(), now.into()]
    } else {
        vec![until.into(), now.into(), now.into()]
    };
    let rows = db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    let mut claimed =
        rows.iter().map(|row| notification::Model::from_query_result(row, "")).collect::<Result<Vec<_>, _>>()?;
    claimed.sort_by_key(|n| n.id);
    Ok(claimed)
}

/// The outcome of one delivery attempt.
#[derive(Debug)]
pub enum Outcome {
    Sent,
    /// Try again at this time.
    Retry {
        at: DateTime<Utc>,
        error: String,
    },
    /// Telegram will never accept it.
    Failed {
        error: String,
    },
}

pub async fn record_outcome(db: &impl ConnectionTrait, id: i64, outcome: Outcome) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    let update = notification::Entity::update_many()
        .col_expr(notification::Column::Attempts, Expr::col(notification::Column::Attempts).add(1))
        .col_expr(notification::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(notification::Column::Id.eq(id));
    let update = match outcome {
        Outcome::Sent => update
            .col_expr(notification::Column::Status, Expr::value(Status::Sent))
            .col_expr(notification::Column::SentAt, Expr::value(now))
            .col_expr(notification::Column::LastError, Expr::value(Option::<String>::None)),
        Outcome::Retry { at, error } => update
            .col_expr(notification::Column::NextAttemptAt, Expr::value(at))
            .col_expr(notification::Column::LastError, Expr::value(error)),
        Outcome::Failed { error } => update
            .col_expr(notification::Column::Status, Expr::value(Status::Failed))
            .col_expr(notification::Column::LastError, Expr::value(error)),
    };
    update.exec(db).await?;
    Ok(())
}

/// Makes every waiting message due now. Called when a worker starts: the backoff was measured
/// against a Telegram that a restart may well have found working again.
pub async fn due_now(db: &impl ConnectionTrait) -> Result<u64, sea_orm::DbErr> {
    let now = Utc::now();
    let updated = notification::Entity::update_many()
        .col_expr(notification::Column::NextAttemptAt, Expr::value(now))
        .filter(notification::Column::Status.eq(Status::Pending))
        .filter(notification::Column::NextAttemptAt.gt(now))
        .exec(db)
        .await?;
    Ok(updated.rows_affected)
}

/// When the next message falls due, to sleep until then.
pub async fn next_due(db: &impl ConnectionTrait) -> Result<Option<DateTime<Utc>>, sea_orm::DbErr> {
    let next: Option<DateTime<Utc>> = notification::Entity::find()
        .select_only()
        .column(notification::Column::NextAttemptAt)
        .filter(notification::Column::Status.eq(Status::Pending))
        .order_by_asc(notification::Column::NextAttemptAt)
        .into_tuple()
        .one(db)
        .await?;
    Ok(next)
}
