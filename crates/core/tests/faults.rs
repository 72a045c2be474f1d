//! Faults of the network and of the server, injected by a local server, and the error
//! each one gives: its kind, with the HTTP status and request id whenever the reply's head
//! arrived, and never a panic.
//!
//! | fault                                  | error                                             |
//! | -------------------------------------- | ------------------------------------------------- |
//! | connection refused                     | `Transport`, no status                            |
//! | reset before the reply                 | `Transport`, no status                            |
//! | not HTTP at all                        | `Transport`, no status                            |
//! | reset in the middle of the body        | `Transport`, status and request id                |
//! | body cut short (FIN before its length) | `Transport`, status and request id                |
//! | no reply within the timeout            | `Timeout`, no status                              |
//! | body slower than the timeout           | `Timeout`, status and request id                  |
//! | truncated or invalid JSON, HTML on 200 | `Decode`, status, request id, path and snippet    |
//! | 200 with an empty body                 | `Decode` saying the body is empty                 |
//! | HTML error page on 5xx                 | `Service`, the status as code, message cut short  |
//! | body over the size limit               | `ResponseTooLarge`, status, request id and limit  |
//! | 5xx storm                              | `Service` of the last attempt, attempts bounded   |
//! | `Retry-After` (seconds or HTTP date)   | waited for, up to the policy's cap                |
//!
//! None of these errors, nor the logs of the calls, shows a secret of the credentials.
//!
//! GETs are retried on `Transport` and `Timeout` (and 429/5xx); `Decode` and
//! `ResponseTooLarge` are not retried, since the same request would get the same reply.

mod common;
mod raw_server;

use std::error::Error as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use common::*;
use huaweicloud_sdk_core::{Config, ConfigBuilder, Credentials, Error, RetryPolicy};
use raw_server::{Connection, RawServer, head};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Every call of these tests ends well within this, or the test fails instead of hanging.
const BOUND: Duration = Duration::from_secs(20);

/// The local raw server, a project, a token, no retries unless a test asks.
fn raw_config(server: &RawServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.uri())
        .project_id(PROJECT_ID)
        .credentials(Credentials::token(TOKEN))
        .retry(RetryPolicy::disabled())
}

/// `ShowThing` through a client of `config`, bounded in time.
async fn call(config: Config) -> Result<Value, Error> {
    let client = client(config);
    tokio::time::timeout(BOUND, client.send::<Value>(show_thing(&client)))
        .await
        .expect("the call ends in time")
        .map(|response| response.into_body())
}

/// The status, request id and sentence of an error, checked for what every error shares:
/// its text names the operation, and a secret never shows.
fn check_common(error: &Error) {
    let text = error.to_string();
    assert!(text.contains("ShowThing"), "{text}");
    let mut all = format!("{error} {error:?}");
    for source in source_chain(error) {
        all.push_str(&source);
    }
    assert!(!all.contains(TOKEN), "{all}");
}

fn assert_transport(error: &Error, status: Option<u16>, request_id: Option<&str>) {
    match error {
        Error::Transport { operation, .. } => assert_eq!(*operation, "ShowThing"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert_eq!(error.status(), status, "{error}");
    assert_eq!(error.request_id(), request_id, "{error}");
    assert!(
        error.source().is_some(),
        "a transport error keeps its cause"
    );
    check_common(error);
}

fn assert_timeout(error: &Error, status: Option<u16>, request_id: Option<&str>) {
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(error.status(), status, "{error}");
    assert_eq!(error.request_id(), request_id, "{error}");
    check_common(error);
}

fn decode_error(error: &Error) -> &huaweicloud_sdk_core::DecodeError {
    match error {
        Error::Decode(decode) => decode,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// A server that reads one request per connection, then runs `fault` on the connection.
async fn faulty<F, Fut>(fault: F) -> RawServer
where
    F: Fn(Connection) -> Fut + Send + Sync + Copy + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    RawServer::start(move |mut connection: Connection| async move {
        if connection.read_request().await.is_some() {
            fault(connection).await;
        }
    })
    .await
}

const PARTIAL_BODY: &[u8] = br#"{"items": [{"id": "one"}, {"id": "tw"#;

/// A 200 head announcing 1000 bytes, with a request id, then the first bytes of the body.
async fn head_and_part_of_the_body(connection: &mut Connection) {
    let mut bytes = head(
        200,
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "req-partial"),
            ("Content-Length", "1000"),
        ],
    )
    .into_bytes();
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(PARTIAL_BODY);
    connection.write(&bytes).await.expect("write");
}

// --- The connection fails ---------------------------------------------------------

#[tokio::test]
async fn connection_refused_is_a_transport_error_without_status_after_bounded_attempts() {
    let started = Instant::now();
    let error = call(
        Config::builder()
            .endpoint(refused_endpoint())
            .project_id(PROJECT_ID)
            .credentials(Credentials::token(TOKEN))
            .retry(fast_retries().with_max_attempts(4))
            .build(),
    )
    .await
    .expect_err("nothing listens");
    assert_transport(&error, None, None);
    assert!(
        error
            .to_string()
            .starts_with("transport error while calling ShowThing: "),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_reset_before_the_reply_is_a_transport_error_without_status() {
    let server = faulty(|connection| async move { connection.reset() }).await;
    let error = call(raw_config(&server).build()).await.expect_err("reset");
    assert_transport(&error, None, None);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_reply_that_is_not_http_is_a_transport_error_without_status() {
    let server = faulty(|mut connection| async move {
        let _ = connection.write(b"SSH-2.0-OpenSSH_9.6\r\n\r\n").await;
        connection.finish().await;
    })
    .await;
    let error = call(raw_config(&server).build())
        .await
        .expect_err("not HTTP");
    assert_transport(&error, None, None);
}

#[tokio::test]
async fn a_reset_in_the_middle_of_the_body_is_a_transport_error_with_status_and_request_id() {
    let server = faulty(|mut connection| async move {
        head_and_part_of_the_body(&mut connection).await;
        connection.reset();
    })
    .await;
    let error = call(raw_config(&server).build())
        .await
        .expect_err("reset mid-body");
    assert_transport(&error, Some(200), Some("req-partial"));
    let text = error.to_string();
    assert!(
        text.starts_with(
            "transport error while calling ShowThing (reply HTTP 200, request id req-partial): "
        ),
        "{text}"
    );
}

/// The attempt's span records the status and request id of a reply that broke off too.
#[tokio::test]
async fn the_logs_of_a_reply_that_broke_off_name_its_status_and_request_id() {
    let server = faulty(|mut connection| async move {
        head_and_part_of_the_body(&mut connection).await;
        connection.reset();
    })
    .await;
    let buffer = LogBuffer::default();
    {
        let _logs = tracing::subscriber::set_default(log_subscriber(&buffer));
        call(raw_config(&server).build())
            .await
            .expect_err("reset mid-body");
    }
    let logs = buffer.text();
    assert!(logs.contains("status=200"), "{logs}");
    assert!(logs.contains("request_id=\"req-partial\""), "{logs}");
}

#[tokio::test]
async fn a_body_cut_short_is_a_transport_error_with_status_and_request_id() {
    let server = faulty(|mut connection| async move {
        head_and_part_of_the_body(&mut connection).await;
        connection.finish().await;
    })
    .await;
    let error = call(raw_config(&server).build())
        .await
        .expect_err("cut short");
    assert_transport(&error, Some(200), Some("req-partial"));
}

#[tokio::test]
async fn a_chunked_body_cut_short_is_a_transport_error_with_status_and_request_id() {
    let server = faulty(|mut connection| async move {
        let mut bytes = head(
            200,
            &[
                ("X-Request-Id", "req-chunked"),
                ("Transfer-Encoding", "chunked"),
            ],
        )
        .into_bytes();
        bytes.extend_from_slice(format!("\r\n{:x}\r\n", PARTIAL_BODY.len()).as_bytes());
        bytes.extend_from_slice(PARTIAL_BODY);
        bytes.extend_from_slice(b"\r\n");
        let _ = connection.write(&bytes).await;
        connection.finish().await;
    })
    .await;
    let error = call(raw_config(&server).build())
        .await
        .expect_err("cut short");
    assert_transport(&error, Some(200), Some("req-chunked"));
}

/// A GET whose body broke off is sent again, and the second reply is the result.
#[tokio::test]
async fn a_get_whose_body_broke_off_is_retried() {
    let server = RawServer::start(|mut connection: Connection| async move {
        while let Some(request) = connection.read_request().await {
            if request.number == 1 {
                head_and_part_of_the_body(&mut connection).await;
                connection.reset();
                return;
            }
            let _ = connection
                .reply(200, &[("X-Request-Id", "req-ok")], br#"{"ok": true}"#)
                .await;
        }
    })
    .await;
    let body = call(raw_config(&server).retry(fast_retries()).build())
        .await
        .expect("the retry succeeds");
    assert_eq!(body, json!({"ok": true}));
    assert_eq!(server.requests(), 2);
}

// --- Too slow -----------------------------------------------------------------------

#[tokio::test]
async fn no_reply_within_the_timeout_is_a_timeout_without_status() {
    let server = faulty(|connection| connection.hang()).await;
    let started = Instant::now();
    let error = call(
        raw_config(&server)
            .timeout(Duration::from_millis(200))
            .build(),
    )
    .await
    .expect_err("too slow");
    assert_timeout(&error, None, None);
    assert!(
        error.to_string().starts_with("ShowThing timed out: "),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_body_slower_than_the_timeout_is_a_timeout_with_status_and_request_id() {
    let server = faulty(|mut connection| async move {
        head_and_part_of_the_body(&mut connection).await;
        connection.hang().await;
    })
    .await;
    let started = Instant::now();
    let error = call(
        raw_config(&server)
            .timeout(Duration::from_millis(200))
            .build(),
    )
    .await
    .expect_err("too slow");
    assert_timeout(&error, Some(200), Some("req-partial"));
    assert!(
        error
            .to_string()
            .starts_with("ShowThing timed out (reply HTTP 200, request id req-partial): "),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// Retried GETs that time out each time take about `attempts` timeouts, not more.
#[tokio::test]
async fn timeouts_of_a_get_are_retried_a_bounded_number_of_times() {
    let server = faulty(|connection| connection.hang()).await;
    let started = Instant::now();
    let error = call(
        raw_config(&server)
            .timeout(Duration::from_millis(100))
            .retry(fast_retries().with_max_attempts(3))
            .build(),
    )
    .await
    .expect_err("too slow");
    assert_timeout(&error, None, None);
    assert_eq!(server.requests(), 3);
    assert!(started.elapsed() < Duration::from_secs(10));
}

// --- Bodies that are not the JSON expected ------------------------------------------

/// `ShowThing` (no retries) against a server that answers `status` with `body` once.
async fn answered_with(status: u16, content_type: &str, body: &str) -> (Error, MockServer) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("X-Request-Id", "req-body")
                .set_body_raw(body.to_owned(), content_type),
        )
        .mount(&server)
        .await;
    let error = call(config(&server).retry(fast_retries()).build())
        .await
        .expect_err("the body is wrong");
    check_common(&error);
    (error, server)
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_status_request_id_and_snippet() {
    let body = r#"{"items": [{"id": "one"}, {"id": "tw"#;
    let (error, server) = answered_with(200, "application/json", body).await;
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.request_id(), Some("req-body"));
    let decode = decode_error(&error);
    assert!(decode.message.contains("EOF"), "{}", decode.message);
    assert_eq!(decode.snippet, body);
    assert!(
        error
            .to_string()
            .starts_with("could not decode the reply of ShowThing (HTTP 200, request id req-body)"),
        "{error}"
    );
    // The same request would get the same reply: not retried.
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn invalid_json_is_a_decode_error() {
    for body in [
        "{\"a\": nope}",
        "{\"a\": 1,}",
        "[1, 2] trailing",
        "{\"ok\": true}{\"ok\": false}",
        "{\"ok\": true}<html>",
        "\u{0}\u{1}\u{2}",
        "{\"a\": \"\\ud800\"}",
        "NaN",
    ] {
        let (error, _server) = answered_with(200, "application/json", body).await;
        let decode = decode_error(&error);
        assert_eq!(decode.status, 200, "{body}");
        assert_eq!(decode.request_id.as_deref(), Some("req-body"), "{body}");
        assert!(!decode.message.is_empty(), "{body}");
    }
}

/// A valid value followed by anything but whitespace is not taken for the reply.
#[tokio::test]
async fn a_value_followed_by_more_is_a_decode_error() {
    let (error, _server) = answered_with(200, "application/json", "{\"ok\": true} {}").await;
    let decode = decode_error(&error);
    assert!(
        decode.message.contains("trailing characters"),
        "{}",
        decode.message
    );
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("{\"ok\": true} \r\n", "application/json"),
        )
        .mount(&server)
        .await;
    let ok = call(config(&server).build()).await;
    assert_eq!(
        ok.expect("trailing whitespace is fine"),
        json!({"ok": true})
    );
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error() {
    let server = faulty(|mut connection| async move {
        let _ = connection
            .reply(
                200,
                &[("X-Request-Id", "req-bytes")],
                b"{\"a\": \"\xff\xfe\"}",
            )
            .await;
    })
    .await;
    let error = call(raw_config(&server).build())
        .await
        .expect_err("not UTF-8");
    let decode = decode_error(&error);
    assert_eq!(decode.request_id.as_deref(), Some("req-bytes"));
    assert!(decode.snippet.contains('\u{fffd}'), "{}", decode.snippet);
}

#[tokio::test]
async fn an_html_page_on_200_is_a_decode_error_showing_the_page() {
    let page = "<!DOCTYPE html><html><body>Maintenance</body></html>";
    let (error, _server) = answered_with(200, "text/html", page).await;
    let decode = decode_error(&error);
    assert_eq!(decode.request_id.as_deref(), Some("req-body"));
    assert_eq!(decode.snippet, page);
    assert!(error.to_string().contains("<!DOCTYPE html>"), "{error}");
}

#[tokio::test]
async fn an_html_error_page_is_a_service_error_with_the_status_as_code() {
    let page = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "<p>upstream unavailable</p>".repeat(200)
    );
    let (error, server) = answered_with(502, "text/html", &page).await;
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.request_id(), Some("req-body"));
    let service = error.as_service_error().expect("a service error");
    assert_eq!(service.code, "502");
    assert_eq!(service.raw_body, page);
    // The message, and so the error's text, keeps a readable start of the page.
    assert!(
        service
            .message
            .starts_with("<html><head><title>502 Bad Gateway")
    );
    assert!(service.message.ends_with('…'), "{}", service.message);
    assert!(error.to_string().len() < 1200, "{error}");
    // A 502 is retried: every attempt got the page.
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_200_with_an_empty_body_is_a_decode_error_saying_so() {
    for body in ["", "  \r\n"] {
        let (error, _server) = answered_with(200, "application/json", body).await;
        let decode = decode_error(&error);
        assert_eq!(decode.status, 200);
        assert_eq!(decode.request_id.as_deref(), Some("req-body"));
        assert!(
            decode
                .message
                .starts_with("the body is empty, but a JSON value was expected"),
            "{}",
            decode.message
        );
    }
}

#[tokio::test]
async fn a_200_with_an_empty_body_is_fine_when_no_body_is_expected() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).insert_header("X-Request-Id", "req-empty"))
        .mount(&server)
        .await;
    let client = client(config(&server).build());
    let response = client
        .send_no_content(show_thing(&client))
        .await
        .expect("no body expected");
    assert_eq!(response.request_id(), Some("req-empty"));
}

// --- Enormous bodies ----------------------------------------------------------------

const LIMIT: usize = 1024 * 1024;

fn assert_too_large(error: &Error, status: u16, request_id: &str, limit: usize) {
    match error {
        Error::ResponseTooLarge {
            operation,
            status: s,
            request_id: id,
            limit: l,
        } => {
            assert_eq!(*operation, "ShowThing");
            assert_eq!(*s, status);
            assert_eq!(id.as_deref(), Some(request_id));
            assert_eq!(*l, limit);
        }
        other => panic!("expected Error::ResponseTooLarge, got {other:?}"),
    }
    assert_eq!(error.status(), Some(status));
    assert_eq!(error.request_id(), Some(request_id));
    assert_eq!(
        error.to_string(),
        format!(
            "the reply of ShowThing (HTTP {status}, request id {request_id}) is larger than the limit of {limit} bytes, so it was not read (raise it with Config::builder().max_response_bytes(..))"
        )
    );
    check_common(error);
}

/// A server that streams a chunked body of `status` without end (up to 1 GiB, in 64 KiB
/// chunks) and reports how many bytes it wrote before the client hung up.
async fn endless(status: u16) -> (RawServer, Arc<Mutex<Vec<usize>>>) {
    let written = Arc::new(Mutex::new(Vec::new()));
    let report = Arc::clone(&written);
    let server = RawServer::start(move |mut connection: Connection| {
        let report = Arc::clone(&report);
        async move {
            if connection.read_request().await.is_none() {
                return;
            }
            let mut bytes = head(
                status,
                &[
                    ("X-Request-Id", "req-endless"),
                    ("Transfer-Encoding", "chunked"),
                ],
            )
            .into_bytes();
            bytes.extend_from_slice(b"\r\n");
            let mut total = 0;
            if connection.write(&bytes).await.is_ok() {
                let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
                for _ in 0..16 * 1024 {
                    if connection.write(chunk.as_bytes()).await.is_err() {
                        break;
                    }
                    total += 0x10000;
                }
            }
            report.lock().expect("lock").push(total);
        }
    })
    .await;
    (server, written)
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit() {
    let (server, written) = endless(200).await;
    let error = call(raw_config(&server).max_response_bytes(LIMIT).build())
        .await
        .expect_err("too large");
    assert_too_large(&error, 200, "req-endless", LIMIT);
    // The client hung up soon after the limit: the server's writes fail long before its
    // 1 GiB; what it wrote beyond the limit sits in socket buffers.
    let started = Instant::now();
    let total = loop {
        if let Some(total) = written.lock().expect("lock").first().copied() {
            break total;
        }
        assert!(
            started.elapsed() < BOUND,
            "the server never stopped writing"
        );
        tokio::task::yield_now().await;
    };
    assert!(total < 64 * LIMIT, "the server wrote {total} bytes");
}

#[tokio::test]
async fn an_endless_error_body_is_too_large_and_not_retried() {
    let (server, _written) = endless(503).await;
    let error = call(
        raw_config(&server)
            .max_response_bytes(LIMIT)
            .retry(fast_retries())
            .build(),
    )
    .await
    .expect_err("too large");
    assert_too_large(&error, 503, "req-endless", LIMIT);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_body_announced_larger_than_the_limit_is_refused_before_it_is_read() {
    // The server announces 10 GiB and sends none of it: a client that started reading
    // would wait for the timeout instead.
    let server = faulty(|mut connection| async move {
        let mut bytes = head(
            200,
            &[
                ("X-Request-Id", "req-huge"),
                ("Content-Length", "10737418240"),
            ],
        )
        .into_bytes();
        bytes.extend_from_slice(b"\r\n");
        let _ = connection.write(&bytes).await;
        connection.hang().await;
    })
    .await;
    let error = call(
        raw_config(&server)
            .max_response_bytes(LIMIT)
            .timeout(Duration::from_secs(15))
            .build(),
    )
    .await
    .expect_err("too large");
    assert_too_large(&error, 200, "req-huge", LIMIT);
}

/// A JSON string body of exactly `size` bytes.
fn json_of_size(size: usize) -> Vec<u8> {
    let mut body = vec![b'"'];
    body.resize(size - 1, b'a');
    body.push(b'"');
    body
}

#[tokio::test]
async fn a_body_at_the_limit_is_read_and_one_byte_more_is_not() {
    const SMALL: usize = 64 * 1024;
    for chunked in [false, true] {
        let server = RawServer::start(move |mut connection: Connection| async move {
            while let Some(request) = connection.read_request().await {
                // Request 1 gets SMALL bytes, request 2 one more.
                let body = json_of_size(SMALL + request.number - 1);
                let framing = if chunked {
                    ("Transfer-Encoding", "chunked".to_owned())
                } else {
                    ("Content-Length", body.len().to_string())
                };
                let mut bytes = head(
                    200,
                    &[("X-Request-Id", "req-sized"), (framing.0, &framing.1)],
                )
                .into_bytes();
                bytes.extend_from_slice(b"\r\n");
                if chunked {
                    // Several chunks, so the limit is met inside the body, not at its end.
                    for part in body.chunks(10_000) {
                        bytes.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
                        bytes.extend_from_slice(part);
                        bytes.extend_from_slice(b"\r\n");
                    }
                    bytes.extend_from_slice(b"0\r\n\r\n");
                } else {
                    bytes.extend_from_slice(&body);
                }
                if connection.write(&bytes).await.is_err() {
                    return;
                }
            }
        })
        .await;
        let config = raw_config(&server).max_response_bytes(SMALL).build();
        let at_limit = call(config.clone())
            .await
            .unwrap_or_else(|e| panic!("chunked {chunked}: {e}"));
        assert_eq!(at_limit.as_str().map(str::len), Some(SMALL - 2));
        let error = call(config).await.expect_err("one byte over");
        assert_too_large(&error, 200, "req-sized", SMALL);
    }
}

#[test]
fn the_default_limit_is_64_mib() {
    assert_eq!(
        Config::builder().build().max_response_bytes(),
        64 * 1024 * 1024
    );
}

// --- 5xx storms and Retry-After -----------------------------------------------------

/// Replies `503` every time, noting when each request arrived; request ids `req-1`,
/// `req-2`, ...; with `Retry-After` from `retry_after` when given.
struct Storm {
    count: AtomicUsize,
    arrivals: Arc<Mutex<Vec<Instant>>>,
    retry_after: Option<fn() -> String>,
    /// After this many 503s, reply 200 (never if `None`).
    calm_after: Option<usize>,
}

impl Storm {
    fn new(arrivals: &Arc<Mutex<Vec<Instant>>>) -> Storm {
        Storm {
            count: AtomicUsize::new(0),
            arrivals: Arc::clone(arrivals),
            retry_after: None,
            calm_after: None,
        }
    }
}

impl Respond for Storm {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.arrivals.lock().expect("lock").push(Instant::now());
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        if self.calm_after.is_some_and(|calm| n > calm) {
            return reply(200, &json!({"ok": n}), &format!("req-{n}"));
        }
        let mut template = reply(
            503,
            &json!({"error_code": "DEMO.0503", "error_msg": format!("busy {n}")}),
            &format!("req-{n}"),
        );
        if let Some(retry_after) = self.retry_after {
            template = template.insert_header("Retry-After", retry_after().as_str());
        }
        template
    }
}

async fn storm_server(storm: Storm) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(storm).mount(&server).await;
    server
}

fn gaps(arrivals: &[Instant]) -> Vec<Duration> {
    arrivals.windows(2).map(|w| w[1] - w[0]).collect()
}

/// The delays the client logged before each retry, in milliseconds.
fn logged_delays(logs: &str) -> Vec<u64> {
    logs.match_indices("delay_ms=")
        .map(|(at, key)| {
            logs[at + key.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .expect("a number of milliseconds")
        })
        .collect()
}

/// Always 503: the call makes exactly `max_attempts` requests, waits between them as the
/// backoff says (each wait at most its exponential bound, and never shorter than the
/// delay the client logged), ends in well under the sum of the bounds (plus slack), and
/// reports the last reply.
#[tokio::test]
async fn a_5xx_storm_is_bounded_in_attempts_backoff_and_time() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let server = storm_server(Storm::new(&arrivals)).await;
    let policy = RetryPolicy::default()
        .with_max_attempts(5)
        .with_initial_backoff(Duration::from_millis(20))
        .with_max_backoff(Duration::from_millis(60));
    let bounds = [20, 40, 60, 60];
    let buffer = LogBuffer::default();
    let started = Instant::now();
    let error = {
        let _logs = tracing::subscriber::set_default(log_subscriber(&buffer));
        call(config(&server).retry(policy).build())
            .await
            .expect_err("the storm never ends")
    };
    let elapsed = started.elapsed();

    assert_eq!(error.status(), Some(503));
    assert_eq!(error.request_id(), Some("req-5"));
    let service = error.as_service_error().expect("a service error");
    assert_eq!(service.message, "busy 5");
    assert_eq!(requests(&server).await.len(), 5);

    let delays = logged_delays(&buffer.text());
    assert_eq!(delays.len(), 4, "{}", buffer.text());
    let gaps = gaps(&arrivals.lock().expect("lock"));
    for ((delay, bound), gap) in delays.iter().zip(bounds).zip(&gaps) {
        assert!(
            *delay <= bound,
            "delay {delay} ms over its bound {bound} ms"
        );
        assert!(
            *gap >= Duration::from_millis(*delay),
            "waited {gap:?}, less than the {delay} ms backoff"
        );
    }
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

/// Many callers in the same storm: each stops after its attempts, none waits long.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_in_a_storm_each_stop_after_their_attempts() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let server = storm_server(Storm::new(&arrivals)).await;
    let client = client(
        config(&server)
            .retry(fast_retries().with_max_attempts(3))
            .build(),
    );
    let started = Instant::now();
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.send::<Value>(show_thing(&client)).await })
    });
    for call in futures_util::future::join_all(calls).await {
        let error = call.expect("no panic").expect_err("always 503");
        assert_eq!(error.status(), Some(503));
    }
    assert_eq!(requests(&server).await.len(), 150);
    assert!(started.elapsed() < BOUND);
}

/// `Retry-After: 1`, under a 5 s cap: the retry waits a second even though the backoff
/// would have waited at most 1 ms.
#[tokio::test]
async fn retry_after_in_seconds_is_waited_for() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let server = storm_server(Storm {
        retry_after: Some(|| "1".to_owned()),
        calm_after: Some(1),
        ..Storm::new(&arrivals)
    })
    .await;
    let policy = fast_retries().with_max_backoff(Duration::from_secs(5));
    let body = call(config(&server).retry(policy).build())
        .await
        .expect("the retry succeeds");
    assert_eq!(body, json!({"ok": 2}));
    let gaps = gaps(&arrivals.lock().expect("lock"));
    assert_eq!(gaps.len(), 1);
    assert!(gaps[0] >= Duration::from_secs(1), "waited {:?}", gaps[0]);
    assert!(gaps[0] < Duration::from_secs(5), "waited {:?}", gaps[0]);
}

/// `Retry-After` as an HTTP date two seconds ahead (whole seconds, so between one and two
/// seconds away when sent): the retry waits until then.
#[tokio::test]
async fn retry_after_as_an_http_date_is_waited_for() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let server = storm_server(Storm {
        retry_after: Some(|| httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2))),
        calm_after: Some(1),
        ..Storm::new(&arrivals)
    })
    .await;
    let policy = fast_retries().with_max_backoff(Duration::from_secs(5));
    call(config(&server).retry(policy).build())
        .await
        .expect("the retry succeeds");
    let gaps = gaps(&arrivals.lock().expect("lock"));
    assert_eq!(gaps.len(), 1);
    // At least a second, give or take the two clocks' granularity.
    assert!(
        gaps[0] >= Duration::from_millis(950),
        "waited {:?}",
        gaps[0]
    );
    assert!(gaps[0] < Duration::from_secs(5), "waited {:?}", gaps[0]);
}

/// A date an hour ahead is capped by the policy's largest delay; a date in the past, or a
/// value that is neither seconds nor a date, leaves the backoff as it was.
#[tokio::test]
async fn retry_after_beyond_the_cap_or_past_or_unreadable_keeps_the_call_short() {
    for retry_after in [
        (|| httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600)))
            as fn() -> String,
        || "Thu, 01 Jan 1970 00:00:00 GMT".to_owned(),
        || "in a while".to_owned(),
        || "99999999999999999999999".to_owned(),
    ] {
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let server = storm_server(Storm {
            retry_after: Some(retry_after),
            ..Storm::new(&arrivals)
        })
        .await;
        let started = Instant::now();
        let error = call(
            config(&server)
                .retry(fast_retries().with_max_attempts(3))
                .build(),
        )
        .await
        .expect_err("always 503");
        assert_eq!(error.request_id(), Some("req-3"), "{}", retry_after());
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{}: took {:?}",
            retry_after(),
            started.elapsed()
        );
    }
}

// --- Secrets ------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Fault {
    ResetMidBody,
    CutShort,
    SlowBody,
    Endless,
    HtmlError,
    TruncatedJson,
}

/// A server that answers every request with `fault`, keeping the requests it read.
async fn fault_server(fault: Fault, seen: Arc<Mutex<Vec<raw_server::RawRequest>>>) -> RawServer {
    RawServer::start(move |mut connection: Connection| {
        let seen = Arc::clone(&seen);
        async move {
            let Some(request) = connection.read_request().await else {
                return;
            };
            seen.lock().expect("lock").push(request);
            let headers = [("X-Request-Id", "req-fault")];
            match fault {
                Fault::ResetMidBody => {
                    head_and_part_of_the_body(&mut connection).await;
                    connection.reset();
                }
                Fault::CutShort => {
                    head_and_part_of_the_body(&mut connection).await;
                    connection.finish().await;
                }
                Fault::SlowBody => {
                    head_and_part_of_the_body(&mut connection).await;
                    connection.hang().await;
                }
                Fault::Endless => {
                    let body = vec![b' '; 2 * LIMIT];
                    let _ = connection.reply(200, &headers, &body).await;
                }
                Fault::HtmlError => {
                    let _ = connection
                        .reply(502, &headers, b"<html>Bad Gateway</html>")
                        .await;
                }
                Fault::TruncatedJson => {
                    let _ = connection.reply(200, &headers, PARTIAL_BODY).await;
                }
            }
        }
    })
    .await
}

/// With every kind of credentials, every fault ends in an error whose text, `Debug`,
/// source chain and TRACE-level logs hold none of the secrets the requests carried.
#[tokio::test]
async fn no_fault_shows_a_secret_in_its_error_or_the_logs() {
    const SECRETS: [&str; 4] = [AK, SK, SECURITY_TOKEN, TOKEN];
    let all_credentials = [
        Credentials::token(TOKEN),
        Credentials::temporary(AK, SK, SECURITY_TOKEN),
        Credentials::temporary(AK, SK, SECURITY_TOKEN).with_domain_id("d1"),
    ];
    for credentials in all_credentials {
        for fault in [
            Fault::ResetMidBody,
            Fault::CutShort,
            Fault::SlowBody,
            Fault::Endless,
            Fault::HtmlError,
            Fault::TruncatedJson,
        ] {
            let seen = Arc::new(Mutex::new(Vec::new()));
            let server = fault_server(fault, Arc::clone(&seen)).await;
            let buffer = LogBuffer::default();
            let error = {
                let _logs = tracing::subscriber::set_default(log_subscriber(&buffer));
                call(
                    raw_config(&server)
                        .credentials(credentials.clone())
                        .timeout(Duration::from_millis(150))
                        .max_response_bytes(LIMIT)
                        .retry(fast_retries().with_max_attempts(2))
                        .build(),
                )
                .await
                .expect_err("every fault fails the call")
            };
            // The secrets did travel, so that not finding them below means something.
            let first = seen
                .lock()
                .expect("lock")
                .first()
                .cloned()
                .expect("a request");
            let sent = |name: &str| {
                first
                    .header(name)
                    .map(|v| String::from_utf8_lossy(v).into_owned())
            };
            match &credentials {
                Credentials::Token(_) => assert_eq!(sent("x-auth-token").as_deref(), Some(TOKEN)),
                _ => {
                    assert!(sent("authorization").expect("signed").contains(AK));
                    assert_eq!(sent("x-security-token").as_deref(), Some(SECURITY_TOKEN));
                }
            }
            let mut shown = format!("{error}\n{error:?}\n{error:#?}\n");
            for source in source_chain(&error) {
                shown.push_str(&source);
                shown.push('\n');
            }
            shown.push_str(&buffer.text());
            for secret in SECRETS {
                assert!(
                    !shown.contains(secret),
                    "{fault:?}: a secret ({secret}) shows:\n{shown}"
                );
            }
            assert!(
                buffer.text().contains("huaweicloud.call"),
                "{fault:?}: logs were captured"
            );
        }
    }
}
