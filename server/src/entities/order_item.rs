//! `order_items`: catalog parts, custom parts and work billed on an order.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    pub kind: Kind,
    pub part_id: Option<i64>,
    pub name: String,
    pub part_number: Option<String>,
    pub unit_price_agorot: i64,
    pub quantity: i32,
    pub minutes: Option<i32>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

text_enum! {
    pub enum Kind <=> app::model::ItemKind {
        CatalogPart = "catalog_part",
        CustomPart = "custom_part",
        Work = "work",
    }
}
