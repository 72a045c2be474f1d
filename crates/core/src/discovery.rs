//! The project id of a region, or the account (domain) id of an access key, looked up at
//! IAM when the configuration does not give it, as the official SDKs do:
//! `GET /v3/projects?name=<region>` (Keystone's list of projects, filtered by the region's
//! name) and `GET /v3/auth/domains`, both signed with the access key. Each is asked once
//! per configuration and kept (single flight: concurrent calls wait for the one lookup).

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Deserialize;

use crate::credentials::AccessKey;
use crate::credentials::fetch;
use crate::error::Error;
use crate::signer::{self, SigningRequest};

/// The ids found so far, shared by the clients of one configuration.
#[derive(Debug, Default)]
pub(crate) struct Discovered {
    project_id: tokio::sync::OnceCell<String>,
    domain_id: tokio::sync::OnceCell<String>,
}

/// IAM at `endpoint`, called with `key`.
pub(crate) struct Iam<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) endpoint: &'a str,
    pub(crate) key: &'a AccessKey,
}

#[derive(Deserialize)]
struct Projects {
    projects: Vec<Named>,
}

#[derive(Deserialize)]
struct Domains {
    domains: Vec<Named>,
}

#[derive(Deserialize)]
struct Named {
    id: String,
    #[serde(default)]
    name: String,
}

impl Discovered {
    /// The project id of `region`, looked up once.
    pub(crate) async fn project_id(&self, iam: &Iam<'_>, region: &str) -> Result<String, Error> {
        self.project_id
            .get_or_try_init(|| iam.project_id(region))
            .await
            .cloned()
    }

    /// The account id of the access key, looked up once.
    pub(crate) async fn domain_id(&self, iam: &Iam<'_>) -> Result<String, Error> {
        self.domain_id
            .get_or_try_init(|| iam.domain_id())
            .await
            .cloned()
    }
}

impl Iam<'_> {
    async fn project_id(&self, region: &str) -> Result<String, Error> {
        let failed = |why: String| {
            Error::Config(format!(
                "could not look up the project id of region `{region}` at IAM {}: {why}; \
                 set it with Config::builder().project_id(..) or HUAWEICLOUD_SDK_PROJECT_ID",
                self.endpoint
            ))
        };
        let (body, trace_id) = self
            .get("/v3/projects", &[("name".to_owned(), region.to_owned())])
            .await
            .map_err(failed)?;
        let projects: Projects = serde_json::from_slice(&body)
            .map_err(|e| failed(format!("the reply is not a list of projects ({e})")))?;
        match projects.projects.as_slice() {
            [project] => {
                tracing::info!(region, "project id found at IAM");
                Ok(project.id.clone())
            }
            [] => Err(failed(format!(
                "the account has no project named `{region}` (X-IAM-Trace-Id {trace_id})"
            ))),
            several => Err(failed(format!(
                "several projects are named `{region}` ({}; X-IAM-Trace-Id {trace_id}), pick one",
                several
                    .iter()
                    .map(|project| format!("{} `{}`", project.id, project.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    async fn domain_id(&self) -> Result<String, Error> {
        let failed = |why: String| {
            Error::Config(format!(
                "could not look up the account (domain) id at IAM {}: {why}; \
                 set it with Credentials::with_domain_id(..) or HUAWEICLOUD_SDK_DOMAIN_ID",
                self.endpoint
            ))
        };
        let (body, trace_id) = self.get("/v3/auth/domains", &[]).await.map_err(failed)?;
        let domains: Domains = serde_json::from_slice(&body)
            .map_err(|e| failed(format!("the reply is not a list of domains ({e})")))?;
        match domains.domains.first() {
            Some(domain) => Ok(domain.id.clone()),
            None => Err(failed(format!(
                "IAM listed no domain (X-IAM-Trace-Id {trace_id}); the key may lack the \
                 iam:users:getUser permission"
            ))),
        }
    }

    /// A signed GET; the body and the `X-IAM-Trace-Id` of a success reply, else why not.
    async fn get(
        &self,
        path: &str,
        query: &[(String, String)],
    ) -> Result<(Vec<u8>, String), String> {
        let url = reqwest::Url::parse(&format!("{}{path}", self.endpoint.trim_end_matches('/')))
            .map_err(|e| format!("the IAM endpoint is not a valid URL ({e})"))?;
        let host = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => return Err("the IAM endpoint has no host".to_owned()),
        };
        let mut headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        if let Some(token) = &self.key.security_token {
            headers.push(("X-Security-Token".to_owned(), token.expose().to_owned()));
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        let signature = signer::sign(
            &SigningRequest {
                method: "GET",
                host: &host,
                path: url.path(),
                query,
                headers: &headers,
                body: b"",
            },
            self.key.access_key.expose(),
            self.key.secret_key.expose(),
            &signer::format_sdk_date(now),
        );
        headers.extend(
            signature
                .added_headers
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value)),
        );
        let mut url = url;
        url.set_query(signature.uri.split_once('?').map(|(_, query)| query));
        let mut request = self.http.get(url);
        for (name, value) in &headers {
            request = request.header(name, value);
        }
        let reply = fetch::send(request)
            .await
            .map_err(|e| format!("IAM could not be asked: {e}"))?;
        let trace_id = reply.header("X-IAM-Trace-Id").unwrap_or("none").to_owned();
        if reply.status != 200 {
            let (code, message) =
                crate::error_body::parse(reply.status, &String::from_utf8_lossy(&reply.body));
            return Err(format!(
                "IAM answered HTTP {}, error code {code}: {message} (X-IAM-Trace-Id {trace_id})",
                reply.status
            ));
        }
        Ok((reply.body, trace_id))
    }
}
