//! Typed configuration, read once at start from flags and environment variables.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use clap::Args;
use secrecy::SecretString;

use app::model::{FeatureFlags, Language};

/// Everything the server reads from its environment. Secrets are `SecretString`, so a `Debug` print
/// or a log line never shows them.
#[derive(Args, Debug, Clone)]
pub struct Config {
    /// Database URL: `sqlite://file.db?mode=rwc` or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://felix-hub.db?mode=rwc", global = true)]
    pub database_url: String,

    /// Most connections in the database pool.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 8, global = true)]
    pub database_max_connections: u32,

    /// Address to listen on. Use 0.0.0.0 in a container or on Render.
    #[arg(long, env = "HOST", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST), global = true)]
    pub host: IpAddr,

    /// Port to listen on (Render sets PORT). 0 picks a free port.
    #[arg(long, env = "PORT", default_value_t = 3000, global = true)]
    pub port: u16,

    /// The address users reach the app at, used in links sent by Telegram.
    /// Defaults to http://HOST:PORT.
    #[arg(long, env = "PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// The built web app (Trunk's output) served at `/`.
    #[arg(long, env = "DIST_DIR", default_value = "dist", global = true)]
    pub dist_dir: PathBuf,

    /// How long a sign-in lasts, in days.
    #[arg(long, env = "SESSION_TTL_DAYS", default_value_t = 30, global = true)]
    pub session_ttl_days: u32,

    /// Language of the mechanics' app while ENABLE_MECH_I18N is off.
    #[arg(long, env = "DEFAULT_LANGUAGE", default_value = "he", value_parser = parse_language, global = true)]
    pub default_language: Language,

    /// The shop's time zone: what "today" means on dashboards and in messages (IANA name).
    #[arg(long, env = "SHOP_TIMEZONE", default_value = "Asia/Jerusalem", value_parser = parse_timezone, global = true)]
    pub shop_timezone: chrono_tz::Tz,

    /// Telegram bot token from @BotFather. Without it, notifications are recorded as skipped.
    #[arg(long, env = "TELEGRAM_BOT_TOKEN", hide_env_values = true, global = true)]
    pub telegram_bot_token: Option<SecretString>,

    /// Base URL of the Telegram Bot API (tests point it at a local stand-in).
    #[arg(long, env = "TELEGRAM_API_URL", default_value = "https://api.telegram.org", global = true)]
    pub telegram_api_url: String,

    /// Run the mechanics' bot (long polling). Turn it off on all but one process when several
    /// share a bot token: Telegram allows one poller per bot.
    #[arg(long, env = "TELEGRAM_BOT_POLLING", default_value = "true", value_parser = parse_flag, global = true)]
    pub telegram_bot_polling: bool,

    /// Telegram chat ids that hear about every new order, comma-separated.
    #[arg(long, env = "ADMIN_CHAT_IDS", default_value = "", value_parser = parse_chat_ids, global = true)]
    pub admin_chat_ids: ChatIds,

    /// Seconds `serve` has after SIGTERM or Ctrl-C to finish the requests and Telegram sends in
    /// flight. Past it, the process exits with an error saying what it cut short. Keep it below
    /// the platform's own grace period (Render: 30 s) so that the process stops on its own terms.
    #[arg(long, env = "SHUTDOWN_TIMEOUT_SECS", default_value_t = 20, global = true)]
    pub shutdown_timeout_secs: u64,

    #[command(flatten)]
    pub flags: FlagArgs,

    #[command(flatten)]
    pub observability: ObservabilityArgs,

    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Bounds on what one request, and all of them together, may take.
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Seconds a request may take, body upload included. Past it the answer is a 503 and the
    /// work is dropped (a write not yet committed is rolled back).
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..), global = true)]
    pub request_timeout_secs: u64,

    /// Requests the API and the web app answer at once; one more is a 503 with Retry-After at
    /// once instead of a wait. /health and /metrics are not counted.
    #[arg(long, env = "MAX_CONCURRENT_REQUESTS", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub max_concurrent_requests: u32,

    /// The header a trusted reverse proxy puts the client's address in (Render:
    /// `X-Forwarded-For`); its right-most entry, the one the proxy added, is the address that
    /// sign-in limits count by. Unset, the address is the connection's peer, and the header is
    /// ignored, since any client could send it.
    #[arg(long, env = "TRUSTED_PROXY_HEADER", value_parser = parse_header_name, global = true)]
    pub trusted_proxy_header: Option<axum::http::HeaderName>,

    /// Password checks that may wait for a hashing thread (one per core) before sign-ins are
    /// answered 429 with Retry-After instead of queueing.
    #[arg(long, env = "PASSWORD_HASH_QUEUE", default_value_t = 8, global = true)]
    pub password_hash_queue: u32,
}

impl Default for LimitArgs {
    /// The same values as the command line's defaults.
    fn default() -> Self {
        LimitArgs {
            request_timeout_secs: 30,
            max_concurrent_requests: 256,
            trusted_proxy_header: None,
            password_hash_queue: 8,
        }
    }
}

/// Logs, metrics and the health check's alert threshold.
#[derive(Args, Debug, Clone)]
pub struct ObservabilityArgs {
    /// Log lines as `text` (for people) or `json` (one object per line, for a log service).
    #[arg(long, env = "LOG_FORMAT", default_value = "text", value_parser = parse_log_format, global = true)]
    pub log_format: LogFormat,

    /// Measure requests and serve /metrics. `false` turns both off.
    #[arg(long, env = "METRICS_ENABLED", default_value = "true", value_parser = parse_flag, global = true)]
    pub metrics_enabled: bool,

    /// Bearer token that /metrics asks for on the main port (and on METRICS_ADDR too, when set).
    #[arg(long, env = "METRICS_TOKEN", hide_env_values = true, global = true)]
    pub metrics_token: Option<SecretString>,

    /// A second, private address that serves /metrics only, e.g. 127.0.0.1:9100.
    #[arg(long, env = "METRICS_ADDR", global = true)]
    pub metrics_addr: Option<SocketAddr>,

    /// `/health` answers "degraded" once the oldest waiting Telegram message is older than this.
    #[arg(long, env = "NOTIFY_BACKLOG_ALERT_SECS", default_value_t = 60, global = true)]
    pub notify_backlog_alert_secs: u64,
}

impl Default for ObservabilityArgs {
    /// The same values as the command line's defaults.
    fn default() -> Self {
        ObservabilityArgs {
            log_format: LogFormat::Text,
            metrics_enabled: true,
            metrics_token: None,
            metrics_addr: None,
            notify_backlog_alert_secs: 60,
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

fn parse_log_format(value: &str) -> Result<LogFormat, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "text" | "" => Ok(LogFormat::Text),
        "json" => Ok(LogFormat::Json),
        _ => Err("expected text or json".into()),
    }
}

/// The six feature flags. The two web-app flags also accept the `VITE_` names that the old Vite
/// frontend service read, so settings written for it keep working here.
#[derive(Args, Debug, Clone, Default)]
pub struct FlagArgs {
    /// Car number field on orders.
    #[arg(long, env = "ENABLE_CAR_NUMBER", value_parser = parse_flag, global = true)]
    pub enable_car_number: Option<bool>,
    /// Parts catalog with categories.
    #[arg(long, env = "ENABLE_PART_CATEGORIES", value_parser = parse_flag, global = true)]
    pub enable_part_categories: Option<bool>,
    /// Telegram message to admins for each new order.
    #[arg(long, env = "ENABLE_TG_ADMIN_NOTIFS", value_parser = parse_flag, global = true)]
    pub enable_tg_admin_notifs: Option<bool>,
    /// Telegram message to the mechanic for each change to their order.
    #[arg(long, env = "ENABLE_TG_MECH_NOTIFS", value_parser = parse_flag, global = true)]
    pub enable_tg_mech_notifs: Option<bool>,
    /// Language switcher (he/en/ru) in the web app.
    #[arg(long, env = "ENABLE_MECH_I18N", value_parser = parse_flag, global = true)]
    pub enable_mech_i18n: Option<bool>,
    /// The refreshed theme in the web app.
    #[arg(long, env = "ENABLE_UI_REFRESH", value_parser = parse_flag, global = true)]
    pub enable_ui_refresh: Option<bool>,
    /// Alias of ENABLE_MECH_I18N: the name the old Vite frontend read.
    #[arg(long, env = "VITE_ENABLE_MECH_I18N", value_parser = parse_flag, global = true, hide = true)]
    pub vite_enable_mech_i18n: Option<bool>,
    /// Alias of ENABLE_UI_REFRESH: the name the old Vite frontend read.
    #[arg(long, env = "VITE_ENABLE_UI_REFRESH", value_parser = parse_flag, global = true, hide = true)]
    pub vite_enable_ui_refresh: Option<bool>,
}

impl FlagArgs {
    /// The effective flags. Setting a flag and its `VITE_` alias to different values is refused,
    /// because either choice would surprise whoever set the other one.
    pub fn resolve(&self) -> Result<FeatureFlags, String> {
        fn alias(name: &str, value: Option<bool>, alias: &str, alias_value: Option<bool>) -> Result<bool, String> {
            match (value, alias_value) {
                (Some(a), Some(b)) if a != b => {
                    Err(format!("{name}={a} conflicts with {alias}={b}: set one of them, or both to the same value"))
                }
                (a, b) => Ok(a.or(b).unwrap_or(false)),
            }
        }
        Ok(FeatureFlags {
            enable_car_number: self.enable_car_number.unwrap_or(false),
            enable_part_categories: self.enable_part_categories.unwrap_or(false),
            enable_tg_admin_notifs: self.enable_tg_admin_notifs.unwrap_or(false),
            enable_tg_mech_notifs: self.enable_tg_mech_notifs.unwrap_or(false),
            enable_mech_i18n: alias(
                "ENABLE_MECH_I18N",
                self.enable_mech_i18n,
                "VITE_ENABLE_MECH_I18N",
                self.vite_enable_mech_i18n,
            )?,
            enable_ui_refresh: alias(
                "ENABLE_UI_REFRESH",
                self.enable_ui_refresh,
                "VITE_ENABLE_UI_REFRESH",
                self.vite_enable_ui_refresh,
            )?,
        })
    }
}

impl Config {
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}:{}", self.host, self.port),
        }
    }
}

/// A list of Telegram chat ids (negative for groups).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatIds(pub Vec<i64>);

fn parse_flag(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" | "" => Ok(false),
        _ => Err("expected one of true, false, 1, 0, yes, no, on, off".into()),
    }
}

fn parse_header_name(value: &str) -> Result<axum::http::HeaderName, String> {
    axum::http::HeaderName::from_bytes(value.trim().as_bytes())
        .map_err(|_| format!("{value:?} is not an HTTP header name (e.g. X-Forwarded-For)"))
}

fn parse_chat_ids(value: &str) -> Result<ChatIds, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| id.parse::<i64>().map_err(|_| format!("'{id}' is not a Telegram chat id (an integer)")))
        .collect::<Result<Vec<_>, _>>()
        .map(ChatIds)
}

fn parse_language(value: &str) -> Result<Language, String> {
    value.parse()
}

fn parse_timezone(value: &str) -> Result<chrono_tz::Tz, String> {
    value.trim().parse().map_err(|_| format!("'{value}' is not an IANA time zone such as Asia/Jerusalem"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_accept_the_usual_spellings_in_any_case() {
        for yes in ["true", "TRUE", "1", "yes", "On", " on "] {
            assert_eq!(parse_flag(yes), Ok(true), "{yes}");
        }
        for no in ["false", "False", "0", "NO", "off", ""] {
            assert_eq!(parse_flag(no), Ok(false), "{no}");
        }
        assert!(parse_flag("maybe").is_err());
        assert!(parse_flag("2").is_err());
    }

    #[test]
    fn chat_ids_are_comma_separated_integers() {
        assert_eq!(parse_chat_ids("1, -1002, 3"), Ok(ChatIds(vec![1, -1002, 3])));
        assert_eq!(parse_chat_ids(""), Ok(ChatIds(vec![])));
        assert!(parse_chat_ids("12,abc").unwrap_err().contains("'abc'"));
    }

    #[test]
    fn a_flag_and_its_vite_alias_must_agree() {
        let flags = FlagArgs { vite_enable_mech_i18n: Some(true), ..Default::default() };
        assert!(flags.resolve().unwrap().enable_mech_i18n);
        let flags =
            FlagArgs { enable_ui_refresh: Some(false), vite_enable_ui_refresh: Some(true), ..Default::default() };
        let err = flags.resolve().unwrap_err();
        assert!(err.contains("ENABLE_UI_REFRESH=false") && err.contains("VITE_ENABLE_UI_REFRESH=true"));
    }
}
