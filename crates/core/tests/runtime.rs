//! A call from start to finish as a generated crate makes it: what is sent (path, query,
//! headers, body, User-Agent), and what a success reply gives back.

mod common;

use common::*;
use huaweicloud_sdk_core::paginate::{self, StreamExt, TryStreamExt};
use huaweicloud_sdk_core::{
    Config, Credentials, Method, OperationRequest, Response, ServiceClient, encode_component,
};
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::matchers::{
    any, body_json, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[derive(Debug, Deserialize, PartialEq)]
struct Thing {
    id: String,
    size: u32,
}

#[tokio::test]
async fn success_gives_body_status_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(THING_PATH))
        .respond_with(reply(200, &json!({"id": "thing-1", "size": 3}), "req-show"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config(&server).build());
    let response: Response<Thing> = client
        .send(show_thing(&client))
        .await
        .expect("call succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-show"));
    assert_eq!(response.id, "thing-1", "Response derefs to the body");
    assert_eq!(
        *response.body(),
        Thing {
            id: "thing-1".to_owned(),
            size: 3
        }
    );
    assert_eq!(response.into_body().size, 3);
}

#[tokio::test]
async fn success_without_request_id_has_none() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(201).set_body_json(json!([1, 2])))
        .mount(&server)
        .await;
    let client = client(config(&server).build());
    let response = client
        .send::<Vec<u8>>(show_thing(&client))
        .await
        .expect("call succeeds");
    assert_eq!(response.status(), 201);
    assert_eq!(response.request_id(), None);
    assert_eq!(*response, [1, 2]);
}

#[tokio::test]
async fn send_no_content_on_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(THING_PATH))
        .respond_with(ResponseTemplate::new(204).insert_header("X-Request-Id", "req-deleted"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config(&server).build());
    let response = client
        .send_no_content(thing_request(&client, "DeleteThing", Method::Delete))
        .await
        .expect("call succeeds");
    assert_eq!(response.status(), 204);
    assert_eq!(response.request_id(), Some("req-deleted"));
    assert_eq!(*response.body(), ());
}

#[tokio::test]
async fn send_no_content_ignores_a_success_body() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("not json at all", "text/plain"))
        .mount(&server)
        .await;
    let client = client(config(&server).build());
    let response = client
        .send_no_content(update_thing(&client))
        .await
        .expect("call succeeds");
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn send_no_content_still_reports_errors() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(reply(
            404,
            &json!({"error_code": "DEMO.0404", "error_msg": "no such thing"}),
            "req-404",
        ))
        .mount(&server)
        .await;
    let client = client(config(&server).build());
    let error = expect_err(
        client
            .send_no_content(thing_request(&client, "DeleteThing", Method::Delete))
            .await,
    );
    let service = error.as_service_error().expect("a service error");
    assert_eq!(service.operation, "DeleteThing");
    assert_eq!(service.code, "DEMO.0404");
    assert_eq!(service.request_id.as_deref(), Some("req-404"));
}

#[tokio::test]
async fn request_carries_path_query_headers_body_and_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/{PROJECT_ID}/things/a%2Fb%20c%3F")))
        .and(query_param("limit", "10"))
        .and(query_param("name", "x y&z"))
        .and(header("content-type", "application/json"))
        .and(header("x-language", "en-us"))
        .and(header("x-auth-token", TOKEN))
        .and(body_json(json!({"size": 4})))
        .respond_with(reply(200, &json!({"id": "a/b c?", "size": 4}), "req-put"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(
        config(&server)
            .credentials(Credentials::token(TOKEN))
            .build(),
    );
    let mut request =
        OperationRequest::new("UpdateThing", Method::Put, "/v1/{project_id}/things/{id}");
    assert_eq!(request.operation(), "UpdateThing");
    request
        .path_param("project_id", client.project_id(None).expect("configured"))
        .expect("valid");
    request
        .path_param("id", "a/b c?".to_owned())
        .expect("valid");
    request.query_param("limit", "10".to_owned());
    request.query_param("name", "x y&z".to_owned());
    request
        .header("X-Language", "en-us".to_owned())
        .expect("valid");
    request.json_body(&json!({"size": 4})).expect("encodes");
    let response = client.send::<Thing>(request).await.expect("call succeeds");
    assert_eq!(response.id, "a/b c?");

    let received = requests(&server).await;
    let user_agent = received[0]
        .headers
        .get("user-agent")
        .expect("User-Agent is sent")
        .to_str()
        .expect("text");
    assert!(
        user_agent.starts_with("huaweicloud-sdk-demo/0.0.0 huaweicloud-sdk-core/"),
        "{user_agent}"
    );
    assert_eq!(received[0].url.query(), Some("limit=10&name=x%20y%26z"));
}

#[tokio::test]
async fn get_without_body_sends_none() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(reply(200, &json!({}), "r"))
        .mount(&server)
        .await;
    let client = client(config(&server).build());
    client
        .send::<Value>(show_thing(&client))
        .await
        .expect("call succeeds");
    let received = requests(&server).await;
    assert!(received[0].body.is_empty());
    assert_eq!(received[0].url.query(), None);
}

#[test]
fn encode_component_keeps_only_unreserved_characters() {
    assert_eq!(encode_component("aZ09-._~"), "aZ09-._~");
    assert_eq!(encode_component("a/b c?#%"), "a%2Fb%20c%3F%23%25");
}

#[test]
fn client_exposes_its_configuration() {
    let config = Config::builder()
        .credentials(Credentials::token("test-token"))
        .endpoint("https://demo.example.com/")
        .project_id(PROJECT_ID)
        .validate_requests(false)
        .retry(fast_retries())
        .build();
    let client = ServiceClient::new(&SERVICE, config).expect("client builds");
    assert_eq!(client.base_url(), "https://demo.example.com");
    assert!(!client.validates_requests());
    assert_eq!(client.config().project_id(), Some(PROJECT_ID));
    assert_eq!(
        client.config().endpoint(),
        Some("https://demo.example.com/")
    );
    assert_eq!(*client.config().retry(), fast_retries());
    let clone = client.clone();
    assert_eq!(clone.base_url(), client.base_url());

    let defaults = ServiceClient::new(
        &SERVICE,
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .endpoint("https://demo.example.com")
            .build(),
    )
    .expect("client builds");
    assert!(defaults.validates_requests());
    assert!(defaults.config().validate_requests());
}

#[derive(Debug, Deserialize)]
struct Page {
    items: Vec<Item>,
}

#[derive(Debug, Deserialize, Clone, PartialEq)]
struct Item {
    id: String,
}

fn items_of(page: &Page) -> &[Item] {
    page.items.as_slice()
}

fn marker_of(item: &Item) -> Option<String> {
    Some(item.id.clone())
}

/// A page of `ListThings` on its way.
type PageFuture = std::pin::Pin<
    Box<dyn Future<Output = Result<Response<Page>, huaweicloud_sdk_core::Error>> + Send>,
>;

/// One page of `ListThings`, as a generated builder sends it with a given marker.
fn list_things(client: &ServiceClient) -> impl Fn((), Option<String>) -> PageFuture + Send + use<> {
    let client = client.clone();
    move |(), marker: Option<String>| {
        let client = client.clone();
        Box::pin(async move {
            let mut request =
                OperationRequest::new("ListThings", Method::Get, "/v1/{project_id}/things");
            request.path_param("project_id", client.project_id(None)?)?;
            request.query_param("limit", "2".to_owned());
            if let Some(marker) = marker {
                request.query_param("marker", marker);
            }
            client.send::<Page>(request).await
        })
    }
}

/// Marker pagination over the real client, as generated `into_pages`/`into_items` do it:
/// each page is a new, separately signed request carrying the last item's marker.
#[tokio::test]
async fn marker_pages_follow_the_last_item_over_signed_requests() {
    let server = MockServer::start().await;
    let page =
        |ids: &[&str]| json!({"items": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()});
    for (marker, ids) in [
        (None, &["a", "b"][..]),
        (Some("b"), &["c", "d"][..]),
        (Some("d"), &["e"][..]),
    ] {
        let mock = Mock::given(method("GET"))
            .and(path(format!("/v1/{PROJECT_ID}/things")))
            .and(query_param("limit", "2"));
        let mock = match marker {
            Some(marker) => mock.and(query_param("marker", marker)),
            None => mock.and(query_param_is_missing("marker")),
        };
        // Each page is asked for once by each of the two streams below.
        mock.respond_with(reply(200, &page(ids), &format!("req-{}", ids[0])))
            .expect(2)
            .mount(&server)
            .await;
    }
    let client = client(config(&server).build());

    let pages = paginate::marker_pages(
        "ListThings",
        (),
        None,
        Some(2),
        list_things(&client),
        items_of,
        marker_of,
    );
    let request_ids: Vec<Option<String>> = pages
        .map_ok(|page| page.request_id().map(str::to_owned))
        .try_collect()
        .await
        .expect("every page arrives");
    assert_eq!(
        request_ids,
        [
            Some("req-a".into()),
            Some("req-c".into()),
            Some("req-e".into())
        ]
    );

    let pages = paginate::marker_pages(
        "ListThings",
        (),
        None,
        Some(2),
        list_things(&client),
        items_of,
        marker_of,
    );
    let ids: Vec<String> = paginate::items(pages, |page| page.items)
        .map(|item| item.map(|item| item.id))
        .try_collect()
        .await
        .expect("every item arrives");
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);

    let received: Vec<Request> = requests(&server).await;
    assert_eq!(received.len(), 6);
    for request in &received {
        let authorization = request
            .headers
            .get("authorization")
            .expect("each page is signed")
            .to_str()
            .expect("text");
        assert!(
            authorization.starts_with("SDK-HMAC-SHA256 Access="),
            "{authorization}"
        );
    }
}

/// An error page ends the stream after it is yielded.
#[tokio::test]
async fn a_failing_page_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("marker"))
        .respond_with(reply(
            200,
            &json!({"items": [{"id": "a"}, {"id": "b"}]}),
            "req-1",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(query_param("marker", "b"))
        .respond_with(reply(
            400,
            &json!({"error_code": "DEMO.0400", "error_msg": "bad marker"}),
            "req-2",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config(&server).build());
    let pages = paginate::marker_pages(
        "ListThings",
        (),
        None,
        Some(2),
        list_things(&client),
        items_of,
        marker_of,
    );
    let items: Vec<Result<String, String>> = paginate::items(pages, |page| page.items)
        .map(|item| item.map(|item| item.id).map_err(|e| e.to_string()))
        .collect()
        .await;
    assert_eq!(
        items,
        [
            Ok("a".to_owned()),
            Ok("b".to_owned()),
            Err(
                "ListThings failed with HTTP 400, error code DEMO.0400: bad marker (request id req-2)"
                    .to_owned()
            ),
        ]
    );
}
