//! Felix Hub's web app and everything it shares with the server: wire types, validation, pages
//! and the server functions.
//!
//! The browser gets one of three bundles (frontend/index.html picks): `run_login`, the login page on
//! its own, small enough for a phone on a slow line; `run_mechanic`, a signed-in mechanic's pages
//! without the admin panel; and `run_app`, the whole mechanics' app and admin panel.

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
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;

use crate::model::{AppConfig, AppError, Role};
use crate::pages::login::{LoginPage, LoginRoute};
use crate::pages::{admin, mechanic};
use crate::session::{Auth, Go, Session};
use crate::ui::{AppFrame, ErrorView, HomeRedirect, Icon, Loading, NavItem, NotFound};

/// What differs between the bundles. Each `run_*` names only its own, so the login bundle carries
/// none of the rest of the app, and the mechanic bundle none of the admin panel.
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

/// The mechanics' pages: the CSS of the components they draw, the shared rules of signed-in pages
/// and the messages they use.
const MECHANIC: Bundle = Bundle {
    css: include_str!(concat!(env!("OUT_DIR"), "/mechanic.css")),
    i18n: i18n::translated_mechanic,
    app: mechanic_app,
};

/// The CSS each bundle adds to the page as a `<style>` element: the server allows exactly these
/// in its Content Security Policy.
pub fn style_sheets() -> [&'static str; 3] {
    [WHOLE.css, LOGIN.css, MECHANIC.css]
}

/// Starts the whole app: the mechanics' pages and the admin panel.
pub fn run_app() {
    start(&WHOLE);
}

/// Starts a signed-in mechanic's pages, without the admin panel. Anyone else, and any `/admin`
/// address, gets the whole app instead (see `mechanic_app`).
pub fn run_mechanic() {
    start(&MECHANIC);
}

/// Starts the login page alone. Signing in loads the mechanic bundle or the whole app in its place.
pub fn run_login() {
    // A stored token means someone is signed in already: the signed-in bundles know where they belong.
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

/// What every bundle of signed-in pages starts with: the session from the stored token, the
/// language saved to the profile, and the flags kept fresh.
fn signed_in_session() -> Session {
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
    session
}

fn full_app() -> AnyView {
    signed_in_session();
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

/// The mechanics' routes of the whole app, and nothing of the admin panel: `/admin` addresses are
/// the whole app's to answer.
fn mechanic_app() -> AnyView {
    let session = signed_in_session();
    // index.html picked this bundle by the role stored at the last sign-in. Someone who turns out
    // not to be a mechanic (made an admin since, say) gets the whole app at the same address:
    // `Session::set_user` has stored the new role, which index.html now reads.
    Effect::new(move || {
        if session.auth.with(|auth| matches!(auth, Auth::SignedIn(user) if user.role != Role::Mechanic)) {
            browser::replace_location(&browser::current_path());
        }
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
                <Route path=path!("/admin/*rest") view=InWholeApp />
            </Routes>
        </Router>
    }
    .into_any()
}

/// An `/admin` address reached inside the mechanic bundle (a link followed, an admin signed in on
/// its login route): loaded afresh, where index.html gives it the whole app, which answers as it
/// always does (the admin panel, or a mechanic's "not allowed" page). Never a blank page.
#[component]
fn InWholeApp() -> impl IntoView {
    let location = use_location();
    let path = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
    browser::replace_location(&path);
    view! { <Loading /> }
}

/// In the whole app and the mechanic bundle, the login page moves on by client-side navigation,
/// once the session has asked who the new token belongs to.
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

    /// The same for the mechanic bundle, from `run_mechanic`: the mechanics' pages, the frame and
    /// the order page come along with the shared rules of style/app.css; the admin panel does not.
    #[test]
    fn the_mechanic_bundle_has_the_mechanics_pages_and_no_admin_panel() {
        let css = super::MECHANIC.css;
        // The frame, the dashboard, the new-order wizard, the order page, the time page and the
        // shared rules.
        for drawn in [".header.", ".order-card.", ".choices.", ".order-head.", ".clock.", ".day-head.", ".card {"] {
            assert!(css.contains(drawn), "{drawn} missing from the mechanic CSS");
        }
        // The catalog, the staff list, the admin's order list and the system page.
        for not_drawn in [".catalog.", ".row-actions.", ".toolbar.", ".pager.", ".pilot.", ".yes."] {
            assert!(!css.contains(not_drawn), "{not_drawn} should not be in the mechanic CSS");
        }
        let words = include_str!(concat!(env!("OUT_DIR"), "/mechanic-locales/en.ftl"));
        let has = |key: &str| words.lines().any(|line| line.starts_with(&format!("{key} =")));
        for used in
            ["nav-orders", "nav-sign-out", "dash-title", "new-check", "order-back", "time-page-title", "error-vin"]
        {
            assert!(has(used), "{used} missing from the mechanic translations");
        }
        // A select expression, whole: its closing brace stands unindented on its own line.
        assert!(words.contains("new-part-count = { $count ->\n"), "new-part-count missing");
        assert!(words.contains("*[other] { $count } parts\n}\n"), "new-part-count cut short");
        // The admin's navigation and pages.
        for unused in
            ["nav-catalog", "nav-system", "admin-orders-title", "admin-export", "catalog-add-part", "system-change"]
        {
            assert!(!has(unused), "{unused} should not be in the mechanic translations");
        }
    }
}
