//! Matching what people type against stored text: the SQL LIKE pattern for "contains", and the
//! squeezed form in which VINs and car numbers are compared.

use sea_orm::sea_query::LikeExpr;

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
    fn squeezing_drops_spaces_and_dashes_and_upper_cases() {
        assert_eq!(squeeze(" 12-345 67 "), "1234567");
        assert_eq!(squeeze("wvw zzz-1kz"), "WVWZZZ1KZ");
    }
}
