//! `cargo xtask transcribe <folder>... --service NAME` end to end, on the fixture reference
//! `tests/reference/widget/`: overview and permission pages (copied from the AOM and IAM
//! references), an old and a new page of one request, a page the reader cannot
//! transcribe, and four operation pages (two of which derive the same operationId). A
//! binary page is added by the tests.
//!
//! What a run must do: start the missing spec from the endpoint table, skip and list
//! what is not transcribed, keep every page written beside the spec, end with the
//! summary, leave a spec that loads, and write nothing when no operation can be written.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use huaweicloud_sdk_codegen::{SpecInput, lower_with_tree};

const TABLE: &str = r#"{
  "widget": {
    "cn-north-4": "https://widget.cn-north-4.myhuaweicloud.com",
    "eu-west-101": "https://widget.eu-west-101.myhuaweicloud.eu"
  }
}
"#;

/// A scratch workspace with the endpoint table and no spec, and a copy of the fixture
/// reference (plus a binary page) in `docs/widget/`.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.path().join("specs")).unwrap();
    fs::write(root.path().join("specs/endpoints.json"), TABLE).unwrap();
    let docs = root.path().join("docs/widget");
    fs::create_dir_all(&docs).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/widget");
    for entry in fs::read_dir(&fixtures).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), docs.join(entry.file_name())).unwrap();
    }
    fs::write(docs.join("binary.txt"), b"GET /v1/x\n\x00\x01\x02").unwrap();
    (root, docs)
}

fn transcribe(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("transcribe")
        .args(args)
        .args(["--root", &root.display().to_string()])
        .output()
        .unwrap()
}

fn spec_text(root: &Path) -> String {
    fs::read_to_string(root.join("specs/widget.yaml")).unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir`, relative to it, with its bytes, sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let name = path.strip_prefix(base).unwrap().display().to_string();
                out.push((name, fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// `ShowWidgets2` -> `show-widgets2`.
fn kebab(id: &str) -> String {
    let mut out = String::new();
    for (index, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() && index > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[test]
fn a_folder_starts_the_service_and_writes_one_operation_per_request() {
    let (root, docs) = workspace();
    let docs_arg = docs.display().to_string();
    let output = transcribe(root.path(), &[&docs_arg, "--service", "widget", "--write"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let shown = |file: &str| docs.join(file).display().to_string();
    for expected in [
        format!(
            "skipped {}: not an operation: no request line (`GET /v1/...` under `URI`) found",
            shown("API概览.txt")
        ),
        format!(
            "skipped {}: not an operation: no `功能介绍`/`Function` section and no parameter table: an overview, permission or guide page (5 request lines, the first `POST /v3/auth/tokens` at line 19)",
            shown("授权项.txt")
        ),
        format!(
            "skipped {}: not an operation: no `功能介绍`/`Function` section and no parameter table",
            shown("弹性伸缩.txt")
        ),
        format!(
            "skipped {}: unreadable: line 2: control characters",
            shown("binary.txt")
        ),
        format!(
            "chose {} for POST /v2/{{}}/widgets/{{}}/resize, over {}\n",
            shown("resize-widget.txt"),
            shown("resize-widget-deprecated.txt")
        ),
        format!(
            "skipped {}: duplicate: documents the same request as widget/resize-widget.txt, which is transcribed: it is deprecated\n",
            shown("resize-widget-deprecated.txt")
        ),
        "started specs/widget.yaml: a new spec, 2 servers from specs/endpoints.json\n".to_owned(),
        format!(
            "skipped {}: unreadable: line 11: parameter `id` is typed `Thing object`",
            shown("bad-type.txt")
        ),
        // Path order; a collection's GET lists, an item's shows.
        format!(
            "added GET /v2/{{project_id}}/widgets (ListWidgets) from {}, kept as specs/pages/widget/widget-list-widgets.en.txt\nadded GET /v2/{{project_id}}/widgets/{{widget_id}} (ShowWidgets) from {}, kept as specs/pages/widget/widget-show-widgets.zh.txt\nadded DELETE /v2/{{project_id}}/widgets/{{widget_id}} (DeleteWidgets) from {}, kept as specs/pages/widget/widget-delete-widgets.en.txt\nadded POST /v2/{{project_id}}/widgets/{{widget_id}}/resize (CreateWidgetsResize) from {}, kept as specs/pages/widget/widget-create-widgets-resize.en.txt\n",
            shown("list-widgets.txt"),
            shown("show-widget.txt"),
            shown("delete-widget.txt"),
            shown("resize-widget.txt")
        ),
        "wrote specs/widget.yaml, 4 pages under specs/pages/widget/ and specs/pages/widget/SKIPPED.md\n".to_owned(),
        "summary: 4 operations written to specs/widget.yaml (4 added, 0 replaced); 6 pages skipped (3 not an operation, 1 duplicate, 2 unreadable); ".to_owned(),
    ] {
        assert!(out.contains(&expected), "expected `{expected}` in:\n{out}");
    }

    // The spec loads, with the table's servers and the four operations, each naming
    // the copy of its page.
    let text = fs::read_to_string(root.path().join("specs/widget.yaml")).unwrap();
    let (service, tree) = lower_with_tree(&SpecInput {
        service: "widget",
        path: "specs/widget.yaml",
        text: &text,
    })
    .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(service.endpoints.len(), 2);
    assert_eq!(service.operations.len(), 4);
    let sources = [
        ("ListWidgets", "list-widgets.txt", "en"),
        ("ShowWidgets", "show-widget.txt", "zh"),
        ("DeleteWidgets", "delete-widget.txt", "en"),
        ("CreateWidgetsResize", "resize-widget.txt", "en"),
    ];
    let mut kept = Vec::new();
    for (path, item) in tree["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap();
            let (_, source, language) = sources
                .iter()
                .find(|(known, _, _)| *known == id)
                .unwrap_or_else(|| panic!("{method} {path}: unexpected {id}"));
            let page = operation["x-doc-page"].as_str().unwrap();
            assert_eq!(
                page,
                format!("pages/widget/widget-{}.{language}.txt", kebab(id))
            );
            assert_eq!(
                fs::read(root.path().join("specs").join(page)).unwrap(),
                fs::read(docs.join(source)).unwrap(),
                "{page} is not a copy of {source}"
            );
            kept.push(page.to_owned());
        }
    }
    assert_eq!(kept.len(), 4);

    // The REVIEW items left are the ones listed on stderr.
    let reviews = stderr(&output)
        .lines()
        .filter(|line| line.starts_with("REVIEW "))
        .count();
    assert!(reviews > 0);
    assert!(
        out.contains(&format!(
            "; {reviews} REVIEW items left in specs/widget.yaml\n"
        )),
        "{out}"
    );

    // Every page not transcribed, sorted, with its reason.
    let skipped = fs::read_to_string(root.path().join("specs/pages/widget/SKIPPED.md")).unwrap();
    let rows: Vec<(&str, &str)> = skipped
        .lines()
        .filter(|line| line.starts_with("| widget/"))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            (cells[0].trim_start_matches("| "), cells[1])
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("widget/API概览.txt", "not an operation"),
            ("widget/bad-type.txt", "unreadable"),
            ("widget/binary.txt", "unreadable"),
            ("widget/resize-widget-deprecated.txt", "duplicate"),
            ("widget/弹性伸缩.txt", "not an operation"),
            ("widget/授权项.txt", "not an operation"),
        ],
        "{skipped}"
    );
    assert!(
        skipped.contains("| widget/resize-widget-deprecated.txt | duplicate | documents the same request as widget/resize-widget.txt, which is transcribed: it is deprecated |\n"),
        "{skipped}"
    );
    assert!(
        !files(&root.path().join("specs"))
            .iter()
            .any(|(name, _)| name.ends_with(".tmp"))
    );
}

#[test]
fn a_second_run_replaces_in_place_and_without_replace_writes_nothing() {
    let (root, docs) = workspace();
    let docs_arg = docs.display().to_string();
    let first = transcribe(root.path(), &[&docs_arg, "--service", "widget", "--write"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let specs = root.path().join("specs");
    let written = files(&specs);

    // Again with --replace: the same operations in place, byte for byte.
    let again = transcribe(
        root.path(),
        &[&docs_arg, "--service", "widget", "--write", "--replace"],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains(
            "summary: 4 operations written to specs/widget.yaml (0 added, 4 replaced); 6 pages skipped"
        ),
        "{}",
        stdout(&again)
    );
    assert_eq!(files(&specs), written);

    // Without --replace the spec takes none of them: exit 2, nothing written.
    let refused = transcribe(root.path(), &[&docs_arg, "--service", "widget", "--write"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stdout(&refused));
    assert!(
        stdout(&refused).contains("refused by the spec: specs/widget.yaml#/paths/~1v2~1{project_id}~1widgets/get: GET /v2/{project_id}/widgets is already in the spec; give --replace to swap it"),
        "{}",
        stdout(&refused)
    );
    assert!(
        stdout(&refused).contains(
            "summary: 0 operations written to specs/widget.yaml (0 added, 0 replaced); 10 pages skipped (3 not an operation, 1 duplicate, 2 unreadable, 4 refused by the spec)\n"
        ),
        "{}",
        stdout(&refused)
    );
    assert!(
        stderr(&refused)
            .contains("error: no operation could be written; specs/widget.yaml is unchanged"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(files(&specs), written);
}

#[test]
fn an_operation_no_page_documents_any_more_is_listed_and_pruned_on_request() {
    let (root, docs) = workspace();
    let docs_arg = docs.display().to_string();
    let first = transcribe(root.path(), &[&docs_arg, "--service", "widget", "--write"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let kept = root
        .path()
        .join("specs/pages/widget/widget-delete-widgets.en.txt");
    assert!(kept.exists());
    // The reference no longer documents DELETE.
    fs::remove_file(docs.join("delete-widget.txt")).unwrap();
    let replace = [
        docs_arg.as_str(),
        "--service",
        "widget",
        "--write",
        "--replace",
    ];

    let listed = transcribe(root.path(), &replace);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(
        stdout(&listed).contains("not documented by these pages: DELETE /v2/{project_id}/widgets/{widget_id} (DeleteWidgets); kept (give --prune to remove it)"),
        "{}",
        stdout(&listed)
    );
    assert!(spec_text(root.path()).contains("operationId: DeleteWidgets"));

    let pruned = transcribe(root.path(), &[&replace[..], &["--prune"]].concat());
    assert!(pruned.status.success(), "{}", stderr(&pruned));
    let out = stdout(&pruned);
    assert!(
        out.contains("removed DELETE /v2/{project_id}/widgets/{widget_id} (DeleteWidgets): no page of the run documents it any more"),
        "{out}"
    );
    assert!(
        out.contains("; 1 operation removed (no page documents it any more)"),
        "{out}"
    );
    assert!(!spec_text(root.path()).contains("DeleteWidgets"));
    assert!(
        !kept.exists(),
        "the removed operation's kept page goes with it"
    );

    // --prune is for whole references only.
    let page = docs.join("list-widgets.txt").display().to_string();
    let refused = transcribe(
        root.path(),
        &[
            &page,
            "--service",
            "widget",
            "--write",
            "--replace",
            "--prune",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("--prune goes with --replace and folders"));
}

#[test]
fn pages_go_into_a_spec_written_as_paths_empty_and_keep_its_header() {
    let (root, docs) = workspace();
    let header = "openapi: 3.0.3\ninfo:\n  title: Widget\n  version: v2\n  description: Widgets. # kept\nservers:\n  - url: https://widget.example.com\n    description: Widget endpoint\n    x-region: cn-north-4\n";
    let spec = format!("{header}paths: {{}}\n");
    fs::write(root.path().join("specs/widget.yaml"), &spec).unwrap();
    let pages: Vec<String> = ["list-widgets.txt", "delete-widget.txt"]
        .iter()
        .map(|page| docs.join(page).display().to_string())
        .collect();
    let output = transcribe(
        root.path(),
        &[&pages[0], &pages[1], "--service", "widget", "--write"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stdout(&output).contains("started"), "{}", stdout(&output));
    let text = fs::read_to_string(root.path().join("specs/widget.yaml")).unwrap();
    // The header is kept; the tags the operations use are listed before `paths`.
    assert!(
        text.starts_with(&format!(
            "{header}tags:\n  - name: widgets\n    description: Operations on `widgets` that no section of the API reference lists.\npaths:\n  /v2/"
        )),
        "{text}"
    );
    let (service, _) = lower_with_tree(&SpecInput {
        service: "widget",
        path: "specs/widget.yaml",
        text: &text,
    })
    .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(service.operations.len(), 2);
    let skipped = fs::read_to_string(root.path().join("specs/pages/widget/SKIPPED.md")).unwrap();
    assert!(
        skipped.ends_with("Every page was transcribed.\n"),
        "{skipped}"
    );
}

#[test]
fn without_write_it_reports_the_run_and_writes_nothing() {
    let (root, docs) = workspace();
    let output = transcribe(
        root.path(),
        &[&docs.display().to_string(), "--service", "widget"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains("would add GET /v2/{project_id}/widgets (ListWidgets)"),
        "{out}"
    );
    assert!(
        out.contains("summary: 4 operations to write to specs/widget.yaml (4 added, 0 replaced)"),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with("; nothing written (give --write)"),
        "{out}"
    );
    assert_eq!(
        files(&root.path().join("specs")),
        [("endpoints.json".to_owned(), TABLE.as_bytes().to_vec())]
    );
}

#[test]
fn a_folder_without_an_operation_page_writes_nothing_and_exits_2() {
    let (root, docs) = workspace();
    let only_index = root.path().join("docs/index");
    fs::create_dir_all(&only_index).unwrap();
    for page in ["API概览.txt", "授权项.txt"] {
        fs::copy(docs.join(page), only_index.join(page)).unwrap();
    }
    let output = transcribe(
        root.path(),
        &[
            &only_index.display().to_string(),
            "--service",
            "widget",
            "--write",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains("summary: 0 operations written to specs/widget.yaml (0 added, 0 replaced); 2 pages skipped (2 not an operation)\n"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        files(&root.path().join("specs")),
        [("endpoints.json".to_owned(), TABLE.as_bytes().to_vec())]
    );
}

#[test]
fn wrong_arguments_exit_2() {
    let (root, docs) = workspace();
    let docs_arg = docs.display().to_string();
    let cases: [(&[&str], &str); 4] = [
        (
            &[&docs_arg, "--write"],
            "a folder or several pages need --service NAME",
        ),
        (
            &[&docs_arg, "--service", "widget", "--operation-id", "X"],
            "--operation-id names the operation of one page",
        ),
        (
            &[&docs_arg, "--service", "Widget"],
            "a service name is lowercase",
        ),
        (
            &["no/such/folder", &docs_arg, "--service", "widget"],
            "no/such/folder: no such page or folder",
        ),
    ];
    for (args, expected) in cases {
        let output = transcribe(root.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!root.path().join("specs/widget.yaml").exists());
}

#[test]
fn pages_already_kept_under_specs_stay_where_they_are() {
    let (root, docs) = workspace();
    let kept = root.path().join("specs/pages/widget");
    fs::create_dir_all(&kept).unwrap();
    for page in ["list-widgets.txt", "API概览.txt"] {
        fs::copy(docs.join(page), kept.join(page)).unwrap();
    }
    let output = transcribe(
        root.path(),
        &[
            &kept.display().to_string(),
            "--service",
            "widget",
            "--write",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("wrote specs/widget.yaml, 0 pages under specs/pages/widget/"),
        "{}",
        stdout(&output)
    );
    let text = fs::read_to_string(root.path().join("specs/widget.yaml")).unwrap();
    assert!(
        text.contains("      x-doc-page: pages/widget/list-widgets.txt\n"),
        "{text}"
    );
    let names: Vec<String> = files(&kept).into_iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["API概览.txt", "SKIPPED.md", "list-widgets.txt"]);
}
