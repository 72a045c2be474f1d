//! Round trips the documented examples do not show: undocumented enum values, both
//! spellings of a value, a field that is a string or a number, and absent against null.
//!
//! Every documented example round-trips in the tests generated into each crate
//! (`crates/<service>/tests/examples.rs`); the first test checks that none is missing.

use workspace_tests::{examples, examples_without_generated_test, services};

use huaweicloud_sdk_coc::models as coc;
use huaweicloud_sdk_secmaster::models as secmaster;

#[test]
fn every_documented_example_has_a_generated_round_trip_test() {
    let mut found = 0;
    let mut missing = Vec::new();
    for service in services() {
        let examples = examples(&service);
        found += examples.len();
        let spec = format!("specs/{service}.yaml");
        missing.extend(examples_without_generated_test(
            &format!("crates/{service}"),
            &spec,
            &examples,
        ));
    }
    assert!(
        missing.is_empty(),
        "no generated round-trip test (run `cargo xtask codegen`):\n{}",
        missing.join("\n")
    );
    // The specs document 791 examples today; fewer means the search above lost some.
    assert!(found >= 791, "only {found} examples found in the specs");
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
