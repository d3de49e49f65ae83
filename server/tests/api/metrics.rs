//! `/metrics`: read with an independent parser of the Prometheus text format, counted per route
//! template, per door and per outcome, kept apart per server, and never public.

use std::time::{Duration, Instant};

use openmetrics_parser::{MetricsExposition, PrometheusType, PrometheusValue};
use reqwest::Method;
use secrecy::SecretString;
use serde_json::json;

use app::model::{Language, NewUser, Role};
use server::config::{ChatIds, Config};

use crate::bot_api::{BotApi, Reply, TOKEN};
use crate::helpers::{TestApp, json, order_body, spawn_app_with};

pub const METRICS_TOKEN: &str = "metrics-token-for-tests";
const WAIT: Duration = Duration::from_secs(15);

/// One parsed `/metrics` answer.
pub struct Scrape(MetricsExposition<PrometheusType, PrometheusValue>);

impl Scrape {
    pub fn parse(text: &str) -> Scrape {
        Scrape(openmetrics_parser::prometheus::parse_prometheus(text).unwrap_or_else(|e| panic!("{e:?}\n{text}")))
    }

    pub fn has(&self, family: &str) -> bool {
        self.0.families.contains_key(family)
    }

    /// The sum over the samples of `family` whose labels include `labels`: a counter's or gauge's
    /// value, a histogram's count.
    pub fn value(&self, family: &str, labels: &[(&str, &str)]) -> f64 {
        let family = self.0.families.get(family).unwrap_or_else(|| panic!("no family {family}"));
        family
            .iter_samples()
            .filter(|sample| {
                let set = sample.get_labelset().expect("labels");
                labels.iter().all(|(name, value)| set.iter().any(|(n, v)| n == name && v == value))
            })
            .map(|sample| match &sample.value {
                PrometheusValue::Counter(counter) => counter.value.as_f64(),
                PrometheusValue::Gauge(gauge) | PrometheusValue::Unknown(gauge) => gauge.as_f64(),
                PrometheusValue::Histogram(histogram) => histogram.count.unwrap_or(0) as f64,
                PrometheusValue::Summary(_) => panic!("no summaries here"),
            })
            .sum()
    }

    /// Every value of `label` in `family`.
    pub fn label_values(&self, family: &str, label: &str) -> Vec<String> {
        let family = self.0.families.get(family).unwrap_or_else(|| panic!("no family {family}"));
        family
            .iter_samples()
            .filter_map(|sample| {
                sample.get_labelset().ok()?.iter().find(|(name, _)| *name == label).map(|(_, value)| value.clone())
            })
            .collect()
    }

    /// The upper bounds of a histogram's buckets (the first series of `family`).
    pub fn buckets(&self, family: &str) -> Vec<f64> {
        let family = self.0.families.get(family).unwrap_or_else(|| panic!("no family {family}"));
        match &family.iter_samples().next().expect("a series").value {
            PrometheusValue::Histogram(histogram) => histogram.buckets.iter().map(|b| b.upper_bound).collect(),
            other => panic!("{other:?} is not a histogram"),
        }
    }
}

/// Reads `/metrics` with the test token.
pub async fn scrape(app: &TestApp) -> Scrape {
    let response = app.client.get(app.url("/metrics")).bearer_auth(METRICS_TOKEN).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    Scrape::parse(&response.text().await.unwrap())
}

/// The test configuration with the metrics token set.
pub fn with_token(config: &mut Config) {
    config.observability.metrics_token = Some(SecretString::from(METRICS_TOKEN));
}

#[tokio::test]
async fn metrics_parse_as_prometheus_text_with_every_family() {
    let app = spawn_app_with(|config| {
        with_token(config);
        config.flags.enable_car_number = Some(true);
        config.flags.enable_tg_admin_notifs = Some(true);
    })
    .await;
    app.get("/health").await;
    let scrape = scrape(&app).await;
    for family in [
        "http_requests_total",
        "http_request_duration_seconds",
        "felix_hub_orders_created_total",
        "felix_hub_order_status_changes_total",
        "felix_hub_notifications_total",
        "felix_hub_notification_delivery_seconds",
        "felix_hub_notifications_pending",
        "felix_hub_notifications_oldest_pending_seconds",
        "felix_hub_db_connections",
        "felix_hub_db_size_bytes",
        "felix_hub_sign_in_failures_total",
        "felix_hub_sign_in_rate_limited_total",
        "felix_hub_flag_configured",
        "felix_hub_flag_effective",
        "felix_hub_build_info",
        "process_cpu_seconds_total",
        "process_resident_memory_bytes",
    ] {
        assert!(scrape.has(family), "{family} is missing");
    }
    let buckets = scrape.buckets("http_request_duration_seconds");
    assert_eq!(buckets.first(), Some(&0.0005), "{buckets:?}");
    assert!(buckets.contains(&5.0) && buckets.last() == Some(&f64::INFINITY), "{buckets:?}");
    assert!(scrape.value("felix_hub_db_size_bytes", &[]) > 0.0);
    assert!(scrape.value("process_resident_memory_bytes", &[]) > 0.0);
    assert!(scrape.value("felix_hub_db_connections", &[("state", "idle")]) >= 0.0);

    // The same build as /health says.
    let (_, health) = json(app.get("/health").await).await;
    let commit = health["commit"].as_str().unwrap();
    let build = [("version", env!("CARGO_PKG_VERSION")), ("commit", commit)];
    assert_eq!(scrape.value("felix_hub_build_info", &build), 1.0);

    // Each flag as configured and as effective: the admin flag is on but has no token.
    let flag = |family: &str, name: &str| scrape.value(family, &[("flag", name)]);
    assert_eq!(flag("felix_hub_flag_configured", "ENABLE_CAR_NUMBER"), 1.0);
    assert_eq!(flag("felix_hub_flag_effective", "ENABLE_CAR_NUMBER"), 1.0);
    assert_eq!(flag("felix_hub_flag_configured", "ENABLE_TG_ADMIN_NOTIFS"), 1.0);
    assert_eq!(flag("felix_hub_flag_effective", "ENABLE_TG_ADMIN_NOTIFS"), 0.0);
    assert_eq!(flag("felix_hub_flag_configured", "ENABLE_UI_REFRESH"), 0.0);
    assert_eq!(scrape.label_values("felix_hub_flag_configured", "flag").len(), 6);
}

#[tokio::test]
async fn metrics_are_not_public() {
    let app = spawn_app_with(with_token).await;
    let (status, body) = json(app.get("/metrics").await).await;
    crate::helpers::assert_error(status, &body, 401, "unauthorized");
    let wrong = app.client.get(app.url("/metrics")).bearer_auth("not-the-token").send().await.unwrap();
    assert_eq!(wrong.status(), 401);

    // Without a token the main port does not serve them at all, nor does it with metrics off.
    let untokened = spawn_app_with(|_| {}).await;
    let (status, body) = json(untokened.get("/metrics").await).await;
    crate::helpers::assert_error(status, &body, 404, "not_found");
    assert!(body["error"]["message"].as_str().unwrap().contains("METRICS_TOKEN"), "{body}");
    let off = spawn_app_with(|config| {
        with_token(config);
        config.observability.metrics_enabled = false;
    })
    .await;
    let response = off.client.get(off.url("/metrics")).bearer_auth(METRICS_TOKEN).send().await.unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_private_metrics_listener_serves_metrics_without_a_token() {
    let port = crate::process::free_port();
    let app = spawn_app_with(|config| config.observability.metrics_addr = Some(([127, 0, 0, 1], port).into())).await;
    app.get("/health").await;
    let response = app.client.get(format!("http://127.0.0.1:{port}/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let scrape = Scrape::parse(&response.text().await.unwrap());
    assert_eq!(scrape.value("http_requests_total", &[("route", "/health")]), 1.0);
    // The public port keeps them to itself.
    assert_eq!(app.get("/metrics").await.status(), 404);
}

#[tokio::test]
async fn n_requests_raise_that_routes_counter_by_exactly_n() {
    let app = spawn_app_with(with_token).await;
    let admin = app.account("dana", "Dana Levi", Role::Admin).await;
    let id = app.new_order_id(&admin.token, "ROUTE0001").await;
    let before = scrape(&app).await;

    const N: usize = 7;
    for n in 0..N {
        // Other ids, one that exists among them: one route template all the same.
        let path = if n == 0 { format!("/api/orders/{id}") } else { format!("/api/orders/{}", 1000 + n) };
        app.send(Method::GET, &path, None, Some(&admin.token)).await;
    }
    app.get("/mechanic/login?token=not-a-real-token").await;

    let after = scrape(&app).await;
    let route = [("method", "GET"), ("route", "/api/orders/{id}")];
    let delta = |family: &str, labels: &[(&str, &str)]| after.value(family, labels) - before.value(family, labels);
    assert_eq!(delta("http_requests_total", &route), N as f64);
    assert_eq!(delta("http_request_duration_seconds", &route), N as f64);
    let found = [("method", "GET"), ("route", "/api/orders/{id}"), ("status", "200")];
    assert_eq!(delta("http_requests_total", &found), 1.0);
    let missing = [("method", "GET"), ("route", "/api/orders/{id}"), ("status", "404")];
    assert_eq!(delta("http_requests_total", &missing), (N - 1) as f64);
    // Whatever no route matched is one fixed label: the web app's fallback.
    assert_eq!(delta("http_requests_total", &[("route", "<spa>")]), 1.0);
    for route in after.label_values("http_requests_total", "route") {
        assert!(!route.contains("1001") && !route.contains('?') && !route.contains("token"), "raw path: {route}");
    }
}

#[tokio::test]
async fn each_server_counts_only_its_own_requests() {
    let (one, two) = tokio::join!(spawn_app_with(with_token), spawn_app_with(with_token));
    for _ in 0..3 {
        one.get("/health").await;
    }
    two.get("/health").await;
    assert_eq!(scrape(&one).await.value("http_requests_total", &[("route", "/health")]), 3.0);
    assert_eq!(scrape(&two).await.value("http_requests_total", &[("route", "/health")]), 1.0);
}

#[tokio::test]
async fn orders_status_changes_and_sign_in_failures_are_counted() {
    let app = spawn_app_with(with_token).await;
    let admin = app.account("dana", "Dana Levi", Role::Admin).await;
    let before = scrape(&app).await;

    // REST, then the web app's server function.
    let id = app.new_order_id(&admin.token, "DOOR0001").await;
    let (status, created) = json(
        app.send(
            Method::POST,
            "/api/fn/orders/create",
            Some(&json!({"order": order_body("DOOR0002")})),
            Some(&admin.token),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{created}");
    app.move_order(id, "in_progress", &admin.token).await;
    app.move_order(id, "ready", &admin.token).await;
    // A refused move is no change.
    let (status, _) =
        app.patch_json(&format!("/api/mechanic/orders/{id}/status"), &json!({"status": "new"}), &admin.token).await;
    assert_eq!(status, 409);

    for _ in 0..server::services::auth::sign_in_backoff::FREE_PER_USERNAME_AND_ADDRESS {
        let (status, _) = app.post_public("/api/auth/login", &json!({"username": "dana", "password": "wrong"})).await;
        assert_eq!(status, 401);
    }
    let (status, _) = app.post_public("/api/auth/login", &json!({"username": "dana", "password": "wrong"})).await;
    assert_eq!(status, 429);
    let (status, _) = app.post_public("/api/auth/login-link", &json!({"token": "no-such-link"})).await;
    assert_eq!(status, 401);

    let after = scrape(&app).await;
    let delta = |family: &str, labels: &[(&str, &str)]| after.value(family, labels) - before.value(family, labels);
    assert_eq!(delta("felix_hub_orders_created_total", &[("door", "rest")]), 1.0);
    assert_eq!(delta("felix_hub_orders_created_total", &[("door", "web")]), 1.0);
    assert_eq!(delta("felix_hub_orders_created_total", &[("door", "bot")]), 0.0);
    assert_eq!(delta("felix_hub_order_status_changes_total", &[("status", "in_progress")]), 1.0);
    assert_eq!(delta("felix_hub_order_status_changes_total", &[("status", "ready")]), 1.0);
    assert_eq!(delta("felix_hub_order_status_changes_total", &[]), 2.0);
    assert_eq!(delta("felix_hub_sign_in_failures_total", &[("method", "password")]), 5.0);
    assert_eq!(delta("felix_hub_sign_in_failures_total", &[("method", "link")]), 1.0);
    assert_eq!(delta("felix_hub_sign_in_rate_limited_total", &[]), 1.0);
}

/// The test configuration with a bot token and the stand-in, admin messages on.
fn telegram(config: &mut Config, api_url: &str) {
    with_token(config);
    config.telegram_bot_token = Some(SecretString::from(TOKEN));
    config.telegram_api_url = api_url.to_owned();
    config.admin_chat_ids = ChatIds(vec![-100_111, 222]);
    config.telegram_bot_polling = false;
    config.flags.enable_tg_admin_notifs = Some(true);
}

/// Waits until `check` holds for a fresh scrape.
async fn wait_for_scrape(app: &TestApp, what: &str, check: impl Fn(&Scrape) -> bool) -> Scrape {
    let deadline = Instant::now() + WAIT;
    loop {
        let scrape = scrape(app).await;
        if check(&scrape) {
            return scrape;
        }
        assert!(Instant::now() < deadline, "{what} within {WAIT:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn sent_messages_are_counted_by_kind_with_their_delivery_latency() {
    let api = BotApi::start().await;
    let app = spawn_app_with(|config| telegram(config, &api.url)).await;
    let admin = app.account("dana", "Dana Levi", Role::Admin).await;
    app.new_order_id(&admin.token, "SENT0001").await;
    api.wait_for(2, WAIT).await;
    let sent = [("kind", "admin"), ("outcome", "sent")];
    // The backlog gauge is read before the counters are encoded, so one scrape may see the second
    // message counted and still pending: wait for a scrape that has both settled.
    let scrape = wait_for_scrape(&app, "two sent, none pending", |s| {
        s.value("felix_hub_notifications_total", &sent) == 2.0 && s.value("felix_hub_notifications_pending", &[]) == 0.0
    })
    .await;
    assert_eq!(scrape.value("felix_hub_notification_delivery_seconds", &[("kind", "admin")]), 2.0);
    assert_eq!(scrape.value("felix_hub_notifications_total", &[("outcome", "failed")]), 0.0);
    assert_eq!(scrape.value("felix_hub_notifications_pending", &[]), 0.0);
}

#[tokio::test]
async fn a_telegram_that_rejects_every_message_raises_the_failed_counter() {
    let api = BotApi::start().await;
    api.script(std::iter::repeat_n(Reply::ChatNotFound, 50));
    let app = spawn_app_with(|config| telegram(config, &api.url)).await;
    let admin = app.account("dana", "Dana Levi", Role::Admin).await;
    app.new_order_id(&admin.token, "FAIL0001").await;
    let failed = [("kind", "admin"), ("outcome", "failed")];
    // Given up, not waiting: the gauge is read before the counters are encoded, so a scrape may
    // catch the counter one step ahead of it.
    let scrape = wait_for_scrape(&app, "two failed, none pending", |s| {
        s.value("felix_hub_notifications_total", &failed) == 2.0
            && s.value("felix_hub_notifications_pending", &[]) == 0.0
    })
    .await;
    assert_eq!(scrape.value("felix_hub_notifications_total", &[("outcome", "failed")]), 2.0);
    assert_eq!(scrape.value("felix_hub_notifications_total", &[("outcome", "sent")]), 0.0);
}

#[tokio::test]
async fn while_telegram_is_down_the_backlog_gauges_grow_and_health_turns_degraded() {
    // Nothing listens on the discard port: every attempt fails to connect and is retried.
    let app = spawn_app_with(|config| {
        telegram(config, "http://127.0.0.1:9");
        config.observability.notify_backlog_alert_secs = 1;
    })
    .await;
    let admin = app.account("dana", "Dana Levi", Role::Admin).await;
    let (_, health) = json(app.get("/health").await).await;
    assert_eq!(health["status"], "ok", "{health}");
    assert_eq!(health["outbox"], json!({"pending": 0, "oldest_pending_secs": 0}));

    app.new_order_id(&admin.token, "DOWN0001").await;
    let first = scrape(&app).await;
    assert_eq!(first.value("felix_hub_notifications_pending", &[]), 2.0);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    app.new_order_id(&admin.token, "DOWN0002").await;
    let retried = [("kind", "admin"), ("outcome", "retried")];
    let second =
        wait_for_scrape(&app, "a retried attempt", |s| s.value("felix_hub_notifications_total", &retried) >= 1.0).await;
    assert_eq!(second.value("felix_hub_notifications_pending", &[]), 4.0);
    let age = |s: &Scrape| s.value("felix_hub_notifications_oldest_pending_seconds", &[]);
    assert!(age(&second) >= age(&first) + 1.5, "{} then {}", age(&first), age(&second));
    assert_eq!(second.value("felix_hub_notifications_total", &[("outcome", "sent")]), 0.0);

    let (status, health) = json(app.get("/health").await).await;
    assert_eq!(status, 200);
    assert_eq!(health["status"], "degraded", "{health}");
    assert_eq!(health["outbox"]["pending"], 4);
    assert!(health["outbox"]["oldest_pending_secs"].as_u64().unwrap() >= 1, "{health}");
}

#[tokio::test]
async fn an_order_from_the_bot_is_counted_at_the_bot_door() {
    let api = BotApi::start().await;
    let app = spawn_app_with(|config| {
        telegram(config, &api.url);
        config.flags.enable_tg_admin_notifs = Some(false);
        config.telegram_bot_polling = true;
    })
    .await;
    const CHAT: i64 = 6161;
    server::services::users::create(
        &app.state.services,
        None,
        NewUser {
            username: "avi".into(),
            display_name: "Avi Cohen".into(),
            password: "password-123".into(),
            role: Role::Mechanic,
            telegram_chat_id: Some(CHAT),
            language: Some(Language::En),
        },
    )
    .await
    .map_err(|e| e.into_app_error())
    .unwrap();
    api.user_says(CHAT, "/new");
    api.wait_for_text(CHAT, "Type the category", WAIT).await;
    api.user_says(CHAT, "Brakes");
    api.wait_for_text(CHAT, "Type the part", WAIT).await;
    api.user_says(CHAT, "Front pads");
    api.wait_for_text(CHAT, "What is the VIN?", WAIT).await;
    api.user_says(CHAT, "WVWZZZ1KZAW000909");
    api.wait_for_text(CHAT, "Original or analog?", WAIT).await;
    api.user_taps(CHAT, "ooa:original");
    api.wait_for_text(CHAT, "Send a photo of the part, or skip.", WAIT).await;
    api.user_taps(CHAT, "skip:photo");
    api.wait_for_text(CHAT, "Check the order", WAIT).await;
    api.user_taps(CHAT, "confirm");
    api.wait_for_text(CHAT, "Order sent", WAIT).await;
    let scrape = scrape(&app).await;
    assert_eq!(scrape.value("felix_hub_orders_created_total", &[("door", "bot")]), 1.0);
    assert_eq!(scrape.value("felix_hub_orders_created_total", &[]), 1.0);
}

#[tokio::test]
async fn health_reports_the_build_and_the_outbox() {
    let app = spawn_app_with(|_| {}).await;
    let (status, health) = json(app.get("/health").await).await;
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");
    assert_eq!(health["version"], env!("CARGO_PKG_VERSION"));
    let commit = health["commit"].as_str().unwrap();
    assert!(commit == "unknown" || (commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit())), "{commit}");
    assert_eq!(health["outbox"], json!({"pending": 0, "oldest_pending_secs": 0}));
}

#[tokio::test]
async fn a_request_id_is_echoed_or_made() {
    let app = spawn_app_with(|_| {}).await;
    let response = app.client.get(app.url("/health")).header("x-request-id", "trace-me-42").send().await.unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-me-42");
    let made = app.get("/api/config/feature-flags").await;
    let id = made.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
}
