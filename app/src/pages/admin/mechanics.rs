//! `/admin/mechanics`: the staff. Each person's orders and time this week; create, edit (name,
//! role, language, Telegram chat), deactivate (their sessions end at once) and reset a password;
//! a one-time sign-in link to send them.

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use stylers_macro::style;

use crate::api::users::{create_login_link, create_user, list_users, reset_password, update_user};
use crate::format;
use crate::i18n::current;
use crate::model::validation::{self, Checks};
use crate::model::{AppError, ErrorCode, Language, NewUser, Role, User, UserUpdate, UserWithStats};
use crate::session::use_session;
use crate::ui::{Field, Form, FormAlert, Ltr, keyed_rows, live};

/// The staff rows' refusals that say why (the server names the field).
fn explain(error: &AppError) -> Option<String> {
    (error.code == ErrorCode::Conflict && error.field.as_deref() == Some("active"))
        .then(|| tr!("error-self-deactivate"))
}

fn role_label(role: Role) -> String {
    match role {
        Role::Mechanic => tr!("profile-role-mechanic"),
        Role::Admin => tr!("profile-role-admin"),
    }
}

/// A Telegram chat id as typed: empty is none.
fn chat_id(text: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| AppError::validation("telegram_chat_id", "not a number"))
}

#[component]
pub fn MechanicsPage() -> impl IntoView {
    let session = use_session();
    let users = LocalResource::new(move || session.call(list_users()));
    let reload = Callback::new(move |()| users.refetch());
    view! {
        <h1>{move_tr!("staff-title")}</h1>
        {live(users, move |list| view! { <StaffTable list reload /> })}
        <NewPerson reload />
    }
}

#[component]
fn StaffTable(list: Memo<Vec<UserWithStats>>, reload: Callback<()>) -> impl IntoView {
    let editing = RwSignal::new(None::<User>);
    let rows =
        keyed_rows(list, |person| person.user.id, move |id, person| view! { <Person id person editing reload /> });
    view! {
        <div class="card table-wrap card-table">
            <table>
                <thead>
                    <tr>
                        <th>{move_tr!("staff-name")}</th>
                        <th>{move_tr!("staff-username")}</th>
                        <th>{move_tr!("staff-role")}</th>
                        <th>{move_tr!("staff-language")}</th>
                        <th>{move_tr!("staff-telegram")}</th>
                        <th>{move_tr!("staff-orders")}</th>
                        <th>{move_tr!("staff-week")}</th>
                        <th>{move_tr!("staff-actions")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || editing.get().map(|user| view! { <EditPerson user editing reload /> })}
    }
}

/// One person's row, kept up to date by the keyed table: its buttons act on this person.
#[component]
fn Person(
    id: i64,
    person: Memo<UserWithStats>,
    editing: RwSignal<Option<User>>,
    reload: Callback<()>,
) -> impl IntoView {
    let form = Form::new();
    let link = RwSignal::new(None::<String>);
    // Nobody deactivates themselves (the server refuses it too).
    let me = use_session().user().is_some_and(|user| user.id == id);
    let active = Memo::new(move |_| person.with(|p| p.user.active));
    let role = Memo::new(move |_| person.with(|p| p.user.role));
    let cls = style! {
        .inactive {
            opacity: 0.6;
        }
        .row-actions {
            display: flex;
            flex-wrap: wrap;
            gap: 0.3rem;
        }
    };
    let update = form.write(move |update| update_user(id, update), move |_| reload.run(()));
    let make_link = form.write(move |()| create_login_link(id, None), move |made| link.set(Some(made.url)));
    let toggle = move |_| update.dispatch(UserUpdate { active: Some(!active.get_untracked()), ..Default::default() });
    let counts = move || {
        person.with(|p| {
            let (total, open) = (format::number(p.orders_total, current()), format::number(p.orders_open, current()));
            tr!("staff-orders-count", { "total" => total, "open" => open })
        })
    };
    view! { class = cls,
        <tr class:inactive=move || !active.get()>
            <td>
                {move || person.with(|p| p.user.display_name.clone())}
                {move || (!active.get()).then(|| view! { " " <span class="muted">{move_tr!("staff-inactive")}</span> })}
            </td>
            <td data-label=move_tr!("staff-username")>{move || view! { <Ltr text=person.with(|p| p.user.username.clone()) /> }}</td>
            <td data-label=move_tr!("staff-role")>{move || role_label(role.get())}</td>
            <td data-label=move_tr!("staff-language")>{move || person.with(|p| p.user.language.native_name())}</td>
            <td data-label=move_tr!("staff-telegram")>{move || person.with(|p| p.user.telegram_chat_id).map(|chat| view! { <Ltr text=chat.to_string() /> })}</td>
            <td data-label=move_tr!("staff-orders")>{counts}</td>
            <td data-label=move_tr!("staff-week")>{move || format::duration(person.with(|p| p.seconds_this_week))}</td>
            <td data-label=move_tr!("staff-actions")>
                <div class="row-actions">
                    <button type="button" class="btn small" on:click=move |_| editing.set(Some(person.with_untracked(|p| p.user.clone())))>
                        {move_tr!("catalog-edit")}
                    </button>
                    <Show when=move || !me || !active.get()>
                        <button type="button" class="btn small" class:danger=move || active.get() disabled=move || form.pending() on:click=toggle>
                            {move || if active.get() { tr!("staff-deactivate") } else { tr!("staff-activate") }}
                        </button>
                    </Show>
                    <Show when=move || role.get() == Role::Mechanic && active.get()>
                        <button type="button" class="btn small" disabled=move || form.pending() on:click=move |_| make_link.dispatch(())>
                            {move_tr!("staff-login-link")}
                        </button>
                    </Show>
                </div>
                {move || link.get().map(|url| view! { <SignInLink url /> })}
                <FormAlert form explain />
            </td>
        </tr>
    }
}

/// A one-time sign-in link to hand on: shown short (the field scrolls to show all of it), with a
/// button that copies it.
#[component]
fn SignInLink(url: String) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let copy = Action::new_local(move |url: &String| {
        let url = url.clone();
        async move { copied.set(Some(crate::browser::copy_text(&url).await)) }
    });
    let cls = style! {
        .link {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: 0.4rem;
            margin-top: 0.4rem;
        }
        .link input {
            flex: 1 1 10rem;
            min-width: 0;
            font-family: ui-monospace, Menlo, Consolas, monospace;
            font-size: 0.85rem;
            text-overflow: ellipsis;
        }
    };
    let shown = url.clone();
    let select_all = |ev: leptos::ev::FocusEvent| event_target::<leptos::web_sys::HtmlInputElement>(&ev).select();
    view! { class = cls,
        <div class="link">
            <input
                type="text"
                readonly
                dir="ltr"
                aria-label=move_tr!("staff-login-link")
                prop:value=shown
                on:focus=select_all
            />
            <button type="button" class="btn small" on:click=move |_| { copy.dispatch_local(url.clone()); }>
                {move_tr!("staff-copy")}
            </button>
            {move || copied.get().map(|done| view! { class = cls,
                <span class="muted" role="status">{if done { tr!("staff-copied") } else { tr!("staff-copy-failed") }}</span>
            })}
        </div>
    }
}

/// Changes to one person, and a new password for them.
#[component]
fn EditPerson(user: User, editing: RwSignal<Option<User>>, reload: Callback<()>) -> impl IntoView {
    let form = Form::new();
    let password_form = Form::new();
    let id = user.id;
    let name = RwSignal::new(user.display_name.clone());
    let role = RwSignal::new(user.role);
    let language = RwSignal::new(user.language);
    let chat = RwSignal::new(user.telegram_chat_id.map(|c| c.to_string()).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let password_done = RwSignal::new(false);
    let read = move || -> Result<UserUpdate, AppError> {
        Ok(UserUpdate {
            display_name: Some(validation::required_text("display_name", &name.get_untracked(), validation::MAX_NAME)?),
            role: Some(role.get_untracked()),
            telegram_chat_id: Some(chat_id(&chat.get_untracked())?),
            language: Some(language.get_untracked()),
            active: None,
        })
    };
    let changes = form.write(
        move |update| update_user(id, update),
        move |_| {
            editing.set(None);
            reload.run(());
        },
    );
    let save = move || {
        if let Some(update) = form.check(read()) {
            changes.dispatch(update);
        }
    };
    let new_password = password_form.write(
        move |new_password| reset_password(id, new_password),
        move |()| {
            password.set(String::new());
            password_done.set(true);
            reload.run(()); // their Telegram chat is unlinked
        },
    );
    let reset = move || {
        let typed = password.get_untracked();
        if password_form.check(validation::password("new_password", &typed)).is_some() {
            new_password.dispatch(typed);
        }
    };
    view! {
        <section class="card">
            <h2>{move || tr!("staff-edit-title", { "name" => user.display_name.clone() })}</h2>
            <form class="stack" novalidate on:submit=move |ev| {
                ev.prevent_default();
                save();
            }>
                <Field label=move_tr!("staff-name") name="display_name" form>
                    <input type="text" bind:value=name />
                </Field>
                <RoleAndLanguage role language form />
                <Field label=move_tr!("staff-telegram") name="telegram_chat_id" form>
                    <input type="text" inputmode="numeric" dir="ltr" bind:value=chat />
                </Field>
                <FormAlert form />
                <div class="actions">
                    <button type="submit" class="btn primary" disabled=move || form.pending()>{move_tr!("catalog-save")}</button>
                    <button type="button" class="btn" on:click=move |_| editing.set(None)>{move_tr!("staff-close")}</button>
                </div>
            </form>
            <form class="stack" novalidate on:submit=move |ev| {
                ev.prevent_default();
                reset();
            }>
                <h3>{move_tr!("staff-reset-password")}</h3>
                <p class="muted">{move_tr!("staff-reset-password-help")}</p>
                <Field label=move_tr!("profile-new-password") name="new_password" form=password_form>
                    <input type="password" autocomplete="new-password" bind:value=password />
                </Field>
                <FormAlert form=password_form />
                {move || password_done.get().then(|| view! { <p class="notice" role="status">{move_tr!("profile-password-changed")}</p> })}
                <div class="actions">
                    <button type="submit" class="btn" disabled=move || password_form.pending()>{move_tr!("staff-reset-password")}</button>
                </div>
            </form>
        </section>
    }
}

/// The role and language selects, shared by the new-person and edit forms.
#[component]
fn RoleAndLanguage(role: RwSignal<Role>, language: RwSignal<Language>, form: Form) -> impl IntoView {
    let roles = [Role::Mechanic, Role::Admin]
        .into_iter()
        .map(|r| view! { <option value=r.as_str() selected=move || role.get() == r>{move || role_label(r)}</option> })
        .collect_view();
    let languages = Language::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() selected=move || language.get() == l>{l.native_name()}</option> })
        .collect_view();
    view! {
        <Field label=move_tr!("staff-role") name="role" form>
            <select on:change=move |ev| role.set(event_target_value(&ev).parse().unwrap_or(Role::Mechanic))>{roles}</select>
        </Field>
        <Field label=move_tr!("staff-language") name="language" form>
            <select on:change=move |ev| language.set(event_target_value(&ev).parse().unwrap_or_default())>{languages}</select>
        </Field>
    }
}

#[component]
fn NewPerson(reload: Callback<()>) -> impl IntoView {
    let form = Form::new();
    let username = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Mechanic);
    let language = RwSignal::new(Language::He);
    let chat = RwSignal::new(String::new());
    // Every field at fault at once.
    let read = move || -> Result<NewUser, Vec<AppError>> {
        let mut checks = Checks::default();
        let username = checks.check(validation::username(&username.get_untracked()));
        let display_name =
            checks.check(validation::required_text("display_name", &name.get_untracked(), validation::MAX_NAME));
        let password_text = password.get_untracked();
        let password_ok = checks.check(validation::password("password", &password_text));
        let telegram_chat_id = checks.check(chat_id(&chat.get_untracked()));
        let person = match (username, display_name, password_ok, telegram_chat_id) {
            (Some(username), Some(display_name), Some(()), Some(telegram_chat_id)) => Some(NewUser {
                username,
                display_name,
                password: password_text,
                role: role.get_untracked(),
                telegram_chat_id,
                language: Some(language.get_untracked()),
            }),
            _ => None,
        };
        checks.done(person)
    };
    let create = form.write(create_user, move |_| {
        for field in [username, name, password, chat] {
            field.set(String::new());
        }
        reload.run(());
    });
    let submit = move || {
        if let Some(person) = form.check_all(read()) {
            create.dispatch(person);
        }
    };
    let cls = style! {
        .grid {
            display: grid;
            grid-template-columns: repeat(auto-fill, minmax(min(100%, 13rem), 1fr));
            gap: 0.6rem;
        }
    };
    view! { class = cls,
        <form class="card stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            <h2>{move_tr!("staff-new")}</h2>
            <div class="grid">
                <Field label=move_tr!("staff-username") name="username" form>
                    <input type="text" dir="ltr" autocapitalize="none" autocomplete="off" bind:value=username />
                </Field>
                <Field label=move_tr!("staff-name") name="display_name" form>
                    <input type="text" autocomplete="off" bind:value=name />
                </Field>
                <Field label=move_tr!("login-password") name="password" form>
                    <input type="password" autocomplete="new-password" bind:value=password />
                </Field>
                <RoleAndLanguage role language form />
                <Field label=move_tr!("staff-telegram") name="telegram_chat_id" form>
                    <input type="text" inputmode="numeric" dir="ltr" bind:value=chat />
                </Field>
            </div>
            <FormAlert form />
            <div class="actions">
                <button type="submit" class="btn primary" disabled=move || form.pending()>{move_tr!("staff-create")}</button>
            </div>
        </form>
    }
}
