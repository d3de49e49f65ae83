//! Measures how long a new order's Telegram message takes to leave `felix-hub serve`: a stand-in
//! Bot API on 127.0.0.1 notes when each message arrives, and the time is counted from the moment
//! the order's POST was sent (an upper bound on the time from the commit, which happens inside it).
//!
//!   cargo run --release --example notify_latency -- target/release/felix-hub [orders]

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

const ADMIN_CHATS: [i64; 2] = [101, 102];

/// When each message reached the stand-in, by its text.
type Arrivals = Arc<Mutex<HashMap<String, Vec<Instant>>>>;

async fn bot_api(
    State(arrivals): State<Arrivals>,
    Path((_bot, method)): Path<(String, String)>,
    body: String,
) -> Json<Value> {
    let body: Value = serde_json::from_str(&body).unwrap_or_default();
    if method.eq_ignore_ascii_case("sendMessage") {
        let text = body["text"].as_str().unwrap_or_default().to_owned();
        arrivals.lock().unwrap().entry(text.clone()).or_default().push(Instant::now());
        return Json(json!({"ok": true, "result": {"message_id": 1, "date": 1_700_000_000,
            "chat": {"id": body["chat_id"], "type": "private"}, "text": text}}));
    }
    Json(json!({"ok": true, "result": true}))
}

/// When both admin chats had a message naming `vin`, if they have.
fn delivered(arrivals: &Arrivals, vin: &str) -> Option<Instant> {
    let arrivals = arrivals.lock().unwrap();
    let times: Vec<Instant> =
        arrivals.iter().filter(|(text, _)| text.contains(vin)).flat_map(|(_, times)| times.iter().copied()).collect();
    (times.len() >= ADMIN_CHATS.len()).then(|| times.into_iter().max().unwrap())
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// Prints one line of figures; true when every message arrived within the target.
fn report(name: &str, mut times: Vec<Duration>) -> bool {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<44} n={:<4} p50 {:7.1} ms  p99 {:7.1} ms  max {:7.1} ms   target < 1000 ms  {}",
        times.len(),
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap()),
        if *times.last().unwrap() < Duration::from_secs(1) { "PASS" } else { "FAIL" }
    );
    *times.last().unwrap() < Duration::from_secs(1)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let binary = args.next().unwrap_or_else(|| "target/release/felix-hub".into());
    let orders: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(200);

    let arrivals = Arrivals::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let api_url = format!("http://{}", listener.local_addr()?);
    let router = Router::new().route("/{bot}/{method}", post(bot_api)).with_state(arrivals.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });

    let dir = tempfile::tempdir()?;
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("latency.db").display());
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let env = [
        ("DATABASE_URL", database_url.as_str()),
        ("PORT", &port.to_string()),
        ("DIST_DIR", "/nonexistent"),
        ("RUST_LOG", "warn"),
        ("TELEGRAM_BOT_TOKEN", "123456:latency-bench"),
        ("TELEGRAM_API_URL", &api_url),
        ("TELEGRAM_BOT_POLLING", "false"),
        ("ADMIN_CHAT_IDS", "101,102"),
        ("ENABLE_TG_ADMIN_NOTIFS", "true"),
    ];
    let demo = Command::new(&binary).arg("demo").envs(env).stdout(Stdio::null()).status()?;
    anyhow::ensure!(demo.success(), "felix-hub demo failed");
    let _server = Server(Command::new(&binary).arg("serve").envs(env).spawn()?);

    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while client.get(format!("{base}/health")).send().await.is_err() {
        anyhow::ensure!(started.elapsed() < Duration::from_secs(20), "felix-hub did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let login: Value = client
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": "admin", "password": "admin-demo-1"}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["token"].as_str().expect("token").to_owned();

    let create = |vin: String| {
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        async move {
            let sent = Instant::now();
            let response = client
                .post(format!("{base}/api/orders"))
                .bearer_auth(token)
                .json(&json!({"mechanic_name": "Avi Cohen", "vin": vin, "part_type": "Oil filter",
                    "category": "filters", "original_or_analog": "original"}))
                .send()
                .await
                .expect("POST /api/orders");
            assert_eq!(response.status(), 201, "{:?}", response.text().await);
            sent
        }
    };
    let wait = |vin: String, sent: Instant| {
        let arrivals = arrivals.clone();
        async move {
            loop {
                if let Some(at) = delivered(&arrivals, &vin) {
                    return at - sent;
                }
                assert!(sent.elapsed() < Duration::from_secs(30), "no message for {vin} within 30 s");
                tokio::time::sleep(Duration::from_micros(200)).await;
            }
        }
    };

    println!("== Telegram latency: POST /api/orders sent -> message at the stand-in Bot API, both of 2 admin chats");
    // One order at a time: the worker is idle and woken by the commit.
    let mut one_by_one = Vec::new();
    for n in 0..orders {
        let vin = format!("LATA{n:013}");
        let sent = create(vin.clone()).await;
        one_by_one.push(wait(vin, sent).await);
    }
    let one_by_one_met = report("one order at a time", one_by_one);

    // A burst: every order sent at once, each timed from its own POST.
    let burst = futures::future::join_all((0..orders).map(|n| {
        let vin = format!("LATB{n:013}");
        let (create, wait) = (&create, &wait);
        async move {
            let sent = create(vin.clone()).await;
            wait(vin, sent).await
        }
    }))
    .await;
    let burst_met = report(&format!("burst of {orders} orders at once"), burst);
    // scripts/bench/run fails on a missed target.
    anyhow::ensure!(one_by_one_met && burst_met, "a Telegram message took 1 s or more after its commit");
    Ok(())
}
