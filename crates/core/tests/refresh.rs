//! Temporary keys are kept, refreshed ahead of expiry by one call while the others go on,
//! never used once expired, and kept through a failed refresh while they work. Time is
//! a manual clock: nothing here sleeps to make time pass.

mod common;

use std::time::Duration;

use common::keys::*;
use common::*;
use huaweicloud_sdk_core::{Error, ServiceClient};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECURITY_KEY: &str = "/openstack/latest/securitykey";

async fn call(client: &ServiceClient) -> Result<(), Error> {
    client
        .send::<serde_json::Value>(show_thing(client))
        .await
        .map(|_| ())
}

/// A metadata service whose token request answers `token_status` (one of those that
/// mean "no tokens here") and that hands out keys 1 (expiring at 06:00), then keys 2
/// (at 12:00), each after `delay`.
async fn slow_metadata(token_status: u16, delay: Duration) -> MockServer {
    let metadata = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(token_status))
        .mount(&metadata)
        .await;
    Mock::given(method("GET"))
        .and(path(SECURITY_KEY))
        .respond_with(KeySequence::new(&[6, 12]).delayed(delay))
        .mount(&metadata)
        .await;
    metadata
}

/// `n` calls at once, each of which must succeed.
async fn concurrent_calls(client: &ServiceClient, n: usize) {
    let calls: Vec<_> = (0..n)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { call(&client).await })
        })
        .collect();
    for handle in calls {
        handle.await.expect("task").expect("call");
    }
}

/// The access keys the service's requests were signed with, in order.
async fn keys_used(service: &MockServer) -> Vec<String> {
    requests(service).await.iter().map(signed_with).collect()
}

#[tokio::test]
async fn keys_are_kept_then_refreshed_forty_minutes_before_expiry() {
    // Keys 1 expire at 06:00, keys 2 at 12:00.
    let metadata = metadata_server(KeySequence::new(&[6, 12])).await;
    let clock = ManualClock::at(t0());
    let (service, client) = service_and_client(&metadata, &clock).await;

    call(&client).await.expect("first call");
    clock.advance(5 * HOUR);
    call(&client)
        .await
        .expect("call at 05:00, keys still fresh");
    assert_eq!(
        count(&metadata, SECURITY_KEY).await,
        1,
        "no refresh before 05:20"
    );

    clock.advance(Duration::from_secs(25 * 60));
    call(&client).await.expect("call at 05:25, due for refresh");
    assert_eq!(count(&metadata, SECURITY_KEY).await, 2);
    assert_eq!(
        keys_used(&service).await,
        [temporary_ak(1), temporary_ak(1), temporary_ak(2)]
    );
    // The security token of the keys goes with every call.
    let last = requests(&service).await.pop().expect("a request");
    assert_eq!(
        last.headers
            .get("x-security-token")
            .and_then(|v| v.to_str().ok()),
        Some(temporary_token(2).as_str())
    );
}

#[tokio::test]
async fn calls_during_a_refresh_go_on_with_the_valid_keys_and_one_refresh_is_made() {
    // The refresh takes a while, so that the other calls arrive during it.
    let metadata = slow_metadata(405, Duration::from_millis(300)).await;
    let clock = ManualClock::at(t0());
    let (service, client) = service_and_client(&metadata, &clock).await;
    call(&client).await.expect("first call");

    clock.advance(Duration::from_secs(5 * 3600 + 30 * 60));
    concurrent_calls(&client, 16).await;
    assert_eq!(
        count(&metadata, SECURITY_KEY).await,
        2,
        "exactly one refresh"
    );
    let used = keys_used(&service).await;
    // The refreshing call signed with the new keys; the others did not wait for them.
    assert_eq!(
        used.iter().filter(|ak| **ak == temporary_ak(2)).count(),
        1,
        "{used:?}"
    );
    assert_eq!(
        used.iter().filter(|ak| **ak == temporary_ak(1)).count(),
        16,
        "{used:?}"
    );
}

#[tokio::test]
async fn calls_after_expiry_wait_for_one_refresh_and_never_sign_with_expired_keys() {
    let metadata = slow_metadata(503, Duration::from_millis(200)).await;
    let clock = ManualClock::at(t0());
    let (service, client) = service_and_client(&metadata, &clock).await;
    call(&client).await.expect("first call");

    // 05:59:50 is within the last 15 seconds: the keys are no longer used.
    clock.advance(Duration::from_secs(6 * 3600 - 10));
    concurrent_calls(&client, 8).await;
    assert_eq!(
        count(&metadata, SECURITY_KEY).await,
        2,
        "exactly one refresh"
    );
    let used = keys_used(&service).await;
    assert_eq!(used[0], temporary_ak(1));
    assert!(
        used[1..].iter().all(|ak| *ak == temporary_ak(2)),
        "{used:?}"
    );
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_keys_while_valid_then_calls_fail_saying_why() {
    let metadata = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&metadata)
        .await;
    Mock::given(method("GET"))
        .and(path(SECURITY_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(keys_reply(1, &expiry(6))))
        .up_to_n_times(1)
        .mount(&metadata)
        .await;
    Mock::given(method("GET"))
        .and(path(SECURITY_KEY))
        .respond_with(ResponseTemplate::new(500).set_body_string("metadata backend down"))
        .mount(&metadata)
        .await;
    let clock = ManualClock::at(t0());
    let (service, client) = service_and_client(&metadata, &clock).await;
    call(&client).await.expect("first call");

    clock.advance(Duration::from_secs(5 * 3600 + 30 * 60));
    call(&client)
        .await
        .expect("the refresh fails, the current keys still work");
    assert_eq!(count(&metadata, SECURITY_KEY).await, 2);
    // Within 30 seconds of the failure, calls do not ask again.
    clock.advance(Duration::from_secs(10));
    call(&client).await.expect("still the current keys");
    assert_eq!(count(&metadata, SECURITY_KEY).await, 2);

    clock.advance(HOUR);
    let error = expect_err(call(&client).await);
    let Error::Credentials(message) = &error else {
        panic!("a credentials error, got {error:?}");
    };
    assert!(
        message.contains("expired at 2030-01-01T06:00:00Z"),
        "{message}"
    );
    assert!(
        message.contains("HTTP 500: metadata backend down"),
        "{message}"
    );
    // The expired keys were not used: the service saw only the three earlier calls.
    assert_eq!(requests(&service).await.len(), 3);
}

#[tokio::test]
async fn clones_of_a_configuration_share_one_cache() {
    let metadata = metadata_server(KeySequence::new(&[6])).await;
    let clock = ManualClock::at(t0());
    let (service, first) = service_and_client(&metadata, &clock).await;
    let second = ServiceClient::new(&SERVICE, first.config().clone()).expect("client");
    call(&first).await.expect("call");
    call(&second).await.expect("call");
    assert_eq!(count(&metadata, SECURITY_KEY).await, 1);
    assert_eq!(requests(&service).await.len(), 2);
}
