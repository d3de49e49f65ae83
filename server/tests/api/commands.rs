//! `felix-hub demo` and `felix-hub user create`, run as the real binary against a test database,
//! then used through the API.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::json;

use crate::helpers::{TestDatabase, spawn_app_on};

fn felix_hub(database_url: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_felix-hub"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run felix-hub");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn felix_hub_demo_then_login_as_avi_shows_a_living_shop() {
    let db = TestDatabase::new().await;
    let output = felix_hub(&db.url, &["demo"], "");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    for line in ["admin", "admin-demo-1", "avi", "avi-demo-1", "misha", "misha-demo-1"] {
        assert!(stdout.contains(line), "{stdout}");
    }

    let app = spawn_app_on(&db.url, |config| {
        config.flags.enable_car_number = Some(true);
        config.flags.enable_part_categories = Some(true);
    })
    .await;
    let avi = app.login("avi", "avi-demo-1").await;
    let (status, me) = app.get_json("/api/auth/me", &avi).await;
    assert_eq!(status, 200);
    assert_eq!(me["role"], "mechanic");
    let (status, page) = app.get_json("/api/orders?per_page=100", &avi).await;
    assert_eq!(status, 200);
    let mine = page["total"].as_i64().unwrap();
    assert!(mine >= 8, "{page}");
    assert!(page["orders"].as_array().unwrap().iter().all(|o| o["mechanic_name"] == "Avi Cohen"));
    assert!(page["orders"][0]["car_number"].is_string(), "{}", page["orders"][0]);

    let admin = app.login("admin", "admin-demo-1").await;
    let (_, page) = app.get_json("/api/orders", &admin).await;
    assert_eq!(page["total"], 20);
    for status in ["new", "in_progress", "ready", "completed", "cancelled"] {
        assert!(page["counts"][status].as_i64().unwrap() > 0, "{status}: {}", page["counts"]);
    }
    let (_, categories) = app.get_json("/api/categories", &avi).await;
    assert!(categories.as_array().unwrap().len() >= 5);
    for name in ["name_he", "name_en", "name_ru"] {
        assert!(categories[0][name].as_str().is_some_and(|n| !n.is_empty()), "{}", categories[0]);
    }
    let (_, parts) = app.get_json(&format!("/api/parts?category_id={}", categories[0]["id"]), &avi).await;
    assert!(parts[0]["price_agorot"].as_i64().unwrap() > 0);
    let misha = app.login("misha", "misha-demo-1").await;
    let (_, page) = app.get_json("/api/orders", &misha).await;
    assert_eq!(page["total"].as_i64().unwrap() + mine, 20);

    // It refuses a second run on a database with data, unless told to skip quietly.
    let again = felix_hub(&db.url, &["demo"], "");
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("already holds data"), "{}", text(&again.stderr));
    let quiet = felix_hub(&db.url, &["demo", "--if-empty"], "");
    assert!(quiet.status.success(), "{}", text(&quiet.stderr));
    let (_, page) = app.get_json("/api/orders", &admin).await;
    assert_eq!(page["total"], 20);
}

#[tokio::test]
async fn felix_hub_user_create_reads_the_password_from_stdin() {
    let db = TestDatabase::new().await;
    let output = felix_hub(
        &db.url,
        &[
            "user",
            "create",
            "--username",
            "kobi",
            "--name",
            "Kobi Mizrahi",
            "--role",
            "admin",
            "--language",
            "ru",
            "--telegram-chat-id",
            "777",
        ],
        "kobi-secret-pass\n",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Created admin 'kobi'"), "{}", text(&output.stdout));
    assert!(!text(&output.stdout).contains("kobi-secret-pass") && !text(&output.stderr).contains("kobi-secret-pass"));

    let app = spawn_app_on(&db.url, |_| {}).await;
    let token = app.login("kobi", "kobi-secret-pass").await;
    let (_, me) = app.get_json("/api/auth/me", &token).await;
    assert_eq!(me["display_name"], "Kobi Mizrahi");
    assert_eq!(me["role"], "admin");
    assert_eq!(me["language"], "ru");
    assert_eq!(me["telegram_chat_id"], 777);
    let (status, _) =
        app.post_public("/api/auth/login", &json!({"username": "kobi", "password": "kobi-secret-pass\n"})).await;
    assert_eq!(status, 401, "the newline is not part of the password");

    // The same username again, a short password, or a bad role all fail without a panic.
    let taken = felix_hub(
        &db.url,
        &["user", "create", "--username", "kobi", "--name", "K", "--role", "mechanic"],
        "another-pass-1\n",
    );
    assert_eq!(taken.status.code(), Some(1), "{}", text(&taken.stderr));
    assert!(text(&taken.stderr).contains("taken"), "{}", text(&taken.stderr));
    let short =
        felix_hub(&db.url, &["user", "create", "--username", "dan", "--name", "Dan", "--role", "mechanic"], "short\n");
    assert_eq!(short.status.code(), Some(1));
    assert!(text(&short.stderr).contains("at least 8"), "{}", text(&short.stderr));
    let role = felix_hub(
        &db.url,
        &["user", "create", "--username", "dan", "--name", "Dan", "--role", "boss"],
        "long-enough-1\n",
    );
    assert_eq!(role.status.code(), Some(2));
    for output in [&taken, &short, &role] {
        assert!(!text(&output.stderr).contains("panicked"), "{}", text(&output.stderr));
    }
}
