//! `order_events`: the history of an order (created, status changes, assignments).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    pub actor_id: Option<i64>,
    pub kind: Kind,
    pub from_status: Option<super::order::Status>,
    pub to_status: Option<super::order::Status>,
    pub from_mechanic_id: Option<i64>,
    pub to_mechanic_id: Option<i64>,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

text_enum! {
    /// What happened to the order.
    pub enum Kind {
        Created = "created",
        Status = "status",
        Assigned = "assigned",
    }
}
