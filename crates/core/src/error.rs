//! The one error type of every call, with a kind a caller can match on.
//!
//! Every variant that follows a reply from the server carries its request id, because
//! that id is what Huawei Cloud support asks for first.

use std::fmt;

/// Everything that can go wrong with a call.
// Display and `source` are written out below rather than derived: thiserror's proc
// macro was about 2 s of an application's cold build for five types.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request broke a rule before anything was sent.
    InvalidInput(InvalidInput),
    /// The client could not be built from its configuration, or no credentials provider
    /// found any credentials (the message lists where each looked).
    Config(String),
    /// Credentials could not be had: a provider failed (IAM refused an id token, the
    /// metadata service answered an error), or temporary keys expired and could not be
    /// refreshed. The message says why; it never holds a secret.
    Credentials(String),
    /// The request could not be delivered or its reply could not be read: the connection
    /// was refused or reset, or the body broke off (`status` and `request_id` are set when
    /// the reply's head had arrived before the body broke off).
    Transport {
        /// The operation being called.
        operation: &'static str,
        /// The HTTP status, when the reply's head arrived before the failure.
        status: Option<u16>,
        /// The `X-Request-Id` of the reply, when its head arrived before the failure.
        request_id: Option<String>,
        /// The underlying HTTP client error.
        source: reqwest::Error,
    },
    /// The call did not complete within the configured timeout (`status` and `request_id`
    /// are set when the reply's head arrived in time but its body did not).
    Timeout {
        /// The operation being called.
        operation: &'static str,
        /// The HTTP status, when the reply's head arrived in time.
        status: Option<u16>,
        /// The `X-Request-Id` of the reply, when its head arrived in time.
        request_id: Option<String>,
        /// The underlying HTTP client error.
        source: reqwest::Error,
    },
    /// The reply's body is larger than the configured limit
    /// ([`ConfigBuilder::max_response_bytes`](crate::ConfigBuilder::max_response_bytes)); it
    /// was not read further. Not retried: the same request would get the same reply.
    ResponseTooLarge {
        /// The operation being called.
        operation: &'static str,
        /// The HTTP status of the reply.
        status: u16,
        /// The `X-Request-Id` of the reply.
        request_id: Option<String>,
        /// The configured limit, in bytes.
        limit: usize,
    },
    /// The service answered with an error status.
    Service(Box<ServiceError>),
    /// The service answered with success, but the body did not match the model.
    Decode(Box<DecodeError>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput(error) => error.fmt(f),
            Error::Config(message) => write!(f, "configuration error: {message}"),
            Error::Credentials(message) => write!(f, "credentials error: {message}"),
            Error::Transport {
                operation,
                status,
                request_id,
                source,
            } => write!(
                f,
                "transport error while calling {operation}{}: {source}",
                reply_context(*status, request_id.as_deref())
            ),
            Error::Timeout {
                operation,
                status,
                request_id,
                source,
            } => write!(
                f,
                "{operation} timed out{}: {source}",
                reply_context(*status, request_id.as_deref())
            ),
            Error::ResponseTooLarge {
                operation,
                status,
                request_id,
                limit,
            } => write!(
                f,
                "the reply of {operation} (HTTP {status}, request id {}) is larger than the limit of {limit} bytes, so it was not read (raise it with Config::builder().max_response_bytes(..))",
                request_id.as_deref().unwrap_or("none")
            ),
            Error::Service(error) => error.fmt(f),
            Error::Decode(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } | Error::Timeout { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<InvalidInput> for Error {
    fn from(error: InvalidInput) -> Self {
        Error::InvalidInput(error)
    }
}

// Service and decode errors are boxed so that `Result<T, Error>` stays small on the
// success path of every call.
impl From<ServiceError> for Error {
    fn from(error: ServiceError) -> Self {
        Error::Service(Box::new(error))
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Self {
        Error::Decode(Box::new(error))
    }
}

impl Error {
    /// The `X-Request-Id` of the reply, when the server answered at all.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::Transport { request_id, .. }
            | Error::Timeout { request_id, .. }
            | Error::ResponseTooLarge { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the reply, when the server answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Transport { status, .. } | Error::Timeout { status, .. } => *status,
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The service error, when this is one.
    pub fn as_service_error(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }
}

/// ` (reply HTTP 200, request id req-1)` when the reply's head had arrived, else nothing.
fn reply_context(status: Option<u16>, request_id: Option<&str>) -> String {
    match status {
        Some(status) => format!(
            " (reply HTTP {status}, request id {})",
            request_id.unwrap_or("none")
        ),
        None => String::new(),
    }
}

/// A request parameter that breaks a documented rule. Never carries the value itself,
/// which may be a secret; only the property of it that broke the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput {
    /// The parameter's name as the API documents it (e.g. `execute_uuid`).
    pub parameter: String,
    /// The rule that was broken.
    pub rule: Rule,
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid input: `{}` {}", self.parameter, self.rule)
    }
}

impl std::error::Error for InvalidInput {}

/// A documented rule for a request parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// The parameter is required and was not set.
    Required,
    /// The value is shorter than `min` characters; it has `actual`.
    MinLength {
        /// The documented minimum.
        min: u64,
        /// The value's length in characters.
        actual: u64,
    },
    /// The value is longer than `max` characters; it has `actual`.
    MaxLength {
        /// The documented maximum.
        max: u64,
        /// The value's length in characters.
        actual: u64,
    },
    /// The value is below the documented minimum.
    Minimum {
        /// The documented minimum, as written in the spec.
        min: String,
        /// The value given.
        actual: String,
    },
    /// The value is above the documented maximum.
    Maximum {
        /// The documented maximum, as written in the spec.
        max: String,
        /// The value given.
        actual: String,
    },
    /// The value is not one of the documented values.
    Enum {
        /// The documented values.
        allowed: Vec<String>,
    },
    /// The value does not match the documented pattern.
    Pattern {
        /// The documented regular expression.
        pattern: String,
    },
    /// The value cannot be sent in an HTTP header (it contains a control character such as CR or LF).
    HeaderValue,
    /// A path parameter is empty, `.` or `..`, which would change the path's shape.
    PathSegment,
    /// `{project_id}` is in the path but neither the request nor the configuration sets it.
    MissingProjectId,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => write!(f, "is required but was not set"),
            Rule::MinLength { min, actual } => {
                write!(
                    f,
                    "must be at least {min} characters long (minLength), but is {actual}"
                )
            }
            Rule::MaxLength { max, actual } => {
                write!(
                    f,
                    "must be at most {max} characters long (maxLength), but is {actual}"
                )
            }
            Rule::Minimum { min, actual } => {
                write!(f, "must be at least {min} (minimum), but is {actual}")
            }
            Rule::Maximum { max, actual } => {
                write!(f, "must be at most {max} (maximum), but is {actual}")
            }
            Rule::Enum { allowed } => {
                write!(f, "must be one of {} (enum)", allowed.join(", "))
            }
            Rule::Pattern { pattern } => write!(f, "must match the pattern `{pattern}`"),
            Rule::HeaderValue => {
                write!(
                    f,
                    "cannot be sent as a header value (it contains a control character)"
                )
            }
            Rule::PathSegment => {
                write!(f, "must not be empty, `.` or `..` (it is one path segment)")
            }
            Rule::MissingProjectId => write!(
                f,
                "is in the path but set neither on the request nor in the configuration (Config::builder().project_id(..))"
            ),
        }
    }
}

/// An error reply from the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The operation that was called.
    pub operation: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// The `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// The service's error code (e.g. `AOM.31009004`), or the HTTP status when the body has none.
    pub code: String,
    /// The service's error message, or the raw body when it has none.
    pub message: String,
    /// The body exactly as received.
    pub raw_body: String,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed with HTTP {}, error code {}{}{} (request id {})",
            self.operation,
            self.status,
            self.code,
            if self.message.is_empty() { "" } else { ": " },
            self.message,
            self.request_id.as_deref().unwrap_or("none")
        )
    }
}

impl std::error::Error for ServiceError {}

impl ServiceError {
    /// Decode the raw body into an operation's documented error model.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.raw_body)
    }
}

/// A success reply whose body does not match the generated model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The operation that was called.
    pub operation: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// The `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// The JSON path at which decoding failed (e.g. `data.execute_instances[0].id`).
    pub path: String,
    /// What serde reported.
    pub message: String,
    /// The start of the body, to show what arrived.
    pub snippet: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the reply of {} (HTTP {}, request id {}) at `{}`: {}; body starts with: {}",
            self.operation,
            self.status,
            self.request_id.as_deref().unwrap_or("none"),
            self.path,
            self.message,
            self.snippet
        )
    }
}

impl std::error::Error for DecodeError {}
