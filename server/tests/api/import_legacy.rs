//! `felix-hub import-legacy`: a FelixPartsBot database built from SQL that follows its public
//! models (server/tests/fixtures/), imported by the real binary into SQLite or PostgreSQL, then
//! checked field by field through the API.

use std::process::{Command, Output};

use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::Value;

use app::model::Role;

use crate::helpers::{TestApp, TestDatabase, spawn_app_on};

pub const SCHEMA: &str = include_str!("../fixtures/felixpartsbot-schema.sql");
pub const DATA: &str = include_str!("../fixtures/felixpartsbot-data.sql");
pub const EARLY: &str = include_str!("../fixtures/felixpartsbot-early.sql");

/// An old database on SQLite, as the shop's FelixPartsBot kept it, made from `sql`.
pub struct LegacyDb {
    pub url: String,
    _dir: tempfile::TempDir,
}

pub async fn legacy_sqlite(sql: &[&str]) -> LegacyDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("felixpartsbot.db").display());
    load(&format!("{url}?mode=rwc"), sql).await;
    LegacyDb { url, _dir: dir }
}

/// Runs the fixture's statements against `url`.
pub async fn load(url: &str, sql: &[&str]) {
    let conn = Database::connect(url).await.expect("connect to the old database");
    for script in sql {
        conn.execute_unprepared(script).await.expect("load the fixture");
    }
    conn.close().await.unwrap();
}

/// Runs `felix-hub import-legacy --from <from> <args>` into `database_url`, with
/// DEFAULT_LANGUAGE=en so that a mechanic without orders shows the fallback.
pub fn import(database_url: &str, from: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_felix-hub"))
        .args(["import-legacy", "--from", from])
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("DEFAULT_LANGUAGE", "en")
        .output()
        .expect("run felix-hub")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The counts table's row for `table`: (read, imported, skipped).
#[track_caller]
pub fn counts(stdout: &str, table: &str) -> (u32, u32, u32) {
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{table} ")) && l.contains("   "))
        .unwrap_or_else(|| panic!("no row for {table}:\n{stdout}"));
    let numbers: Vec<u32> = line.split_whitespace().skip(1).take(3).map(|n| n.parse().unwrap()).collect();
    (numbers[0], numbers[1], numbers[2])
}

/// The fixture's expected counts, table by table.
pub const EXPECTED: [(&str, (u32, u32, u32)); 10] = [
    ("mechanics", (4, 4, 0)),
    ("categories", (2, 2, 0)),
    ("parts", (4, 3, 1)),
    ("orders", (8, 7, 1)),
    ("order_comments", (4, 3, 1)),
    ("time_logs", (5, 4, 1)),
    ("custom_work_items", (3, 3, 0)),
    ("custom_part_items", (3, 2, 1)),
    ("work_order_assignments", (3, 3, 0)),
    ("notification_logs", (2, 0, 2)),
];

/// One text value per row of `sql` on `url` (SQLite or PostgreSQL).
pub async fn column(url: &str, sql: &str) -> Vec<Option<String>> {
    let conn = Database::connect(url).await.unwrap();
    let rows = conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql.to_owned())).await.unwrap();
    conn.close().await.unwrap();
    rows.iter().map(|row| row.try_get::<Option<String>>("", "v").unwrap()).collect()
}

/// An app on the imported database with the catalog and car numbers on, and an admin's token.
pub async fn app_and_admin(database_url: &str) -> (TestApp, String) {
    let app = spawn_app_on(database_url, |config| {
        config.flags.enable_car_number = Some(true);
        config.flags.enable_part_categories = Some(true);
    })
    .await;
    let admin = app.account("dana", "Dana Levi", Role::Admin).await;
    (app, admin.token)
}

fn user_id(users: &Value, username: &str) -> i64 {
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["user"]["username"] == username)
        .unwrap_or_else(|| panic!("{username}: {users}"))["user"]["id"]
        .as_i64()
        .unwrap()
}

fn lines(value: &Value) -> Vec<(String, String, i64, i64)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let kind = i["kind"].as_str().unwrap().to_owned();
            (
                kind,
                i["name"].as_str().unwrap().to_owned(),
                i["unit_price_agorot"].as_i64().unwrap(),
                i["quantity"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_whole_shop_comes_across_field_by_field() {
    let legacy = legacy_sqlite(&[SCHEMA, DATA]).await;
    let db = TestDatabase::new().await;
    let output = import(&db.url, &legacy.url, &[]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}\n{}", stderr(&output));
    for (table, expected) in EXPECTED {
        assert_eq!(counts(&out, table), expected, "{table}\n{out}");
    }
    for problem in [
        "skipped  orders 105: unknown status \"потерян\"",
        "skipped  order_comments 3: its order 999 does not exist",
        "skipped  parts 4: its category 9 does not exist",
        "skipped  custom_part_items 3: its order 105 was not imported",
        "changed  custom_part_items 2: price 12.345 ₪ rounded to 12.35 ₪",
        "changed  custom_work_items 2: price 99.999 ₪ rounded to 100.00 ₪",
        "changed  orders 107: vin cut to 17 characters",
        "changed  mechanics 4: telegram_id \"@sasha_k\" is not a chat id",
        "changed  categories 2: no Hebrew name",
        "skipped  time_logs 5:",
    ] {
        assert!(out.contains(problem), "{problem}\n{out}");
    }
    assert!(!out.contains("custom_part_items 1:"), "19.99 is exact: nothing to report\n{out}");
    assert!(out.contains("had no admin accounts") && out.contains("felix-hub user create"), "{out}");

    let (app, admin) = app_and_admin(&db.url).await;
    let (_, users) = app.get_json("/api/admin/users", &admin).await;
    let (avi, misha, yossi, sasha) = (
        user_id(&users, "avi.cohen@felix.garage"),
        user_id(&users, "misha@felix.garage"),
        user_id(&users, "yossi@felix.garage"),
        user_id(&users, "sasha@felix.garage"),
    );
    let user = |id: i64| users.as_array().unwrap().iter().find(|u| u["user"]["id"] == id).unwrap()["user"].clone();
    assert_eq!(
        (user(avi)["display_name"].as_str(), user(avi)["language"].as_str(), user(avi)["telegram_chat_id"].as_i64()),
        (Some("אבי כהן"), Some("he"), Some(111111111))
    );
    assert_eq!(
        (user(misha)["display_name"].as_str(), user(misha)["language"].as_str()),
        (Some("Миша Иванов"), Some("ru"))
    );
    assert_eq!(
        (user(yossi)["active"].as_bool(), user(yossi)["language"].as_str()),
        (Some(false), Some("en")),
        "inactive; no order language"
    );
    assert_eq!((user(sasha)["telegram_chat_id"].as_i64(), user(sasha)["language"].as_str()), (None, Some("en")));
    assert!(
        users.as_array().unwrap().iter().all(|u| u["user"]["role"] == "mechanic" || u["user"]["username"] == "dana")
    );

    let (_, page) = app.get_json("/api/orders?per_page=100", &admin).await;
    let mut ids: Vec<i64> = page["orders"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, [101, 102, 103, 104, 106, 107, 108], "ids kept, the unknown status skipped");

    let o101 = app.details(101, &admin).await;
    let order = &o101["order"];
    assert_eq!(
        (
            order["status"].as_str(),
            order["mechanic_id"].as_i64(),
            order["mechanic_name"].as_str(),
            order["vin"].as_str()
        ),
        (Some("new"), Some(avi), Some("אבי כהן"), Some("WVWZZZ1KZAW000101"))
    );
    assert_eq!(
        (order["car_number"].as_str(), order["part_type"].as_str(), order["category"].as_str()),
        (Some("12-345-67"), Some("Передние колодки"), Some("🔧 Тормоза"))
    );
    assert_eq!(
        (
            order["category_id"].as_i64(),
            order["part_id"].as_i64(),
            order["original_or_analog"].as_str(),
            order["quantity"].as_i64()
        ),
        (Some(1), Some(1), Some("original"), Some(1))
    );
    assert_eq!(
        (order["created_at"].as_str(), order["tracked_seconds"].as_i64(), order["has_photo"].as_bool()),
        (Some("2025-03-01T08:00:00Z"), Some(5400), Some(false))
    );
    assert_eq!(o101["comments"][0]["body"], "Клиент ждёт в зале");
    assert_eq!(
        (o101["comments"][0]["author_id"].as_i64(), o101["comments"][0]["created_at"].as_str()),
        (Some(avi), Some("2025-03-01T08:05:00Z"))
    );
    let events = o101["events"].as_array().unwrap();
    assert_eq!(events.iter().map(|e| e["kind"].as_str().unwrap()).collect::<Vec<_>>(), ["created", "assigned"]);
    assert_eq!((events[0]["actor_id"].as_i64(), events[1]["to_mechanic_id"].as_i64()), (Some(avi), Some(avi)));
    assert!(events[1]["note"].as_str().unwrap().contains("Срочно"));

    // The paused order with a NULL VIN and selected_parts as objects with prices and a note.
    let o102 = app.details(102, &admin).await;
    let order = &o102["order"];
    assert_eq!(
        (order["status"].as_str(), order["vin"].as_str(), order["mechanic_id"].as_i64()),
        (Some("in_progress"), Some(""), Some(misha))
    );
    assert_eq!(
        (order["part_type"].as_str(), order["quantity"].as_i64(), order["category_id"].as_i64()),
        (Some("Масляный фильтр, Прокладка"), Some(1), Some(2))
    );
    assert_eq!(
        lines(&o102["items"]),
        [
            ("catalog_part".into(), "Масляный фильтр".into(), 3550, 2),
            ("custom_part".into(), "Прокладка".into(), 1999, 1),
            ("custom_part".into(), "Прокладка клапанной крышки".into(), 1999, 1),
        ]
    );
    assert_eq!(
        (o102["items"][0]["part_id"].as_i64(), o102["items"][2]["part_number"].as_str()),
        (Some(3), Some("VC-1234"))
    );
    assert_eq!(o102["totals"]["parts_agorot"].as_i64(), Some(3550 * 2 + 1999 + 1999), "{}", o102["totals"]);
    let notes: Vec<&str> = o102["events"].as_array().unwrap().iter().filter_map(|e| e["note"].as_str()).collect();
    assert!(notes[0].contains("от клапанной крышки"), "the note has no field of its own: {notes:?}");
    assert!(notes.iter().any(|n| n.contains("на паузе")), "{notes:?}");
    let time: Vec<(Option<i64>, &str)> = o102["time_entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["seconds"].as_i64(), t["source"].as_str().unwrap()))
        .collect();
    assert_eq!(time, [(None, "timer"), (Some(2700), "manual")], "running timer first (newest), then the manual log");

    let o103 = app.details(103, &admin).await;
    assert_eq!(o103["order"]["status"], "completed", "готов + завершен");
    assert_eq!(
        lines(&o103["items"]),
        [
            ("catalog_part".into(), "Масляный фильтр".into(), 0, 1),
            ("custom_part".into(), "Антифриз".into(), 0, 1),
            ("work".into(), "Замена масла".into(), 15000, 1),
        ]
    );
    assert_eq!(o103["items"][2]["minutes"].as_i64(), Some(30));
    let assigned: Vec<(Option<i64>, Option<i64>, Option<i64>)> = o103["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "assigned")
        .map(|e| (e["actor_id"].as_i64(), e["from_mechanic_id"].as_i64(), e["to_mechanic_id"].as_i64()))
        .collect();
    assert_eq!(assigned, [(None, None, Some(yossi)), (Some(yossi), Some(yossi), Some(misha))]);
    assert_eq!(
        (o103["comments"][0]["body"].as_str(), o103["comments"][0]["author_id"].as_i64()),
        (Some("הלקוח יגיע מחר"), Some(yossi))
    );

    let o104 = app.details(104, &admin).await;
    assert_eq!(
        (o104["order"]["status"].as_str(), o104["order"]["original_or_analog"].as_str()),
        (Some("completed"), Some("analog"))
    );
    assert_eq!(
        (
            o104["order"]["part_type"].as_str(),
            o104["order"]["has_photo"].as_bool(),
            o104["order"]["category_id"].as_i64()
        ),
        (Some("Лампа H7"), Some(true), None)
    );
    assert_eq!(
        lines(&o104["items"]),
        [("work".into(), "Диагностика".into(), 10000, 1), ("custom_part".into(), "Лампа H7".into(), 1235, 2)]
    );

    let o106 = app.details(106, &admin).await;
    assert_eq!(
        (o106["order"]["mechanic_id"].as_i64(), o106["order"]["quantity"].as_i64(), o106["order"]["part_id"].as_i64()),
        (Some(sasha), Some(3), Some(1))
    );
    assert!(o106["time_entries"][0]["ended_at"].is_null(), "Sasha's active log is a running timer");

    let o107 = app.details(107, &admin).await;
    assert_eq!(
        (o107["order"]["mechanic_id"].as_i64(), o107["order"]["vin"].as_str(), o107["order"]["status"].as_str()),
        (None, Some("JTDKB20U093000202"), Some("new"))
    );
    assert!(o107["events"][0]["note"].as_str().unwrap().contains("vin: JTDKB20U093000202X1"), "{}", o107["events"]);

    let o108 = app.details(108, &admin).await;
    assert_eq!(
        (o108["order"]["status"].as_str(), o108["order"]["mechanic_id"].as_i64(), o108["order"]["part_id"].as_i64()),
        (Some("ready"), Some(yossi), Some(2))
    );

    let (_, categories) = app.get_json("/api/categories", &admin).await;
    let names: Vec<(i64, &str, &str, &str)> = categories
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_i64().unwrap(),
                c["name_he"].as_str().unwrap(),
                c["name_en"].as_str().unwrap(),
                c["name_ru"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(names, [(1, "בלמים", "Brakes", "Тормоза"), (2, "Двигатель", "Engine", "Двигатель")]);
    let (_, parts) = app.get_json("/api/parts?category_id=1", &admin).await;
    let parts: Vec<(i64, &str, bool)> = parts
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_i64().unwrap(), p["name_he"].as_str().unwrap(), p["is_common"].as_bool().unwrap()))
        .collect();
    assert_eq!(parts, [(1, "רפידות קדמיות", true), (2, "נוזל בלמים", false)]);

    let running = column(
        &db.url,
        "SELECT CAST(mechanic_id AS TEXT) AS v FROM time_entries WHERE ended_at IS NULL ORDER BY mechanic_id",
    )
    .await;
    assert_eq!(running, [Some(misha.to_string()), Some(sasha.to_string())]);

    // A new order numbers after the imported ones.
    let avi_token = app.login("avi.cohen@felix.garage", "avi-old-pass-1").await;
    let created = app.create_order(&avi_token, &crate::helpers::order_body("NEWVIN123")).await;
    assert_eq!(created["id"], 109);
}
