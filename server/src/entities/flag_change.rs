//! `flag_changes`: the log of every override and pilot group change (flags migration). Serde, for
//! `migrate rollback --export`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "flag_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub flag: String,
    /// The mechanic's username, for a change to the pilot group.
    pub mechanic: Option<String>,
    /// `on`, `off`, or none: no override (the default), or not in the pilot group.
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub changed_by: String,
    pub changed_at: DateTimeUtc,
    pub source: Source,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

text_enum! {
    /// Where a change was made.
    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Source <=> app::model::FlagSource {
        Web = "web",
        Cli = "cli",
    }
}
