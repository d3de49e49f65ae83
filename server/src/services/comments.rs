//! Comments on orders.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use app::model::{Comment, NewComment, Viewer, validation};

use crate::entities::comment;
use crate::services::orders::load_visible;
use crate::services::per_order::ensure_room;
use crate::services::users::directory::names;
use crate::services::{ServiceResult, Services};

pub async fn insert(
    db: &impl ConnectionTrait,
    order_id: i64,
    author_id: i64,
    body: String,
) -> ServiceResult<comment::Model> {
    Ok(comment::ActiveModel {
        order_id: Set(order_id),
        author_id: Set(author_id),
        body: Set(body),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub async fn add(services: &Services, viewer: &Viewer, order_id: i64, input: NewComment) -> ServiceResult<Comment> {
    let body = validation::required_text("body", &input.body, validation::MAX_COMMENT)?;
    let txn = services.db.begin_write().await?;
    load_visible(&txn, services.flags(), viewer, order_id).await?;
    ensure_room::<comment::Entity>(&txn, order_id, comment::Column::OrderId, "comments").await?;
    let created = insert(&txn, order_id, viewer.id, body).await?;
    txn.commit().await?;
    services.orders_changed(); // lists show the comment count
    Ok(Comment {
        id: created.id,
        order_id,
        author_id: viewer.id,
        author_name: viewer.display_name.clone(),
        body: created.body,
        created_at: created.created_at,
    })
}

pub async fn list(services: &Services, viewer: &Viewer, order_id: i64) -> ServiceResult<Vec<Comment>> {
    load_visible(&services.db.read, services.flags(), viewer, order_id).await?;
    list_for(&services.db.read, order_id).await
}

/// An order's comments, oldest first.
pub async fn list_for(db: &impl ConnectionTrait, order_id: i64) -> ServiceResult<Vec<Comment>> {
    let rows = comment::Entity::find()
        .filter(comment::Column::OrderId.eq(order_id))
        .order_by_asc(comment::Column::CreatedAt)
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await?;
    let names = names(db, rows.iter().map(|c| c.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|c| Comment {
            id: c.id,
            order_id: c.order_id,
            author_name: names.get(&c.author_id).cloned().unwrap_or_default(),
            author_id: c.author_id,
            body: c.body,
            created_at: c.created_at,
        })
        .collect())
}
