//! Work on an order: items and totals in integer agorot, the timer rules, manual time, and a
//! mechanic's history by day, week and month.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{assert_error, json, spawn_app, spawn_app_with_features};

#[tokio::test]
async fn totals_add_catalog_parts_custom_parts_and_work_in_integer_agorot() {
    let app = spawn_app_with_features().await;
    let staff = app.staff().await;
    let (_, category) = app
        .post_json(
            "/api/admin/categories",
            &json!({"slug": "brakes", "name_he": "בלמים", "name_en": "Brakes", "name_ru": "Тормоза"}),
            &staff.admin.token,
        )
        .await;
    let (_, part) = app
        .post_json(
            "/api/admin/parts",
            &json!({"category_id": category["id"], "name_he": "רפידות", "name_en": "Front pads", "name_ru": "Колодки",
                    "part_number": "BP-1001", "price_agorot": 24_050}),
            &staff.admin.token,
        )
        .await;
    let id = app.new_order_id(&staff.avi.token, "TOTALS1").await;
    let items = format!("/api/orders/{id}/items");

    let (status, catalog) = app
        .post_json(&items, &json!({"kind": "catalog_part", "part_id": part["id"], "quantity": 2}), &staff.avi.token)
        .await;
    assert_eq!(status, 201, "{catalog}");
    assert_eq!(catalog["kind"], "catalog_part");
    assert_eq!(catalog["name"], "Front pads");
    assert_eq!(catalog["part_number"], "BP-1001");
    assert_eq!(catalog["unit_price_agorot"], 24_050);
    assert_eq!(catalog["line_total_agorot"], 48_100);

    let (status, custom) = app
        .post_json(
            &items,
            &json!({"kind": "custom_part", "name": "Clip", "part_number": "C-9", "unit_price_agorot": 333, "quantity": 3}),
            &staff.avi.token,
        )
        .await;
    assert_eq!(status, 201, "{custom}");
    assert_eq!(custom["line_total_agorot"], 999);

    let (status, work) = app
        .post_json(
            &items,
            &json!({"kind": "work", "name": "Fitting", "price_agorot": 18_000, "minutes": 45}),
            &staff.avi.token,
        )
        .await;
    assert_eq!(status, 201, "{work}");
    assert_eq!(work["minutes"], 45);
    assert_eq!(work["quantity"], 1);
    assert_eq!(work["line_total_agorot"], 18_000);

    let details = app.details(id, &staff.avi.token).await;
    assert_eq!(
        details["totals"],
        json!({"parts_agorot": 49_099, "work_agorot": 18_000, "total_agorot": 67_099, "tracked_seconds": 0})
    );
    let kinds: Vec<_> = details["items"].as_array().unwrap().iter().map(|i| i["kind"].clone()).collect();
    assert_eq!(kinds, [json!("catalog_part"), json!("custom_part"), json!("work")]);

    // A later price change in the catalog does not change what the order was billed.
    let (status, _) = app
        .put_json(
            &format!("/api/admin/parts/{}", part["id"]),
            &json!({"category_id": category["id"], "name_he": "רפידות", "name_en": "Front pads", "name_ru": "Колодки", "price_agorot": 1}),
            &staff.admin.token,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(app.details(id, &staff.avi.token).await["totals"]["parts_agorot"], 49_099);

    // Removing a line takes it out of the totals.
    let status = app.status_of(Method::DELETE, &format!("{items}/{}", custom["id"]), None, &staff.avi.token).await;
    assert_eq!(status, 204);
    let totals = app.details(id, &staff.avi.token).await["totals"].clone();
    assert_eq!(totals["parts_agorot"], 48_100);
    assert_eq!(totals["total_agorot"], 66_100);
    let (status, body) =
        json(app.send(Method::DELETE, &format!("{items}/{}", custom["id"]), None, Some(&staff.avi.token)).await).await;
    assert_error(status, &body, 404, "not_found");

    // Once the order is closed its lines are fixed.
    app.move_order(id, "completed", &staff.avi.token).await;
    let (status, body) = app
        .post_json(&items, &json!({"kind": "work", "name": "More", "price_agorot": 1, "minutes": 1}), &staff.avi.token)
        .await;
    assert_error(status, &body, 409, "conflict");
    let (status, body) =
        json(app.send(Method::DELETE, &format!("{items}/{}", work["id"]), None, Some(&staff.avi.token)).await).await;
    assert_error(status, &body, 409, "conflict");
}

#[tokio::test]
async fn item_inputs_are_bounded() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let id = app.new_order_id(&staff.avi.token, "ITEMS2").await;
    let items = format!("/api/orders/{id}/items");
    let cases = [
        (json!({"kind": "custom_part", "name": "x", "unit_price_agorot": -1, "quantity": 1}), "unit_price_agorot"),
        (
            json!({"kind": "custom_part", "name": "x", "unit_price_agorot": 1_000_000_001_i64, "quantity": 1}),
            "unit_price_agorot",
        ),
        (json!({"kind": "custom_part", "name": "x", "unit_price_agorot": 1, "quantity": 0}), "quantity"),
        (json!({"kind": "custom_part", "name": "x", "unit_price_agorot": 1, "quantity": 1000}), "quantity"),
        (json!({"kind": "custom_part", "name": " ", "unit_price_agorot": 1, "quantity": 1}), "name"),
        (json!({"kind": "work", "name": "w", "price_agorot": 1, "minutes": 0}), "minutes"),
        (json!({"kind": "work", "name": "w", "price_agorot": 1, "minutes": 24 * 60 + 1}), "minutes"),
    ];
    for (body, field) in cases {
        let (status, error) = app.post_json(&items, &body, &staff.avi.token).await;
        assert_error(status, &error, 422, "validation");
        assert_eq!(error["error"]["field"], field, "{body}");
    }
    // Inside a tagged enum serde loses the path, but the message still says what is wrong.
    let (status, error) = app
        .post_json(&items, &json!({"kind": "work", "name": "w", "price_agorot": 1.5, "minutes": 10}), &staff.avi.token)
        .await;
    assert_error(status, &error, 422, "validation");
    assert!(error["error"]["message"].as_str().unwrap().contains("1.5"), "{error}");
    let (status, error) = app.post_json(&items, &json!({"kind": "gift", "name": "x"}), &staff.avi.token).await;
    assert_error(status, &error, 422, "validation");
    assert!(error["error"]["message"].as_str().unwrap().contains("gift"), "{error}");
    // The largest price times the largest quantity stays exact.
    let (status, item) = app
        .post_json(
            &items,
            &json!({"kind": "custom_part", "name": "x", "unit_price_agorot": 1_000_000_000_i64, "quantity": 999}),
            &staff.avi.token,
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(item["line_total_agorot"], 999_000_000_000_i64);
}

#[tokio::test]
async fn a_mechanic_has_one_running_timer_and_stopping_needs_one() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let first = app.new_order_id(&staff.avi.token, "TIMER1").await;
    let second = app.new_order_id(&staff.avi.token, "TIMER2").await;
    let timer = |id: i64, action: &str| format!("/api/orders/{id}/timer/{action}");

    // Stop with nothing running.
    let (status, body) = app.post_json(&timer(first, "stop"), &json!({}), &staff.avi.token).await;
    assert_error(status, &body, 409, "conflict");

    let (status, started) = app.post_json(&timer(first, "start"), &json!({}), &staff.avi.token).await;
    assert_eq!(status, 201, "{started}");
    assert_eq!(started["order_id"], first);
    assert_eq!(started["mechanic_id"], staff.avi.id);
    assert_eq!(started["source"], "timer");
    assert_eq!(started["ended_at"], Value::Null);

    for id in [first, second] {
        let (status, body) = app.post_json(&timer(id, "start"), &json!({}), &staff.avi.token).await;
        assert_error(status, &body, 409, "conflict");
        assert!(body["error"]["message"].as_str().unwrap().contains(&format!("#{first}")), "{body}");
    }
    // Stopping on the wrong order names the right one.
    let (status, body) = app.post_json(&timer(second, "stop"), &json!({}), &staff.avi.token).await;
    assert_error(status, &body, 409, "conflict");
    assert!(body["error"]["message"].as_str().unwrap().contains(&format!("#{first}")), "{body}");

    // Someone else's timer is theirs: the admin can run one on the same order at the same time.
    let (status, _) = app.post_json(&timer(first, "start"), &json!({}), &staff.admin.token).await;
    assert_eq!(status, 201);
    let (_, dashboard) = app.get_json("/api/dashboard", &staff.avi.token).await;
    assert_eq!(dashboard["running_timer"]["id"], started["id"]);

    let (status, stopped) = app.post_json(&timer(first, "stop"), &json!({}), &staff.avi.token).await;
    assert_eq!(status, 200, "{stopped}");
    assert_eq!(stopped["id"], started["id"]);
    assert!(stopped["seconds"].as_i64().is_some_and(|s| s >= 0), "{stopped}");
    assert!(stopped["ended_at"].is_string());
    let (status, body) = app.post_json(&timer(first, "stop"), &json!({}), &staff.avi.token).await;
    assert_error(status, &body, 409, "conflict");

    // Now a new one may start, on the other order.
    let (status, _) = app.post_json(&timer(second, "start"), &json!({}), &staff.avi.token).await;
    assert_eq!(status, 201);

    // A closed order takes no more time.
    app.move_order(first, "cancelled", &staff.avi.token).await;
    let (status, _) = app.post_json(&timer(second, "stop"), &json!({}), &staff.avi.token).await;
    assert_eq!(status, 200);
    let (status, body) = app.post_json(&timer(first, "start"), &json!({}), &staff.avi.token).await;
    assert_error(status, &body, 409, "conflict");
}

#[tokio::test]
async fn manual_time_must_end_after_it_starts_and_counts_in_the_totals() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let id = app.new_order_id(&staff.avi.token, "MANUAL1").await;
    let path = format!("/api/orders/{id}/time-entries");

    let bad = [
        (json!({"started_at": "2025-03-12T10:00:00Z", "ended_at": "2025-03-12T09:00:00Z"}), "ended_at"),
        (json!({"started_at": "2025-03-12T10:00:00Z", "ended_at": "2025-03-12T10:00:00Z"}), "ended_at"),
        (json!({"started_at": "2025-03-12T00:00:00Z", "ended_at": "2025-03-12T16:00:01Z"}), "ended_at"),
        (json!({"started_at": "2999-01-01T10:00:00Z", "ended_at": "2999-01-01T11:00:00Z"}), "ended_at"),
        (json!({"started_at": "yesterday", "ended_at": "2025-03-12T10:00:00Z"}), "started_at"),
        (json!({"started_at": "2025-03-12T10:00:00Z"}), "ended_at"),
    ];
    for (body, field) in bad {
        let (status, error) = app.post_json(&path, &body, &staff.avi.token).await;
        assert_error(status, &error, 422, "validation");
        assert_eq!(error["error"]["field"], field, "{body}");
    }

    let (status, entry) = app
        .post_json(
            &path,
            &json!({"started_at": "2025-03-12T08:00:00Z", "ended_at": "2025-03-12T09:30:00Z", "note": "diagnosis"}),
            &staff.avi.token,
        )
        .await;
    assert_eq!(status, 201, "{entry}");
    assert_eq!(entry["seconds"], 5400);
    assert_eq!(entry["source"], "manual");
    assert_eq!(entry["note"], "diagnosis");
    // Offsets are understood: 10:00+02:00 is 08:00Z.
    let (status, entry) = app
        .post_json(
            &path,
            &json!({"started_at": "2025-03-13T10:00:00+02:00", "ended_at": "2025-03-13T10:10:00+02:00"}),
            &staff.avi.token,
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(entry["started_at"], "2025-03-13T08:00:00Z");

    // A short timer adds its seconds too.
    app.post_json(&format!("/api/orders/{id}/timer/start"), &json!({}), &staff.avi.token).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (_, stopped) = app.post_json(&format!("/api/orders/{id}/timer/stop"), &json!({}), &staff.avi.token).await;
    let timer_seconds = stopped["seconds"].as_i64().unwrap();
    assert!((1..=5).contains(&timer_seconds), "{stopped}");

    let details = app.details(id, &staff.avi.token).await;
    let expected = 5400 + 600 + timer_seconds;
    assert_eq!(details["totals"]["tracked_seconds"], expected);
    assert_eq!(details["order"]["tracked_seconds"], expected);
    assert_eq!(details["time_entries"].as_array().unwrap().len(), 3);
    let (_, page) = app.get_json("/api/orders", &staff.avi.token).await;
    assert_eq!(page["orders"][0]["tracked_seconds"], expected);
}

#[tokio::test]
async fn time_history_groups_by_local_day_over_a_day_a_week_and_a_month() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let id = app.new_order_id(&staff.avi.token, "HISTORY1").await;
    let other = app.new_order_id(&staff.misha.token, "HISTORY2").await;
    // Jerusalem is UTC+2 until 28 March 2025 and UTC+3 after. 12 March 2025 is a Wednesday.
    let entries = [
        ("2025-03-11T08:00:00Z", "2025-03-11T08:30:00Z"), // Tue 11, 1800 s
        ("2025-03-12T08:00:00Z", "2025-03-12T09:00:00Z"), // Wed 12, 3600 s
        ("2025-03-13T22:30:00Z", "2025-03-13T22:45:00Z"), // Fri 14 00:30 local, 900 s
        ("2025-03-16T08:00:00Z", "2025-03-16T08:45:00Z"), // Sun 16, next week, 2700 s
        ("2025-04-02T07:00:00Z", "2025-04-02T07:20:00Z"), // April, 1200 s
    ];
    for (start, end) in entries {
        let (status, body) = app
            .post_json(
                &format!("/api/orders/{id}/time-entries"),
                &json!({"started_at": start, "ended_at": end}),
                &staff.avi.token,
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    // Misha's time never shows in Avi's history.
    app.post_json(
        &format!("/api/orders/{other}/time-entries"),
        &json!({"started_at": "2025-03-12T10:00:00Z", "ended_at": "2025-03-12T11:00:00Z"}),
        &staff.misha.token,
    )
    .await;

    let history = |query: String, token: String| {
        let app = &app;
        async move {
            let (status, body) = app.get_json(&format!("/api/time/history?{query}"), &token).await;
            assert_eq!(status, 200, "{query}: {body}");
            let days: Vec<(String, i64)> = body["days"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| (d["date"].as_str().unwrap().to_owned(), d["seconds"].as_i64().unwrap()))
                .collect();
            (body["from"].clone(), body["to"].clone(), body["total_seconds"].as_i64().unwrap(), days)
        }
    };
    let day = |d: &str, s: i64| (d.to_owned(), s);
    let avi = staff.avi.token.clone();

    assert_eq!(
        history("period=day&date=2025-03-12".into(), avi.clone()).await,
        (json!("2025-03-12"), json!("2025-03-12"), 3600, vec![day("2025-03-12", 3600)])
    );
    assert_eq!(
        history("period=week&date=2025-03-12".into(), avi.clone()).await,
        (
            json!("2025-03-09"),
            json!("2025-03-15"),
            6300,
            vec![day("2025-03-14", 900), day("2025-03-12", 3600), day("2025-03-11", 1800)]
        )
    );
    assert_eq!(
        history("period=month&date=2025-03-20".into(), avi.clone()).await,
        (
            json!("2025-03-01"),
            json!("2025-03-31"),
            9000,
            vec![day("2025-03-16", 2700), day("2025-03-14", 900), day("2025-03-12", 3600), day("2025-03-11", 1800)]
        )
    );
    // Read in UTC, the late entry falls on the 13th.
    let (_, _, _, days) = history("period=week&date=2025-03-12&tz=UTC".into(), avi.clone()).await;
    assert_eq!(days, vec![day("2025-03-13", 900), day("2025-03-12", 3600), day("2025-03-11", 1800)]);
    // An admin may read a mechanic's history.
    let (_, _, total, _) =
        history(format!("period=month&date=2025-04-01&mechanic_id={}", staff.avi.id), staff.admin.token.clone()).await;
    assert_eq!(total, 1200);
    // Without a date it is today's period.
    let (_, _, total, days) = history("period=day".into(), avi.clone()).await;
    assert_eq!((total, days), (0, vec![]));

    for bad in ["period=year", "period=day&date=2025-13-01", "period=day&tz=Mars/Base", ""] {
        let (status, body) = app.get_json(&format!("/api/time/history?{bad}"), &avi).await;
        assert_error(status, &body, 422, "validation");
    }
}

#[tokio::test]
async fn a_mechanic_can_stop_their_timer_on_an_order_since_given_to_someone_else() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let id = app.new_order_id(&staff.avi.token, "REASSIGN1").await;
    let other = app.new_order_id(&staff.avi.token, "REASSIGN2").await;
    let (status, _) = app.post_json(&format!("/api/orders/{id}/timer/start"), &json!({}), &staff.avi.token).await;
    assert_eq!(status, 201);
    let (status, _) = app
        .patch_json(
            &format!("/api/admin/orders/{id}/assign"),
            &json!({"mechanic_id": staff.misha.id}),
            &staff.admin.token,
        )
        .await;
    assert_eq!(status, 200);

    // The order is Misha's now, but the running timer is still Avi's to stop.
    let (status, body) = app.get_json(&format!("/api/orders/{id}"), &staff.avi.token).await;
    assert_error(status, &body, 404, "not_found");
    let (status, stopped) = app.post_json(&format!("/api/orders/{id}/timer/stop"), &json!({}), &staff.avi.token).await;
    assert_eq!(status, 200, "{stopped}");
    assert_eq!(stopped["mechanic_id"], staff.avi.id);
    let (status, _) = app.post_json(&format!("/api/orders/{other}/timer/start"), &json!({}), &staff.avi.token).await;
    assert_eq!(status, 201, "free to time other work");
    // Stopping on an order they cannot see, with no timer of theirs on it, is still a 404.
    let (status, body) = app.post_json(&format!("/api/orders/{id}/timer/stop"), &json!({}), &staff.avi.token).await;
    assert_error(status, &body, 404, "not_found");
}
