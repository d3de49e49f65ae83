//! Orders keep their ids. Their status comes from the two old status columns, their mechanic from
//! `assigned_mechanic_id` or a match on the name, and `selected_parts` becomes the part text and
//! the quantity, or, when one part text cannot hold the list, one order item per part.

use std::collections::{HashMap, HashSet};

use sea_orm::{ActiveValue::NotSet, Set};

use app::model::validation;

use super::legacy::Order;
use super::map_people::{mechanics_by_name, same_name};
use super::plan::{Mapper, OrderInfo};
use super::report::Table;
use super::selected_parts::{self, Entry};
use super::statuses;
use crate::entities::order::{OriginalOrAnalog, Status};
use crate::entities::{order, order_item};

/// Longest Telegram photo reference the `orders` table holds.
const MAX_PHOTO: usize = 255;

impl Mapper<'_> {
    pub(super) fn orders(&mut self) {
        let legacy = self.legacy;
        let by_name = mechanics_by_name(&legacy.mechanics);
        let mut by_telegram: HashMap<&str, Option<i64>> = HashMap::new();
        for mechanic in &legacy.mechanics {
            if let Some(telegram) = mechanic.telegram_id.as_deref() {
                by_telegram.entry(telegram.trim()).and_modify(|id| *id = None).or_insert(Some(mechanic.id));
            }
        }
        let custom_parts: HashSet<(i64, i64)> = legacy.part_items.iter().map(|p| (p.order_id, p.id)).collect();
        for old in &legacy.orders {
            let mapped = match statuses::map(old.status.as_deref(), old.work_status.as_deref()) {
                Ok(mapped) => mapped,
                Err(unknown) => {
                    self.report.skip(Table::Orders, old.id, format!("unknown {} {:?}", unknown.column, unknown.value));
                    continue;
                }
            };
            if self.target.order_ids.contains(&old.id) {
                self.plan.clashes.push(("order", old.id));
            }
            let named = || by_name.get(&same_name(&old.mechanic_name)).copied().flatten();
            let mechanic = match old.assigned_mechanic_id {
                Some(assigned) => match self.ids.users.get(&assigned) {
                    Some(user) => Some(*user),
                    None => {
                        let why = if self.ids.mechanics_read.contains(&assigned) {
                            "was not imported"
                        } else {
                            "does not exist"
                        };
                        let found = named().and_then(|m| self.ids.users.get(&m).copied());
                        let then = if found.is_some() { "matched on the name instead" } else { "left unassigned" };
                        self.report.change(
                            Table::Orders,
                            old.id,
                            format!("its assigned mechanic {assigned} {why}: {then}"),
                        );
                        found
                    }
                },
                None => named().and_then(|m| self.ids.users.get(&m).copied()),
            };
            let creator = old
                .telegram_id
                .as_deref()
                .and_then(|t| by_telegram.get(t.trim()).copied().flatten())
                .and_then(|m| self.ids.users.get(&m).copied());
            let fallback = old.updated_at.unwrap_or(self.now);
            let created_at = self.time_or(Table::Orders, old.id, "created_at", old.created_at, fallback);
            let updated_at = old.updated_at.unwrap_or(created_at);
            let old_status = format!(
                "FelixPartsBot: status «{}», work status «{}»",
                old.status.as_deref().unwrap_or("—"),
                old.work_status.as_deref().unwrap_or("—")
            );
            let mut info = OrderInfo {
                creator,
                status: mapped.status,
                created_at,
                updated_at,
                notes: Vec::new(),
                old_status: old_status.clone(),
                assignments: Vec::new(),
            };
            if mapped.status == Status::New {
                info.notes.push(old_status);
            }
            self.ids.orders.insert(old.id, info);

            let id = old.id;
            let vin =
                self.text(Table::Orders, id, "vin", old.vin.as_deref().unwrap_or(""), validation::MAX_VIN, Some(id));
            let car_number = old
                .car_number
                .as_deref()
                .map(|c| self.text(Table::Orders, id, "car_number", c, validation::MAX_CAR_NUMBER, Some(id)));
            let mechanic_name =
                self.text(Table::Orders, id, "mechanic_name", &old.mechanic_name, validation::MAX_NAME, Some(id));
            let category = self.text(Table::Orders, id, "category", &old.category, validation::MAX_CATEGORY, Some(id));
            let photo =
                old.photo_url.as_deref().map(|p| self.text(Table::Orders, id, "photo_url", p, MAX_PHOTO, Some(id)));
            let category_id = self.category_of(&old.category);
            let (part_type, quantity, part_id) = self.selected(old, category_id, mechanic, created_at, &custom_parts);
            self.plan.orders.push(order::ActiveModel {
                id: Set(id),
                mechanic_id: Set(mechanic),
                mechanic_name: Set(mechanic_name),
                vin: Set(vin),
                part_type: Set(part_type),
                category: Set(category),
                original_or_analog: Set(if old.is_original {
                    OriginalOrAnalog::Original
                } else {
                    OriginalOrAnalog::Analog
                }),
                quantity: Set(quantity),
                status: Set(mapped.status),
                photo_file_id: Set(photo),
                created_by: Set(creator),
                created_at: Set(created_at),
                updated_at: Set(updated_at),
                car_number: Set(car_number),
                category_id: Set(category_id.or(part_id.and_then(|p| self.ids.parts.get(&p).map(|(c, _)| *c)))),
                part_id: Set(part_id),
            });
            self.report.imported(Table::Orders, 1);
        }
    }

    /// The catalog category an order's category text names: the bot wrote the category's icon
    /// and Russian name ("🔧 Тормоза"), other doors a name alone.
    fn category_of(&self, text: &str) -> Option<i64> {
        let text = same_name(text);
        let bare = same_name(text.trim_start_matches(|c: char| !c.is_alphanumeric()));
        let found: Vec<i64> = self
            .ids
            .categories
            .iter()
            .filter(|(_, names)| names.iter().any(|n| *n == text || *n == bare))
            .map(|(id, _)| *id)
            .collect();
        (found.len() == 1).then(|| found[0])
    }

    /// The catalog part an entry is: its `partId` when that part was imported, or else the one
    /// part (in the order's category, when known) with the entry's name in any language.
    fn part_of(&self, entry: &Entry, category: Option<i64>) -> Option<i64> {
        if let Some(id) = entry.part_id.filter(|id| self.ids.parts.contains_key(id)) {
            return Some(id);
        }
        let name = same_name(&entry.name);
        if name.is_empty() {
            return None;
        }
        let found: Vec<i64> = self
            .ids
            .parts
            .iter()
            .filter(|(_, (in_category, names))| category.is_none_or(|c| c == *in_category) && names.contains(&name))
            .map(|(id, _)| *id)
            .collect();
        (found.len() == 1).then(|| found[0])
    }

    /// `selected_parts` as the part text, the quantity and the catalog part. A single part with no
    /// more than a name and a quantity fits the order itself. Otherwise every part also becomes an
    /// order item (catalog or custom part, at its price or 0 ₪), except one that repeats a
    /// `custom_part_items` row, which is imported from there. Whatever has no field of its own (a
    /// note, an unknown key, text that is not JSON) is kept verbatim in the order's history.
    fn selected(
        &mut self,
        old: &Order,
        category: Option<i64>,
        mechanic: Option<i64>,
        created_at: chrono::DateTime<chrono::Utc>,
        custom_parts: &HashSet<(i64, i64)>,
    ) -> (String, i32, Option<i64>) {
        let id = old.id;
        let selected = selected_parts::parse(old.selected_parts.as_deref());
        if selected.not_json {
            self.report.change(Table::Orders, id, "selected_parts is not JSON: its text is the part's name");
        }
        let names = selected.names();
        let part_type = if names.is_empty() {
            self.report.change(Table::Orders, id, "selected_parts lists no part: the part reads «—»");
            "—".to_owned()
        } else {
            self.text(Table::Orders, id, "selected_parts", &names, validation::MAX_PART_TYPE, Some(id))
        };
        if selected.has_extras() || selected.not_json {
            let raw = old.selected_parts.as_deref().unwrap_or_default().trim().to_owned();
            if let Some(info) = self.ids.orders.get_mut(&id) {
                info.notes.push(format!("selected_parts as stored: {raw}"));
            }
        }
        let single = match &selected.entries[..] {
            [only] if only.price.is_none() && only.note.is_none() && !only.extra => Some(only.clone()),
            [] => Some(Entry::default()),
            _ => None,
        };
        if let Some(only) = single {
            self.plan.parts_on_orders += selected.entries.len();
            let quantity = self.quantity(Table::Orders, id, "quantity", only.quantity);
            return (part_type, quantity, self.part_of(&only, category));
        }
        for entry in &selected.entries {
            if entry.custom_part_id.is_some_and(|item| custom_parts.contains(&(id, item))) {
                continue;
            }
            let what = format!("selected part «{}»", entry.name);
            let part_id = self.part_of(entry, category);
            let name = if entry.name.is_empty() { "—" } else { &entry.name };
            let name = self.text(Table::Orders, id, &what, name, validation::MAX_PART_TYPE, Some(id));
            let unit_price_agorot = self.price(Table::Orders, id, &what, entry.price.as_deref());
            let quantity = self.quantity(Table::Orders, id, &what, entry.quantity);
            self.plan.items.push(order_item::ActiveModel {
                id: NotSet,
                order_id: Set(id),
                kind: Set(if part_id.is_some() { order_item::Kind::CatalogPart } else { order_item::Kind::CustomPart }),
                part_id: Set(part_id),
                name: Set(name),
                part_number: Set(None),
                unit_price_agorot: Set(unit_price_agorot),
                quantity: Set(quantity),
                minutes: Set(None),
                created_by: Set(mechanic),
                created_at: Set(created_at),
            });
            self.plan.parts_as_items += 1;
        }
        (part_type, 1, None)
    }
}
