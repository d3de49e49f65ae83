//! sea-orm entities: one module per table, mirroring the migrations. Enumerated text columns are
//! typed here (see `text_enum!`), so a row with a value nobody wrote is a `DbErr` where it is read.

/// Declares an enumerated text column as a sea-orm active enum that stores exactly the text the
/// schema has always held (no migration), with `as_str` for that text and `PartialEq<&str>` to
/// compare with it as raw SQL and a look at the table see it. `<=> Type` adds `From` both ways to
/// the `app::model` type of the same variants, since `app` never depends on sea-orm.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident <=> $model:ty { $($(#[$vmeta:meta])* $variant:ident = $text:tt),+ $(,)? }
    ) => {
        text_enum! { $(#[$meta])* pub enum $name { $($(#[$vmeta])* $variant = $text),+ } }

        impl From<$name> for $model {
            fn from(value: $name) -> $model {
                type Model = $model;
                match value { $($name::$variant => Model::$variant),+ }
            }
        }

        impl From<$model> for $name {
            fn from(value: $model) -> $name {
                type Model = $model;
                match value { $(Model::$variant => $name::$variant),+ }
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:tt),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
        pub enum $name {
            $($(#[$vmeta])* #[sea_orm(string_value = $text)] $variant),+
        }

        impl $name {
            /// The text the column stores.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, text: &&str) -> bool {
                self.as_str() == *text
            }
        }
    };
}

pub mod category;
pub mod comment;
pub mod flag_change;
pub mod flag_override;
pub mod flag_pilot;
pub mod notification;
pub mod one_time_code;
pub mod order;
pub mod order_event;
pub mod order_item;
pub mod part;
pub mod session;
pub mod time_entry;
pub mod user;

#[cfg(test)]
mod tests {
    use sea_orm::ActiveEnum;

    use super::*;

    /// Every stored value of `E` is the same word as its wire form, so the API, the CSV and a
    /// look at the table agree.
    fn stored_as_wire_name<E, M>(wire: impl Fn(M) -> &'static str)
    where
        E: ActiveEnum<Value = String> + Copy + std::fmt::Debug,
        M: From<E>,
    {
        for value in E::iter() {
            assert_eq!(value.to_value(), wire(M::from(value)), "{value:?}");
        }
    }

    #[test]
    fn stored_values_read_as_their_wire_names() {
        stored_as_wire_name::<order::Status, _>(app::model::OrderStatus::as_str);
        stored_as_wire_name::<order::OriginalOrAnalog, _>(app::model::OriginalOrAnalog::as_str);
        stored_as_wire_name::<user::Role, _>(app::model::Role::as_str);
        stored_as_wire_name::<user::Language, _>(app::model::Language::code);
        stored_as_wire_name::<notification::Status, _>(app::model::NotificationStatus::as_str);
        stored_as_wire_name::<order_item::Kind, _>(app::model::ItemKind::as_str);
        stored_as_wire_name::<time_entry::Source, _>(app::model::TimeSource::as_str);
        stored_as_wire_name::<flag_change::Source, _>(app::model::FlagSource::as_str);
    }

    #[test]
    fn a_value_nobody_wrote_is_a_database_error() {
        assert!(order::Status::try_from_value(&"shipped".to_owned()).is_err());
        assert!(user::Role::try_from_value(&"Mechanic".to_owned()).is_err());
        assert_eq!(order::Status::try_from_value(&"in_progress".to_owned()).unwrap(), order::Status::InProgress);
        assert_eq!(notification::Status::Pending.as_str(), "pending");
        assert!(order::OriginalOrAnalog::Analog == "analog");
    }
}
