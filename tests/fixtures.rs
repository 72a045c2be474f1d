//! The generator's fixture crates (`codegen/tests/snapshots/`) at work: every example has
//! its generated round-trip test (`tests/examples.rs` of each crate), every kind of documented rule stops a request before it is sent, and the
//! odd reply shapes (bare array, map, no body) decode.

use huaweicloud_sdk_core::{Config, Credentials, Error, InvalidInput, Rule};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::{examples_without_generated_test, fixture_examples};

use huaweicloud_sdk_fixture_names::models as names;
use huaweicloud_sdk_fixture_parameters as parameters;
use huaweicloud_sdk_fixture_recursion::models as recursion;
use huaweicloud_sdk_fixture_responses as responses;

#[test]
fn every_fixture_example_has_a_generated_round_trip_test() {
    let mut found = 0;
    let mut missing = Vec::new();
    for fixture in [
        "composition",
        "names",
        "paged",
        "parameters",
        "petstore",
        "recursion",
        "responses",
        "schemas",
    ] {
        let examples = fixture_examples(fixture);
        found += examples.len();
        let spec = format!("codegen/tests/fixtures/{fixture}.yaml");
        let dir = format!("codegen/tests/snapshots/{fixture}");
        missing.extend(examples_without_generated_test(&dir, &spec, &examples));
    }
    assert!(
        missing.is_empty(),
        "no generated round-trip test (run `cargo xtask codegen`):\n{}",
        missing.join("\n")
    );
    assert!(found >= 10, "only {found} fixture examples found");
}

#[test]
fn recursive_fields_are_boxed_and_decode() {
    let tree: recursion::Node =
        serde_json::from_value(json!({"name": "a", "next": {"name": "b", "next": {"name": "c"}}}))
            .unwrap();
    let depth = std::iter::successors(Some(&tree), |node| node.next.as_deref()).count();
    assert_eq!(depth, 3);
}

#[test]
fn keyword_and_symbol_names_keep_their_wire_spelling() {
    let item: names::SelfType =
        serde_json::from_value(json!({"type": "t", "2fa": true, "ok?": "y", "kind": "two words"}))
            .unwrap();
    assert_eq!(item.type_.as_deref(), Some("t"));
    assert_eq!(item.n2fa, Some(true));
    assert_eq!(item.ok.as_deref(), Some("y"));
    assert_eq!(item.kind, Some(names::SelfTypeKind::TwoWords));
}

// --- Every rule kind stops the request before it is sent --------------------------------

const PROJECT: &str = "proj-0001";

/// A valid request against `server`; each test breaks one rule of it.
fn valid_run(server: &MockServer) -> parameters::operations::StartRun {
    let client = parameters::Client::new(
        Config::builder()
            .endpoint(server.uri())
            .project_id(PROJECT)
            .credentials(Credentials::token("t"))
            .build(),
    )
    .unwrap();
    client
        .start_run()
        .job_name("nightly-1")
        .run_number(7)
        .shard(0)
        .weight(1.0)
        .dry_run(false)
        .mode("fast")
        .limit(10)
        .body(parameters::models::RunSpec {
            label: "nightly".into(),
            priority: Some(3),
            ratio: Some(serde_json::Number::from_f64(0.5).unwrap()),
            kind: Some("batch".into()),
            steps: Some(vec![parameters::models::Step {
                command: "make".into(),
                timeout: Some(30),
            }]),
            env: None,
        })
}

async fn no_request_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(202))
        .expect(0)
        .mount(&server)
        .await;
    server
}

async fn refused(request: parameters::operations::StartRun) -> InvalidInput {
    match request.send().await {
        Err(Error::InvalidInput(invalid)) => invalid,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[tokio::test]
async fn the_valid_request_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/v1/{PROJECT}/jobs/nightly-1/runs/7/0/1/false/fast"
        )))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    let reply = valid_run(&server).send().await.unwrap();
    assert_eq!(reply.status(), 202);
}

#[tokio::test]
async fn required_parameter_missing_is_refused() {
    let server = no_request_server().await;
    let client = parameters::Client::new(
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .endpoint(server.uri())
            .project_id(PROJECT)
            .build(),
    )
    .unwrap();
    let invalid = refused(client.start_run().job_name("a")).await;
    assert_eq!(invalid.rule, Rule::Required);
}

#[tokio::test]
async fn min_length_is_checked_on_query_and_body() {
    let server = no_request_server().await;
    let invalid = refused(valid_run(&server).note("x")).await;
    assert_eq!(
        (invalid.parameter.as_str(), invalid.rule),
        ("note", Rule::MinLength { min: 2, actual: 1 })
    );
    let mut run = valid_run(&server);
    let mut body = example_body();
    body.label = "ab".into();
    run = run.body(body);
    let invalid = refused(run).await;
    assert_eq!(
        (invalid.parameter.as_str(), invalid.rule),
        ("body.label", Rule::MinLength { min: 3, actual: 2 })
    );
}

#[tokio::test]
async fn max_length_is_checked_on_path_and_config_value() {
    let server = no_request_server().await;
    let invalid = refused(valid_run(&server).job_name("a-very-long-job-name-indeed")).await;
    assert_eq!(
        (invalid.parameter.as_str(), invalid.rule),
        (
            "job_name",
            Rule::MaxLength {
                max: 20,
                actual: 27
            }
        )
    );
    let short_project = parameters::Client::new(
        Config::builder()
            .endpoint(server.uri())
            .project_id("p")
            .credentials(Credentials::token("t"))
            .build(),
    )
    .unwrap();
    let invalid = refused(
        short_project
            .start_run()
            .job_name("a")
            .run_number(1)
            .shard(0)
            .weight(1.0)
            .dry_run(true)
            .mode("safe")
            .limit(1)
            .body(example_body()),
    )
    .await;
    assert_eq!(
        (invalid.parameter.as_str(), invalid.rule),
        ("project_id", Rule::MinLength { min: 4, actual: 1 })
    );
}

#[tokio::test]
async fn minimum_and_maximum_are_checked_for_every_number_type() {
    let server = no_request_server().await;
    let cases: Vec<(parameters::operations::StartRun, &str)> = vec![
        (valid_run(&server).run_number(0), "run_number"),
        (valid_run(&server).run_number(1001), "run_number"),
        (valid_run(&server).shard(-1), "shard"),
        (valid_run(&server).weight(0.25), "weight"),
        (valid_run(&server).weight(3.0), "weight"),
        (valid_run(&server).limit(101), "limit"),
        (valid_run(&server).offset(-5), "offset"),
        (valid_run(&server).threshold(1.5), "threshold"),
        (valid_run(&server).x_retries(6), "X-Retries"),
    ];
    for (run, parameter) in cases {
        let invalid = refused(run).await;
        assert_eq!(invalid.parameter, parameter);
        assert!(
            matches!(invalid.rule, Rule::Minimum { .. } | Rule::Maximum { .. }),
            "{invalid}"
        );
    }
    let mut body = example_body();
    body.priority = Some(9);
    let invalid = refused(valid_run(&server).body(body)).await;
    assert_eq!(
        invalid.to_string(),
        "invalid input: `body.priority` must be at most 5 (maximum), but is 9"
    );
    let mut body = example_body();
    body.ratio = Some(serde_json::Number::from(2));
    let invalid = refused(valid_run(&server).body(body)).await;
    assert_eq!(invalid.parameter, "body.ratio");
}

#[tokio::test]
async fn pattern_is_checked_on_path_header_and_body() {
    let server = no_request_server().await;
    let invalid = refused(valid_run(&server).job_name("Nightly")).await;
    assert_eq!(
        invalid.rule,
        Rule::Pattern {
            pattern: "^[a-z][a-z0-9-]*$".into()
        }
    );
    let invalid = refused(valid_run(&server).x_trace("not-hex")).await;
    assert_eq!(invalid.parameter, "X-Trace");
    let mut body = example_body();
    body.label = "UPPER".into();
    let invalid = refused(valid_run(&server).body(body)).await;
    assert_eq!(invalid.parameter, "body.label");
}

#[tokio::test]
async fn enum_is_checked_on_path_query_header_and_body() {
    let server = no_request_server().await;
    for (run, parameter) in [
        (valid_run(&server).mode("turbo"), "mode"),
        (valid_run(&server).order("random"), "order"),
        (valid_run(&server).x_language("fr-fr"), "X-Language"),
    ] {
        let invalid = refused(run).await;
        assert_eq!(invalid.parameter, parameter);
        assert!(matches!(invalid.rule, Rule::Enum { .. }));
    }
    let mut body = example_body();
    body.kind = Some("realtime".into());
    let invalid = refused(valid_run(&server).body(body)).await;
    assert_eq!(invalid.parameter, "body.kind");
}

#[tokio::test]
async fn nested_list_and_map_items_are_checked_with_their_path() {
    let server = no_request_server().await;
    let mut body = example_body();
    body.steps = Some(vec![
        parameters::models::Step {
            command: "ok".into(),
            timeout: None,
        },
        parameters::models::Step {
            command: "".into(),
            timeout: None,
        },
    ]);
    let invalid = refused(valid_run(&server).body(body)).await;
    assert_eq!(invalid.parameter, "body.steps[1].command");
    let mut body = example_body();
    body.env = Some(
        [(
            "CI".to_owned(),
            parameters::models::Step {
                command: "x".into(),
                timeout: Some(4000),
            },
        )]
        .into(),
    );
    let invalid = refused(valid_run(&server).body(body)).await;
    assert_eq!(invalid.parameter, "body.env.CI.timeout");
}

#[tokio::test]
async fn switching_validation_off_sends_what_the_docs_forbid() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    let client = parameters::Client::new(
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .endpoint(server.uri())
            .project_id(PROJECT)
            .validate_requests(false)
            .build(),
    )
    .unwrap();
    client
        .start_run()
        .job_name("UPPER")
        .run_number(5000)
        .shard(0)
        .weight(9.0)
        .dry_run(true)
        .mode("turbo")
        .limit(0)
        .body(example_body())
        .send()
        .await
        .unwrap();
}

fn example_body() -> parameters::models::RunSpec {
    serde_json::from_value(
        workspace_tests::fixture_examples("parameters")[0]
            .value
            .clone(),
    )
    .unwrap()
}

// --- Reply shapes -----------------------------------------------------------------------

fn responses_client(server: &MockServer) -> responses::Client {
    responses::Client::new(
        Config::builder()
            .credentials(Credentials::token("test-token"))
            .endpoint(server.uri())
            .build(),
    )
    .unwrap()
}

#[tokio::test]
async fn bare_array_map_and_empty_replies_decode() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/events"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([{"id": 1}, {"id": 2, "kind": "stop"}])),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/counters"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"requests": 10})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/events"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = responses_client(&server);
    let events = client.list_events().send().await.unwrap();
    assert_eq!(
        events.iter().map(|event| event.id).collect::<Vec<_>>(),
        [Some(1), Some(2)]
    );
    let counters = client.show_counters().send().await.unwrap();
    assert_eq!(counters.get("requests"), Some(&10));
    let cleared = client.clear_events().send().await.unwrap();
    assert_eq!(cleared.status(), 204);
}

// --- HEAD and list query parameters ------------------------------------------------------

fn check_job(server: &MockServer) -> parameters::operations::CheckJob {
    parameters::Client::new(
        Config::builder()
            .endpoint(server.uri())
            .project_id(PROJECT)
            .credentials(Credentials::token("t"))
            .build(),
    )
    .unwrap()
    .check_job()
    .job_name("nightly")
}

#[tokio::test]
async fn a_list_goes_out_as_one_pair_per_item_and_head_answers_by_status() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .and(path(format!("/v1/{PROJECT}/jobs/nightly")))
        .and(|request: &wiremock::Request| {
            request.url.query() == Some("tag=a&tag=b%20c&run_number=1&run_number=20&mode=safe")
                && request.body.is_empty()
        })
        .respond_with(ResponseTemplate::new(204).insert_header("X-Request-Id", "req-head-1"))
        .expect(1)
        .mount(&server)
        .await;
    let reply = check_job(&server)
        .tag(["a", "b c"])
        .run_number(vec![1, 20])
        .mode([parameters::models::CheckJobModeItem::Safe])
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 204);
    assert_eq!(reply.request_id(), Some("req-head-1"));
}

#[tokio::test]
async fn a_head_refusal_is_an_error_with_its_status_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .and(path(format!("/v1/{PROJECT}/jobs/nightly")))
        .respond_with(ResponseTemplate::new(404).insert_header("X-Request-Id", "req-head-2"))
        .expect(1)
        .mount(&server)
        .await;
    let error = check_job(&server).send().await.unwrap_err();
    assert_eq!(error.status(), Some(404), "{error:?}");
    assert_eq!(error.request_id(), Some("req-head-2"));
}

#[tokio::test]
async fn every_list_item_is_checked_before_sending() {
    let server = no_request_server().await;
    let invalid = match check_job(&server).mode(["fast", "slow"]).send().await {
        Err(Error::InvalidInput(invalid)) => invalid,
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    assert_eq!(invalid.parameter, "mode[1]");
}
