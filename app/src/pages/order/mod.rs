//! One order with everything on it: its fields, the legal status moves, comments, tracked time
//! and billed items. Mechanics see it at `/mechanic/orders/:id`; admins at `/admin/orders/:id`,
//! where they can also give it to a mechanic.

mod assign;
mod comments;
mod items;
mod time;

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_router::hooks::use_params_map;
use stylers_macro::style;

use crate::api::orders::{change_status, get_order_details};
use crate::format;
use crate::i18n::current;
use crate::model::{Order, OrderDetails, OrderEvent, OrderStatus, StatusChange};
use crate::session::use_session;
use crate::ui::{
    ConfirmMove, Form, FormAlert, Ltr, StatusBadge, asks_first, live, original_label, status_action, status_label,
};

/// What a page of one order is for.
#[derive(Clone, Copy, PartialEq)]
pub enum Viewer {
    Mechanic,
    Admin,
}

#[component]
pub fn OrderView(viewer: Viewer) -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let session = use_session();
    let details = LocalResource::new(move || session.call(get_order_details(id.get())));
    let reload = Callback::new(move |()| details.refetch());
    // Form contents live here, outside the reloaded view, so a reload keeps what is being typed.
    let drafts = Drafts::new();
    let back = match viewer {
        Viewer::Mechanic => "/mechanic",
        Viewer::Admin => "/admin",
    };
    view! {
        <a class="back" href=back>{move_tr!("order-back")}</a>
        {live(details, move |details| view! { <Details details viewer reload drafts /> })}
    }
}

/// Everything typed into the order page's forms.
#[derive(Clone, Copy)]
pub struct Drafts {
    pub comment: RwSignal<String>,
    pub time: time::TimeDraft,
    pub item: items::ItemDraft,
    pub assign: assign::AssignDraft,
}

impl Drafts {
    fn new() -> Self {
        Drafts {
            comment: RwSignal::new(String::new()),
            time: time::TimeDraft::new(),
            item: items::ItemDraft::new(),
            assign: assign::AssignDraft::new(),
        }
    }
}

/// The order, drawn once and kept up to date. The status buttons and the billed items are keyed
/// lists that follow each reload; the other sections are drawn again when their own part of the
/// order changes.
#[component]
fn Details(details: Memo<OrderDetails>, viewer: Viewer, reload: Callback<()>, drafts: Drafts) -> impl IntoView {
    let cls = style! {
        .order-head {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: 0.5rem 1rem;
            margin-bottom: 1rem;
        }
        .order-head h1 {
            margin: 0;
        }
        .closed {
            background: var(--st-bg);
            color: var(--st-fg);
            font-weight: 600;
        }
        .sections {
            display: grid;
            grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
            gap: 0 1rem;
            align-items: start;
        }
    };
    let order = part(details, |d| d.order.clone());
    let id = part(details, |d| d.order.id);
    let status = part(details, |d| d.order.status);
    let editable = Memo::new(move |_| status.get().is_open());
    let allowed = part(details, |d| d.allowed_statuses.clone());
    let comments = part(details, |d| d.comments.clone());
    let entries = part(details, |d| d.time_entries.clone());
    let items = part(details, |d| d.items.clone());
    let totals = part(details, |d| d.totals);
    let events = part(details, |d| d.events.clone());
    view! { class = cls,
        <div class="order-head">
            <h1>{move || tr!("order-title", { "id" => id.get() })}</h1>
            {move || view! { <StatusBadge status=status.get() /> }}
        </div>
        <StatusMoves order allowed reload />
        // A closed order says so where the moves were: its state is final.
        {move || {
            let status = status.get();
            let text = match status {
                OrderStatus::Completed => move_tr!("order-closed-completed"),
                OrderStatus::Cancelled => move_tr!("order-closed-cancelled"),
                _ => return None,
            };
            Some(view! { class = cls, <p class="card closed" data-status=status.as_str()>{text}</p> })
        }}
        <div class="sections">
            <div>
                {move || view! { <Facts order=order.get() admin=viewer == Viewer::Admin /> }}
                {(viewer == Viewer::Admin).then_some(move || view! { <assign::Assign order=order.get() reload draft=drafts.assign /> })}
                {move || view! { <comments::Comments order_id=id.get() comments=comments.get() reload draft=drafts.comment /> }}
            </div>
            <div>
                {move || view! { <time::Time order_id=id.get() entries=entries.get() open=editable.get() reload draft=drafts.time /> }}
                <items::Items order_id=id items totals editable reload draft=drafts.item />
                {move || view! { <History events=events.get() /> }}
            </div>
        </div>
    }
}

/// One part of the order: a memo that changes only when that part does.
fn part<T>(details: Memo<OrderDetails>, pick: fn(&OrderDetails) -> T) -> Memo<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| details.with(pick))
}

/// One button per status the order may move to next (the server's list), and nothing else. Keyed
/// by status: after a move, a button still on screen still means its own status. A move that
/// closes the order (completed, cancelled) asks first.
#[component]
fn StatusMoves(order: Memo<Order>, allowed: Memo<Vec<OrderStatus>>, reload: Callback<()>) -> impl IntoView {
    let form = Form::new();
    let change = form.write(
        move |status| change_status(order.with_untracked(|o| o.id), StatusChange { status, note: None }),
        move |_| reload.run(()),
    );
    let asking = RwSignal::new(None::<OrderStatus>);
    let press = move |status: OrderStatus| {
        if asks_first(status) {
            asking.set(Some(status));
        } else {
            change.dispatch(status);
        }
    };
    view! {
        <Show when=move || !allowed.with(Vec::is_empty)>
            <section class="card" aria-label=move_tr!("order-status-moves")>
                <div class="actions">
                    <For each=move || allowed.get() key=|status| *status let(status)>
                        <button
                            type="button"
                            class=if status == OrderStatus::Cancelled { "btn danger" } else { "btn primary" }
                            data-status=status.as_str()
                            disabled=move || form.pending()
                            on:click=move |_| press(status)
                        >
                            {move || status_action(status)}
                        </button>
                    </For>
                </div>
                <FormAlert form />
            </section>
        </Show>
        {move || asking.get().map(|to| view! {
            <ConfirmMove
                order=order.get_untracked()
                to
                confirm=Callback::new(move |()| {
                    asking.set(None);
                    change.dispatch(to);
                })
                back=Callback::new(move |()| asking.set(None))
            />
        })}
    }
}

#[component]
fn Facts(order: Order, admin: bool) -> impl IntoView {
    let flags = crate::config::use_config().with_untracked(|c| c.flags);
    let cls = style! {
        .facts {
            display: grid;
            grid-template-columns: max-content 1fr;
            gap: 0.35rem 1rem;
            margin: 0;
        }
        dt {
            color: var(--muted);
        }
        dd {
            margin: 0;
            min-width: 0;
            overflow-wrap: anywhere;
            font-weight: 500;
        }
    };
    let (created, updated, tracked) = (order.created_at, order.updated_at, order.tracked_seconds);
    let car_number = order.car_number.clone().filter(|_| flags.enable_car_number);
    // With the catalog on, a part typed in because the catalog lacks it is marked, and the admin
    // is offered the catalog to add it to.
    let typed_in = flags.enable_part_categories && order.part_id.is_none();
    let kind = order.original_or_analog;
    // Catalog names in the reader's language, else the text the order was made with.
    let (shown, named) = (order.clone(), order.clone());
    view! { class = cls,
        <section class="card">
            <h2>{move_tr!("order-facts")}</h2>
            <dl class="facts">
                <dt>{move_tr!("order-vin")}</dt>
                <dd><Ltr text=order.vin.clone() /></dd>
                {car_number.map(|number| view! { class = cls,
                    <dt>{move_tr!("order-car-number")}</dt>
                    <dd><Ltr text=number /></dd>
                })}
                <dt>{move_tr!("order-category")}</dt>
                <dd><span dir="auto">{move || shown.category_in(current()).to_owned()}</span></dd>
                <dt>{move_tr!("order-part")}</dt>
                <dd>
                    <span dir="auto">{move || named.part_in(current()).to_owned()}</span>
                    {typed_in.then(|| view! { class = cls,
                        " " <span class="muted" data-testid="not-in-catalog">{move_tr!("order-not-in-catalog")}</span>
                        {admin.then(|| view! { " " <a class="hit" href="/admin/catalog">{move_tr!("order-add-to-catalog")}</a> })}
                    })}
                </dd>
                <dt>{move_tr!("order-kind")}</dt>
                <dd>{move || original_label(kind)}</dd>
                <dt>{move_tr!("order-quantity")}</dt>
                <dd>{order.quantity}</dd>
                <dt>{move_tr!("order-mechanic")}</dt>
                <dd>{order.mechanic_name.clone()} {order.mechanic_id.is_none().then(|| view! {
                    " " <span class="muted">{move_tr!("order-unassigned")}</span>
                })}</dd>
                <dt>{move_tr!("order-created")}</dt>
                <dd>{move || format::date_time(&created, current())}</dd>
                <dt>{move_tr!("order-updated")}</dt>
                <dd>{move || format::date_time(&updated, current())}</dd>
                <dt>{move_tr!("order-tracked")}</dt>
                <dd>{move || format::duration(tracked)}</dd>
                {order.has_photo.then(|| view! { class = cls,
                    <dt>{move_tr!("order-photo")}</dt>
                    <dd>{move_tr!("order-photo-in-telegram")}</dd>
                })}
            </dl>
        </section>
    }
}

/// What happened to the order: created, status moves and assignments, oldest first.
#[component]
fn History(events: Vec<OrderEvent>) -> impl IntoView {
    let cls = style! {
        .events {
            margin: 0;
            padding: 0;
            list-style: none;
            font-size: 0.9rem;
        }
        .events li {
            padding: 0.35rem 0;
            border-bottom: 1px solid var(--border);
        }
        .when {
            display: block;
            color: var(--muted);
            font-size: 0.8rem;
        }
    };
    let rows = events
        .into_iter()
        .map(|event| {
            let at = event.created_at;
            let who = event.actor_name.clone().unwrap_or_default();
            let text = move || match (event.kind.as_str(), event.to_status) {
                ("status", Some(to)) => tr!("history-status", { "who" => who.clone(), "status" => status_label(to) }),
                ("assigned", _) => tr!("history-assigned", { "who" => who.clone() }),
                _ => tr!("history-created", { "who" => who.clone() }),
            };
            let note = event.note.clone();
            view! { class = cls,
                <li>
                    <span class="when">{move || format::date_time(&at, current())}</span>
                    {text}
                    {note.map(|note| view! { class = cls, <div class="muted" dir="auto">{note}</div> })}
                </li>
            }
        })
        .collect_view();
    view! { class = cls,
        <section class="card">
            <h2>{move_tr!("history-title")}</h2>
            <ul class="events">{rows}</ul>
        </section>
    }
}
