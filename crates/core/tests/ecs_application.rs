//! The "done when": an application on an ECS server with an agency, with no keys
//! anywhere, calls a service through `Config::from_env()` (its environment names only the
//! region's IAM, and the local metadata server) and keeps working across a key expiry.
//! Its project id is looked up at IAM once, signed with the agency's keys.

mod common;

use std::time::Duration;

use common::keys::*;
use common::*;
use huaweicloud_sdk_core::{ConfigBuilder, Method, OperationRequest, ServiceClient};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn show(client: &ServiceClient) -> serde_json::Value {
    let mut request =
        OperationRequest::new("ShowThing", Method::Get, "/v1/{project_id}/things/{id}");
    request
        .path_param(
            "project_id",
            client.resolve_project_id(None).await.expect("project id"),
        )
        .expect("segment");
    request
        .path_param("id", THING_ID.to_owned())
        .expect("segment");
    client
        .send::<serde_json::Value>(request)
        .await
        .expect("the call succeeds")
        .into_body()
}

#[tokio::test]
async fn an_ecs_application_without_keys_works_across_a_key_expiry() {
    let metadata = metadata_server(KeySequence::new(&[6, 12])).await;
    let iam = iam_listing(json!([{"id": PROJECT_ID, "name": "cn-north-4"}])).await;
    let service = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(THING_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": THING_ID})))
        .mount(&service)
        .await;
    let home = tempfile::tempdir().expect("a home without a profile file");
    let (metadata_uri, iam_uri) = (metadata.uri(), iam.uri());
    let home_path = home.path().to_string_lossy().into_owned();
    let clock = ManualClock::at(t0());
    let config = ConfigBuilder::from_lookup(move |name| match name {
        "HUAWEICLOUD_SDK_METADATA_ENDPOINT" => Some(metadata_uri.clone()),
        "HUAWEICLOUD_SDK_IAM_ENDPOINT" => Some(iam_uri.clone()),
        "HOME" => Some(home_path.clone()),
        _ => None,
    })
    .expect("an environment without keys is valid")
    .region("cn-north-4")
    .endpoint(service.uri())
    .clock(clock.clone())
    .build();
    let client = ServiceClient::new(&SERVICE, config).expect("client");

    assert_eq!(show(&client).await, json!({"id": THING_ID}));
    clock.advance(7 * HOUR);
    assert_eq!(show(&client).await, json!({"id": THING_ID}));
    clock.advance(Duration::from_secs(60));
    assert_eq!(show(&client).await, json!({"id": THING_ID}));

    // Keys 1 before the expiry at 06:00, keys 2 after; the project id once, with keys 1.
    let calls = requests(&service).await;
    let used: Vec<String> = calls.iter().map(signed_with).collect();
    assert_eq!(used, [temporary_ak(1), temporary_ak(2), temporary_ak(2)]);
    for call in &calls {
        assert_eq!(
            call.headers
                .get("x-project-id")
                .and_then(|v| v.to_str().ok()),
            Some(PROJECT_ID)
        );
    }
    let lookups = requests(&iam).await;
    assert_eq!(lookups.len(), 1, "the project id is looked up once");
    assert_eq!(signed_with(&lookups[0]), temporary_ak(1));
    assert_eq!(
        lookups[0]
            .headers
            .get("x-security-token")
            .and_then(|v| v.to_str().ok()),
        Some(temporary_token(1).as_str())
    );
    assert!(lookups[0].headers.get("x-project-id").is_none());
    assert_eq!(count(&metadata, "/openstack/latest/securitykey").await, 2);
}
