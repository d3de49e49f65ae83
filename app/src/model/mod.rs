//! Wire types shared by the browser and the server, with their validation rules.

mod catalog;
mod error;
mod flags;
mod language;
mod order;
mod system;
mod user;
pub mod validation;
mod work;

pub use catalog::{Category, CategoryInput, Part, PartInput, PartQuery, Reorder};
pub use error::{ARGUMENTS_UNREADABLE, AppError, ErrorBody, ErrorCode};
pub use flags::{
    AppConfig, FeatureFlags, Flag, FlagChange, FlagOverride, FlagSetting, FlagSource, PilotChange, PilotMember,
};
pub use language::Language;
pub use order::{
    Assignment, Dashboard, FirstScreen, Names, NewOrder, Order, OrderDetails, OrderEvent, OrderPage, OrderQuery,
    OrderStatus, OriginalOrAnalog, StatusChange, StatusCounts,
};
pub use system::{
    FlagReason, FlagStatus, FlagsOverview, Notification, NotificationPage, NotificationQuery, NotificationStatus,
    OutboxCounts, SystemStatus, TelegramLinkCode, TelegramLinkRequest,
};
pub use user::{
    LoginLink, LoginLinkRedeem, LoginLinkRequest, LoginRequest, LoginResponse, NewUser, PasswordChange, PasswordReset,
    ProfileUpdate, Role, SignedIn, User, UserUpdate, UserWithStats, Viewer,
};
pub use work::{
    Comment, HistoryDay, HistoryEntry, ItemKind, ManualTimeEntry, NewComment, NewItem, OrderItem, Period, TimeEntry,
    TimeHistory, TimeHistoryQuery, TimeSource, Totals,
};
