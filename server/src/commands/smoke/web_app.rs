//! The smoke checks of the web app itself: a deep link answered by the SPA fallback, and the
//! files `index.html` names, each served compressed.

use std::collections::BTreeMap;
use std::time::Instant;

use super::probe::Probe;
use super::rows::{Outcome, Row};

/// A reload on an order's address gets the web app, from the server's fallback.
pub(super) async fn deep_link(probe: &Probe, order: Option<i64>, admin: bool) -> Row {
    let path = format!("/{}/orders/{}", if admin { "admin" } else { "mechanic" }, order.unwrap_or(1));
    let started = Instant::now();
    let response = probe.client.get(format!("{}{path}", probe.base)).send().await;
    let check = "Deep link to order works";
    match response {
        Ok(r) if r.status() == 200 && content_type(&r).starts_with("text/html") => {
            Row::new("4.3", check, Outcome::Pass, format!("{path} serves the web app"))
        }
        Ok(r) => {
            Row::new("4.3", check, Outcome::Fail, format!("{path}: HTTP {} {}", r.status().as_u16(), content_type(&r)))
        }
        Err(error) => Row::new("4.3", check, Outcome::Fail, format!("{path}: {error}")),
    }
    .took(started.elapsed())
}

fn content_type(response: &reqwest::Response) -> String {
    response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The web app's scripts, wasm and styles named in `index.html`, each served compressed.
pub(super) async fn assets(probe: &Probe) -> Row {
    let check = "All assets load successfully (CSS, JS, fonts)";
    let started = Instant::now();
    let index = match probe.client.get(format!("{}/", probe.base)).send().await {
        Ok(r) if r.status() == 200 => r.text().await.unwrap_or_default(),
        Ok(r) => return Row::new("3.3", check, Outcome::Fail, format!("/: HTTP {}", r.status().as_u16())),
        Err(error) => return Row::new("3.3", check, Outcome::Fail, format!("/: {error}")),
    };
    let paths = asset_paths(&index);
    if paths.is_empty() {
        return Row::new("3.3", check, Outcome::Fail, "index.html names no script, wasm or stylesheet");
    }
    let (mut bytes, mut problems, mut encodings) = (0usize, Vec::new(), BTreeMap::<String, usize>::new());
    for path in &paths {
        let request = probe.client.get(format!("{}{path}", probe.base)).header("accept-encoding", "br, gzip");
        match request.send().await {
            Ok(r) if r.status() == 200 => {
                let encoding = r.headers().get("content-encoding").and_then(|v| v.to_str().ok()).map(str::to_owned);
                bytes += r.bytes().await.map(|b| b.len()).unwrap_or(0);
                match encoding {
                    Some(encoding) => *encodings.entry(encoding).or_default() += 1,
                    None => problems.push(format!("{path} not compressed")),
                }
            }
            Ok(r) => problems.push(format!("{path}: HTTP {}", r.status().as_u16())),
            Err(error) => problems.push(format!("{path}: {error}")),
        }
    }
    let encodings: Vec<String> = encodings.iter().map(|(e, n)| format!("{n} {e}")).collect();
    let summary = format!("{} assets ({}), {:.0} KB as sent", paths.len(), encodings.join(", "), bytes as f64 / 1024.0);
    let row = if problems.is_empty() {
        Row::new("3.3", check, Outcome::Pass, summary)
    } else {
        Row::new("3.3", check, Outcome::Fail, format!("{summary}; {}", problems.join("; ")))
    };
    row.took(started.elapsed())
}

/// Local paths of scripts, wasm and stylesheets quoted anywhere in the page.
fn asset_paths(html: &str) -> Vec<String> {
    let mut paths: Vec<String> = html
        .split(['"', '\''])
        .filter(|token| token.starts_with('/') && !token.starts_with("//") && !token.contains(char::is_whitespace))
        .filter(|token| [".js", ".wasm", ".css"].iter().any(|ext| token.ends_with(ext)))
        .map(str::to_owned)
        .collect();
    paths.sort();
    paths.dedup();
    paths
}
