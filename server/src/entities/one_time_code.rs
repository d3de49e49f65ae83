//! `one_time_codes`: login links and Telegram link codes, by their SHA-256.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "one_time_codes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub purpose: Purpose,
    pub code_hash: String,
    pub order_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

text_enum! {
    /// What a code is good for.
    pub enum Purpose {
        /// A one-time sign-in link from a Telegram message.
        Login = "login",
        /// A code that links a Telegram chat to the account that made it.
        Telegram = "telegram",
    }
}
