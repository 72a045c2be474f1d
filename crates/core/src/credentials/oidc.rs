//! Temporary keys for an OIDC id token (a Kubernetes service account token, say), the
//! two ways the official SDKs exchange one:
//!
//! - [`IdTokenProvider`]: an identity provider (`idp_id`) configured in IAM and an id
//!   token file: `POST /v3.0/OS-AUTH/id-token/tokens` (header `X-Idp-Id`) gives an
//!   unscoped IAM token in `X-Subject-Token`, and `POST /v3.0/OS-CREDENTIAL/securitytokens`
//!   turns that token into temporary keys.
//! - [`WebIdentityProvider`]: an agency assumed with the token at STS,
//!   `POST /v5/agencies/assume-with-oidc`, configured by the `HUAWEICLOUD_OIDC_*` variables.
//!
//! Neither request is signed: the id token is what authenticates. The token file is read
//! again at every refresh, since the platform rotates it.
//!
//! IAM and STS are public endpoints: asked by a service client, both providers send
//! their requests through its HTTP client, so through the configuration's proxy and
//! with its root certificates (see
//! [`ProvideCredentials::provide_credentials_through`]). Asked on their own, they use a
//! client of their own, which follows the proxy environment variables.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;

use super::ENV_PROJECT_ID;
use super::environment::Environment;
use super::fetch::{self, CredentialHttp, Reply};
use super::provider::{CredentialsError, ProvideCredentials, ProvideFuture, ProvidedCredentials};
use super::reply;

/// The IAM endpoint variable of the official SDKs.
pub const ENV_IAM_ENDPOINT: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
/// The STS endpoint variable of the official SDKs.
pub const ENV_STS_ENDPOINT: &str = "HUAWEICLOUD_SDK_STS_ENDPOINT";
/// IAM's global endpoint, used when neither the configuration nor the environment names one.
pub const DEFAULT_IAM_ENDPOINT: &str = "https://iam.myhuaweicloud.com";
/// The official SDKs' default STS endpoint.
pub const DEFAULT_STS_ENDPOINT: &str = "https://sts.cn-north-4.myhuaweicloud.com";

const ID_TOKEN_PATH: &str = "/v3.0/OS-AUTH/id-token/tokens";
const SECURITY_TOKENS_PATH: &str = "/v3.0/OS-CREDENTIAL/securitytokens";
const ASSUME_WITH_OIDC_PATH: &str = "/v5/agencies/assume-with-oidc";
/// Six hours, as the official SDKs ask for federated keys.
const FEDERATED_DURATION_SECONDS: u64 = 6 * 60 * 60;
/// Each exchange is a quick call to IAM or STS.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(10);

/// An id token file read now: its whole content, trimmed; an absent or empty file fails.
fn read_id_token(path: &PathBuf) -> Result<String, CredentialsError> {
    let content = std::fs::read_to_string(path).map_err(|e| {
        CredentialsError::Failed(format!(
            "could not read the id token file {}: {e}",
            path.display()
        ))
    })?;
    let token = content.trim();
    if token.is_empty() {
        return Err(CredentialsError::Failed(format!(
            "the id token file {} is empty",
            path.display()
        )));
    }
    Ok(token.to_owned())
}

/// The error for a reply with an error status from `service`; its body is IAM's or STS's
/// error object, which names the problem and holds no key.
fn refused(service: &str, what: &str, reply: &Reply, secrets: &[&str]) -> CredentialsError {
    CredentialsError::Failed(format!(
        "{service} refused {what}: HTTP {}: {}",
        reply.status,
        reply.excerpt(secrets)
    ))
}

/// Send `request` (which carries `secrets`) and expect a success status.
async fn exchange(
    service: &str,
    what: &str,
    request: reqwest::RequestBuilder,
    secrets: &[&str],
) -> Result<Reply, CredentialsError> {
    // Set on the request, since a service client's HTTP client has the calls' timeout.
    let request = request.timeout(EXCHANGE_TIMEOUT);
    let reply = fetch::send(request).await.map_err(|e| {
        CredentialsError::Failed(format!("{service} could not be reached for {what}: {e}"))
    })?;
    if !(200..300).contains(&reply.status) {
        return Err(refused(service, what, &reply, secrets));
    }
    Ok(reply)
}

/// Temporary keys for an id token, through an identity provider configured in IAM.
#[derive(Debug)]
pub struct IdTokenProvider {
    idp_id: String,
    id_token_file: PathBuf,
    iam_endpoint: String,
    http: CredentialHttp,
}

impl IdTokenProvider {
    /// Exchange the token in `id_token_file` through identity provider `idp_id` at IAM's
    /// `iam_endpoint`.
    pub fn new(
        idp_id: impl Into<String>,
        id_token_file: impl Into<PathBuf>,
        iam_endpoint: impl Into<String>,
    ) -> Self {
        IdTokenProvider {
            idp_id: idp_id.into(),
            id_token_file: id_token_file.into(),
            iam_endpoint: iam_endpoint.into().trim_end_matches('/').to_owned(),
            http: CredentialHttp::new(EXCHANGE_TIMEOUT, false),
        }
    }

    async fn lookup(
        &self,
        http: Option<&reqwest::Client>,
    ) -> Result<ProvidedCredentials, CredentialsError> {
        let id_token = read_id_token(&self.id_token_file)?;
        let client = self.http.client_or(http)?;
        let what = format!("the id token of identity provider `{}`", self.idp_id);
        let reply = exchange(
            "IAM",
            &what,
            fetch::with_json(
                client
                    .post(format!("{}{ID_TOKEN_PATH}", self.iam_endpoint))
                    .header("X-Idp-Id", &self.idp_id),
                &json!({"auth": {"id_token": {"id": id_token}}}),
            ),
            &[&id_token],
        )
        .await?;
        let token = reply
            .header("X-Subject-Token")
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                CredentialsError::Failed(format!("IAM accepted {what} but sent no X-Subject-Token"))
            })?
            .to_owned();
        let reply = exchange(
            "IAM",
            "the token of the federated user for temporary keys",
            fetch::with_json(
                client.post(format!("{}{SECURITY_TOKENS_PATH}", self.iam_endpoint)),
                &json!({"auth": {"identity": {
                    "methods": ["token"],
                    "token": {"id": token, "duration_seconds": FEDERATED_DURATION_SECONDS},
                }}}),
            ),
            &[&id_token, &token],
        )
        .await?;
        reply::temporary_keys("IAM", &reply.body)
    }
}

impl ProvideCredentials for IdTokenProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.lookup(None))
    }

    fn provide_credentials_through<'a>(&'a self, http: &'a reqwest::Client) -> ProvideFuture<'a> {
        Box::pin(self.lookup(Some(http)))
    }
}

/// The `HUAWEICLOUD_OIDC_*` variables of the official SDKs.
pub mod env {
    /// The URN of the OIDC identity provider (required).
    pub const PROVIDER_URN: &str = "HUAWEICLOUD_OIDC_PROVIDER_URN";
    /// The URN of the agency to assume (required).
    pub const AGENCY_URN: &str = "HUAWEICLOUD_OIDC_AGENCY_URN";
    /// The id token itself.
    pub const ID_TOKEN: &str = "HUAWEICLOUD_OIDC_ID_TOKEN";
    /// A file holding the id token, read at each refresh.
    pub const TOKEN_FILE: &str = "HUAWEICLOUD_OIDC_TOKEN_FILE";
    /// The session name (default `oidc-sts-session`).
    pub const SESSION_NAME: &str = "HUAWEICLOUD_OIDC_SESSION_NAME";
    /// How long the keys last, in seconds (default 3600).
    pub const DURATION_SECONDS: &str = "HUAWEICLOUD_OIDC_DURATION_SECONDS";
    /// A session policy, as JSON text.
    pub const POLICY: &str = "HUAWEICLOUD_OIDC_POLICY";
    /// Comma-separated ids of session policies.
    pub const POLICY_IDS: &str = "HUAWEICLOUD_OIDC_POLICY_IDS";
}

/// Where the id token comes from.
#[derive(Debug)]
enum IdToken {
    /// Given as a value (it is a secret, so it is never shown).
    Value(super::Secret),
    File(PathBuf),
}

/// Temporary keys of an agency assumed with an OIDC id token at STS.
#[derive(Debug)]
pub struct WebIdentityProvider {
    provider_urn: String,
    agency_urn: String,
    id_token: IdToken,
    session_name: String,
    duration_seconds: u64,
    policy: Option<String>,
    policy_ids: Vec<String>,
    sts_endpoint: String,
    project_id: Option<String>,
    http: CredentialHttp,
}

impl WebIdentityProvider {
    /// The provider the `HUAWEICLOUD_OIDC_*` variables describe; not found when
    /// `HUAWEICLOUD_OIDC_PROVIDER_URN` is unset, failed when it is set but the rest is
    /// incomplete.
    pub fn from_environment(env: &Environment) -> Result<Self, CredentialsError> {
        let Some(provider_urn) = env.get(env::PROVIDER_URN) else {
            return Err(CredentialsError::NotFound(format!(
                "{} is not set",
                env::PROVIDER_URN
            )));
        };
        let agency_urn = env.get(env::AGENCY_URN).ok_or_else(|| {
            CredentialsError::Failed(format!(
                "{} is set but {} is not",
                env::PROVIDER_URN,
                env::AGENCY_URN
            ))
        })?;
        let id_token = match (env.get(env::ID_TOKEN), env.get(env::TOKEN_FILE)) {
            (Some(token), _) => IdToken::Value(super::Secret::new(token)),
            (None, Some(file)) => IdToken::File(file.into()),
            (None, None) => {
                return Err(CredentialsError::Failed(format!(
                    "{} is set but neither {} nor {} is",
                    env::PROVIDER_URN,
                    env::ID_TOKEN,
                    env::TOKEN_FILE
                )));
            }
        };
        let duration_seconds = match env.get(env::DURATION_SECONDS) {
            None => 3600,
            Some(text) => text.parse().map_err(|_| {
                CredentialsError::Failed(format!(
                    "{} must be a number of seconds, not `{text}`",
                    env::DURATION_SECONDS
                ))
            })?,
        };
        Ok(WebIdentityProvider {
            provider_urn,
            agency_urn,
            id_token,
            session_name: env
                .get(env::SESSION_NAME)
                .unwrap_or_else(|| "oidc-sts-session".to_owned()),
            duration_seconds,
            policy: env.get(env::POLICY),
            policy_ids: env
                .get(env::POLICY_IDS)
                .map(|ids| {
                    ids.split(',')
                        .map(str::trim)
                        .filter(|id| !id.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            sts_endpoint: env
                .get(ENV_STS_ENDPOINT)
                .unwrap_or_else(|| DEFAULT_STS_ENDPOINT.to_owned())
                .trim_end_matches('/')
                .to_owned(),
            project_id: env.get(ENV_PROJECT_ID),
            http: CredentialHttp::new(EXCHANGE_TIMEOUT, false),
        })
    }

    async fn lookup(
        &self,
        http: Option<&reqwest::Client>,
    ) -> Result<ProvidedCredentials, CredentialsError> {
        let id_token = match &self.id_token {
            IdToken::Value(token) => token.expose().to_owned(),
            IdToken::File(path) => read_id_token(path)?,
        };
        let client = self.http.client_or(http)?;
        let mut body = json!({
            "provider_urn": self.provider_urn,
            "agency_urn": self.agency_urn,
            "agency_session_name": self.session_name,
            "id_token": id_token,
            "duration_seconds": self.duration_seconds,
        });
        if let Some(policy) = &self.policy {
            body["policy"] = json!(policy);
        }
        if !self.policy_ids.is_empty() {
            body["policy_ids"] = json!(self.policy_ids);
        }
        let reply = exchange(
            "STS",
            &format!("the id token for agency `{}`", self.agency_urn),
            fetch::with_json(
                client.post(format!("{}{ASSUME_WITH_OIDC_PATH}", self.sts_endpoint)),
                &body,
            ),
            &[&id_token],
        )
        .await?;
        let mut provided = reply::temporary_keys("STS", &reply.body)?;
        provided.project_id = self.project_id.clone();
        Ok(provided)
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.lookup(None))
    }

    fn provide_credentials_through<'a>(&'a self, http: &'a reqwest::Client) -> ProvideFuture<'a> {
        Box::pin(self.lookup(Some(http)))
    }
}
