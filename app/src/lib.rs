//! Felix Hub's web app and everything it shares with the server: wire types, validation, pages
//! and the server functions.
//!
//! The browser gets one of two bundles (frontend/index.html picks): `run_login`, the login page on
//! its own, small enough for a phone on a slow line, and `run_app`, the whole mechanics' app and
//! admin panel.

// The server build implements server-side rendering for every view, though it never renders one:
// a page drawn once by `ui::live` nests its whole view type in the data boundary's, and working
// out that type's layout goes deeper than the compiler's default limit of 128.
#![recursion_limit = "256"]

pub mod api;
pub mod model;

mod browser;
mod config;
mod format;
mod i18n;
mod pages;
mod session;
mod ui;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;

use crate::model::{AppConfig, AppError};
use crate::pages::login::{LoginPage, LoginRoute};
use crate::pages::{admin, mechanic};
use crate::session::{Go, Session};
use crate::ui::{AppFrame, ErrorView, HomeRedirect, Icon, NavItem, NotFound};

/// What differs between the two bundles. Each `run_*` names only its own, so the login bundle
/// carries none of the rest of the app.
struct Bundle {
    /// The CSS of the components' `style!` blocks (written by build.rs).
    css: &'static str,
    /// The translations provider.
    i18n: fn(Children) -> AnyView,
    app: fn() -> AnyView,
}

/// The whole app: every component's CSS and every translation.
const WHOLE: Bundle =
    Bundle { css: include_str!(concat!(env!("OUT_DIR"), "/components.css")), i18n: i18n::translated, app: full_app };

/// The login page: its components' CSS and the messages it uses.
const LOGIN: Bundle =
    Bundle { css: include_str!(concat!(env!("OUT_DIR"), "/login.css")), i18n: i18n::translated_login, app: login_app };

/// The CSS each bundle adds to the page as a `<style>` element: the server allows exactly these
/// in its Content Security Policy.
pub fn style_sheets() -> [&'static str; 2] {
    [WHOLE.css, LOGIN.css]
}

/// Starts the whole app: the mechanics' pages and the admin panel.
pub fn run_app() {
    start(&WHOLE);
}

/// Starts the login page alone. Signing in loads the whole app in its place.
pub fn run_login() {
    // A stored token means someone is signed in already: the whole app knows where they belong.
    // A one-time link's token still has to be redeemed here.
    if api::stored_token().is_some() && browser::query_param("token").is_none() {
        browser::replace_location("/");
        return;
    }
    start(&LOGIN);
}

/// Reads the server's flags first (they may change while the app is open: see `config`),
/// then mounts the theme, the translations and the bundle's app.
fn start(bundle: &'static Bundle) {
    browser::add_style_sheet(bundle.css);
    let boot = async move {
        let config = load_config().await;
        leptos::mount::mount_to_body(move || match config {
            Ok(config) => configured(bundle, config),
            Err(error) => unconfigured(bundle, error),
        });
    };
    // Leptos sets up its executor when mounting, which waits for the flags: spawn on the browser's.
    #[cfg(feature = "csr")]
    wasm_bindgen_futures::spawn_local(boot);
    #[cfg(not(feature = "csr"))]
    leptos::task::spawn_local(boot);
}

/// The flags and default language. index.html asks for them while the bundle downloads; if that
/// answer is missing or unreadable, the server function asks again (and reports its error).
async fn load_config() -> Result<AppConfig, AppError> {
    // from_slice, as the server function's client decodes: one JSON decoder in the bundle, not two.
    if let Some(config) =
        browser::prefetched_config().await.and_then(|text| serde_json::from_slice(text.as_bytes()).ok())
    {
        return Ok(config);
    }
    api::auth::get_app_config().await
}

fn configured(bundle: &'static Bundle, config: AppConfig) -> AnyView {
    config::provide(config.clone());
    (bundle.i18n)(Box::new(move || {
        i18n::start(&config);
        (bundle.app)()
    }))
}

/// Without the flags the app cannot start: the error, in the default language, with a retry.
fn unconfigured(bundle: &'static Bundle, error: AppError) -> AnyView {
    config::provide(AppConfig {
        flags: Default::default(),
        default_language: Default::default(),
        // Empty: the browser's own zone, for the little this error page shows.
        shop_timezone: String::new(),
        telegram_bot: None,
    });
    provide_context(Session::signed_out());
    let retry = Callback::new(|()| browser::reload());
    (bundle.i18n)(Box::new(move || view! { <main class="page narrow"><ErrorView error retry /></main> }.into_any()))
}

fn login_app() -> AnyView {
    provide_context(Session::signed_out());
    provide_context(Go(Callback::new(|path: String| browser::replace_location(&path))));
    view! { <LoginPage /> }.into_any()
}

fn full_app() -> AnyView {
    let session = Session::start();
    provide_context(session);
    provide_context(i18n::SaveLanguage(session::language_saver(session)));
    config::keep_fresh();
    i18n::follow_flag();
    // Signed in, the flags are the user's own (a pilot flag may be on for them alone); signed
    // out, everyone's.
    let signed_in = Memo::new(move |_| session.auth.with(|auth| matches!(auth, session::Auth::SignedIn(_))));
    let refetch = expect_context::<config::Refetch>().0;
    Effect::new(move |before: Option<bool>| {
        let now = signed_in.get();
        if before.is_some_and(|before| before != now) {
            refetch.run(());
        }
        now
    });
    view! {
        <Router>
            <RouterGo />
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/") view=HomeRedirect />
                <Route path=path!("/mechanic/login") view=LoginRoute />
                <ParentRoute path=path!("/mechanic") view=|| view! { <AppFrame nav=MECHANIC_NAV /> }>
                    <Route path=path!("") view=mechanic::Dashboard />
                    <Route path=path!("orders/:id") view=mechanic::OrderPage />
                    <Route path=path!("new") view=mechanic::NewOrderPage />
                    <Route path=path!("time") view=mechanic::TimePage />
                    <Route path=path!("profile") view=mechanic::ProfilePage />
                </ParentRoute>
                <ParentRoute path=path!("/admin") view=|| view! { <AppFrame nav=ADMIN_NAV admin_only=true /> }>
                    <Route path=path!("") view=admin::OrdersPage />
                    <Route path=path!("orders") view=admin::OrdersPage />
                    <Route path=path!("orders/:id") view=admin::OrderPage />
                    <Route path=path!("catalog") view=admin::CatalogPage />
                    <Route path=path!("mechanics") view=admin::MechanicsPage />
                    <Route path=path!("system") view=admin::SystemPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
    .into_any()
}

/// In the whole app, the login page moves on by client-side navigation, once the session has
/// asked who the new token belongs to.
#[component]
fn RouterGo() -> impl IntoView {
    let navigate = use_navigate();
    let session = session::use_session();
    provide_context(Go(Callback::new(move |path: String| {
        session.check();
        navigate(&path, NavigateOptions { replace: true, ..Default::default() })
    })));
}

const MECHANIC_NAV: &[NavItem] = &[
    NavItem {
        href: "/mechanic",
        label: || leptos_fluent::tr!("nav-orders"),
        icon: Icon::List,
        also: Some("/mechanic/orders/"),
    },
    NavItem { href: "/mechanic/new", label: || leptos_fluent::tr!("nav-new-order"), icon: Icon::Plus, also: None },
    NavItem { href: "/mechanic/time", label: || leptos_fluent::tr!("nav-time"), icon: Icon::Clock, also: None },
    NavItem { href: "/mechanic/profile", label: || leptos_fluent::tr!("nav-profile"), icon: Icon::Person, also: None },
];

const ADMIN_NAV: &[NavItem] = &[
    NavItem {
        href: "/admin",
        label: || leptos_fluent::tr!("nav-orders"),
        icon: Icon::List,
        also: Some("/admin/orders"),
    },
    NavItem { href: "/admin/catalog", label: || leptos_fluent::tr!("nav-catalog"), icon: Icon::Box, also: None },
    NavItem { href: "/admin/mechanics", label: || leptos_fluent::tr!("nav-mechanics"), icon: Icon::People, also: None },
    NavItem { href: "/admin/system", label: || leptos_fluent::tr!("nav-system"), icon: Icon::Gear, also: None },
];

#[cfg(test)]
mod tests {
    use stylers_macro::style;

    /// build.rs computes each block's class itself; this proves it computes the one the macro
    /// returns, so the generated CSS reaches the elements.
    #[test]
    fn generated_css_uses_the_macros_classes() {
        let class = style! {
            .probe {
                color: red;
            }
        };
        assert!(super::WHOLE.css.contains(&format!(".probe.{class}")), "{class} missing from the CSS");
    }

    /// build.rs finds the login bundle's files by following the code from `run_login`: what the
    /// login page draws comes along, and nothing only the whole app uses.
    #[test]
    fn the_login_bundle_has_what_the_login_page_draws_and_no_more() {
        let css = super::LOGIN.css;
        for drawn in [".login.", ".brand.", ".field.", ".switcher.", ".error-view.", ".loading."] {
            assert!(css.contains(drawn), "{drawn} missing from the login CSS");
        }
        for not_drawn in [".header.", ".catalog.", ".badge.", ".stat."] {
            assert!(!css.contains(not_drawn), "{not_drawn} should not be in the login CSS");
        }
        let words = include_str!(concat!(env!("OUT_DIR"), "/login-locales/en.ftl"));
        let has = |key: &str| words.lines().any(|line| line.starts_with(&format!("{key} =")));
        // The page itself, the language switcher (i18n.rs) and the error view (ui/feedback.rs).
        for used in ["login-title", "login-wrong", "lang-switcher", "error-network", "common-loading"] {
            assert!(has(used), "{used} missing from the login translations");
        }
        // The whole app's frame, and the field wording of `Form::new`, which the login page never uses.
        for unused in ["nav-orders", "nav-sign-out", "error-vin", "status-new"] {
            assert!(!has(unused), "{unused} should not be in the login translations");
        }
    }
}
