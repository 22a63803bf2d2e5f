//! Azure Resource Manager over HTTPS: one bearer token, a bound on
//! requests in flight, retries where Azure asks for them (429 with
//! `Retry-After`, 5xx, a dropped connection), response bodies read up to a
//! limit, and links followed only back to the endpoint the scan was
//! pointed at, so a token never leaves for another host.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Semaphore;

/// Attempts per request when Azure throttles or fails transiently.
const MAX_ATTEMPTS: u32 = 5;

/// A timed-out request is tried once more only: a server too slow once is
/// usually too slow again, and each try costs the whole timeout.
const MAX_TIMEOUT_ATTEMPTS: u32 = 2;

/// The longest wait a `Retry-After` is honoured for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// What one request came to when it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status, when a response came.
    pub status: Option<u16>,
    /// Azure's error code and message, or the transport's error.
    pub message: String,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.status {
            Some(status) => write!(f, "HTTP {status}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// An authenticated client for one Resource Manager endpoint.
pub struct Client {
    http: reqwest::Client,
    /// `https://management.azure.com`, or the override, without a final `/`.
    endpoint: String,
    token: String,
    in_flight: Arc<Semaphore>,
    max_body: u64,
}

impl Client {
    pub fn new(
        http: reqwest::Client,
        endpoint: String,
        token: String,
        concurrency: usize,
        max_body: u64,
    ) -> Self {
        Client {
            http,
            endpoint: endpoint.trim_end_matches('/').to_string(),
            token,
            in_flight: Arc::new(Semaphore::new(concurrency.max(1))),
            max_body,
        }
    }

    /// `path` (starting with `/`) under the endpoint.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.endpoint)
    }

    /// GET `path` and every page its `nextLink`s name: the `value` arrays,
    /// joined.
    pub async fn list(&self, path: &str) -> Result<Vec<Value>, ApiError> {
        let mut items = Vec::new();
        let mut next = Some(self.url(path));
        while let Some(url) = next.take() {
            let mut page = self.send(|http| http.get(url.as_str())).await?;
            if let Some(Value::Array(values)) = page.get_mut("value").map(Value::take) {
                items.extend(values);
            }
            next = match page.get("nextLink").and_then(Value::as_str) {
                Some(link) if self.is_own(link) => Some(link.to_string()),
                Some(link) => {
                    return Err(ApiError {
                        status: None,
                        message: format!(
                            "a nextLink leads away from {} ({link}); not followed",
                            self.endpoint
                        ),
                    });
                }
                None => None,
            };
        }
        Ok(items)
    }

    /// GET `path`: its JSON.
    pub async fn get(&self, path: &str) -> Result<Value, ApiError> {
        let url = self.url(path);
        self.send(|http| http.get(url.as_str())).await
    }

    /// POST `body` to `path`: the JSON answer.
    pub async fn post(&self, path: &str, body: &Value) -> Result<Value, ApiError> {
        let url = self.url(path);
        self.send(|http| http.post(url.as_str()).json(body)).await
    }

    /// Whether a link Azure returned points back at the endpoint.
    fn is_own(&self, link: &str) -> bool {
        link.strip_prefix(self.endpoint.as_str())
            .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('?'))
    }

    async fn send(
        &self,
        request: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<Value, ApiError> {
        let mut attempt = 0;
        let mut timeouts = 0;
        loop {
            attempt += 1;
            let response = {
                let _permit = self.in_flight.acquire().await.map_err(|e| ApiError {
                    status: None,
                    message: e.to_string(),
                })?;
                match request(&self.http).bearer_auth(&self.token).send().await {
                    Ok(response) => self.read(response).await,
                    Err(e) => Err(Failure::Transport(e)),
                }
            };
            let wait = match response {
                Ok(value) => return Ok(value),
                Err(Failure::Status {
                    status,
                    retry_after,
                    message,
                }) => {
                    let transient = status == 429 || status >= 500;
                    if !transient || attempt >= MAX_ATTEMPTS {
                        return Err(ApiError {
                            status: Some(status),
                            message,
                        });
                    }
                    retry_after.unwrap_or_else(|| backoff(attempt))
                }
                Err(Failure::Transport(e)) => {
                    if e.is_timeout() {
                        timeouts += 1;
                    }
                    let transient = e.is_timeout() || e.is_connect() || e.is_request();
                    if !transient || attempt >= MAX_ATTEMPTS || timeouts >= MAX_TIMEOUT_ATTEMPTS {
                        return Err(ApiError {
                            status: None,
                            message: transport_message(e),
                        });
                    }
                    backoff(attempt)
                }
                Err(Failure::Body(message)) => {
                    return Err(ApiError {
                        status: None,
                        message,
                    });
                }
            };
            tokio::time::sleep(wait.min(MAX_RETRY_AFTER)).await;
        }
    }

    /// A response's JSON, read up to the body limit; an error status with
    /// Azure's error code and message.
    async fn read(&self, mut response: reqwest::Response) -> Result<Value, Failure> {
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    body.extend_from_slice(&chunk);
                    if u64::try_from(body.len()).unwrap_or(u64::MAX) > self.max_body {
                        return Err(Failure::Body(format!(
                            "a response larger than {} MiB; not read",
                            self.max_body >> 20
                        )));
                    }
                }
                Ok(None) => break,
                Err(e) => return Err(Failure::Transport(e)),
            }
        }
        if !(200..300).contains(&status) {
            return Err(Failure::Status {
                status,
                retry_after,
                message: error_message(&body),
            });
        }
        serde_json::from_slice(&body)
            .map_err(|e| Failure::Body(format!("the response is not JSON: {e}")))
    }
}

enum Failure {
    Status {
        status: u16,
        retry_after: Option<Duration>,
        message: String,
    },
    Transport(reqwest::Error),
    Body(String),
}

/// Half a second, doubling with each attempt.
fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500u64.saturating_mul(1 << attempt.min(6)) / 2)
}

/// Azure's `{"error": {"code", "message"}}`, else the start of the body.
fn error_message(body: &[u8]) -> String {
    const SHOWN: usize = 300;
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let error = parsed.as_ref().and_then(|v| v.get("error"));
    let field = |key: &str| error.and_then(|e| e.get(key)).and_then(Value::as_str);
    let text = match (field("code"), field("message")) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code.to_string(),
        _ => String::from_utf8_lossy(body).trim().to_string(),
    };
    if text.chars().count() > SHOWN {
        let cut: String = text.chars().take(SHOWN).collect();
        format!("{cut}…")
    } else if text.is_empty() {
        "no error body".to_string()
    } else {
        text
    }
}

/// The transport error and what caused it (a certificate, a refused
/// connection), without the request's URL.
fn transport_message(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azure_error_bodies_are_shown_by_code_and_message() {
        let body = br#"{"error":{"code":"AuthorizationFailed","message":"no access"}}"#;
        assert_eq!(error_message(body), "AuthorizationFailed: no access");
        assert_eq!(error_message(b""), "no error body");
        assert!(error_message(&[b'x'; 1000]).ends_with('…'));
    }

    #[test]
    fn backoff_doubles_from_half_a_second() {
        assert_eq!(backoff(1), Duration::from_millis(500));
        assert_eq!(backoff(2), Duration::from_millis(1000));
        assert_eq!(backoff(3), Duration::from_millis(2000));
    }
}
