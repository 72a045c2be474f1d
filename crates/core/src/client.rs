//! The runtime client that every generated service client wraps: one connection pool,
//! one configuration, one way to send a call (sign, retry) and read its reply.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::config::Config;
use crate::credentials::{Credentials, Scope};
use crate::endpoint::{self, ServiceInfo};
use crate::error::{DecodeError, Error, InvalidInput, Rule, ServiceError};
use crate::error_body;
use crate::request::{Method, OperationRequest};
use crate::response::Response;
use crate::retry::is_retryable_status;
use crate::signer::{self, SigningRequest};

/// How many bytes of a body a decode error shows.
const SNIPPET_LEN: usize = 256;

/// A client of one service. Cheap to clone: clones share the connection pool.
#[derive(Clone, Debug)]
pub struct ServiceClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    config: Config,
    /// `scheme://host[:port]` of the endpoint.
    origin: String,
    /// `host[:port]` as the `Host` header carries it, for signing.
    host: String,
    /// The endpoint's own path prefix, usually empty.
    base_path: String,
    service: &'static ServiceInfo,
}

impl ServiceClient {
    /// A client of `service`, calling the endpoint that `config` resolves to (explicit
    /// endpoint, else `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`, else the region table).
    pub fn new(service: &'static ServiceInfo, config: Config) -> Result<Self, Error> {
        let endpoint = endpoint::resolve(service, &config, |name| std::env::var(name).ok())?;
        let url = reqwest::Url::parse(&endpoint).map_err(|e| {
            Error::Config(format!(
                "endpoint `{endpoint}` of {} is not a valid URL: {e}",
                service.name
            ))
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "endpoint `{endpoint}` of {} must be an http or https URL",
                service.name
            )));
        }
        let host = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => {
                return Err(Error::Config(format!(
                    "endpoint `{endpoint}` of {} has no host",
                    service.name
                )));
            }
        };
        let http = reqwest::Client::builder()
            .user_agent(user_agent(service))
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            // A redirect would carry X-Auth-Token to whatever host it names (reqwest strips
            // only standard credential headers) and would break an AK/SK signature anyway.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?;
        Ok(ServiceClient {
            inner: Arc::new(Inner {
                http,
                origin: format!("{}://{host}", url.scheme()),
                host,
                base_path: url.path().trim_end_matches('/').to_owned(),
                config,
                service,
            }),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.inner.origin, self.inner.base_path)
    }

    /// Whether generated builders check parameters against documented constraints.
    pub fn validates_requests(&self) -> bool {
        self.inner.config.validate_requests
    }

    /// The project id for `{project_id}`: the request's own value, else the configuration's.
    pub fn project_id(&self, from_request: Option<String>) -> Result<String, Error> {
        from_request
            .or_else(|| self.inner.config.project_id.clone())
            .ok_or_else(|| {
                InvalidInput {
                    parameter: "project_id".to_owned(),
                    rule: Rule::MissingProjectId,
                }
                .into()
            })
    }

    /// Send a call and decode its JSON reply into `T`.
    pub async fn send<T: DeserializeOwned>(
        &self,
        request: OperationRequest,
    ) -> Result<Response<T>, Error> {
        let operation = request.operation;
        let reply = self.exchange(request).await?;
        let body = serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(
            &reply.body,
        ))
        .map_err(|e| DecodeError {
            operation,
            status: reply.status,
            request_id: reply.request_id.clone(),
            path: e.path().to_string(),
            message: e.inner().to_string(),
            snippet: snippet(&reply.body),
        })?;
        Ok(Response {
            status: reply.status,
            request_id: reply.request_id,
            body,
        })
    }

    /// Send a call whose success reply has no body worth reading.
    pub async fn send_no_content(&self, request: OperationRequest) -> Result<Response<()>, Error> {
        let reply = self.exchange(request).await?;
        Ok(Response {
            status: reply.status,
            request_id: reply.request_id,
            body: (),
        })
    }

    /// Send the request, retrying as the policy allows, and read the whole reply; an
    /// error status becomes a `ServiceError`.
    async fn exchange(&self, request: OperationRequest) -> Result<RawReply, Error> {
        let call = tracing::info_span!(
            "huaweicloud.call",
            service = self.inner.service.name,
            operation = request.operation,
            attempts = tracing::field::Empty,
        );
        async move {
            let policy = &self.inner.config.retry;
            let mut attempt: u32 = 1;
            loop {
                tracing::Span::current().record("attempts", attempt);
                // One span per attempt, so each attempt's status and request id stay its own.
                let attempt_span = tracing::info_span!(
                    "huaweicloud.attempt",
                    attempt,
                    status = tracing::field::Empty,
                    request_id = tracing::field::Empty,
                );
                let outcome = self
                    .attempt(&request)
                    .instrument(attempt_span.clone())
                    .await;
                let may_retry = attempt < policy.max_attempts() && policy.allows(request.method);
                let retry_after = match &outcome {
                    Ok(reply) => {
                        attempt_span.record("status", reply.status);
                        if let Some(id) = &reply.request_id {
                            attempt_span.record("request_id", id.as_str());
                        }
                        if (200..300).contains(&reply.status) {
                            return outcome;
                        }
                        if !(may_retry && is_retryable_status(reply.status)) {
                            return outcome
                                .and_then(|reply| Err(service_error(request.operation, reply)));
                        }
                        reply.retry_after
                    }
                    Err(Error::Transport { .. } | Error::Timeout { .. }) if may_retry => None,
                    Err(_) => return outcome,
                };
                let delay = policy.delay(attempt, fastrand::f64(), retry_after);
                attempt_span
                    .in_scope(|| tracing::debug!(delay_ms = delay.as_millis() as u64, "retrying"));
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
        }
        .instrument(call)
        .await
    }

    /// One attempt: build (and sign) the request now, send it, read the whole reply.
    async fn attempt(&self, request: &OperationRequest) -> Result<RawReply, Error> {
        let operation = request.operation;
        let http_request = self.build(request, &signer::format_sdk_date(unix_now()))?;
        let reply = self
            .inner
            .http
            .execute(http_request)
            .await
            .map_err(|e| transport_error(operation, e))?;
        let status = reply.status().as_u16();
        let header = |name: &str| {
            reply
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let request_id = header("x-request-id");
        let retry_after = header("retry-after")
            .and_then(|value| value.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = reply
            .bytes()
            .await
            .map_err(|e| transport_error(operation, e))?;
        Ok(RawReply {
            status,
            request_id,
            retry_after,
            body: body.to_vec(),
        })
    }

    /// The HTTP request for one attempt: endpoint, path, query, headers, body, and auth
    /// (a token header, or an AK/SK signature over exactly what is sent).
    fn build(&self, request: &OperationRequest, sdk_date: &str) -> Result<reqwest::Request, Error> {
        let path = format!("{}{}", self.inner.base_path, request.render_path()?);
        let mut headers: Vec<(String, String)> =
            vec![("Content-Type".to_owned(), "application/json".to_owned())];
        headers.extend(
            request
                .headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone())),
        );
        let url = match &self.inner.config.credentials {
            Some(Credentials::AccessKey(key)) => {
                match &key.scope {
                    Scope::Project => {
                        if let Some(project_id) = &self.inner.config.project_id {
                            add_unless_present(&mut headers, "X-Project-Id", project_id);
                        }
                    }
                    Scope::Domain(domain_id) => {
                        add_unless_present(&mut headers, "X-Domain-Id", domain_id)
                    }
                }
                if let Some(token) = &key.security_token {
                    headers.push(("X-Security-Token".to_owned(), token.expose().to_owned()));
                }
                let query: Vec<(String, String)> = request
                    .query
                    .iter()
                    .map(|(name, value)| ((*name).to_owned(), value.clone()))
                    .collect();
                let signature = signer::sign(
                    &SigningRequest {
                        method: request.method.as_str(),
                        host: &self.inner.host,
                        path: &path,
                        query: &query,
                        headers: &headers,
                        body: request.body.as_deref().unwrap_or_default(),
                    },
                    key.access_key.expose(),
                    key.secret_key.expose(),
                    sdk_date,
                );
                headers.extend(
                    signature
                        .added_headers
                        .into_iter()
                        .map(|(name, value)| (name.to_owned(), value)),
                );
                // The signature covers the query in its canonical order, so send that order.
                format!("{}{}", self.inner.origin, signature.uri)
            }
            credentials => {
                if let Some(Credentials::Token(token)) = credentials {
                    headers.push(("X-Auth-Token".to_owned(), token.expose().to_owned()));
                }
                let query = request.render_query();
                let separator = if query.is_empty() { "" } else { "?" };
                format!("{}{path}{separator}{query}", self.inner.origin)
            }
        };
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self.inner.http.request(method, &url);
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        builder.build().map_err(|e| {
            Error::Config(format!(
                "{}: could not build the HTTP request: {e}",
                request.operation
            ))
        })
    }
}

/// Add a header unless the request already carries one of that name (any case): the
/// caller's own `x-project-id` parameter wins over the credentials' scope header.
fn add_unless_present(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    if !headers
        .iter()
        .any(|(existing, _)| existing.eq_ignore_ascii_case(name))
    {
        headers.push((name.to_owned(), value.to_owned()));
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

fn service_error(operation: &'static str, reply: RawReply) -> Error {
    let raw_body = String::from_utf8_lossy(&reply.body).into_owned();
    let (code, message) = error_body::parse(reply.status, &raw_body);
    ServiceError {
        operation,
        status: reply.status,
        request_id: reply.request_id,
        code,
        message,
        raw_body,
    }
    .into()
}

struct RawReply {
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

fn transport_error(operation: &'static str, source: reqwest::Error) -> Error {
    if source.is_timeout() {
        Error::Timeout { operation, source }
    } else {
        Error::Transport { operation, source }
    }
}

fn user_agent(service: &ServiceInfo) -> String {
    format!(
        "{} huaweicloud-sdk-core/{}",
        service.sdk,
        env!("CARGO_PKG_VERSION")
    )
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_LEN)]);
    if body.len() > SNIPPET_LEN {
        format!("{text}…")
    } else {
        text.into_owned()
    }
}
