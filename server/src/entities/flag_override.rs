//! `flag_overrides`: an admin's value for a flag, over the environment's default (flags migration).
//! Serde, for `migrate rollback --export`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "flag_overrides")]
pub struct Model {
    /// The flag's environment variable, e.g. `ENABLE_UI_REFRESH`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub flag: String,
    pub value: bool,
    pub updated_at: DateTimeUtc,
    pub updated_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
