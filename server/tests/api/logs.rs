//! The real `felix-hub` process's log: one JSON object per line with `LOG_FORMAT=json`, one line
//! per request with its route template, status, latency and request id, no colour codes in a
//! file, and never a sign-in link's token.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::bot_api::BotApi;
use crate::crash::{admin_token, free_port, start, wait_healthy};
use crate::helpers::TestDatabase;

const MECHANIC_CHAT: i64 = 7070;

/// Adds a mechanic whose Telegram chat is linked, through `felix-hub user create`.
fn create_mechanic(db: &TestDatabase) {
    let mut create = Command::new(env!("CARGO_BIN_EXE_felix-hub"))
        .args(["user", "create", "--username", "avi", "--name", "Avi", "--role", "mechanic", "--language", "en"])
        .args(["--telegram-chat-id", &MECHANIC_CHAT.to_string()])
        .env_clear()
        .env("DATABASE_URL", &db.url)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    create.stdin.take().unwrap().write_all(b"password-123\n").unwrap();
    assert!(create.wait().unwrap().success());
}

#[tokio::test]
async fn json_request_lines_carry_route_status_latency_and_request_id_and_never_a_login_token() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let client = reqwest::Client::new();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut server = start(
        &db,
        port,
        &api.url,
        &[("LOG_FORMAT", "json"), ("ENABLE_TG_MECH_NOTIFS", "true"), ("ENABLE_TG_ADMIN_NOTIFS", "false")],
        Stdio::from(log.reopen().unwrap()),
    );
    wait_healthy(&client, &base).await;
    let admin = admin_token(&db, &client, &base).await;
    create_mechanic(&db);

    let health = client.get(format!("{base}/health")).header("x-request-id", "log-test-42").send().await.unwrap();
    assert_eq!(health.headers()["x-request-id"], "log-test-42");
    let order: Value = client
        .post(format!("{base}/api/orders"))
        .bearer_auth(&admin)
        .json(&json!({"mechanic_name": "Avi", "vin": "LOGS0001", "part_type": "filter", "category": "filters",
                      "original_or_analog": "original"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = order["id"].as_i64().expect("order id");
    let moved = client
        .patch(format!("{base}/api/admin/orders/{id}/status"))
        .bearer_auth(&admin)
        .json(&json!({"status": "in_progress"}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200);

    // The mechanic's message carries a one-time sign-in link; open it as a phone would, and
    // redeem it as the web app does.
    let message = api.wait_for_text(MECHANIC_CHAT, "/mechanic/login?token=", Duration::from_secs(15)).await;
    let token = message.text.split("token=").nth(1).unwrap().split(['&', '"', ' ', '\n']).next().unwrap().to_owned();
    assert!(token.len() >= 20, "{token}");
    client.get(format!("{base}/mechanic/login?token={token}&order={id}")).send().await.unwrap();
    let redeemed =
        client.post(format!("{base}/api/auth/login-link")).json(&json!({"token": token})).send().await.unwrap();
    assert_eq!(redeemed.status(), 200);
    let again = client.post(format!("{base}/api/auth/login-link")).json(&json!({"token": token})).send().await.unwrap();
    assert_eq!(again.status(), 401, "a link works once");

    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    let output = std::fs::read_to_string(log.path()).unwrap();

    assert!(!output.contains(&token), "the sign-in token reached the log:\n{output}");
    assert!(!output.contains('\u{1b}'), "colour codes in a log file:\n{output}");
    let lines: Vec<Value> = output
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not one JSON object ({e}): {line}")))
        .collect();
    let requests: Vec<&Value> = lines.iter().filter(|line| line["message"] == "request").collect();
    assert!(requests.len() >= 7, "{output}");
    for line in &requests {
        assert_eq!(line["level"], "INFO", "{line}");
        assert!(line["method"].is_string() && line["route"].is_string(), "{line}");
        assert!(line["status"].is_u64() && line["latency_ms"].is_number(), "{line}");
        assert!(line["request_id"].as_str().is_some_and(|id| !id.is_empty()), "{line}");
    }
    let find = |route: &str, status: u64| {
        requests
            .iter()
            .find(|line| line["route"] == route && line["status"] == status)
            .unwrap_or_else(|| panic!("no {status} line for {route}:\n{output}"))
    };
    let traced = requests.iter().find(|line| line["request_id"] == "log-test-42").expect("the id sent");
    assert_eq!((&traced["route"], &traced["status"]), (&json!("/health"), &json!(200)));
    let moved = find("/api/admin/orders/{id}/status", 200);
    assert_eq!(moved["method"], "PATCH");
    assert!(moved["user_id"].is_u64(), "the signed-in user: {moved}");
    assert!(find("/api/auth/login-link", 401).get("user_id").is_none());
    // The link's page is the web app's fallback: logged by its label, not by its path.
    assert_eq!(find("<spa>", 503)["method"], "GET");
}

#[tokio::test]
async fn text_logs_in_a_file_have_no_colour_codes() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let client = reqwest::Client::new();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut server = start(&db, port, &api.url, &[("LOG_FORMAT", "text")], Stdio::from(log.reopen().unwrap()));
    wait_healthy(&client, &base).await;
    client.get(format!("{base}/api/config/feature-flags")).send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    let output = std::fs::read_to_string(log.path()).unwrap();
    assert!(!output.contains('\u{1b}'), "colour codes in a log file:\n{output}");
    let line = output.lines().find(|line| line.contains("route=/api/config/feature-flags")).expect(&output);
    assert!(line.contains(" INFO ") && line.contains("status=200") && line.contains("request_id="), "{line}");
}
