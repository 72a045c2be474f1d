//! Decode and encode throughput of the generated models, each against the same JSON read
//! by a hand-written `#[derive(Deserialize, Serialize)]` struct of the same shape (the
//! baseline) and by `serde_json::Value`:
//!
//! - the documented examples of `specs/` (one reply of each operation);
//! - a COC batch page of 10,000 instances, and an AOM list of 10,000 executions with
//!   nested `output` objects;
//! - the two kinds of generated type that a derive does not give: 10,000 open-enum values
//!   (against a closed derived enum with a `#[serde(other)]` catch-all, and `String`), and
//!   10,000 string-or-integer values (the generated union, against a hand-written visitor,
//!   `Value`, and the `#[serde(untagged)]` enum that the generator emitted before);
//! - `as_send` rows decode through `serde_path_to_error`, which names the failing field;
//!   `ServiceClient::send` did so for every reply, and now only for a reply that fails
//!   to decode (a successful one is decoded plainly, as the `generated` rows are).
//!
//! Every row after the first of its group is paired with that first row, the baseline
//! (see `report.rs`): the paired ratio is the figure to read on a busy machine.
//!
//! The hand-written structs keep every field of the generated ones (second spellings
//! included) with the types a person would choose: closed enums with a catch-all, `Option`
//! for nullable fields, `f64` for numbers.
//!
//! `cargo bench -p workspace-tests --bench decode`; the table of ratios is printed at the end.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, measurement::WallTime};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

#[path = "report.rs"]
mod report;

/// Hand-written models: what one writes without a generator, same fields, same nesting.
mod hand {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    macro_rules! closed_enum {
        ($name:ident { $($variant:ident = $value:literal),* $(,)? }) => {
            #[derive(Debug, Deserialize, Serialize)]
            pub enum $name {
                $(#[serde(rename = $value)] $variant,)*
                /// Anything else; the value is lost.
                #[serde(other)]
                Other,
            }
        };
    }

    closed_enum!(InstanceStatus {
        Ready = "READY", Processing = "PROCESSING", Abnormal = "ABNORMAL", Canceled = "CANCELED",
        Finished = "FINISHED", Rollbacked = "ROLLBACKED", RolledBack = "ROLLED BACK",
    });
    closed_enum!(OrderStatus {
        Ready = "READY", Processing = "PROCESSING", Error = "ERROR", Paused = "PAUSED",
        Canceled = "CANCELED", Finished = "FINISHED", Rollbacked = "ROLLBACKED",
    });
    closed_enum!(PlaybookStatus {
        Running = "RUNNING", Finished = "FINISHED", Failed = "FAILED", Retrying = "RETRYING",
        Terminating = "TERMINATING", Terminated = "TERMINATED",
    });
    closed_enum!(TriggerType { Timer = "TIMER", Event = "EVENT" });

    /// A string or an integer, with a visitor: what a person writes instead of `untagged`.
    #[derive(Debug)]
    pub enum StringOrInteger {
        String(String),
        Integer(i64),
    }

    impl<'de> Deserialize<'de> for StringOrInteger {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl serde::de::Visitor<'_> for Visitor {
                type Value = StringOrInteger;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a string or an integer")
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                    Ok(StringOrInteger::String(v.to_owned()))
                }
                fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                    Ok(StringOrInteger::String(v))
                }
                fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                    Ok(StringOrInteger::Integer(v))
                }
                fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                    i64::try_from(v)
                        .map(StringOrInteger::Integer)
                        .map_err(|_| E::custom("integer out of range"))
                }
            }
            deserializer.deserialize_any(Visitor)
        }
    }

    impl Serialize for StringOrInteger {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                StringOrInteger::String(value) => serializer.serialize_str(value),
                StringOrInteger::Integer(value) => serializer.serialize_i64(*value),
            }
        }
    }

    /// The same with `#[serde(untagged)]`: what the generator emitted for string-or-integer
    /// fields before these benchmarks (it buffers the value, then tries each variant).
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)] // only decoded
    pub enum UntaggedStringOrInteger {
        String(String),
        Integer(i64),
    }

    // COC GetScriptJobBatch

    #[derive(Debug, Deserialize, Serialize)]
    pub struct BatchBody {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub data: Option<BatchDetail>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct BatchDetail {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub batch_index: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub total_instances: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub execute_instances: Option<Vec<ExecutionInstance>>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct ExecutionInstance {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub id: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub target_instance: Option<ResourceInstance>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub gmt_created: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub gmt_finished: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub execute_costs: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub status: Option<InstanceStatus>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub message: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct ResourceInstance {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub resource_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub provider: Option<String>,
        pub region_id: Option<String>,
        #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
        pub type_: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub custom_attributes: Option<Vec<CustomAttribute>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub agent_sn: Option<String>,
        pub agent_status: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub properties: Option<ResourceInstanceProp>,
        pub project_id: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct CustomAttribute {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub key: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub value: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct ResourceInstanceProp {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub host_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub fixed_ip: Option<String>,
        pub floating_ip: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub region_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub zone_id: Option<String>,
        pub application: Option<String>,
        pub group: Option<String>,
        pub project_id: Option<String>,
    }

    // COC GetScriptJobInfo

    #[derive(Debug, Deserialize, Serialize)]
    pub struct InfoBody {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub data: Option<OrderInfo>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct OrderInfo {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub execute_uuid: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub gmt_created: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub gmt_finished: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub execute_costs: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub creator: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub status: Option<OrderStatus>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub properties: Option<OrderInfoProp>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct OrderInfoProp {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub script_uuid: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub script_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub script_version_uuid: Option<StringOrInteger>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub script_version_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub current_execute_batch_index: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub execute_param: Option<ExecuteParam>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub script_source: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct ExecuteParam {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub resourceful: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub timeout: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub success_rate: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub execute_user: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub script_params: Option<Vec<InputParam>>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct InputParam {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub param_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub param_value: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub param_order: Option<i32>,
    }

    // AOM ListWorkflowExecutions

    #[derive(Debug, Deserialize, Serialize)]
    pub struct WorkflowExecution {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub workflow_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub execution_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub begin_time: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub end_time: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub last_update_time: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub created_by: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub create_by: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub approve_user_name_list: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub execution_result_list: Option<Vec<ExecutionResult>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub project_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub workflow_edit_time: Option<i64>,
        #[serde(rename = "workflowEditTime", skip_serializing_if = "Option::is_none")]
        pub workflow_edit_time_alias: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub last_record_id_with_snapshot: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct ExecutionResult {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub node_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub begin_time: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub end_time: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub function_execution_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub output: Option<serde_json::Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
    }

    // SecMaster ShowPlaybookInstance

    #[derive(Debug, Deserialize, Serialize)]
    pub struct PlaybookInstance {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub project_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub playbook: Option<PlaybookRef>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub dataclass: Option<DataclassRef>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub dataobject: Option<Dataobject>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub status: Option<PlaybookStatus>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub trigger_type: Option<TriggerType>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub start_time: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub end_time: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct PlaybookRef {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub version_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct DataclassRef {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct Dataobject {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub create_time: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub update_time: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub project_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub dataclass_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub content: Option<String>,
    }
}

type CocBatch = huaweicloud_sdk_coc::models::GetScriptJobBatchResponseBody;
type CocInfo = huaweicloud_sdk_coc::models::GetScriptJobInfoResponseBody;
type AomExecutions = Vec<huaweicloud_sdk_aom::models::WorkflowExecutionBrief>;
type SecmasterInstance = huaweicloud_sdk_secmaster::models::PlaybookInstanceInfo;

/// How many items the large replies hold.
const LARGE: usize = 10_000;

/// A COC batch page of `count` instances, in the documented example's shape, with
/// every status, nulls and values in the nullable fields, and custom attributes.
fn coc_batch_page(count: usize) -> Vec<u8> {
    const STATUSES: [&str; 7] = [
        "READY",
        "PROCESSING",
        "ABNORMAL",
        "CANCELED",
        "FINISHED",
        "ROLLBACKED",
        "ROLLED BACK",
    ];
    let instances: Vec<Value> = (0..count)
        .map(|i| {
            let set = i % 2 == 0;
            let ip = format!("192.168.{}.{}", i / 250 % 250, i % 250);
            let mut target = json!({
                "resource_id": format!("0f3b7c1e-6a2d-4f0e-9c8b-{i:012}"),
                "provider": "ECS",
                "region_id": if set { Value::from("cn-north-4") } else { Value::Null },
                "type": "CLOUDSERVER",
                "agent_sn": format!("agent-{i:08}"),
                "agent_status": if set { Value::from("ONLINE") } else { Value::Null },
                "project_id": Value::Null,
                "properties": {
                    "host_name": format!("ecs-host-{i:05}"),
                    "fixed_ip": ip,
                    "floating_ip": if set { Value::from("100.85.1.1") } else { Value::Null },
                    "region_id": "cn-north-4",
                    "zone_id": "cn-north-4a",
                    "application": Value::Null,
                    "group": Value::Null,
                    "project_id": Value::Null,
                },
            });
            if i % 3 == 0 {
                target["custom_attributes"] = json!([
                    {"key": "env", "value": "production"},
                    {"key": "team", "value": "sre"},
                ]);
            }
            json!({
                "id": 1_000_000 + i,
                "target_instance": target,
                "gmt_created": 1_697_946_452_436_i64 + i as i64,
                "gmt_finished": 1_697_946_763_467_i64 + i as i64,
                "execute_costs": 311_031,
                "status": STATUSES[i % STATUSES.len()],
                "message": format!("Script execution result of instance {i}: exit code 0"),
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "data": {"batch_index": 1, "total_instances": count, "execute_instances": instances}
    }))
    .expect("encodes")
}

/// An AOM list of `count` executions, in the documented example's shape: two nodes
/// each, with the nested `output` object of the example.
fn aom_executions(count: usize) -> Vec<u8> {
    let executions: Vec<Value> = (0..count)
        .map(|i| {
            let node = |name: &str, n: usize| {
                json!({
                    "begin_time": 1_600_000_000_i64 + n as i64,
                    "end_time": 1_600_000_100_i64 + n as i64,
                    "function_execution_id": format!("fx-{i:06}-{n}"),
                    "node_id": name,
                    "output": {
                        "fail": [],
                        "in_execution": [],
                        "success": [{
                            "app": format!("app-{i}"),
                            "code": "0",
                            "matchLabels": "{\"app\":\"web\",\"version\":\"v1\"}",
                            "current_project": true,
                            "log": "Restart Success.",
                            "replicas": 3,
                            "cmdb_work_load_id": format!("wl-{i:06}"),
                            "type": "manual",
                            "availableReplicas": 3,
                            "execute_time": "35505",
                            "creationTimestamp": " ",
                            "name": format!("workload-{i}"),
                            "namespace": "default",
                            "cceWorkloadCluster": "cluster-1",
                            "id": format!("id-{i:06}"),
                            "cceWorkloadType": "deployments",
                        }],
                        "not_performed": [],
                    },
                    "status": "success",
                })
            };
            json!({
                "approve_user_name_list": if i % 2 == 0 { json!([]) } else { json!(["alice", "bob"]) },
                "begin_time": 1_600_000_000_i64 + i as i64,
                "create_by": "operator",
                "end_time": 1_600_000_500_i64 + i as i64,
                "execution_id": format!("exec-{i:08}"),
                "execution_result_list": [node("delete-workload-pod", 2 * i), node("notify", 2 * i + 1)],
                "project_id": "0123456789abcdef0123456789abcdef",
                "status": "success",
                "workflowEditTime": 0,
                "workflow_id": "wf-restart-pods",
            })
        })
        .collect();
    serde_json::to_vec(&executions).expect("encodes")
}

fn documented(service: &str, operation: &str) -> Vec<u8> {
    serde_json::to_vec(&workspace_tests::example(service, operation, "200")).expect("encodes")
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> T {
    serde_json::from_slice(bytes).expect("decodes")
}

/// Decode with path tracking, as `ServiceClient::send` does again for a reply that failed:
/// through `serde_path_to_error`, then `end()`.
fn decode_as_send<T: DeserializeOwned>(bytes: &[u8]) -> T {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).expect("decodes");
    deserializer.end().expect("nothing after the value");
    value
}

/// The benchmarks' shared state: criterion's group, its name, and the paired ratios.
struct Rows<'a, 'g> {
    group: &'a mut BenchmarkGroup<'g, WallTime>,
    name: &'a str,
    paired: &'a report::Paired,
}

impl Rows<'_, '_> {
    /// Row `function`, paired with `baseline` (`None` for the baseline row itself).
    fn row(
        &mut self,
        function: &str,
        mut routine: impl FnMut(),
        baseline: Option<&mut dyn FnMut()>,
    ) {
        let id = format!("{}/{function}", self.name);
        let paired = self.paired;
        match baseline {
            Some(baseline) => self.group.bench_function(function, |b| {
                paired.bench(b, &id, &mut routine, &mut *baseline)
            }),
            None => self
                .group
                .bench_function(function, |b| b.iter(&mut routine)),
        };
    }
}

/// Decode rows of one reply: the hand-written baseline first, then the generated model
/// (directly and as `send` decodes), then `Value`, each paired with the baseline.
fn decode_rows<G, H>(rows: &mut Rows<'_, '_>, bytes: &[u8])
where
    G: DeserializeOwned,
    H: DeserializeOwned,
{
    rows.group.throughput(Throughput::Bytes(bytes.len() as u64));
    let mut baseline = || {
        black_box(decode::<H>(black_box(bytes)));
    };
    rows.row("decode_hand_written", &mut baseline, None);
    rows.row(
        "decode_generated",
        || {
            black_box(decode::<G>(black_box(bytes)));
        },
        Some(&mut baseline),
    );
    rows.row(
        "decode_generated_as_send",
        || {
            black_box(decode_as_send::<G>(black_box(bytes)));
        },
        Some(&mut baseline),
    );
    rows.row(
        "decode_value",
        || {
            black_box(decode::<Value>(black_box(bytes)));
        },
        Some(&mut baseline),
    );
}

/// Encode rows of one reply, each from its own decoded form.
fn encode_rows<G, H>(rows: &mut Rows<'_, '_>, bytes: &[u8])
where
    G: DeserializeOwned + Serialize,
    H: DeserializeOwned + Serialize,
{
    let hand: H = decode(bytes);
    let generated: G = decode(bytes);
    let value: Value = decode(bytes);
    let encoded = serde_json::to_vec(&generated).expect("encodes");
    rows.group
        .throughput(Throughput::Bytes(encoded.len() as u64));
    let encode = |model: &dyn erased::Encode| {
        black_box(model.encode());
    };
    let mut baseline = || encode(&hand);
    rows.row("encode_hand_written", &mut baseline, None);
    rows.row(
        "encode_generated",
        || encode(&generated),
        Some(&mut baseline),
    );
    rows.row("encode_value", || encode(&value), Some(&mut baseline));
}

/// Encoding behind one signature, so that rows can share a closure type.
mod erased {
    pub trait Encode {
        fn encode(&self) -> Vec<u8>;
    }

    impl<T: serde::Serialize> Encode for T {
        fn encode(&self) -> Vec<u8> {
            serde_json::to_vec(std::hint::black_box(self)).expect("encodes")
        }
    }
}

/// The JSON texts that the benchmarks decode.
struct Inputs {
    coc_batch_example: Vec<u8>,
    coc_info_example: Vec<u8>,
    aom_example: Vec<u8>,
    secmaster_example: Vec<u8>,
    coc_batch_10k: Vec<u8>,
    aom_10k: Vec<u8>,
    statuses: Vec<u8>,
    unknown_statuses: Vec<u8>,
    dual: Vec<u8>,
}

fn inputs() -> Inputs {
    let documented_statuses = [
        "READY",
        "PROCESSING",
        "ABNORMAL",
        "CANCELED",
        "FINISHED",
        "ROLLBACKED",
        "ROLLED BACK",
    ];
    let statuses: Vec<&str> = (0..LARGE)
        .map(|i| documented_statuses[i % documented_statuses.len()])
        .collect();
    let unknown: Vec<String> = (0..LARGE).map(|i| format!("STATE_{}", i % 7)).collect();
    let dual: Vec<Value> = (0..LARGE as i64)
        .map(|i| {
            if i % 2 == 0 {
                Value::from(format!("{}", 400 + i % 100))
            } else {
                Value::from(500 + i % 100)
            }
        })
        .collect();
    Inputs {
        coc_batch_example: documented("coc", "GetScriptJobBatch"),
        coc_info_example: documented("coc", "GetScriptJobInfo"),
        aom_example: documented("aom", "ListWorkflowExecutions"),
        secmaster_example: documented("secmaster", "ShowPlaybookInstance"),
        coc_batch_10k: coc_batch_page(LARGE),
        aom_10k: aom_executions(LARGE),
        statuses: serde_json::to_vec(&statuses).expect("encodes"),
        unknown_statuses: serde_json::to_vec(&unknown).expect("encodes"),
        dual: serde_json::to_vec(&dual).expect("encodes"),
    }
}

fn bench_examples(c: &mut Criterion, inputs: &Inputs, paired: &report::Paired) {
    for (name, bytes) in [
        ("example_coc_batch", &inputs.coc_batch_example),
        ("example_coc_info", &inputs.coc_info_example),
        ("example_aom_executions", &inputs.aom_example),
        ("example_secmaster_instance", &inputs.secmaster_example),
    ] {
        let mut group = c.benchmark_group(name);
        let mut rows = Rows {
            group: &mut group,
            name,
            paired,
        };
        match name {
            "example_coc_batch" => {
                decode_rows::<CocBatch, hand::BatchBody>(&mut rows, bytes);
                encode_rows::<CocBatch, hand::BatchBody>(&mut rows, bytes);
            }
            "example_coc_info" => {
                decode_rows::<CocInfo, hand::InfoBody>(&mut rows, bytes);
                encode_rows::<CocInfo, hand::InfoBody>(&mut rows, bytes);
            }
            "example_aom_executions" => {
                decode_rows::<AomExecutions, Vec<hand::WorkflowExecution>>(&mut rows, bytes);
                encode_rows::<AomExecutions, Vec<hand::WorkflowExecution>>(&mut rows, bytes);
            }
            _ => {
                decode_rows::<SecmasterInstance, hand::PlaybookInstance>(&mut rows, bytes);
                encode_rows::<SecmasterInstance, hand::PlaybookInstance>(&mut rows, bytes);
            }
        }
        group.finish();
    }
}

fn bench_large(c: &mut Criterion, inputs: &Inputs, paired: &report::Paired) {
    for (name, bytes) in [
        ("coc_batch_10k", &inputs.coc_batch_10k),
        ("aom_executions_10k", &inputs.aom_10k),
    ] {
        let mut group = c.benchmark_group(name);
        // Milliseconds per iteration: flat sampling keeps the run short.
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .measurement_time(Duration::from_secs(3));
        let mut rows = Rows {
            group: &mut group,
            name,
            paired,
        };
        if name == "coc_batch_10k" {
            decode_rows::<CocBatch, hand::BatchBody>(&mut rows, bytes);
            encode_rows::<CocBatch, hand::BatchBody>(&mut rows, bytes);
        } else {
            decode_rows::<AomExecutions, Vec<hand::WorkflowExecution>>(&mut rows, bytes);
            encode_rows::<AomExecutions, Vec<hand::WorkflowExecution>>(&mut rows, bytes);
        }
        group.finish();
    }
}

fn bench_special_types(c: &mut Criterion, inputs: &Inputs, paired: &report::Paired) {
    use huaweicloud_sdk_aom::models::AomErrorResponseHttpCode;
    use huaweicloud_sdk_coc::models::ExecutionInstanceStatus;

    let name = "open_enum_10k";
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(LARGE as u64));
    let mut rows = Rows {
        group: &mut group,
        name,
        paired,
    };
    let statuses = &inputs.statuses;
    let mut baseline = || {
        black_box(decode::<Vec<hand::InstanceStatus>>(black_box(statuses)));
    };
    rows.row("closed_enum", &mut baseline, None);
    rows.row(
        "generated_open_enum",
        || {
            black_box(decode::<Vec<ExecutionInstanceStatus>>(black_box(statuses)));
        },
        Some(&mut baseline),
    );
    rows.row(
        "string",
        || {
            black_box(decode::<Vec<String>>(black_box(statuses)));
        },
        Some(&mut baseline),
    );
    rows.row(
        "generated_open_enum_unknown_values",
        || {
            black_box(decode::<Vec<ExecutionInstanceStatus>>(black_box(
                &inputs.unknown_statuses,
            )));
        },
        Some(&mut baseline),
    );
    group.finish();

    let name = "dual_type_10k";
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(LARGE as u64));
    let mut rows = Rows {
        group: &mut group,
        name,
        paired,
    };
    let dual = &inputs.dual;
    let mut baseline = || {
        black_box(decode::<Vec<hand::StringOrInteger>>(black_box(dual)));
    };
    rows.row("hand_written_visitor", &mut baseline, None);
    rows.row(
        "generated",
        || {
            black_box(decode::<Vec<AomErrorResponseHttpCode>>(black_box(dual)));
        },
        Some(&mut baseline),
    );
    rows.row(
        "value",
        || {
            black_box(decode::<Vec<Value>>(black_box(dual)));
        },
        Some(&mut baseline),
    );
    rows.row(
        "untagged_derive",
        || {
            black_box(decode::<Vec<hand::UntaggedStringOrInteger>>(black_box(
                dual,
            )));
        },
        Some(&mut baseline),
    );
    group.finish();
}

fn summarize(ratios: &mut report::Ratios) {
    for group in [
        "example_coc_batch",
        "example_coc_info",
        "example_aom_executions",
        "example_secmaster_instance",
        "coc_batch_10k",
        "aom_executions_10k",
    ] {
        let id = |function: &str| format!("{group}/{function}");
        let (hand, generated, as_send, value) = (
            id("decode_hand_written"),
            id("decode_generated"),
            id("decode_generated_as_send"),
            id("decode_value"),
        );
        ratios.compare(
            &format!("{group}: decode"),
            &[
                ("hand-written derive (baseline)", &hand),
                ("generated", &generated),
                ("generated, JSON path tracked", &as_send),
                ("serde_json::Value", &value),
            ],
        );
        let (hand, generated, value) = (
            id("encode_hand_written"),
            id("encode_generated"),
            id("encode_value"),
        );
        ratios.compare(
            &format!("{group}: encode"),
            &[
                ("hand-written derive (baseline)", &hand),
                ("generated", &generated),
                ("serde_json::Value", &value),
            ],
        );
    }
    ratios.compare(
        "open_enum_10k: 10,000 enum values",
        &[
            (
                "closed derive + serde(other) (baseline)",
                "open_enum_10k/closed_enum",
            ),
            ("generated open enum", "open_enum_10k/generated_open_enum"),
            ("String", "open_enum_10k/string"),
            (
                "generated open enum, undocumented values",
                "open_enum_10k/generated_open_enum_unknown_values",
            ),
        ],
    );
    ratios.compare(
        "dual_type_10k: 10,000 string-or-integer values",
        &[
            (
                "hand-written visitor (baseline)",
                "dual_type_10k/hand_written_visitor",
            ),
            ("generated", "dual_type_10k/generated"),
            ("serde_json::Value", "dual_type_10k/value"),
            (
                "#[serde(untagged)] (generated before #5)",
                "dual_type_10k/untagged_derive",
            ),
        ],
    );
}

fn main() {
    let inputs = inputs();
    let mut ratios = report::Ratios::new();
    ratios.note(format!(
        "sizes: coc_batch_10k {} bytes, aom_executions_10k {} bytes",
        inputs.coc_batch_10k.len(),
        inputs.aom_10k.len()
    ));
    let mut c = report::criterion();
    bench_examples(&mut c, &inputs, &ratios.paired);
    bench_large(&mut c, &inputs, &ratios.paired);
    bench_special_types(&mut c, &inputs, &ratios.paired);
    c.final_summary();
    summarize(&mut ratios);
    ratios.print();
}
