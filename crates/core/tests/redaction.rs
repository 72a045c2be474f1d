//! Secrets (AK, SK, security token, IAM token) never show in `Debug` of the configuration
//! or the client, in any error a failing call returns, or in the logs of a call; nor do
//! the secrets of any credentials provider (keys, session and id tokens) in its errors,
//! its `Debug`, or the logs of a refresh.

mod common;

use std::time::Duration;

use common::keys::*;
use common::*;
use huaweicloud_sdk_core::credentials::Environment;
use huaweicloud_sdk_core::credentials::env_provider::EnvProvider;
use huaweicloud_sdk_core::credentials::metadata::MetadataProvider;
use huaweicloud_sdk_core::credentials::oidc::IdTokenProvider;
use huaweicloud_sdk_core::credentials::pod_identity::PodIdentityProvider;
use huaweicloud_sdk_core::credentials::profile::ProfileProvider;
use huaweicloud_sdk_core::{
    Config, ConfigBuilder, Credentials, CredentialsChain, CredentialsKind, Error,
    ProvideCredentials, RetryPolicy,
};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRETS: [&str; 4] = [AK, SK, SECURITY_TOKEN, TOKEN];

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "{what} shows a secret ({secret}): {text}"
        );
    }
}

/// Every kind of credentials, with every secret in use.
fn all_credentials() -> [Credentials; 4] {
    [
        Credentials::token(TOKEN),
        Credentials::access_key(AK, SK),
        Credentials::temporary(AK, SK, SECURITY_TOKEN),
        Credentials::temporary(AK, SK, SECURITY_TOKEN).with_domain_id("d1"),
    ]
}

#[test]
fn debug_of_credentials_config_and_client_shows_no_secret() {
    for credentials in all_credentials() {
        assert_no_secret("Credentials", &format!("{credentials:?} {credentials:#?}"));
        let builder: ConfigBuilder = Config::builder()
            .endpoint("https://demo.example.com")
            .project_id(PROJECT_ID)
            .credentials(credentials);
        assert_no_secret("ConfigBuilder", &format!("{builder:?} {builder:#?}"));
        let config = builder.build();
        assert_no_secret("Config", &format!("{config:?} {config:#?}"));
        let client = client(config);
        assert_no_secret("ServiceClient", &format!("{client:?} {client:#?}"));
        assert_no_secret("Config of the client", &format!("{:?}", client.config()));
        // The client's Debug does show where it calls, so that it is useful at all.
        assert!(format!("{client:?}").contains("demo.example.com"));
    }
}

#[test]
fn config_from_lookup_shows_no_secret() {
    let config = ConfigBuilder::from_lookup(|name| match name {
        "HUAWEICLOUD_SDK_AK" => Some(AK.to_owned()),
        "HUAWEICLOUD_SDK_SK" => Some(SK.to_owned()),
        "HUAWEICLOUD_SDK_SECURITY_TOKEN" => Some(SECURITY_TOKEN.to_owned()),
        _ => None,
    })
    .expect("valid environment")
    .build();
    assert_no_secret("Config", &format!("{config:?}"));
}

fn assert_error_shows_no_secret(error: &Error) {
    let mut text = format!("{error} {error:?} {error:#?}");
    for source in source_chain(error) {
        text.push(' ');
        text.push_str(&source);
    }
    assert_no_secret("Error", &text);
}

/// Each failure a call can end in, for each kind of credentials.
#[tokio::test]
async fn errors_of_failing_calls_show_no_secret() {
    for credentials in all_credentials() {
        // Service error (after retries), decode error, timeout.
        for template in [
            ResponseTemplate::new(503)
                .insert_header("X-Request-Id", "req-503")
                .set_body_json(json!({"error_code": "DEMO.0503", "error_msg": "busy"})),
            ResponseTemplate::new(401).set_body_raw("<html>denied</html>", "text/html"),
            ResponseTemplate::new(200).set_body_raw(r#"{"a": [1, "x"]}"#, "application/json"),
            ResponseTemplate::new(200).set_delay(Duration::from_secs(5)),
        ] {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(template)
                .mount(&server)
                .await;
            let client = client(
                config(&server)
                    .credentials(credentials.clone())
                    .timeout(Duration::from_millis(300))
                    .build(),
            );
            let error = expect_err(
                client
                    .send::<std::collections::HashMap<String, Vec<i64>>>(show_thing(&client))
                    .await,
            );
            assert_error_shows_no_secret(&error);
        }
        // Transport error.
        let client = client(
            Config::builder()
                .endpoint(refused_endpoint())
                .project_id(PROJECT_ID)
                .credentials(credentials.clone())
                .retry(RetryPolicy::disabled())
                .build(),
        );
        let error = expect_err(client.send::<serde_json::Value>(show_thing(&client)).await);
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
        assert_error_shows_no_secret(&error);
    }
}

/// A failing, retried AK/SK call logs its span with the operation, attempt, status and
/// request id, and none of the secrets.
#[tokio::test]
async fn logs_of_a_failing_ak_sk_call_name_the_call_but_no_secret() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Numbered::new(503))
        .mount(&server)
        .await;
    let client = client(
        config(&server)
            .credentials(Credentials::temporary(AK, SK, SECURITY_TOKEN))
            .retry(fast_retries().with_max_attempts(3))
            .build(),
    );
    let buffer = LogBuffer::default();
    let error = {
        let _logs = tracing::subscriber::set_default(log_subscriber(&buffer));
        expect_err(client.send::<serde_json::Value>(show_thing(&client)).await)
    };
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests(&server).await.len(), 3);

    let logs = buffer.text();
    for expected in [
        "huaweicloud.call",
        "service=\"demo\"",
        "operation=\"ShowThing\"",
        "attempt=3",
        "status=503",
        "request_id=\"req-3\"",
        "retrying",
    ] {
        assert!(
            logs.contains(expected),
            "{expected} missing from the logs:\n{logs}"
        );
    }
    // Each retry is logged inside the call's span, with the attempt that failed.
    assert!(logs.contains("attempt=1"), "{logs}");
    assert!(logs.contains("attempt=2"), "{logs}");
    assert_no_secret("the logs", &logs);
}

#[tokio::test]
async fn logs_of_a_token_call_show_no_token() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Numbered::new(500))
        .mount(&server)
        .await;
    let client = client(
        config(&server)
            .credentials(Credentials::token(TOKEN))
            .retry(fast_retries().with_max_attempts(2))
            .build(),
    );
    let buffer = LogBuffer::default();
    {
        let _logs = tracing::subscriber::set_default(log_subscriber(&buffer));
        expect_err(client.send::<serde_json::Value>(show_thing(&client)).await);
    }
    let logs = buffer.text();
    assert!(logs.contains("huaweicloud.call"), "{logs}");
    assert!(logs.contains("request_id=\"req-2\""), "{logs}");
    assert_no_secret("the logs", &logs);
}

// ---- credentials providers ----

/// What the providers' services and files hold: the keys they hand out, the tokens
/// exchanged for them.
const SESSION_TOKEN: &str = "metadata-session-very-secret";
const ID_TOKEN: &str = "oidc-id-token-very-secret";
const UNSCOPED_TOKEN: &str = "unscoped-iam-token-very-secret";
const POD_TOKEN: &str = "pod-token-very-secret";

fn assert_no_provider_secret(what: &str, text: &str) {
    assert_no_secret(what, text);
    for secret in [
        temporary_ak(1),
        temporary_sk(1),
        temporary_token(1),
        SESSION_TOKEN.to_owned(),
        ID_TOKEN.to_owned(),
        UNSCOPED_TOKEN.to_owned(),
        POD_TOKEN.to_owned(),
    ] {
        assert!(
            !text.contains(&secret),
            "{what} shows a secret ({secret}): {text}"
        );
    }
}

/// An error reply that echoes the secret its request carried.
fn echoing(status: u16, secret: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_string(format!("refused: {secret}"))
}

/// Keys without an expiry: malformed, and full of secrets.
fn keys_without_expiry() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"credential": {
        "access": temporary_ak(1),
        "secret": temporary_sk(1),
        "securitytoken": temporary_token(1),
    }}))
}

/// The metadata service's reply to a session token request.
fn session() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_string(SESSION_TOKEN)
}

fn secret_file(content: &str) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().expect("file");
    std::fs::write(file.path(), content).expect("write");
    file
}

async fn provider_error(provider: &impl ProvideCredentials) -> String {
    match provider.provide_credentials().await {
        Ok(provided) => panic!("expected a failure, got {provided:?}"),
        Err(error) => format!("{error} {error:?}"),
    }
}

#[tokio::test]
async fn errors_of_every_provider_show_no_secret() {
    let mut errors = Vec::new();

    // ECS metadata: an error status echoing the session token, a malformed reply with keys.
    for keys in [echoing(500, SESSION_TOKEN), keys_without_expiry()] {
        let server = metadata_answering(session(), keys).await;
        let provider = MetadataProvider::new(server.uri(), Duration::from_secs(2));
        errors.push(provider_error(&provider).await);
        let debug = format!("{provider:?}");
        assert_no_provider_secret("MetadataProvider", &debug);
    }

    // IAM refusing the id token, then the unscoped token, then sending malformed keys.
    let token_file = secret_file(ID_TOKEN);
    for (first, second) in [
        (echoing(400, ID_TOKEN), keys_without_expiry()),
        (
            ResponseTemplate::new(201).insert_header("X-Subject-Token", UNSCOPED_TOKEN),
            echoing(401, UNSCOPED_TOKEN),
        ),
        (
            ResponseTemplate::new(201).insert_header("X-Subject-Token", UNSCOPED_TOKEN),
            keys_without_expiry(),
        ),
    ] {
        let iam = MockServer::start().await;
        Mock::given(path("/v3.0/OS-AUTH/id-token/tokens"))
            .respond_with(first)
            .mount(&iam)
            .await;
        Mock::given(path("/v3.0/OS-CREDENTIAL/securitytokens"))
            .respond_with(second)
            .mount(&iam)
            .await;
        let provider = IdTokenProvider::new("idp", token_file.path(), iam.uri());
        errors.push(provider_error(&provider).await);
    }

    // STS refusing a web identity given as a value.
    let sts = MockServer::start().await;
    Mock::given(any())
        .respond_with(echoing(403, ID_TOKEN))
        .mount(&sts)
        .await;
    let sts_uri = sts.uri();
    let chain = CredentialsChain::builder()
        .environment(Environment::from_lookup(move |name| match name {
            "HUAWEICLOUD_OIDC_PROVIDER_URN" => Some("urn:p".to_owned()),
            "HUAWEICLOUD_OIDC_AGENCY_URN" => Some("urn:a".to_owned()),
            "HUAWEICLOUD_OIDC_ID_TOKEN" => Some(ID_TOKEN.to_owned()),
            "HUAWEICLOUD_SDK_STS_ENDPOINT" => Some(sts_uri.clone()),
            _ => None,
        }))
        .build();
    errors.push(provider_error(&chain).await);
    assert_no_provider_secret("CredentialsChain", &format!("{chain:?}"));

    // The pod identity agent refusing the pod's token.
    let agent = MockServer::start().await;
    Mock::given(any())
        .respond_with(echoing(401, POD_TOKEN))
        .mount(&agent)
        .await;
    let pod_token = secret_file(POD_TOKEN);
    errors.push(provider_error(&PodIdentityProvider::new(agent.uri(), pod_token.path())).await);

    // Profile files with half a key pair, or a line that is not `key = value`.
    for text in [
        format!("[basic]\nak = {AK}\n"),
        format!("[basic]\nsk = {SK}\n"),
        format!("[basic]\nak = {AK}\nsk {SK}\n"),
    ] {
        let file = secret_file(&text);
        errors
            .push(provider_error(&ProfileProvider::new(file.path(), CredentialsKind::Basic)).await);
    }

    // Half a key pair in the environment.
    let env = EnvProvider::new(
        Environment::from_lookup(|name| (name == "HUAWEICLOUD_SDK_AK").then(|| AK.to_owned())),
        CredentialsKind::Basic,
    );
    errors.push(provider_error(&env).await);

    assert_eq!(errors.len(), 11);
    for error in errors {
        assert_no_provider_secret("a provider's error", &error);
    }
}

/// A refresh that fails logs a warning and, once the keys expire, fails calls; neither
/// the logs nor the error, nor the configuration holding the cached keys, shows a secret.
#[tokio::test]
async fn a_failing_refresh_shows_no_secret_in_logs_errors_or_debug() {
    let metadata = metadata_answering(session(), echoing(500, SESSION_TOKEN)).await;
    // The first keys request succeeds; the refresh fails.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(keys_reply(1, &expiry(6))))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&metadata)
        .await;
    let clock = ManualClock::at(t0());
    let (_service, client) = service_and_client(&metadata, &clock).await;
    let buffer = LogBuffer::default();
    let error = {
        let _logs = tracing::subscriber::set_default(log_subscriber(&buffer));
        client
            .send::<serde_json::Value>(show_thing(&client))
            .await
            .expect("first call");
        assert_no_provider_secret("Config with cached keys", &format!("{:?}", client.config()));
        clock.advance(Duration::from_secs(5 * 3600 + 30 * 60));
        client
            .send::<serde_json::Value>(show_thing(&client))
            .await
            .expect("the failed refresh keeps the keys");
        clock.advance(HOUR);
        expect_err(client.send::<serde_json::Value>(show_thing(&client)).await)
    };
    assert!(matches!(error, Error::Credentials(_)), "{error:?}");
    let logs = buffer.text();
    assert!(
        logs.contains("could not refresh temporary credentials"),
        "{logs}"
    );
    assert_no_provider_secret("the logs", &logs);
    assert_error_shows_no_secret(&error);
    assert_no_provider_secret("the error", &format!("{error} {error:?}"));
}
