//! A stand-in for the Telegram Bot API on 127.0.0.1, for the real teloxide client: it records
//! what the server sends, serves scripted updates to the bot, and fails on demand.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};
use tokio::sync::Notify;

/// How the next sendMessage call is answered.
#[derive(Debug, Clone)]
pub enum Reply {
    /// HTTP 500 with a JSON error body.
    ServerError,
    /// HTTP 429 asking to wait this many seconds.
    RetryAfter(u32),
    /// HTTP 400 "chat not found".
    ChatNotFound,
}

/// A message the server sent.
#[derive(Debug, Clone)]
pub struct Sent {
    pub chat_id: i64,
    pub text: String,
}

#[derive(Default)]
struct Inner {
    sent: Vec<Sent>,
    /// Every sendMessage attempt, answered or failed, with its time.
    attempts: Vec<(i64, Instant)>,
    script: VecDeque<Reply>,
    updates: Vec<Value>,
    next_update: u32,
    /// How long each sendMessage call waits before it is answered.
    send_delay: Duration,
    /// sendMessage calls received, answered or not yet.
    received: usize,
    /// Answer getUpdates with 409 Conflict, as Telegram does while another process polls.
    conflict: bool,
    /// When each getUpdates call arrived.
    get_updates: Vec<Instant>,
}

#[derive(Clone, Default)]
pub struct BotApi {
    inner: Arc<Mutex<Inner>>,
    changed: Arc<Notify>,
    pub url: String,
}

pub const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-test";

impl BotApi {
    pub async fn start() -> BotApi {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let api = BotApi { url, ..Default::default() };
        let router = Router::new().route("/{bot}/{method}", post(handle)).with_state(api.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        api
    }

    /// Answers the next sendMessage calls in order with these replies, then OK again.
    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.inner.lock().unwrap().script.extend(replies);
    }

    /// Answers each sendMessage call only after `delay`, as a slow Telegram would.
    pub fn answer_slowly(&self, delay: Duration) {
        self.inner.lock().unwrap().send_delay = delay;
    }

    /// sendMessage calls received so far, including those still waiting for their answer.
    pub fn received(&self) -> usize {
        self.inner.lock().unwrap().received
    }

    /// Answers getUpdates with 409 Conflict (another poller) while `on`.
    pub fn conflict(&self, on: bool) {
        self.inner.lock().unwrap().conflict = on;
    }

    /// When each getUpdates call arrived.
    pub fn get_updates_calls(&self) -> Vec<Instant> {
        self.inner.lock().unwrap().get_updates.clone()
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.inner.lock().unwrap().sent.clone()
    }

    pub fn attempts(&self) -> Vec<(i64, Instant)> {
        self.inner.lock().unwrap().attempts.clone()
    }

    /// Waits until at least `count` messages arrived (failing after `within`).
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Sent> {
        let deadline = Instant::now() + within;
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let sent = self.sent();
            if sent.len() >= count {
                return sent;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "expected {count} Telegram messages within {within:?}, got {}: {sent:#?}",
                sent.len()
            );
            let _ = tokio::time::timeout(left, notified).await;
        }
    }

    /// Waits until a message to `chat_id` containing `needle` arrived.
    pub async fn wait_for_text(&self, chat_id: i64, needle: &str, within: Duration) -> Sent {
        let deadline = Instant::now() + within;
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(found) = self.sent().into_iter().find(|m| m.chat_id == chat_id && m.text.contains(needle)) {
                return found;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "no message to {chat_id} containing {needle:?} within {within:?}: {:#?}",
                self.sent()
            );
            let _ = tokio::time::timeout(left, notified).await;
        }
    }

    /// Queues a text message from a user for the bot.
    pub fn user_says(&self, chat_id: i64, text: &str) {
        let message = json!({
            "message_id": 1000 + self.inner.lock().unwrap().next_update,
            "date": 1_700_000_000,
            "chat": {"id": chat_id, "type": "private", "first_name": "Mechanic"},
            "from": {"id": chat_id, "is_bot": false, "first_name": "Mechanic"},
            "text": text,
        });
        self.push(json!({"message": message}));
    }

    /// Queues a tap on an inline button carrying `data`.
    pub fn user_taps(&self, chat_id: i64, data: &str) {
        let id = self.inner.lock().unwrap().next_update;
        self.push(json!({"callback_query": {
            "id": format!("cbq-{id}"),
            "from": {"id": chat_id, "is_bot": false, "first_name": "Mechanic"},
            "message": {"message_id": 1, "date": 1_700_000_000, "chat": {"id": chat_id, "type": "private"}, "text": "menu"},
            "chat_instance": "ci",
            "data": data,
        }}));
    }

    /// Queues a photo from a user.
    pub fn user_sends_photo(&self, chat_id: i64, file_id: &str) {
        self.push(json!({"message": {
            "message_id": 2000,
            "date": 1_700_000_000,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": false, "first_name": "Mechanic"},
            "photo": [
                {"file_id": format!("{file_id}-small"), "file_unique_id": "s", "width": 90, "height": 90},
                {"file_id": file_id, "file_unique_id": "b", "width": 1280, "height": 960},
            ],
        }}));
    }

    fn push(&self, mut update: Value) {
        let mut inner = self.inner.lock().unwrap();
        inner.next_update += 1;
        update["update_id"] = json!(inner.next_update);
        inner.updates.push(update);
        drop(inner);
        self.changed.notify_waiters();
    }
}

async fn handle(
    State(api): State<BotApi>,
    Path((bot, method)): Path<(String, String)>,
    body: String,
) -> (StatusCode, Json<Value>) {
    assert_eq!(bot, format!("bot{TOKEN}"), "the server must use the configured token");
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let ok = |result: Value| (StatusCode::OK, Json(json!({"ok": true, "result": result})));
    match method.to_ascii_lowercase().as_str() {
        "getme" => ok(json!({
            "id": 1001, "is_bot": true, "first_name": "Felix Hub", "username": "felix_hub_test_bot",
            "can_join_groups": false, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "has_main_web_app": false
        })),
        "sendmessage" => {
            let delay = {
                let mut inner = api.inner.lock().unwrap();
                inner.received += 1;
                inner.send_delay
            };
            tokio::time::sleep(delay).await;
            send_message(&api, body)
        }
        "getupdates" => {
            let conflict = {
                let mut inner = api.inner.lock().unwrap();
                inner.get_updates.push(Instant::now());
                inner.conflict
            };
            if conflict {
                return (
                    StatusCode::CONFLICT,
                    Json(json!({"ok": false, "error_code": 409, "description":
                        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"})),
                );
            }
            let offset = body["offset"].as_u64().unwrap_or(0);
            let wait = Duration::from_secs(body["timeout"].as_u64().unwrap_or(0)).min(Duration::from_millis(500));
            let deadline = Instant::now() + wait;
            loop {
                let notified = api.changed.notified();
                tokio::pin!(notified);
                notified.as_mut().enable();
                let updates: Vec<Value> = api
                    .inner
                    .lock()
                    .unwrap()
                    .updates
                    .iter()
                    .filter(|u| u["update_id"].as_u64().unwrap_or(0) >= offset)
                    .cloned()
                    .collect();
                let left = deadline.saturating_duration_since(Instant::now());
                if !updates.is_empty() || left.is_zero() {
                    return ok(Value::Array(updates));
                }
                let _ = tokio::time::timeout(left, notified).await;
            }
        }
        "editmessagetext" => {
            ok(json!({"message_id": 1, "date": 1_700_000_000, "chat": {"id": body["chat_id"], "type": "private"}}))
        }
        "getwebhookinfo" => ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})),
        _ => ok(json!(true)),
    }
}

fn send_message(api: &BotApi, body: Value) -> (StatusCode, Json<Value>) {
    let chat_id = body["chat_id"].as_i64().expect("chat_id");
    let mut inner = api.inner.lock().unwrap();
    inner.attempts.push((chat_id, Instant::now()));
    let reply = inner.script.pop_front();
    let answer = match reply {
        Some(Reply::ServerError) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"ok": false, "error_code": 500, "description": "Internal Server Error"})),
        ),
        Some(Reply::RetryAfter(seconds)) => (
            StatusCode::TOO_MANY_REQUESTS,
            Json(
                json!({"ok": false, "error_code": 429, "description": format!("Too Many Requests: retry after {seconds}"),
                "parameters": {"retry_after": seconds}}),
            ),
        ),
        Some(Reply::ChatNotFound) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"ok": false, "error_code": 400, "description": "Bad Request: chat not found"})),
        ),
        None => {
            let text = body["text"].as_str().unwrap_or_default().to_owned();
            inner.sent.push(Sent { chat_id, text: text.clone() });
            let id = inner.sent.len();
            (
                StatusCode::OK,
                Json(json!({"ok": true, "result": {"message_id": id, "date": 1_700_000_000,
                    "chat": {"id": chat_id, "type": "private"}, "text": text}})),
            )
        }
    };
    drop(inner);
    api.changed.notify_waiters();
    answer
}
