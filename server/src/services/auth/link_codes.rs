//! Telegram link codes: a mechanic gets one on their profile page and sends it to the bot, which
//! ties the chat to their account.

use chrono::Utc;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use app::model::{AppError, TelegramLinkCode, TelegramLinkRequest, User, Viewer};

use super::one_time_codes::{self, Redeemed};
use super::sessions::confirm_password;
use crate::entities::one_time_code::Purpose;
use crate::entities::user;
use crate::services::text_match::squeeze;
use crate::services::users::directory;
use crate::services::{ServiceResult, Services, fail};

/// How long a Telegram link code from the profile page stays usable.
const TELEGRAM_CODE_TTL: chrono::Duration = chrono::Duration::minutes(15);
/// Letters and digits that cannot be mistaken for one another when typed from a phone screen.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A fresh code the mechanic sends to the bot as `/link CODE`, once they have typed their
/// password again: a linked chat receives sign-in links, so a token alone must not choose it.
/// Without a bot token there is no bot to send it to: a 409.
pub async fn create_telegram_link_code(
    services: &Services,
    viewer: &Viewer,
    request: TelegramLinkRequest,
) -> ServiceResult<TelegramLinkCode> {
    // A code no bot can read would only puzzle the mechanic.
    if services.config.telegram_bot_token.is_none() {
        return fail(AppError::conflict(
            "Telegram is not set up in this shop (no TELEGRAM_BOT_TOKEN), so there is no bot to send a link code to.",
        ));
    }
    confirm_password(services, viewer, request.current_password).await?;
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let code: String = bytes.iter().map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char).collect();
    let db = &services.db.write;
    let expires_at = one_time_codes::issue(db, viewer.id, Purpose::Telegram, &code, None, TELEGRAM_CODE_TTL).await?;
    Ok(TelegramLinkCode { code, expires_at, bot_username: services.telegram_bot_username.get().cloned() })
}

/// Ties a Telegram chat to the account whose link code it sent. The chat leaves any other
/// account it was tied to, so each chat belongs to one person.
pub async fn redeem_telegram_link_code(services: &Services, code: &str, chat_id: i64) -> ServiceResult<User> {
    let txn = services.db.begin_write().await?;
    // Typed from a phone: spaces, dashes and lower case are forgiven.
    let Redeemed::Claimed(found) = one_time_codes::redeem(&txn, Purpose::Telegram, &squeeze(code)).await? else {
        return fail(AppError::validation(
            "code",
            "This code is wrong, used or expired. Get a new one in the app (Profile).",
        ));
    };
    user::Entity::update_many()
        .col_expr(user::Column::TelegramChatId, Expr::value(Option::<i64>::None))
        .filter(user::Column::TelegramChatId.eq(chat_id))
        .exec(&txn)
        .await?;
    let account = directory::find_in(&txn, found.user_id).await?;
    let mut active: user::ActiveModel = account.into();
    active.telegram_chat_id = Set(Some(chat_id));
    active.updated_at = Set(Utc::now());
    let linked = active.update(&txn).await?;
    txn.commit().await?;
    Ok(directory::to_wire(linked))
}
