//! Test doubles for applications (feature `test-util`): a client whose transport answers
//! from rules instead of sockets.
//!
//! The double sits where the HTTP client would send the request: everything above it
//! runs as in production (parameter checks, signing, retries, pagination, error
//! decoding), so a test sees exactly what a real reply would give. Every request is
//! recorded for assertions.
//!
//! ```
//! use huaweicloud_sdk_core::test_util::{Reply, Rule, TestDouble};
//!
//! let double = TestDouble::new()
//!     // Answers the first call with 503, every later one with 200.
//!     .rule(
//!         Rule::operation("ShowThing")
//!             .param("thing_id", "t-1")
//!             .reply(Reply::status(503))
//!             .reply(Reply::json_text(200, r#"{"name": "one"}"#)),
//!     )
//!     .rule(Rule::operation("ShowThing").reply(Reply::status(404)));
//! // `double.config()` is a `ConfigBuilder` for any service crate's `Client::new`;
//! // `double.requests()` lists what the client sent.
//! # let _ = double.config().build();
//! ```

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::config::ConfigBuilder;
use crate::credentials::Credentials;
use crate::error::Error;
use crate::http::HttpClient;
use crate::request::OperationRequest;

/// The endpoint of [`TestDouble::config`]; nothing is ever sent there.
pub const TEST_ENDPOINT: &str = "https://test-double.invalid";
/// The project id of [`TestDouble::config`]: 32 hex digits, the shape of a real one, so
/// that documented length checks on `project_id` pass.
pub const TEST_PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";

/// A transport that answers calls from [`Rule`]s and records every request.
///
/// Clones share the rules and the record, so keep one clone for assertions and give
/// another to the client.
#[derive(Clone, Default)]
pub struct TestDouble {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    rules: Vec<Rule>,
    requests: Vec<RecordedRequest>,
}

impl fmt::Debug for TestDouble {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("TestDouble")
            .field("rules", &state.rules)
            .field("requests", &state.requests.len())
            .finish()
    }
}

impl TestDouble {
    /// A double without rules: every call fails until rules are added.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a rule. Rules are tried in the order they were added; the first that
    /// matches answers.
    pub fn rule(self, rule: Rule) -> Self {
        self.lock().rules.push(rule);
        self
    }

    /// A configuration that sends through this double: a fixed endpoint
    /// ([`TEST_ENDPOINT`]), project id [`TEST_PROJECT_ID`] and access key `test-ak`/`test-sk`
    /// (so requests are signed as in production). Change anything before `build()`.
    pub fn config(&self) -> ConfigBuilder {
        ConfigBuilder::default()
            .endpoint(TEST_ENDPOINT)
            .project_id(TEST_PROJECT_ID)
            .credentials(Credentials::access_key("test-ak", "test-sk"))
            .test_double(self.clone())
    }

    /// Every request sent so far, in order (retries and further pages included).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock left consistent data behind.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Record `http` and answer it from the first matching rule.
    pub(crate) fn answer(
        &self,
        request: &OperationRequest,
        http: &reqwest::Request,
    ) -> Result<reqwest::Response, Error> {
        let recorded = RecordedRequest::new(request, http);
        let mut state = self.lock();
        state.requests.push(recorded.clone());
        let sequence = state.requests.len();
        let Some(rule) = state.rules.iter_mut().find(|rule| rule.matches(&recorded)) else {
            let tried: Vec<String> = state.rules.iter().map(ToString::to_string).collect();
            return Err(Error::Config(format!(
                "test double: no rule answers {} ({} {}{}); rules tried: {}",
                recorded.operation,
                recorded.method,
                recorded.path,
                recorded.params_text(),
                if tried.is_empty() {
                    "none".to_owned()
                } else {
                    tried.join("; ")
                }
            )));
        };
        let description = rule.to_string();
        let reply = rule.next_reply().ok_or_else(|| {
            Error::Config(format!(
                "test double: the rule `{description}` has no reply"
            ))
        })?;
        reply.to_response(sequence, &description)
    }
}

impl ConfigBuilder {
    /// Send every call through `double` instead of the network (see [`TestDouble`]).
    pub fn test_double(mut self, double: TestDouble) -> Self {
        self.config.http.client = Some(HttpClient::Double(double));
        self
    }
}

/// Predicate over a recorded request.
type Predicate = Arc<dyn Fn(&RecordedRequest) -> bool + Send + Sync>;

/// Which calls a double answers, and with what.
#[derive(Clone)]
pub struct Rule {
    operation: String,
    params: Vec<(String, String)>,
    predicate: Option<Predicate>,
    replies: Vec<Reply>,
    answered: usize,
}

impl Rule {
    /// A rule for the calls of `operation` (its operationId, e.g. `GetScriptJobBatch`).
    pub fn operation(operation: impl Into<String>) -> Self {
        Rule {
            operation: operation.into(),
            params: Vec::new(),
            predicate: None,
            replies: Vec::new(),
            answered: 0,
        }
    }

    /// Only calls whose parameter `name` (its name on the wire: a path, query or header
    /// parameter) was sent as `value`.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Only calls for which `predicate` holds (for instance on the JSON body).
    pub fn when(
        mut self,
        predicate: impl Fn(&RecordedRequest) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.predicate = Some(Arc::new(predicate));
        self
    }

    /// Answer with `reply`. Several replies answer successive calls in order; the last
    /// one answers every call after that.
    pub fn reply(mut self, reply: Reply) -> Self {
        self.replies.push(reply);
        self
    }

    fn matches(&self, request: &RecordedRequest) -> bool {
        self.operation == request.operation
            && self
                .params
                .iter()
                .all(|(name, value)| request.param(name) == Some(value.as_str()))
            && self.predicate.as_ref().is_none_or(|holds| holds(request))
    }

    fn next_reply(&mut self) -> Option<Reply> {
        let reply = self
            .replies
            .get(self.answered.min(self.replies.len().checked_sub(1)?))
            .cloned();
        self.answered += 1;
        reply
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.operation)?;
        for (index, (name, value)) in self.params.iter().enumerate() {
            let joiner = if index == 0 { " where" } else { " and" };
            write!(f, "{joiner} {name} = {value:?}")?;
        }
        if self.predicate.is_some() {
            f.write_str(if self.params.is_empty() {
                " where a predicate holds"
            } else {
                " and a predicate holds"
            })?;
        }
        Ok(())
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rule({self}, {} replies)", self.replies.len())
    }
}

/// A reply of the double: status, headers and body.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Result<Vec<u8>, String>,
}

impl Reply {
    /// A reply with `status` and an empty body.
    pub fn status(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: Ok(Vec::new()),
        }
    }

    /// A reply with `status` and `json` (JSON text) as its body.
    pub fn json_text(status: u16, json: impl Into<String>) -> Self {
        Self::status(status)
            .header("Content-Type", "application/json")
            .body(json.into())
    }

    /// A reply with `status` whose body is `value` encoded as JSON: a generated
    /// response model, or a `serde_json::Value`.
    pub fn json(status: u16, value: &impl serde::Serialize) -> Self {
        let mut reply = Self::status(status).header("Content-Type", "application/json");
        reply.body = serde_json::to_vec(value).map_err(|e| e.to_string());
        reply
    }

    /// Add a header (`X-Request-Id`, `Retry-After`, ...). Without an `X-Request-Id`, the
    /// double sends `test-double-N`, N counting the requests from 1.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Set the raw body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Ok(body.into());
        self
    }

    fn to_response(&self, sequence: usize, rule: &str) -> Result<reqwest::Response, Error> {
        let body = self.body.clone().map_err(|e| {
            Error::Config(format!(
                "test double: the reply of the rule `{rule}` could not be encoded as JSON: {e}"
            ))
        })?;
        let mut response = http::Response::builder().status(self.status);
        let has_request_id = self
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("x-request-id"));
        if !has_request_id {
            response = response.header("X-Request-Id", format!("test-double-{sequence}"));
        }
        for (name, value) in &self.headers {
            response = response.header(name.as_str(), value.as_str());
        }
        let response = response.body(body).map_err(|e| {
            Error::Config(format!(
                "test double: the reply of the rule `{rule}` is not valid HTTP: {e}"
            ))
        })?;
        Ok(reqwest::Response::from(response))
    }
}

/// A request as the client sent it to the double.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The operation's id (`GetScriptJobBatch`).
    pub operation: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, percent-encoded as sent.
    pub path: String,
    /// The query pairs, decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// Every header sent (names in lower case), signature and credentials included.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The operation's parameters by their names on the wire, as the builder set them.
    params: Vec<(String, String)>,
}

impl RecordedRequest {
    fn new(request: &OperationRequest, http: &reqwest::Request) -> Self {
        let url = http.url();
        RecordedRequest {
            operation: request.operation.to_owned(),
            method: http.method().as_str().to_owned(),
            path: url.path().to_owned(),
            query: url.query_pairs().into_owned().collect(),
            headers: http
                .headers()
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: http
                .body()
                .and_then(reqwest::Body::as_bytes)
                .unwrap_or_default()
                .to_vec(),
            params: request
                .path_params
                .iter()
                .chain(&request.query)
                .chain(&request.headers)
                .map(|(name, value)| ((*name).to_owned(), value.clone()))
                .collect(),
        }
    }

    /// The value the parameter `name` (path, query or header; header names in any case)
    /// was sent with.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body parsed as JSON, or `None` when it is empty or not JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    fn params_text(&self) -> String {
        if self.params.is_empty() {
            return String::new();
        }
        let pairs: Vec<String> = self
            .params
            .iter()
            .map(|(name, value)| format!("{name} = {value:?}"))
            .collect();
        format!(" with {}", pairs.join(", "))
    }
}
