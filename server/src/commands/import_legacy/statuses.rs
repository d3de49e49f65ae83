//! FelixPartsBot's two status columns and the one status a Felix Hub order has.
//!
//! `status` is the parts desk's view (новый, в работе, готов, выдан); `work_status` is the
//! mechanic's (новый, назначен, в работе, на паузе, завершен). An order takes whichever of the
//! two is further along, so a mechanic's finished or paused work is not lost behind a parts status
//! nobody updated. Felix Hub has no "paused": a paused order is in progress, and its history says
//! it was paused.

use crate::entities::order::Status;

/// What the two columns make of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mapped {
    pub status: Status,
    /// `work_status` said на паузе.
    pub paused: bool,
}

/// Why an order's status cannot be mapped; the order is skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub column: &'static str,
    pub value: String,
}

/// The mapping, as the README lists it: (column, old value, Felix Hub status, paused).
pub const MAPPING: [(&str, &str, Status, bool); 9] = [
    ("status", "новый", Status::New, false),
    ("status", "в работе", Status::InProgress, false),
    ("status", "готов", Status::Ready, false),
    ("status", "выдан", Status::Completed, false),
    ("work_status", "новый", Status::New, false),
    ("work_status", "назначен", Status::New, false),
    ("work_status", "в работе", Status::InProgress, false),
    ("work_status", "на паузе", Status::InProgress, true),
    ("work_status", "завершен", Status::Completed, false),
];

/// Case, spaces and ё (завершён) do not matter.
fn normal(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace('ё', "е")
}

fn lookup(column: &str, value: &str) -> Option<(Status, bool)> {
    let value = normal(value);
    MAPPING.iter().find(|(c, old, _, _)| *c == column && *old == value).map(|(_, _, status, paused)| (*status, *paused))
}

/// How far along an order is, for taking the further of the two columns.
fn rank(status: Status) -> u8 {
    match status {
        Status::New => 0,
        Status::InProgress => 1,
        Status::Ready => 2,
        Status::Completed | Status::Cancelled => 3,
    }
}

/// Maps an order's `status` and `work_status` (either may be missing: a NULL `status` is the
/// model's default, новый). An empty `work_status` says nothing.
pub fn map(status: Option<&str>, work: Option<&str>) -> Result<Mapped, Unknown> {
    let base = match status.filter(|s| !s.trim().is_empty()) {
        None => Status::New,
        Some(value) => lookup("status", value).ok_or_else(|| Unknown { column: "status", value: value.to_owned() })?.0,
    };
    let (work, paused) = match work.filter(|s| !s.trim().is_empty()) {
        None => (Status::New, false),
        Some(value) => {
            lookup("work_status", value).ok_or_else(|| Unknown { column: "work_status", value: value.to_owned() })?
        }
    };
    let status = if rank(work) > rank(base) { work } else { base };
    Ok(Mapped { status, paused })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: Option<&str>, work: Option<&str>) -> Status {
        map(status, work).unwrap().status
    }

    #[test]
    fn each_parts_status_maps_on_its_own() {
        assert_eq!(status(Some("новый"), None), Status::New);
        assert_eq!(status(Some("в работе"), None), Status::InProgress);
        assert_eq!(status(Some("готов"), None), Status::Ready);
        assert_eq!(status(Some("выдан"), None), Status::Completed);
        assert_eq!(status(None, None), Status::New, "the model's default");
        assert_eq!(status(Some(" В  работе "), Some("")), Status::InProgress);
    }

    #[test]
    fn the_work_status_wins_where_it_says_more() {
        assert_eq!(map(Some("новый"), Some("на паузе")), Ok(Mapped { status: Status::InProgress, paused: true }));
        assert_eq!(status(Some("новый"), Some("завершен")), Status::Completed);
        assert_eq!(status(Some("готов"), Some("завершён")), Status::Completed);
        assert_eq!(status(Some("готов"), Some("в работе")), Status::Ready, "the parts are ready either way");
        assert_eq!(status(Some("выдан"), Some("новый")), Status::Completed);
        assert_eq!(status(Some("новый"), Some("назначен")), Status::New);
    }

    #[test]
    fn an_unknown_value_names_its_column() {
        assert_eq!(map(Some("потерян"), None), Err(Unknown { column: "status", value: "потерян".into() }));
        assert_eq!(
            map(Some("новый"), Some("отложен")),
            Err(Unknown { column: "work_status", value: "отложен".into() })
        );
    }

    #[test]
    fn the_readme_lists_every_mapping() {
        let readme = include_str!("../../../../README.md");
        for (column, old, status, paused) in MAPPING {
            let shown =
                if paused { format!("`{}` (paused)", status.as_str()) } else { format!("`{}`", status.as_str()) };
            let row = format!("| `{column}` | {old} | {shown} |");
            assert!(readme.contains(&row), "README lacks the row {row}");
        }
    }
}
