//! Orders: their lifecycle, what a new order needs, and how lists are asked for and answered.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Comment, Language, OrderItem, TimeEntry, Totals};

/// Where an order stands. It moves forward only: `new → in_progress → ready → completed`, and it
/// may be cancelled while open. Skipping ahead is allowed, because a shop often gets a part the
/// same hour it was ordered: a fresh order may go straight to `ready`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    New,
    InProgress,
    Ready,
    Completed,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 5] =
        [OrderStatus::New, OrderStatus::InProgress, OrderStatus::Ready, OrderStatus::Completed, OrderStatus::Cancelled];

    /// The statuses an order counts as active in while someone still works on it.
    pub const OPEN: [OrderStatus; 3] = [OrderStatus::New, OrderStatus::InProgress, OrderStatus::Ready];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::New => "new",
            OrderStatus::InProgress => "in_progress",
            OrderStatus::Ready => "ready",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// The legal next statuses.
    pub fn next(self) -> &'static [OrderStatus] {
        use OrderStatus::*;
        match self {
            New => &[InProgress, Ready, Completed, Cancelled],
            InProgress => &[Ready, Completed, Cancelled],
            Ready => &[Completed, Cancelled],
            Completed | Cancelled => &[],
        }
    }

    pub fn can_move_to(self, to: OrderStatus) -> bool {
        self.next().contains(&to)
    }

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrderStatus {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        OrderStatus::ALL.into_iter().find(|status| status.as_str() == value.trim()).ok_or_else(|| {
            format!("'{value}' is not a status; use one of new, in_progress, ready, completed, cancelled")
        })
    }
}

/// Whether the mechanic wants the original part or an aftermarket analog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OriginalOrAnalog {
    Original,
    Analog,
}

impl OriginalOrAnalog {
    pub fn as_str(self) -> &'static str {
        match self {
            OriginalOrAnalog::Original => "original",
            OriginalOrAnalog::Analog => "analog",
        }
    }
}

impl FromStr for OriginalOrAnalog {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim() {
            "original" => Ok(OriginalOrAnalog::Original),
            "analog" => Ok(OriginalOrAnalog::Analog),
            other => Err(format!("'{other}' must be original or analog")),
        }
    }
}

/// An order as every door returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Order {
    pub id: i64,
    pub status: OrderStatus,
    /// The mechanic the order belongs to; none while an admin has not assigned it.
    pub mechanic_id: Option<i64>,
    pub mechanic_name: String,
    pub vin: String,
    /// Only present while ENABLE_CAR_NUMBER is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub car_number: Option<String>,
    pub part_type: String,
    pub category: String,
    /// Catalog references, only present while ENABLE_PART_CATEGORIES is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_id: Option<i64>,
    /// The catalog's own names of `category_id` and `part_id` in every language, so that each
    /// reader sees them in theirs; only present while ENABLE_PART_CATEGORIES is on and the order
    /// points into the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_names: Option<Names>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_names: Option<Names>,
    pub original_or_analog: OriginalOrAnalog,
    pub quantity: i32,
    pub has_photo: bool,
    /// Time tracked on the order by finished timers and manual entries.
    pub tracked_seconds: i64,
    pub comment_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Order {
    /// The category in `language`: the catalog's name, else the text the order was made with.
    pub fn category_in(&self, language: Language) -> &str {
        self.category_names.as_ref().map_or(&self.category, |names| names.get(language))
    }

    /// The part in `language`: the catalog's name, else the text the order was made with.
    pub fn part_in(&self, language: Language) -> &str {
        self.part_names.as_ref().map_or(&self.part_type, |names| names.get(language))
    }
}

/// A catalog entry's name in each language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Names {
    pub he: String,
    pub en: String,
    pub ru: String,
}

impl Names {
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::He => &self.he,
            Language::En => &self.en,
            Language::Ru => &self.ru,
        }
    }
}

/// The body of `POST /api/orders`: the fields every client sends (mechanic, VIN, car number, part,
/// category, original or analog), plus what the web app and bot add.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewOrder {
    /// For an admin: the mechanic the order is for (by display name or username). A mechanic's own
    /// orders are always theirs, whatever this says.
    #[serde(default)]
    pub mechanic_name: Option<String>,
    /// For an admin: the mechanic the order is for, by id (wins over `mechanic_name`).
    #[serde(default)]
    pub mechanic_id: Option<i64>,
    pub vin: String,
    /// Stored only while ENABLE_CAR_NUMBER is on.
    #[serde(default)]
    pub car_number: Option<String>,
    /// The part, as free text. May be left out when `part_id` picks a catalog part.
    #[serde(default)]
    pub part_type: Option<String>,
    /// The category, as free text (or a catalog category's slug). May be left out with `part_id`.
    #[serde(default)]
    pub category: Option<String>,
    /// A catalog part (ENABLE_PART_CATEGORIES).
    #[serde(default)]
    pub part_id: Option<i64>,
    pub original_or_analog: OriginalOrAnalog,
    /// How many; 1 when left out.
    #[serde(default)]
    pub quantity: Option<i32>,
    /// A first comment.
    #[serde(default)]
    pub comment: Option<String>,
}

/// The body of a status change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatusChange {
    pub status: OrderStatus,
    #[serde(default)]
    pub note: Option<String>,
}

/// The body of an assignment to a mechanic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub mechanic_id: i64,
    #[serde(default)]
    pub note: Option<String>,
}

/// Query parameters of `GET /api/orders`. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct OrderQuery {
    /// One status, several separated by commas, or `open` for new, in_progress and ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Matches car numbers containing this, ignoring spaces and dashes (ENABLE_CAR_NUMBER).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub car_number: Option<String>,
    /// Matches VINs containing this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    /// Admins only: one mechanic's orders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanic_id: Option<i64>,
    /// Created on or after this day (YYYY-MM-DD, in `tz`) or instant (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Created on or before this day (YYYY-MM-DD, in `tz`) or before this instant (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The time zone days are read in (IANA name); the shop's by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    /// Free text over VIN, car number, part, category and mechanic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Orders per page, 1 to 100 (20 when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

/// How many orders each status holds, among the orders the other filters select.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    pub all: i64,
    pub new: i64,
    pub in_progress: i64,
    pub ready: i64,
    pub completed: i64,
    pub cancelled: i64,
}

impl StatusCounts {
    pub fn get(&self, status: OrderStatus) -> i64 {
        match status {
            OrderStatus::New => self.new,
            OrderStatus::InProgress => self.in_progress,
            OrderStatus::Ready => self.ready,
            OrderStatus::Completed => self.completed,
            OrderStatus::Cancelled => self.cancelled,
        }
    }

    pub fn add(&mut self, status: OrderStatus, count: i64) {
        match status {
            OrderStatus::New => self.new += count,
            OrderStatus::InProgress => self.in_progress += count,
            OrderStatus::Ready => self.ready += count,
            OrderStatus::Completed => self.completed += count,
            OrderStatus::Cancelled => self.cancelled += count,
        }
        self.all += count;
    }

    pub fn open(&self) -> i64 {
        self.new + self.in_progress + self.ready
    }
}

/// One page of orders, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderPage {
    pub orders: Vec<Order>,
    pub page: u32,
    pub per_page: u32,
    /// Orders matching every filter, over all pages.
    pub total: i64,
    pub counts: StatusCounts,
}

/// A recorded change to an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderEvent {
    pub id: i64,
    /// `created`, `status` or `assigned`.
    pub kind: String,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub from_status: Option<OrderStatus>,
    pub to_status: Option<OrderStatus>,
    pub from_mechanic_id: Option<i64>,
    pub to_mechanic_id: Option<i64>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An order with everything hanging off it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderDetails {
    pub order: Order,
    /// The statuses the order may move to next.
    pub allowed_statuses: Vec<OrderStatus>,
    pub comments: Vec<Comment>,
    pub time_entries: Vec<TimeEntry>,
    pub items: Vec<OrderItem>,
    pub totals: Totals,
    pub events: Vec<OrderEvent>,
}

/// Numbers for the dashboard's stat cards, for the signed-in mechanic, or for everyone for an admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub counts: StatusCounts,
    pub created_today: i64,
    pub completed_today: i64,
    pub seconds_today: i64,
    pub running_timer: Option<TimeEntry>,
}

/// A mechanic's first screen in one answer: today's numbers and the first page of one tab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirstScreen {
    pub stats: Dashboard,
    pub orders: OrderPage,
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::{self, *};

    #[test]
    fn orders_move_forward_and_cancel_while_open() {
        assert!(New.can_move_to(InProgress));
        assert!(New.can_move_to(Ready), "a part that arrives at once takes a fresh order straight to ready");
        assert!(InProgress.can_move_to(Completed));
        assert!(Ready.can_move_to(Cancelled));
        assert!(!Ready.can_move_to(New));
        assert!(!InProgress.can_move_to(New));
        for done in [Completed, Cancelled] {
            assert!(done.next().is_empty());
        }
        for status in OrderStatus::ALL {
            assert!(!status.can_move_to(status), "{status} to itself");
        }
    }

    #[test]
    fn statuses_parse_from_their_wire_names() {
        for status in OrderStatus::ALL {
            assert_eq!(status.as_str().parse::<OrderStatus>(), Ok(status));
        }
        assert!("done".parse::<OrderStatus>().unwrap_err().contains("in_progress"));
    }
}
