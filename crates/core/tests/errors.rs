//! Every kind of `Error` from a real call: what it carries, how it reads, its source chain.

mod common;

use std::error::Error as _;

use common::*;
use huaweicloud_sdk_core::{
    Config, Credentials, DecodeError, Error, InvalidInput, Method, OperationRequest, RetryPolicy,
    Rule, ServiceClient, ServiceError,
};
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that fails the test (when dropped) if any request reaches it.
async fn server_expecting_no_request() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .named("no request may be sent")
        .expect(0)
        .mount(&server)
        .await;
    server
}

/// Serve `template` once, call `ShowThing` (one attempt) and return the error.
async fn call_failing_with(template: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config(&server).retry(RetryPolicy::disabled()).build());
    expect_err(client.send::<Value>(show_thing(&client)).await)
}

fn service_error(error: &Error) -> &ServiceError {
    error
        .as_service_error()
        .unwrap_or_else(|| panic!("expected Error::Service, got {error:?}"))
}

fn decode_error(error: &Error) -> &DecodeError {
    match error {
        Error::Decode(decode) => decode,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

fn invalid_input(error: &Error) -> &InvalidInput {
    match error {
        Error::InvalidInput(invalid) => invalid,
        other => panic!("expected Error::InvalidInput, got {other:?}"),
    }
}

// --- InvalidInput -------------------------------------------------------------------

#[test]
fn dot_dot_path_param_is_invalid_input() {
    let mut request =
        OperationRequest::new("ShowThing", Method::Get, "/v1/{project_id}/things/{id}");
    for value in ["..", ".", ""] {
        let error = request
            .path_param("id", value.to_owned())
            .expect_err("refused");
        assert_eq!(
            *invalid_input(&error),
            InvalidInput {
                parameter: "id".to_owned(),
                rule: Rule::PathSegment
            }
        );
        assert_eq!(
            error.to_string(),
            "invalid input: `id` must not be empty, `.` or `..` (it is one path segment)"
        );
        assert!(error.source().is_none());
        assert_eq!(error.status(), None);
        assert_eq!(error.request_id(), None);
    }
}

#[test]
fn header_with_a_line_break_is_invalid_input() {
    let mut request = OperationRequest::new("ShowThing", Method::Get, "/v1/things");
    let error = request
        .header("X-Language", "en-us\r\nX-Evil: 1".to_owned())
        .expect_err("refused");
    assert_eq!(invalid_input(&error).rule, Rule::HeaderValue);
    let text = error.to_string();
    assert!(text.contains("`X-Language`"), "{text}");
    assert!(!text.contains("X-Evil"), "the value is never shown: {text}");
}

#[test]
fn missing_project_id_is_invalid_input() {
    let client = ServiceClient::new(
        &SERVICE,
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .endpoint("http://127.0.0.1:1")
            .build(),
    )
    .expect("client builds");
    let error = client.project_id(None).expect_err("no project id");
    assert_eq!(invalid_input(&error).rule, Rule::MissingProjectId);
    assert!(error.to_string().contains("`project_id`"), "{error}");
    assert_eq!(
        client.project_id(Some("p2".to_owned())).expect("given"),
        "p2"
    );
}

#[tokio::test]
async fn a_path_param_missing_from_the_request_sends_nothing() {
    let server = server_expecting_no_request().await;
    let client = client(config(&server).build());
    let request = OperationRequest::new("ShowThing", Method::Get, "/v1/things/{id}");
    let error = expect_err(client.send::<Value>(request).await);
    match &error {
        Error::Config(message) => {
            assert!(message.contains("ShowThing"), "{message}");
            assert!(message.contains("`id`"), "{message}");
        }
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

// --- Config -------------------------------------------------------------------------

#[test]
fn endpoint_that_is_not_a_url_is_a_config_error() {
    let error = ServiceClient::new(&SERVICE, Config::builder().endpoint("not a url").build())
        .expect_err("not a URL");
    match &error {
        Error::Config(message) => {
            assert!(message.contains("`not a url`"), "{message}");
            assert!(message.contains("demo"), "{message}");
        }
        other => panic!("expected Error::Config, got {other:?}"),
    }
    let text = error.to_string();
    assert!(
        text.starts_with("configuration error: endpoint `not a url` of demo is not a valid URL"),
        "{text}"
    );
    assert!(error.source().is_none());
}

#[test]
fn endpoint_that_is_not_http_is_a_config_error() {
    for endpoint in ["ftp://127.0.0.1:1", "data:text,x"] {
        let error = ServiceClient::new(&SERVICE, Config::builder().endpoint(endpoint).build())
            .expect_err("not http");
        match &error {
            Error::Config(message) => {
                assert!(
                    message.contains("must be an http or https URL"),
                    "{message}"
                )
            }
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }
}

// --- Transport and Timeout ----------------------------------------------------------

#[tokio::test]
async fn connection_refused_is_a_transport_error_with_a_source() {
    let client = client(
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .endpoint(refused_endpoint())
            .project_id(PROJECT_ID)
            .retry(RetryPolicy::disabled())
            .build(),
    );
    let error = expect_err(client.send::<Value>(show_thing(&client)).await);
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
    let text = error.to_string();
    assert!(
        text.starts_with("transport error while calling ShowThing: "),
        "{text}"
    );
    let chain = source_chain(&error);
    assert!(!chain.is_empty(), "a transport error keeps its cause");
    assert_eq!(error.status(), None);
    assert_eq!(error.request_id(), None);
}

#[tokio::test]
async fn timeout_has_a_source() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            reply(200, &json!({}), "req-late").set_delay(std::time::Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = client(
        config(&server)
            .timeout(std::time::Duration::from_millis(300))
            .retry(RetryPolicy::disabled())
            .build(),
    );
    let error = expect_err(client.send::<Value>(show_thing(&client)).await);
    assert!(
        matches!(
            error,
            Error::Timeout {
                operation: "ShowThing",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with("ShowThing timed out: "),
        "{error}"
    );
    assert!(!source_chain(&error).is_empty());
}

// --- Service ------------------------------------------------------------------------

/// Every documented error body shape gives its code and message, keeps the raw body, and
/// reads as one sentence.
#[tokio::test]
async fn every_error_body_shape_gives_code_and_message() {
    let cases: &[(u16, Value, &str, &str)] = &[
        (
            400,
            json!({"error_code": "DEMO.0001", "error_msg": "bad thing"}),
            "DEMO.0001",
            "bad thing",
        ),
        (
            401,
            json!({"error_code": "AOM.31009004", "error_message": "auth failed.", "http_code": "401"}),
            "AOM.31009004",
            "auth failed.",
        ),
        (
            400,
            json!({"errorCode": "COC.00040001", "errorMsg": "bad marker"}),
            "COC.00040001",
            "bad marker",
        ),
        (
            404,
            json!({"code": "SecMaster.20010001", "message": "workspace not found"}),
            "SecMaster.20010001",
            "workspace not found",
        ),
        (
            401,
            json!({"error": {"code": "APIGW.0301", "message": "Incorrect IAM authentication information"}}),
            "APIGW.0301",
            "Incorrect IAM authentication information",
        ),
        (
            403,
            json!({"code": 1234, "message": "numeric code"}),
            "1234",
            "numeric code",
        ),
    ];
    for (status, body, code, message) in cases {
        let raw = body.to_string();
        let error = call_failing_with(
            ResponseTemplate::new(*status)
                .insert_header("X-Request-Id", "req-err")
                .set_body_raw(raw.clone(), "application/json"),
        )
        .await;
        assert_eq!(error.status(), Some(*status));
        assert_eq!(error.request_id(), Some("req-err"));
        let service = service_error(&error);
        assert_eq!(
            *service,
            ServiceError {
                operation: "ShowThing",
                status: *status,
                request_id: Some("req-err".to_owned()),
                code: (*code).to_owned(),
                message: (*message).to_owned(),
                raw_body: raw.clone(),
            }
        );
        assert_eq!(
            error.to_string(),
            format!(
                "ShowThing failed with HTTP {status}, error code {code}: {message} (request id req-err)"
            )
        );
        assert!(error.source().is_none());
        assert_eq!(service.body_as::<Value>().expect("JSON body"), *body);
    }
}

#[tokio::test]
async fn non_json_error_body_gives_the_status_as_code_and_the_body_as_message() {
    let html = "<html><body>Bad Gateway</body></html>";
    let error = call_failing_with(
        ResponseTemplate::new(502)
            .insert_header("X-Request-Id", "req-html")
            .set_body_raw(html, "text/html"),
    )
    .await;
    let service = service_error(&error);
    assert_eq!(service.status, 502);
    assert_eq!(service.code, "502");
    assert_eq!(service.message, html);
    assert_eq!(service.raw_body, html);
    assert_eq!(
        error.to_string(),
        format!("ShowThing failed with HTTP 502, error code 502: {html} (request id req-html)")
    );
}

#[tokio::test]
async fn error_without_request_id_says_none() {
    let error = call_failing_with(
        ResponseTemplate::new(404).set_body_json(json!({"error_code": "E", "error_msg": "gone"})),
    )
    .await;
    assert_eq!(error.request_id(), None);
    assert_eq!(
        error.to_string(),
        "ShowThing failed with HTTP 404, error code E: gone (request id none)"
    );
}

#[tokio::test]
async fn error_with_empty_body_falls_back_to_the_status() {
    let error =
        call_failing_with(ResponseTemplate::new(403).insert_header("X-Request-Id", "r")).await;
    let service = service_error(&error);
    assert_eq!(service.code, "403");
    assert_eq!(service.message, "");
    assert_eq!(service.raw_body, "");
}

#[tokio::test]
async fn documented_error_model_is_read_with_body_as() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct DemoError {
        error_code: String,
        error_msg: String,
        #[serde(default)]
        encoded_authorization_message: Option<String>,
    }
    let error = call_failing_with(reply(
        403,
        &json!({"error_code": "DEMO.0403", "error_msg": "denied", "encoded_authorization_message": "xyz"}),
        "req-403",
    ))
    .await;
    let model: DemoError = service_error(&error).body_as().expect("documented model");
    assert_eq!(
        model,
        DemoError {
            error_code: "DEMO.0403".to_owned(),
            error_msg: "denied".to_owned(),
            encoded_authorization_message: Some("xyz".to_owned()),
        }
    );
}

/// A redirect would carry the token (or a signature made for another host) elsewhere: it
/// is returned as the error it is, and the other server hears nothing.
#[tokio::test]
async fn redirect_is_not_followed() {
    for credentials in [
        huaweicloud_sdk_core::Credentials::token(TOKEN),
        huaweicloud_sdk_core::Credentials::access_key(AK, SK),
    ] {
        let elsewhere = server_expecting_no_request().await;
        let location = format!("{}{THING_PATH}", elsewhere.uri());
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("Location", location.as_str())
                    .insert_header("X-Request-Id", "req-302"),
            )
            .expect(1)
            .mount(&server)
            .await;
        let client = client(config(&server).credentials(credentials).build());
        let error = expect_err(client.send::<Value>(show_thing(&client)).await);
        let service = service_error(&error);
        assert_eq!(service.status, 302);
        assert_eq!(service.request_id.as_deref(), Some("req-302"));
        assert_eq!(service.code, "302");
        assert!(
            error
                .to_string()
                .starts_with("ShowThing failed with HTTP 302"),
            "{error}"
        );
        assert!(requests(&elsewhere).await.is_empty());
        assert_eq!(requests(&server).await.len(), 1);
    }
}

// --- Decode -------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Thing {
    a: Vec<i64>,
}

#[tokio::test]
async fn mistyped_field_is_a_decode_error_with_path_and_snippet() {
    let body = r#"{"a": [1, "x"]}"#;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-decode")
                .set_body_raw(body, "application/json"),
        )
        .mount(&server)
        .await;
    let client = client(config(&server).build());
    let error = expect_err(client.send::<Thing>(show_thing(&client)).await);
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.request_id(), Some("req-decode"));
    let decode = decode_error(&error);
    assert_eq!(decode.operation, "ShowThing");
    assert_eq!(decode.path, "a[1]");
    assert!(
        decode.message.contains("invalid type"),
        "{}",
        decode.message
    );
    assert_eq!(decode.snippet, body);
    let text = error.to_string();
    assert!(
        text.starts_with("could not decode the reply of ShowThing (HTTP 200, request id req-decode) at `a[1]`: invalid type"),
        "{text}"
    );
    assert!(
        text.ends_with(&format!("; body starts with: {body}")),
        "{text}"
    );
    assert!(error.source().is_none());
    // A success is not retried because its body does not decode.
    assert_eq!(requests(&server).await.len(), 1);
}

async fn decode_failure(body: &'static str) -> Error {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-bad")
                .set_body_raw(body, "application/json"),
        )
        .mount(&server)
        .await;
    let client = client(config(&server).build());
    expect_err(client.send::<Value>(show_thing(&client)).await)
}

#[tokio::test]
async fn invalid_json_is_a_decode_error() {
    let error = decode_failure("{not json").await;
    let decode = decode_error(&error);
    assert_eq!(decode.status, 200);
    assert_eq!(decode.request_id.as_deref(), Some("req-bad"));
    assert_eq!(decode.snippet, "{not json");
    assert!(decode.message.contains("line 1"), "{}", decode.message);
    assert!(error.to_string().contains("{not json"), "{error}");
}

#[tokio::test]
async fn empty_success_body_is_a_decode_error_for_send() {
    let error = decode_failure("").await;
    let decode = decode_error(&error);
    assert_eq!(decode.snippet, "");
    assert!(decode.message.contains("EOF"), "{}", decode.message);
}

#[tokio::test]
async fn long_body_snippet_is_cut() {
    let body: &'static str = Box::leak(format!("[\"{}\", x]", "y".repeat(1000)).into_boxed_str());
    let error = decode_failure(body).await;
    let decode = decode_error(&error);
    assert_eq!(decode.snippet, format!("{}…", &body[..256]));
}
