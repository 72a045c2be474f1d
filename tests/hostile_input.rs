//! Hostile input through the generated clients: whatever string a caller passes as a path
//! parameter, a query value or a header value, the request goes to the operation's own
//! path and nowhere else, and the server decodes exactly the caller's value from it.
//!
//! A local server records each request exactly as it arrived on the socket (request
//! target and header bytes), and the properties below decode it again:
//!
//! - a path value is one segment, made only of unreserved characters and `%XX` escapes,
//!   which percent-decodes to the value; the other segments are the template's, and no
//!   `?` or `#` comes from a value (`../../admin`, `a/b`, `?x=1` and `%2e%2e` included);
//! - a query value arrives as the value of its own key, and the query has exactly the
//!   operation's keys;
//! - a header value arrives byte for byte; one with a control character (CR, LF, NUL,
//!   DEL, ...) is refused with `InvalidInput` before anything is sent;
//! - `""`, `.` and `..` as a path value are refused the same way.
//!
//! Request validation is off, so that any string reaches the encoder instead of being
//! stopped by a documented length rule. Each property runs with token and AK/SK
//! credentials (whose requests carry the query in its signed, sorted order).
//!
//! The cases come from a fixed seed, so runs are repeatable; set `PROPTEST_RNG_SEED` to
//! explore others, and `PROPTEST_CASES` for more than 256 of each.

#[path = "../crates/core/tests/raw_server/mod.rs"]
mod raw_server;

use std::sync::{Arc, Mutex};

use huaweicloud_sdk_core::{Config, Credentials, Error, InvalidInput, Rule};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed, TestCaseError, TestRunner};
use raw_server::{Connection, RawRequest, RawServer};
use tokio::runtime::Runtime;

const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
const CASES: u32 = 256;
const SEED: u64 = 0x5eed_0006;

/// Runs `test` on `CASES` cases of `strategy` (or `PROPTEST_CASES`), from the fixed seed
/// unless `PROPTEST_RNG_SEED` says otherwise, and fails with the smallest failing case.
fn check<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
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
    let mut runner = TestRunner::new(config);
    if let Err(failure) = runner.run(&strategy, test) {
        panic!("{failure}");
    }
}

/// A runtime, and a server on it that records every request and answers `body`.
struct Harness {
    server: RawServer,
    seen: Arc<Mutex<Vec<RawRequest>>>,
    runtime: Runtime,
}

impl Harness {
    fn new(body: &'static str) -> Harness {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        let server = runtime.block_on(RawServer::start(move |mut connection: Connection| {
            let record = Arc::clone(&record);
            async move {
                while let Some(request) = connection.read_request().await {
                    record.lock().expect("lock").push(request);
                    let headers = [
                        ("Content-Type", "application/json"),
                        ("X-Request-Id", "req-hostile"),
                    ];
                    if connection
                        .reply(200, &headers, body.as_bytes())
                        .await
                        .is_err()
                    {
                        return;
                    }
                }
            }
        }));
        Harness {
            server,
            seen,
            runtime,
        }
    }

    fn config(&self, access_key: bool) -> Config {
        let credentials = if access_key {
            Credentials::access_key("AK-HOSTILE", "SK-HOSTILE")
        } else {
            Credentials::token("token-hostile")
        };
        Config::builder()
            .endpoint(self.server.uri())
            .project_id(PROJECT_ID)
            .credentials(credentials)
            .validate_requests(false)
            .retry(huaweicloud_sdk_core::RetryPolicy::disabled())
            .build()
    }

    /// Clients of one service, built once: `[token, AK/SK]`, to index with `access_key`.
    fn clients<C>(&self, new: fn(Config) -> Result<C, Error>) -> [C; 2] {
        [false, true].map(|access_key| new(self.config(access_key)).expect("client builds"))
    }

    /// Run a call; return its result and the requests the server received meanwhile.
    fn call<T>(
        &self,
        call: impl Future<Output = Result<T, Error>>,
    ) -> (Result<T, Error>, Vec<RawRequest>) {
        let result = self.runtime.block_on(call);
        let received = std::mem::take(&mut *self.seen.lock().expect("lock"));
        (result, received)
    }
}

/// Strings meant to change a URL's shape, mixed with arbitrary ones.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => any::<String>(),
        2 => proptest::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
        3 => "[./%?#&=+;:@ a-z0-9\\\\~'\"<>{}|^`\\[\\]-]{0,16}",
        2 => proptest::sample::select(vec![
            "../../admin", "a/b", "?x=1", "%2e%2e", "%2E%2E/", "..%2f", "%2F", "#frag",
            "%", "%zz", "%00", "%25", " ", "+", "a b", "a&b=c", "é/ü", "\u{202e}", "...",
            ".%2e", "//", "/", "\\..\\", "..;/", "%c0%ae%c0%ae", "\r\n", "\u{0}", "", ".", "..",
        ])
        .prop_map(String::from),
    ]
}

/// Header values: mostly without control characters, some with (CR, LF, NUL, DEL, NEL).
fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[ \\ta-zA-Z0-9:;,=/-]{0,16}",
        2 => proptest::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
        1 => proptest::sample::select(vec![
            "en-us\r\nX-Evil: 1", "\r\n\r\nGET /admin HTTP/1.1", "a\nb", "a\rb", "a\u{0}b",
            "\u{7f}", "\u{85}", "\t tab and spaces ", "é", "\u{2028}",
        ])
        .prop_map(String::from),
    ]
}

/// Whether a header value must be refused: a control character other than tab.
fn refused_as_header(value: &str) -> bool {
    value.chars().any(|c| c.is_control() && c != '\t')
}

/// Whether a path value must be refused: it would not be one segment.
fn refused_as_segment(value: &str) -> bool {
    matches!(value, "" | "." | "..")
}

/// The path and the query (if any) of a request target; a `#` never appears.
fn split_target(target: &str) -> Result<(&str, Option<&str>), TestCaseError> {
    prop_assert!(!target.contains('#'), "fragment in {target}");
    Ok(match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    })
}

/// Percent-decode one component sent on the wire, after checking that it holds only
/// unreserved characters and `%XX` escapes.
fn decode(component: &str) -> Result<String, TestCaseError> {
    let bytes = component.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => i += 1,
            b'%' => {
                prop_assert!(
                    i + 2 < bytes.len()
                        && bytes[i + 1].is_ascii_hexdigit()
                        && bytes[i + 2].is_ascii_hexdigit(),
                    "bad escape in {component}"
                );
                i += 3;
            }
            other => prop_assert!(false, "{:?} sent unencoded in {component}", other as char),
        }
    }
    percent_decode_str(component)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|e| TestCaseError::fail(format!("{component} is not UTF-8: {e}")))
}

/// The path's segments, decoded; the first (before the leading `/`) is dropped.
fn segments(path: &str) -> Result<Vec<String>, TestCaseError> {
    let mut parts = path.split('/');
    prop_assert_eq!(parts.next(), Some(""), "path {} is not absolute", path);
    parts.map(decode).collect()
}

/// The query's pairs, decoded and sorted (AK/SK requests send them sorted).
fn query_pairs(query: Option<&str>) -> Result<Vec<(String, String)>, TestCaseError> {
    let mut pairs = Vec::new();
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| TestCaseError::fail(format!("no `=` in {pair}")))?;
        pairs.push((decode(key)?, decode(value)?));
    }
    pairs.sort();
    Ok(pairs)
}

fn only_one(received: Vec<RawRequest>) -> Result<RawRequest, TestCaseError> {
    prop_assert_eq!(received.len(), 1, "one request per call");
    Ok(received.into_iter().next().expect("one"))
}

fn expect_refused<T: std::fmt::Debug>(
    result: Result<T, Error>,
    received: &[RawRequest],
    parameter: &str,
    rule: Rule,
) -> Result<(), TestCaseError> {
    match result {
        Err(Error::InvalidInput(invalid)) => prop_assert_eq!(
            invalid,
            InvalidInput {
                parameter: parameter.to_owned(),
                rule
            }
        ),
        other => prop_assert!(
            false,
            "expected InvalidInput for {parameter}, got {other:?}"
        ),
    }
    prop_assert!(
        received.is_empty(),
        "a refused request was sent: {received:?}"
    );
    Ok(())
}

fn header_of(request: &RawRequest, name: &str) -> Result<String, TestCaseError> {
    let value = request
        .header(name)
        .ok_or_else(|| TestCaseError::fail(format!("{name} missing")))?;
    String::from_utf8(value.to_vec()).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))
}

#[test]
fn coc_path_header_and_query_values_round_trip() {
    use huaweicloud_sdk_coc::models::{GetScriptJobBatchStatus, XLanguage};
    let harness = Harness::new("{}");
    let clients = harness.clients(huaweicloud_sdk_coc::Client::new);
    let strategy = (
        any::<bool>(),
        hostile_string(),
        any::<i32>(),
        hostile_string(),
        any::<i32>(),
        any::<i64>(),
        (header_value(), header_value(), header_value()),
    );
    check(
        strategy,
        |(access_key, uuid, batch, status, limit, marker, (language, project, profile))| {
            let client = &clients[usize::from(access_key)];
            let (result, received) = harness.call(
                client
                    .get_script_job_batch()
                    .execute_uuid(uuid.clone())
                    .batch_index(batch)
                    .status(GetScriptJobBatchStatus::from(status.clone()))
                    .limit(limit)
                    .marker(marker)
                    .x_language(XLanguage::from(language.clone()))
                    .x_project_id(project.clone())
                    .x_user_profile(profile.clone())
                    .send(),
            );
            let refusal = [
                (refused_as_segment(&uuid), "execute_uuid", Rule::PathSegment),
                (
                    refused_as_header(&language),
                    "X-Language",
                    Rule::HeaderValue,
                ),
                (
                    refused_as_header(&project),
                    "x-project-id",
                    Rule::HeaderValue,
                ),
                (
                    refused_as_header(&profile),
                    "x-user-profile",
                    Rule::HeaderValue,
                ),
            ]
            .into_iter()
            .find(|(refused, _, _)| *refused);
            if let Some((_, parameter, rule)) = refusal {
                return expect_refused(result, &received, parameter, rule);
            }
            prop_assert!(result.is_ok(), "{:?}", result);
            let request = only_one(received)?;
            prop_assert_eq!(&request.method, "GET");
            let (path, query) = split_target(&request.target)?;
            prop_assert_eq!(
                segments(path)?,
                [
                    "v1",
                    "job",
                    "script",
                    "orders",
                    &uuid,
                    "batches",
                    &batch.to_string()
                ]
            );
            let mut expected = vec![
                ("limit".to_owned(), limit.to_string()),
                ("marker".to_owned(), marker.to_string()),
                ("status".to_owned(), status),
            ];
            expected.sort();
            prop_assert_eq!(query_pairs(query)?, expected);
            prop_assert_eq!(header_of(&request, "x-language")?, language);
            prop_assert_eq!(header_of(&request, "x-project-id")?, project);
            prop_assert_eq!(header_of(&request, "x-user-profile")?, profile);
            Ok(())
        },
    );
}

#[test]
fn coc_info_path_value_round_trips() {
    let harness = Harness::new("{}");
    let clients = harness.clients(huaweicloud_sdk_coc::Client::new);
    check((any::<bool>(), hostile_string()), |(access_key, uuid)| {
        let client = &clients[usize::from(access_key)];
        let (result, received) = harness.call(
            client
                .get_script_job_info()
                .execute_uuid(uuid.clone())
                .send(),
        );
        if refused_as_segment(&uuid) {
            return expect_refused(result, &received, "execute_uuid", Rule::PathSegment);
        }
        prop_assert!(result.is_ok(), "{:?}", result);
        let request = only_one(received)?;
        let (path, query) = split_target(&request.target)?;
        prop_assert_eq!(query, None);
        prop_assert_eq!(segments(path)?, ["v1", "job", "script", "orders", &uuid]);
        Ok(())
    });
}

#[test]
fn aom_path_and_query_values_round_trip() {
    let harness = Harness::new("[]");
    let clients = harness.clients(huaweicloud_sdk_aom::Client::new);
    check(
        (any::<bool>(), hostile_string(), hostile_string()),
        |(access_key, workflow, enterprise_project)| {
            let client = &clients[usize::from(access_key)];
            let (result, received) = harness.call(
                client
                    .list_workflow_executions()
                    .workflow_id(workflow.clone())
                    .x_enterprise_project_id(enterprise_project.clone())
                    .send(),
            );
            if refused_as_segment(&workflow) {
                return expect_refused(result, &received, "workflow_id", Rule::PathSegment);
            }
            prop_assert!(result.is_ok(), "{:?}", result);
            let request = only_one(received)?;
            let (path, query) = split_target(&request.target)?;
            prop_assert_eq!(
                segments(path)?,
                ["v1", PROJECT_ID, "cms", "workflow", &workflow, "executions"]
            );
            prop_assert_eq!(
                query_pairs(query)?,
                [("x_enterprise_project_id".to_owned(), enterprise_project)]
            );
            Ok(())
        },
    );
}

#[test]
fn secmaster_path_values_round_trip() {
    let harness = Harness::new("{}");
    let clients = harness.clients(huaweicloud_sdk_secmaster::Client::new);
    check(
        (
            any::<bool>(),
            hostile_string(),
            hostile_string(),
            hostile_string(),
        ),
        |(access_key, project, workspace, instance)| {
            let client = &clients[usize::from(access_key)];
            let (result, received) = harness.call(
                client
                    .show_playbook_instance()
                    .project_id(project.clone())
                    .workspace_id(workspace.clone())
                    .instance_id(instance.clone())
                    .send(),
            );
            let refusal = [
                (&project, "project_id"),
                (&workspace, "workspace_id"),
                (&instance, "instance_id"),
            ]
            .into_iter()
            .find(|(value, _)| refused_as_segment(value));
            if let Some((_, parameter)) = refusal {
                return expect_refused(result, &received, parameter, Rule::PathSegment);
            }
            prop_assert!(result.is_ok(), "{:?}", result);
            let request = only_one(received)?;
            let (path, query) = split_target(&request.target)?;
            prop_assert_eq!(query, None);
            prop_assert_eq!(
                segments(path)?,
                [
                    "v1",
                    &project,
                    "workspaces",
                    &workspace,
                    "soc",
                    "playbooks",
                    "instances",
                    &instance
                ]
            );
            Ok(())
        },
    );
}

/// The POST operation too: path values round-trip, and the body is the caller's.
#[test]
fn secmaster_post_path_values_round_trip() {
    use huaweicloud_sdk_secmaster::models::{
        OperatePlaybookInstanceRequestBody, OperatePlaybookInstanceRequestBodyOperation,
    };
    let harness = Harness::new("{}");
    let clients = harness.clients(huaweicloud_sdk_secmaster::Client::new);
    check(
        (any::<bool>(), hostile_string(), hostile_string()),
        |(access_key, workspace, operation)| {
            let client = &clients[usize::from(access_key)];
            let body = OperatePlaybookInstanceRequestBody {
                operation: Some(OperatePlaybookInstanceRequestBodyOperation::from(
                    operation.clone(),
                )),
            };
            let (result, received) = harness.call(
                client
                    .change_playbook_instance()
                    .workspace_id(workspace.clone())
                    .instance_id("inst-1")
                    .body(body)
                    .send(),
            );
            if refused_as_segment(&workspace) {
                return expect_refused(result, &received, "workspace_id", Rule::PathSegment);
            }
            prop_assert!(result.is_ok(), "{:?}", result);
            let request = only_one(received)?;
            prop_assert_eq!(&request.method, "POST");
            let (path, _) = split_target(&request.target)?;
            prop_assert_eq!(
                segments(path)?,
                [
                    "v1",
                    PROJECT_ID,
                    "workspaces",
                    &workspace,
                    "soc",
                    "playbooks",
                    "instances",
                    "inst-1",
                    "operation"
                ]
            );
            let sent: serde_json::Value =
                serde_json::from_slice(&request.body).expect("the body is JSON");
            prop_assert_eq!(sent, serde_json::json!({ "operation": operation }));
            Ok(())
        },
    );
}

/// The examples the issue names, spelled out: each stays inside its one segment.
#[test]
fn named_traversal_values_stay_in_their_segment() {
    let harness = Harness::new("[]");
    let client = huaweicloud_sdk_aom::Client::new(harness.config(false)).expect("client builds");
    for (value, sent) in [
        ("../../admin", "..%2F..%2Fadmin"),
        ("a/b", "a%2Fb"),
        ("?x=1", "%3Fx%3D1"),
        ("%2e%2e", "%252e%252e"),
        ("#top", "%23top"),
    ] {
        let (result, received) = harness.call(
            client
                .list_workflow_executions()
                .workflow_id(value)
                .x_enterprise_project_id(value)
                .send(),
        );
        result.unwrap_or_else(|e| panic!("{value}: {e}"));
        let [request] = received.as_slice() else {
            panic!("{value}: one request, got {received:?}");
        };
        assert_eq!(
            request.target,
            format!(
                "/v1/{PROJECT_ID}/cms/workflow/{sent}/executions?x_enterprise_project_id={sent}"
            ),
            "{value}"
        );
    }
}

/// Every generated client (and its configuration) can be shared between tasks, and
/// a call's future can be spawned.
#[test]
fn generated_clients_are_clone_send_sync_and_their_calls_are_send() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    fn send<T: Send>(_: &T) {}
    shareable::<huaweicloud_sdk_coc::Client>();
    shareable::<huaweicloud_sdk_aom::Client>();
    shareable::<huaweicloud_sdk_secmaster::Client>();
    let config = Config::builder()
        .credentials(Credentials::token("test-token"))
        .endpoint("http://127.0.0.1:1")
        .project_id(PROJECT_ID)
        .build();
    let coc = huaweicloud_sdk_coc::Client::new(config.clone()).expect("client builds");
    send(&coc.get_script_job_info().execute_uuid("x").send());
    send(&coc.get_script_job_batch().execute_uuid("x").into_pages());
    let aom = huaweicloud_sdk_aom::Client::new(config.clone()).expect("client builds");
    send(&aom.list_workflow_executions().workflow_id("x").send());
    let secmaster = huaweicloud_sdk_secmaster::Client::new(config).expect("client builds");
    send(&secmaster.show_playbook_instance().workspace_id("w").send());
}
