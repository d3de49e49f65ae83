//! The admin panel: orders, the catalog, the staff and the system's state. Only admins get in
//! (`ui::AppFrame` with `admin_only`); the server refuses the rest anyway.

mod catalog;
mod mechanics;
mod orders;
mod system;

use leptos::prelude::*;

pub use catalog::CatalogPage;
pub use mechanics::MechanicsPage;
pub use orders::OrdersPage;
pub use system::SystemPage;

use crate::pages::order::{OrderView, Viewer};

/// `/admin/orders/:id`: the order with comments, time, items, its history and assignment.
#[component]
pub fn OrderPage() -> impl IntoView {
    view! { <OrderView viewer=Viewer::Admin /> }
}
