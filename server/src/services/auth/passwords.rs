//! Password hashing: Argon2id, off the async threads, at a bounded number at once.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use app::model::AppError;

use super::tokens::new_token;
use crate::services::ServiceResult;

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
pub static NOBODYS_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2().hash_password(new_token().as_bytes(), &salt).expect("argon2").to_string()
});
