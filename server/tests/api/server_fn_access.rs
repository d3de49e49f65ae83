//! Access rules for the web app's server functions (`/api/fn/*`), the counterpart of the REST
//! sweep in `access.rs`: no token is a 401, a mechanic gets 403 from every admin function and 404
//! from another mechanic's order. The functions are read from the server's registry, so a new one
//! fails here until it is put in one of the lists below.

use serde_json::{Value, json};

use crate::helpers::{Staff, TestApp, assert_error, json, spawn_app_with_features};

/// Functions anyone may call.
const PUBLIC: [&str; 5] = ["auth/login", "auth/login-link", "auth/sign-in", "auth/sign-in-link", "config"];

/// Functions any signed-in user may call; each answers about the caller's own data only.
const SIGNED_IN: [&str; 12] = [
    "auth/logout",
    "auth/me",
    "auth/profile",
    "auth/password",
    "catalog/categories",
    "catalog/parts",
    "orders/create",
    "orders/dashboard",
    "orders/home",
    "orders/list",
    "telegram/link-code",
    "work/time-history",
];

/// Functions on one order: a mechanic reaches only their own.
const OWN_ORDER: [&str; 8] = [
    "orders/details",
    "orders/status",
    "work/comment",
    "work/timer-start",
    "work/timer-stop",
    "work/time-entry",
    "work/item-add",
    "work/item-remove",
];

/// Functions for admins only.
const ADMIN: [&str; 20] = [
    "catalog/category-save",
    "catalog/category-delete",
    "catalog/category-reorder",
    "catalog/part-save",
    "catalog/part-delete",
    "catalog/part-reorder",
    "orders/assign",
    "orders/export-csv",
    "system/status",
    "system/notifications",
    "system/notification-retry",
    "flags/list",
    "flags/set",
    "flags/pilot",
    "flags/changes",
    "users/list",
    "users/create",
    "users/update",
    "users/reset-password",
    "users/login-link",
];

async fn call(app: &TestApp, endpoint: &str, args: &Value, token: Option<&str>) -> (u16, Value) {
    json(app.send(reqwest::Method::POST, &format!("/api/fn/{endpoint}"), Some(args), token).await).await
}

/// A server function's error is the bare `AppError`; `assert_error` expects it under `error`.
#[track_caller]
fn assert_fn_error(endpoint: &str, status: u16, body: &Value, expected_status: u16, code: &str) {
    assert_error(status, &json!({ "error": body }), expected_status, code);
    assert_eq!(body.as_object().map(|o| o.len() <= 3), Some(true), "{endpoint}: only the error, no data: {body}");
}

/// The registered endpoints, without the `/api/fn/` prefix.
fn registered() -> Vec<String> {
    let mut names: Vec<String> = server::http::registered_server_fns()
        .map(|path| path.strip_prefix("/api/fn/").unwrap_or_else(|| panic!("{path} is under /api/fn/")).to_owned())
        .collect();
    names.sort();
    names
}

/// Arguments an admin's call would succeed with, so a refusal comes from the role check and not
/// from the arguments. `order` is a mechanic's order; `ids` are a category, a part and a user.
fn args_for(endpoint: &str, order: i64, category: i64, part: i64, staff: &Staff) -> Value {
    let mechanic = staff.misha.id;
    match endpoint {
        "auth/login" | "auth/sign-in" => json!({"username": "avi", "password": staff.avi.password}),
        "auth/login-link" | "auth/sign-in-link" => json!({"token": "0".repeat(43)}),
        "auth/profile" => json!({"update": {"language": "en"}}),
        "auth/password" => json!({"change": {"current_password": "wrong-wrong", "new_password": "n3w-pass-word"}}),
        "catalog/parts" => json!({"query": {}}),
        "orders/create" => json!({"order": crate::helpers::order_body("FNACCESS1")}),
        "orders/dashboard" => json!({"tz": null}),
        "orders/home" => json!({"query": {}, "tz": null}),
        "orders/list" | "orders/export-csv" => json!({"query": {}}),
        "telegram/link-code" => json!({"request": {"current_password": "wrong-wrong"}}),
        "work/time-history" => json!({"query": {"period": "week"}}),
        "orders/details" | "work/timer-start" | "work/timer-stop" => json!({"id": order, "order_id": order}),
        "orders/status" => json!({"id": order, "change": {"status": "in_progress"}}),
        "work/comment" => json!({"order_id": order, "body": "not yours"}),
        "work/time-entry" => json!({"order_id": order, "entry": {
            "started_at": "2025-03-12T08:00:00Z", "ended_at": "2025-03-12T09:00:00Z"}}),
        "work/item-add" => json!({"order_id": order, "item": {"kind": "work", "name": "labour", "price_agorot": 100,
            "minutes": 10}}),
        "work/item-remove" => json!({"order_id": order, "item_id": 1}),
        "catalog/category-save" => json!({"id": null, "input": {"name_he": "בדיקה", "name_en": "Probe",
            "name_ru": "Проба"}}),
        "catalog/category-delete" => json!({"id": category}),
        "catalog/category-reorder" => json!({"ids": [category]}),
        "catalog/part-save" => json!({"id": null, "input": {"category_id": category, "name_he": "בדיקה",
            "name_en": "Probe", "name_ru": "Проба", "price_agorot": 100}}),
        "catalog/part-delete" => json!({"id": part}),
        "catalog/part-reorder" => json!({"ids": [part]}),
        "orders/assign" => json!({"id": order, "assignment": {"mechanic_id": mechanic}}),
        "system/notifications" => json!({"query": {}}),
        "system/notification-retry" => json!({"id": 1}),
        "flags/set" => json!({"flag": "ENABLE_CAR_NUMBER", "value": "off"}),
        "flags/pilot" => json!({"flag": "ENABLE_UI_REFRESH", "change": {"username": "avi", "member": true}}),
        "users/create" => json!({"user": {"username": "intruder", "display_name": "Intruder",
            "password": "intruder-pass-1", "role": "admin"}}),
        "users/update" => json!({"id": mechanic, "update": {"display_name": "Mallory"}}),
        "users/reset-password" => json!({"id": mechanic, "new_password": "taken-over-1"}),
        "users/login-link" => json!({"id": mechanic, "order_id": null}),
        _ => json!({}),
    }
}

#[tokio::test]
async fn every_registered_server_function_is_in_exactly_one_access_list() {
    let mut listed: Vec<String> =
        PUBLIC.iter().chain(&SIGNED_IN).chain(&OWN_ORDER).chain(&ADMIN).map(|s| s.to_string()).collect();
    listed.sort();
    let before = listed.len();
    listed.dedup();
    assert_eq!(listed.len(), before, "a function is in two lists");
    let registered = registered();
    let unlisted: Vec<_> = registered.iter().filter(|name| !listed.contains(name)).collect();
    assert!(unlisted.is_empty(), "registered but in no access list (add it to one): {unlisted:?}");
    let gone: Vec<_> = listed.iter().filter(|name| !registered.contains(name)).collect();
    assert!(gone.is_empty(), "listed but no longer registered: {gone:?}");
}

#[tokio::test]
async fn every_server_function_but_the_public_ones_is_401_without_a_valid_token() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let order = app.new_order_id(&staff.avi.token, "FNNOTOKEN1").await;
    for endpoint in registered() {
        let args = args_for(&endpoint, order, 1, 1, &staff);
        for token in [None, Some("forged-token-0123456789")] {
            let (status, body) = call(&app, &endpoint, &args, token).await;
            if PUBLIC.contains(&endpoint.as_str()) {
                assert!(status != 401 || endpoint.contains("link"), "{endpoint} is public: {status} {body}");
                assert!(status < 500, "{endpoint}: {status} {body}");
            } else {
                assert_fn_error(&endpoint, status, &body, 401, "unauthorized");
            }
        }
    }
    // Nothing got through: the order is as it was and nobody new exists.
    let (_, details) = app.get_json(&format!("/api/orders/{order}"), &staff.avi.token).await;
    assert_eq!(details["order"]["status"], "new");
    assert_eq!(details["comments"], json!([]));
}

#[tokio::test]
async fn a_mechanic_gets_403_and_no_data_from_every_admin_server_function() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let order = app.new_order_id(&staff.misha.token, "FNADMIN1").await;
    let admin = Some(staff.admin.token.as_str());
    let (_, saved) =
        call(&app, "catalog/category-save", &args_for("catalog/category-save", 0, 0, 0, &staff), admin).await;
    let category = saved["id"].as_i64().expect("a category");
    let (_, saved) =
        call(&app, "catalog/part-save", &args_for("catalog/part-save", 0, category, 0, &staff), admin).await;
    let part = saved["id"].as_i64().expect("a part");
    let (_, parts) = call(&app, "catalog/parts", &json!({"query": {}}), Some(&staff.avi.token)).await;
    assert_eq!(parts.as_array().map(Vec::len), Some(1), "{parts}");

    for endpoint in ADMIN {
        let args = args_for(endpoint, order, category, part, &staff);
        let (status, body) = call(&app, endpoint, &args, Some(&staff.avi.token)).await;
        assert_fn_error(endpoint, status, &body, 403, "forbidden");
    }
    // Nothing changed: misha is still a mechanic with his password, nobody new exists, the flag
    // is still on, the catalog is whole, and the order is still misha's.
    let (status, _) =
        app.post_public("/api/auth/login", &json!({"username": "misha", "password": staff.misha.password})).await;
    assert_eq!(status, 200);
    let (_, users) = call(&app, "users/list", &json!({}), Some(&staff.admin.token)).await;
    assert_eq!(users.as_array().unwrap().len(), 3, "{users}");
    let misha = users.as_array().unwrap().iter().find(|u| u["user"]["id"] == staff.misha.id).unwrap();
    assert_eq!(misha["user"]["display_name"], "Misha Ivanov");
    let (_, flags) = app.get_json("/api/config/feature-flags", &staff.avi.token).await;
    assert_eq!(flags["ENABLE_CAR_NUMBER"], true, "{flags}");
    let (_, after) = call(&app, "catalog/parts", &json!({"query": {}}), Some(&staff.avi.token)).await;
    assert_eq!(after, parts);

    // The admin passes the same calls' role check (a 404 or 409 at most: the notification does not
    // exist, a category still holds parts), so the 403s above came from the role. Deletions last.
    let (deletes, others): (Vec<&str>, Vec<&str>) = ADMIN.iter().partition(|e| e.ends_with("-delete"));
    for endpoint in others.into_iter().chain(deletes.into_iter().rev()) {
        let args = args_for(endpoint, order, category, part, &staff);
        let (status, body) = call(&app, endpoint, &args, Some(&staff.admin.token)).await;
        assert!([200, 404, 409].contains(&status), "{endpoint} as admin: {status} {body}");
    }
}

#[tokio::test]
async fn a_mechanic_gets_404_from_every_server_function_on_another_mechanics_order() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let order = app.new_order_id(&staff.avi.token, "FNOWN1").await;
    let (status, _) = call(
        &app,
        "work/item-add",
        &json!({"order_id": order, "item": {"kind": "work", "name": "x", "price_agorot": 1, "minutes": 1}}),
        Some(&staff.avi.token),
    )
    .await;
    assert_eq!(status, 200);

    for endpoint in OWN_ORDER {
        let args = args_for(endpoint, order, 1, 1, &staff);
        let (status, body) = call(&app, endpoint, &args, Some(&staff.misha.token)).await;
        assert_fn_error(endpoint, status, &body, 404, "not_found");
        assert_eq!(body["message"], format!("There is no order #{order}."), "{endpoint}: same as a missing order");
    }
    // Nor can misha list it, count it or read avi's hours.
    let (_, page) = call(&app, "orders/list", &json!({"query": {}}), Some(&staff.misha.token)).await;
    assert_eq!(page["total"], 0, "{page}");
    let (status, body) =
        call(&app, "orders/list", &json!({"query": {"mechanic_id": staff.avi.id}}), Some(&staff.misha.token)).await;
    assert_fn_error("orders/list", status, &body, 403, "forbidden");
    let (status, body) = call(
        &app,
        "work/time-history",
        &json!({"query": {"period": "week", "mechanic_id": staff.avi.id}}),
        Some(&staff.misha.token),
    )
    .await;
    assert_fn_error("work/time-history", status, &body, 403, "forbidden");
    let (_, dashboard) = call(&app, "orders/dashboard", &json!({"tz": null}), Some(&staff.misha.token)).await;
    assert_eq!(dashboard["counts"]["all"], 0, "{dashboard}");
    let (_, home) = call(&app, "orders/home", &json!({"query": {}, "tz": null}), Some(&staff.misha.token)).await;
    assert_eq!(
        (home["stats"]["counts"]["all"].clone(), home["orders"]["total"].clone()),
        (json!(0), json!(0)),
        "{home}"
    );
    let home_of_avi = json!({"query": {"mechanic_id": staff.avi.id}, "tz": null});
    let (status, body) = call(&app, "orders/home", &home_of_avi, Some(&staff.misha.token)).await;
    assert_fn_error("orders/home", status, &body, 403, "forbidden");

    // Nothing changed; and avi himself reaches every one of them.
    let (_, details) = call(&app, "orders/details", &json!({"id": order}), Some(&staff.avi.token)).await;
    assert_eq!(details["order"]["status"], "new");
    assert_eq!(details["comments"], json!([]));
    assert_eq!(details["time_entries"], json!([]));
    assert_eq!(details["items"].as_array().unwrap().len(), 1);
    for endpoint in OWN_ORDER {
        let mut args = args_for(endpoint, order, 1, 1, &staff);
        if endpoint == "work/item-remove" {
            args["item_id"] = details["items"][0]["id"].clone();
        }
        let (status, body) = call(&app, endpoint, &args, Some(&staff.avi.token)).await;
        assert_eq!(status, 200, "{endpoint} on his own order: {body}");
    }
}
