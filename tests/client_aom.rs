//! The generated AOM client against a local server: what it sends (path with the
//! configured project id, query, headers), how it decodes the documented replies and
//! errors, and what it refuses to send.
//!
//! Replies come from the examples that `specs/aom.yaml` documents
//! (`workspace_tests::example`), never from copies of them.

use huaweicloud_sdk_aom::models::{
    AomErrorResponse, AomErrorResponseHttpCode, AppRulesSpecPriority, ListSeriesRequestBody,
    PushEventsAction, PushEventsRequestBody, QuerySeriesOptionParam,
};
use huaweicloud_sdk_aom::{Client, Config, Credentials, Error};
use huaweicloud_sdk_core::{ConfigBuilder, InvalidInput, RetryPolicy, Rule, ServiceError};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request};
use workspace_tests::{example, reply, server_expecting_no_request};

const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
const TOKEN: &str = "test-token";
const WORKFLOW_ID: &str = "wf-0001";
const ENTERPRISE_PROJECT_ID: &str = "ep-2f1c-0001";

/// The configuration every test starts from: the local server, a project, a token.
fn config(server: &MockServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(server.uri())
        .project_id(PROJECT_ID)
        .credentials(Credentials::token(TOKEN))
}

fn client(server: &MockServer) -> Client {
    Client::new(config(server).build()).expect("client builds")
}

fn executions_path(workflow_id: &str) -> String {
    format!("/v1/{PROJECT_ID}/cms/workflow/{workflow_id}/executions")
}

fn documented(part: &str) -> Value {
    example("aom", "ListWorkflowExecutions", part)
}

fn invalid_input(result: Result<impl std::fmt::Debug, Error>) -> InvalidInput {
    match result {
        Err(Error::InvalidInput(invalid)) => invalid,
        other => panic!("expected Error::InvalidInput, got {other:?}"),
    }
}

/// Serve the documented `status` reply and return the service error the client makes of it.
async fn documented_error(status: u16, request_id: &str) -> (ServiceError, Value) {
    let server = MockServer::start().await;
    let body = documented(&status.to_string());
    Mock::given(method("GET"))
        .and(path(executions_path(WORKFLOW_ID)))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(reply(status, &body, request_id))
        .expect(1)
        .mount(&server)
        .await;
    // One attempt: a documented 500 is decoded here; retries have their own tests.
    let client =
        Client::new(config(&server).retry(RetryPolicy::disabled()).build()).expect("client builds");
    let error = client
        .list_workflow_executions()
        .workflow_id(WORKFLOW_ID)
        .send()
        .await
        .expect_err("an error status is an error");
    assert_eq!(error.status(), Some(status));
    assert_eq!(error.request_id(), Some(request_id));
    match error {
        Error::Service(service_error) => (*service_error, body),
        other => panic!("expected Error::Service, got {other:?}"),
    }
}

#[tokio::test]
async fn list_workflow_executions_sends_enterprise_project_query_and_decodes_example() {
    let server = MockServer::start().await;
    let documented_reply = documented("200");
    Mock::given(method("GET"))
        .and(path(executions_path(WORKFLOW_ID)))
        .and(query_param(
            "x_enterprise_project_id",
            ENTERPRISE_PROJECT_ID,
        ))
        .and(|request: &Request| request.url.query_pairs().count() == 1)
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .respond_with(reply(200, &documented_reply, "req-aom-list-0001"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .list_workflow_executions()
        .workflow_id(WORKFLOW_ID)
        .x_enterprise_project_id(ENTERPRISE_PROJECT_ID)
        .send()
        .await
        .expect("documented reply decodes");

    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-aom-list-0001"));
    let executions = response.body();
    assert_eq!(executions.len(), 1);
    let execution = &executions[0];
    assert_eq!(execution.execution_id.as_deref(), Some("xxxx"));
    assert_eq!(execution.workflow_id.as_deref(), Some("xxxxxxx"));
    assert_eq!(execution.status.as_deref(), Some("success"));
    assert_eq!(execution.begin_time, Some(1600000000));
    assert_eq!(execution.approve_user_name_list, Some(vec![]));
    // The example spells it create_by; the accessor reads either spelling.
    assert_eq!(execution.created_by, None);
    assert_eq!(execution.create_by.as_deref(), Some("xxx"));
    assert_eq!(execution.created_by().map(String::as_str), Some("xxx"));
    // The example spells it workflowEditTime; the accessor reads either spelling.
    assert_eq!(execution.workflow_edit_time, None);
    assert_eq!(execution.workflow_edit_time(), Some(&0));
    let results = execution
        .execution_result_list
        .as_ref()
        .expect("execution_result_list is set");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].node_id.as_deref(), Some("delete-workload-pod"));
    assert_eq!(results[0].function_execution_id.as_deref(), Some("xxxxx"));
    assert_eq!(results[0].status.as_deref(), Some("success"));
    let output = results[0].output.as_ref().expect("output is set");
    assert_eq!(output["success"][0]["log"], json!("Restart Success."));
    assert_eq!(output["success"][0]["replicas"], json!(1));

    let reencoded = serde_json::to_value(response.body()).expect("body encodes");
    assert_eq!(reencoded, documented_reply);
}

#[tokio::test]
async fn list_workflow_executions_without_enterprise_project_sends_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(executions_path(WORKFLOW_ID)))
        .and(query_param_is_missing("x_enterprise_project_id"))
        .and(query_param_is_missing("x-enterprise-project-id"))
        .and(|request: &Request| request.url.query().is_none())
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .respond_with(reply(200, &documented("200"), "req-aom-list-0002"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .list_workflow_executions()
        .workflow_id(WORKFLOW_ID)
        .send()
        .await
        .expect("documented reply decodes");
    assert_eq!(response.request_id(), Some("req-aom-list-0002"));
}

#[tokio::test]
async fn list_workflow_executions_documented_401_is_service_error_decodable_as_aom_error() {
    let (service_error, body) = documented_error(401, "req-aom-401").await;

    assert_eq!(service_error.operation, "ListWorkflowExecutions");
    assert_eq!(service_error.status, 401);
    assert_eq!(service_error.request_id.as_deref(), Some("req-aom-401"));
    assert_eq!(service_error.code, "AOM.31009004");
    // The 401 example spells the message error_message.
    assert_eq!(service_error.message, "auth failed.");
    let documented_model: AomErrorResponse = service_error
        .body_as()
        .expect("the body decodes as AomErrorResponse");
    assert_eq!(documented_model.error_code.as_deref(), Some("AOM.31009004"));
    assert_eq!(documented_model.error_msg, None);
    assert_eq!(
        documented_model.error_message.as_deref(),
        Some("auth failed.")
    );
    assert_eq!(
        documented_model.error_msg().map(String::as_str),
        Some("auth failed.")
    );
    assert_eq!(
        documented_model.http_code,
        Some(AomErrorResponseHttpCode::String("401".to_owned()))
    );
    assert_eq!(
        serde_json::to_value(&documented_model).expect("model encodes"),
        body
    );
}

#[tokio::test]
async fn list_workflow_executions_documented_500_is_service_error_decodable_as_aom_error() {
    let (service_error, body) = documented_error(500, "req-aom-500").await;

    assert_eq!(service_error.operation, "ListWorkflowExecutions");
    assert_eq!(service_error.status, 500);
    assert_eq!(service_error.request_id.as_deref(), Some("req-aom-500"));
    assert_eq!(service_error.code, "AOM.31001405");
    assert_eq!(service_error.message, "execution internal server error.");
    let documented_model: AomErrorResponse = service_error
        .body_as()
        .expect("the body decodes as AomErrorResponse");
    assert_eq!(
        documented_model.error_msg().map(String::as_str),
        Some("execution internal server error.")
    );
    assert_eq!(
        documented_model.http_code,
        Some(AomErrorResponseHttpCode::Integer(500))
    );
    assert_eq!(
        serde_json::to_value(&documented_model).expect("model encodes"),
        body
    );
}

#[tokio::test]
async fn list_workflow_executions_rejects_short_configured_project_id_without_sending() {
    let server = server_expecting_no_request().await;
    let client =
        Client::new(config(&server).project_id("short-project").build()).expect("client builds");
    let invalid = invalid_input(
        client
            .list_workflow_executions()
            .workflow_id(WORKFLOW_ID)
            .send()
            .await,
    );
    assert_eq!(invalid.parameter, "project_id");
    assert_eq!(
        invalid.rule,
        Rule::MinLength {
            min: 32,
            actual: 13
        }
    );
}

#[tokio::test]
async fn list_workflow_executions_without_project_id_fails_before_sending() {
    let server = server_expecting_no_request().await;
    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(Credentials::token(TOKEN))
        .build();
    let invalid = invalid_input(
        Client::new(config)
            .expect("client builds")
            .list_workflow_executions()
            .workflow_id(WORKFLOW_ID)
            .send()
            .await,
    );
    assert_eq!(invalid.parameter, "project_id");
    assert_eq!(invalid.rule, Rule::MissingProjectId);
}

#[tokio::test]
async fn list_workflow_executions_rejects_empty_workflow_id_without_sending() {
    let server = server_expecting_no_request().await;
    let invalid = invalid_input(
        client(&server)
            .list_workflow_executions()
            .workflow_id("")
            .send()
            .await,
    );
    assert_eq!(invalid.parameter, "workflow_id");
    assert_eq!(invalid.rule, Rule::MinLength { min: 1, actual: 0 });
}

#[tokio::test]
async fn list_workflow_executions_rejects_empty_workflow_id_even_when_validation_is_off() {
    let server = server_expecting_no_request().await;
    let client =
        Client::new(config(&server).validate_requests(false).build()).expect("client builds");
    let invalid = invalid_input(
        client
            .list_workflow_executions()
            .workflow_id("")
            .send()
            .await,
    );
    // An empty segment would change the path's shape: refused whatever the setting.
    assert_eq!(invalid.parameter, "workflow_id");
    assert_eq!(invalid.rule, Rule::PathSegment);
}

#[tokio::test]
async fn list_workflow_executions_rejects_missing_workflow_id_without_sending() {
    let server = server_expecting_no_request().await;
    let invalid = invalid_input(client(&server).list_workflow_executions().send().await);
    assert_eq!(invalid.parameter, "workflow_id");
    assert_eq!(invalid.rule, Rule::Required);
}

#[tokio::test]
async fn list_workflow_executions_rejects_empty_enterprise_project_id_without_sending() {
    let server = server_expecting_no_request().await;
    let invalid = invalid_input(
        client(&server)
            .list_workflow_executions()
            .workflow_id(WORKFLOW_ID)
            .x_enterprise_project_id("")
            .send()
            .await,
    );
    assert_eq!(invalid.parameter, "x_enterprise_project_id");
    assert_eq!(invalid.rule, Rule::MinLength { min: 1, actual: 0 });
}

#[tokio::test]
async fn list_workflow_executions_sends_short_project_id_when_validation_is_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/short-project/cms/workflow/{WORKFLOW_ID}/executions"
        )))
        .respond_with(reply(200, &documented("200"), "req-aom-unchecked"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(
        config(&server)
            .project_id("short-project")
            .validate_requests(false)
            .build(),
    )
    .expect("client builds");

    let response = client
        .list_workflow_executions()
        .workflow_id(WORKFLOW_ID)
        .send()
        .await
        .expect("an unchecked request is sent");
    assert_eq!(response.request_id(), Some("req-aom-unchecked"));
}

#[tokio::test]
async fn list_workflow_executions_sends_path_traversal_value_as_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/{PROJECT_ID}/cms/workflow/..%2Fadmin/executions"
        )))
        .respond_with(reply(200, &documented("200"), "req-aom-encoded"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .list_workflow_executions()
        .workflow_id("../admin")
        .send()
        .await
        .expect("the encoded path is served");
    assert_eq!(response.request_id(), Some("req-aom-encoded"));
}

#[tokio::test]
async fn list_workflow_executions_reply_that_breaks_the_model_is_a_decode_error_with_its_path() {
    let server = MockServer::start().await;
    let mut broken = documented("200")[0].clone();
    broken["begin_time"] = json!("yesterday");
    Mock::given(method("GET"))
        .and(path(executions_path(WORKFLOW_ID)))
        .respond_with(reply(200, &json!([broken]), "req-aom-decode"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .list_workflow_executions()
        .workflow_id(WORKFLOW_ID)
        .send()
        .await
        .expect_err("a string begin_time does not decode as an integer");

    assert_eq!(error.request_id(), Some("req-aom-decode"));
    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(decode.operation, "ListWorkflowExecutions");
    assert_eq!(decode.path, "[0].begin_time");
}

// ListSeries, PushEvents and ListServiceDiscoveryRules were added with `cargo xtask
// transcribe` and reviewed by hand; they get the same tests as the operation above.

#[tokio::test]
async fn list_series_posts_the_documented_body_with_paging_query_and_decodes_example() {
    let server = MockServer::start().await;
    let request_body = example("aom", "ListSeries", "request");
    let documented_reply = example("aom", "ListSeries", "200");
    Mock::given(method("POST"))
        .and(path(format!("/v2/{PROJECT_ID}/series")))
        .and(query_param("limit", "100"))
        .and(query_param("offset", "0"))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(&request_body))
        .respond_with(reply(200, &documented_reply, "req-aom-series"))
        .expect(1)
        .mount(&server)
        .await;

    let body: ListSeriesRequestBody =
        serde_json::from_value(request_body).expect("the documented request decodes");
    let response = client(&server)
        .list_series()
        .limit("100")
        .offset("0")
        .body(body)
        .send()
        .await
        .expect("documented reply decodes");

    assert_eq!(response.request_id(), Some("req-aom-series"));
    let series = response.body().series.as_ref().expect("series is set");
    assert_eq!(series[0].metric_name.as_deref(), Some("cpuUsage"));
    let meta = response
        .body()
        .meta_data
        .as_ref()
        .expect("meta_data is set");
    assert_eq!((meta.count, meta.total), (Some(1), Some(1)));
    assert_eq!(
        serde_json::to_value(response.body()).expect("body encodes"),
        documented_reply
    );
}

#[tokio::test]
async fn list_series_documented_400_is_a_service_error() {
    let server = MockServer::start().await;
    let body = example("aom", "ListSeries", "400");
    Mock::given(method("POST"))
        .and(path(format!("/v2/{PROJECT_ID}/series")))
        .respond_with(reply(400, &body, "req-aom-series-400"))
        .expect(1)
        .mount(&server)
        .await;
    let request = serde_json::from_value(example("aom", "ListSeries", "request"))
        .expect("the documented request decodes");
    let error = client(&server)
        .list_series()
        .body(request)
        .send()
        .await
        .expect_err("400 is an error");
    let Error::Service(service_error) = error else {
        panic!("expected Error::Service, got {error:?}")
    };
    assert_eq!(service_error.status, 400);
    assert_eq!(service_error.code, "AOM.04007500");
    assert_eq!(service_error.message, "internal server error");
    assert_eq!(
        service_error.request_id.as_deref(),
        Some("req-aom-series-400")
    );
}

#[tokio::test]
async fn list_series_rejects_an_empty_metric_name_without_sending() {
    let server = server_expecting_no_request().await;
    let body = ListSeriesRequestBody {
        series: vec![QuerySeriesOptionParam {
            namespace: "PAAS.CONTAINER".to_owned(),
            metric_name: Some(String::new()),
            dimensions: None,
        }],
    };
    let invalid = invalid_input(client(&server).list_series().body(body).send().await);
    assert!(
        invalid.parameter.ends_with("metric_name"),
        "{}",
        invalid.parameter
    );
    assert_eq!(invalid.rule, Rule::MinLength { min: 1, actual: 0 });
}

#[tokio::test]
async fn push_events_puts_the_documented_body_with_action_and_enterprise_header() {
    let server = MockServer::start().await;
    let request_body = example("aom", "PushEvents", "request");
    Mock::given(method("PUT"))
        .and(path(format!("/v2/{PROJECT_ID}/push/events")))
        .and(query_param("action", "clear"))
        .and(header("x-enterprise-prject-id", ENTERPRISE_PROJECT_ID))
        .and(header("X-Auth-Token", TOKEN))
        .and(body_json(&request_body))
        .respond_with(
            wiremock::ResponseTemplate::new(200).insert_header("X-Request-Id", "req-aom-push"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let body: PushEventsRequestBody =
        serde_json::from_value(request_body).expect("the documented request decodes");
    assert_eq!(
        body.events[0].resource_group_id.as_deref(),
        Some("5680587ab6*******755c543c1f")
    );
    let response = client(&server)
        .push_events()
        .action(PushEventsAction::Clear)
        .x_enterprise_prject_id(ENTERPRISE_PROJECT_ID)
        .body(body)
        .send()
        .await
        .expect("an empty 200 is success");
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-aom-push"));
}

#[tokio::test]
async fn push_events_without_action_sends_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v2/{PROJECT_ID}/push/events")))
        .and(query_param_is_missing("action"))
        .respond_with(wiremock::ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let body = serde_json::from_value(example("aom", "PushEvents", "request"))
        .expect("the documented request decodes");
    client(&server)
        .push_events()
        .body(body)
        .send()
        .await
        .expect("an empty 200 is success");
}

#[tokio::test]
async fn list_service_discovery_rules_sends_id_and_decodes_example() {
    let server = MockServer::start().await;
    let documented_reply = example("aom", "ListServiceDiscoveryRules", "200");
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT_ID}/inv/servicediscoveryrules")))
        .and(query_param("id", "b788349e-62b2-3c7a-b597-02c611d59801"))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(reply(200, &documented_reply, "req-aom-rules"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .list_service_discovery_rules()
        .id("b788349e-62b2-3c7a-b597-02c611d59801")
        .send()
        .await
        .expect("documented reply decodes");

    assert_eq!(response.request_id(), Some("req-aom-rules"));
    let body = response.body();
    assert_eq!(body.error_message, Some(None));
    let rules = body.app_rules.as_ref().expect("appRules is set");
    let spec = rules[0].spec.as_ref().expect("spec is set");
    // The SDKs type priority a string; the example sends a number.
    assert_eq!(spec.priority, Some(AppRulesSpecPriority::Integer(12)));
    let names = spec
        .name_rule
        .as_ref()
        .and_then(|rule| rule.app_name_rule.as_ref())
        .expect("appNameRule is set");
    // The example spells args `agrs` in some rules; the accessor reads either.
    assert_eq!(names[0].args(), Some(&vec!["00000000001".to_owned()]));
    assert_eq!(names[1].args(), Some(&vec!["APP_NAME".to_owned()]));
    assert_eq!(
        serde_json::to_value(response.body()).expect("body encodes"),
        documented_reply
    );
}
