//! The security headers on every answer: a Content Security Policy that the web app runs under,
//! framing refused, HSTS when the public address is https, no MIME sniffing, and no referrer.
//!
//! The web app needs three kinds of inline code, and the policy allows exactly those by hash
//! instead of `'unsafe-inline'`:
//! - the `<script>` blocks of the built `index.html` (the bundle chooser, and Trunk's preload and
//!   start-up patterns), hashed from the file as served, so a rebuild needs only a restart;
//! - the `<style>` element each bundle adds with its components' CSS (`app::style_sheets`);
//! - WebAssembly itself, which `'wasm-unsafe-eval'` allows without allowing `eval`.

use std::path::Path;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::set_header::SetResponseHeaderLayer;

/// HSTS for a year, subdomains included (OWASP ASVS 14.4.5).
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Adds the headers to every response of `router` that does not set them itself.
pub fn layer(router: Router, dist_dir: &Path, public_url: &str) -> Router {
    let index = std::fs::read_to_string(dist_dir.join("index.html")).ok();
    let csp = content_security_policy(index.as_deref(), &app::style_sheets());
    let mut headers = vec![
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (header::X_FRAME_OPTIONS, "DENY".to_owned()),
        // Sign-in links carry their token in the address: it must never travel on as a referrer.
        (header::REFERRER_POLICY, "no-referrer".to_owned()),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin".to_owned()),
    ];
    if public_url.starts_with("https://") {
        headers.push((header::STRICT_TRANSPORT_SECURITY, HSTS.to_owned()));
    }
    headers.into_iter().fold(router, |router, (name, value)| {
        let value = HeaderValue::try_from(value).expect("security header values are ASCII");
        router.layer(SetResponseHeaderLayer::if_not_present(name, value))
    })
}

/// The policy for a web app built as `index_html` that adds `style_sheets` as `<style>` elements.
pub fn content_security_policy(index_html: Option<&str>, style_sheets: &[&str]) -> String {
    let scripts: String = index_html.map(inline_scripts).unwrap_or_default().iter().map(|s| hash_source(s)).collect();
    let styles: String = style_sheets.iter().map(|s| hash_source(s)).collect();
    [
        "default-src 'self'".to_owned(),
        format!("script-src 'self' 'wasm-unsafe-eval'{scripts}"),
        format!("style-src 'self'{styles}"),
        "img-src 'self'".to_owned(),
        "connect-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'self'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
    ]
    .join("; ")
}

/// ` 'sha256-…'`: the CSP source that allows exactly this inline text.
fn hash_source(text: &str) -> String {
    format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes())))
}

/// The text of each inline `<script>` of an HTML page (those without `src`), as the browser
/// hashes it: everything between the start tag and `</script`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<script").map(|i| at + i) {
        let Some(tag_end) = lower[start..].find('>').map(|i| start + i + 1) else { break };
        let Some(end) = lower[tag_end..].find("</script").map(|i| tag_end + i) else { break };
        let tag = &lower[start..tag_end];
        if !tag.contains(" src=") {
            found.push(&html[tag_end..end]);
        }
        at = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = r#"<html><head><script>var a=1</script><SCRIPT type=module>import("/x.js")</SCRIPT>
            <script src="/app.js"></script><script defer src=/b.js></script><script></script></head></html>"#;
        assert_eq!(inline_scripts(html), vec!["var a=1", r#"import("/x.js")"#, ""]);
        assert!(inline_scripts("<p>no scripts</p>").is_empty());
        assert!(inline_scripts("<script>never closed").is_empty());
    }

    #[test]
    fn the_policy_names_each_inline_script_and_style_by_hash() {
        let csp = content_security_policy(Some("<script>alert(1)</script>"), &[".a{color:red}"]);
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"),
            "{csp}"
        );
        assert!(csp.contains("style-src 'self' 'sha256-"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let bare = content_security_policy(None, &[]);
        assert!(bare.contains("script-src 'self' 'wasm-unsafe-eval';"), "{bare}");
    }
}
