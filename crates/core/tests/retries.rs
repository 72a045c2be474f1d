//! Which failed attempts are tried again, and how many attempts a call makes in all.

mod common;

use std::time::Duration;

use common::*;
use huaweicloud_sdk_core::{Config, Credentials, Error, Method, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers the first request with `first`, then `200 {"ok": true}`.
async fn failing_once(first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(reply(200, &json!({"ok": true}), "req-ok"))
        .mount(&server)
        .await;
    server
}

/// A server that answers every request with `status` (request ids `req-1`, `req-2`, ...).
async fn always(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Numbered::new(status))
        .mount(&server)
        .await;
    server
}

fn service_error(error: Error) -> huaweicloud_sdk_core::ServiceError {
    match error {
        Error::Service(service) => *service,
        other => panic!("expected Error::Service, got {other:?}"),
    }
}

/// Bound every call so that a retry loop that never ends fails the test instead of hanging it.
async fn bounded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), call)
        .await
        .expect("the call returns")
}

#[tokio::test]
async fn get_503_then_200_succeeds_after_two_requests() {
    let server = failing_once(reply(503, &json!({"error_code": "X"}), "req-busy")).await;
    let client = client(config(&server).build());
    let response = bounded(client.send::<serde_json::Value>(show_thing(&client)))
        .await
        .expect("the retry succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-ok"));
    assert_eq!(*response.body(), json!({"ok": true}));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn get_429_then_200_succeeds_after_two_requests() {
    let server = failing_once(reply(429, &json!({"error_code": "APIGW.0308"}), "req-slow")).await;
    let client = client(config(&server).build());
    let response = bounded(client.send::<serde_json::Value>(show_thing(&client)))
        .await
        .expect("the retry succeeds");
    assert_eq!(response.request_id(), Some("req-ok"));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn other_server_errors_are_retried_too() {
    for status in [500, 502, 504] {
        let server = failing_once(ResponseTemplate::new(status)).await;
        let client = client(config(&server).build());
        bounded(client.send::<serde_json::Value>(show_thing(&client)))
            .await
            .unwrap_or_else(|e| panic!("HTTP {status} then 200 should succeed: {e}"));
        assert_eq!(requests(&server).await.len(), 2, "HTTP {status}");
    }
}

#[tokio::test]
async fn always_503_makes_max_attempts_requests_and_reports_the_last_reply() {
    let server = always(503).await;
    let client = client(
        config(&server)
            .retry(fast_retries().with_max_attempts(3))
            .build(),
    );
    let error = expect_err(bounded(client.send::<serde_json::Value>(show_thing(&client))).await);
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.request_id(), Some("req-3"));
    let service = service_error(error);
    assert_eq!(service.operation, "ShowThing");
    assert_eq!(service.status, 503);
    assert_eq!(service.request_id.as_deref(), Some("req-3"));
    assert_eq!(service.code, "DEMO.0503");
    assert_eq!(service.message, "busy 3");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn max_attempts_is_honoured_whatever_its_value() {
    for attempts in [1, 2, 5] {
        let server = always(503).await;
        let client = client(
            config(&server)
                .retry(fast_retries().with_max_attempts(attempts))
                .build(),
        );
        let error =
            expect_err(bounded(client.send::<serde_json::Value>(show_thing(&client))).await);
        assert_eq!(error.request_id(), Some(format!("req-{attempts}").as_str()));
        assert_eq!(requests(&server).await.len(), attempts as usize);
    }
}

#[tokio::test]
async fn default_policy_makes_three_attempts() {
    assert_eq!(RetryPolicy::default().max_attempts(), 3);
    let server = always(503).await;
    // The default delays (up to 200 ms, then 400 ms) keep this well within the bound.
    let client = client(config(&server).retry(RetryPolicy::default()).build());
    let error = expect_err(bounded(client.send::<serde_json::Value>(show_thing(&client))).await);
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn post_503_is_not_retried_by_default() {
    let server = always(503).await;
    let client = client(config(&server).build());
    let error = expect_err(bounded(client.send::<serde_json::Value>(update_thing(&client))).await);
    let service = service_error(error);
    assert_eq!(service.status, 503);
    assert_eq!(service.operation, "UpdateThing");
    assert_eq!(service.request_id.as_deref(), Some("req-1"));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn put_patch_and_delete_are_not_retried_by_default() {
    for verb in [Method::Put, Method::Patch, Method::Delete] {
        let server = always(503).await;
        let client = client(config(&server).build());
        let request = thing_request(&client, "ChangeThing", verb);
        let error = expect_err(bounded(client.send_no_content(request)).await);
        assert_eq!(error.status(), Some(503), "{verb:?}");
        let received = requests(&server).await;
        assert_eq!(received.len(), 1, "{verb:?}");
        assert_eq!(received[0].method.as_str(), verb.as_str());
    }
}

#[tokio::test]
async fn post_503_is_retried_when_non_idempotent_retries_are_on() {
    let server = failing_once(reply(503, &json!({}), "req-busy")).await;
    let client = client(
        config(&server)
            .retry(fast_retries().with_non_idempotent_retries(true))
            .build(),
    );
    let response = bounded(client.send::<serde_json::Value>(update_thing(&client)))
        .await
        .expect("the retry succeeds");
    assert_eq!(response.request_id(), Some("req-ok"));
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    // The retry carries the same body.
    assert_eq!(received[0].body, received[1].body);
    assert_eq!(
        received[1].body_json::<serde_json::Value>().expect("JSON"),
        json!({"name": "new name"})
    );
}

#[tokio::test]
async fn non_idempotent_retries_are_bounded_too() {
    let server = always(503).await;
    let client = client(
        config(&server)
            .retry(
                fast_retries()
                    .with_non_idempotent_retries(true)
                    .with_max_attempts(4),
            )
            .build(),
    );
    let error = expect_err(bounded(client.send::<serde_json::Value>(update_thing(&client))).await);
    assert_eq!(error.request_id(), Some("req-4"));
    assert_eq!(requests(&server).await.len(), 4);
}

#[tokio::test]
async fn disabled_policy_makes_one_request() {
    let server = always(503).await;
    let client = client(config(&server).retry(RetryPolicy::disabled()).build());
    let error = expect_err(bounded(client.send::<serde_json::Value>(show_thing(&client))).await);
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.request_id(), Some("req-1"));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    for status in [400, 401, 403, 404, 409] {
        let server = always(status).await;
        let client = client(
            config(&server)
                .retry(
                    fast_retries()
                        .with_max_attempts(5)
                        .with_non_idempotent_retries(true),
                )
                .build(),
        );
        let error =
            expect_err(bounded(client.send::<serde_json::Value>(show_thing(&client))).await);
        assert_eq!(error.status(), Some(status));
        assert_eq!(requests(&server).await.len(), 1, "HTTP {status}");
    }
}

#[tokio::test]
async fn retry_after_zero_is_retried() {
    let server =
        failing_once(reply(503, &json!({}), "req-busy").insert_header("Retry-After", "0")).await;
    let client = client(config(&server).build());
    bounded(client.send::<serde_json::Value>(show_thing(&client)))
        .await
        .expect("the retry succeeds");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_long_retry_after_is_capped_by_the_max_backoff() {
    // An hour asked for; the policy's 5 ms cap wins, so the call ends at once.
    let server =
        failing_once(reply(429, &json!({}), "req-slow").insert_header("Retry-After", "3600")).await;
    let client = client(config(&server).build());
    bounded(client.send::<serde_json::Value>(show_thing(&client)))
        .await
        .expect("the retry succeeds");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_after_bounded_attempts() {
    let buffer = LogBuffer::default();
    let _logs = tracing::subscriber::set_default(log_subscriber(&buffer));
    let client = client(
        Config::builder()
            .endpoint(refused_endpoint())
            .project_id(PROJECT_ID)
            .credentials(Credentials::token(TOKEN))
            .retry(fast_retries().with_max_attempts(3))
            .build(),
    );
    let error = expect_err(bounded(client.send::<serde_json::Value>(show_thing(&client))).await);
    assert!(
        matches!(
            error,
            Error::Transport {
                operation: "ShowThing",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.status(), None);
    assert_eq!(error.request_id(), None);
    // Nothing answers, so the attempts are counted by the retries the client logs.
    let logs = buffer.text();
    assert_eq!(logs.matches("retrying").count(), 2, "{logs}");
}

#[tokio::test]
async fn connection_refused_with_retries_disabled_is_one_attempt() {
    let buffer = LogBuffer::default();
    let _logs = tracing::subscriber::set_default(log_subscriber(&buffer));
    let client = client(
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .endpoint(refused_endpoint())
            .project_id(PROJECT_ID)
            .retry(RetryPolicy::disabled())
            .build(),
    );
    let error = expect_err(bounded(client.send::<serde_json::Value>(show_thing(&client))).await);
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let logs = buffer.text();
    assert_eq!(logs.matches("retrying").count(), 0, "{logs}");
}

#[tokio::test]
async fn a_transport_failure_on_post_is_not_retried() {
    let buffer = LogBuffer::default();
    let _logs = tracing::subscriber::set_default(log_subscriber(&buffer));
    let client = client(
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .endpoint(refused_endpoint())
            .project_id(PROJECT_ID)
            .retry(fast_retries().with_max_attempts(3))
            .build(),
    );
    let error = expect_err(bounded(client.send::<serde_json::Value>(update_thing(&client))).await);
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let logs = buffer.text();
    assert_eq!(logs.matches("retrying").count(), 0, "{logs}");
}

#[tokio::test]
async fn post_500_is_sent_once() {
    // A POST that fails with 500 (a server error, retryable for GET) is still sent once.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config(&server).build());
    let error = expect_err(bounded(client.send_no_content(update_thing(&client))).await);
    assert_eq!(error.status(), Some(500));
}
