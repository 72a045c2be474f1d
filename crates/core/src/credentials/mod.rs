//! Credentials, kept out of `Debug`, `Display` and logs.
//!
//! Two kinds, as in the official SDKs: an IAM token, or an access key pair (AK/SK) that
//! signs every request. An access key is project-scoped by default (requests carry
//! `X-Project-Id`, the "basic" credentials of the official SDKs) or domain-scoped for
//! global services (`X-Domain-Id`, their "global" credentials); temporary access keys add
//! `X-Security-Token`.

use std::fmt;

use crate::error::Error;

pub mod cache;
pub mod chain;
pub mod env_provider;
mod environment;
pub(crate) mod fetch;
pub mod metadata;
pub mod oidc;
pub mod pod_identity;
pub mod profile;
mod provider;
mod reply;

pub use environment::Environment;
pub use provider::{
    CredentialsError, CredentialsKind, ProvideCredentials, ProvideFuture, ProvideResult,
    ProvidedCredentials, SharedCredentialsProvider,
};

/// A secret string: readable through [`Secret::expose`] only, redacted everywhere else.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"** redacted **\")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

/// How calls authenticate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// An IAM token, sent as `X-Auth-Token`.
    Token(Secret),
    /// An access key pair that signs each request (`SDK-HMAC-SHA256`).
    AccessKey(AccessKey),
}

/// An access key pair, with what it is scoped to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessKey {
    /// The access key id (AK). Not a secret by itself, but it names an account, so it is
    /// redacted like one.
    pub(crate) access_key: Secret,
    /// The secret access key (SK).
    pub(crate) secret_key: Secret,
    /// The security token of temporary credentials.
    pub(crate) security_token: Option<Secret>,
    /// What the key acts on.
    pub(crate) scope: Scope,
}

/// What an access key's requests act on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// A project: requests carry `X-Project-Id` with the configuration's project id.
    Project,
    /// An account (domain), for global services: requests carry `X-Domain-Id`.
    Domain(String),
    /// The account that owns the key, for global services: its id is looked up at IAM
    /// (`GET /v3/auth/domains`) on first use, then sent as `X-Domain-Id`.
    DiscoveredDomain,
}

impl Credentials {
    /// Authenticate with an IAM token (the `X-Subject-Token` that IAM returns).
    pub fn token(token: impl Into<String>) -> Self {
        Credentials::Token(Secret::new(token))
    }

    /// Sign requests with a permanent access key pair, scoped to the configuration's project.
    pub fn access_key(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials::AccessKey(AccessKey {
            access_key: Secret::new(access_key),
            secret_key: Secret::new(secret_key),
            security_token: None,
            scope: Scope::Project,
        })
    }

    /// Sign requests with a temporary access key pair and its security token.
    pub fn temporary(
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        match Credentials::access_key(access_key, secret_key) {
            Credentials::AccessKey(key) => Credentials::AccessKey(AccessKey {
                security_token: Some(Secret::new(security_token)),
                ..key
            }),
            token => token,
        }
    }

    /// Scope an access key to an account (domain) instead of a project, as global
    /// services expect. A token is returned unchanged: its scope was fixed when IAM issued it.
    pub fn with_domain_id(self, domain_id: impl Into<String>) -> Self {
        match self {
            Credentials::AccessKey(key) => Credentials::AccessKey(AccessKey {
                scope: Scope::Domain(domain_id.into()),
                ..key
            }),
            token => token,
        }
    }

    /// Scope an access key to the account that owns it, for global services, when its id
    /// is not known: the client looks it up at IAM on first use (unless discovery is off,
    /// see [`crate::ConfigBuilder::discover_ids`]). A token is returned unchanged.
    pub fn with_discovered_domain(self) -> Self {
        match self {
            Credentials::AccessKey(key) => Credentials::AccessKey(AccessKey {
                scope: Scope::DiscoveredDomain,
                ..key
            }),
            token => token,
        }
    }

    /// Credentials from the official SDKs' environment variables:
    /// `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (both or neither), with
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN` for temporary keys and `HUAWEICLOUD_SDK_DOMAIN_ID`
    /// for a domain scope. `None` when no access key is set.
    pub fn from_env() -> Result<Option<Self>, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] reading variables through `lookup`, so that callers
    /// (and tests) can supply their own environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Option<Self>, Error> {
        let read = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let (access_key, secret_key) = match (read(ENV_AK), read(ENV_SK)) {
            (None, None) => return Ok(None),
            (Some(ak), Some(sk)) => (ak, sk),
            (Some(_), None) => {
                return Err(Error::Config(format!(
                    "{ENV_AK} is set but {ENV_SK} is not"
                )));
            }
            (None, Some(_)) => {
                return Err(Error::Config(format!(
                    "{ENV_SK} is set but {ENV_AK} is not"
                )));
            }
        };
        let credentials = match read(ENV_SECURITY_TOKEN) {
            Some(token) => Credentials::temporary(access_key, secret_key, token),
            None => Credentials::access_key(access_key, secret_key),
        };
        Ok(Some(match read(ENV_DOMAIN_ID) {
            Some(domain_id) => credentials.with_domain_id(domain_id),
            None => credentials,
        }))
    }
}

/// Access key id variable of the official SDKs.
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
/// Secret access key variable of the official SDKs.
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
/// Security token variable (temporary credentials) of the official SDKs.
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// Project id variable of the official SDKs.
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// Domain (account) id variable of the official SDKs.
pub const ENV_DOMAIN_ID: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn secrets_are_redacted_in_debug_and_display() {
        let all = [
            Credentials::token("very-secret-token"),
            Credentials::temporary("AKVISIBLE0001", "very-secret-sk", "very-secret-sts")
                .with_domain_id("domain-1"),
        ];
        for credentials in all {
            let shown = format!("{credentials:?}");
            for secret in [
                "very-secret-token",
                "AKVISIBLE0001",
                "very-secret-sk",
                "very-secret-sts",
            ] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
        assert_eq!(Secret::new("x").to_string(), "** redacted **");
    }

    #[test]
    fn env_with_ak_sk_gives_project_scoped_keys() {
        let credentials = Credentials::from_lookup(env(&[(ENV_AK, "ak"), (ENV_SK, "sk")])).unwrap();
        assert_eq!(credentials, Some(Credentials::access_key("ak", "sk")));
    }

    #[test]
    fn env_with_token_and_domain_gives_temporary_domain_keys() {
        let credentials = Credentials::from_lookup(env(&[
            (ENV_AK, "ak"),
            (ENV_SK, "sk"),
            (ENV_SECURITY_TOKEN, "sts"),
            (ENV_DOMAIN_ID, "d1"),
        ]))
        .unwrap();
        assert_eq!(
            credentials,
            Some(Credentials::temporary("ak", "sk", "sts").with_domain_id("d1"))
        );
    }

    #[test]
    fn env_without_keys_gives_none_and_half_a_pair_is_an_error() {
        assert_eq!(Credentials::from_lookup(env(&[])).unwrap(), None);
        let error = Credentials::from_lookup(env(&[(ENV_AK, "ak")])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "configuration error: HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not"
        );
    }
}
