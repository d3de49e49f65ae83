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

/// What the web app needs to know before it draws anything: the flags, and the language to use
/// while ENABLE_MECH_I18N is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppConfig {
    pub flags: FeatureFlags,
    pub default_language: super::Language,
}
