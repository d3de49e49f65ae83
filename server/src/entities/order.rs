//! `orders`: one part ordered for one car.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub mechanic_id: Option<i64>,
    pub mechanic_name: String,
    pub vin: String,
    pub part_type: String,
    pub category: String,
    pub original_or_analog: OriginalOrAnalog,
    pub quantity: i32,
    pub status: Status,
    pub photo_file_id: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Added by migration 001 (ENABLE_CAR_NUMBER).
    pub car_number: Option<String>,
    /// Added by migration 002 (ENABLE_PART_CATEGORIES).
    pub category_id: Option<i64>,
    pub part_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::user::Entity", from = "Column::MechanicId", to = "super::user::Column::Id")]
    Mechanic,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Mechanic.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

text_enum! {
    /// Where an order is in its life.
    pub enum Status <=> app::model::OrderStatus {
        New = "new",
        InProgress = "in_progress",
        Ready = "ready",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

text_enum! {
    /// Whether the mechanic wants the original part or an aftermarket analog.
    pub enum OriginalOrAnalog <=> app::model::OriginalOrAnalog {
        Original = "original",
        Analog = "analog",
    }
}
