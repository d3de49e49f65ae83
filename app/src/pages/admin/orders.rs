//! `/admin`: every order. Stat cards, server-side search and filters (status, mechanic, VIN, car
//! number, dates typed as the reader's language writes them), pages of 20, the status changed
//! inline (legal moves only), and the filtered orders as CSV.

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use stylers_macro::style;

use crate::api::orders::{change_status, export_orders_csv, get_dashboard, list_orders};
use crate::api::users::list_users;
use crate::format;
use crate::i18n::current;
use crate::model::{AppError, Language, Order, OrderPage, OrderQuery, OrderStatus, Role, StatusChange};
use crate::session::use_session;
use crate::ui::{
    ConfirmMove, DateInput, Field, Form, FormAlert, Ltr, StatCard, StatGrid, StatusBadge, asks_first, keyed_rows, live,
    loaded, status_action, status_label,
};

const PER_PAGE: u32 = 20;

/// What is typed into the filter form, applied when it is sent.
#[derive(Clone, Copy)]
struct Filters {
    status: RwSignal<String>,
    mechanic: RwSignal<String>,
    vin: RwSignal<String>,
    car_number: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    q: RwSignal<String>,
}

impl Filters {
    fn new() -> Self {
        let empty = || RwSignal::new(String::new());
        Filters {
            status: empty(),
            mechanic: empty(),
            vin: empty(),
            car_number: empty(),
            from: empty(),
            to: empty(),
            q: empty(),
        }
    }

    fn clear(self) {
        for field in [self.status, self.mechanic, self.vin, self.car_number, self.from, self.to, self.q] {
            field.set(String::new());
        }
    }

    /// The query to send, or every date field that is not a day as `language` writes it. Days
    /// go as YYYY-MM-DD with the shop's zone, so "from 6.12" starts at the shop's midnight.
    fn query(self, language: Language) -> Result<OrderQuery, Vec<AppError>> {
        let text = |signal: RwSignal<String>| Some(signal.get_untracked().trim().to_owned()).filter(|s| !s.is_empty());
        let mut errors = Vec::new();
        let mut day = |field: &str, signal: RwSignal<String>| {
            let typed = text(signal)?;
            let parsed = format::parse_typed_day(&typed, language).map(|day| day.to_string());
            if parsed.is_none() {
                errors.push(AppError::validation(field, "not a date"));
            }
            parsed
        };
        let (from, to) = (day("from", self.from), day("to", self.to));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(OrderQuery {
            status: text(self.status),
            mechanic_id: text(self.mechanic).and_then(|id| id.parse().ok()),
            vin: text(self.vin),
            car_number: text(self.car_number),
            tz: (from.is_some() || to.is_some()).then(crate::config::shop_timezone).flatten(),
            from,
            to,
            q: text(self.q),
            ..Default::default()
        })
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let session = use_session();
    let flags = crate::config::use_config().with_untracked(|c| c.flags);
    let filters = Filters::new();
    let applied = RwSignal::new(OrderQuery::default());
    let page = RwSignal::new(1u32);
    let stats = LocalResource::new(move || session.call(get_dashboard(None)));
    let orders = LocalResource::new(move || {
        let query = OrderQuery { page: Some(page.get()), per_page: Some(PER_PAGE), ..applied.get() };
        session.call(list_orders(query))
    });
    let users = LocalResource::new(move || session.call(list_users()));
    let reload = Callback::new(move |()| {
        orders.refetch();
        stats.refetch();
    });
    let export = Form::new();
    let download =
        export.write(export_orders_csv, |csv| crate::browser::download("orders.csv", "text/csv;charset=utf-8", &csv));
    let filter_form = Form::new();

    let apply = move || {
        if let Some(query) = filter_form.check_all(filters.query(current())) {
            filter_form.clear();
            page.set(1);
            applied.set(query);
        }
    };
    let cls = style! {
        .filters {
            display: grid;
            margin-bottom: 0.5rem;
            grid-template-columns: repeat(auto-fill, minmax(min(100%, 11rem), 1fr));
            gap: 0.6rem;
            align-items: end;
        }
        .toolbar {
            display: flex;
            flex-wrap: wrap;
            justify-content: space-between;
            align-items: center;
            gap: 0.5rem;
            margin: 0 0 0.75rem;
        }
    };
    let status_options = std::iter::once(("open", None))
        .chain(OrderStatus::ALL.into_iter().map(|s| (s.as_str(), Some(s))))
        .map(|(value, status)| {
            view! {
                <option value=value>
                    {move || match status {
                        Some(status) => status_label(status),
                        None => tr!("admin-status-open"),
                    }}
                </option>
            }
        })
        .collect_view();
    let mechanic_options = move || {
        users
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.user.role == Role::Mechanic)
            .map(|u| view! { <option value=u.user.id.to_string()>{u.user.display_name}</option> })
            .collect_view()
    };

    view! { class = cls,
        <h1>{move_tr!("admin-orders-title")}</h1>
        {loaded(stats, |stats| view! {
            <StatGrid>
                <StatCard label=move_tr!("admin-stat-total") value=Signal::derive(move || format::number(stats.counts.all, current())) />
                <StatCard label=move_tr!("admin-stat-today") value=Signal::derive(move || format::number(stats.created_today, current())) />
                <StatCard label=move_tr!("admin-stat-in-progress") value=Signal::derive(move || format::number(stats.counts.in_progress, current())) />
                <StatCard label=move_tr!("admin-stat-ready") value=Signal::derive(move || format::number(stats.counts.ready, current())) />
            </StatGrid>
        })}
        <form class="card" role="search" novalidate on:submit=move |ev| {
            ev.prevent_default();
            apply();
        }>
            <div class="filters">
                <Field label=move_tr!("admin-filter-status") name="status" form=filter_form>
                    <select on:change=move |ev| filters.status.set(event_target_value(&ev)) prop:value=move || filters.status.get()>
                        <option value="">{move_tr!("dash-tab-all")}</option>
                        {status_options}
                    </select>
                </Field>
                <Field label=move_tr!("admin-filter-mechanic") name="mechanic_id" form=filter_form>
                    <select on:change=move |ev| filters.mechanic.set(event_target_value(&ev)) prop:value=move || filters.mechanic.get()>
                        <option value="">{move_tr!("dash-tab-all")}</option>
                        {mechanic_options}
                    </select>
                </Field>
                <Field label=move_tr!("order-vin") name="vin" form=filter_form>
                    <input type="search" dir="ltr" bind:value=filters.vin />
                </Field>
                {flags.enable_car_number.then(|| view! {
                    <Field label=move_tr!("order-car-number") name="car_number" form=filter_form>
                        <input type="search" dir="ltr" bind:value=filters.car_number />
                    </Field>
                })}
                <Field label=move_tr!("admin-filter-from") name="from" form=filter_form>
                    <DateInput id="filter-from-calendar" value=filters.from label=move_tr!("admin-filter-from") />
                </Field>
                <Field label=move_tr!("admin-filter-to") name="to" form=filter_form>
                    <DateInput id="filter-to-calendar" value=filters.to label=move_tr!("admin-filter-to") />
                </Field>
                <Field label=move_tr!("admin-filter-search") name="q" form=filter_form>
                    <input type="search" bind:value=filters.q />
                </Field>
            </div>
            <FormAlert form=filter_form />
            <div class="actions">
                <button type="submit" class="btn primary">{move_tr!("admin-filter-apply")}</button>
                <button type="button" class="btn" on:click=move |_| {
                    filters.clear();
                    apply();
                }>{move_tr!("admin-filter-reset")}</button>
            </div>
        </form>
        <div class="toolbar">
            <span>{move || orders.get().and_then(Result::ok).map(|p| tr!("admin-found", { "count" => format::number(p.total, current()) }))}</span>
            <button type="button" class="btn" disabled=move || export.pending() on:click=move |_| download.dispatch(applied.get_untracked())>
                {move_tr!("admin-export")}
            </button>
        </div>
        <FormAlert form=export />
        {live(orders, move |page_data| view! { <OrdersTable page_data page reload /> })}
    }
}

/// A page of orders: a keyed table, so the status select on a row always changes that row's order.
#[component]
fn OrdersTable(page_data: Memo<OrderPage>, page: RwSignal<u32>, reload: Callback<()>) -> impl IntoView {
    let flags = crate::config::use_config().with_untracked(|c| c.flags);
    let pages = Memo::new(move |_| page_data.with(|p| (p.total.max(0) as u32).div_ceil(p.per_page).max(1)));
    let current_page = Memo::new(move |_| page_data.with(|p| p.page));
    let at_first = move || current_page.get() <= 1;
    let at_last = move || current_page.get() >= pages.get();
    let orders = Memo::new(move |_| page_data.with(|p| p.orders.clone()));
    let car_numbers = flags.enable_car_number;
    let rows = keyed_rows(orders, |order| order.id, move |id, order| view! { <Row id order reload car_numbers /> });
    let cls = style! {
        .pager {
            display: flex;
            align-items: center;
            justify-content: center;
            gap: 0.75rem;
            margin: 1rem 0;
        }
    };
    view! { class = cls,
        <Show when=move || orders.with(Vec::is_empty)>
            <p class="empty">{move_tr!("dash-empty")}</p>
        </Show>
        <div hidden=move || orders.with(Vec::is_empty)>
            <div class="card table-wrap card-table">
                <table>
                    <thead>
                        <tr>
                            <th>"#"</th>
                            <th>{move_tr!("order-created")}</th>
                            <th>{move_tr!("order-mechanic")}</th>
                            <th>{move_tr!("order-vin")}</th>
                            {car_numbers.then(|| view! { <th>{move_tr!("order-car-number")}</th> })}
                            <th>{move_tr!("order-part")}</th>
                            <th>{move_tr!("admin-col-status")}</th>
                            <th>{move_tr!("admin-col-change")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <nav class="pager" aria-label=move_tr!("admin-pages")>
                <button type="button" class="btn small" disabled=at_first on:click=move |_| page.update(|p| *p -= 1)>
                    {move_tr!("admin-prev")}
                </button>
                <span>{move || tr!("admin-page-of", { "page" => current_page.get(), "pages" => pages.get() })}</span>
                <button type="button" class="btn small" disabled=at_last on:click=move |_| page.update(|p| *p += 1)>
                    {move_tr!("admin-next")}
                </button>
            </nav>
        </div>
    }
}

/// One order: its facts, and a select offering only the statuses it may move to next. The select
/// is drawn again when the status changes, so it never offers a move from the old status. A move
/// that closes the order asks first; going back leaves the select at "Move to…".
#[component]
fn Row(id: i64, order: Memo<Order>, reload: Callback<()>, car_numbers: bool) -> impl IntoView {
    let form = Form::new();
    let change =
        form.write(move |to| change_status(id, StatusChange { status: to, note: None }), move |_| reload.run(()));
    let status = Memo::new(move |_| order.with(|o| o.status));
    let created = move || order.with(|o| o.created_at);
    let cls = style! {
        .move-to {
            min-width: 9.5rem;
        }
    };
    let asking = RwSignal::new(None::<OrderStatus>);
    let select = NodeRef::<leptos::html::Select>::new();
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(to) = event_target_value(&ev).parse::<OrderStatus>() {
            if asks_first(to) {
                asking.set(Some(to));
            } else {
                change.dispatch(to);
            }
        }
    };
    let back = Callback::new(move |()| {
        asking.set(None);
        if let Some(select) = select.get_untracked() {
            select.set_value("");
        }
    });
    let confirm = Callback::new(move |()| {
        if let Some(to) = asking.get_untracked() {
            asking.set(None);
            change.dispatch(to);
        }
    });
    let mover = move || {
        let status = status.get();
        if status.next().is_empty() {
            return view! { <span class="muted">"—"</span> }.into_any();
        }
        let moves = status
            .next()
            .iter()
            .map(|next| view! { <option value=next.as_str()>{move || status_action(*next)}</option> })
            .collect_view();
        view! { class = cls,
            <select
                class="move-to"
                node_ref=select
                aria-label=move || tr!("admin-change-status-of", { "id" => id })
                disabled=move || form.pending()
                on:change=on_change
            >
                <option value="" selected>{move_tr!("admin-move-to")}</option>
                {moves}
            </select>
        }
        .into_any()
    };
    view! { class = cls,
        <tr>
            <td><a class="hit" href=format!("/admin/orders/{id}")>"#"{id}</a></td>
            <td data-label=move_tr!("order-created")>{move || format::date_time(&created(), current())}</td>
            <td data-label=move_tr!("order-mechanic")>{move || order.with(|o| o.mechanic_name.clone())} {move || order.with(|o| o.mechanic_id.is_none()).then(|| view! {
                " " <span class="muted">{move_tr!("order-unassigned")}</span>
            })}</td>
            <td data-label=move_tr!("order-vin")>{move || view! { <Ltr text=order.with(|o| o.vin.clone()) /> }}</td>
            {car_numbers.then(|| view! { <td data-label=move_tr!("order-car-number")>{move || order.with(|o| o.car_number.clone()).map(|n| view! { <Ltr text=n /> })}</td> })}
            <td data-label=move_tr!("order-part")>
                <span dir="auto">{move || order.with(|o| o.category_in(current()).to_owned())}</span> " · "
                <span dir="auto">{move || order.with(|o| o.part_in(current()).to_owned())}</span>
            </td>
            <td data-label=move_tr!("admin-col-status")>{move || view! { <StatusBadge status=status.get() /> }}</td>
            <td data-label=move_tr!("admin-col-change")>
                {mover}
                <FormAlert form />
                {move || asking.get().map(|to| view! { <ConfirmMove order=order.get_untracked() to confirm back /> })}
            </td>
        </tr>
    }
}
