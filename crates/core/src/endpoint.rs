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

/// The environment variable that overrides `service`'s endpoint in `region`, as the
/// official SDKs name it: `HUAWEICLOUD_SDK_REGION_COC_CN_NORTH_4`.
pub fn override_variable(service: &str, region: &str) -> String {
    format!(
        "HUAWEICLOUD_SDK_REGION_{}_{}",
        service.to_ascii_uppercase().replace('-', "_"),
        region.to_ascii_uppercase().replace('-', "_")
    )
}

/// The base URL calls go to, without a trailing `/`: the explicit endpoint, else the
/// region's endpoint from the environment override, else from the documented table.
pub(crate) fn resolve(
    service: &ServiceInfo,
    config: &Config,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<String, Error> {
    if let Some(endpoint) = config.endpoint() {
        return Ok(endpoint.trim_end_matches('/').to_owned());
    }
    let Some(region) = config.region() else {
        return Err(Error::Config(format!(
            "no endpoint for {}: set Config::builder().region(..) or .endpoint(..)",
            service.name
        )));
    };
    let variable = override_variable(service.name, region);
    if let Some(endpoint) = lookup(&variable).filter(|value| !value.trim().is_empty()) {
        return Ok(endpoint.trim().trim_end_matches('/').to_owned());
    }
    service.endpoint_for(region).map(str::to_owned).ok_or_else(|| {
        let known: Vec<&str> = service.endpoints.iter().map(|(region, _)| *region).collect();
        Error::Config(format!(
            "unknown region `{region}` for {}; known regions: {} (or set {variable}, or Config::builder().endpoint(..))",
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

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn environment_overrides_the_region_table_but_not_an_explicit_endpoint() {
        let env = |name: &str| {
            (name == "HUAWEICLOUD_SDK_REGION_COC_CN_NORTH_4")
                .then(|| "https://coc.internal/".to_owned())
        };
        let config = Config::builder().region("cn-north-4").build();
        assert_eq!(
            resolve(&SERVICE, &config, env).unwrap(),
            "https://coc.internal"
        );
        let explicit = Config::builder()
            .region("cn-north-4")
            .endpoint("http://127.0.0.1:1")
            .build();
        assert_eq!(
            resolve(&SERVICE, &explicit, env).unwrap(),
            "http://127.0.0.1:1"
        );
    }

    #[test]
    fn environment_override_reaches_regions_missing_from_the_table() {
        let env = |name: &str| {
            (name == "HUAWEICLOUD_SDK_REGION_COC_LA_SOUTH_2").then(|| "https://coc.la".to_owned())
        };
        let config = Config::builder().region("la-south-2").build();
        assert_eq!(resolve(&SERVICE, &config, env).unwrap(), "https://coc.la");
    }

    #[test]
    fn region_resolves_to_its_endpoint() {
        let config = Config::builder().region("cn-north-4").build();
        assert_eq!(
            resolve(&SERVICE, &config, no_env).unwrap(),
            "https://coc.myhuaweicloud.com"
        );
    }

    #[test]
    fn explicit_endpoint_wins_and_loses_its_trailing_slash() {
        let config = Config::builder()
            .region("cn-north-4")
            .endpoint("http://127.0.0.1:8080/")
            .build();
        assert_eq!(
            resolve(&SERVICE, &config, no_env).unwrap(),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn unknown_region_names_the_known_ones() {
        let config = Config::builder().region("mars-1").build();
        let message = resolve(&SERVICE, &config, no_env).unwrap_err().to_string();
        assert!(
            message.contains("unknown region `mars-1` for coc"),
            "{message}"
        );
        assert!(message.contains("ap-southeast-3, cn-north-4"), "{message}");
    }
}
