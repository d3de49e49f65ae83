//! Races: two taps on two phones at once must not both win, and many writers must not lose work.

use reqwest::RequestBuilder;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::bot_api::BotApi;
use crate::helpers::{json, order_body, spawn_app, spawn_app_with_bot};

/// Sends every request at the same time and returns the answers, in no particular order.
async fn all_at_once(requests: impl IntoIterator<Item = RequestBuilder>) -> Vec<(u16, Value)> {
    let mut set = JoinSet::new();
    for request in requests {
        set.spawn(async move { json(request.send().await.expect("request")).await });
    }
    set.join_all().await
}

#[tokio::test]
async fn simultaneous_status_moves_of_one_order_let_exactly_one_win() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let id = app.new_order_id(&staff.avi.token, "RACE1").await;
    let path = format!("/api/mechanic/orders/{id}/status");
    let body = json!({"status": "ready"});
    let answers =
        all_at_once((0..8).map(|_| app.client.patch(app.url(&path)).json(&body).bearer_auth(&staff.avi.token))).await;
    let mut statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 409, 409, 409, 409, 409, 409, 409], "{answers:?}");
    let events = app.details(id, &staff.avi.token).await["events"].clone();
    assert_eq!(events.as_array().unwrap().iter().filter(|e| e["kind"] == "status").count(), 1, "{events}");
}

#[tokio::test]
async fn simultaneous_timer_starts_leave_one_running_timer() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let mut orders = Vec::new();
    for n in 0..3 {
        orders.push(app.new_order_id(&staff.avi.token, &format!("RACE2{n}")).await);
    }
    let paths: Vec<String> = orders.iter().cycle().take(6).map(|id| format!("/api/orders/{id}/timer/start")).collect();
    let answers =
        all_at_once(paths.iter().map(|path| app.client.post(app.url(path)).bearer_auth(&staff.avi.token))).await;
    let mut statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    statuses.sort();
    assert_eq!(statuses, [201, 409, 409, 409, 409, 409], "{answers:?}");
    let (_, dashboard) = app.get_json("/api/dashboard", &staff.avi.token).await;
    let winner = answers.iter().find(|(status, _)| *status == 201).unwrap();
    assert_eq!(dashboard["running_timer"]["id"], winner.1["id"]);
}

#[tokio::test]
async fn a_login_link_redeemed_at_once_from_two_places_signs_in_once() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let (_, link) =
        app.post_json(&format!("/api/admin/users/{}/login-link", staff.avi.id), &json!({}), &staff.admin.token).await;
    let url = link["url"].as_str().unwrap();
    let token = url.split("token=").nth(1).unwrap().split('&').next().unwrap();
    let body = json!({"token": token});
    let answers = all_at_once((0..5).map(|_| app.client.post(app.url("/api/auth/login-link")).json(&body))).await;
    let mut statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 401, 401, 401, 401], "{answers:?}");
}

#[tokio::test]
async fn many_orders_created_at_once_are_all_kept_with_their_own_ids() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    // Every other order with a first comment: each comment must land on its own order.
    let bodies: Vec<_> = (0..20)
        .map(|n| {
            let mut body = order_body(&format!("MANY{n}"));
            if n % 2 == 1 {
                body["comment"] = json!(format!("comment of MANY{n}"));
            }
            body
        })
        .collect();
    let answers = all_at_once(bodies.iter().enumerate().map(|(n, body)| {
        let token = if n % 2 == 0 { &staff.avi.token } else { &staff.misha.token };
        app.client.post(app.url("/api/orders")).json(body).bearer_auth(token)
    }))
    .await;
    assert!(answers.iter().all(|(status, _)| *status == 201), "{answers:?}");
    let mut ids: Vec<i64> = answers.iter().map(|(_, order)| order["id"].as_i64().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20);
    // Orders written together in one batch: each answer is its own order, as stored.
    let mut vins: Vec<&str> = answers.iter().map(|(_, answer)| answer["vin"].as_str().unwrap()).collect();
    vins.sort();
    let mut sent: Vec<String> = (0..20).map(|n| format!("MANY{n}")).collect();
    sent.sort();
    assert_eq!(vins, sent);
    for (_, answer) in &answers {
        let stored = app.details(answer["id"].as_i64().unwrap(), &staff.admin.token).await;
        assert_eq!(stored["order"]["vin"], answer["vin"], "{stored}");
        assert_eq!(stored["order"]["mechanic_id"], answer["mechanic_id"], "{stored}");
        assert_eq!(stored["order"]["created_at"], answer["created_at"], "{stored}");
        assert_eq!(stored["events"][0]["kind"], "created", "{stored}");
        let vin = answer["vin"].as_str().unwrap();
        let comment = stored["comments"][0]["body"].as_str();
        let odd = vin.trim_start_matches("MANY").parse::<u32>().unwrap() % 2 == 1;
        assert_eq!(comment, odd.then(|| format!("comment of {vin}")).as_deref(), "{stored}");
    }
    let (_, page) = app.get_json("/api/orders?per_page=100", &staff.admin.token).await;
    assert_eq!(page["counts"]["new"], 20);
    let (_, page) = app.get_json("/api/orders", &staff.avi.token).await;
    assert_eq!(page["total"], 10);
}

#[tokio::test]
async fn a_burst_of_simultaneous_wrong_passwords_is_cut_off_at_the_limit() {
    let app = spawn_app().await;
    let (_, password) = app.create_user("avi", "Avi Cohen", app::model::Role::Mechanic).await;
    let body = json!({"username": "avi", "password": "guess-guess"});
    let answers = all_at_once((0..30).map(|_| app.client.post(app.url("/api/auth/login")).json(&body))).await;
    let wrong = answers.iter().filter(|(status, _)| *status == 401).count();
    let limited = answers.iter().filter(|(status, _)| *status == 429).count();
    assert_eq!((wrong, limited), (5, 25), "only the five free guesses are checked: {answers:?}");
    let (status, _) = app.post_public("/api/auth/login", &json!({"username": "avi", "password": password})).await;
    assert_eq!(status, 429);
}

#[tokio::test]
async fn a_telegram_link_code_sent_from_many_chats_at_once_links_one() {
    let api = BotApi::start().await;
    let app = spawn_app_with_bot(&api).await;
    let (id, password) = app.create_user("avi", "Avi Cohen", app::model::Role::Mechanic).await;
    let token = app.login("avi", &password).await;
    let (status, code) =
        app.post_json("/api/auth/telegram-link-code", &json!({"current_password": password}), &token).await;
    assert_eq!(status, 201, "{code}");
    let code = code["code"].as_str().unwrap().to_owned();
    let mut set = JoinSet::new();
    for chat in 1..=8 {
        let (services, code) = (app.state.services.clone(), code.clone());
        set.spawn(async move {
            let linked = server::services::auth::redeem_telegram_link_code(&services, &code, chat).await;
            linked.map(|user| user.telegram_chat_id).map_err(|e| e.into_app_error())
        });
    }
    let answers = set.join_all().await;
    let linked: Vec<_> = answers.iter().filter_map(|answer| answer.as_ref().ok()).collect();
    assert_eq!(linked.len(), 1, "{answers:?}");
    assert!(answers.iter().filter_map(|a| a.as_ref().err()).all(|e| e.field.as_deref() == Some("code")), "{answers:?}");
    let (_, me) = app.get_json("/api/auth/me", &token).await;
    assert_eq!(me["id"], id);
    assert_eq!(&me["telegram_chat_id"], &json!(linked[0]), "the winner's chat is the one linked");
}
