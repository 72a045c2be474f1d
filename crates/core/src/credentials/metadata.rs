//! Temporary keys of an ECS server's agency, from the instance metadata service.
//!
//! As the official SDKs do it: a session token first (`PUT /meta-data/latest/api/token`
//! with `X-Metadata-Token-Ttl-Seconds`; 404, 405 or 503 mean the service does not use
//! tokens, so go on without one), then `GET /openstack/latest/securitykey` with
//! `X-Metadata-Token`. A 401 means the session token expired: it is renewed once.
//!
//! The service is a link-local address: it is always called directly, never through a
//! proxy (neither the configuration's nor the environment's `HTTP_PROXY`), and the
//! service client's HTTP client is not used.

use std::time::Duration;

use super::environment::Environment;
use super::fetch::{self, CredentialHttp, FetchError, Reply};
use super::provider::{CredentialsError, ProvideCredentials, ProvideFuture, ProvidedCredentials};
use super::{Secret, reply};

/// The metadata service's address on every ECS server.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://169.254.169.254";
/// Overrides the metadata address (our own variable: the official SDKs have none).
pub const ENV_METADATA_ENDPOINT: &str = "HUAWEICLOUD_SDK_METADATA_ENDPOINT";
/// The default time allowed for each metadata request; off ECS the address does not
/// answer at all, and the chain should move on quickly.
pub const DEFAULT_METADATA_TIMEOUT: Duration = Duration::from_secs(2);

const TOKEN_PATH: &str = "/meta-data/latest/api/token";
const SECURITY_KEY_PATH: &str = "/openstack/latest/securitykey";
const TOKEN_TTL_HEADER: &str = "X-Metadata-Token-Ttl-Seconds";
const TOKEN_HEADER: &str = "X-Metadata-Token";
/// Six hours, as the official SDKs ask.
const TOKEN_TTL_SECONDS: &str = "21600";
/// What the service says on a server without an agency.
const NO_AGENCY: &str = "Please configure Cloud Service Agency first";

/// Temporary keys from the ECS metadata service, always called directly (no proxy).
#[derive(Debug)]
pub struct MetadataProvider {
    endpoint: String,
    http: CredentialHttp,
    /// The session token, kept between lookups; renewed when the service refuses it.
    session: tokio::sync::Mutex<Option<Secret>>,
}

impl MetadataProvider {
    /// The provider of `endpoint` (`http://169.254.169.254` on ECS), with `timeout` for
    /// each request.
    pub fn new(endpoint: impl Into<String>, timeout: Duration) -> Self {
        MetadataProvider {
            endpoint: endpoint.into().trim_end_matches('/').to_owned(),
            http: CredentialHttp::new(timeout, true),
            session: tokio::sync::Mutex::new(None),
        }
    }

    /// The provider at `HUAWEICLOUD_SDK_METADATA_ENDPOINT`, else the ECS address.
    pub fn from_environment(env: &Environment, timeout: Duration) -> Self {
        let endpoint = env
            .get(ENV_METADATA_ENDPOINT)
            .unwrap_or_else(|| DEFAULT_METADATA_ENDPOINT.to_owned());
        MetadataProvider::new(endpoint, timeout)
    }

    async fn lookup(&self) -> Result<ProvidedCredentials, CredentialsError> {
        let mut session = self.session.lock().await;
        if session.is_none() {
            *session = self.new_session(false).await?;
        }
        let mut reply = self.security_key(session.as_ref()).await?;
        if reply.status == 401 && !String::from_utf8_lossy(&reply.body).contains(NO_AGENCY) {
            tracing::debug!("the metadata service refused its session token; renewing it");
            *session = self.new_session(true).await?;
            reply = self.security_key(session.as_ref()).await?;
        }
        let session = session.as_ref().map_or("", Secret::expose);
        match reply.status {
            200 => reply::temporary_keys("the ECS metadata service", &reply.body),
            401 | 404 if String::from_utf8_lossy(&reply.body).contains(NO_AGENCY) => {
                Err(CredentialsError::NotFound(format!(
                    "the ECS metadata service at {} has no keys: the server has no agency ({NO_AGENCY})",
                    self.endpoint
                )))
            }
            status => Err(self.failed(&format!(
                "GET {SECURITY_KEY_PATH} answered HTTP {status}: {}",
                reply.excerpt(&[session])
            ))),
        }
    }

    /// A new session token; `None` when the service does not use them. `required`: the
    /// service asked for one (a 401), so having none is a failure.
    async fn new_session(&self, required: bool) -> Result<Option<Secret>, CredentialsError> {
        let request = self
            .http
            .client()?
            .put(format!("{}{TOKEN_PATH}", self.endpoint))
            .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS);
        let reply = fetch::send(request)
            .await
            .map_err(|e| self.unreachable(e))?;
        match reply.status {
            200 => {
                let token = String::from_utf8_lossy(&reply.body).trim().to_owned();
                Ok((!token.is_empty()).then(|| Secret::new(token)))
            }
            404 | 405 | 503 if !required => Ok(None),
            status => Err(self.failed(&format!(
                "PUT {TOKEN_PATH} answered HTTP {status}: {}",
                reply.excerpt(&[])
            ))),
        }
    }

    async fn security_key(&self, session: Option<&Secret>) -> Result<Reply, CredentialsError> {
        let mut request = self
            .http
            .client()?
            .get(format!("{}{SECURITY_KEY_PATH}", self.endpoint));
        if let Some(token) = session {
            request = request.header(TOKEN_HEADER, token.expose());
        }
        fetch::send(request).await.map_err(|e| self.unreachable(e))
    }

    /// No metadata service answers: not on ECS, so the chain goes on.
    fn unreachable(&self, error: FetchError) -> CredentialsError {
        match error {
            FetchError::Timeout | FetchError::Unreachable(_) => CredentialsError::NotFound(
                format!("no ECS metadata service at {} ({error})", self.endpoint),
            ),
            FetchError::Broken(_) => self.failed(&error.to_string()),
        }
    }

    fn failed(&self, why: &str) -> CredentialsError {
        CredentialsError::Failed(format!(
            "the ECS metadata service at {} gave no keys: {why}",
            self.endpoint
        ))
    }
}

impl ProvideCredentials for MetadataProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.lookup())
    }
}
