//! `cargo xtask doc-check` on page texts written for these tests (`tests/pages/`), in the
//! three layouts of the Huawei Cloud API reference, against a made-up spec
//! (`tests/pages/widget.yaml`): one page at a time, and folders of them.

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

/// The JSON Lines of a run, each line parsed.
fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}\n{}", stderr(output)))
        })
        .collect()
}

/// The JSON report of a page against `widget.yaml`, and the exit code.
fn report(page: &str, spec: &str) -> (i32, Value) {
    let page = pages().join(page).display().to_string();
    let output = doc_check(&[&page, "--spec", spec, "--json"]);
    let mut lines = json_lines(&output);
    assert_eq!(lines.len(), 1, "one page, one line: {}", stdout(&output));
    (output.status.code().unwrap(), lines.remove(0))
}

/// (subject, aspect) of the findings with this verdict.
fn findings(report: &Value, verdict: &str) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["verdict"] == verdict)
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
    assert_eq!(report["status"], "clean");
    assert_eq!(report["operation"], "ShowWidget");
    // The SDK sample's `URI` / `GET /v2/.../other` lines are not the request line.
    assert_eq!(
        report["request"]["path"],
        "/v2/{project_id}/widgets/{widget_id}"
    );
    // The X-Auth-Token row is not read as a parameter (CONVENTIONS.md), so it is no
    // difference at all.
    assert_eq!(
        sorted(findings(&report, "accepted")),
        pairs(&[("response 200 body field `state`", "enum")])
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
    assert_eq!(report["operation"], "ResizeWidget");
    // The X-Auth-Token and Content-Type rows are the runtime's, not parameters.
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
    assert!(
        report["summary"]["agreeing"].as_u64().unwrap() >= 10,
        "{report:#}"
    );
}

#[test]
fn chinese_pipe_page_with_an_array_body_and_sdk_samples_has_no_drift() {
    let (code, report) = report("widget-parts.zh-pipes.txt", &spec());
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["operation"], "ListWidgetParts");
    // The page's X-Auth-Token row is no parameter, and its missing X-request-id is
    // added by the convention: both sides read the same.
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
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
    assert_eq!(report["status"], "drift");
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
        finding(&report, "response 200 body field `state`", "enum")["verdict"],
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
    assert_eq!(limit["verdict"], "accepted");
    assert_eq!(limit["reason"], "The service allows 500.");
    let weight = finding(&report, "response 200 body field `weight`", "presence");
    assert_eq!(weight["verdict"], "accepted");
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
            "result: DRIFT: 5 differences; 1 accepted deviation, 0 notes; 17 parameters, fields and examples agree\n\nsummary: 1 page; 1 drift\n"
        ),
        "{text}"
    );
}

#[test]
fn a_page_that_is_no_operation_page_or_no_text_exits_2() {
    let page = pages().join("garbage.txt").display().to_string();
    let output = doc_check(&[&page, "--spec", &spec()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).starts_with("not-an-operation"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("no request line"));
    assert!(
        stderr(&output).contains("no page could be read as an operation page"),
        "{}",
        stderr(&output)
    );

    let output = doc_check(&[&page, "--spec", &spec(), "--json"]);
    assert_eq!(output.status.code(), Some(2));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["status"], "not-an-operation");
    assert!(
        lines[0]["reason"]
            .as_str()
            .unwrap()
            .contains("no request line")
    );

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
            stdout(&output).starts_with("unreadable"),
            "{name}: {}",
            stdout(&output)
        );
    }
}

#[test]
fn a_page_for_an_operation_the_spec_lacks_is_not_in_the_spec() {
    let page = pages().join("widget-delete.en.txt").display().to_string();
    let output = doc_check(&[&page, "--spec", &spec()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.starts_with("not-in-spec"), "{text}");
    assert!(
        text.contains("is DELETE /v2/{project_id}/widgets/{widget_id} (line 5): a new operation"),
        "{text}"
    );
    assert!(text.ends_with("summary: 1 page; 1 not-in-spec\n"), "{text}");
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
    let lines = json_lines(&output);
    assert_eq!(
        lines.len(),
        1,
        "pages given one by one list no undocumented operation"
    );
    assert_eq!(lines[0]["spec"], "specs/widget.yaml");
    assert_eq!(lines[0]["operation"], "ResizeWidget");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(doc_check(&[]).status.code(), Some(2));
    assert_eq!(doc_check(&["a.txt", "--bogus"]).status.code(), Some(2));
    assert_eq!(doc_check(&["a.txt", "b.txt"]).status.code(), Some(2));
    let output = doc_check(&["/nonexistent/page.txt", "--spec", &spec()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("/nonexistent/page.txt: no such page or folder"),
        "{}",
        stderr(&output)
    );
    let page = pages().join("widget-show.zh.txt").display().to_string();
    let output = doc_check(&[&page, "--spec", "/nonexistent/spec.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(doc_check(&["--help"]).status.success());
}

/// A folder with copies of `tests/pages` files (`(name in the folder, source)`) and
/// files of given bytes.
fn folder(copies: &[(&str, &str)], written: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, source) in copies {
        fs::copy(pages().join(source), dir.path().join(name)).unwrap();
    }
    for (name, bytes) in written {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

/// `doc-check <folder> --spec widget.yaml <extra>` over a folder of copies.
fn folder_run(copies: &[(&str, &str)], extra: &[&str]) -> Output {
    let dir = folder(copies, &[]);
    let folder = dir.path().display().to_string();
    let mut args = vec![folder.as_str(), "--spec"];
    let spec = spec();
    args.push(&spec);
    args.extend(extra);
    doc_check(&args)
}

/// The entry of a page (by file name) in a run's JSON Lines.
fn entry<'a>(lines: &'a [Value], name: &str) -> &'a Value {
    lines
        .iter()
        .find(|line| {
            line["page"]
                .as_str()
                .is_some_and(|page| page.ends_with(&format!("/{name}")))
        })
        .unwrap_or_else(|| panic!("no entry for {name}: {lines:#?}"))
}

#[test]
fn a_folder_run_gives_each_page_a_status_and_lists_undocumented_operations() {
    let dir = folder(
        &[
            ("a-show.zh.txt", "widget-show.zh.txt"),
            ("b-show-again.zh.txt", "widget-show-drift.zh.txt"),
            ("c-resize.en.txt", "widget-resize-drift.en.txt"),
            ("d-delete.en.txt", "widget-delete.en.txt"),
            ("e-overview.txt", "garbage.txt"),
        ],
        &[
            ("f-binary.txt", &[0xff, 0xfe, 0x00, 0x81][..]),
            ("notes.md", b"not a page: not read"),
        ],
    );
    let folder = dir.path().display().to_string();
    let output = doc_check(&[&folder, "--spec", &spec(), "--json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines = json_lines(&output);
    // Five pages of the folder (sorted), then the operation no page documents.
    assert_eq!(lines.len(), 7, "{lines:#?}");
    let statuses: Vec<&str> = lines
        .iter()
        .map(|line| line["status"].as_str().unwrap())
        .collect();
    let (first, second) = (
        entry(&lines, "a-show.zh.txt"),
        entry(&lines, "b-show-again.zh.txt"),
    );
    // The two pages of GET .../widgets/{widget_id}: one is compared, the other is a
    // duplicate naming it.
    let (chosen, duplicate) = if first["status"] == "duplicate" {
        (second, first)
    } else {
        (first, second)
    };
    assert_eq!(duplicate["status"], "duplicate", "{lines:#?}");
    assert!(
        duplicate["reason"]
            .as_str()
            .unwrap()
            .contains(chosen["page"].as_str().unwrap()),
        "{duplicate:#}"
    );
    assert_eq!(duplicate["findings"], serde_json::json!([]));
    assert!(["clean", "drift"].contains(&chosen["status"].as_str().unwrap()));
    assert_eq!(chosen["operation"], "ShowWidget");

    let resize = entry(&lines, "c-resize.en.txt");
    assert_eq!(resize["status"], "drift");
    assert_eq!(resize["operation"], "ResizeWidget");
    assert!(!resize["findings"].as_array().unwrap().is_empty());
    assert_eq!(entry(&lines, "d-delete.en.txt")["status"], "not-in-spec");
    assert_eq!(entry(&lines, "d-delete.en.txt")["operation"], Value::Null);
    assert_eq!(
        entry(&lines, "e-overview.txt")["status"],
        "not-an-operation"
    );
    assert_eq!(entry(&lines, "f-binary.txt")["status"], "unreadable");
    assert!(entry(&lines, "f-binary.txt")["reason"].is_string());

    let undocumented = lines.last().unwrap();
    assert_eq!(undocumented["status"], "not-documented", "{statuses:?}");
    assert_eq!(undocumented["page"], Value::Null);
    assert_eq!(undocumented["operation"], "ListWidgetParts");
    assert_eq!(
        undocumented["request"]["path"],
        "/v2/{project_id}/widgets/{widget_id}/parts"
    );
}

#[test]
fn every_line_of_the_json_output_is_one_object_with_the_same_keys() {
    let output = folder_run(
        &[
            ("show.zh.txt", "widget-show-drift.zh.txt"),
            ("overview.txt", "garbage.txt"),
        ],
        &["--json"],
    );
    let text = stdout(&output);
    // JSON Lines: no pretty printing.
    assert_eq!(text.lines().count(), 4, "{text}");
    for line in json_lines(&output) {
        for key in ["page", "operation", "status", "findings"] {
            assert!(line.get(key).is_some(), "no `{key}` in {line:#}");
        }
    }
    let lines = json_lines(&output);
    let show = entry(&lines, "show.zh.txt");
    let color = show["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["subject"] == "query parameter `color`")
        .unwrap();
    for key in [
        "subject",
        "aspect",
        "verdict",
        "message",
        "page",
        "spec",
        "page_line",
        "spec_node",
        "details",
    ] {
        assert!(color.get(key).is_some(), "no `{key}` in {color:#}");
    }
    assert_eq!(color["page_line"], 59);
    assert_eq!(color["spec_node"], "operation ShowWidget parameter `color`");
}

#[test]
fn a_folder_that_documents_every_operation_cleanly_exits_0() {
    let output = folder_run(
        &[
            ("show.zh.txt", "widget-show.zh.txt"),
            ("resize.en.txt", "widget-resize.en.txt"),
            ("parts.zh.txt", "widget-parts.zh-pipes.txt"),
            ("overview.txt", "garbage.txt"),
        ],
        &[],
    );
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    // Clean pages are one line each; so is the page that is no operation page.
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(
        text.ends_with("summary: 4 pages; 3 clean, 1 not-an-operation\n"),
        "{text}"
    );
}

#[test]
fn a_folder_missing_an_operation_exits_1_and_prints_drift_in_full() {
    let output = folder_run(
        &[
            ("show.zh.txt", "widget-show-drift.zh.txt"),
            ("resize.en.txt", "widget-resize.en.txt"),
        ],
        &[],
    );
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("\nresult: DRIFT: 5 differences;"), "{text}");
    assert!(
        text.contains(
            "not-documented   ListWidgetParts (GET /v2/{project_id}/widgets/{widget_id}/parts) in "
        ),
        "{text}"
    );
    assert!(
        text.ends_with("summary: 2 pages; 1 clean, 1 drift, 1 not-documented\n"),
        "{text}"
    );
}

#[test]
fn a_folder_without_an_operation_page_exits_2() {
    let dir = folder(
        &[("overview.txt", "garbage.txt")],
        &[("binary.txt", &[0xff, 0x00][..])],
    );
    let folder = dir.path().display().to_string();
    let output = doc_check(&[&folder, "--spec", &spec()]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let empty = tempfile::tempdir().unwrap();
    let output = doc_check(&[&empty.path().display().to_string(), "--spec", &spec()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no page (`*.txt`) in it"));
}

#[test]
fn without_spec_a_folder_lists_what_the_matched_specs_lack() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir(root.path().join("specs")).unwrap();
    fs::copy(
        pages().join("widget.yaml"),
        root.path().join("specs/widget.yaml"),
    )
    .unwrap();
    let dir = folder(&[("resize.en.txt", "widget-resize.en.txt")], &[]);
    let output = doc_check(&[
        &dir.path().display().to_string(),
        "--root",
        &root.path().display().to_string(),
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines = json_lines(&output);
    let undocumented: Vec<&str> = lines
        .iter()
        .filter(|line| line["status"] == "not-documented")
        .map(|line| line["operation"].as_str().unwrap())
        .collect();
    assert_eq!(undocumented, ["ShowWidget", "ListWidgetParts"]);
}
