//! Creating an order through any door: the web app, the REST API and the Telegram bot.

use chrono::{SubsecRound, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait};

use app::model::{NewOrder, Order, Viewer, validation};

use super::batch_queue::NewOrderRow;
use super::batch_writer;
use super::row::{OrderRow, to_wire, unused_columns};
use crate::entities::order;
use crate::services::catalog::{category_by_slug, category_name, part_for_order, part_name};
use crate::services::users::directory::{active_mechanic, find_mechanic_by_name};
use crate::services::{ServiceResult, Services};

/// Creates an order through any door. `photo_file_id` comes from the Telegram bot only.
#[tracing::instrument(skip(services, input), fields(viewer = viewer.id))]
pub async fn create(
    services: &Services,
    viewer: &Viewer,
    input: NewOrder,
    photo_file_id: Option<String>,
) -> ServiceResult<Order> {
    let flags = services.flags();
    let vin = validation::normalize_vin(&input.vin)?;
    let car_number = match (&input.car_number, flags.enable_car_number) {
        (Some(car_number), true) => validation::normalize_car_number(car_number)?,
        // With the flag off the field is not stored, as on a server without car numbers.
        _ => None,
    };
    let quantity = validation::quantity("quantity", input.quantity.unwrap_or(1))?;
    let comment = validation::optional_text("comment", input.comment.as_deref(), validation::MAX_COMMENT)?;

    // Everything read is read before the write transaction: on SQLite every write waits for
    // the one writer, so the less it does between BEGIN and COMMIT, the more orders per second.
    let read = &services.db.read;
    let (part_type, category_text, category_id, part_id) = match input.part_id {
        Some(part_id) => {
            let (part, category) = part_for_order(services, read, part_id).await?;
            let language = viewer.language;
            let part_type = match input.part_type.as_deref().map(str::trim) {
                Some(text) if !text.is_empty() => {
                    validation::required_text("part_type", text, validation::MAX_PART_TYPE)?
                }
                _ => part_name(&part, language).to_owned(),
            };
            (part_type, category_name(&category, language).to_owned(), Some(category.id), Some(part.id))
        }
        None => {
            let part_type = validation::required_text(
                "part_type",
                input.part_type.as_deref().unwrap_or(""),
                validation::MAX_PART_TYPE,
            )?;
            let category_text = validation::required_text(
                "category",
                input.category.as_deref().unwrap_or(""),
                validation::MAX_CATEGORY,
            )?;
            let category_id = if flags.enable_part_categories {
                category_by_slug(read, &category_text).await?.map(|c| c.id)
            } else {
                None
            };
            (part_type, category_text, category_id, None)
        }
    };
    let (mechanic_id, mechanic_name) = owner_for(read, viewer, &input).await?;
    // Both databases keep microseconds: the answer shows what a later read will.
    let now = Utc::now().trunc_subsecs(6);
    let created = order::Model {
        id: 0,
        mechanic_id,
        mechanic_name,
        vin,
        part_type,
        category: category_text,
        original_or_analog: input.original_or_analog.into(),
        quantity,
        status: order::Status::New,
        photo_file_id,
        created_by: Some(viewer.id),
        created_at: now,
        updated_at: now,
        car_number,
        category_id,
        part_id,
    };
    let mut insert: order::ActiveModel = created.clone().into();
    insert.not_set(order::Column::Id);
    for (column, _) in unused_columns(flags) {
        insert.not_set(column);
    }
    let has_comment = comment.is_some();
    let new_row = NewOrderRow { order: created, insert, actor_id: viewer.id, comment };
    let created = batch_writer::write(&services.handle(), new_row).await?;
    let row = OrderRow { comment_count: i64::from(has_comment), ..OrderRow::from(created) };
    tracing::info!(order = row.order.id, "order created");
    Ok(to_wire(flags, row))
}

/// Whose order it is: a mechanic's own; for an admin, the mechanic named by id or name, or
/// nobody yet (to be assigned) when the name matches no mechanic.
async fn owner_for(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    input: &NewOrder,
) -> ServiceResult<(Option<i64>, String)> {
    if !viewer.is_admin() {
        return Ok((Some(viewer.id), viewer.display_name.clone()));
    }
    if let Some(id) = input.mechanic_id {
        let mechanic = active_mechanic(db, id).await?;
        return Ok((Some(mechanic.id), mechanic.display_name));
    }
    let name = validation::optional_text("mechanic_name", input.mechanic_name.as_deref(), validation::MAX_NAME)?;
    match &name {
        Some(name) => match find_mechanic_by_name(db, name).await? {
            Some(mechanic) => Ok((Some(mechanic.id), mechanic.display_name)),
            None => Ok((None, name.clone())),
        },
        None => Ok((None, String::new())),
    }
}
