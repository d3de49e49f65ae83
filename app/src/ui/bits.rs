//! Small pieces that several pages show: status badges and names, left-to-right codes inside
//! right-to-left text, and stat cards.

use leptos::prelude::*;
use leptos_fluent::tr;
use stylers_macro::style;

use crate::model::{ItemKind, OrderStatus, OriginalOrAnalog};

pub fn status_label(status: OrderStatus) -> String {
    match status {
        OrderStatus::New => tr!("status-new"),
        OrderStatus::InProgress => tr!("status-in-progress"),
        OrderStatus::Ready => tr!("status-ready"),
        OrderStatus::Completed => tr!("status-completed"),
        OrderStatus::Cancelled => tr!("status-cancelled"),
    }
}

/// The button text for moving an order to `status`.
pub fn status_action(status: OrderStatus) -> String {
    match status {
        OrderStatus::New => tr!("status-new"),
        OrderStatus::InProgress => tr!("status-to-in-progress"),
        OrderStatus::Ready => tr!("status-to-ready"),
        OrderStatus::Completed => tr!("status-to-completed"),
        OrderStatus::Cancelled => tr!("status-to-cancelled"),
    }
}

pub fn original_label(value: OriginalOrAnalog) -> String {
    match value {
        OriginalOrAnalog::Original => tr!("order-original"),
        OriginalOrAnalog::Analog => tr!("order-analog"),
    }
}

pub fn item_kind_label(kind: ItemKind) -> String {
    match kind {
        ItemKind::CatalogPart => tr!("items-kind-catalog"),
        ItemKind::CustomPart => tr!("items-kind-custom"),
        ItemKind::Work => tr!("items-kind-work"),
    }
}

#[component]
pub fn StatusBadge(status: OrderStatus) -> impl IntoView {
    let cls = style! {
        .badge {
            display: inline-block;
            padding: 0.15rem 0.6rem;
            border-radius: var(--badge-radius);
            font-size: 0.8rem;
            font-weight: 600;
            white-space: nowrap;
            background: var(--st-bg);
            color: var(--st-fg);
        }
    };
    view! { class = cls,
        <span class="badge" data-status=status.as_str()>
            {move || status_label(status)}
        </span>
    }
}

/// A VIN, car number or other Latin code: always left to right, also inside Hebrew text.
#[component]
pub fn Ltr(#[prop(into)] text: String) -> impl IntoView {
    view! { <bdi dir="ltr" class="code">{text}</bdi> }
}

/// One number with its caption, for the dashboards.
#[component]
pub fn StatCard(#[prop(into)] label: Signal<String>, #[prop(into)] value: Signal<String>) -> impl IntoView {
    let cls = style! {
        .stat {
            display: flex;
            flex-direction: column;
            gap: 0.2rem;
            padding: 0.75rem 1rem;
            border: 1px solid var(--border);
            border-radius: var(--radius-lg);
            background: var(--surface);
            box-shadow: var(--shadow);
            min-width: 0;
        }
        .stat-value {
            font-size: 1.6rem;
            font-weight: 700;
            color: var(--primary);
        }
        .stat-label {
            font-size: 0.85rem;
            color: var(--muted);
        }
    };
    view! { class = cls,
        <div class="stat" role="group" aria-label=label>
            <span class="stat-value">{value}</span>
            <span class="stat-label">{label}</span>
        </div>
    }
}

/// A row of stat cards that wraps on narrow screens.
#[component]
pub fn StatGrid(children: Children) -> impl IntoView {
    let cls = style! {
        .stats {
            display: grid;
            grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
            gap: 0.75rem;
            margin-bottom: 1rem;
        }
    };
    view! { class = cls, <section class="stats">{children()}</section> }
}
