//! The HTTP client of the server functions: the browser's fetch, plus the bearer token that
//! sign-in left in localStorage.

use std::future::Future;

use leptos::server_fn::Bytes;
use leptos::server_fn::client::Client;
use leptos::server_fn::client::browser::BrowserClient;
use leptos::server_fn::error::FromServerFnError;
use leptos::server_fn::request::browser::BrowserRequest;
use leptos::server_fn::response::browser::BrowserResponse;

/// localStorage key of the session token.
pub const TOKEN_KEY: &str = "felix_token";

pub struct AuthClient;

impl<E, IS, OS> Client<E, IS, OS> for AuthClient
where
    E: FromServerFnError,
    IS: FromServerFnError,
    OS: FromServerFnError,
{
    type Request = BrowserRequest;
    type Response = BrowserResponse;

    fn send(request: Self::Request) -> impl Future<Output = Result<Self::Response, E>> + Send {
        if let Some(token) = stored_token() {
            request.headers().set("Authorization", &format!("Bearer {token}"));
        }
        <BrowserClient as Client<E, IS, OS>>::send(request)
    }

    fn open_websocket(
        path: &str,
    ) -> impl Future<
        Output = Result<
            (
                impl futures::Stream<Item = Result<Bytes, Bytes>> + Send + 'static,
                impl futures::Sink<Bytes> + Send + 'static,
            ),
            E,
        >,
    > + Send {
        <BrowserClient as Client<E, IS, OS>>::open_websocket(path)
    }

    fn spawn(future: impl Future<Output = ()> + Send + 'static) {
        <BrowserClient as Client<E, IS, OS>>::spawn(future)
    }
}

/// The token sign-in stored, if any.
pub fn stored_token() -> Option<String> {
    #[cfg(feature = "csr")]
    {
        web_sys::window()?.local_storage().ok()??.get_item(TOKEN_KEY).ok()?.filter(|t| !t.is_empty())
    }
    #[cfg(not(feature = "csr"))]
    {
        None
    }
}
