//! Giving an order to a mechanic, with a note (admins).

use leptos::prelude::*;
use leptos_fluent::move_tr;

use crate::api::orders::assign_order;
use crate::api::users::list_users;
use crate::model::{AppError, Assignment, Order, Role, validation};
use crate::session::use_session;
use crate::ui::{Field, Form, FormAlert};

#[derive(Clone, Copy)]
pub struct AssignDraft {
    mechanic_id: RwSignal<Option<i64>>,
    note: RwSignal<String>,
}

impl AssignDraft {
    pub fn new() -> Self {
        AssignDraft { mechanic_id: RwSignal::new(None), note: RwSignal::new(String::new()) }
    }

    fn read(self) -> Result<Assignment, AppError> {
        let mechanic_id =
            self.mechanic_id.get_untracked().ok_or_else(|| AppError::validation("mechanic_id", "missing"))?;
        let note = validation::optional_text("note", Some(&self.note.get_untracked()), validation::MAX_COMMENT)?;
        Ok(Assignment { mechanic_id, note })
    }
}

#[component]
pub fn Assign(order: Order, reload: Callback<()>, draft: AssignDraft) -> impl IntoView {
    let session = use_session();
    let form = Form::new();
    let mechanics = LocalResource::new(move || session.call(list_users()));
    let current = order.mechanic_id;
    let id = order.id;
    let assign = form.write(
        move |assignment| assign_order(id, assignment),
        move |_| {
            draft.note.set(String::new());
            reload.run(());
        },
    );
    let submit = move || {
        if let Some(assignment) = form.check(draft.read()) {
            assign.dispatch(assignment);
        }
    };
    let options = move || {
        mechanics
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.user.role == Role::Mechanic && m.user.active && Some(m.user.id) != current)
            .map(|m| {
                let mechanic = m.user.id;
                view! {
                    <option value=mechanic.to_string() selected=move || draft.mechanic_id.get() == Some(mechanic)>
                        {m.user.display_name}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card">
            <h2>{move_tr!("assign-title")}</h2>
            <form class="stack" novalidate on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }>
                <Field label=move_tr!("assign-mechanic") name="mechanic_id" form>
                    <select on:change=move |ev| draft.mechanic_id.set(event_target_value(&ev).parse().ok())>
                        <option value="">{move_tr!("items-choose")}</option>
                        {options}
                    </select>
                </Field>
                <Field label=move_tr!("assign-note") name="note" form>
                    <input type="text" dir="auto" bind:value=draft.note />
                </Field>
                <FormAlert form />
                <div class="actions">
                    <button type="submit" class="btn primary" disabled=move || form.pending()>
                        {move_tr!("assign-submit")}
                    </button>
                </div>
            </form>
        </section>
    }
}
