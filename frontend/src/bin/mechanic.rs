//! The browser entry point of a signed-in mechanic's pages: the whole app without the admin panel,
//! so a phone on a slow line downloads only what a mechanic uses.

fn main() {
    console_error_panic_hook::set_once();
    app::run_mechanic();
}
