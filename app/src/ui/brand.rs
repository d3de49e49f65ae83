//! Felix Hub's name in the header and on the login page.

use leptos::prelude::*;
use stylers_macro::style;

/// Felix Hub's name, with the refreshed theme's logo mark.
#[component]
pub fn Brand(href: impl Fn() -> &'static str + Send + Sync + 'static) -> impl IntoView {
    let cls = style! {
        .brand {
            display: inline-flex;
            align-items: center;
            gap: 0.45rem;
            color: var(--header-text);
            font-weight: 800;
            font-size: 1.1rem;
            letter-spacing: var(--brand-spacing);
            min-height: 2.75rem;
            text-decoration: none;
            white-space: nowrap;
        }
        .mark {
            display: var(--mark-display);
            width: 1.8rem;
            height: 1.8rem;
            border-radius: 0.55rem;
            background: var(--mark-bg);
            color: var(--mark-fg);
            place-items: center;
        }
    };
    view! { class = cls,
        <a class="brand" href=href>
            <span class="mark" aria-hidden="true">
                <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round">
                    <path d="M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.5-.5-.5-2.5z" />
                </svg>
            </span>
            "Felix Hub"
        </a>
    }
}
