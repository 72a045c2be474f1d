//! The generated SecMaster client against a local server: what it sends (path with the
//! project id, headers, JSON body), how it decodes the documented replies, and what it
//! refuses to send.
//!
//! Replies and request bodies come from the examples that `specs/secmaster.yaml`
//! documents (`workspace_tests::example`), never from copies of them.

use huaweicloud_sdk_core::{ConfigBuilder, InvalidInput, Rule};
use huaweicloud_sdk_secmaster::models::{
    ErrorResponse, OperatePlaybookInstanceRequestBody, OperatePlaybookInstanceRequestBodyOperation,
    PlaybookInstanceInfo, PlaybookInstanceInfoStatus, PlaybookInstanceInfoTriggerType,
};
use huaweicloud_sdk_secmaster::{Client, Config, Credentials, Error};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request};
use workspace_tests::{example, reply, server_expecting_no_request};

const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
const TOKEN: &str = "test-token";
const WORKSPACE_ID: &str = "ws-0001";
const INSTANCE_ID: &str = "909494e3-558e-46b6-a9eb-07a8e18ca62f";

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

fn instance_path(project_id: &str) -> String {
    format!("/v1/{project_id}/workspaces/{WORKSPACE_ID}/soc/playbooks/instances/{INSTANCE_ID}")
}

fn operation_path(project_id: &str) -> String {
    format!("{}/operation", instance_path(project_id))
}

fn documented(operation: &str, part: &str) -> Value {
    example("secmaster", operation, part)
}

fn invalid_input(result: Result<impl std::fmt::Debug, Error>) -> InvalidInput {
    match result {
        Err(Error::InvalidInput(invalid)) => invalid,
        other => panic!("expected Error::InvalidInput, got {other:?}"),
    }
}

/// The documented request, built through the generated model.
fn retry_body() -> OperatePlaybookInstanceRequestBody {
    OperatePlaybookInstanceRequestBody {
        operation: Some(OperatePlaybookInstanceRequestBodyOperation::Retry),
    }
}

/// What both operations' documented 200 example says.
fn assert_documented_instance(instance: &PlaybookInstanceInfo) {
    assert_eq!(instance.id.as_deref(), Some(INSTANCE_ID));
    assert_eq!(instance.name.as_deref(), Some("MyXXX"));
    assert_eq!(
        instance.status,
        Some(PlaybookInstanceInfoStatus::Terminated)
    );
    // The example's placeholder is not a documented value: the open enum keeps it.
    assert_eq!(
        instance.trigger_type,
        Some(PlaybookInstanceInfoTriggerType::Unknown(
            "string".to_owned()
        ))
    );
    assert_eq!(
        instance.start_time.as_deref(),
        Some("2021-01-30T23:00:00Z+0800")
    );
    assert_eq!(
        instance.end_time.as_deref(),
        Some("2021-01-30T23:00:00Z+0800")
    );
    let playbook = instance.playbook.as_ref().expect("playbook is set");
    assert_eq!(playbook.version.as_deref(), Some("v1.1.1"));
    assert_eq!(playbook.version_id.as_deref(), Some(INSTANCE_ID));
    let dataobject = instance.dataobject.as_ref().expect("dataobject is set");
    assert_eq!(dataobject.name.as_deref(), Some(INSTANCE_ID));
    assert_eq!(dataobject.content, None);
}

#[tokio::test]
async fn show_playbook_instance_sends_configured_project_and_decodes_example() {
    let server = MockServer::start().await;
    let documented_reply = documented("ShowPlaybookInstance", "200");
    Mock::given(method("GET"))
        .and(path(instance_path(PROJECT_ID)))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(|request: &Request| request.url.query().is_none() && request.body.is_empty())
        .respond_with(reply(200, &documented_reply, "req-secmaster-show-0001"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .show_playbook_instance()
        .workspace_id(WORKSPACE_ID)
        .instance_id(INSTANCE_ID)
        .send()
        .await
        .expect("documented reply decodes");

    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-secmaster-show-0001"));
    assert_documented_instance(response.body());
    let reencoded = serde_json::to_value(response.body()).expect("body encodes");
    assert_eq!(reencoded, documented_reply);
}

#[tokio::test]
async fn change_playbook_instance_posts_documented_body_and_decodes_example() {
    let server = MockServer::start().await;
    let documented_request = documented("ChangePlaybookInstance", "request");
    let documented_reply = documented("ChangePlaybookInstance", "200");
    Mock::given(method("POST"))
        .and(path(operation_path(PROJECT_ID)))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json"))
        .and(body_json(&documented_request))
        .respond_with(reply(200, &documented_reply, "req-secmaster-change-0001"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .change_playbook_instance()
        .workspace_id(WORKSPACE_ID)
        .instance_id(INSTANCE_ID)
        .body(retry_body())
        .send()
        .await
        .expect("documented reply decodes");

    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-secmaster-change-0001"));
    assert_documented_instance(response.body());
    let reencoded = serde_json::to_value(response.into_body()).expect("body encodes");
    assert_eq!(reencoded, documented_reply);
}

#[tokio::test]
async fn show_playbook_instance_request_project_id_overrides_configured_one() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(instance_path("other-project")))
        .and(header("X-Auth-Token", TOKEN))
        .respond_with(reply(
            200,
            &documented("ShowPlaybookInstance", "200"),
            "req-secmaster-override",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .show_playbook_instance()
        .project_id("other-project")
        .workspace_id(WORKSPACE_ID)
        .instance_id(INSTANCE_ID)
        .send()
        .await
        .expect("the overriding project is used");
    assert_eq!(response.request_id(), Some("req-secmaster-override"));
}

#[tokio::test]
async fn change_playbook_instance_request_project_id_overrides_configured_one() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(operation_path("other-project")))
        .and(body_json(documented("ChangePlaybookInstance", "request")))
        .respond_with(reply(
            200,
            &documented("ChangePlaybookInstance", "200"),
            "req-secmaster-change-override",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .change_playbook_instance()
        .project_id("other-project")
        .workspace_id(WORKSPACE_ID)
        .instance_id(INSTANCE_ID)
        .body(retry_body())
        .send()
        .await
        .expect("the overriding project is used");
    assert_eq!(response.request_id(), Some("req-secmaster-change-override"));
}

#[tokio::test]
async fn show_playbook_instance_uses_request_project_id_when_config_has_none() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(instance_path("request-project")))
        .respond_with(reply(
            200,
            &documented("ShowPlaybookInstance", "200"),
            "req-secmaster-request-project",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(Credentials::token(TOKEN))
        .build();

    let response = Client::new(config)
        .expect("client builds")
        .show_playbook_instance()
        .project_id("request-project")
        .workspace_id(WORKSPACE_ID)
        .instance_id(INSTANCE_ID)
        .send()
        .await
        .expect("the request's project is used");
    assert_eq!(response.request_id(), Some("req-secmaster-request-project"));
}

#[tokio::test]
async fn show_playbook_instance_error_reply_becomes_service_error_with_code_and_message() {
    let server = MockServer::start().await;
    let error_body = json!({"code": "SecMaster.00040001", "message": "bad workspace"});
    Mock::given(method("GET"))
        .and(path(instance_path(PROJECT_ID)))
        .respond_with(reply(400, &error_body, "req-secmaster-400"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .show_playbook_instance()
        .workspace_id(WORKSPACE_ID)
        .instance_id(INSTANCE_ID)
        .send()
        .await
        .expect_err("a 400 is an error");

    assert_eq!(error.status(), Some(400));
    assert_eq!(error.request_id(), Some("req-secmaster-400"));
    let Error::Service(service_error) = error else {
        panic!("expected Error::Service, got {error:?}");
    };
    assert_eq!(service_error.operation, "ShowPlaybookInstance");
    assert_eq!(service_error.status, 400);
    assert_eq!(
        service_error.request_id.as_deref(),
        Some("req-secmaster-400")
    );
    assert_eq!(service_error.code, "SecMaster.00040001");
    assert_eq!(service_error.message, "bad workspace");
    let documented_error: ErrorResponse = service_error
        .body_as()
        .expect("the body decodes as the documented error model");
    assert_eq!(documented_error.code.as_deref(), Some("SecMaster.00040001"));
    assert_eq!(documented_error.message.as_deref(), Some("bad workspace"));
}

#[tokio::test]
async fn change_playbook_instance_error_reply_becomes_service_error_with_code_and_message() {
    let server = MockServer::start().await;
    let error_body = json!({"code": "SecMaster.00040001", "message": "bad workspace"});
    Mock::given(method("POST"))
        .and(path(operation_path(PROJECT_ID)))
        .respond_with(reply(400, &error_body, "req-secmaster-change-400"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .change_playbook_instance()
        .workspace_id(WORKSPACE_ID)
        .instance_id(INSTANCE_ID)
        .body(retry_body())
        .send()
        .await
        .expect_err("a 400 is an error");

    let service_error = error.as_service_error().expect("a service error");
    assert_eq!(service_error.operation, "ChangePlaybookInstance");
    assert_eq!(service_error.status, 400);
    assert_eq!(
        service_error.request_id.as_deref(),
        Some("req-secmaster-change-400")
    );
    assert_eq!(service_error.code, "SecMaster.00040001");
    assert_eq!(service_error.message, "bad workspace");
}

#[tokio::test]
async fn show_playbook_instance_without_any_project_id_fails_before_sending() {
    let server = server_expecting_no_request().await;
    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(Credentials::token(TOKEN))
        .build();
    let invalid = invalid_input(
        Client::new(config)
            .expect("client builds")
            .show_playbook_instance()
            .workspace_id(WORKSPACE_ID)
            .instance_id(INSTANCE_ID)
            .send()
            .await,
    );
    assert_eq!(invalid.parameter, "project_id");
    assert_eq!(invalid.rule, Rule::MissingProjectId);
}

#[tokio::test]
async fn change_playbook_instance_without_any_project_id_fails_before_sending() {
    let server = server_expecting_no_request().await;
    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(Credentials::token(TOKEN))
        .build();
    let invalid = invalid_input(
        Client::new(config)
            .expect("client builds")
            .change_playbook_instance()
            .workspace_id(WORKSPACE_ID)
            .instance_id(INSTANCE_ID)
            .body(retry_body())
            .send()
            .await,
    );
    assert_eq!(invalid.parameter, "project_id");
    assert_eq!(invalid.rule, Rule::MissingProjectId);
}

#[tokio::test]
async fn show_playbook_instance_rejects_missing_workspace_id_without_sending() {
    let server = server_expecting_no_request().await;
    let invalid = invalid_input(
        client(&server)
            .show_playbook_instance()
            .instance_id(INSTANCE_ID)
            .send()
            .await,
    );
    assert_eq!(invalid.parameter, "workspace_id");
    assert_eq!(invalid.rule, Rule::Required);
}

#[tokio::test]
async fn change_playbook_instance_rejects_missing_body_without_sending() {
    let server = server_expecting_no_request().await;
    let invalid = invalid_input(
        client(&server)
            .change_playbook_instance()
            .workspace_id(WORKSPACE_ID)
            .instance_id(INSTANCE_ID)
            .send()
            .await,
    );
    assert_eq!(invalid.parameter, "body");
    assert_eq!(invalid.rule, Rule::Required);
}

#[tokio::test]
async fn change_playbook_instance_rejects_undocumented_body_operation_without_sending() {
    let server = server_expecting_no_request().await;
    let invalid = invalid_input(
        client(&server)
            .change_playbook_instance()
            .workspace_id(WORKSPACE_ID)
            .instance_id(INSTANCE_ID)
            .body(OperatePlaybookInstanceRequestBody {
                operation: Some("PAUSE".into()),
            })
            .send()
            .await,
    );
    assert_eq!(invalid.parameter, "body.operation");
    assert_eq!(
        invalid.rule,
        Rule::Enum {
            allowed: vec!["RETRY".to_owned(), "TERMINATE".to_owned()]
        }
    );
}

#[tokio::test]
async fn show_playbook_instance_sends_path_traversal_value_as_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/{PROJECT_ID}/workspaces/..%2Fadmin/soc/playbooks/instances/{INSTANCE_ID}"
        )))
        .respond_with(reply(
            200,
            &documented("ShowPlaybookInstance", "200"),
            "req-secmaster-encoded",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .show_playbook_instance()
        .workspace_id("../admin")
        .instance_id(INSTANCE_ID)
        .send()
        .await
        .expect("the encoded path is served");
    assert_eq!(response.request_id(), Some("req-secmaster-encoded"));
}

#[tokio::test]
async fn show_playbook_instance_rejects_dot_segments_and_empty_ids_without_sending() {
    let server = server_expecting_no_request().await;
    for value in ["", ".", ".."] {
        let invalid = invalid_input(
            client(&server)
                .show_playbook_instance()
                .workspace_id(WORKSPACE_ID)
                .instance_id(value)
                .send()
                .await,
        );
        assert_eq!(invalid.parameter, "instance_id", "value {value:?}");
        assert_eq!(invalid.rule, Rule::PathSegment, "value {value:?}");
    }
    let invalid = invalid_input(
        client(&server)
            .show_playbook_instance()
            .project_id("..")
            .workspace_id(WORKSPACE_ID)
            .instance_id(INSTANCE_ID)
            .send()
            .await,
    );
    assert_eq!(invalid.parameter, "project_id");
    assert_eq!(invalid.rule, Rule::PathSegment);
}
