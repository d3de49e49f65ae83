//! The rule of each form field, said in the reader's language: what a form shows beside a field
//! the client's check or the server found fault with, and `Form::new`, the form that says it.

use leptos_fluent::tr;

use super::form::Form;
use crate::model::ErrorCode;

impl Form {
    /// A form whose fields explain their rule when at fault. (Here rather than beside `Form`, so
    /// that what the login page uses, `Form::plain`, leads to none of this wording: build.rs
    /// gives the login bundle the translations of the files the login page reaches.)
    pub fn new() -> Self {
        Self::describing(field_text)
    }
}

/// The field names are the ones `model::validation` and the server put into `AppError::field`; a
/// conflict on a field means the value is taken.
fn field_text(code: ErrorCode, field: &str) -> String {
    if code == ErrorCode::Conflict {
        return match field {
            "username" => tr!("error-username-taken"),
            "telegram_chat_id" => tr!("error-chat-id-taken"),
            "role" => tr!("error-self-role"),
            _ => tr!("error-conflict"),
        };
    }
    match field {
        "vin" => tr!("error-vin"),
        "car_number" => tr!("error-car-number"),
        "part_type" => tr!("error-part-type"),
        "category" => tr!("error-category"),
        "part_id" | "category_id" => tr!("error-pick-part"),
        "quantity" => tr!("error-quantity"),
        "body" => tr!("error-comment"),
        "comment" | "note" => tr!("error-text-too-long"),
        "price_agorot" | "unit_price_agorot" | "price" => tr!("error-price"),
        "minutes" => tr!("error-minutes"),
        "name" | "display_name" | "name_he" | "name_en" | "name_ru" => tr!("error-name"),
        "username" => tr!("error-username"),
        "password" | "new_password" => tr!("error-password"),
        "current_password" => tr!("error-current-password"),
        "confirm_password" => tr!("error-password-mismatch"),
        "started_at" => tr!("error-time-missing"),
        "ended_at" => tr!("error-time-order"),
        "telegram_chat_id" => tr!("error-chat-id"),
        "mechanic_id" => tr!("error-mechanic"),
        "from" | "to" => tr!("error-date"),
        _ => tr!("error-invalid"),
    }
}
