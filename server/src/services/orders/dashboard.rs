//! The dashboard's stat cards: a mechanic's own numbers, or the shop's for an admin.

use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

use app::model::{Dashboard, Viewer};

use super::query::counts;
use crate::entities::{order, order_event};
use crate::services::{ServiceResult, Services, clock, time};

/// The stat cards. "Today" is the shop's day, or the browser's when it names its time zone.
pub async fn dashboard(services: &Services, viewer: &Viewer, tz: Option<&str>) -> ServiceResult<Dashboard> {
    let db = &services.db.read;
    let tz = clock::timezone(services.shop_timezone, tz)?;
    let today = clock::today_start(tz);
    let mut scope = Condition::all();
    if !viewer.is_admin() {
        scope = scope.add(order::Column::MechanicId.eq(viewer.id));
    }
    let counts = counts(db, scope.clone()).await?;
    let created_today = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        .filter(scope.clone())
        .filter(order::Column::CreatedAt.gte(today))
        .count(db)
        .await? as i64;
    let mut completed = order_event::Entity::find()
        .filter(order_event::Column::Kind.eq(order_event::Kind::Status))
        .filter(order_event::Column::ToStatus.eq(order::Status::Completed))
        .filter(order_event::Column::CreatedAt.gte(today));
    if !viewer.is_admin() {
        let mine = sea_orm::sea_query::Query::select()
            .column(order::Column::Id)
            .from(order::Entity)
            .and_where(order::Column::MechanicId.eq(viewer.id))
            .to_owned();
        completed = completed.filter(order_event::Column::OrderId.in_subquery(mine));
    }
    let completed_today = completed.count(db).await? as i64;
    let seconds_today = time::seconds_since(db, (!viewer.is_admin()).then_some(viewer.id), today).await?;
    let running_timer = time::running(db, viewer.id).await?;
    Ok(Dashboard { counts, created_today, completed_today, seconds_today, running_timer })
}
