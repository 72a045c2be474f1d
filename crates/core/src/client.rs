//! The runtime client that every generated service client wraps: one connection pool,
//! one configuration, one way to send a call (sign, retry) and read its reply.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::auth::{self, Resolved};
use crate::config::Config;
use crate::credentials::{Credentials, ENV_AK, ENV_SK};
use crate::endpoint::{self, ServiceInfo};
use crate::error::{DecodeError, Error, InvalidInput, Rule, ServiceError};
use crate::error_body;
use crate::http;
use crate::request::{Method, OperationRequest};
use crate::response::Response;
use crate::retry::is_retryable_status;
use crate::signer::{self, SigningRequest};

/// How many bytes of a body a decode error shows.
const SNIPPET_LEN: usize = 256;
/// How many bytes of a body without a recognised error shape a service error's message
/// keeps (an HTML error page, say); `raw_body` keeps all of it.
const MESSAGE_LEN: usize = 1024;
/// How much of a body that announces its length is allocated before any of it arrives.
const PREALLOCATE_LEN: usize = 1024 * 1024;

/// A client of one service. Cheap to clone: clones share the connection pool.
#[derive(Clone, Debug)]
pub struct ServiceClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// An HTTP client built for this client or shared (`ConfigBuilder::build_shared`,
    /// `http_client`); credential providers call through it.
    http: reqwest::Client,
    /// How calls are sent: through `http`, or a test double (the seam below retries
    /// and decoding).
    transport: http::Transport,
    /// Set on each request, since a shared HTTP client serves several services.
    user_agent: HeaderValue,
    config: Config,
    /// `scheme://host[:port]` of the endpoint, parsed once: each call sets only the path
    /// and query of a copy, so the host is not parsed again (IDNA processing included).
    origin: reqwest::Url,
    /// `host[:port]` as the `Host` header carries it, for signing.
    host: String,
    /// The endpoint's own path prefix, usually empty.
    base_path: String,
    service: &'static ServiceInfo,
}

impl ServiceClient {
    /// A client of `service`, calling the endpoint that `config` resolves to (explicit
    /// endpoint, else `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`, else the region table).
    ///
    /// Fails with [`Error::Config`] when `config` has no credentials (after checking the
    /// endpoint): a call without them would only fail later, at the server.
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
        if !config.has_credentials() {
            return Err(Error::Config(format!(
                "{}: no credentials: set {ENV_AK} and {ENV_SK} (read by Config::from_env), \
                 or give them in code with ConfigBuilder::credentials(Credentials::access_key(..)) \
                 or Credentials::token(..)",
                service.name
            )));
        }
        if url.scheme() == "https" && !http::supports_https(&config) {
            return Err(Error::Config(format!(
                "endpoint `{endpoint}` of {} is https, but this build has no TLS backend: \
                 enable the `rustls`, `rustls-aws-lc` or `native-tls` feature",
                service.name
            )));
        }
        let (http, transport) = http::transport_for(&config)?;
        let user_agent = HeaderValue::try_from(user_agent(service))
            .map_err(|e| Error::Config(format!("the User-Agent is not valid HTTP: {e}")))?;
        let origin = reqwest::Url::parse(&format!("{}://{host}", url.scheme())).map_err(|e| {
            Error::Config(format!("endpoint `{endpoint}` has no usable origin: {e}"))
        })?;
        Ok(ServiceClient {
            inner: Arc::new(Inner {
                http,
                transport,
                user_agent,
                origin,
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
        format!(
            "{}{}",
            self.inner.origin.as_str().trim_end_matches('/'),
            self.inner.base_path
        )
    }

    /// Whether generated builders check parameters against documented constraints.
    pub fn validates_requests(&self) -> bool {
        self.inner.config.validate_requests
    }

    /// The project id for `{project_id}`: the request's own value, else the configuration's.
    /// Looks nothing up: generated operations use [`ServiceClient::resolve_project_id`],
    /// which also asks the credentials provider and IAM.
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

    /// The project id for `{project_id}`, as generated operations fill it: the request's
    /// own value, else the configuration's, else the credentials provider's, else (with an
    /// access key and a region) the region's project looked up at IAM once (see
    /// [`ConfigBuilder::discover_ids`](crate::ConfigBuilder::discover_ids)).
    pub async fn resolve_project_id(&self, from_request: Option<String>) -> Result<String, Error> {
        auth::path_project_id(&self.inner.config, &self.inner.http, from_request).await
    }

    /// Send a call and decode its JSON reply into `T`.
    pub async fn send<T: DeserializeOwned>(
        &self,
        request: OperationRequest,
    ) -> Result<Response<T>, Error> {
        let operation = request.operation;
        let reply = self.exchange(request).await?;
        let decode_error = |path: String, message: String| DecodeError {
            operation,
            status: reply.status,
            request_id: reply.request_id.clone(),
            path,
            message,
            snippet: snippet(&reply.body),
        };
        // Decode at full speed; only a reply that fails is decoded again with path
        // tracking, which costs about half as much again on every value (measured in
        // tests/benches/decode.rs: `decode_generated` vs `decode_generated_as_send`).
        let body = match serde_json::from_slice(&reply.body) {
            Ok(body) => body,
            Err(plain) => {
                let mut deserializer = serde_json::Deserializer::from_slice(&reply.body);
                let (path, message) =
                    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
                        Err(e) => (e.path().to_string(), e.inner().to_string()),
                        // The value itself fits: what follows it makes the body invalid.
                        Ok(_) => (".".to_owned(), plain.to_string()),
                    };
                let message = if reply.body.iter().all(u8::is_ascii_whitespace) {
                    format!("the body is empty, but a JSON value was expected ({message})")
                } else {
                    message
                };
                return Err(decode_error(path, message).into());
            }
        };
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
                // A reply that broke off or was too large still had a status and request id.
                if let Err(error) = &outcome {
                    if let Some(status) = error.status() {
                        attempt_span.record("status", status);
                    }
                    if let Some(id) = error.request_id() {
                        attempt_span.record("request_id", id);
                    }
                }
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

    /// One attempt: build (and sign) the request now, send it, read the whole reply (up
    /// to the configured size limit).
    async fn attempt(&self, request: &OperationRequest) -> Result<RawReply, Error> {
        let operation = request.operation;
        // Per attempt, so that a retry after a long wait still signs with valid keys.
        let auth = auth::resolve(&self.inner.config, &self.inner.http).await?;
        let http_request = self.build(request, &auth)?;
        let mut reply = self
            .inner
            .transport
            .execute(&self.inner.http, request, http_request)
            .await?;
        let status = reply.status().as_u16();
        let header = |name: &str| {
            reply
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let request_id = header("x-request-id");
        let retry_after =
            header("retry-after").and_then(|value| parse_retry_after(&value, SystemTime::now()));
        let limit = self.inner.config.max_response_bytes;
        let too_large = |request_id: &Option<String>| Error::ResponseTooLarge {
            operation,
            status,
            request_id: request_id.clone(),
            limit,
        };
        // Refuse a body announced too large before reading any of it; otherwise read chunk
        // by chunk, so that a body without a length (or a lying one) stops at the limit.
        let announced = reply.content_length();
        if announced.is_some_and(|length| length > limit as u64) {
            return Err(too_large(&request_id));
        }
        let mut body = Vec::with_capacity(
            announced.map_or(0, |length| (length as usize).min(PREALLOCATE_LEN)),
        );
        while let Some(chunk) = reply
            .chunk()
            .await
            .map_err(|e| transport_error(operation, Some(status), request_id.clone(), e))?
        {
            if chunk.len() > limit - body.len() {
                return Err(too_large(&request_id));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawReply {
            status,
            request_id,
            retry_after,
            body,
        })
    }

    /// The HTTP request for one attempt: endpoint, path, query, headers, body, and auth
    /// (a token header, or an AK/SK signature over exactly what is sent).
    fn build(
        &self,
        request: &OperationRequest,
        auth: &Resolved,
    ) -> Result<reqwest::Request, Error> {
        let path = format!("{}{}", self.inner.base_path, request.render_path()?);
        let mut headers: Vec<(String, String)> =
            vec![("Content-Type".to_owned(), "application/json".to_owned())];
        headers.extend(
            request
                .headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone())),
        );
        let url = match &auth.credentials {
            Some(Credentials::AccessKey(key)) => {
                if let Some(project_id) = &auth.project_id {
                    add_unless_present(&mut headers, "X-Project-Id", project_id);
                }
                if let Some(domain_id) = &auth.domain_id {
                    add_unless_present(&mut headers, "X-Domain-Id", domain_id);
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
                    &signer::format_sdk_date(unix_now()),
                );
                headers.extend(
                    signature
                        .added_headers
                        .into_iter()
                        .map(|(name, value)| (name.to_owned(), value)),
                );
                // The signature covers the query in its canonical order, so send that order.
                let query = signature.uri.split_once('?').map(|(_, query)| query);
                self.url(&path, query)
            }
            credentials => {
                if let Some(Credentials::Token(token)) = credentials {
                    headers.push(("X-Auth-Token".to_owned(), token.expose().to_owned()));
                }
                let query = request.render_query();
                self.url(&path, (!query.is_empty()).then_some(query.as_str()))
            }
        };
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
        };
        // Built in place rather than through `RequestBuilder`, which moves itself at
        // every header (tests/benches/client_instructions.sh counts the difference).
        let mut http_request = reqwest::Request::new(method, url);
        let target = http_request.headers_mut();
        target.reserve(headers.len());
        for (name, value) in headers {
            let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
                return Err(invalid_header(request, &name));
            };
            let Ok(mut header_value) = HeaderValue::try_from(value) else {
                return Err(invalid_header(request, &name));
            };
            // Kept out of `Debug` output of the request, as reqwest does for its own auth.
            header_value.set_sensitive(SENSITIVE_HEADERS.contains(&header_name.as_str()));
            target.append(header_name, header_value);
        }
        target.insert(reqwest::header::USER_AGENT, self.inner.user_agent.clone());
        // Per request, so that a shared or application-built HTTP client keeps it too.
        *http_request.timeout_mut() = Some(self.inner.config.timeout);
        if let Some(body) = &request.body {
            *http_request.body_mut() = Some(body.clone().into());
        }
        Ok(http_request)
    }

    /// The endpoint's origin with `path` (already encoded) and `query` (already encoded).
    fn url(&self, path: &str, query: Option<&str>) -> reqwest::Url {
        let mut url = self.inner.origin.clone();
        url.set_path(path);
        url.set_query(query);
        url
    }
}

/// Headers that carry credentials (lower case, as `HeaderName` spells them).
const SENSITIVE_HEADERS: [&str; 3] = ["authorization", "x-auth-token", "x-security-token"];

fn invalid_header(request: &OperationRequest, name: &str) -> Error {
    Error::Config(format!(
        "{}: could not build the HTTP request: the header `{name}` or its value is not valid HTTP",
        request.operation
    ))
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
    let (code, mut message) = error_body::parse(reply.status, &raw_body);
    // A body with no error shape (an HTML page from a proxy, say) is the message; keep the
    // message, and so the error's Display, to a readable length.
    if message.len() > MESSAGE_LEN {
        let mut end = MESSAGE_LEN;
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        message.truncate(end);
        message.push('…');
    }
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

/// A transport failure, before the reply's head arrived (`status` `None`) or while its
/// body was read.
pub(crate) fn transport_error(
    operation: &'static str,
    status: Option<u16>,
    request_id: Option<String>,
    source: reqwest::Error,
) -> Error {
    if source.is_timeout() {
        Error::Timeout {
            operation,
            status,
            request_id,
            source,
        }
    } else {
        Error::Transport {
            operation,
            status,
            request_id,
            source,
        }
    }
}

/// The delay a `Retry-After` value asks for: a number of seconds, or an HTTP date
/// (RFC 9110: IMF-fixdate, or the obsolete RFC 850 and asctime forms), a date in the past
/// meaning no delay. `None` for anything else. The retry policy caps the delay.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(unix_seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(unix_seconds)
    }

    /// 2015-10-21T07:28:00Z, the date of RFC 9110's examples.
    const OCT_21_2015: u64 = 1_445_412_480;

    #[test]
    fn retry_after_in_seconds() {
        let now = at(OCT_21_2015);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("1.5", now), None);
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn retry_after_as_an_http_date_in_each_form() {
        let now = at(OCT_21_2015 - 90);
        for form in [
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Wednesday, 21-Oct-15 07:28:00 GMT",
            "Wed Oct 21 07:28:00 2015",
        ] {
            assert_eq!(
                parse_retry_after(form, now),
                Some(Duration::from_secs(90)),
                "{form}"
            );
        }
    }

    #[test]
    fn retry_after_in_the_past_means_no_delay() {
        let now = at(OCT_21_2015 + 3600);
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:61 GMT", now),
            None
        );
    }

    fn reply(status: u16, body: &[u8]) -> RawReply {
        RawReply {
            status,
            request_id: Some("req-1".to_owned()),
            retry_after: None,
            body: body.to_vec(),
        }
    }

    #[test]
    fn a_long_body_without_an_error_shape_is_cut_in_the_message_but_kept_whole() {
        let page = format!("<html>{}</html>", "é".repeat(2000));
        let Error::Service(error) = service_error("Op", reply(502, page.as_bytes())) else {
            panic!("a service error");
        };
        assert_eq!(error.code, "502");
        assert_eq!(error.raw_body, page);
        assert!(error.message.ends_with('…'), "{}", error.message);
        assert!(error.message.len() <= MESSAGE_LEN + '…'.len_utf8());
        assert!(page.starts_with(error.message.trim_end_matches('…')));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(256))]

        /// Whatever bytes an error reply carries, reading them never panics, the raw body
        /// is kept, and the message stays short.
        #[test]
        fn any_error_body_gives_a_service_error(
            status in 100u16..600,
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..4096),
        ) {
            let Error::Service(error) = service_error("Op", reply(status, &body)) else {
                panic!("a service error");
            };
            proptest::prop_assert_eq!(error.raw_body, String::from_utf8_lossy(&body));
            proptest::prop_assert!(error.message.len() <= MESSAGE_LEN + '…'.len_utf8());
            let _ = snippet(&body);
        }

        #[test]
        fn any_retry_after_value_parses_or_is_ignored(value in ".{0,40}") {
            let _ = parse_retry_after(&value, SystemTime::now());
        }
    }

    #[test]
    fn a_short_body_without_an_error_shape_is_the_whole_message() {
        let Error::Service(error) = service_error("Op", reply(502, b"<html>Bad Gateway</html>"))
        else {
            panic!("a service error");
        };
        assert_eq!(error.message, "<html>Bad Gateway</html>");
    }
}
