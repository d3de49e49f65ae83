//! One-time codes: sign-in links and Telegram link codes, stored only as hashes, each good once
//! until it expires.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::tokens::token_hash;
use crate::entities::one_time_code::{self, Purpose};
use crate::services::ServiceResult;

/// Stores a code for `user_id` (and the order it opens); returns when it stops working.
pub async fn issue(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: Purpose,
    secret: &str,
    order_id: Option<i64>,
    ttl: chrono::Duration,
) -> ServiceResult<DateTime<Utc>> {
    let now = Utc::now();
    let expires_at = now + ttl;
    one_time_code::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose),
        code_hash: Set(token_hash(secret)),
        order_id: Set(order_id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(expires_at)
}

/// What became of a code someone tried to use.
pub enum Redeemed {
    /// It was good, and is used up now.
    Claimed(one_time_code::Model),
    /// Unknown, expired or already used.
    Unusable,
    /// Good a moment ago, but another request used it first.
    Raced,
}

/// Uses up the code with this secret, inside `txn`. Two simultaneous tries yield one success:
/// see `claim`.
pub async fn redeem(txn: &impl ConnectionTrait, purpose: Purpose, secret: &str) -> ServiceResult<Redeemed> {
    let code = one_time_code::Entity::find()
        .filter(one_time_code::Column::CodeHash.eq(token_hash(secret)))
        .filter(one_time_code::Column::Purpose.eq(purpose))
        .one(txn)
        .await?;
    let Some(code) = code.filter(|c| c.used_at.is_none() && c.expires_at > Utc::now()) else {
        return Ok(Redeemed::Unusable);
    };
    Ok(if claim(txn, &code).await? { Redeemed::Claimed(code) } else { Redeemed::Raced })
}

/// Marks a code that was unused when it was read as used now, unless another request used it
/// since: the update's own condition (`used_at IS NULL`) decides, and only the request whose
/// update changed the row wins. On PostgreSQL the loser's update waits for the winner's commit
/// and then matches nothing; on SQLite write transactions run one at a time.
pub async fn claim(txn: &impl ConnectionTrait, code: &one_time_code::Model) -> ServiceResult<bool> {
    let claimed = one_time_code::Entity::update_many()
        .col_expr(one_time_code::Column::UsedAt, Expr::value(Utc::now()))
        .filter(one_time_code::Column::Id.eq(code.id))
        .filter(one_time_code::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    Ok(claimed.rows_affected == 1)
}
