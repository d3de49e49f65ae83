//! The rollout plan's emergency rollback, as written: flags off, then `migrate rollback` under a
//! running server. The server keeps working on the base schema, a restart does not quietly
//! apply the rolled-back migrations again, and a flag that needs one refuses to start.

use reqwest::Method;
use serde_json::json;

use server::commands::migrate::{self, DataPolicy, Rollback};
use server::startup::{Application, StartOptions};

use crate::helpers::{
    TestDatabase, plan_step_2_1_body, plan_step_4_2_body, spawn_app_on, spawn_app_with_features, test_config,
};

async fn connect(url: &str) -> sea_orm::DatabaseConnection {
    sea_orm::Database::connect(url).await.expect("connect")
}

#[tokio::test]
async fn after_the_plans_rollback_a_server_with_the_flags_off_keeps_working() {
    // Before: both feature flags on, an order with a car number and a catalog part.
    let on = spawn_app_with_features().await;
    let staff = on.staff().await;
    let old = on.create_order(&staff.avi.token, &plan_step_2_1_body()).await;
    let old_id = old["id"].as_i64().unwrap();

    // Step 1: the flags go off (Render restarts the service). Step 2: `migrate rollback`.
    let off = spawn_app_on(&on.database_url, |_| {}).await;
    let db = connect(&on.database_url).await;
    let mut out = Vec::new();
    let plan = Rollback::feature_migrations(DataPolicy::Discard);
    assert_eq!(migrate::rollback(&db, &plan, &mut out).await.unwrap(), 2, "{}", String::from_utf8_lossy(&out));

    // Step 4: everything a mechanic and an admin do still works, on the base schema.
    let avi = &staff.avi.token;
    let admin = &staff.admin.token;
    assert_eq!(off.get("/health").await.status(), 200);
    let (status, page) = off.get_json("/api/orders", avi).await;
    assert_eq!(status, 200, "{page}");
    assert!(page["orders"].as_array().unwrap().iter().any(|o| o["id"] == old_id), "{page}");
    let (status, details) = off.get_json(&format!("/api/orders/{old_id}"), avi).await;
    assert_eq!(status, 200, "{details}");
    let created = off.create_order(avi, &plan_step_4_2_body()).await;
    let id = created["id"].as_i64().unwrap();
    assert!(created.get("car_number").is_none(), "{created}");
    off.move_order(id, "in_progress", avi).await;
    let steps: [(Method, String, Option<serde_json::Value>, &str); 12] = [
        (Method::POST, format!("/api/orders/{id}/comments"), Some(json!({"body": "after the rollback"})), avi),
        (Method::POST, format!("/api/orders/{id}/timer/start"), None, avi),
        (Method::POST, format!("/api/orders/{id}/timer/stop"), None, avi),
        (
            Method::POST,
            format!("/api/orders/{id}/time-entries"),
            Some(json!({"started_at": "2026-01-05T08:00:00Z", "ended_at": "2026-01-05T09:00:00Z"})),
            avi,
        ),
        (
            Method::POST,
            format!("/api/orders/{id}/items"),
            Some(json!({"kind": "custom_part", "name": "Clip", "unit_price_agorot": 500, "quantity": 2})),
            avi,
        ),
        (Method::GET, "/api/time/history?period=month".into(), None, avi),
        (Method::GET, "/api/dashboard".into(), None, avi),
        (
            Method::PATCH,
            format!("/api/admin/orders/{id}/assign"),
            Some(json!({"mechanic_id": staff.misha.id, "note": "Misha has the lift"})),
            admin,
        ),
        (Method::PATCH, format!("/api/admin/orders/{old_id}/status"), Some(json!({"status": "cancelled"})), admin),
        (Method::GET, "/api/admin/orders/export.csv".into(), None, admin),
        (Method::GET, "/api/admin/users".into(), None, admin),
        (Method::GET, "/api/admin/system".into(), None, admin),
    ];
    for (method, path, body, token) in steps {
        let status = off.status_of(method.clone(), &path, body.as_ref(), token).await;
        assert!((200..300).contains(&status), "{method} {path} answered {status} after the rollback");
    }
    let (status, details) = off.get_json(&format!("/api/orders/{id}"), admin).await;
    assert_eq!(status, 200, "{details}");
    assert_eq!(details["items"].as_array().unwrap().len(), 1, "{details}");
    assert_eq!(details["order"]["mechanic_id"], staff.misha.id, "{details}");

    // A restart leaves the rolled-back migrations alone...
    let _restarted = spawn_app_on(&on.database_url, |_| {}).await;
    let mut status = Vec::new();
    migrate::status(&db, &mut status).await.unwrap();
    let status = String::from_utf8(status).unwrap();
    assert!(status.contains("2 pending"), "{status}");
    assert!(status.contains("rolled back"), "{status}");

    // ...and a server with a flag that needs one of them refuses to start, saying what to do.
    let mut config = test_config(&on.database_url);
    config.flags.enable_car_number = Some(true);
    let error = Application::build(config, StartOptions::default()).await.err().expect("refused").to_string();
    assert!(error.contains("ENABLE_CAR_NUMBER=true needs migration"), "{error}");
    assert!(error.contains("felix-hub migrate apply"), "{error}");

    // `migrate apply` brings them back, and the flags work again.
    assert_eq!(migrate::apply_pending(&db, false).await.unwrap(), 2);
    let again = spawn_app_on(&on.database_url, |config| {
        config.flags.enable_car_number = Some(true);
        config.flags.enable_part_categories = Some(true);
    })
    .await;
    let token = again.login("avi", &staff.avi.password).await;
    let created = again.create_order(&token, &plan_step_2_1_body()).await;
    assert_eq!(created["car_number"], "12-345-67", "{created}");
}

#[tokio::test]
async fn serve_without_migrating_refuses_only_what_it_cannot_run_on() {
    let db = TestDatabase::new().await;
    let no_migrate = StartOptions { migrate: false };
    // An empty database: the base schema is pending, so it refuses.
    let error = Application::build(test_config(&db.url), no_migrate).await.err().expect("refused").to_string();
    assert!(error.contains("pending migrations"), "{error}");
    // Migrated, then the feature migrations rolled back: flags off is fine, a flag on is not.
    let conn = connect(&db.url).await;
    migrate::apply_pending(&conn, false).await.unwrap();
    migrate::rollback(&conn, &Rollback::feature_migrations(DataPolicy::Refuse), &mut Vec::new()).await.unwrap();
    Application::build(test_config(&db.url), no_migrate).await.expect("the base schema is enough with flags off");
    let mut config = test_config(&db.url);
    config.flags.enable_part_categories = Some(true);
    let error = Application::build(config, no_migrate).await.err().expect("refused").to_string();
    assert!(error.contains("ENABLE_PART_CATEGORIES=true needs migration"), "{error}");
}
