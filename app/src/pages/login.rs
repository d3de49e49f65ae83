//! `/mechanic/login`: signing in with a password, or with a one-time link from a Telegram
//! message (`?token=…&order=N`), which then opens that order. Admins sign in here too.

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use stylers_macro::style;

use crate::i18n::{self, LanguageSwitcher};
use crate::model::{AppError, ErrorCode, SignedIn};
use crate::session::{Auth, Go, home_path, return_path, use_session};
use crate::ui::{Brand, Field, Form, FormAlert, Loading};

/// The login form's wording for the answers that mean something else here.
fn explain(error: &AppError) -> Option<String> {
    match error.code {
        ErrorCode::Unauthorized => Some(tr!("login-wrong")),
        ErrorCode::Forbidden => Some(tr!("login-deactivated")),
        ErrorCode::Validation => Some(tr!("login-missing")),
        _ => None,
    }
}

/// The deep link's wording: an unusable link, not a wrong password.
fn explain_link(error: &AppError) -> Option<String> {
    match error.code {
        ErrorCode::Unauthorized => Some(tr!("login-link-invalid")),
        _ => explain(error),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let config = crate::config::use_config().get_untracked();
    let go = expect_context::<Go>().0;
    let link_token = crate::browser::query_param("token");
    let link_order = crate::browser::query_param("order").and_then(|o| o.parse::<i64>().ok());
    // The login-only bundle also answers a signed-out visit to any page; after signing in the
    // visitor goes on to that page.
    let wanted = return_path(&crate::browser::current_path()).map(str::to_owned);

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = Form::plain();
    let link_form = Form::plain();

    // Where to go once signed in: the linked order, or the role's home.
    let enter = move |signed: SignedIn, order: Option<i64>| {
        i18n::adopt_profile_language(&config, signed.language);
        session.keep_token(&signed.token, signed.role);
        let path = match (order, &wanted) {
            (Some(order), _) => format!("/mechanic/orders/{order}"),
            (None, Some(wanted)) => wanted.clone(),
            (None, None) => home_path(signed.role).to_owned(),
        };
        go.run(path);
    };

    let password_sign_in = form.write(|(name, secret): (String, String)| crate::api::auth::sign_in(name, secret), {
        let enter = enter.clone();
        move |signed| enter(signed, None)
    });
    let sign_in = move || {
        let (name, secret) = (username.get_untracked(), password.get_untracked());
        if name.trim().is_empty() || secret.is_empty() {
            form.set(AppError::new(ErrorCode::Validation, "missing"));
            return;
        }
        password_sign_in.dispatch((name, secret));
    };

    // The one-time link: redeemed once, as the page opens.
    if let Some(token) = link_token {
        link_form.write(crate::api::auth::sign_in_with_link, move |signed| enter(signed, link_order)).dispatch(token);
    }

    let cls = style! {
        .login {
            min-height: 100vh;
            display: flex;
            flex-direction: column;
            align-items: center;
            justify-content: center;
            gap: 1rem;
            padding: 1rem;
            background: var(--login-bg);
        }
        .login-card {
            width: 100%;
            max-width: 24rem;
            display: flex;
            flex-direction: column;
            gap: 1rem;
            padding: 1.5rem;
            border-radius: var(--radius-lg);
            background: var(--surface);
            box-shadow: var(--shadow-lg);
        }
        .login-head {
            display: flex;
            align-items: center;
            justify-content: space-between;
            gap: 0.5rem;
            margin: -1.5rem -1.5rem 0;
            padding: 0.9rem 1.5rem;
            border-radius: var(--radius-lg) var(--radius-lg) 0 0;
            background: var(--header-bg);
            color: var(--header-text);
            --switch-fg: var(--header-text);
            --switch-bg: rgba(255, 255, 255, 0.14);
        }
        h1 {
            margin: 0;
            font-size: 1.3rem;
        }
        form {
            display: flex;
            flex-direction: column;
            gap: 0.85rem;
        }
    };
    view! { class = cls,
        <main class="login">
            <section class="login-card">
                <div class="login-head">
                    <Brand href=|| "/" />
                    <LanguageSwitcher />
                </div>
                <h1>{move_tr!("login-title")}</h1>
                {move || link_form.pending().then(|| view! { <Loading /> })}
                <FormAlert form=link_form explain=explain_link />
                <form
                    novalidate
                    on:submit=move |ev| {
                        ev.prevent_default();
                        sign_in();
                    }
                >
                    <Field label=move_tr!("login-username") name="login_username" form>
                        <input
                            type="text"
                            name="username"
                            autocomplete="username"
                            autocapitalize="none"
                            dir="ltr"
                            bind:value=username
                        />
                    </Field>
                    <Field label=move_tr!("login-password") name="login_password" form>
                        <input type="password" name="password" autocomplete="current-password" dir="ltr" bind:value=password />
                    </Field>
                    <FormAlert form explain />
                    <button type="submit" class="btn primary" disabled=move || form.pending()>
                        {move_tr!("login-submit")}
                    </button>
                </form>
            </section>
        </main>
    }
}

/// The login route of the whole app and the mechanic bundle: someone already signed in goes home
/// instead. (The login-only bundle never starts with a token: `run_login` hands that visit on.)
#[component]
pub fn LoginRoute() -> impl IntoView {
    let session = use_session();
    move || match session.auth.get() {
        Auth::SignedIn(user) => view! { <leptos_router::components::Redirect path=home_path(user.role) /> }.into_any(),
        Auth::Checking => view! { <Loading /> }.into_any(),
        Auth::SignedOut | Auth::Failed(_) => view! { <LoginPage /> }.into_any(),
    }
}
