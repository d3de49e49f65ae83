//! The Post-Rollout Report's tables, from a baseline snapshot and one taken after the rollout.
//!
//! The counters count since the process started. "Baseline" is everything the baseline snapshot
//! had counted; "Post-Rollout" is what happened after it: the difference between the snapshots,
//! or, when the server restarted in between (a flag change restarts it), all it counted since.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::exposition::Sample;
use super::snapshot::Snapshot;
use crate::commands::smoke::rows::{FLAGS, Outcome, SmokeReport, cell};

/// The plan's targets: error rate under 1%, p95 under 1 s and at most 10% above the baseline,
/// notification failures at most 5%, the web app loaded within 3 s.
const MAX_ERROR_RATE: f64 = 0.01;
const MAX_P95_MS: f64 = 1000.0;
const MAX_P95_GROWTH: f64 = 1.10;
const MIN_NOTIFY_SUCCESS: f64 = 0.95;
const MAX_LOAD_SECS: f64 = 3.0;

struct Window<'a> {
    baseline: &'a Snapshot,
    after: &'a Snapshot,
    restarted: bool,
}

impl Window<'_> {
    /// What the after snapshot counted beyond the baseline.
    fn since(&self, name: &str, keep: impl Fn(&Sample) -> bool + Copy) -> f64 {
        let now = self.after.sum(name, keep);
        if self.restarted { now } else { now - self.baseline.sum(name, keep) }
    }
}

fn counted(sample: &Sample) -> bool {
    // Scrapes are not traffic.
    sample.labels.get("route").is_none_or(|route| route != "/metrics")
}

fn server_error(sample: &Sample) -> bool {
    counted(sample) && sample.labels.get("status").and_then(|s| s.parse::<u16>().ok()).is_some_and(|s| s >= 500)
}

fn api(sample: &Sample) -> bool {
    sample.labels.get("route").is_some_and(|route| route.starts_with("/api/"))
}

fn ratio(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole)
}

/// Request latency buckets of the API as (upper bound, cumulative count), all routes together.
fn api_buckets(snapshot: &Snapshot, minus: Option<&Snapshot>) -> Vec<(f64, f64)> {
    let mut buckets: BTreeMap<String, f64> = BTreeMap::new();
    let mut add = |snapshot: &Snapshot, sign: f64| {
        for sample in snapshot.samples.iter().filter(|s| s.name == "http_request_duration_seconds_bucket" && api(s)) {
            if let Some(le) = sample.labels.get("le") {
                *buckets.entry(le.clone()).or_default() += sign * sample.value;
            }
        }
    };
    add(snapshot, 1.0);
    if let Some(minus) = minus {
        add(minus, -1.0);
    }
    let bound = |le: &str| if le.ends_with("Inf") { f64::INFINITY } else { le.parse().unwrap_or(f64::INFINITY) };
    let mut buckets: Vec<(f64, f64)> = buckets.into_iter().map(|(le, count)| (bound(&le), count)).collect();
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    buckets
}

/// The `q` quantile in milliseconds, interpolated within its bucket as PromQL's
/// `histogram_quantile` does.
fn quantile_ms(buckets: &[(f64, f64)], q: f64) -> Option<f64> {
    let total = buckets.last()?.1;
    if total <= 0.0 {
        return None;
    }
    let rank = q * total;
    let (mut lower, mut below) = (0.0, 0.0);
    for &(upper, count) in buckets {
        if count >= rank {
            if upper.is_infinite() {
                return Some(lower * 1000.0);
            }
            let share = if count > below { (rank - below) / (count - below) } else { 0.0 };
            return Some((lower + (upper - lower) * share) * 1000.0);
        }
        (lower, below) = (upper, count);
    }
    None
}

fn percent(value: Option<f64>) -> String {
    value.map(|v| format!("{:.2}%", v * 100.0)).unwrap_or_else(|| "N/A".into())
}

fn millis(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.1} ms")).unwrap_or_else(|| "N/A".into())
}

fn change(before: Option<f64>, after: Option<f64>, unit: &str, scale: f64) -> String {
    match (before, after) {
        (Some(before), Some(after)) => format!("{:+.2} {unit}", (after - before) * scale),
        _ => "N/A".into(),
    }
}

fn mark(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "✅",
        Some(false) => "❌",
        None => "➖",
    }
}

fn build(snapshot: &Snapshot) -> String {
    let version = snapshot.label("felix_hub_build_info", "version").unwrap_or_else(|| "?".into());
    let commit: String =
        snapshot.label("felix_hub_build_info", "commit").unwrap_or_default().chars().take(12).collect();
    format!("{version} ({commit})")
}

pub fn render(baseline: &Snapshot, after: &Snapshot, smoke: Option<&SmokeReport>) -> String {
    let start = |s: &Snapshot| s.get("process_start_time_seconds", &[]);
    let requests = |s: &Snapshot| s.sum("http_requests_total", counted);
    let restarted = start(baseline) != start(after) || requests(after) < requests(baseline);
    let window = Window { baseline, after, restarted };
    let mut out = String::new();

    let minutes = (after.taken_at - baseline.taken_at).num_minutes();
    let _ = writeln!(out, "## Post-Rollout Report\n\n### Rollout Summary\n");
    let _ = writeln!(out, "**Date Started**: {} (baseline snapshot)  ", baseline.taken_at.format("%Y-%m-%d %H:%M UTC"));
    let _ = writeln!(out, "**Date Completed**: {}  ", after.taken_at.format("%Y-%m-%d %H:%M UTC"));
    let _ = writeln!(out, "**Duration**: {} h {} min  ", minutes / 60, minutes % 60);
    let _ = writeln!(out, "**Build**: {} → {}  ", build(baseline), build(after));
    let since = window.since("http_requests_total", counted);
    let restart_note = if restarted { " (the server restarted in between: counted since its restart)" } else { "" };
    // Counts are whole numbers (and an empty float sum is -0).
    let (before, since_baseline) = (requests(baseline).round() as u64, since.round() as u64);
    let _ = writeln!(out, "**Requests**: {before} before the baseline, {since_baseline} after it{restart_note}\n");

    // Success Metrics.
    let error_before = ratio(baseline.sum("http_requests_total", server_error), requests(baseline));
    let error_after = ratio(window.since("http_requests_total", server_error), since);
    let p95_before = quantile_ms(&api_buckets(baseline, None), 0.95);
    let p95_after = quantile_ms(&api_buckets(after, (!restarted).then_some(baseline)), 0.95);
    fn attempts(outcome: &'static str) -> impl Fn(&Sample) -> bool + Copy {
        move |s: &Sample| s.labels.get("outcome").is_some_and(|o| o == outcome)
    }
    let notify = |sent: f64, failed: f64, retried: f64| ratio(sent, sent + failed + retried);
    let notify_before = notify(
        baseline.sum("felix_hub_notifications_total", attempts("sent")),
        baseline.sum("felix_hub_notifications_total", attempts("failed")),
        baseline.sum("felix_hub_notifications_total", attempts("retried")),
    );
    let notify_after = notify(
        window.since("felix_hub_notifications_total", attempts("sent")),
        window.since("felix_hub_notifications_total", attempts("failed")),
        window.since("felix_hub_notifications_total", attempts("retried")),
    );
    let load = smoke.and_then(|smoke| smoke.rows.iter().find(|row| row.step == "3.3"));
    let load_secs = load.and_then(|row| row.latency_ms).map(|ms| ms / 1000.0);

    let _ = writeln!(out, "### Success Metrics\n");
    let _ = writeln!(out, "| Metric | Baseline | Post-Rollout | Change | Status |");
    let _ = writeln!(out, "|--------|----------|--------------|--------|--------|");
    let mut metric = |name: &str, before: String, after: String, change: String, ok: Option<bool>| {
        let _ = writeln!(out, "| {name} | {before} | {after} | {change} | {} |", mark(ok));
    };
    metric(
        "Error Rate",
        percent(error_before),
        percent(error_after),
        change(error_before, error_after, "pp", 100.0),
        error_after.map(|rate| rate < MAX_ERROR_RATE),
    );
    let p95_ok =
        p95_after.map(|p95| p95 < MAX_P95_MS && p95_before.is_none_or(|before| p95 <= before * MAX_P95_GROWTH));
    metric(
        "API Response Time (p95)",
        millis(p95_before),
        millis(p95_after),
        change(p95_before, p95_after, "ms", 1.0),
        p95_ok,
    );
    metric(
        "Notification Success Rate",
        percent(notify_before),
        percent(notify_after),
        change(notify_before, notify_after, "pp", 100.0),
        notify_after.map(|rate| rate >= MIN_NOTIFY_SUCCESS),
    );
    metric(
        "Frontend Load Time",
        "N/A".into(),
        load_secs.map(|s| format!("{s:.2}s")).unwrap_or_else(|| "N/A".into()),
        "N/A".into(),
        load.map(|row| row.outcome == Outcome::Pass && load_secs.is_some_and(|s| s < MAX_LOAD_SECS)),
    );
    let _ = writeln!(out);

    // Feature Verification.
    let _ = writeln!(out, "### Feature Verification\n");
    let _ = writeln!(out, "| Feature | Enabled | Verified | Issues | Status |");
    let _ = writeln!(out, "|---------|---------|----------|--------|--------|");
    for flag in FLAGS {
        let gauge = |name: &str| after.get(name, &[("flag", flag)]).is_some_and(|v| v >= 1.0);
        let (enabled, effective) = (gauge("felix_hub_flag_configured"), gauge("felix_hub_flag_effective"));
        let rows: Vec<_> =
            smoke.map(|s| s.rows.iter().filter(|r| r.flag.as_deref() == Some(flag)).collect()).unwrap_or_default();
        let verified = if rows.iter().any(|r| r.outcome == Outcome::Fail) {
            Some(false)
        } else if rows.iter().any(|r| r.outcome == Outcome::Pass) {
            Some(true)
        } else {
            None
        };
        let mut issues: Vec<String> = Vec::new();
        if enabled && !effective {
            issues.push("on but not effective (see /admin/system)".into());
        }
        issues.extend(rows.iter().filter(|r| r.outcome == Outcome::Fail).map(|r| format!("{}: {}", r.check, r.detail)));
        let issues = if issues.is_empty() { "—".to_owned() } else { cell(&issues.join("; ")) };
        let status = enabled && effective && verified != Some(false);
        let _ = writeln!(
            out,
            "| {flag} | {} | {} | {issues} | {} |",
            mark(Some(enabled)),
            mark(verified),
            mark(Some(status))
        );
    }
    let _ = writeln!(
        out,
        "\nError rate: 5xx answers among all requests but scrapes. p95: the API's routes (`/api/…`), from the \
         latency histogram. Notification success: sent among all delivery attempts (sent, failed, retried), so \
         an outage counts while messages wait. Frontend load time: the web app's files as fetched by `felix-hub \
         smoke` (not a browser). Verified: the smoke checks of that flag (➖ when none ran)."
    );
    out
}

#[cfg(test)]
mod tests {
    use super::quantile_ms;

    #[test]
    fn quantiles_interpolate_within_their_bucket() {
        let buckets = [(0.001, 50.0), (0.01, 90.0), (0.1, 100.0), (f64::INFINITY, 100.0)];
        assert_eq!(quantile_ms(&buckets, 0.5), Some(1.0));
        let p95 = quantile_ms(&buckets, 0.95).unwrap();
        assert!((p95 - 55.0).abs() < 1e-9, "{p95}");
        assert_eq!(quantile_ms(&[(0.001, 0.0), (f64::INFINITY, 0.0)], 0.95), None);
        assert_eq!(quantile_ms(&[(0.5, 0.0), (f64::INFINITY, 4.0)], 0.95), Some(500.0));
    }
}
