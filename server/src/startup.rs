//! Builds the application from its configuration: connects, migrates, binds, and runs until stopped.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::db::Db;
use crate::http;
use crate::services::Services;
use crate::shutdown;
use crate::state::AppState;
use crate::telegram::Telegram;

/// A bound, ready-to-run server. Tests build one on port 0 and read the port back.
pub struct Application {
    listener: TcpListener,
    port: u16,
    router: axum::Router,
    state: AppState,
    stop: Arc<tokio::sync::Notify>,
    /// The private `METRICS_ADDR` listener, when one is configured.
    metrics_listener: Option<TcpListener>,
}

/// What `serve` does before it starts answering.
#[derive(Debug, Clone, Copy)]
pub struct StartOptions {
    /// Apply pending migrations first (the default). Off, the server refuses to start on an
    /// outdated schema instead of failing on its first query.
    pub migrate: bool,
}

impl Default for StartOptions {
    fn default() -> Self {
        StartOptions { migrate: true }
    }
}

impl Application {
    pub async fn build(config: Config, options: StartOptions) -> anyhow::Result<Application> {
        let flags = config.flags.resolve().map_err(anyhow::Error::msg)?;
        let db = Db::connect(&config.database_url, config.database_max_connections)
            .await
            .context("cannot connect to the database (DATABASE_URL)")?;
        if options.migrate {
            crate::commands::migrate::apply_for_serve(&db.write).await?;
        } else {
            let pending = crate::commands::migrate::pending_for_serve(&db.write).await?;
            if !pending.is_empty() {
                anyhow::bail!(
                    "the database schema is behind: pending migrations {}. Run `felix-hub migrate apply`",
                    pending.join(", ")
                );
            }
        }
        crate::commands::migrate::check_schema(&db.write, flags).await?;
        // The server functions register themselves when the app crate is linked; none means a
        // web app whose every call would fail.
        let functions = http::registered_server_fns().count();
        anyhow::ensure!(functions > 0, "no server functions are registered: the app crate is not linked");
        tracing::debug!(functions, "server functions registered");
        let listener = TcpListener::bind((config.host, config.port))
            .await
            .with_context(|| format!("cannot listen on {}:{}", config.host, config.port))?;
        let port = listener.local_addr()?.port();
        let services = Services::new(db, flags, Arc::new(config));
        // The overrides and pilot groups an admin set; the defaults alone while the flags'
        // migration is missing.
        crate::services::flags::refresh(&services, true).await.context("cannot read the flags' overrides")?;
        let state = AppState { services };
        let router = http::observe::layer(http::router(state.clone()), state.clone());
        let config = &state.services.config;
        let router = http::security_headers::layer(router, &config.dist_dir, &config.public_url());
        let metrics_listener = bind_metrics(&state).await?;
        Ok(Application { listener, port, router, metrics_listener, state, stop: Arc::new(tokio::sync::Notify::new()) })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops `run_until_stopped` as SIGTERM would (for tests that restart the server).
    pub fn stop_handle(&self) -> Arc<tokio::sync::Notify> {
        self.stop.clone()
    }

    /// Starts the Telegram side and serves until SIGTERM, Ctrl-C or the stop handle. Then, within
    /// SHUTDOWN_TIMEOUT_SECS, requests in flight get their responses while the bot stops polling
    /// and the sends under way finish; messages not yet sent stay in the outbox for next time.
    /// An error when the deadline cut something short.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let services = self.state.services.clone();
        let telegram = Telegram::start(services.clone(), services.config.telegram_bot_polling)?;
        let flag_watch = crate::services::flags::watch(&services);
        let statistics_watch = crate::db::statistics::watch(&services.db);
        tracing::info!(port = self.port, flags = ?services.flags(), "felix-hub is listening");
        let timeout = Duration::from_secs(services.config.shutdown_timeout_secs);
        let (signal, stopping) = shutdown::on_signal(self.stop.clone(), timeout);
        let metrics = self.metrics_listener.map(|listener| {
            let router = http::metrics::private_router(self.state.clone());
            tokio::spawn(async move { axum::serve(listener, router).await })
        });
        // The peer's address reaches the sign-in limits (`http::client_address`).
        let router = self.router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        let serve = axum::serve(self.listener, router).with_graceful_shutdown(signal);
        // Telegram stops as soon as the shutdown begins, beside the requests: a deploy's new
        // instance is already polling, and every extra second of the old one's polling is a 409.
        let telegram = async { telegram.stop(stopping.deadline().await).await };
        let (served, mut cut_short) = tokio::join!(stopping.bound(serve), telegram);
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        flag_watch.abort();
        if let Some(watch) = statistics_watch {
            watch.abort();
        }
        if !served? {
            cut_short.insert(0, "HTTP requests in flight");
        }
        stopping.report(&cut_short)
    }
}

/// Binds METRICS_ADDR when it is set, and says once at start where /metrics can be read.
async fn bind_metrics(state: &AppState) -> anyhow::Result<Option<TcpListener>> {
    let services = &state.services;
    let observability = &services.config.observability;
    if !services.metrics.enabled() {
        tracing::info!("metrics are off (METRICS_ENABLED=false): /metrics answers 404");
        return Ok(None);
    }
    let Some(addr) = observability.metrics_addr else {
        if observability.metrics_token.is_none() {
            tracing::warn!(
                "/metrics is not served: set METRICS_TOKEN to read it with a bearer token, or METRICS_ADDR for a private listener"
            );
        }
        return Ok(None);
    };
    let listener = TcpListener::bind(addr).await.with_context(|| format!("cannot listen on METRICS_ADDR {addr}"))?;
    tracing::info!(addr = %listener.local_addr()?, "metrics listener: /metrics");
    Ok(Some(listener))
}
