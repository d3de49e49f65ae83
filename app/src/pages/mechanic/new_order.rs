//! `/mechanic/new`: a three-step wizard for a new order. First the part: from the catalog,
//! category then part (ENABLE_PART_CATEGORIES), or typed in. Then the car and the details (the car
//! number only with ENABLE_CAR_NUMBER). Then a last look before sending. The form checks with the
//! server's own rules, and the server's errors go back to the step and field they name.

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use leptos_router::hooks::use_navigate;
use stylers_macro::style;

use crate::api::catalog::{list_categories, list_parts};
use crate::api::orders::create_order;
use crate::i18n::current;
use crate::model::{AppError, Category, FeatureFlags, NewOrder, OriginalOrAnalog, Part, PartQuery, validation};
use crate::session::use_session;
use crate::ui::{Field, Form, FormAlert, Ltr, loaded, original_label};

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Part,
    Details,
    Confirm,
}

/// A catalog part picked in step one.
#[derive(Clone)]
struct Picked {
    category: Category,
    part: Part,
}

#[derive(Clone, Copy)]
struct Draft {
    category_text: RwSignal<String>,
    part_text: RwSignal<String>,
    /// The category whose parts are listed (catalog).
    browsing: RwSignal<Option<Category>>,
    /// With the catalog on: the part is typed in instead, because the catalog lacks it.
    typing: RwSignal<bool>,
    picked: RwSignal<Option<Picked>>,
    vin: RwSignal<String>,
    car_number: RwSignal<String>,
    original: RwSignal<OriginalOrAnalog>,
    quantity: RwSignal<String>,
    comment: RwSignal<String>,
}

impl Draft {
    fn new() -> Self {
        Draft {
            category_text: RwSignal::new(String::new()),
            part_text: RwSignal::new(String::new()),
            browsing: RwSignal::new(None),
            typing: RwSignal::new(false),
            picked: RwSignal::new(None),
            vin: RwSignal::new(String::new()),
            car_number: RwSignal::new(String::new()),
            original: RwSignal::new(OriginalOrAnalog::Original),
            quantity: RwSignal::new("1".to_owned()),
            comment: RwSignal::new(String::new()),
        }
    }

    /// Step one, checked: the typed category and part (without the catalog).
    fn typed_part(self) -> Result<(String, String), AppError> {
        let category =
            validation::required_text("category", &self.category_text.get_untracked(), validation::MAX_CATEGORY)?;
        let part = validation::required_text("part_type", &self.part_text.get_untracked(), validation::MAX_PART_TYPE)?;
        Ok((category, part))
    }

    /// The whole order, checked as the server checks it.
    fn order(self, flags: &FeatureFlags) -> Result<NewOrder, AppError> {
        let (category, part_type, part_id) = match self.picked.get_untracked() {
            Some(picked) if flags.enable_part_categories => (None, None, Some(picked.part.id)),
            _ => {
                let (category, part) = self.typed_part()?;
                (Some(category), Some(part), None)
            }
        };
        let vin = validation::normalize_vin(&self.vin.get_untracked())?;
        let car_number = if flags.enable_car_number {
            validation::normalize_car_number(&self.car_number.get_untracked())?
        } else {
            None
        };
        let quantity = self
            .quantity
            .get_untracked()
            .trim()
            .parse::<i32>()
            .map_err(|_| AppError::validation("quantity", "not a number"))
            .and_then(|n| validation::quantity("quantity", n))?;
        let comment =
            validation::optional_text("comment", Some(&self.comment.get_untracked()), validation::MAX_COMMENT)?;
        Ok(NewOrder {
            mechanic_name: None,
            mechanic_id: None,
            vin,
            car_number,
            part_type,
            category,
            part_id,
            original_or_analog: self.original.get_untracked(),
            quantity: Some(quantity),
            comment,
        })
    }
}

/// The step that shows a field, to go back to when the server finds fault with it.
fn step_of(field: &str) -> Step {
    match field {
        "category" | "part_type" | "part_id" | "category_id" => Step::Part,
        _ => Step::Details,
    }
}

#[component]
pub fn NewOrderPage() -> impl IntoView {
    let flags = crate::config::use_config().with_untracked(|c| c.flags);
    let navigate = use_navigate();
    let draft = Draft::new();
    let step = RwSignal::new(Step::Part);
    let form = Form::new();
    let cls = style! {
        .steps {
            display: flex;
            gap: 0.4rem;
            margin: 0 0 1rem;
            padding: 0;
            list-style: none;
            font-size: 0.85rem;
            color: var(--muted);
        }
        .steps li {
            flex: 1 1 0;
            padding-bottom: 0.3rem;
            border-bottom: 3px solid var(--border);
        }
        .steps li[aria-current] {
            border-color: var(--primary);
            color: var(--text);
            font-weight: 600;
        }
    };
    let create = form.write(create_order, move |created| {
        navigate(&format!("/mechanic/orders/{}", created.id), Default::default());
    });
    let send = move || {
        if let Some(order) = form.check(draft.order(&flags)) {
            create.dispatch(order);
        }
    };
    // A server error about a field of an earlier step goes back to that step.
    Effect::new(move || {
        if let Some(field) = form.error_field() {
            let wanted = step_of(&field);
            if step.get_untracked() == Step::Confirm {
                step.set(wanted);
            }
        }
    });
    let marker = move |s: Step| (step.get() == s).then_some("step");
    view! { class = cls,
        <h1>{move_tr!("new-title")}</h1>
        <ol class="steps">
            <li aria-current=move || marker(Step::Part)>{move_tr!("new-step-part")}</li>
            <li aria-current=move || marker(Step::Details)>{move_tr!("new-step-details")}</li>
            <li aria-current=move || marker(Step::Confirm)>{move_tr!("new-step-confirm")}</li>
        </ol>
        {move || match step.get() {
            Step::Part if flags.enable_part_categories && !draft.typing.get() => view! { <CatalogPicker draft step /> }.into_any(),
            Step::Part => view! { <TypedPart draft step form /> }.into_any(),
            Step::Details => view! { <Details draft step form /> }.into_any(),
            Step::Confirm => view! { <Confirm draft step form send=Callback::new(move |()| send()) /> }.into_any(),
        }}
    }
}

/// Step one with the catalog: a category, then one of its parts.
#[component]
fn CatalogPicker(draft: Draft, step: RwSignal<Step>) -> impl IntoView {
    let session = use_session();
    let categories = LocalResource::new(move || session.call(list_categories()));
    let parts = LocalResource::new(move || {
        let category_id = draft.browsing.get().map(|c| c.id);
        async move {
            match category_id {
                Some(id) => session.call(list_parts(PartQuery { category_id: Some(id), ..Default::default() })).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let cls = style! {
        .choices {
            display: grid;
            grid-template-columns: repeat(auto-fill, minmax(min(100%, 10.5rem), 1fr));
            gap: 0.6rem;
        }
        .choice {
            display: flex;
            flex-direction: column;
            align-items: flex-start;
            gap: 0.2rem;
            min-height: 4.25rem;
            padding: 0.75rem;
            border: 1px solid var(--border);
            border-radius: var(--radius-lg);
            background: var(--surface);
            color: var(--text);
            font: inherit;
            text-align: start;
            cursor: pointer;
            box-shadow: var(--shadow);
        }
        .choice:hover {
            border-color: var(--primary);
        }
        .choice small {
            color: var(--muted);
        }
    };
    // A part the catalog lacks is typed in, in the browsed category if there is one.
    let type_it = move |_| {
        if let Some(category) = draft.browsing.get_untracked() {
            draft.category_text.set(category.name(current()).to_owned());
        }
        draft.picked.set(None);
        draft.typing.set(true);
    };
    view! { class = cls,
        <p class="actions">
            <button type="button" class="btn" on:click=type_it>{move_tr!("new-not-in-catalog")}</button>
        </p>
        {move || match draft.browsing.get() {
            None => view! { class = cls,
                <h2>{move_tr!("new-pick-category")}</h2>
                {loaded(categories, move |categories| {
                    let buttons = categories.into_iter().map(|category| {
                        let count = category.part_count;
                        let label = category.clone();
                        view! { class = cls,
                            <button type="button" class="choice" on:click=move |_| draft.browsing.set(Some(category.clone()))>
                                <strong>{move || label.name(current()).to_owned()}</strong>
                                <small>{move || tr!("new-part-count", { "count" => count })}</small>
                            </button>
                        }
                    }).collect_view();
                    view! { class = cls, <div class="choices">{buttons}</div> }
                })}
            }.into_any(),
            Some(category) => {
                let heading = category.clone();
                view! { class = cls,
                    <h2>{move || tr!("new-pick-part", { "category" => heading.name(current()).to_owned() })}</h2>
                    <p><button type="button" class="btn small" on:click=move |_| draft.browsing.set(None)>{move_tr!("new-back-categories")}</button></p>
                    {loaded(parts, move |parts| {
                        let category = category.clone();
                        if parts.is_empty() {
                            return view! { <p class="empty">{move_tr!("new-no-parts")}</p> }.into_any();
                        }
                        let buttons = parts.into_iter().map(|part| {
                            let shown = part.clone();
                            let number = part.part_number.clone();
                            let picked = Picked { category: category.clone(), part };
                            view! { class = cls,
                                <button type="button" class="choice" on:click=move |_| {
                                    draft.picked.set(Some(picked.clone()));
                                    step.set(Step::Details);
                                }>
                                    <strong>{move || shown.name(current()).to_owned()}</strong>
                                    {number.map(|n| view! { class = cls, <small><bdi dir="ltr">{n}</bdi></small> })}
                                </button>
                            }
                        }).collect_view();
                        view! { class = cls, <div class="choices">{buttons}</div> }.into_any()
                    })}
                }.into_any()
            }
        }}
    }
}

/// Step one without the catalog, or for a part the catalog lacks: category and part as text.
#[component]
fn TypedPart(draft: Draft, step: RwSignal<Step>, form: Form) -> impl IntoView {
    let flags = crate::config::use_config().with_untracked(|c| c.flags);
    let next = move || {
        if form.check(draft.typed_part()).is_some() {
            form.clear();
            step.set(Step::Details);
        }
    };
    view! {
        <form class="card stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            next();
        }>
            <Field label=move_tr!("order-category") name="category" form>
                <input type="text" dir="auto" bind:value=draft.category_text autocomplete="off" />
            </Field>
            <Field label=move_tr!("order-part") name="part_type" form>
                <input type="text" dir="auto" bind:value=draft.part_text autocomplete="off" />
            </Field>
            <FormAlert form />
            <div class="actions">
                {flags.enable_part_categories.then(|| view! {
                    <button type="button" class="btn" on:click=move |_| {
                        form.clear();
                        draft.typing.set(false);
                    }>{move_tr!("new-back-to-catalog")}</button>
                })}
                <button type="submit" class="btn primary">{move_tr!("new-next")}</button>
            </div>
        </form>
    }
}

/// Step two: the car and the rest.
#[component]
fn Details(draft: Draft, step: RwSignal<Step>, form: Form) -> impl IntoView {
    let flags = crate::config::use_config().with_untracked(|c| c.flags);
    let next = move || {
        if form.check(draft.order(&flags)).is_some() {
            form.clear();
            step.set(Step::Confirm);
        }
    };
    let choice = move |value: OriginalOrAnalog| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="original_or_analog"
                    prop:checked=move || draft.original.get() == value
                    on:change=move |_| draft.original.set(value)
                />
                {move || original_label(value)}
            </label>
        }
    };
    view! {
        <form class="card stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            next();
        }>
            <PickedPart draft />
            <Field label=move_tr!("order-vin") name="vin" form>
                <input type="text" dir="ltr" autocapitalize="characters" autocomplete="off" maxlength="30" bind:value=draft.vin />
            </Field>
            {flags.enable_car_number.then(|| view! {
                <Field label=move_tr!("order-car-number") name="car_number" form>
                    <input type="text" dir="ltr" autocomplete="off" placeholder="12-345-67" bind:value=draft.car_number />
                </Field>
            })}
            <fieldset class="choice-row">
                <legend>{move_tr!("order-kind")}</legend>
                {choice(OriginalOrAnalog::Original)}
                {choice(OriginalOrAnalog::Analog)}
            </fieldset>
            <Field label=move_tr!("order-quantity") name="quantity" form>
                <input type="number" min="1" max="999" inputmode="numeric" bind:value=draft.quantity />
            </Field>
            <Field label=move_tr!("new-comment") name="comment" form>
                <textarea rows="3" dir="auto" bind:value=draft.comment></textarea>
            </Field>
            <FormAlert form />
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| step.set(Step::Part)>{move_tr!("new-back")}</button>
                <button type="submit" class="btn primary">{move_tr!("new-review")}</button>
            </div>
        </form>
    }
}

/// The part chosen in step one, as a reminder.
#[component]
fn PickedPart(draft: Draft) -> impl IntoView {
    let text = move || match draft.picked.get() {
        Some(picked) => format!("{} · {}", picked.category.name(current()), picked.part.name(current())),
        None => format!("{} · {}", draft.category_text.get().trim(), draft.part_text.get().trim()),
    };
    view! { <p class="picked"><strong>{text}</strong></p> }
}

/// Step three: everything once more, then send.
#[component]
fn Confirm(draft: Draft, step: RwSignal<Step>, form: Form, send: Callback<()>) -> impl IntoView {
    let flags = crate::config::use_config().with_untracked(|c| c.flags);
    let order = draft.order(&flags).ok();
    let cls = style! {
        .summary {
            display: grid;
            grid-template-columns: max-content 1fr;
            gap: 0.35rem 1rem;
            margin: 0 0 1rem;
        }
        .summary dt {
            color: var(--muted);
        }
        .summary dd {
            margin: 0;
            min-width: 0;
            overflow-wrap: anywhere;
        }
    };
    view! { class = cls,
        <section class="card">
            <h2>{move_tr!("new-check")}</h2>
            <PickedPart draft />
            {order.map(|order| {
                let kind = order.original_or_analog;
                view! { class = cls,
                    <dl class="summary">
                        <dt>{move_tr!("order-vin")}</dt>
                        <dd><Ltr text=order.vin /></dd>
                        {order.car_number.map(|number| view! { class = cls,
                            <dt>{move_tr!("order-car-number")}</dt>
                            <dd><Ltr text=number /></dd>
                        })}
                        <dt>{move_tr!("order-kind")}</dt>
                        <dd>{move || original_label(kind)}</dd>
                        <dt>{move_tr!("order-quantity")}</dt>
                        <dd>{order.quantity.unwrap_or(1)}</dd>
                        {order.comment.map(|comment| view! { class = cls,
                            <dt>{move_tr!("new-comment")}</dt>
                            <dd>{comment}</dd>
                        })}
                    </dl>
                }
            })}
            <FormAlert form />
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| step.set(Step::Details)>{move_tr!("new-back")}</button>
                <button type="button" class="btn primary" disabled=move || form.pending() on:click=move |_| send.run(())>
                    {move_tr!("new-send")}
                </button>
            </div>
        </section>
    }
}
