//! `cargo xtask doc-check` on page texts written for these tests (`tests/pages/`), in the
//! three layouts of the Huawei Cloud API reference, against a made-up spec
//! (`tests/pages/widget.yaml`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages")
}

fn spec() -> String {
    pages().join("widget.yaml").display().to_string()
}

fn doc_check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("doc-check")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The JSON report of a page against `widget.yaml`, and the exit code.
fn report(page: &str, spec: &str) -> (i32, Value) {
    let page = pages().join(page).display().to_string();
    let output = doc_check(&[&page, "--spec", spec, "--json"]);
    let value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&output), stderr(&output)));
    (output.status.code().unwrap(), value)
}

/// (subject, aspect) of the findings with this status.
fn findings(report: &Value, status: &str) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["status"] == status)
        .map(|finding| {
            (
                finding["subject"].as_str().unwrap().to_owned(),
                finding["aspect"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = list
        .iter()
        .map(|(subject, aspect)| ((*subject).to_owned(), (*aspect).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

fn sorted(mut list: Vec<(String, String)>) -> Vec<(String, String)> {
    list.sort();
    list
}

fn finding<'a>(report: &'a Value, subject: &str, aspect: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["subject"] == subject && finding["aspect"] == aspect)
        .unwrap_or_else(|| panic!("no {aspect} finding on {subject}: {report:#}"))
}

#[test]
fn chinese_one_cell_per_line_page_that_matches_has_no_drift() {
    let (code, report) = report("widget-show.zh.txt", &spec());
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["drift"], false);
    assert_eq!(report["operation"]["id"], "ShowWidget");
    // The SDK sample's `URI` / `GET /v2/.../other` lines are not the request line.
    assert_eq!(
        report["request"]["path"],
        "/v2/{project_id}/widgets/{widget_id}"
    );
    assert_eq!(
        sorted(findings(&report, "accepted")),
        pairs(&[
            ("request header `X-Auth-Token`", "presence"),
            ("response 200 body field `state`", "enum"),
        ])
    );
    let state = finding(&report, "response 200 body field `state`", "enum");
    assert_eq!(state["page"], "ON, OFF");
    assert_eq!(state["recorded_on"], "WidgetInfo.state");
    assert!(state["reason"].as_str().unwrap().contains("BROKEN"));
    // Path, query, header, every body field of every table, and the example.
    assert!(
        report["summary"]["agreeing"].as_u64().unwrap() >= 20,
        "{report:#}"
    );
}

#[test]
fn english_pipe_page_with_row_markers_that_matches_has_no_drift() {
    let (code, report) = report("widget-resize.en.txt", &spec());
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["operation"]["id"], "ResizeWidget");
    assert_eq!(
        sorted(findings(&report, "accepted")),
        pairs(&[
            ("request header `Content-Type`", "presence"),
            ("request header `X-Auth-Token`", "presence"),
        ])
    );
    let token = finding(&report, "request header `X-Auth-Token`", "presence");
    assert_eq!(token["recorded_on"], "operation ResizeWidget");
    assert!(findings(&report, "note").is_empty(), "{report:#}");
}

#[test]
fn chinese_pipe_page_with_an_array_body_and_sdk_samples_has_no_drift() {
    let (code, report) = report("widget-parts.zh-pipes.txt", &spec());
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["operation"]["id"], "ListWidgetParts");
    assert_eq!(
        sorted(findings(&report, "accepted")),
        pairs(&[
            ("request header `X-Auth-Token`", "presence"),
            ("response 200 header `X-request-id`", "presence"),
        ])
    );
    // Two path parameters, the array row, its three fields and the example.
    assert_eq!(report["summary"]["agreeing"], 7, "{report:#}");
}

/// The drift of `widget-show-drift.zh.txt` against `widget.yaml`.
const SHOW_DRIFT: &[(&str, &str)] = &[
    ("query parameter `color`", "enum"),
    ("query parameter `limit`", "maximum"),
    ("query parameter `verbose`", "presence"),
    ("response 200 body field `weight`", "presence"),
    ("response 200 example", "example"),
];

#[test]
fn added_field_removed_parameter_changed_enum_and_changed_example_drift() {
    let (code, report) = report("widget-show-drift.zh.txt", &spec());
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["drift"], true);
    assert_eq!(sorted(findings(&report, "drift")), pairs(SHOW_DRIFT));
    let color = finding(&report, "query parameter `color`", "enum");
    assert_eq!(color["page"], "RED, GREEN, YELLOW");
    assert_eq!(color["spec"], "RED, GREEN, BLUE");
    let verbose = finding(&report, "query parameter `verbose`", "presence");
    assert_eq!(verbose["message"], "in the spec, not on the page");
    let weight = finding(&report, "response 200 body field `weight`", "presence");
    assert_eq!(weight["message"], "on the page, not in the spec");
    assert_eq!(weight["page"], "Double");
    let example = finding(&report, "response 200 example", "example");
    assert!(example["message"].as_str().unwrap().starts_with("changed:"));
    assert_eq!(
        example["details"],
        serde_json::json!([
            "/name: page \"second\", spec \"first\"",
            "/weight: only on the page (1.5)"
        ])
    );
    // The recorded deviation stays accepted next to the drift.
    assert_eq!(
        finding(&report, "response 200 body field `state`", "enum")["status"],
        "accepted"
    );
    assert_eq!(report["summary"]["drift"], 5);
}

#[test]
fn english_page_drift_in_headers_body_types_and_examples() {
    let (code, report) = report("widget-resize-drift.en.txt", &spec());
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        sorted(findings(&report, "drift")),
        pairs(&[
            ("request body field `reason`", "required"),
            ("request body field `size`", "enum"),
            ("request body field `unit`", "presence"),
            ("request example", "example"),
            ("request header `X-Language`", "presence"),
            ("response 200 body field `parts[].count`", "type"),
            ("response 200 example", "example"),
        ])
    );
    let count = finding(&report, "response 200 body field `parts[].count`", "type");
    assert_eq!(count["page"], "Long");
    assert_eq!(count["spec"], "integer (int32)");
    assert!(
        finding(&report, "response 200 example", "example")["message"]
            .as_str()
            .unwrap()
            .starts_with("added:")
    );
}

#[test]
fn a_deviation_removed_from_the_spec_turns_accepted_into_drift() {
    let dir = tempfile::tempdir().unwrap();
    let edited = fs::read_to_string(pages().join("widget.yaml"))
        .unwrap()
        .replace(
            "          x-doc-deviation: \"The page lists ON and OFF; the service also returns BROKEN.\"\n",
            "",
        );
    let path = dir.path().join("widget.yaml");
    fs::write(&path, edited).unwrap();
    let (code, report) = report("widget-show.zh.txt", &path.display().to_string());
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        findings(&report, "drift"),
        pairs(&[("response 200 body field `state`", "enum")])
    );
}

/// `widget.yaml` with the show operation's deviation replaced by `deviation` (YAML at
/// the operation's indentation) and `extra` inserted before the schema `WidgetInfo`'s
/// properties, written to a temporary directory.
fn widget_with(deviation: &str, extra: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let original = fs::read_to_string(pages().join("widget.yaml")).unwrap();
    let show = "      x-doc-deviation:\n        fields: [X-Auth-Token]\n        reason: \"The page's X-Auth-Token request-header row is not a parameter: it is the security scheme `token`.\"\n      parameters:";
    assert!(
        original.contains(show),
        "widget.yaml changed; update this test"
    );
    let edited = original.replacen(show, &format!("{deviation}\n      parameters:"), 1);
    let properties = "      description: A widget.\n      properties:";
    assert!(
        edited.contains(properties),
        "widget.yaml changed; update this test"
    );
    let edited = edited.replacen(
        properties,
        &format!("      description: A widget.\n{extra}      properties:"),
        1,
    );
    let path = dir.path().join("widget.yaml");
    fs::write(&path, edited).unwrap();
    let shown = path.display().to_string();
    (dir, shown)
}

#[test]
fn a_parent_deviation_that_mentions_a_field_does_not_hide_its_drift() {
    // Both reasons name the drifting parameters and field in prose; neither lists them
    // as data, so every drift stays drift.
    let (_dir, spec) = widget_with(
        "      x-doc-deviation: \"The page's X-Auth-Token row is the security scheme; limit and color are as documented.\"",
        "      x-doc-deviation: \"The page's weight field is new.\"\n",
    );
    let (code, report) = report("widget-show-drift.zh.txt", &spec);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(sorted(findings(&report, "drift")), pairs(SHOW_DRIFT));
}

#[test]
fn a_parent_deviation_covers_the_fields_and_aspects_it_lists() {
    let (_dir, spec) = widget_with(
        "      x-doc-deviation:\n        fields: [limit, color]\n        aspects: [maximum]\n        reason: \"The service allows 500.\"",
        "      x-doc-deviation: {fields: [weight], reason: \"The page's weight field is not returned.\"}\n",
    );
    let (code, report) = report("widget-show-drift.zh.txt", &spec);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        sorted(findings(&report, "drift")),
        pairs(
            &SHOW_DRIFT
                .iter()
                .copied()
                .filter(|(subject, _)| !subject.contains("limit") && !subject.contains("weight"))
                .collect::<Vec<_>>()
        )
    );
    let limit = finding(&report, "query parameter `limit`", "maximum");
    assert_eq!(limit["status"], "accepted");
    assert_eq!(limit["reason"], "The service allows 500.");
    let weight = finding(&report, "response 200 body field `weight`", "presence");
    assert_eq!(weight["status"], "accepted");
}

#[test]
fn text_report_groups_by_parameter_and_field() {
    let page = pages()
        .join("widget-show-drift.zh.txt")
        .display()
        .to_string();
    let output = doc_check(&[&page, "--spec", &spec()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("  operation: ShowWidget (GET /v2/{project_id}/widgets/{widget_id})"),
        "{text}"
    );
    assert!(
        text.contains(
            "query parameter `color`  (page line 59)  [spec: operation ShowWidget parameter `color`]\n  DRIFT     enum: the enum values differ (only on the page: YELLOW; only in the spec: BLUE)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("            reason (WidgetInfo.state): The page lists ON and OFF"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "result: DRIFT: 5 differences; 2 accepted deviations, 0 notes; 17 parameters, fields and examples agree\n"
        ),
        "{text}"
    );
}

#[test]
fn garbage_input_is_an_unreadable_page() {
    let page = pages().join("garbage.txt").display().to_string();
    let output = doc_check(&[&page, "--spec", &spec()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unreadable page"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).is_empty());

    let output = doc_check(&[&page, "--spec", &spec(), "--json"]);
    assert_eq!(output.status.code(), Some(2));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["exit_code"], 2);
    assert!(value["error"].as_str().unwrap().contains("no request line"));

    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("binary.txt", &[0xff, 0xfe, 0x00, 0x81, 0x7f][..]),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let output = doc_check(&[&path.display().to_string(), "--spec", &spec()]);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("unreadable page"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn a_page_for_an_operation_the_spec_lacks_is_a_clear_error() {
    let page = pages().join("widget-delete.en.txt").display().to_string();
    let output = doc_check(&[&page, "--spec", &spec()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("matches the page's DELETE /v2/{project_id}/widgets/{widget_id}"),
        "{message}"
    );
    assert!(
        message.contains("GET /v2/{project_id}/widgets/{widget_id} (ShowWidget"),
        "{message}"
    );
}

#[test]
fn without_spec_every_spec_of_the_workspace_is_searched() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir(root.path().join("specs")).unwrap();
    fs::copy(
        pages().join("widget.yaml"),
        root.path().join("specs/widget.yaml"),
    )
    .unwrap();
    let page = pages().join("widget-resize.en.txt").display().to_string();
    let root_arg = root.path().display().to_string();
    let output = doc_check(&[&page, "--root", &root_arg, "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["spec"], "specs/widget.yaml");
    assert_eq!(value["operation"]["id"], "ResizeWidget");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(doc_check(&[]).status.code(), Some(2));
    assert_eq!(doc_check(&["a.txt", "--bogus"]).status.code(), Some(2));
    assert_eq!(doc_check(&["a.txt", "b.txt"]).status.code(), Some(2));
    let output = doc_check(&["/nonexistent/page.txt", "--spec", &spec()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("reading /nonexistent/page.txt"));
    let page = pages().join("widget-show.zh.txt").display().to_string();
    let output = doc_check(&[&page, "--spec", "/nonexistent/spec.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(doc_check(&["--help"]).status.success());
}
