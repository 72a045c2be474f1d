//! Configuration from the official SDKs' environment variables (read through a lookup, so
//! the process environment is never touched) and endpoint resolution by region.

mod common;

use std::collections::HashMap;

use common::*;
use huaweicloud_sdk_core::{
    Config, ConfigBuilder, Credentials, Error, ServiceClient, ServiceInfo, override_variable,
};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

/// A service with two regions, to see how errors list them.
static TWO_REGIONS: ServiceInfo = ServiceInfo {
    name: "demo-two",
    sdk: "huaweicloud-sdk-demo-two/0.0.0",
    endpoints: &[
        ("ap-southeast-3", "https://demo.ap-southeast-3.example.com"),
        ("cn-north-4", "https://demo.cn-north-4.example.com/"),
    ],
};

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

fn config_error(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::Config(message)) => message,
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

#[test]
fn credentials_from_ak_and_sk() {
    let credentials = Credentials::from_lookup(env(&[
        ("HUAWEICLOUD_SDK_AK", AK),
        ("HUAWEICLOUD_SDK_SK", SK),
    ]))
    .expect("valid environment");
    assert_eq!(credentials, Some(Credentials::access_key(AK, SK)));
}

#[test]
fn credentials_from_ak_sk_security_token_and_domain_id() {
    let credentials = Credentials::from_lookup(env(&[
        ("HUAWEICLOUD_SDK_AK", AK),
        ("HUAWEICLOUD_SDK_SK", SK),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN),
        ("HUAWEICLOUD_SDK_DOMAIN_ID", "d1"),
    ]))
    .expect("valid environment");
    assert_eq!(
        credentials,
        Some(Credentials::temporary(AK, SK, SECURITY_TOKEN).with_domain_id("d1"))
    );
}

#[test]
fn no_access_key_means_no_credentials_and_blank_values_count_as_unset() {
    assert_eq!(Credentials::from_lookup(env(&[])).expect("valid"), None);
    assert_eq!(
        Credentials::from_lookup(env(&[
            ("HUAWEICLOUD_SDK_AK", " "),
            ("HUAWEICLOUD_SDK_SK", ""),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN),
        ]))
        .expect("valid"),
        None
    );
    // A blank security token or domain id is ignored too.
    assert_eq!(
        Credentials::from_lookup(env(&[
            ("HUAWEICLOUD_SDK_AK", AK),
            ("HUAWEICLOUD_SDK_SK", SK),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "  "),
            ("HUAWEICLOUD_SDK_DOMAIN_ID", ""),
        ]))
        .expect("valid"),
        Some(Credentials::access_key(AK, SK))
    );
}

#[test]
fn half_an_access_key_pair_is_a_config_error_that_shows_no_secret() {
    let message = config_error(Credentials::from_lookup(env(&[("HUAWEICLOUD_SDK_AK", AK)])));
    assert_eq!(
        message,
        "HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not"
    );
    let error = Credentials::from_lookup(env(&[("HUAWEICLOUD_SDK_SK", SK)])).unwrap_err();
    assert_eq!(
        error.to_string(),
        "configuration error: HUAWEICLOUD_SDK_SK is set but HUAWEICLOUD_SDK_AK is not"
    );
    assert!(!format!("{error} {error:?}").contains(SK));
    let message = config_error(ConfigBuilder::from_lookup(env(&[(
        "HUAWEICLOUD_SDK_SK",
        SK,
    )])));
    assert!(message.contains("HUAWEICLOUD_SDK_AK"), "{message}");
}

#[test]
fn config_builder_from_lookup_reads_credentials_and_project_id() {
    let config = ConfigBuilder::from_lookup(env(&[
        ("HUAWEICLOUD_SDK_AK", AK),
        ("HUAWEICLOUD_SDK_SK", SK),
        ("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT_ID),
    ]))
    .expect("valid environment")
    .build();
    assert_eq!(config.project_id(), Some(PROJECT_ID));

    let empty = ConfigBuilder::from_lookup(env(&[("HUAWEICLOUD_SDK_PROJECT_ID", " ")]))
        .expect("valid environment")
        .build();
    assert_eq!(empty.project_id(), None);
}

#[test]
fn values_set_after_from_lookup_win() {
    let config = ConfigBuilder::from_lookup(env(&[("HUAWEICLOUD_SDK_PROJECT_ID", "from-env")]))
        .expect("valid environment")
        .project_id("from-code")
        .build();
    assert_eq!(config.project_id(), Some("from-code"));
}

/// The configuration read from the variables makes the calls it describes.
#[tokio::test]
async fn environment_configuration_drives_the_calls() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(reply(200, &json!({}), "req-env"))
        .mount(&server)
        .await;

    let project = ConfigBuilder::from_lookup(env(&[
        ("HUAWEICLOUD_SDK_AK", AK),
        ("HUAWEICLOUD_SDK_SK", SK),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN),
        ("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT_ID),
    ]))
    .expect("valid environment")
    .endpoint(server.uri())
    .build();
    let client = client(project);
    client
        .send::<serde_json::Value>(show_thing(&client))
        .await
        .expect("call succeeds");

    let global = ConfigBuilder::from_lookup(env(&[
        ("HUAWEICLOUD_SDK_AK", AK),
        ("HUAWEICLOUD_SDK_SK", SK),
        ("HUAWEICLOUD_SDK_DOMAIN_ID", "d1"),
    ]))
    .expect("valid environment")
    .endpoint(server.uri())
    .build();
    let client = common::client(global);
    client
        .send::<serde_json::Value>(huaweicloud_sdk_core::OperationRequest::new(
            "ListThings",
            huaweicloud_sdk_core::Method::Get,
            "/v1/things",
        ))
        .await
        .expect("call succeeds");

    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    let header = |index: usize, name: &str| {
        received[index]
            .headers
            .get(name)
            .map(|value| value.to_str().expect("text").to_owned())
    };
    assert_eq!(received[0].url.path(), THING_PATH);
    assert_eq!(header(0, "x-project-id").as_deref(), Some(PROJECT_ID));
    assert_eq!(
        header(0, "x-security-token").as_deref(),
        Some(SECURITY_TOKEN)
    );
    assert!(
        header(0, "authorization")
            .expect("signed")
            .starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, "))
    );
    assert_eq!(header(1, "x-domain-id").as_deref(), Some("d1"));
    assert_eq!(header(1, "x-project-id"), None);
    assert_eq!(header(1, "x-security-token"), None);
}

#[test]
fn override_variable_is_named_like_the_official_sdks() {
    assert_eq!(
        override_variable("coc", "cn-north-4"),
        "HUAWEICLOUD_SDK_REGION_COC_CN_NORTH_4"
    );
    assert_eq!(
        override_variable("demo-two", "ap-southeast-3"),
        "HUAWEICLOUD_SDK_REGION_DEMO_TWO_AP_SOUTHEAST_3"
    );
}

#[test]
fn region_resolves_to_the_table_endpoint() {
    let client = ServiceClient::new(
        &SERVICE,
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .region("cn-north-4")
            .build(),
    )
    .expect("known region");
    assert_eq!(client.base_url(), "https://demo.cn-north-4.example.com");
    assert_eq!(client.config().region(), Some("cn-north-4"));
    assert_eq!(client.config().endpoint(), None);

    let client = ServiceClient::new(
        &TWO_REGIONS,
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .region("ap-southeast-3")
            .build(),
    )
    .expect("known region");
    assert_eq!(client.base_url(), "https://demo.ap-southeast-3.example.com");
    // A table endpoint's trailing slash does not double the path's.
    let client = ServiceClient::new(
        &TWO_REGIONS,
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .region("cn-north-4")
            .build(),
    )
    .expect("known region");
    assert_eq!(client.base_url(), "https://demo.cn-north-4.example.com");
}

#[test]
fn explicit_endpoint_wins_over_the_region() {
    let client = ServiceClient::new(
        &SERVICE,
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .region("cn-north-4")
            .endpoint("http://127.0.0.1:8080/")
            .build(),
    )
    .expect("valid endpoint");
    assert_eq!(client.base_url(), "http://127.0.0.1:8080");
    // An explicit endpoint needs no known region.
    let client = ServiceClient::new(
        &SERVICE,
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .region("mars-1")
            .endpoint("https://demo.example.com:8443")
            .build(),
    )
    .expect("valid endpoint");
    assert_eq!(client.base_url(), "https://demo.example.com:8443");
}

#[test]
fn unknown_region_is_a_config_error_naming_region_known_regions_and_override() {
    let message = config_error(ServiceClient::new(
        &TWO_REGIONS,
        Config::builder().region("mars-1").build(),
    ));
    for expected in [
        "mars-1",
        "demo-two",
        "ap-southeast-3, cn-north-4",
        "HUAWEICLOUD_SDK_REGION_DEMO_TWO_MARS_1",
        "Config::builder().endpoint(..)",
    ] {
        assert!(
            message.contains(expected),
            "{expected} missing in: {message}"
        );
    }
    let error = ServiceClient::new(&SERVICE, Config::builder().region("mars-1").build())
        .expect_err("unknown region");
    let text = error.to_string();
    assert!(text.starts_with("configuration error: "), "{text}");
    assert!(text.contains("`mars-1`"), "{text}");
    assert!(text.contains("cn-north-4"), "{text}");
    assert!(
        text.contains("HUAWEICLOUD_SDK_REGION_DEMO_MARS_1"),
        "{text}"
    );
}

#[test]
fn neither_region_nor_endpoint_is_a_config_error() {
    let message = config_error(ServiceClient::new(&SERVICE, Config::builder().build()));
    assert!(message.contains("demo"), "{message}");
    assert!(message.contains(".region(..)"), "{message}");
    assert!(message.contains(".endpoint(..)"), "{message}");
}

#[test]
fn without_keys_in_the_environment_the_configuration_asks_the_default_chain() {
    let config = ConfigBuilder::from_lookup(env(&[])).expect("valid").build();
    assert!(config.has_credentials());
    // Web identity comes before the environment's keys, so with both the chain decides.
    let both = ConfigBuilder::from_lookup(env(&[
        ("HUAWEICLOUD_SDK_AK", AK),
        ("HUAWEICLOUD_SDK_SK", SK),
        ("HUAWEICLOUD_OIDC_PROVIDER_URN", "urn:p"),
    ]))
    .expect("valid")
    .build();
    assert!(both.has_credentials());
    assert!(!format!("{both:?}").contains("AccessKey"), "{both:?}");
    assert!(!Config::builder().build().has_credentials());
}
