//! The real `felix-hub` process under abuse: killed with SIGKILL while Telegram is down, and
//! logging at debug level with a bot token set.

use std::process::{Child, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::bot_api::{BotApi, TOKEN};
use crate::helpers::TestDatabase;
use crate::process::{admin_token, free_port, serve_command, sign_in, wait_healthy};

/// Starts `felix-hub serve` with a clean environment plus `env`; its log goes to `log`.
pub(crate) fn start(db: &TestDatabase, port: u16, api_url: &str, env: &[(&str, &str)], log: Stdio) -> Child {
    let defaults = [
        ("TELEGRAM_BOT_TOKEN", TOKEN),
        ("TELEGRAM_API_URL", api_url),
        ("TELEGRAM_BOT_POLLING", "false"),
        ("ADMIN_CHAT_IDS", "111,222"),
        ("ENABLE_TG_ADMIN_NOTIFS", "true"),
    ];
    let mut command = serve_command(db, port, &defaults);
    command.envs(env.iter().copied()).stdout(log).stderr(Stdio::null());
    command.spawn().expect("start felix-hub")
}

#[tokio::test]
async fn acknowledged_orders_and_their_messages_survive_kill_9_while_telegram_is_down() {
    let db = TestDatabase::new().await;
    let client = reqwest::Client::new();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");

    // First life: Telegram unreachable. Every acknowledged order must outlive a SIGKILL.
    let mut server = start(&db, port, "http://127.0.0.1:9", &[], Stdio::null());
    wait_healthy(&client, &base).await;
    let token = admin_token(&db, &client, &base).await;
    let mut acknowledged = Vec::new();
    for n in 0..25 {
        let response = client
            .post(format!("{base}/api/orders"))
            .bearer_auth(&token)
            .json(&json!({"vin": format!("KILL{n:05}"), "part_type": "filter", "category": "filters", "original_or_analog": "original"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        acknowledged.push(format!("KILL{n:05}"));
    }
    server.kill().unwrap(); // SIGKILL: no graceful shutdown
    server.wait().unwrap();

    // Second life, Telegram back: every order is there and every message goes out.
    let api = BotApi::start().await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&db, port, &api.url, &[], Stdio::null());
    wait_healthy(&client, &base).await;
    let token = sign_in(&client, &base).await;
    let page: Value = client
        .get(format!("{base}/api/orders?per_page=100"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored: Vec<&str> = page["orders"].as_array().unwrap().iter().map(|o| o["vin"].as_str().unwrap()).collect();
    for vin in &acknowledged {
        assert!(stored.contains(&vin.as_str()), "{vin} was acknowledged and lost");
    }
    let sent = api.wait_for(acknowledged.len() * 2, Duration::from_secs(60)).await;
    for vin in &acknowledged {
        assert_eq!(
            sent.iter().filter(|m| m.text.contains(vin.as_str())).count(),
            2,
            "{vin}: one message per admin chat"
        );
    }
    server.kill().unwrap();
    server.wait().unwrap();
}

#[tokio::test]
async fn the_bot_token_never_reaches_the_logs() {
    let db = TestDatabase::new().await;
    let client = reqwest::Client::new();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    // Debug logging, Telegram unreachable and polling on: every error path that could print the
    // token (network errors, getMe, polling) runs.
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut server = start(
        &db,
        port,
        "http://127.0.0.1:9",
        &[("RUST_LOG", "debug"), ("TELEGRAM_BOT_POLLING", "true")],
        Stdio::from(log.reopen().unwrap()),
    );
    wait_healthy(&client, &base).await;
    let token = admin_token(&db, &client, &base).await;
    let response = client
        .post(format!("{base}/api/orders"))
        .bearer_auth(&token)
        .json(
            &json!({"vin": "LOGS0001", "part_type": "filter", "category": "filters", "original_or_analog": "original"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    tokio::time::sleep(Duration::from_secs(3)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    let output = std::fs::read_to_string(log.path()).unwrap();
    assert!(output.contains("telegram message not delivered"), "the failure is logged:\n{output}");
    let secret = TOKEN.split(':').nth(1).unwrap();
    assert!(!output.contains(secret), "the token leaked into the log:\n{output}");
}

#[tokio::test]
async fn an_empty_bot_token_means_no_bot_not_a_bot_that_always_fails() {
    let db = TestDatabase::new().await;
    let client = reqwest::Client::new();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    // Render's form leaves a cleared variable set to "": the server must treat it as unset.
    let mut server = start(&db, port, "http://127.0.0.1:9", &[("TELEGRAM_BOT_TOKEN", "")], Stdio::null());
    wait_healthy(&client, &base).await;
    let token = admin_token(&db, &client, &base).await;
    let system: Value =
        client.get(format!("{base}/api/admin/system")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    let admin_flag = system["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|flag| flag["name"] == "ENABLE_TG_ADMIN_NOTIFS")
        .expect("the flag is listed")
        .clone();
    assert_eq!(admin_flag["enabled"], true);
    assert_eq!(admin_flag["effective"], false, "{system}");
    assert!(admin_flag["note"].as_str().unwrap().contains("TELEGRAM_BOT_TOKEN is not set"), "{system}");
}
