//! Keeping the catalog (admins only): creating, renaming, reordering and deleting categories and
//! parts. Anything an order or a part still uses cannot be deleted.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Set, SqlErr,
};

use app::model::{AppError, Category, CategoryInput, ErrorCode, Part, PartInput, Reorder, Viewer, validation};

use super::browse::{category_wire, list_categories, part_wire, require_enabled};
use crate::entities::{category, order, order_item, part};
use crate::services::access::Access;
use crate::services::{ServiceError, ServiceResult, Services, fail};

/// A category's slug from free text: lower-case Latin letters and digits, anything else one
/// underscore. Empty when the text has no Latin letter or digit.
pub fn slugify(source: &str) -> String {
    let mut slug = String::new();
    for c in source.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    slug.trim_end_matches('_').to_owned()
}

fn slug_from(input: &CategoryInput) -> ServiceResult<String> {
    let source = input.slug.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(&input.name_en);
    let slug = slugify(source);
    if slug.is_empty() || slug.len() > 64 {
        return fail(AppError::validation("slug", "A slug has 1 to 64 Latin letters, digits and underscores."));
    }
    Ok(slug)
}

fn names(he: &str, en: &str, ru: &str, max: usize) -> ServiceResult<(String, String, String)> {
    Ok((
        validation::required_text("name_he", he, max)?,
        validation::required_text("name_en", en, max)?,
        validation::required_text("name_ru", ru, max)?,
    ))
}

fn slug_conflict(error: sea_orm::DbErr, slug: &str) -> ServiceError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            AppError::field(ErrorCode::Conflict, "slug", format!("A category with slug '{slug}' exists.")).into()
        }
        _ => ServiceError::Db(error),
    }
}

pub async fn create_category(services: &Services, viewer: &Viewer, input: CategoryInput) -> ServiceResult<Category> {
    require_enabled(services)?;
    viewer.require_admin()?;
    let slug = slug_from(&input)?;
    let (name_he, name_en, name_ru) = names(&input.name_he, &input.name_en, &input.name_ru, validation::MAX_CATEGORY)?;
    let sort_order = match input.sort_order {
        Some(order) => order,
        None => {
            next_sort_order(
                &services.db.read,
                category::Entity::find().select_only().column_as(Expr::col(category::Column::SortOrder).max(), "m"),
            )
            .await?
        }
    };
    let now = Utc::now();
    let created = category::ActiveModel {
        slug: Set(slug.clone()),
        name_he: Set(name_he),
        name_en: Set(name_en),
        name_ru: Set(name_ru),
        sort_order: Set(sort_order),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&services.db.write)
    .await
    .map_err(|e| slug_conflict(e, &slug))?;
    Ok(category_wire(created, 0))
}

async fn next_sort_order<E: EntityTrait>(db: &impl ConnectionTrait, max: sea_orm::Select<E>) -> ServiceResult<i32> {
    let max: Option<Option<i32>> = max.into_tuple().one(db).await?;
    // An admin may set any i32 as a sort order; the next one after i32::MAX shares the last place.
    Ok(max.flatten().map_or(0, |m| m.saturating_add(1)))
}

pub async fn update_category(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    input: CategoryInput,
) -> ServiceResult<Category> {
    require_enabled(services)?;
    viewer.require_admin()?;
    let found = find_category(services, id).await?;
    let slug = slug_from(&input)?;
    let (name_he, name_en, name_ru) = names(&input.name_he, &input.name_en, &input.name_ru, validation::MAX_CATEGORY)?;
    let mut active: category::ActiveModel = found.into();
    active.slug = Set(slug.clone());
    active.name_he = Set(name_he);
    active.name_en = Set(name_en);
    active.name_ru = Set(name_ru);
    if let Some(order) = input.sort_order {
        active.sort_order = Set(order);
    }
    active.updated_at = Set(Utc::now());
    let updated = active.update(&services.db.write).await.map_err(|e| slug_conflict(e, &slug))?;
    // Order lists show the catalog's names of their categories.
    services.orders_changed();
    let count = part::Entity::find().filter(part::Column::CategoryId.eq(id)).count(&services.db.read).await? as i64;
    Ok(category_wire(updated, count))
}

async fn find_category(services: &Services, id: i64) -> ServiceResult<category::Model> {
    match category::Entity::find_by_id(id).one(&services.db.read).await? {
        Some(found) => Ok(found),
        None => fail(AppError::not_found(format!("There is no category {id}."))),
    }
}

/// Deletes an unused category. One that parts or orders use is a 409 that says how many.
pub async fn delete_category(services: &Services, viewer: &Viewer, id: i64) -> ServiceResult<()> {
    require_enabled(services)?;
    viewer.require_admin()?;
    let txn = services.db.begin_write().await?;
    let found = category::Entity::find_by_id(id).one(&txn).await?;
    let Some(found) = found else {
        return fail(AppError::not_found(format!("There is no category {id}.")));
    };
    let parts = part::Entity::find().filter(part::Column::CategoryId.eq(id)).count(&txn).await?;
    let orders = order::Entity::find().filter(order::Column::CategoryId.eq(id)).count(&txn).await?;
    if parts > 0 || orders > 0 {
        return fail(AppError::conflict(format!(
            "The category '{}' is in use by {parts} part(s) and {orders} order(s): move or delete those first.",
            found.name_en
        )));
    }
    category::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn reorder_categories(
    services: &Services,
    viewer: &Viewer,
    reorder: Reorder,
) -> ServiceResult<Vec<Category>> {
    require_enabled(services)?;
    viewer.require_admin()?;
    renumber::<category::Entity>(services, category::Column::Id, category::Column::SortOrder, &reorder, "category")
        .await?;
    list_categories(services, viewer).await
}

/// Gives the rows `reorder` names the sort orders 0, 1, 2… in its order, in one transaction. An
/// id that names no row refuses the whole reorder.
async fn renumber<E: EntityTrait>(
    services: &Services,
    id: E::Column,
    sort_order: E::Column,
    reorder: &Reorder,
    what: &str,
) -> ServiceResult<()> {
    let txn = services.db.begin_write().await?;
    for (position, row) in reorder.ids.iter().enumerate() {
        let updated =
            E::update_many().col_expr(sort_order, Expr::value(position as i32)).filter(id.eq(*row)).exec(&txn).await?;
        if updated.rows_affected == 0 {
            return fail(AppError::validation("ids", format!("There is no {what} {row}.")));
        }
    }
    txn.commit().await?;
    Ok(())
}

async fn check_category(db: &impl ConnectionTrait, id: i64) -> ServiceResult<()> {
    if category::Entity::find_by_id(id).one(db).await?.is_none() {
        return fail(AppError::validation("category_id", format!("There is no category {id}.")));
    }
    Ok(())
}

pub async fn create_part(services: &Services, viewer: &Viewer, input: PartInput) -> ServiceResult<Part> {
    require_enabled(services)?;
    viewer.require_admin()?;
    check_category(&services.db.read, input.category_id).await?;
    let (name_he, name_en, name_ru) = names(&input.name_he, &input.name_en, &input.name_ru, validation::MAX_PART_TYPE)?;
    let part_number = validation::optional_text("part_number", input.part_number.as_deref(), 64)?;
    let price = validation::price("price_agorot", input.price_agorot)?;
    let sort_order = match input.sort_order {
        Some(order) => order,
        None => {
            next_sort_order(
                &services.db.read,
                part::Entity::find()
                    .select_only()
                    .column_as(Expr::col(part::Column::SortOrder).max(), "m")
                    .filter(part::Column::CategoryId.eq(input.category_id)),
            )
            .await?
        }
    };
    let now = Utc::now();
    let created = part::ActiveModel {
        category_id: Set(input.category_id),
        name_he: Set(name_he),
        name_en: Set(name_en),
        name_ru: Set(name_ru),
        part_number: Set(part_number),
        price_agorot: Set(price),
        is_common: Set(input.is_common),
        sort_order: Set(sort_order),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&services.db.write)
    .await?;
    Ok(part_wire(created))
}

pub async fn update_part(services: &Services, viewer: &Viewer, id: i64, input: PartInput) -> ServiceResult<Part> {
    require_enabled(services)?;
    viewer.require_admin()?;
    let Some(found) = part::Entity::find_by_id(id).one(&services.db.read).await? else {
        return fail(AppError::not_found(format!("There is no part {id}.")));
    };
    check_category(&services.db.read, input.category_id).await?;
    let (name_he, name_en, name_ru) = names(&input.name_he, &input.name_en, &input.name_ru, validation::MAX_PART_TYPE)?;
    let mut active: part::ActiveModel = found.into();
    active.category_id = Set(input.category_id);
    active.name_he = Set(name_he);
    active.name_en = Set(name_en);
    active.name_ru = Set(name_ru);
    active.part_number = Set(validation::optional_text("part_number", input.part_number.as_deref(), 64)?);
    active.price_agorot = Set(validation::price("price_agorot", input.price_agorot)?);
    active.is_common = Set(input.is_common);
    if let Some(order) = input.sort_order {
        active.sort_order = Set(order);
    }
    active.updated_at = Set(Utc::now());
    let updated = active.update(&services.db.write).await?;
    // Order lists show the catalog's names of their parts.
    services.orders_changed();
    Ok(part_wire(updated))
}

/// Deletes a part no order refers to; one in use is a 409.
pub async fn delete_part(services: &Services, viewer: &Viewer, id: i64) -> ServiceResult<()> {
    require_enabled(services)?;
    viewer.require_admin()?;
    let txn = services.db.begin_write().await?;
    if part::Entity::find_by_id(id).one(&txn).await?.is_none() {
        return fail(AppError::not_found(format!("There is no part {id}.")));
    }
    let orders = order::Entity::find().filter(order::Column::PartId.eq(id)).count(&txn).await?;
    let items = order_item::Entity::find().filter(order_item::Column::PartId.eq(id)).count(&txn).await?;
    if orders + items > 0 {
        return fail(AppError::conflict(format!(
            "Part {id} is in use by {orders} order(s) and {items} order item(s): it cannot be deleted."
        )));
    }
    part::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn reorder_parts(services: &Services, viewer: &Viewer, reorder: Reorder) -> ServiceResult<()> {
    require_enabled(services)?;
    viewer.require_admin()?;
    renumber::<part::Entity>(services, part::Column::Id, part::Column::SortOrder, &reorder, "part").await
}
