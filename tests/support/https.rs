//! A loopback HTTPS server for the live readers' tests, and what those
//! tests share (a fake `az`, reading a report): a certificate
//! authority made for the test (its PEM in a temporary file for
//! `--ca-file`), a leaf for 127.0.0.1, and a handler that answers each
//! request, optionally after a delay (a slow server). Every request is
//! recorded. Nothing listens beyond 127.0.0.1. The live readers' tests and
//! benches compile it and use part of it.
#![allow(dead_code)]

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A request as the handler sees it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path and query.
    pub target: String,
    pub authorization: Option<String>,
    /// The `Host` header: `127.0.0.1:PORT`, for absolute links.
    pub host: String,
    /// The `Accept` header.
    pub accept: String,
    pub body: String,
}

/// What the handler answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Reply {
            status,
            headers: vec![("content-type", "application/json".to_string())],
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }
}

pub struct Server {
    /// `https://127.0.0.1:PORT`.
    pub url: String,
    /// The test authority's certificate, PEM.
    pub ca_file: PathBuf,
    /// Every request, in the order they came.
    pub requests: Arc<Mutex<Vec<Request>>>,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Server {
    /// The requests whose target starts with `prefix`.
    pub fn requests_to(&self, prefix: &str) -> Vec<Request> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.target.starts_with(prefix))
            .cloned()
            .collect()
    }
}

/// Starts a server answering with `handler` on a port of its own.
pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let (ca_pem, config) = tls();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&requests);
    let handler = Arc::new(handler);
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let (bound, port) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            bound.send(listener.local_addr().unwrap().port()).unwrap();
            loop {
                let (tcp, _) = tokio::select! {
                    accepted = listener.accept() => match accepted {
                        Ok(accepted) => accepted,
                        Err(_) => continue,
                    },
                    _ = &mut stopped => break,
                };
                let acceptor = acceptor.clone();
                let handler = Arc::clone(&handler);
                let recorded = Arc::clone(&recorded);
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service =
                        service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                            let handler = Arc::clone(&handler);
                            let recorded = Arc::clone(&recorded);
                            async move {
                                let method = request.method().to_string();
                                let target = request
                                    .uri()
                                    .path_and_query()
                                    .map(|p| p.to_string())
                                    .unwrap_or_default();
                                let header = |name: &str| {
                                    request
                                        .headers()
                                        .get(name)
                                        .and_then(|v| v.to_str().ok())
                                        .map(str::to_string)
                                };
                                let authorization = header("authorization");
                                let host = header("host").unwrap_or_default();
                                let accept = header("accept").unwrap_or_default();
                                let body = request
                                    .into_body()
                                    .collect()
                                    .await
                                    .map(|b| String::from_utf8_lossy(&b.to_bytes()).into_owned())
                                    .unwrap_or_default();
                                let request = Request {
                                    method,
                                    target,
                                    authorization,
                                    host,
                                    accept,
                                    body,
                                };
                                recorded.lock().unwrap().push(request.clone());
                                let reply = handler(&request);
                                tokio::time::sleep(reply.delay).await;
                                let mut response = hyper::Response::builder().status(reply.status);
                                for (name, value) in &reply.headers {
                                    response = response.header(*name, value);
                                }
                                Ok::<_, Infallible>(
                                    response.body(Full::new(Bytes::from(reply.body))).unwrap(),
                                )
                            }
                        });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
        });
    });
    let port = port.recv().unwrap();
    Server {
        url: format!("https://127.0.0.1:{port}"),
        ca_file,
        requests,
        _dir: dir,
        stop: Some(stop),
    }
}

/// A certificate authority of the test's own and a leaf for 127.0.0.1
/// signed by it: the authority's PEM, and the server's TLS configuration.
fn tls() -> (String, ServerConfig) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "chanto test authority");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    let chain: Vec<CertificateDer<'static>> = vec![leaf.der().clone(), ca.der().clone()];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    // Named, not the process default: with the `azure` feature rustls also
    // holds aws-lc (reqwest's), and two providers leave no default.
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    (ca.pem(), config)
}

/// The value of `key` in a request target's query.
pub fn query<'a>(target: &'a str, key: &str) -> Option<&'a str> {
    target
        .split_once('?')?
        .1
        .split('&')
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

/// A folder holding an `az` that prints what `az account get-access-token
/// -o json` prints with `token` (or, without one, fails as before `az
/// login`), for PATH.
pub fn fake_az(dir: &std::path::Path, token: Option<&str>) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = match token {
        Some(token) => format!(
            "#!/bin/sh\ncat <<'EOF'\n{{\n  \"accessToken\": \"{token}\",\n  \"expiresOn\": \"2099-01-01 00:00:00.000000\",\n  \"expires_on\": 4070908800,\n  \"tenant\": \"99999999-8888-7777-6666-555555555555\",\n  \"tokenType\": \"Bearer\"\n}}\nEOF\n"
        ),
        None => "#!/bin/sh\necho \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n"
            .to_string(),
    };
    let az = bin.join("az");
    std::fs::write(&az, script).unwrap();
    std::fs::set_permissions(&az, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// A chanto run's JSON report, standard error and exit code.
pub fn report_of(output: &std::process::Output) -> (serde_json::Value, String, i32) {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}): {stderr}"));
    (report, stderr, output.status.code().unwrap_or(-1))
}

/// The entries of a report's `key` list (`findings`, `unknown`) as (code,
/// resource, message or reason), sorted: what must not depend on where
/// the inputs were read from.
pub fn verdicts(report: &serde_json::Value, key: &str) -> Vec<(String, String, String)> {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let mut all: Vec<(String, String, String)> = report[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let message = if f["message"].is_string() {
                &f["message"]
            } else {
                &f["reason"]
            };
            (
                text(&f["code"]),
                text(&f["resource"]["name"]),
                text(message),
            )
        })
        .collect();
    all.sort();
    all
}
