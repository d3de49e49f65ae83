//! Who hears about a change to an order, and what they are told. Called by the service layer's
//! change seam inside the change's own transaction; writes outbox rows, never talks to Telegram.

use app::model::Language;
use sea_orm::ConnectionTrait;

use super::text;
use crate::entities::order;
use crate::services::events::Change;
use crate::services::notifications::{self, Audience};
use crate::services::{ServiceResult, Services, auth, users};

pub async fn on_change(
    services: &Services,
    txn: &impl ConnectionTrait,
    order: &order::Model,
    change: &Change,
) -> ServiceResult<()> {
    let flags = services.flags;
    match change {
        Change::Created if flags.enable_tg_admin_notifs => {
            let language = services.config.default_language;
            let public_url = services.config.public_url();
            for chat_id in &services.config.admin_chat_ids.0 {
                let body = text::admin_new_order(language, order, flags.enable_car_number, &public_url);
                notifications::enqueue(services, txn, Some(order.id), Audience::Admin, *chat_id, body).await?;
            }
        }
        Change::Status { from, to } if flags.enable_tg_mech_notifs => {
            if let Some((chat_id, language, link)) = mechanic_chat(services, txn, order, order.mechanic_id).await? {
                let body = text::status_changed(language, order, *from, *to, &link);
                notifications::enqueue(services, txn, Some(order.id), Audience::Mechanic, chat_id, body).await?;
            }
        }
        Change::Assigned { to, .. } if flags.enable_tg_mech_notifs => {
            if let Some((chat_id, language, link)) = mechanic_chat(services, txn, order, Some(*to)).await? {
                let body = text::assigned(language, order, &link);
                notifications::enqueue(services, txn, Some(order.id), Audience::Mechanic, chat_id, body).await?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The mechanic's chat, language and a fresh sign-in link to the order, if they linked Telegram.
async fn mechanic_chat(
    services: &Services,
    txn: &impl ConnectionTrait,
    order: &order::Model,
    mechanic_id: Option<i64>,
) -> ServiceResult<Option<(i64, Language, String)>> {
    let Some(mechanic_id) = mechanic_id else { return Ok(None) };
    let mechanic = users::find_in(txn, mechanic_id).await?;
    let Some(chat_id) = mechanic.telegram_chat_id.filter(|_| mechanic.active) else {
        tracing::debug!(order = order.id, mechanic = mechanic_id, "mechanic has no Telegram chat: nothing to send");
        return Ok(None);
    };
    let link = auth::create_login_link(services, txn, mechanic_id, Some(order.id)).await?;
    Ok(Some((chat_id, auth::language_of(&mechanic), link.url)))
}
