//! The shop's calendar: which time zone a request means, when a local day or week starts, and
//! the date bounds clients send. Storage is UTC; these turn local days into UTC instants.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use app::model::AppError;

use super::error::{ServiceResult, fail};

/// The zone a client asked for by IANA name, or the shop's when it named none.
pub fn timezone(shop: Tz, name: Option<&str>) -> ServiceResult<Tz> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(shop),
        Some(name) => name.parse().map_err(|_| {
            AppError::validation("tz", format!("'{name}' is not an IANA time zone such as Asia/Jerusalem.")).into()
        }),
    }
}

/// The instant a local day starts. Midnight can fall in a daylight-saving gap in a few zones; the
/// first valid instant after it is used then.
pub fn local_midnight(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let mut local = date.and_hms_opt(0, 0, 0).expect("midnight");
    for _ in 0..4 {
        if let Some(instant) = tz.from_local_datetime(&local).earliest() {
            return instant.with_timezone(&Utc);
        }
        local += Duration::minutes(30);
    }
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight"))
}

pub fn today(tz: Tz) -> NaiveDate {
    Utc::now().with_timezone(&tz).date_naive()
}

pub fn today_start(tz: Tz) -> DateTime<Utc> {
    local_midnight(tz, today(tz))
}

/// The Sunday that starts the week of `date`: the Israeli working week starts on Sunday.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_sunday()))
}

/// Sunday 00:00 of this week in `tz`.
pub fn this_week_start(tz: Tz) -> DateTime<Utc> {
    local_midnight(tz, week_start(today(tz)))
}

/// The years a date from a client may fall in. PostgreSQL cannot store years before 4713 BC,
/// and a query with one fails; nothing in a repair shop's records is that old (or past 9999).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// Refuses a date outside `YEARS`, naming the field it came in.
pub fn check_year(field: &str, date: NaiveDate) -> ServiceResult<()> {
    if YEARS.contains(&date.year()) {
        Ok(())
    } else {
        fail(AppError::validation(
            field,
            format!("{date} is out of range: dates run from {} to {}.", YEARS.start(), YEARS.end()),
        ))
    }
}

/// A list bound: a day (`2026-11-25`, read in `tz`; an upper bound includes the whole day) or an
/// RFC 3339 instant.
pub fn parse_bound(field: &str, text: &str, tz: Tz, upper: bool) -> ServiceResult<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        check_year(field, date)?;
        let date = if upper { date.succ_opt().unwrap_or(date) } else { date };
        return Ok(local_midnight(tz, date));
    }
    let instant = DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).map_err(|_| {
        AppError::validation(field, format!("'{text}' is not a date (YYYY-MM-DD) or an RFC 3339 time."))
    })?;
    check_year(field, instant.date_naive())?;
    Ok(instant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_days_start_at_local_midnight() {
        let date = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        // Israel is UTC+3 in summer.
        assert_eq!(local_midnight(chrono_tz::Asia::Jerusalem, date).to_rfc3339(), "2026-06-30T21:00:00+00:00");
    }

    #[test]
    fn weeks_start_on_sunday() {
        let wednesday = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(week_start(wednesday), NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        let sunday = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(week_start(sunday), sunday);
    }
}
