//! Embeds the git commit the server is built from (`FELIX_HUB_COMMIT`), so that two deploys of
//! the same version can be told apart in `/health`, `/metrics` and the logs.
//!
//! Outside a git checkout the commit comes from `FELIX_HUB_COMMIT` or Render's
//! `RENDER_GIT_COMMIT` when the build environment sets one, and is "unknown" otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    for variable in ["FELIX_HUB_COMMIT", "RENDER_GIT_COMMIT"] {
        println!("cargo:rerun-if-env-changed={variable}");
    }
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let from_env = ["FELIX_HUB_COMMIT", "RENDER_GIT_COMMIT"]
        .into_iter()
        .filter_map(|variable| std::env::var(variable).ok())
        .map(|value| value.trim().to_owned())
        .find(|value| !value.is_empty());
    let commit = from_env.or_else(|| git(&manifest_dir, &["rev-parse", "HEAD"])).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=FELIX_HUB_COMMIT={commit}");
    watch_head(&manifest_dir);
}

/// Reruns this script when HEAD moves: a new commit on the branch (the ref file, or packed-refs
/// after `git gc`) or a checkout of another branch (HEAD itself). Only files that exist are
/// named, because cargo reruns a script on every build while a named file is missing.
fn watch_head(dir: &Path) {
    let mut watched = vec![git(dir, &["rev-parse", "--git-path", "HEAD"])];
    if let Some(reference) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(dir, &["rev-parse", "--git-path", &reference]));
    }
    watched.push(git(dir, &["rev-parse", "--git-path", "packed-refs"]));
    let mut any = false;
    for path in watched.into_iter().flatten().map(|path| dir.join(path)) {
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
            any = true;
        }
    }
    // Without git, nothing to watch but the script itself (an empty list would rerun it always).
    if !any {
        println!("cargo:rerun-if-changed=build.rs");
    }
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).current_dir(dir).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (output.status.success() && !text.is_empty()).then_some(text)
}
