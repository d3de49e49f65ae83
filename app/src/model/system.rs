//! What the admin's System page shows: whether each flag really takes effect, and the
//! Telegram outbox.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::PilotMember;

/// One feature flag: the environment's default, an admin's override, the value in force, and
/// whether it can actually work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlagStatus {
    /// The environment variable, e.g. `ENABLE_TG_ADMIN_NOTIFS`.
    pub name: String,
    /// The environment's value, which holds while there is no override.
    pub default: bool,
    /// An admin's override (System page or `felix-hub flags set`), if any.
    #[serde(rename = "override")]
    pub override_value: Option<bool>,
    /// The value in force: the override, else the default.
    pub enabled: bool,
    /// On, and everything it needs is there.
    pub effective: bool,
    /// Why an enabled flag does not take effect, e.g. "on, but TELEGRAM_BOT_TOKEN is not set".
    pub note: Option<String>,
    /// The same, as a code the web app words in its own language.
    pub reason: Option<FlagReason>,
    /// The mechanics it is on for while it is off for everyone else; only the three pilot flags
    /// (ENABLE_TG_MECH_NOTIFS, ENABLE_MECH_I18N, ENABLE_UI_REFRESH) have one.
    pub pilot: Option<Vec<PilotMember>>,
}

/// Why a flag that is on does not take effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagReason {
    /// TELEGRAM_BOT_TOKEN is not set.
    NoToken,
    /// ADMIN_CHAT_IDS is empty.
    NoAdminChats,
    /// The migration the flag needs is not applied.
    MigrationMissing,
}

/// `GET /api/admin/flags`: every flag, and whether overrides can be set at all (the flags'
/// migration is applied).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlagsOverview {
    pub flags: Vec<FlagStatus>,
    pub overrides_available: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SystemStatus {
    pub version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    pub flags: Vec<FlagStatus>,
    pub telegram_configured: bool,
    pub admin_chat_ids: usize,
    pub outbox: OutboxCounts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationStatus {
    /// Waiting to be sent, or to be retried.
    Pending,
    Sent,
    /// Telegram refused it for good (chat not found, bot blocked); the reason is kept.
    Failed,
    /// Not sent because no bot token is configured.
    Skipped,
}

impl NotificationStatus {
    pub const ALL: [NotificationStatus; 4] = [
        NotificationStatus::Pending,
        NotificationStatus::Sent,
        NotificationStatus::Failed,
        NotificationStatus::Skipped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationStatus::Pending => "pending",
            NotificationStatus::Sent => "sent",
            NotificationStatus::Failed => "failed",
            NotificationStatus::Skipped => "skipped",
        }
    }
}

impl std::str::FromStr for NotificationStatus {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        NotificationStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
            .ok_or_else(|| format!("'{value}' is not a notification status"))
    }
}

/// A Telegram message in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    pub order_id: Option<i64>,
    /// `admin` or `mechanic`.
    pub audience: String,
    pub chat_id: i64,
    pub body: String,
    pub status: NotificationStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// Query parameters of the outbox list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct NotificationQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<NotificationStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationPage {
    pub notifications: Vec<Notification>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// The body of `POST /api/auth/telegram-link-code`: the password again, so that a token alone
/// (a borrowed phone, a stolen token) cannot tie someone else's chat to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TelegramLinkRequest {
    pub current_password: String,
}

/// A one-time code a mechanic sends to the bot (`/link CODE`) to tie their Telegram chat to
/// their account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TelegramLinkCode {
    pub code: String,
    pub expires_at: DateTime<Utc>,
    /// The bot's @username, when the server knows it, for a t.me link.
    pub bot_username: Option<String>,
}
