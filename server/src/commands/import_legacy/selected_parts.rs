//! `orders.selected_parts`, the JSON column with what a mechanic asked for. The bot wrote a list of
//! part names; later versions a list of objects (`partId`, `name`, `quantity`, `price`,
//! `isCustom`, `note`, and `customPartId` where the part came from `custom_part_items`). Rows
//! written by hand or by other tools may hold a single name, a number, or text that is not JSON.

use serde_json::{Map, Value};

use super::values;

/// One part the mechanic asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub name: String,
    pub quantity: Option<i64>,
    /// The price in shekels as decimal text.
    pub price: Option<String>,
    /// The old catalog's part id.
    pub part_id: Option<i64>,
    /// A `custom_part_items` row the entry repeats.
    pub custom_part_id: Option<i64>,
    pub note: Option<String>,
    /// The entry had something besides these fields (kept in the order's history, verbatim).
    pub extra: bool,
}

/// The column read into entries, and whether reading it lost any shape the entries cannot show.
#[derive(Debug, Default, PartialEq)]
pub struct Selected {
    pub entries: Vec<Entry>,
    /// The text was not JSON and is taken as one part's name.
    pub not_json: bool,
}

impl Selected {
    /// The names as the old admin panel showed them, joined by commas.
    pub fn names(&self) -> String {
        self.entries.iter().map(|e| e.name.as_str()).filter(|n| !n.is_empty()).collect::<Vec<_>>().join(", ")
    }

    /// Something in the list has no field of its own in Felix Hub (a note, an unknown key).
    pub fn has_extras(&self) -> bool {
        self.entries.iter().any(|e| e.extra || e.note.is_some())
    }
}

pub fn parse(raw: Option<&str>) -> Selected {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else { return Selected::default() };
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Array(values)) => Selected { entries: values.iter().filter_map(entry).collect(), not_json: false },
        Ok(value) => Selected { entries: entry(&value).into_iter().collect(), not_json: false },
        Err(_) => Selected { entries: vec![Entry { name: raw.to_owned(), ..Entry::default() }], not_json: true },
    }
}

const KNOWN: [&str; 12] = [
    "partId",
    "part_id",
    "name",
    "quantity",
    "price",
    "isCustom",
    "is_custom",
    "note",
    "description",
    "part_number",
    "customPartId",
    "custom_part_id",
];

fn entry(value: &Value) -> Option<Entry> {
    match value {
        Value::Null => None,
        Value::String(name) => Some(Entry { name: name.trim().to_owned(), ..Entry::default() }),
        Value::Number(_) | Value::Bool(_) => Some(Entry { name: value.to_string(), ..Entry::default() }),
        Value::Array(_) => Some(Entry { name: value.to_string(), extra: true, ..Entry::default() }),
        Value::Object(object) => Some(from_object(object)),
    }
}

fn from_object(object: &Map<String, Value>) -> Entry {
    let get = |keys: &[&str]| keys.iter().find_map(|k| object.get(*k)).filter(|v| !v.is_null());
    let text = |keys: &[&str]| {
        get(keys).map(|v| match v {
            Value::String(s) => s.trim().to_owned(),
            other => other.to_string(),
        })
    };
    let integer = |keys: &[&str]| text(keys).and_then(|t| values::integer(&t));
    // The old code's own reading: the note, or else a description or part number.
    let note = text(&["note"]).filter(|n| !n.is_empty()).or_else(|| text(&["description", "part_number"]));
    Entry {
        name: text(&["name"]).unwrap_or_default(),
        quantity: integer(&["quantity"]),
        price: text(&["price"]).filter(|p| !p.is_empty()),
        part_id: integer(&["partId", "part_id"]),
        custom_part_id: integer(&["customPartId", "custom_part_id"]),
        note: note.filter(|n| !n.is_empty()),
        extra: object.keys().any(|k| !KNOWN.contains(&k.as_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bot_s_list_of_names() {
        let selected = parse(Some(r#"["Передние колодки", "Тормозная жидкость"]"#));
        assert_eq!(selected.names(), "Передние колодки, Тормозная жидкость");
        assert!(!selected.has_extras() && !selected.not_json);
        assert_eq!(selected.entries[0], Entry { name: "Передние колодки".into(), ..Entry::default() });
    }

    #[test]
    fn the_newer_list_of_objects() {
        let selected = parse(Some(
            r#"[{"partId": 3, "name": "Масляный фильтр", "quantity": 2, "price": 35.5, "isCustom": false},
                {"partId": null, "name": "Прокладка", "quantity": "1", "price": 19.99, "isCustom": true, "note": "от крышки"},
                {"name": "Свеча", "customPartId": 7, "added_at": "2025-01-01"}]"#,
        ));
        let [filter, gasket, plug] = &selected.entries[..] else { panic!("{selected:?}") };
        assert_eq!((filter.part_id, filter.quantity, filter.price.as_deref()), (Some(3), Some(2), Some("35.5")));
        assert_eq!(
            (gasket.quantity, gasket.price.as_deref(), gasket.note.as_deref()),
            (Some(1), Some("19.99"), Some("от крышки"))
        );
        assert_eq!((plug.custom_part_id, plug.extra), (Some(7), true));
        assert!(selected.has_extras());
    }

    #[test]
    fn odd_shapes_keep_their_text() {
        assert_eq!(parse(Some(r#""Лампа H7""#)).names(), "Лампа H7");
        assert_eq!(parse(Some("42")).names(), "42");
        let not_json = parse(Some("Колодки, диски"));
        assert!(not_json.not_json);
        assert_eq!(not_json.names(), "Колодки, диски");
        assert_eq!(parse(Some("[]")), Selected::default());
        assert_eq!(parse(None), Selected::default());
        assert_eq!(parse(Some("null")), Selected::default());
        let nested = parse(Some(r#"[["a", "b"]]"#));
        assert!(nested.entries[0].extra && nested.names() == r#"["a","b"]"#);
    }
}
