//! Fuzzing the decoders: every generated response, error and model type of every service
//! decodes whatever bytes a server may send without panicking, the way the client decodes
//! a reply (`serde_path_to_error` over the bytes, then nothing but whitespace after the
//! value). What does decode encodes again, and the encoding decodes to an equal value.
//!
//! Inputs per type ([`CASES`] of each, from a fixed seed so that runs repeat; set
//! `PROPTEST_RNG_SEED` to explore others, `PROPTEST_CASES` for a longer run):
//!
//! - arbitrary bytes;
//! - arbitrary JSON values whose keys and strings are mostly the spec's own property
//!   names and enum values, so that decoding gets past the top level;
//! - the documented examples of the specs (the seed corpus), mutated: nodes replaced by
//!   arbitrary values, keys removed or added, arrays emptied or doubled;
//! - the documented examples cut short and with bytes flipped.
//!
//! Every prefix of every example, and nesting far deeper than the JSON parser's
//! recursion limit, are checked once each.
//!
//! The tables below must name every response with a body and every component schema
//! of every spec: a new operation or schema makes
//! `every_response_and_schema_of_the_specs_is_fuzzed` ask for its line.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed, TestCaseError, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use workspace_tests::{SERVICES, examples, load_spec};

use huaweicloud_sdk_aom::models as aom;
use huaweicloud_sdk_coc::models as coc;
use huaweicloud_sdk_secmaster::models as secmaster;

const CASES: u32 = 256;
const SEED: u64 = 0xf022_0006;

type Check = fn(&[u8]) -> Result<(), String>;

/// Decode `bytes` as the client does; if that succeeds, encode the value and decode the
/// encoding, which must give the same value. A decode error is a fine outcome; a panic
/// (caught by the runner) or an unfaithful round trip is not.
fn check<T: DeserializeOwned + Serialize + PartialEq + Debug>(bytes: &[u8]) -> Result<(), String> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let Ok(decoded) = serde_path_to_error::deserialize::<_, T>(&mut deserializer) else {
        return Ok(());
    };
    if deserializer.end().is_err() {
        return Ok(());
    }
    let encoded = serde_json::to_vec(&decoded).map_err(|e| format!("encode: {e}"))?;
    let again: T = serde_json::from_slice(&encoded).map_err(|e| {
        format!(
            "the encoding {} does not decode: {e}",
            String::from_utf8_lossy(&encoded)
        )
    })?;
    if again != decoded {
        return Err(format!(
            "decoded {decoded:?}, but its encoding decodes to {again:?}"
        ));
    }
    Ok(())
}

/// Every generated type that a reply can carry, by service and schema name (a response
/// that is an array of a schema is `Vec<Schema>`).
fn types() -> BTreeMap<(&'static str, &'static str), Check> {
    let table: &[(&str, &str, Check)] = &[
        ("aom", "AomErrorResponse", check::<aom::AomErrorResponse>),
        ("aom", "AppRules", check::<aom::AppRules>),
        ("aom", "AppRulesSpec", check::<aom::AppRulesSpec>),
        ("aom", "Dimension", check::<aom::Dimension>),
        ("aom", "DiscoveryRule", check::<aom::DiscoveryRule>),
        ("aom", "EventModel", check::<aom::EventModel>),
        ("aom", "ListSeriesError", check::<aom::ListSeriesError>),
        (
            "aom",
            "ListSeriesRequestBody",
            check::<aom::ListSeriesRequestBody>,
        ),
        (
            "aom",
            "ListSeriesResponse",
            check::<aom::ListSeriesResponse>,
        ),
        (
            "aom",
            "ListServiceDiscoveryRulesResponse",
            check::<aom::ListServiceDiscoveryRulesResponse>,
        ),
        ("aom", "LogPathRule", check::<aom::LogPathRule>),
        ("aom", "MetaData", check::<aom::MetaData>),
        ("aom", "NamePartRule", check::<aom::NamePartRule>),
        ("aom", "NameRule", check::<aom::NameRule>),
        (
            "aom",
            "PushEventsRequestBody",
            check::<aom::PushEventsRequestBody>,
        ),
        (
            "aom",
            "QuerySeriesOptionParam",
            check::<aom::QuerySeriesOptionParam>,
        ),
        (
            "aom",
            "SeriesQueryItemResult",
            check::<aom::SeriesQueryItemResult>,
        ),
        ("aom", "ExecutionResult", check::<aom::ExecutionResult>),
        (
            "aom",
            "WorkflowExecutionBrief",
            check::<aom::WorkflowExecutionBrief>,
        ),
        (
            "aom",
            "Vec<WorkflowExecutionBrief>",
            check::<Vec<aom::WorkflowExecutionBrief>>,
        ),
        (
            "aom",
            "AomErrorResponseHttpCode",
            check::<aom::AomErrorResponseHttpCode>,
        ),
        ("coc", "CustomAttribute", check::<coc::CustomAttribute>),
        ("coc", "ExecutionInstance", check::<coc::ExecutionInstance>),
        (
            "coc",
            "ExecutionInstanceStatus",
            check::<coc::ExecutionInstanceStatus>,
        ),
        (
            "coc",
            "GetScriptJobBatchResponseBody",
            check::<coc::GetScriptJobBatchResponseBody>,
        ),
        (
            "coc",
            "GetScriptJobInfoResponseBody",
            check::<coc::GetScriptJobInfoResponseBody>,
        ),
        (
            "coc",
            "JobScriptBatchDetail",
            check::<coc::JobScriptBatchDetail>,
        ),
        (
            "coc",
            "JobScriptOrderInfo",
            check::<coc::JobScriptOrderInfo>,
        ),
        (
            "coc",
            "JobScriptOrderInfoProp",
            check::<coc::JobScriptOrderInfoProp>,
        ),
        (
            "coc",
            "JobScriptOrderInfoPropScriptVersionUuid",
            check::<coc::JobScriptOrderInfoPropScriptVersionUuid>,
        ),
        (
            "coc",
            "JobScriptOrderInfoStatus",
            check::<coc::JobScriptOrderInfoStatus>,
        ),
        ("coc", "ResourceInstance", check::<coc::ResourceInstance>),
        (
            "coc",
            "ResourceInstanceProp",
            check::<coc::ResourceInstanceProp>,
        ),
        (
            "coc",
            "ScriptExecuteInputParam",
            check::<coc::ScriptExecuteInputParam>,
        ),
        (
            "coc",
            "ScriptExecuteParam",
            check::<coc::ScriptExecuteParam>,
        ),
        (
            "secmaster",
            "DataclassInfoRef",
            check::<secmaster::DataclassInfoRef>,
        ),
        (
            "secmaster",
            "DataobjectInfo",
            check::<secmaster::DataobjectInfo>,
        ),
        (
            "secmaster",
            "ErrorResponse",
            check::<secmaster::ErrorResponse>,
        ),
        (
            "secmaster",
            "OperatePlaybookInstanceRequestBody",
            check::<secmaster::OperatePlaybookInstanceRequestBody>,
        ),
        (
            "secmaster",
            "OperatePlaybookInstanceRequestBodyOperation",
            check::<secmaster::OperatePlaybookInstanceRequestBodyOperation>,
        ),
        (
            "secmaster",
            "PlaybookInfoRef",
            check::<secmaster::PlaybookInfoRef>,
        ),
        (
            "secmaster",
            "PlaybookInstanceInfo",
            check::<secmaster::PlaybookInstanceInfo>,
        ),
        (
            "secmaster",
            "PlaybookInstanceInfoStatus",
            check::<secmaster::PlaybookInstanceInfoStatus>,
        ),
        (
            "secmaster",
            "PlaybookInstanceInfoTriggerType",
            check::<secmaster::PlaybookInstanceInfoTriggerType>,
        ),
    ];
    table
        .iter()
        .map(|(service, name, check)| ((*service, *name), *check))
        .collect()
}

/// The type of each documented reply (and request body), by (service, operationId, part).
fn type_of(service: &str, operation: &str, part: &str) -> Option<&'static str> {
    Some(match (service, operation, part) {
        ("aom", "ListWorkflowExecutions", "200") => "Vec<WorkflowExecutionBrief>",
        ("aom", "ListWorkflowExecutions", "401" | "500") => "AomErrorResponse",
        ("aom", "ListSeries", "200") => "ListSeriesResponse",
        ("aom", "ListSeries", "400") => "ListSeriesError",
        ("aom", "ListServiceDiscoveryRules", "200") => "ListServiceDiscoveryRulesResponse",
        ("coc", "GetScriptJobInfo", "200") => "GetScriptJobInfoResponseBody",
        ("coc", "GetScriptJobBatch", "200") => "GetScriptJobBatchResponseBody",
        ("secmaster", "ShowPlaybookInstance" | "ChangePlaybookInstance", "200") => {
            "PlaybookInstanceInfo"
        }
        ("secmaster", "ShowPlaybookInstance" | "ChangePlaybookInstance", "400") => "ErrorResponse",
        ("secmaster", "ChangePlaybookInstance", "request") => "OperatePlaybookInstanceRequestBody",
        _ => return None,
    })
}

/// (service, operationId, status) of every response with a body in the specs.
fn documented_responses() -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for service in SERVICES {
        let spec = load_spec(service);
        let paths = spec["paths"].as_object().cloned().unwrap_or_default();
        for item in paths.values() {
            for operation in item.as_object().into_iter().flat_map(|o| o.values()) {
                let Some(id) = operation["operationId"].as_str() else {
                    continue;
                };
                let responses = operation["responses"]
                    .as_object()
                    .cloned()
                    .unwrap_or_default();
                for (status, response) in responses {
                    if response.get("content").is_some() {
                        found.push(((*service).to_owned(), id.to_owned(), status));
                    }
                }
            }
        }
    }
    found
}

/// Property names and string values (enum members, the examples' strings) of a spec, to make
/// arbitrary JSON look like the service's.
fn vocabulary(service: &str) -> (Vec<String>, Vec<String>) {
    fn walk(value: &Value, keys: &mut BTreeSet<String>, strings: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    keys.extend(properties.keys().cloned());
                }
                if let Some(Value::Array(members)) = map.get("enum") {
                    strings.extend(members.iter().filter_map(Value::as_str).map(str::to_owned));
                }
                map.values().for_each(|v| walk(v, keys, strings));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, keys, strings)),
            _ => {}
        }
    }
    fn leaves(value: &Value, strings: &mut BTreeSet<String>) {
        match value {
            Value::String(text) => {
                strings.insert(text.clone());
            }
            Value::Array(items) => items.iter().for_each(|v| leaves(v, strings)),
            Value::Object(map) => map.values().for_each(|v| leaves(v, strings)),
            _ => {}
        }
    }
    let (mut keys, mut strings) = (BTreeSet::new(), BTreeSet::new());
    walk(&load_spec(service), &mut keys, &mut strings);
    for example in examples(service) {
        leaves(&example.value, &mut strings);
    }
    // Never empty, so that a selection from them always has something to pick.
    keys.insert("id".to_owned());
    strings.insert(String::new());
    (keys.into_iter().collect(), strings.into_iter().collect())
}

/// The documented examples of `service` whose type is `name`.
fn seeds(service: &str, name: &str) -> Vec<Value> {
    examples(service)
        .into_iter()
        .filter(|example| type_of(service, &example.key.operation, &example.key.part) == Some(name))
        .map(|example| example.value)
        .collect()
}

fn config() -> ProptestConfig {
    let mut config = ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = CASES;
    }
    if config.rng_seed == RngSeed::Random {
        config.rng_seed = RngSeed::Fixed(SEED);
    }
    config
}

/// Run `check` of the type `name` on every input of `strategy`; fail with the smallest
/// failing input.
fn fuzz<S>(name: &str, check: Check, strategy: S, to_bytes: impl Fn(&S::Value) -> Vec<u8>)
where
    S: Strategy,
    S::Value: Debug,
{
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&strategy, |input| {
        let bytes = to_bytes(&input);
        check(&bytes).map_err(|message| {
            TestCaseError::fail(format!(
                "{name}: {message}\ninput: {}",
                String::from_utf8_lossy(&bytes)
            ))
        })
    });
    if let Err(failure) = outcome {
        panic!("{name}: {failure}");
    }
}

/// Strings: the spec's own, arbitrary ones, and numbers spelled as strings.
fn json_string(strings: Vec<String>) -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        2 => proptest::sample::select(strings),
        2 => any::<String>(),
        1 => "[0-9]{1,25}",
    ]
}

/// Arbitrary JSON, its keys and strings mostly taken from `keys` and `strings`.
fn json_value(keys: Vec<String>, strings: Vec<String>) -> impl Strategy<Value = Value> + Clone {
    let key = prop_oneof![
        4 => proptest::sample::select(keys),
        1 => any::<String>(),
    ];
    let string = json_string(strings);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        string.prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// One change to a JSON tree, at the node numbered `at` (pre-order, modulo their count).
#[derive(Debug, Clone)]
enum Mutation {
    Replace(Value),
    RemoveKey(usize),
    AddKey(String, Value),
    EmptyArray,
    DoubleArray,
}

fn mutation(keys: Vec<String>, strings: Vec<String>) -> impl Strategy<Value = (usize, Mutation)> {
    let value = json_value(keys.clone(), strings);
    (
        any::<usize>(),
        prop_oneof![
            4 => value.clone().prop_map(Mutation::Replace),
            2 => any::<usize>().prop_map(Mutation::RemoveKey),
            2 => (proptest::sample::select(keys), value).prop_map(|(k, v)| Mutation::AddKey(k, v)),
            1 => Just(Mutation::EmptyArray),
            1 => Just(Mutation::DoubleArray),
        ],
    )
}

fn count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(map) => map.values().map(count).sum(),
        _ => 0,
    }
}

/// The node numbered `index` in pre-order.
fn path_to(value: &mut Value, index: usize) -> &mut Value {
    if index == 0 {
        return value;
    }
    let mut skipped = 1;
    match value {
        Value::Array(items) => {
            for item in items.iter_mut() {
                let size = count(item);
                if index < skipped + size {
                    return path_to(item, index - skipped);
                }
                skipped += size;
            }
        }
        Value::Object(map) => {
            for item in map.values_mut() {
                let size = count(item);
                if index < skipped + size {
                    return path_to(item, index - skipped);
                }
                skipped += size;
            }
        }
        _ => {}
    }
    unreachable!("index {index} beyond the tree")
}

fn mutate(seed: &Value, mutations: &[(usize, Mutation)]) -> Value {
    let mut value = seed.clone();
    for (at, mutation) in mutations {
        let index = at % count(&value);
        let target = path_to(&mut value, index);
        match (mutation, target) {
            (Mutation::Replace(new), target) => *target = new.clone(),
            (Mutation::RemoveKey(which), Value::Object(map)) if !map.is_empty() => {
                let key = map.keys().nth(which % map.len()).cloned().expect("a key");
                map.remove(&key);
            }
            (Mutation::AddKey(key, new), Value::Object(map)) => {
                map.insert(key.clone(), new.clone());
            }
            (Mutation::EmptyArray, Value::Array(items)) => items.clear(),
            (Mutation::DoubleArray, Value::Array(items)) => {
                let copy = items.clone();
                items.extend(copy);
            }
            (_, _) => {}
        }
    }
    value
}

#[test]
fn every_response_and_schema_of_the_specs_is_fuzzed() {
    let types = types();
    let mut missing = Vec::new();
    for (service, operation, status) in documented_responses() {
        match type_of(&service, &operation, &status) {
            Some(name) if types.contains_key(&(service.as_str(), name)) => {}
            _ => missing.push(format!(
                "{service} {operation} {status}: no type in type_of/types"
            )),
        }
    }
    for service in SERVICES {
        let spec = load_spec(service);
        for schema in spec["components"]["schemas"]
            .as_object()
            .into_iter()
            .flat_map(|schemas| schemas.keys())
        {
            if !types.contains_key(&(*service, schema.as_str())) {
                missing.push(format!("{service} schema {schema}: not in types()"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn arbitrary_bytes_never_panic() {
    for ((service, name), check) in types() {
        fuzz(
            &format!("{service} {name}"),
            check,
            proptest::collection::vec(any::<u8>(), 0..512),
            Clone::clone,
        );
    }
}

#[test]
fn arbitrary_json_never_panics_and_round_trips() {
    for ((service, name), check) in types() {
        let (keys, strings) = vocabulary(service);
        // A bare string now and then too, for the enums and the string-or-number types.
        let strategy = prop_oneof![
            3 => json_value(keys, strings.clone()),
            1 => json_string(strings).prop_map(Value::String),
        ];
        fuzz(&format!("{service} {name}"), check, strategy, |value| {
            serde_json::to_vec(value).expect("JSON encodes")
        });
    }
}

#[test]
fn mutated_documented_examples_never_panic_and_round_trip() {
    let mut fuzzed = 0;
    for ((service, name), check) in types() {
        let seeds = seeds(service, name);
        if seeds.is_empty() {
            continue;
        }
        fuzzed += 1;
        let (keys, strings) = vocabulary(service);
        let strategy = (
            proptest::sample::select(seeds),
            proptest::collection::vec(mutation(keys, strings), 1..5),
        );
        fuzz(
            &format!("{service} {name}"),
            check,
            strategy,
            |(seed, mutations)| serde_json::to_vec(&mutate(seed, mutations)).expect("JSON encodes"),
        );
    }
    // The specs document examples of 6 types today; fewer means the seeds were lost.
    assert!(fuzzed >= 6, "only {fuzzed} types have documented examples");
}

#[test]
fn documented_examples_cut_short_or_with_flipped_bytes_never_panic() {
    for ((service, name), check) in types() {
        let seeds: Vec<Vec<u8>> = seeds(service, name)
            .iter()
            .map(|seed| serde_json::to_vec_pretty(seed).expect("JSON encodes"))
            .collect();
        if seeds.is_empty() {
            continue;
        }
        // Every prefix, once.
        for seed in &seeds {
            for end in 0..seed.len() {
                check(&seed[..end]).unwrap_or_else(|e| panic!("{service} {name}: {e}"));
            }
        }
        let strategy = (
            proptest::sample::select(seeds),
            proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        );
        fuzz(
            &format!("{service} {name}"),
            check,
            strategy,
            |(seed, flips)| {
                let mut bytes = seed.clone();
                for (at, byte) in flips {
                    let at = at % bytes.len();
                    bytes[at] = *byte;
                }
                bytes
            },
        );
    }
}

/// Nesting far beyond the parser's recursion limit is an error, not a stack overflow.
#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}null{}", r#"{"data":"#.repeat(depth), "}".repeat(depth));
    for ((service, name), check) in types() {
        for input in [&arrays, &objects] {
            check(input.as_bytes()).unwrap_or_else(|e| panic!("{service} {name}: {e}"));
        }
    }
}
