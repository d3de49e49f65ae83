//! A snapshot of `/metrics` at one moment, as the report compares them, and how to take one.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::exposition::{self, Sample};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub taken_at: DateTime<Utc>,
    pub url: String,
    pub samples: Vec<Sample>,
}

impl Snapshot {
    /// Reads `URL/metrics` now, with METRICS_TOKEN as the bearer token when it is set.
    pub async fn take(url: &str) -> anyhow::Result<Snapshot> {
        let url = url.trim_end_matches('/');
        let client = reqwest::Client::builder().timeout(Duration::from_secs(15)).build()?;
        let mut request = client.get(format!("{url}/metrics"));
        if let Some(token) = std::env::var("METRICS_TOKEN").ok().filter(|t| !t.trim().is_empty()) {
            request = request.bearer_auth(token.trim());
        }
        let response = request.send().await.with_context(|| format!("cannot reach {url}/metrics"))?;
        let status = response.status();
        let text = response.text().await?;
        anyhow::ensure!(
            status.is_success(),
            "{url}/metrics answered {status}: {} (set METRICS_TOKEN, or use the METRICS_ADDR listener)",
            text.trim()
        );
        let samples = exposition::parse(&text).map_err(anyhow::Error::msg)?;
        // JSON has no infinities; no counter or gauge of ours holds one.
        let samples = samples.into_iter().filter(|s| s.value.is_finite()).collect();
        Ok(Snapshot { taken_at: Utc::now(), url: url.to_owned(), samples })
    }

    pub fn read(path: &Path) -> anyhow::Result<Snapshot> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{} is not a snapshot from `report snapshot`", path.display()))
    }

    /// The sum of the samples named `name` whose labels pass `keep`.
    pub fn sum(&self, name: &str, keep: impl Fn(&Sample) -> bool) -> f64 {
        self.samples.iter().filter(|s| s.name == name && keep(s)).map(|s| s.value).sum()
    }

    /// The value of an unlabelled sample, or one with exactly these labels.
    pub fn get(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        self.samples
            .iter()
            .find(|s| s.name == name && labels.iter().all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v)))
            .map(|s| s.value)
    }

    pub fn label(&self, name: &str, label: &str) -> Option<String> {
        self.samples.iter().find(|s| s.name == name).and_then(|s| s.labels.get(label).cloned())
    }
}
