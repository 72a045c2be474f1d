//! Load: one client (and its clones) carries a thousand concurrent calls against a local
//! server, all of them succeed, the clones share one connection pool, and memory stays
//! bounded.

mod common;
mod raw_server;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::*;
use futures_util::StreamExt;
use huaweicloud_sdk_core::{Config, Credentials, RetryPolicy, ServiceClient};
use raw_server::{Connection, RawServer};
use serde_json::{Value, json};

const CALLS: usize = 1000;
/// Far beyond what the calls take; a hang fails the test instead of stalling it.
const BOUND: Duration = Duration::from_secs(60);

/// A keep-alive server answering every request with a small JSON body and request id
/// `req-N`, N counting requests over all connections.
async fn keep_alive_server() -> RawServer {
    RawServer::start(|mut connection: Connection| async move {
        while let Some(request) = connection.read_request().await {
            let body = format!(
                r#"{{"n": {}, "target": "{}"}}"#,
                request.number, request.target
            );
            let id = format!("req-{}", request.number);
            if connection
                .reply(
                    200,
                    &[("Content-Type", "application/json"), ("X-Request-Id", &id)],
                    body.as_bytes(),
                )
                .await
                .is_err()
            {
                return;
            }
        }
    })
    .await
}

fn load_client(server: &RawServer) -> ServiceClient {
    client(
        Config::builder()
            .endpoint(server.uri())
            .project_id(PROJECT_ID)
            .credentials(Credentials::access_key(AK, SK))
            // Any failure must show: nothing is retried.
            .retry(RetryPolicy::disabled())
            .build(),
    )
}

/// The resident memory of this process in KiB, where `/proc` tells it.
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[test]
fn the_client_is_clone_send_sync_and_its_calls_are_send() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    fn send<T: Send>(_: &T) {}
    shareable::<ServiceClient>();
    shareable::<Config>();
    let client = client(
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .endpoint("http://127.0.0.1:1")
            .project_id(PROJECT_ID)
            .build(),
    );
    let call = client.send::<Value>(show_thing(&client));
    send(&call);
}

/// A thousand calls started at once, each on its own task with its own clone of the
/// client: every one succeeds with its own reply, and memory grows by a bounded amount.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_through_one_client_all_succeed() {
    let server = keep_alive_server().await;
    let client = load_client(&server);
    let before = resident_kib();
    let started = Instant::now();
    let tasks: Vec<_> = (0..CALLS)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send::<Value>(show_thing(&client)).await })
        })
        .collect();
    let mut request_ids = HashSet::new();
    for task in tokio::time::timeout(BOUND, futures_util::future::join_all(tasks))
        .await
        .expect("the calls end in time")
    {
        let response = task.expect("no panic").expect("the call succeeds");
        assert_eq!(response.status(), 200);
        assert_eq!(response["target"], json!(THING_PATH));
        request_ids.insert(response.request_id().expect("request id").to_owned());
    }
    let elapsed = started.elapsed();
    assert_eq!(request_ids.len(), CALLS, "each call got its own reply");
    assert_eq!(server.requests(), CALLS);
    // At most one connection per call; usually far fewer, as replies free connections
    // for the calls still waiting.
    let connections = server.accepted();
    assert!(connections <= CALLS, "{connections} connections");
    println!("{CALLS} concurrent calls: {connections} connections, {elapsed:?}");
    if let (Some(before), Some(after)) = (before, resident_kib()) {
        let grown = after.saturating_sub(before);
        println!("resident memory: {before} KiB before, {after} KiB after");
        // A few KiB per connection and call; 256 MiB would mean something is hoarded.
        assert!(grown < 256 * 1024, "memory grew by {grown} KiB");
    }
}

/// A thousand calls, at most 32 in flight at any time, through clones of one client: the
/// server sees a few dozen connections, far below one per call, because every clone draws
/// on the same pool.
///
/// Not exactly 32: a call that finds no idle connection starts opening one and takes
/// whichever is ready first, an idle one or the new one; the other joins the pool. Runs
/// here see 32 to about 50; the bound leaves room for a loaded machine.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clones_share_one_connection_pool_under_load() {
    const IN_FLIGHT: usize = 32;
    let server = keep_alive_server().await;
    let client = load_client(&server);
    let results: Vec<_> = tokio::time::timeout(
        BOUND,
        futures_util::stream::iter(0..CALLS)
            .map(|_| {
                let client = client.clone();
                async move { client.send::<Value>(show_thing(&client)).await }
            })
            .buffer_unordered(IN_FLIGHT)
            .collect(),
    )
    .await
    .expect("the calls end in time");
    assert_eq!(results.len(), CALLS);
    for result in results {
        result.expect("the call succeeds");
    }
    assert_eq!(server.requests(), CALLS);
    let connections = server.accepted();
    assert!(
        connections <= 4 * IN_FLIGHT,
        "{connections} connections for {IN_FLIGHT} calls in flight"
    );
    println!("{CALLS} calls, {IN_FLIGHT} in flight: {connections} connections");
}

/// Calls one after another, each through a fresh clone: one connection serves them all
/// (a reply read to its end frees its connection before the call returns).
#[tokio::test]
async fn sequential_calls_through_clones_reuse_one_connection() {
    let server = keep_alive_server().await;
    let client = load_client(&server);
    for _ in 0..100 {
        let clone = client.clone();
        clone
            .send::<Value>(show_thing(&clone))
            .await
            .expect("the call succeeds");
    }
    assert_eq!(server.requests(), 100);
    assert_eq!(server.accepted(), 1);
}
