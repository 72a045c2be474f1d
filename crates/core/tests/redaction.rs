//! Secrets (AK, SK, security token, IAM token) never show in `Debug` of the configuration
//! or the client, in any error a failing call returns, or in the logs of a call.

mod common;

use std::time::Duration;

use common::*;
use huaweicloud_sdk_core::{Config, ConfigBuilder, Credentials, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::any;
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
