//! Who is signed in: the token in localStorage, the user it belongs to, and what a 401 from any
//! call does (forget the token, back to the login page).

use std::future::Future;

use leptos::prelude::*;

use crate::api::TOKEN_KEY;
use crate::model::{AppError, ErrorCode, Language, ProfileUpdate, Role, User};

/// The login page's path, where signing out (or a 401) leads.
pub const LOGIN_PATH: &str = "/mechanic/login";

/// localStorage key of the signed-in user's role (`mechanic`, `admin`): index.html reads it to
/// give a mechanic the mechanic bundle, which has no admin panel, instead of the whole app.
const ROLE_KEY: &str = "felix_role";

/// Where the sign-in stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// A token is stored and is being checked.
    Checking,
    SignedOut,
    SignedIn(User),
    /// The token could not be checked (the server is unreachable, say).
    Failed(AppError),
}

/// The sign-in state, shared through the context.
#[derive(Clone, Copy)]
pub struct Session {
    pub auth: RwSignal<Auth>,
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// How the login page moves on once signed in: the signed-in bundles navigate in place; the
/// login-only bundle loads the page at that address (index.html picks its bundle by the role).
#[derive(Clone, Copy)]
pub struct Go(pub Callback<String>);

impl Session {
    /// A session that starts signed out and asks nothing (the login-only bundle).
    pub fn signed_out() -> Session {
        Session { auth: RwSignal::new(Auth::SignedOut) }
    }

    /// Starts the session from a stored token, if any, by asking the server who it belongs to.
    pub fn start() -> Session {
        let has_token = crate::api::stored_token().is_some();
        let session = Session { auth: RwSignal::new(if has_token { Auth::Checking } else { Auth::SignedOut }) };
        if has_token {
            session.check();
        }
        session
    }

    /// Asks the server again who the stored token belongs to.
    pub fn check(self) {
        self.auth.set(Auth::Checking);
        leptos::task::spawn_local(async move {
            match self.call(crate::api::auth::me()).await {
                Ok(user) => self.set_user(user),
                // `call` has already signed out on a 401.
                Err(error) if error.code == ErrorCode::Unauthorized => {}
                Err(error) => self.auth.set(Auth::Failed(error)),
            }
        });
    }

    pub fn user(self) -> Option<User> {
        match self.auth.get() {
            Auth::SignedIn(user) => Some(user),
            _ => None,
        }
    }

    /// The user the token belongs to; their role is kept first, for the next page load (and for
    /// the mechanic bundle, which leaves for the whole app when it is not a mechanic's).
    pub fn set_user(self, user: User) {
        crate::browser::local_storage_set(ROLE_KEY, user.role.as_str());
        self.auth.set(Auth::SignedIn(user));
    }

    /// Keeps a new session's token and its user's role. Whoever shows the next page asks who it
    /// belongs to; the role already picks that page's bundle.
    pub fn keep_token(self, token: &str, role: Role) {
        crate::browser::local_storage_set(TOKEN_KEY, token);
        crate::browser::local_storage_set(ROLE_KEY, role.as_str());
    }

    /// Forgets the token and the role; the pages behind sign-in then send the user to the login page.
    pub fn sign_out(self) {
        crate::browser::local_storage_remove(TOKEN_KEY);
        crate::browser::local_storage_remove(ROLE_KEY);
        self.auth.set(Auth::SignedOut);
    }

    /// Runs a server call; a 401 (expired, revoked, deactivated) signs out.
    pub async fn call<T>(self, call: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
        let result = call.await;
        if let Err(error) = &result
            && error.code == ErrorCode::Unauthorized
            && self.auth.get_untracked() != Auth::SignedOut
        {
            self.sign_out();
        }
        result
    }
}

/// The page a visitor asked for before signing in, if signing in may lead back to it: a path of
/// this site that starts with a single `/`. Anything a browser could read as another site is
/// refused: `//evil.example` and `/\evil.example` (both mean "same scheme, other host": browsers
/// read a backslash as a slash), a scheme such as `https:` or `javascript:`, and any control
/// character or whitespace, which URL parsers drop (`/`, a tab, `/evil.example` is
/// `//evil.example` to them). `/` and the login page itself need no return either.
pub fn return_path(path: &str) -> Option<&str> {
    let same_site = path.starts_with('/')
        && !path.starts_with("//")
        && !path.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    (same_site && path != "/" && !path.starts_with(LOGIN_PATH)).then_some(path)
}

/// Where a user lands after signing in.
pub fn home_path(role: Role) -> &'static str {
    match role {
        Role::Admin => "/admin",
        Role::Mechanic => "/mechanic",
    }
}

/// What saves a signed-in user's language choice to their profile (the Telegram bot speaks it
/// too): one action for the whole app, sent on each choice.
pub fn language_saver(session: Session) -> Callback<Language> {
    let save = Action::new_local(move |language: &Language| {
        let update = ProfileUpdate { language: Some(*language) };
        async move {
            if let Ok(user) = session.call(crate::api::auth::update_profile(update)).await {
                session.set_user(user);
            }
        }
    });
    Callback::new(move |language| {
        if matches!(session.auth.get_untracked(), Auth::SignedIn(_)) {
            save.dispatch_local(language);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::return_path;

    #[test]
    fn only_paths_of_this_site_are_returned_to() {
        for path in ["/mechanic/orders/7", "/admin/orders?status=new", "/mechanic", "/a//b", "/%2F%2Fevil.example"] {
            assert_eq!(return_path(path), Some(path), "{path}");
        }
        for path in [
            "//evil.example/",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "/a\\b",
            "\\\\evil.example",
            "https://evil.example/",
            "http:evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/",
            "/mechanic/login",
            "/mechanic/login?token=abc",
        ] {
            assert_eq!(return_path(path), None, "{path:?}");
        }
    }
}
