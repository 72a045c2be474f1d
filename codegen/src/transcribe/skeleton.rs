//! The spec of a service that has none yet: `info`, a server per region, the token
//! security scheme and the service's tag, and no operation (`paths: {}`). It lowers on
//! its own; [`super::insert`] adds the operations.
//!
//! The servers come from the project's endpoint table (`specs/endpoints.json`: service,
//! region, URL, as the official SDKs' region lists give them). A service the table does
//! not list gets the usual `https://<service>.<region>.myhuaweicloud.com` host in every
//! region the table knows, and a `REVIEW:` deviation on `info` saying so, which
//! `cargo xtask lint` refuses until a maintainer has checked the hosts.

use std::collections::BTreeMap;

use super::yaml_text;

/// Region endpoints by service: `{"ecs": {"cn-north-4": "https://..."}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    services: BTreeMap<String, BTreeMap<String, String>>,
}

impl Endpoints {
    /// Read the table's JSON text; the error says what is malformed.
    pub fn read(json: &str) -> Result<Endpoints, String> {
        let services: BTreeMap<String, BTreeMap<String, String>> = serde_json::from_str(json)
            .map_err(|e| {
                format!("not a table of service -> region -> URL (`{{\"ecs\": {{\"cn-north-4\": \"https://...\"}}}}`): {e}")
            })?;
        for (service, regions) in &services {
            for (region, url) in regions {
                if !url.starts_with("https://") {
                    return Err(format!(
                        "{service}/{region}: `{url}` is not an https:// URL"
                    ));
                }
            }
        }
        Ok(Endpoints { services })
    }

    /// The servers of `service`: the table's, or the usual hosts in every region the
    /// table knows when it does not list the service.
    pub fn servers(&self, service: &str) -> Servers {
        if let Some(regions) = self.services.get(service) {
            return Servers {
                servers: regions
                    .iter()
                    .map(|(region, url)| (region.clone(), url.trim_end_matches('/').to_owned()))
                    .collect(),
                usual: false,
            };
        }
        let mut regions: Vec<String> = self
            .services
            .values()
            .flat_map(BTreeMap::keys)
            .cloned()
            .collect();
        regions.sort();
        regions.dedup();
        if regions.is_empty() {
            regions.push("cn-north-4".to_owned());
        }
        Servers {
            servers: regions
                .into_iter()
                .map(|region| {
                    let url = format!("https://{service}.{region}.myhuaweicloud.com");
                    (region, url)
                })
                .collect(),
            usual: true,
        }
    }
}

/// The servers of a new spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Servers {
    /// `(region, url)`, sorted by region.
    pub servers: Vec<(String, String)>,
    /// The service is in no table: the hosts follow the usual pattern and must be
    /// reviewed.
    pub usual: bool,
}

/// What a new spec says of its service.
#[derive(Debug, Clone)]
pub struct NewSpec<'a> {
    /// The service (`ecs`): the spec's file stem, the tag, the host prefix.
    pub service: &'a str,
    /// The API version for `info.version` (`v2`).
    pub version: &'a str,
    /// Its servers.
    pub servers: &'a Servers,
}

/// The text of the new spec, in the layout of `specs/CONVENTIONS.md`.
pub fn skeleton(spec: &NewSpec<'_>) -> String {
    let title = spec.service.to_ascii_uppercase();
    let scalar = yaml_text::scalar_str;
    let mut out = String::from("openapi: 3.0.3\ninfo:\n");
    out.push_str(&format!("  title: {}\n", scalar(&title)));
    out.push_str(&format!("  version: {}\n", scalar(spec.version)));
    out.push_str("  x-crate-version: 0.1.0\n");
    out.push_str(&format!(
        "  description: {}\n",
        scalar(&format!(
            "{title} API, transcribed from the pages of its API reference with `cargo xtask transcribe`; the pages are kept in specs/pages/{}/.",
            spec.service
        ))
    ));
    if spec.servers.usual {
        out.push_str(&format!(
            "  x-doc-deviation: {}\n",
            scalar(&format!(
                "REVIEW: {} is in no endpoint table (specs/endpoints.json), so the servers are the usual https://{}.<region>.myhuaweicloud.com hosts in every region the table knows; check them against the service's endpoint page and the official SDKs' region list, and add the service to the table.",
                spec.service, spec.service
            ))
        ));
    }
    out.push_str("servers:\n");
    for (region, url) in &spec.servers.servers {
        out.push_str(&format!("  - url: {}\n", scalar(url)));
        out.push_str(&format!(
            "    description: {}\n",
            scalar(&format!("{title} endpoint in {region}"))
        ));
        out.push_str(&format!("    x-region: {}\n", scalar(region)));
    }
    out.push_str("security:\n  - token: []\n");
    out.push_str(&format!(
        "tags:\n  - name: {}\n    description: {}\n",
        scalar(spec.service),
        scalar(&format!("{title} operations."))
    ));
    out.push_str("paths: {}\n");
    out.push_str(
        "components:\n  securitySchemes:\n    token:\n      type: apiKey\n      in: header\n      name: X-Auth-Token\n      description: User token obtained from IAM.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SpecInput;

    const TABLE: &str = r#"{
        "ecs": {"cn-north-4": "https://ecs.cn-north-4.myhuaweicloud.com", "ap-southeast-1": "https://ecs.ap-southeast-1.myhuaweicloud.com/"},
        "iam": {"eu-west-101": "https://iam.eu-west-101.myhuaweicloud.eu"}
    }"#;

    fn lowered(service: &str, text: &str) -> crate::ir::Service {
        crate::lower(&SpecInput {
            service,
            path: &format!("specs/{service}.yaml"),
            text,
        })
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn a_listed_service_gets_the_table_s_servers_and_lowers_without_operations() {
        let endpoints = Endpoints::read(TABLE).unwrap();
        let servers = endpoints.servers("ecs");
        assert!(!servers.usual);
        let text = skeleton(&NewSpec {
            service: "ecs",
            version: "v2.1",
            servers: &servers,
        });
        let service = lowered("ecs", &text);
        assert!(service.operations.is_empty());
        let endpoints: Vec<(&str, &str)> = service
            .endpoints
            .iter()
            .map(|endpoint| (endpoint.region.as_str(), endpoint.url.as_str()))
            .collect();
        assert_eq!(
            endpoints,
            [
                (
                    "ap-southeast-1",
                    "https://ecs.ap-southeast-1.myhuaweicloud.com"
                ),
                ("cn-north-4", "https://ecs.cn-north-4.myhuaweicloud.com"),
            ]
        );
        assert!(!text.contains("REVIEW"), "{text}");
        assert!(text.contains("  version: v2.1\n"), "{text}");
        assert!(text.contains("paths: {}\n"), "{text}");
        assert!(text.contains("tags:\n  - name: ecs\n"), "{text}");
    }

    #[test]
    fn a_service_in_no_table_gets_the_usual_hosts_marked_for_review() {
        let endpoints = Endpoints::read(TABLE).unwrap();
        let servers = endpoints.servers("dns");
        assert!(servers.usual);
        let regions: Vec<&str> = servers.servers.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(regions, ["ap-southeast-1", "cn-north-4", "eu-west-101"]);
        let text = skeleton(&NewSpec {
            service: "dns",
            version: "v2",
            servers: &servers,
        });
        lowered("dns", &text);
        assert!(
            text.contains("  - url: https://dns.eu-west-101.myhuaweicloud.com\n"),
            "{text}"
        );
        let raw: serde_json::Value =
            serde_json::to_value(crate::yaml::read(&text).unwrap()).unwrap_or_default();
        let reviews = crate::lint::open_reviews(&raw);
        assert_eq!(reviews, 1, "{text}");
    }

    #[test]
    fn a_malformed_table_is_refused_saying_what_it_should_be() {
        assert!(
            Endpoints::read("[1, 2]")
                .unwrap_err()
                .contains("service -> region -> URL")
        );
        assert!(
            Endpoints::read(r#"{"ecs": {"cn-north-4": "http://x"}}"#)
                .unwrap_err()
                .contains("ecs/cn-north-4")
        );
    }
}
