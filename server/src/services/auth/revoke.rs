//! Taking back everything that lets someone act as a user, when their password changes or is
//! reset, and when they are deactivated: whoever knew the old password, or held a token, a link or
//! a linked chat obtained with it, is out.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entities::{one_time_code, session, user};
use crate::services::{ServiceResult, Services};

/// Inside the change's own transaction `db`: ends every session of the user but `keep`, voids
/// their unused sign-in links and Telegram link codes, and unlinks their Telegram chat (which
/// would otherwise go on receiving sign-in links with every status change).
pub async fn revoke_access(
    services: &Services,
    db: &impl ConnectionTrait,
    user_id: i64,
    keep: Option<i64>,
) -> ServiceResult<()> {
    let now = Utc::now();
    let mut sessions = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        sessions = sessions.filter(session::Column::Id.ne(keep));
    }
    sessions.exec(db).await?;
    one_time_code::Entity::update_many()
        .col_expr(one_time_code::Column::UsedAt, Expr::value(now))
        .filter(one_time_code::Column::UserId.eq(user_id))
        .filter(one_time_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    user::Entity::update_many()
        .col_expr(user::Column::TelegramChatId, Expr::value(Option::<i64>::None))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    services.sessions.forget_user(user_id, keep);
    Ok(())
}
