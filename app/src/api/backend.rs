//! The service layer as the server functions see it. The server implements `Backend` over its
//! database services and puts it, with the request's sign-in, into the Leptos context; `app`
//! itself never touches the database.

use std::sync::Arc;

use leptos::prelude::*;

use crate::model::*;

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn login(&self, request: LoginRequest) -> Result<LoginResponse, AppError>;
    async fn redeem_login_link(&self, token: String) -> Result<LoginResponse, AppError>;
    async fn logout(&self, viewer: &Viewer) -> Result<(), AppError>;
    async fn me(&self, viewer: &Viewer) -> Result<User, AppError>;
    async fn update_profile(&self, viewer: &Viewer, update: ProfileUpdate) -> Result<User, AppError>;
    async fn change_password(&self, viewer: &Viewer, change: PasswordChange) -> Result<(), AppError>;
    /// The flags in force for `viewer` (a pilot flag may be on for them alone), or for everyone.
    fn app_config(&self, viewer: Option<&Viewer>) -> AppConfig;

    async fn list_orders(&self, viewer: &Viewer, query: OrderQuery) -> Result<OrderPage, AppError>;
    async fn create_order(&self, viewer: &Viewer, order: NewOrder) -> Result<Order, AppError>;
    async fn order_details(&self, viewer: &Viewer, id: i64) -> Result<OrderDetails, AppError>;
    async fn change_status(&self, viewer: &Viewer, id: i64, change: StatusChange) -> Result<Order, AppError>;
    async fn assign_order(&self, viewer: &Viewer, id: i64, assignment: Assignment) -> Result<Order, AppError>;
    async fn dashboard(&self, viewer: &Viewer, tz: Option<String>) -> Result<Dashboard, AppError>;
    async fn export_orders_csv(&self, viewer: &Viewer, query: OrderQuery) -> Result<String, AppError>;

    async fn add_comment(&self, viewer: &Viewer, order_id: i64, comment: NewComment) -> Result<Comment, AppError>;
    async fn start_timer(&self, viewer: &Viewer, order_id: i64) -> Result<TimeEntry, AppError>;
    async fn stop_timer(&self, viewer: &Viewer, order_id: i64) -> Result<TimeEntry, AppError>;
    async fn add_time_entry(
        &self,
        viewer: &Viewer,
        order_id: i64,
        entry: ManualTimeEntry,
    ) -> Result<TimeEntry, AppError>;
    async fn add_item(&self, viewer: &Viewer, order_id: i64, item: NewItem) -> Result<OrderItem, AppError>;
    async fn remove_item(&self, viewer: &Viewer, order_id: i64, item_id: i64) -> Result<(), AppError>;
    async fn time_history(&self, viewer: &Viewer, query: TimeHistoryQuery) -> Result<TimeHistory, AppError>;

    async fn list_categories(&self, viewer: &Viewer) -> Result<Vec<Category>, AppError>;
    async fn list_parts(&self, viewer: &Viewer, query: PartQuery) -> Result<Vec<Part>, AppError>;
    async fn save_category(&self, viewer: &Viewer, id: Option<i64>, input: CategoryInput)
    -> Result<Category, AppError>;
    async fn delete_category(&self, viewer: &Viewer, id: i64) -> Result<(), AppError>;
    async fn reorder_categories(&self, viewer: &Viewer, reorder: Reorder) -> Result<Vec<Category>, AppError>;
    async fn save_part(&self, viewer: &Viewer, id: Option<i64>, input: PartInput) -> Result<Part, AppError>;
    async fn delete_part(&self, viewer: &Viewer, id: i64) -> Result<(), AppError>;
    async fn reorder_parts(&self, viewer: &Viewer, reorder: Reorder) -> Result<(), AppError>;

    async fn list_users(&self, viewer: &Viewer) -> Result<Vec<UserWithStats>, AppError>;
    async fn create_user(&self, viewer: &Viewer, user: NewUser) -> Result<User, AppError>;
    async fn update_user(&self, viewer: &Viewer, id: i64, update: UserUpdate) -> Result<User, AppError>;
    async fn reset_password(&self, viewer: &Viewer, id: i64, reset: PasswordReset) -> Result<(), AppError>;
    async fn login_link(&self, viewer: &Viewer, id: i64, order_id: Option<i64>) -> Result<LoginLink, AppError>;

    async fn system_status(&self, viewer: &Viewer) -> Result<SystemStatus, AppError>;
    async fn list_notifications(&self, viewer: &Viewer, query: NotificationQuery)
    -> Result<NotificationPage, AppError>;
    async fn retry_notification(&self, viewer: &Viewer, id: i64) -> Result<Notification, AppError>;
    async fn telegram_link_code(
        &self,
        viewer: &Viewer,
        request: TelegramLinkRequest,
    ) -> Result<TelegramLinkCode, AppError>;

    async fn list_flags(&self, viewer: &Viewer) -> Result<FlagsOverview, AppError>;
    async fn set_flag(&self, viewer: &Viewer, flag: Flag, value: FlagSetting) -> Result<FlagStatus, AppError>;
    async fn set_flag_pilot(&self, viewer: &Viewer, flag: Flag, change: PilotChange) -> Result<FlagStatus, AppError>;
    async fn flag_changes(&self, viewer: &Viewer) -> Result<Vec<FlagChange>, AppError>;
}

/// Who sent the request, as the server worked it out from the bearer token before calling the
/// function: signed in, or the reason not (no token, expired, revoked).
#[derive(Clone, Debug)]
pub struct Session(pub Result<Viewer, AppError>);

fn backend() -> Result<Arc<dyn Backend>, AppError> {
    use_context::<Arc<dyn Backend>>().ok_or_else(|| {
        leptos::logging::error!("server function called without the Backend in context");
        AppError::internal()
    })
}

/// The service layer, for functions that need no sign-in.
pub fn public() -> Result<Arc<dyn Backend>, AppError> {
    backend()
}

/// The service layer, and the signed-in user if the request carried a valid token.
pub fn maybe_signed_in() -> Result<(Arc<dyn Backend>, Option<Viewer>), AppError> {
    let viewer = use_context::<Session>().and_then(|session| session.0.ok());
    Ok((backend()?, viewer))
}

/// The service layer and the signed-in user; a 401 when nobody is signed in.
pub fn signed_in() -> Result<(Arc<dyn Backend>, Viewer), AppError> {
    let session = use_context::<Session>().ok_or_else(|| AppError::unauthorized("Sign in first."))?;
    Ok((backend()?, session.0?))
}

/// Gives an error answer the HTTP status of its code, so the browser's client reads it as an
/// error and the logs show what happened, and a 429 or 503 its `Retry-After`, as REST does.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && let Some(options) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        options.set_status(status);
        if let Some(seconds) = error.retry_after {
            options.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
    }
    result
}
