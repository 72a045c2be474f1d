//! How calls authenticate, checked on what the server receives: AK/SK signatures (recomputed
//! from the received request with the public signer), temporary keys, domain scope, tokens.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::*;
use huaweicloud_sdk_core::signer::{SigningRequest, canonical_query_string, format_sdk_date, sign};
use huaweicloud_sdk_core::{Config, Credentials, Method, OperationRequest};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request};

/// A server answering every request with `200 {}`.
async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(reply(200, &json!({}), "req-ok"))
        .mount(&server)
        .await;
    server
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut received = requests(server).await;
    assert_eq!(received.len(), 1, "exactly one request: {received:?}");
    received.remove(0)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("header value is text"))
}

fn header_count(request: &Request, name: &str) -> usize {
    request.headers.get_all(name).iter().count()
}

/// The `SignedHeaders=` list of an `Authorization` value.
fn signed_headers(authorization: &str) -> Vec<String> {
    let list = authorization
        .split(", ")
        .find_map(|part| part.strip_prefix("SignedHeaders="))
        .unwrap_or_else(|| panic!("no SignedHeaders in {authorization}"));
    list.split(';').map(str::to_owned).collect()
}

/// Check the received `Authorization` by signing again what the server received with the
/// public signer: method, `Host`, raw path, decoded query pairs, the signed headers as
/// they arrived, the body, at the received `X-Sdk-Date`. Returns the signed header names.
fn assert_signature_matches(request: &Request, access_key: &str, secret_key: &str) -> Vec<String> {
    let authorization = header(request, "authorization").expect("Authorization is sent");
    assert!(
        authorization.starts_with(&format!(
            "SDK-HMAC-SHA256 Access={access_key}, SignedHeaders="
        )),
        "{authorization}"
    );
    assert!(authorization.contains(", Signature="), "{authorization}");
    let sdk_date = header(request, "x-sdk-date").expect("X-Sdk-Date is sent");
    assert_sdk_date_format(sdk_date);
    let host = header(request, "host").expect("Host is sent");
    let names = signed_headers(authorization);
    assert!(names.iter().any(|name| name == "host"), "{names:?}");
    assert!(names.iter().any(|name| name == "x-sdk-date"), "{names:?}");
    let headers: Vec<(String, String)> = names
        .iter()
        .map(|name| {
            assert_eq!(
                header_count(request, name),
                1,
                "signed header {name} sent once"
            );
            let value = header(request, name)
                .unwrap_or_else(|| panic!("signed header {name} was not received"));
            (name.clone(), value.to_owned())
        })
        .collect();
    let query: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    let signature = sign(
        &SigningRequest {
            method: request.method.as_str(),
            host,
            path: request.url.path(),
            query: &query,
            headers: &headers,
            body: &request.body,
        },
        access_key,
        secret_key,
        sdk_date,
    );
    assert_eq!(signature.signed_headers, names.join(";"));
    assert_eq!(
        signature.authorization, authorization,
        "the received signature does not match what was received; canonical request:\n{}",
        signature.canonical_request
    );
    names
}

/// `%Y%m%dT%H%M%SZ`, within a generous window around now.
fn assert_sdk_date_format(sdk_date: &str) {
    let bytes = sdk_date.as_bytes();
    assert_eq!(bytes.len(), 16, "{sdk_date}");
    for (index, byte) in bytes.iter().enumerate() {
        match index {
            8 => assert_eq!(*byte, b'T', "{sdk_date}"),
            15 => assert_eq!(*byte, b'Z', "{sdk_date}"),
            _ => assert!(byte.is_ascii_digit(), "{sdk_date}"),
        }
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    // Same width and field order, so text order is time order.
    let earliest = format_sdk_date(now - 3_600);
    let latest = format_sdk_date(now + 3_600);
    assert!(
        earliest.as_str() <= sdk_date && sdk_date <= latest.as_str(),
        "{sdk_date} is not near now ({earliest}..{latest})"
    );
}

#[tokio::test]
async fn ak_sk_get_is_signed_over_what_is_sent() {
    let server = ok_server().await;
    let client = client(config(&server).build());
    let mut request = show_thing(&client);
    request.query_param("limit", "10".to_owned());
    request
        .header("X-Language", "en-us".to_owned())
        .expect("valid header");
    client
        .send::<serde_json::Value>(request)
        .await
        .expect("call succeeds");

    let received = only_request(&server).await;
    assert_eq!(received.method.as_str(), "GET");
    assert_eq!(received.url.path(), THING_PATH);
    assert_eq!(header(&received, "x-project-id"), Some(PROJECT_ID));
    assert_eq!(header(&received, "x-auth-token"), None);
    assert_eq!(header(&received, "x-security-token"), None);
    assert_eq!(header(&received, "x-domain-id"), None);
    let signed = assert_signature_matches(&received, AK, SK);
    assert_eq!(
        signed,
        [
            "content-type",
            "host",
            "x-language",
            "x-project-id",
            "x-sdk-date"
        ],
        "the scope header and the caller's headers are signed"
    );
}

#[tokio::test]
async fn ak_sk_post_signs_body_encoded_path_and_sends_the_canonical_query_order() {
    let server = ok_server().await;
    let client = client(config(&server).build());
    let mut request = OperationRequest::new(
        "UpdateThing",
        Method::Post,
        "/v1/{project_id}/things/{id}/actions",
    );
    request
        .path_param("project_id", PROJECT_ID.to_owned())
        .expect("valid segment");
    request
        .path_param("id", "ws 1/ü".to_owned())
        .expect("valid segment");
    // Out of order, with characters that need encoding, a repeated key, an empty value.
    for (name, value) in [
        ("zeta", "last"),
        ("marker", "a b+c/d=e&f"),
        ("limit", "10"),
        ("名", "值"),
        ("Alpha", ""),
        ("marker", "0"),
    ] {
        request.query_param(name, value.to_owned());
    }
    request
        .json_body(&json!({"name": "new name", "tags": ["a", "b"]}))
        .expect("body encodes");
    client
        .send::<serde_json::Value>(request)
        .await
        .expect("call succeeds");

    let received = only_request(&server).await;
    assert_eq!(received.method.as_str(), "POST");
    assert_eq!(
        received.url.path(),
        format!("/v1/{PROJECT_ID}/things/ws%201%2F%C3%BC/actions")
    );
    assert_eq!(
        received
            .body_json::<serde_json::Value>()
            .expect("JSON body"),
        json!({"name": "new name", "tags": ["a", "b"]})
    );
    let sent_pairs: Vec<(String, String)> = [
        ("zeta", "last"),
        ("marker", "a b+c/d=e&f"),
        ("limit", "10"),
        ("名", "值"),
        ("Alpha", ""),
        ("marker", "0"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    assert_eq!(
        received.url.query(),
        Some(canonical_query_string(&sent_pairs).as_str()),
        "AK/SK requests carry the query in its canonical (sorted) order"
    );
    assert_eq!(
        received.url.query(),
        Some("Alpha=&limit=10&marker=0&marker=a%20b%2Bc%2Fd%3De%26f&zeta=last&%E5%90%8D=%E5%80%BC")
    );
    assert_signature_matches(&received, AK, SK);
}

#[tokio::test]
async fn endpoint_path_prefix_is_sent_and_signed() {
    let server = ok_server().await;
    let client = client(
        config(&server)
            .endpoint(format!("{}/gateway/", server.uri()))
            .build(),
    );
    assert_eq!(client.base_url(), format!("{}/gateway", server.uri()));
    client
        .send::<serde_json::Value>(show_thing(&client))
        .await
        .expect("call succeeds");
    let received = only_request(&server).await;
    assert_eq!(received.url.path(), format!("/gateway{THING_PATH}"));
    assert_signature_matches(&received, AK, SK);
}

#[tokio::test]
async fn temporary_credentials_send_and_sign_the_security_token() {
    let server = ok_server().await;
    let client = client(
        config(&server)
            .credentials(Credentials::temporary(AK, SK, SECURITY_TOKEN))
            .build(),
    );
    client
        .send::<serde_json::Value>(show_thing(&client))
        .await
        .expect("call succeeds");
    let received = only_request(&server).await;
    assert_eq!(header(&received, "x-security-token"), Some(SECURITY_TOKEN));
    assert_eq!(header_count(&received, "x-security-token"), 1);
    assert_eq!(header(&received, "x-project-id"), Some(PROJECT_ID));
    let signed = assert_signature_matches(&received, AK, SK);
    assert!(
        signed.iter().any(|name| name == "x-security-token"),
        "{signed:?}"
    );
}

#[tokio::test]
async fn domain_scoped_keys_send_x_domain_id_and_no_project_id() {
    let server = ok_server().await;
    let client = client(
        config(&server)
            .credentials(Credentials::access_key(AK, SK).with_domain_id("d1"))
            .build(),
    );
    client
        .send::<serde_json::Value>(show_thing(&client))
        .await
        .expect("call succeeds");
    let received = only_request(&server).await;
    assert_eq!(header(&received, "x-domain-id"), Some("d1"));
    assert_eq!(header(&received, "x-project-id"), None);
    let signed = assert_signature_matches(&received, AK, SK);
    assert!(
        signed.iter().any(|name| name == "x-domain-id"),
        "{signed:?}"
    );
}

#[tokio::test]
async fn temporary_domain_scoped_keys_send_both_headers() {
    let server = ok_server().await;
    let client = client(
        config(&server)
            .credentials(Credentials::temporary(AK, SK, SECURITY_TOKEN).with_domain_id("d1"))
            .build(),
    );
    client
        .send_no_content(update_thing(&client))
        .await
        .expect("call succeeds");
    let received = only_request(&server).await;
    assert_eq!(header(&received, "x-domain-id"), Some("d1"));
    assert_eq!(header(&received, "x-security-token"), Some(SECURITY_TOKEN));
    assert_eq!(header(&received, "x-project-id"), None);
    assert_signature_matches(&received, AK, SK);
}

#[tokio::test]
async fn project_scoped_keys_without_a_project_id_send_no_scope_header() {
    let server = ok_server().await;
    let client = client(
        Config::builder()
            .endpoint(server.uri())
            .credentials(Credentials::access_key(AK, SK))
            .build(),
    );
    let request = OperationRequest::new("ListThings", Method::Get, "/v1/things");
    client
        .send::<serde_json::Value>(request)
        .await
        .expect("call succeeds");
    let received = only_request(&server).await;
    assert_eq!(header(&received, "x-project-id"), None);
    assert_eq!(header(&received, "x-domain-id"), None);
    assert_signature_matches(&received, AK, SK);
}

#[tokio::test]
async fn token_credentials_send_x_auth_token_and_no_signature() {
    let server = ok_server().await;
    let client = client(
        config(&server)
            .credentials(Credentials::token(TOKEN))
            .build(),
    );
    let mut request = show_thing(&client);
    request.query_param("zeta", "1".to_owned());
    request.query_param("alpha", "a b".to_owned());
    client
        .send::<serde_json::Value>(request)
        .await
        .expect("call succeeds");
    let received = only_request(&server).await;
    assert_eq!(header(&received, "x-auth-token"), Some(TOKEN));
    assert_eq!(header_count(&received, "x-auth-token"), 1);
    assert_eq!(header(&received, "authorization"), None);
    assert_eq!(header(&received, "x-sdk-date"), None);
    assert_eq!(header(&received, "x-security-token"), None);
    // Without a signature the query keeps the caller's order.
    assert_eq!(received.url.query(), Some("zeta=1&alpha=a%20b"));
}

#[tokio::test]
async fn a_token_ignores_with_domain_id() {
    let server = ok_server().await;
    let client = client(
        config(&server)
            .credentials(Credentials::token(TOKEN).with_domain_id("d1"))
            .build(),
    );
    client
        .send::<serde_json::Value>(show_thing(&client))
        .await
        .expect("call succeeds");
    let received = only_request(&server).await;
    assert_eq!(header(&received, "x-auth-token"), Some(TOKEN));
    assert_eq!(header(&received, "x-domain-id"), None);
    assert_eq!(header(&received, "authorization"), None);
}

#[tokio::test]
async fn a_client_without_credentials_is_not_built_and_the_error_says_how_to_give_them() {
    let server = ok_server().await;
    let error = huaweicloud_sdk_core::ServiceClient::new(
        &SERVICE,
        Config::builder().endpoint(server.uri()).build(),
    )
    .expect_err("no credentials");
    let message = error.to_string();
    for expected in [
        "no credentials",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "Credentials::token",
        "Credentials::access_key",
    ] {
        assert!(
            message.contains(expected),
            "{expected} missing in: {message}"
        );
    }
    assert!(
        matches!(error, huaweicloud_sdk_core::Error::Config(_)),
        "{error:?}"
    );
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn callers_own_x_project_id_is_not_duplicated_by_the_scope_header() {
    let server = ok_server().await;
    let client = client(config(&server).build());
    let mut request = show_thing(&client);
    request
        .header("x-project-id", "caller-project".to_owned())
        .expect("valid header");
    client
        .send::<serde_json::Value>(request)
        .await
        .expect("call succeeds");
    let received = only_request(&server).await;
    assert_eq!(header_count(&received, "x-project-id"), 1);
    assert_eq!(header(&received, "x-project-id"), Some("caller-project"));
    assert_signature_matches(&received, AK, SK);
}

#[tokio::test]
async fn callers_own_x_domain_id_is_not_duplicated_by_the_scope_header() {
    let server = ok_server().await;
    let client = client(
        config(&server)
            .credentials(Credentials::access_key(AK, SK).with_domain_id("d1"))
            .build(),
    );
    let mut request = show_thing(&client);
    request
        .header("X-Domain-Id", "caller-domain".to_owned())
        .expect("valid header");
    client
        .send::<serde_json::Value>(request)
        .await
        .expect("call succeeds");
    let received = only_request(&server).await;
    assert_eq!(header_count(&received, "x-domain-id"), 1);
    assert_eq!(header(&received, "x-domain-id"), Some("caller-domain"));
    assert_signature_matches(&received, AK, SK);
}

#[tokio::test]
async fn every_retry_is_signed_afresh() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(reply(503, &json!({}), "req-busy"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(reply(200, &json!({}), "req-ok"))
        .mount(&server)
        .await;
    let client = client(
        config(&server)
            .credentials(Credentials::temporary(AK, SK, SECURITY_TOKEN))
            .build(),
    );
    client
        .send::<serde_json::Value>(show_thing(&client))
        .await
        .expect("the retry succeeds");
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(header_count(request, "x-security-token"), 1);
        assert_eq!(header_count(request, "authorization"), 1);
        assert_signature_matches(request, AK, SK);
    }
}
