//! Matching what people type against stored text: the SQL LIKE pattern for "contains", and the
//! squeezed form in which VINs and car numbers are compared.

use sea_orm::sea_query::LikeExpr;

use app::model::{AppError, validation::MAX_SEARCH};

/// What was typed into a search box or filter, trimmed; empty means no filter. Text longer than
/// `MAX_SEARCH` characters is refused with a 422 naming the field.
pub fn search_text<'a>(field: &str, typed: Option<&'a str>) -> Result<Option<&'a str>, AppError> {
    match typed.map(str::trim).filter(|text| !text.is_empty()) {
        Some(text) if text.chars().count() > MAX_SEARCH => {
            Err(AppError::validation(field, format!("A search has at most {MAX_SEARCH} characters.")))
        }
        text => Ok(text),
    }
}

/// A LIKE pattern matching `text` anywhere, with LIKE's own wildcards escaped. NUL characters
/// are dropped: no stored text holds one, and PostgreSQL refuses a query that does.
pub fn contains(text: &str) -> LikeExpr {
    let escaped = text.replace('\0', "").replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// Upper case without spaces and dashes: how VINs and car numbers are compared.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_is_trimmed_and_bounded() {
        assert_eq!(search_text("q", None), Ok(None));
        assert_eq!(search_text("q", Some("  ")), Ok(None));
        assert_eq!(search_text("q", Some(" pads ")), Ok(Some("pads")));
        let longest = "ж".repeat(MAX_SEARCH);
        assert_eq!(search_text("q", Some(&longest)), Ok(Some(longest.as_str())));
        let error = search_text("vin", Some(&"A".repeat(MAX_SEARCH + 1))).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("vin"));
    }

    #[test]
    fn squeezing_drops_spaces_and_dashes_and_upper_cases() {
        assert_eq!(squeeze(" 12-345 67 "), "1234567");
        assert_eq!(squeeze("wvw zzz-1kz"), "WVWZZZ1KZ");
    }
}
