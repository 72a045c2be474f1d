//! Support for the workspace tests: reading the specs in `specs/` and finding the
//! examples they document, so tests check what the docs print rather than copies of it.

#![forbid(unsafe_code)]

/// The root README's examples, compiled as doc tests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;

use std::path::{Path, PathBuf};

use huaweicloud_sdk_codegen::SpecInput;
use huaweicloud_sdk_codegen::document::Document;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The services that have a spec (`specs/*.yaml`), by file stem, sorted.
pub fn services() -> Vec<String> {
    let specs = workspace_root().join("specs");
    let mut services: Vec<String> = std::fs::read_dir(&specs)
        .unwrap_or_else(|e| panic!("reading {}: {e}", specs.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_owned()))
        .collect();
    services.sort();
    services
}

/// Where a documented example sits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExampleKey {
    /// Spec file stem (`coc`).
    pub service: String,
    /// operationId (`GetScriptJobBatch`).
    pub operation: String,
    /// `request`, or the response status (`200`, `401`).
    pub part: String,
}

/// A documented example.
#[derive(Debug, Clone)]
pub struct Example {
    /// Where it is.
    pub key: ExampleKey,
    /// Its JSON pointer in the spec, for messages.
    pub pointer: String,
    /// The example's JSON, as the spec holds it.
    pub value: Value,
}

/// The documented examples that the round-trip tests generated into a crate
/// (`<crate_dir>/tests/examples.rs`) do not name, each as `spec#pointer`: empty when the
/// generator gave every example its test. `spec` is the spec's path as the generator
/// shows it (`specs/coc.yaml`).
pub fn examples_without_generated_test(
    crate_dir: &str,
    spec: &str,
    examples: &[Example],
) -> Vec<String> {
    let path = workspace_root().join(crate_dir).join("tests/examples.rs");
    let tests = std::fs::read_to_string(&path).unwrap_or_default();
    examples
        .iter()
        .map(|example| format!("{spec}#{}", example.pointer))
        .filter(|place| !tests.contains(&format!("\"{place}\"")))
        .collect()
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The spec of `service` as JSON.
pub fn load_spec(service: &str) -> Value {
    load_document(&spec_path(service)).value().clone()
}

fn spec_path(service: &str) -> PathBuf {
    workspace_root()
        .join("specs")
        .join(format!("{service}.yaml"))
}

/// A spec file as a document, read by the generator's own reader.
fn load_document(path: &Path) -> Document {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let shown = path.display().to_string();
    Document::parse(&SpecInput {
        service: "spec",
        path: &shown,
        text: &text,
    })
    .unwrap_or_else(|e| panic!("cannot parse {e}"))
}

/// Every example in the spec of `service`: request bodies and responses, in both the
/// `examples` map and the single `example` form.
pub fn examples(service: &str) -> Vec<Example> {
    examples_of(service, &load_document(&spec_path(service)))
}

/// Every example of a generator fixture spec (`codegen/tests/fixtures/<name>.yaml`).
pub fn fixture_examples(name: &str) -> Vec<Example> {
    let path = workspace_root()
        .join("codegen/tests/fixtures")
        .join(format!("{name}.yaml"));
    examples_of(name, &load_document(&path))
}

fn examples_of(service: &str, document: &Document) -> Vec<Example> {
    let mut found = Vec::new();
    for operation in document.operations() {
        let Some(operation_id) = operation.node.str("operationId") else {
            continue;
        };
        for (part, example) in document.operation_examples(&operation.node) {
            // An example kept as printed against its table has no type to test.
            let (Some(value), false) = (example.value, example.kept_as_printed) else {
                continue;
            };
            found.push(Example {
                key: ExampleKey {
                    service: service.to_owned(),
                    operation: operation_id.to_owned(),
                    part: part.as_str().to_owned(),
                },
                pointer: value.pointer,
                value: value.value.clone(),
            });
        }
    }
    found
}

/// The one documented example of `operation`'s `part` (`request`, `200`, ...).
pub fn example(service: &str, operation: &str, part: &str) -> Value {
    let matching: Vec<Example> = examples(service)
        .into_iter()
        .filter(|example| example.key.operation == operation && example.key.part == part)
        .collect();
    match matching.as_slice() {
        [only] => only.value.clone(),
        other => panic!(
            "expected one example for {service} {operation} {part}, found {}",
            other.len()
        ),
    }
}

/// A local server that fails the test (when dropped) if any request reaches it: for
/// checks that must refuse a call before sending it.
pub async fn server_expecting_no_request() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .named("no request may be sent")
        .expect(0)
        .mount(&server)
        .await;
    server
}

/// A reply with `status`, a JSON body and an `X-Request-Id`.
pub fn reply(status: u16, body: &Value, request_id: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("X-Request-Id", request_id)
        .set_body_json(body)
}
