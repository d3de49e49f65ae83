//! `felix-hub migrate rollback` with data in the feature migrations: it refuses and changes
//! nothing unless given `--export FILE` or `--discard-data`, and an export put back with
//! `migrate apply --restore FILE` leaves every table exactly as it was, ids and id sequences too.

use std::collections::BTreeMap;

use reqwest::Method;
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestDatabase, spawn_app_on, test_config};
use crate::process::run;

/// A database with the demo shop (car numbers, the catalog, orders that use it), one catalog
/// part on an order item, and a part deleted again, so that the parts' id sequence stands past
/// the largest id. Returns the app that made it, still running with both feature flags on.
async fn shop_with_catalog(db: &TestDatabase) -> TestApp {
    server::commands::demo::load(test_config(&db.url), false).await.expect("demo");
    let app = spawn_app_on(&db.url, |config| {
        config.flags.enable_car_number = Some(true);
        config.flags.enable_part_categories = Some(true);
    })
    .await;
    let admin = app.login("admin", "admin-demo-1").await;
    let (status, parts) = app.get_json("/api/parts", &admin).await;
    assert_eq!(status, 200, "{parts}");
    let part = parts.as_array().and_then(|p| p.first()).expect("the demo has parts").clone();
    let (status, item) = app
        .post_json(
            "/api/orders/1/items",
            &json!({"kind": "catalog_part", "part_id": part["id"], "quantity": 2}),
            &admin,
        )
        .await;
    assert_eq!(status, 201, "{item}");
    let spare = json!({"category_id": part["category_id"], "name_he": "זמני", "name_en": "Temporary", "name_ru": "Временная",
                       "price_agorot": 100});
    let (status, spare) = app.post_json("/api/admin/parts", &spare, &admin).await;
    assert_eq!(status, 201, "{spare}");
    let deleted = app.status_of(Method::DELETE, &format!("/api/admin/parts/{}", spare["id"]), None, &admin).await;
    assert_eq!(deleted, 204);
    app
}

/// Every table's column names and rows, and where each id sequence stands: what "nothing lost"
/// is compared on. The migration bookkeeping (`seaql_migrations`, `felix_migration_holds`) is
/// left out, since applying a migration again records a new time.
async fn dump(url: &str) -> BTreeMap<String, Vec<String>> {
    let conn = Database::connect(url).await.unwrap();
    let backend = conn.get_database_backend();
    let texts = |sql: String| {
        let conn = &conn;
        async move {
            let rows = conn.query_all_raw(Statement::from_string(backend, sql)).await.unwrap();
            rows.iter().map(|row| row.try_get_by_index::<String>(0).unwrap()).collect::<Vec<String>>()
        }
    };
    let bookkeeping = "('seaql_migrations', 'felix_migration_holds')";
    let mut dump = BTreeMap::new();
    let tables = match backend {
        DbBackend::Sqlite => {
            texts(format!("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN {bookkeeping}")).await
        }
        _ => {
            texts(format!(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN {bookkeeping}"
            ))
            .await
        }
    };
    for table in tables {
        let columns = match backend {
            DbBackend::Sqlite => texts(format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid")).await,
            _ => {
                texts(format!(
                    "SELECT column_name::text FROM information_schema.columns \
                     WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY ordinal_position"
                ))
                .await
            }
        };
        let row = match backend {
            DbBackend::Sqlite => {
                format!("json_array({})", columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", "))
            }
            _ => format!("row_to_json(\"{table}\")::text"),
        };
        let mut rows = vec![columns.join(",")];
        rows.extend(texts(format!("SELECT {row} FROM \"{table}\" ORDER BY 1")).await);
        dump.insert(table, rows);
    }
    if backend == DbBackend::Postgres {
        let sequences = texts(
            "SELECT sequencename || '=' || COALESCE(last_value::text, 'unused') FROM pg_sequences \
             WHERE schemaname = 'public' ORDER BY 1"
                .into(),
        )
        .await;
        dump.insert("(sequences)".into(), sequences);
    }
    conn.close().await.unwrap();
    dump
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The migrations `migrate status` lists as applied.
async fn applied(db: &TestDatabase) -> usize {
    let status = run(db, &["migrate", "status"]).await;
    text(&status.stdout).lines().filter(|line| line.contains("[applied]")).count()
}

#[tokio::test]
async fn rollback_of_migrations_that_hold_data_refuses_and_changes_nothing() {
    let db = TestDatabase::new().await;
    let _app = shop_with_catalog(&db).await;
    let before = dump(&db.url).await;
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("existing.json");
    std::fs::write(&existing, "keep me").unwrap();
    let existing = existing.to_str().unwrap();
    let never_written = dir.path().join("never.json");

    // The plan's rollback: both feature migrations, with car numbers and a catalog in them.
    let refused = run(&db, &["migrate", "rollback"]).await;
    assert!(!refused.status.success());
    let stderr = text(&refused.stderr);
    for words in [
        "would delete data",
        "nothing was changed",
        "car numbers on 20 order(s)",
        "5 categor",
        "13 catalog part(s)",
        "order item(s)' part references",
        "--export FILE",
        "--discard-data",
        "migrate apply --restore FILE",
    ] {
        assert!(stderr.contains(words), "{words:?} missing from:\n{stderr}");
    }
    assert!(text(&refused.stdout).is_empty(), "{}", text(&refused.stdout));

    // 002 alone refuses as well, naming only its data.
    let refused = run(&db, &["migrate", "rollback", "--steps", "1"]).await;
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("13 catalog part(s)") && !text(&refused.stderr).contains("car numbers"));

    // Reaching the base schema needs its own flag, and its rows cannot go into an export.
    let refused = run(&db, &["migrate", "rollback", "--steps", "99", "--discard-data"]).await;
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("--including-base-schema"), "{}", text(&refused.stderr));
    let never = never_written.to_str().unwrap();
    let args = ["migrate", "rollback", "--including-base-schema", "--export", never];
    let refused = run(&db, &args).await;
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("3 users") && text(&refused.stderr).contains("pg_dump"));
    assert!(!never_written.exists(), "a refused rollback writes no export");

    // An export never overwrites a file.
    let refused = run(&db, &["migrate", "rollback", "--export", existing]).await;
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("already exists"), "{}", text(&refused.stderr));
    assert_eq!(std::fs::read_to_string(existing).unwrap(), "keep me");

    // --export and --discard-data contradict each other.
    let refused = run(&db, &["migrate", "rollback", "--export", never, "--discard-data"]).await;
    assert_eq!(refused.status.code(), Some(2));

    assert_eq!(applied(&db).await, 5);
    assert_eq!(dump(&db.url).await, before, "a refused rollback changed the database");
}

#[tokio::test]
async fn export_then_restore_gives_back_every_table_as_it_was() {
    let db = TestDatabase::new().await;
    let _app = shop_with_catalog(&db).await;
    let before = dump(&db.url).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rollback-export.json");
    let path = file.to_str().unwrap();

    let rollback = run(&db, &["migrate", "rollback", "--export", path]).await;
    assert!(rollback.status.success(), "{}", text(&rollback.stderr));
    let stdout = text(&rollback.stdout);
    assert!(stdout.contains(&format!("Exported what the rollback deletes to {path}")), "{stdout}");
    assert!(stdout.contains("Successfully rolled back 2 migration(s)"), "{stdout}");
    assert_eq!(applied(&db).await, 3);

    // The file holds every value the rollback dropped, by id.
    let export: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(export["car_numbers"].as_object().unwrap().len(), 20);
    assert_eq!(export["categories"].as_array().unwrap().len(), 5);
    assert_eq!(export["parts"].as_array().unwrap().len(), 13);
    assert!(!export["order_catalog"].as_object().unwrap().is_empty());
    assert_eq!(export["order_item_parts"].as_object().unwrap().len(), 1);
    assert_eq!(export["last_ids"]["parts"], 14, "the deleted part's id counts: {}", export["last_ids"]);

    // The base schema's reference into the dropped catalog went with it.
    let rolled_back = dump(&db.url).await;
    let items = &rolled_back["order_items"];
    let part_id = items[0].split(',').position(|c| c == "part_id").unwrap();
    assert!(items.len() > 1, "the demo's orders have items");
    for row in &items[1..] {
        // SQLite rows are arrays, PostgreSQL rows objects.
        let row: Value = serde_json::from_str(row).unwrap();
        let value = if row.is_array() { &row[part_id] } else { &row["part_id"] };
        assert_eq!(*value, Value::Null, "order_items.part_id outlived the catalog: {row}");
    }

    let restore = run(&db, &["migrate", "apply", "--restore", path]).await;
    assert!(restore.status.success(), "{}{}", text(&restore.stdout), text(&restore.stderr));
    assert!(text(&restore.stdout).contains("Restored"), "{}", text(&restore.stdout));
    assert_eq!(applied(&db).await, 5);
    let after = dump(&db.url).await;
    for (table, rows) in &before {
        assert_eq!(after.get(table), Some(rows), "{table} differs after the round trip");
    }
    assert_eq!(after, before);

    // Restoring again changes nothing and succeeds: every value is already in place.
    let again = run(&db, &["migrate", "apply", "--restore", path]).await;
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(dump(&db.url).await, before);
}

#[tokio::test]
async fn a_restore_that_would_overwrite_newer_data_writes_nothing() {
    let db = TestDatabase::new().await;
    let app = shop_with_catalog(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.json");
    let path = file.to_str().unwrap();
    assert!(run(&db, &["migrate", "rollback", "--steps", "1", "--export", path]).await.status.success());
    // Someone re-applies 002 without the file and builds a new catalog.
    assert!(run(&db, &["migrate", "apply"]).await.status.success());
    let admin = app.login("admin", "admin-demo-1").await;
    let category = json!({"slug": "new", "name_he": "חדש", "name_en": "New", "name_ru": "Новый"});
    let (status, body) = app.post_json("/api/admin/categories", &category, &admin).await;
    assert_eq!(status, 201, "{body}");
    let before = dump(&db.url).await;

    let refused = run(&db, &["migrate", "apply", "--restore", path]).await;
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("nothing was restored"), "{}", text(&refused.stderr));
    assert!(text(&refused.stderr).contains("category 1 exists with other values"), "{}", text(&refused.stderr));
    assert_eq!(dump(&db.url).await, before);

    // Not an export at all: refused before the schema is touched.
    let wrong = dir.path().join("wrong.json");
    std::fs::write(&wrong, "{\"hello\": 1}").unwrap();
    let refused = run(&db, &["migrate", "apply", "--restore", wrong.to_str().unwrap()]).await;
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("is not a felix-hub migration export"), "{}", text(&refused.stderr));
}
