//! Which base URL a service client calls.

use crate::{Config, Error};

/// What a generated crate tells the runtime about its service.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The service's short name (e.g. `secmaster`), used in messages and the User-Agent.
    pub name: &'static str,
    /// The service crate's name and version (`huaweicloud-sdk-coc/0.1.0`), for the User-Agent.
    pub sdk: &'static str,
    /// Region id to endpoint, sorted by region id.
    pub endpoints: &'static [(&'static str, &'static str)],
}

impl ServiceInfo {
    /// The endpoint documented for a region.
    pub fn endpoint_for(&self, region: &str) -> Option<&'static str> {
        self.endpoints
            .binary_search_by(|(known, _)| (*known).cmp(region))
            .ok()
            .map(|index| self.endpoints[index].1)
    }
}

/// The explicit endpoint if set, else the region's; the base URL has no trailing `/`.
pub(crate) fn resolve(service: &ServiceInfo, config: &Config) -> Result<String, Error> {
    if let Some(endpoint) = config.endpoint() {
        return Ok(endpoint.trim_end_matches('/').to_owned());
    }
    let Some(region) = config.region() else {
        return Err(Error::Config(format!(
            "no endpoint for {}: set Config::builder().region(..) or .endpoint(..)",
            service.name
        )));
    };
    service
        .endpoint_for(region)
        .map(str::to_owned)
        .ok_or_else(|| {
            let known: Vec<&str> = service
                .endpoints
                .iter()
                .map(|(region, _)| *region)
                .collect();
            Error::Config(format!(
                "unknown region `{region}` for {}; known regions: {}",
                service.name,
                known.join(", ")
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICE: ServiceInfo = ServiceInfo {
        name: "coc",
        sdk: "huaweicloud-sdk-coc/0.0.0",
        endpoints: &[
            ("ap-southeast-3", "https://coc-intl.myhuaweicloud.com"),
            ("cn-north-4", "https://coc.myhuaweicloud.com"),
        ],
    };

    #[test]
    fn region_resolves_to_its_endpoint() {
        let config = Config::builder().region("cn-north-4").build();
        assert_eq!(
            resolve(&SERVICE, &config).unwrap(),
            "https://coc.myhuaweicloud.com"
        );
    }

    #[test]
    fn explicit_endpoint_wins_and_loses_its_trailing_slash() {
        let config = Config::builder()
            .region("cn-north-4")
            .endpoint("http://127.0.0.1:8080/")
            .build();
        assert_eq!(resolve(&SERVICE, &config).unwrap(), "http://127.0.0.1:8080");
    }

    #[test]
    fn unknown_region_names_the_known_ones() {
        let config = Config::builder().region("mars-1").build();
        let message = resolve(&SERVICE, &config).unwrap_err().to_string();
        assert!(
            message.contains("unknown region `mars-1` for coc"),
            "{message}"
        );
        assert!(message.contains("ap-southeast-3, cn-north-4"), "{message}");
    }
}
