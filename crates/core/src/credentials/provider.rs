//! The one trait every credentials source implements, and what a source hands back.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use super::Credentials;

/// What a provider's lookup resolves to.
pub type ProvideResult = Result<ProvidedCredentials, CredentialsError>;

/// The future a provider returns (boxed, so that the trait stays object safe).
pub type ProvideFuture<'a> = Pin<Box<dyn Future<Output = ProvideResult> + Send + 'a>>;

/// A source of credentials: the environment, a profile file, the ECS metadata service…
///
/// Providers are asked again whenever the keys they gave expire, so a provider of
/// temporary keys fetches fresh ones on each call; caching and refreshing ahead of expiry
/// is the job of the cache that wraps it (see [`crate::ConfigBuilder::credentials_provider`]).
///
/// A service client asks through [`ProvideCredentials::provide_credentials_through`],
/// handing over its HTTP client; only [`ProvideCredentials::provide_credentials`] must be
/// written, and a provider that calls no public endpoint needs nothing more.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Look the credentials up, on the provider's own terms (the HTTP client it builds
    /// itself, when it needs one).
    fn provide_credentials(&self) -> ProvideFuture<'_>;

    /// Look the credentials up for a service client whose HTTP client is `http`: the one
    /// built from the configuration's proxies and root certificates, or the shared or
    /// application-built one ([`crate::ConfigBuilder::build_shared`],
    /// [`crate::ConfigBuilder::http_client`]).
    ///
    /// A provider that calls a public endpoint (IAM, STS) sends those requests through
    /// `http`, so that they take the same way out as the calls themselves (through the
    /// company proxy, trusting the same private CA). The link-local ones (the ECS
    /// metadata service, the CCE pod identity agent) ignore it and connect directly,
    /// never through a proxy. A wrapper (a chain, a provider made per lookup) passes
    /// `http` on. By default, `http` is ignored: [`ProvideCredentials::provide_credentials`].
    fn provide_credentials_through<'a>(&'a self, http: &'a reqwest::Client) -> ProvideFuture<'a> {
        let _ = http;
        self.provide_credentials()
    }
}

/// Ask `provider` through `http` when there is one, else on its own terms.
pub(crate) fn ask<'a>(
    provider: &'a (impl ProvideCredentials + ?Sized),
    http: Option<&'a reqwest::Client>,
) -> ProvideFuture<'a> {
    match http {
        Some(http) => provider.provide_credentials_through(http),
        None => provider.provide_credentials(),
    }
}

/// A provider shared between configurations and clients.
pub type SharedCredentialsProvider = Arc<dyn ProvideCredentials>;

/// Credentials as a provider found them: the keys, when they expire, and the ids the
/// source gave alongside them (a profile file's `project_id`, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvidedCredentials {
    /// The credentials to sign with.
    pub credentials: Credentials,
    /// When temporary keys stop working; `None` for keys that do not expire.
    pub expires_at: Option<SystemTime>,
    /// The project id the source names, used when the configuration has none.
    pub project_id: Option<String>,
    /// The IAM endpoint the source names, for project and domain discovery.
    pub iam_endpoint: Option<String>,
}

impl ProvidedCredentials {
    /// Credentials that do not expire and come with no ids.
    pub fn new(credentials: Credentials) -> Self {
        ProvidedCredentials {
            credentials,
            expires_at: None,
            project_id: None,
            iam_endpoint: None,
        }
    }

    /// The same credentials, expiring at `expires_at`.
    pub fn expiring_at(mut self, expires_at: SystemTime) -> Self {
        self.expires_at = Some(expires_at);
        self
    }
}

/// Why a provider gave no credentials. Messages never contain a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsError {
    /// This source has no credentials; the message says what it looked for. A chain goes
    /// on to its next provider.
    NotFound(String),
    /// This source is configured but failed (a profile file with half a key pair, IAM
    /// refusing an id token, a malformed reply). A chain stops here, so that a broken
    /// configuration is reported rather than silently replaced by another source.
    Failed(String),
}

impl std::fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for CredentialsError {}

impl CredentialsError {
    /// The message, whichever kind.
    pub fn message(&self) -> &str {
        match self {
            CredentialsError::NotFound(message) | CredentialsError::Failed(message) => message,
        }
    }
}

/// Fixed credentials are a provider of themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        let provided = ProvidedCredentials::new(self.clone());
        Box::pin(async move { Ok(provided) })
    }
}

/// Which credentials a source looks for, as the official SDKs split them: "basic" ones
/// act on a project (regional services), "global" ones on an account (global services,
/// such as IAM itself), and a profile file keeps them in sections of those names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CredentialsKind {
    /// Project-scoped (`X-Project-Id`), the profile file's `[basic]` section.
    #[default]
    Basic,
    /// Account-scoped (`X-Domain-Id`), the profile file's `[global]` section. Without a
    /// domain id, the id is looked up at IAM on first use.
    Global,
}

impl CredentialsKind {
    /// The profile file's section name.
    pub fn section(self) -> &'static str {
        match self {
            CredentialsKind::Basic => "basic",
            CredentialsKind::Global => "global",
        }
    }

    /// Scope `credentials` as this kind wants: a given domain id always makes them
    /// account-scoped; global credentials without one have theirs looked up.
    pub(crate) fn scope(self, credentials: Credentials, domain_id: Option<String>) -> Credentials {
        match (self, domain_id) {
            (_, Some(domain_id)) => credentials.with_domain_id(domain_id),
            (CredentialsKind::Global, None) => credentials.with_discovered_domain(),
            (CredentialsKind::Basic, None) => credentials,
        }
    }
}
