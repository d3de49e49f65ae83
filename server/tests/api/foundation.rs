//! The walking skeleton: health, flags, unknown routes and serving the web app.

use std::fs;

use serde_json::json;

use crate::helpers::{json, spawn_app, spawn_app_with};

#[tokio::test]
async fn health_reports_ok_with_the_database() {
    let app = spawn_app().await;
    let (status, body) = json(app.get("/health").await).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn health_is_503_when_the_database_is_unreachable() {
    let app = spawn_app().await;
    app.state.services.db.read.close_by_ref().await.unwrap();
    let (status, body) = json(app.get("/health").await).await;
    assert_eq!(status, 503);
    assert_eq!(body["database"], "error");
}

#[tokio::test]
async fn feature_flags_are_exactly_the_six_keys_all_false_by_default() {
    let app = spawn_app().await;
    let (status, body) = json(app.get("/api/config/feature-flags").await).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({
            "ENABLE_CAR_NUMBER": false,
            "ENABLE_PART_CATEGORIES": false,
            "ENABLE_TG_ADMIN_NOTIFS": false,
            "ENABLE_TG_MECH_NOTIFS": false,
            "ENABLE_MECH_I18N": false,
            "ENABLE_UI_REFRESH": false
        })
    );
}

#[tokio::test]
async fn each_flag_reports_what_the_environment_set() {
    let app = spawn_app_with(|config| {
        config.flags.enable_car_number = Some(true);
        config.flags.vite_enable_mech_i18n = Some(true);
    })
    .await;
    let (_, body) = json(app.get("/api/config/feature-flags").await).await;
    assert_eq!(body["ENABLE_CAR_NUMBER"], true);
    assert_eq!(body["ENABLE_MECH_I18N"], true, "the plan's VITE_ name works too");
    assert_eq!(body["ENABLE_PART_CATEGORIES"], false);
    assert_eq!(body.as_object().unwrap().len(), 6);
}

#[tokio::test]
async fn unknown_api_routes_answer_json_404() {
    let app = spawn_app().await;
    let (status, body) = json(app.get("/api/no-such-thing").await).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn the_web_app_is_served_precompressed_with_index_html_for_deep_links() {
    let dist = tempfile::tempdir().unwrap();
    fs::write(dist.path().join("index.html"), "<html>felix shell</html>").unwrap();
    fs::write(dist.path().join("app-0123456789abcdef.js"), "console.log('plain')").unwrap();
    fs::write(dist.path().join("app-0123456789abcdef.js.br"), "brotli bytes").unwrap();
    let dist_path = dist.path().to_owned();
    let app = spawn_app_with(move |config| config.dist_dir = dist_path).await;

    let deep = app.get("/mechanic/orders/7").await;
    assert_eq!(deep.status(), 200);
    assert_eq!(deep.headers()["cache-control"], "no-cache");
    assert_eq!(deep.text().await.unwrap(), "<html>felix shell</html>");

    let asset =
        app.client.get(app.url("/app-0123456789abcdef.js")).header("accept-encoding", "gzip, br").send().await.unwrap();
    assert_eq!(asset.status(), 200);
    assert_eq!(asset.headers()["content-encoding"], "br");
    assert!(asset.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert_eq!(asset.headers()["content-type"], "text/javascript");

    let plain = app.get("/app-0123456789abcdef.js").await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), "console.log('plain')");
}
