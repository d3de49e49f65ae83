//! An order's comments: the list with its count, and the form to add one.

use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use stylers_macro::style;

use crate::api::work::add_comment;
use crate::format;
use crate::i18n::current;
use crate::model::{Comment, validation};
use crate::ui::{Field, Form, FormAlert};

#[component]
pub fn Comments(order_id: i64, comments: Vec<Comment>, reload: Callback<()>, draft: RwSignal<String>) -> impl IntoView {
    let form = Form::new();
    let count = comments.len();
    let cls = style! {
        .comments {
            margin: 0 0 1rem;
            padding: 0;
            list-style: none;
        }
        .comments li {
            padding: 0.5rem 0;
            border-bottom: 1px solid var(--border);
        }
        .meta {
            font-size: 0.8rem;
            color: var(--muted);
        }
        .body {
            margin: 0.2rem 0 0;
            white-space: pre-wrap;
        }
        form {
            display: flex;
            flex-direction: column;
            gap: 0.6rem;
        }
    };
    let items = comments
        .into_iter()
        .map(|comment| {
            let at = comment.created_at;
            view! { class = cls,
                <li>
                    <div class="meta"><bdi>{comment.author_name}</bdi> " · " {move || format::date_time(&at, current())}</div>
                    <p class="body" dir="auto">{comment.body}</p>
                </li>
            }
        })
        .collect_view();
    let add = form.write(
        move |body| add_comment(order_id, body),
        move |_| {
            draft.set(String::new());
            reload.run(());
        },
    );
    let send = move || {
        if let Some(body) =
            form.check(validation::required_text("body", &draft.get_untracked(), validation::MAX_COMMENT))
        {
            add.dispatch(body);
        }
    };
    view! { class = cls,
        <section class="card">
            <h2>{move || tr!("comments-title", { "count" => count })}</h2>
            {(count == 0).then(|| view! { <p class="empty">{move_tr!("comments-empty")}</p> })}
            <ul class="comments">{items}</ul>
            <form novalidate on:submit=move |ev| {
                ev.prevent_default();
                send();
            }>
                <Field label=move_tr!("comments-new") name="body" form>
                    <textarea rows="3" dir="auto" bind:value=draft></textarea>
                </Field>
                <FormAlert form />
                <div class="actions">
                    <button type="submit" class="btn primary" disabled=move || form.pending()>
                        {move_tr!("comments-add")}
                    </button>
                </div>
            </form>
        </section>
    }
}
