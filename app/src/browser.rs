//! The few browser APIs the app uses beyond Leptos, in one place. The native (ssr) build compiles
//! the UI too but never runs it; there these are inert.

#[cfg(feature = "csr")]
mod web {
    use wasm_bindgen::{JsCast, JsValue};

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn local_storage_get(key: &str) -> Option<String> {
        storage()?.get_item(key).ok()?.filter(|value| !value.is_empty())
    }

    pub fn local_storage_set(key: &str, value: &str) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(key, value);
        }
    }

    pub fn local_storage_remove(key: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(key);
        }
    }

    fn document() -> Option<web_sys::Document> {
        web_sys::window()?.document()
    }

    pub fn set_root_attribute(name: &str, value: &str) {
        if let Some(root) = document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute(name, value);
        }
    }

    pub fn add_style_sheet(css: &str) {
        let Some(document) = document() else { return };
        if let (Some(head), Ok(style)) = (document.head(), document.create_element("style")) {
            style.set_text_content(Some(css));
            let _ = head.append_child(&style);
        }
    }

    fn location() -> Option<web_sys::Location> {
        web_sys::window().map(|w| w.location())
    }

    /// One query parameter of the current address.
    pub fn query_param(name: &str) -> Option<String> {
        let search = location()?.search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
    }

    /// The current path and query, e.g. `/mechanic/orders/7?x=1`.
    pub fn current_path() -> String {
        location()
            .map(|l| format!("{}{}", l.pathname().unwrap_or_default(), l.search().unwrap_or_default()))
            .unwrap_or_default()
    }

    /// Loads another page of the site in place of this one (no back-button entry).
    pub fn replace_location(path: &str) {
        if let Some(location) = location() {
            let _ = location.replace(path);
        }
    }

    pub fn reload() {
        if let Some(location) = location() {
            let _ = location.reload();
        }
    }

    /// The answer to the config request index.html sends while the bundle downloads
    /// (`window.felixConfig`, a promise of the response text or null).
    pub async fn prefetched_config() -> Option<String> {
        let window = web_sys::window()?;
        let promise = js_sys::Reflect::get(&window, &JsValue::from_str("felixConfig")).ok()?;
        let promise = promise.dyn_into::<js_sys::Promise>().ok()?;
        wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_string()
    }

    /// The browser's own OK/Cancel question; `true` for OK.
    pub fn confirm(message: &str) -> bool {
        web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
    }

    pub fn page_visible() -> bool {
        document().is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
    }

    /// Hands `text` to the browser as a downloaded file.
    pub fn download(file_name: &str, mime: &str, text: &str) {
        let Some(document) = document() else { return };
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
        if let Ok(link) = document.create_element("a").map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>()) {
            link.set_href(&url);
            link.set_download(file_name);
            link.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    }

    /// Puts `text` on the clipboard; false where the browser refuses.
    pub async fn copy_text(text: &str) -> bool {
        let Some(window) = web_sys::window() else { return false };
        let promise = window.navigator().clipboard().write_text(text);
        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
    }

    /// Opens the browser's picker of the `<input>` with this id (its calendar, for a date).
    pub fn show_date_picker(id: &str) {
        let input = document()
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            let _ = input.show_picker();
        }
    }

    /// Milliseconds since the epoch of a `<input type="datetime-local">` value, read in the
    /// browser's time zone.
    pub fn local_input_to_millis(value: &str) -> Option<f64> {
        if value.is_empty() {
            return None;
        }
        let millis = js_sys::Date::new(&JsValue::from_str(value)).get_time();
        (!millis.is_nan()).then_some(millis)
    }

    /// A `datetime-local` value for an instant, in the browser's time zone.
    pub fn millis_to_local_input(millis: f64) -> String {
        let date = js_sys::Date::new(&JsValue::from_f64(millis));
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            date.get_full_year(),
            date.get_month() + 1,
            date.get_date(),
            date.get_hours(),
            date.get_minutes()
        )
    }
}

#[cfg(not(feature = "csr"))]
mod web {
    pub fn local_storage_get(_key: &str) -> Option<String> {
        None
    }
    pub fn local_storage_set(_key: &str, _value: &str) {}
    pub fn local_storage_remove(_key: &str) {}
    pub fn set_root_attribute(_name: &str, _value: &str) {}
    pub fn query_param(_name: &str) -> Option<String> {
        None
    }
    pub fn current_path() -> String {
        String::new()
    }
    pub fn replace_location(_path: &str) {}
    pub fn reload() {}
    pub async fn prefetched_config() -> Option<String> {
        None
    }
    pub fn add_style_sheet(_css: &str) {}
    pub fn page_visible() -> bool {
        false
    }
    pub fn confirm(_message: &str) -> bool {
        false
    }
    pub fn download(_file_name: &str, _mime: &str, _text: &str) {}
    pub async fn copy_text(_text: &str) -> bool {
        false
    }
    pub fn show_date_picker(_id: &str) {}
    pub fn local_input_to_millis(value: &str) -> Option<f64> {
        let parsed = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").ok()?;
        Some(parsed.and_utc().timestamp_millis() as f64)
    }
    pub fn millis_to_local_input(millis: f64) -> String {
        chrono::DateTime::from_timestamp_millis(millis as i64)
            .map(|t| t.format("%Y-%m-%dT%H:%M").to_string())
            .unwrap_or_default()
    }
}

pub use web::*;
