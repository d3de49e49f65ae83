//! The parts catalog behind ENABLE_PART_CATEGORIES: categories and parts with he/en/ru names,
//! prices and an order, readable by everyone signed in (`browse`) and kept by admins (`upkeep`).

pub mod browse;
pub mod upkeep;

pub use browse::{
    category_by_slug, category_name, list_categories, list_parts, part_for_order, part_name, require_enabled,
};
pub use upkeep::{
    create_category, create_part, delete_category, delete_part, reorder_categories, reorder_parts, update_category,
    update_part,
};
