//! The smoke test's HTTP client: JSON calls with the signed-in token, each timed.

use std::time::{Duration, Instant};

use reqwest::{Client, Method};
use serde_json::Value;

/// What one call brought back: the status (0 when the server did not answer), the body as JSON
/// (a string when it was not JSON), and how long it took.
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub took: Duration,
}

impl Answer {
    /// The API's error message, or the transport error, for a row's detail.
    pub fn problem(&self) -> String {
        let message = self.body["error"]["message"].as_str().or(self.body.as_str()).unwrap_or_default();
        match self.status {
            0 => format!("no answer: {message}"),
            status => format!("HTTP {status} {message}").trim_end().to_owned(),
        }
    }
}

pub struct Probe {
    pub client: Client,
    pub base: String,
    pub token: Option<String>,
}

impl Probe {
    pub fn new(base: &str) -> anyhow::Result<Probe> {
        let client = Client::builder().timeout(Duration::from_secs(15)).build()?;
        Ok(Probe { client, base: base.to_owned(), token: None })
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let started = Instant::now();
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let text = response.text().await.unwrap_or_default();
                let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
                Answer { status, body, took: started.elapsed() }
            }
            Err(error) => Answer { status: 0, body: Value::String(error.to_string()), took: started.elapsed() },
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }
}
