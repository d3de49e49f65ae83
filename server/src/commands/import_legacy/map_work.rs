//! What hangs off an order: comments keep their author and time, closed time logs become time
//! entries and an active one the mechanic's running timer, custom work and parts become order
//! items with their float shekels in agorot, and assignments become the order's history.

use std::collections::HashMap;

use chrono::Duration;
use sea_orm::{ActiveValue::NotSet, Set};

use app::model::validation;

use super::legacy::Item;
use super::plan::{Mapper, event};
use super::report::Table;
use super::values::{self, Agorot, as_shekels};
use crate::entities::order_event::Kind;
use crate::entities::time_entry::Source;
use crate::entities::{comment, order_item, time_entry};

/// Longest part number the `order_items` table holds.
const MAX_PART_NUMBER: usize = 64;

impl Mapper<'_> {
    /// Why a row of an order cannot be imported: its order was skipped or never existed.
    fn order_missing(&self, order_id: i64) -> Option<String> {
        match (self.ids.orders.contains_key(&order_id), self.ids.orders_read.contains(&order_id)) {
            (true, _) => None,
            (false, true) => Some(format!("its order {order_id} was not imported")),
            (false, false) => Some(format!("its order {order_id} does not exist")),
        }
    }

    /// The Felix Hub user of old mechanic `mechanic_id`, or why there is none.
    fn user_of(&self, role: &str, mechanic_id: i64) -> Result<i64, String> {
        match (self.ids.users.get(&mechanic_id), self.ids.mechanics_read.contains(&mechanic_id)) {
            (Some(user), _) => Ok(*user),
            (None, true) => Err(format!("its {role}, mechanic {mechanic_id}, was not imported")),
            (None, false) => Err(format!("its {role}, mechanic {mechanic_id}, does not exist")),
        }
    }

    fn order_created(&self, order_id: i64) -> chrono::DateTime<chrono::Utc> {
        self.ids.orders.get(&order_id).map(|o| o.created_at).unwrap_or(self.now)
    }

    /// The user a row of an imported order belongs to; `None` (the row skipped and reported)
    /// when its order or its mechanic was not imported.
    fn belongs_to(&mut self, table: Table, id: i64, order_id: i64, role: &str, mechanic_id: i64) -> Option<i64> {
        match self.order_missing(order_id).map_or_else(|| self.user_of(role, mechanic_id), Err) {
            Ok(user) => Some(user),
            Err(why) => {
                self.report.skip(table, id, why);
                None
            }
        }
    }

    /// Who wrote a row, when the old row names someone: a missing mechanic leaves the row
    /// without one, reported.
    fn written_by(&mut self, table: Table, id: i64, role: &str, mechanic_id: Option<i64>) -> Option<i64> {
        match self.user_of(role, mechanic_id?) {
            Ok(user) => Some(user),
            Err(why) => {
                self.report.change(table, id, format!("{why}: recorded without one"));
                None
            }
        }
    }

    pub(super) fn comments(&mut self) {
        let legacy = self.legacy;
        for old in &legacy.comments {
            let Some(author) = self.belongs_to(Table::OrderComments, old.id, old.order_id, "author", old.mechanic_id)
            else {
                continue;
            };
            let body = self.text(Table::OrderComments, old.id, "comment", &old.body, usize::MAX, None);
            if body.is_empty() {
                self.report.skip(Table::OrderComments, old.id, "the comment is empty");
                continue;
            }
            let at = self.order_created(old.order_id);
            let created_at = self.time_or(Table::OrderComments, old.id, "created_at", old.created_at, at);
            self.plan.comments.push(comment::ActiveModel {
                id: NotSet,
                order_id: Set(old.order_id),
                author_id: Set(author),
                body: Set(body),
                created_at: Set(created_at),
            });
            self.report.imported(Table::OrderComments, 1);
        }
    }

    pub(super) fn time_logs(&mut self) {
        // Felix Hub runs one timer per mechanic. Of several active logs, the latest started stays.
        let mut latest: HashMap<i64, (chrono::DateTime<chrono::Utc>, i64)> = HashMap::new();
        let legacy = self.legacy;
        for old in legacy.time_logs.iter().filter(|l| l.is_active && l.ended_at.is_none()) {
            if let Some(started) = old.started_at {
                let best = latest.entry(old.mechanic_id).or_insert((started, old.id));
                *best = (*best).max((started, old.id));
            }
        }
        for old in &legacy.time_logs {
            let (table, id) = (Table::TimeLogs, old.id);
            let Some(mechanic) = self.belongs_to(table, id, old.order_id, "mechanic", old.mechanic_id) else {
                continue;
            };
            let Some(started) = old.started_at else {
                self.report.skip(table, id, "no started_at");
                continue;
            };
            let running = old.is_active && old.ended_at.is_none();
            let (ended, seconds, source) = if running {
                if self.target.running.contains(&mechanic) {
                    self.report.skip(
                        table,
                        id,
                        format!("active since {started}, but the mechanic already has a running timer in Felix Hub"),
                    );
                    continue;
                }
                if let Some((_, winner)) = latest.get(&old.mechanic_id).filter(|(_, winner)| *winner != id) {
                    self.report.skip(table, id, format!("active since {started}, but mechanic {} has a later active log ({winner}), which becomes the running timer", old.mechanic_id));
                    continue;
                }
                self.plan.running_timers += 1;
                (None, None, Source::Timer)
            } else {
                let ended = match (old.ended_at, old.duration_minutes) {
                    (Some(ended), _) => ended,
                    (None, Some(minutes)) if minutes >= 0 => {
                        self.report.change(table, id, "no ended_at: started_at plus duration_minutes used");
                        started + Duration::minutes(minutes)
                    }
                    _ => {
                        self.report.skip(table, id, "closed, but with neither ended_at nor duration_minutes");
                        continue;
                    }
                };
                if ended < started {
                    self.report.skip(table, id, format!("ends ({ended}) before it starts ({started})"));
                    continue;
                }
                // A log written after it ended was typed in by hand; one the timer closed was written when it started.
                let manual = old.created_at.is_some_and(|created| created >= ended);
                (
                    Some(ended),
                    Some((ended - started).num_seconds()),
                    if manual { Source::Manual } else { Source::Timer },
                )
            };
            let note = old.notes.as_deref().map(|n| self.text(table, id, "notes", n, usize::MAX, None));
            self.plan.time_entries.push(time_entry::ActiveModel {
                id: NotSet,
                order_id: Set(old.order_id),
                mechanic_id: Set(mechanic),
                started_at: Set(started),
                ended_at: Set(ended),
                seconds: Set(seconds),
                source: Set(source),
                note: Set(note),
                created_at: Set(old.created_at.unwrap_or(started)),
            });
            self.report.imported(table, 1);
        }
    }

    pub(super) fn items(&mut self) {
        let legacy = self.legacy;
        for old in &legacy.work_items {
            self.item(Table::CustomWorkItems, old);
        }
        for old in &legacy.part_items {
            self.item(Table::CustomPartItems, old);
        }
    }

    fn item(&mut self, table: Table, old: &Item) {
        let id = old.id;
        if let Some(why) = self.order_missing(old.order_id) {
            self.report.skip(table, id, why);
            return;
        }
        let created_by = self.written_by(table, id, "author", old.added_by);
        let name = if old.name.trim().is_empty() { "—" } else { &old.name };
        let name = self.text(table, id, "name", name, validation::MAX_PART_TYPE, Some(old.order_id));
        let price = self.price(table, id, "price", old.price.as_deref());
        let (kind, part_number, quantity, minutes) = if table == Table::CustomWorkItems {
            if let (Some(description), Some(info)) = (&old.detail, self.ids.orders.get_mut(&old.order_id)) {
                info.notes.push(format!("Work «{name}»: {}", description.trim()));
            }
            let minutes = old.number.and_then(|m| i32::try_from(m).ok()).filter(|m| *m >= 0);
            if old.number.is_some() && minutes.is_none() {
                self.report.change(table, id, "estimated_time_minutes is not a number of minutes: left empty");
            }
            (order_item::Kind::Work, None, 1, minutes)
        } else {
            let number = old
                .detail
                .as_deref()
                .map(|n| self.text(table, id, "part_number", n, MAX_PART_NUMBER, Some(old.order_id)));
            (order_item::Kind::CustomPart, number, self.quantity(table, id, "quantity", old.number), None)
        };
        let at = self.order_created(old.order_id);
        let created_at = self.time_or(table, id, "created_at", old.created_at, at);
        self.plan.items.push(order_item::ActiveModel {
            id: NotSet,
            order_id: Set(old.order_id),
            kind: Set(kind),
            part_id: Set(None),
            name: Set(name),
            part_number: Set(part_number),
            unit_price_agorot: Set(price),
            quantity: Set(quantity),
            minutes: Set(minutes),
            created_by: Set(created_by),
            created_at: Set(created_at),
        });
        self.report.imported(table, 1);
    }

    pub(super) fn assignments(&mut self) {
        let legacy = self.legacy;
        for old in &legacy.assignments {
            let (table, id) = (Table::WorkOrderAssignments, old.id);
            let Some(mechanic) = self.belongs_to(table, id, old.order_id, "mechanic", old.mechanic_id) else {
                continue;
            };
            let actor = self.written_by(table, id, "assigner", old.assigned_by);
            let at = self.order_created(old.order_id);
            let at = self.time_or(table, id, "assigned_at", old.assigned_at, at);
            let mut note: Vec<String> =
                old.notes.iter().map(|n| self.text(table, id, "notes", n, usize::MAX, None)).collect();
            if let Some(status) = &old.status {
                note.push(format!("FelixPartsBot assignment status «{status}»"));
            }
            let mut row = event(old.order_id, actor, Kind::Assigned, at, (!note.is_empty()).then(|| note.join("\n")));
            row.to_mechanic_id = Set(Some(mechanic));
            if let Some(info) = self.ids.orders.get_mut(&old.order_id) {
                info.assignments.push((at, id, mechanic, row));
            }
            self.report.imported(table, 1);
        }
    }

    /// A float shekel price in agorot, rounded half up, each rounding reported. No price is 0 ₪;
    /// one that is not a number, below zero or above Felix Hub's limit is 0 ₪ and reported.
    pub(super) fn price(&mut self, table: Table, id: i64, what: &str, text: Option<&str>) -> i64 {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return 0 };
        match values::shekels(text) {
            Some(Agorot { agorot, .. }) if !(0..=validation::MAX_PRICE_AGOROT).contains(&agorot) => {
                self.report.change(table, id, format!("{what} {text} ₪ is out of range: 0 ₪ used"));
                0
            }
            Some(Agorot { agorot, rounded }) => {
                if rounded {
                    self.report.change(table, id, format!("{what} {text} ₪ rounded to {} ₪", as_shekels(agorot)));
                }
                agorot
            }
            None => {
                self.report.change(table, id, format!("{what} {text:?} is not a price: 0 ₪ used"));
                0
            }
        }
    }

    /// A quantity from 1 to 999: none is 1, anything else outside that range is brought inside it
    /// and reported.
    pub(super) fn quantity(&mut self, table: Table, id: i64, what: &str, quantity: Option<i64>) -> i32 {
        let Some(quantity) = quantity else { return 1 };
        let within = quantity.clamp(1, i64::from(validation::MAX_QUANTITY)) as i32;
        if i64::from(within) != quantity {
            self.report.change(
                table,
                id,
                format!("{what}: quantity {quantity} is not 1 to {}: {within} used", validation::MAX_QUANTITY),
            );
        }
        within
    }
}
