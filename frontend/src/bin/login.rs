//! The browser entry point of the login page alone: a small bundle, so a phone on a slow line can
//! sign in quickly. Signing in loads the mechanic bundle or the whole app, by role.

fn main() {
    console_error_panic_hook::set_once();
    app::run_login();
}
