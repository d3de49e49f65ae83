//! One-time sign-in links: Telegram messages carry them, so a tap opens the order signed in.

use sea_orm::ConnectionTrait;

use app::model::{AppError, LoginLink, LoginResponse};

use super::one_time_codes::{self, Redeemed};
use super::sessions::start_session;
use super::tokens::new_token;
use crate::entities::one_time_code::Purpose;
use crate::services::users::directory;
use crate::services::{ServiceResult, Services, fail};

/// How long a login link from a Telegram message stays usable.
pub const LOGIN_LINK_TTL: chrono::Duration = chrono::Duration::hours(24);

/// A one-time link that signs `user_id` in and opens `order_id`.
pub async fn create_login_link(
    services: &Services,
    db: &impl ConnectionTrait,
    user_id: i64,
    order_id: Option<i64>,
) -> ServiceResult<LoginLink> {
    let token = new_token();
    let expires_at = one_time_codes::issue(db, user_id, Purpose::Login, &token, order_id, LOGIN_LINK_TTL).await?;
    let mut url = format!("{}/mechanic/login?token={token}", services.config.public_url());
    if let Some(order_id) = order_id {
        url.push_str(&format!("&order={order_id}"));
    }
    Ok(LoginLink { url, expires_at })
}

/// Trades a login link's token for a session. Each link works once.
pub async fn redeem_login_link(services: &Services, token: &str) -> ServiceResult<LoginResponse> {
    let txn = services.db.begin_write().await?;
    let code = match one_time_codes::redeem(&txn, Purpose::Login, token.trim()).await? {
        Redeemed::Claimed(code) => code,
        Redeemed::Unusable => {
            services.metrics.sign_in_failed("link");
            return fail(AppError::unauthorized(
                "This sign-in link has expired or was already used. Sign in with your password.",
            ));
        }
        Redeemed::Raced => {
            services.metrics.sign_in_failed("link");
            return fail(AppError::unauthorized("This sign-in link was already used."));
        }
    };
    let found = directory::find_in(&txn, code.user_id).await?;
    if !found.active {
        return fail(AppError::forbidden("This account is deactivated. Ask an admin to turn it back on."));
    }
    let response = start_session(services, &txn, found).await?;
    txn.commit().await?;
    Ok(response)
}
