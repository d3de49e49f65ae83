//! The admin's CSV export of the orders a list's filters select, for both the REST route and the
//! web app's server function.

use std::borrow::Cow;

use chrono::Utc;
use chrono_tz::Tz;
use sea_orm::QuerySelect;

use app::model::{AppError, Order, OrderQuery, Viewer};

use super::query::filter;
use super::row::{OrderRow, to_wire};
use crate::services::access::Access;
use crate::services::{ServiceResult, Services};

/// Most rows a CSV export holds.
pub const MAX_EXPORT_ROWS: u64 = 10_000;

/// A CSV file ready to send.
pub struct CsvExport {
    /// `felix-hub-orders-YYYY-MM-DD.csv`, the shop's day.
    pub file_name: String,
    /// UTF-8 with a byte-order mark.
    pub bytes: Vec<u8>,
}

/// Every order the filters select (up to `MAX_EXPORT_ROWS`), newest first, as CSV. Times are in
/// the shop's time zone.
pub async fn export_csv(services: &Services, viewer: &Viewer, query: &OrderQuery) -> ServiceResult<CsvExport> {
    viewer.require_admin()?;
    let flags = services.flags();
    let filter = filter(services, viewer, query)?;
    let rows = filter.rows(flags).limit(MAX_EXPORT_ROWS).into_model::<OrderRow>().all(&services.db.read).await?;
    let orders: Vec<Order> = rows.into_iter().map(|row| to_wire(flags, row)).collect();
    let tz = services.shop_timezone;
    let bytes = to_csv(&orders, flags.enable_car_number, tz).map_err(|error| {
        tracing::error!(%error, "CSV export failed");
        AppError::internal()
    })?;
    let day = Utc::now().with_timezone(&tz).format("%Y-%m-%d");
    Ok(CsvExport { file_name: format!("felix-hub-orders-{day}.csv"), bytes })
}

/// Orders as CSV, with a byte-order mark so that spreadsheet programs read Hebrew and Russian right.
fn to_csv(rows: &[Order], car_number: bool, tz: Tz) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut header = vec!["id", "created_at", "status", "mechanic", "vin"];
    if car_number {
        header.push("car_number");
    }
    header.extend(["category", "part", "original_or_analog", "quantity", "tracked_hours", "comments"]);
    writer.write_record(&header)?;
    for order in rows {
        let mut record = vec![
            order.id.to_string(),
            order.created_at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
            order.status.to_string(),
            order.mechanic_name.clone(),
            order.vin.clone(),
        ];
        if car_number {
            record.push(order.car_number.clone().unwrap_or_default());
        }
        record.extend([
            order.category.clone(),
            order.part_type.clone(),
            order.original_or_analog.as_str().to_owned(),
            order.quantity.to_string(),
            format!("{:.2}", order.tracked_seconds as f64 / 3600.0),
            order.comment_count.to_string(),
        ]);
        for cell in &record {
            writer.write_field(inert(cell).as_bytes())?;
        }
        writer.write_record(None::<&[u8]>)?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// A cell a spreadsheet shows as text, never runs: one that starts with `=`, `+`, `-` or `@` (a
/// formula to Excel, LibreOffice and Google Sheets), or with a tab or carriage return (which some
/// of them skip before looking), gets a leading `'`, as OWASP's CSV injection advice says. Names,
/// parts and categories are typed by mechanics, and the file is opened by an admin.
fn inert(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn a_cell_that_could_start_a_formula_is_quoted_and_others_are_not() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")"] {
            assert_eq!(inert(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["", "brake pads", "1=1", "a-b", "12-345-67", "2026-01-01 10:00", "'=1", "ОЗ", "בלמים"] {
            assert_eq!(inert(cell), cell, "{cell:?}");
        }
    }
}
