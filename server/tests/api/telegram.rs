//! Telegram: admin and mechanic notifications through the durable outbox, failure handling
//! (5xx, 429, permanent errors), restarts, several processes, and the mechanics' bot, all against
//! the Bot API stand-in in `bot_api.rs`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Client;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use secrecy::SecretString;
use serde_json::{Value, json};

use app::model::{Language, NewUser, Role};
use server::config::{ChatIds, Config};
use server::entities::{notification, one_time_code, order};
use server::services::{Services, auth, users};
use server::startup::{Application, StartOptions};

use crate::bot_api::{BotApi, Reply, TOKEN};
use crate::helpers::{TestDatabase, assert_error, spawn_app_with, spawn_app_with_bot, test_config};

const ADMIN_CHATS: [i64; 2] = [-100_111, 222];
const WAIT: Duration = Duration::from_secs(15);

/// A running server wired to the stand-in, with a mechanic and an admin signed in.
struct Shop {
    address: String,
    services: Arc<Services>,
    stop: Arc<tokio::sync::Notify>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
    client: Client,
}

fn telegram_config(db: &TestDatabase, api: &BotApi, configure: impl FnOnce(&mut Config)) -> Config {
    let mut config = test_config(&db.url);
    config.telegram_bot_token = Some(SecretString::from(TOKEN));
    config.telegram_api_url = api.url.clone();
    config.admin_chat_ids = ChatIds(ADMIN_CHATS.to_vec());
    config.flags.enable_tg_admin_notifs = Some(true);
    config.flags.enable_tg_mech_notifs = Some(true);
    config.flags.enable_car_number = Some(true);
    config.telegram_bot_polling = false;
    configure(&mut config);
    config
}

async fn open_shop(config: Config) -> Shop {
    let application = Application::build(config, StartOptions::default()).await.expect("build");
    let address = format!("http://127.0.0.1:{}", application.port());
    let services = application.state().services.clone();
    let stop = application.stop_handle();
    let task = tokio::spawn(application.run_until_stopped());
    Shop { address, services, stop, task, client: Client::new() }
}

impl Shop {
    async fn close(self) {
        self.stop.notify_one();
        tokio::time::timeout(Duration::from_secs(15), self.task).await.expect("server stops").unwrap().unwrap();
    }

    /// Creates a user straight through the service layer and signs them in over HTTP.
    async fn user(&self, username: &str, role: Role, chat: Option<i64>, language: Language) -> (i64, String) {
        let user = users::create(
            &self.services,
            None,
            NewUser {
                username: username.into(),
                display_name: format!("{username} name"),
                password: "password-123".into(),
                role,
                telegram_chat_id: chat,
                language: Some(language),
            },
        )
        .await
        .map_err(|e| e.into_app_error())
        .unwrap();
        let (status, body) =
            self.call("POST", "/api/auth/login", None, json!({"username": username, "password": "password-123"})).await;
        assert_eq!(status, 200, "{body}");
        (user.id, body["token"].as_str().unwrap().to_owned())
    }

    async fn call(&self, method: &str, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        let mut request = self.client.request(method.parse().unwrap(), format!("{}{path}", self.address)).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn order(&self, token: &str, vin: &str) -> (u16, Value) {
        self.call(
            "POST",
            "/api/orders",
            Some(token),
            json!({"mechanic_name": "Test Admin Notif", "vin": vin, "car_number": "99-999-99",
                   "part_type": "test_part", "category": "test", "original_or_analog": "original"}),
        )
        .await
    }

    async fn outbox(&self) -> Vec<notification::Model> {
        notification::Entity::find().all(&self.services.db.read).await.unwrap()
    }
}

#[tokio::test]
async fn a_new_order_messages_each_admin_chat_once_with_vin_car_number_and_part() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |_| {})).await;
    let (_, mechanic) = shop.user("avi", Role::Mechanic, None, Language::He).await;

    let (status, order) = shop.order(&mechanic, "TESTADMIN123456").await;
    assert_eq!(status, 201, "{order}");
    let sent = api.wait_for(2, WAIT).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent = if api.sent().len() > sent.len() { api.sent() } else { sent };
    assert_eq!(sent.len(), 2, "one message per admin chat: {sent:#?}");
    let mut chats: Vec<i64> = sent.iter().map(|m| m.chat_id).collect();
    chats.sort();
    assert_eq!(chats, vec![-100_111, 222]);
    let id = order["id"].as_i64().unwrap();
    for message in &sent {
        assert!(message.text.contains(&format!("#{id}")), "{}", message.text);
        assert!(message.text.contains("TESTADMIN123456"), "{}", message.text);
        assert!(message.text.contains("99-999-99"), "{}", message.text);
        assert!(message.text.contains("test_part"), "{}", message.text);
        assert!(message.text.contains(&format!("http://felix.test/admin/orders/{id}")), "{}", message.text);
    }
    shop.close().await;
}

#[tokio::test]
async fn no_admin_message_and_no_outbox_row_when_the_flag_is_off() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |c| c.flags.enable_tg_admin_notifs = Some(false))).await;
    let (_, mechanic) = shop.user("avi", Role::Mechanic, None, Language::He).await;
    let (status, _) = shop.order(&mechanic, "TESTADMIN123456").await;
    assert_eq!(status, 201);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(api.sent().is_empty(), "{:#?}", api.sent());
    assert!(shop.outbox().await.is_empty());
    shop.close().await;
}

#[tokio::test]
async fn without_a_token_the_server_runs_and_records_notifications_as_skipped() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |c| c.telegram_bot_token = None)).await;
    let (_, mechanic) = shop.user("avi", Role::Mechanic, None, Language::He).await;
    let (status, _) = shop.order(&mechanic, "TESTADMIN123456").await;
    assert_eq!(status, 201);
    let outbox = shop.outbox().await;
    assert_eq!(outbox.len(), 2);
    assert!(outbox.iter().all(|n| n.status == "skipped"), "{outbox:#?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(api.sent().is_empty());
    shop.close().await;
}

#[tokio::test]
async fn a_status_change_messages_the_mechanic_in_their_language_with_a_working_deep_link() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |c| c.flags.enable_tg_admin_notifs = Some(false))).await;
    let (_, mechanic) = shop.user("misha", Role::Mechanic, Some(777), Language::Ru).await;
    let (status, order) = shop.order(&mechanic, "TEST123456789").await;
    assert_eq!(status, 201);
    let id = order["id"].as_i64().unwrap();

    // The rollout plan's Phase 4 call, as written, with the mechanic's token.
    let (status, body) = shop
        .call("PATCH", &format!("/api/mechanic/orders/{id}/status"), Some(&mechanic), json!({"status": "ready"}))
        .await;
    assert_eq!(status, 200, "{body}");
    let message = api.wait_for_text(777, &format!("#{id}"), WAIT).await;
    assert!(
        message.text.contains("Новый") && message.text.contains("Готов"),
        "Russian, old and new status: {}",
        message.text
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(api.sent().iter().filter(|m| m.chat_id == 777).count(), 1, "exactly one message");

    // The deep link signs the mechanic in and names the order.
    let link = message
        .text
        .split("href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link")
        .replace("&amp;", "&");
    assert!(link.starts_with("http://felix.test/mechanic/login?token="), "{link}");
    assert!(link.ends_with(&format!("&order={id}")), "{link}");
    let token = link.split("token=").nth(1).unwrap().split('&').next().unwrap();
    let (status, body) = shop.call("POST", "/api/auth/login-link", None, json!({"token": token})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user"]["username"], "misha");
    shop.close().await;
}

#[tokio::test]
async fn the_outbox_stores_no_live_sign_in_token_and_the_sent_message_carries_a_fresh_one() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |c| c.flags.enable_tg_admin_notifs = Some(false))).await;
    let (_, admin) = shop.user("dana", Role::Admin, None, Language::He).await;
    let (_, mechanic) = shop.user("misha", Role::Mechanic, Some(777), Language::En).await;
    let (_, order) = shop.order(&mechanic, "NOTOKEN123456").await;
    let id = order["id"].as_i64().unwrap();
    let path = format!("/api/mechanic/orders/{id}/status");
    let (status, _) = shop.call("PATCH", &path, Some(&mechanic), json!({"status": "in_progress"})).await;
    assert_eq!(status, 200);
    let message = api.wait_for_text(777, &format!("#{id}"), WAIT).await;

    // Neither the stored row nor the admin's view of it holds a token.
    let rows = shop.outbox().await;
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].body.contains("token="), "{}", rows[0].body);
    assert!(rows[0].body.contains("{sign-in-link:"), "{}", rows[0].body);
    let (status, page) = shop.call("GET", "/api/admin/notifications", Some(&admin), json!(null)).await;
    assert_eq!(status, 200, "{page}");
    let shown = page["notifications"][0]["body"].as_str().unwrap();
    assert!(!shown.contains("token=") && shown.contains("sign-in link"), "{shown}");

    // The message Telegram got has a link that signs misha in, once.
    let link = message.text.split("href=\"").nth(1).unwrap().split('"').next().unwrap().replace("&amp;", "&");
    assert!(link.starts_with("http://felix.test/mechanic/login?token=") && link.ends_with(&format!("&order={id}")));
    let token = link.split("token=").nth(1).unwrap().split('&').next().unwrap();
    let (status, body) = shop.call("POST", "/api/auth/login-link", None, json!({"token": token})).await;
    assert_eq!((status, body["user"]["username"].as_str()), (200, Some("misha")), "{body}");
    let (status, _) = shop.call("POST", "/api/auth/login-link", None, json!({"token": token})).await;
    assert_eq!(status, 401);

    // After a password reset unlinks the chat, a message still waiting gets no sign-in link.
    let row = rows[0].clone();
    let (status, _) = shop
        .call(
            "POST",
            &format!("/api/admin/users/{}/password", row_user(&row)),
            Some(&admin),
            json!({"new_password": "brand-new-pass-1"}),
        )
        .await;
    assert_eq!(status, 204);
    let resolved = server::services::outbox_links::resolve(&shop.services, &row).await.unwrap();
    assert!(!resolved.contains("token="), "{resolved}");
    assert!(resolved.contains("href=\"http://felix.test\""), "{resolved}");
    shop.close().await;
}

/// The user a stored placeholder names.
fn row_user(row: &notification::Model) -> i64 {
    row.body.split("{sign-in-link:").nth(1).unwrap().split('}').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn an_assignment_messages_the_new_mechanic() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |c| c.flags.enable_tg_admin_notifs = Some(false))).await;
    let (_, admin) = shop.user("dana", Role::Admin, None, Language::He).await;
    let (avi, _) = shop.user("avi", Role::Mechanic, Some(555), Language::En).await;
    let (status, order) = shop.order(&admin, "TESTADMIN123456").await;
    assert_eq!(status, 201);
    let id = order["id"].as_i64().unwrap();
    let (status, _) =
        shop.call("PATCH", &format!("/api/admin/orders/{id}/assign"), Some(&admin), json!({"mechanic_id": avi})).await;
    assert_eq!(status, 200);
    let message = api.wait_for_text(555, "assigned to you", WAIT).await;
    assert!(message.text.contains(&format!("#{id}")));
    shop.close().await;
}

#[tokio::test]
async fn telegram_failing_twice_delays_the_message_but_never_the_order() {
    let api = BotApi::start().await;
    api.script([Reply::ServerError, Reply::ServerError]);
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |c| c.admin_chat_ids = ChatIds(vec![222]))).await;
    let (_, mechanic) = shop.user("avi", Role::Mechanic, None, Language::He).await;

    let started = Instant::now();
    let (status, _) = shop.order(&mechanic, "TESTADMIN123456").await;
    assert_eq!(status, 201);
    assert!(started.elapsed() < Duration::from_secs(2), "the order does not wait on Telegram: {:?}", started.elapsed());

    // teloxide pauses 10 s after each 5xx; the third attempt goes through.
    api.wait_for(1, Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(api.sent().len(), 1, "delivered exactly once");
    assert_eq!(api.attempts().len(), 3);
    let outbox = shop.outbox().await;
    assert_eq!((outbox[0].status.as_str(), outbox[0].attempts), ("sent", 3));
    shop.close().await;
}

#[tokio::test]
async fn retry_after_from_a_429_is_respected() {
    let api = BotApi::start().await;
    api.script([Reply::RetryAfter(3)]);
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |c| c.admin_chat_ids = ChatIds(vec![222]))).await;
    let (_, mechanic) = shop.user("avi", Role::Mechanic, None, Language::He).await;
    let (status, _) = shop.order(&mechanic, "TESTADMIN123456").await;
    assert_eq!(status, 201);
    api.wait_for(1, WAIT).await;
    let attempts = api.attempts();
    assert_eq!(attempts.len(), 2);
    let waited = attempts[1].1 - attempts[0].1;
    assert!(waited >= Duration::from_millis(2900), "waited only {waited:?} after retry_after=3");
    shop.close().await;
}

#[tokio::test]
async fn a_chat_that_does_not_exist_is_marked_failed_and_not_retried() {
    let api = BotApi::start().await;
    api.script([Reply::ChatNotFound]);
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |c| c.admin_chat_ids = ChatIds(vec![404]))).await;
    let (_, mechanic) = shop.user("avi", Role::Mechanic, None, Language::He).await;
    let (status, _) = shop.order(&mechanic, "TESTADMIN123456").await;
    assert_eq!(status, 201);
    let deadline = Instant::now() + WAIT;
    let failed = loop {
        let outbox = shop.outbox().await;
        if outbox.first().is_some_and(|n| n.status == "failed") {
            break outbox[0].clone();
        }
        assert!(Instant::now() < deadline, "not marked failed: {outbox:#?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(failed.last_error.as_deref().unwrap_or_default().contains("chat not found"), "{failed:?}");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(api.attempts().len(), 1, "not retried");
    shop.close().await;
}

#[tokio::test]
async fn messages_pending_when_the_server_stops_are_delivered_after_it_restarts() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    // First life: Telegram is unreachable (nothing listens on port 9).
    let shop = open_shop(telegram_config(&db, &api, |c| c.telegram_api_url = "http://127.0.0.1:9".into())).await;
    let (_, mechanic) = shop.user("avi", Role::Mechanic, None, Language::He).await;
    for vin in ["RESTART0001", "RESTART0002"] {
        let (status, _) = shop.order(&mechanic, vin).await;
        assert_eq!(status, 201);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    shop.close().await;

    // Second life on the same database, with Telegram back.
    let shop = open_shop(telegram_config(&db, &api, |_| {})).await;
    // Nothing was given up on while Telegram was down (the new worker may already be sending).
    let waiting = shop.outbox().await;
    assert_eq!(waiting.len(), 4);
    assert!(waiting.iter().all(|n| n.status == "pending" || n.status == "sent"), "{waiting:#?}");
    // The first life backed off after failing; the restart does not wait for that.
    let sent = api.wait_for(4, Duration::from_secs(30)).await;
    for vin in ["RESTART0001", "RESTART0002"] {
        assert_eq!(sent.iter().filter(|m| m.text.contains(vin)).count(), 2, "{vin} to both admin chats");
    }
    shop.close().await;
}

#[tokio::test]
async fn two_servers_on_one_database_deliver_each_message_exactly_once() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let first = open_shop(telegram_config(&db, &api, |_| {})).await;
    let second = open_shop(telegram_config(&db, &api, |_| {})).await;
    let (_, mechanic) = first.user("avi", Role::Mechanic, None, Language::He).await;
    const ORDERS: usize = 20;
    for n in 0..ORDERS {
        let shop = if n % 2 == 0 { &first } else { &second };
        let (status, body) = shop.order(&mechanic, &format!("TWICE{n:06}")).await;
        assert_eq!(status, 201, "{body}");
    }
    let sent = api.wait_for(ORDERS * 2, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let sent = if api.sent().len() > sent.len() { api.sent() } else { sent };
    assert_eq!(sent.len(), ORDERS * 2, "no message twice");
    for n in 0..ORDERS {
        for chat in ADMIN_CHATS {
            let vin = format!("TWICE{n:06}");
            assert_eq!(
                sent.iter().filter(|m| m.chat_id == chat && m.text.contains(&vin)).count(),
                1,
                "{vin} to {chat}"
            );
        }
    }
    first.close().await;
    second.close().await;
}

#[tokio::test]
async fn a_bot_dialogue_links_the_account_and_orders_a_part_and_the_admins_hear_of_it() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |c| {
        c.flags.enable_part_categories = Some(true);
        c.telegram_bot_polling = true;
    }))
    .await;
    let (_, admin) = shop.user("dana", Role::Admin, None, Language::He).await;
    let (mechanic_id, _) = shop.user("avi", Role::Mechanic, None, Language::En).await;
    let (status, category) = shop
        .call(
            "POST",
            "/api/admin/categories",
            Some(&admin),
            json!({"slug": "brakes", "name_he": "בלמים", "name_en": "Brakes", "name_ru": "Тормоза"}),
        )
        .await;
    assert_eq!(status, 201, "{category}");
    let category_id = category["id"].as_i64().unwrap();
    let (status, part) = shop
        .call("POST", "/api/admin/parts", Some(&admin),
            json!({"category_id": category_id, "name_he": "רפידות", "name_en": "Brake pads", "name_ru": "Колодки", "price_agorot": 24000}))
        .await;
    assert_eq!(status, 201, "{part}");
    let part_id = part["id"].as_i64().unwrap();

    // The mechanic gets a link code in the web app...
    let viewer = app::model::Viewer {
        id: mechanic_id,
        role: Role::Mechanic,
        display_name: "avi name".into(),
        language: Language::En,
        session_id: 0,
    };
    let request = app::model::TelegramLinkRequest { current_password: "password-123".into() };
    let code = auth::create_telegram_link_code(&shop.services, &viewer, request)
        .await
        .map_err(|e| e.into_app_error())
        .unwrap()
        .code;

    // ...and talks to the bot.
    const CHAT: i64 = 4242;
    api.user_says(CHAT, "/start");
    api.wait_for_text(CHAT, "Choose a language", WAIT).await;
    api.user_taps(CHAT, "lang:en");
    api.wait_for_text(CHAT, "/link", WAIT).await;
    api.user_says(CHAT, &format!("/link {code}"));
    api.wait_for_text(CHAT, "linked to", WAIT).await;
    api.user_says(CHAT, "🆕 New order");
    api.wait_for_text(CHAT, "Which category?", WAIT).await;
    api.user_taps(CHAT, &format!("cat:{category_id}"));
    api.wait_for_text(CHAT, "Which part?", WAIT).await;
    api.user_taps(CHAT, &format!("part:{part_id}"));
    api.wait_for_text(CHAT, "VIN", WAIT).await;
    api.user_says(CHAT, "wvw zzz 1kz aw000101");
    api.wait_for_text(CHAT, "car number", WAIT).await;
    api.user_says(CHAT, "12-345-67");
    api.wait_for_text(CHAT, "Original or analog?", WAIT).await;
    api.user_taps(CHAT, "ooa:analog");
    api.wait_for_text(CHAT, "photo", WAIT).await;
    api.user_sends_photo(CHAT, "AgAD-photo-1");
    let summary = api.wait_for_text(CHAT, "Check the order", WAIT).await;
    assert!(summary.text.contains("Brake pads") && summary.text.contains("WVWZZZ1KZAW000101"), "{}", summary.text);
    // Change the VIN from the summary before confirming.
    api.user_taps(CHAT, "edit:vin");
    tokio::time::sleep(Duration::from_millis(300)).await;
    api.user_says(CHAT, "JTDKB20U093000202");
    let summary = api.wait_for_text(CHAT, "JTDKB20U093000202", WAIT).await;
    assert!(summary.text.contains("Check the order"), "back to the summary: {}", summary.text);
    api.user_taps(CHAT, "confirm");
    let done = api.wait_for_text(CHAT, "Order sent", WAIT).await;

    let created = order::Entity::find()
        .filter(order::Column::MechanicId.eq(mechanic_id))
        .one(&shop.services.db.read)
        .await
        .unwrap()
        .unwrap();
    assert!(done.text.contains(&format!("#{}", created.id)));
    assert_eq!(created.vin, "JTDKB20U093000202");
    assert_eq!(created.part_id, Some(part_id));
    assert_eq!(created.car_number.as_deref(), Some("12-345-67"));
    assert_eq!(created.original_or_analog, "analog");
    assert_eq!(created.photo_file_id.as_deref(), Some("AgAD-photo-1"));
    for chat in ADMIN_CHATS {
        api.wait_for_text(chat, "JTDKB20U093000202", WAIT).await;
    }

    // My orders lists it.
    api.user_says(CHAT, "/orders");
    api.wait_for_text(CHAT, &format!("#{} ", created.id), WAIT).await;
    shop.close().await;
}

#[tokio::test]
async fn the_outbox_counts_only_rows_for_enabled_audiences() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |c| c.flags.enable_tg_mech_notifs = Some(false))).await;
    let (_, mechanic) = shop.user("misha", Role::Mechanic, Some(777), Language::Ru).await;
    let (_, order) = shop.order(&mechanic, "TEST123456789").await;
    let id = order["id"].as_i64().unwrap();
    let (status, _) = shop
        .call("PATCH", &format!("/api/mechanic/orders/{id}/status"), Some(&mechanic), json!({"status": "ready"}))
        .await;
    assert_eq!(status, 200);
    let mechanic_rows = notification::Entity::find()
        .filter(notification::Column::Audience.eq("mechanic"))
        .count(&shop.services.db.read)
        .await
        .unwrap();
    assert_eq!(mechanic_rows, 0, "ENABLE_TG_MECH_NOTIFS off: nothing for mechanics");
    shop.close().await;
}

/// Waits for the `n`th message to `chat` that contains `needle` (counting from 1).
async fn nth_text(api: &BotApi, chat: i64, needle: &str, n: usize) -> crate::bot_api::Sent {
    let deadline = Instant::now() + WAIT;
    loop {
        let found: Vec<_> = api.sent().into_iter().filter(|m| m.chat_id == chat && m.text.contains(needle)).collect();
        if let Some(message) = found.get(n - 1) {
            return message.clone();
        }
        assert!(Instant::now() < deadline, "no message #{n} to {chat} containing {needle:?}: {:#?}", api.sent());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_bot_asks_again_skips_edits_and_cancels_with_its_buttons() {
    let api = BotApi::start().await;
    let db = TestDatabase::new().await;
    let shop = open_shop(telegram_config(&db, &api, |c| {
        c.flags.enable_tg_admin_notifs = Some(false);
        c.telegram_bot_polling = true;
    }))
    .await;
    const CHAT: i64 = 5151;
    let (mechanic_id, _) = shop.user("avi", Role::Mechanic, Some(CHAT), Language::En).await;

    // Without the catalog, category and part are typed.
    api.user_says(CHAT, "/new");
    api.wait_for_text(CHAT, "Type the category", WAIT).await;
    api.user_says(CHAT, "Brakes");
    api.wait_for_text(CHAT, "Type the part", WAIT).await;
    api.user_says(CHAT, "Front pads");
    api.wait_for_text(CHAT, "What is the VIN?", WAIT).await;
    // A VIN that does not pass: why, and the question again.
    api.user_says(CHAT, "WVW-ZZZ");
    let again = nth_text(&api, CHAT, "What is the VIN?", 2).await;
    assert!(again.text.contains("Latin letters and digits"), "{}", again.text);
    api.user_says(CHAT, "WVWZZZ1KZAW000303");
    api.wait_for_text(CHAT, "What is the car number?", WAIT).await;
    // A button of another step does nothing but point at the buttons.
    api.user_taps(CHAT, "ooa:analog");
    api.wait_for_text(CHAT, "Please pick one of the buttons above.", WAIT).await;
    api.user_taps(CHAT, "skip:car");
    api.wait_for_text(CHAT, "Original or analog?", WAIT).await;
    api.user_taps(CHAT, "ooa:original");
    api.wait_for_text(CHAT, "Send a photo of the part, or skip.", WAIT).await;
    api.user_taps(CHAT, "skip:photo");
    let summary = nth_text(&api, CHAT, "Check the order", 1).await;
    assert!(summary.text.contains("Car number: —") && summary.text.contains("Original"), "{}", summary.text);

    // Editing one field asks only that question, then shows the summary again.
    api.user_taps(CHAT, "edit:car");
    nth_text(&api, CHAT, "What is the car number?", 2).await;
    api.user_says(CHAT, "12-345-67");
    let summary = nth_text(&api, CHAT, "Check the order", 2).await;
    assert!(summary.text.contains("Car number: 12-345-67"), "{}", summary.text);
    assert!(summary.text.contains("WVWZZZ1KZAW000303") && summary.text.contains("Front pads"), "{}", summary.text);

    // Cancel drops the draft: no order, and its buttons no longer act.
    api.user_taps(CHAT, "cancel");
    api.wait_for_text(CHAT, "The order was dropped.", WAIT).await;
    api.user_taps(CHAT, "confirm");
    nth_text(&api, CHAT, "Please pick one of the buttons above.", 2).await;
    let orders = order::Entity::find()
        .filter(order::Column::MechanicId.eq(mechanic_id))
        .count(&shop.services.db.read)
        .await
        .unwrap();
    assert_eq!(orders, 0);

    // A language button works at any step and is saved to the profile.
    api.user_taps(CHAT, "lang:ru");
    api.wait_for_text(CHAT, "Язык: русский", WAIT).await;
    let (status, me) =
        shop.call("POST", "/api/auth/login", None, json!({"username": "avi", "password": "password-123"})).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["user"]["language"], "ru");
    shop.close().await;
}

/// The web app's `config` server function, as the browser calls it, signed out.
async fn app_config(app: &crate::helpers::TestApp) -> Value {
    let response = app.client.post(app.url("/api/fn/config")).json(&json!({})).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_app_config_names_the_bot_once_get_me_answers_even_without_polling() {
    let api = BotApi::start().await;
    let app = spawn_app_with_bot(&api).await;
    let deadline = Instant::now() + WAIT;
    loop {
        let config = app_config(&app).await;
        if config["telegram_bot"] == "felix_hub_test_bot" {
            break;
        }
        assert_eq!(config["telegram_bot"], Value::Null, "no other name: {config}");
        assert!(Instant::now() < deadline, "getMe's name never reached the config: {config}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let avi = app.account("avi", "Avi Cohen", Role::Mechanic).await;
    let (status, code) =
        app.post_json("/api/auth/telegram-link-code", &json!({"current_password": avi.password}), &avi.token).await;
    assert_eq!((status, &code["bot_username"]), (201, &json!("felix_hub_test_bot")), "{code}");
}

#[tokio::test]
async fn without_a_bot_the_config_names_none_and_no_link_code_is_minted() {
    let app = spawn_app_with(|config| config.shop_timezone = chrono_tz::Europe::Moscow).await;
    let config = app_config(&app).await;
    assert_eq!(
        (&config["telegram_bot"], &config["shop_timezone"]),
        (&Value::Null, &json!("Europe/Moscow")),
        "{config}"
    );
    let avi = app.account("avi", "Avi Cohen", Role::Mechanic).await;
    let (status, body) =
        app.post_json("/api/auth/telegram-link-code", &json!({"current_password": avi.password}), &avi.token).await;
    assert_error(status, &body, 409, "conflict");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("Telegram is not set up"), "{message}");
    let codes = one_time_code::Entity::find().count(&app.state.services.db.read).await.unwrap();
    assert_eq!(codes, 0, "no code was stored");
}
