//! `/admin/system`: the six feature flags as configured and as they really work (an enabled
//! Telegram flag does nothing without a bot token, say), and the Telegram outbox with a retry.

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use stylers_macro::style;

use crate::api::system::{get_system_status, list_notifications, retry_notification};
use crate::format;
use crate::i18n::current;
use crate::model::{FlagStatus, Notification, NotificationPage, NotificationQuery, NotificationStatus, SystemStatus};
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
fn why_not(flag: &FlagStatus, status: &SystemStatus) -> Option<String> {
    if !flag.enabled || flag.effective {
        return None;
    }
    Some(if !status.telegram_configured {
        tr!("system-note-no-token")
    } else if flag.name == "ENABLE_TG_ADMIN_NOTIFS" && status.admin_chat_ids == 0 {
        tr!("system-note-no-admins")
    } else {
        tr!("system-note-other")
    })
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
    let filter = RwSignal::new(None::<NotificationStatus>);
    let outbox = LocalResource::new(move || {
        session.call(list_notifications(NotificationQuery { status: filter.get(), page: None, per_page: Some(50) }))
    });
    let reload = Callback::new(move |()| {
        outbox.refetch();
        status.refetch();
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
    view! {
        <h1>{move_tr!("system-title")}</h1>
        {loaded(status, |status| view! { <Flags status /> })}
        <section class="card" id="outbox">
            <h2>{move_tr!("system-outbox")}</h2>
            <TabLinks label=move_tr!("system-outbox-filter")>{tabs}</TabLinks>
            {live(outbox, move |page| view! { <Outbox page reload /> })}
        </section>
    }
}

#[component]
fn Flags(status: SystemStatus) -> impl IntoView {
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
    };
    let outbox = status.outbox;
    let rows = status
        .flags
        .iter()
        .map(|flag| {
            let name = flag.name.clone();
            let purpose = name.clone();
            let (enabled, effective) = (flag.enabled, flag.effective);
            let flag = flag.clone();
            let status = status.clone();
            view! { class = cls,
                <tr data-flag=name.clone()>
                    <td><Ltr text=name.clone() /><div class="muted">{move || flag_purpose(&purpose)}</div></td>
                    <td data-label=move_tr!("system-configured")>
                        {move || if enabled { view! { class = cls, <span class="yes">{move_tr!("system-on")}</span> }.into_any() }
                            else { view! { class = cls, <span class="no">{move_tr!("system-off")}</span> }.into_any() }}
                    </td>
                    <td data-label=move_tr!("system-works")>
                        {move || match (enabled, effective) {
                            (true, true) => view! { class = cls, <span class="yes">{move_tr!("system-effective")}</span> }.into_any(),
                            (true, false) => view! { class = cls, <span class="warn">{why_not(&flag, &status)}</span> }.into_any(),
                            _ => view! { class = cls, <span class="no">"—"</span> }.into_any(),
                        }}
                    </td>
                </tr>
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
                            <th>{move_tr!("system-configured")}</th>
                            <th>{move_tr!("system-works")}</th>
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
