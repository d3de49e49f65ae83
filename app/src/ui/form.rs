//! Forms: the one field wrapper (label, control, the message for that field), the form's errors,
//! from the client's own check (the same `model::validation` rules the server applies) or from
//! the server, shown beside the field they name, and the form's writes, sent by a Leptos action.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use stylers_macro::style;

use super::feedback::{ErrorView, Explain, error_text};
use crate::model::{AppError, ErrorCode};
use crate::session::{Session, use_session};

/// One form's state: its errors (every field at fault, or the server's one answer), and the Leptos
/// action that sends its requests.
#[derive(Clone, Copy)]
pub struct Form {
    errors: RwSignal<Vec<AppError>>,
    /// The fields this form shows; an error naming another field is shown for the whole form.
    fields: StoredValue<Vec<&'static str>>,
    /// Sends whichever of the form's writes is dispatched. One action type serves every form, so
    /// the bundle carries the action's code once, not once per kind of input.
    action: Action<Request, Result<(), AppError>>,
    pending: Memo<bool>,
    session: Session,
    /// What to say beside a field at fault.
    describe: fn(ErrorCode, &str) -> String,
}

/// A write, ready to send: makes the request's future when the action runs it.
pub struct Request(Rc<dyn Fn() -> Sending>);

/// A request on its way, and what follows its answer.
type Sending = Pin<Box<dyn Future<Output = Result<(), AppError>>>>;

/// One kind of request a form sends (save, delete, move…): what to send for an input, sent by the
/// form's action.
pub struct Write<I: 'static> {
    request: StoredValue<Rc<dyn Fn(I) -> Request>, LocalStorage>,
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
        // Server calls in the browser are not `Send`: a local action. It runs the request in the
        // owner of the component that made the form, so what a write does next can use the
        // context (translations, say).
        let action = Action::new_local(|request: &Request| (request.0)());
        Form {
            errors: RwSignal::new(Vec::new()),
            fields: StoredValue::new(Vec::new()),
            action,
            pending: action.pending(),
            session: use_session(),
            describe,
        }
    }

    /// True while the form's request is on its way (reactive): buttons disable themselves.
    pub fn pending(self) -> bool {
        self.pending.get()
    }

    /// A write this form sends: `call` makes the request from the input, through `Session::call`
    /// (so a 401 signs out); the form then shows the error, or runs `done` with the answer.
    pub fn write<I, T, Fu>(self, call: impl Fn(I) -> Fu + 'static, done: impl Fn(T) + 'static) -> Write<I>
    where
        I: Clone + 'static,
        T: 'static,
        Fu: Future<Output = Result<T, AppError>> + 'static,
    {
        let (call, done) = (Rc::new(call), Rc::new(done));
        let request = move |input: I| {
            let (call, done) = (Rc::clone(&call), Rc::clone(&done));
            Request(Rc::new(move || -> Sending {
                let answer = self.session.call(call(input.clone()));
                let done = Rc::clone(&done);
                Box::pin(async move {
                    let result = answer.await;
                    self.show(&result);
                    result.map(|value| done(value))
                })
            }))
        };
        Write { request: StoredValue::new_local(Rc::new(request)), form: self }
    }

    pub fn set(self, error: AppError) {
        self.errors.set(vec![error]);
    }

    pub fn clear(self) {
        self.errors.set(Vec::new());
    }

    /// The value, or `None` after showing the error.
    pub fn check<T>(self, result: Result<T, AppError>) -> Option<T> {
        self.check_all(result.map_err(|error| vec![error]))
    }

    /// The value, or `None` after showing every error (one per field at fault).
    pub fn check_all<T>(self, result: Result<T, Vec<AppError>>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(errors) => {
                self.errors.set(errors);
                None
            }
        }
    }

    /// Shows a server answer's error, or clears the form's errors on success.
    fn show<T>(self, result: &Result<T, AppError>) {
        match result {
            Ok(_) => self.clear(),
            Err(error) => self.set(error.clone()),
        }
    }

    /// The field the first error names, if any (reactive).
    pub fn error_field(self) -> Option<String> {
        self.errors.with(|errors| errors.first().and_then(|e| e.field.clone()))
    }

    fn for_field(self, name: &str) -> Option<String> {
        self.errors.with(|errors| {
            errors
                .iter()
                .find(|error| error.field.as_deref() == Some(name))
                .map(|error| (self.describe)(error.code, name))
        })
    }

    fn general(self) -> Option<AppError> {
        let fields = self.fields.get_value();
        self.errors.with(|errors| {
            errors.iter().find(|error| error.field.as_deref().is_none_or(|field| !fields.contains(&field))).cloned()
        })
    }
}

impl<I: 'static> Write<I> {
    /// Sends `input`, unless the form's request is still on its way: a double click, or Enter
    /// pressed twice, sends one request.
    pub fn dispatch(self, input: I) {
        if !self.form.pending.get_untracked() {
            let request = self.request.with_value(|request| request(input));
            self.form.action.dispatch_local(request);
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
