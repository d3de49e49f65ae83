//! Signing in and out: password hashing, opaque bearer tokens stored as hashes, one-time login
//! links, Telegram link codes, and the checks that turn a token into the `Viewer` behind a request.

pub mod hash_queue;
pub mod link_codes;
pub mod login_links;
pub mod one_time_codes;
pub mod passwords;
pub mod revoke;
pub mod session_cache;
pub mod sessions;
pub mod sign_in_backoff;
pub mod sign_in_limit;
pub mod tokens;

pub use link_codes::{create_telegram_link_code, redeem_telegram_link_code};
pub use login_links::{create_login_link, redeem_login_link};
pub use passwords::{hash_password, verify_password};
pub use revoke::revoke_access;
pub use sessions::{authenticate, change_password, confirm_password, login, logout, replace_password};
pub use tokens::{new_token, token_hash};
