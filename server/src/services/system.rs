//! The admin's System page: the flags (default, override, value, whether each works, pilot
//! groups), and outbox numbers.

use sea_orm::DbBackend;

use app::model::{SystemStatus, Viewer};

use crate::services::access::Access;
use crate::services::{ServiceResult, Services, flags, outbox};

pub async fn status(services: &Services, viewer: &Viewer) -> ServiceResult<SystemStatus> {
    viewer.require_admin()?;
    let config = &services.config;
    Ok(SystemStatus {
        version: crate::build_info::VERSION.to_owned(),
        database: match services.db.backend() {
            DbBackend::Postgres => "postgres".into(),
            _ => "sqlite".into(),
        },
        flags: flags::current(services).await?,
        telegram_configured: config.telegram_bot_token.is_some(),
        admin_chat_ids: config.admin_chat_ids.0.len(),
        outbox: outbox::counts(&services.db.read).await?,
    })
}
