//! Dates, numbers, money and durations as the reader's language writes them. Dates and numbers go
//! through the browser's `Intl` (Fluent's own NUMBER has no locale formatting); durations through
//! the translations.

use chrono::{DateTime, NaiveDate, Utc};
use leptos_fluent::tr;

use crate::model::Language;

#[cfg(feature = "csr")]
mod intl {
    use wasm_bindgen::JsValue;

    fn options(pairs: &[(&str, &str)]) -> js_sys::Object {
        let object = js_sys::Object::new();
        for (key, value) in pairs {
            let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
        }
        object
    }

    fn locales(language: &str) -> js_sys::Array {
        js_sys::Array::of1(&JsValue::from_str(language))
    }

    pub fn date_time(millis: f64, language: &str, pairs: &[(&str, &str)]) -> String {
        let format = js_sys::Intl::DateTimeFormat::new(&locales(language), &options(pairs));
        let date = js_sys::Date::new(&JsValue::from_f64(millis));
        format.format().call1(&JsValue::UNDEFINED, &date).ok().and_then(|s| s.as_string()).unwrap_or_default()
    }

    /// `value` is a plain decimal string: Intl formats such strings exactly, so money never
    /// passes through a float.
    pub fn number(value: &str, language: &str, pairs: &[(&str, &str)]) -> String {
        let format = js_sys::Intl::NumberFormat::new(&locales(language), &options(pairs));
        format
            .format()
            .call1(&JsValue::UNDEFINED, &JsValue::from_str(value))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| value.to_owned())
    }
}

#[cfg(not(feature = "csr"))]
mod intl {
    pub fn date_time(millis: f64, _language: &str, _pairs: &[(&str, &str)]) -> String {
        chrono::DateTime::from_timestamp_millis(millis as i64).map(|t| t.to_rfc3339()).unwrap_or_default()
    }

    pub fn number(value: &str, _language: &str, _pairs: &[(&str, &str)]) -> String {
        value.to_owned()
    }
}

/// Day and time, short: "25.11.2025, 14:05" in Russian.
pub fn date_time(at: &DateTime<Utc>, language: Language) -> String {
    intl::date_time(at.timestamp_millis() as f64, language.code(), &[("dateStyle", "short"), ("timeStyle", "short")])
}

/// Time of day only.
pub fn time_of_day(at: &DateTime<Utc>, language: Language) -> String {
    intl::date_time(at.timestamp_millis() as f64, language.code(), &[("timeStyle", "short")])
}

/// A calendar day with its weekday, e.g. "Tuesday, 25 November 2025".
pub fn day(date: NaiveDate, language: Language) -> String {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    // The day is a calendar day, not an instant: format it in UTC so no time zone moves it.
    intl::date_time(midnight.timestamp_millis() as f64, language.code(), &[("dateStyle", "full"), ("timeZone", "UTC")])
}

pub fn number(value: i64, language: Language) -> String {
    intl::number(&value.to_string(), language.code(), &[])
}

/// Integer agorot as shekels, two decimals, with the ₪ sign where the language puts it.
pub fn money(agorot: i64, language: Language) -> String {
    let sign = if agorot < 0 { "-" } else { "" };
    let agorot = agorot.unsigned_abs();
    let decimal = format!("{sign}{}.{:02}", agorot / 100, agorot % 100);
    intl::number(&decimal, language.code(), &[("style", "currency"), ("currency", "ILS")])
}

/// Tracked time in hours and minutes, as words of the language: "2 h 05 min".
pub fn duration(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    let (hours, minutes) = (minutes / 60, minutes % 60);
    if hours == 0 {
        tr!("duration-minutes", { "minutes" => minutes })
    } else {
        tr!("duration-hours-minutes", { "hours" => hours, "minutes" => format!("{minutes:02}") })
    }
}

/// A running clock: "1:02:03".
pub fn clock(seconds: i64) -> String {
    let seconds = seconds.max(0);
    format!("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn a_clock_counts_hours_minutes_and_seconds() {
        assert_eq!(clock(0), "0:00:00");
        assert_eq!(clock(3723), "1:02:03");
        assert_eq!(clock(-5), "0:00:00");
    }
}
