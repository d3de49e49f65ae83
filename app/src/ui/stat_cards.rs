//! The dashboards' stat cards: one number with its caption, in a grid that wraps on phones.

use leptos::prelude::*;
use stylers_macro::style;

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
