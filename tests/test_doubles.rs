//! The test doubles (`test-util`) as an application uses them: generated clients whose
//! transport answers from rules, with the documented replies; retries, pagination and
//! error decoding run as in production.

use std::time::Duration;

use futures_util::TryStreamExt;
use huaweicloud_sdk_coc::models::{
    ExecutionInstance, GetScriptJobBatchResponseBody, JobScriptBatchDetail,
};
use huaweicloud_sdk_coc::test_util::{Reply, Rule, TestDouble, replies};
use huaweicloud_sdk_core::RetryPolicy;

const EXECUTE_UUID: &str = "SCT2023102211473xxxxxxxxxx";

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

fn coc(double: &TestDouble) -> huaweicloud_sdk_coc::Client {
    huaweicloud_sdk_coc::Client::new(double.config().retry(fast_retries()).build())
        .expect("client builds")
}

#[tokio::test]
async fn the_documented_reply_decodes_and_the_request_is_recorded() {
    let double = TestDouble::new()
        .rule(Rule::operation("GetScriptJobInfo").reply(replies::get_script_job_info_200()));
    let reply = coc(&double)
        .get_script_job_info()
        .execute_uuid(EXECUTE_UUID)
        .x_language("en-us")
        .send()
        .await
        .expect("answered");
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.request_id(), Some("test-double-1"));
    let data = reply.body().data.as_ref().expect("data");
    assert_eq!(data.execute_uuid.as_deref(), Some(EXECUTE_UUID));
    assert_eq!(data.execute_costs, Some(311282));

    let sent = double.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].operation, "GetScriptJobInfo");
    assert_eq!(sent[0].method, "GET");
    assert_eq!(
        sent[0].path,
        format!("/v1/job/script/orders/{EXECUTE_UUID}")
    );
    assert!(sent[0].query.is_empty());
    assert_eq!(sent[0].header("x-language"), Some("en-us"));
    assert_eq!(sent[0].param("X-Language"), Some("en-us"));
    // Signed as in production, with the double's test access key.
    let authorization = sent[0].header("authorization").expect("signed");
    assert!(
        authorization.starts_with("SDK-HMAC-SHA256 Access=test-ak"),
        "{authorization}"
    );
    assert_eq!(
        sent[0].header("x-project-id"),
        Some(huaweicloud_sdk_coc::test_util::TEST_PROJECT_ID)
    );
    assert!(sent[0].body.is_empty());
}

#[tokio::test]
async fn a_throttled_call_is_retried_as_in_production() {
    let double = TestDouble::new().rule(
        Rule::operation("GetScriptJobInfo")
            .reply(Reply::status(429).header("Retry-After", "0"))
            .reply(Reply::status(503))
            .reply(replies::get_script_job_info_200()),
    );
    let reply = coc(&double)
        .get_script_job_info()
        .execute_uuid(EXECUTE_UUID)
        .send()
        .await
        .expect("third attempt answers");
    assert_eq!(reply.request_id(), Some("test-double-3"));
    assert_eq!(double.requests().len(), 3);
}

#[tokio::test]
async fn rules_match_on_parameter_values_in_order() {
    let double = TestDouble::new()
        .rule(
            Rule::operation("GetScriptJobInfo")
                .param("execute_uuid", "missing")
                .reply(Reply::json_text(
                    404,
                    r#"{"error_code": "COC.00040404", "error_msg": "not found"}"#,
                )),
        )
        .rule(Rule::operation("GetScriptJobInfo").reply(replies::get_script_job_info_200()));
    let client = coc(&double);
    let error = client
        .get_script_job_info()
        .execute_uuid("missing")
        .send()
        .await
        .expect_err("404");
    let service = error.as_service_error().expect("a service error");
    assert_eq!(service.status, 404);
    assert_eq!(service.code, "COC.00040404");
    assert_eq!(service.message, "not found");
    assert_eq!(service.request_id.as_deref(), Some("test-double-1"));
    client
        .get_script_job_info()
        .execute_uuid(EXECUTE_UUID)
        .send()
        .await
        .expect("the second rule answers");
}

#[tokio::test]
async fn a_documented_error_reply_decodes_into_the_service_error() {
    let double = TestDouble::new().rule(
        Rule::operation("ListWorkflowExecutions").reply(
            huaweicloud_sdk_aom::test_util::replies::list_workflow_executions_401()
                .header("X-Request-Id", "req-401"),
        ),
    );
    let client = huaweicloud_sdk_aom::Client::new(double.config().build()).expect("client");
    let error = client
        .list_workflow_executions()
        .workflow_id("wf-1")
        .send()
        .await
        .expect_err("401");
    let service = error.as_service_error().expect("a service error");
    assert_eq!(service.status, 401);
    assert_eq!(service.code, "AOM.31009004");
    assert_eq!(service.message, "auth failed.");
    assert_eq!(service.request_id.as_deref(), Some("req-401"));
}

#[tokio::test]
async fn an_unmatched_call_names_the_operation_and_the_rules_tried() {
    let double = TestDouble::new()
        .rule(
            Rule::operation("GetScriptJobInfo")
                .param("execute_uuid", "other")
                .reply(replies::get_script_job_info_200()),
        )
        .rule(
            Rule::operation("GetScriptJobBatch")
                .when(|request| request.param("limit") == Some("5"))
                .reply(replies::get_script_job_batch_200()),
        );
    let error = coc(&double)
        .get_script_job_info()
        .execute_uuid(EXECUTE_UUID)
        .send()
        .await
        .expect_err("no rule");
    let message = error.to_string();
    for expected in [
        "no rule answers GetScriptJobInfo",
        &format!("GET /v1/job/script/orders/{EXECUTE_UUID}"),
        "GetScriptJobInfo where execute_uuid = \"other\"",
        "GetScriptJobBatch where a predicate holds",
    ] {
        assert!(
            message.contains(expected),
            "{expected} missing in: {message}"
        );
    }
    // Not retried: the double's answer is final.
    assert_eq!(double.requests().len(), 1);
}

fn page(ids: &[i64]) -> GetScriptJobBatchResponseBody {
    let mut detail = JobScriptBatchDetail::default();
    detail.execute_instances = Some(
        ids.iter()
            .map(|id| {
                let mut instance = ExecutionInstance::default();
                instance.id = Some(*id);
                instance
            })
            .collect(),
    );
    let mut body = GetScriptJobBatchResponseBody::default();
    body.data = Some(detail);
    body
}

#[tokio::test]
async fn pagination_runs_over_typed_replies() {
    let double = TestDouble::new()
        .rule(
            Rule::operation("GetScriptJobBatch")
                .when(|request| request.param("marker").is_none())
                .reply(Reply::json(200, &page(&[1, 2]))),
        )
        .rule(
            Rule::operation("GetScriptJobBatch")
                .param("marker", "2")
                .reply(Reply::json(200, &page(&[3]))),
        );
    let items: Vec<ExecutionInstance> = coc(&double)
        .get_script_job_batch()
        .execute_uuid(EXECUTE_UUID)
        .batch_index(1)
        .limit(2)
        .into_items()
        .try_collect()
        .await
        .expect("every page answered");
    let ids: Vec<Option<i64>> = items.iter().map(|item| item.id).collect();
    assert_eq!(ids, [Some(1), Some(2), Some(3)]);
    let queries: Vec<Vec<(String, String)>> = double
        .requests()
        .into_iter()
        .map(|request| request.query)
        .collect();
    assert_eq!(
        queries,
        [
            vec![("limit".to_owned(), "2".to_owned())],
            vec![
                ("limit".to_owned(), "2".to_owned()),
                ("marker".to_owned(), "2".to_owned())
            ],
        ]
    );
}

#[tokio::test]
async fn invalid_parameters_fail_before_the_double_sees_a_request() {
    let double = TestDouble::new()
        .rule(Rule::operation("GetScriptJobInfo").reply(replies::get_script_job_info_200()));
    let error = coc(&double)
        .get_script_job_info()
        .execute_uuid("x".repeat(27))
        .send()
        .await
        .expect_err("too long");
    assert!(
        matches!(error, huaweicloud_sdk_core::Error::InvalidInput(_)),
        "{error:?}"
    );
    assert!(double.requests().is_empty());
}
