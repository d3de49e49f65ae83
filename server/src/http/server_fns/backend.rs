//! The server's implementation of `app::api::backend::Backend`: the server functions' way into the
//! same service functions the REST handlers call.

use std::net::IpAddr;
use std::sync::Arc;

use app::api::backend::Backend;
use app::model::*;

use crate::metrics::Door;
use crate::services::{
    ServiceResult, Services, auth, catalog, comments, flags, items, orders, outbox, system, time, users,
};

/// The services, as the server functions see them, and the address of the client calling (for
/// the sign-in limits).
pub struct ServiceBackend(pub Arc<Services>, pub IpAddr);

fn answer<T>(result: ServiceResult<T>) -> Result<T, AppError> {
    result.map_err(|error| error.into_app_error())
}

#[async_trait::async_trait]
impl Backend for ServiceBackend {
    async fn login(&self, request: LoginRequest) -> Result<LoginResponse, AppError> {
        answer(auth::login(&self.0, request, self.1).await)
    }
    async fn redeem_login_link(&self, token: String) -> Result<LoginResponse, AppError> {
        answer(auth::redeem_login_link(&self.0, &token).await)
    }
    async fn logout(&self, viewer: &Viewer) -> Result<(), AppError> {
        answer(auth::logout(&self.0, viewer).await)
    }
    async fn me(&self, viewer: &Viewer) -> Result<User, AppError> {
        answer(users::me(&self.0, viewer).await)
    }
    async fn update_profile(&self, viewer: &Viewer, update: ProfileUpdate) -> Result<User, AppError> {
        answer(users::update_profile(&self.0, viewer, update).await)
    }
    async fn change_password(&self, viewer: &Viewer, change: PasswordChange) -> Result<(), AppError> {
        answer(auth::change_password(&self.0, viewer, change).await)
    }
    fn app_config(&self, viewer: Option<&Viewer>) -> AppConfig {
        AppConfig {
            flags: flags::for_viewer(&self.0, viewer),
            default_language: self.0.config.default_language,
            shop_timezone: self.0.shop_timezone.name().to_owned(),
            telegram_bot: self.0.telegram_bot_username.get().cloned(),
        }
    }

    async fn list_orders(&self, viewer: &Viewer, query: OrderQuery) -> Result<OrderPage, AppError> {
        answer(orders::list(&self.0, viewer, &query).await.map(|listed| listed.page()))
    }
    async fn create_order(&self, viewer: &Viewer, order: NewOrder) -> Result<Order, AppError> {
        answer(orders::create(&self.0, viewer, order, None).await.inspect(|_| self.0.metrics.order_created(Door::Web)))
    }
    async fn order_details(&self, viewer: &Viewer, id: i64) -> Result<OrderDetails, AppError> {
        answer(orders::details(&self.0, viewer, id).await)
    }
    async fn change_status(&self, viewer: &Viewer, id: i64, change: StatusChange) -> Result<Order, AppError> {
        answer(orders::change_status(&self.0, viewer, id, change).await)
    }
    async fn assign_order(&self, viewer: &Viewer, id: i64, assignment: Assignment) -> Result<Order, AppError> {
        answer(orders::assign(&self.0, viewer, id, assignment).await)
    }
    async fn dashboard(&self, viewer: &Viewer, tz: Option<String>) -> Result<Dashboard, AppError> {
        answer(orders::dashboard(&self.0, viewer, tz.as_deref()).await)
    }
    async fn export_orders_csv(&self, viewer: &Viewer, query: OrderQuery) -> Result<String, AppError> {
        let export = answer(orders::export_csv(&self.0, viewer, &query).await)?;
        String::from_utf8(export.bytes).map_err(|_| AppError::internal())
    }

    async fn add_comment(&self, viewer: &Viewer, order_id: i64, comment: NewComment) -> Result<Comment, AppError> {
        answer(comments::add(&self.0, viewer, order_id, comment).await)
    }
    async fn start_timer(&self, viewer: &Viewer, order_id: i64) -> Result<TimeEntry, AppError> {
        answer(time::start(&self.0, viewer, order_id).await)
    }
    async fn stop_timer(&self, viewer: &Viewer, order_id: i64) -> Result<TimeEntry, AppError> {
        answer(time::stop(&self.0, viewer, order_id).await)
    }
    async fn add_time_entry(
        &self,
        viewer: &Viewer,
        order_id: i64,
        entry: ManualTimeEntry,
    ) -> Result<TimeEntry, AppError> {
        answer(time::add_manual(&self.0, viewer, order_id, entry).await)
    }
    async fn add_item(&self, viewer: &Viewer, order_id: i64, item: NewItem) -> Result<OrderItem, AppError> {
        answer(items::add(&self.0, viewer, order_id, item).await)
    }
    async fn remove_item(&self, viewer: &Viewer, order_id: i64, item_id: i64) -> Result<(), AppError> {
        answer(items::remove(&self.0, viewer, order_id, item_id).await)
    }
    async fn time_history(&self, viewer: &Viewer, query: TimeHistoryQuery) -> Result<TimeHistory, AppError> {
        answer(time::history(&self.0, viewer, &query).await)
    }

    async fn list_categories(&self, viewer: &Viewer) -> Result<Vec<Category>, AppError> {
        answer(catalog::list_categories(&self.0, viewer).await)
    }
    async fn list_parts(&self, viewer: &Viewer, query: PartQuery) -> Result<Vec<Part>, AppError> {
        answer(catalog::list_parts(&self.0, viewer, &query).await)
    }
    async fn save_category(
        &self,
        viewer: &Viewer,
        id: Option<i64>,
        input: CategoryInput,
    ) -> Result<Category, AppError> {
        answer(match id {
            Some(id) => catalog::update_category(&self.0, viewer, id, input).await,
            None => catalog::create_category(&self.0, viewer, input).await,
        })
    }
    async fn delete_category(&self, viewer: &Viewer, id: i64) -> Result<(), AppError> {
        answer(catalog::delete_category(&self.0, viewer, id).await)
    }
    async fn reorder_categories(&self, viewer: &Viewer, reorder: Reorder) -> Result<Vec<Category>, AppError> {
        answer(catalog::reorder_categories(&self.0, viewer, reorder).await)
    }
    async fn save_part(&self, viewer: &Viewer, id: Option<i64>, input: PartInput) -> Result<Part, AppError> {
        answer(match id {
            Some(id) => catalog::update_part(&self.0, viewer, id, input).await,
            None => catalog::create_part(&self.0, viewer, input).await,
        })
    }
    async fn delete_part(&self, viewer: &Viewer, id: i64) -> Result<(), AppError> {
        answer(catalog::delete_part(&self.0, viewer, id).await)
    }
    async fn reorder_parts(&self, viewer: &Viewer, reorder: Reorder) -> Result<(), AppError> {
        answer(catalog::reorder_parts(&self.0, viewer, reorder).await)
    }

    async fn list_users(&self, viewer: &Viewer) -> Result<Vec<UserWithStats>, AppError> {
        answer(users::list(&self.0, viewer).await)
    }
    async fn create_user(&self, viewer: &Viewer, user: NewUser) -> Result<User, AppError> {
        answer(users::create(&self.0, Some(viewer), user).await)
    }
    async fn update_user(&self, viewer: &Viewer, id: i64, update: UserUpdate) -> Result<User, AppError> {
        answer(users::update(&self.0, viewer, id, update).await)
    }
    async fn reset_password(&self, viewer: &Viewer, id: i64, reset: PasswordReset) -> Result<(), AppError> {
        answer(users::reset_password(&self.0, viewer, id, reset).await)
    }
    async fn login_link(&self, viewer: &Viewer, id: i64, order_id: Option<i64>) -> Result<LoginLink, AppError> {
        answer(users::login_link(&self.0, viewer, id, order_id).await)
    }

    async fn system_status(&self, viewer: &Viewer) -> Result<SystemStatus, AppError> {
        answer(system::status(&self.0, viewer).await)
    }
    async fn list_notifications(
        &self,
        viewer: &Viewer,
        query: NotificationQuery,
    ) -> Result<NotificationPage, AppError> {
        answer(outbox::list(&self.0, viewer, &query).await)
    }
    async fn retry_notification(&self, viewer: &Viewer, id: i64) -> Result<Notification, AppError> {
        answer(outbox::retry(&self.0, viewer, id).await)
    }
    async fn telegram_link_code(
        &self,
        viewer: &Viewer,
        request: TelegramLinkRequest,
    ) -> Result<TelegramLinkCode, AppError> {
        answer(auth::create_telegram_link_code(&self.0, viewer, request).await)
    }

    async fn list_flags(&self, viewer: &Viewer) -> Result<FlagsOverview, AppError> {
        let actor = answer(flags::Actor::admin(&self.0, viewer).await)?;
        answer(flags::overview(&self.0, &actor).await)
    }
    async fn set_flag(&self, viewer: &Viewer, flag: Flag, value: FlagSetting) -> Result<FlagStatus, AppError> {
        let actor = answer(flags::Actor::admin(&self.0, viewer).await)?;
        answer(flags::set(&self.0, &actor, flag, value).await)
    }
    async fn set_flag_pilot(&self, viewer: &Viewer, flag: Flag, change: PilotChange) -> Result<FlagStatus, AppError> {
        let actor = answer(flags::Actor::admin(&self.0, viewer).await)?;
        answer(flags::set_pilot(&self.0, &actor, flag, &change.username, change.member).await)
    }
    async fn flag_changes(&self, viewer: &Viewer) -> Result<Vec<FlagChange>, AppError> {
        let actor = answer(flags::Actor::admin(&self.0, viewer).await)?;
        answer(flags::changes(&self.0, &actor, flags::LOG_LENGTH).await)
    }
}
