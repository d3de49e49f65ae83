//! The parts catalog behind ENABLE_PART_CATEGORIES: 404 `feature_disabled` while off, 200 and
//! admin upkeep while on, orders referring to parts by id, and deletes that would orphan data.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Account, TestApp, assert_error, json, spawn_app, spawn_app_with, spawn_app_with_features};

fn category_body(slug: &str, en: &str) -> Value {
    json!({"slug": slug, "name_he": format!("{en} בעברית"), "name_en": en, "name_ru": format!("{en} по-русски")})
}

fn part_body(category_id: i64, en: &str, price: i64) -> Value {
    json!({"category_id": category_id, "name_he": format!("{en} he"), "name_en": en, "name_ru": format!("{en} ru"),
           "part_number": format!("PN-{en}"), "price_agorot": price, "is_common": true})
}

async fn create_category(app: &TestApp, admin: &Account, slug: &str, en: &str) -> Value {
    let (status, body) = app.post_json("/api/admin/categories", &category_body(slug, en), &admin.token).await;
    assert_eq!(status, 201, "{body}");
    body
}

async fn create_part(app: &TestApp, admin: &Account, category_id: i64, en: &str, price: i64) -> Value {
    let (status, body) = app.post_json("/api/admin/parts", &part_body(category_id, en, price), &admin.token).await;
    assert_eq!(status, 201, "{body}");
    body
}

#[tokio::test]
async fn catalog_routes_are_404_feature_disabled_when_part_categories_is_off() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let reads = ["/api/categories", "/api/parts", "/api/parts?category_id=1"];
    for path in reads {
        for token in [&staff.avi.token, &staff.admin.token] {
            let (status, body) = app.get_json(path, token).await;
            assert_error(status, &body, 404, "feature_disabled");
            assert!(body["error"]["message"].as_str().unwrap().contains("ENABLE_PART_CATEGORIES"), "{body}");
        }
    }
    let writes: [(Method, &str, Option<Value>); 8] = [
        (Method::POST, "/api/admin/categories", Some(category_body("brakes", "Brakes"))),
        (Method::PUT, "/api/admin/categories/1", Some(category_body("brakes", "Brakes"))),
        (Method::DELETE, "/api/admin/categories/1", None),
        (Method::POST, "/api/admin/categories/reorder", Some(json!({"ids": [1]}))),
        (Method::POST, "/api/admin/parts", Some(part_body(1, "Pads", 100))),
        (Method::PUT, "/api/admin/parts/1", Some(part_body(1, "Pads", 100))),
        (Method::DELETE, "/api/admin/parts/1", None),
        (Method::POST, "/api/admin/parts/reorder", Some(json!({"ids": [1]}))),
    ];
    for (method, path, body) in writes {
        let (status, answer) =
            json(app.send(method.clone(), path, body.as_ref(), Some(&staff.admin.token)).await).await;
        assert_error(status, &answer, 404, "feature_disabled");
        // A mechanic is refused before the flag is even looked at.
        let (status, answer) = json(app.send(method, path, body.as_ref(), Some(&staff.avi.token)).await).await;
        assert_error(status, &answer, 403, "forbidden");
    }
}

#[tokio::test]
async fn with_part_categories_off_an_order_or_item_naming_a_part_id_is_422() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let (status, body) = app
        .post_json(
            "/api/orders",
            &json!({"vin": "PARTOFF1", "part_id": 1, "original_or_analog": "original"}),
            &staff.avi.token,
        )
        .await;
    assert_error(status, &body, 422, "validation");
    assert_eq!(body["error"]["field"], "part_id");

    let id = app.new_order_id(&staff.avi.token, "PARTOFF2").await;
    let (status, body) = app
        .post_json(
            &format!("/api/orders/{id}/items"),
            &json!({"kind": "catalog_part", "part_id": 1, "quantity": 1}),
            &staff.avi.token,
        )
        .await;
    assert_error(status, &body, 422, "validation");
    assert_eq!(body["error"]["field"], "part_id");
}

#[tokio::test]
async fn plan_step_2_2_categories_and_parts_answer_200_when_on_even_when_empty() {
    let app = spawn_app_with(|config| config.flags.enable_part_categories = Some(true)).await;
    let staff = app.staff().await;
    let (status, body) = app.get_json("/api/categories", &staff.avi.token).await;
    assert_eq!((status, body), (200, json!([])));
    let (status, body) = app.get_json("/api/parts?category_id=1", &staff.avi.token).await;
    assert_eq!((status, body), (200, json!([])));
}

#[tokio::test]
async fn admins_keep_the_catalog_and_everyone_reads_it_in_sort_order_filtered_by_category() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let brakes = create_category(&app, &staff.admin, "brakes", "Brakes").await;
    let filters = create_category(&app, &staff.admin, "filters", "Filters").await;
    assert_eq!(brakes["sort_order"], 0);
    assert_eq!(filters["sort_order"], 1);
    assert_eq!(brakes["part_count"], 0);
    let (brakes_id, filters_id) = (brakes["id"].as_i64().unwrap(), filters["id"].as_i64().unwrap());
    let pads = create_part(&app, &staff.admin, brakes_id, "Front pads", 24000).await;
    let disc = create_part(&app, &staff.admin, brakes_id, "Front disc", 38000).await;
    let oil = create_part(&app, &staff.admin, filters_id, "Oil filter", 3500).await;
    assert_eq!(pads["name_he"], "Front pads he");
    assert_eq!(pads["name_ru"], "Front pads ru");
    assert_eq!(pads["price_agorot"], 24000);
    assert_eq!(pads["part_number"], "PN-Front pads");

    let (status, categories) = app.get_json("/api/categories", &staff.avi.token).await;
    assert_eq!(status, 200);
    let summary: Vec<_> =
        categories.as_array().unwrap().iter().map(|c| (c["slug"].clone(), c["part_count"].clone())).collect();
    assert_eq!(summary, [(json!("brakes"), json!(2)), (json!("filters"), json!(1))]);
    assert_eq!(categories[0]["name_he"], "Brakes בעברית");
    assert_eq!(categories[0]["name_ru"], "Brakes по-русски");

    let (status, parts) = app.get_json(&format!("/api/parts?category_id={brakes_id}"), &staff.avi.token).await;
    assert_eq!(status, 200);
    let ids: Vec<_> = parts.as_array().unwrap().iter().map(|p| p["id"].clone()).collect();
    assert_eq!(ids, [pads["id"].clone(), disc["id"].clone()]);
    let (_, parts) = app.get_json(&format!("/api/parts?category_id={filters_id}"), &staff.avi.token).await;
    assert_eq!(parts.as_array().unwrap().len(), 1);
    assert_eq!(parts[0]["id"], oil["id"]);
    let (_, parts) = app.get_json("/api/parts", &staff.avi.token).await;
    assert_eq!(parts.as_array().unwrap().len(), 3);
    let (status, parts) = app.get_json("/api/parts?q=DISC", &staff.avi.token).await;
    assert_eq!(status, 200, "{parts}");
    assert_eq!(parts.as_array().unwrap().len(), 1, "{parts}");
    assert_eq!(parts[0]["id"], disc["id"]);
    let (_, parts) = app.get_json("/api/parts?q=pn-oil", &staff.avi.token).await;
    assert_eq!(parts[0]["id"], oil["id"], "by part number");
    let (_, parts) = app.get_json("/api/parts?q=%D0%BA%D0%BE%D0%BB%D0%BE%D0%B4%D0%BA%D0%B8", &staff.avi.token).await;
    assert_eq!(parts, json!([]), "no such Russian name");
    let (_, parts) = app.get_json("/api/parts?q=pads%20ru", &staff.avi.token).await;
    assert_eq!(parts[0]["id"], pads["id"], "by Russian name");
    for wildcard in ["%25", "_"] {
        let (status, parts) = app.get_json(&format!("/api/parts?q={wildcard}"), &staff.avi.token).await;
        assert_eq!((status, parts), (200, json!([])), "{wildcard} is literal");
    }

    // Reordering puts filters first.
    let (status, reordered) = app
        .post_json("/api/admin/categories/reorder", &json!({"ids": [filters_id, brakes_id]}), &staff.admin.token)
        .await;
    assert_eq!(status, 200, "{reordered}");
    assert_eq!(reordered[0]["id"], filters_id);
    let status = app
        .status_of(
            Method::POST,
            "/api/admin/parts/reorder",
            Some(&json!({"ids": [disc["id"], pads["id"]]})),
            &staff.admin.token,
        )
        .await;
    assert_eq!(status, 204);
    let (_, parts) = app.get_json(&format!("/api/parts?category_id={brakes_id}"), &staff.avi.token).await;
    assert_eq!(parts[0]["id"], disc["id"]);

    // Updates.
    let mut changed = category_body("brakes", "Brakes and discs");
    changed["sort_order"] = json!(7);
    let (status, updated) =
        app.put_json(&format!("/api/admin/categories/{brakes_id}"), &changed, &staff.admin.token).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["name_en"], "Brakes and discs");
    assert_eq!(updated["sort_order"], 7);
    assert_eq!(updated["part_count"], 2);
    let (status, updated) = app
        .put_json(
            &format!("/api/admin/parts/{}", pads["id"]),
            &part_body(filters_id, "Front pads", 25000),
            &staff.admin.token,
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!((updated["price_agorot"].clone(), updated["category_id"].clone()), (json!(25000), json!(filters_id)));

    // Mechanics read but never write.
    let (status, body) = app.post_json("/api/admin/categories", &category_body("x", "X"), &staff.avi.token).await;
    assert_error(status, &body, 403, "forbidden");
}

#[tokio::test]
async fn catalog_writes_check_their_input() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let brakes = create_category(&app, &staff.admin, "brakes", "Brakes").await;
    let id = brakes["id"].as_i64().unwrap();
    let token = &staff.admin.token;

    let (status, body) = app.post_json("/api/admin/categories", &category_body("brakes", "Other"), token).await;
    assert_error(status, &body, 409, "conflict");
    assert_eq!(body["error"]["field"], "slug");
    let (status, body) = app.post_json("/api/admin/categories", &category_body("b2", "  "), token).await;
    assert_error(status, &body, 422, "validation");
    assert_eq!(body["error"]["field"], "name_en");
    let (status, body) = app.post_json("/api/admin/parts", &part_body(id, "Pads", -1), token).await;
    assert_error(status, &body, 422, "validation");
    assert_eq!(body["error"]["field"], "price_agorot");
    let (status, body) = app.post_json("/api/admin/parts", &part_body(id + 100, "Pads", 100), token).await;
    assert_error(status, &body, 422, "validation");
    assert_eq!(body["error"]["field"], "category_id");
    let (status, body) = app.put_json("/api/admin/categories/999", &category_body("nope", "Nope"), token).await;
    assert_error(status, &body, 404, "not_found");
    let (status, body) = app.put_json("/api/admin/parts/999", &part_body(id, "Nope", 1), token).await;
    assert_error(status, &body, 404, "not_found");
    let (status, body) = json(app.send(Method::DELETE, "/api/admin/categories/999", None, Some(token)).await).await;
    assert_error(status, &body, 404, "not_found");
    let (status, body) = app.post_json("/api/admin/categories/reorder", &json!({"ids": [999]}), token).await;
    assert_error(status, &body, 422, "validation");
    // The slug is made from the English name when left out.
    let (status, body) = app
        .post_json(
            "/api/admin/categories",
            &json!({"name_he": "חשמל", "name_en": "Electrical & Lights", "name_ru": "Электрика"}),
            token,
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["slug"], "electrical_lights");
}

#[tokio::test]
async fn an_order_may_reference_a_catalog_part_by_id_in_the_mechanics_language() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let brakes = create_category(&app, &staff.admin, "brakes", "Brakes").await;
    let pads = create_part(&app, &staff.admin, brakes["id"].as_i64().unwrap(), "Front pads", 24000).await;

    let order = app
        .create_order(&staff.avi.token, &json!({"vin": "CATALOG1", "part_id": pads["id"], "original_or_analog": "original", "car_number": "12-345-67"}))
        .await;
    assert_eq!(order["part_id"], pads["id"]);
    assert_eq!(order["category_id"], brakes["id"]);
    // The test users read English.
    assert_eq!(order["part_type"], "Front pads");
    assert_eq!(order["category"], "Brakes");
    assert_eq!(order["car_number"], "12-345-67");

    // A free-text category naming a catalog category by slug links to it too.
    let order = app.create_order(&staff.avi.token, &crate::helpers::plan_step_2_1_body()).await;
    assert_eq!(order["category_id"], brakes["id"]);
    assert_eq!(order["part_id"], Value::Null);

    let (status, body) = app
        .post_json(
            "/api/orders",
            &json!({"vin": "CATALOG2", "part_id": 9999, "original_or_analog": "original"}),
            &staff.avi.token,
        )
        .await;
    assert_error(status, &body, 422, "validation");
    assert_eq!(body["error"]["field"], "part_id");
}

#[tokio::test]
async fn deleting_a_category_in_use_is_409_and_an_unused_one_204() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let token = &staff.admin.token;
    let brakes = create_category(&app, &staff.admin, "brakes", "Brakes").await;
    let engine = create_category(&app, &staff.admin, "engine", "Engine").await;
    let empty = create_category(&app, &staff.admin, "empty", "Empty").await;
    let pads = create_part(&app, &staff.admin, brakes["id"].as_i64().unwrap(), "Pads", 100).await;
    // An order naming "engine" as its category uses it, with no parts in it.
    app.create_order(
        &staff.avi.token,
        &json!({"vin": "USES1", "part_type": "belt", "category": "engine", "original_or_analog": "analog"}),
    )
    .await;

    for (category, parts, orders) in [(&brakes, 1, 0), (&engine, 0, 1)] {
        let path = format!("/api/admin/categories/{}", category["id"]);
        let (status, body) = json(app.send(Method::DELETE, &path, None, Some(token)).await).await;
        assert_error(status, &body, 409, "conflict");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(&format!("{parts} part(s) and {orders} order(s)")), "{message}");
    }
    let status = app.status_of(Method::DELETE, &format!("/api/admin/categories/{}", empty["id"]), None, token).await;
    assert_eq!(status, 204);
    let (_, categories) = app.get_json("/api/categories", token).await;
    assert_eq!(categories.as_array().unwrap().len(), 2);

    // A part an order uses cannot go either; once its only item is removed it can.
    let order = app.new_order_id(&staff.avi.token, "USES2").await;
    let (status, item) = app
        .post_json(
            &format!("/api/orders/{order}/items"),
            &json!({"kind": "catalog_part", "part_id": pads["id"], "quantity": 1}),
            &staff.avi.token,
        )
        .await;
    assert_eq!(status, 201, "{item}");
    let (status, body) =
        json(app.send(Method::DELETE, &format!("/api/admin/parts/{}", pads["id"]), None, Some(token)).await).await;
    assert_error(status, &body, 409, "conflict");
    let status = app
        .status_of(Method::DELETE, &format!("/api/orders/{order}/items/{}", item["id"]), None, &staff.avi.token)
        .await;
    assert_eq!(status, 204);
    let status = app.status_of(Method::DELETE, &format!("/api/admin/parts/{}", pads["id"]), None, token).await;
    assert_eq!(status, 204);
    let status = app.status_of(Method::DELETE, &format!("/api/admin/categories/{}", brakes["id"]), None, token).await;
    assert_eq!(status, 204);
}
