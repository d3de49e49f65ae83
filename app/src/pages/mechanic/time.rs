//! `/mechanic/time`: the mechanic's tracked time for today, this week or this month (kept in the
//! URL as `?period=`), grouped by day, newest first.

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_router::hooks::use_query_map;
use stylers_macro::style;

use crate::api::work::get_time_history;
use crate::format;
use crate::i18n::current;
use crate::model::{HistoryDay, Period, TimeHistoryQuery};
use crate::session::use_session;
use crate::ui::{Ltr, TabLinks, loaded};

const PERIODS: [(Period, &str); 3] = [(Period::Day, "day"), (Period::Week, "week"), (Period::Month, "month")];

fn period_label(period: Period) -> String {
    match period {
        Period::Day => tr!("time-today"),
        Period::Week => tr!("time-week"),
        Period::Month => tr!("time-month"),
    }
}

#[component]
pub fn TimePage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let period = Memo::new(move |_| {
        let wanted = query.read().get("period");
        PERIODS.iter().find(|(_, name)| Some(*name) == wanted.as_deref()).map_or(Period::Day, |(p, _)| *p)
    });
    let history = LocalResource::new(move || {
        session.call(get_time_history(TimeHistoryQuery {
            period: period.get(),
            date: None,
            tz: None,
            mechanic_id: None,
        }))
    });
    let tabs = PERIODS
        .into_iter()
        .map(|(p, name)| {
            view! {
                <a href=format!("/mechanic/time?period={name}") aria-current=move || (period.get() == p).then_some("page")>
                    {move || period_label(p)}
                </a>
            }
        })
        .collect_view();
    view! {
        <h1>{move_tr!("time-page-title")}</h1>
        <TabLinks label=move_tr!("time-periods")>{tabs}</TabLinks>
        {loaded(history, |history| {
            let total = history.total_seconds;
            let days = history.days.into_iter().map(|day| view! { <Day day /> }).collect_view();
            view! {
                <p class="notice" data-testid="time-total">{move || tr!("time-total", { "time" => format::duration(total) })}</p>
                {(total == 0).then(|| view! { <p class="empty">{move_tr!("time-nothing")}</p> })}
                {days}
            }
        })}
    }
}

#[component]
fn Day(day: HistoryDay) -> impl IntoView {
    let cls = style! {
        .day-head {
            display: flex;
            justify-content: space-between;
            gap: 1rem;
        }
        .entries {
            margin: 0;
            padding: 0;
            list-style: none;
        }
        .entries li {
            display: flex;
            flex-wrap: wrap;
            justify-content: space-between;
            gap: 0.25rem 1rem;
            padding: 0.45rem 0;
            border-top: 1px solid var(--border);
        }
        .what {
            min-width: 0;
            overflow-wrap: anywhere;
        }
    };
    let (date, seconds) = (day.date, day.seconds);
    let rows = day
        .entries
        .into_iter()
        .map(|item| {
            let entry = item.entry;
            let (start, end) = (entry.started_at, entry.ended_at);
            let seconds = entry.seconds;
            view! { class = cls,
                <li>
                    <span class="what">
                        <a class="hit" href=format!("/mechanic/orders/{}", entry.order_id)>"#"{entry.order_id}</a>
                        " " <span dir="auto">{item.order_part}</span> " · " <Ltr text=item.order_vin />
                    </span>
                    <span>
                        {move || format::time_of_day(&start, current())}
                        {move || end.map(|end| format!(" – {}", format::time_of_day(&end, current())))}
                        " · "
                        {move || seconds.map(format::duration).unwrap_or_else(|| tr!("time-running"))}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! { class = cls,
        <section class="card">
            <div class="day-head">
                <h2>{move || format::day(date, current())}</h2>
                <strong>{move || format::duration(seconds)}</strong>
            </div>
            <ul class="entries">{rows}</ul>
        </section>
    }
}
