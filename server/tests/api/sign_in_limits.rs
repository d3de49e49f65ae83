//! Sign-in limits (issue 14, finding 4): failures are delayed per (username, client address) and
//! per address, the address comes from the trusted proxy's header only when one is configured,
//! the password-hash queue is bounded, and malformed usernames never reach it.

use reqwest::Response;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use app::model::Role;
use server::services::auth::sign_in_backoff::{FREE_PER_ADDRESS, FREE_PER_USERNAME_AND_ADDRESS};

use crate::helpers::{TestApp, assert_error, json, spawn_app, spawn_app_with};

const ATTACKER: &str = "203.0.113.9";
const HOME: &str = "198.51.100.7";

/// Behind a proxy that adds the client's address to X-Forwarded-For, as Render's does.
async fn behind_a_proxy(configure: impl FnOnce(&mut server::Config)) -> TestApp {
    spawn_app_with(|config| {
        config.limits.trusted_proxy_header = Some("x-forwarded-for".parse().unwrap());
        configure(config);
    })
    .await
}

async fn sign_in_from(app: &TestApp, forwarded_for: &str, username: &str, password: &str) -> Response {
    app.client
        .post(app.url("/api/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("request")
}

async fn status_from(app: &TestApp, forwarded_for: &str, username: &str, password: &str) -> (u16, Value) {
    json(sign_in_from(app, forwarded_for, username, password).await).await
}

#[tokio::test]
async fn guesses_from_another_address_never_delay_the_real_user_at_home() {
    let app = behind_a_proxy(|_| {}).await;
    let (_, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    for attempt in 1..=FREE_PER_USERNAME_AND_ADDRESS {
        let (status, body) = status_from(&app, ATTACKER, "avi", "guess-guess").await;
        assert_eq!(status, 401, "attempt {attempt}: {body}");
    }
    let response = sign_in_from(&app, ATTACKER, "avi", "guess-guess").await;
    assert_eq!(response.headers()["retry-after"], "2");
    let (status, body) = json(response).await;
    assert_error(status, &body, 429, "rate_limited");
    // Putting another address to the left changes nothing: the proxy's entry is the right-most.
    let (status, body) = status_from(&app, &format!("{HOME}, {ATTACKER}"), "avi", &password).await;
    assert_error(status, &body, 429, "rate_limited");
    // Through the web app's server function it is the same limit, with the same Retry-After.
    let response = app
        .client
        .post(app.url("/api/fn/auth/sign-in"))
        .header("x-forwarded-for", ATTACKER)
        .json(&json!({"username": "avi", "password": password}))
        .send()
        .await
        .unwrap();
    assert!(response.headers().contains_key("retry-after"), "{:?}", response.headers());
    let (status, body) = json(response).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("rate_limited")), "{body}");

    // Avi at home signs in at once, through both doors.
    let (status, body) = status_from(&app, HOME, "avi", &password).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = json(
        app.client
            .post(app.url("/api/fn/auth/sign-in"))
            .header("x-forwarded-for", format!("{ATTACKER}, {HOME}"))
            .json(&json!({"username": "avi", "password": password}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn one_address_is_delayed_across_usernames_and_others_are_not() {
    let app = behind_a_proxy(|_| {}).await;
    for n in 0..FREE_PER_ADDRESS {
        let (status, body) = status_from(&app, ATTACKER, &format!("user{n}"), "guess-guess").await;
        assert_eq!(status, 401, "user{n}: {body}");
    }
    let (status, body) = status_from(&app, ATTACKER, "someone-new", "guess-guess").await;
    assert_error(status, &body, 429, "rate_limited");
    let (status, body) = status_from(&app, HOME, "someone-new", "guess-guess").await;
    assert_eq!(status, 401, "another address is not delayed: {body}");
}

#[tokio::test]
async fn without_a_trusted_header_x_forwarded_for_is_ignored() {
    let app = spawn_app().await;
    app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    for n in 1..=FREE_PER_USERNAME_AND_ADDRESS {
        let (status, body) = status_from(&app, &format!("203.0.113.{n}"), "avi", "guess-guess").await;
        assert_eq!(status, 401, "{body}");
    }
    // A fresh made-up address does not help: the connection's peer is what counts.
    let (status, body) = status_from(&app, "192.0.2.77", "avi", "guess-guess").await;
    assert_error(status, &body, 429, "rate_limited");
}

/// Sends `count` sign-ins at once, each from its own address; the answers with their
/// Retry-After headers.
async fn at_once(app: &TestApp, count: usize, username: &str) -> Vec<(u16, Option<String>, Value)> {
    let mut set = JoinSet::new();
    for n in 0..count {
        let request = app
            .client
            .post(app.url("/api/auth/login"))
            .header("x-forwarded-for", format!("10.1.{}.{}", n / 250, n % 250 + 1))
            .json(&json!({"username": username, "password": "guess-guess"}));
        set.spawn(async move {
            let response = request.send().await.expect("request");
            let retry = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
            let (status, body) = json(response).await;
            (status, retry, body)
        });
    }
    set.join_all().await
}

fn burst_size() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from) * 4 + 12
}

#[tokio::test]
async fn past_the_password_hash_queue_sign_ins_are_429_with_retry_after() {
    let app = behind_a_proxy(|config| config.limits.password_hash_queue = 0).await;
    let (_, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    let answers = at_once(&app, burst_size(), "avi").await;
    let checked = answers.iter().filter(|(status, _, _)| *status == 401).count();
    let refused: Vec<_> = answers.iter().filter(|(status, _, _)| *status == 429).collect();
    assert_eq!(checked + refused.len(), answers.len(), "only 401 and 429: {answers:?}");
    assert!(checked >= 1 && !refused.is_empty(), "{answers:?}");
    for (_, retry, body) in refused {
        assert_eq!(retry.as_deref(), Some("1"), "{body}");
        assert_eq!(body["error"]["code"], "rate_limited");
    }
    // The queue drains: the right password works afterwards.
    let (status, body) = status_from(&app, HOME, "avi", &password).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn malformed_usernames_are_refused_before_any_hash() {
    let app = behind_a_proxy(|config| config.limits.password_hash_queue = 0).await;
    // Far more than the queue takes; none of them waits for it, so none is a 429.
    for username in ["no spaces allowed", "x", "ад-мин"] {
        let answers = at_once(&app, burst_size(), username).await;
        for (status, _, body) in answers {
            assert_error(status, &body, 401, "unauthorized");
        }
    }
}
