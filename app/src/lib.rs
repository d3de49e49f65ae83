//! Felix Hub's web app and everything it shares with the server: wire types, validation, pages
//! and the server functions.

pub mod api;
pub mod model;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The whole single-page app: one router for the mechanics' pages and the admin panel.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="app-header">
                <a class="brand" href="/">"Felix Hub"</a>
            </header>
            <main class="app-main">
                <Routes fallback=|| view! { <p class="not-found">"Page not found"</p> }>
                    <Route path=path!("/") view=|| view! { <p>"Felix Hub"</p> } />
                    <Route path=path!("/mechanic/login") view=|| view! { <p>"Sign in"</p> } />
                    <Route path=path!("/mechanic") view=|| view! { <p>"Orders"</p> } />
                    <Route path=path!("/mechanic/orders/:id") view=|| view! { <p>"Order"</p> } />
                    <Route path=path!("/admin") view=|| view! { <p>"Admin"</p> } />
                </Routes>
            </main>
        </Router>
    }
}
