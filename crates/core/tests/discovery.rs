//! Project and domain ids looked up at IAM when the configuration does not give them:
//! once, signed with the access key, an explicit id always winning, opt-out in `Config`.

mod common;

use common::keys::iam_listing;
use common::*;
use huaweicloud_sdk_core::{Config, ConfigBuilder, Credentials, Error, Rule, ServiceClient};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn service() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

/// A client of `service` in cn-north-4 with an access key and no project id, asking `iam`.
fn config_without_project(service: &MockServer, iam: &MockServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(service.uri())
        .region("cn-north-4")
        .iam_endpoint(iam.uri())
        .credentials(Credentials::access_key(AK, SK))
        .retry(fast_retries())
}

async fn call(client: &ServiceClient) -> Result<serde_json::Value, Error> {
    let mut request = huaweicloud_sdk_core::OperationRequest::new(
        "ShowThing",
        huaweicloud_sdk_core::Method::Get,
        "/v1/{project_id}/things/{id}",
    );
    request.path_param("project_id", client.resolve_project_id(None).await?)?;
    request.path_param("id", THING_ID.to_owned())?;
    client
        .send::<serde_json::Value>(request)
        .await
        .map(|reply| reply.into_body())
}

#[tokio::test]
async fn the_project_of_the_region_is_looked_up_once_with_a_signed_request() {
    let service = service().await;
    let iam = iam_listing(json!([{"id": PROJECT_ID, "name": "cn-north-4"}])).await;
    let client = client(config_without_project(&service, &iam).build());
    for _ in 0..3 {
        call(&client).await.expect("call");
    }
    let lookups = requests(&iam).await;
    assert_eq!(lookups.len(), 1);
    let lookup = &lookups[0];
    assert_eq!(lookup.url.query(), Some("name=cn-north-4"));
    let authorization = lookup.headers.get("authorization").expect("signed");
    assert!(
        authorization
            .to_str()
            .expect("text")
            .starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")),
    );
    assert!(lookup.headers.get("x-sdk-date").is_some());
    assert!(lookup.headers.get("x-project-id").is_none());
    for call in requests(&service).await {
        assert_eq!(call.url.path(), THING_PATH);
        assert_eq!(
            call.headers
                .get("x-project-id")
                .and_then(|v| v.to_str().ok()),
            Some(PROJECT_ID)
        );
    }
}

#[tokio::test]
async fn no_project_or_several_are_clear_errors() {
    let service = service().await;
    let none = iam_listing(json!([])).await;
    let error = expect_err(call(&client(config_without_project(&service, &none).build())).await);
    let Error::Config(message) = &error else {
        panic!("a configuration error, got {error:?}");
    };
    assert!(
        message.contains("the account has no project named `cn-north-4` (X-IAM-Trace-Id trace-1)"),
        "{message}"
    );
    assert!(
        message.contains("Config::builder().project_id(..)"),
        "{message}"
    );

    let several = iam_listing(json!([
        {"id": "p1", "name": "cn-north-4"},
        {"id": "p2", "name": "cn-north-4"},
    ]))
    .await;
    let error = expect_err(call(&client(config_without_project(&service, &several).build())).await);
    assert!(
        error
            .to_string()
            .contains("several projects are named `cn-north-4` (p1 `cn-north-4`, p2 `cn-north-4`; X-IAM-Trace-Id trace-1), pick one"),
        "{error}"
    );
    assert!(
        requests(&service).await.is_empty(),
        "nothing was called without a project"
    );
}

#[tokio::test]
async fn iam_refusing_or_a_malformed_reply_is_described_and_asked_again_next_time() {
    let service = service().await;
    let iam = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("X-IAM-Trace-Id", "trace-401")
                .set_body_json(json!({"error": {"code": "APIGW.0301", "message": "Incorrect IAM authentication information"}})),
        )
        .up_to_n_times(1)
        .mount(&iam)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"projects\": 7}"))
        .mount(&iam)
        .await;
    let client = client(config_without_project(&service, &iam).build());
    let error = expect_err(call(&client).await);
    assert!(
        error.to_string().contains(
            "IAM answered HTTP 401, error code APIGW.0301: Incorrect IAM authentication information (X-IAM-Trace-Id trace-401)"
        ),
        "{error}"
    );
    let error = expect_err(call(&client).await);
    assert!(
        error
            .to_string()
            .contains("the reply is not a list of projects"),
        "{error}"
    );
    assert_eq!(requests(&iam).await.len(), 2);
}

#[tokio::test]
async fn an_explicit_project_id_wins_and_discovery_can_be_turned_off() {
    let service = service().await;
    let iam = iam_listing(json!([{"id": "discovered", "name": "cn-north-4"}])).await;
    let explicit = client(
        config_without_project(&service, &iam)
            .project_id(PROJECT_ID)
            .build(),
    );
    call(&explicit).await.expect("call");
    assert!(requests(&iam).await.is_empty());

    let off = client(
        config_without_project(&service, &iam)
            .discover_ids(false)
            .build(),
    );
    let error = expect_err(call(&off).await);
    let Error::InvalidInput(input) = &error else {
        panic!("missing project id, got {error:?}");
    };
    assert_eq!(input.rule, Rule::MissingProjectId);
    assert!(requests(&iam).await.is_empty());
}

#[tokio::test]
async fn a_global_service_gets_the_domain_id_of_the_key_once() {
    let service = service().await;
    let iam = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/auth/domains"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"domains": [{"id": "domain-7", "name": "my-account"}]})),
        )
        .expect(1)
        .mount(&iam)
        .await;
    let client = client_with_iam(&service, &iam);
    for _ in 0..2 {
        list_things(&client).await.expect("call");
    }
    for call in requests(&service).await {
        assert_eq!(
            call.headers
                .get("x-domain-id")
                .and_then(|v| v.to_str().ok()),
            Some("domain-7")
        );
        assert!(call.headers.get("x-project-id").is_none());
    }

    // No domain listed: the error says what to do.
    let empty = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"domains": []})))
        .mount(&empty)
        .await;
    let client = client_with_iam(&service, &empty);
    let error = expect_err(list_things(&client).await);
    assert!(
        error.to_string().contains("IAM listed no domain"),
        "{error}"
    );
    assert!(
        error.to_string().contains("HUAWEICLOUD_SDK_DOMAIN_ID"),
        "{error}"
    );
}

fn client_with_iam(service: &MockServer, iam: &MockServer) -> ServiceClient {
    client(
        Config::builder()
            .endpoint(service.uri())
            .iam_endpoint(iam.uri())
            .credentials(Credentials::access_key(AK, SK).with_discovered_domain())
            .build(),
    )
}

/// `GET /v3/things`, a call of a global service.
async fn list_things(client: &ServiceClient) -> Result<serde_json::Value, Error> {
    client
        .send::<serde_json::Value>(huaweicloud_sdk_core::OperationRequest::new(
            "ListThings",
            huaweicloud_sdk_core::Method::Get,
            "/v3/things",
        ))
        .await
        .map(|reply| reply.into_body())
}
