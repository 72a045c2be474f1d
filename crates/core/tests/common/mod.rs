//! What the runtime's integration tests share: a service description as a generated crate
//! writes it, clients against a local server, replies, and a log capture.
//!
//! Each test binary uses part of this module only.
#![allow(dead_code)]

pub mod keys;

use std::io;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use huaweicloud_sdk_core::{
    Config, ConfigBuilder, Credentials, Error, Method, OperationRequest, RetryPolicy,
    ServiceClient, ServiceInfo,
};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// The service, as a generated crate declares it.
pub static SERVICE: ServiceInfo = ServiceInfo {
    name: "demo",
    sdk: "huaweicloud-sdk-demo/0.0.0",
    endpoints: &[("cn-north-4", "https://demo.cn-north-4.example.com")],
};

pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
pub const THING_ID: &str = "thing-1";
pub const THING_PATH: &str = "/v1/0123456789abcdef0123456789abcdef/things/thing-1";

/// Secrets, spelled so that no other text of a test can contain them by chance.
pub const AK: &str = "AKTESTVISIBLE0000001";
pub const SK: &str = "sk-very-secret-0000001";
pub const SECURITY_TOKEN: &str = "sts-very-secret-0000001";
pub const TOKEN: &str = "iam-token-very-secret-0000001";

/// Retries with delays small enough that a test never waits on them.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

/// The local server, a project, AK/SK credentials, fast retries.
pub fn config(server: &MockServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.uri())
        .project_id(PROJECT_ID)
        .credentials(Credentials::access_key(AK, SK))
        .retry(fast_retries())
}

pub fn client(config: Config) -> ServiceClient {
    ServiceClient::new(&SERVICE, config).expect("client builds")
}

/// `GET /v1/{project_id}/things/{id}`, as a generated builder makes it.
pub fn show_thing(client: &ServiceClient) -> OperationRequest {
    thing_request(client, "ShowThing", Method::Get)
}

/// `method /v1/{project_id}/things/{id}` of `operation`.
pub fn thing_request(
    client: &ServiceClient,
    operation: &'static str,
    method: Method,
) -> OperationRequest {
    let mut request = OperationRequest::new(operation, method, "/v1/{project_id}/things/{id}");
    request
        .path_param("project_id", client.project_id(None).expect("project id"))
        .expect("project id is a valid segment");
    request
        .path_param("id", THING_ID.to_owned())
        .expect("thing id is a valid segment");
    request
}

/// `POST /v1/{project_id}/things/{id}` with a JSON body.
pub fn update_thing(client: &ServiceClient) -> OperationRequest {
    let mut request = thing_request(client, "UpdateThing", Method::Post);
    request
        .json_body(&serde_json::json!({"name": "new name"}))
        .expect("body encodes");
    request
}

/// A JSON reply with a request id.
pub fn reply(status: u16, body: &serde_json::Value, request_id: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("X-Request-Id", request_id)
        .set_body_json(body)
}

/// Replies `status` every time, with request ids `req-1`, `req-2`, ... in arrival order.
pub struct Numbered {
    status: u16,
    count: AtomicUsize,
}

impl Numbered {
    pub fn new(status: u16) -> Self {
        Numbered {
            status,
            count: AtomicUsize::new(0),
        }
    }
}

impl Respond for Numbered {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        reply(
            self.status,
            &serde_json::json!({"error_code": "DEMO.0503", "error_msg": format!("busy {n}")}),
            &format!("req-{n}"),
        )
    }
}

pub async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// An endpoint where nothing listens: a port just bound and released.
pub fn refused_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// The error of a call that must fail.
pub fn expect_err<T: std::fmt::Debug>(result: Result<T, Error>) -> Error {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(error) => error,
    }
}

/// Every error of the `source()` chain below `error`, as text.
pub fn source_chain(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut chain = Vec::new();
    let mut next = error.source();
    while let Some(source) = next {
        chain.push(source.to_string());
        next = source.source();
    }
    chain
}

/// A log sink that the test reads back.
#[derive(Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer lock")).into_owned()
    }
}

impl io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .expect("log buffer lock")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for LogBuffer {
    type Writer = LogBuffer;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// A TRACE-level fmt subscriber writing to `buffer`, span fields shown when a span closes.
pub fn log_subscriber(buffer: &LogBuffer) -> impl tracing::Subscriber + Send + Sync + use<> {
    tracing_subscriber::fmt()
        .with_writer(buffer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .finish()
}
