//! The browser entry point of the whole app: mechanics' pages and the admin panel.

fn main() {
    console_error_panic_hook::set_once();
    app::run_app();
}
