//! A date typed as the reader's language writes it ("06.12.2026" in Hebrew and Russian,
//! "12/06/2026" in English), with the browser's calendar one tap away. The browser's own
//! `<input type="date">` shows the browser's locale (mm/dd/yyyy in an English Chromium even in
//! the Hebrew UI), so the text is the control and the calendar only fills it in.

use leptos::prelude::*;
use leptos_fluent::tr;
use stylers_macro::style;

use crate::format;
use crate::i18n::current;

/// A text box for a day in the language's pattern (its placeholder), and a button that opens the
/// browser's calendar. `id` names the hidden calendar input and must be unique on the page;
/// `value` is the text as typed (read it with `format::parse_typed_day`). `label` is the field's
/// label again: inside `Field`'s `<label>` the button's name would otherwise join the box's.
#[component]
pub fn DateInput(id: &'static str, value: RwSignal<String>, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let cls = style! {
        .date-input {
            position: relative;
            display: flex;
            gap: 0.3rem;
            align-items: stretch;
        }
        .date-input input[type="text"] {
            flex: 1;
            min-width: 0;
        }
        .date-input .picker {
            flex: none;
            display: inline-flex;
            align-items: center;
            justify-content: center;
            padding: 0 0.5rem;
        }
        .date-input .picker svg {
            width: 1.2rem;
            height: 1.2rem;
        }
        .date-input input[type="date"] {
            position: absolute;
            inset-inline-end: 0;
            bottom: 0;
            width: 1px;
            height: 1px;
            padding: 0;
            border: 0;
            opacity: 0;
            pointer-events: none;
        }
    };
    // The language changes under a filled-in box: the day stays, written the new way.
    Effect::new(move |before: Option<crate::model::Language>| {
        let language = current();
        if let Some(before) = before.filter(|before| *before != language)
            && let Some(day) = format::parse_typed_day(&value.get_untracked(), before)
        {
            value.set(format::typed_day(day, language));
        }
        language
    });
    let picked = move |ev: leptos::ev::Event| {
        if let Some(day) = format::parse_typed_day(&event_target_value(&ev), current()) {
            value.set(format::typed_day(day, current()));
        }
    };
    let calendar_value =
        move || format::parse_typed_day(&value.get(), current()).map(|day| day.to_string()).unwrap_or_default();
    view! { class = cls,
        <span class="date-input">
            <input
                type="text"
                inputmode="numeric"
                autocomplete="off"
                dir="ltr"
                aria-label=label
                placeholder=move || tr!("date-pattern")
                bind:value=value
            />
            <button
                type="button"
                class="btn picker"
                aria-label=move || tr!("date-pick")
                title=move || tr!("date-pick")
                on:click=move |_| crate::browser::show_date_picker(id)
            >
                <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
                    <path d="M4 6h16v14H4zM4 10h16M8 3v4M16 3v4" />
                </svg>
            </button>
            <input type="date" id=id tabindex="-1" aria-hidden="true" prop:value=calendar_value on:change=picked />
        </span>
    }
}
