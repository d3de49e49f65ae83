//! `felix-hub import-legacy` keeps the target safe and the mechanics' passwords working: a dry run
//! writes nothing, a second import refuses, `--into-non-empty` renumbers nothing, an old password
//! signs in once and becomes Argon2id, and older shapes of the old database import too.

use serde_json::json;

use app::model::Role;

use crate::helpers::{TestDatabase, order_body, spawn_app_on};
use crate::import_legacy::{
    DATA, EARLY, EXPECTED, SCHEMA, app_and_admin, column, counts, import, legacy_sqlite, load, stderr, stdout,
};

/// Rows in every table an import writes, in one line, to compare before and after.
async fn row_counts(url: &str) -> Vec<Option<String>> {
    let tables = ["users", "orders", "comments", "time_entries", "order_items", "order_events", "categories", "parts"];
    let sql = tables.map(|t| format!("SELECT CAST(COUNT(*) AS TEXT) AS v FROM {t}")).join(" UNION ALL ");
    column(url, &sql).await
}

#[tokio::test]
async fn a_dry_run_reads_and_reports_everything_and_writes_nothing() {
    let legacy = legacy_sqlite(&[SCHEMA, DATA]).await;

    // Into a database that does not exist yet: it stays that way.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("felix-hub.db");
    let output = import(&format!("sqlite://{}?mode=rwc", path.display()), &legacy.url, &["--dry-run"]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}\n{}", stderr(&output));
    assert!(out.contains("would import") && out.contains("Dry run: nothing was written."), "{out}");
    for (table, expected) in EXPECTED {
        assert_eq!(counts(&out, table), expected, "{table}\n{out}");
    }
    assert!(out.contains("skipped  orders 105: unknown status"), "{out}");
    assert!(out.contains("mechanics 2 → misha@felix.garage (Миша Иванов, ru, active)"), "{out}");
    assert!(!path.exists(), "a dry run created the target database");

    // Into a Felix Hub database with its schema and a user: not a row changes.
    let db = TestDatabase::new().await;
    let app = spawn_app_on(&db.url, |_| {}).await;
    app.create_user("dana", "Dana Levi", Role::Admin).await;
    let before = row_counts(&db.url).await;
    let output = import(&db.url, &legacy.url, &["--dry-run"]);
    assert!(output.status.success(), "{}\n{}", stdout(&output), stderr(&output));
    assert_eq!(counts(&stdout(&output), "orders"), (8, 7, 1));
    assert_eq!(row_counts(&db.url).await, before);
}

#[tokio::test]
async fn a_second_import_refuses_and_into_non_empty_stops_at_the_first_taken_id() {
    let legacy = legacy_sqlite(&[SCHEMA, DATA]).await;
    let db = TestDatabase::new().await;
    assert!(import(&db.url, &legacy.url, &[]).status.success());
    let after_first = row_counts(&db.url).await;

    let again = import(&db.url, &legacy.url, &[]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already holds 7 order(s)"), "{}", stderr(&again));
    let forced = import(&db.url, &legacy.url, &["--into-non-empty"]);
    assert!(!forced.status.success());
    let error = stderr(&forced);
    assert!(
        error.contains("order ids 101, 102, 103, 104, 106, 107, 108 (7 in all)") && error.contains("category ids 1, 2"),
        "{error}"
    );
    assert!(!error.contains("already holds"), "--into-non-empty lifts that refusal: {error}");
    assert_eq!(row_counts(&db.url).await, after_first, "a refused import writes nothing");
}

#[tokio::test]
async fn into_non_empty_adds_to_a_running_shop_and_merges_an_existing_account() {
    let legacy = legacy_sqlite(&[SCHEMA, DATA]).await;
    let db = TestDatabase::new().await;
    let app = spawn_app_on(&db.url, |_| {}).await;
    let admin = app.account("dana", "Dana Levi", Role::Admin).await;
    let (misha, _) = app.create_user("misha@felix.garage", "Misha I.", Role::Mechanic).await;
    let first = app.new_order_id(&admin.token, "ALREADY1").await;
    assert_eq!(first, 1);

    let refused = import(&db.url, &legacy.url, &[]);
    assert!(!refused.status.success() && stderr(&refused).contains("already holds 1 order(s)"), "{}", stderr(&refused));
    let output = import(&db.url, &legacy.url, &["--into-non-empty"]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}\n{}", stderr(&output));
    assert!(out.contains(&format!("misha@felix.garage already has a Felix Hub account (user {misha})")), "{out}");
    assert_eq!(counts(&out, "mechanics"), (4, 4, 0));

    let o102 = app.details(102, &admin.token).await;
    assert_eq!(o102["order"]["mechanic_id"], misha, "the old mechanic's orders go to the existing account");
    let (_, page) = app.get_json("/api/orders?per_page=100", &admin.token).await;
    assert_eq!(page["total"], 8);
    let next = app.create_order(&admin.token, &order_body("AFTERIMPORT1")).await;
    assert_eq!(next["id"], 109, "the id sequence moved past the kept ids");
}

#[tokio::test]
async fn mechanics_sign_in_with_their_old_passwords_which_then_become_argon2id() {
    let legacy = legacy_sqlite(&[SCHEMA, DATA]).await;
    let db = TestDatabase::new().await;
    assert!(import(&db.url, &legacy.url, &[]).status.success());
    let (app, _) = app_and_admin(&db.url).await;
    let hash = |username: &str| {
        let sql = format!("SELECT password_hash AS v FROM users WHERE username = '{username}'");
        let url = db.url.clone();
        async move { column(&url, &sql).await.remove(0).unwrap() }
    };

    for (username, password, werkzeug) in [
        ("avi.cohen@felix.garage", "avi-old-pass-1", "scrypt:32768:8:1$"),
        ("misha@felix.garage", "misha-old-pass-1", "pbkdf2:sha256:600000$"),
    ] {
        assert!(hash(username).await.starts_with(werkzeug));
        let (status, _) =
            app.post_public("/api/auth/login", &json!({"username": username, "password": "wrong-password"})).await;
        assert_eq!(status, 401, "{username}");
        assert!(hash(username).await.starts_with(werkzeug), "a wrong password changes nothing");
        // The email as they typed it in FelixPartsBot, in any case.
        app.login(&username.to_uppercase(), password).await;
        assert!(hash(username).await.starts_with("$argon2id$"), "{username}");
        app.login(username, password).await;
        let (status, _) =
            app.post_public("/api/auth/login", &json!({"username": username, "password": "wrong-password"})).await;
        assert_eq!(status, 401);
    }
    // The inactive mechanic's password is right, and the account stays closed.
    let (status, _) = app
        .post_public("/api/auth/login", &json!({"username": "yossi@felix.garage", "password": "yossi-old-pass-1"}))
        .await;
    assert_eq!(status, 403);
    // A hash method Felix Hub cannot check signs nobody in; an admin sets a new password.
    let (status, _) = app
        .post_public("/api/auth/login", &json!({"username": "sasha@felix.garage", "password": "sasha-old-pass-1"}))
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn an_early_felixpartsbot_database_imports_too() {
    let legacy = legacy_sqlite(&[EARLY]).await;
    let db = TestDatabase::new().await;
    let output = import(&db.url, &legacy.url, &[]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}\n{}", stderr(&output));
    for (table, expected) in [
        ("mechanics", (1, 1, 0)),
        ("categories", (0, 0, 0)),
        ("orders", (2, 2, 0)),
        ("custom_work_items", (1, 1, 0)),
        ("custom_part_items", (1, 1, 0)),
        ("work_order_assignments", (1, 1, 0)),
    ] {
        assert_eq!(counts(&out, table), expected, "{table}\n{out}");
    }
    let (app, admin) = app_and_admin(&db.url).await;
    let dima = app.login("dima@felix.garage", "early-pass-1").await;
    let (_, page) = app.get_json("/api/orders", &dima).await;
    assert_eq!(page["total"], 2, "both orders are Dima's: one assigned, one by name");
    let o1 = app.details(1, &admin).await;
    assert_eq!(
        (o1["order"]["status"].as_str(), o1["order"]["car_number"].as_str(), o1["order"]["updated_at"].as_str()),
        (Some("completed"), None, Some("2024-06-01T09:00:00Z"))
    );
    let o2 = app.details(2, &admin).await;
    assert_eq!(o2["order"]["status"], "in_progress", "новый, but work status в работе");
    assert_eq!(o2["time_entries"][0]["seconds"], 25 * 60);
    // The first mechanic models named the items' author added_by_mechanic_id.
    let (_, me) = app.get_json("/api/auth/me", &dima).await;
    let authors = column(&db.url, "SELECT CAST(created_by AS TEXT) AS v FROM order_items WHERE order_id = 2").await;
    assert_eq!(authors, [Some(me["id"].to_string()), Some(me["id"].to_string())]);
    assert_eq!(o2["totals"]["work_agorot"], 8050);
    assert_eq!(o2["totals"]["parts_agorot"], 1450);
}

#[tokio::test]
async fn the_old_database_on_postgresql_or_sqlite_imports_the_same() {
    // The source is on the test database server: PostgreSQL when TEST_DATABASE_URL names one.
    let source = TestDatabase::new().await;
    load(&source.url, &[SCHEMA, DATA]).await;
    let from_server = TestDatabase::new().await;
    let output = import(&from_server.url, &source.url, &[]);
    let out = stdout(&output);
    assert!(output.status.success(), "{out}\n{}", stderr(&output));
    for (table, expected) in EXPECTED {
        assert_eq!(counts(&out, table), expected, "{table}\n{out}");
    }
    let legacy = legacy_sqlite(&[SCHEMA, DATA]).await;
    let from_sqlite = TestDatabase::new().await;
    assert!(import(&from_sqlite.url, &legacy.url, &[]).status.success());
    let snapshot = |url: String| async move {
        let orders = "SELECT id || '|' || COALESCE(CAST(mechanic_id AS TEXT), '-') || '|' || vin || '|' || part_type || '|' || \
                      status || '|' || quantity || '|' || COALESCE(photo_file_id, '-') || '|' || COALESCE(car_number, '-') AS v \
                      FROM orders ORDER BY id";
        let items = "SELECT order_id || '|' || kind || '|' || name || '|' || unit_price_agorot || '|' || quantity AS v \
                     FROM order_items ORDER BY id";
        let time = "SELECT order_id || '|' || COALESCE(CAST(seconds AS TEXT), 'running') || '|' || source AS v FROM time_entries ORDER BY id";
        (column(&url, orders).await, column(&url, items).await, column(&url, time).await)
    };
    assert_eq!(snapshot(from_server.url.clone()).await, snapshot(from_sqlite.url.clone()).await);
}
