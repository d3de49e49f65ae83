//! Time on an order: the mechanic's running clock with start and stop, time entered by hand
//! (checked like the server checks it), and every entry so far.

use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_fluent::move_tr;
use stylers_macro::style;

use crate::api::work::{add_time_entry, start_timer, stop_timer};
use crate::browser::{local_input_to_millis, millis_to_local_input};
use crate::format;
use crate::i18n::current;
use crate::model::{AppError, ManualTimeEntry, TimeEntry, TimeSource, validation};
use crate::session::use_session;
use crate::ui::{Field, Form, FormAlert};

#[derive(Clone, Copy)]
pub struct TimeDraft {
    started: RwSignal<String>,
    ended: RwSignal<String>,
    note: RwSignal<String>,
}

impl TimeDraft {
    pub fn new() -> Self {
        let draft = TimeDraft {
            started: RwSignal::new(String::new()),
            ended: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
        };
        draft.reset();
        draft
    }

    /// A sensible start for the form: the last hour.
    fn reset(self) {
        let now = Utc::now().timestamp_millis() as f64;
        self.started.set(millis_to_local_input(now - 3_600_000.0));
        self.ended.set(millis_to_local_input(now));
        self.note.set(String::new());
    }
}

/// Reads the manual entry form the way the server will: both ends given, the end after the start.
fn manual_entry(draft: TimeDraft) -> Result<ManualTimeEntry, AppError> {
    let at = |value: String, field: &str| {
        local_input_to_millis(&value)
            .and_then(|millis| DateTime::<Utc>::from_timestamp_millis(millis as i64))
            .ok_or_else(|| AppError::validation(field, "missing"))
    };
    let started_at = at(draft.started.get_untracked(), "started_at")?;
    let ended_at = at(draft.ended.get_untracked(), "ended_at")?;
    if ended_at <= started_at {
        return Err(AppError::validation("ended_at", "The end must come after the start."));
    }
    let note = validation::optional_text("note", Some(&draft.note.get_untracked()), validation::MAX_COMMENT)?;
    Ok(ManualTimeEntry { started_at, ended_at, note })
}

#[component]
pub fn Time(
    order_id: i64,
    entries: Vec<TimeEntry>,
    open: bool,
    reload: Callback<()>,
    draft: TimeDraft,
) -> impl IntoView {
    let me = use_session().user().map(|user| user.id);
    let running = entries.iter().find(|e| e.ended_at.is_none() && Some(e.mechanic_id) == me).map(|e| e.started_at);
    let timer = Form::new();
    let start = timer.write(start_timer, move |_| reload.run(()));
    let stop = timer.write(stop_timer, move |_| reload.run(()));
    let manual = Form::new();
    let add = manual.write(
        move |entry| add_time_entry(order_id, entry),
        move |_| {
            draft.reset();
            reload.run(());
        },
    );

    // The clock: seconds since the timer started, ticking while it runs.
    let now = RwSignal::new(Utc::now());
    if running.is_some()
        && let Ok(handle) = set_interval_with_handle(move || now.set(Utc::now()), Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }
    let clock = move || running.map(|started| format::clock((now.get() - started).num_seconds()));

    let cls = style! {
        .clock {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: 0.75rem;
            margin-bottom: 1rem;
        }
        .clock-face {
            font-family: ui-monospace, Menlo, Consolas, monospace;
            font-size: 1.8rem;
            font-weight: 700;
            color: var(--primary);
            direction: ltr;
        }
        .manual {
            display: grid;
            grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
            gap: 0.6rem;
            margin-bottom: 1rem;
        }
        .entries {
            margin: 0;
            padding: 0;
            list-style: none;
            font-size: 0.9rem;
        }
        .entries li {
            display: flex;
            flex-wrap: wrap;
            justify-content: space-between;
            gap: 0.25rem 1rem;
            padding: 0.4rem 0;
            border-bottom: 1px solid var(--border);
        }
    };

    let submit_manual = move || {
        if let Some(entry) = manual.check(manual_entry(draft)) {
            add.dispatch(entry);
        }
    };

    let has_entries = !entries.is_empty();
    let rows = entries
        .into_iter()
        .map(|entry| {
            let (start, end, seconds) = (entry.started_at, entry.ended_at, entry.seconds);
            let source = entry.source;
            view! { class = cls,
                <li>
                    <span>
                        {entry.mechanic_name} " · "
                        {move || format::date_time(&start, current())}
                        {move || end.map(|end| format!(" – {}", format::time_of_day(&end, current())))}
                    </span>
                    <span>
                        {move || match seconds {
                            Some(seconds) => format::duration(seconds),
                            None => leptos_fluent::tr!("time-running"),
                        }}
                        {(source == TimeSource::Manual).then(|| view! { " " <span class="muted">{move_tr!("time-manual-mark")}</span> })}
                    </span>
                </li>
            }
        })
        .collect_view();

    view! { class = cls,
        <section class="card">
            <h2>{move_tr!("time-title")}</h2>
            {open.then(|| view! { class = cls,
                <div class="clock">
                    {move || clock().map(|face| view! { class = cls, <span class="clock-face" role="timer">{face}</span> })}
                    {match running {
                        Some(_) => view! {
                            <button type="button" class="btn danger" disabled=move || timer.pending()
                                on:click=move |_| stop.dispatch(order_id)>
                                {move_tr!("time-stop")}
                            </button>
                        }.into_any(),
                        None => view! {
                            <button type="button" class="btn accent" disabled=move || timer.pending()
                                on:click=move |_| start.dispatch(order_id)>
                                {move_tr!("time-start")}
                            </button>
                        }.into_any(),
                    }}
                </div>
                <FormAlert form=timer />
            })}
            <h3>{move_tr!("time-manual")}</h3>
            <form class="stack" novalidate on:submit=move |ev| {
                ev.prevent_default();
                submit_manual();
            }>
                <div class="manual">
                    <Field label=move_tr!("time-started") name="started_at" form=manual>
                        <input type="datetime-local" bind:value=draft.started />
                    </Field>
                    <Field label=move_tr!("time-ended") name="ended_at" form=manual>
                        <input type="datetime-local" bind:value=draft.ended />
                    </Field>
                    <Field label=move_tr!("time-note") name="note" form=manual>
                        <input type="text" dir="auto" bind:value=draft.note />
                    </Field>
                </div>
                <FormAlert form=manual />
                <div class="actions">
                    <button type="submit" class="btn" disabled=move || manual.pending()>{move_tr!("time-add")}</button>
                </div>
            </form>
            {has_entries.then(|| view! { class = cls,
                <h3>{move_tr!("time-history")}</h3>
                <ul class="entries">{rows}</ul>
            })}
        </section>
    }
}
