//! Spawns the real application on a throwaway database, and talks to it over HTTP.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU32, Ordering};

use reqwest::{Client, Method, Response};
use serde_json::{Value, json};

use app::model::{Language, NewUser, Role};
use secrecy::SecretString;
use server::config::{ChatIds, Config, FlagArgs};
use server::startup::{Application, StartOptions};
use server::state::AppState;

use crate::bot_api::{self, BotApi};

static TRACING: LazyLock<()> = LazyLock::new(|| {
    if std::env::var_os("TEST_LOG").is_some() {
        server::telemetry::init("info,sqlx=warn");
    }
});

/// A fresh database for one test: a temporary SQLite file, or a new PostgreSQL database that is
/// dropped again when the test ends.
pub struct TestDatabase {
    pub url: String,
    postgres: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    pub async fn new() -> TestDatabase {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        match std::env::var("TEST_DATABASE_URL") {
            Ok(server_url) if server_url.starts_with("postgres") => {
                let server_url = server_url.trim_end_matches('/').to_owned();
                let name = format!(
                    "felix_test_{}_{}_{}",
                    std::env::var("TEST_RUN_ID").unwrap_or_else(|_| "local".into()),
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed)
                );
                let admin =
                    sea_orm::Database::connect(format!("{server_url}/postgres")).await.expect("connect to PostgreSQL");
                use sea_orm::ConnectionTrait;
                admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
                admin.close().await.ok();
                TestDatabase { url: format!("{server_url}/{name}"), postgres: Some((server_url, name)), _dir: None }
            }
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("felix-hub.db").display());
                TestDatabase { url, postgres: None, _dir: Some(dir) }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((server_url, name)) = self.postgres.take() {
            // Drop has no async: a helper thread with its own runtime drops the database, and
            // FORCE closes the pool connections the test left open.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                runtime.block_on(async move {
                    use sea_orm::ConnectionTrait;
                    if let Ok(admin) = sea_orm::Database::connect(format!("{server_url}/postgres")).await {
                        let _ =
                            admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// A configuration for tests: port 0, everything off, nothing from the environment.
pub fn test_config(database_url: &str) -> Config {
    Config {
        database_url: database_url.to_owned(),
        database_max_connections: 4,
        host: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        public_url: Some("http://felix.test".into()),
        dist_dir: PathBuf::from("/nonexistent-dist"),
        session_ttl_days: 30,
        default_language: app::model::Language::He,
        shop_timezone: chrono_tz::Asia::Jerusalem,
        telegram_bot_token: None,
        telegram_api_url: "http://127.0.0.1:9".into(),
        admin_chat_ids: ChatIds::default(),
        telegram_bot_polling: true,
        shutdown_timeout_secs: 20,
        flags: FlagArgs::default(),
        observability: Default::default(),
        limits: Default::default(),
    }
}

pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub state: AppState,
    /// The database's URL, for a second app or a direct look at the rows.
    pub database_url: String,
    /// Keeps the database until the test ends (none for a second app on another app's database).
    pub _db: Option<TestDatabase>,
}

/// Spawns the app with every flag off.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Spawns the app after `configure` has adjusted the test configuration.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    let db = TestDatabase::new().await;
    let mut app = spawn_app_on(&db.url, configure).await;
    app._db = Some(db);
    app
}

/// Spawns another app on an existing database, e.g. the same data with a flag turned off. The
/// caller keeps the database alive.
pub async fn spawn_app_on(database_url: &str, configure: impl FnOnce(&mut Config)) -> TestApp {
    LazyLock::force(&TRACING);
    let mut config = test_config(database_url);
    configure(&mut config);
    let application = Application::build(config, StartOptions::default()).await.expect("build the application");
    let address = format!("http://127.0.0.1:{}", application.port());
    let state = application.state().clone();
    tokio::spawn(application.run_until_stopped());
    let client = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { address, client, state, database_url: database_url.to_owned(), _db: None }
}

/// Spawns the app with a Telegram bot (TELEGRAM_BOT_TOKEN set) on the Bot API stand-in `api`.
/// Polling is off, so the bot reads no updates; the server still asks getMe for its name.
pub async fn spawn_app_with_bot(api: &BotApi) -> TestApp {
    let url = api.url.clone();
    spawn_app_with(move |config| {
        config.telegram_bot_token = Some(SecretString::from(bot_api::TOKEN));
        config.telegram_api_url = url;
        config.telegram_bot_polling = false;
    })
    .await
}

/// Spawns the app with ENABLE_CAR_NUMBER and ENABLE_PART_CATEGORIES on.
pub async fn spawn_app_with_features() -> TestApp {
    spawn_app_with(|config| {
        config.flags.enable_car_number = Some(true);
        config.flags.enable_part_categories = Some(true);
    })
    .await
}

/// A signed-in user: who they are and their bearer token.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub password: String,
    pub token: String,
}

/// The usual cast: one admin and two mechanics, all signed in.
pub struct Staff {
    pub admin: Account,
    pub avi: Account,
    pub misha: Account,
}

/// The rollout plan's Step 2.1 body, exactly as its curl sends it.
pub fn plan_step_2_1_body() -> Value {
    json!({
        "mechanic_name": "Test Mechanic",
        "vin": "TEST123456789",
        "car_number": "12-345-67",
        "part_type": "brake_pads",
        "category": "brakes",
        "original_or_analog": "original"
    })
}

/// The rollout plan's Step 4.2 body, exactly as its curl sends it.
pub fn plan_step_4_2_body() -> Value {
    json!({
        "mechanic_name": "Test Admin Notif",
        "vin": "TESTADMIN123456",
        "car_number": "99-999-99",
        "part_type": "test_part",
        "category": "test",
        "original_or_analog": "original"
    })
}

/// A small valid order body, varied by `vin`.
pub fn order_body(vin: &str) -> Value {
    json!({"vin": vin, "part_type": "oil filter", "category": "filters", "original_or_analog": "analog"})
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// Sends `body` as JSON (when given) with the bearer `token` (when given).
    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>, token: Option<&str>) -> Response {
        let mut request = self.client.request(method, self.url(path));
        if let Some(body) = body {
            request = request.json(body);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request")
    }

    /// Sends raw bytes as the body, with a JSON content type, and the bearer `token` when given.
    pub async fn send_raw(&self, method: Method, path: &str, body: Vec<u8>, token: Option<&str>) -> (u16, Value) {
        let mut request =
            self.client.request(method, self.url(path)).header("content-type", "application/json").body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        json(request.send().await.expect("request")).await
    }

    pub async fn get_json(&self, path: &str, token: &str) -> (u16, Value) {
        json(self.send(Method::GET, path, None, Some(token)).await).await
    }

    pub async fn post_json(&self, path: &str, body: &Value, token: &str) -> (u16, Value) {
        json(self.send(Method::POST, path, Some(body), Some(token)).await).await
    }

    pub async fn patch_json(&self, path: &str, body: &Value, token: &str) -> (u16, Value) {
        json(self.send(Method::PATCH, path, Some(body), Some(token)).await).await
    }

    pub async fn put_json(&self, path: &str, body: &Value, token: &str) -> (u16, Value) {
        json(self.send(Method::PUT, path, Some(body), Some(token)).await).await
    }

    /// A request expected to answer with no body (204); returns the status.
    pub async fn status_of(&self, method: Method, path: &str, body: Option<&Value>, token: &str) -> u16 {
        self.send(method, path, body, Some(token)).await.status().as_u16()
    }

    /// Creates a user straight through the service layer, as `felix-hub user create` does.
    pub async fn create_user(&self, username: &str, display_name: &str, role: Role) -> (i64, String) {
        let password = format!("{username}-password-1");
        let user = server::services::users::create(
            &self.state.services,
            None,
            NewUser {
                username: username.into(),
                display_name: display_name.into(),
                password: password.clone(),
                role,
                telegram_chat_id: None,
                language: Some(Language::En),
            },
        )
        .await
        .expect("create user");
        (user.id, password)
    }

    /// Signs in over HTTP and returns the bearer token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let (status, body) =
            self.post_public("/api/auth/login", &json!({"username": username, "password": password})).await;
        assert_eq!(status, 200, "login as {username}: {body}");
        body["token"].as_str().expect("token").to_owned()
    }

    pub async fn post_public(&self, path: &str, body: &Value) -> (u16, Value) {
        json(self.send(Method::POST, path, Some(body), None).await).await
    }

    /// Creates a user and signs them in.
    pub async fn account(&self, username: &str, display_name: &str, role: Role) -> Account {
        let (id, password) = self.create_user(username, display_name, role).await;
        let token = self.login(username, &password).await;
        Account { id, password, token }
    }

    /// An admin and two mechanics, signed in.
    pub async fn staff(&self) -> Staff {
        Staff {
            admin: self.account("dana", "Dana Levi", Role::Admin).await,
            avi: self.account("avi", "Avi Cohen", Role::Mechanic).await,
            misha: self.account("misha", "Misha Ivanov", Role::Mechanic).await,
        }
    }

    /// Creates an order and returns it; the answer must be a 201.
    pub async fn create_order(&self, token: &str, body: &Value) -> Value {
        let (status, order) = self.post_json("/api/orders", body, token).await;
        assert_eq!(status, 201, "create order {body}: {order}");
        order
    }

    /// The id of a freshly created order of the token's owner.
    pub async fn new_order_id(&self, token: &str, vin: &str) -> i64 {
        self.create_order(token, &order_body(vin)).await["id"].as_i64().expect("id")
    }

    /// Moves an order with the mechanic route; the move must succeed.
    pub async fn move_order(&self, id: i64, status: &str, token: &str) {
        let (code, body) =
            self.patch_json(&format!("/api/mechanic/orders/{id}/status"), &json!({"status": status}), token).await;
        assert_eq!(code, 200, "move #{id} to {status}: {body}");
    }

    pub async fn details(&self, id: i64, token: &str) -> Value {
        let (status, body) = self.get_json(&format!("/api/orders/{id}"), token).await;
        assert_eq!(status, 200, "details of #{id}: {body}");
        body
    }
}

/// Asserts the API's error shape, `{"error":{"code","message","field"?}}`, with this status and code.
#[track_caller]
pub fn assert_error(status: u16, body: &Value, expected_status: u16, expected_code: &str) {
    assert_eq!(status, expected_status, "{body}");
    let error = body["error"].as_object().unwrap_or_else(|| panic!("no error object: {body}"));
    assert_eq!(error["code"], expected_code, "{body}");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(error.keys().all(|k| ["code", "message", "field"].contains(&k.as_str())), "{body}");
    assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{body}");
}

/// The JSON body of a response, with its status, for assertions (`null` for a 204).
pub async fn json(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    if status == 204 {
        assert!(text.is_empty(), "204 with a body: {text}");
        return (status, Value::Null);
    }
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, value)
}
