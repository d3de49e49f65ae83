//! Loading and error states: the one loading indicator, the one error view, the translated text
//! of every error, and `loaded`, which wraps a data view in both.

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use stylers_macro::style;

use crate::model::{AppError, ErrorCode};

/// What went wrong, in the reader's language. Server messages are English, so the text comes
/// from the error's code. (A form shows an error about one of its fields beside that field, in
/// the words of `field_text`.)
pub fn error_text(error: &AppError) -> String {
    match error.code {
        ErrorCode::Network => tr!("error-network"),
        ErrorCode::Unauthorized => tr!("error-unauthorized"),
        ErrorCode::Forbidden => tr!("error-forbidden"),
        ErrorCode::NotFound => tr!("error-not-found"),
        ErrorCode::FeatureDisabled => tr!("error-feature-disabled"),
        ErrorCode::Conflict => tr!("error-conflict"),
        ErrorCode::RateLimited => tr!("error-rate-limited"),
        ErrorCode::Validation => tr!("error-invalid"),
        ErrorCode::BadRequest | ErrorCode::MethodNotAllowed | ErrorCode::PayloadTooLarge => tr!("error-bad-request"),
        ErrorCode::Internal | ErrorCode::Unavailable => tr!("error-internal"),
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let cls = style! {
        .loading {
            display: flex;
            align-items: center;
            gap: 0.6rem;
            padding: 1.5rem 0.5rem;
            color: var(--muted);
        }
        .spinner {
            width: 1.1rem;
            height: 1.1rem;
            border: 3px solid var(--border);
            border-top-color: var(--primary);
            border-radius: 50%;
            animation: spin 0.8s linear infinite;
        }
        @keyframes spin {
            to {
                transform: rotate(360deg);
            }
        }
    };
    view! { class = cls,
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{move_tr!("common-loading")}</span>
        </div>
    }
}

/// Context-specific wording for some errors (e.g. a 401 on the login form means a wrong
/// password, not an expired sign-in); `None` falls back to `error_text`.
pub type Explain = fn(&AppError) -> Option<String>;

/// The error view every data view and form uses. (A 401 has already signed out by then, through
/// `Session::call`, which sends the user to the login page.)
#[component]
pub fn ErrorView(
    error: AppError,
    #[prop(optional)] retry: Option<Callback<()>>,
    #[prop(optional)] explain: Option<Explain>,
) -> impl IntoView {
    let cls = style! {
        .error-view {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: 0.75rem;
            padding: 0.75rem 1rem;
            border: 1px solid var(--danger);
            border-radius: var(--radius);
            background: var(--danger-bg);
            color: var(--danger);
        }
        .error-view p {
            flex: 1 1 12rem;
            margin: 0;
        }
    };
    let text = {
        let error = error.clone();
        move || explain.and_then(|explain| explain(&error)).unwrap_or_else(|| error_text(&error))
    };
    view! { class = cls,
        <div class="error-view" role="alert">
            <p>{text}</p>
            {retry.map(|retry| view! { class = cls,
                <button type="button" class="btn" on:click=move |_| retry.run(())>
                    {move_tr!("common-retry")}
                </button>
            })}
        </div>
    }
}

/// A data view: the loading state until `resource` has loaded, then `render` of its value; on
/// an error the shared error view with a retry. Reloading keeps the old content on screen until
/// the new value replaces it; the view is drawn anew from each value.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let content = move || {
        let render = render.clone();
        Suspend::new(async move {
            // A page left while its data reloads (after a sign-out, say) has already dropped the
            // resource: nothing to show then.
            if resource.is_disposed() {
                return Ok(None);
            }
            resource.await.map(|value| Some(render(value)))
        })
    };
    boundary(resource, content)
}

/// A data view drawn once: like `loaded`, but `render` runs when the first value arrives, with a
/// memo that follows every reload. Lists with buttons on their rows use it, so that a reload
/// updates rows by key (`keyed_rows`) instead of redrawing the list over the old elements.
pub fn live<T, V>(
    resource: LocalResource<Result<T, AppError>>,
    render: impl Fn(Memo<T>) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    V: IntoView + 'static,
{
    // The newest value that loaded; while a reload fails, the last good one.
    let newest = move || resource.try_with(|value| value.as_ref().and_then(|v| v.as_ref().ok()).cloned()).flatten();
    let ready = Memo::new(move |was: Option<&bool>| was == Some(&true) || newest().is_some());
    let drawn = move || {
        ready.get().then(|| untrack(newest)).flatten().map(|first| {
            let value =
                Memo::new(move |last: Option<&T>| newest().or_else(|| last.cloned()).unwrap_or_else(|| first.clone()));
            untrack(|| render(value))
        })
    };
    // Only the suspense runs again on each load (to wait for it, and to raise its error); the
    // content beside it is drawn once.
    let waiting = move || {
        Suspend::new(async move {
            if resource.is_disposed() {
                return Ok(());
            }
            resource.await.map(|_| ())
        })
    };
    boundary(resource, (waiting, drawn))
}

/// The loading state until `content` has what it waits for from `resource`, and the shared error
/// view with a retry in place of `content` while a load fails.
fn boundary<T: 'static>(
    resource: LocalResource<Result<T, AppError>>,
    content: impl IntoView + 'static,
) -> impl IntoView {
    let retry = Callback::new(move |()| resource.refetch());
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=move |errors| {
                move || {
                    let first = errors.get().into_iter().next().map(|(_, error)| {
                        error
                            .downcast_ref::<AppError>()
                            .cloned()
                            .unwrap_or_else(|| AppError::new(ErrorCode::Internal, error.to_string()))
                    });
                    first.map(|error| view! { <ErrorView error retry /> })
                }
            }>
                {content}
            </ErrorBoundary>
        </Transition>
    }
}
