//! Prometheus metrics: one registry per running server, held by `Services`, so that every door,
//! service and worker counts into it and `GET /metrics` encodes it. Each server owns its registry
//! (not a process-wide one), so several servers in one process, as in the tests, count apart.
//!
//! Counters and histograms are kept as things happen. Gauges that describe the world (the outbox
//! backlog, the database, the flags) are set from fresh readings just before each encoding.

mod labels;
mod process;

use std::sync::atomic::AtomicU64;
use std::time::Duration;

use prometheus_client::encoding::prometheus_text;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::{Family, MetricConstructor};
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

pub use labels::{Delivery, Door, method_label};

use crate::build_info;

/// The `Content-Type` of what `encode` returns: the Prometheus text format, version 0.0.4.
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// Request latency buckets, in seconds: from 0.5 ms (a list answered from memory) to 5 s, with
/// bounds at the rollout plan's thresholds (p50 0.5 s, p95 1 s, 2 s and 3 s).
const HTTP_BUCKETS: [f64; 14] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0];

/// Commit-to-Telegram latency buckets, in seconds, around the plan's 5 s promise, and on to the
/// longest retry backoff (5 minutes).
const DELIVERY_BUCKETS: [f64; 12] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0];

/// The kinds of Telegram message: to the admins about a new order, to a mechanic about theirs.
const KINDS: [&str; 2] = ["admin", "mechanic"];

#[derive(Clone)]
struct Buckets(&'static [f64]);

impl MetricConstructor<Histogram> for Buckets {
    fn new_metric(&self) -> Histogram {
        Histogram::new(self.0.iter().copied())
    }
}

/// One server's metrics.
pub struct Metrics {
    enabled: bool,
    registry: Registry,
    http_requests: Family<labels::Request, Counter>,
    http_duration: Family<labels::Route, Histogram, Buckets>,
    orders_created: Family<labels::DoorLabel, Counter>,
    status_changes: Family<labels::StatusLabel, Counter>,
    notifications: Family<labels::Notification, Counter>,
    delivery_latency: Family<labels::Kind, Histogram, Buckets>,
    notifications_pending: Gauge,
    oldest_pending_seconds: Gauge<f64, AtomicU64>,
    db_connections: Family<labels::Pool, Gauge>,
    db_size_bytes: Gauge,
    sign_in_failures: Family<labels::SignInMethod, Counter>,
    sign_in_rate_limited: Counter,
    flag_configured: Family<labels::Flag, Gauge>,
    flag_effective: Family<labels::Flag, Gauge>,
}

/// A database pool at one moment.
#[derive(Debug, Clone, Copy)]
pub struct PoolReading {
    /// `read` or `write` (on PostgreSQL both are one pool, reported once as `main`).
    pub pool: &'static str,
    pub size: u32,
    pub idle: u32,
}

/// One feature flag as configured and as it really works.
#[derive(Debug, Clone)]
pub struct FlagReading {
    pub name: String,
    pub configured: bool,
    pub effective: bool,
}

impl Metrics {
    /// A fresh registry with every family registered. With `enabled` false the server neither
    /// measures requests nor serves `/metrics` (`METRICS_ENABLED=false`).
    pub fn new(enabled: bool) -> Metrics {
        let mut registry = Registry::default();
        let http_requests = Family::<labels::Request, Counter>::default();
        let http_duration = Family::new_with_constructor(Buckets(&HTTP_BUCKETS));
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            http_requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request (to the response head), by method and route template",
            http_duration.clone(),
        );
        registry.register_collector(Box::new(process::ProcessCollector));

        let app = registry.sub_registry_with_prefix("felix_hub");
        let orders_created = Family::<labels::DoorLabel, Counter>::default();
        app.register(
            "orders_created",
            "Orders created, by door: web (the web app), rest (the API), bot (Telegram)",
            orders_created.clone(),
        );
        let status_changes = Family::<labels::StatusLabel, Counter>::default();
        app.register("order_status_changes", "Order status changes, by the status moved to", status_changes.clone());
        let notifications = Family::<labels::Notification, Counter>::default();
        app.register(
            "notifications",
            "Telegram messages by kind (admin, mechanic) and outcome: sent, failed (for good), skipped (no bot token), retried (an attempt failed for now)",
            notifications.clone(),
        );
        let delivery_latency = Family::new_with_constructor(Buckets(&DELIVERY_BUCKETS));
        app.register(
            "notification_delivery_seconds",
            "Time from the commit that queued a Telegram message to Telegram accepting it, by kind",
            delivery_latency.clone(),
        );
        let notifications_pending = Gauge::default();
        app.register(
            "notifications_pending",
            "Telegram messages waiting in the outbox (not yet sent, not given up)",
            notifications_pending.clone(),
        );
        let oldest_pending_seconds = Gauge::<f64, AtomicU64>::default();
        app.register(
            "notifications_oldest_pending_seconds",
            "Age of the oldest message waiting in the outbox, in seconds (0 when none waits)",
            oldest_pending_seconds.clone(),
        );
        let db_connections = Family::<labels::Pool, Gauge>::default();
        app.register(
            "db_connections",
            "Database pool connections, by pool and state (in_use, idle)",
            db_connections.clone(),
        );
        let db_size_bytes = Gauge::default();
        app.register("db_size_bytes", "Size of the database in bytes", db_size_bytes.clone());
        let sign_in_failures = Family::<labels::SignInMethod, Counter>::default();
        app.register(
            "sign_in_failures",
            "Failed sign-ins, by method: password (wrong username or password), link (expired or used sign-in link)",
            sign_in_failures.clone(),
        );
        let sign_in_rate_limited = Counter::default();
        app.register(
            "sign_in_rate_limited",
            "Sign-in attempts refused because the username had too many failures",
            sign_in_rate_limited.clone(),
        );
        let flag_configured = Family::<labels::Flag, Gauge>::default();
        app.register(
            "flag_configured",
            "Each feature flag as in force (an override, else the environment): 1 on, 0 off",
            flag_configured.clone(),
        );
        let flag_effective = Family::<labels::Flag, Gauge>::default();
        app.register(
            "flag_effective",
            "Each feature flag as it really works: 1 when on and able to take effect (a Telegram flag needs a token and recipients)",
            flag_effective.clone(),
        );
        let build = Family::<labels::Build, Gauge>::default();
        app.register("build_info", "The running build: version and git commit (always 1)", build.clone());
        build.get_or_create(&labels::Build { version: build_info::VERSION, commit: build_info::COMMIT }).set(1);

        // Every series that can appear is there from the start, at zero: a rate over a series that
        // appears only at its first event misses that event.
        for door in [Door::Web, Door::Rest, Door::Bot] {
            drop(orders_created.get_or_create(&labels::DoorLabel { door: door.as_str() }));
        }
        for status in app::model::OrderStatus::ALL {
            drop(status_changes.get_or_create(&labels::StatusLabel { status: status.as_str() }));
        }
        for kind in KINDS {
            for outcome in [Delivery::Sent, Delivery::Failed, Delivery::Skipped, Delivery::Retried] {
                drop(notifications.get_or_create(&labels::Notification { kind, outcome: outcome.as_str() }));
            }
            drop(delivery_latency.get_or_create(&labels::Kind { kind }));
        }
        for method in ["password", "link"] {
            drop(sign_in_failures.get_or_create(&labels::SignInMethod { method }));
        }

        Metrics {
            enabled,
            registry,
            http_requests,
            http_duration,
            orders_created,
            status_changes,
            notifications,
            delivery_latency,
            notifications_pending,
            oldest_pending_seconds,
            db_connections,
            db_size_bytes,
            sign_in_failures,
            sign_in_rate_limited,
            flag_configured,
            flag_effective,
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// One answered HTTP request. `route` is the matched route template, never the raw path.
    pub fn request(&self, method: &'static str, route: &str, status: u16, elapsed: Duration) {
        let route = route.to_owned();
        self.http_duration
            .get_or_create(&labels::Route { method, route: route.clone() })
            .observe(elapsed.as_secs_f64());
        self.http_requests.get_or_create(&labels::Request { method, route, status }).inc();
    }

    pub fn order_created(&self, door: Door) {
        self.orders_created.get_or_create(&labels::DoorLabel { door: door.as_str() }).inc();
    }

    pub fn status_changed(&self, to: app::model::OrderStatus) {
        self.status_changes.get_or_create(&labels::StatusLabel { status: to.as_str() }).inc();
    }

    /// One message, or one attempt at one, of `kind` (`admin` or `mechanic`).
    pub fn notification(&self, kind: &'static str, outcome: Delivery) {
        self.notifications.get_or_create(&labels::Notification { kind, outcome: outcome.as_str() }).inc();
    }

    /// A message Telegram accepted `latency` after the commit that queued it.
    pub fn delivered(&self, kind: &'static str, latency: Duration) {
        self.notification(kind, Delivery::Sent);
        self.delivery_latency.get_or_create(&labels::Kind { kind }).observe(latency.as_secs_f64());
    }

    /// A failed sign-in: `password` or `link`.
    pub fn sign_in_failed(&self, method: &'static str) {
        self.sign_in_failures.get_or_create(&labels::SignInMethod { method }).inc();
    }

    pub fn sign_in_rate_limited(&self) {
        self.sign_in_rate_limited.inc();
    }

    /// The outbox backlog as just read.
    pub fn set_outbox(&self, pending: i64, oldest_pending_secs: f64) {
        self.notifications_pending.set(pending);
        self.oldest_pending_seconds.set(oldest_pending_secs);
    }

    /// The database pools and size as just read (`None` when the size could not be read).
    pub fn set_database(&self, pools: &[PoolReading], size_bytes: Option<i64>) {
        for reading in pools {
            let in_use = i64::from(reading.size.saturating_sub(reading.idle));
            self.db_connections.get_or_create(&labels::Pool { pool: reading.pool, state: "in_use" }).set(in_use);
            self.db_connections
                .get_or_create(&labels::Pool { pool: reading.pool, state: "idle" })
                .set(i64::from(reading.idle));
        }
        if let Some(size) = size_bytes {
            self.db_size_bytes.set(size);
        }
    }

    /// The flags as just read: they may change while the server runs.
    pub fn set_flags(&self, flags: &[FlagReading]) {
        for flag in flags {
            let label = labels::Flag { flag: flag.name.clone() };
            self.flag_configured.get_or_create(&label).set(i64::from(flag.configured));
            self.flag_effective.get_or_create(&label).set(i64::from(flag.effective));
        }
    }

    /// Everything in the Prometheus text format.
    pub fn encode(&self) -> String {
        let mut text = String::with_capacity(16 * 1024);
        // Writing into a String cannot fail.
        let _ = prometheus_text::encode(&mut text, &self.registry);
        text
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").field("enabled", &self.enabled).finish_non_exhaustive()
    }
}
