//! Access rules: a token for every route but the public ones, admins only on admin routes, and a
//! mechanic never reaching another mechanic's order. Routes are read from the OpenAPI document,
//! so a new route is covered the day it is added.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_error, json, spawn_app, spawn_app_with_features};

/// The routes anyone may call.
const PUBLIC: [(&str, &str); 3] =
    [("GET", "/api/config/feature-flags"), ("POST", "/api/auth/login"), ("POST", "/api/auth/login-link")];

/// Every documented (method, path, public?) from the OpenAPI document the server builds.
pub fn documented_routes() -> Vec<(String, String, bool)> {
    let (_, doc) = server::http::api();
    let doc = serde_json::to_value(&doc).unwrap();
    let mut routes = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            // `security: [{}]` is how an operation says it needs no token.
            let public = operation["security"].as_array().is_some_and(|s| s.iter().any(|r| r == &json!({})));
            routes.push((method.to_uppercase(), path.clone(), public));
        }
    }
    assert!(routes.len() > 30, "the document lists the API: {routes:?}");
    routes
}

/// A concrete URL for a documented path: every `{param}` becomes `id`.
fn concrete(path: &str, id: i64) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        out.push_str(&id.to_string());
        rest = &rest[rest[start..].find('}').unwrap() + start + 1..];
    }
    out.push_str(rest);
    out
}

fn method(name: &str) -> Method {
    Method::from_bytes(name.as_bytes()).unwrap()
}

fn body_for(method: &str) -> Option<Value> {
    (method != "GET" && method != "DELETE").then(|| json!({}))
}

#[tokio::test]
async fn only_login_login_link_and_the_flags_are_documented_as_public() {
    let public: Vec<(String, String)> =
        documented_routes().into_iter().filter(|(_, _, public)| *public).map(|(m, p, _)| (m, p)).collect();
    let mut expected: Vec<(String, String)> = PUBLIC.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    expected.sort();
    let mut public = public;
    public.sort();
    assert_eq!(public, expected);
}

#[tokio::test]
async fn every_documented_route_without_a_token_is_401_json_except_the_public_ones() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let order = app.new_order_id(&staff.avi.token, "NOTOKEN1").await;
    for (verb, path, _) in documented_routes() {
        let url = concrete(&path, order);
        let response = app.send(method(&verb), &url, body_for(&verb).as_ref(), None).await;
        let (status, body) = json(response).await;
        if PUBLIC.contains(&(verb.as_str(), path.as_str())) {
            assert_ne!(status, 401, "{verb} {path} is public: {body}");
            assert!(status < 500, "{verb} {path}: {body}");
        } else {
            assert_error(status, &body, 401, "unauthorized");
        }
    }
    // The public ones answer as documented without a token.
    let (status, _) = json(app.get("/api/config/feature-flags").await).await;
    assert_eq!(status, 200);
    let (status, _) =
        app.post_public("/api/auth/login", &json!({"username": "avi", "password": staff.avi.password})).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn every_documented_route_with_a_bad_or_malformed_token_is_401() {
    let app = spawn_app().await;
    for (verb, path, public) in documented_routes() {
        if public {
            continue;
        }
        for header in ["Bearer 0123456789abcdef", "Basic YWRtaW46YWRtaW4=", "Bearer", "token-without-scheme"] {
            let mut request =
                app.client.request(method(&verb), app.url(&concrete(&path, 1))).header("authorization", header);
            if let Some(body) = body_for(&verb) {
                request = request.json(&body);
            }
            let (status, body) = json(request.send().await.unwrap()).await;
            assert_error(status, &body, 401, "unauthorized");
        }
    }
}

#[tokio::test]
async fn every_admin_route_is_403_for_a_mechanic() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let order = app.new_order_id(&staff.avi.token, "FORBID1").await;
    let admin_routes: Vec<_> =
        documented_routes().into_iter().filter(|(_, p, _)| p.starts_with("/api/admin/")).collect();
    assert!(admin_routes.len() >= 15, "{admin_routes:?}");
    for (verb, path, _) in admin_routes {
        let response =
            app.send(method(&verb), &concrete(&path, order), body_for(&verb).as_ref(), Some(&staff.avi.token)).await;
        let (status, body) = json(response).await;
        assert_error(status, &body, 403, "forbidden");
    }
}

#[tokio::test]
async fn every_documented_route_with_a_token_and_an_empty_body_answers_json_below_500() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let order = app.new_order_id(&staff.avi.token, "SWEEP1").await;
    for (verb, path, _) in documented_routes() {
        for token in [&staff.admin.token, &staff.avi.token] {
            let response =
                app.send(method(&verb), &concrete(&path, order), body_for(&verb).as_ref(), Some(token)).await;
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            assert!(status < 500, "{verb} {path}: {status} {text}");
            if status >= 400 {
                let body: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{verb} {path}: {text}"));
                assert!(body["error"]["code"].is_string(), "{verb} {path}: {body}");
            }
        }
    }
}

/// What mechanic B gets for each way of touching mechanic A's order.
async fn touches(app: &TestApp, id: i64, token: &str) -> Vec<(String, u16, Value)> {
    let attempts: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, format!("/api/orders/{id}"), None),
        (Method::PATCH, format!("/api/mechanic/orders/{id}/status"), Some(json!({"status": "ready"}))),
        (Method::GET, format!("/api/orders/{id}/comments"), None),
        (Method::POST, format!("/api/orders/{id}/comments"), Some(json!({"body": "mine now"}))),
        (Method::POST, format!("/api/orders/{id}/timer/start"), None),
        (Method::POST, format!("/api/orders/{id}/timer/stop"), None),
        (
            Method::POST,
            format!("/api/orders/{id}/time-entries"),
            Some(json!({"started_at": "2025-03-12T08:00:00Z", "ended_at": "2025-03-12T09:00:00Z"})),
        ),
        (
            Method::POST,
            format!("/api/orders/{id}/items"),
            Some(json!({"kind": "work", "name": "labour", "price_agorot": 100, "minutes": 10})),
        ),
        (Method::DELETE, format!("/api/orders/{id}/items/1"), None),
    ];
    let mut answers = Vec::new();
    for (verb, path, body) in attempts {
        let (status, answer) = json(app.send(verb.clone(), &path, body.as_ref(), Some(token)).await).await;
        answers.push((format!("{verb} {path}"), status, answer));
    }
    answers
}

#[tokio::test]
async fn mechanic_a_cannot_read_or_change_mechanic_b_order_it_is_404() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let id = app.new_order_id(&staff.avi.token, "AVIONLY1").await;
    let (status, _) = app
        .post_json(
            &format!("/api/orders/{id}/items"),
            &json!({"kind": "work", "name": "x", "price_agorot": 1, "minutes": 1}),
            &staff.avi.token,
        )
        .await;
    assert_eq!(status, 201);

    for (what, status, body) in touches(&app, id, &staff.misha.token).await {
        assert_error(status, &body, 404, "not_found");
        assert_eq!(body["error"]["message"], format!("There is no order #{id}."), "{what}: same as a missing order");
    }
    // Nothing changed, and the list does not show it either.
    let details = app.details(id, &staff.avi.token).await;
    assert_eq!(details["order"]["status"], "new");
    assert_eq!(details["comments"], json!([]));
    assert_eq!(details["time_entries"], json!([]));
    assert_eq!(details["items"].as_array().unwrap().len(), 1);
    let (_, page) = app.get_json("/api/orders", &staff.misha.token).await;
    assert_eq!(page["total"], 0);
    assert_eq!(page["counts"]["all"], 0);
    let (_, page) = app.get_json(&format!("/api/orders?q={id}"), &staff.misha.token).await;
    assert_eq!(page["orders"], json!([]));
}

#[tokio::test]
async fn a_mechanic_listing_with_another_mechanic_id_is_403_and_with_their_own_is_200() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    app.new_order_id(&staff.avi.token, "AVI2").await;
    let (status, body) = app.get_json(&format!("/api/orders?mechanic_id={}", staff.avi.id), &staff.misha.token).await;
    assert_error(status, &body, 403, "forbidden");
    let (status, page) = app.get_json(&format!("/api/orders?mechanic_id={}", staff.avi.id), &staff.avi.token).await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 1);
    let (status, page) = app.get_json(&format!("/api/orders?mechanic_id={}", staff.avi.id), &staff.admin.token).await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 1);

    let (status, body) =
        app.get_json(&format!("/api/time/history?period=week&mechanic_id={}", staff.avi.id), &staff.misha.token).await;
    assert_error(status, &body, 403, "forbidden");
    let (status, body) =
        app.get_json(&format!("/api/admin/orders/export.csv?mechanic_id={}", staff.avi.id), &staff.avi.token).await;
    assert_error(status, &body, 403, "forbidden");
}

#[tokio::test]
async fn an_admin_reads_and_changes_any_mechanics_order() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let id = app.new_order_id(&staff.avi.token, "ANYORDER1").await;
    let statuses: Vec<u16> = touches(&app, id, &staff.admin.token).await.iter().map(|(_, status, _)| *status).collect();
    assert_eq!(statuses, [200, 200, 200, 201, 201, 200, 201, 201, 204]);
    let details = app.details(id, &staff.avi.token).await;
    assert_eq!(details["order"]["status"], "ready");
    assert_eq!(details["comments"][0]["author_id"], staff.admin.id);
}
