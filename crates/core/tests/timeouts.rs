//! A reply slower than the configured timeout ends the call with `Error::Timeout`.

mod common;

use std::error::Error as _;
use std::time::{Duration, Instant};

use common::*;
use huaweicloud_sdk_core::{Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

const TIMEOUT: Duration = Duration::from_millis(300);
/// Far beyond the timeout; the client gives up long before.
const DELAY: Duration = Duration::from_secs(5);

async fn slow_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(reply(200, &json!({}), "req-slow").set_delay(DELAY))
        .mount(&server)
        .await;
    server
}

fn assert_timeout(error: &Error, operation: &str) {
    match error {
        Error::Timeout { operation: op, .. } => assert_eq!(*op, operation),
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
    let text = error.to_string();
    assert!(
        text.starts_with(&format!("{operation} timed out: ")),
        "{text}"
    );
    assert!(error.source().is_some(), "a timeout keeps its cause");
    assert_eq!(error.status(), None);
    assert_eq!(error.request_id(), None);
}

#[tokio::test]
async fn slow_reply_times_out_without_retries() {
    let server = slow_server().await;
    let client = client(
        config(&server)
            .timeout(TIMEOUT)
            .retry(RetryPolicy::disabled())
            .build(),
    );
    let started = Instant::now();
    let error = expect_err(client.send::<serde_json::Value>(show_thing(&client)).await);
    assert_timeout(&error, "ShowThing");
    assert_eq!(requests(&server).await.len(), 1);
    // Generous: the point is that the client did not wait for the 5 s reply... much.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[tokio::test]
async fn slow_reply_times_out_after_bounded_retries() {
    let server = slow_server().await;
    let client = client(
        config(&server)
            .timeout(TIMEOUT)
            .retry(fast_retries().with_max_attempts(3))
            .build(),
    );
    let error = expect_err(client.send::<serde_json::Value>(show_thing(&client)).await);
    assert_timeout(&error, "ShowThing");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn slow_post_times_out_once() {
    let server = slow_server().await;
    let client = client(config(&server).timeout(TIMEOUT).build());
    let error = expect_err(client.send_no_content(update_thing(&client)).await);
    assert_timeout(&error, "UpdateThing");
    assert_eq!(
        requests(&server).await.len(),
        1,
        "a POST that timed out may have been applied: it is not sent again"
    );
}

#[tokio::test]
async fn a_reply_within_the_timeout_succeeds() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(reply(200, &json!({"ok": 1}), "req-1").set_delay(Duration::from_millis(10)))
        .mount(&server)
        .await;
    let client = client(config(&server).timeout(Duration::from_secs(30)).build());
    let response = client
        .send::<serde_json::Value>(show_thing(&client))
        .await
        .expect("call succeeds");
    assert_eq!(*response.body(), json!({"ok": 1}));
}
