//! The browser entry point of the whole app: mechanics' pages and the admin panel (for admins,
//! and anyone whose role this browser does not know yet).

fn main() {
    console_error_panic_hook::set_once();
    app::run_app();
}
