//! The runtime client that every generated service client wraps: one connection pool,
//! one configuration, one way to send a call and read its reply.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::config::Config;
use crate::endpoint::{self, ServiceInfo};
use crate::error::{DecodeError, Error, InvalidInput, Rule, ServiceError};
use crate::error_body;
use crate::request::{Method, OperationRequest};
use crate::response::Response;

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
    base_url: String,
    service: &'static ServiceInfo,
}

impl ServiceClient {
    /// A client of `service`, calling the endpoint that `config` resolves to.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Result<Self, Error> {
        let base_url = endpoint::resolve(service, &config)?;
        let http = reqwest::Client::builder()
            .user_agent(user_agent(service))
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .build()
            .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?;
        Ok(ServiceClient {
            inner: Arc::new(Inner {
                http,
                config,
                base_url,
                service,
            }),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
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

    /// Send the request and read the whole reply; an error status becomes a `ServiceError`.
    async fn exchange(&self, request: OperationRequest) -> Result<RawReply, Error> {
        let span = tracing::info_span!(
            "huaweicloud.call",
            service = self.inner.service.name,
            operation = request.operation,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let operation = request.operation;
        async move {
            let http_request = self.build(&request)?;
            let reply = self
                .inner
                .http
                .execute(http_request)
                .await
                .map_err(|e| transport_error(operation, e))?;
            let status = reply.status().as_u16();
            let request_id = reply
                .headers()
                .get("x-request-id")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let span = tracing::Span::current();
            span.record("status", status);
            if let Some(id) = &request_id {
                span.record("request_id", id.as_str());
            }
            let body = reply
                .bytes()
                .await
                .map_err(|e| transport_error(operation, e))?;
            if !(200..300).contains(&status) {
                let raw_body = String::from_utf8_lossy(&body).into_owned();
                let (code, message) = error_body::parse(status, &raw_body);
                tracing::debug!(code = code.as_str(), "service error");
                return Err(ServiceError {
                    operation,
                    status,
                    request_id,
                    code,
                    message,
                    raw_body,
                }
                .into());
            }
            Ok(RawReply {
                status,
                request_id,
                body: body.to_vec(),
            })
        }
        .instrument(span)
        .await
    }

    fn build(&self, request: &OperationRequest) -> Result<reqwest::Request, Error> {
        let mut url = format!("{}{}", self.inner.base_url, request.render_path()?);
        let query = request.render_query();
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self
            .inner
            .http
            .request(method, &url)
            .header(reqwest::header::CONTENT_TYPE, "application/json");
        if let Some(credentials) = &self.inner.config.credentials {
            for (name, value) in credentials.auth_headers() {
                builder = builder.header(name, value);
            }
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
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

struct RawReply {
    status: u16,
    request_id: Option<String>,
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
