//! Latin codes inside right-to-left text.

use leptos::prelude::*;

/// A VIN, car number or other Latin code: always left to right, also inside Hebrew text.
#[component]
pub fn Ltr(#[prop(into)] text: String) -> impl IntoView {
    view! { <bdi dir="ltr" class="code">{text}</bdi> }
}
