//! `/mechanic/profile`: who is signed in, a new password, the Telegram link, and signing out.

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};

use crate::api::auth::change_password;
use crate::api::system::get_telegram_link_code;
use crate::i18n::LanguageSwitcher;
use crate::model::{AppError, PasswordChange, Role, TelegramLinkCode, TelegramLinkRequest, validation};
use crate::session::use_session;
use crate::ui::{Field, Form, FormAlert, Ltr, SignOutButton};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let session = use_session();
    let config = crate::config::use_config();
    let user = session.user();
    let name = user.as_ref().map(|u| u.display_name.clone()).unwrap_or_default();
    let username = user.as_ref().map(|u| u.username.clone()).unwrap_or_default();
    let role = user.as_ref().map(|u| u.role);
    view! {
        <h1>{move_tr!("profile-title")}</h1>
        <section class="card">
            <h2>{name}</h2>
            <p>
                <Ltr text=username />
                " · "
                {move || match role {
                    Some(Role::Admin) => tr!("profile-role-admin"),
                    _ => tr!("profile-role-mechanic"),
                }}
            </p>
            {move || config.with(|c| c.flags.enable_mech_i18n).then(|| view! {
                <p class="actions"><span>{move_tr!("profile-language")}</span> <LanguageSwitcher /></p>
            })}
            <div class="actions"><SignOutButton session /></div>
        </section>
        <PasswordForm />
        <TelegramLink />
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let form = Form::new();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let read = move || -> Result<PasswordChange, AppError> {
        let new_password = new.get_untracked();
        validation::password("new_password", &new_password)?;
        if again.get_untracked() != new_password {
            return Err(AppError::validation("confirm_password", "mismatch"));
        }
        Ok(PasswordChange { current_password: current.get_untracked(), new_password })
    };
    let change = form.write(change_password, move |()| {
        for field in [current, new, again] {
            field.set(String::new());
        }
        done.set(true);
    });
    let submit = move || {
        done.set(false);
        if let Some(password) = form.check(read()) {
            change.dispatch(password);
        }
    };
    view! {
        <form class="card stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            <h2>{move_tr!("profile-password")}</h2>
            <Field label=move_tr!("profile-current-password") name="current_password" form>
                <input type="password" autocomplete="current-password" bind:value=current />
            </Field>
            <Field label=move_tr!("profile-new-password") name="new_password" form>
                <input type="password" autocomplete="new-password" bind:value=new />
            </Field>
            <Field label=move_tr!("profile-repeat-password") name="confirm_password" form>
                <input type="password" autocomplete="new-password" bind:value=again />
            </Field>
            <FormAlert form />
            {move || done.get().then(|| view! {
                <p class="notice" role="status">{move_tr!("profile-password-changed")} " " {move_tr!("profile-password-revoked")}</p>
            })}
            <div class="actions">
                <button type="submit" class="btn primary" disabled=move || form.pending()>{move_tr!("profile-change-password")}</button>
            </div>
        </form>
    }
}

/// The Telegram card: with a bot, a one-time code to send to it (named, with a t.me link), which
/// ties this account to the mechanic's Telegram chat; without one, a sentence saying so.
#[component]
fn TelegramLink() -> impl IntoView {
    let config = crate::config::use_config();
    let bot = Memo::new(move |_| config.with(|c| c.telegram_bot.clone()));
    move || match bot.get() {
        Some(bot) => view! { <TelegramCode bot /> }.into_any(),
        None => view! {
            <section class="card stack" data-testid="telegram-off">
                <h2>{move_tr!("profile-telegram")}</h2>
                <p class="muted">{move_tr!("profile-telegram-off")}</p>
            </section>
        }
        .into_any(),
    }
}

/// `@bot`, kept whole and left to right inside Hebrew text (Fluent's own isolation is off).
fn mention(bot: &str) -> String {
    format!("\u{2068}@{bot}\u{2069}")
}

/// The code form for the shop's bot `bot` (its @username without the `@`). The server asks for
/// the password again first.
#[component]
fn TelegramCode(bot: String) -> impl IntoView {
    let form = Form::new();
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(None::<TelegramLinkCode>);
    let ask = form.write(get_telegram_link_code, move |answer| {
        password.set(String::new());
        code.set(Some(answer));
    });
    let submit = move || {
        let current_password = password.get_untracked();
        if current_password.is_empty() {
            form.set(AppError::validation("current_password", "missing"));
            return;
        }
        ask.dispatch(TelegramLinkRequest { current_password });
    };
    let at = StoredValue::new(mention(&bot));
    let link = format!("https://t.me/{bot}");
    view! {
        <form class="card stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            <h2>{move_tr!("profile-telegram")}</h2>
            <p class="muted">{move || tr!("profile-telegram-help", { "bot" => at.get_value() })}</p>
            {move || code.get().map(|code| {
                let command = format!("/link {}", code.code);
                let link = link.clone();
                view! {
                    <div class="notice stack" role="status">
                        <p>{move || tr!("profile-telegram-send", { "bot" => at.get_value() })} " " <Ltr text=command /></p>
                        <p><a class="hit" href=link target="_blank" rel="noopener">
                            {move || tr!("profile-telegram-open", { "bot" => at.get_value() })}
                        </a></p>
                    </div>
                }
            })}
            <Field label=move_tr!("profile-current-password") name="current_password" form>
                <input type="password" autocomplete="current-password" bind:value=password />
            </Field>
            <FormAlert form />
            <div class="actions">
                <button type="submit" class="btn" disabled=move || form.pending()>{move_tr!("profile-telegram-code")}</button>
            </div>
        </form>
    }
}
