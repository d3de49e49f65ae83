//! A reader of the Prometheus text format (version 0.0.4), as `/metrics` writes it: every sample
//! line becomes a name, its labels and its value. Comments (`# HELP`, `# TYPE`) are skipped; a
//! line that is not a valid sample is an error naming the line, so a truncated answer is noticed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

pub fn parse(text: &str) -> Result<Vec<Sample>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(number, line)| sample(line).ok_or_else(|| format!("line {}: not a metric sample: {line}", number + 1)))
        .collect()
}

fn sample(line: &str) -> Option<Sample> {
    let name_end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))?;
    let name = &line[..name_end];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut rest = &line[name_end..];
    let mut labels = BTreeMap::new();
    if let Some(after_brace) = rest.strip_prefix('{') {
        rest = after_brace;
        loop {
            rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix('}') {
                rest = after;
                break;
            }
            let key_end = rest.find('=')?;
            let key = rest[..key_end].trim();
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return None;
            }
            let (value, after) = quoted(rest[key_end + 1..].trim_start())?;
            labels.insert(key.to_owned(), value);
            rest = after.trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest);
        }
    }
    let mut fields = rest.split_whitespace();
    let value = number(fields.next()?)?;
    // An optional timestamp, then nothing.
    if fields.next().is_some_and(|t| t.parse::<i64>().is_err()) || fields.next().is_some() {
        return None;
    }
    Some(Sample { name: name.to_owned(), labels, value })
}

/// A double-quoted label value with `\\`, `\"` and `\n` escapes; returns it and what follows.
fn quoted(text: &str) -> Option<(String, &str)> {
    let mut chars = text.strip_prefix('"')?.char_indices();
    let mut value = String::new();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((value, &text[at + 2..])),
            '\\' => match chars.next()?.1 {
                'n' => value.push('\n'),
                escaped @ ('\\' | '"') => value.push(escaped),
                _ => return None,
            },
            c => value.push(c),
        }
    }
    None
}

fn number(text: &str) -> Option<f64> {
    match text {
        "+Inf" | "Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        _ => text.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_labels_with_escapes_and_values() {
        let text = "# HELP x_total A help.\n# TYPE x_total counter\n\
                    x_total{route=\"/api/orders/{id}\",q=\"a\\\"b\\\\c\"} 7\n\
                    up 1 1700000000\nh_bucket{le=\"+Inf\"} 3\ng -Inf\n";
        let samples = parse(text).unwrap();
        assert_eq!(samples.len(), 4);
        assert_eq!(samples[0].labels["route"], "/api/orders/{id}");
        assert_eq!(samples[0].labels["q"], "a\"b\\c");
        assert_eq!(samples[0].value, 7.0);
        assert_eq!((samples[1].name.as_str(), samples[1].value), ("up", 1.0));
        assert_eq!(samples[2].labels["le"], "+Inf");
        assert_eq!(samples[3].value, f64::NEG_INFINITY);
    }

    #[test]
    fn a_broken_line_is_an_error_naming_it() {
        assert!(parse("ok 1\nbroken{le=\"1\" 2\n").unwrap_err().starts_with("line 2:"));
        assert!(parse("x{a=\"1\"}").is_err(), "no value");
        assert!(parse("x 1 2 3").is_err(), "trailing fields");
        assert!(parse("<html>").is_err());
    }
}
