//! Creating orders: the rollout plan's curl bodies, who an order belongs to, and ENABLE_CAR_NUMBER
//! on and off.

use reqwest::Method;
use sea_orm::{Database, EntityTrait};
use serde_json::{Value, json};

use crate::helpers::{
    assert_error, json, order_body, plan_step_2_1_body, plan_step_4_2_body, spawn_app, spawn_app_on, spawn_app_with,
    spawn_app_with_features,
};

/// The fields every order answer carries, whatever the flags.
fn assert_new_order_shape(order: &Value) {
    assert!(order["id"].as_i64().is_some_and(|id| id > 0), "{order}");
    assert_eq!(order["status"], "new", "{order}");
    for timestamp in ["created_at", "updated_at"] {
        let text = order[timestamp].as_str().unwrap_or_else(|| panic!("{timestamp} missing: {order}"));
        chrono::DateTime::parse_from_rfc3339(text).unwrap_or_else(|_| panic!("{timestamp} is not RFC 3339: {text}"));
    }
}

#[tokio::test]
async fn plan_step_2_1_body_with_a_mechanic_token_is_201_with_car_number() {
    let app = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let staff = app.staff().await;

    let (status, order) = app.post_json("/api/orders", &plan_step_2_1_body(), &staff.avi.token).await;

    assert_eq!(status, 201, "{order}");
    assert_new_order_shape(&order);
    assert_eq!(order["car_number"], "12-345-67");
    assert_eq!(order["vin"], "TEST123456789");
    assert_eq!(order["part_type"], "brake_pads");
    assert_eq!(order["category"], "brakes");
    assert_eq!(order["original_or_analog"], "original");
    assert_eq!(order["quantity"], 1);
    // A mechanic's order is theirs, whatever mechanic_name says.
    assert_eq!(order["mechanic_id"], staff.avi.id);
    assert_eq!(order["mechanic_name"], "Avi Cohen");
}

#[tokio::test]
async fn plan_step_4_2_body_with_a_mechanic_token_is_201_with_car_number() {
    let app = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let staff = app.staff().await;

    let (status, order) = app.post_json("/api/orders", &plan_step_4_2_body(), &staff.misha.token).await;

    assert_eq!(status, 201, "{order}");
    assert_new_order_shape(&order);
    assert_eq!(order["car_number"], "99-999-99");
    assert_eq!(order["vin"], "TESTADMIN123456");
    assert_eq!(order["part_type"], "test_part");
    assert_eq!(order["category"], "test");
    assert_eq!(order["mechanic_id"], staff.misha.id);
}

#[tokio::test]
async fn plan_bodies_with_an_admin_token_are_201_for_the_named_mechanic_or_unassigned() {
    let app = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let staff = app.staff().await;

    // Nobody is called "Test Mechanic": the order waits for assignment under that name.
    let (status, order) = app.post_json("/api/orders", &plan_step_2_1_body(), &staff.admin.token).await;
    assert_eq!(status, 201, "{order}");
    assert_new_order_shape(&order);
    assert_eq!(order["car_number"], "12-345-67");
    assert_eq!(order["mechanic_id"], Value::Null);
    assert_eq!(order["mechanic_name"], "Test Mechanic");

    let (status, order) = app.post_json("/api/orders", &plan_step_4_2_body(), &staff.admin.token).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["car_number"], "99-999-99");
    assert_eq!(order["vin"], "TESTADMIN123456");

    // A name that matches a mechanic (display name, any case) gives the order to them.
    let mut body = plan_step_2_1_body();
    body["mechanic_name"] = json!("misha ivanov");
    let order = app.create_order(&staff.admin.token, &body).await;
    assert_eq!(order["mechanic_id"], staff.misha.id);
    assert_eq!(order["mechanic_name"], "Misha Ivanov");

    // mechanic_id wins over mechanic_name.
    body["mechanic_id"] = json!(staff.avi.id);
    let order = app.create_order(&staff.admin.token, &body).await;
    assert_eq!(order["mechanic_id"], staff.avi.id);

    // But only an active mechanic can own an order.
    body["mechanic_id"] = json!(staff.admin.id);
    let (status, error) = app.post_json("/api/orders", &body, &staff.admin.token).await;
    assert_error(status, &error, 422, "validation");
    assert_eq!(error["error"]["field"], "mechanic_id");
}

#[tokio::test]
async fn create_order_without_token_is_401() {
    let app = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let (status, body) = json(app.send(Method::POST, "/api/orders", Some(&plan_step_2_1_body()), None).await).await;
    assert_error(status, &body, 401, "unauthorized");

    let (status, body) = json(
        app.client
            .post(app.url("/api/orders"))
            .header("authorization", "Bearer not-a-real-token")
            .json(&plan_step_2_1_body())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(status, &body, 401, "unauthorized");
}

#[tokio::test]
async fn the_vin_is_upper_cased_and_the_first_comment_kept() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let order = app
        .create_order(
            &staff.avi.token,
            &json!({"vin": " wvw zzz1kz aw000101 ", "part_type": "mirror", "category": "body",
                    "original_or_analog": "analog", "quantity": 3, "comment": "  urgent  "}),
        )
        .await;
    assert_eq!(order["vin"], "WVWZZZ1KZAW000101");
    assert_eq!(order["quantity"], 3);
    assert_eq!(order["original_or_analog"], "analog");
    assert_eq!(order["comment_count"], 1);
    let details = app.details(order["id"].as_i64().unwrap(), &staff.avi.token).await;
    assert_eq!(details["comments"][0]["body"], "urgent");
    assert_eq!(details["comments"][0]["author_name"], "Avi Cohen");
}

#[tokio::test]
async fn with_car_number_off_it_is_neither_stored_nor_returned() {
    let app = spawn_app().await;
    let staff = app.staff().await;

    let (status, order) = app.post_json("/api/orders", &plan_step_2_1_body(), &staff.avi.token).await;

    assert_eq!(status, 201, "{order}");
    assert_new_order_shape(&order);
    assert!(order.get("car_number").is_none(), "{order}");
    let id = order["id"].as_i64().unwrap();
    assert_eq!(stored_car_number(&app.database_url, id).await, None);
    let details = app.details(id, &staff.avi.token).await;
    assert!(details["order"].get("car_number").is_none(), "{details}");
    let (_, page) = app.get_json("/api/orders", &staff.avi.token).await;
    assert!(page["orders"][0].get("car_number").is_none(), "{page}");
}

#[tokio::test]
async fn with_car_number_off_an_invalid_car_number_is_ignored_not_rejected() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let mut body = plan_step_2_1_body();
    body["car_number"] = json!("X".repeat(21));
    let order = app.create_order(&staff.avi.token, &body).await;
    assert!(order.get("car_number").is_none(), "{order}");
}

#[tokio::test]
async fn car_numbers_stored_while_on_are_kept_while_off_and_show_again_when_on() {
    let on = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let staff = on.staff().await;
    let before = on.create_order(&staff.avi.token, &plan_step_2_1_body()).await;
    let before_id = before["id"].as_i64().unwrap();
    assert_eq!(before["car_number"], "12-345-67");

    // The same database served with the flag off, as after the plan's rollback step.
    let off = spawn_app_on(&on.database_url, |_| {}).await;
    let token = off.login("avi", &staff.avi.password).await;
    let during = off.create_order(&token, &plan_step_4_2_body()).await;
    let during_id = during["id"].as_i64().unwrap();
    assert!(during.get("car_number").is_none(), "{during}");
    let (_, old) = off.get_json(&format!("/api/orders/{before_id}"), &token).await;
    assert!(old["order"].get("car_number").is_none(), "hidden while off: {old}");
    // Work on the old order while off must not wipe its car number.
    off.move_order(before_id, "in_progress", &token).await;
    let (status, _) = off.post_json(&format!("/api/orders/{before_id}/comments"), &json!({"body": "ok"}), &token).await;
    assert_eq!(status, 201);
    let admin_token = off.login("dana", &staff.admin.password).await;
    let (status, _) = off
        .patch_json(
            &format!("/api/admin/orders/{before_id}/assign"),
            &json!({"mechanic_id": staff.misha.id}),
            &admin_token,
        )
        .await;
    assert_eq!(status, 200);

    assert_eq!(stored_car_number(&on.database_url, before_id).await.as_deref(), Some("12-345-67"));
    assert_eq!(stored_car_number(&on.database_url, during_id).await, None);

    // Back on: the old value is there again, the order created while off has none.
    let shown = on.details(before_id, &staff.admin.token).await;
    assert_eq!(shown["order"]["car_number"], "12-345-67");
    let shown = on.details(during_id, &staff.admin.token).await;
    assert!(shown["order"].get("car_number").is_none(), "{shown}");
}

#[tokio::test]
async fn car_number_is_validated_when_on() {
    let app = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let staff = app.staff().await;
    let cases = [
        ("12-345-67", Some("12-345-67")),
        ("  ab 123 cd ", Some("AB 123 CD")),
        (&*"1".repeat(20), Some(&*"1".repeat(20))),
        ("", None),
    ];
    for (input, stored) in cases {
        let mut body = plan_step_2_1_body();
        body["car_number"] = json!(input);
        let order = app.create_order(&staff.avi.token, &body).await;
        assert_eq!(order.get("car_number").and_then(Value::as_str), stored, "{input:?}: {order}");
    }
    for bad in ["1".repeat(21), "12_345".into(), "12/345".into()] {
        let mut body = plan_step_2_1_body();
        body["car_number"] = json!(bad);
        let (status, error) = app.post_json("/api/orders", &body, &staff.avi.token).await;
        assert_error(status, &error, 422, "validation");
        assert_eq!(error["error"]["field"], "car_number", "{bad}");
    }
    // Left out entirely, the order has no car number.
    let mut body = plan_step_2_1_body();
    body.as_object_mut().unwrap().remove("car_number");
    let order = app.create_order(&staff.avi.token, &body).await;
    assert!(order.get("car_number").is_none(), "{order}");
}

#[tokio::test]
async fn car_number_filter_ignores_dashes_and_spaces_when_on_and_is_refused_when_off() {
    let app = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let staff = app.staff().await;
    let first = app.create_order(&staff.avi.token, &plan_step_2_1_body()).await;
    app.create_order(&staff.avi.token, &plan_step_4_2_body()).await;

    for wanted in ["12-345-67", "1234567", "345", "12 345"] {
        let (status, page) = app.get_json(&format!("/api/orders?car_number={wanted}"), &staff.avi.token).await;
        assert_eq!(status, 200, "{page}");
        let ids: Vec<_> = page["orders"].as_array().unwrap().iter().map(|o| o["id"].clone()).collect();
        assert_eq!(ids, vec![first["id"].clone()], "{wanted}");
        assert_eq!(page["total"], 1);
    }
    let (_, page) = app.get_json("/api/orders?car_number=00-000-00", &staff.avi.token).await;
    assert_eq!(page["total"], 0);

    let off = spawn_app_on(&app.database_url, |_| {}).await;
    let token = off.login("avi", &staff.avi.password).await;
    let (status, error) = off.get_json("/api/orders?car_number=1234567", &token).await;
    assert_error(status, &error, 422, "validation");
    assert_eq!(error["error"]["field"], "car_number");
}

#[tokio::test]
async fn orders_belong_to_the_signed_in_mechanic_and_list_their_own() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let mine = app.create_order(&staff.avi.token, &order_body("AVI1")).await;
    app.create_order(&staff.misha.token, &order_body("MISHA1")).await;
    let (_, page) = app.get_json("/api/orders", &staff.avi.token).await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["orders"][0]["id"], mine["id"]);
    let (_, page) = app.get_json("/api/orders", &staff.admin.token).await;
    assert_eq!(page["total"], 2);
}

#[tokio::test]
async fn an_admin_assigns_an_unassigned_order_to_a_mechanic_who_then_sees_it() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let order = app.create_order(&staff.admin.token, &plan_step_4_2_body()).await;
    let id = order["id"].as_i64().unwrap();
    let (status, _) = app.get_json(&format!("/api/orders/{id}"), &staff.avi.token).await;
    assert_eq!(status, 404);

    let (status, assigned) = app
        .patch_json(
            &format!("/api/admin/orders/{id}/assign"),
            &json!({"mechanic_id": staff.avi.id}),
            &staff.admin.token,
        )
        .await;
    assert_eq!(status, 200, "{assigned}");
    assert_eq!(assigned["mechanic_id"], staff.avi.id);
    assert_eq!(assigned["mechanic_name"], "Avi Cohen");
    app.details(id, &staff.avi.token).await;

    let (status, error) = app
        .patch_json(
            &format!("/api/admin/orders/{id}/assign"),
            &json!({"mechanic_id": staff.avi.id}),
            &staff.admin.token,
        )
        .await;
    assert_error(status, &error, 409, "conflict");
    let (status, error) = app
        .patch_json(&format!("/api/admin/orders/{id}/assign"), &json!({"mechanic_id": 9999}), &staff.admin.token)
        .await;
    assert_error(status, &error, 422, "validation");
    let events = app.details(id, &staff.admin.token).await["events"].clone();
    let assigned = events.as_array().unwrap().iter().find(|e| e["kind"] == "assigned").expect("assigned event");
    assert_eq!(assigned["actor_id"], staff.admin.id);
    assert_eq!(assigned["to_mechanic_id"], staff.avi.id);
    assert_eq!(assigned["from_mechanic_id"], Value::Null);
}

#[tokio::test]
async fn order_details_carry_comments_time_items_totals_events_and_allowed_statuses() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let id = app.create_order(&staff.avi.token, &plan_step_2_1_body()).await["id"].as_i64().unwrap();
    let (status, comment) = app
        .post_json(&format!("/api/orders/{id}/comments"), &json!({"body": "Part arrives Tuesday"}), &staff.misha.token)
        .await;
    assert_error(status, &comment, 404, "not_found");
    let (status, comment) = app
        .post_json(&format!("/api/orders/{id}/comments"), &json!({"body": "Part arrives Tuesday"}), &staff.admin.token)
        .await;
    assert_eq!(status, 201, "{comment}");
    assert_eq!(comment["author_id"], staff.admin.id);
    assert_eq!(comment["author_name"], "Dana Levi");
    let (status, _) =
        app.post_json(&format!("/api/orders/{id}/comments"), &json!({"body": "thanks"}), &staff.avi.token).await;
    assert_eq!(status, 201);
    let (status, comments) = app.get_json(&format!("/api/orders/{id}/comments"), &staff.avi.token).await;
    assert_eq!(status, 200);
    let bodies: Vec<_> = comments.as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["Part arrives Tuesday", "thanks"], "oldest first");
    for comment in comments.as_array().unwrap() {
        chrono::DateTime::parse_from_rfc3339(comment["created_at"].as_str().unwrap()).unwrap();
    }

    let details = app.details(id, &staff.avi.token).await;
    assert_eq!(details["order"]["id"], id);
    assert_eq!(details["order"]["comment_count"], 2);
    assert_eq!(details["allowed_statuses"], json!(["in_progress", "ready", "completed", "cancelled"]));
    assert_eq!(details["comments"].as_array().unwrap().len(), 2);
    assert_eq!(details["time_entries"], json!([]));
    assert_eq!(details["items"], json!([]));
    assert_eq!(
        details["totals"],
        json!({"parts_agorot": 0, "work_agorot": 0, "total_agorot": 0, "tracked_seconds": 0})
    );
    assert_eq!(details["events"][0]["kind"], "created");
    assert_eq!(details["events"][0]["actor_id"], staff.avi.id);
    assert_eq!(details["events"][0]["to_status"], "new");

    let (status, _) = app.get_json("/api/orders/999999", &staff.admin.token).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn delete_on_the_orders_collection_is_a_json_405() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let (status, body) = json(app.send(Method::DELETE, "/api/orders", None, Some(&staff.admin.token)).await).await;
    assert_error(status, &body, 405, "method_not_allowed");
}

/// What the database holds in `orders.car_number`, read directly.
pub async fn stored_car_number(database_url: &str, id: i64) -> Option<String> {
    let db = Database::connect(database_url).await.unwrap();
    let row = server::entities::order::Entity::find_by_id(id).one(&db).await.unwrap().expect("order row");
    db.close().await.unwrap();
    row.car_number
}
