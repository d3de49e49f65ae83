//! The smoke test's result: one row per check, with the rollout plan's step and wording, and its
//! three printed forms (a plain table, JSON for `felix-hub report --smoke`, Markdown).

use serde::{Deserialize, Serialize};

/// The plan's six flags, in its order: the keys of `/api/config/feature-flags`, and what a row's
/// `flag` names.
pub const FLAGS: [&str; 6] = [
    "ENABLE_CAR_NUMBER",
    "ENABLE_PART_CATEGORIES",
    "ENABLE_TG_ADMIN_NOTIFS",
    "ENABLE_TG_MECH_NOTIFS",
    "ENABLE_MECH_I18N",
    "ENABLE_UI_REFRESH",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Outcome {
    Pass,
    Fail,
    Skip,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "PASS",
            Outcome::Fail => "FAIL",
            Outcome::Skip => "SKIP",
        }
    }
}

/// One check.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    /// The plan's step, e.g. `2.1` or `Pre-rollout`.
    pub step: String,
    /// The plan's wording of what is checked.
    pub check: String,
    pub outcome: Outcome,
    /// How long the check took, when it made a request.
    pub latency_ms: Option<f64>,
    pub detail: String,
    /// The feature flag the check verifies, if any (for the report's Feature Verification).
    pub flag: Option<String>,
}

impl Row {
    pub fn new(step: &str, check: &str, outcome: Outcome, detail: impl Into<String>) -> Row {
        Row { step: step.into(), check: check.into(), outcome, latency_ms: None, detail: detail.into(), flag: None }
    }

    pub fn flag(mut self, flag: &str) -> Row {
        self.flag = Some(flag.into());
        self
    }

    pub fn took(mut self, latency: std::time::Duration) -> Row {
        self.latency_ms = Some((latency.as_secs_f64() * 1000.0 * 10.0).round() / 10.0);
        self
    }
}

/// Everything a smoke run found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SmokeReport {
    pub url: String,
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub rows: Vec<Row>,
}

impl SmokeReport {
    pub fn new(url: &str, rows: Vec<Row>) -> SmokeReport {
        let count = |outcome| rows.iter().filter(|row| row.outcome == outcome).count();
        SmokeReport {
            url: url.to_owned(),
            passed: count(Outcome::Pass),
            failed: count(Outcome::Fail),
            skipped: count(Outcome::Skip),
            rows,
        }
    }

    fn summary(&self) -> String {
        format!("Smoke test of {}: {} PASS, {} FAIL, {} SKIP", self.url, self.passed, self.failed, self.skipped)
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("rows serialise") + "\n"
    }

    pub fn markdown(&self) -> String {
        let mut out = String::from("| Step | Check | Result | Latency | Detail |\n|---|---|---|---|---|\n");
        for row in &self.rows {
            let result = match row.outcome {
                Outcome::Pass => "✅ PASS",
                Outcome::Fail => "❌ FAIL",
                Outcome::Skip => "➖ SKIP",
            };
            out.push_str(&format!(
                "| {} | {} | {result} | {} | {} |\n",
                cell(&row.step),
                cell(&row.check),
                latency(row.latency_ms),
                cell(&row.detail)
            ));
        }
        out.push_str(&format!("\n{}\n", self.summary()));
        out
    }

    pub fn table(&self) -> String {
        let headers = ["STEP", "RESULT", "LATENCY", "CHECK", "DETAIL"];
        let cells: Vec<[String; 5]> = self
            .rows
            .iter()
            .map(|row| {
                [
                    row.step.clone(),
                    row.outcome.as_str().to_owned(),
                    latency(row.latency_ms),
                    row.check.clone(),
                    row.detail.clone(),
                ]
            })
            .collect();
        let width = |column: usize| {
            cells.iter().map(|row| row[column].chars().count()).chain([headers[column].len()]).max().unwrap_or(0)
        };
        let widths: Vec<usize> = (0..4).map(width).collect();
        let line = |values: [&str; 5]| {
            let mut line = String::new();
            for (column, value) in values.iter().enumerate().take(4) {
                line.push_str(&format!("{value:<width$}  ", width = widths[column]));
            }
            line.push_str(values[4]);
            line.trim_end().to_owned() + "\n"
        };
        let mut out = line(headers);
        for row in &cells {
            out.push_str(&line([&row[0], &row[1], &row[2], &row[3], &row[4]]));
        }
        out.push_str(&format!("\n{}\n", self.summary()));
        out
    }
}

fn latency(ms: Option<f64>) -> String {
    ms.map(|ms| format!("{ms:.0} ms")).unwrap_or_else(|| "—".into())
}

/// Text for a Markdown table cell: a `|` would end the cell, a line break the row.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
