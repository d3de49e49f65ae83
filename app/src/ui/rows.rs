//! Lists whose rows carry buttons: keyed by the row's id, so that an element and the buttons on
//! it always belong to the row they show.
//!
//! Redrawn from a new list, Leptos reuses the old elements in order: after a reorder or a delete,
//! the element that showed one row shows the next, and a click aimed at it (by a person, or by a
//! test holding the element) acts on that other row. A keyed list moves, adds and drops elements
//! by id instead.

use leptos::prelude::*;

/// The rows of `list`, keyed by `id`. Each row is drawn once by `row`, with its id (for its
/// buttons) and a memo of its newest value (for what it shows): a reload updates the row where it
/// is, and moves it when it moves.
pub fn keyed_rows<T, V>(
    list: impl Into<Signal<Vec<T>>>,
    id: fn(&T) -> i64,
    row: impl Fn(i64, Memo<T>) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let list = list.into();
    view! {
        <For
            each=move || list.get()
            key=move |item| id(item)
            children=move |item: T| {
                let key = id(&item);
                // A row on its way out keeps its last value until the list drops it.
                let current = Memo::new(move |last: Option<&T>| {
                    list.with(|all| all.iter().find(|other| id(other) == key).cloned())
                        .or_else(|| last.cloned())
                        .unwrap_or_else(|| item.clone())
                });
                row(key, current)
            }
        />
    }
}
