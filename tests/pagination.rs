//! Marker pagination of the generated COC client against a local server:
//! `GetScriptJobBatch` pages by `limit` and `marker`, the marker being the `id` of the
//! last instance of the previous page (`x-pagination` in `specs/coc.yaml`).

use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use huaweicloud_sdk_coc::models::ExecutionInstance;
use huaweicloud_sdk_coc::{Client, Config, Credentials, Error};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const EXECUTE_UUID: &str = "SCT2023102211473xxxxxxxxxx";
const BATCH_PATH: &str = "/v1/job/script/orders/SCT2023102211473xxxxxxxxxx/batches/1";
/// A stream that has not ended by then is looping.
const PATIENCE: Duration = Duration::from_secs(10);

fn client(server: &MockServer) -> Client {
    Client::new(
        Config::builder()
            .endpoint(server.uri())
            .credentials(Credentials::token("t"))
            .build(),
    )
    .expect("client builds")
}

/// A page of instances with these ids.
fn page(ids: &[i64]) -> Value {
    let instances: Vec<Value> = ids
        .iter()
        .map(|id| json!({"id": id, "status": "FINISHED", "message": format!("instance {id}")}))
        .collect();
    json!({"data": {"batch_index": 1, "total_instances": 5, "execute_instances": instances}})
}

fn reply(body: &Value, request_id: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("X-Request-Id", request_id)
        .set_body_json(body)
}

/// The batch request every test pages through, two instances a page.
fn batch(server: &MockServer) -> huaweicloud_sdk_coc::operations::GetScriptJobBatch {
    client(server)
        .get_script_job_batch()
        .execute_uuid(EXECUTE_UUID)
        .batch_index(1)
        .limit(2)
}

/// Every item of the stream, or the test fails if it does not end within [`PATIENCE`].
async fn drain<T>(
    stream: impl futures_util::Stream<Item = Result<T, Error>>,
) -> Vec<Result<T, Error>> {
    tokio::time::timeout(PATIENCE, stream.collect::<Vec<_>>())
        .await
        .expect("the stream ends")
}

fn ids(items: &[ExecutionInstance]) -> Vec<i64> {
    items
        .iter()
        .map(|item| item.id.expect("id is set"))
        .collect()
}

/// Three pages of 2, 2 and 1 instances: the first request carries no marker, each next
/// one the id of the last instance of the page before.
async fn three_pages() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .and(query_param("limit", "2"))
        .and(query_param_is_missing("marker"))
        .respond_with(reply(&page(&[1588, 1589]), "req-page-1"))
        .named("page 1")
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .and(query_param("limit", "2"))
        .and(query_param("marker", "1589"))
        .respond_with(reply(&page(&[1590, 1591]), "req-page-2"))
        .named("page 2")
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .and(query_param("limit", "2"))
        .and(query_param("marker", "1591"))
        .respond_with(reply(&page(&[1592]), "req-page-3"))
        .named("page 3")
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn into_items_follows_the_marker_across_three_pages() {
    let server = three_pages().await;

    let items: Vec<ExecutionInstance> = tokio::time::timeout(
        PATIENCE,
        batch(&server).into_items().try_collect::<Vec<_>>(),
    )
    .await
    .expect("the stream ends")
    .expect("every page arrives");

    assert_eq!(ids(&items), [1588, 1589, 1590, 1591, 1592]);
    assert_eq!(items[4].message.as_deref(), Some("instance 1592"));
    // Each mock expects exactly one request; the short third page ended the stream.
    server.verify().await;
}

#[tokio::test]
async fn into_pages_yields_each_reply_with_its_request_id() {
    let server = three_pages().await;

    let mut pages = batch(&server).into_pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.try_next().await.expect("every page arrives") {
        let instances = page
            .data
            .as_ref()
            .and_then(|data| data.execute_instances.as_deref())
            .unwrap_or_default();
        seen.push((page.request_id().map(str::to_owned), ids(instances)));
    }

    assert_eq!(
        seen,
        [
            (Some("req-page-1".to_owned()), vec![1588, 1589]),
            (Some("req-page-2".to_owned()), vec![1590, 1591]),
            (Some("req-page-3".to_owned()), vec![1592]),
        ]
    );
    assert!(pages.next().await.is_none(), "an ended stream stays ended");
}

#[tokio::test]
async fn a_server_that_repeats_its_page_is_asked_at_most_twice() {
    let server = MockServer::start().await;
    // Whatever the marker, the same full page with the same last id.
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(reply(&page(&[1588, 1589]), "req-same"))
        .expect(1..=2)
        .mount(&server)
        .await;

    let items = drain(batch(&server).into_items()).await;

    let items: Vec<ExecutionInstance> = items
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("no error");
    assert_eq!(ids(&items), [1588, 1589, 1588, 1589]);
    let requests = server.received_requests().await.expect("recording is on");
    let markers: Vec<Option<String>> = requests
        .iter()
        .map(|request| {
            request
                .url
                .query_pairs()
                .find(|(key, _)| key == "marker")
                .map(|(_, value)| value.into_owned())
        })
        .collect();
    assert_eq!(markers, [None, Some("1589".to_owned())]);
}

#[tokio::test]
async fn an_empty_first_page_yields_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .and(query_param_is_missing("marker"))
        .respond_with(reply(&page(&[]), "req-empty"))
        .expect(1)
        .mount(&server)
        .await;

    assert!(drain(batch(&server).into_items()).await.is_empty());
}

#[tokio::test]
async fn a_reply_without_the_item_list_yields_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(reply(&json!({"data": {"batch_index": 1}}), "req-no-list"))
        .expect(1)
        .mount(&server)
        .await;

    assert!(drain(batch(&server).into_items()).await.is_empty());
}

#[tokio::test]
async fn the_first_request_carries_the_callers_own_marker() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .and(query_param("marker", "1589"))
        .respond_with(reply(&page(&[1590, 1591]), "req-from-1589"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .and(query_param("marker", "1591"))
        .respond_with(reply(&page(&[]), "req-from-1591"))
        .expect(1)
        .mount(&server)
        .await;

    let items = drain(batch(&server).marker(1589).into_items()).await;

    let items: Vec<ExecutionInstance> = items
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("no error");
    assert_eq!(ids(&items), [1590, 1591]);
}

#[tokio::test]
async fn an_error_reply_is_yielded_and_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .and(query_param_is_missing("marker"))
        .respond_with(reply(&page(&[1588, 1589]), "req-page-1"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .and(query_param("marker", "1589"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-Id", "req-bad-marker")
                .set_body_json(json!({"error_code": "COC.00040001", "error_msg": "bad marker"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let mut items = drain(batch(&server).into_items()).await.into_iter();

    assert_eq!(items.next().unwrap().unwrap().id, Some(1588));
    assert_eq!(items.next().unwrap().unwrap().id, Some(1589));
    let error = items.next().unwrap().unwrap_err();
    let service = error.as_service_error().expect("a service error");
    assert_eq!(
        (service.status, service.code.as_str()),
        (400, "COC.00040001")
    );
    assert_eq!(error.request_id(), Some("req-bad-marker"));
    assert!(items.next().is_none());
}

#[tokio::test]
async fn a_request_that_breaks_a_rule_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;

    // `limit` is required.
    let items = drain(
        client(&server)
            .get_script_job_batch()
            .execute_uuid(EXECUTE_UUID)
            .batch_index(1)
            .into_items(),
    )
    .await;

    match items.as_slice() {
        [Err(Error::InvalidInput(invalid))] => assert_eq!(invalid.parameter, "limit"),
        other => panic!("expected one InvalidInput error, got {other:?}"),
    }
}

/// The paged fixture's `ListCoupons` pages through an optional array at the top of the
/// reply (`items: /coupons`), the shortest item path there is.
mod top_level_items {
    use super::*;
    use huaweicloud_sdk_fixture_paged::Client as ShopClient;

    fn shop(server: &MockServer) -> ShopClient {
        ShopClient::new(
            huaweicloud_sdk_fixture_paged::Config::builder()
                .endpoint(server.uri())
                .credentials(huaweicloud_sdk_fixture_paged::Credentials::token("t"))
                .build(),
        )
        .expect("client builds")
    }

    fn coupons(codes: &[&str]) -> Value {
        let coupons: Vec<Value> = codes.iter().map(|code| json!({"code": code})).collect();
        json!({"coupons": coupons})
    }

    #[tokio::test]
    async fn into_items_follows_the_marker_and_stops_on_a_short_page() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/coupons"))
            .and(query_param("size", "2"))
            .and(query_param_is_missing("offset_id"))
            .respond_with(reply(&coupons(&["A", "B"]), "req-1"))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v1/coupons"))
            .and(query_param("size", "2"))
            .and(query_param("offset_id", "B"))
            .respond_with(reply(&coupons(&["C"]), "req-2"))
            .expect(1)
            .mount(&server)
            .await;

        let codes: Vec<String> = drain(shop(&server).list_coupons().size(2).into_items())
            .await
            .into_iter()
            .map(|item| item.expect("every page arrives").code)
            .collect();

        assert_eq!(codes, ["A", "B", "C"]);
        server.verify().await;
    }

    #[tokio::test]
    async fn a_reply_without_the_array_yields_nothing() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v1/coupons"))
            .respond_with(reply(&json!({}), "req-none"))
            .expect(1)
            .mount(&server)
            .await;

        assert!(
            drain(shop(&server).list_coupons().into_items())
                .await
                .is_empty()
        );
    }
}
