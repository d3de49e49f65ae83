//! The six feature flags, in the JSON shape of `GET /api/config/feature-flags`.

use serde::{Deserialize, Serialize};

/// Which features are on. Serialised with the environment variable names as keys, so operations
/// read the same names in `GET /api/config/feature-flags` as in the service's environment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FeatureFlags {
    #[serde(rename = "ENABLE_CAR_NUMBER")]
    pub enable_car_number: bool,
    #[serde(rename = "ENABLE_PART_CATEGORIES")]
    pub enable_part_categories: bool,
    #[serde(rename = "ENABLE_TG_ADMIN_NOTIFS")]
    pub enable_tg_admin_notifs: bool,
    #[serde(rename = "ENABLE_TG_MECH_NOTIFS")]
    pub enable_tg_mech_notifs: bool,
    #[serde(rename = "ENABLE_MECH_I18N")]
    pub enable_mech_i18n: bool,
    #[serde(rename = "ENABLE_UI_REFRESH")]
    pub enable_ui_refresh: bool,
}

/// What the web app needs to know before it draws anything: the flags, the language to use while
/// ENABLE_MECH_I18N is off, the shop's time zone and the Telegram bot, if there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppConfig {
    pub flags: FeatureFlags,
    pub default_language: super::Language,
    /// SHOP_TIMEZONE, an IANA name ("Asia/Jerusalem"): times on screen are the shop's clock,
    /// whatever zone the phone or the browser is set to.
    pub shop_timezone: String,
    /// The bot's @username without the `@`, once the server has a bot token and Telegram has
    /// told it the name (getMe). None: no bot in this shop (or not yet known), so the profile
    /// offers no link code.
    pub telegram_bot: Option<String>,
}

/// One of the six flags, named by its environment variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Flag {
    #[serde(rename = "ENABLE_CAR_NUMBER")]
    CarNumber,
    #[serde(rename = "ENABLE_PART_CATEGORIES")]
    PartCategories,
    #[serde(rename = "ENABLE_TG_ADMIN_NOTIFS")]
    TgAdminNotifs,
    #[serde(rename = "ENABLE_TG_MECH_NOTIFS")]
    TgMechNotifs,
    #[serde(rename = "ENABLE_MECH_I18N")]
    MechI18n,
    #[serde(rename = "ENABLE_UI_REFRESH")]
    UiRefresh,
}

impl Flag {
    /// In the order of `GET /api/config/feature-flags`.
    pub const ALL: [Flag; 6] = [
        Flag::CarNumber,
        Flag::PartCategories,
        Flag::TgAdminNotifs,
        Flag::TgMechNotifs,
        Flag::MechI18n,
        Flag::UiRefresh,
    ];

    /// The environment variable.
    pub fn name(self) -> &'static str {
        match self {
            Flag::CarNumber => "ENABLE_CAR_NUMBER",
            Flag::PartCategories => "ENABLE_PART_CATEGORIES",
            Flag::TgAdminNotifs => "ENABLE_TG_ADMIN_NOTIFS",
            Flag::TgMechNotifs => "ENABLE_TG_MECH_NOTIFS",
            Flag::MechI18n => "ENABLE_MECH_I18N",
            Flag::UiRefresh => "ENABLE_UI_REFRESH",
        }
    }

    /// Whether the flag can be on for a pilot group of mechanics while it is off for the rest:
    /// the ones a mechanic sees or hears for themselves.
    pub fn has_pilot(self) -> bool {
        matches!(self, Flag::TgMechNotifs | Flag::MechI18n | Flag::UiRefresh)
    }

    pub fn get(self, flags: &FeatureFlags) -> bool {
        match self {
            Flag::CarNumber => flags.enable_car_number,
            Flag::PartCategories => flags.enable_part_categories,
            Flag::TgAdminNotifs => flags.enable_tg_admin_notifs,
            Flag::TgMechNotifs => flags.enable_tg_mech_notifs,
            Flag::MechI18n => flags.enable_mech_i18n,
            Flag::UiRefresh => flags.enable_ui_refresh,
        }
    }

    pub fn set(self, flags: &mut FeatureFlags, value: bool) {
        let field = match self {
            Flag::CarNumber => &mut flags.enable_car_number,
            Flag::PartCategories => &mut flags.enable_part_categories,
            Flag::TgAdminNotifs => &mut flags.enable_tg_admin_notifs,
            Flag::TgMechNotifs => &mut flags.enable_tg_mech_notifs,
            Flag::MechI18n => &mut flags.enable_mech_i18n,
            Flag::UiRefresh => &mut flags.enable_ui_refresh,
        };
        *field = value;
    }
}

impl std::str::FromStr for Flag {
    type Err = String;

    /// The environment variable's name, in any case.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let wanted = value.trim().to_ascii_uppercase();
        Flag::ALL.into_iter().find(|flag| flag.name() == wanted).ok_or_else(|| {
            let names: Vec<&str> = Flag::ALL.iter().map(|flag| flag.name()).collect();
            format!("'{value}' is not a flag (one of {})", names.join(", "))
        })
    }
}

impl std::fmt::Display for Flag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What an admin sets a flag to: on or off for everyone, or back to the environment's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagSetting {
    On,
    Off,
    /// No override: the environment's value again.
    Clear,
}

impl FlagSetting {
    /// The override it leaves: `None` for `Clear`.
    pub fn value(self) -> Option<bool> {
        match self {
            FlagSetting::On => Some(true),
            FlagSetting::Off => Some(false),
            FlagSetting::Clear => None,
        }
    }
}

impl std::str::FromStr for FlagSetting {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim().to_ascii_lowercase().as_str() {
            "on" => Ok(FlagSetting::On),
            "off" => Ok(FlagSetting::Off),
            "clear" => Ok(FlagSetting::Clear),
            other => Err(format!("'{other}' is not on, off or clear")),
        }
    }
}

/// `PUT /api/admin/flags/{flag}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlagOverride {
    pub value: FlagSetting,
}

/// `POST /api/admin/flags/{flag}/pilot`: a mechanic joins or leaves a flag's pilot group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PilotChange {
    pub username: String,
    /// `true` to add them, `false` to take them out.
    pub member: bool,
}

/// A mechanic in a flag's pilot group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PilotMember {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
}

/// Where a flag change was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagSource {
    /// The System page or the admin API.
    Web,
    /// `felix-hub flags`.
    Cli,
}

impl FlagSource {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagSource::Web => "web",
            FlagSource::Cli => "cli",
        }
    }
}

/// One entry of the flags' change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlagChange {
    pub id: i64,
    pub flag: Flag,
    /// The mechanic whose pilot membership changed; none for an override.
    pub mechanic: Option<String>,
    /// `on`, `off`, or none (no override; not in the pilot group).
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// The admin's username (web), or the operating system's user (cli).
    pub changed_by: String,
    pub changed_at: chrono::DateTime<chrono::Utc>,
    pub source: FlagSource,
}
