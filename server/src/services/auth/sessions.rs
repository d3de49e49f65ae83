//! Sessions: signing in with a password, turning a bearer token into the `Viewer` behind a
//! request, signing out, revoking, and changing one's own password.

use std::net::IpAddr;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use app::model::{AppError, LoginRequest, LoginResponse, PasswordChange, Viewer, validation};

use super::passwords::{NOBODYS_HASH, hash_password, needs_rehash, verify_password};
use super::revoke::revoke_access;
use super::tokens::{new_token, token_hash};
use crate::entities::{session, user};
use crate::services::users::directory;
use crate::services::{ServiceResult, Services, fail};

/// Signs in from `client`, the address the sign-in limits count by (`sign_in_backoff`).
#[tracing::instrument(skip_all, fields(username = %request.username, %client))]
pub async fn login(services: &Services, request: LoginRequest, client: IpAddr) -> ServiceResult<LoginResponse> {
    let username = request.username.trim().to_lowercase();
    if username.is_empty() || request.password.is_empty() {
        return fail(AppError::validation(
            if username.is_empty() { "username" } else { "password" },
            "Enter your username and password.",
        ));
    }
    // A name that breaks the username rules belongs to nobody: it is refused before any hash (the
    // rules are public, so answering it sooner tells nothing), and not counted, which keeps the
    // failure table from filling with 64 KB names and what the database cannot take (NUL) out of
    // the query.
    if validation::username(&username).is_err() {
        services.metrics.sign_in_failed("password");
        return fail(AppError::unauthorized("Wrong username or password."));
    }
    services.sign_in_backoff.begin(&username, client).inspect_err(|_| services.metrics.sign_in_rate_limited())?;
    let found = user::Entity::find().filter(user::Column::Username.eq(&username)).one(&services.db.read).await?;
    let hash = found.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| NOBODYS_HASH.clone());
    let valid = verify_password(&services.password_hashing, request.password.clone(), hash)
        .await
        .inspect_err(|_| services.metrics.sign_in_rate_limited())?
        && found.is_some();
    let Some(found) = found.filter(|_| valid) else {
        services.metrics.sign_in_failed("password");
        return fail(AppError::unauthorized("Wrong username or password."));
    };
    services.sign_in_backoff.succeeded(&username, client);
    if !found.active {
        return fail(AppError::forbidden("This account is deactivated. Ask an admin to turn it back on."));
    }
    if needs_rehash(&found.password_hash) {
        upgrade_hash(services, &found, request.password).await;
    }
    start_session(services, &services.db.write, found).await
}

/// Stores an Argon2id hash in place of an imported one, now that the password is proven. Only
/// the hash that was checked is replaced, so a password changed meanwhile stays. A failure leaves
/// the old hash, which still signs in.
async fn upgrade_hash(services: &Services, found: &user::Model, password: String) {
    let upgraded = async {
        let hash = hash_password(&services.password_hashing, password).await?;
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(user::Column::Id.eq(found.id))
            .filter(user::Column::PasswordHash.eq(&found.password_hash))
            .exec(&services.db.write)
            .await?;
        ServiceResult::Ok(())
    };
    match upgraded.await {
        Ok(()) => tracing::info!(user_id = found.id, "replaced an imported password hash with Argon2id"),
        Err(error) => tracing::error!(user_id = found.id, %error, "could not replace an imported password hash"),
    }
}

/// Opens a session for a user who has proven who they are.
pub(super) async fn start_session(
    services: &Services,
    db: &impl ConnectionTrait,
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
    Ok(LoginResponse { token, expires_at, user: directory::to_wire(found) })
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
            let viewer = directory::viewer(&directory::to_wire(user), session.id);
            services.sessions.put(hash, viewer.clone(), session.expires_at);
            Ok(viewer)
        }
        _ => fail(AppError::unauthorized("Your sign-in has expired or was revoked. Sign in again.")),
    }
}

pub async fn logout(services: &Services, viewer: &Viewer) -> ServiceResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(session::Column::Id.eq(viewer.session_id))
        .exec(&services.db.write)
        .await?;
    services.sessions.forget_session(viewer.session_id);
    Ok(())
}

pub async fn change_password(services: &Services, viewer: &Viewer, change: PasswordChange) -> ServiceResult<()> {
    validation::password("new_password", &change.new_password)?;
    let found = confirm_password(services, viewer, change.current_password).await?;
    // Signing in elsewhere with the old password must stop working; this browser stays signed in.
    replace_password(services, found, change.new_password, Some(viewer.session_id)).await
}

/// The signed-in user's account, once they have typed their current password again: what a
/// change that a token alone must not make (a new password, a Telegram link) asks for first.
/// Wrong passwords are limited per user as sign-ins are per username, so a stolen token cannot
/// be used to guess the password behind it.
pub async fn confirm_password(services: &Services, viewer: &Viewer, password: String) -> ServiceResult<user::Model> {
    let key = viewer.id.to_string();
    services.password_checks.begin(&key)?;
    let found = directory::find(services, viewer.id).await?;
    if !verify_password(&services.password_hashing, password, found.password_hash.clone()).await? {
        return fail(AppError::validation("current_password", "The current password is wrong."));
    }
    services.password_checks.clear(&key);
    Ok(found)
}

/// Stores a new password and takes back everything the old one gave (`revoke_access`): every
/// session but `keep`, unused sign-in links and link codes, and the linked Telegram chat.
pub async fn replace_password(
    services: &Services,
    found: user::Model,
    password: String,
    keep: Option<i64>,
) -> ServiceResult<()> {
    let hash = hash_password(&services.password_hashing, password).await?;
    let user_id = found.id;
    let txn = services.db.begin_write().await?;
    let mut active: user::ActiveModel = found.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    revoke_access(services, &txn, user_id, keep).await?;
    txn.commit().await?;
    Ok(())
}
