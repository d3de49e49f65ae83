//! What a deploy does to a running `felix-hub`, on the real binary: migrations applied by another
//! process under a mixed load, SIGTERM in the middle of a burst with Telegram answering slowly,
//! a shutdown that runs past SHUTDOWN_TIMEOUT_SECS, and two bot pollers overlapping (409).
//! Timings are printed; the assertions are on counts and outcomes.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{Database, EntityTrait};
use serde_json::{Value, json};
use tokio::task::JoinSet;

use server::commands::migrate::{self, DataPolicy, Rollback};
use server::entities::{notification, order};

use crate::bot_api::{BotApi, TOKEN};
use crate::helpers::{TestDatabase, order_body};
use crate::process::{Server, admin_token, wait_for_exit};

/// One request of a load: when it ran and how it ended.
struct Call {
    started: Instant,
    finished: Instant,
    /// `None` when it got the status it should have; otherwise what went wrong.
    failure: Option<String>,
}

/// Workers sending list, create, details and status requests in turn until told to stop.
struct Load {
    calls: Arc<Mutex<Vec<Call>>>,
    stop: Arc<tokio::sync::Notify>,
    workers: JoinSet<()>,
}

impl Load {
    fn start(base: &str, token: &str, workers: usize) -> Load {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(tokio::sync::Notify::new());
        let mut set = JoinSet::new();
        for worker in 0..workers {
            let (base, token, calls, stop) = (base.to_owned(), token.to_owned(), calls.clone(), stop.clone());
            set.spawn(async move {
                let client = reqwest::Client::new();
                let stopped = stop.notified();
                tokio::pin!(stopped);
                stopped.as_mut().enable();
                for round in 0.. {
                    let vin = format!("LOAD{worker:02}{round:06}");
                    let one = async {
                        let created = call(
                            &client,
                            &token,
                            "POST",
                            &format!("{base}/api/orders"),
                            Some(order_body(&vin)),
                            201,
                            &calls,
                        )
                        .await;
                        let Some(id) = created.and_then(|order| order["id"].as_i64()) else { return };
                        call(&client, &token, "GET", &format!("{base}/api/orders/{id}"), None, 200, &calls).await;
                        call(&client, &token, "GET", &format!("{base}/api/orders"), None, 200, &calls).await;
                        let status = json!({"status": "in_progress"});
                        call(
                            &client,
                            &token,
                            "PATCH",
                            &format!("{base}/api/mechanic/orders/{id}/status"),
                            Some(status),
                            200,
                            &calls,
                        )
                        .await;
                    };
                    tokio::select! {
                        () = one => {}
                        () = &mut stopped => return,
                    }
                }
            });
        }
        Load { calls, stop, workers: set }
    }

    fn done(&self) -> usize {
        self.calls.lock().unwrap().len()
    }

    /// Waits until `count` requests have finished in all.
    async fn wait_for(&self, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while self.done() < count {
            assert!(Instant::now() < deadline, "the load made only {} requests", self.done());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn stop(mut self) -> Vec<Call> {
        self.stop.notify_waiters();
        while self.workers.join_next().await.is_some() {}
        std::mem::take(&mut *self.calls.lock().unwrap())
    }
}

/// One request; records it, and returns the body when the status is `expected`.
async fn call(
    client: &reqwest::Client,
    token: &str,
    method: &str,
    url: &str,
    body: Option<Value>,
    expected: u16,
    calls: &Mutex<Vec<Call>>,
) -> Option<Value> {
    let started = Instant::now();
    let mut request = client.request(method.parse().unwrap(), url).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let (failure, value) = match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            match response.json::<Value>().await {
                Ok(value) if status == expected => (None, Some(value)),
                Ok(value) => (Some(format!("{method} {url}: {status} {value}")), None),
                Err(error) => (Some(format!("{method} {url}: {status}, body unreadable: {error}")), None),
            }
        }
        Err(error) => (Some(format!("{method} {url}: {error}")), None),
    };
    calls.lock().unwrap().push(Call { started, finished: Instant::now(), failure });
    value
}

#[tokio::test]
async fn applying_the_feature_migrations_under_load_fails_no_request() {
    // Before Phase 1: the base schema only, a server on it with every flag off.
    let db = TestDatabase::new().await;
    let conn = Database::connect(&db.url).await.unwrap();
    migrate::apply_pending(&conn, false).await.unwrap();
    migrate::rollback(&conn, &Rollback::feature_migrations(DataPolicy::Refuse), &mut Vec::new()).await.unwrap();
    conn.close().await.unwrap();
    let server = Server::start(&db, &[]).await;
    let client = reqwest::Client::new();
    let token = admin_token(&db, &client, &server.base).await;

    let load = Load::start(&server.base, &token, 6);
    load.wait_for(60).await;
    // Phase 1 from another process, as an operator (or the next deploy) would run it.
    let began = Instant::now();
    let mut apply = std::process::Command::new(env!("CARGO_BIN_EXE_felix-hub"))
        .args(["migrate", "apply"])
        .env_clear()
        .env("DATABASE_URL", &db.url)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let applied = wait_for_exit(&mut apply, Duration::from_secs(120)).await.expect("migrate apply finishes");
    let ended = Instant::now();
    let output = apply.wait_with_output().unwrap();
    let done_then = load.done();
    load.wait_for(done_then + 60).await;
    let calls = load.stop().await;

    assert!(applied.success(), "migrate apply failed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Successfully applied 2 migration(s)"), "{stdout}");
    let failures: Vec<&String> = calls.iter().filter_map(|c| c.failure.as_ref()).collect();
    let during = calls.iter().filter(|c| c.started < ended && c.finished > began).count();
    println!(
        "migrate apply took {:?}; {} requests in all, {during} while it ran, {} failed",
        ended - began,
        calls.len(),
        failures.len()
    );
    let log = server.log();
    assert!(failures.is_empty(), "{} of {} requests failed: {failures:#?}\n{log}", failures.len(), calls.len());
    assert!(during > 0, "no request ran while the migrations were applied");
    // The server on the old schema keeps working after it, and the new columns are there.
    let status = crate::process::run(&db, &["migrate", "status"]).await;
    assert!(String::from_utf8_lossy(&status.stdout).contains("5 applied, 0 pending"));
}

/// How a create request of the SIGTERM burst ended.
enum Outcome {
    /// 201 with the order.
    Created,
    /// The connection was refused: the server was no longer accepting.
    Refused,
    /// Anything else at the connection level: the request got no response.
    Unanswered(String),
    /// A response other than 201.
    Failed(String),
}

/// Creates orders from `workers` loops until the server stops accepting; returns each VIN's outcome.
fn burst(base: &str, token: &str, workers: usize) -> JoinSet<Vec<(String, Outcome)>> {
    let mut set = JoinSet::new();
    for worker in 0..workers {
        let (base, token) = (base.to_owned(), token.to_owned());
        set.spawn(async move {
            let client = reqwest::Client::new();
            let mut outcomes = Vec::new();
            for n in 0.. {
                let vin = format!("TERM{worker:02}{n:05}");
                let sent =
                    client.post(format!("{base}/api/orders")).bearer_auth(&token).json(&order_body(&vin)).send().await;
                let outcome = match sent {
                    Ok(response) if response.status() == 201 => match response.json::<Value>().await {
                        Ok(order) if order["vin"] == vin.as_str() => Outcome::Created,
                        other => Outcome::Failed(format!("201 with a broken body: {other:?}")),
                    },
                    Ok(response) => Outcome::Failed(format!("{}", response.status())),
                    Err(error) if error.is_connect() => Outcome::Refused,
                    Err(error) => Outcome::Unanswered(format!("{error:?}")),
                };
                let last = !matches!(outcome, Outcome::Created);
                outcomes.push((vin, outcome));
                if last {
                    return outcomes;
                }
            }
            outcomes
        });
    }
    set
}

/// A server that tells admin chat 111 of each new order through a Bot API stand-in answering each
/// message after `delay`, with `SHUTDOWN_TIMEOUT_SECS=timeout_secs`; and an admin's token.
async fn shop_with_slow_telegram(delay: Duration, timeout_secs: &str) -> (TestDatabase, BotApi, Server, String) {
    let db = TestDatabase::new().await;
    let api = BotApi::start().await;
    api.answer_slowly(delay);
    let env = [
        ("TELEGRAM_BOT_TOKEN", TOKEN),
        ("TELEGRAM_API_URL", api.url.as_str()),
        ("TELEGRAM_BOT_POLLING", "false"),
        ("ADMIN_CHAT_IDS", "111"),
        ("ENABLE_TG_ADMIN_NOTIFS", "true"),
        ("SHUTDOWN_TIMEOUT_SECS", timeout_secs),
    ];
    let server = Server::start(&db, &env).await;
    let token = admin_token(&db, &reqwest::Client::new(), &server.base).await;
    (db, api, server, token)
}

#[tokio::test]
async fn sigterm_in_a_burst_answers_every_accepted_request_and_finishes_the_sends() {
    let (db, api, mut server, token) = shop_with_slow_telegram(Duration::from_millis(1500), "20").await;

    let mut workers = burst(&server.base, &token, 8);
    // SIGTERM once orders are flowing and Telegram is holding sends open.
    let deadline = Instant::now() + Duration::from_secs(60);
    while api.received() <= api.sent().len() || api.received() < 4 {
        assert!(Instant::now() < deadline, "no send in flight");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let in_flight = api.received() - api.sent().len();
    let signalled = Instant::now();
    server.terminate();
    let status = server.exited(Duration::from_secs(60)).await;
    let took = signalled.elapsed();
    let mut outcomes = Vec::new();
    while let Some(worker) = workers.join_next().await {
        outcomes.extend(worker.unwrap());
    }

    let log = server.log();
    assert!(status.success(), "exit {status:?} after SIGTERM:\n{log}");
    let conn = Database::connect(&db.url).await.unwrap();
    let stored: HashSet<String> = order::Entity::find().all(&conn).await.unwrap().into_iter().map(|o| o.vin).collect();
    let created: Vec<&String> =
        outcomes.iter().filter(|(_, o)| matches!(o, Outcome::Created)).map(|(v, _)| v).collect();
    let refused = outcomes.iter().filter(|(_, o)| matches!(o, Outcome::Refused)).count();
    for (vin, outcome) in &outcomes {
        match outcome {
            Outcome::Created => assert!(stored.contains(vin), "{vin} was acknowledged and is not stored"),
            Outcome::Refused => assert!(!stored.contains(vin), "{vin} was refused yet stored"),
            // A connection the kernel queued but the server never took: fine, if nothing was done.
            Outcome::Unanswered(error) => {
                assert!(!stored.contains(vin), "{vin} was accepted and stored, but its response never came: {error}")
            }
            Outcome::Failed(what) => panic!("{vin}: {what}"),
        }
    }
    assert_eq!(stored.len(), created.len(), "every stored order was answered with 201");

    // The sends under way when the signal came finished and were recorded; no message is left
    // claimed, so the next process sends the rest at once, and none twice.
    let outbox = notification::Entity::find().all(&conn).await.unwrap();
    let sent = outbox.iter().filter(|n| n.status == notification::Status::Sent).count();
    assert_eq!(api.received(), api.sent().len(), "a send was cut off");
    assert_eq!(sent, api.sent().len(), "each message Telegram took is recorded as sent");
    assert!(outbox.iter().all(|n| n.claimed_until.is_none()), "a message was left claimed");
    assert!(log.contains("finishing the sends under way"), "{log}");
    println!(
        "SIGTERM with {in_flight} sends in flight: exit after {took:?}; {} orders answered, {refused} refused \
         after the listener closed, {sent} of {} messages sent, the rest left pending",
        created.len(),
        outbox.len()
    );
}

#[tokio::test]
async fn a_shutdown_past_its_timeout_exits_non_zero_naming_what_it_cut_short() {
    // Telegram answers after a minute; the server may take two seconds to stop.
    let (db, api, mut server, token) = shop_with_slow_telegram(Duration::from_secs(60), "2").await;
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{}/api/orders", server.base))
        .bearer_auth(&token)
        .json(&order_body("CUT00001"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let deadline = Instant::now() + Duration::from_secs(60);
    while api.received() == 0 {
        assert!(Instant::now() < deadline, "the message was never sent");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let signalled = Instant::now();
    server.terminate();
    // Well before the stand-in answers (60 s) or the client gives up on it (15 s).
    let status = server.exited(Duration::from_secs(14)).await;
    println!("SHUTDOWN_TIMEOUT_SECS=2 with a send hanging: exit after {:?}", signalled.elapsed());
    let log = server.log();
    assert!(!status.success(), "a cut-short shutdown must not look clean:\n{log}");
    assert!(log.contains("shutdown ran past SHUTDOWN_TIMEOUT_SECS"), "{log}");
    assert!(log.contains("Telegram sends in flight"), "{log}");
    // The message is not lost: still pending, it goes out again when its claim runs out.
    let conn = Database::connect(&db.url).await.unwrap();
    let outbox = notification::Entity::find().all(&conn).await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].status, notification::Status::Pending);
}

#[tokio::test]
async fn overlapping_pollers_back_off_quietly_on_409_conflict() {
    let db = TestDatabase::new().await;
    let api = BotApi::start().await;
    api.conflict(true);
    let env = [("TELEGRAM_BOT_TOKEN", TOKEN), ("TELEGRAM_API_URL", api.url.as_str()), ("TELEGRAM_BOT_POLLING", "true")];
    let mut server = Server::start(&db, &env).await;

    // Another process holds the poll: each retry waits longer than the one before.
    let deadline = Instant::now() + Duration::from_secs(90);
    while api.get_updates_calls().len() < 4 {
        assert!(Instant::now() < deadline, "polling stopped retrying: {:?}", api.get_updates_calls());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let calls = api.get_updates_calls();
    let gaps: Vec<Duration> = calls.windows(2).map(|pair| pair[1] - pair[0]).collect();
    println!("getUpdates retried after {gaps:?}");
    // A pause never ends early, however loaded the machine: 1 s, 2 s, 4 s at least.
    for (gap, at_least) in gaps.iter().zip([1, 2, 4]) {
        assert!(*gap >= Duration::from_millis(at_least * 1000 - 50), "{gaps:?}");
    }

    // The other process stops: polling resumes and the bot answers.
    api.conflict(false);
    api.user_says(4242, "/help");
    api.wait_for(1, Duration::from_secs(120)).await;
    server.terminate();
    assert!(server.exited(Duration::from_secs(60)).await.success());

    let log = server.log();
    // (Not "409" alone: ports and latencies contain it too.)
    let about_polling = ["Conflict", "getting updates", "telegram polling"];
    let conflict_lines: Vec<&str> =
        log.lines().filter(|line| about_polling.iter().any(|words| line.contains(words))).collect();
    assert_eq!(conflict_lines.len(), 1, "one warning for the whole overlap:\n{log}");
    assert!(conflict_lines[0].contains("WARN"), "{log}");
    assert!(!log.contains("ERROR"), "{log}");
}
