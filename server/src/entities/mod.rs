//! sea-orm entities: one module per table, mirroring the migrations.

pub mod category;
pub mod comment;
pub mod notification;
pub mod one_time_code;
pub mod order;
pub mod order_event;
pub mod order_item;
pub mod part;
pub mod session;
pub mod time_entry;
pub mod user;
