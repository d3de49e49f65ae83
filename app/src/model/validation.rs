//! Input rules shared by the web app's forms and the server, so both say the same thing.

use super::AppError;

/// Longest values the database holds.
pub const MAX_VIN: usize = 17;
pub const MAX_CAR_NUMBER: usize = 20;
pub const MAX_PART_TYPE: usize = 200;
pub const MAX_CATEGORY: usize = 100;
pub const MAX_NAME: usize = 100;
pub const MAX_COMMENT: usize = 2000;
pub const MAX_QUANTITY: i32 = 999;
pub const MIN_PASSWORD: usize = 8;
pub const MAX_PASSWORD: usize = 200;
/// The longest text a search box or list filter takes: longer than anything it could match,
/// and a LIKE over every row costs more the longer its pattern.
pub const MAX_SEARCH: usize = 100;
/// 10 million ₪: anything above is a typo.
pub const MAX_PRICE_AGOROT: i64 = 1_000_000_000;

/// Several fields checked together, so that a form shows every field at fault at once instead of
/// one per try.
#[derive(Debug, Default)]
pub struct Checks(Vec<AppError>);

impl Checks {
    /// The checked value, or `None` with its error kept.
    pub fn check<T>(&mut self, result: Result<T, AppError>) -> Option<T> {
        result.map_err(|error| self.0.push(error)).ok()
    }

    /// `value` (built from the checked values) when every check passed, else every error.
    pub fn done<T>(self, value: Option<T>) -> Result<T, Vec<AppError>> {
        match value {
            Some(value) if self.0.is_empty() => Ok(value),
            _ => Err(self.0),
        }
    }
}

/// A VIN, upper-cased, spaces removed: letters and digits, 1 to 17 of them (a partial VIN from a
/// worn plate is still useful to the parts desk).
pub fn normalize_vin(vin: &str) -> Result<String, AppError> {
    let vin: String = vin.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if vin.is_empty() {
        return Err(AppError::validation("vin", "The VIN is required."));
    }
    if !vin.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(AppError::validation("vin", "A VIN has only Latin letters and digits."));
    }
    if vin.chars().count() > MAX_VIN {
        return Err(AppError::validation("vin", format!("A VIN has at most {MAX_VIN} characters.")));
    }
    Ok(vin)
}

/// A car (licence plate) number, trimmed: up to 20 letters, digits, spaces and dashes, e.g.
/// `12-345-67`. Empty means none.
pub fn normalize_car_number(car_number: &str) -> Result<Option<String>, AppError> {
    let car_number = car_number.trim();
    if car_number.is_empty() {
        return Ok(None);
    }
    if car_number.chars().count() > MAX_CAR_NUMBER {
        return Err(AppError::validation(
            "car_number",
            format!("A car number has at most {MAX_CAR_NUMBER} characters."),
        ));
    }
    if !car_number.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-') {
        return Err(AppError::validation("car_number", "A car number has only letters, digits, spaces and dashes."));
    }
    Ok(Some(car_number.to_uppercase()))
}

/// Required free text: trimmed, not empty, at most `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::validation(field, format!("{} is required.", label(field))));
    }
    if value.chars().count() > max {
        return Err(AppError::validation(field, format!("{} has at most {max} characters.", label(field))));
    }
    // Control characters are never typed on purpose, and PostgreSQL cannot store NUL at all.
    // Line breaks and tabs stay: comments have paragraphs.
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(AppError::validation(field, format!("{} has a control character.", label(field))));
    }
    Ok(value.to_owned())
}

/// Optional free text: trimmed, empty means none, at most `max` characters.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>, AppError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => required_text(field, value, max).map(Some),
    }
}

pub fn quantity(field: &str, quantity: i32) -> Result<i32, AppError> {
    if (1..=MAX_QUANTITY).contains(&quantity) {
        Ok(quantity)
    } else {
        Err(AppError::validation(field, format!("The quantity is a whole number from 1 to {MAX_QUANTITY}.")))
    }
}

pub fn price(field: &str, agorot: i64) -> Result<i64, AppError> {
    if (0..=MAX_PRICE_AGOROT).contains(&agorot) {
        Ok(agorot)
    } else {
        Err(AppError::validation(field, "The price must be between 0 and 10,000,000 ₪."))
    }
}

/// A login name: 3 to 64 of a-z, 0-9, dot, dash and underscore, lower-cased. `@` and `+` are
/// allowed too, so that an email address can be a username: mechanics brought over from
/// FelixPartsBot sign in with the address they always used.
pub fn username(username: &str) -> Result<String, AppError> {
    let username = username.trim().to_lowercase();
    let ok = (3..=64).contains(&username.len())
        && username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_@+".contains(c));
    if ok {
        Ok(username)
    } else {
        Err(AppError::validation(
            "username",
            "A username has 3 to 64 Latin letters, digits, dots, dashes or underscores, or is an email address.",
        ))
    }
}

pub fn password(field: &str, password: &str) -> Result<(), AppError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        return Err(AppError::validation(field, format!("A password has at least {MIN_PASSWORD} characters.")));
    }
    if length > MAX_PASSWORD {
        return Err(AppError::validation(field, format!("A password has at most {MAX_PASSWORD} characters.")));
    }
    Ok(())
}

/// Reads an amount of shekels as typed ("12", "12.5", "12.50", "1,234.50") into agorot, without
/// going through floating point.
pub fn parse_shekels(field: &str, text: &str) -> Result<i64, AppError> {
    let invalid = || AppError::validation(field, "Enter an amount like 120 or 99.90.");
    let text: String = text.trim().chars().filter(|c| *c != ',' && *c != '₪' && !c.is_whitespace()).collect();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err(invalid());
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !fraction.chars().all(|c| c.is_ascii_digit()) || fraction.len() > 2
    {
        return Err(invalid());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| invalid())? };
    let fraction: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().map_err(|_| invalid())? * 10,
        _ => fraction.parse().map_err(|_| invalid())?,
    };
    let agorot = whole.checked_mul(100).and_then(|a| a.checked_add(fraction)).ok_or_else(invalid)?;
    price(field, agorot)
}

/// Agorot as shekels with two decimals: 123450 → "1,234.50".
pub fn format_shekels(agorot: i64) -> String {
    let sign = if agorot < 0 { "-" } else { "" };
    let agorot = agorot.unsigned_abs();
    let whole = (agorot / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}.{:02}", agorot % 100)
}

fn label(field: &str) -> String {
    let mut label = field.replace('_', " ");
    if let Some(first) = label.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lower_cased_and_may_be_email_addresses() {
        assert_eq!(username(" Avi.Cohen ").unwrap(), "avi.cohen");
        assert_eq!(username("Ivan.Petrov+shop@Example.COM").unwrap(), "ivan.petrov+shop@example.com");
        assert!(username("ab").is_err());
        assert!(username("иван@example.com").is_err(), "Cyrillic");
        assert!(username("a b@example.com").is_err(), "space");
        assert!(username(&format!("{}@example.com", "a".repeat(60))).is_err(), "longer than 64");
    }

    #[test]
    fn vins_are_upper_cased_and_checked() {
        assert_eq!(normalize_vin("test123456789").unwrap(), "TEST123456789");
        assert_eq!(normalize_vin("TESTADMIN123456").unwrap(), "TESTADMIN123456");
        assert_eq!(normalize_vin(" 1hg cm8263 3a004352 ").unwrap(), "1HGCM82633A004352");
        assert_eq!(normalize_vin("").unwrap_err().field.as_deref(), Some("vin"));
        assert!(normalize_vin("WVW-ZZZ").is_err());
        assert!(normalize_vin("1HGCM82633A0043521").is_err(), "18 characters");
        assert!(normalize_vin("ВАЗ2107").is_err(), "Cyrillic");
    }

    #[test]
    fn car_numbers_allow_letters_digits_spaces_and_dashes() {
        assert_eq!(normalize_car_number("12-345-67").unwrap(), Some("12-345-67".into()));
        assert_eq!(normalize_car_number("99-999-99").unwrap(), Some("99-999-99".into()));
        assert_eq!(normalize_car_number("  ").unwrap(), None);
        assert!(normalize_car_number("12_345").is_err());
        assert!(normalize_car_number(&"1".repeat(21)).is_err());
        assert!(normalize_car_number(&"1".repeat(20)).is_ok());
    }

    #[test]
    fn shekels_parse_without_floats() {
        assert_eq!(parse_shekels("p", "12").unwrap(), 1200);
        assert_eq!(parse_shekels("p", "12.5").unwrap(), 1250);
        assert_eq!(parse_shekels("p", "0.07").unwrap(), 7);
        assert_eq!(parse_shekels("p", "1,234.50 ₪").unwrap(), 123450);
        assert!(parse_shekels("p", "12.345").is_err());
        assert!(parse_shekels("p", "-3").is_err());
        assert!(parse_shekels("p", "abc").is_err());
        assert!(parse_shekels("p", "").is_err());
        assert!(parse_shekels("p", "99999999999999999999").is_err());
        assert_eq!(format_shekels(123450), "1,234.50");
        assert_eq!(format_shekels(7), "0.07");
        assert_eq!(format_shekels(100000000), "1,000,000.00");
    }

    #[test]
    fn text_fields_are_trimmed_and_bounded() {
        assert_eq!(required_text("part_type", "  brake_pads ", 200).unwrap(), "brake_pads");
        let error = required_text("part_type", "  ", 200).unwrap_err();
        assert_eq!(error.message, "Part type is required.");
        assert!(required_text("x", &"a".repeat(201), 200).is_err());
        assert_eq!(optional_text("c", Some("  "), 10).unwrap(), None);
        assert_eq!(required_text("body", "two\nlines\tand a tab", 50).unwrap(), "two\nlines\tand a tab");
        assert!(required_text("body", "nul\0", 50).is_err());
        assert!(required_text("body", "bell\u{7}", 50).is_err());
    }
}
