//! FelixPartsBot's rows as typed values. Columns that only some versions of its models had read
//! as absent; a value that does not parse is reported with its table and row, and the row is
//! skipped when it cannot be imported without it.

use chrono::{DateTime, Utc};

use super::report::{Report, Table};
use super::source::{Row, Source};
use super::values;

pub type Time = DateTime<Utc>;

pub struct Mechanic {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub telegram_id: Option<String>,
    pub active: bool,
    pub created_at: Option<Time>,
    pub updated_at: Option<Time>,
}

pub struct Category {
    pub id: i64,
    pub name_ru: String,
    pub name_he: Option<String>,
    pub name_en: Option<String>,
    pub sort_order: i32,
    pub created_at: Option<Time>,
}

pub struct Part {
    pub id: i64,
    pub category_id: i64,
    pub name_ru: String,
    pub name_he: Option<String>,
    pub name_en: Option<String>,
    pub is_common: bool,
    pub sort_order: i32,
    pub created_at: Option<Time>,
}

pub struct Order {
    pub id: i64,
    pub mechanic_name: String,
    /// The Telegram user who sent the order from the bot.
    pub telegram_id: Option<String>,
    pub category: String,
    pub car_number: Option<String>,
    pub vin: Option<String>,
    /// The JSON text as stored.
    pub selected_parts: Option<String>,
    pub is_original: bool,
    pub photo_url: Option<String>,
    pub status: Option<String>,
    pub work_status: Option<String>,
    pub language: Option<String>,
    pub created_at: Option<Time>,
    pub updated_at: Option<Time>,
    pub assigned_mechanic_id: Option<i64>,
}

pub struct Comment {
    pub id: i64,
    pub order_id: i64,
    pub mechanic_id: i64,
    pub body: String,
    pub created_at: Option<Time>,
}

pub struct TimeLog {
    pub id: i64,
    pub order_id: i64,
    pub mechanic_id: i64,
    pub started_at: Option<Time>,
    pub ended_at: Option<Time>,
    pub duration_minutes: Option<i64>,
    pub notes: Option<String>,
    pub is_active: bool,
    pub created_at: Option<Time>,
}

/// A row of `custom_work_items` or `custom_part_items`.
pub struct Item {
    pub id: i64,
    pub order_id: i64,
    pub name: String,
    /// The work's description, or the part's number.
    pub detail: Option<String>,
    /// The shekel price as the database printed the float.
    pub price: Option<String>,
    /// The work's estimated minutes, or the part's quantity.
    pub number: Option<i64>,
    pub added_by: Option<i64>,
    pub created_at: Option<Time>,
}

pub struct Assignment {
    pub id: i64,
    pub order_id: i64,
    pub mechanic_id: i64,
    pub assigned_at: Option<Time>,
    pub assigned_by: Option<i64>,
    pub status: Option<String>,
    pub notes: Option<String>,
}

/// Everything read from the old database.
#[derive(Default)]
pub struct Legacy {
    pub mechanics: Vec<Mechanic>,
    pub categories: Vec<Category>,
    pub parts: Vec<Part>,
    pub orders: Vec<Order>,
    pub comments: Vec<Comment>,
    pub time_logs: Vec<TimeLog>,
    pub work_items: Vec<Item>,
    pub part_items: Vec<Item>,
    pub assignments: Vec<Assignment>,
    /// Fields FelixPartsBot kept that Felix Hub has no place for, present in this copy.
    pub dropped_fields: Vec<&'static str>,
}

/// Reads one row's columns, reporting any value that does not parse.
struct Fields<'a> {
    row: &'a Row,
    table: Table,
    id: i64,
    report: &'a mut Report,
}

impl Fields<'_> {
    fn text(&self, column: &str) -> Option<String> {
        self.row.text(column).map(str::to_owned)
    }

    fn int(&mut self, columns: &[&str]) -> Option<i64> {
        let text = self.row.first(columns)?;
        let parsed = values::integer(text);
        if parsed.is_none() {
            self.report.change(self.table, self.id, format!("{} {text:?} is not a number: left empty", columns[0]));
        }
        parsed
    }

    /// An id the row cannot be imported without; `None` has been reported as a skip.
    fn required_id(&mut self, column: &str) -> Option<i64> {
        let parsed = self.row.text(column).and_then(values::integer);
        if parsed.is_none() {
            let value = self.row.text(column).unwrap_or("NULL");
            self.report.skip(self.table, self.id, format!("{column} {value:?} is not a row id"));
        }
        parsed
    }

    fn time(&mut self, column: &str) -> Option<Time> {
        let text = self.row.text(column)?;
        let parsed = values::timestamp(text);
        if parsed.is_none() {
            self.report.change(self.table, self.id, format!("{column} {text:?} is not a time: left empty"));
        }
        parsed
    }

    fn boolean(&mut self, column: &str, default: bool) -> bool {
        match self.row.text(column) {
            None => default,
            Some(text) => values::boolean(text).unwrap_or_else(|| {
                self.report.change(
                    self.table,
                    self.id,
                    format!("{column} {text:?} is not true or false: read as {default}"),
                );
                default
            }),
        }
    }
}

/// Reads every table, counting the rows read. Rows whose own id is not a number are skipped here.
pub async fn read(source: &Source, report: &mut Report) -> anyhow::Result<Legacy> {
    let mut legacy = Legacy::default();
    for (column, what) in [
        ("phone", "mechanics.phone"),
        ("telegram_username", "mechanics.telegram_username"),
        ("specialty", "mechanics.specialty"),
    ] {
        if source.has_column("mechanics", column) {
            legacy.dropped_fields.push(what);
        }
    }
    if source.has_column("categories", "icon") {
        legacy.dropped_fields.push("categories.icon");
    }

    const MECHANICS: &[&str] =
        &["id", "email", "password_hash", "name", "telegram_id", "active", "created_at", "updated_at"];
    legacy.mechanics = each(source, Table::Mechanics, MECHANICS, report, |f| {
        Some(Mechanic {
            id: f.id,
            email: f.text("email").unwrap_or_default(),
            password_hash: f.text("password_hash").unwrap_or_default(),
            name: f.text("name").unwrap_or_default(),
            telegram_id: f.text("telegram_id").filter(|t| !t.trim().is_empty()),
            active: f.boolean("active", true),
            created_at: f.time("created_at"),
            updated_at: f.time("updated_at"),
        })
    })
    .await?;

    const CATEGORIES: &[&str] = &["id", "name_ru", "name_he", "name_en", "sort_order", "created_at"];
    legacy.categories = each(source, Table::Categories, CATEGORIES, report, |f| {
        Some(Category {
            id: f.id,
            name_ru: f.text("name_ru").unwrap_or_default(),
            name_he: f.text("name_he"),
            name_en: f.text("name_en"),
            sort_order: f.int(&["sort_order"]).and_then(|n| i32::try_from(n).ok()).unwrap_or(0),
            created_at: f.time("created_at"),
        })
    })
    .await?;

    const PARTS: &[&str] =
        &["id", "category_id", "name_ru", "name_he", "name_en", "is_common", "sort_order", "created_at"];
    legacy.parts = each(source, Table::Parts, PARTS, report, |f| {
        Some(Part {
            id: f.id,
            category_id: f.required_id("category_id")?,
            name_ru: f.text("name_ru").unwrap_or_default(),
            name_he: f.text("name_he"),
            name_en: f.text("name_en"),
            // The model's default: a part is common unless marked otherwise.
            is_common: f.boolean("is_common", true),
            sort_order: f.int(&["sort_order"]).and_then(|n| i32::try_from(n).ok()).unwrap_or(0),
            created_at: f.time("created_at"),
        })
    })
    .await?;

    const ORDERS: &[&str] = &[
        "id",
        "mechanic_name",
        "telegram_id",
        "category",
        "car_number",
        "vin",
        "selected_parts",
        "is_original",
        "photo_url",
        "status",
        "work_status",
        "language",
        "created_at",
        "updated_at",
        "assigned_mechanic_id",
    ];
    legacy.orders = each(source, Table::Orders, ORDERS, report, |f| {
        Some(Order {
            id: f.id,
            mechanic_name: f.text("mechanic_name").unwrap_or_default(),
            telegram_id: f.text("telegram_id").filter(|t| !t.trim().is_empty()),
            category: f.text("category").unwrap_or_default(),
            car_number: f.text("car_number").filter(|t| !t.trim().is_empty()),
            vin: f.text("vin").filter(|t| !t.trim().is_empty()),
            selected_parts: f.text("selected_parts"),
            is_original: f.boolean("is_original", false),
            photo_url: f.text("photo_url").filter(|t| !t.trim().is_empty()),
            status: f.text("status"),
            work_status: f.text("work_status"),
            language: f.text("language"),
            created_at: f.time("created_at"),
            updated_at: f.time("updated_at"),
            assigned_mechanic_id: f.int(&["assigned_mechanic_id"]),
        })
    })
    .await?;

    const COMMENTS: &[&str] = &["id", "order_id", "mechanic_id", "comment", "created_at"];
    legacy.comments = each(source, Table::OrderComments, COMMENTS, report, |f| {
        Some(Comment {
            id: f.id,
            order_id: f.required_id("order_id")?,
            mechanic_id: f.required_id("mechanic_id")?,
            body: f.text("comment").unwrap_or_default(),
            created_at: f.time("created_at"),
        })
    })
    .await?;

    const TIME_LOGS: &[&str] = &[
        "id",
        "order_id",
        "mechanic_id",
        "started_at",
        "ended_at",
        "duration_minutes",
        "notes",
        "is_active",
        "created_at",
    ];
    legacy.time_logs = each(source, Table::TimeLogs, TIME_LOGS, report, |f| {
        Some(TimeLog {
            id: f.id,
            order_id: f.required_id("order_id")?,
            mechanic_id: f.required_id("mechanic_id")?,
            started_at: f.time("started_at"),
            ended_at: f.time("ended_at"),
            duration_minutes: f.int(&["duration_minutes"]),
            notes: f.text("notes").filter(|t| !t.trim().is_empty()),
            is_active: f.boolean("is_active", false),
            created_at: f.time("created_at"),
        })
    })
    .await?;

    // The first versions named the author `added_by_mechanic_id`; later ones `added_by_id`.
    const WORK: &[&str] = &[
        "id",
        "order_id",
        "name",
        "description",
        "price",
        "estimated_time_minutes",
        "added_by_id",
        "added_by_mechanic_id",
        "created_at",
    ];
    legacy.work_items = each(source, Table::CustomWorkItems, WORK, report, |f| {
        Some(Item {
            id: f.id,
            order_id: f.required_id("order_id")?,
            name: f.text("name").unwrap_or_default(),
            detail: f.text("description").filter(|t| !t.trim().is_empty()),
            price: f.text("price"),
            number: f.int(&["estimated_time_minutes"]),
            added_by: f.int(&["added_by_id", "added_by_mechanic_id"]),
            created_at: f.time("created_at"),
        })
    })
    .await?;

    const PART_ITEMS: &[&str] = &[
        "id",
        "order_id",
        "name",
        "part_number",
        "price",
        "quantity",
        "added_by_id",
        "added_by_mechanic_id",
        "created_at",
    ];
    legacy.part_items = each(source, Table::CustomPartItems, PART_ITEMS, report, |f| {
        Some(Item {
            id: f.id,
            order_id: f.required_id("order_id")?,
            name: f.text("name").unwrap_or_default(),
            detail: f.text("part_number").filter(|t| !t.trim().is_empty()),
            price: f.text("price"),
            number: f.int(&["quantity"]),
            added_by: f.int(&["added_by_id", "added_by_mechanic_id"]),
            created_at: f.time("created_at"),
        })
    })
    .await?;

    const ASSIGNMENTS: &[&str] = &["id", "order_id", "mechanic_id", "assigned_at", "assigned_by_id", "status", "notes"];
    legacy.assignments = each(source, Table::WorkOrderAssignments, ASSIGNMENTS, report, |f| {
        Some(Assignment {
            id: f.id,
            order_id: f.required_id("order_id")?,
            mechanic_id: f.required_id("mechanic_id")?,
            assigned_at: f.time("assigned_at"),
            assigned_by: f.int(&["assigned_by_id"]),
            status: f.text("status").filter(|t| !t.trim().is_empty()),
            notes: f.text("notes").filter(|t| !t.trim().is_empty()),
        })
    })
    .await?;

    let notifications = source.rows("notification_logs", &["id"]).await?.len();
    report.read(Table::NotificationLogs, notifications);
    Ok(legacy)
}

/// Reads `table` and turns each row into a `T` with `parse`, which reports what it skips.
async fn each<T>(
    source: &Source,
    table: Table,
    columns: &'static [&'static str],
    report: &mut Report,
    mut parse: impl FnMut(&mut Fields) -> Option<T>,
) -> anyhow::Result<Vec<T>> {
    let rows = source.rows(table.name(), columns).await?;
    report.read(table, rows.len());
    let mut parsed = Vec::with_capacity(rows.len());
    for row in &rows {
        let Some(id) = row.text("id").and_then(values::integer) else {
            report.skip(table, row.text("id").unwrap_or("NULL"), "the row's id is not a number");
            continue;
        };
        let mut fields = Fields { row, table, id, report };
        if let Some(value) = parse(&mut fields) {
            parsed.push(value);
        }
    }
    Ok(parsed)
}
