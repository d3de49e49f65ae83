//! The frame around every signed-in page: the header (brand, the user's name, language switcher,
//! sign-out), the navigation (in the header on wide screens, a bottom bar on phones), and the
//! gate that keeps signed-out users and non-admins out.

use leptos::prelude::*;
use leptos_fluent::move_tr;
use leptos_router::NavigateOptions;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::{use_location, use_navigate};
use stylers_macro::style;

use super::brand::Brand;
use super::feedback::{ErrorView, Loading};
use crate::i18n::LanguageSwitcher;
use crate::model::Role;
use crate::session::{Auth, LOGIN_PATH, Session, home_path, use_session};

/// One entry of the navigation.
#[derive(Clone, Copy)]
pub struct NavItem {
    pub href: &'static str,
    pub label: fn() -> String,
    pub icon: Icon,
    /// Also active on the pages below it (e.g. an order below the order list).
    pub also: Option<&'static str>,
}

#[derive(Clone, Copy)]
pub enum Icon {
    List,
    Plus,
    Clock,
    Person,
    Box,
    People,
    Gear,
}

impl Icon {
    /// 24×24 outline paths.
    fn path(self) -> &'static str {
        match self {
            Icon::List => "M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01",
            Icon::Plus => "M12 5v14M5 12h14",
            Icon::Clock => "M12 7v5l3 3M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z",
            Icon::Person => "M20 21a8 8 0 0 0-16 0M12 13a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
            Icon::Box => "M21 8l-9-5-9 5 9 5 9-5zM3 8v8l9 5 9-5V8M12 13v8",
            Icon::People => {
                "M17 21a5 5 0 0 0-10 0M12 13a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM22 19a4 4 0 0 0-4-4M18 11a3 3 0 0 0 0-6"
            }
            Icon::Gear => {
                "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-1-3-2 .5-1.5-1.5.5-2-3-1-1 2h-2l-1-2-3 1 .5 2L6 8.5 4 8l-1 3 2 1v0l-2 1 1 3 2-.5 1.5 1.5-.5 2 3 1 1-2h2l1 2 3-1-.5-2 1.5-1.5 2 .5 1-3z"
            }
        }
    }
}

/// Who may see a part of the app.
#[derive(Clone, Copy, PartialEq)]
enum Gate {
    Checking,
    SignedOut,
    Failed,
    NotAllowed,
    Allowed,
}

/// The signed-in frame with `nav`; `admin_only` shows non-admins a "not allowed" page instead.
#[component]
pub fn AppFrame(nav: &'static [NavItem], #[prop(optional)] admin_only: bool) -> impl IntoView {
    let session = use_session();
    let gate = Memo::new(move |_| match session.auth.get() {
        Auth::Checking => Gate::Checking,
        Auth::SignedOut => Gate::SignedOut,
        Auth::Failed(_) => Gate::Failed,
        Auth::SignedIn(user) if admin_only && user.role != Role::Admin => Gate::NotAllowed,
        Auth::SignedIn(_) => Gate::Allowed,
    });
    move || match gate.get() {
        Gate::Checking => view! { <Loading /> }.into_any(),
        Gate::SignedOut => {
            view! { <Redirect path=LOGIN_PATH options=NavigateOptions { replace: true, ..Default::default() } /> }
                .into_any()
        }
        Gate::Failed => {
            let error = match session.auth.get_untracked() {
                Auth::Failed(error) => error,
                _ => crate::model::AppError::internal(),
            };
            let retry = Callback::new(move |()| session.check());
            view! { <main class="page"><ErrorView error retry /></main> }.into_any()
        }
        Gate::NotAllowed => view! { <NotAllowed /> }.into_any(),
        Gate::Allowed => view! { <Frame nav /> }.into_any(),
    }
}

#[component]
fn Frame(nav: &'static [NavItem]) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let cls = style! {
        .header {
            position: sticky;
            top: 0;
            z-index: 10;
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: 0.5rem 1rem;
            padding: 0.5rem 1rem;
            background: var(--header-bg);
            color: var(--header-text);
            box-shadow: var(--header-shadow);
            --switch-fg: var(--header-text);
            --switch-bg: rgba(255, 255, 255, 0.14);
        }
        .who {
            display: flex;
            align-items: center;
            gap: 0.5rem;
            margin-inline-start: auto;
            min-width: 0;
        }
        .name {
            overflow: hidden;
            text-overflow: ellipsis;
            white-space: nowrap;
            font-weight: 600;
        }
        .who :deep(.signout) {
            min-height: 0;
            padding: 0.3rem 0.6rem;
            border-color: var(--header-text);
            background: transparent;
            color: var(--header-text);
            font-size: 0.8rem;
        }
        .nav {
            display: flex;
            gap: 0.25rem;
        }
        .nav a {
            display: flex;
            align-items: center;
            gap: 0.4rem;
            padding: 0.4rem 0.7rem;
            border-radius: var(--btn-radius);
            color: var(--header-text);
            text-decoration: none;
            opacity: 0.85;
        }
        .nav a[aria-current] {
            background: var(--nav-active-bg);
            opacity: 1;
            font-weight: 600;
        }
        .nav svg {
            width: 1.25rem;
            height: 1.25rem;
            flex: none;
        }
        @media (max-width: 720px) {
            .nav {
                position: fixed;
                inset-inline: 0;
                bottom: 0;
                z-index: 10;
                justify-content: space-around;
                gap: 0;
                padding: 0.25rem 0.25rem calc(0.25rem + env(safe-area-inset-bottom));
                background: var(--bottom-nav-bg);
                border-top: 1px solid var(--border);
                box-shadow: var(--shadow);
            }
            .nav a {
                flex: 1 1 0;
                flex-direction: column;
                gap: 0.1rem;
                min-width: 0;
                padding: 0.35rem 0.2rem;
                color: var(--bottom-nav-text);
                font-size: 0.72rem;
                text-align: center;
            }
            .nav a[aria-current] {
                color: var(--primary);
                background: transparent;
            }
        }
        @media (max-width: 720px), (pointer: coarse) {
            .nav a {
                min-height: 2.75rem;
            }
            .who :deep(.signout) {
                min-height: 2.75rem;
                padding-inline: 0.8rem;
            }
        }
    };
    let name = move || session.user().map(|user| user.display_name).unwrap_or_default();
    let home = move || session.user().map(|user| home_path(user.role)).unwrap_or("/");
    let links = nav
        .iter()
        .map(|item| {
            let item = *item;
            let active = move || {
                let path = location.pathname.get();
                path == item.href || item.also.is_some_and(|prefix| path.starts_with(prefix))
            };
            view! { class = cls,
                <a href=item.href aria-current=move || active().then_some("page")>
                    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
                        <path d=item.icon.path() />
                    </svg>
                    <span>{move || (item.label)()}</span>
                </a>
            }
        })
        .collect_view();
    view! { class = cls,
        <header class="header">
            <Brand href=home />
            <nav class="nav" aria-label=move_tr!("nav-main")>{links}</nav>
            <div class="who">
                <span class="name" data-testid="user-name">{name}</span>
                <LanguageSwitcher />
                <SignOutButton session />
            </div>
        </header>
        <main class="page">
            <Outlet />
        </main>
    }
}

#[component]
pub fn SignOutButton(session: Session) -> impl IntoView {
    let navigate = use_navigate();
    // The server forgets the session first (the request needs the token); this browser forgets
    // the token whatever the answer.
    let sign_out = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            let _ = crate::api::auth::logout().await;
            session.sign_out();
            navigate(LOGIN_PATH, NavigateOptions::default());
        }
    });
    // Once pressed, the button stays off until the page is left.
    let (pending, done) = (sign_out.pending(), sign_out.version());
    let pressed = move || pending.get() || done.get() > 0;
    view! {
        <button
            type="button"
            class="btn small signout"
            disabled=pressed
            on:click=move |_| {
                if !untrack(pressed) {
                    sign_out.dispatch_local(());
                }
            }
        >
            {move_tr!("nav-sign-out")}
        </button>
    }
}

/// What a mechanic sees at /admin.
#[component]
fn NotAllowed() -> impl IntoView {
    let session = use_session();
    view! {
        <main class="page narrow">
            <section class="card">
                <h1>{move_tr!("forbidden-title")}</h1>
                <p>{move_tr!("forbidden-text")}</p>
                <div class="actions">
                    <a class="btn primary" href="/mechanic">{move_tr!("forbidden-back")}</a>
                    <SignOutButton session />
                </div>
            </section>
        </main>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page narrow">
            <section class="card">
                <h1>{move_tr!("not-found-title")}</h1>
                <a class="btn" href="/">{move_tr!("not-found-home")}</a>
            </section>
        </main>
    }
}

/// `/`: the signed-in user's home, or the login page.
#[component]
pub fn HomeRedirect() -> impl IntoView {
    let session = use_session();
    move || match session.auth.get() {
        Auth::Checking => view! { <Loading /> }.into_any(),
        Auth::SignedIn(user) => view! { <Redirect path=home_path(user.role) /> }.into_any(),
        Auth::SignedOut | Auth::Failed(_) => view! { <Redirect path=LOGIN_PATH /> }.into_any(),
    }
}

/// Links that act as tabs (kept in the URL); the current one is marked `aria-current`.
#[component]
pub fn TabLinks(#[prop(into)] label: Signal<String>, children: Children) -> impl IntoView {
    let cls = style! {
        .tabs {
            display: flex;
            flex-wrap: wrap;
            gap: 0.35rem;
            padding-bottom: 0.25rem;
            margin-bottom: 0.75rem;
        }
        .tabs :deep(a) {
            flex: none;
            padding: 0.4rem 0.85rem;
            border: 1px solid var(--border);
            border-radius: var(--pill-radius);
            background: var(--surface);
            color: var(--text);
            text-decoration: none;
            font-size: 0.9rem;
        }
        .tabs :deep(a[aria-current]) {
            border-color: var(--primary);
            background: var(--primary);
            color: var(--primary-text);
        }
        @media (max-width: 720px), (pointer: coarse) {
            .tabs :deep(a) {
                display: inline-flex;
                align-items: center;
                min-height: 2.75rem;
            }
        }
    };
    view! { class = cls, <nav class="tabs" aria-label=label>{children()}</nav> }
}
