//! What an order is billed for: catalog parts (with ENABLE_PART_CATEGORIES), custom parts and
//! work, with the server's totals in ₪. Prices are typed as shekels and read into agorot without
//! floating point (`model::validation::parse_shekels`).

use leptos::prelude::*;
use leptos_fluent::move_tr;
use stylers_macro::style;

use crate::api::catalog::{list_categories, list_parts};
use crate::api::work::{add_item, remove_item};
use crate::format;
use crate::i18n::current;
use crate::model::{AppError, ItemKind, NewItem, OrderItem, PartQuery, Totals, validation};
use crate::session::use_session;
use crate::ui::{Field, Form, FormAlert, item_kind_label, keyed_rows};

/// Longest work an item may bill, in minutes (the server's limit).
const MAX_WORK_MINUTES: i32 = 24 * 60;

#[derive(Clone, Copy)]
pub struct ItemDraft {
    kind: RwSignal<ItemKind>,
    category_id: RwSignal<Option<i64>>,
    part_id: RwSignal<Option<i64>>,
    name: RwSignal<String>,
    part_number: RwSignal<String>,
    price: RwSignal<String>,
    quantity: RwSignal<String>,
    minutes: RwSignal<String>,
}

impl ItemDraft {
    pub fn new() -> Self {
        ItemDraft {
            kind: RwSignal::new(ItemKind::CustomPart),
            category_id: RwSignal::new(None),
            part_id: RwSignal::new(None),
            name: RwSignal::new(String::new()),
            part_number: RwSignal::new(String::new()),
            price: RwSignal::new(String::new()),
            quantity: RwSignal::new("1".to_owned()),
            minutes: RwSignal::new(String::new()),
        }
    }

    fn clear(self) {
        self.part_id.set(None);
        self.name.set(String::new());
        self.part_number.set(String::new());
        self.price.set(String::new());
        self.quantity.set("1".to_owned());
        self.minutes.set(String::new());
    }

    /// The new item, checked with the server's rules.
    fn read(self) -> Result<NewItem, AppError> {
        let quantity = || {
            let typed = self.quantity.get_untracked();
            let parsed = typed.trim().parse::<i32>().map_err(|_| AppError::validation("quantity", "not a number"))?;
            validation::quantity("quantity", parsed)
        };
        let name = || validation::required_text("name", &self.name.get_untracked(), validation::MAX_PART_TYPE);
        Ok(match self.kind.get_untracked() {
            ItemKind::CatalogPart => NewItem::CatalogPart {
                part_id: self.part_id.get_untracked().ok_or_else(|| AppError::validation("part_id", "missing"))?,
                quantity: quantity()?,
            },
            ItemKind::CustomPart => NewItem::CustomPart {
                name: name()?,
                part_number: validation::optional_text("part_number", Some(&self.part_number.get_untracked()), 64)?,
                unit_price_agorot: validation::parse_shekels("unit_price_agorot", &self.price.get_untracked())?,
                quantity: quantity()?,
            },
            ItemKind::Work => {
                let minutes = self
                    .minutes
                    .get_untracked()
                    .trim()
                    .parse::<i32>()
                    .ok()
                    .filter(|m| (1..=MAX_WORK_MINUTES).contains(m))
                    .ok_or_else(|| AppError::validation("minutes", "out of range"))?;
                NewItem::Work {
                    name: name()?,
                    price_agorot: validation::parse_shekels("price_agorot", &self.price.get_untracked())?,
                    minutes,
                }
            }
        })
    }
}

/// The billed items of an order, kept up to date by the order page: a keyed list, so a remove
/// button always removes the item on its row.
#[component]
pub fn Items(
    order_id: Memo<i64>,
    items: Memo<Vec<OrderItem>>,
    totals: Memo<Totals>,
    editable: Memo<bool>,
    reload: Callback<()>,
    draft: ItemDraft,
) -> impl IntoView {
    let remove_form = Form::new();
    let remove =
        remove_form.write(move |item_id| remove_item(order_id.get_untracked(), item_id), move |_| reload.run(()));
    let cls = style! {
        .lines {
            width: 100%;
            margin-bottom: 0.5rem;
        }
        .num {
            text-align: end;
            white-space: nowrap;
        }
        .totals {
            display: grid;
            grid-template-columns: 1fr auto;
            gap: 0.2rem 1rem;
            margin: 0.75rem 0 1rem;
        }
        .totals dd {
            margin: 0;
            text-align: end;
        }
        .grand {
            font-weight: 700;
            font-size: 1.1rem;
        }
    };
    let rows = keyed_rows(
        items,
        |item| item.id,
        move |id, item| {
            let amount = move || {
                item.with(|item| match item.minutes {
                    Some(minutes) => format!("{minutes}′"),
                    None => format!("×{}", item.quantity),
                })
            };
            view! { class = cls,
                <tr>
                    <td>
                        <span dir="auto">{move || item.with(|item| item.name.clone())}</span>
                        {move || item.with(|item| item.part_number.clone()).map(|n| view! { class = cls, " " <bdi dir="ltr" class="muted">{n}</bdi> })}
                        <div class="muted">{move || item_kind_label(item.with(|item| item.kind))}</div>
                    </td>
                    <td class="num" data-label=move_tr!("items-amount")>{amount}</td>
                    <td class="num" data-label=move_tr!("items-unit-price")>{move || format::money(item.with(|item| item.unit_price_agorot), current())}</td>
                    <td class="num" data-label=move_tr!("items-line-total")>{move || format::money(item.with(|item| item.line_total_agorot), current())}</td>
                    <Show when=move || editable.get()>
                        <td>
                            <button type="button" class="btn small danger" disabled=move || remove_form.pending()
                                on:click=move |_| remove.dispatch(id)>
                                {move_tr!("items-remove")}
                            </button>
                        </td>
                    </Show>
                </tr>
            }
        },
    );
    let money = move |pick: fn(&Totals) -> i64| move || format::money(totals.with(pick), current());
    view! { class = cls,
        <section class="card">
            <h2>{move_tr!("items-title")}</h2>
            <Show when=move || items.with(Vec::is_empty)>
                <p class="empty">{move_tr!("items-empty")}</p>
            </Show>
            <div class="table-wrap card-table" hidden=move || items.with(Vec::is_empty)>
                <table class="lines">
                    <thead>
                        <tr>
                            <th>{move_tr!("items-name")}</th>
                            <th class="num">{move_tr!("items-amount")}</th>
                            <th class="num">{move_tr!("items-unit-price")}</th>
                            <th class="num">{move_tr!("items-line-total")}</th>
                            <Show when=move || editable.get()><th></th></Show>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <FormAlert form=remove_form />
            <dl class="totals" aria-label=move_tr!("items-totals")>
                <dt>{move_tr!("items-parts-total")}</dt>
                <dd>{money(|t| t.parts_agorot)}</dd>
                <dt>{move_tr!("items-work-total")}</dt>
                <dd>{money(|t| t.work_agorot)}</dd>
                <dt class="grand">{move_tr!("items-total")}</dt>
                <dd class="grand" data-testid="order-total">{money(|t| t.total_agorot)}</dd>
            </dl>
            <Show when=move || editable.get()>
                <AddItem order_id reload draft />
            </Show>
        </section>
    }
}

#[component]
fn AddItem(order_id: Memo<i64>, reload: Callback<()>, draft: ItemDraft) -> impl IntoView {
    let flags = crate::config::use_config().with_untracked(|c| c.flags);
    let catalog = flags.enable_part_categories;
    let session = use_session();
    let form = Form::new();
    // The catalog is asked for only when it is on and a catalog part is being picked.
    let picking = Memo::new(move |_| catalog && draft.kind.get() == ItemKind::CatalogPart);
    let categories = LocalResource::new(move || async move {
        if picking.get() { session.call(list_categories()).await.ok() } else { None }
    });
    let parts = LocalResource::new(move || {
        let category_id = draft.category_id.get();
        async move {
            match category_id {
                Some(category_id) if picking.get_untracked() => session
                    .call(list_parts(PartQuery { category_id: Some(category_id), ..Default::default() }))
                    .await
                    .ok(),
                _ => None,
            }
        }
    });
    let cls = style! {
        .add {
            display: grid;
            grid-template-columns: repeat(auto-fit, minmax(min(100%, 10rem), 1fr));
            gap: 0.6rem;
        }
    };
    let add = form.write(
        move |item| add_item(order_id.get_untracked(), item),
        move |_| {
            draft.clear();
            reload.run(());
        },
    );
    let submit = move || {
        if let Some(item) = form.check(draft.read()) {
            add.dispatch(item);
        }
    };
    let kind_value = |kind: ItemKind| kind.as_str();
    let kinds: Vec<ItemKind> = [ItemKind::CatalogPart, ItemKind::CustomPart, ItemKind::Work]
        .into_iter()
        .filter(|k| catalog || *k != ItemKind::CatalogPart)
        .collect();
    let kind_options = kinds
        .into_iter()
        .map(|kind| view! { <option value=kind_value(kind) selected=move || draft.kind.get() == kind>{move || item_kind_label(kind)}</option> })
        .collect_view();
    view! { class = cls,
        <form class="stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            <h3>{move_tr!("items-add-title")}</h3>
            <div class="add">
                <Field label=move_tr!("items-kind") name="kind" form>
                    <select on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let kind = [ItemKind::CatalogPart, ItemKind::CustomPart, ItemKind::Work]
                            .into_iter()
                            .find(|k| k.as_str() == value)
                            .unwrap_or(ItemKind::CustomPart);
                        draft.kind.set(kind);
                        form.clear();
                    }>{kind_options}</select>
                </Field>
                {move || match draft.kind.get() {
                    ItemKind::CatalogPart => view! {
                        <Field label=move_tr!("items-category") name="category_id" form>
                            <select on:change=move |ev| {
                                draft.category_id.set(event_target_value(&ev).parse().ok());
                                draft.part_id.set(None);
                            }>
                                <option value="">{move_tr!("items-choose")}</option>
                                {move || categories.get().flatten().unwrap_or_default().into_iter().map(|category| {
                                    let id = category.id;
                                    view! {
                                        <option value=id.to_string() selected=move || draft.category_id.get() == Some(id)>
                                            {move || category.name(current()).to_owned()}
                                        </option>
                                    }
                                }).collect_view()}
                            </select>
                        </Field>
                        <Field label=move_tr!("items-part") name="part_id" form>
                            <select on:change=move |ev| draft.part_id.set(event_target_value(&ev).parse().ok())>
                                <option value="">{move_tr!("items-choose")}</option>
                                {move || parts.get().flatten().unwrap_or_default().into_iter().map(|part| {
                                    let id = part.id;
                                    let price = part.price_agorot;
                                    view! {
                                        <option value=id.to_string() selected=move || draft.part_id.get() == Some(id)>
                                            {move || format!("{} · {}", part.name(current()), format::money(price, current()))}
                                        </option>
                                    }
                                }).collect_view()}
                            </select>
                        </Field>
                        <Field label=move_tr!("items-quantity") name="quantity" form>
                            <input type="number" min="1" max="999" inputmode="numeric" bind:value=draft.quantity />
                        </Field>
                    }.into_any(),
                    ItemKind::CustomPart => view! {
                        <Field label=move_tr!("items-name") name="name" form>
                            <input type="text" dir="auto" bind:value=draft.name />
                        </Field>
                        <Field label=move_tr!("items-part-number") name="part_number" form>
                            <input type="text" dir="ltr" bind:value=draft.part_number />
                        </Field>
                        <Field label=move_tr!("items-unit-price") name="unit_price_agorot" form>
                            <input type="text" inputmode="decimal" dir="ltr" placeholder="0.00" bind:value=draft.price />
                        </Field>
                        <Field label=move_tr!("items-quantity") name="quantity" form>
                            <input type="number" min="1" max="999" inputmode="numeric" bind:value=draft.quantity />
                        </Field>
                    }.into_any(),
                    ItemKind::Work => view! {
                        <Field label=move_tr!("items-work-name") name="name" form>
                            <input type="text" dir="auto" bind:value=draft.name />
                        </Field>
                        <Field label=move_tr!("items-price") name="price_agorot" form>
                            <input type="text" inputmode="decimal" dir="ltr" placeholder="0.00" bind:value=draft.price />
                        </Field>
                        <Field label=move_tr!("items-minutes") name="minutes" form>
                            <input type="number" min="1" max="1440" inputmode="numeric" bind:value=draft.minutes />
                        </Field>
                    }.into_any(),
                }}
            </div>
            <FormAlert form />
            <div class="actions">
                <button type="submit" class="btn primary" disabled=move || form.pending()>{move_tr!("items-add")}</button>
            </div>
        </form>
    }
}
