//! The web app's server functions (`POST /api/fn/...`) reach the same service layer as the REST
//! API, with the same sign-in and the same errors.

use reqwest::Method;
use serde_json::{Value, json};

use app::model::Role;

use crate::helpers::{TestApp, json, plan_step_2_1_body, spawn_app_with};

async fn call(app: &TestApp, endpoint: &str, args: Value, token: Option<&str>) -> (u16, Value) {
    json(app.send(Method::POST, &format!("/api/fn/{endpoint}"), Some(&args), token).await).await
}

/// A server function's error is the bare `AppError`, with the HTTP status of its code.
#[track_caller]
fn assert_fn_error(status: u16, body: &Value, expected_status: u16, code: &str) {
    assert_eq!(status, expected_status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
}

#[tokio::test]
async fn server_functions_sign_in_list_and_create_through_the_service_layer() {
    let app = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let (avi_id, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;

    let (status, login) = call(&app, "auth/login", json!({"username": "avi", "password": password}), None).await;
    assert_eq!(status, 200, "{login}");
    assert_eq!(login["user"]["id"], avi_id);
    let token = login["token"].as_str().unwrap().to_owned();
    // The server function's token works for REST too.
    let (status, _) = app.get_json("/api/auth/me", &token).await;
    assert_eq!(status, 200);

    let (status, order) = call(&app, "orders/create", json!({"order": plan_step_2_1_body()}), Some(&token)).await;
    assert_eq!(status, 200, "{order}");
    assert_eq!(order["status"], "new");
    assert_eq!(order["car_number"], "12-345-67");
    assert_eq!(order["mechanic_id"], avi_id);

    let (status, page) = call(&app, "orders/list", json!({"query": {}}), Some(&token)).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], 1);
    assert_eq!(page["orders"][0]["id"], order["id"]);
    assert_eq!(page["counts"]["new"], 1);

    // REST sees exactly what the server function made, and the other way round.
    let rest = app.create_order(&token, &crate::helpers::plan_step_4_2_body()).await;
    let (_, page) = call(&app, "orders/list", json!({"query": {"vin": "TESTADMIN"}}), Some(&token)).await;
    assert_eq!(page["orders"][0]["id"], rest["id"]);
    let (_, details) = app.get_json(&format!("/api/orders/{}", order["id"]), &token).await;
    assert_eq!(details["order"], order, "the REST details show the order the server function made");

    let (status, moved) =
        call(&app, "orders/status", json!({"id": order["id"], "change": {"status": "in_progress"}}), Some(&token))
            .await;
    assert_eq!(status, 200, "{moved}");
    let (status, error) =
        call(&app, "orders/status", json!({"id": order["id"], "change": {"status": "new"}}), Some(&token)).await;
    assert_fn_error(status, &error, 409, "conflict");
    assert!(
        error["message"].as_str().unwrap().contains("Allowed next statuses: ready, completed, cancelled"),
        "{error}"
    );
}

#[tokio::test]
async fn server_functions_without_a_token_are_401_app_errors() {
    let app = spawn_app_with(|_| {}).await;
    for (endpoint, args) in [
        ("orders/list", json!({"query": {}})),
        ("orders/create", json!({"order": plan_step_2_1_body()})),
        ("orders/details", json!({"id": 1})),
        ("auth/me", json!({})),
    ] {
        let (status, body) = call(&app, endpoint, args.clone(), None).await;
        assert_fn_error(status, &body, 401, "unauthorized");
        let (status, body) = call(&app, endpoint, args, Some("forged-token")).await;
        assert_fn_error(status, &body, 401, "unauthorized");
    }
    // The REST list is still empty: nothing got through.
    let (_, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    let token = app.login("avi", &password).await;
    let (_, page) = app.get_json("/api/orders", &token).await;
    assert_eq!(page["total"], 0);
}

#[tokio::test]
async fn server_function_errors_match_the_rest_errors() {
    let app = spawn_app_with(|_| {}).await;
    let (_, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    let (status, body) = call(&app, "auth/login", json!({"username": "avi", "password": "wrong-wrong"}), None).await;
    assert_fn_error(status, &body, 401, "unauthorized");
    let token = app.login("avi", &password).await;

    let mut bad = plan_step_2_1_body();
    bad["vin"] = json!("BAD-VIN");
    let (status, body) = call(&app, "orders/create", json!({"order": bad}), Some(&token)).await;
    assert_fn_error(status, &body, 422, "validation");
    assert_eq!(body["field"], "vin");
    let (rest_status, rest) = app.post_json("/api/orders", &bad, &token).await;
    assert_eq!(rest_status, 422);
    assert_eq!(rest["error"], body, "the same AppError through both doors");

    let (status, body) = call(&app, "orders/details", json!({"id": 4242}), Some(&token)).await;
    assert_fn_error(status, &body, 404, "not_found");
    let (status, body) = call(&app, "orders/list", json!({"query": {"per_page": 0}}), Some(&token)).await;
    assert_fn_error(status, &body, 422, "validation");
    // Arguments that do not fit are a 400, not a 500; a body over the limit is a 413, as in REST.
    let (status, body) = call(&app, "orders/details", json!({"id": "abc"}), Some(&token)).await;
    assert_fn_error(status, &body, 400, "bad_request");
    let (status, body) =
        call(&app, "orders/details", json!({"id": 1, "pad": "x".repeat(70 * 1024)}), Some(&token)).await;
    assert_fn_error(status, &body, 413, "payload_too_large");
}

#[tokio::test]
async fn arguments_that_do_not_decode_get_a_fixed_message_not_the_decoders_text() {
    let app = spawn_app_with(|_| {}).await;
    let (_, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    let token = app.login("avi", &password).await;
    let expected = app::model::ARGUMENTS_UNREADABLE;
    for args in [json!({"id": "abc"}), json!({}), json!([1, 2]), json!({"id": 1.5})] {
        let (status, body) = call(&app, "orders/details", args.clone(), Some(&token)).await;
        assert_fn_error(status, &body, 400, "bad_request");
        assert_eq!(body["message"], expected, "{args}: {body}");
    }
    let response = app
        .client
        .post(app.url("/api/fn/orders/details"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"id\": tru")
        .send()
        .await
        .unwrap();
    let (status, body) = json(response).await;
    assert_fn_error(status, &body, 400, "bad_request");
    assert_eq!(body["message"], expected, "{body}");
}

#[tokio::test]
async fn an_unknown_server_function_is_a_json_404() {
    let app = crate::helpers::spawn_app().await;
    let response = app.client.post(app.url("/api/fn/nope")).json(&serde_json::json!({})).send().await.unwrap();
    let (status, body) = crate::helpers::json(response).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn the_mechanic_first_screen_is_the_dashboard_and_one_tab_of_their_orders_in_one_answer() {
    let app = spawn_app_with(|_| {}).await;
    let staff = app.staff().await;
    let first = app.new_order_id(&staff.avi.token, "HOME0001").await;
    let second = app.new_order_id(&staff.avi.token, "HOME0002").await;
    app.new_order_id(&staff.misha.token, "HOME0003").await;
    app.move_order(first, "in_progress", &staff.avi.token).await;

    let args = json!({"query": {"status": "new"}, "tz": "Asia/Jerusalem"});
    let (status, home) = call(&app, "orders/home", args, Some(&staff.avi.token)).await;
    assert_eq!(status, 200, "{home}");
    // The same numbers and the same page as the two separate calls give.
    let (_, dashboard) = call(&app, "orders/dashboard", json!({"tz": "Asia/Jerusalem"}), Some(&staff.avi.token)).await;
    let (_, page) = call(&app, "orders/list", json!({"query": {"status": "new"}}), Some(&staff.avi.token)).await;
    assert_eq!(home["stats"], dashboard);
    assert_eq!(home["orders"], page);
    // Avi's own: one new order on the tab, two in all; Misha's order is not his.
    let ids: Vec<i64> =
        home["orders"]["orders"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![second]);
    assert_eq!(home["orders"]["counts"]["all"], 2);
    assert_eq!(home["stats"]["counts"]["in_progress"], 1);

    let (status, error) = call(&app, "orders/home", json!({"query": {}, "tz": null}), None).await;
    assert_fn_error(status, &error, 401, "unauthorized");
    let (status, error) =
        call(&app, "orders/home", json!({"query": {"status": "lost"}, "tz": null}), Some(&staff.avi.token)).await;
    assert_eq!(status, 422, "{error}");
}
