//! The real `felix-hub` binary as a child process: `serve` with a clean environment on a test
//! database and its log in a file, waited for, signed in to, and stopped with a signal; and the
//! other subcommands run to completion without blocking the test's runtime.

use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::TestDatabase;

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `felix-hub serve` on `port`, with nothing from the test's environment but PATH: the test
/// database, no web app, then `env`.
pub fn serve_command(db: &TestDatabase, port: u16, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_felix-hub"));
    command
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &db.url)
        .env("PORT", port.to_string())
        .env("DIST_DIR", "/nonexistent");
    command.envs(env.iter().copied());
    command
}

pub async fn wait_healthy(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while client.get(format!("{base}/health")).send().await.is_err() {
        assert!(Instant::now() < deadline, "felix-hub did not come up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Adds an account with the password `password-123` through `felix-hub user create ARGS`.
pub fn create_user(db: &TestDatabase, args: &[&str]) {
    let mut create = Command::new(env!("CARGO_BIN_EXE_felix-hub"))
        .args(["user", "create"])
        .args(args)
        .env_clear()
        .env("DATABASE_URL", &db.url)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    create.stdin.take().unwrap().write_all(b"password-123\n").unwrap();
    assert!(create.wait().unwrap().success());
}

/// Creates the admin `dana` with `felix-hub user create` and signs in over HTTP.
pub async fn admin_token(db: &TestDatabase, client: &reqwest::Client, base: &str) -> String {
    create_user(db, &["--username", "dana", "--name", "Dana", "--role", "admin"]);
    sign_in(client, base).await
}

/// Signs in as the admin `admin_token` created.
pub async fn sign_in(client: &reqwest::Client, base: &str) -> String {
    let body: Value = client
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": "dana", "password": "password-123"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["token"].as_str().expect("token").to_owned()
}

/// A running `felix-hub serve` whose log (stdout and stderr) goes to a file.
pub struct Server {
    pub child: Child,
    pub base: String,
    log: tempfile::NamedTempFile,
}

impl Server {
    /// Starts `serve` on a free port with `env` and waits until it answers.
    pub async fn start(db: &TestDatabase, env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let log = tempfile::NamedTempFile::new().unwrap();
        let child = serve_command(db, port, env)
            .stdout(Stdio::from(log.reopen().unwrap()))
            .stderr(Stdio::from(log.reopen().unwrap()))
            .spawn()
            .expect("start felix-hub");
        let server = Server { child, base: format!("http://127.0.0.1:{port}"), log };
        wait_healthy(&reqwest::Client::new(), &server.base).await;
        server
    }

    /// Everything the process has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap()
    }

    /// Sends SIGTERM, as a platform does when the next deploy has taken the traffic.
    pub fn terminate(&self) {
        let sent = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(sent.success(), "kill -TERM failed");
    }

    /// Waits for the process to exit, failing after `within`.
    pub async fn exited(&mut self, within: Duration) -> ExitStatus {
        wait_for_exit(&mut self.child, within).await.unwrap_or_else(|| {
            let _ = self.child.kill();
            panic!("felix-hub still running after {within:?}:\n{}", self.log())
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for `child` without blocking the runtime; `None` if it still runs after `within`.
pub async fn wait_for_exit(child: &mut Child, within: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if Instant::now() > deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Runs `felix-hub ARGS` on the test database to completion, without blocking the runtime.
pub async fn run(db: &TestDatabase, args: &[&str]) -> Output {
    run_on(&db.url, args).await
}

/// Runs `felix-hub ARGS` on the database at `url` to completion, without blocking the runtime.
pub async fn run_on(url: &str, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_felix-hub"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run felix-hub");
    wait_for_exit(&mut child, Duration::from_secs(120)).await.expect("felix-hub finishes");
    child.wait_with_output().unwrap()
}
