//! `GET /api/openapi.json`: an OpenAPI 3 document that lists exactly the REST contract.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::{json, spawn_app};

/// The REST contract, written out by hand: a route added or dropped without updating this list
/// fails the test, and so does one the document forgets.
const CONTRACT: [(&str, &str); 47] = [
    ("GET", "/api/config/feature-flags"),
    ("GET", "/api/auth/me/feature-flags"),
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/login-link"),
    ("POST", "/api/auth/logout"),
    ("GET", "/api/auth/me"),
    ("PATCH", "/api/auth/me"),
    ("POST", "/api/auth/password"),
    ("POST", "/api/auth/telegram-link-code"),
    ("GET", "/api/orders"),
    ("POST", "/api/orders"),
    ("GET", "/api/orders/{id}"),
    ("PATCH", "/api/mechanic/orders/{id}/status"),
    ("PATCH", "/api/admin/orders/{id}/status"),
    ("PATCH", "/api/admin/orders/{id}/assign"),
    ("GET", "/api/admin/orders/export.csv"),
    ("GET", "/api/dashboard"),
    ("GET", "/api/orders/{id}/comments"),
    ("POST", "/api/orders/{id}/comments"),
    ("POST", "/api/orders/{id}/timer/start"),
    ("POST", "/api/orders/{id}/timer/stop"),
    ("POST", "/api/orders/{id}/time-entries"),
    ("POST", "/api/orders/{id}/items"),
    ("DELETE", "/api/orders/{id}/items/{item_id}"),
    ("GET", "/api/time/history"),
    ("GET", "/api/categories"),
    ("GET", "/api/parts"),
    ("POST", "/api/admin/categories"),
    ("PUT", "/api/admin/categories/{id}"),
    ("DELETE", "/api/admin/categories/{id}"),
    ("POST", "/api/admin/categories/reorder"),
    ("POST", "/api/admin/parts"),
    ("PUT", "/api/admin/parts/{id}"),
    ("DELETE", "/api/admin/parts/{id}"),
    ("POST", "/api/admin/parts/reorder"),
    ("GET", "/api/admin/users"),
    ("POST", "/api/admin/users"),
    ("PATCH", "/api/admin/users/{id}"),
    ("POST", "/api/admin/users/{id}/password"),
    ("POST", "/api/admin/users/{id}/login-link"),
    ("GET", "/api/admin/system"),
    ("GET", "/api/admin/flags"),
    ("GET", "/api/admin/flags/changes"),
    ("PUT", "/api/admin/flags/{flag}"),
    ("POST", "/api/admin/flags/{flag}/pilot"),
    ("GET", "/api/admin/notifications"),
    ("POST", "/api/admin/notifications/{id}/retry"),
];

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete", "head", "options", "trace"].contains(&method.as_str()) {
                routes.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes
}

#[tokio::test]
async fn openapi_json_lists_exactly_the_rest_contract() {
    let app = spawn_app().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.headers()["content-type"], "application/json");
    let (status, doc) = json(response).await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", doc["openapi"]);
    assert_eq!(doc["info"]["title"], "Felix Hub API");

    let expected: BTreeSet<(String, String)> = CONTRACT.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    let listed = documented(&doc);
    let missing: Vec<_> = expected.difference(&listed).collect();
    let unexpected: Vec<_> = listed.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing from the document: {missing:?}; not in the contract: {unexpected:?}"
    );
}

#[tokio::test]
async fn the_served_document_is_the_one_the_router_is_built_from() {
    let app = spawn_app().await;
    let (_, served) = json(app.get("/api/openapi.json").await).await;
    let (_, built) = server::http::api();
    assert_eq!(served, serde_json::to_value(&built).unwrap());
}

#[tokio::test]
async fn every_operation_documents_its_answers_and_the_bearer_scheme_is_declared() {
    let (_, doc) = server::http::api();
    let doc = serde_json::to_value(&doc).unwrap();
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert_eq!(doc["security"], serde_json::json!([{"bearer": []}]));
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap_or_else(|| panic!("{method} {path}"));
            assert!(responses.keys().any(|s| s.starts_with('2')), "{method} {path} documents its success");
            let public = operation["security"] == serde_json::json!([{}]);
            if !public {
                assert!(responses.contains_key("401"), "{method} {path} documents its 401");
            }
            if path.starts_with("/api/admin/") {
                assert!(responses.contains_key("403"), "{method} {path} documents its 403");
            }
            if path.contains("{id}") {
                let params =
                    operation["parameters"].as_array().unwrap_or_else(|| panic!("{method} {path} has no parameters"));
                assert!(params.iter().any(|p| p["name"] == "id" && p["in"] == "path"), "{method} {path}");
            }
            assert!(operation["tags"].as_array().is_some_and(|t| !t.is_empty()), "{method} {path} has a tag");
        }
    }
}
