//! Forms: the one field wrapper (label, control, the message for that field), the form's errors,
//! from the client's own check (the same `model::validation` rules the server applies) or from
//! the server, shown beside the field they name, and the form's writes, each a Leptos action.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use stylers_macro::style;

use super::feedback::{ErrorView, Explain, error_text};
use crate::model::{AppError, ErrorCode};
use crate::session::{Session, use_session};

/// One form's state: its last error, and whether one of its writes is on its way.
#[derive(Clone, Copy)]
pub struct Form {
    error: RwSignal<Option<AppError>>,
    /// The fields this form shows; an error naming another field is shown for the whole form.
    fields: StoredValue<Vec<&'static str>>,
    /// The pending state of each write the form sends.
    writes: RwSignal<Vec<Memo<bool>>>,
    session: Session,
    /// What to say beside a field at fault.
    describe: fn(ErrorCode, &str) -> String,
}

/// One kind of request a form sends (save, delete, move…): a Leptos action over a server call.
pub struct Write<I: 'static> {
    action: Action<I, Result<(), AppError>>,
    form: Form,
}

impl<I> Clone for Write<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I> Copy for Write<I> {}

impl Form {
    /// A form whose fields have no rules of their own to explain (the login form): a field at
    /// fault just says so. The login bundle then carries none of the other forms' wording, which
    /// `Form::new` (in `field_text.rs`) brings.
    pub fn plain() -> Self {
        Self::describing(|code, _| error_text(&AppError::new(code, "")))
    }

    pub(super) fn describing(describe: fn(ErrorCode, &str) -> String) -> Self {
        Form {
            error: RwSignal::new(None),
            fields: StoredValue::new(Vec::new()),
            writes: RwSignal::new(Vec::new()),
            session: use_session(),
            describe,
        }
    }

    /// True while one of the form's writes is on its way (reactive): buttons disable themselves.
    pub fn pending(self) -> bool {
        self.writes.with(|writes| writes.iter().any(|pending| pending.get()))
    }

    /// A write this form sends: `call` makes the request from the action's input, through
    /// `Session::call` (so a 401 signs out); the form then shows the error, or runs `done` with
    /// the answer. `done` runs in the owner of the component that made the write, so it can use
    /// the context (translations, say). Server calls in the browser are not `Send`, hence a local
    /// action.
    pub fn write<I, T, Fu>(self, call: impl Fn(I) -> Fu + 'static, done: impl Fn(T) + 'static) -> Write<I>
    where
        I: Clone + 'static,
        T: 'static,
        Fu: Future<Output = Result<T, AppError>> + 'static,
    {
        let done = Rc::new(done);
        let action = Action::new_local(move |input: &I| {
            let request = self.session.call(call(input.clone()));
            let done = Rc::clone(&done);
            async move {
                let result = request.await;
                self.show(&result);
                result.map(|value| done(value))
            }
        });
        self.writes.update(|writes| writes.push(action.pending()));
        Write { action, form: self }
    }

    pub fn set(self, error: AppError) {
        self.error.set(Some(error));
    }

    pub fn clear(self) {
        self.error.set(None);
    }

    /// The value, or `None` after showing the error.
    pub fn check<T>(self, result: Result<T, AppError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.set(error);
                None
            }
        }
    }

    /// Shows a server answer's error, or clears the form's error on success.
    fn show<T>(self, result: &Result<T, AppError>) {
        match result {
            Ok(_) => self.clear(),
            Err(error) => self.set(error.clone()),
        }
    }

    /// The field the current error names, if any (reactive).
    pub fn error_field(self) -> Option<String> {
        self.error.with(|error| error.as_ref().and_then(|e| e.field.clone()))
    }

    fn for_field(self, name: &str) -> Option<String> {
        self.error.with(|error| match error {
            Some(error) if error.field.as_deref() == Some(name) => Some((self.describe)(error.code, name)),
            _ => None,
        })
    }

    fn general(self) -> Option<AppError> {
        let fields = self.fields.get_value();
        self.error.get().filter(|error| error.field.as_deref().is_none_or(|field| !fields.contains(&field)))
    }
}

impl<I: 'static> Write<I> {
    /// Sends `input`, unless a write of the same form is still on its way: a double click, or Enter
    /// pressed twice, sends one request.
    pub fn dispatch(self, input: I) {
        let busy = self.form.writes.with_untracked(|writes| writes.iter().any(|pending| pending.get_untracked()));
        if !busy {
            self.action.dispatch_local(input);
        }
    }
}

/// A labelled control and the message for it. `name` is the field name errors carry.
#[component]
pub fn Field(#[prop(into)] label: Signal<String>, name: &'static str, form: Form, children: Children) -> impl IntoView {
    form.fields.update_value(|fields| {
        if !fields.contains(&name) {
            fields.push(name);
        }
    });
    let cls = style! {
        .field {
            display: flex;
            flex-direction: column;
            gap: 0.3rem;
            min-width: 0;
        }
        .field label {
            display: flex;
            flex-direction: column;
            gap: 0.3rem;
            font-size: 0.9rem;
            color: var(--muted);
        }
        .field-error {
            margin: 0;
            font-size: 0.85rem;
            color: var(--danger);
        }
    };
    view! { class = cls,
        <div class="field" class:invalid=move || form.for_field(name).is_some()>
            <label>
                <span>{label}</span>
                {children()}
            </label>
            {move || form.for_field(name).map(|text| view! { class = cls, <p class="field-error" role="alert">{text}</p> })}
        </div>
    }
}

/// The form's error that belongs to no field of it.
#[component]
pub fn FormAlert(form: Form, #[prop(optional)] explain: Option<Explain>) -> impl IntoView {
    move || {
        form.general().map(|error| match explain {
            Some(explain) => view! { <ErrorView error explain /> }.into_any(),
            None => view! { <ErrorView error /> }.into_any(),
        })
    }
}
