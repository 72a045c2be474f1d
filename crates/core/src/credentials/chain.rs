//! The default provider chain, in the official SDKs' order: OIDC web identity (the
//! `HUAWEICLOUD_OIDC_*` variables), the environment, the profile file, the ECS metadata
//! service, CCE pod identity. The first provider with credentials wins and is asked
//! again at each refresh; the error when none has lists what each looked for.
//!
//! The HTTP client a service client hands the chain
//! ([`ProvideCredentials::provide_credentials_through`]) is passed on to each provider:
//! the IAM and STS exchanges use it; the metadata service and pod identity, being
//! link-local, are reached directly, never through a proxy.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::env_provider::EnvProvider;
use super::environment::Environment;
use super::metadata::{DEFAULT_METADATA_TIMEOUT, MetadataProvider};
use super::oidc::WebIdentityProvider;
use super::pod_identity::PodIdentityProvider;
use super::profile::ProfileProvider;
use super::provider::{
    CredentialsError, CredentialsKind, ProvideCredentials, ProvideFuture, ProvidedCredentials,
    SharedCredentialsProvider, ask,
};
use super::{ENV_DOMAIN_ID, Scope};

/// Providers asked in order; the first with credentials wins, and later lookups (the
/// refreshes of temporary keys) go straight to it.
#[derive(Debug, Default)]
pub struct CredentialsChain {
    providers: Vec<(String, SharedCredentialsProvider)>,
    /// The index of the provider that found credentials.
    winner: Mutex<Option<usize>>,
}

impl CredentialsChain {
    /// An empty chain; add providers with [`CredentialsChain::or_else`].
    pub fn new() -> Self {
        CredentialsChain::default()
    }

    /// The official SDKs' default chain, reading the process environment, for
    /// project-scoped credentials (see [`DefaultChainBuilder`] for the rest).
    pub fn default_chain() -> Self {
        DefaultChainBuilder::default().build()
    }

    /// Configure the default chain.
    pub fn builder() -> DefaultChainBuilder {
        DefaultChainBuilder::default()
    }

    /// Ask `provider`, named `name` in errors, after the providers already in the chain.
    pub fn or_else(
        mut self,
        name: impl Into<String>,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        self.providers.push((name.into(), Arc::new(provider)));
        self
    }

    /// The names of the providers, in order.
    pub fn names(&self) -> Vec<&str> {
        self.providers
            .iter()
            .map(|(name, _)| name.as_str())
            .collect()
    }

    async fn lookup(
        &self,
        http: Option<&reqwest::Client>,
    ) -> Result<ProvidedCredentials, CredentialsError> {
        let winner = *self.winner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(index) = winner {
            let (name, provider) = &self.providers[index];
            return ask(provider.as_ref(), http)
                .await
                .map_err(|e| CredentialsError::Failed(format!("{name}: {}", e.message())));
        }
        let mut looked_for = Vec::new();
        for (index, (name, provider)) in self.providers.iter().enumerate() {
            match ask(provider.as_ref(), http).await {
                Ok(provided) => {
                    tracing::debug!(provider = name.as_str(), "credentials found");
                    *self.winner.lock().unwrap_or_else(|e| e.into_inner()) = Some(index);
                    return Ok(provided);
                }
                Err(CredentialsError::NotFound(why)) => looked_for.push(format!("{name}: {why}")),
                Err(error) => {
                    return Err(CredentialsError::Failed(format!(
                        "{name}: {}",
                        error.message()
                    )));
                }
            }
        }
        Err(CredentialsError::NotFound(format!(
            "no credentials found; looked in turn at\n  - {}",
            looked_for.join("\n  - ")
        )))
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.lookup(None))
    }

    fn provide_credentials_through<'a>(&'a self, http: &'a reqwest::Client) -> ProvideFuture<'a> {
        Box::pin(self.lookup(Some(http)))
    }
}

/// The settings of the default chain.
#[derive(Debug, Clone)]
pub struct DefaultChainBuilder {
    env: Environment,
    kind: CredentialsKind,
    metadata_endpoint: Option<String>,
    metadata_timeout: Duration,
}

impl Default for DefaultChainBuilder {
    fn default() -> Self {
        DefaultChainBuilder {
            env: Environment::process(),
            kind: CredentialsKind::Basic,
            metadata_endpoint: None,
            metadata_timeout: DEFAULT_METADATA_TIMEOUT,
        }
    }
}

impl DefaultChainBuilder {
    /// Read variables from `env` instead of the process environment.
    pub fn environment(mut self, env: Environment) -> Self {
        self.env = env;
        self
    }

    /// Look for credentials of `kind` (project-scoped by default).
    pub fn kind(mut self, kind: CredentialsKind) -> Self {
        self.kind = kind;
        self
    }

    /// The metadata service's address (`http://169.254.169.254` unless
    /// `HUAWEICLOUD_SDK_METADATA_ENDPOINT` says otherwise).
    pub fn metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(endpoint.into());
        self
    }

    /// The time allowed for each metadata request (2 seconds by default); off ECS the
    /// service does not answer, and the chain moves on after this long.
    pub fn metadata_timeout(mut self, timeout: Duration) -> Self {
        self.metadata_timeout = timeout;
        self
    }

    /// The chain.
    pub fn build(self) -> CredentialsChain {
        let env = self.env;
        let kind = self.kind;
        let metadata = match self.metadata_endpoint {
            Some(endpoint) => MetadataProvider::new(endpoint, self.metadata_timeout),
            None => MetadataProvider::from_environment(&env, self.metadata_timeout),
        };
        let scoped = |provider: SharedCredentialsProvider| Scoped {
            provider,
            kind,
            env: env.clone(),
        };
        CredentialsChain::new()
            .or_else(
                "OIDC web identity",
                scoped(Arc::new(FromEnv {
                    env: env.clone(),
                    make: WebIdentityProvider::from_environment,
                })),
            )
            .or_else("environment", EnvProvider::new(env.clone(), kind))
            .or_else(
                "profile file",
                ProfileProvider::from_environment(env.clone(), kind),
            )
            .or_else("ECS metadata", scoped(Arc::new(metadata)))
            .or_else(
                "CCE pod identity",
                scoped(Arc::new(FromEnv {
                    env: env.clone(),
                    make: PodIdentityProvider::from_environment,
                })),
            )
    }
}

/// The provider the environment describes (web identity, pod identity), made at each
/// lookup so that the variables are read when the chain asks.
struct FromEnv<P> {
    env: Environment,
    make: fn(&Environment) -> Result<P, CredentialsError>,
}

impl<P> std::fmt::Debug for FromEnv<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(std::any::type_name::<P>())
    }
}

impl<P: ProvideCredentials> FromEnv<P> {
    async fn lookup(
        &self,
        http: Option<&reqwest::Client>,
    ) -> Result<ProvidedCredentials, CredentialsError> {
        let provider = (self.make)(&self.env)?;
        ask(&provider, http).await
    }
}

impl<P: ProvideCredentials> ProvideCredentials for FromEnv<P> {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.lookup(None))
    }

    fn provide_credentials_through<'a>(&'a self, http: &'a reqwest::Client) -> ProvideFuture<'a> {
        Box::pin(self.lookup(Some(http)))
    }
}

/// A provider that knows nothing of scopes, made to give credentials of `kind`: global
/// ones act on `HUAWEICLOUD_SDK_DOMAIN_ID`, else on the account looked up at IAM.
#[derive(Debug)]
struct Scoped {
    provider: SharedCredentialsProvider,
    kind: CredentialsKind,
    env: Environment,
}

impl Scoped {
    async fn lookup(
        &self,
        http: Option<&reqwest::Client>,
    ) -> Result<ProvidedCredentials, CredentialsError> {
        let mut provided = ask(self.provider.as_ref(), http).await?;
        if let super::Credentials::AccessKey(key) = &provided.credentials
            && key.scope == Scope::Project
        {
            provided.credentials = self.kind.scope(
                provided.credentials,
                self.env
                    .get(ENV_DOMAIN_ID)
                    .filter(|_| self.kind == CredentialsKind::Global),
            );
        }
        Ok(provided)
    }
}

impl ProvideCredentials for Scoped {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.lookup(None))
    }

    fn provide_credentials_through<'a>(&'a self, http: &'a reqwest::Client) -> ProvideFuture<'a> {
        Box::pin(self.lookup(Some(http)))
    }
}
