//! `GET /api/orders`: pages that are stable and newest first, counts per status, and every filter.

use chrono::{TimeZone, Utc};
use futures::StreamExt;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, Database, EntityTrait, QueryFilter, Statement};
use serde_json::{Value, json};

use server::entities::order;

use crate::helpers::{TestApp, assert_error, spawn_app, spawn_app_with};

fn ids(page: &Value) -> Vec<i64> {
    page["orders"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect()
}

async fn list(app: &TestApp, query: &str, token: &str) -> Value {
    let (status, page) = app.get_json(&format!("/api/orders{query}"), token).await;
    assert_eq!(status, 200, "{query}: {page}");
    page
}

/// Sets an order's creation time directly, as if it had been made then.
async fn backdate(app: &TestApp, id: i64, at: chrono::DateTime<Utc>) {
    let db = Database::connect(&app.database_url).await.unwrap();
    order::Entity::update_many()
        .col_expr(order::Column::CreatedAt, Expr::value(at))
        .filter(order::Column::Id.eq(id))
        .exec(&db)
        .await
        .unwrap();
    db.close().await.unwrap();
}

#[tokio::test]
async fn pages_are_newest_first_stable_and_cover_every_order_once() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let mut created = Vec::new();
    for n in 0..7 {
        created.push(app.new_order_id(&staff.avi.token, &format!("PAGE{n}")).await);
    }
    // Two orders created in the same instant are told apart by id.
    let same = Utc.with_ymd_and_hms(2025, 3, 12, 8, 0, 0).unwrap();
    backdate(&app, created[2], same).await;
    backdate(&app, created[3], same).await;
    let mut expected = created.clone();
    expected.retain(|id| *id != created[2] && *id != created[3]);
    expected.reverse();
    expected.extend([created[3], created[2]]);

    let mut seen = Vec::new();
    for page in 1..=3 {
        let body = list(&app, &format!("?per_page=3&page={page}"), &staff.avi.token).await;
        assert_eq!(body["page"], page);
        assert_eq!(body["per_page"], 3);
        assert_eq!(body["total"], 7);
        seen.extend(ids(&body));
        // Asking again gives the same page.
        assert_eq!(ids(&list(&app, &format!("?per_page=3&page={page}"), &staff.avi.token).await), ids(&body));
    }
    assert_eq!(seen, expected);
    let past_the_end = list(&app, "?per_page=3&page=4", &staff.avi.token).await;
    assert_eq!(past_the_end["orders"], json!([]));
    assert_eq!(past_the_end["total"], 7);
    let default = list(&app, "", &staff.avi.token).await;
    assert_eq!((default["page"].clone(), default["per_page"].clone()), (json!(1), json!(20)));
    assert_eq!(ids(&default), expected);
}

#[tokio::test]
async fn counts_per_status_cover_the_other_filters_and_the_status_filter_picks_the_page() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let mut orders = Vec::new();
    for n in 0..8 {
        orders.push(app.new_order_id(&staff.avi.token, &format!("COUNT{n}")).await);
    }
    let misha = app.new_order_id(&staff.misha.token, "COUNTM").await;
    for (index, status) in
        [(0, "in_progress"), (1, "in_progress"), (2, "ready"), (3, "completed"), (4, "cancelled"), (5, "ready")]
    {
        app.move_order(orders[index], status, &staff.avi.token).await;
    }
    let expected_counts = json!({"all": 8, "new": 2, "in_progress": 2, "ready": 2, "completed": 1, "cancelled": 1});

    let all = list(&app, "", &staff.avi.token).await;
    assert_eq!(all["counts"], expected_counts);
    assert_eq!(all["total"], 8);

    let ready = list(&app, "?status=ready", &staff.avi.token).await;
    assert_eq!(ready["counts"], expected_counts, "counts ignore the status filter");
    assert_eq!(ready["total"], 2);
    assert_eq!(ids(&ready), vec![orders[5], orders[2]]);
    let several = list(&app, "?status=new,completed", &staff.avi.token).await;
    assert_eq!(ids(&several), vec![orders[7], orders[6], orders[3]]);
    let open = list(&app, "?status=open", &staff.avi.token).await;
    assert_eq!(open["total"], 6);
    let everything = list(&app, "?status=all", &staff.avi.token).await;
    assert_eq!(everything["total"], 8);

    // The admin's counts cover everyone; a mechanic filter narrows them.
    let shop = list(&app, "", &staff.admin.token).await;
    assert_eq!(shop["counts"]["all"], 9);
    assert_eq!(shop["counts"]["new"], 3);
    let mishas = list(&app, &format!("?mechanic_id={}", staff.misha.id), &staff.admin.token).await;
    assert_eq!(ids(&mishas), vec![misha]);
    assert_eq!(
        mishas["counts"],
        json!({"all": 1, "new": 1, "in_progress": 0, "ready": 0, "completed": 0, "cancelled": 0})
    );
    let (_, dashboard) = app.get_json("/api/dashboard", &staff.avi.token).await;
    assert_eq!(dashboard["counts"], expected_counts);
    assert_eq!(dashboard["created_today"], 8);
    assert_eq!(dashboard["completed_today"], 1);
}

#[tokio::test]
async fn filters_by_vin_free_text_and_dates() {
    let app = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let staff = app.staff().await;
    let token = &staff.admin.token;
    let first = app
        .create_order(&staff.avi.token, &json!({"vin": "WVWZZZ1KZAW000101", "car_number": "12-345-67", "part_type": "Brake pads", "category": "brakes", "original_or_analog": "original"}))
        .await["id"]
        .as_i64()
        .unwrap();
    let second = app
        .create_order(&staff.misha.token, &json!({"vin": "JTDKB20U093000202", "car_number": "45-678-90", "part_type": "Oil filter", "category": "filters", "original_or_analog": "analog"}))
        .await["id"]
        .as_i64()
        .unwrap();
    let third = app.new_order_id(&staff.avi.token, "KMHCT41BAEU000303").await;
    // Jerusalem is UTC+2 in March: 21:30Z on the 10th is still the 10th there, 22:30Z on the 11th
    // is already the 12th.
    backdate(&app, first, Utc.with_ymd_and_hms(2025, 3, 10, 21, 30, 0).unwrap()).await;
    backdate(&app, second, Utc.with_ymd_and_hms(2025, 3, 11, 22, 30, 0).unwrap()).await;
    backdate(&app, third, Utc.with_ymd_and_hms(2025, 3, 20, 9, 0, 0).unwrap()).await;

    let cases: Vec<(String, Vec<i64>)> = vec![
        ("?vin=000101".into(), vec![first]),
        ("?vin=wvw%20zzz".into(), vec![first]),
        ("?vin=0".into(), vec![third, second, first]),
        ("?car_number=45 678".into(), vec![second]),
        ("?q=oil".into(), vec![third, second]),
        ("?q=oil%20filter&vin=JTD".into(), vec![second]),
        ("?q=BRAKES".into(), vec![first]),
        ("?q=misha".into(), vec![second]),
        ("?q=12-345".into(), vec![first]),
        (format!("?q=%23{third}"), vec![third]),
        ("?q=100%25".into(), vec![]),
        ("?q=_".into(), vec![]),
        ("?from=2025-03-11".into(), vec![third, second]),
        ("?to=2025-03-11".into(), vec![first]),
        ("?from=2025-03-10&to=2025-03-12".into(), vec![second, first]),
        ("?from=2025-03-12&to=2025-03-12".into(), vec![second]),
        ("?from=2025-03-12&tz=UTC".into(), vec![third]),
        ("?from=2025-03-11T22:00:00Z&to=2025-03-11T23:00:00Z".into(), vec![second]),
        ("?from=2025-03-21".into(), vec![]),
        (format!("?mechanic_id={}&from=2025-03-01", staff.avi.id), vec![third, first]),
        (format!("?mechanic_id={}&status=new&vin=JTDKB", staff.misha.id), vec![second]),
    ];
    for (query, expected) in cases {
        let page = list(&app, &query, token).await;
        assert_eq!(ids(&page), expected, "{query}");
        assert_eq!(page["total"], expected.len(), "{query}");
        assert_eq!(page["counts"]["all"], expected.len(), "{query}");
    }
    // A mechanic's filters apply within their own orders only.
    let page = list(&app, "?vin=0", &staff.avi.token).await;
    assert_eq!(ids(&page), vec![third, first]);
}

#[tokio::test]
async fn a_mechanic_cannot_filter_by_another_mechanic() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    app.new_order_id(&staff.misha.token, "OTHER1").await;
    let (status, body) = app.get_json(&format!("/api/orders?mechanic_id={}", staff.misha.id), &staff.avi.token).await;
    assert_error(status, &body, 403, "forbidden");
}

#[tokio::test]
async fn the_csv_export_holds_the_filtered_orders_with_a_bom() {
    let app = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let staff = app.staff().await;
    app.create_order(&staff.avi.token, &crate::helpers::plan_step_2_1_body()).await;
    app.new_order_id(&staff.misha.token, "CSV2").await;
    let response = app
        .client
        .get(app.url(&format!("/api/admin/orders/export.csv?mechanic_id={}", staff.avi.id)))
        .bearer_auth(&staff.admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<_> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("id,created_at,status,mechanic,vin,car_number,"), "{text}");
    assert!(lines[1].contains("TEST123456789") && lines[1].contains("12-345-67"), "{text}");
}

/// A search that matches few orders is answered from their ids kept in memory, one that matches
/// more than a thousand by walking the date index; both give the same pages, totals and counts as
/// a list without the search would for the same orders.
#[tokio::test]
async fn searches_matching_few_or_many_orders_page_and_count_alike() {
    let app = &spawn_app().await;
    let staff = app.staff().await;
    let token = &staff.avi.token;
    let many: Vec<i64> = futures::stream::iter(0..1003)
        .map(|n| async move { app.new_order_id(token, &format!("MANY{n:05}")).await })
        .buffered(16)
        .collect()
        .await;
    let few: Vec<i64> = futures::stream::iter(0..5)
        .map(|n| async move { app.new_order_id(token, &format!("FEW{n:05}")).await })
        .buffered(1)
        .collect()
        .await;
    for id in [few[1], few[3], many[0], many[1002]] {
        app.move_order(id, "in_progress", token).await;
    }
    let newest_first = |ids: &[i64]| ids.iter().rev().copied().collect::<Vec<i64>>();
    // `buffered` keeps the order the creations were started in, not the order they committed in.
    let mut many_sorted = many.clone();
    many_sorted.sort();

    let found = list(app, "?vin=FEW&per_page=2&page=2", token).await;
    assert_eq!(found["total"], 5);
    assert_eq!(ids(&found), newest_first(&few)[2..4]);
    assert_eq!(found["counts"]["in_progress"], 2);
    assert_eq!(found["counts"]["new"], 3);
    let moved = list(app, "?vin=FEW&status=in_progress", token).await;
    assert_eq!(ids(&moved), vec![few[3], few[1]]);
    assert_eq!(moved["total"], 2);
    assert_eq!(list(app, "?vin=FEW&page=9", token).await["orders"], json!([]));

    let last = list(app, "?vin=MANY&per_page=100&page=11", token).await;
    assert_eq!(last["total"], 1003);
    assert_eq!(ids(&last), newest_first(&many_sorted[..3]));
    assert_eq!(last["counts"]["in_progress"], 2);
    let moved = list(app, "?vin=MANY&status=in_progress", token).await;
    assert_eq!(ids(&moved), vec![many[1002].max(many[0]), many[1002].min(many[0])]);
    let first = list(app, "?q=many&per_page=3", token).await;
    assert_eq!(ids(&first), newest_first(&many_sorted[1000..]));
    assert_eq!(first["total"], 1003);
}

/// The counts beside a list come from `order_counts`, which triggers keep: after creations by
/// mechanics and an admin, an unassigned order, an assignment, moves out of and into statuses and an order
/// deleted with SQL, it still equals a count of the orders, and the lists show the same numbers.
#[tokio::test]
async fn kept_counts_follow_every_change_to_the_orders() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let avi = app.new_order_id(&staff.avi.token, "KEPT1").await;
    let misha = app.new_order_id(&staff.misha.token, "KEPT2").await;
    let gone = app.new_order_id(&staff.misha.token, "KEPT3").await;
    let waiting =
        app.create_order(&staff.admin.token, &crate::helpers::plan_step_4_2_body()).await["id"].as_i64().unwrap();
    app.move_order(avi, "in_progress", &staff.avi.token).await;
    app.move_order(avi, "cancelled", &staff.avi.token).await;
    app.move_order(misha, "in_progress", &staff.misha.token).await;
    let (status, body) = app
        .patch_json(
            &format!("/api/admin/orders/{waiting}/assign"),
            &json!({"mechanic_id": staff.avi.id}),
            &staff.admin.token,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let db = Database::connect(&app.database_url).await.unwrap();
    order::Entity::delete_by_id(gone).exec(&db).await.unwrap();

    let backend = db.get_database_backend();
    let read = |sql: &str| {
        let statement = Statement::from_string(backend, sql.to_owned());
        let db = &db;
        async move {
            let mut rows: Vec<(i64, String, i64)> = db
                .query_all_raw(statement)
                .await
                .unwrap()
                .iter()
                .map(|row| {
                    (row.try_get("", "m").unwrap(), row.try_get("", "s").unwrap(), row.try_get("", "n").unwrap())
                })
                .filter(|(_, _, n)| *n != 0)
                .collect();
            rows.sort();
            rows
        }
    };
    let kept = read("SELECT mechanic_key AS m, status AS s, CAST(count AS BIGINT) AS n FROM order_counts").await;
    let counted = read(
        "SELECT CAST(COALESCE(mechanic_id, 0) AS BIGINT) AS m, status AS s, CAST(COUNT(*) AS BIGINT) AS n FROM orders \
         GROUP BY COALESCE(mechanic_id, 0), status",
    )
    .await;
    assert_eq!(kept, counted);
    assert_eq!(
        kept,
        vec![
            (staff.avi.id, "cancelled".to_owned(), 1),
            (staff.avi.id, "new".to_owned(), 1),
            (staff.misha.id, "in_progress".to_owned(), 1)
        ]
    );
    db.close().await.unwrap();

    let avis = list(&app, "", &staff.avi.token).await;
    assert_eq!(
        avis["counts"],
        json!({"all": 2, "new": 1, "in_progress": 0, "ready": 0, "completed": 0, "cancelled": 1})
    );
    let shop = list(&app, "", &staff.admin.token).await;
    assert_eq!(shop["counts"]["all"], 3);
    assert_eq!(shop["counts"]["in_progress"], 1);
    let mishas = list(&app, &format!("?mechanic_id={}", staff.misha.id), &staff.admin.token).await;
    assert_eq!(mishas["counts"]["all"], 1);
}

/// PostgreSQL only: the server analyzes a table that grew, so that the list's queries are planned
/// by its real size (without statistics, every deep page read and sorted the whole table). Our
/// CI's PostgreSQL runs without autovacuum, so nothing else analyzes it here.
#[tokio::test]
async fn on_postgresql_the_server_analyzes_the_orders_once_they_grew() {
    let app = spawn_app().await;
    if !app.database_url.starts_with("postgres") {
        return; // SQLite plans by its indexes; there is nothing to analyze.
    }
    let staff = app.staff().await;
    let db = Database::connect(&app.database_url).await.unwrap();
    let last_analyzed = || async {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT CAST(EXTRACT(EPOCH FROM COALESCE(last_analyze, last_autoanalyze)) AS DOUBLE PRECISION) AS at \
                 FROM pg_stat_user_tables WHERE relname = 'orders' AND schemaname = current_schema()",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<Option<f64>>("", "at").unwrap()
    };
    // The migrations' first statistics, if any: what follows must be newer.
    let before = last_analyzed().await;
    for n in 0..120 {
        app.create_order(&staff.avi.token, &crate::helpers::order_body(&format!("GROW{n:03}"))).await;
    }
    // The server looks every second; PostgreSQL counts the changes within a second.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let now = last_analyzed().await;
        if now.is_some() && now > before {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "orders not analyzed within 30 s (last {now:?})");
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    // Analyzed, it is not stale again until it changes again.
    let again = server::db::statistics::analyze_stale(&db).await.unwrap();
    assert!(!again.contains(&"orders".to_owned()), "{again:?}");
}
