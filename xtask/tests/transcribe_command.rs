//! `cargo xtask transcribe <page>` end to end, in a scratch workspace: what `--write` does
//! to a spec's text (only additions, every existing byte kept; `paths: {}` opened; a
//! component name taken by another shape renamed), what it refuses (an operation already
//! there, a page that is not an operation), that a missing spec is started from the endpoint
//! table, and that bad input exits 2 naming what is wrong, with nothing written. Folders
//! are `transcribe_reference.rs`'s.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use huaweicloud_sdk_codegen::{SpecInput, lower};

fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages")
}

/// A scratch workspace whose `specs/widget.yaml` is `spec`.
fn workspace(spec: &str) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.path().join("specs/pages/widget")).unwrap();
    fs::write(root.path().join("specs/widget.yaml"), spec).unwrap();
    root
}

fn transcribe(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("transcribe")
        .args(args)
        .args(["--root", &root.display().to_string()])
        .output()
        .unwrap()
}

/// `transcribe` of the resize page as `ResizeWidget` of the widget service, with `flags`.
fn transcribe_resize(root: &Path, flags: &[&str]) -> Output {
    let page = page("widget-resize.en.txt");
    let mut args = vec![
        page.as_str(),
        "--service",
        "widget",
        "--operation-id",
        "ResizeWidget",
    ];
    args.extend_from_slice(flags);
    transcribe(root, &args)
}

fn page(name: &str) -> String {
    pages().join(name).display().to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn spec_text(root: &Path) -> String {
    fs::read_to_string(root.join("specs/widget.yaml")).unwrap()
}

/// The lines of `before`, in order, are all in `after`: the edit only added lines.
fn only_added(before: &str, after: &str) -> bool {
    let mut after_lines = after.lines();
    before
        .lines()
        .all(|line| after_lines.by_ref().any(|candidate| candidate == line))
}

/// The spec without its top-level `tags` block.
fn without_tag_list(text: &str) -> String {
    let Some(start) = text.find("\ntags:\n") else {
        return text.to_owned();
    };
    let end = text[start + 1..]
        .find("\npaths:")
        .map_or(text.len(), |at| start + 1 + at);
    format!("{}{}", &text[..start], &text[end..])
}

const MINIMAL: &str = "openapi: 3.0.3
info:
  title: Widget
  version: v2
  description: 'A small spec, folded: >- and quoted' # a comment that must survive
servers:
  - url: https://widget.cn-north-4.example.com
    description: Widget endpoint
    x-region: cn-north-4
paths:
  /v2/things:
    get:
      operationId: ListThings
      summary: List things
      responses:
        '200':
          description: OK.
components:
  schemas:
    Unused:
      type: object
      description: >-
        Folded text
        over two lines.
      properties:
        a: {type: string, description: A.}
";

#[test]
fn write_adds_the_operation_and_keeps_every_existing_byte() {
    let root = workspace(MINIMAL);
    let output = transcribe_resize(root.path(), &["--write"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let after = spec_text(root.path());
    assert!(only_added(MINIMAL, &after), "{after}");
    // The tags the operations use are listed before `paths`; the rest is as it was.
    let untagged = without_tag_list(&after);
    assert!(untagged.starts_with(&MINIMAL[..MINIMAL.find("components:").unwrap()]));
    assert!(
        after.contains("      operationId: ResizeWidget\n"),
        "{after}"
    );
    assert!(after.contains("    ResizeWidgetRequestBody:\n"), "{after}");
    let service = lower(&SpecInput {
        service: "widget",
        path: "specs/widget.yaml",
        text: &after,
    })
    .unwrap_or_else(|e| panic!("{e}\n{after}"));
    assert_eq!(service.operations.len(), 2);
    assert!(
        fs::read_dir(root.path().join("specs"))
            .unwrap()
            .all(|entry| {
                !entry
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
    );

    // The same operation again is refused without --replace, and nothing changes.
    let again = transcribe_resize(root.path(), &["--write"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("give --replace"),
        "{}",
        stderr(&again)
    );
    assert_eq!(spec_text(root.path()), after);

    // --replace swaps it in place: the rest of the file stays as it was.
    let replaced = transcribe_resize(root.path(), &["--write", "--replace"]);
    assert!(replaced.status.success(), "{}", stderr(&replaced));
    let swapped = spec_text(root.path());
    assert!(only_added(MINIMAL, &swapped), "{swapped}");
    assert_eq!(swapped.matches("operationId: ResizeWidget").count(), 1);
}

/// Writes the resize page into the minimal spec, edits the spec's text with `edit`
/// (what a maintainer did since), and writes the page again with `--replace`, which
/// must succeed; its stdout is returned.
fn replace_after_edit(edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, String) {
    let root = workspace(MINIMAL);
    let first = transcribe_resize(root.path(), &["--write"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let text = edit(spec_text(root.path()));
    fs::write(root.path().join("specs/widget.yaml"), text).unwrap();
    let again = transcribe_resize(root.path(), &["--write", "--replace"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let stdout = String::from_utf8_lossy(&again.stdout).into_owned();
    (root, stdout)
}

#[test]
fn a_component_name_taken_by_another_shape_is_renamed_naming_both_places() {
    let spec = MINIMAL.replace("    Unused:\n", "    ResizeWidgetRequestBody:\n");
    let root = workspace(&spec);
    let output = transcribe_resize(root.path(), &["--write"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        stdout.contains("renamed ResizeWidgetRequestBody -> ResizeWidgetRequestBody2 (specs/widget.yaml#/components/schemas/ResizeWidgetRequestBody has another shape)"),
        "{stdout}"
    );
    let after = spec_text(root.path());
    // The spec's own component is untouched; the page's body has the new name.
    assert_eq!(
        after.matches("    ResizeWidgetRequestBody:\n").count(),
        1,
        "{after}"
    );
    assert_eq!(
        after.matches("    ResizeWidgetRequestBody2:\n").count(),
        1,
        "{after}"
    );
    assert!(
        after.contains("$ref: \"#/components/schemas/ResizeWidgetRequestBody2\""),
        "{after}"
    );
}

#[test]
fn a_hand_made_name_of_the_operation_s_own_component_is_kept() {
    // Rename the written request body: writing the page again keeps the spec's name
    // (renaming a type breaks users' code) instead of adding a second copy.
    let (root, stdout) =
        replace_after_edit(|text| text.replace("ResizeWidgetRequestBody", "WidgetSize"));
    assert!(!stdout.contains("renamed"), "{stdout}");
    let after = spec_text(root.path());
    assert!(!after.contains("ResizeWidgetRequestBody"), "{after}");
    assert_eq!(after.matches("    WidgetSize:\n").count(), 1, "{after}");
    assert!(
        after.contains("$ref: \"#/components/schemas/WidgetSize\""),
        "{after}"
    );
}

#[test]
fn replace_removes_the_components_only_the_old_operation_used() {
    // The maintainer's operation answered with a model the page no longer shows.
    let (root, stdout) = replace_after_edit(|text| {
        let text = text.replacen(
            "      responses:\n        \"200\":\n",
            "      responses:\n        \"200\":\n          x-old: {$ref: \"#/components/schemas/OldReply\"}\n",
            1,
        );
        assert!(text.contains("x-old"), "{text}");
        format!(
            "{text}    OldReply:\n      type: object\n      properties:\n        b: {{type: string}}\n"
        )
    });
    assert!(
        stdout.contains("removed OldReply, which no operation uses any more"),
        "{stdout}"
    );
    let after = spec_text(root.path());
    assert!(!after.contains("OldReply"), "{after}");
    // What the old operation did not use stays, byte for byte.
    assert!(
        after.contains("    Unused:\n      type: object\n      description: >-\n"),
        "{after}"
    );
    assert!(after.contains("    ResizeWidgetRequestBody:\n"), "{after}");
}

#[test]
fn without_write_it_prints_the_operation_and_lists_reviews_on_stderr() {
    let root = workspace(MINIMAL);
    let output = transcribe(root.path(), &[&page("widget-delete.en.txt")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let yaml = String::from_utf8_lossy(&output.stdout);
    assert!(yaml.starts_with("paths:\n  /v2/{project_id}/widgets/{widget_id}:\n    delete:\n"));
    // No SDK sample: the operationId is derived and must be reviewed.
    assert!(
        yaml.contains("REVIEW: the page prints no SDK sample"),
        "{yaml}"
    );
    let reviews = stderr(&output);
    assert!(reviews.contains("widget-delete.en.txt:5:"), "{reviews}");
    assert!(reviews.contains("1 item(s) to review"), "{reviews}");
    assert_eq!(spec_text(root.path()), MINIMAL);
}

#[test]
fn bad_input_exits_2_naming_what_and_where_and_writes_nothing() {
    let root = workspace(MINIMAL);
    let scratch = root.path().join("input");
    fs::create_dir_all(&scratch).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.txt", Vec::new(), "the page is empty"),
        (
            "binary.txt",
            b"GET /v1/x\n\x00\x01\x02 binary".to_vec(),
            "line 2: control characters",
        ),
        ("latin1.txt", vec![b'a', 0xff, 0xfe], "not UTF-8"),
        (
            "unrelated.txt",
            fs::read(pages().join("garbage.txt")).unwrap(),
            "no request line",
        ),
        (
            "no-uri.txt",
            b"Show a widget\nFunction\nShows it.\nParameter |\nType |\nDescription |\n---|---|---|\nid |\nString |\nID. |\n".to_vec(),
            "no request line",
        ),
        (
            "bad-type.txt",
            b"Show\nFunction\nShows.\nURI\nGET /v1/things/{id}\nParameter |\nMandatory |\nType |\nDescription |\n---|---|---|---|\nid |\nYes |\nThing object |\nID. |\nStatus Codes\nStatus Code |\nDescription |\n---|---|\n200 |\nOK. |\n".to_vec(),
            "line 11: parameter `id` is typed `Thing object`",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = scratch.join(name);
        fs::write(&path, bytes).unwrap();
        let output = transcribe(
            root.path(),
            &[
                &path.display().to_string(),
                "--service",
                "widget",
                "--write",
            ],
        );
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(expected),
            "{name}: expected `{expected}` in: {}",
            stderr(&output)
        );
        assert_eq!(spec_text(root.path()), MINIMAL, "{name} changed the spec");
    }
    let usage = transcribe(root.path(), &["--replace", &page("widget-delete.en.txt")]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn a_spec_without_operations_written_as_paths_empty_takes_the_first_one() {
    let empty = &MINIMAL[..MINIMAL.find("paths:").unwrap()];
    let spec = format!("{empty}paths: {{}}\n");
    let root = workspace(&spec);
    let output = transcribe_resize(root.path(), &["--write"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let after = spec_text(root.path());
    // Only `paths: {}` became `paths:`, with the operation below it.
    assert!(
        without_tag_list(&after).starts_with(&format!("{empty}paths:\n  /v2/")),
        "{after}"
    );
    assert!(only_added(empty, &after), "{after}");
    let service = lower(&SpecInput {
        service: "widget",
        path: "specs/widget.yaml",
        text: &after,
    })
    .unwrap_or_else(|e| panic!("{e}\n{after}"));
    assert_eq!(service.operations.len(), 1);
}

#[test]
fn a_missing_spec_is_started_from_the_endpoint_table() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.path().join("specs")).unwrap();
    fs::write(
        root.path().join("specs/endpoints.json"),
        r#"{"widget": {"cn-north-4": "https://widget.cn-north-4.myhuaweicloud.com"}}"#,
    )
    .unwrap();
    let output = transcribe_resize(root.path(), &["--write"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with(
            "started specs/widget.yaml: a new spec, 1 server from specs/endpoints.json\nadded POST /v2/{project_id}/widgets/{widget_id}/resize (ResizeWidget) in specs/widget.yaml\n"
        ),
        "{stdout}"
    );
    let after = spec_text(root.path());
    assert!(after.starts_with("openapi: 3.0.3\ninfo:\n  title: WIDGET\n  version: v2\n"));
    let service = lower(&SpecInput {
        service: "widget",
        path: "specs/widget.yaml",
        text: &after,
    })
    .unwrap_or_else(|e| panic!("{e}\n{after}"));
    assert_eq!(service.operations.len(), 1);
    assert_eq!(service.endpoints.len(), 1);
}

#[test]
fn a_page_that_is_not_an_operation_is_refused_saying_why() {
    let root = workspace(MINIMAL);
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/widget/授权项.txt");
    let output = transcribe(
        root.path(),
        &[
            &page.display().to_string(),
            "--service",
            "widget",
            "--write",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "授权项.txt: not an operation page: no `功能介绍`/`Function` section and no parameter table"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(spec_text(root.path()), MINIMAL);
}
