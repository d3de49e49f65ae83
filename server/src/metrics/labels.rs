//! The label sets of Felix Hub's metrics. Every value comes from a short fixed list (methods,
//! route templates, doors, statuses, kinds), so no series can be created by a client at will.

use prometheus_client::encoding::EncodeLabelSet;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct Request {
    pub method: &'static str,
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct Route {
    pub method: &'static str,
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct DoorLabel {
    pub door: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct StatusLabel {
    pub status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct Notification {
    pub kind: &'static str,
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct Kind {
    pub kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct SignInMethod {
    pub method: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct Pool {
    pub pool: &'static str,
    pub state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct Flag {
    pub flag: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct Build {
    pub version: &'static str,
    pub commit: &'static str,
}

/// The door an order came in through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Door {
    /// The web app's server functions.
    Web,
    /// The REST API.
    Rest,
    /// The Telegram bot.
    Bot,
}

impl Door {
    pub fn as_str(self) -> &'static str {
        match self {
            Door::Web => "web",
            Door::Rest => "rest",
            Door::Bot => "bot",
        }
    }
}

/// What became of one Telegram message, or of one attempt at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Telegram accepted it.
    Sent,
    /// Telegram refused it for good (no such chat, bot blocked, bad request).
    Failed,
    /// Queued without a bot token: recorded, never sent.
    Skipped,
    /// An attempt failed for now (network, 5xx, 429) and the message waits for another.
    Retried,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Sent => "sent",
            Delivery::Failed => "failed",
            Delivery::Skipped => "skipped",
            Delivery::Retried => "retried",
        }
    }
}

/// The HTTP method as a label: the usual ones by name, anything else as `OTHER`, so that made-up
/// methods cannot multiply the series.
pub fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}
