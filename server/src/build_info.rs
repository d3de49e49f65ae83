//! What this binary is: its version and the git commit it was built from (`build.rs`).

/// The crate version, the same for every build of one release.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The full git commit hash of the build, or "unknown" when it was built outside a git checkout
/// without `FELIX_HUB_COMMIT` or `RENDER_GIT_COMMIT`.
pub const COMMIT: &str = env!("FELIX_HUB_COMMIT");
