//! Live flags: an override set with `felix-hub flags set` reaches a running server (another
//! process) within 2 s through the version counter, keeps the public endpoint's six keys, and is
//! in the change log; a flag whose migration is missing cannot be overridden on; a Telegram flag
//! without a token can, and says why it has no effect; a pilot group gets a flag that is off for
//! everyone else, in its signed-in flags and in its Telegram notifications; the plan's rollback
//! keeps the flags' tables, and refuses to drop what an override turns on.

use std::time::{Duration, Instant};

use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use app::model::{Language, NewUser, Role};
use server::commands::migrate::{self, DataPolicy, Rollback};
use server::entities::notification;

use crate::helpers::{TestApp, TestDatabase, assert_error, spawn_app_on, spawn_app_with};
use crate::process::{Server, admin_token, run};

const SIX: [&str; 6] = [
    "ENABLE_CAR_NUMBER",
    "ENABLE_PART_CATEGORIES",
    "ENABLE_TG_ADMIN_NOTIFS",
    "ENABLE_TG_MECH_NOTIFS",
    "ENABLE_MECH_I18N",
    "ENABLE_UI_REFRESH",
];

async fn public_flags(client: &reqwest::Client, base: &str) -> Value {
    let flags: Value =
        client.get(format!("{base}/api/config/feature-flags")).send().await.unwrap().json().await.unwrap();
    let keys: Vec<&str> = flags.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 6, "{flags}");
    for key in SIX {
        assert!(flags[key].is_boolean(), "{key} in {flags}");
    }
    flags
}

/// Polls the public endpoint until `flag` reads `value`; how long that took after `since`.
async fn seen_within(client: &reqwest::Client, base: &str, flag: &str, value: bool, since: Instant) -> Duration {
    let deadline = since + Duration::from_secs(10);
    loop {
        if public_flags(client, base).await[flag] == value {
            return since.elapsed();
        }
        assert!(Instant::now() < deadline, "{flag} never became {value} on {base}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn text(output: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[tokio::test]
async fn a_flag_set_with_the_cli_reaches_a_running_server_within_2_s_and_is_logged() {
    let db = TestDatabase::new().await;
    let server = Server::start(&db, &[("ENABLE_MECH_I18N", "true")]).await;
    let client = reqwest::Client::new();
    let before = public_flags(&client, &server.base).await;
    assert_eq!(before["ENABLE_UI_REFRESH"], false);
    assert_eq!(before["ENABLE_MECH_I18N"], true);

    // Another process, as an operator would run it.
    let set = run(&db, &["flags", "set", "ENABLE_UI_REFRESH", "on"]).await;
    let done = Instant::now();
    assert!(set.status.success(), "{}", text(&set));
    assert!(text(&set).contains("ENABLE_UI_REFRESH: override on (was -)"), "{}", text(&set));
    let took = seen_within(&client, &server.base, "ENABLE_UI_REFRESH", true, done).await;
    println!("the server saw `flags set ENABLE_UI_REFRESH on` {took:?} after the command ended");
    assert!(took < Duration::from_secs(2), "took {took:?}");

    // An override off wins over the environment's true; clearing it gives the environment back.
    assert!(run(&db, &["flags", "set", "ENABLE_MECH_I18N", "off"]).await.status.success());
    let took = seen_within(&client, &server.base, "ENABLE_MECH_I18N", false, Instant::now()).await;
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert!(run(&db, &["flags", "set", "ENABLE_MECH_I18N", "clear"]).await.status.success());
    seen_within(&client, &server.base, "ENABLE_MECH_I18N", true, Instant::now()).await;
    // Setting the value it already has changes nothing and logs nothing.
    assert!(run(&db, &["flags", "set", "ENABLE_UI_REFRESH", "on"]).await.status.success());

    // The change log has each change once, with the operating system's user and source cli.
    let token = admin_token(&db, &client, &server.base).await;
    let log: Value = client
        .get(format!("{}/api/admin/flags/changes", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entries = log.as_array().unwrap();
    let summary: Vec<String> = entries
        .iter()
        .map(|e| format!("{} {} -> {} {}", e["flag"].as_str().unwrap(), e["old_value"], e["new_value"], e["source"]))
        .collect();
    assert_eq!(
        summary,
        [
            "ENABLE_MECH_I18N \"off\" -> null \"cli\"",
            "ENABLE_MECH_I18N null -> \"off\" \"cli\"",
            "ENABLE_UI_REFRESH null -> \"on\" \"cli\""
        ],
        "{log}"
    );
    assert!(entries.iter().all(|e| e["changed_by"].as_str().is_some_and(|by| !by.is_empty())), "{log}");
    let listed = run(&db, &["flags", "log"]).await;
    assert!(text(&listed).contains("ENABLE_UI_REFRESH: - -> on"), "{}", text(&listed));

    // `flags list`: the table with the default, the override, the value and whether it works.
    let list = run(&db, &["flags", "list"]).await;
    let table = text(&list);
    assert!(list.status.success(), "{table}");
    assert!(table.lines().next().unwrap().starts_with("FLAG"), "{table}");
    let row = table.lines().find(|l| l.starts_with("ENABLE_UI_REFRESH")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(&cells[1..5], ["off", "on", "on", "yes"], "{row}");
}

#[tokio::test]
async fn overriding_on_a_flag_whose_migration_is_missing_is_refused() {
    let db = TestDatabase::new().await;
    let conn = Database::connect(&db.url).await.unwrap();
    migrate::apply_pending(&conn, false).await.unwrap();
    migrate::rollback(&conn, &Rollback::feature_migrations(DataPolicy::Refuse), &mut Vec::new()).await.unwrap();
    conn.close().await.unwrap();

    let refused = run(&db, &["flags", "set", "ENABLE_CAR_NUMBER", "on"]).await;
    assert!(!refused.status.success());
    assert!(text(&refused).contains(migration::CAR_NUMBER_MIGRATION), "{}", text(&refused));
    let refused = run(&db, &["flags", "set", "ENABLE_PART_CATEGORIES", "on"]).await;
    assert!(!refused.status.success());
    assert!(text(&refused).contains(migration::CATALOG_MIGRATION), "{}", text(&refused));

    let app = spawn_app_on(&db.url, |_| {}).await;
    let admin = app.account("dana", "Dana", Role::Admin).await.token;
    let (status, body) = app.put_json("/api/admin/flags/ENABLE_CAR_NUMBER", &json!({"value": "on"}), &admin).await;
    assert_error(status, &body, 409, "conflict");
    assert!(body["error"]["message"].as_str().unwrap().contains(migration::CAR_NUMBER_MIGRATION), "{body}");
    // Off needs nothing, and a typo is a 404 / 422.
    let (status, body) = app.put_json("/api/admin/flags/enable_car_number", &json!({"value": "off"}), &admin).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.put_json("/api/admin/flags/ENABLE_CAR_NUMBERS", &json!({"value": "on"}), &admin).await;
    assert_error(status, &body, 404, "not_found");
    let (status, body) = app.put_json("/api/admin/flags/ENABLE_CAR_NUMBER", &json!({"value": "yes"}), &admin).await;
    assert_error(status, &body, 422, "validation");
    assert_eq!(public_flags(&app.client, &app.address).await["ENABLE_CAR_NUMBER"], false);

    // A Telegram flag without a token can be turned on, and says why it has no effect.
    let (status, body) = app.put_json("/api/admin/flags/ENABLE_TG_ADMIN_NOTIFS", &json!({"value": "on"}), &admin).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["enabled"].as_bool(), body["effective"].as_bool()), (Some(true), Some(false)), "{body}");
    assert_eq!(body["reason"], "no_token", "{body}");
    assert!(body["note"].as_str().unwrap().contains("TELEGRAM_BOT_TOKEN"), "{body}");
    assert_eq!(public_flags(&app.client, &app.address).await["ENABLE_TG_ADMIN_NOTIFS"], true);
    let list = run(&db, &["flags", "list"]).await;
    let row = text(&list).lines().find(|l| l.starts_with("ENABLE_TG_ADMIN_NOTIFS")).unwrap().to_owned();
    assert!(row.contains("no ") && row.contains("TELEGRAM_BOT_TOKEN is not set"), "{row}");

    // Mechanics may not touch the flags.
    let mechanic = app.account("avi", "Avi", Role::Mechanic).await.token;
    let (status, body) = app.put_json("/api/admin/flags/ENABLE_UI_REFRESH", &json!({"value": "on"}), &mechanic).await;
    assert_error(status, &body, 403, "forbidden");
}

/// A mechanic with a linked Telegram chat.
async fn mechanic(app: &TestApp, username: &str, chat: i64) -> String {
    let password = format!("{username}-password-1");
    server::services::users::create(
        &app.state.services,
        None,
        NewUser {
            username: username.into(),
            display_name: username.into(),
            password: password.clone(),
            role: Role::Mechanic,
            telegram_chat_id: Some(chat),
            language: Some(Language::En),
        },
    )
    .await
    .expect("create mechanic");
    app.login(username, &password).await
}

async fn own_flags(app: &TestApp, token: &str) -> Value {
    let (status, flags) = app.get_json("/api/auth/me/feature-flags", token).await;
    assert_eq!(status, 200, "{flags}");
    assert_eq!(flags.as_object().unwrap().len(), 6, "{flags}");
    flags
}

/// The web app's `config` server function, as the browser calls it.
async fn app_config(app: &TestApp, token: Option<&str>) -> Value {
    let mut request = app.client.post(app.url("/api/fn/config")).json(&json!({}));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json::<Value>().await.unwrap()["flags"].clone()
}

#[tokio::test]
async fn a_pilot_mechanic_gets_the_flag_and_the_others_keep_the_global_value() {
    let app = spawn_app_with(|_| {}).await;
    let admin = app.account("dana", "Dana", Role::Admin).await.token;
    let avi = mechanic(&app, "avi", 501).await;
    let misha = mechanic(&app, "misha", 502).await;
    for flag in ["ENABLE_UI_REFRESH", "ENABLE_TG_MECH_NOTIFS", "ENABLE_MECH_I18N"] {
        let (status, body) = app
            .post_json(&format!("/api/admin/flags/{flag}/pilot"), &json!({"username": "avi", "member": true}), &admin)
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["pilot"][0]["username"], "avi", "{body}");
        assert_eq!(body["enabled"], false, "{body}");
    }

    // Signed-in flags: avi's own, misha's and the public ones are everyone's.
    for flag in ["ENABLE_UI_REFRESH", "ENABLE_TG_MECH_NOTIFS", "ENABLE_MECH_I18N"] {
        assert_eq!(own_flags(&app, &avi).await[flag], true, "{flag}");
        assert_eq!(own_flags(&app, &misha).await[flag], false, "{flag}");
        assert_eq!(public_flags(&app.client, &app.address).await[flag], false, "{flag}");
        assert_eq!(app_config(&app, Some(&avi)).await[flag], true, "{flag}");
        assert_eq!(app_config(&app, Some(&misha)).await[flag], false, "{flag}");
        assert_eq!(app_config(&app, None).await[flag], false, "{flag}");
    }
    // Telegram: a status change tells avi, not misha.
    let avi_order = app.new_order_id(&avi, "PILOT00000000001").await;
    let misha_order = app.new_order_id(&misha, "PILOT00000000002").await;
    for id in [avi_order, misha_order] {
        let (status, body) =
            app.patch_json(&format!("/api/admin/orders/{id}/status"), &json!({"status": "in_progress"}), &admin).await;
        assert_eq!(status, 200, "{body}");
    }
    let db = &app.state.services.db.read;
    let told = |chat: i64| async move {
        notification::Entity::find().filter(notification::Column::ChatId.eq(chat)).all(db).await.unwrap().len()
    };
    assert_eq!(told(501).await, 1, "avi is in the pilot group of ENABLE_TG_MECH_NOTIFS");
    assert_eq!(told(502).await, 0, "misha is not");

    // An override off stops the pilot too; taking avi out leaves the global value.
    let (status, _) = app.put_json("/api/admin/flags/ENABLE_UI_REFRESH", &json!({"value": "off"}), &admin).await;
    assert_eq!(status, 200);
    assert_eq!(own_flags(&app, &avi).await["ENABLE_UI_REFRESH"], false);
    let (status, body) = app
        .post_json("/api/admin/flags/ENABLE_MECH_I18N/pilot", &json!({"username": "avi", "member": false}), &admin)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["pilot"], json!([]), "{body}");
    assert_eq!(own_flags(&app, &avi).await["ENABLE_MECH_I18N"], false);

    // Only the three mechanic-facing flags have a pilot group, and only mechanics join one.
    let (status, body) = app
        .post_json("/api/admin/flags/ENABLE_CAR_NUMBER/pilot", &json!({"username": "avi", "member": true}), &admin)
        .await;
    assert_error(status, &body, 422, "validation");
    let (status, body) = app
        .post_json("/api/admin/flags/ENABLE_UI_REFRESH/pilot", &json!({"username": "dana", "member": true}), &admin)
        .await;
    assert_error(status, &body, 422, "validation");
    let (status, body) = app
        .post_json("/api/admin/flags/ENABLE_UI_REFRESH/pilot", &json!({"username": "nobody", "member": true}), &admin)
        .await;
    assert_error(status, &body, 404, "not_found");

    // The CLI sets the group too, logged with source cli.
    let added =
        crate::process::run_on(&app.database_url, &["flags", "pilot", "ENABLE_MECH_I18N", "add", "misha"]).await;
    assert!(added.status.success(), "{}", text(&added));
    // This server learns of it at its next poll of the version counter.
    let deadline = Instant::now() + Duration::from_secs(5);
    while own_flags(&app, &misha).await["ENABLE_MECH_I18N"] != true {
        assert!(Instant::now() < deadline, "the server never saw the CLI's pilot change");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (status, log) = app.get_json("/api/admin/flags/changes", &admin).await;
    assert_eq!(status, 200);
    assert_eq!(log[0]["mechanic"], "misha", "{log}");
    assert_eq!(log[0]["source"], "cli", "{log}");
    assert_eq!(log[1]["changed_by"], "dana", "{log}");
    assert_eq!(log[1]["source"], "web", "{log}");

    // The System page's answer shows each flag's default, override and group.
    let (status, system) = app.get_json("/api/admin/system", &admin).await;
    assert_eq!(status, 200);
    let refresh = system["flags"].as_array().unwrap().iter().find(|f| f["name"] == "ENABLE_UI_REFRESH").unwrap();
    assert_eq!((refresh["default"].as_bool(), refresh["override"].as_bool()), (Some(false), Some(false)), "{refresh}");
    assert_eq!(refresh["pilot"][0]["username"], "avi", "{refresh}");
}

#[tokio::test]
async fn the_plans_rollback_keeps_the_overrides_and_refuses_to_drop_what_one_turns_on() {
    let app = spawn_app_with(|config| {
        config.flags.enable_car_number = Some(true);
        config.flags.enable_part_categories = Some(true);
    })
    .await;
    let admin = app.account("dana", "Dana", Role::Admin).await.token;
    let (status, _) = app.put_json("/api/admin/flags/ENABLE_CAR_NUMBER", &json!({"value": "on"}), &admin).await;
    assert_eq!(status, 200);
    let (status, _) = app.put_json("/api/admin/flags/ENABLE_UI_REFRESH", &json!({"value": "on"}), &admin).await;
    assert_eq!(status, 200);
    let db = Database::connect(&app.database_url).await.unwrap();

    // An override turns ENABLE_CAR_NUMBER on: the rollback of 001 refuses, changing nothing.
    let error = migrate::rollback(&db, &Rollback::feature_migrations(DataPolicy::Discard), &mut Vec::new())
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("ENABLE_CAR_NUMBER") && error.contains("flags set ENABLE_CAR_NUMBER off"), "{error}");
    let status = crate::process::run_on(&app.database_url, &["migrate", "status"]).await;
    assert!(String::from_utf8_lossy(&status.stdout).contains("5 applied, 0 pending"));

    // Turned off (an override off, as an emergency would), the plan's rollback undoes 002 and 001
    // and keeps the flags' tables with their overrides and log.
    let (status, _) = app.put_json("/api/admin/flags/ENABLE_CAR_NUMBER", &json!({"value": "off"}), &admin).await;
    assert_eq!(status, 200);
    let (status, _) = app.put_json("/api/admin/flags/ENABLE_PART_CATEGORIES", &json!({"value": "off"}), &admin).await;
    assert_eq!(status, 200);
    let steps = migrate::rollback(&db, &Rollback::feature_migrations(DataPolicy::Discard), &mut Vec::new()).await;
    assert_eq!(steps.unwrap(), 2);
    let (status, log) = app.get_json("/api/admin/flags/changes", &admin).await;
    assert_eq!(status, 200);
    assert_eq!(log.as_array().unwrap().len(), 4, "{log}");
    assert_eq!(public_flags(&app.client, &app.address).await["ENABLE_UI_REFRESH"], true);

    // Rolling the flags' tables back too (two steps: the order list's indexes and counts come
    // after them) holds data: refused without --export or --discard-data,
    // and an export put back by `migrate apply --restore` restores overrides and log.
    let refused = crate::process::run_on(&app.database_url, &["migrate", "rollback", "--steps", "2"]).await;
    assert!(!refused.status.success());
    let message = text(&refused);
    assert!(message.contains("3 flag override(s)") && message.contains("4 flag change log entr(y/ies)"), "{message}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flags.json");
    let file = file.to_str().unwrap();
    let exported =
        crate::process::run_on(&app.database_url, &["migrate", "rollback", "--steps", "2", "--export", file]).await;
    assert!(exported.status.success(), "{}", text(&exported));
    // Without the tables every server falls back to the environment's values.
    let deadline = Instant::now() + Duration::from_secs(10);
    while public_flags(&app.client, &app.address).await["ENABLE_UI_REFRESH"] == true {
        assert!(Instant::now() < deadline, "the server kept the dropped override");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let restored = crate::process::run_on(&app.database_url, &["migrate", "apply", "--restore", file]).await;
    assert!(restored.status.success(), "{}", text(&restored));
    let (status, log) = app.get_json("/api/admin/flags/changes", &admin).await;
    assert_eq!(status, 200);
    assert_eq!(log.as_array().unwrap().len(), 4, "{log}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while public_flags(&app.client, &app.address).await["ENABLE_UI_REFRESH"] == false {
        assert!(Instant::now() < deadline, "the restored override never came back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
