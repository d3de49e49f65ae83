//! `users`: mechanics and admins.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub telegram_chat_id: Option<i64>,
    pub language: Language,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

text_enum! {
    pub enum Role <=> app::model::Role {
        Mechanic = "mechanic",
        Admin = "admin",
    }
}

text_enum! {
    /// The language the user's app, bot and messages speak.
    pub enum Language <=> app::model::Language {
        He = "he",
        En = "en",
        Ru = "ru",
    }
}
