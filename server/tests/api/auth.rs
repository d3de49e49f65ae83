//! Signing in and out: tokens, expiry and revocation, the failed-login limit, one-time login
//! links, deactivation and password changes.

use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, Database, EntityTrait, Set};
use serde_json::{Value, json};

use app::model::Role;
use server::entities::session;
use server::services::auth::sign_in_backoff::FREE_PER_USERNAME_AND_ADDRESS;
use server::services::auth::{new_token, token_hash};

use crate::helpers::{TestApp, assert_error, json, spawn_app};

async fn me(app: &TestApp, token: &str) -> (u16, Value) {
    app.get_json("/api/auth/me", token).await
}

/// The token inside a login link's URL.
fn link_token(url: &str) -> String {
    let query = url.split_once('?').expect("query").1;
    query.split('&').find_map(|pair| pair.strip_prefix("token=")).expect("token=").to_owned()
}

#[tokio::test]
async fn login_answers_a_token_that_works_and_the_user_without_secrets() {
    let app = spawn_app().await;
    let (id, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    let (status, body) = app.post_public("/api/auth/login", &json!({"username": "AVI ", "password": password})).await;
    assert_eq!(status, 200, "{body}");
    let token = body["token"].as_str().unwrap();
    assert_eq!(token.len(), 64, "32 random bytes, hex");
    assert_eq!(body["user"]["id"], id);
    assert_eq!(body["user"]["username"], "avi");
    assert_eq!(body["user"]["role"], "mechanic");
    assert!(body["user"].get("password_hash").is_none());
    assert!(!body.to_string().contains("argon2"), "{body}");
    let expires = chrono::DateTime::parse_from_rfc3339(body["expires_at"].as_str().unwrap()).unwrap();
    let days = (expires.with_timezone(&Utc) - Utc::now()).num_hours();
    assert!((29 * 24..=30 * 24).contains(&days), "30 days by default: {days} h");

    let (status, user) = me(&app, token).await;
    assert_eq!(status, 200);
    assert_eq!(user["username"], "avi");
    // Lower-case "bearer" works too.
    let response = app
        .client
        .get(app.url("/api/auth/me"))
        .header("authorization", format!("bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // Only the hash is stored.
    let db = Database::connect(&app.database_url).await.unwrap();
    let sessions = session::Entity::find().all(&db).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].token_hash, token_hash(token));
    assert_ne!(sessions[0].token_hash, token);
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_is_401_with_the_same_message() {
    let app = spawn_app().await;
    app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    let (status, wrong) =
        app.post_public("/api/auth/login", &json!({"username": "avi", "password": "nope-nope"})).await;
    assert_error(status, &wrong, 401, "unauthorized");
    let (status, unknown) =
        app.post_public("/api/auth/login", &json!({"username": "ghost", "password": "nope-nope"})).await;
    assert_error(status, &unknown, 401, "unauthorized");
    assert_eq!(wrong["error"]["message"], unknown["error"]["message"]);
    let (status, empty) = app.post_public("/api/auth/login", &json!({"username": "avi", "password": ""})).await;
    assert_error(status, &empty, 422, "validation");
    assert_eq!(empty["error"]["field"], "password");
}

#[tokio::test]
async fn logout_revokes_the_token_at_once_and_only_that_one() {
    let app = spawn_app().await;
    let (_, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    let phone = app.login("avi", &password).await;
    let laptop = app.login("avi", &password).await;
    assert_eq!(me(&app, &phone).await.0, 200, "cached now");

    let (status, body) = json(app.send(Method::POST, "/api/auth/logout", None, Some(&phone)).await).await;
    assert_eq!((status, body), (204, Value::Null));
    let (status, body) = me(&app, &phone).await;
    assert_error(status, &body, 401, "unauthorized");
    assert_eq!(me(&app, &laptop).await.0, 200);
    let (status, _) = json(app.send(Method::POST, "/api/auth/logout", None, Some(&phone)).await).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn expired_and_revoked_tokens_are_401() {
    let app = spawn_app().await;
    let (id, _) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    let db = Database::connect(&app.database_url).await.unwrap();
    let session_with = |expires_at: chrono::DateTime<Utc>, revoked: bool| {
        let token = new_token();
        let model = session::ActiveModel {
            user_id: Set(id),
            token_hash: Set(token_hash(&token)),
            created_at: Set(Utc::now() - Duration::days(31)),
            expires_at: Set(expires_at),
            revoked_at: Set(revoked.then(Utc::now)),
            ..Default::default()
        };
        (token, model)
    };
    let (expired, model) = session_with(Utc::now() - Duration::seconds(1), false);
    model.insert(&db).await.unwrap();
    let (revoked, model) = session_with(Utc::now() + Duration::days(1), true);
    model.insert(&db).await.unwrap();
    let (valid, model) = session_with(Utc::now() + Duration::days(1), false);
    model.insert(&db).await.unwrap();

    for token in [&expired, &revoked] {
        let (status, body) = me(&app, token).await;
        assert_error(status, &body, 401, "unauthorized");
    }
    assert_eq!(me(&app, &valid).await.0, 200);
}

#[tokio::test]
async fn a_session_ttl_from_the_config_sets_the_expiry() {
    let app = crate::helpers::spawn_app_with(|config| config.session_ttl_days = 1).await;
    let (_, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    let (_, body) = app.post_public("/api/auth/login", &json!({"username": "avi", "password": password})).await;
    let expires = chrono::DateTime::parse_from_rfc3339(body["expires_at"].as_str().unwrap()).unwrap();
    let hours = (expires.with_timezone(&Utc) - Utc::now()).num_minutes();
    assert!((23 * 60..=24 * 60).contains(&hours), "{hours} min");
}

#[tokio::test]
async fn failed_logins_from_one_address_are_delayed_with_429_and_retry_after() {
    let app = spawn_app().await;
    let (_, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    let (_, misha_password) = app.create_user("misha", "Misha Ivanov", Role::Mechanic).await;
    for attempt in 1..=FREE_PER_USERNAME_AND_ADDRESS {
        let (status, body) =
            app.post_public("/api/auth/login", &json!({"username": "avi", "password": "guess-guess"})).await;
        assert_eq!(status, 401, "attempt {attempt}: {body}");
    }
    // Past the free ones each try waits; even the right password, in any spelling of the
    // username, from this address.
    for username in ["avi", "AVI"] {
        let response = app
            .send(Method::POST, "/api/auth/login", Some(&json!({"username": username, "password": password})), None)
            .await;
        let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=2).contains(&retry_after), "the first delay is 2 s: {retry_after}");
        let (status, body) = json(response).await;
        assert_error(status, &body, 429, "rate_limited");
    }
    // Someone else at the same address is not affected.
    app.login("misha", &misha_password).await;
    // Once the delay has passed, the right password signs in.
    tokio::time::sleep(std::time::Duration::from_millis(2050)).await;
    app.login("avi", &password).await;
}

#[tokio::test]
async fn a_successful_login_clears_the_failed_count() {
    let app = spawn_app().await;
    let (_, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    for _ in 1..FREE_PER_USERNAME_AND_ADDRESS {
        app.post_public("/api/auth/login", &json!({"username": "avi", "password": "guess-guess"})).await;
    }
    app.login("avi", &password).await;
    for _ in 1..FREE_PER_USERNAME_AND_ADDRESS {
        app.post_public("/api/auth/login", &json!({"username": "avi", "password": "guess-guess"})).await;
    }
    app.login("avi", &password).await;
}

#[tokio::test]
async fn a_login_link_signs_in_once_and_then_is_401() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let order = app.new_order_id(&staff.avi.token, "LINK1").await;
    let (status, link) = app
        .post_json(
            &format!("/api/admin/users/{}/login-link", staff.avi.id),
            &json!({"order_id": order}),
            &staff.admin.token,
        )
        .await;
    assert_eq!(status, 201, "{link}");
    let url = link["url"].as_str().unwrap();
    assert!(url.starts_with("http://felix.test/mechanic/login?token="), "{url}");
    assert!(url.ends_with(&format!("&order={order}")), "{url}");
    let expires = chrono::DateTime::parse_from_rfc3339(link["expires_at"].as_str().unwrap()).unwrap();
    assert!(expires.with_timezone(&Utc) <= Utc::now() + Duration::hours(24), "short-lived");

    let token = link_token(url);
    let (status, signed_in) = app.post_public("/api/auth/login-link", &json!({"token": token})).await;
    assert_eq!(status, 200, "{signed_in}");
    assert_eq!(signed_in["user"]["id"], staff.avi.id);
    let session = signed_in["token"].as_str().unwrap();
    assert_ne!(session, token, "the link's token is not the session's");
    assert_eq!(me(&app, session).await.1["username"], "avi");

    let (status, body) = app.post_public("/api/auth/login-link", &json!({"token": token})).await;
    assert_error(status, &body, 401, "unauthorized");
    let (status, body) = app.post_public("/api/auth/login-link", &json!({"token": "0".repeat(64)})).await;
    assert_error(status, &body, 401, "unauthorized");
    // The link's token is not a bearer token.
    let (status, _) = me(&app, &token).await;
    assert_eq!(status, 401);

    // Without an order the link just signs in.
    let (status, link) =
        app.post_json(&format!("/api/admin/users/{}/login-link", staff.misha.id), &json!({}), &staff.admin.token).await;
    assert_eq!(status, 201);
    assert!(!link["url"].as_str().unwrap().contains("order="));
    let (status, _) = app.post_json("/api/admin/users/999/login-link", &json!({}), &staff.admin.token).await;
    assert_eq!(status, 404);
    let (status, body) =
        app.post_json(&format!("/api/admin/users/{}/login-link", staff.misha.id), &json!({}), &staff.avi.token).await;
    assert_error(status, &body, 403, "forbidden");
}

#[tokio::test]
async fn a_login_link_of_a_user_deactivated_since_is_void() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let (_, link) =
        app.post_json(&format!("/api/admin/users/{}/login-link", staff.avi.id), &json!({}), &staff.admin.token).await;
    let (status, _) = app
        .patch_json(&format!("/api/admin/users/{}", staff.avi.id), &json!({"active": false}), &staff.admin.token)
        .await;
    assert_eq!(status, 200);
    // Deactivation voided it, as it ended the sessions.
    let (status, body) =
        app.post_public("/api/auth/login-link", &json!({"token": link_token(link["url"].as_str().unwrap())})).await;
    assert_error(status, &body, 401, "unauthorized");
    let (status, _) =
        app.post_json(&format!("/api/admin/users/{}/login-link", staff.avi.id), &json!({}), &staff.admin.token).await;
    assert_eq!(status, 409, "no new links for a deactivated account");
}

#[tokio::test]
async fn a_deactivated_users_token_stops_working_and_they_cannot_sign_in_until_reactivated() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    assert_eq!(me(&app, &staff.avi.token).await.0, 200, "cached now");

    let (status, user) = app
        .patch_json(&format!("/api/admin/users/{}", staff.avi.id), &json!({"active": false}), &staff.admin.token)
        .await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["active"], false);
    let (status, body) = me(&app, &staff.avi.token).await;
    assert_error(status, &body, 401, "unauthorized");
    let (status, body) = app.post_json("/api/orders", &crate::helpers::order_body("DEACT1"), &staff.avi.token).await;
    assert_error(status, &body, 401, "unauthorized");
    let (status, body) =
        app.post_public("/api/auth/login", &json!({"username": "avi", "password": staff.avi.password})).await;
    assert_error(status, &body, 403, "forbidden");

    let (status, _) = app
        .patch_json(&format!("/api/admin/users/{}", staff.avi.id), &json!({"active": true}), &staff.admin.token)
        .await;
    assert_eq!(status, 200);
    let (status, _) = me(&app, &staff.avi.token).await;
    assert_eq!(status, 401, "old tokens stay revoked");
    let token = app.login("avi", &staff.avi.password).await;
    assert_eq!(me(&app, &token).await.0, 200);

    // An admin cannot lock themselves out.
    let (status, body) = app
        .patch_json(&format!("/api/admin/users/{}", staff.admin.id), &json!({"active": false}), &staff.admin.token)
        .await;
    assert_error(status, &body, 409, "conflict");
}

#[tokio::test]
async fn a_role_change_takes_effect_on_the_next_request() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let (status, _) = app.get_json("/api/admin/users", &staff.avi.token).await;
    assert_eq!(status, 403);
    let (status, _) = app
        .patch_json(&format!("/api/admin/users/{}", staff.avi.id), &json!({"role": "admin"}), &staff.admin.token)
        .await;
    assert_eq!(status, 200);
    let (status, users) = app.get_json("/api/admin/users", &staff.avi.token).await;
    assert_eq!(status, 200, "{users}");
    assert_eq!(users.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn changing_the_password_keeps_this_session_ends_the_others_and_swaps_the_password() {
    let app = spawn_app().await;
    let (_, password) = app.create_user("avi", "Avi Cohen", Role::Mechanic).await;
    let here = app.login("avi", &password).await;
    let elsewhere = app.login("avi", &password).await;
    assert_eq!(me(&app, &elsewhere).await.0, 200, "cached now");

    let (status, body) = app
        .post_json(
            "/api/auth/password",
            &json!({"current_password": "wrong-one-1", "new_password": "new-password-2"}),
            &here,
        )
        .await;
    assert_error(status, &body, 422, "validation");
    assert_eq!(body["error"]["field"], "current_password");
    let (status, body) = app
        .post_json("/api/auth/password", &json!({"current_password": password, "new_password": "short"}), &here)
        .await;
    assert_error(status, &body, 422, "validation");
    assert_eq!(body["error"]["field"], "new_password");

    let (status, body) = json(
        app.send(
            Method::POST,
            "/api/auth/password",
            Some(&json!({"current_password": password, "new_password": "new-password-2"})),
            Some(&here),
        )
        .await,
    )
    .await;
    assert_eq!((status, body), (204, Value::Null));
    assert_eq!(me(&app, &here).await.0, 200);
    assert_eq!(me(&app, &elsewhere).await.0, 401);
    let (status, _) = app.post_public("/api/auth/login", &json!({"username": "avi", "password": password})).await;
    assert_eq!(status, 401);
    app.login("avi", "new-password-2").await;
}

#[tokio::test]
async fn an_admin_password_reset_ends_every_session_of_the_user() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let status = app
        .status_of(
            Method::POST,
            &format!("/api/admin/users/{}/password", staff.avi.id),
            Some(&json!({"new_password": "reset-password-3"})),
            &staff.admin.token,
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(me(&app, &staff.avi.token).await.0, 401);
    app.login("avi", "reset-password-3").await;
}

#[tokio::test]
async fn admins_create_users_and_usernames_are_unique() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let body = json!({"username": "Kobi", "display_name": "Kobi Mizrahi", "password": "kobi-password-1", "role": "mechanic", "language": "ru"});
    let (status, user) = app.post_json("/api/admin/users", &body, &staff.admin.token).await;
    assert_eq!(status, 201, "{user}");
    assert_eq!(user["username"], "kobi");
    assert_eq!(user["language"], "ru");
    assert_eq!(user["active"], true);
    app.login("kobi", "kobi-password-1").await;
    let (status, error) = app.post_json("/api/admin/users", &body, &staff.admin.token).await;
    assert_error(status, &error, 409, "conflict");
    assert_eq!(error["error"]["field"], "username");
    let mut short = body.clone();
    short["username"] = json!("yo");
    let (status, error) = app.post_json("/api/admin/users", &short, &staff.admin.token).await;
    assert_error(status, &error, 422, "validation");
    let (status, error) = app.post_json("/api/admin/users", &body, &staff.avi.token).await;
    assert_error(status, &error, 403, "forbidden");

    let (status, users) = app.get_json("/api/admin/users", &staff.admin.token).await;
    assert_eq!(status, 200);
    assert_eq!(users.as_array().unwrap().len(), 4);
    assert!(users.to_string().find("password").is_none(), "{users}");
}
