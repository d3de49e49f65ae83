//! `/admin/system`: the six feature flags with their default, override and value in force, whether
//! each really works (an enabled Telegram flag does nothing without a bot token, say), buttons to
//! override them and to pick pilot groups (each asking first, naming the flag's effect), the log
//! of flag changes, and the Telegram outbox with a retry.

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use stylers_macro::style;

use crate::api::system::{
    get_system_status, list_flag_changes, list_notifications, retry_notification, set_flag, set_flag_pilot,
};
use crate::api::users::list_users;
use crate::format;
use crate::i18n::current;
use crate::model::{
    Flag, FlagChange, FlagReason, FlagSetting, FlagStatus, Notification, NotificationPage, NotificationQuery,
    NotificationStatus, PilotChange, PilotMember, Role, SystemStatus, User,
};
use crate::session::use_session;
use crate::ui::{Form, FormAlert, Ltr, TabLinks, keyed_rows, live, loaded};

fn flag_purpose(name: &str) -> String {
    match name {
        "ENABLE_CAR_NUMBER" => tr!("system-flag-car-number"),
        "ENABLE_PART_CATEGORIES" => tr!("system-flag-categories"),
        "ENABLE_TG_ADMIN_NOTIFS" => tr!("system-flag-tg-admin"),
        "ENABLE_TG_MECH_NOTIFS" => tr!("system-flag-tg-mech"),
        "ENABLE_MECH_I18N" => tr!("system-flag-i18n"),
        "ENABLE_UI_REFRESH" => tr!("system-flag-refresh"),
        _ => String::new(),
    }
}

/// Why an enabled flag does not take effect, in the reader's language.
fn why_not(flag: &FlagStatus) -> Option<String> {
    Some(match flag.reason? {
        FlagReason::NoToken => tr!("system-note-no-token"),
        FlagReason::NoAdminChats => tr!("system-note-no-admins"),
        FlagReason::MigrationMissing => tr!("system-note-migration"),
    })
}

fn on_off(value: bool) -> String {
    if value { tr!("system-on") } else { tr!("system-off") }
}

fn notification_status_label(status: NotificationStatus) -> String {
    match status {
        NotificationStatus::Pending => tr!("system-outbox-pending"),
        NotificationStatus::Sent => tr!("system-outbox-sent"),
        NotificationStatus::Failed => tr!("system-outbox-failed"),
        NotificationStatus::Skipped => tr!("system-outbox-skipped"),
    }
}

#[component]
pub fn SystemPage() -> impl IntoView {
    let session = use_session();
    let status = LocalResource::new(move || session.call(get_system_status()));
    let changes = LocalResource::new(move || session.call(list_flag_changes()));
    let mechanics = LocalResource::new(move || session.call(list_users()));
    let filter = RwSignal::new(None::<NotificationStatus>);
    let outbox = LocalResource::new(move || {
        session.call(list_notifications(NotificationQuery { status: filter.get(), page: None, per_page: Some(50) }))
    });
    let reload = Callback::new(move |()| {
        outbox.refetch();
        status.refetch();
    });
    let flags_changed = Callback::new(move |()| {
        status.refetch();
        changes.refetch();
    });
    let tabs = std::iter::once(None)
        .chain(NotificationStatus::ALL.into_iter().map(Some))
        .map(|choice| {
            view! {
                <a
                    href="#outbox"
                    aria-current=move || (filter.get() == choice).then_some("page")
                    on:click=move |ev| {
                        ev.prevent_default();
                        filter.set(choice);
                    }
                >
                    {move || choice.map(notification_status_label).unwrap_or_else(|| tr!("dash-tab-all"))}
                </a>
            }
        })
        .collect_view();
    let mechanics = Signal::derive(move || {
        let users = mechanics.get().and_then(Result::ok).unwrap_or_default();
        users.into_iter().map(|u| u.user).filter(|u| u.role == Role::Mechanic && u.active).collect::<Vec<User>>()
    });
    view! {
        <h1>{move_tr!("system-title")}</h1>
        {loaded(status, move |status| view! { <Flags status mechanics changed=flags_changed /> })}
        <section class="card" id="flag-log">
            <h2>{move_tr!("system-log")}</h2>
            {loaded(changes, |changes| view! { <ChangeLog changes /> })}
        </section>
        <section class="card" id="outbox">
            <h2>{move_tr!("system-outbox")}</h2>
            <TabLinks label=move_tr!("system-outbox-filter")>{tabs}</TabLinks>
            {live(outbox, move |page| view! { <Outbox page reload /> })}
        </section>
    }
}

#[component]
fn Flags(status: SystemStatus, mechanics: Signal<Vec<User>>, changed: Callback<()>) -> impl IntoView {
    let cls = style! {
        .yes {
            color: var(--success);
            font-weight: 600;
        }
        .no {
            color: var(--muted);
        }
        .warn {
            color: var(--danger);
            font-weight: 600;
        }
        .facts {
            display: flex;
            flex-wrap: wrap;
            gap: 0.25rem 1.25rem;
            margin: 0 0 1rem;
        }
        .set {
            display: flex;
            flex-wrap: wrap;
            gap: 0.25rem;
        }
        .pilot {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: 0.25rem 0.5rem;
        }
    };
    let outbox = status.outbox;
    let rows = status
        .flags
        .iter()
        .map(|flag| {
            let row = flag.clone();
            let name = flag.name.clone();
            let purpose = name.clone();
            let (enabled, effective) = (flag.enabled, flag.effective);
            let (default, overridden) = (flag.default, flag.override_value);
            let why = flag.clone();
            let pilot = flag.pilot.clone().map(|members| view! { <Pilot flag=row.clone() members mechanics changed /> });
            view! { class = cls,
                <tr data-flag=name.clone()>
                    <td><Ltr text=name.clone() /><div class="muted">{move || flag_purpose(&purpose)}</div></td>
                    <td data-col="default" data-label=move_tr!("system-default")>{move || on_off(default)}</td>
                    <td data-col="override" data-label=move_tr!("system-override")>{move || overridden.map(on_off).unwrap_or_else(|| "—".into())}</td>
                    <td data-col="value" data-label=move_tr!("system-configured")>
                        {move || if enabled { view! { class = cls, <span class="yes">{move_tr!("system-on")}</span> }.into_any() }
                            else { view! { class = cls, <span class="no">{move_tr!("system-off")}</span> }.into_any() }}
                    </td>
                    <td data-col="works" data-label=move_tr!("system-works")>
                        {move || match (enabled, effective) {
                            (true, true) => view! { class = cls, <span class="yes">{move_tr!("system-effective")}</span> }.into_any(),
                            (true, false) => view! { class = cls, <span class="warn">{why_not(&why)}</span> }.into_any(),
                            _ => view! { class = cls, <span class="no">"—"</span> }.into_any(),
                        }}
                    </td>
                    <td><SetFlag flag=row changed /></td>
                </tr>
                {pilot}
            }
        })
        .collect_view();
    let telegram = status.telegram_configured;
    let admins = status.admin_chat_ids;
    view! { class = cls,
        <section class="card">
            <ul class="facts">
                <li>{move_tr!("system-version")} " " <Ltr text=status.version.clone() /></li>
                <li>{move_tr!("system-database")} " " <Ltr text=status.database.clone() /></li>
                <li>{move || if telegram { tr!("system-telegram-on") } else { tr!("system-telegram-off") }}</li>
                <li>{move || tr!("system-admin-chats", { "count" => admins })}</li>
            </ul>
            <div class="table-wrap card-table">
                <table>
                    <thead>
                        <tr>
                            <th>{move_tr!("system-flag")}</th>
                            <th>{move_tr!("system-default")}</th>
                            <th>{move_tr!("system-override")}</th>
                            <th>{move_tr!("system-configured")}</th>
                            <th>{move_tr!("system-works")}</th>
                            <th>{move_tr!("system-change")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="muted">
                {move || tr!("system-outbox-counts", {
                    "pending" => outbox.pending, "sent" => outbox.sent, "failed" => outbox.failed, "skipped" => outbox.skipped
                })}
            </p>
        </section>
    }
}

/// On, off or back to the environment's value for everyone, each after a confirmation that
/// names what the flag does.
#[component]
fn SetFlag(flag: FlagStatus, changed: Callback<()>) -> impl IntoView {
    let Ok(which) = flag.name.parse::<Flag>() else { return ().into_any() };
    let form = Form::new();
    let set = form.write(move |value: FlagSetting| set_flag(which, value), move |_| changed.run(()));
    let current = match flag.override_value {
        Some(true) => FlagSetting::On,
        Some(false) => FlagSetting::Off,
        None => FlagSetting::Clear,
    };
    let default = flag.default;
    let ask = move |value: FlagSetting| {
        let (name, effect) = (which.name(), flag_purpose(which.name()));
        let question = match value {
            FlagSetting::On => tr!("system-confirm-on", { "flag" => name, "effect" => effect }),
            FlagSetting::Off => tr!("system-confirm-off", { "flag" => name, "effect" => effect }),
            FlagSetting::Clear => {
                tr!("system-confirm-clear", { "flag" => name, "effect" => effect, "value" => on_off(default) })
            }
        };
        if crate::browser::confirm(&question) {
            set.dispatch(value);
        }
    };
    let button = move |value: FlagSetting, label: fn() -> String| {
        view! {
            <button type="button" class="btn small" data-set=format!("{value:?}").to_lowercase()
                disabled=move || form.pending() || current == value
                on:click=move |_| ask(value)>
                {move || label()}
            </button>
        }
    };
    view! {
        <div class="set">
            {button(FlagSetting::On, || tr!("system-set-on"))}
            {button(FlagSetting::Off, || tr!("system-set-off"))}
            {button(FlagSetting::Clear, || tr!("system-set-clear"))}
        </div>
        <FormAlert form />
    }
    .into_any()
}

/// A pilot flag's group: its members, each with a remove button, and a mechanic to add.
#[component]
fn Pilot(
    flag: FlagStatus,
    members: Vec<PilotMember>,
    mechanics: Signal<Vec<User>>,
    changed: Callback<()>,
) -> impl IntoView {
    let Ok(which) = flag.name.parse::<Flag>() else { return ().into_any() };
    let form = Form::new();
    let change = form.write(move |change: PilotChange| set_flag_pilot(which, change), move |_| changed.run(()));
    let effect = move || flag_purpose(which.name());
    let pick = RwSignal::new(String::new());
    let taken: Vec<String> = members.iter().map(|m| m.username.clone()).collect();
    let options = move || {
        mechanics
            .get()
            .into_iter()
            .filter(|m| !taken.contains(&m.username))
            .map(|m| view! { <option value=m.username.clone()>{m.display_name.clone()} " (" {m.username.clone()} ")"</option> })
            .collect_view()
    };
    let add = move |_| {
        let username = pick.get_untracked();
        if username.is_empty() {
            return;
        }
        let question = tr!("system-confirm-pilot-add", { "flag" => which.name(), "name" => username.clone(), "effect" => effect() });
        if crate::browser::confirm(&question) {
            change.dispatch(PilotChange { username, member: true });
        }
    };
    let empty = members.is_empty();
    let chips = members
        .into_iter()
        .map(|member| {
            let username = member.username.clone();
            let remove = move |_| {
                let question =
                    tr!("system-confirm-pilot-remove", { "flag" => which.name(), "name" => username.clone() });
                if crate::browser::confirm(&question) {
                    change.dispatch(PilotChange { username: username.clone(), member: false });
                }
            };
            let label = member.display_name.clone();
            view! {
                <span class="chip" data-member=member.username.clone()>
                    {member.display_name.clone()}
                    " "
                    <button type="button" class="btn small" disabled=move || form.pending() on:click=remove
                        aria-label=move || tr!("system-pilot-remove", { "name" => label.clone() })>"×"</button>
                </span>
            }
        })
        .collect_view();
    view! {
        <tr data-pilot=which.name()>
            <td colspan="6">
                <div class="pilot">
                    <strong>{move_tr!("system-pilot")}</strong>
                    {empty.then(|| view! { <span class="muted">{move_tr!("system-pilot-empty")}</span> })}
                    {chips}
                    <select aria-label=move_tr!("system-pilot-pick") on:change=move |ev| pick.set(event_target_value(&ev)) prop:value=move || pick.get()>
                        <option value="">"—"</option>
                        {options}
                    </select>
                    <button type="button" class="btn small" disabled=move || form.pending() on:click=add>{move_tr!("system-pilot-add")}</button>
                </div>
                <p class="muted">{move_tr!("system-pilot-note")}</p>
                <FormAlert form />
            </td>
        </tr>
    }
    .into_any()
}

/// Who changed which flag, when, and from where; newest first.
#[component]
fn ChangeLog(changes: Vec<FlagChange>) -> impl IntoView {
    if changes.is_empty() {
        return view! { <p class="empty">{move_tr!("system-log-empty")}</p> }.into_any();
    }
    let word = |value: &Option<String>| match value.as_deref() {
        Some("on") => tr!("system-on"),
        Some("off") => tr!("system-off"),
        _ => "—".to_owned(),
    };
    let rows = changes
        .into_iter()
        .map(|change| {
            let flag = change.flag.name();
            let what = match &change.mechanic {
                Some(name) => format!("{flag} · {}", tr!("system-log-pilot", { "name" => name.clone() })),
                None => flag.to_owned(),
            };
            let (old, new) = (change.old_value.clone(), change.new_value.clone());
            let at = change.changed_at;
            view! {
                <tr data-change=change.id>
                    <td data-label=move_tr!("system-log-when")>{move || format::date_time(&at, current())}</td>
                    <td data-label=move_tr!("system-flag")><Ltr text=what /></td>
                    <td data-label=move_tr!("system-log-change")>{move || format!("{} → {}", word(&old), word(&new))}</td>
                    <td data-label=move_tr!("system-log-by")><Ltr text=change.changed_by.clone() /></td>
                    <td data-label=move_tr!("system-log-from")>{change.source.as_str()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap card-table">
            <table>
                <thead>
                    <tr>
                        <th>{move_tr!("system-log-when")}</th>
                        <th>{move_tr!("system-flag")}</th>
                        <th>{move_tr!("system-log-change")}</th>
                        <th>{move_tr!("system-log-by")}</th>
                        <th>{move_tr!("system-log-from")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The outbox's messages: a keyed table, so a retry button retries the message on its row.
#[component]
fn Outbox(page: Memo<NotificationPage>, reload: Callback<()>) -> impl IntoView {
    let messages = Memo::new(move |_| page.with(|p| p.notifications.clone()));
    let rows = keyed_rows(messages, |n| n.id, move |id, n| view! { <Message id n reload /> });
    view! {
        <Show when=move || messages.with(Vec::is_empty)>
            <p class="empty">{move_tr!("system-outbox-empty")}</p>
        </Show>
        <div class="table-wrap card-table" hidden=move || messages.with(Vec::is_empty)>
            <table>
                <thead>
                    <tr>
                        <th>{move_tr!("system-outbox-when")}</th>
                        <th>{move_tr!("system-outbox-to")}</th>
                        <th>{move_tr!("system-outbox-message")}</th>
                        <th>{move_tr!("admin-col-status")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn Message(id: i64, n: Memo<Notification>, reload: Callback<()>) -> impl IntoView {
    let form = Form::new();
    let retry = form.write(retry_notification, move |_| reload.run(()));
    let status = Memo::new(move |_| n.with(|n| n.status));
    let retryable = move || matches!(status.get(), NotificationStatus::Failed | NotificationStatus::Pending);
    view! {
        <tr>
            <td>{move || format::date_time(&n.with(|n| n.created_at), current())}</td>
            <td data-label=move_tr!("system-outbox-to")>
                {move || if n.with(|n| n.audience == "admin") { tr!("system-outbox-admins") } else { tr!("system-outbox-mechanic") }}
                " " {move || view! { <Ltr text=n.with(|n| n.chat_id.to_string()) /> }}
            </td>
            <td data-label=move_tr!("system-outbox-message")>
                <div class="outbox-body" dir="auto">{move || n.with(|n| n.body.clone())}</div>
                {move || n.with(|n| n.last_error.clone()).map(|e| view! { <div class="muted"><Ltr text=e /></div> })}
            </td>
            <td data-label=move_tr!("admin-col-status")>{move || notification_status_label(status.get())} " (" {move || n.with(|n| n.attempts)} ")"</td>
            <td>
                <Show when=retryable>
                    <button type="button" class="btn small" disabled=move || form.pending() on:click=move |_| retry.dispatch(id)>
                        {move_tr!("system-retry")}
                    </button>
                </Show>
                <FormAlert form />
            </td>
        </tr>
    }
}
