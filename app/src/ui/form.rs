//! Forms: the one field wrapper (label, control, the message for that field) and the form's
//! errors, from the client's own check (the same `model::validation` rules the server applies) or
//! from the server, shown beside the field they name.

use std::future::Future;

use leptos::prelude::*;
use stylers_macro::style;

use super::feedback::{ErrorView, Explain, error_text};
use super::field_text::field_text;
use crate::model::{AppError, ErrorCode};
use crate::session::{Session, use_session};

/// One form's state: its last error and whether it is being sent.
#[derive(Clone, Copy)]
pub struct Form {
    error: RwSignal<Option<AppError>>,
    /// The fields this form shows; an error naming another field is shown for the whole form.
    fields: StoredValue<Vec<&'static str>>,
    pending: RwSignal<bool>,
    session: Session,
    /// What to say beside a field at fault.
    describe: fn(ErrorCode, &str) -> String,
}

impl Form {
    pub fn new() -> Self {
        Self::describing(field_text)
    }

    /// A form whose fields have no rules of their own to explain (the login form): a field at
    /// fault just says so. The login bundle then carries none of the other forms' wording.
    pub fn plain() -> Self {
        Self::describing(|code, _| error_text(&AppError::new(code, "")))
    }

    fn describing(describe: fn(ErrorCode, &str) -> String) -> Self {
        Form {
            error: RwSignal::new(None),
            fields: StoredValue::new(Vec::new()),
            pending: RwSignal::new(false),
            session: use_session(),
            describe,
        }
    }

    /// True while the form's request is on its way (reactive): buttons disable themselves.
    pub fn pending(self) -> bool {
        self.pending.get()
    }

    /// Sends the form's request; shows its error, or runs `then` with the answer.
    pub fn submit<T: 'static>(
        self,
        call: impl Future<Output = Result<T, AppError>> + 'static,
        then: impl FnOnce(T) + 'static,
    ) {
        self.pending.set(true);
        // `then` runs in the component's owner, so it can use the context (translations, say).
        let owner = Owner::current();
        leptos::task::spawn_local(async move {
            let result = self.session.call(call).await;
            self.pending.set(false);
            self.show(&result);
            if let Ok(value) = result {
                match owner {
                    Some(owner) => owner.with(|| then(value)),
                    None => then(value),
                }
            }
        });
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
    pub fn show<T>(self, result: &Result<T, AppError>) {
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
