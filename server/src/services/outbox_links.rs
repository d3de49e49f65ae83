//! Sign-in links in outbox messages: a message stores a placeholder naming the user, never a live
//! token, and the delivery worker swaps it for a freshly minted one-time link as it sends. The
//! outbox, the System page and a database copy therefore hold no credential.

use sea_orm::ConnectionTrait;

use crate::entities::notification;
use crate::services::auth::create_login_link;
use crate::services::users::directory::find_in;
use crate::services::{ServiceResult, Services};
use crate::telegram::text;

const OPEN: &str = "{sign-in-link:";
const CLOSE: char = '}';

/// What a message body stores where the sign-in link for `user_id` goes. Telegram HTML escaping
/// leaves it as it is.
pub fn placeholder(user_id: i64) -> String {
    format!("{OPEN}{user_id}{CLOSE}")
}

/// How the admin's outbox view shows a placeholder.
pub fn for_display(body: &str) -> String {
    replace_each(body, |_| Some("[one-time sign-in link, made when sent]".to_owned()))
}

/// The body to send: each placeholder becomes a new one-time link to the message's order, if the
/// user is still active and this chat is still theirs (a password reset unlinks the chat and
/// voids links: a message queued before it must not carry a fresh one); else the site's address.
pub async fn resolve(services: &Services, message: &notification::Model) -> ServiceResult<String> {
    let mut users = Vec::new();
    replace_each(&message.body, |id| {
        users.push(id);
        None
    });
    let mut links = Vec::new();
    for user_id in users {
        links.push(link_for(services, &services.db.write, user_id, message).await?);
    }
    let mut links = links.into_iter();
    Ok(replace_each(&message.body, |_| links.next()))
}

async fn link_for(
    services: &Services,
    db: &impl ConnectionTrait,
    user_id: i64,
    message: &notification::Model,
) -> ServiceResult<String> {
    let user = find_in(db, user_id).await.ok();
    let url = match user {
        Some(user) if user.active && user.telegram_chat_id == Some(message.chat_id) => {
            create_login_link(services, db, user_id, message.order_id).await?.url
        }
        _ => services.config.public_url(),
    };
    Ok(text::href(&url))
}

/// `body` with each placeholder replaced by what `with` gives for its user id (kept as it is
/// when `with` gives nothing).
fn replace_each(body: &str, mut with: impl FnMut(i64) -> Option<String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let Some(end) = after.find(CLOSE) else { break };
        out.push_str(&rest[..start]);
        match after[..end].parse::<i64>().ok().and_then(&mut with) {
            Some(replacement) => out.push_str(&replacement),
            None => out.push_str(&rest[start..start + OPEN.len() + end + 1]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced_in_place_and_other_text_is_kept() {
        let body = format!("<a href=\"{}\">open</a> {{not-one}} {}", placeholder(42), placeholder(7));
        let replaced = replace_each(&body, |id| Some(format!("L{id}")));
        assert_eq!(replaced, "<a href=\"L42\">open</a> {not-one} L7");
        assert_eq!(replace_each(&body, |_| None), body);
        assert_eq!(for_display(&placeholder(1)), "[one-time sign-in link, made when sent]");
    }
}
