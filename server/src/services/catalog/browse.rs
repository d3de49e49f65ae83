//! Reading the catalog: what everyone signed in sees (categories with their part counts, parts
//! by category or search), the catalog part an order names, and names in each language.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use app::model::{AppError, Category, ErrorCode, Language, Part, PartQuery, Viewer};

use crate::entities::{category, part};
use crate::services::counts::count_by;
use crate::services::text_match::{contains, search_text};
use crate::services::{ServiceResult, Services, fail};

/// The catalog routes exist only while the flag is on; otherwise they are a 404 that says why.
pub fn require_enabled(services: &Services) -> ServiceResult<()> {
    if services.flags().enable_part_categories {
        Ok(())
    } else {
        fail(AppError::new(
            ErrorCode::FeatureDisabled,
            "The parts catalog is not enabled on this server (ENABLE_PART_CATEGORIES).",
        ))
    }
}

/// A part's name in `language`.
pub fn part_name(part: &part::Model, language: Language) -> &str {
    match language {
        Language::He => &part.name_he,
        Language::En => &part.name_en,
        Language::Ru => &part.name_ru,
    }
}

/// A category's name in `language`.
pub fn category_name(category: &category::Model, language: Language) -> &str {
    match language {
        Language::He => &category.name_he,
        Language::En => &category.name_en,
        Language::Ru => &category.name_ru,
    }
}

pub fn category_wire(model: category::Model, part_count: i64) -> Category {
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

pub fn part_wire(model: part::Model) -> Part {
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
    let counts: Vec<(i64, i64)> = count_by(db, part::Entity::find(), part::Column::CategoryId).await?;
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
    if let Some(q) = search_text("q", query.q.as_deref())? {
        // A LIKE expression rather than custom SQL with `?`: PostgreSQL numbers its placeholders.
        let pattern = contains(&q.to_lowercase());
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
    if !services.flags().enable_part_categories {
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
