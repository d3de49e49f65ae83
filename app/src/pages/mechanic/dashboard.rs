//! `/mechanic`: the mechanic's numbers for today and their orders, filtered by a status tab kept
//! in the URL (`?tab=new`), from one request that refreshes on its own while the page is visible.

use std::time::Duration;

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_router::hooks::use_query_map;
use stylers_macro::style;

use crate::api::orders::mechanic_home;
use crate::format;
use crate::i18n::current;
use crate::model::{Order, OrderQuery, OrderStatus, StatusCounts};
use crate::session::use_session;
use crate::ui::{Ltr, StatCard, StatGrid, StatusBadge, TabLinks, keyed_rows, live, loaded};

/// How often the list refreshes itself while the page is visible.
const REFRESH: Duration = Duration::from_secs(15);

/// The filter tabs: all, then one per status a mechanic follows.
const TABS: [Option<OrderStatus>; 5] = [
    None,
    Some(OrderStatus::New),
    Some(OrderStatus::InProgress),
    Some(OrderStatus::Ready),
    Some(OrderStatus::Completed),
];

fn tab_label(tab: Option<OrderStatus>) -> String {
    match tab {
        None => tr!("dash-tab-all"),
        Some(status) => crate::ui::status_label(status),
    }
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let tab = Memo::new(move |_| query.read().get("tab").and_then(|t| t.parse::<OrderStatus>().ok()));
    // The numbers and the tab's orders in one request (one round trip on a slow line).
    let home = LocalResource::new(move || {
        let status = tab.get().map(|s| s.as_str().to_owned());
        session.call(mechanic_home(OrderQuery { status, per_page: Some(100), ..Default::default() }, None))
    });
    let refresh = set_interval_with_handle(
        move || {
            if crate::browser::page_visible() {
                home.refetch();
            }
        },
        REFRESH,
    );
    if let Ok(handle) = refresh {
        on_cleanup(move || handle.clear());
    }
    let counts = move || home.get().and_then(Result::ok).map(|home| home.orders.counts);

    let tabs = TABS
        .into_iter()
        .map(|t| {
            let href = match t {
                None => "/mechanic".to_owned(),
                Some(status) => format!("/mechanic?tab={}", status.as_str()),
            };
            let count =
                move || counts().map(|c: StatusCounts| format::number(t.map_or(c.all, |s| c.get(s)), current()));
            view! {
                <a href=href aria-current=move || (tab.get() == t).then_some("page")>
                    {move || tab_label(t)}
                    {move || count().map(|n| view! { " " <span class="count">{n}</span> })}
                </a>
            }
        })
        .collect_view();

    view! {
        <h1>{move_tr!("dash-title")}</h1>
        {loaded(home, |home| {
            let stats = home.stats;
            let language = current;
            let running = stats.running_timer.clone();
            view! {
                <StatGrid>
                    <StatCard label=move_tr!("dash-active") value=Signal::derive(move || format::number(stats.counts.open(), language())) />
                    <StatCard label=move_tr!("dash-completed-today") value=Signal::derive(move || format::number(stats.completed_today, language())) />
                    <StatCard label=move_tr!("dash-hours-today") value=Signal::derive(move || format::duration(stats.seconds_today)) />
                </StatGrid>
                {running.map(|entry| view! {
                    <a class="notice" href=format!("/mechanic/orders/{}", entry.order_id)>
                        {move_tr!("dash-timer-running", { "id" => entry.order_id })}
                    </a>
                })}
            }
        })}
        <TabLinks label=move_tr!("dash-tabs")>{tabs}</TabLinks>
        {live(home, |home| {
            let orders = Memo::new(move |_| home.with(|home| home.orders.orders.clone()));
            view! {
                <Show when=move || orders.with(Vec::is_empty)>
                    <p class="empty">{move_tr!("dash-empty")}</p>
                </Show>
                <OrderCards orders />
            }
        })}
    }
}

/// The orders as cards, keyed by order: the list refreshes on its own, and a card being tapped
/// must not turn into another order's link under the finger.
#[component]
fn OrderCards(orders: Memo<Vec<Order>>) -> impl IntoView {
    let config = crate::config::use_config();
    let cls = style! {
        .cards {
            display: grid;
            grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
            gap: 0.75rem;
            margin: 0;
            padding: 0;
            list-style: none;
        }
        .order-card {
            display: flex;
            flex-direction: column;
            gap: 0.4rem;
            height: 100%;
            padding: 0.85rem 1rem;
            border: 1px solid var(--border);
            border-radius: var(--radius-lg);
            background: var(--surface);
            box-shadow: var(--shadow);
            color: var(--text);
            text-decoration: none;
        }
        .order-card:hover {
            border-color: var(--primary);
        }
        .top {
            display: flex;
            align-items: center;
            justify-content: space-between;
            gap: 0.5rem;
        }
        .id {
            font-weight: 700;
        }
        .what {
            font-weight: 600;
            overflow-wrap: anywhere;
        }
        .meta {
            display: grid;
            grid-template-columns: auto 1fr;
            gap: 0.15rem 0.75rem;
            margin: 0;
            font-size: 0.875rem;
        }
        dt {
            color: var(--muted);
        }
        dd {
            margin: 0;
            min-width: 0;
            overflow-wrap: anywhere;
        }
    };
    let card = move |order: Order| {
        // Catalog names in the reader's language, else the text the order was made with.
        let (shown, named) = (order.clone(), order.clone());
        let car_number = order.car_number.filter(|_| config.with_untracked(|c| c.flags.enable_car_number));
        let created = order.created_at;
        let tracked = order.tracked_seconds;
        view! { class = cls,
            <div class="top">
                <span class="id">"#"{order.id}</span>
                <StatusBadge status=order.status />
            </div>
            <div class="what"><span dir="auto">{move || shown.category_in(current()).to_owned()}</span> " · " <span dir="auto">{move || named.part_in(current()).to_owned()}</span> {(order.quantity > 1).then(|| format!(" ×{}", order.quantity))}</div>
            <dl class="meta">
                <dt>{move_tr!("order-vin")}</dt>
                <dd><Ltr text=order.vin /></dd>
                {car_number.map(|number| view! { class = cls,
                    <dt>{move_tr!("order-car-number")}</dt>
                    <dd><Ltr text=number /></dd>
                })}
                <dt>{move_tr!("order-created")}</dt>
                <dd>{move || format::date_time(&created, current())}</dd>
                <dt>{move_tr!("order-tracked")}</dt>
                <dd>{move || format::duration(tracked)}</dd>
            </dl>
        }
    };
    let cards = keyed_rows(
        orders,
        |order| order.id,
        move |id, order| {
            view! { class = cls,
                <li>
                    <a class="order-card" href=format!("/mechanic/orders/{id}")>{move || card(order.get())}</a>
                </li>
            }
        },
    );
    view! { class = cls, <ul class="cards">{cards}</ul> }
}
