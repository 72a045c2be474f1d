//! Credentials from the official SDKs' environment variables: an identity provider and
//! id token file (`HUAWEICLOUD_SDK_IDP_ID`, `HUAWEICLOUD_SDK_ID_TOKEN_FILE`), else an
//! access key (`HUAWEICLOUD_SDK_AK`, `_SK`, `_SECURITY_TOKEN`), with the project or
//! domain id of `HUAWEICLOUD_SDK_PROJECT_ID` / `_DOMAIN_ID`.

use super::environment::Environment;
use super::oidc::{DEFAULT_IAM_ENDPOINT, ENV_IAM_ENDPOINT, IdTokenProvider};
use super::provider::{
    CredentialsError, CredentialsKind, ProvideCredentials, ProvideFuture, ProvidedCredentials, ask,
};
use super::{Credentials, ENV_AK, ENV_DOMAIN_ID, ENV_PROJECT_ID, ENV_SK};

/// The identity provider variable of the official SDKs.
pub const ENV_IDP_ID: &str = "HUAWEICLOUD_SDK_IDP_ID";
/// The id token file variable of the official SDKs.
pub const ENV_ID_TOKEN_FILE: &str = "HUAWEICLOUD_SDK_ID_TOKEN_FILE";

/// Credentials from environment variables.
#[derive(Debug, Clone)]
pub struct EnvProvider {
    env: Environment,
    kind: CredentialsKind,
}

impl EnvProvider {
    /// Read `env` for credentials of `kind`.
    pub fn new(env: Environment, kind: CredentialsKind) -> Self {
        EnvProvider { env, kind }
    }

    async fn lookup(
        &self,
        http: Option<&reqwest::Client>,
    ) -> Result<ProvidedCredentials, CredentialsError> {
        let env = &self.env;
        let iam_endpoint = env.get(ENV_IAM_ENDPOINT);
        let mut provided = match (env.get(ENV_IDP_ID), env.get(ENV_ID_TOKEN_FILE)) {
            (Some(idp_id), Some(file)) => {
                let endpoint = iam_endpoint
                    .clone()
                    .unwrap_or_else(|| DEFAULT_IAM_ENDPOINT.to_owned());
                ask(&IdTokenProvider::new(idp_id, file, endpoint), http).await?
            }
            (Some(_), None) | (None, Some(_)) => {
                return Err(CredentialsError::Failed(format!(
                    "{ENV_IDP_ID} and {ENV_ID_TOKEN_FILE} go together, but only one is set"
                )));
            }
            (None, None) => match Credentials::from_lookup(|name| env.get(name)) {
                Ok(Some(credentials)) => ProvidedCredentials::new(credentials),
                Ok(None) => {
                    return Err(CredentialsError::NotFound(format!(
                        "neither {ENV_AK} and {ENV_SK} nor {ENV_IDP_ID} and {ENV_ID_TOKEN_FILE} are set"
                    )));
                }
                Err(e) => return Err(CredentialsError::Failed(config_message(e))),
            },
        };
        provided.credentials = self
            .kind
            .scope(provided.credentials, env.get(ENV_DOMAIN_ID));
        provided.project_id = env.get(ENV_PROJECT_ID);
        provided.iam_endpoint = iam_endpoint;
        Ok(provided)
    }
}

/// The message of a configuration error, without its "configuration error: " prefix.
fn config_message(error: crate::Error) -> String {
    match error {
        crate::Error::Config(message) => message,
        other => other.to_string(),
    }
}

impl ProvideCredentials for EnvProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.lookup(None))
    }

    fn provide_credentials_through<'a>(&'a self, http: &'a reqwest::Client) -> ProvideFuture<'a> {
        Box::pin(self.lookup(Some(http)))
    }
}
