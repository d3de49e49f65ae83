//! `felix-hub report`: the rollout plan's Post-Rollout Report from `/metrics`.
//! `report snapshot --url URL` saves the counters as a baseline; later
//! `report --baseline FILE --url URL [--smoke FILE]` prints the Success Metrics and the Feature
//! Verification tables in Markdown, before and after side by side. `/metrics` is read with
//! `Authorization: Bearer $METRICS_TOKEN` when that variable is set.

mod exposition;
mod snapshot;
mod tables;

use std::path::PathBuf;

use anyhow::Context;

use self::snapshot::Snapshot;
use super::smoke::rows::SmokeReport;

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub action: Option<ReportAction>,
    /// The snapshot taken before the rollout (`report snapshot`).
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// The server to read now (its /metrics, on the main port or METRICS_ADDR).
    #[arg(long, conflicts_with = "after")]
    pub url: Option<String>,
    /// A snapshot taken after the rollout, instead of reading a server now.
    #[arg(long)]
    pub after: Option<PathBuf>,
    /// The JSON of `felix-hub smoke --format json`, for the Verified column and the load time.
    #[arg(long)]
    pub smoke: Option<PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
pub enum ReportAction {
    /// Save the server's counters now (the baseline) as JSON.
    Snapshot {
        /// The server (its /metrics, on the main port or METRICS_ADDR).
        #[arg(long)]
        url: String,
        /// Where to write it; standard output when left out.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub async fn run(args: ReportArgs) -> anyhow::Result<()> {
    if let Some(ReportAction::Snapshot { url, out }) = args.action {
        let snapshot = Snapshot::take(&url).await?;
        let json = serde_json::to_string_pretty(&snapshot)? + "\n";
        match out {
            Some(path) => std::fs::write(&path, json).with_context(|| format!("cannot write {}", path.display()))?,
            None => print!("{json}"),
        }
        return Ok(());
    }
    let baseline =
        Snapshot::read(args.baseline.as_ref().context("--baseline FILE is needed (from `report snapshot`)")?)?;
    let after = match (&args.after, &args.url) {
        (Some(path), _) => Snapshot::read(path)?,
        (None, Some(url)) => Snapshot::take(url).await?,
        (None, None) => anyhow::bail!("give --url URL to read the server now, or --after FILE"),
    };
    let smoke = match &args.smoke {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            Some(
                serde_json::from_str::<SmokeReport>(&text)
                    .with_context(|| format!("{} is not smoke JSON", path.display()))?,
            )
        }
        None => None,
    };
    print!("{}", tables::render(&baseline, &after, smoke.as_ref()));
    Ok(())
}
