//! The parts catalog behind ENABLE_PART_CATEGORIES: categories and parts with he/en/ru names,
//! prices and an order, readable by everyone signed in and kept by admins.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr, TransactionTrait,
};

use app::model::{
    AppError, Category, CategoryInput, ErrorCode, Part, PartInput, PartQuery, Reorder, Viewer, validation,
};

use super::{ServiceError, ServiceResult, Services, fail, users};
use crate::entities::{category, order, order_item, part};

/// The catalog routes exist only while the flag is on; otherwise they are a 404 that says why.
pub fn require_enabled(services: &Services) -> ServiceResult<()> {
    if services.flags.enable_part_categories {
        Ok(())
    } else {
        fail(AppError::new(
            ErrorCode::FeatureDisabled,
            "The parts catalog is not enabled on this server (ENABLE_PART_CATEGORIES).",
        ))
    }
}

fn category_wire(model: category::Model, part_count: i64) -> Category {
    Category {
        id: model.id,
        slug: model.slug,
        name_he: model.name_he,
        name_en: model.name_en,
        name_ru: model.name_ru,
        sort_order: model.sort_order,
        part_count,
    }
}

fn part_wire(model: part::Model) -> Part {
    Part {
        id: model.id,
        category_id: model.category_id,
        name_he: model.name_he,
        name_en: model.name_en,
        name_ru: model.name_ru,
        part_number: model.part_number,
        price_agorot: model.price_agorot,
        is_common: model.is_common,
        sort_order: model.sort_order,
    }
}

pub async fn list_categories(services: &Services, _viewer: &Viewer) -> ServiceResult<Vec<Category>> {
    require_enabled(services)?;
    let db = &services.db.read;
    let categories = category::Entity::find()
        .order_by_asc(category::Column::SortOrder)
        .order_by_asc(category::Column::Id)
        .all(db)
        .await?;
    let counts: Vec<(i64, i64)> = part::Entity::find()
        .select_only()
        .column(part::Column::CategoryId)
        .column_as(Expr::col(part::Column::Id).count(), "count")
        .group_by(part::Column::CategoryId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(categories
        .into_iter()
        .map(|c| {
            let count = counts.iter().find(|(id, _)| *id == c.id).map(|(_, n)| *n).unwrap_or(0);
            category_wire(c, count)
        })
        .collect())
}

pub async fn list_parts(services: &Services, _viewer: &Viewer, query: &PartQuery) -> ServiceResult<Vec<Part>> {
    require_enabled(services)?;
    let mut select = part::Entity::find();
    if let Some(category_id) = query.category_id {
        select = select.filter(part::Column::CategoryId.eq(category_id));
    }
    if query.common == Some(true) {
        select = select.filter(part::Column::IsCommon.eq(true));
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        // A LIKE expression rather than custom SQL with `?`: PostgreSQL numbers its placeholders.
        let pattern = super::orders::contains(&q.to_lowercase());
        let mut any = Condition::any();
        for column in ["name_he", "name_en", "name_ru", "part_number"] {
            any = any.add(Expr::cust(format!("LOWER(parts.{column})")).like(pattern.clone()));
        }
        select = select.filter(any);
    }
    let parts =
        select.order_by_asc(part::Column::SortOrder).order_by_asc(part::Column::Id).all(&services.db.read).await?;
    Ok(parts.into_iter().map(part_wire).collect())
}

/// A catalog part and its category, for an order or an order item.
pub async fn part_for_order(
    services: &Services,
    db: &impl ConnectionTrait,
    part_id: i64,
) -> ServiceResult<(part::Model, category::Model)> {
    if !services.flags.enable_part_categories {
        return fail(AppError::validation(
            "part_id",
            "The parts catalog is not enabled (ENABLE_PART_CATEGORIES): describe the part as text.",
        ));
    }
    let found = part::Entity::find_by_id(part_id).find_also_related(category::Entity).one(db).await?;
    match found {
        Some((part, Some(category))) => Ok((part, category)),
        _ => fail(AppError::validation("part_id", format!("There is no catalog part {part_id}."))),
    }
}

/// The category an order's free-text category names: by slug or by a name in any language.
pub async fn category_by_slug(db: &impl ConnectionTrait, text: &str) -> ServiceResult<Option<category::Model>> {
    let wanted = text.trim().to_lowercase();
    let all = category::Entity::find().all(db).await?;
    Ok(all
        .into_iter()
        .find(|c| c.slug == wanted || [&c.name_he, &c.name_en, &c.name_ru].iter().any(|n| n.to_lowercase() == wanted)))
}

fn slug_from(input: &CategoryInput) -> ServiceResult<String> {
    let source = input.slug.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(&input.name_en);
    let mut slug = String::new();
    for c in source.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    let slug = slug.trim_end_matches('_').to_owned();
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
    users::require_admin(viewer)?;
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
    users::require_admin(viewer)?;
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
    users::require_admin(viewer)?;
    let txn = services.db.write.begin().await?;
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
    users::require_admin(viewer)?;
    let txn = services.db.write.begin().await?;
    for (position, id) in reorder.ids.iter().enumerate() {
        let updated = category::Entity::update_many()
            .col_expr(category::Column::SortOrder, Expr::value(position as i32))
            .filter(category::Column::Id.eq(*id))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            return fail(AppError::validation("ids", format!("There is no category {id}.")));
        }
    }
    txn.commit().await?;
    list_categories(services, viewer).await
}

async fn check_category(db: &impl ConnectionTrait, id: i64) -> ServiceResult<()> {
    if category::Entity::find_by_id(id).one(db).await?.is_none() {
        return fail(AppError::validation("category_id", format!("There is no category {id}.")));
    }
    Ok(())
}

pub async fn create_part(services: &Services, viewer: &Viewer, input: PartInput) -> ServiceResult<Part> {
    require_enabled(services)?;
    users::require_admin(viewer)?;
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
    users::require_admin(viewer)?;
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
    Ok(part_wire(active.update(&services.db.write).await?))
}

/// Deletes a part no order refers to; one in use is a 409.
pub async fn delete_part(services: &Services, viewer: &Viewer, id: i64) -> ServiceResult<()> {
    require_enabled(services)?;
    users::require_admin(viewer)?;
    let txn = services.db.write.begin().await?;
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
    users::require_admin(viewer)?;
    let txn = services.db.write.begin().await?;
    for (position, id) in reorder.ids.iter().enumerate() {
        let updated = part::Entity::update_many()
            .col_expr(part::Column::SortOrder, Expr::value(position as i32))
            .filter(part::Column::Id.eq(*id))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            return fail(AppError::validation("ids", format!("There is no part {id}.")));
        }
    }
    txn.commit().await?;
    Ok(())
}
