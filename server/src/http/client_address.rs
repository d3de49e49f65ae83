//! The client's address, as the sign-in limits count it: the right-most entry of the trusted
//! proxy's header when TRUSTED_PROXY_HEADER is set (the one the proxy itself added; entries to
//! its left come from the client and prove nothing), else the connection's peer.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, HeaderName};

use crate::state::AppState;

/// The client's address (see the module's doc).
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let trusted = state.services.config.limits.trusted_proxy_header.as_ref();
        Ok(ClientAddress(client_address(&parts.headers, &parts.extensions, trusted)))
    }
}

/// The proxy's entry when a trusted header is configured and carries one, else the peer.
pub fn client_address(headers: &HeaderMap, extensions: &Extensions, trusted: Option<&HeaderName>) -> IpAddr {
    trusted.and_then(|name| from_proxy_header(headers, name)).unwrap_or_else(|| peer(extensions))
}

/// The right-most entry of the last copy of the header: what the proxy appended.
fn from_proxy_header(headers: &HeaderMap, name: &HeaderName) -> Option<IpAddr> {
    let last = headers.get_all(name).iter().next_back()?.to_str().ok()?;
    let entry = last.rsplit(',').next()?.trim();
    entry.parse::<IpAddr>().ok().or_else(|| entry.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
}

/// The connection's peer; unspecified when the server was not started with connection info (a
/// router called directly), which then counts every caller as one.
fn peer(extensions: &Extensions) -> IpAddr {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(address)| address.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn the_right_most_entry_of_the_trusted_header_wins_else_the_peer() {
        let name = HeaderName::from_static("x-forwarded-for");
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 5000))));
        let address = |headers: &HeaderMap, trusted| client_address(headers, &extensions, trusted).to_string();
        assert_eq!(address(&with(&["1.2.3.4, 203.0.113.9"]), Some(&name)), "203.0.113.9");
        assert_eq!(address(&with(&["1.2.3.4", "203.0.113.9 "]), Some(&name)), "203.0.113.9");
        assert_eq!(address(&with(&["2001:db8::1"]), Some(&name)), "2001:db8::1");
        assert_eq!(address(&with(&["[2001:db8::1]:443"]), Some(&name)), "2001:db8::1");
        assert_eq!(address(&with(&["198.51.100.7:1234"]), Some(&name)), "198.51.100.7");
        // Not configured: the header is the client's word, and ignored.
        assert_eq!(address(&with(&["203.0.113.9"]), None), "10.0.0.1");
        // Configured but missing or garbage: the peer.
        assert_eq!(address(&with(&[]), Some(&name)), "10.0.0.1");
        assert_eq!(address(&with(&["1.2.3.4, not-an-address"]), Some(&name)), "10.0.0.1");
        assert_eq!(client_address(&HeaderMap::new(), &Extensions::new(), None).to_string(), "0.0.0.0");
    }
}
