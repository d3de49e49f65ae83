//! What is done on an order: comments, tracked time, and the parts and work it is billed for.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: i64,
    pub order_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewComment {
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimeSource {
    Timer,
    Manual,
}

impl TimeSource {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::Timer => "timer",
            TimeSource::Manual => "manual",
        }
    }
}

/// A stretch of work on an order. A running timer has no end yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TimeEntry {
    pub id: i64,
    pub order_id: i64,
    pub mechanic_id: i64,
    pub mechanic_name: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub seconds: Option<i64>,
    pub source: TimeSource,
    pub note: Option<String>,
}

/// Time entered by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ManualTimeEntry {
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    Week,
    Month,
}

/// Query parameters of `GET /api/time/history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct TimeHistoryQuery {
    pub period: Period,
    /// A day inside the period (YYYY-MM-DD); today when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// IANA time zone the days are counted in; the shop's by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    /// Admins only: another mechanic's history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanic_id: Option<i64>,
}

/// A time entry with enough about its order to show it in a history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub entry: TimeEntry,
    pub order_vin: String,
    pub order_part: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HistoryDay {
    pub date: NaiveDate,
    pub seconds: i64,
    pub entries: Vec<HistoryEntry>,
}

/// A mechanic's tracked time over a day, week (Sunday to Saturday, as in Israel) or month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TimeHistory {
    pub period: Period,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total_seconds: i64,
    /// Days with time on them, newest first.
    pub days: Vec<HistoryDay>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    CatalogPart,
    CustomPart,
    Work,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::CatalogPart => "catalog_part",
            ItemKind::CustomPart => "custom_part",
            ItemKind::Work => "work",
        }
    }

    pub fn is_part(self) -> bool {
        self != ItemKind::Work
    }
}

/// A billed line of an order. Prices are integer agorot (1/100 ₪).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderItem {
    pub id: i64,
    pub order_id: i64,
    pub kind: ItemKind,
    pub part_id: Option<i64>,
    pub name: String,
    pub part_number: Option<String>,
    pub unit_price_agorot: i64,
    pub quantity: i32,
    pub minutes: Option<i32>,
    pub line_total_agorot: i64,
    pub created_at: DateTime<Utc>,
}

/// A line to add to an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NewItem {
    /// A part from the catalog at its catalog price (ENABLE_PART_CATEGORIES).
    CatalogPart { part_id: i64, quantity: i32 },
    /// A part that is not in the catalog.
    CustomPart {
        name: String,
        #[serde(default)]
        part_number: Option<String>,
        unit_price_agorot: i64,
        quantity: i32,
    },
    /// Labour.
    Work { name: String, price_agorot: i64, minutes: i32 },
}

/// Order totals in agorot, computed by the server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Totals {
    pub parts_agorot: i64,
    pub work_agorot: i64,
    pub total_agorot: i64,
    pub tracked_seconds: i64,
}
