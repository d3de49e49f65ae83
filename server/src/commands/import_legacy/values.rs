//! Values as the old database hands them over: every column is read as text (SQLite and
//! PostgreSQL spell integers, booleans, times and floats differently, and text is what both can
//! give), and parsed here into what Felix Hub stores.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// An integer column. A float with nothing after the point (SQLite keeps `2.0` in an INTEGER
/// column when Python wrote a float) counts too.
pub fn integer(text: &str) -> Option<i64> {
    let text = text.trim();
    text.parse::<i64>().ok().or_else(|| {
        let float = text.parse::<f64>().ok()?;
        (float.fract() == 0.0 && float.abs() < 9e15).then_some(float as i64)
    })
}

/// A boolean column: SQLAlchemy writes 0 and 1 on SQLite; PostgreSQL's text form is true/false.
pub fn boolean(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "t" | "true" | "y" | "yes" | "on" => Some(true),
        "0" | "f" | "false" | "n" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// A timestamp. FelixPartsBot wrote `datetime.utcnow()`, so a time without an offset is UTC.
/// SQLAlchemy's SQLite form is `2025-03-01 08:00:00.123456`; PostgreSQL's text form of a
/// `timestamp` is the same, and of a `timestamptz` ends in an offset such as `+00`.
pub fn timestamp(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    for format in ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"] {
        if let Ok(at) = DateTime::parse_from_str(text, format) {
            return Some(at.with_timezone(&Utc));
        }
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M"] {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
            return Some(at.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(|day| day.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
}

/// A price in shekels, as the old `Float` column gives it, in agorot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agorot {
    pub agorot: i64,
    /// The price had more than two decimals and was rounded, half up.
    pub rounded: bool,
}

/// Reads a price in shekels into agorot, rounding half up to the agora. It works on the decimal
/// text of the float (the shortest text that reads back as the same float, as both databases and
/// Python print it), so 19.99 is 1999 agorot and 0.125 rounds to 13, where arithmetic on the
/// binary float would give 1998.99… and 12.49…. `None` for text that is not a finite number.
pub fn shekels(text: &str) -> Option<Agorot> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // All the digits, and where the decimal point falls among them once the exponent moves it.
    let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).map(|b| b - b'0').collect();
    let point = whole.len() as i64 + i64::from(exponent);
    // Agorot are the digits up to two places after the point; the next digit decides the rounding.
    let cut = point + 2;
    let digit = |i: i64| if i >= 0 && (i as usize) < digits.len() { i64::from(digits[i as usize]) } else { 0 };
    let mut agorot: i64 = 0;
    for i in 0..cut.max(0) {
        agorot = agorot.checked_mul(10)?.checked_add(digit(i))?;
    }
    let rest_nonzero = (cut.max(0)..digits.len() as i64).any(|i| digit(i) != 0);
    if digit(cut.max(0)) >= 5 && cut >= 0 {
        agorot = agorot.checked_add(1)?;
    }
    let agorot = if negative { -agorot } else { agorot };
    Some(Agorot { agorot, rounded: rest_nonzero })
}

/// Agorot as shekels with two decimals, for the report: 1999 → "19.99".
pub fn as_shekels(agorot: i64) -> String {
    format!("{}{}.{:02}", if agorot < 0 { "-" } else { "" }, agorot.unsigned_abs() / 100, agorot.unsigned_abs() % 100)
}

/// `text` trimmed and cut to at most `max` characters, and whether it was cut.
pub fn fit(text: &str, max: usize) -> (String, bool) {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((end, _)) => (text[..end].trim_end().to_owned(), true),
        None => (text.to_owned(), false),
    }
}

/// Text PostgreSQL cannot store (NUL) or that nobody typed (other control characters besides
/// line breaks and tabs) is cleaned rather than refused: the rest of the text is worth keeping.
pub fn clean(text: &str) -> (String, bool) {
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        (text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')).collect(), true)
    } else {
        (text.to_owned(), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agorot(text: &str) -> (i64, bool) {
        let Agorot { agorot, rounded } = shekels(text).unwrap_or_else(|| panic!("{text}"));
        (agorot, rounded)
    }

    #[test]
    fn prices_become_agorot_rounded_half_up_on_their_decimal_text() {
        assert_eq!(agorot("19.99"), (1999, false), "not 1998 from 19.99 * 100 = 1998.99…");
        assert_eq!(agorot("150.0"), (15000, false));
        assert_eq!(agorot("150"), (15000, false));
        assert_eq!(agorot("0.125"), (13, true), "half up, though the float is 0.1249…");
        assert_eq!(agorot("12.345"), (1235, true));
        assert_eq!(agorot("12.344"), (1234, true));
        assert_eq!(agorot("99.999"), (10000, true));
        assert_eq!(agorot("0.004"), (0, true));
        assert_eq!(agorot(".5"), (50, false));
        assert_eq!(agorot("1e-05"), (0, true), "PostgreSQL's text for a tiny float");
        assert_eq!(agorot("1.5e+3"), (150000, false));
        assert_eq!(agorot("2.5E2"), (25000, false));
        assert_eq!(agorot("-3.5"), (-350, false));
        for bad in ["", "abc", "NaN", "Infinity", "1.2.3", "1e", "9e30"] {
            assert_eq!(shekels(bad), None, "{bad}");
        }
        assert_eq!(as_shekels(1999), "19.99");
        assert_eq!(as_shekels(5), "0.05");
    }

    #[test]
    fn timestamps_in_either_database_s_text_form_are_utc() {
        let expected = "2025-03-01T08:00:00.123456Z";
        for text in [
            "2025-03-01 08:00:00.123456",
            "2025-03-01T08:00:00.123456",
            "2025-03-01 08:00:00.123456+00",
            "2025-03-01 10:00:00.123456+02:00",
            "2025-03-01T08:00:00.123456Z",
        ] {
            assert_eq!(
                timestamp(text).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)).as_deref(),
                Some(expected),
                "{text}"
            );
        }
        assert_eq!(timestamp("2025-03-01 08:00:00").unwrap().to_rfc3339(), "2025-03-01T08:00:00+00:00");
        assert_eq!(timestamp("2025-03-01").unwrap().to_rfc3339(), "2025-03-01T00:00:00+00:00");
        assert_eq!(timestamp("yesterday"), None);
    }

    #[test]
    fn booleans_and_integers_in_either_database_s_text_form() {
        assert_eq!(
            (boolean("1"), boolean("true"), boolean("f"), boolean("0")),
            (Some(true), Some(true), Some(false), Some(false))
        );
        assert_eq!(boolean("maybe"), None);
        assert_eq!((integer("42"), integer("2.0"), integer(" 7 "), integer("2.5")), (Some(42), Some(2), Some(7), None));
    }

    #[test]
    fn text_is_cut_on_character_boundaries_and_cleaned() {
        assert_eq!(fit("  Миша Иванов ", 4), ("Миша".to_owned(), true));
        assert_eq!(fit("אבי", 10), ("אבי".to_owned(), false));
        assert_eq!(clean("a\u{0}b\nc"), ("ab\nc".to_owned(), true));
        assert_eq!(clean("ok\ttab"), ("ok\ttab".to_owned(), false));
    }
}
