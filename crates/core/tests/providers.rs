//! Each credentials source against a local server playing its service (ECS metadata,
//! IAM, STS, the CCE pod identity agent) or a profile file, and the default chain that
//! asks them in the official SDKs' order.

mod common;

use std::time::Duration;

use common::keys::*;
use common::*;
use huaweicloud_sdk_core::credentials::metadata::MetadataProvider;
use huaweicloud_sdk_core::credentials::oidc::IdTokenProvider;
use huaweicloud_sdk_core::credentials::pod_identity::PodIdentityProvider;
use huaweicloud_sdk_core::credentials::profile::ProfileProvider;
use huaweicloud_sdk_core::{
    Config, ConfigBuilder, Credentials, CredentialsChain, CredentialsError, CredentialsKind, Error,
    ProvideCredentials, ProvidedCredentials, ServiceClient,
};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN_PATH: &str = "/meta-data/latest/api/token";
const SECURITY_KEY: &str = "/openstack/latest/securitykey";

fn metadata(server: &MockServer) -> MetadataProvider {
    MetadataProvider::new(server.uri(), Duration::from_secs(2))
}

async fn provide(
    provider: &impl ProvideCredentials,
) -> Result<ProvidedCredentials, CredentialsError> {
    provider.provide_credentials().await
}

fn first_keys() -> Credentials {
    Credentials::temporary(temporary_ak(1), temporary_sk(1), temporary_token(1))
}

fn failed(result: Result<ProvidedCredentials, CredentialsError>) -> String {
    match result {
        Err(CredentialsError::Failed(message)) => message,
        other => panic!("expected a failure, got {other:?}"),
    }
}

fn not_found(result: Result<ProvidedCredentials, CredentialsError>) -> String {
    match result {
        Err(CredentialsError::NotFound(message)) => message,
        other => panic!("expected nothing found, got {other:?}"),
    }
}

// ---- ECS metadata ----

#[tokio::test]
async fn metadata_keys_are_fetched_with_a_session_token() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(TOKEN_PATH))
        .and(header("X-Metadata-Token-Ttl-Seconds", "21600"))
        .respond_with(ResponseTemplate::new(200).set_body_string("session-1"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(SECURITY_KEY))
        .and(header("X-Metadata-Token", "session-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(keys_reply(1, &expiry(6))))
        .mount(&server)
        .await;
    let provider = metadata(&server);
    let provided = provide(&provider).await.expect("keys");
    assert_eq!(provided.credentials, first_keys());
    assert_eq!(provided.expires_at, Some(t0() + 6 * HOUR));
    // The session token is kept for the next lookup.
    provide(&provider).await.expect("keys again");
}

#[tokio::test]
async fn a_metadata_service_without_session_tokens_is_asked_without_one() {
    for status in [404, 405, 503] {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(SECURITY_KEY))
            .respond_with(ResponseTemplate::new(200).set_body_json(keys_reply(1, &expiry(6))))
            .mount(&server)
            .await;
        let provided = provide(&metadata(&server)).await.expect("keys");
        assert_eq!(provided.credentials, first_keys(), "token status {status}");
        let asked = requests(&server).await;
        assert!(asked[1].headers.get("x-metadata-token").is_none());
    }
}

#[tokio::test]
async fn a_refused_session_token_is_renewed_once() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_string("session-1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_string("session-2"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("X-Metadata-Token", "session-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(keys_reply(1, &expiry(6))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("token expired"))
        .mount(&server)
        .await;
    assert_eq!(
        provide(&metadata(&server)).await.expect("keys").credentials,
        first_keys()
    );
    assert_eq!(count(&server, TOKEN_PATH).await, 2);
    assert_eq!(count(&server, SECURITY_KEY).await, 2);
}

#[tokio::test]
async fn a_second_refusal_is_a_failure_after_one_renewal() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_string("session"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("token invalid"))
        .mount(&server)
        .await;
    let message = failed(provide(&metadata(&server)).await);
    assert!(
        message.ends_with("answered HTTP 401: token invalid"),
        "{message}"
    );
    assert_eq!(count(&server, TOKEN_PATH).await, 2);
    assert_eq!(count(&server, SECURITY_KEY).await, 2);
}

#[tokio::test]
async fn each_metadata_failure_is_described() {
    let cases: [(u16, u16, &str, bool); 4] = [
        // A server without an agency has no keys: the chain goes on.
        (
            404,
            401,
            "Please configure Cloud Service Agency first",
            false,
        ),
        (404, 500, "internal error", true),
        (404, 403, "forbidden", true),
        // A token status other than 404/405/503 is a failure.
        (500, 200, "", true),
    ];
    for (token_status, key_status, body, is_failure) in cases {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(token_status).set_body_string("token trouble"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(key_status).set_body_string(body))
            .mount(&server)
            .await;
        let result = provide(&metadata(&server)).await;
        let message = if is_failure {
            failed(result)
        } else {
            not_found(result)
        };
        let expected = if token_status != 404 {
            format!("PUT {TOKEN_PATH} answered HTTP {token_status}: token trouble")
        } else if is_failure {
            format!("GET {SECURITY_KEY} answered HTTP {key_status}: {body}")
        } else {
            "the server has no agency".to_owned()
        };
        assert!(message.contains(&expected), "{message}");
        assert!(message.contains(&server.uri()), "{message}");
    }
}

#[tokio::test]
async fn a_malformed_metadata_reply_is_a_failure() {
    for (body, why) in [
        ("{\"credential\": 1}", "no credential object"),
        ("{\"credential\": {\"access\": \"a\"}}", "no secret key"),
        ("not json", "not JSON"),
        (
            "{\"credential\": {\"access\": \"a\", \"secret\": \"s\", \"securitytoken\": \"t\", \"expires_at\": \"tomorrow\"}}",
            "the expiry `tomorrow` is not a UTC time",
        ),
    ] {
        let server = metadata_server_with(ResponseTemplate::new(200).set_body_string(body)).await;
        let message = failed(provide(&metadata(&server)).await);
        assert!(
            message.contains("the ECS metadata service sent a malformed reply")
                && message.contains(why),
            "{message}"
        );
    }
}

async fn metadata_server_with(keys: ResponseTemplate) -> MockServer {
    metadata_answering(ResponseTemplate::new(404), keys).await
}

// ---- OIDC: id token at IAM, web identity at STS, pod identity ----

#[tokio::test]
async fn an_id_token_is_exchanged_at_iam_for_temporary_keys() {
    let token_file = tempfile::NamedTempFile::new().expect("token file");
    std::fs::write(token_file.path(), "id-token-very-secret\n").expect("write token");
    let iam = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3.0/OS-AUTH/id-token/tokens"))
        .and(header("X-Idp-Id", "my-idp"))
        .and(body_json(
            json!({"auth": {"id_token": {"id": "id-token-very-secret"}}}),
        ))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("X-Subject-Token", "unscoped-token-very-secret")
                .set_body_json(json!({"token": {}})),
        )
        .mount(&iam)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3.0/OS-CREDENTIAL/securitytokens"))
        .and(body_json(json!({"auth": {"identity": {
            "methods": ["token"],
            "token": {"id": "unscoped-token-very-secret", "duration_seconds": 21600},
        }}})))
        .respond_with(ResponseTemplate::new(201).set_body_json(keys_reply(1, &expiry(6))))
        .mount(&iam)
        .await;
    let provider = IdTokenProvider::new("my-idp", token_file.path(), iam.uri());
    assert_eq!(
        provide(&provider).await.expect("keys").credentials,
        first_keys()
    );

    // IAM refusing the id token is a failure that quotes IAM's error.
    let refusing = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error": {"code": "IAM.0101", "message": "The id_token is expired."}}),
        ))
        .mount(&refusing)
        .await;
    let provider = IdTokenProvider::new("my-idp", token_file.path(), refusing.uri());
    let message = failed(provide(&provider).await);
    assert!(
        message.starts_with("IAM refused the id token of identity provider `my-idp`: HTTP 400"),
        "{message}"
    );
    assert!(message.contains("The id_token is expired."), "{message}");

    // A missing token file is named.
    let provider = IdTokenProvider::new("my-idp", "/nonexistent/token", iam.uri());
    assert!(failed(provide(&provider).await).contains("/nonexistent/token"));
}

#[tokio::test]
async fn web_identity_comes_first_in_the_chain_and_assumes_the_agency_at_sts() {
    let sts = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v5/agencies/assume-with-oidc"))
        .and(body_json(json!({
            "provider_urn": "urn:provider",
            "agency_urn": "urn:agency",
            "agency_session_name": "oidc-sts-session",
            "id_token": "web-id-token-very-secret",
            "duration_seconds": 900,
        })))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"credentials": {
                "access_key_id": temporary_ak(1),
                "secret_access_key": temporary_sk(1),
                "security_token": temporary_token(1),
                "expiration": expiry(1),
            }})),
        )
        .mount(&sts)
        .await;
    // Access keys in the environment too: the web identity wins, as in the official chain.
    let chain = CredentialsChain::builder()
        .environment(environment(&[
            ("HUAWEICLOUD_OIDC_PROVIDER_URN", "urn:provider"),
            ("HUAWEICLOUD_OIDC_AGENCY_URN", "urn:agency"),
            ("HUAWEICLOUD_OIDC_ID_TOKEN", "web-id-token-very-secret"),
            ("HUAWEICLOUD_OIDC_DURATION_SECONDS", "900"),
            ("HUAWEICLOUD_SDK_STS_ENDPOINT", &sts.uri()),
            ("HUAWEICLOUD_SDK_AK", AK),
            ("HUAWEICLOUD_SDK_SK", SK),
            ("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT_ID),
        ]))
        .build();
    let provided = provide(&chain).await.expect("keys");
    assert_eq!(provided.credentials, first_keys());
    assert_eq!(provided.project_id.as_deref(), Some(PROJECT_ID));

    // Half a configuration stops the chain rather than fall through to the keys.
    let chain = CredentialsChain::builder()
        .environment(environment(&[
            ("HUAWEICLOUD_OIDC_PROVIDER_URN", "urn:provider"),
            ("HUAWEICLOUD_SDK_AK", AK),
            ("HUAWEICLOUD_SDK_SK", SK),
        ]))
        .build();
    assert_eq!(
        failed(provide(&chain).await),
        "OIDC web identity: HUAWEICLOUD_OIDC_PROVIDER_URN is set but HUAWEICLOUD_OIDC_AGENCY_URN is not"
    );
}

#[tokio::test]
async fn pod_identity_posts_the_pod_token_to_the_agent() {
    let token_file = tempfile::NamedTempFile::new().expect("token file");
    std::fs::write(token_file.path(), "pod-token-very-secret").expect("write token");
    let agent = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/credentials"))
        .and(header("Authorization", "pod-token-very-secret"))
        .and(body_json(json!({})))
        .respond_with(ResponseTemplate::new(200).set_body_json(keys_reply(1, &expiry(2))))
        .mount(&agent)
        .await;
    let uri = format!("{}/v1/credentials", agent.uri());
    let provider = PodIdentityProvider::new(&uri, token_file.path());
    assert_eq!(
        provide(&provider).await.expect("keys").credentials,
        first_keys()
    );

    let refusing = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_string("pod not bound to an agency"))
        .mount(&refusing)
        .await;
    let provider = PodIdentityProvider::new(refusing.uri(), token_file.path());
    assert!(
        failed(provide(&provider).await).ends_with("answered HTTP 403: pod not bound to an agency")
    );
}

// ---- profile file ----

fn profile(text: &str) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().expect("profile file");
    std::fs::write(file.path(), text).expect("write profile");
    file
}

#[tokio::test]
async fn a_profile_file_gives_basic_and_global_credentials() {
    let file = profile(&format!(
        "[basic]\nak = {AK}\nsk = {SK}\nproject_id = {PROJECT_ID}\niam_endpoint = https://iam.example.com\n\n\
         [global]\nak = {AK}\nsk = {SK}\nsecurity_token = {SECURITY_TOKEN}\ndomain_id = d1\n"
    ));
    let basic = provide(&ProfileProvider::new(file.path(), CredentialsKind::Basic))
        .await
        .expect("basic");
    assert_eq!(basic.credentials, Credentials::access_key(AK, SK));
    assert_eq!(basic.project_id.as_deref(), Some(PROJECT_ID));
    assert_eq!(
        basic.iam_endpoint.as_deref(),
        Some("https://iam.example.com")
    );
    let global = provide(&ProfileProvider::new(file.path(), CredentialsKind::Global))
        .await
        .expect("global");
    assert_eq!(
        global.credentials,
        Credentials::temporary(AK, SK, SECURITY_TOKEN).with_domain_id("d1")
    );
    // Without a domain id, global credentials have theirs looked up.
    let file = profile(&format!("[global]\nak = {AK}\nsk = {SK}\n"));
    let global = provide(&ProfileProvider::new(file.path(), CredentialsKind::Global))
        .await
        .expect("global");
    assert_eq!(
        global.credentials,
        Credentials::access_key(AK, SK).with_discovered_domain()
    );
}

#[tokio::test]
async fn profile_files_with_missing_sections_or_keys_are_described() {
    let missing = std::env::temp_dir().join("no-such-dir-huaweicloud/credentials");
    let message = not_found(provide(&ProfileProvider::new(&missing, CredentialsKind::Basic)).await);
    assert!(message.starts_with("no profile file at "), "{message}");

    let global_only = profile(&format!("[global]\nak = {AK}\nsk = {SK}\n"));
    let message = not_found(
        provide(&ProfileProvider::new(
            global_only.path(),
            CredentialsKind::Basic,
        ))
        .await,
    );
    assert!(message.ends_with("has no [basic] section"), "{message}");

    let ids_only = profile(&format!("[basic]\nproject_id = {PROJECT_ID}\n"));
    let message = not_found(
        provide(&ProfileProvider::new(
            ids_only.path(),
            CredentialsKind::Basic,
        ))
        .await,
    );
    assert!(
        message.ends_with("has neither ak and sk nor idp_id and id_token_file"),
        "{message}"
    );

    for (text, expected) in [
        (
            format!("[basic]\nak = {AK}\n"),
            "sets only one of ak and sk, which go together",
        ),
        (
            format!("[basic]\nsk = {SK}\n"),
            "sets only one of ak and sk, which go together",
        ),
        (
            "[basic]\nidp_id = x\n".to_owned(),
            "sets only one of idp_id and id_token_file",
        ),
        (format!("[basic]\nak {AK}\n"), ":2: expected `key = value`"),
    ] {
        let file = profile(&text);
        let message =
            failed(provide(&ProfileProvider::new(file.path(), CredentialsKind::Basic)).await);
        assert!(message.contains(expected), "{message}");
    }
}

// ---- the chain ----

#[tokio::test]
async fn a_slow_metadata_service_times_out_and_the_chain_goes_on_to_pod_identity() {
    let slow = metadata_server_with(
        ResponseTemplate::new(200)
            .set_body_json(keys_reply(9, &expiry(6)))
            .set_delay(Duration::from_secs(5)),
    )
    .await;
    let token_file = tempfile::NamedTempFile::new().expect("token file");
    std::fs::write(token_file.path(), "pod-token").expect("write token");
    let agent = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(keys_reply(1, &expiry(6))))
        .mount(&agent)
        .await;
    let home = tempfile::tempdir().expect("home");
    let chain = CredentialsChain::builder()
        .environment(environment(&[
            ("HOME", &home.path().to_string_lossy()),
            ("HC_CONTAINER_CREDENTIALS_FULL_URI", &agent.uri()),
            (
                "HC_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                &token_file.path().to_string_lossy(),
            ),
        ]))
        .metadata_endpoint(slow.uri())
        .metadata_timeout(Duration::from_millis(200))
        .build();
    let provided = provide(&chain).await.expect("keys from pod identity");
    assert_eq!(provided.credentials, first_keys());
    // Refreshes go straight to the provider that won.
    provide(&chain).await.expect("keys again");
    assert_eq!(requests(&agent).await.len(), 2);
    assert_eq!(count(&slow, SECURITY_KEY).await, 1);
}

#[tokio::test]
async fn with_nothing_anywhere_a_call_fails_with_a_configuration_error_listing_each_source() {
    let home = tempfile::tempdir().expect("home");
    let home_path = home.path().to_string_lossy().into_owned();
    let metadata = refused_endpoint();
    let config = ConfigBuilder::from_lookup(move |name| match name {
        "HOME" => Some(home_path.clone()),
        "HUAWEICLOUD_SDK_METADATA_ENDPOINT" => Some(metadata.clone()),
        _ => None,
    })
    .expect("valid environment")
    .endpoint("https://demo.example.com")
    .project_id(PROJECT_ID)
    .build();
    let client = ServiceClient::new(&SERVICE, config).expect("client");
    let error = expect_err(client.send::<serde_json::Value>(show_thing(&client)).await);
    let Error::Config(message) = &error else {
        panic!("a configuration error, got {error:?}");
    };
    for expected in [
        "no credentials found; looked in turn at",
        "OIDC web identity: HUAWEICLOUD_OIDC_PROVIDER_URN is not set",
        "environment: neither HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK nor HUAWEICLOUD_SDK_IDP_ID and HUAWEICLOUD_SDK_ID_TOKEN_FILE are set",
        "profile file: no profile file at ",
        "ECS metadata: no ECS metadata service at http://127.0.0.1:",
        "CCE pod identity: HC_CONTAINER_CREDENTIALS_FULL_URI and HC_CONTAINER_AUTHORIZATION_TOKEN_FILE are not both set",
    ] {
        assert!(
            message.contains(expected),
            "{expected} missing from: {message}"
        );
    }
}

#[tokio::test]
async fn the_environment_and_the_profile_come_before_the_metadata_service() {
    let file = profile(&format!("[basic]\nak = {AK}\nsk = {SK}\n"));
    let chain = CredentialsChain::builder()
        .environment(environment(&[(
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
            &file.path().to_string_lossy(),
        )]))
        .metadata_endpoint(refused_endpoint())
        .build();
    assert_eq!(
        chain.names(),
        [
            "OIDC web identity",
            "environment",
            "profile file",
            "ECS metadata",
            "CCE pod identity"
        ]
    );
    assert_eq!(
        provide(&chain).await.expect("keys").credentials,
        Credentials::access_key(AK, SK)
    );
}

#[tokio::test]
async fn credentials_set_in_the_configuration_win_over_the_provider() {
    let service = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&service)
        .await;
    // A chain that would find nothing: it is never asked.
    let chain = CredentialsChain::builder()
        .environment(environment(&[]))
        .metadata_endpoint(refused_endpoint())
        .build();
    let config = Config::builder()
        .endpoint(service.uri())
        .project_id(PROJECT_ID)
        .credentials_provider(chain)
        .credentials(Credentials::token(TOKEN))
        .build();
    let client = ServiceClient::new(&SERVICE, config).expect("client");
    client
        .send::<serde_json::Value>(show_thing(&client))
        .await
        .expect("the token is used");
}
