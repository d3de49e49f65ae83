//! The status lifecycle: every legal and every illegal move, through the mechanic's route and the
//! admin's, each recorded with who made it.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_error, plan_step_2_1_body, spawn_app, spawn_app_with};

const STATUSES: [&str; 5] = ["new", "in_progress", "ready", "completed", "cancelled"];

/// The contract, written out rather than read from the code under test: forward only (skipping
/// ahead is allowed), cancelled from any open state, nothing out of completed or cancelled.
fn allowed_next(from: &str) -> &'static [&'static str] {
    match from {
        "new" => &["in_progress", "ready", "completed", "cancelled"],
        "in_progress" => &["ready", "completed", "cancelled"],
        "ready" => &["completed", "cancelled"],
        "completed" | "cancelled" => &[],
        other => panic!("unknown status {other}"),
    }
}

/// An order of `owner` already in status `at`, reached by one legal move.
async fn order_in(app: &TestApp, owner: &str, admin: &str, at: &str, vin: &str) -> i64 {
    let id = app.new_order_id(owner, vin).await;
    if at != "new" {
        let (status, body) =
            app.patch_json(&format!("/api/admin/orders/{id}/status"), &json!({"status": at}), admin).await;
        assert_eq!(status, 200, "set up #{id} in {at}: {body}");
    }
    id
}

async fn every_pair_through(route: &str) {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let token = if route == "mechanic" { &staff.avi.token } else { &staff.admin.token };
    let mut n = 0;
    for from in STATUSES {
        for to in STATUSES {
            n += 1;
            let id = order_in(&app, &staff.avi.token, &staff.admin.token, from, &format!("PAIR{n}")).await;
            let (status, body) =
                app.patch_json(&format!("/api/{route}/orders/{id}/status"), &json!({"status": to}), token).await;
            let legal = allowed_next(from).contains(&to);
            if legal {
                assert_eq!(status, 200, "{route}: {from} -> {to} must be allowed: {body}");
                assert_eq!(body["status"], to, "{body}");
                assert_eq!(body["id"], id);
            } else {
                assert_error(status, &body, 409, "conflict");
                let allowed = allowed_next(from);
                let named = if allowed.is_empty() { "none, it is closed".to_owned() } else { allowed.join(", ") };
                let message = body["error"]["message"].as_str().unwrap();
                assert!(
                    message.ends_with(&format!("Allowed next statuses: {named}.")),
                    "{route}: {from} -> {to} must name the allowed statuses: {message}"
                );
                assert!(message.contains(&format!("is {from} and cannot move to {to}")), "{message}");
            }
            // Either way the order now says what it is, and offers what may follow.
            let details = app.details(id, &staff.admin.token).await;
            let now = if legal { to } else { from };
            assert_eq!(details["order"]["status"], now);
            assert_eq!(details["allowed_statuses"], json!(allowed_next(now)), "#{id} in {now}");
        }
    }
}

#[tokio::test]
async fn every_status_pair_through_the_mechanic_route_is_allowed_or_409_exactly_as_the_lifecycle_says() {
    every_pair_through("mechanic").await;
}

#[tokio::test]
async fn every_status_pair_through_the_admin_route_is_allowed_or_409_exactly_as_the_lifecycle_says() {
    every_pair_through("admin").await;
}

#[tokio::test]
async fn plan_step_4_3_patch_ready_on_a_fresh_order_with_the_mechanic_token_is_200() {
    let app = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let staff = app.staff().await;
    let id = app.create_order(&staff.avi.token, &plan_step_2_1_body()).await["id"].as_i64().unwrap();

    // The plan's exact request: PATCH with {"status": "ready"} and a mechanic's bearer token.
    let response = app
        .client
        .patch(app.url(&format!("/api/mechanic/orders/{id}/status")))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", staff.avi.token))
        .body(r#"{"status": "ready"}"#)
        .send()
        .await
        .unwrap();
    let (status, body) = crate::helpers::json(response).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "ready");
    assert_eq!(body["car_number"], "12-345-67");
}

#[tokio::test]
async fn every_status_change_is_recorded_with_its_actor_in_order() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let id = app.new_order_id(&staff.avi.token, "EVENTS1").await;
    app.move_order(id, "in_progress", &staff.avi.token).await;
    let (status, _) = app
        .patch_json(
            &format!("/api/admin/orders/{id}/status"),
            &json!({"status": "ready", "note": "part on the shelf"}),
            &staff.admin.token,
        )
        .await;
    assert_eq!(status, 200);
    app.move_order(id, "completed", &staff.avi.token).await;

    let details = app.details(id, &staff.avi.token).await;
    let events: Vec<(Value, Value, Value, Value, Value)> = details["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].clone(),
                e["from_status"].clone(),
                e["to_status"].clone(),
                e["actor_id"].clone(),
                e["actor_name"].clone(),
            )
        })
        .collect();
    let avi = (json!(staff.avi.id), json!("Avi Cohen"));
    let dana = (json!(staff.admin.id), json!("Dana Levi"));
    assert_eq!(
        events,
        vec![
            (json!("created"), Value::Null, json!("new"), avi.0.clone(), avi.1.clone()),
            (json!("status"), json!("new"), json!("in_progress"), avi.0.clone(), avi.1.clone()),
            (json!("status"), json!("in_progress"), json!("ready"), dana.0.clone(), dana.1.clone()),
            (json!("status"), json!("ready"), json!("completed"), avi.0, avi.1),
        ]
    );
    assert_eq!(details["events"][2]["note"], "part on the shelf");
    let mut previous = String::new();
    for event in details["events"].as_array().unwrap() {
        let at = event["created_at"].as_str().unwrap().to_owned();
        chrono::DateTime::parse_from_rfc3339(&at).unwrap();
        assert!(at >= previous, "events in time order");
        previous = at;
    }

    // A refused move leaves no trace.
    let (status, _) =
        app.patch_json(&format!("/api/mechanic/orders/{id}/status"), &json!({"status": "new"}), &staff.avi.token).await;
    assert_eq!(status, 409);
    assert_eq!(app.details(id, &staff.avi.token).await["events"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn a_mechanic_on_the_admin_status_route_is_403_and_the_order_is_unchanged() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let id = app.new_order_id(&staff.avi.token, "ADMINONLY1").await;
    let (status, body) =
        app.patch_json(&format!("/api/admin/orders/{id}/status"), &json!({"status": "ready"}), &staff.avi.token).await;
    assert_error(status, &body, 403, "forbidden");
    assert_eq!(app.details(id, &staff.avi.token).await["order"]["status"], "new");
}

#[tokio::test]
async fn an_unknown_status_value_is_422_naming_the_field() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let id = app.new_order_id(&staff.avi.token, "UNKNOWN1").await;
    for body in [json!({"status": "done"}), json!({"status": "READY"}), json!({"status": 3}), json!({})] {
        let (status, error) =
            app.patch_json(&format!("/api/mechanic/orders/{id}/status"), &body, &staff.avi.token).await;
        assert_error(status, &error, 422, "validation");
        assert_eq!(error["error"]["field"], "status", "{body}: {error}");
    }
}

#[tokio::test]
async fn a_status_change_on_a_missing_order_is_404() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    for route in ["mechanic", "admin"] {
        let (status, body) = app
            .patch_json(&format!("/api/{route}/orders/424242/status"), &json!({"status": "ready"}), &staff.admin.token)
            .await;
        assert_error(status, &body, 404, "not_found");
    }
}
