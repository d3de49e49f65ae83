//! Password hashing: Argon2id, off the async threads, through the bounded `HashQueue`. Sign-in also
//! accepts the Werkzeug hashes that FelixPartsBot stored (`pbkdf2:…` and `scrypt:…`), so imported
//! mechanics keep their passwords; the first sign-in that proves one replaces it with Argon2id.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use subtle::ConstantTimeEq;

use app::model::AppError;

use super::hash_queue::HashQueue;
use super::tokens::new_token;
use crate::services::ServiceResult;

/// Argon2id at OWASP's 7 MiB / 5 passes setting, one of its equivalent recommendations: the
/// default 19 MiB / 2 passes costs the same time but nearly three times the memory per sign-in.
fn argon2() -> Argon2<'static> {
    let params = argon2::Params::new(7 * 1024, 5, 1, None).expect("valid Argon2 parameters");
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Argon2id off the async threads: it is slow on purpose. A full queue is a 429.
pub async fn hash_password(queue: &HashQueue, password: String) -> ServiceResult<String> {
    let permit = queue.enter().await?;
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

/// Checks `password` against `hash`: an Argon2 hash with the parameters it names, or a Werkzeug
/// hash kept from FelixPartsBot. A full queue is a 429.
pub async fn verify_password(queue: &HashQueue, password: String, hash: String) -> ServiceResult<bool> {
    let permit = queue.enter().await?;
    let verified = tokio::task::spawn_blocking(move || match Werkzeug::parse(&hash) {
        Some(werkzeug) => werkzeug.verify(password.as_bytes()),
        None => PasswordHash::new(&hash)
            .map(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false),
    })
    .await
    .unwrap_or(false);
    drop(permit);
    Ok(verified)
}

/// Whether a stored hash is of a kind this server no longer writes, so that a sign-in which has
/// just proven the password should store an Argon2id hash in its place.
pub fn needs_rehash(hash: &str) -> bool {
    !hash.starts_with("$argon2id$")
}

/// Whether sign-in can check a password against `hash` at all: an Argon2 hash, or a Werkzeug hash
/// of a method and strength that `verify_password` knows.
pub fn is_checkable(hash: &str) -> bool {
    Werkzeug::parse(hash).is_some()
        || PasswordHash::new(hash).is_ok_and(|parsed| parsed.algorithm.as_str().starts_with("argon2"))
}

/// A hash of a password nobody has, verified when the username is unknown so that a wrong
/// username takes as long as a wrong password.
pub static NOBODYS_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2().hash_password(new_token().as_bytes(), &salt).expect("argon2").to_string()
});

/// The SHA-2 digests Werkzeug's `pbkdf2:<digest>:<iterations>` can name and the RustCrypto
/// crates compute.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Digest {
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

/// A Werkzeug `generate_password_hash` result: `method$salt$hex`, where the salt is used as its
/// UTF-8 text and the hex is the derived key. Werkzeug always writes the method's parameters out.
#[derive(Debug, PartialEq)]
enum Werkzeug<'a> {
    Pbkdf2 { digest: Digest, iterations: u32, salt: &'a str, key: Vec<u8> },
    Scrypt { log_n: u8, r: u32, p: u32, salt: &'a str, key: Vec<u8> },
}

/// Bounds on the strength a stored hash may ask for, far above anything Werkzeug wrote, so that a
/// damaged row cannot make one sign-in run for minutes or take gigabytes.
const MAX_ITERATIONS: u32 = 10_000_000;
const MAX_SCRYPT_LOG_N: u8 = 20;
const MAX_SCRYPT_R_TIMES_P: u32 = 64;

impl<'a> Werkzeug<'a> {
    fn parse(stored: &'a str) -> Option<Werkzeug<'a>> {
        let (method, rest) = stored.split_once('$')?;
        let (salt, hex_key) = rest.split_once('$')?;
        let key = hex::decode(hex_key).ok().filter(|key| (16..=128).contains(&key.len()))?;
        let mut parts = method.split(':');
        let number = |part: Option<&str>| part.and_then(|p| p.parse::<u32>().ok());
        let parsed = match parts.next()? {
            "pbkdf2" => {
                let digest = match parts.next()? {
                    "sha224" => Digest::Sha224,
                    "sha256" => Digest::Sha256,
                    "sha384" => Digest::Sha384,
                    "sha512" => Digest::Sha512,
                    _ => return None,
                };
                let iterations = number(parts.next()).filter(|i| (1..=MAX_ITERATIONS).contains(i))?;
                Werkzeug::Pbkdf2 { digest, iterations, salt, key }
            }
            "scrypt" => {
                let n = number(parts.next()).filter(|n| n.is_power_of_two() && *n > 1)?;
                let (r, p) = (number(parts.next())?, number(parts.next())?);
                let log_n = u8::try_from(n.trailing_zeros()).ok().filter(|l| *l <= MAX_SCRYPT_LOG_N)?;
                if r == 0 || p == 0 || r.checked_mul(p)? > MAX_SCRYPT_R_TIMES_P {
                    return None;
                }
                Werkzeug::Scrypt { log_n, r, p, salt, key }
            }
            _ => return None,
        };
        parts.next().is_none().then_some(parsed)
    }

    /// Derives the key from `password` as Werkzeug did and compares it in constant time.
    fn verify(&self, password: &[u8]) -> bool {
        match self {
            Werkzeug::Pbkdf2 { digest, iterations, salt, key } => {
                let mut derived = vec![0u8; key.len()];
                let (salt, rounds) = (salt.as_bytes(), *iterations);
                match digest {
                    Digest::Sha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(password, salt, rounds, &mut derived),
                    Digest::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, &mut derived),
                    Digest::Sha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(password, salt, rounds, &mut derived),
                    Digest::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, rounds, &mut derived),
                }
                bool::from(derived.ct_eq(key))
            }
            Werkzeug::Scrypt { log_n, r, p, salt, key } => {
                let Ok(params) = scrypt::Params::new(*log_n, *r, *p, key.len()) else { return false };
                let mut derived = vec![0u8; key.len()];
                scrypt::scrypt(password, salt.as_bytes(), &params, &mut derived).is_ok()
                    && bool::from(derived.ct_eq(key))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWORD: &str = "старый-пароль 1";
    // Made with Werkzeug 3.1.8: generate_password_hash(PASSWORD, method=…), at low strengths so
    // that the tests stay quick.
    const PBKDF2_SHA256: &str =
        "pbkdf2:sha256:1000$YwXuUyqNUhK055hJ$62e36fef3f0d9d5ae2a6afa5bd58373c7a5c68de205308657c98f9b71da4ed34";
    const PBKDF2_SHA512: &str = "pbkdf2:sha512:1000$NAhI2lwpys9tf1te$6c0663e1bbca6d4fef750caab088a3ebed29f7a37fe9c164bd2ddc9f951063d3bf0e3299cf5f99e24b277c02ace8ab86df77a785cf880ac79dfde30ef793d457";
    const SCRYPT: &str = "scrypt:1024:8:1$YliAH7Ram67cdQtu$9a3910f6ff356ad09550c064d8cc3f939ae8594ff411c431f493fc3ed5025fde52e21a03f0cbbb1598fc7aaeba6dacce5f5ccec1676ed88c36c5ed165679021f";
    const PBKDF2_SHA1: &str = "pbkdf2:sha1:1000$h4QxAerMJrJjXPwj$b620d3473c1ddc16ccce0da0e1d810c45da8e08d";

    #[tokio::test]
    async fn werkzeug_hashes_accept_their_password_and_nothing_else() {
        let queue = HashQueue::new(1, 0);
        for hash in [PBKDF2_SHA256, PBKDF2_SHA512, SCRYPT] {
            assert!(verify_password(&queue, PASSWORD.into(), hash.into()).await.unwrap(), "{hash}");
            assert!(!verify_password(&queue, "старый-пароль 2".into(), hash.into()).await.unwrap(), "{hash}");
            assert!(!verify_password(&queue, String::new(), hash.into()).await.unwrap(), "{hash}");
            assert!(needs_rehash(hash) && is_checkable(hash), "{hash}");
        }
    }

    #[test]
    fn a_damaged_key_or_salt_fails() {
        let flipped = PBKDF2_SHA256.replace("62e36fef", "62e36fee");
        assert!(!Werkzeug::parse(&flipped).unwrap().verify(PASSWORD.as_bytes()));
        let other_salt = SCRYPT.replace("YliAH7Ram67cdQtu", "YliAH7Ram67cdQtv");
        assert!(!Werkzeug::parse(&other_salt).unwrap().verify(PASSWORD.as_bytes()));
    }

    #[test]
    fn methods_it_cannot_check_or_absurd_strengths_are_not_werkzeug_hashes() {
        for stored in [
            PBKDF2_SHA1,
            "pbkdf2:sha256$salt$62e36fef3f0d9d5ae2a6afa5bd58373c",
            "pbkdf2:sha256:0$salt$62e36fef3f0d9d5ae2a6afa5bd58373c",
            "pbkdf2:sha256:99999999$salt$62e36fef3f0d9d5ae2a6afa5bd58373c",
            "scrypt:1000:8:1$salt$62e36fef3f0d9d5ae2a6afa5bd58373c",
            "scrypt:2097152:8:1$salt$62e36fef3f0d9d5ae2a6afa5bd58373c",
            "scrypt:1024:64:64$salt$62e36fef3f0d9d5ae2a6afa5bd58373c",
            "scrypt:1024:8:1:9$salt$62e36fef3f0d9d5ae2a6afa5bd58373c",
            "scrypt:1024:8:1$salt$not-hex",
            "plain$$secret",
            "",
        ] {
            assert_eq!(Werkzeug::parse(stored), None, "{stored}");
            assert!(!is_checkable(stored), "{stored}");
        }
    }

    #[test]
    fn the_parameters_are_read_as_werkzeug_wrote_them() {
        let Some(Werkzeug::Scrypt { log_n, r, p, salt, key }) = Werkzeug::parse(SCRYPT) else { panic!() };
        assert_eq!((log_n, r, p, salt, key.len()), (10, 8, 1, "YliAH7Ram67cdQtu", 64));
        let Some(Werkzeug::Pbkdf2 { digest, iterations, .. }) = Werkzeug::parse(PBKDF2_SHA512) else { panic!() };
        assert_eq!((digest, iterations), (Digest::Sha512, 1000));
    }

    #[tokio::test]
    async fn argon2id_hashes_are_current() {
        let queue = HashQueue::new(1, 0);
        let hash = hash_password(&queue, PASSWORD.into()).await.unwrap();
        assert!(!needs_rehash(&hash) && is_checkable(&hash));
        assert!(verify_password(&queue, PASSWORD.into(), hash).await.unwrap());
    }
}
