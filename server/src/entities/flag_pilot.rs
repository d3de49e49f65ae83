//! `flag_pilots`: the mechanics a pilot flag is on for while it is off for everyone else (flags
//! migration). Serde, for `migrate rollback --export`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "flag_pilots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub flag: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub added_at: DateTimeUtc,
    pub added_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
