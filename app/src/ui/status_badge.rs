//! An order's status as a coloured badge; the colours come from the theme's `--st-*` variables
//! per `data-status`.

use leptos::prelude::*;
use stylers_macro::style;

use super::labels::status_label;
use crate::model::OrderStatus;

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
