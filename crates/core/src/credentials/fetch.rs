//! The HTTP exchanges of credential providers: short timeouts, no redirects, a small
//! reply, and failures described without the URL's secrets (there are none in it) or the
//! reply's body (which may hold keys).
//!
//! Requests to public endpoints (IAM, STS) go through the service client's HTTP client
//! when a client asks (see [`super::ProvideCredentials::provide_credentials_through`]);
//! the link-local metadata service and pod identity agent are always reached directly.

use std::sync::OnceLock;
use std::time::Duration;

use reqwest::header::HeaderMap;

use super::CredentialsError;

/// The largest reply a credentials service may send; theirs are a few hundred bytes.
const MAX_REPLY_BYTES: usize = 64 * 1024;

/// A reply, read whole.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// A header's value as text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The body as text, cut to a readable length, for an error message about a reply
    /// that carries no keys (an error status), with each of `secrets` (what the request
    /// sent, in case the service echoes it) blotted out.
    pub(crate) fn excerpt(&self, secrets: &[&str]) -> String {
        let mut text = String::from_utf8_lossy(&self.body).into_owned();
        for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
            text = text.replace(secret, "** redacted **");
        }
        let mut end = text.len().min(300);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text[..end].trim().to_owned()
    }
}

/// Why an exchange failed before a reply arrived.
#[derive(Debug)]
pub(crate) enum FetchError {
    /// No answer in time.
    Timeout,
    /// Nothing to talk to (refused, unreachable, DNS).
    Unreachable(String),
    /// The reply was too large or broke off.
    Broken(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Timeout => f.write_str("timed out"),
            FetchError::Unreachable(why) => write!(f, "could not connect ({why})"),
            FetchError::Broken(why) => write!(f, "the reply could not be read ({why})"),
        }
    }
}

/// The HTTP client a credential provider builds for itself: its own timeouts, no
/// redirects (they would carry tokens elsewhere), and, when `direct`, no proxy at all,
/// not even the environment's (the metadata service and the pod identity agent are
/// link-local addresses that a proxy cannot reach). Built at its first use, so that a
/// provider handed a service client's HTTP client builds none; when the platform's TLS
/// cannot start, each lookup fails with the reason instead.
#[derive(Debug, Clone)]
pub(crate) struct CredentialHttp {
    timeout: Duration,
    direct: bool,
    built: OnceLock<Result<reqwest::Client, String>>,
}

impl CredentialHttp {
    pub(crate) fn new(timeout: Duration, direct: bool) -> Self {
        CredentialHttp {
            timeout,
            direct,
            built: OnceLock::new(),
        }
    }

    fn build(&self) -> Result<reqwest::Client, String> {
        let mut builder = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none());
        if self.direct {
            builder = builder.no_proxy();
        }
        // The TLS backend is set on each client: the SDK never installs a process-wide
        // rustls provider, and reqwest cannot build a client without one.
        crate::tls::configure_default(builder)
            .map_err(|error| error.to_string())
            .and_then(|builder| builder.build().map_err(|error| error.to_string()))
    }

    /// The client, or why there is none (a configured source that cannot run).
    pub(crate) fn client(&self) -> Result<&reqwest::Client, CredentialsError> {
        self.built
            .get_or_init(|| self.build())
            .as_ref()
            .map_err(|why| {
                CredentialsError::Failed(format!(
                    "the HTTP client for credential services could not be set up: {why}"
                ))
            })
    }

    /// `given` (a service client's HTTP client, for public endpoints), else the own one.
    /// Requests sent through `given` must set their own timeout: its default is the
    /// configuration's, meant for calls.
    pub(crate) fn client_or<'a>(
        &'a self,
        given: Option<&'a reqwest::Client>,
    ) -> Result<&'a reqwest::Client, CredentialsError> {
        match given {
            Some(client) => Ok(client),
            None => self.client(),
        }
    }
}

/// Send the request and read the whole reply.
pub(crate) async fn send(request: reqwest::RequestBuilder) -> Result<Reply, FetchError> {
    let mut reply = request.send().await.map_err(classify)?;
    let status = reply.status().as_u16();
    let headers = reply.headers().clone();
    let mut body = Vec::new();
    while let Some(chunk) = reply.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > MAX_REPLY_BYTES {
            return Err(FetchError::Broken(format!(
                "larger than {MAX_REPLY_BYTES} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Reply {
        status,
        headers,
        body,
    })
}

fn classify(error: reqwest::Error) -> FetchError {
    if error.is_timeout() {
        FetchError::Timeout
    } else if error.is_connect() {
        FetchError::Unreachable(root_cause(&error))
    } else {
        FetchError::Broken(root_cause(&error))
    }
}

/// The innermost cause, which names what actually happened ("Connection refused").
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// `request` with `body` as its JSON body, typed as the official SDKs type it.
pub(crate) fn with_json(
    request: reqwest::RequestBuilder,
    body: &serde_json::Value,
) -> reqwest::RequestBuilder {
    request
        .header("Content-Type", "application/json;charset=UTF-8")
        .body(body.to_string())
}
