//! Client configuration: where to send calls, as whom, and how strictly to check them.

use std::time::Duration;

use crate::auth::AuthSettings;
use crate::credentials::cache::Clock;
use crate::credentials::chain::CredentialsChain;
use crate::credentials::env_provider::ENV_IDP_ID;
use crate::credentials::oidc::{ENV_IAM_ENDPOINT, env as oidc_env};
use crate::credentials::{Credentials, ENV_PROJECT_ID, Environment, ProvideCredentials};
use crate::error::Error;
use crate::http::HttpSettings;
use crate::retry::RetryPolicy;

/// The default time allowed for a whole call.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default cap on the size of a reply's body: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// Configuration shared by every call of a client. Build it with [`Config::builder`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) endpoint: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) project_id: Option<String>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) validate_requests: bool,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    /// Credential providers, refresh and id discovery (see `auth.rs`).
    pub(crate) auth: AuthSettings,
    /// Proxies, extra roots, and the HTTP client to use (see `http.rs`).
    pub(crate) http: HttpSettings,
}

impl Config {
    /// Start building a configuration.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Start building from the official SDKs' environment variables (see
    /// [`ConfigBuilder::from_env`]).
    pub fn from_env() -> Result<ConfigBuilder, Error> {
        ConfigBuilder::from_env()
    }

    /// The project id that fills `{project_id}` in paths.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The region whose endpoint the client calls, unless an endpoint is set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The explicit endpoint, which wins over the region.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// Whether calls authenticate: credentials are set, or a provider is there to ask
    /// (whether it finds any shows at the first call).
    pub fn has_credentials(&self) -> bool {
        self.credentials.is_some() || self.auth.provider.is_some()
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Whether request parameters are checked against the documented constraints.
    pub fn validate_requests(&self) -> bool {
        self.validate_requests
    }

    /// The largest reply body, in bytes, that a call reads (see
    /// [`ConfigBuilder::max_response_bytes`]).
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }
}

/// Builder for [`Config`].
#[derive(Clone, Debug)]
pub struct ConfigBuilder {
    pub(crate) config: Config,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        ConfigBuilder {
            config: Config {
                endpoint: None,
                region: None,
                project_id: None,
                credentials: None,
                validate_requests: true,
                timeout: DEFAULT_TIMEOUT,
                connect_timeout: DEFAULT_CONNECT_TIMEOUT,
                retry: RetryPolicy::default(),
                max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
                auth: AuthSettings::default(),
                http: HttpSettings::default(),
            },
        }
    }
}

impl ConfigBuilder {
    /// A builder preset from the official SDKs' environment: credentials from the default
    /// provider chain ([`CredentialsChain::default_chain`]: OIDC web identity, the
    /// `HUAWEICLOUD_SDK_AK`/`_SK` variables, the profile file, the ECS metadata service,
    /// CCE pod identity; the first with credentials wins), the project id from
    /// `HUAWEICLOUD_SDK_PROJECT_ID` and IAM's endpoint from `HUAWEICLOUD_SDK_IAM_ENDPOINT`.
    /// Anything set afterwards wins.
    ///
    /// Access keys in the variables are read now (half a pair is an error here); the other
    /// sources are asked at the first call, and when none has credentials that call fails
    /// with [`Error::Config`] listing where each looked.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ConfigBuilder::from_env`] reading variables through `lookup`.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Result<Self, Error> {
        let env = Environment::from_lookup(lookup);
        let mut builder = ConfigBuilder::default();
        let keys = Credentials::from_lookup(|name| env.get(name))?;
        // The chain would find these same keys, unless a source before the environment
        // (OIDC web identity) or an identity provider in it has its say: ask it then.
        match keys {
            Some(credentials)
                if env.get(oidc_env::PROVIDER_URN).is_none() && env.get(ENV_IDP_ID).is_none() =>
            {
                builder = builder.credentials(credentials);
            }
            _ => {
                let chain = CredentialsChain::builder().environment(env.clone()).build();
                builder = builder.credentials_provider(chain);
            }
        }
        if let Some(project_id) = env.get(ENV_PROJECT_ID) {
            builder = builder.project_id(project_id);
        }
        if let Some(endpoint) = env.get(ENV_IAM_ENDPOINT) {
            builder = builder.iam_endpoint(endpoint);
        }
        Ok(builder)
    }

    /// Take credentials from `provider` (a [`CredentialsChain`], the ECS metadata
    /// service…) when none are set with [`ConfigBuilder::credentials`]. Temporary keys are
    /// kept and refreshed before they expire, by one call while the others go on with the
    /// current keys; the cache is shared by every client built from this configuration.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.auth.provider = Some(std::sync::Arc::new(provider));
        self
    }

    /// The clock that decides when temporary keys are due for refresh (the system's by
    /// default); tests pass their own to move time without waiting.
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.config.auth.clock = std::sync::Arc::new(clock);
        self
    }

    /// Look missing ids up at IAM (on by default): with an access key and no project id,
    /// the project of the region (`GET /v3/projects?name=<region>`); for account-scoped
    /// keys without a domain id, the key's account (`GET /v3/auth/domains`). Each is asked
    /// once per configuration. An id set anywhere always wins.
    pub fn discover_ids(mut self, on: bool) -> Self {
        self.config.auth.discover_ids = on;
        self
    }

    /// The IAM endpoint that discovery asks (else the profile file's `iam_endpoint`, else
    /// `https://iam.<region>.myhuaweicloud.com`).
    pub fn iam_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.config.auth.iam_endpoint = Some(endpoint.into());
        self
    }

    /// Call this endpoint (`https://host[:port]`), whatever the region.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.config.endpoint = Some(endpoint.into());
        self
    }

    /// Call the service's endpoint in this region (e.g. `cn-north-4`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// The project id that fills `{project_id}` in paths.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.config.project_id = Some(project_id.into());
        self
    }

    /// How calls authenticate.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.config.credentials = Some(credentials);
        self
    }

    /// Check request parameters against the documented constraints before sending
    /// (on by default). Switch it off when a documented constraint turns out wrong.
    pub fn validate_requests(mut self, on: bool) -> Self {
        self.config.validate_requests = on;
        self
    }

    /// The time allowed for a whole call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// The time allowed to open a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// How failed attempts are retried (see [`RetryPolicy`]); `RetryPolicy::disabled()` turns retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.config.retry = policy;
        self
    }

    /// The largest reply body, in bytes, that a call reads; 64 MiB by default. The body is
    /// read chunk by chunk and the call ends with [`Error::ResponseTooLarge`] as soon as it
    /// would pass the limit (at once when `Content-Length` announces more), so a broken or
    /// hostile server cannot make the client buffer an unbounded reply. Error replies
    /// are held to the same limit.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.config.max_response_bytes = limit;
        self
    }

    /// Finish the configuration.
    pub fn build(mut self) -> Config {
        self.config.auth.build();
        self.config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::{ENV_AK, ENV_SK};

    #[test]
    fn from_lookup_reads_credentials_and_project_id() {
        let config = ConfigBuilder::from_lookup(|name| match name {
            ENV_AK => Some("ak".into()),
            ENV_SK => Some("sk".into()),
            ENV_PROJECT_ID => Some("p1".into()),
            _ => None,
        })
        .unwrap()
        .build();
        assert_eq!(config.project_id(), Some("p1"));
        assert_eq!(
            config.credentials,
            Some(Credentials::access_key("ak", "sk"))
        );
    }

    #[test]
    fn the_reply_size_limit_defaults_to_64_mib_and_can_be_set() {
        assert_eq!(
            Config::builder().build().max_response_bytes(),
            64 * 1024 * 1024
        );
        assert_eq!(
            Config::builder()
                .max_response_bytes(1024)
                .build()
                .max_response_bytes(),
            1024
        );
    }

    #[test]
    fn values_set_after_from_lookup_win() {
        let config =
            ConfigBuilder::from_lookup(|name| (name == ENV_PROJECT_ID).then(|| "from-env".into()))
                .unwrap()
                .project_id("from-code")
                .build();
        assert_eq!(config.project_id(), Some("from-code"));
    }
}
