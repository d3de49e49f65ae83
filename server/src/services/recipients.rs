//! Who hears about a change to an order, and what they are told. Called by the change seam
//! (`order_events`) inside the change's own transaction; writes outbox rows, never talks to
//! Telegram.

use sea_orm::ConnectionTrait;

use app::model::{Language, OrderStatus};

use crate::entities::notification::Audience;
use crate::entities::order;
use crate::services::outbox::enqueue;
use crate::services::outbox_links;
use crate::services::users::directory::find_in;
use crate::services::{ServiceResult, Services};
use crate::telegram::text;

/// A new order: every admin chat hears of it, in the shop's language.
pub async fn order_created(services: &Services, txn: &impl ConnectionTrait, order: &order::Model) -> ServiceResult<()> {
    let flags = services.flags();
    if !flags.enable_tg_admin_notifs {
        return Ok(());
    }
    let language = services.config.default_language;
    let public_url = services.config.public_url();
    for chat_id in &services.config.admin_chat_ids.0 {
        let body = text::admin_new_order(language, order, flags.enable_car_number, &public_url);
        enqueue(services, txn, Some(order.id), Audience::Admin, *chat_id, body).await?;
    }
    Ok(())
}

/// A status change: the order's mechanic hears of it, in their language.
pub async fn status_changed(
    services: &Services,
    txn: &impl ConnectionTrait,
    order: &order::Model,
    from: OrderStatus,
    to: OrderStatus,
) -> ServiceResult<()> {
    tell_mechanic(services, txn, order, order.mechanic_id, |language, link| {
        text::status_changed(language, order, from, to, link)
    })
    .await
}

/// An assignment: the mechanic who now has the order hears of it.
pub async fn assigned(
    services: &Services,
    txn: &impl ConnectionTrait,
    order: &order::Model,
    mechanic_id: i64,
) -> ServiceResult<()> {
    tell_mechanic(services, txn, order, Some(mechanic_id), |language, link| text::assigned(language, order, link)).await
}

/// Queues `body` for the mechanic, in their language and with a sign-in link to the order (a
/// placeholder, minted as the message is sent: `outbox_links`), if mechanics' messages are on
/// for this mechanic and they linked Telegram.
async fn tell_mechanic(
    services: &Services,
    txn: &impl ConnectionTrait,
    order: &order::Model,
    mechanic_id: Option<i64>,
    body: impl FnOnce(Language, &str) -> String,
) -> ServiceResult<()> {
    let Some(mechanic_id) = mechanic_id else { return Ok(()) };
    // The mechanic's own value: they may be in ENABLE_TG_MECH_NOTIFS's pilot group.
    if !services.flags_for(mechanic_id).enable_tg_mech_notifs {
        return Ok(());
    }
    let mechanic = find_in(txn, mechanic_id).await?;
    let Some(chat_id) = mechanic.telegram_chat_id.filter(|_| mechanic.active) else {
        tracing::debug!(order = order.id, mechanic = mechanic_id, "mechanic has no Telegram chat: nothing to send");
        return Ok(());
    };
    let body = body(mechanic.language.into(), &outbox_links::placeholder(mechanic_id));
    enqueue(services, txn, Some(order.id), Audience::Mechanic, chat_id, body).await
}
