//! What a call authenticates with, resolved per attempt: the configured credentials or
//! the provider's current ones (refreshed by the cache), and the project or account id
//! that goes with them (configured, given by the provider, or discovered at IAM).

use std::sync::Arc;

use crate::config::Config;
use crate::credentials::cache::{CredentialsCache, SharedClock, SystemClock};
use crate::credentials::oidc::DEFAULT_IAM_ENDPOINT;
use crate::credentials::{Credentials, ProvidedCredentials, Scope, SharedCredentialsProvider};
use crate::discovery::{Discovered, Iam};
use crate::error::{Error, InvalidInput, Rule};

/// The credentials settings of a configuration.
#[derive(Clone, Debug)]
pub(crate) struct AuthSettings {
    /// Where credentials come from when none are set directly.
    pub(crate) provider: Option<SharedCredentialsProvider>,
    /// The clock that decides when temporary keys need refreshing.
    pub(crate) clock: SharedClock,
    /// Whether missing project and domain ids are looked up at IAM.
    pub(crate) discover_ids: bool,
    /// The IAM endpoint for discovery.
    pub(crate) iam_endpoint: Option<String>,
    /// Built by `ConfigBuilder::build`: the provider's cache and the discovered ids,
    /// shared by every client of the configuration (and its clones).
    pub(crate) shared: Option<Arc<Shared>>,
}

#[derive(Debug)]
pub(crate) struct Shared {
    cache: Option<CredentialsCache>,
    discovered: Discovered,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            provider: None,
            clock: Arc::new(SystemClock),
            discover_ids: true,
            iam_endpoint: None,
            shared: None,
        }
    }
}

impl AuthSettings {
    /// Start the cache and the discovery of a configuration being built.
    pub(crate) fn build(&mut self) {
        let cache = self
            .provider
            .clone()
            .map(|provider| CredentialsCache::new(provider, self.clock.clone()));
        self.shared = Some(Arc::new(Shared {
            cache,
            discovered: Discovered::default(),
        }));
    }
}

/// What one attempt authenticates with.
pub(crate) struct Resolved {
    pub(crate) credentials: Option<Credentials>,
    /// The project id for `X-Project-Id` of project-scoped keys, when known.
    pub(crate) project_id: Option<String>,
    /// The account id for `X-Domain-Id` of account-scoped keys.
    pub(crate) domain_id: Option<String>,
}

/// The credentials for one attempt: the configured ones, else the provider's current
/// ones (refreshed when due, through `http`, the service client's HTTP client); `None`
/// when the configuration has neither.
async fn current(
    config: &Config,
    http: &reqwest::Client,
) -> Result<Option<ProvidedCredentials>, Error> {
    if let Some(credentials) = &config.credentials {
        return Ok(Some(ProvidedCredentials::new(credentials.clone())));
    }
    match config
        .auth
        .shared
        .as_ref()
        .and_then(|shared| shared.cache.as_ref())
    {
        Some(cache) => cache.get_through(http).await.map(Some),
        None => Ok(None),
    }
}

/// IAM's endpoint for discovery: the configured one, else the provider's, else the
/// region's (`https://iam.<region>.myhuaweicloud.com`), else the global one.
fn iam_endpoint(config: &Config, provided: &ProvidedCredentials) -> String {
    config
        .auth
        .iam_endpoint
        .clone()
        .or_else(|| provided.iam_endpoint.clone())
        .or_else(|| {
            config
                .region
                .as_ref()
                .map(|region| format!("https://iam.{region}.myhuaweicloud.com"))
        })
        .unwrap_or_else(|| DEFAULT_IAM_ENDPOINT.to_owned())
}

/// The project id: the configuration's, else the provider's, else (with an access key,
/// a region and discovery on) the one IAM lists for the region.
async fn project_id(
    config: &Config,
    provided: Option<&ProvidedCredentials>,
    http: &reqwest::Client,
) -> Result<Option<String>, Error> {
    if let Some(project_id) = &config.project_id {
        return Ok(Some(project_id.clone()));
    }
    let Some(provided) = provided else {
        return Ok(None);
    };
    if let Some(project_id) = &provided.project_id {
        return Ok(Some(project_id.clone()));
    }
    let (Some(region), Some(shared)) = (&config.region, &config.auth.shared) else {
        return Ok(None);
    };
    let Credentials::AccessKey(key) = &provided.credentials else {
        return Ok(None);
    };
    if !config.auth.discover_ids {
        return Ok(None);
    }
    let endpoint = iam_endpoint(config, provided);
    let iam = Iam {
        http,
        endpoint: &endpoint,
        key,
    };
    shared.discovered.project_id(&iam, region).await.map(Some)
}

/// What the next attempt authenticates with.
pub(crate) async fn resolve(config: &Config, http: &reqwest::Client) -> Result<Resolved, Error> {
    let Some(provided) = current(config, http).await? else {
        return Ok(Resolved {
            credentials: None,
            project_id: None,
            domain_id: None,
        });
    };
    let mut resolved = Resolved {
        credentials: Some(provided.credentials.clone()),
        project_id: None,
        domain_id: None,
    };
    if let Credentials::AccessKey(key) = &provided.credentials {
        match &key.scope {
            Scope::Project => {
                resolved.project_id = project_id(config, Some(&provided), http).await?;
            }
            Scope::Domain(domain_id) => resolved.domain_id = Some(domain_id.clone()),
            Scope::DiscoveredDomain => match &config.auth.shared {
                Some(shared) if config.auth.discover_ids => {
                    let endpoint = iam_endpoint(config, &provided);
                    let iam = Iam {
                        http,
                        endpoint: &endpoint,
                        key,
                    };
                    resolved.domain_id = Some(shared.discovered.domain_id(&iam).await?);
                }
                _ => {
                    return Err(Error::Config(
                            "the credentials act on their account, but its id is not set and discovery is off: \
                             set Credentials::with_domain_id(..) or HUAWEICLOUD_SDK_DOMAIN_ID"
                                .to_owned(),
                    ));
                }
            },
        }
    }
    Ok(resolved)
}

/// The project id for `{project_id}` in a path: the request's own, else as for
/// `X-Project-Id` (configured, from the provider, discovered).
pub(crate) async fn path_project_id(
    config: &Config,
    http: &reqwest::Client,
    from_request: Option<String>,
) -> Result<String, Error> {
    if let Some(project_id) = from_request.or_else(|| config.project_id.clone()) {
        return Ok(project_id);
    }
    let provided = current(config, http).await?;
    project_id(config, provided.as_ref(), http)
        .await?
        .ok_or_else(|| {
            InvalidInput {
                parameter: "project_id".to_owned(),
                rule: Rule::MissingProjectId,
            }
            .into()
        })
}
