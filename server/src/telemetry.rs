//! Logging setup: `tracing` with `RUST_LOG`-style filtering, as text or as one JSON object per line.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber once, as text. `default_filter` applies when `RUST_LOG` is unset.
pub fn init(default_filter: &str) {
    init_with(default_filter, LogFormat::Text);
}

/// Installs the global subscriber once in `format`. Colours only reach a terminal, and never when
/// `NO_COLOR` is set: escape codes in a log file or a platform's log view are noise.
pub fn init_with(default_filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    let _ = match format {
        // Flattened, so a request line reads {"level":"INFO","route":…,"status":…}; the span list
        // carries the request id into every line logged while the request runs.
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).with_span_list(true).try_init(),
        LogFormat::Text => builder.with_ansi(colours_wanted()).try_init(),
    };
}

fn colours_wanted() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    std::io::stdout().is_terminal() && !no_color
}
