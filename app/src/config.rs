//! The app's configuration (the flags, the default language, the shop's time zone, the Telegram
//! bot) as a signal. Read before the app draws anything, and read again while it is open: when
//! the window gets the focus, when the page becomes visible, every `REFRESH` while it is visible,
//! and after signing in or out (a pilot flag may be on for this mechanic alone). So a flag flipped
//! on the server shows within `REFRESH` without a reload: at once the theme and the language
//! switcher, and each page's other parts the next time it is drawn (a form being filled in keeps
//! what it started with).

use std::time::Duration;

use leptos::prelude::*;

use crate::model::AppConfig;

/// How often an open, visible app asks for the flags again (the dashboard's refresh period).
pub const REFRESH: Duration = Duration::from_secs(15);

/// The configuration in the context.
#[derive(Clone, Copy)]
struct Live(RwSignal<AppConfig>);

/// The configuration now (reactive).
pub fn use_config() -> Signal<AppConfig> {
    expect_context::<Live>().0.into()
}

/// SHOP_TIMEZONE (reactive), the zone times are shown in; None before the server has told it
/// (the browser's own zone then).
pub fn shop_timezone() -> Option<String> {
    use_context::<Live>()?.0.with(|c| Some(c.shop_timezone.clone()).filter(|zone| !zone.is_empty()))
}

/// Puts `config` into the context, and keeps `<html data-theme>` in step with ENABLE_UI_REFRESH.
pub fn provide(config: AppConfig) {
    let live = RwSignal::new(config);
    provide_context(Live(live));
    let refresh = Memo::new(move |_| live.with(|c| c.flags.enable_ui_refresh));
    Effect::new(move || apply_theme(refresh.get()));
}

/// The theme of ENABLE_UI_REFRESH: `data-theme` on `<html>` picks one set of CSS variables.
pub fn apply_theme(refresh: bool) {
    crate::browser::set_root_attribute("data-theme", if refresh { "refresh" } else { "classic" });
}

/// Asks for the configuration again on focus, on becoming visible and on a timer while visible.
/// For the whole app, which stays open; the login page leaves soon enough.
pub fn keep_fresh() {
    let live = expect_context::<Live>().0;
    // The answer to the latest request wins, whatever order the answers come in.
    let asked = StoredValue::new(0_u64);
    let ask = move || {
        let number = asked.get_value() + 1;
        asked.set_value(number);
        leptos::task::spawn_local(async move {
            if let Ok(config) = crate::api::auth::get_app_config().await
                && asked.get_value() == number
                && live.get_untracked() != config
            {
                live.set(config);
            }
        });
    };
    let focus = window_event_listener(leptos::ev::focus, move |_| ask());
    // `visibilitychange` is fired at the document and bubbles up to the window.
    let visible = window_event_listener_untyped("visibilitychange", move |_| {
        if crate::browser::page_visible() {
            ask();
        }
    });
    let timer = set_interval_with_handle(
        move || {
            if crate::browser::page_visible() {
                ask();
            }
        },
        REFRESH,
    );
    on_cleanup(move || {
        focus.remove();
        visible.remove();
        if let Ok(timer) = timer {
            timer.clear();
        }
    });
    provide_context(Refetch(Callback::new(move |()| ask())));
}

/// Asks for the configuration again now (after signing in or out).
#[derive(Clone, Copy)]
pub struct Refetch(pub Callback<()>);
