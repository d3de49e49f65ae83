//! Translations (Fluent files in `locales/`, through leptos-fluent) and the choice of language:
//! the server's default while ENABLE_MECH_I18N is off, the mechanic's own choice while it is on.

use fluent_templates::static_loader;
use leptos::prelude::*;
use leptos_fluent::{I18n, leptos_fluent};

use stylers_macro::style;

use crate::model::{AppConfig, Language};

static_loader! {
    static TRANSLATIONS = {
        locales: "../locales",
        fallback_language: "he",
        // Fluent would wrap every placeable in invisible bidi isolation marks. VINs and car
        // numbers never go through a placeable (they get their own `dir="ltr"` element), and the
        // remaining placeables are numbers, which the bidi algorithm already places right.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// localStorage key of the language a mechanic picked (only read while ENABLE_MECH_I18N is on).
const LANGUAGE_KEY: &str = "felix_lang";

/// The login page's messages only (written by build.rs from `locales/`), for the login-only bundle.
mod login {
    include!(concat!(env!("OUT_DIR"), "/login_translations.rs"));
}
use login::LOGIN_TRANSLATIONS;

/// The mechanics' pages' messages only (written by build.rs), for the mechanic bundle.
mod mechanic {
    include!(concat!(env!("OUT_DIR"), "/mechanic_translations.rs"));
}
use mechanic::MECHANIC_TRANSLATIONS;

/// Provides every translation. `check_translations` makes a key used in `src/` but missing from a
/// locale, or a key of a locale that no code uses, a compile error.
pub fn translated(children: Children) -> AnyView {
    every_message(children).into_any()
}

fn every_message(children: Children) -> impl IntoView {
    leptos_fluent! {
        children: view! { <SyncHtml /> {children()} },
        translations: [TRANSLATIONS],
        locales: "../locales",
        default_language: "he",
        check_translations: "./src/**/*.rs",
        // Done by `SyncHtml` instead: leptos-fluent's own sync brings leptos_meta into the bundle.
        sync_html_tag_lang: false,
        sync_html_tag_dir: false,
    }
}

/// Provides the login page's translations: the same messages, fewer of them (build.rs fails when
/// one the login page's files use is missing).
pub fn translated_login(children: Children) -> AnyView {
    login_messages(children).into_any()
}

fn login_messages(children: Children) -> impl IntoView {
    leptos_fluent! {
        children: view! { <SyncHtml /> {children()} },
        translations: [LOGIN_TRANSLATIONS],
        locales: "../locales",
        default_language: "he",
        sync_html_tag_lang: false,
        sync_html_tag_dir: false,
    }
}

/// Provides the mechanics' pages' translations: the messages the code `run_mechanic` reaches uses
/// (build.rs fails when one is missing), none of the admin panel's.
pub fn translated_mechanic(children: Children) -> AnyView {
    mechanic_messages(children).into_any()
}

fn mechanic_messages(children: Children) -> impl IntoView {
    leptos_fluent! {
        children: view! { <SyncHtml /> {children()} },
        translations: [MECHANIC_TRANSLATIONS],
        locales: "../locales",
        default_language: "he",
        sync_html_tag_lang: false,
        sync_html_tag_dir: false,
    }
}

/// Keeps `<html lang>` and `<html dir>` in step with the language: `dir="rtl"` for Hebrew, back to
/// `ltr` for the others.
#[component]
fn SyncHtml() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    Effect::new(move || {
        let language = i18n.language.get();
        crate::browser::set_root_attribute("lang", language.id);
        crate::browser::set_root_attribute("dir", language.dir.as_str());
    });
}

/// Keeps a language choice beyond this browser. The whole app provides one that saves it to the
/// profile, so the Telegram bot speaks it too; the login page has no one to save it for.
#[derive(Clone, Copy)]
pub struct SaveLanguage(pub Callback<Language>);

/// The language the app starts in: with ENABLE_MECH_I18N off always the server's default (a
/// stored choice is ignored, and kept for when the flag comes back); with it on the stored choice,
/// else the default.
pub fn start(config: &AppConfig) {
    let stored = if config.flags.enable_mech_i18n { stored_language() } else { None };
    apply(stored.unwrap_or(config.default_language));
}

/// After sign-in: a mechanic who never picked a language gets the one in their profile, kept for
/// when ENABLE_MECH_I18N is on for them (it may be on for a pilot group only, which the flags read
/// after sign-in tell).
pub fn adopt_profile_language(config: &AppConfig, language: Language) {
    if stored_language().is_none() {
        crate::browser::local_storage_set(LANGUAGE_KEY, language.code());
        if config.flags.enable_mech_i18n {
            apply(language);
        }
    }
}

/// Starts the language again whenever ENABLE_MECH_I18N changes while the app is open.
pub fn follow_flag() {
    let config = crate::config::use_config();
    let on = Memo::new(move |_| config.with(|c| c.flags.enable_mech_i18n));
    Effect::new(move |before: Option<bool>| {
        let now = on.get();
        if before.is_some_and(|before| before != now) {
            start(&config.get_untracked());
        }
        now
    });
}

/// The language on screen now (reactive).
pub fn current() -> Language {
    let id = expect_context::<I18n>().language.get().id;
    id.parse().unwrap_or_default()
}

fn apply(language: Language) {
    let i18n = expect_context::<I18n>();
    if let Some(found) = i18n.languages.iter().find(|l| l.id == language.code()) {
        i18n.language.set(found);
    }
}

fn stored_language() -> Option<Language> {
    crate::browser::local_storage_get(LANGUAGE_KEY)?.parse().ok()
}

/// He / En / Ru buttons; the choice survives a reload. Shown only while ENABLE_MECH_I18N is on.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let config = crate::config::use_config();
    let save = use_context::<SaveLanguage>();
    let cls = style! {
        .switcher {
            display: inline-flex;
            gap: 2px;
            padding: 2px;
            border-radius: var(--radius);
            background: var(--switch-bg);
        }
        .switcher button {
            min-width: 2.25rem;
            padding: 0.25rem 0.4rem;
            border: 0;
            border-radius: var(--radius);
            background: transparent;
            color: var(--switch-fg);
            font-size: 0.8rem;
            font-weight: 600;
            cursor: pointer;
        }
        .switcher button[aria-pressed="true"] {
            background: var(--accent);
            color: var(--accent-text);
        }
        @media (max-width: 720px), (pointer: coarse) {
            .switcher button {
                min-width: 2.75rem;
                min-height: 2.75rem;
            }
        }
    };
    move || {
        config.with(|c| c.flags.enable_mech_i18n).then(|| {
            let buttons = Language::ALL
                .into_iter()
                .map(|language| {
                    let short = match language {
                        Language::He => "עב",
                        Language::En => "EN",
                        Language::Ru => "RU",
                    };
                    view! { class = cls,
                        <button
                            type="button"
                            lang=language.code()
                            aria-label=language.native_name()
                            title=language.native_name()
                            aria-pressed=move || (current() == language).to_string()
                            on:click=move |_| choose(save, language)
                        >
                            {short}
                        </button>
                    }
                })
                .collect_view();
            view! { class = cls,
                <div class="switcher" role="group" aria-label=move || leptos_fluent::tr!("lang-switcher")>
                    {buttons}
                </div>
            }
        })
    }
}

/// A mechanic's pick: shown at once and remembered in this browser.
fn choose(save: Option<SaveLanguage>, language: Language) {
    apply(language);
    crate::browser::local_storage_set(LANGUAGE_KEY, language.code());
    if let Some(SaveLanguage(save)) = save {
        save.run(language);
    }
}
