//! What an order is billed for: catalog parts, custom parts and work, and the totals, all in
//! integer agorot.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use app::model::{AppError, ItemKind, NewItem, OrderItem, OrderStatus, Totals, Viewer, validation};

use crate::entities::{order, order_item};
use crate::services::catalog::{part_for_order, part_name};
use crate::services::orders::load_visible;
use crate::services::per_order::ensure_room;
use crate::services::{ServiceResult, Services, fail};

const MAX_MINUTES: i32 = 24 * 60;

fn to_wire(model: order_item::Model) -> OrderItem {
    OrderItem {
        id: model.id,
        order_id: model.order_id,
        kind: model.kind.into(),
        part_id: model.part_id,
        // Quantities and prices are bounded on the way in, so this cannot overflow.
        line_total_agorot: model.unit_price_agorot * i64::from(model.quantity),
        name: model.name,
        part_number: model.part_number,
        unit_price_agorot: model.unit_price_agorot,
        quantity: model.quantity,
        minutes: model.minutes,
        created_at: model.created_at,
    }
}

pub fn totals(items: &[OrderItem], tracked_seconds: i64) -> Totals {
    let parts_agorot = items.iter().filter(|i| i.kind.is_part()).map(|i| i.line_total_agorot).sum();
    let work_agorot = items.iter().filter(|i| !i.kind.is_part()).map(|i| i.line_total_agorot).sum();
    Totals { parts_agorot, work_agorot, total_agorot: parts_agorot + work_agorot, tracked_seconds }
}

pub async fn list_for(db: &impl ConnectionTrait, order_id: i64) -> ServiceResult<Vec<OrderItem>> {
    Ok(order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(order_id))
        .order_by_asc(order_item::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_wire)
        .collect())
}

/// The order, if the viewer may see it and it is still open: a closed order's bill is final.
async fn open_order(
    services: &Services,
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    order_id: i64,
) -> ServiceResult<order::Model> {
    let order = load_visible(db, services.flags(), viewer, order_id).await?;
    if !OrderStatus::from(order.status).is_open() {
        let status = order.status.as_str();
        return fail(AppError::conflict(format!("Order #{order_id} is {status}: its items can no longer change.")));
    }
    Ok(order)
}

pub async fn add(services: &Services, viewer: &Viewer, order_id: i64, input: NewItem) -> ServiceResult<OrderItem> {
    let txn = services.db.begin_write().await?;
    open_order(services, &txn, viewer, order_id).await?;
    let (kind, part_id, name, part_number, unit_price, quantity, minutes) = match input {
        NewItem::CatalogPart { part_id, quantity } => {
            let (part, _) = part_for_order(services, &txn, part_id).await?;
            let name = part_name(&part, viewer.language).to_owned();
            let quantity = validation::quantity("quantity", quantity)?;
            (ItemKind::CatalogPart, Some(part.id), name, part.part_number, part.price_agorot, quantity, None)
        }
        NewItem::CustomPart { name, part_number, unit_price_agorot, quantity } => (
            ItemKind::CustomPart,
            None,
            validation::required_text("name", &name, validation::MAX_PART_TYPE)?,
            validation::optional_text("part_number", part_number.as_deref(), 64)?,
            validation::price("unit_price_agorot", unit_price_agorot)?,
            validation::quantity("quantity", quantity)?,
            None,
        ),
        NewItem::Work { name, price_agorot, minutes } => {
            if !(1..=MAX_MINUTES).contains(&minutes) {
                return fail(AppError::validation("minutes", "Work takes from 1 minute to 24 hours."));
            }
            (
                ItemKind::Work,
                None,
                validation::required_text("name", &name, validation::MAX_PART_TYPE)?,
                None,
                validation::price("price_agorot", price_agorot)?,
                1,
                Some(minutes),
            )
        }
    };
    ensure_room::<order_item::Entity>(&txn, order_id, order_item::Column::OrderId, "items").await?;
    let created = order_item::ActiveModel {
        order_id: Set(order_id),
        kind: Set(kind.into()),
        part_id: Set(part_id),
        name: Set(name),
        part_number: Set(part_number),
        unit_price_agorot: Set(unit_price),
        quantity: Set(quantity),
        minutes: Set(minutes),
        created_by: Set(Some(viewer.id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(to_wire(created))
}

pub async fn remove(services: &Services, viewer: &Viewer, order_id: i64, item_id: i64) -> ServiceResult<()> {
    open_order(services, &services.db.read, viewer, order_id).await?;
    let deleted = order_item::Entity::delete_many()
        .filter(order_item::Column::Id.eq(item_id))
        .filter(order_item::Column::OrderId.eq(order_id))
        .exec(&services.db.write)
        .await?;
    if deleted.rows_affected == 0 {
        return fail(AppError::not_found(format!("Order #{order_id} has no item {item_id}.")));
    }
    Ok(())
}
