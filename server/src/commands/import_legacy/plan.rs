//! The plan: every row the import writes, built from the old rows before anything is written, so
//! that a dry run and a real run decide exactly the same. The mapping of each kind of row lives in
//! `map_people`, `map_orders` and `map_work`, as methods of `Mapper`.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::NotSet, Set};

use super::legacy::Legacy;
use super::report::{Report, Table};
use super::target::Target;
use super::values;
use crate::entities::order::Status;
use crate::entities::user::Language;
use crate::entities::{category, comment, order, order_event, order_item, part, time_entry, user};

/// Everything to write, in the order it is written.
#[derive(Default)]
pub struct Plan {
    pub users: Vec<user::ActiveModel>,
    pub categories: Vec<category::ActiveModel>,
    pub parts: Vec<part::ActiveModel>,
    pub orders: Vec<order::ActiveModel>,
    pub comments: Vec<comment::ActiveModel>,
    pub time_entries: Vec<time_entry::ActiveModel>,
    pub running_timers: usize,
    pub items: Vec<order_item::ActiveModel>,
    /// Each order's history, oldest first within an order.
    pub events: Vec<order_event::ActiveModel>,
    /// Ids kept from the old database that the target already uses, by kind ("order", …): the
    /// import cannot go on.
    pub clashes: Vec<(&'static str, i64)>,
    /// One line per mechanic: the account they sign in with.
    pub accounts: Vec<String>,
    /// How many entries of `selected_parts` the orders themselves hold, and how many became items.
    pub parts_on_orders: usize,
    pub parts_as_items: usize,
}

/// What the mapping of one kind of row tells the next.
#[derive(Default)]
pub struct Ids {
    /// Old mechanic id → Felix Hub user id (a new account, or one that was there already).
    pub users: HashMap<i64, i64>,
    /// Old mechanic ids that exist in the old database (imported or not).
    pub mechanics_read: HashSet<i64>,
    /// Imported categories (ids kept): their names, lower-cased, for matching an order's text.
    pub categories: HashMap<i64, [String; 3]>,
    /// Imported parts (ids kept): their category and names, lower-cased.
    pub parts: HashMap<i64, (i64, [String; 3])>,
    pub orders: HashMap<i64, OrderInfo>,
    /// Old order ids that exist in the old database (imported or not).
    pub orders_read: HashSet<i64>,
}

/// An imported order, as the rows that hang off it need it.
pub struct OrderInfo {
    pub creator: Option<i64>,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// What the old row held that has no field of its own, for the order's history.
    pub notes: Vec<String>,
    /// The old status columns, for the history's status line.
    pub old_status: String,
    /// Assignment rows as history: (when, old row id, the mechanic it went to, the history row).
    pub assignments: Vec<(DateTime<Utc>, i64, i64, order_event::ActiveModel)>,
}

/// Builds the plan from the old rows and the target's state.
pub struct Mapper<'a> {
    pub legacy: &'a Legacy,
    pub target: &'a Target,
    pub report: &'a mut Report,
    pub plan: Plan,
    pub ids: Ids,
    pub now: DateTime<Utc>,
    pub default_language: Language,
}

impl<'a> Mapper<'a> {
    pub fn new(legacy: &'a Legacy, target: &'a Target, report: &'a mut Report, default_language: Language) -> Self {
        let ids = Ids {
            mechanics_read: legacy.mechanics.iter().map(|m| m.id).collect(),
            orders_read: legacy.orders.iter().map(|o| o.id).collect(),
            ..Ids::default()
        };
        Mapper { legacy, target, report, plan: Plan::default(), ids, now: Utc::now(), default_language }
    }

    /// Maps everything, then writes each order's history.
    pub fn build(mut self) -> Plan {
        self.users();
        self.catalog();
        self.orders();
        self.comments();
        self.time_logs();
        self.items();
        self.assignments();
        self.histories();
        self.plan
    }

    /// `value` cleaned of control characters and cut to `max` characters, each change reported.
    /// With `order`, the full text goes into that order's history, so nothing is lost.
    pub fn text(&mut self, table: Table, id: i64, field: &str, value: &str, max: usize, order: Option<i64>) -> String {
        let (cleaned, had_controls) = values::clean(value);
        if had_controls {
            self.report.change(table, id, format!("{field}: control characters removed"));
        }
        let (fitted, cut) = values::fit(&cleaned, max);
        if cut {
            let kept = match order.and_then(|o| self.ids.orders.get_mut(&o)) {
                Some(info) => {
                    info.notes.push(format!("{field}: {}", cleaned.trim()));
                    "; the whole text is in the order's history"
                }
                None => "",
            };
            self.report.change(table, id, format!("{field} cut to {max} characters{kept}"));
        }
        fitted
    }

    /// A row's time, or `fallback` (reported) when the old row has none.
    pub fn time_or(
        &mut self,
        table: Table,
        id: i64,
        field: &str,
        at: Option<DateTime<Utc>>,
        fallback: DateTime<Utc>,
    ) -> DateTime<Utc> {
        at.unwrap_or_else(|| {
            self.report.change(table, id, format!("no {field}: {} used", fallback.format("%Y-%m-%d %H:%M:%S UTC")));
            fallback
        })
    }

    /// Each imported order's history: created (with what had no field of its own), the
    /// assignments in time order, and the move to its status when that is not `new`.
    fn histories(&mut self) {
        let mut orders: Vec<(&i64, &mut OrderInfo)> = self.ids.orders.iter_mut().collect();
        orders.sort_by_key(|(id, _)| **id);
        for (&order_id, info) in orders {
            let mut note = vec!["Imported from FelixPartsBot".to_owned()];
            note.append(&mut info.notes);
            self.plan.events.push(
                event(order_id, info.creator, order_event::Kind::Created, info.created_at, Some(note.join("\n")))
                    .with_status(None, Some(Status::New)),
            );
            info.assignments.sort_by_key(|(at, id, _, _)| (*at, *id));
            // Each assignment moved the order from whoever had it before.
            let mut previous = None;
            for (_, _, to, mut event) in info.assignments.drain(..) {
                event.from_mechanic_id = Set(previous);
                previous = Some(to);
                self.plan.events.push(event);
            }
            if info.status != Status::New {
                let moved =
                    event(order_id, None, order_event::Kind::Status, info.updated_at, Some(info.old_status.clone()));
                self.plan.events.push(moved.with_status(Some(Status::New), Some(info.status)));
            }
        }
    }
}

/// An order's history row with no statuses or mechanics yet.
pub fn event(
    order_id: i64,
    actor: Option<i64>,
    kind: order_event::Kind,
    at: DateTime<Utc>,
    note: Option<String>,
) -> order_event::ActiveModel {
    order_event::ActiveModel {
        id: NotSet,
        order_id: Set(order_id),
        actor_id: Set(actor),
        kind: Set(kind),
        from_status: Set(None),
        to_status: Set(None),
        from_mechanic_id: Set(None),
        to_mechanic_id: Set(None),
        note: Set(note),
        created_at: Set(at),
    }
}

trait WithStatus {
    fn with_status(self, from: Option<Status>, to: Option<Status>) -> Self;
}

impl WithStatus for order_event::ActiveModel {
    fn with_status(mut self, from: Option<Status>, to: Option<Status>) -> Self {
        self.from_status = Set(from);
        self.to_status = Set(to);
        self
    }
}
