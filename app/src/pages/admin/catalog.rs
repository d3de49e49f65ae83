//! `/admin/catalog`: categories and their parts, with names in Hebrew, English and Russian,
//! prices and a "common" mark; created, edited, moved up and down and deleted. A category that
//! parts or orders still use cannot be deleted, and the page says so.

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use stylers_macro::style;

use crate::api::catalog::{
    delete_category, delete_part, list_categories, list_parts, reorder_categories, reorder_parts, save_category,
    save_part,
};
use crate::format;
use crate::i18n::current;
use crate::model::validation::{self, Checks};
use crate::model::{AppError, Category, CategoryInput, ErrorCode, Part, PartInput, PartQuery};
use crate::session::use_session;
use crate::ui::{Field, Form, FormAlert, keyed_rows, live};

/// The catalog's answers that need their own words.
fn explain(error: &AppError) -> Option<String> {
    (error.code == ErrorCode::Conflict && error.field.is_none()).then(|| tr!("catalog-in-use"))
}

/// The ids of `list`, in its order.
fn ids<T>(list: &[T], id: fn(&T) -> i64) -> Vec<i64> {
    list.iter().map(id).collect()
}

/// The ids in their new order after moving `id` one place up (`-1`) or down (`+1`).
fn moved(ids: &[i64], id: i64, by: isize) -> Option<Vec<i64>> {
    let at = ids.iter().position(|x| *x == id)?;
    let to = at.checked_add_signed(by).filter(|to| *to < ids.len())?;
    let mut ids = ids.to_vec();
    ids.swap(at, to);
    Some(ids)
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let flags = crate::config::use_config().with_untracked(|c| c.flags);
    view! {
        <h1>{move_tr!("catalog-title")}</h1>
        {if flags.enable_part_categories {
            view! { <Catalog /> }.into_any()
        } else {
            view! { <p class="card">{move_tr!("catalog-off")}</p> }.into_any()
        }}
    }
}

/// Names in the three languages, as typed.
#[derive(Clone, Copy)]
struct Names {
    he: RwSignal<String>,
    en: RwSignal<String>,
    ru: RwSignal<String>,
}

impl Names {
    fn new() -> Self {
        Names { he: RwSignal::new(String::new()), en: RwSignal::new(String::new()), ru: RwSignal::new(String::new()) }
    }

    fn fill(self, he: &str, en: &str, ru: &str) {
        self.he.set(he.to_owned());
        self.en.set(en.to_owned());
        self.ru.set(ru.to_owned());
    }

    /// The three names, or every one that is missing or too long.
    fn read(self, checks: &mut Checks, max: usize) -> Option<(String, String, String)> {
        let he = checks.check(validation::required_text("name_he", &self.he.get_untracked(), max));
        let en = checks.check(validation::required_text("name_en", &self.en.get_untracked(), max));
        let ru = checks.check(validation::required_text("name_ru", &self.ru.get_untracked(), max));
        match (he, en, ru) {
            (Some(he), Some(en), Some(ru)) => Some((he, en, ru)),
            _ => None,
        }
    }
}

#[component]
fn NameFields(names: Names, form: Form) -> impl IntoView {
    view! {
        <Field label=move_tr!("catalog-name-he") name="name_he" form>
            <input type="text" dir="rtl" lang="he" bind:value=names.he />
        </Field>
        <Field label=move_tr!("catalog-name-en") name="name_en" form>
            <input type="text" dir="ltr" lang="en" bind:value=names.en />
        </Field>
        <Field label=move_tr!("catalog-name-ru") name="name_ru" form>
            <input type="text" dir="ltr" lang="ru" bind:value=names.ru />
        </Field>
    }
}

#[component]
fn Catalog() -> impl IntoView {
    let session = use_session();
    let categories = LocalResource::new(move || session.call(list_categories()));
    let selected = RwSignal::new(None::<i64>);
    let parts = LocalResource::new(move || {
        let category_id = selected.get();
        async move {
            match category_id {
                Some(id) => session.call(list_parts(PartQuery { category_id: Some(id), ..Default::default() })).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let cls = style! {
        .catalog {
            display: grid;
            grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
            gap: 1rem;
            align-items: start;
        }
    };
    view! { class = cls,
        <div class="catalog">
            <section class="card">
                <h2>{move_tr!("catalog-categories")}</h2>
                {live(categories, move |list| view! { <CategoryList list selected reload=Callback::new(move |()| categories.refetch()) /> })}
                <CategoryForm reload=Callback::new(move |()| categories.refetch()) />
            </section>
            <section class="card">
                {move || match selected.get() {
                    None => view! { <p class="empty">{move_tr!("catalog-pick-category")}</p> }.into_any(),
                    Some(category_id) => view! { class = cls,
                        <h2>{move_tr!("catalog-parts")}</h2>
                        {live(parts, move |list| view! { <PartList list category_id reload=Callback::new(move |()| { parts.refetch(); categories.refetch(); }) /> })}
                    }.into_any(),
                }}
            </section>
        </div>
    }
}

/// The look of the category and part lists.
fn rows_class() -> &'static str {
    style! {
        .rows {
            margin: 0 0 1rem;
            padding: 0;
            list-style: none;
        }
        .rows li {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            justify-content: space-between;
            gap: 0.4rem;
            padding: 0.45rem 0.25rem;
            border-bottom: 1px solid var(--border);
        }
        .rows li[aria-current] {
            background: var(--surface-2);
            font-weight: 600;
        }
        .label {
            flex: 1 1 8rem;
            min-width: 0;
            overflow-wrap: anywhere;
            cursor: pointer;
            background: none;
            border: 0;
            padding: 0;
            color: inherit;
            font: inherit;
            text-align: start;
        }
        @media (max-width: 720px), (pointer: coarse) {
            .label {
                min-height: 2.75rem;
            }
        }
    }
}

#[component]
fn CategoryList(list: Memo<Vec<Category>>, selected: RwSignal<Option<i64>>, reload: Callback<()>) -> impl IntoView {
    let form = Form::new();
    let cls = rows_class();
    let editing = RwSignal::new(None::<Category>);
    let reorder = form.write(reorder_categories, move |_| reload.run(()));
    let delete = form.write(
        |id: i64| async move { delete_category(id).await.map(|()| id) },
        move |id| {
            if selected.get_untracked() == Some(id) {
                selected.set(None);
            }
            reload.run(());
        },
    );
    // The order as shown when the button is pressed, not as it was when the row was drawn.
    let shift = move |id: i64, by: isize| {
        if let Some(order) = list.with_untracked(|list| moved(&ids(list, |c| c.id), id, by)) {
            reorder.dispatch(order);
        }
    };
    let rows = keyed_rows(
        list,
        |c| c.id,
        move |id, category| {
            view! { class = cls,
                <li aria-current=move || (selected.get() == Some(id)).then_some("true")>
                    <button type="button" class="label" on:click=move |_| selected.set(Some(id))>
                        {move || category.with(|c| c.name(current()).to_owned())} " "
                        <span class="muted">"(" {move || category.with(|c| c.part_count)} ")"</span>
                    </button>
                    <RowActions
                        form
                        shift=Callback::new(move |by| shift(id, by))
                        edit=Callback::new(move |()| editing.set(Some(category.get_untracked())))
                        delete=Callback::new(move |()| delete.dispatch(id))
                    />
                </li>
            }
        },
    );
    view! { class = cls,
        <ul class="rows">{rows}</ul>
        <FormAlert form explain />
        {move || editing.get().map(|category| view! {
            <CategoryForm category reload=Callback::new(move |()| { editing.set(None); reload.run(()); }) />
        })}
    }
}

/// A row's buttons: one place up or down, edit, delete (off while the list's form is busy).
#[component]
fn RowActions(form: Form, shift: Callback<isize>, edit: Callback<()>, delete: Callback<()>) -> impl IntoView {
    view! {
        <span class="actions">
            <button type="button" class="btn small" aria-label=move_tr!("catalog-up") on:click=move |_| shift.run(-1)>"↑"</button>
            <button type="button" class="btn small" aria-label=move_tr!("catalog-down") on:click=move |_| shift.run(1)>"↓"</button>
            <button type="button" class="btn small" on:click=move |_| edit.run(())>{move_tr!("catalog-edit")}</button>
            <button type="button" class="btn small danger" disabled=move || form.pending() on:click=move |_| delete.run(())>
                {move_tr!("catalog-delete")}
            </button>
        </span>
    }
}

/// A new category, or changes to `category`.
#[component]
fn CategoryForm(#[prop(optional)] category: Option<Category>, reload: Callback<()>) -> impl IntoView {
    let form = Form::new();
    let names = Names::new();
    let id = category.as_ref().map(|c| c.id);
    if let Some(category) = &category {
        names.fill(&category.name_he, &category.name_en, &category.name_ru);
    }
    let save = form.write(
        move |input| save_category(id, input),
        move |_| {
            if id.is_none() {
                names.fill("", "", "");
            }
            reload.run(());
        },
    );
    let submit = move || {
        let mut checks = Checks::default();
        let names = names.read(&mut checks, validation::MAX_CATEGORY);
        let Some((name_he, name_en, name_ru)) = form.check_all(checks.done(names)) else { return };
        save.dispatch(CategoryInput { slug: None, name_he, name_en, name_ru, sort_order: None });
    };
    view! {
        <form class="stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            <h3>{move || if id.is_some() { tr!("catalog-edit-category") } else { tr!("catalog-new-category") }}</h3>
            <NameFields names form />
            <FormAlert form />
            <div class="actions">
                <button type="submit" class="btn primary" disabled=move || form.pending()>
                    {move || if id.is_some() { tr!("catalog-save") } else { tr!("catalog-add-category") }}
                </button>
            </div>
        </form>
    }
}

#[component]
fn PartList(list: Memo<Vec<Part>>, category_id: i64, reload: Callback<()>) -> impl IntoView {
    let form = Form::new();
    let cls = rows_class();
    let editing = RwSignal::new(None::<Part>);
    let reorder = form.write(reorder_parts, move |_| reload.run(()));
    let delete = form.write(delete_part, move |()| reload.run(()));
    let shift = move |id: i64, by: isize| {
        if let Some(order) = list.with_untracked(|list| moved(&ids(list, |p| p.id), id, by)) {
            reorder.dispatch(order);
        }
    };
    let rows = keyed_rows(
        list,
        |p| p.id,
        move |id, part| {
            let price = move || part.with(|p| p.price_agorot);
            view! { class = cls,
                <li>
                    <span class="label">
                        {move || part.with(|p| p.name(current()).to_owned())}
                        {move || part.with(|p| p.part_number.clone()).map(|n| view! { " " <bdi dir="ltr" class="muted">{n}</bdi> })}
                        " · " {move || format::money(price(), current())}
                        {move || part.with(|p| p.is_common).then(|| view! { " " <span class="muted">{move_tr!("catalog-common-mark")}</span> })}
                    </span>
                    <RowActions
                        form
                        shift=Callback::new(move |by| shift(id, by))
                        edit=Callback::new(move |()| editing.set(Some(part.get_untracked())))
                        delete=Callback::new(move |()| delete.dispatch(id))
                    />
                </li>
            }
        },
    );
    view! { class = cls,
        {move || list.with(Vec::is_empty).then(|| view! { <p class="empty">{move_tr!("catalog-no-parts")}</p> })}
        <ul class="rows">{rows}</ul>
        <FormAlert form explain />
        {move || editing.get().map(|part| view! {
            <PartForm category_id part reload=Callback::new(move |()| { editing.set(None); reload.run(()); }) />
        })}
        <PartForm category_id reload />
    }
}

/// A new part of the category, or changes to `part`.
#[component]
fn PartForm(category_id: i64, #[prop(optional)] part: Option<Part>, reload: Callback<()>) -> impl IntoView {
    let form = Form::new();
    let names = Names::new();
    let number = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let common = RwSignal::new(false);
    let id = part.as_ref().map(|p| p.id);
    if let Some(part) = &part {
        names.fill(&part.name_he, &part.name_en, &part.name_ru);
        number.set(part.part_number.clone().unwrap_or_default());
        price.set(validation::format_shekels(part.price_agorot).replace(',', ""));
        common.set(part.is_common);
    }
    let read = move || -> Result<PartInput, Vec<AppError>> {
        let mut checks = Checks::default();
        let names = names.read(&mut checks, validation::MAX_PART_TYPE);
        let part_number = checks.check(validation::optional_text("part_number", Some(&number.get_untracked()), 64));
        let price_agorot = checks.check(validation::parse_shekels("price_agorot", &price.get_untracked()));
        let input = match (names, part_number, price_agorot) {
            (Some((name_he, name_en, name_ru)), Some(part_number), Some(price_agorot)) => Some(PartInput {
                category_id,
                name_he,
                name_en,
                name_ru,
                part_number,
                price_agorot,
                is_common: common.get_untracked(),
                sort_order: None,
            }),
            _ => None,
        };
        checks.done(input)
    };
    let save = form.write(
        move |input| save_part(id, input),
        move |_| {
            if id.is_none() {
                names.fill("", "", "");
                number.set(String::new());
                price.set(String::new());
                common.set(false);
            }
            reload.run(());
        },
    );
    let submit = move || {
        if let Some(input) = form.check_all(read()) {
            save.dispatch(input);
        }
    };
    view! {
        <form class="stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            <h3>{move || if id.is_some() { tr!("catalog-edit-part") } else { tr!("catalog-new-part") }}</h3>
            <NameFields names form />
            <Field label=move_tr!("items-part-number") name="part_number" form>
                <input type="text" dir="ltr" bind:value=number />
            </Field>
            <Field label=move_tr!("catalog-price") name="price_agorot" form>
                <input type="text" inputmode="decimal" dir="ltr" placeholder="0.00" bind:value=price />
            </Field>
            <label class="check">
                <input type="checkbox" bind:checked=common />
                {move_tr!("catalog-common")}
            </label>
            <FormAlert form />
            <div class="actions">
                <button type="submit" class="btn primary" disabled=move || form.pending()>
                    {move || if id.is_some() { tr!("catalog-save") } else { tr!("catalog-add-part") }}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::moved;

    #[test]
    fn moving_swaps_with_the_neighbour_and_stops_at_the_ends() {
        assert_eq!(moved(&[1, 2, 3], 2, -1), Some(vec![2, 1, 3]));
        assert_eq!(moved(&[1, 2, 3], 2, 1), Some(vec![1, 3, 2]));
        assert_eq!(moved(&[1, 2, 3], 1, -1), None);
        assert_eq!(moved(&[1, 2, 3], 3, 1), None);
        assert_eq!(moved(&[1, 2, 3], 9, 1), None);
    }
}
