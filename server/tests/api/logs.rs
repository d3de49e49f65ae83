//! The real `felix-hub` process's log: one JSON object per line with `LOG_FORMAT=json`, one line
//! per request with its route template, status, latency and request id, no colour codes in a
//! file, and never a sign-in link's token.

use std::process::{Child, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::bot_api::BotApi;
use crate::crash::start;
use crate::helpers::TestDatabase;
use crate::process::{admin_token, create_user, free_port, wait_healthy};

const MECHANIC_CHAT: i64 = 7070;

/// A `felix-hub serve` child logging to a file, with its address and the Bot API stand-in.
struct Logged {
    server: Child,
    log: tempfile::NamedTempFile,
    base: String,
    client: reqwest::Client,
}

async fn start_logged(db: &TestDatabase, api: &BotApi, env: &[(&str, &str)]) -> Logged {
    let (client, port) = (reqwest::Client::new(), free_port());
    let base = format!("http://127.0.0.1:{port}");
    let log = tempfile::NamedTempFile::new().unwrap();
    let server = start(db, port, &api.url, env, Stdio::from(log.reopen().unwrap()));
    wait_healthy(&client, &base).await;
    Logged { server, log, base, client }
}

impl Logged {
    /// Stops the server and returns everything it logged.
    async fn stop(mut self) -> String {
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.server.kill().unwrap();
        self.server.wait().unwrap();
        std::fs::read_to_string(self.log.path()).unwrap()
    }
}

#[tokio::test]
async fn json_request_lines_carry_route_status_latency_and_request_id_and_never_a_login_token() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let env = [("LOG_FORMAT", "json"), ("ENABLE_TG_MECH_NOTIFS", "true"), ("ENABLE_TG_ADMIN_NOTIFS", "false")];
    let server = start_logged(&db, &api, &env).await;
    let (client, base) = (server.client.clone(), server.base.clone());
    let admin = admin_token(&db, &client, &base).await;
    let chat = MECHANIC_CHAT.to_string();
    let mechanic = ["--username", "avi", "--name", "Avi", "--role", "mechanic", "--telegram-chat-id", &chat];
    create_user(&db, &mechanic);

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

    let output = server.stop().await;

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
    let server = start_logged(&db, &api, &[("LOG_FORMAT", "text")]).await;
    server.client.get(format!("{}/api/config/feature-flags", server.base)).send().await.unwrap();
    let output = server.stop().await;
    assert!(!output.contains('\u{1b}'), "colour codes in a log file:\n{output}");
    let line = output.lines().find(|line| line.contains("route=/api/config/feature-flags")).expect(&output);
    assert!(line.contains(" INFO ") && line.contains("status=200") && line.contains("request_id="), "{line}");
}
