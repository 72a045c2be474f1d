//! Client configuration: where to send calls, as whom, and how strictly to check them.

use std::time::Duration;

use crate::credentials::Credentials;

/// The default time allowed for a whole call.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

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
}

impl Config {
    /// Start building a configuration.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
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

    /// Whether request parameters are checked against the documented constraints.
    pub fn validate_requests(&self) -> bool {
        self.validate_requests
    }
}

/// Builder for [`Config`].
#[derive(Clone, Debug)]
pub struct ConfigBuilder {
    config: Config,
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
            },
        }
    }
}

impl ConfigBuilder {
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

    /// Finish the configuration.
    pub fn build(self) -> Config {
        self.config
    }
}
