//! Stopping within SHUTDOWN_TIMEOUT_SECS: the signal that begins a shutdown, the one deadline that
//! every part of it shares, and the report of what had to be cut short.
//!
//! A platform such as Render sends SIGTERM when a newer instance has taken the traffic, and kills
//! the process after its own grace period. Requests already accepted and Telegram sends already
//! under way get the time up to the deadline; past it the process stops anyway, and says so.

use std::future::{Future, IntoFuture};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::time::Instant;

/// The begun-or-not state of a shutdown, shared by the parts that stop.
#[derive(Clone)]
pub struct Stopping {
    deadline: watch::Receiver<Option<Instant>>,
    timeout: Duration,
}

/// The signal future to give `axum::serve(..).with_graceful_shutdown`, and the `Stopping` that
/// tells everyone else when it fired. The signal is SIGTERM, Ctrl-C or `stop` (tests).
pub fn on_signal(stop: Arc<Notify>, timeout: Duration) -> (impl Future<Output = ()> + Send + 'static, Stopping) {
    let (begun, deadline) = watch::channel(None);
    let signal = async move {
        tokio::select! {
            () = shutdown_signal() => {},
            () = stop.notified() => {},
        }
        tracing::info!(timeout_secs = timeout.as_secs(), "shutting down: finishing the work in flight");
        let _ = begun.send(Some(Instant::now() + timeout));
    };
    (signal, Stopping { deadline, timeout })
}

impl Stopping {
    /// Waits for the shutdown to begin and returns its deadline. If the server ended without a
    /// signal (it failed), the deadline counts from now.
    pub async fn deadline(&self) -> Instant {
        let mut deadline = self.deadline.clone();
        loop {
            if let Some(at) = *deadline.borrow_and_update() {
                return at;
            }
            if deadline.changed().await.is_err() {
                return Instant::now() + self.timeout;
            }
        }
    }

    /// Runs `serve` unbounded until the shutdown begins, then only up to the deadline. `Ok(true)`
    /// when every connection finished, `Ok(false)` when the deadline cut some short.
    pub async fn bound<F, E>(&self, serve: F) -> Result<bool, E>
    where
        F: IntoFuture<Output = Result<(), E>>,
    {
        let serve = serve.into_future();
        tokio::pin!(serve);
        let deadline = tokio::select! {
            result = &mut serve => return result.map(|()| true),
            deadline = self.deadline() => deadline,
        };
        match tokio::time::timeout_at(deadline, serve).await {
            Ok(result) => result.map(|()| true),
            Err(_) => Ok(false),
        }
    }

    /// The outcome of a shutdown: fine when nothing was cut short; otherwise an error line (and
    /// so a non-zero exit) naming what was.
    pub fn report(&self, cut_short: &[&str]) -> anyhow::Result<()> {
        if cut_short.is_empty() {
            tracing::info!("stopped: every accepted request answered, every Telegram send finished");
            return Ok(());
        }
        let what = cut_short.join(", ");
        tracing::error!(
            timeout_secs = self.timeout.as_secs(),
            cut_short = %what,
            "shutdown ran past SHUTDOWN_TIMEOUT_SECS: stopping anyway"
        );
        anyhow::bail!("shutdown ran past SHUTDOWN_TIMEOUT_SECS={}: cut short {what}", self.timeout.as_secs())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
