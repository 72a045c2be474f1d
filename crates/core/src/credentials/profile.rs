//! Credentials from the official SDKs' profile file: `HUAWEICLOUD_SDK_CREDENTIALS_FILE`,
//! else `~/.huaweicloud/credentials`, an INI file with a `[basic]` section (regional
//! services) and a `[global]` one (global services):
//!
//! ```ini
//! [basic]
//! ak = AK...
//! sk = ...
//! project_id = 0123...      ; optional, else looked up at IAM
//!
//! [global]
//! idp_id = my-idp           ; an id token exchanged at IAM instead of a key
//! id_token_file = /var/run/secrets/token
//! domain_id = 4567...
//! ```
//!
//! Keys: `ak`, `sk`, `security_token`, `project_id` (basic), `domain_id` (global),
//! `iam_endpoint`, `idp_id`, `id_token_file`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Credentials;
use super::environment::Environment;
use super::oidc::{DEFAULT_IAM_ENDPOINT, ENV_IAM_ENDPOINT, IdTokenProvider};
use super::provider::{
    CredentialsError, CredentialsKind, ProvideCredentials, ProvideFuture, ProvidedCredentials, ask,
};

/// The variable naming the profile file.
pub const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

/// Credentials from a profile file.
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    path: Option<PathBuf>,
    kind: CredentialsKind,
    env: Environment,
}

impl ProfileProvider {
    /// The file `HUAWEICLOUD_SDK_CREDENTIALS_FILE` names, else `~/.huaweicloud/credentials`
    /// (`HOME`, or `USERPROFILE` on Windows), read for credentials of `kind`.
    pub fn from_environment(env: Environment, kind: CredentialsKind) -> Self {
        let path = env
            .get(ENV_CREDENTIALS_FILE)
            .map(PathBuf::from)
            .or_else(|| {
                env.get("HOME")
                    .or_else(|| env.get("USERPROFILE"))
                    .map(|home| Path::new(&home).join(".huaweicloud").join("credentials"))
            });
        ProfileProvider { path, kind, env }
    }

    /// The file at `path`, read for credentials of `kind`.
    pub fn new(path: impl Into<PathBuf>, kind: CredentialsKind) -> Self {
        ProfileProvider {
            path: Some(path.into()),
            kind,
            env: Environment::from_lookup(|_| None),
        }
    }

    async fn lookup(
        &self,
        http: Option<&reqwest::Client>,
    ) -> Result<ProvidedCredentials, CredentialsError> {
        let Some(path) = &self.path else {
            return Err(CredentialsError::NotFound(format!(
                "{ENV_CREDENTIALS_FILE} is not set and there is no home directory"
            )));
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CredentialsError::NotFound(format!(
                    "no profile file at {}",
                    path.display()
                )));
            }
            Err(e) => {
                return Err(CredentialsError::Failed(format!(
                    "could not read the profile file {}: {e}",
                    path.display()
                )));
            }
        };
        let sections = parse_ini(&text).map_err(|(line, why)| {
            CredentialsError::Failed(format!("{}:{line}: {why}", path.display()))
        })?;
        let section_name = self.kind.section();
        let Some(section) = sections.get(section_name) else {
            return Err(CredentialsError::NotFound(format!(
                "the profile file {} has no [{section_name}] section",
                path.display()
            )));
        };
        let get = |key: &str| section.get(key).cloned().filter(|value| !value.is_empty());
        let where_ = || format!("[{section_name}] of {}", path.display());
        let iam_endpoint = get("iam_endpoint");
        let mut provided = match (get("idp_id"), get("id_token_file"), get("ak"), get("sk")) {
            (Some(idp_id), Some(file), _, _) => {
                let endpoint = iam_endpoint
                    .clone()
                    .or_else(|| self.env.get(ENV_IAM_ENDPOINT))
                    .unwrap_or_else(|| DEFAULT_IAM_ENDPOINT.to_owned());
                ask(&IdTokenProvider::new(idp_id, file, endpoint), http).await?
            }
            (Some(_), None, _, _) | (None, Some(_), _, _) => {
                return Err(CredentialsError::Failed(format!(
                    "{} sets only one of idp_id and id_token_file, which go together",
                    where_()
                )));
            }
            (None, None, Some(ak), Some(sk)) => {
                ProvidedCredentials::new(match get("security_token") {
                    Some(token) => Credentials::temporary(ak, sk, token),
                    None => Credentials::access_key(ak, sk),
                })
            }
            (None, None, Some(_), None) | (None, None, None, Some(_)) => {
                return Err(CredentialsError::Failed(format!(
                    "{} sets only one of ak and sk, which go together",
                    where_()
                )));
            }
            (None, None, None, None) => {
                return Err(CredentialsError::NotFound(format!(
                    "{} has neither ak and sk nor idp_id and id_token_file",
                    where_()
                )));
            }
        };
        let domain_id = match self.kind {
            CredentialsKind::Global => get("domain_id"),
            CredentialsKind::Basic => None,
        };
        provided.credentials = self.kind.scope(provided.credentials, domain_id);
        if self.kind == CredentialsKind::Basic {
            provided.project_id = get("project_id");
        }
        provided.iam_endpoint = iam_endpoint;
        Ok(provided)
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.lookup(None))
    }

    fn provide_credentials_through<'a>(&'a self, http: &'a reqwest::Client) -> ProvideFuture<'a> {
        Box::pin(self.lookup(Some(http)))
    }
}

type Sections = HashMap<String, HashMap<String, String>>;

/// The INI subset the official SDKs' files use: `[section]` lines, `key = value` (or
/// `key: value`) lines, and `#` or `;` comment lines. Section and key names are matched
/// without regard to case, as Python's configparser does. A failure names its line.
fn parse_ini(text: &str) -> Result<Sections, (usize, String)> {
    let mut sections = Sections::new();
    let mut current: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let number = index + 1;
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .ok_or_else(|| (number, "a section header must end with `]`".to_owned()))?;
            let name = name.trim().to_ascii_lowercase();
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        let Some((key, value)) = line.split_once('=').or_else(|| line.split_once(':')) else {
            return Err((number, "expected `key = value`".to_owned()));
        };
        let Some(section) = &current else {
            return Err((number, "a key before any [section]".to_owned()));
        };
        sections
            .entry(section.clone())
            .or_default()
            .insert(key.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    Ok(sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keys_and_comments() {
        let sections =
            parse_ini("# a comment\n[Basic]\nAK = a\nsk: b\n; another\n\n[global]\ndomain_id=d\n")
                .unwrap();
        assert_eq!(sections["basic"]["ak"], "a");
        assert_eq!(sections["basic"]["sk"], "b");
        assert_eq!(sections["global"]["domain_id"], "d");
    }

    #[test]
    fn malformed_lines_are_located_without_their_text() {
        assert_eq!(
            parse_ini("[basic]\nak a-secret-value\n").unwrap_err(),
            (2, "expected `key = value`".to_owned())
        );
        assert_eq!(
            parse_ini("ak = a\n").unwrap_err(),
            (1, "a key before any [section]".to_owned())
        );
        assert_eq!(
            parse_ini("[basic\n").unwrap_err(),
            (1, "a section header must end with `]`".to_owned())
        );
    }
}
