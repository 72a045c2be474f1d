//! Local servers playing the credential services (ECS metadata, IAM, STS, the pod
//! identity agent), temporary keys they hand out, and a clock the tests move.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use huaweicloud_sdk_core::credentials::Environment;
use huaweicloud_sdk_core::credentials::cache::Clock;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// 2030-01-01T00:00:00Z, where the test clocks start.
pub const T0: u64 = 1_893_456_000;
pub const HOUR: Duration = Duration::from_secs(3600);

/// `T0` as a time.
pub fn t0() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(T0)
}

/// `2030-01-01THH:00:00.000000Z`, the expiry `hours` after `T0`, as the services write it.
pub fn expiry(hours: u64) -> String {
    assert!(hours < 24, "the helper writes hours of 2030-01-01 only");
    format!("2030-01-01T{hours:02}:00:00.000000Z")
}

/// The n-th temporary keys a service hands out (counted from 1); secrets spelled so that
/// nothing else in a test contains them.
pub fn temporary_ak(n: usize) -> String {
    format!("AKTEMPVISIBLE{n:04}")
}
pub fn temporary_sk(n: usize) -> String {
    format!("sk-temp-very-secret-{n:04}")
}
pub fn temporary_token(n: usize) -> String {
    format!("sts-temp-very-secret-{n:04}")
}

/// The metadata service's reply carrying the n-th keys.
pub fn keys_reply(n: usize, expires_at: &str) -> serde_json::Value {
    json!({"credential": {
        "access": temporary_ak(n),
        "secret": temporary_sk(n),
        "securitytoken": temporary_token(n),
        "expires_at": expires_at,
    }})
}

/// A clock that moves only when told to.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<SystemTime>>);

impl ManualClock {
    pub fn at(time: SystemTime) -> Self {
        ManualClock(Arc::new(Mutex::new(time)))
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().expect("clock lock") += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().expect("clock lock")
    }
}

/// Hands out keys 1, 2, 3… one per request, expiring at the given hours after `T0`
/// (the last one repeats), after `delay`.
pub struct KeySequence {
    expiries: Vec<u64>,
    delay: Duration,
    count: AtomicUsize,
}

impl KeySequence {
    pub fn new(expiries: &[u64]) -> Self {
        KeySequence {
            expiries: expiries.to_vec(),
            delay: Duration::ZERO,
            count: AtomicUsize::new(0),
        }
    }

    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

impl Respond for KeySequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        let hours = self.expiries[(n - 1).min(self.expiries.len() - 1)];
        ResponseTemplate::new(200)
            .set_body_json(keys_reply(n, &expiry(hours)))
            .set_delay(self.delay)
    }
}

/// A metadata service without session tokens (the token request answers 404) that
/// hands out `keys`.
pub async fn metadata_server(keys: KeySequence) -> MockServer {
    metadata_answering(ResponseTemplate::new(404), keys).await
}

/// A metadata service answering the session token request with `token` and the keys
/// request with `keys`.
pub async fn metadata_answering(
    token: impl Respond + 'static,
    keys: impl Respond + 'static,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/meta-data/latest/api/token"))
        .respond_with(token)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/openstack/latest/securitykey"))
        .respond_with(keys)
        .mount(&server)
        .await;
    server
}

/// A service that answers every call with `{}`, and a client of it whose keys come from
/// the metadata service `metadata`, on `clock`.
pub async fn service_and_client(
    metadata: &MockServer,
    clock: &ManualClock,
) -> (MockServer, huaweicloud_sdk_core::ServiceClient) {
    let service = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&service)
        .await;
    let config = huaweicloud_sdk_core::Config::builder()
        .endpoint(service.uri())
        .project_id(super::PROJECT_ID)
        .credentials_provider(
            huaweicloud_sdk_core::credentials::metadata::MetadataProvider::new(
                metadata.uri(),
                Duration::from_secs(2),
            ),
        )
        .clock(clock.clone())
        .retry(super::fast_retries())
        .build();
    (service, super::client(config))
}

/// An environment of exactly these variables.
pub fn environment(pairs: &[(&str, &str)]) -> Environment {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Environment::from_lookup(move |name| map.get(name).cloned())
}

/// How many requests `server` received for `path`.
pub async fn count(server: &MockServer, path: &str) -> usize {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .iter()
        .filter(|request| request.url.path() == path)
        .count()
}

/// The access key an AK/SK request was signed with.
pub fn signed_with(request: &Request) -> String {
    let authorization = request
        .headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .expect("a signed request");
    authorization
        .split("Access=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("Access= in the Authorization header")
        .to_owned()
}

/// IAM listing `projects` as the projects named `cn-north-4`.
pub async fn iam_listing(projects: serde_json::Value) -> MockServer {
    let iam = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .and(query_param("name", "cn-north-4"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-IAM-Trace-Id", "trace-1")
                .set_body_json(json!({"projects": projects})),
        )
        .mount(&iam)
        .await;
    iam
}
