//! Staff accounts and signing in.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use super::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Mechanic,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Mechanic => "mechanic",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim() {
            "mechanic" => Ok(Role::Mechanic),
            "admin" => Ok(Role::Admin),
            other => Err(format!("'{other}' is not a role; use mechanic or admin")),
        }
    }
}

/// A staff member, as the API shows one. Never carries the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub language: Language,
    pub telegram_chat_id: Option<i64>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// The signed-in user behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub id: i64,
    pub role: Role,
    pub display_name: String,
    pub language: Language,
    /// The session this request signed in with (to sign out of).
    pub session_id: i64,
}

impl Viewer {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// A new session: send `token` as `Authorization: Bearer <token>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

/// A new session as the login page needs it: the token, and the role and language to go on with.
/// Leaner than `LoginResponse`, whose timestamps would bring a date parser into the login page's
/// bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub token: String,
    pub role: Role,
    pub language: Language,
}

impl From<LoginResponse> for SignedIn {
    fn from(response: LoginResponse) -> Self {
        SignedIn { token: response.token, role: response.user.role, language: response.user.language }
    }
}

/// The body of `POST /api/auth/login-link`: a one-time token from a deep link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LoginLinkRedeem {
    pub token: String,
}

/// The body of `POST /api/admin/users/{id}/login-link`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LoginLinkRequest {
    /// The order the link opens after signing in.
    #[serde(default)]
    pub order_id: Option<i64>,
}

/// A short-lived, one-time link that signs a mechanic in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LoginLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    #[serde(default)]
    pub telegram_chat_id: Option<i64>,
    #[serde(default)]
    pub language: Option<Language>,
}

/// Changes to a user; a field left out stays as it is. `telegram_chat_id: null` unlinks Telegram.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserUpdate {
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<i64>))]
    pub telegram_chat_id: Option<Option<i64>>,
    #[serde(default)]
    pub language: Option<Language>,
    #[serde(default)]
    pub active: Option<bool>,
}

/// Tells a field sent as `null` (`Some(None)`) from one left out (`None`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    pub new_password: String,
}

/// The body of `PATCH /api/auth/me`: what a user may change about themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProfileUpdate {
    #[serde(default)]
    pub language: Option<Language>,
}

/// A user with their numbers, for the admin's staff list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserWithStats {
    pub user: User,
    pub orders_total: i64,
    pub orders_open: i64,
    pub seconds_this_week: i64,
}

#[cfg(test)]
mod tests {
    use super::UserUpdate;

    #[test]
    fn a_null_chat_id_differs_from_a_missing_one() {
        let missing: UserUpdate = serde_json::from_str("{}").unwrap();
        assert_eq!(missing.telegram_chat_id, None);
        let null: UserUpdate = serde_json::from_str(r#"{"telegram_chat_id":null}"#).unwrap();
        assert_eq!(null.telegram_chat_id, Some(None));
        let set: UserUpdate = serde_json::from_str(r#"{"telegram_chat_id":42}"#).unwrap();
        assert_eq!(set.telegram_chat_id, Some(Some(42)));
    }
}
