//! Temporary keys of a CCE pod, from the pod identity agent: `POST` to the URI in
//! `HC_CONTAINER_CREDENTIALS_FULL_URI` with the token file of
//! `HC_CONTAINER_AUTHORIZATION_TOKEN_FILE` as `Authorization`, as the official SDKs do.
//!
//! The agent is a link-local address on the node: it is always called directly, never
//! through a proxy (neither the configuration's nor the environment's `HTTP_PROXY`), and
//! the service client's HTTP client is not used.

use std::time::Duration;

use super::environment::Environment;
use super::fetch::{self, CredentialHttp};
use super::provider::{CredentialsError, ProvideCredentials, ProvideFuture, ProvidedCredentials};
use super::reply;

/// The agent's URI.
pub const ENV_FULL_URI: &str = "HC_CONTAINER_CREDENTIALS_FULL_URI";
/// The file holding the pod's authorization token (rotated by the platform, so read at
/// every refresh).
pub const ENV_TOKEN_FILE: &str = "HC_CONTAINER_AUTHORIZATION_TOKEN_FILE";
/// Five seconds, as the official SDKs allow.
const TIMEOUT: Duration = Duration::from_secs(5);

/// Temporary keys from the CCE pod identity agent, always called directly (no proxy).
#[derive(Debug)]
pub struct PodIdentityProvider {
    uri: String,
    token_file: std::path::PathBuf,
    http: CredentialHttp,
}

impl PodIdentityProvider {
    /// The agent at `uri`, authorized by the token in `token_file`.
    pub fn new(uri: impl Into<String>, token_file: impl Into<std::path::PathBuf>) -> Self {
        PodIdentityProvider {
            uri: uri.into(),
            token_file: token_file.into(),
            http: CredentialHttp::new(TIMEOUT, true),
        }
    }

    /// The agent the environment names; not found unless both variables are set.
    pub fn from_environment(env: &Environment) -> Result<Self, CredentialsError> {
        match (env.get(ENV_FULL_URI), env.get(ENV_TOKEN_FILE)) {
            (Some(uri), Some(file)) => Ok(PodIdentityProvider::new(uri, file)),
            _ => Err(CredentialsError::NotFound(format!(
                "{ENV_FULL_URI} and {ENV_TOKEN_FILE} are not both set"
            ))),
        }
    }

    async fn lookup(&self) -> Result<ProvidedCredentials, CredentialsError> {
        let token = std::fs::read_to_string(&self.token_file).map_err(|e| {
            CredentialsError::Failed(format!(
                "could not read the pod identity token file {}: {e}",
                self.token_file.display()
            ))
        })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::Failed(format!(
                "the pod identity token file {} is empty",
                self.token_file.display()
            )));
        }
        let request = fetch::with_json(
            self.http
                .client()?
                .post(&self.uri)
                .header("Authorization", token),
            &serde_json::json!({}),
        );
        let reply = fetch::send(request).await.map_err(|e| {
            CredentialsError::Failed(format!(
                "the pod identity agent at {} could not be reached: {e}",
                self.uri
            ))
        })?;
        if reply.status != 200 {
            return Err(CredentialsError::Failed(format!(
                "the pod identity agent at {} answered HTTP {}: {}",
                self.uri,
                reply.status,
                reply.excerpt(&[token])
            )));
        }
        reply::temporary_keys("the pod identity agent", &reply.body)
    }
}

impl ProvideCredentials for PodIdentityProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.lookup())
    }
}
