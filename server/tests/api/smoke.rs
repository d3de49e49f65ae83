//! `felix-hub smoke` and `felix-hub report`, run as the real binary against a server with every
//! flag on and the Bot API stand-in.

use std::path::Path;
use std::process::Output;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use secrecy::SecretString;
use serde_json::Value;

use app::model::Role;
use server::config::ChatIds;
use server::entities::order;

use crate::bot_api::{BotApi, Reply, TOKEN};
use crate::helpers::{TestApp, spawn_app_with};
use crate::metrics::{METRICS_TOKEN, with_token};

/// A built web app in miniature: an index naming a script, its wasm and a stylesheet, each with
/// the precompressed copies `scripts/build-frontend` writes beside it.
fn fixture_dist(dir: &Path) {
    let index = r#"<html><head><link rel="stylesheet" href="/main-0123456789abcdef.css">
<link rel="modulepreload" href="/app-0123456789abcdef.js"><link rel="preload" href="/app-0123456789abcdef_bg.wasm" as="fetch">
</head><body>felix</body></html>"#;
    std::fs::write(dir.join("index.html"), index).unwrap();
    for name in ["main-0123456789abcdef.css", "app-0123456789abcdef.js", "app-0123456789abcdef_bg.wasm"] {
        std::fs::write(dir.join(name), format!("plain {name}")).unwrap();
        std::fs::write(dir.join(format!("{name}.br")), format!("brotli {name}")).unwrap();
        std::fs::write(dir.join(format!("{name}.gz")), format!("gzip {name}")).unwrap();
    }
}

/// A server with all six flags on, two admin chats at the stand-in, and an admin account.
async fn shop(api: &BotApi, dist: &Path) -> TestApp {
    let (url, dist) = (api.url.clone(), dist.to_owned());
    let app = spawn_app_with(move |config| {
        with_token(config);
        config.dist_dir = dist;
        config.telegram_bot_token = Some(SecretString::from(TOKEN));
        config.telegram_api_url = url;
        config.telegram_bot_polling = false;
        config.admin_chat_ids = ChatIds(vec![-100_111, 222]);
        let flags = &mut config.flags;
        for flag in [
            &mut flags.enable_car_number,
            &mut flags.enable_part_categories,
            &mut flags.enable_tg_admin_notifs,
            &mut flags.enable_tg_mech_notifs,
            &mut flags.enable_mech_i18n,
            &mut flags.enable_ui_refresh,
        ] {
            *flag = Some(true);
        }
    })
    .await;
    app.create_user("dana", "Dana Levi", Role::Admin).await;
    app
}

/// Runs `felix-hub` with a clean environment plus `env`, feeding `stdin`.
async fn felix_hub(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    use tokio::io::AsyncWriteExt;
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_felix-hub"));
    command.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).await.unwrap();
    child.wait_with_output().await.unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Orders that are still open (new, in progress or ready).
async fn open_orders(app: &TestApp) -> Vec<order::Model> {
    order::Entity::find()
        .filter(order::Column::Status.is_in([order::Status::New, order::Status::InProgress, order::Status::Ready]))
        .all(&app.state.services.db.read)
        .await
        .unwrap()
}

#[tokio::test]
async fn smoke_passes_on_a_healthy_server_leaves_no_open_order_and_feeds_the_report() {
    let api = BotApi::start().await;
    let dist = tempfile::tempdir().unwrap();
    fixture_dist(dist.path());
    let app = shop(&api, dist.path()).await;
    let work = tempfile::tempdir().unwrap();
    let baseline = work.path().join("baseline.json");
    let token_env = [("METRICS_TOKEN", METRICS_TOKEN)];

    let snapshot =
        felix_hub(&["report", "snapshot", "--url", &app.address, "--out", baseline.to_str().unwrap()], &token_env, "")
            .await;
    assert!(snapshot.status.success(), "{}", text(&snapshot.stderr));

    let password = [("SMOKE_PASSWORD", "dana-password-1")];
    let smoke =
        felix_hub(&["smoke", "--url", &app.address, "--username", "dana", "--format", "json"], &password, "").await;
    let stdout = text(&smoke.stdout);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stdout}\n{}", text(&smoke.stderr)));
    assert_eq!(smoke.status.code(), Some(0), "{stdout}");
    let rows = report["rows"].as_array().unwrap();
    for row in rows {
        assert_eq!(row["outcome"], "PASS", "every check passes with every flag on: {row}");
        assert!(!row["step"].as_str().unwrap().is_empty() && !row["check"].as_str().unwrap().is_empty(), "{row}");
    }
    let check = |wording: &str| rows.iter().find(|row| row["check"] == wording).unwrap_or_else(|| panic!("{wording}"));
    assert!(
        check("Admin receives Telegram notification within 5 seconds")["detail"]
            .as_str()
            .unwrap()
            .starts_with("2 of 2 sent")
    );
    assert_eq!(check("Categories API endpoint accessible")["flag"], "ENABLE_PART_CATEGORIES");
    assert!(check("API response time p95 < 1000ms")["detail"].as_str().unwrap().contains("p95"));
    assert_eq!(report["failed"], 0);
    assert_eq!(report["passed"].as_u64().unwrap() as usize, rows.len());

    // The test order is marked as such, went through its statuses, and is cancelled.
    assert!(open_orders(&app).await.is_empty(), "an open order is left");
    let orders = order::Entity::find().all(&app.state.services.db.read).await.unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].vin, "SMOKETEST123456");
    assert!(orders[0].part_type.contains("SMOKE TEST"));
    assert_eq!(orders[0].status, order::Status::Cancelled);
    assert_eq!(orders[0].car_number.as_deref(), Some("12-345-67"));
    // The two admin chats heard of it.
    assert_eq!(api.sent().iter().filter(|m| m.text.contains("SMOKETEST123456")).count(), 2);

    // The report from the baseline, the server now and the smoke result.
    let smoke_file = work.path().join("smoke.json");
    std::fs::write(&smoke_file, &stdout).unwrap();
    let args = ["report", "--baseline", baseline.to_str().unwrap(), "--url", &app.address];
    let printed = felix_hub(&[&args[..], &["--smoke", smoke_file.to_str().unwrap()]].concat(), &token_env, "").await;
    assert!(printed.status.success(), "{}", text(&printed.stderr));
    let markdown = text(&printed.stdout);
    assert!(markdown.contains("| Notification Success Rate | N/A | 100.00% | N/A | ✅ |"), "{markdown}");
    assert!(markdown.contains("| Error Rate | N/A | 0.00% | N/A | ✅ |"), "{markdown}");
    let load = markdown.lines().find(|l| l.starts_with("| Frontend Load Time | N/A | ")).expect(&markdown);
    assert!(load.ends_with("| N/A | ✅ |"), "{load}");
    for flag in ["ENABLE_CAR_NUMBER", "ENABLE_PART_CATEGORIES", "ENABLE_TG_ADMIN_NOTIFS", "ENABLE_TG_MECH_NOTIFS"] {
        assert!(markdown.contains(&format!("| {flag} | ✅ | ✅ | — | ✅ |")), "{flag}:\n{markdown}");
    }
    for flag in ["ENABLE_MECH_I18N", "ENABLE_UI_REFRESH"] {
        assert!(markdown.contains(&format!("| {flag} | ✅ | ➖ | — | ✅ |")), "{flag}:\n{markdown}");
    }
}

#[tokio::test]
async fn smoke_fails_with_a_clear_row_and_exit_code_1_when_telegram_rejects_every_message() {
    let api = BotApi::start().await;
    api.script(std::iter::repeat_n(Reply::ChatNotFound, 100));
    let dist = tempfile::tempdir().unwrap();
    fixture_dist(dist.path());
    let app = shop(&api, dist.path()).await;

    // The password from stdin this time, and the plain table.
    let smoke = felix_hub(&["smoke", "--url", &app.address, "--username", "dana"], &[], "dana-password-1\n").await;
    let table = text(&smoke.stdout);
    assert_eq!(smoke.status.code(), Some(1), "{table}\n{}", text(&smoke.stderr));
    let failed: Vec<&str> = table.lines().filter(|line| line.contains(" FAIL ")).collect();
    assert_eq!(failed.len(), 1, "{table}");
    assert!(failed[0].starts_with("4.2 "), "{}", failed[0]);
    assert!(failed[0].contains("Admin receives Telegram notification within 5 seconds"), "{}", failed[0]);
    assert!(failed[0].contains("0 of 2 sent") && failed[0].contains("chat not found"), "{}", failed[0]);
    assert!(table.lines().any(|line| line.starts_with("Cleanup ") && line.contains(" PASS ")), "{table}");
    assert!(table.contains("1 FAIL"), "{table}");
    assert!(open_orders(&app).await.is_empty(), "cancelled even though a check failed");
}

#[tokio::test]
async fn smoke_markdown_marks_what_a_server_without_its_web_app_fails() {
    let app = spawn_app_with(|_| {}).await;
    app.create_user("dana", "Dana Levi", Role::Admin).await;
    let smoke = felix_hub(
        &["smoke", "--url", &app.address, "--username", "dana", "--format", "markdown"],
        &[("SMOKE_PASSWORD", "dana-password-1")],
        "",
    )
    .await;
    let markdown = text(&smoke.stdout);
    assert_eq!(smoke.status.code(), Some(1), "{markdown}");
    assert!(markdown.starts_with("| Step | Check | Result | Latency | Detail |\n|---|"), "{markdown}");
    let row = |wording: &str| markdown.lines().find(|l| l.contains(wording)).unwrap_or_else(|| panic!("{wording}"));
    assert!(row("Deep link to order works").contains("❌ FAIL"), "{markdown}");
    assert!(row("All assets load successfully").contains("HTTP 503"), "{markdown}");
    assert!(row("Categories API endpoint accessible").contains("➖ SKIP"), "{markdown}");
    assert!(row("New orders can be created").contains("✅ PASS"), "{markdown}");
    assert!(open_orders(&app).await.is_empty());
}

#[tokio::test]
async fn report_prints_both_tables_from_two_snapshots() {
    let app = spawn_app_with(|config| {
        with_token(config);
        config.flags.enable_car_number = Some(true);
        config.flags.enable_tg_admin_notifs = Some(true);
    })
    .await;
    let work = tempfile::tempdir().unwrap();
    let (before, after) = (work.path().join("before.json"), work.path().join("after.json"));
    let env = [("METRICS_TOKEN", METRICS_TOKEN)];
    let take = |path: &Path| {
        let path = path.to_str().unwrap().to_owned();
        let address = app.address.clone();
        async move { felix_hub(&["report", "snapshot", "--url", &address, "--out", &path], &env, "").await }
    };
    assert!(take(&before).await.status.success());
    // Seven answered, three failed on the server's side (the web app is not built: 503).
    for _ in 0..7 {
        assert_eq!(app.get("/api/config/feature-flags").await.status(), 200);
    }
    for _ in 0..3 {
        assert_eq!(app.get("/").await.status(), 503);
    }
    assert!(take(&after).await.status.success());

    let args = ["report", "--baseline", before.to_str().unwrap(), "--after", after.to_str().unwrap()];
    let printed = felix_hub(&args, &[], "").await;
    assert!(printed.status.success(), "{}", text(&printed.stderr));
    let markdown = text(&printed.stdout);
    assert!(markdown.contains("**Requests**: 0 before the baseline, 10 after it\n"), "{markdown}");
    assert!(
        markdown.contains("### Success Metrics\n\n| Metric | Baseline | Post-Rollout | Change | Status |\n"),
        "{markdown}"
    );
    assert!(markdown.contains("| Error Rate | N/A | 30.00% | N/A | ❌ |"), "{markdown}");
    assert!(markdown.contains("| Notification Success Rate | N/A | N/A | N/A | ➖ |"), "{markdown}");
    assert!(markdown.contains("| API Response Time (p95) | N/A | "), "{markdown}");
    assert!(
        markdown.contains("### Feature Verification\n\n| Feature | Enabled | Verified | Issues | Status |\n"),
        "{markdown}"
    );
    assert!(markdown.contains("| ENABLE_CAR_NUMBER | ✅ | ➖ | — | ✅ |"), "{markdown}");
    // On, but without a bot token it cannot take effect.
    assert!(
        markdown.contains("| ENABLE_TG_ADMIN_NOTIFS | ✅ | ➖ | on but not effective (see /admin/system) | ❌ |"),
        "{markdown}"
    );
    assert!(markdown.contains("| ENABLE_UI_REFRESH | ❌ | ➖ | — | ❌ |"), "{markdown}");

    // Without the token, /metrics refuses and so does the snapshot, saying why.
    let refused = felix_hub(&["report", "snapshot", "--url", &app.address], &[], "").await;
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("401"), "{}", text(&refused.stderr));
}
