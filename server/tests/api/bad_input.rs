//! A table of bad inputs: every one is a 4xx in the API's JSON error shape, never a 5xx.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{assert_error, plan_step_2_1_body, spawn_app_with_features};

/// The plan's body with one field replaced.
fn plan_with(field: &str, value: Value) -> Vec<u8> {
    let mut body = plan_step_2_1_body();
    body[field] = value;
    serde_json::to_vec(&body).unwrap()
}

fn plan_without(field: &str) -> Vec<u8> {
    let mut body = plan_step_2_1_body();
    body.as_object_mut().unwrap().remove(field);
    serde_json::to_vec(&body).unwrap()
}

/// What is sent, how, where, with which body, and the status, code and field it must answer.
type Case = (&'static str, Method, String, Option<Vec<u8>>, u16, &'static str, Option<&'static str>);

#[tokio::test]
async fn bad_inputs_are_4xx_json_naming_the_field_never_5xx() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let token = staff.avi.token.as_str();
    let order = app.new_order_id(&staff.avi.token, "BADINPUT1").await;
    let status_path = format!("/api/mechanic/orders/{order}/status");

    // (what, method, path, body, status, code, field)
    let table: Vec<Case> = vec![
        ("missing vin", Method::POST, "/api/orders".into(), Some(plan_without("vin")), 422, "validation", Some("vin")),
        (
            "missing original_or_analog",
            Method::POST,
            "/api/orders".into(),
            Some(plan_without("original_or_analog")),
            422,
            "validation",
            Some("original_or_analog"),
        ),
        (
            "missing part_type",
            Method::POST,
            "/api/orders".into(),
            Some(plan_without("part_type")),
            422,
            "validation",
            Some("part_type"),
        ),
        (
            "missing category",
            Method::POST,
            "/api/orders".into(),
            Some(plan_without("category")),
            422,
            "validation",
            Some("category"),
        ),
        ("empty object", Method::POST, "/api/orders".into(), Some(b"{}".to_vec()), 422, "validation", Some("vin")),
        (
            "vin as a number",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("vin", json!(123))),
            422,
            "validation",
            Some("vin"),
        ),
        (
            "quantity as text",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("quantity", json!("two"))),
            422,
            "validation",
            Some("quantity"),
        ),
        (
            "quantity as a fraction",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("quantity", json!(1.5))),
            422,
            "validation",
            Some("quantity"),
        ),
        (
            "quantity zero",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("quantity", json!(0))),
            422,
            "validation",
            Some("quantity"),
        ),
        (
            "quantity too big for i32",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("quantity", json!(1_u64 << 40))),
            422,
            "validation",
            Some("quantity"),
        ),
        (
            "car_number as a number",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("car_number", json!(1234567))),
            422,
            "validation",
            Some("car_number"),
        ),
        (
            "original_or_analog neither",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("original_or_analog", json!("used"))),
            422,
            "validation",
            Some("original_or_analog"),
        ),
        (
            "original_or_analog wrong type",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("original_or_analog", json!(true))),
            422,
            "validation",
            Some("original_or_analog"),
        ),
        (
            "car number of 21",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("car_number", json!("1".repeat(21)))),
            422,
            "validation",
            Some("car_number"),
        ),
        (
            "car number with _",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("car_number", json!("12_345_67"))),
            422,
            "validation",
            Some("car_number"),
        ),
        (
            "vin with a dash",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("vin", json!("WVW-ZZZ1KZ"))),
            422,
            "validation",
            Some("vin"),
        ),
        (
            "vin with Cyrillic",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("vin", json!("ВАЗ2107"))),
            422,
            "validation",
            Some("vin"),
        ),
        (
            "vin of 18",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("vin", json!("1HGCM82633A0043521"))),
            422,
            "validation",
            Some("vin"),
        ),
        (
            "empty vin",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("vin", json!("  "))),
            422,
            "validation",
            Some("vin"),
        ),
        (
            "overlong part_type",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("part_type", json!("x".repeat(201)))),
            422,
            "validation",
            Some("part_type"),
        ),
        (
            "overlong comment",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("comment", json!("x".repeat(2001)))),
            422,
            "validation",
            Some("comment"),
        ),
        ("an array body", Method::POST, "/api/orders".into(), Some(b"[1,2]".to_vec()), 422, "validation", None),
        ("a string body", Method::POST, "/api/orders".into(), Some(br#""order""#.to_vec()), 422, "validation", None),
        (
            "invalid JSON",
            Method::POST,
            "/api/orders".into(),
            Some(br#"{"vin": "TEST123456789","#.to_vec()),
            400,
            "bad_request",
            None,
        ),
        (
            "not JSON at all",
            Method::POST,
            "/api/orders".into(),
            Some(b"vin=TEST123456789".to_vec()),
            400,
            "bad_request",
            None,
        ),
        (
            "trailing garbage",
            Method::POST,
            "/api/orders".into(),
            Some(br#"{"vin":"X"} {}"#.to_vec()),
            400,
            "bad_request",
            None,
        ),
        ("empty body", Method::POST, "/api/orders".into(), Some(Vec::new()), 400, "bad_request", None),
        ("whitespace body", Method::POST, "/api/orders".into(), Some(b" \n ".to_vec()), 400, "bad_request", None),
        ("no body", Method::POST, "/api/orders".into(), None, 400, "bad_request", None),
        (
            "bad UTF-8",
            Method::POST,
            "/api/orders".into(),
            Some(b"{\"vin\": \"\xff\xfe\"}".to_vec()),
            400,
            "bad_request",
            None,
        ),
        (
            "oversized body",
            Method::POST,
            "/api/orders".into(),
            Some(plan_with("comment", json!("x".repeat(70 * 1024)))),
            413,
            "payload_too_large",
            None,
        ),
        (
            "unknown status",
            Method::PATCH,
            status_path.clone(),
            Some(br#"{"status":"done"}"#.to_vec()),
            422,
            "validation",
            Some("status"),
        ),
        (
            "status as a number",
            Method::PATCH,
            status_path.clone(),
            Some(br#"{"status":3}"#.to_vec()),
            422,
            "validation",
            Some("status"),
        ),
        (
            "status null",
            Method::PATCH,
            status_path.clone(),
            Some(br#"{"status":null}"#.to_vec()),
            422,
            "validation",
            Some("status"),
        ),
        ("status missing", Method::PATCH, status_path.clone(), Some(b"{}".to_vec()), 422, "validation", Some("status")),
        ("path id not a number", Method::GET, "/api/orders/abc".into(), None, 400, "bad_request", None),
        ("path id too big", Method::GET, "/api/orders/99999999999999999999".into(), None, 400, "bad_request", None),
        ("path id negative", Method::GET, "/api/orders/-1".into(), None, 404, "not_found", None),
        (
            "status path id not a number",
            Method::PATCH,
            "/api/mechanic/orders/abc/status".into(),
            Some(br#"{"status":"ready"}"#.to_vec()),
            400,
            "bad_request",
            None,
        ),
        (
            "item id not a number",
            Method::DELETE,
            format!("/api/orders/{order}/items/x"),
            None,
            400,
            "bad_request",
            None,
        ),
        ("page not a number", Method::GET, "/api/orders?page=abc".into(), None, 422, "validation", Some("page")),
        ("page zero", Method::GET, "/api/orders?page=0".into(), None, 422, "validation", Some("page")),
        ("page negative", Method::GET, "/api/orders?page=-1".into(), None, 422, "validation", Some("page")),
        ("per_page zero", Method::GET, "/api/orders?per_page=0".into(), None, 422, "validation", Some("per_page")),
        ("per_page 101", Method::GET, "/api/orders?per_page=101".into(), None, 422, "validation", Some("per_page")),
        (
            "unknown status filter",
            Method::GET,
            "/api/orders?status=done".into(),
            None,
            422,
            "validation",
            Some("status"),
        ),
        (
            "mechanic_id not a number",
            Method::GET,
            "/api/orders?mechanic_id=avi".into(),
            None,
            422,
            "validation",
            Some("mechanic_id"),
        ),
        ("from not a date", Method::GET, "/api/orders?from=yesterday".into(), None, 422, "validation", Some("from")),
        ("to not a date", Method::GET, "/api/orders?to=2025-02-30".into(), None, 422, "validation", Some("to")),
        ("unknown time zone", Method::GET, "/api/orders?tz=Mars/Base".into(), None, 422, "validation", Some("tz")),
        (
            "category_id not a number",
            Method::GET,
            "/api/parts?category_id=brakes".into(),
            None,
            422,
            "validation",
            Some("category_id"),
        ),
        (
            "comment body missing",
            Method::POST,
            format!("/api/orders/{order}/comments"),
            Some(b"{}".to_vec()),
            422,
            "validation",
            Some("body"),
        ),
        (
            "comment body empty",
            Method::POST,
            format!("/api/orders/{order}/comments"),
            Some(br#"{"body":"   "}"#.to_vec()),
            422,
            "validation",
            Some("body"),
        ),
        ("unknown route", Method::GET, "/api/orderz".into(), None, 404, "not_found", None),
        ("wrong method", Method::PUT, "/api/orders".into(), Some(b"{}".to_vec()), 405, "method_not_allowed", None),
    ];

    for (what, method, path, body, status, code, field) in table {
        let mut request = app.client.request(method, app.url(&path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(body);
        }
        let response = request.send().await.unwrap();
        let got = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert!(got < 500, "{what}: {got} {text}");
        let answer: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{what}: not JSON ({got}): {text}"));
        assert_eq!(got, status, "{what}: {answer}");
        assert_error(got, &answer, status, code);
        if let Some(field) = field {
            assert_eq!(answer["error"]["field"], field, "{what}: {answer}");
        }
    }

    // None of it created anything.
    let (_, page) = app.get_json("/api/orders", &staff.avi.token).await;
    assert_eq!(page["total"], 1);
}

#[tokio::test]
async fn a_body_just_under_the_limit_is_read_and_one_just_over_is_413() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    // Valid JSON padded with whitespace, so that only the size differs.
    let body = serde_json::to_vec(&plan_step_2_1_body()).unwrap();
    let padded = |size: usize| {
        let mut bytes = body.clone();
        bytes.resize(size, b' ');
        bytes
    };
    let (status, order) = app.send_raw(Method::POST, "/api/orders", padded(64 * 1024), Some(&staff.avi.token)).await;
    assert_eq!(status, 201, "{order}");
    let (status, error) =
        app.send_raw(Method::POST, "/api/orders", padded(64 * 1024 + 1), Some(&staff.avi.token)).await;
    assert_error(status, &error, 413, "payload_too_large");
}

#[tokio::test]
async fn edge_values_are_answered_exactly_without_a_5xx() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let token = staff.admin.token.as_str();
    let order = app.new_order_id(&staff.avi.token, "EDGE1").await;
    let (_, category) = app
        .post_json(
            "/api/admin/categories",
            &json!({"slug": "top", "name_he": "a", "name_en": "Top", "name_ru": "b", "sort_order": i32::MAX}),
            token,
        )
        .await;
    let long_q = "q".repeat(5000);
    let entries = format!("/api/orders/{order}/time-entries");
    let nul_order = |field: &str| {
        let mut body = json!({"vin": "NUL1", "part_type": "pads", "category": "b", "original_or_analog": "original"});
        body[field] = json!("a\u{0}b");
        Some(body)
    };

    let requests: Vec<(Method, String, Option<Value>, u16)> = vec![
        // Dates outside what every database can store.
        (Method::GET, "/api/orders?from=-5000-01-01".into(), None, 422),
        (Method::GET, "/api/orders?to=+262000-12-31".into(), None, 422),
        (Method::GET, "/api/orders?from=0000-01-01".into(), None, 422),
        (Method::GET, "/api/orders?from=1900-01-01&to=9999-12-31".into(), None, 200),
        (Method::GET, "/api/orders?from=1900-01-01T00:00:00Z".into(), None, 200),
        (Method::GET, "/api/time/history?period=month&date=9999-12-31".into(), None, 200),
        (Method::GET, "/api/time/history?period=week&date=0001-01-01".into(), None, 422),
        (Method::GET, "/api/time/history?period=day&date=-5000-01-01".into(), None, 422),
        (
            Method::POST,
            entries.clone(),
            Some(json!({"started_at": "-5000-01-01T00:00:00Z", "ended_at": "-5000-01-01T01:00:00Z"})),
            422,
        ),
        (
            Method::POST,
            entries.clone(),
            Some(json!({"started_at": "1970-01-01T00:00:00Z", "ended_at": "1970-01-01T01:00:00Z"})),
            201,
        ),
        // Numbers at their limits.
        (Method::GET, "/api/orders?page=4294967295&per_page=100".into(), None, 200),
        (Method::GET, "/api/orders?mechanic_id=-1".into(), None, 200),
        (Method::GET, "/api/orders?mechanic_id=9223372036854775807".into(), None, 200),
        (
            Method::POST,
            "/api/admin/categories".into(),
            Some(json!({"name_he": "a", "name_en": "Next", "name_ru": "b"})),
            201,
        ),
        (
            Method::POST,
            "/api/admin/parts".into(),
            Some(
                json!({"category_id": category["id"], "name_he": "a", "name_en": "P1", "name_ru": "b", "price_agorot": 1, "sort_order": i32::MAX}),
            ),
            201,
        ),
        (
            Method::POST,
            "/api/admin/parts".into(),
            Some(
                json!({"category_id": category["id"], "name_he": "a", "name_en": "P2", "name_ru": "b", "price_agorot": 1}),
            ),
            201,
        ),
        // Text: long, Hebrew, and NUL, which PostgreSQL cannot hold.
        (Method::GET, format!("/api/orders?q={long_q}"), None, 422),
        (Method::GET, "/api/orders?q=%D7%91%D7%9C%D7%9E%D7%99%D7%9D".into(), None, 200),
        (Method::GET, "/api/orders?q=%00".into(), None, 200),
        (Method::GET, "/api/orders?vin=%00".into(), None, 200),
        (Method::GET, "/api/parts?q=%00".into(), None, 200),
        (Method::POST, "/api/orders".into(), nul_order("part_type"), 422),
        (Method::POST, "/api/orders".into(), nul_order("category"), 422),
        (Method::POST, "/api/orders".into(), nul_order("comment"), 422),
        (Method::POST, "/api/orders".into(), nul_order("mechanic_name"), 422),
        (Method::POST, format!("/api/orders/{order}/comments"), Some(json!({"body": "\u{0}"})), 422),
        (
            Method::POST,
            "/api/admin/users".into(),
            Some(json!({"username": "nul", "display_name": "N\u{0}", "password": "long-enough-1", "role": "mechanic"})),
            422,
        ),
        (
            Method::POST,
            "/api/admin/users".into(),
            Some(json!({"username": "big", "display_name": "Big", "password": "x".repeat(200), "role": "mechanic"})),
            201,
        ),
        (
            Method::POST,
            "/api/auth/login".into(),
            Some(json!({"username": "x".repeat(10_000), "password": "y".repeat(10_000)})),
            401,
        ),
        (
            Method::POST,
            "/api/auth/login".into(),
            Some(json!({"username": "ad\u{0}min", "password": "whatever-1"})),
            401,
        ),
        (Method::GET, "/api/dashboard?tz=Mars/Base".into(), None, 422),
    ];
    let mut failures = Vec::new();
    for (method, path, body, expected) in requests {
        let what = format!(
            "{method} {} {}",
            &path[..path.len().min(80)],
            body.as_ref().map(Value::to_string).unwrap_or_default()
        );
        let mut request = app.client.request(method, app.url(&path)).bearer_auth(token);
        if let Some(body) = &body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let json_error = serde_json::from_str::<Value>(&text).is_ok_and(|answer| answer["error"]["code"].is_string());
        if status != expected || (status >= 400 && !json_error) {
            failures.push(format!("{what}: expected {expected}, got {status} {}", &text[..text.len().min(300)]));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
