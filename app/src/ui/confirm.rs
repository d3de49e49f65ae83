//! Asking before a move that cannot be undone: an order cancelled or completed is closed for good.
//! An in-page dialog names the order (its number, part and car), with the safe choice focused.

use leptos::portal::Portal;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};
use stylers_macro::style;

use super::labels::status_action;
use super::ltr::Ltr;
use crate::i18n::current;
use crate::model::{Order, OrderStatus};

/// Whether moving an order to `status` closes it, and so asks first.
pub fn asks_first(status: OrderStatus) -> bool {
    !status.is_open()
}

/// "Cancel order #12?" or "Complete order #12?" with the order's part and car: `confirm` makes the
/// move, `back` (also Escape or a tap beside the dialog) leaves the order as it is.
#[component]
pub fn ConfirmMove(order: Order, to: OrderStatus, confirm: Callback<()>, back: Callback<()>) -> impl IntoView {
    let flags = crate::config::use_config().with_untracked(|c| c.flags);
    let cls = style! {
        .overlay {
            position: fixed;
            inset: 0;
            z-index: 50;
            display: flex;
            align-items: center;
            justify-content: center;
            padding: 1rem;
            background: rgba(15, 23, 42, 0.55);
        }
        .dialog {
            width: 100%;
            max-width: 26rem;
            padding: 1.25rem;
            border-radius: var(--radius-lg);
            background: var(--surface);
            color: var(--text);
            box-shadow: var(--shadow-lg);
        }
        .dialog p {
            margin: 0 0 0.75rem;
            overflow-wrap: anywhere;
        }
        .dialog .actions {
            justify-content: flex-end;
            margin-top: 1rem;
        }
    };
    let back_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move || {
        if let Some(button) = back_button.get() {
            let _ = button.focus();
        }
    });
    let id = order.id;
    let title = move || match to {
        OrderStatus::Cancelled => tr!("confirm-cancel-title", { "id" => id }),
        _ => tr!("confirm-complete-title", { "id" => id }),
    };
    let text = move || match to {
        OrderStatus::Cancelled => tr!("confirm-cancel-text"),
        _ => tr!("confirm-complete-text"),
    };
    let part = format!("{} · {}", order.category_in(current()), order.part_in(current()));
    let car = order.car_number.filter(|_| flags.enable_car_number);
    let vin = order.vin;
    // Drawn at the end of <body>, so no table box or card around the button clips it.
    view! { class = cls,
        <Portal>
        <div
            class="overlay"
            on:click=move |_| back.run(())
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    back.run(());
                }
            }
        >
            <div
                class="dialog"
                role="alertdialog"
                aria-modal="true"
                aria-labelledby="confirm-title"
                aria-describedby="confirm-text"
                on:click=|ev| ev.stop_propagation()
            >
                <h2 id="confirm-title">{title}</h2>
                <p><strong dir="auto">{part.clone()}</strong></p>
                <p>
                    {car.clone().map(|number| view! { <Ltr text=number /> " · " })}
                    {move_tr!("order-vin")} " " <Ltr text=vin.clone() />
                </p>
                <p id="confirm-text">{text}</p>
                <div class="actions">
                    <button type="button" class="btn" node_ref=back_button on:click=move |_| back.run(())>
                        {move_tr!("confirm-back")}
                    </button>
                    <button type="button" class="btn danger" data-confirm=to.as_str() on:click=move |_| confirm.run(())>
                        {move || status_action(to)}
                    </button>
                </div>
            </div>
        </div>
        </Portal>
    }
}
