//! The mechanics' app: their orders, one order's work, a new order, their time and profile.

mod dashboard;
mod new_order;
mod profile;
mod time;

use leptos::prelude::*;

pub use dashboard::Dashboard;
pub use new_order::NewOrderPage;
pub use profile::ProfilePage;
pub use time::TimePage;

use crate::pages::order::{OrderView, Viewer};

/// `/mechanic/orders/:id`.
#[component]
pub fn OrderPage() -> impl IntoView {
    view! { <OrderView viewer=Viewer::Mechanic /> }
}
