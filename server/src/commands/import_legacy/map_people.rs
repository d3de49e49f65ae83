//! Mechanics become Felix Hub users; categories and parts become the catalog, with their ids.

use std::collections::{HashMap, HashSet};

use sea_orm::Set;

use app::model::validation;

use super::legacy::{Mechanic, Order};
use super::plan::Mapper;
use super::report::Table;
use crate::entities::user::{Language, Role};
use crate::entities::{category, part, user};
use crate::services::auth::passwords::is_checkable;
use crate::services::catalog::upkeep::slugify;

/// Longest password hash the `users` table holds.
const MAX_HASH: usize = 255;

/// Names compared as people type them: case and runs of spaces do not matter.
pub fn same_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The old mechanic an order belongs to: `assigned_mechanic_id` when that mechanic exists, or the
/// one mechanic whose name is the order's `mechanic_name`.
pub fn owner(order: &Order, mechanics: &[Mechanic], by_name: &HashMap<String, Option<i64>>) -> Option<i64> {
    order
        .assigned_mechanic_id
        .filter(|id| mechanics.iter().any(|m| m.id == *id))
        .or_else(|| by_name.get(&same_name(&order.mechanic_name)).copied().flatten())
}

/// Each mechanic's name → their id, or `None` when two mechanics share it.
pub fn mechanics_by_name(mechanics: &[Mechanic]) -> HashMap<String, Option<i64>> {
    let mut by_name: HashMap<String, Option<i64>> = HashMap::new();
    for mechanic in mechanics {
        by_name.entry(same_name(&mechanic.name)).and_modify(|id| *id = None).or_insert(Some(mechanic.id));
    }
    by_name
}

fn language(code: &str) -> Option<Language> {
    match code.trim().to_lowercase().as_str() {
        "he" | "iw" => Some(Language::He),
        "en" => Some(Language::En),
        "ru" => Some(Language::Ru),
        _ => None,
    }
}

impl Mapper<'_> {
    /// Each mechanic's most frequent order language; on a tie, the later order's.
    fn languages(&self) -> HashMap<i64, Language> {
        let by_name = mechanics_by_name(&self.legacy.mechanics);
        let mut counts: HashMap<i64, HashMap<Language, (usize, i64)>> = HashMap::new();
        for order in &self.legacy.orders {
            let (Some(mechanic), Some(lang)) =
                (owner(order, &self.legacy.mechanics, &by_name), order.language.as_deref().and_then(language))
            else {
                continue;
            };
            let entry = counts.entry(mechanic).or_default().entry(lang).or_default();
            *entry = (entry.0 + 1, order.id.max(entry.1));
        }
        counts
            .into_iter()
            .filter_map(|(mechanic, langs)| Some((mechanic, langs.into_iter().max_by_key(|(_, n)| *n)?.0)))
            .collect()
    }

    pub(super) fn users(&mut self) {
        let languages = self.languages();
        let mut next_id = self.target.next_user_id;
        let mut taken: HashMap<String, i64> = HashMap::new();
        let mut chats: HashSet<i64> = self.target.chat_ids.clone();
        let legacy = self.legacy;
        for mechanic in &legacy.mechanics {
            let id = mechanic.id;
            let username = match validation::username(&mechanic.email) {
                Ok(username) => username,
                Err(error) => {
                    self.report.skip(
                        Table::Mechanics,
                        id,
                        format!("email {:?} cannot be a username: {}", mechanic.email, error.message),
                    );
                    continue;
                }
            };
            if let Some(first) = taken.get(&username) {
                self.report.skip(Table::Mechanics, id, format!("same email as mechanics {first}: {username}"));
                continue;
            }
            taken.insert(username.clone(), id);
            if let Some(&existing) = self.target.usernames.get(&username) {
                self.report.change(
                    Table::Mechanics,
                    id,
                    format!("{username} already has a Felix Hub account (user {existing}): this mechanic's orders, comments and time go to it, and its password and settings stay as they are"),
                );
                self.ids.users.insert(id, existing);
                self.plan.accounts.push(format!("mechanics {id} → {username} (the existing user {existing})"));
                self.report.imported(Table::Mechanics, 1);
                continue;
            }
            let name = if mechanic.name.trim().is_empty() { &mechanic.email } else { &mechanic.name };
            let display_name = self.text(Table::Mechanics, id, "name", name, validation::MAX_NAME, None);
            let mut password_hash = mechanic.password_hash.clone();
            if !is_checkable(&password_hash) || password_hash.len() > MAX_HASH {
                let method = password_hash.split('$').next().unwrap_or_default().to_owned();
                self.report.change(Table::Mechanics, id, format!("the password hash ({method:?}) is of a kind Felix Hub cannot check: an admin sets a new password on /admin/mechanics"));
                if password_hash.len() > MAX_HASH {
                    password_hash = "!".into();
                }
            }
            let chat = mechanic.telegram_id.as_deref().and_then(|t| {
                let parsed = t.trim().parse::<i64>().ok();
                let problem = match parsed {
                    None => Some(format!("telegram_id {t:?} is not a chat id: not linked")),
                    Some(chat) if !chats.insert(chat) => {
                        Some(format!("telegram chat {chat} belongs to another account: not linked"))
                    }
                    Some(_) => None,
                };
                if let Some(problem) = problem {
                    self.report.change(Table::Mechanics, id, problem);
                    return None;
                }
                parsed
            });
            let created_at = self.time_or(Table::Mechanics, id, "created_at", mechanic.created_at, self.now);
            let language = languages.get(&id).copied().unwrap_or(self.default_language);
            self.plan.users.push(user::ActiveModel {
                id: Set(next_id),
                username: Set(username),
                display_name: Set(display_name),
                password_hash: Set(password_hash),
                role: Set(Role::Mechanic),
                telegram_chat_id: Set(chat),
                language: Set(language),
                active: Set(mechanic.active),
                created_at: Set(created_at),
                updated_at: Set(mechanic.updated_at.unwrap_or(created_at)),
            });
            let state = if mechanic.active { "active" } else { "inactive" };
            self.plan.accounts.push(format!(
                "mechanics {id} → {} ({}, {}, {state})",
                mechanic.email.trim().to_lowercase(),
                mechanic.name.trim(),
                language.as_str()
            ));
            self.ids.users.insert(id, next_id);
            self.report.imported(Table::Mechanics, 1);
            next_id += 1;
        }
    }

    /// Three names, the Russian one (which the old catalog required) standing in for a missing one.
    fn names(
        &mut self,
        table: Table,
        id: i64,
        ru: &str,
        he: Option<&str>,
        en: Option<&str>,
        max: usize,
    ) -> Option<[String; 3]> {
        let ru = self.text(table, id, "name_ru", ru, max, None);
        if ru.is_empty() {
            self.report.skip(table, id, "name_ru is empty");
            return None;
        }
        let mut other = |field: &str, language: &str, name: Option<&str>| match name.filter(|n| !n.trim().is_empty()) {
            Some(name) => self.text(table, id, field, name, max, None),
            None => {
                self.report.change(table, id, format!("no {language} name: the Russian one stands in"));
                ru.clone()
            }
        };
        Some([other("name_he", "Hebrew", he), other("name_en", "English", en), ru.clone()])
    }

    pub(super) fn catalog(&mut self) {
        let mut slugs: HashSet<String> = self.target.slugs.clone();
        let legacy = self.legacy;
        for old in &legacy.categories {
            if self.target.category_ids.contains(&old.id) {
                self.plan.clashes.push(("category", old.id));
            }
            let Some(names) = self.names(
                Table::Categories,
                old.id,
                &old.name_ru,
                old.name_he.as_deref(),
                old.name_en.as_deref(),
                validation::MAX_CATEGORY,
            ) else {
                continue;
            };
            let mut slug: String = slugify(&names[1]).chars().take(48).collect();
            if slug.is_empty() || slugs.contains(&slug) {
                slug = format!("{}{}category_{}", slug, if slug.is_empty() { "" } else { "_" }, old.id);
            }
            slugs.insert(slug.clone());
            let created_at = old.created_at.unwrap_or(self.now);
            self.plan.categories.push(category::ActiveModel {
                id: Set(old.id),
                slug: Set(slug),
                name_he: Set(names[0].clone()),
                name_en: Set(names[1].clone()),
                name_ru: Set(names[2].clone()),
                sort_order: Set(old.sort_order),
                created_at: Set(created_at),
                updated_at: Set(created_at),
            });
            self.ids.categories.insert(old.id, names.map(|n| same_name(&n)));
            self.report.imported(Table::Categories, 1);
        }
        let categories_read: HashSet<i64> = legacy.categories.iter().map(|c| c.id).collect();
        for old in &legacy.parts {
            if !self.ids.categories.contains_key(&old.category_id) {
                let why =
                    if categories_read.contains(&old.category_id) { "was not imported" } else { "does not exist" };
                self.report.skip(Table::Parts, old.id, format!("its category {} {why}", old.category_id));
                continue;
            }
            if self.target.part_ids.contains(&old.id) {
                self.plan.clashes.push(("part", old.id));
            }
            let Some(names) = self.names(
                Table::Parts,
                old.id,
                &old.name_ru,
                old.name_he.as_deref(),
                old.name_en.as_deref(),
                validation::MAX_PART_TYPE,
            ) else {
                continue;
            };
            let created_at = old.created_at.unwrap_or(self.now);
            self.plan.parts.push(part::ActiveModel {
                id: Set(old.id),
                category_id: Set(old.category_id),
                name_he: Set(names[0].clone()),
                name_en: Set(names[1].clone()),
                name_ru: Set(names[2].clone()),
                part_number: Set(None),
                price_agorot: Set(0),
                is_common: Set(old.is_common),
                sort_order: Set(old.sort_order),
                created_at: Set(created_at),
                updated_at: Set(created_at),
            });
            self.ids.parts.insert(old.id, (old.category_id, names.map(|n| same_name(&n))));
            self.report.imported(Table::Parts, 1);
        }
    }
}
