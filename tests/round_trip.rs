//! Every example that the specs document decodes into its generated type and encodes
//! back to equal JSON (`serde_json::Value` equality: explicit nulls, empty arrays and
//! integer-versus-float numbers included).
//!
//! The test finds the examples by reading the specs, and fails on any example that has
//! no check below: adding an operation or an example to a spec makes this test ask for
//! its line.

use workspace_tests::{Check, ExampleKey, SERVICES, examples, round_trip, round_trip_failure};

use huaweicloud_sdk_aom::models as aom;
use huaweicloud_sdk_coc::models as coc;
use huaweicloud_sdk_secmaster::models as secmaster;

/// The generated type of each documented example, by (service, operationId, part).
fn check_for(key: &ExampleKey) -> Option<Check> {
    let check: Check = match (
        key.service.as_str(),
        key.operation.as_str(),
        key.part.as_str(),
    ) {
        ("secmaster", "ShowPlaybookInstance", "200") => {
            round_trip::<secmaster::PlaybookInstanceInfo>
        }
        ("secmaster", "ShowPlaybookInstance", "400") => round_trip::<secmaster::ErrorResponse>,
        ("secmaster", "ChangePlaybookInstance", "request") => {
            round_trip::<secmaster::OperatePlaybookInstanceRequestBody>
        }
        ("secmaster", "ChangePlaybookInstance", "200") => {
            round_trip::<secmaster::PlaybookInstanceInfo>
        }
        ("secmaster", "ChangePlaybookInstance", "400") => round_trip::<secmaster::ErrorResponse>,
        ("coc", "GetScriptJobInfo", "200") => round_trip::<coc::GetScriptJobInfoResponseBody>,
        ("coc", "GetScriptJobBatch", "200") => round_trip::<coc::GetScriptJobBatchResponseBody>,
        ("aom", "ListWorkflowExecutions", "200") => round_trip::<Vec<aom::WorkflowExecutionBrief>>,
        ("aom", "ListWorkflowExecutions", "401" | "500") => round_trip::<aom::AomErrorResponse>,
        _ => return None,
    };
    Some(check)
}

#[test]
fn every_documented_example_round_trips_through_its_generated_type() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for service in SERVICES {
        for example in examples(service) {
            let place = format!("specs/{service}.yaml#{}", example.pointer);
            let Some(check) = check_for(&example.key) else {
                failures.push(format!(
                    "{place}: no round-trip check for {:?}; add one to check_for",
                    example.key
                ));
                continue;
            };
            match round_trip_failure(&place, &example, check) {
                None => checked += 1,
                Some(failure) => failures.push(failure),
            }
        }
    }
    println!("{checked} documented examples round-tripped");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The specs document 8 examples today; fewer means the search above lost some.
    assert!(checked >= 8, "only {checked} examples found in the specs");
}

#[test]
fn undocumented_enum_values_survive_a_round_trip() {
    let json = serde_json::json!({"status": "PAUSED_FOR_REVIEW", "trigger_type": "TIMER"});
    let decoded: secmaster::PlaybookInstanceInfo = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(
        decoded.status,
        Some(secmaster::PlaybookInstanceInfoStatus::Unknown(
            "PAUSED_FOR_REVIEW".into()
        ))
    );
    assert_eq!(
        decoded.trigger_type,
        Some(secmaster::PlaybookInstanceInfoTriggerType::Timer)
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), json);
}

#[test]
fn both_rollback_spellings_are_documented_values() {
    for spelling in ["ROLLBACKED", "ROLLED BACK"] {
        let status = coc::ExecutionInstanceStatus::from(spelling);
        assert!(status.is_documented(), "{spelling}");
        assert_eq!(status.as_str(), spelling);
    }
}

#[test]
fn script_version_uuid_accepts_a_string_or_a_number_and_keeps_it() {
    for json in [
        serde_json::json!({"script_version_uuid": "SV2023101717abc"}),
        serde_json::json!({"script_version_uuid": 20231017}),
    ] {
        let decoded: coc::JobScriptOrderInfoProp = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), json);
    }
}

#[test]
fn absent_null_and_present_stay_distinct() {
    let absent: coc::ResourceInstance = serde_json::from_value(serde_json::json!({})).unwrap();
    let null: coc::ResourceInstance =
        serde_json::from_value(serde_json::json!({"agent_status": null})).unwrap();
    assert_eq!(absent.agent_status, None);
    assert_eq!(null.agent_status, Some(None));
    assert_eq!(
        serde_json::to_value(&absent).unwrap(),
        serde_json::json!({})
    );
    assert_eq!(
        serde_json::to_value(&null).unwrap(),
        serde_json::json!({"agent_status": null})
    );
}
