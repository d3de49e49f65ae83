//! Signing in and out: password hashing, opaque bearer tokens stored as hashes, one-time login
//! links, and the checks that turn a token into the `Viewer` behind a request.

use std::collections::HashMap;
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use sha2::{Digest, Sha256};

use app::model::{
    AppError, ErrorCode, Language, LoginLink, LoginRequest, LoginResponse, PasswordChange, Role, Viewer, validation,
};

use super::{ServiceResult, Services, fail, users};
use crate::entities::{one_time_code, session, user};

/// How long a login link from a Telegram message stays usable.
pub const LOGIN_LINK_TTL: chrono::Duration = chrono::Duration::hours(24);
/// Failed sign-ins allowed per username within `FAILURE_WINDOW`.
const MAX_FAILURES: u32 = 10;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long a checked token is trusted without asking the database again. Revocations made by
/// this process apply at once; ones made by another process within this time.
const SESSION_CACHE_TTL: Duration = Duration::from_secs(15);

/// A fresh random token: 32 bytes from the OS, hex-encoded. Only its hash is stored.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Argon2id at OWASP's 7 MiB / 5 passes setting, one of its equivalent recommendations: the
/// default 19 MiB / 2 passes costs the same time but nearly three times the memory per sign-in.
fn argon2() -> Argon2<'static> {
    let params = argon2::Params::new(7 * 1024, 5, 1, None).expect("valid Argon2 parameters");
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Hashes at once, at most: hashing is CPU-bound, so more at once only adds memory (7 MiB each).
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Argon2id off the async threads: it is slow on purpose.
pub async fn hash_password(password: String) -> ServiceResult<String> {
    let permit = HASHING.acquire().await.map_err(|_| AppError::internal())?;
    let hashed = tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        argon2().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string())
    })
    .await;
    drop(permit);
    hashed.map_err(|_| AppError::internal())?.map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::internal().into()
    })
}

/// Checks `password` against `hash`, with the parameters the hash itself names.
pub async fn verify_password(password: String, hash: String) -> bool {
    let Ok(permit) = HASHING.acquire().await else { return false };
    let verified = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    drop(permit);
    verified
}

/// A hash of a password nobody has, verified when the username is unknown so that a wrong
/// username takes as long as a wrong password.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2().hash_password(new_token().as_bytes(), &salt).expect("argon2").to_string()
});

#[tracing::instrument(skip_all, fields(username = %request.username))]
pub async fn login(services: &Services, request: LoginRequest) -> ServiceResult<LoginResponse> {
    let username = request.username.trim().to_lowercase();
    if username.is_empty() || request.password.is_empty() {
        return fail(AppError::validation(
            if username.is_empty() { "username" } else { "password" },
            "Enter your username and password.",
        ));
    }
    // A name that breaks the username rules belongs to nobody. Not looking it up keeps what the
    // database cannot take (NUL) out of the query, and not counting it keeps the failure table
    // from filling with 64 KB names.
    let possible = validation::username(&username).is_ok();
    let found = if possible {
        services.login_failures.begin(&username)?;
        user::Entity::find().filter(user::Column::Username.eq(&username)).one(&services.db.read).await?
    } else {
        None
    };
    let hash = found.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.clone());
    let valid = verify_password(request.password, hash).await && found.is_some();
    let Some(found) = found.filter(|_| valid) else {
        return fail(AppError::unauthorized("Wrong username or password."));
    };
    services.login_failures.clear(&username);
    if !found.active {
        return fail(AppError::forbidden("This account is deactivated. Ask an admin to turn it back on."));
    }
    start_session(services, &services.db.write, found).await
}

/// Opens a session for a user who has proven who they are.
async fn start_session(
    services: &Services,
    db: &impl sea_orm::ConnectionTrait,
    found: user::Model,
) -> ServiceResult<LoginResponse> {
    let token = new_token();
    let now = Utc::now();
    let expires_at = now + chrono::Duration::days(i64::from(services.config.session_ttl_days));
    session::ActiveModel {
        user_id: Set(found.id),
        token_hash: Set(token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(LoginResponse { token, expires_at, user: users::to_wire(found) })
}

/// Who a bearer token belongs to. Unknown, expired and revoked tokens, and tokens of deactivated
/// users, are all a 401: the client has to sign in again either way.
pub async fn authenticate(services: &Services, token: &str) -> ServiceResult<Viewer> {
    let hash = token_hash(token.trim());
    if let Some(viewer) = services.sessions.get(&hash) {
        return Ok(viewer);
    }
    let now = Utc::now();
    let found = session::Entity::find()
        .find_also_related(user::Entity)
        .filter(session::Column::TokenHash.eq(&hash))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .one(&services.db.read)
        .await?;
    match found {
        Some((session, Some(user))) if user.active => {
            let viewer = Viewer {
                id: user.id,
                role: user.role.parse().unwrap_or(Role::Mechanic),
                display_name: user.display_name,
                language: user.language.parse().unwrap_or_default(),
                session_id: session.id,
            };
            services.sessions.put(hash, viewer.clone(), session.expires_at);
            Ok(viewer)
        }
        _ => fail(AppError::unauthorized("Your sign-in has expired or was revoked. Sign in again.")),
    }
}

pub async fn logout(services: &Services, viewer: &Viewer) -> ServiceResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(session::Column::Id.eq(viewer.session_id))
        .exec(&services.db.write)
        .await?;
    services.sessions.forget_session(viewer.session_id);
    Ok(())
}

/// Revokes every session of a user (deactivation, password reset); `keep` survives.
pub async fn revoke_sessions(
    services: &Services,
    db: &impl sea_orm::ConnectionTrait,
    user_id: i64,
    keep: Option<i64>,
) -> ServiceResult<()> {
    let mut update = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        update = update.filter(session::Column::Id.ne(keep));
    }
    update.exec(db).await?;
    services.sessions.forget_user(user_id, keep);
    Ok(())
}

pub async fn change_password(services: &Services, viewer: &Viewer, change: PasswordChange) -> ServiceResult<()> {
    validation::password("new_password", &change.new_password)?;
    let found = users::find(services, viewer.id).await?;
    if !verify_password(change.current_password, found.password_hash.clone()).await {
        return fail(AppError::validation("current_password", "The current password is wrong."));
    }
    let hash = hash_password(change.new_password).await?;
    let txn = services.db.write.begin().await?;
    let mut active: user::ActiveModel = found.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    // Signing in elsewhere with the old password must stop working; this browser stays signed in.
    revoke_sessions(services, &txn, viewer.id, Some(viewer.session_id)).await?;
    txn.commit().await?;
    Ok(())
}

/// A one-time link that signs `user_id` in and opens `order_id`. Telegram messages carry these.
pub async fn create_login_link(
    services: &Services,
    db: &impl sea_orm::ConnectionTrait,
    user_id: i64,
    order_id: Option<i64>,
) -> ServiceResult<LoginLink> {
    let token = new_token();
    let now = Utc::now();
    let expires_at = now + LOGIN_LINK_TTL;
    one_time_code::ActiveModel {
        user_id: Set(user_id),
        purpose: Set("login".into()),
        code_hash: Set(token_hash(&token)),
        order_id: Set(order_id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut url = format!("{}/mechanic/login?token={token}", services.config.public_url());
    if let Some(order_id) = order_id {
        url.push_str(&format!("&order={order_id}"));
    }
    Ok(LoginLink { url, expires_at })
}

/// Trades a login link's token for a session. Each link works once.
pub async fn redeem_login_link(services: &Services, token: &str) -> ServiceResult<LoginResponse> {
    let now = Utc::now();
    let txn = services.db.write.begin().await?;
    let code = one_time_code::Entity::find()
        .filter(one_time_code::Column::CodeHash.eq(token_hash(token.trim())))
        .filter(one_time_code::Column::Purpose.eq("login"))
        .one(&txn)
        .await?;
    let Some(code) = code.filter(|c| c.used_at.is_none() && c.expires_at > now) else {
        return fail(AppError::unauthorized(
            "This sign-in link has expired or was already used. Sign in with your password.",
        ));
    };
    // Marking it used only if still unused makes two simultaneous redeems yield one session.
    let claimed = one_time_code::Entity::update_many()
        .col_expr(one_time_code::Column::UsedAt, sea_orm::sea_query::Expr::value(now))
        .filter(one_time_code::Column::Id.eq(code.id))
        .filter(one_time_code::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return fail(AppError::unauthorized("This sign-in link was already used."));
    }
    let found = users::find_in(&txn, code.user_id).await?;
    if !found.active {
        return fail(AppError::forbidden("This account is deactivated. Ask an admin to turn it back on."));
    }
    let response = start_session(services, &txn, found).await?;
    txn.commit().await?;
    Ok(response)
}

/// Recently checked tokens, by hash, so that a busy list does not ask the database who is asking.
#[derive(Default)]
pub struct SessionCache {
    entries: RwLock<HashMap<String, CachedSession>>,
}

/// A checked token's viewer, when it was checked, and when the session ends.
type CachedSession = (Viewer, Instant, DateTime<Utc>);

impl SessionCache {
    const MAX_ENTRIES: usize = 10_000;

    fn get(&self, hash: &str) -> Option<Viewer> {
        let entries = self.entries.read().ok()?;
        let (viewer, cached_at, expires_at) = entries.get(hash)?;
        (cached_at.elapsed() < SESSION_CACHE_TTL && *expires_at > Utc::now()).then(|| viewer.clone())
    }

    fn put(&self, hash: String, viewer: Viewer, expires_at: DateTime<Utc>) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= Self::MAX_ENTRIES {
                entries.retain(|_, (_, cached_at, _)| cached_at.elapsed() < SESSION_CACHE_TTL);
            }
            entries.insert(hash, (viewer, Instant::now(), expires_at));
        }
    }

    fn forget_session(&self, session_id: i64) {
        if let Ok(mut entries) = self.entries.write() {
            entries.retain(|_, (viewer, _, _)| viewer.session_id != session_id);
        }
    }

    /// Drops a user's cached sessions, e.g. after a change to their role, name or status.
    pub fn forget_user(&self, user_id: i64, keep: Option<i64>) {
        if let Ok(mut entries) = self.entries.write() {
            entries.retain(|_, (viewer, _, _)| viewer.id != user_id || Some(viewer.session_id) == keep);
        }
    }
}

/// Sign-in attempts per username in a fixed window, until one succeeds. Only a success clears the
/// count, so a mechanic who signs in often is never locked out, while guessing a password is cut
/// off after a few tries.
#[derive(Default)]
pub struct LoginFailures {
    counts: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginFailures {
    /// Counts an attempt before its password is checked, or refuses it once the limit is reached.
    /// Counting first means a burst of simultaneous guesses cannot all pass the check before any
    /// of them has failed.
    fn begin(&self, username: &str) -> Result<(), AppError> {
        let mut counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if counts.len() > 10_000 {
            counts.retain(|_, (_, since)| since.elapsed() < FAILURE_WINDOW);
        }
        let entry = counts.entry(username.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= FAILURE_WINDOW {
            *entry = (0, Instant::now());
        }
        if entry.0 >= MAX_FAILURES {
            let minutes = FAILURE_WINDOW.saturating_sub(entry.1.elapsed()).as_secs().div_ceil(60);
            return Err(AppError::new(
                ErrorCode::RateLimited,
                format!("Too many failed sign-ins for this username. Try again in {minutes} min."),
            ));
        }
        entry.0 += 1;
        Ok(())
    }

    fn clear(&self, username: &str) {
        self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(username);
    }
}

/// The language a user's messages go out in.
pub fn language_of(user: &user::Model) -> Language {
    user.language.parse().unwrap_or_default()
}

/// How long a Telegram link code from the profile page stays usable.
const TELEGRAM_CODE_TTL: chrono::Duration = chrono::Duration::minutes(15);
/// Letters and digits that cannot be mistaken for one another when typed from a phone screen.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A fresh code the mechanic sends to the bot as `/link CODE`.
pub async fn create_telegram_link_code(
    services: &Services,
    viewer: &Viewer,
) -> ServiceResult<app::model::TelegramLinkCode> {
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let code: String = bytes.iter().map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char).collect();
    let now = Utc::now();
    let expires_at = now + TELEGRAM_CODE_TTL;
    one_time_code::ActiveModel {
        user_id: Set(viewer.id),
        purpose: Set("telegram".into()),
        code_hash: Set(token_hash(&code)),
        order_id: Set(None),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&services.db.write)
    .await?;
    Ok(app::model::TelegramLinkCode { code, expires_at, bot_username: services.telegram_bot_username.get().cloned() })
}

/// Ties a Telegram chat to the account whose link code it sent. The chat leaves any other
/// account it was tied to, so each chat belongs to one person.
pub async fn redeem_telegram_link_code(services: &Services, code: &str, chat_id: i64) -> ServiceResult<user::Model> {
    let code: String =
        code.trim().chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
    let now = Utc::now();
    let txn = services.db.write.begin().await?;
    let found = one_time_code::Entity::find()
        .filter(one_time_code::Column::CodeHash.eq(token_hash(&code)))
        .filter(one_time_code::Column::Purpose.eq("telegram"))
        .one(&txn)
        .await?;
    let Some(found) = found.filter(|c| c.used_at.is_none() && c.expires_at > now) else {
        return fail(AppError::validation(
            "code",
            "This code is wrong, used or expired. Get a new one in the app (Profile).",
        ));
    };
    one_time_code::Entity::update_many()
        .col_expr(one_time_code::Column::UsedAt, sea_orm::sea_query::Expr::value(now))
        .filter(one_time_code::Column::Id.eq(found.id))
        .exec(&txn)
        .await?;
    user::Entity::update_many()
        .col_expr(user::Column::TelegramChatId, sea_orm::sea_query::Expr::value(Option::<i64>::None))
        .filter(user::Column::TelegramChatId.eq(chat_id))
        .exec(&txn)
        .await?;
    let account = users::find_in(&txn, found.user_id).await?;
    let mut active: user::ActiveModel = account.into();
    active.telegram_chat_id = Set(Some(chat_id));
    active.updated_at = Set(now);
    let linked = active.update(&txn).await?;
    txn.commit().await?;
    Ok(linked)
}
