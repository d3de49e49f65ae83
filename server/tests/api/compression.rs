//! The API's JSON compressed for a client that asks for it, and only then: a phone on slow 4G
//! downloads an order page at a fraction of its size, and the answer unzips to the same JSON.

use std::io::Read;

use app::model::Role;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};

/// GET `path` as the token's owner, asking for `encoding` (or for nothing): the status, the
/// Content-Encoding and the body's raw bytes.
async fn fetch(app: &TestApp, path: &str, token: &str, encoding: Option<&str>) -> (u16, Option<String>, Vec<u8>) {
    let mut request = app.client.get(app.url(path)).bearer_auth(token);
    if let Some(encoding) = encoding {
        request = request.header(ACCEPT_ENCODING, encoding);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let encoding = response.headers().get(CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_owned());
    (status, encoding, response.bytes().await.unwrap().to_vec())
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut plain).expect("a valid gzip stream");
    plain
}

#[tokio::test]
async fn an_order_page_is_gzipped_for_a_browser_and_unzips_to_the_same_json() {
    let app = spawn_app().await;
    let avi = app.account("avi", "Avi Cohen", Role::Mechanic).await;
    for n in 0..30 {
        app.new_order_id(&avi.token, &format!("GZIP{n:04}")).await;
    }
    let (status, encoding, plain) = fetch(&app, "/api/orders?per_page=30", &avi.token, None).await;
    assert_eq!((status, encoding), (200, None), "no Accept-Encoding, no compression");
    let (status, encoding, zipped) =
        fetch(&app, "/api/orders?per_page=30", &avi.token, Some("gzip, deflate, br")).await;
    assert_eq!((status, encoding.as_deref()), (200, Some("gzip")));
    assert!(zipped.len() * 4 < plain.len(), "30 orders: {} bytes gzipped, {} plain", zipped.len(), plain.len());
    let unzipped: Value = serde_json::from_slice(&gunzip(&zipped)).expect("JSON");
    let expected: Value = serde_json::from_slice(&plain).expect("JSON");
    assert_eq!(unzipped, expected);
    assert_eq!(unzipped["orders"].as_array().map(Vec::len), Some(30));
}

#[tokio::test]
async fn a_short_answer_and_a_client_that_wants_no_gzip_get_plain_json() {
    let app = spawn_app().await;
    let avi = app.account("avi", "Avi Cohen", Role::Mechanic).await;
    let (status, encoding, body) = fetch(&app, "/api/config/feature-flags", &avi.token, Some("gzip")).await;
    assert_eq!((status, encoding), (200, None), "{} bytes are not worth a gzip header", body.len());
    serde_json::from_slice::<Value>(&body).expect("plain JSON");
    for n in 0..30 {
        app.new_order_id(&avi.token, &format!("PLAIN{n:03}")).await;
    }
    let (status, encoding, body) = fetch(&app, "/api/orders?per_page=30", &avi.token, Some("identity")).await;
    assert_eq!((status, encoding), (200, None));
    serde_json::from_slice::<Value>(&body).expect("plain JSON");
}
