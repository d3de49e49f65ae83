//! The admin's System page: the flags as configured and as they actually work, and outbox numbers.

use sea_orm::DbBackend;

use app::model::{FlagStatus, SystemStatus, Viewer};

use crate::services::access::Access;
use crate::services::{ServiceResult, Services, outbox};

pub async fn status(services: &Services, viewer: &Viewer) -> ServiceResult<SystemStatus> {
    viewer.require_admin()?;
    let config = &services.config;
    Ok(SystemStatus {
        version: crate::build_info::VERSION.to_owned(),
        database: match services.db.backend() {
            DbBackend::Postgres => "postgres".into(),
            _ => "sqlite".into(),
        },
        flags: flag_statuses(services),
        telegram_configured: config.telegram_bot_token.is_some(),
        admin_chat_ids: config.admin_chat_ids.0.len(),
        outbox: outbox::counts(&services.db.read).await?,
    })
}

/// Each flag as configured and whether it really takes effect, as they are now.
pub fn flag_statuses(services: &Services) -> Vec<FlagStatus> {
    let flags = services.flags();
    let config = &services.config;
    let token = config.telegram_bot_token.is_some();
    let admins = config.admin_chat_ids.0.len();
    let telegram_note = |extra: Option<&str>| -> Option<String> {
        if !token {
            Some("on, but TELEGRAM_BOT_TOKEN is not set: messages are recorded as skipped".into())
        } else {
            extra.map(str::to_owned)
        }
    };
    let flag = |name: &str, enabled: bool, note: Option<String>| FlagStatus {
        name: name.to_owned(),
        enabled,
        effective: enabled && note.is_none(),
        note: if enabled { note } else { None },
    };
    vec![
        flag("ENABLE_CAR_NUMBER", flags.enable_car_number, None),
        flag("ENABLE_PART_CATEGORIES", flags.enable_part_categories, None),
        flag(
            "ENABLE_TG_ADMIN_NOTIFS",
            flags.enable_tg_admin_notifs,
            telegram_note((admins == 0).then_some("on, but ADMIN_CHAT_IDS is empty: there is nobody to tell")),
        ),
        flag("ENABLE_TG_MECH_NOTIFS", flags.enable_tg_mech_notifs, telegram_note(None)),
        flag("ENABLE_MECH_I18N", flags.enable_mech_i18n, None),
        flag("ENABLE_UI_REFRESH", flags.enable_ui_refresh, None),
    ]
}
