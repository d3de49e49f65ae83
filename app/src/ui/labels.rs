//! The words for the model's values in the reader's language: order statuses (as a name and as
//! the button that moves an order there), original or analog, and the kinds of billed item.

use leptos_fluent::tr;

use crate::model::{ItemKind, OrderStatus, OriginalOrAnalog};

pub fn status_label(status: OrderStatus) -> String {
    match status {
        OrderStatus::New => tr!("status-new"),
        OrderStatus::InProgress => tr!("status-in-progress"),
        OrderStatus::Ready => tr!("status-ready"),
        OrderStatus::Completed => tr!("status-completed"),
        OrderStatus::Cancelled => tr!("status-cancelled"),
    }
}

/// The button text for moving an order to `status`.
pub fn status_action(status: OrderStatus) -> String {
    match status {
        OrderStatus::New => tr!("status-new"),
        OrderStatus::InProgress => tr!("status-to-in-progress"),
        OrderStatus::Ready => tr!("status-to-ready"),
        OrderStatus::Completed => tr!("status-to-completed"),
        OrderStatus::Cancelled => tr!("status-to-cancelled"),
    }
}

pub fn original_label(value: OriginalOrAnalog) -> String {
    match value {
        OriginalOrAnalog::Original => tr!("order-original"),
        OriginalOrAnalog::Analog => tr!("order-analog"),
    }
}

pub fn item_kind_label(kind: ItemKind) -> String {
    match kind {
        ItemKind::CatalogPart => tr!("items-kind-catalog"),
        ItemKind::CustomPart => tr!("items-kind-custom"),
        ItemKind::Work => tr!("items-kind-work"),
    }
}
