//! Dates, numbers, money and durations as the reader's language writes them, and dates typed the
//! same way read back. Dates and numbers go through the browser's `Intl` (Fluent's own NUMBER has
//! no locale formatting), times on the shop's clock (SHOP_TIMEZONE, not the phone's zone);
//! durations through the translations.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use leptos_fluent::tr;

use crate::model::Language;

#[cfg(feature = "csr")]
mod intl {
    use wasm_bindgen::{JsCast, JsValue};

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

    /// Formats in `zone` (an IANA name) where given. A zone this browser's Intl does not know
    /// throws there: then the browser's own zone, rather than nothing.
    pub fn date_time(millis: f64, language: &str, pairs: &[(&str, &str)], zone: Option<&str>) -> String {
        let zoned = zone.and_then(|zone| {
            let mut pairs = pairs.to_vec();
            pairs.push(("timeZone", zone));
            date_time_format(language, &pairs)
        });
        let Some(format) = zoned.or_else(|| date_time_format(language, pairs)) else { return String::new() };
        let date = js_sys::Date::new(&JsValue::from_f64(millis));
        format.format().call1(&JsValue::UNDEFINED, &date).ok().and_then(|s| s.as_string()).unwrap_or_default()
    }

    /// `new Intl.DateTimeFormat(…)`, with its RangeError caught (js_sys's constructor would throw).
    fn date_time_format(language: &str, pairs: &[(&str, &str)]) -> Option<js_sys::Intl::DateTimeFormat> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
        let constructor: js_sys::Function =
            js_sys::Reflect::get(&intl, &JsValue::from_str("DateTimeFormat")).ok()?.dyn_into().ok()?;
        let arguments = js_sys::Array::of2(&locales(language), &options(pairs));
        let format = js_sys::Reflect::construct(&constructor, &arguments).ok()?;
        Some(format.unchecked_into())
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
    pub fn date_time(millis: f64, _language: &str, _pairs: &[(&str, &str)], _zone: Option<&str>) -> String {
        chrono::DateTime::from_timestamp_millis(millis as i64).map(|t| t.to_rfc3339()).unwrap_or_default()
    }

    pub fn number(value: &str, _language: &str, _pairs: &[(&str, &str)]) -> String {
        value.to_owned()
    }
}

/// Day and time, short, on the shop's clock: "25.11.2025, 14:05" in Russian.
pub fn date_time(at: &DateTime<Utc>, language: Language) -> String {
    let zone = crate::config::shop_timezone();
    let pairs = [("dateStyle", "short"), ("timeStyle", "short")];
    intl::date_time(at.timestamp_millis() as f64, language.code(), &pairs, zone.as_deref())
}

/// Time of day only, on the shop's clock.
pub fn time_of_day(at: &DateTime<Utc>, language: Language) -> String {
    let zone = crate::config::shop_timezone();
    intl::date_time(at.timestamp_millis() as f64, language.code(), &[("timeStyle", "short")], zone.as_deref())
}

/// A calendar day with its weekday, e.g. "Tuesday, 25 November 2025".
pub fn day(date: NaiveDate, language: Language) -> String {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    // The day is a calendar day, not an instant: format it in UTC so no time zone moves it.
    intl::date_time(midnight.timestamp_millis() as f64, language.code(), &[("dateStyle", "full")], Some("UTC"))
}

/// How a language writes a date by hand, in the order of its short dates above: day.month.year
/// in Hebrew and Russian, month/day/year in English (Intl's `en` is American).
fn typed_layout(language: Language) -> (bool, char) {
    match language {
        Language::En => (false, '/'),
        Language::He | Language::Ru => (true, '.'),
    }
}

/// A calendar day as the language types it, with two-digit day and month: "06.12.2026",
/// "12/06/2026".
pub fn typed_day(date: NaiveDate, language: Language) -> String {
    let (day_first, separator) = typed_layout(language);
    let (first, second) = if day_first { (date.day(), date.month()) } else { (date.month(), date.day()) };
    format!("{first:02}{separator}{second:02}{separator}{:04}", date.year())
}

/// Reads a day typed in the language's order ("6.12.2026", "12/6/26"), with any of `. / - `
/// and spaces between the numbers, or as ISO ("2026-12-06", what the browser's calendar gives).
/// A two-digit year is this century's. None for anything that is not a real day.
pub fn parse_typed_day(text: &str, language: Language) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split(['.', '/', '-', ' ']).filter(|part| !part.is_empty()).collect();
    let [a, b, c] = parts[..] else { return None };
    if ![a, b, c].iter().all(|part| part.len() <= 4 && part.bytes().all(|byte| byte.is_ascii_digit())) {
        return None;
    }
    let number = |part: &str| part.parse::<u32>().ok();
    let year = |part: &str| match part.len() {
        4 => part.parse::<i32>().ok(),
        2 => part.parse::<i32>().ok().map(|year| 2000 + year),
        _ => None,
    };
    let (year, month, day) = if a.len() == 4 {
        (year(a)?, number(b)?, number(c)?)
    } else {
        let (day_first, _) = typed_layout(language);
        let (day, month) = if day_first { (number(a)?, number(b)?) } else { (number(b)?, number(a)?) };
        (year(c)?, month, day)
    };
    NaiveDate::from_ymd_opt(year, month, day)
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
    use chrono::NaiveDate;

    use super::{clock, parse_typed_day, typed_day};
    use crate::model::Language;

    #[test]
    fn a_typed_day_reads_back_in_each_languages_order() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        assert_eq!(typed_day(day, Language::Ru), "04.03.2026");
        assert_eq!(typed_day(day, Language::He), "04.03.2026");
        assert_eq!(typed_day(day, Language::En), "03/04/2026");
        for language in Language::ALL {
            assert_eq!(parse_typed_day(&typed_day(day, language), language), Some(day), "{language:?}");
            assert_eq!(parse_typed_day("2026-03-04", language), Some(day), "ISO in {language:?}");
        }
        assert_eq!(parse_typed_day("4.3.26", Language::Ru), Some(day));
        assert_eq!(parse_typed_day(" 4/3/2026 ", Language::He), Some(day));
        assert_eq!(parse_typed_day("3/4/26", Language::En), Some(day));
    }

    #[test]
    fn what_is_not_a_real_day_is_refused() {
        for text in
            ["", "31.02.2026", "13/13/2026", "1.2", "1.2.3.4", "aa.bb.cccc", "1.2.202", "+1.2.2026", "01.01.99999"]
        {
            assert_eq!(parse_typed_day(text, Language::Ru), None, "{text:?}");
        }
        // Russian order read as English: the 13th month does not exist.
        assert_eq!(parse_typed_day("25.12.2026", Language::En), None);
    }

    #[test]
    fn a_clock_counts_hours_minutes_and_seconds() {
        assert_eq!(clock(0), "0:00:00");
        assert_eq!(clock(3723), "1:02:03");
        assert_eq!(clock(-5), "0:00:00");
    }
}
