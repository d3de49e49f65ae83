//! The parts catalog: categories and parts with names in three languages and prices.

use serde::{Deserialize, Serialize};

use super::Language;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Category {
    pub id: i64,
    /// A stable short name, e.g. `brakes`; orders naming it as their category link to it.
    pub slug: String,
    pub name_he: String,
    pub name_en: String,
    pub name_ru: String,
    pub sort_order: i32,
    pub part_count: i64,
}

impl Category {
    pub fn name(&self, language: Language) -> &str {
        match language {
            Language::He => &self.name_he,
            Language::En => &self.name_en,
            Language::Ru => &self.name_ru,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CategoryInput {
    /// Made from the English name when left out.
    #[serde(default)]
    pub slug: Option<String>,
    pub name_he: String,
    pub name_en: String,
    pub name_ru: String,
    #[serde(default)]
    pub sort_order: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Part {
    pub id: i64,
    pub category_id: i64,
    pub name_he: String,
    pub name_en: String,
    pub name_ru: String,
    pub part_number: Option<String>,
    pub price_agorot: i64,
    pub is_common: bool,
    pub sort_order: i32,
}

impl Part {
    pub fn name(&self, language: Language) -> &str {
        match language {
            Language::He => &self.name_he,
            Language::En => &self.name_en,
            Language::Ru => &self.name_ru,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PartInput {
    pub category_id: i64,
    pub name_he: String,
    pub name_en: String,
    pub name_ru: String,
    #[serde(default)]
    pub part_number: Option<String>,
    pub price_agorot: i64,
    #[serde(default)]
    pub is_common: bool,
    #[serde(default)]
    pub sort_order: Option<i32>,
}

/// Query parameters of `GET /api/parts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct PartQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    /// Only parts marked common.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub common: Option<bool>,
    /// Matches names in any language and part numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

/// A new order of rows, by id, first to last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Reorder {
    pub ids: Vec<i64>,
}
