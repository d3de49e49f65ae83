//! Spawns the real application on a throwaway database, and talks to it over HTTP.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU32, Ordering};

use reqwest::{Client, Response};
use serde_json::Value;

use server::config::{ChatIds, Config, FlagArgs};
use server::startup::{Application, StartOptions};
use server::state::AppState;

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
        flags: FlagArgs::default(),
    }
}

pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub state: AppState,
    /// Keeps the database until the test ends.
    pub _db: TestDatabase,
}

/// Spawns the app with every flag off.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Spawns the app after `configure` has adjusted the test configuration.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    LazyLock::force(&TRACING);
    let db = TestDatabase::new().await;
    let mut config = test_config(&db.url);
    configure(&mut config);
    let application = Application::build(config, StartOptions::default()).await.expect("build the application");
    let address = format!("http://127.0.0.1:{}", application.port());
    let state = application.state().clone();
    tokio::spawn(application.run_until_stopped());
    let client = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { address, client, state, _db: db }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }
}

/// The JSON body of a response, with its status, for assertions.
pub async fn json(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, value)
}
