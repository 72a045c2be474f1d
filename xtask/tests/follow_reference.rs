//! Following a reference when it changes, proven on ECS: the spec transcribed from the
//! reference as it was on 2023-06-21 (`tests/reference/ecs-2023-06-21/`), with a
//! maintainer's decisions added by hand, is brought to the current pages
//! (`specs/pages/ecs/`) by `transcribe --write --replace`; the result must equal the spec
//! transcribed from the current pages directly, but for the decisions, which are kept where
//! they still apply and reported where they lapsed.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use huaweicloud_sdk_codegen::SpecInput;
use huaweicloud_sdk_codegen::document::Document;
use serde_json::{Map, Value};

/// A scratch workspace with the endpoint table and the SDK's names, and no spec.
fn workspace() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let specs = root.path().join("specs");
    fs::create_dir_all(&specs).unwrap();
    let ours = support::workspace().join("specs");
    fs::copy(ours.join("endpoints.json"), specs.join("endpoints.json")).unwrap();
    support::copy_dir(&ours.join("names"), &specs.join("names"));
    root
}

fn transcribe(root: &Path, folder: &Path, replace: bool) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.arg("transcribe").arg(folder);
    command.args(["--service", "ecs", "--write"]);
    if replace {
        command.arg("--replace");
    }
    let output: Output = command
        .args(["--root", &root.display().to_string()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// `doc-check <folder> --spec specs/ecs.yaml --json` in `root`: the count of each status,
/// the drifted pages' file names, and the exit code.
fn doc_check(root: &Path, folder: &Path) -> (BTreeMap<String, usize>, Vec<String>, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("doc-check")
        .arg(folder)
        .args(["--spec", "specs/ecs.yaml", "--json"])
        .args(["--root", &root.display().to_string()])
        .output()
        .unwrap();
    let mut counts = BTreeMap::new();
    let mut drifted = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let entry: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let status = entry["status"].as_str().unwrap().to_owned();
        if status == "drift" {
            let page = entry["page"].as_str().unwrap();
            drifted.push(page.rsplit('/').next().unwrap().to_owned());
        }
        *counts.entry(status).or_default() += 1;
    }
    drifted.sort();
    (counts, drifted, output.status.code().unwrap())
}

fn spec_text(root: &Path) -> String {
    fs::read_to_string(root.join("specs/ecs.yaml")).unwrap()
}

fn spec(root: &Path) -> Value {
    let text = spec_text(root);
    let input = SpecInput {
        service: "ecs",
        path: "specs/ecs.yaml",
        text: &text,
    };
    Document::parse(&input).unwrap().value().clone()
}

/// Replace the one occurrence of `from` in the scratch spec.
fn edit(root: &Path, from: &str, to: &str) {
    let text = spec_text(root);
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` must be in the spec once"
    );
    fs::write(root.join("specs/ecs.yaml"), text.replacen(from, to, 1)).unwrap();
}

/// Where the block of the property whose line starts at `at` ends: the first line after
/// it indented as much or less.
fn property_end(text: &str, at: usize) -> usize {
    let indent = text[at..].len() - text[at..].trim_start().len();
    let mut offset = at + text[at..].find('\n').unwrap() + 1;
    for line in text[offset..].split_inclusive('\n') {
        let own = line.len() - line.trim_start().len();
        if !line.trim().is_empty() && own <= indent {
            break;
        }
        offset += line.len();
    }
    offset
}

/// The operation's tree with every `$ref` replaced by what it names, so that two specs
/// compare whatever their components are called.
fn inline(spec: &Value, node: &Value, depth: usize) -> Value {
    match node {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, value) in map {
                match value.as_str() {
                    Some(target) if key == "$ref" && depth < 12 => {
                        let name = target.rsplit('/').next().unwrap();
                        let schema = &spec["components"]["schemas"][name];
                        out.insert("$inlined".into(), inline(spec, schema, depth + 1));
                    }
                    _ => {
                        out.insert(key.clone(), inline(spec, value, depth));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| inline(spec, i, depth)).collect()),
        other => other.clone(),
    }
}

/// A spec without its texts (descriptions, summaries, deviations' reasons): what reaches
/// the wire.
fn without_texts(node: &Value) -> Value {
    match node {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| {
                    !matches!(key.as_str(), "description" | "summary" | "x-doc-deviation")
                })
                .map(|(key, value)| {
                    let value = if key == "properties" {
                        // Field names are data, whatever they are called.
                        Value::Object(
                            value
                                .as_object()
                                .into_iter()
                                .flatten()
                                .map(|(name, schema)| (name.clone(), without_texts(schema)))
                                .collect(),
                        )
                    } else {
                        without_texts(value)
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_texts).collect()),
        other => other.clone(),
    }
}

/// `METHOD path` of every operation on which the two specs differ, inlined.
fn differing_operations(ours: &Value, theirs: &Value) -> Vec<String> {
    let mut differing = Vec::new();
    let empty = Map::new();
    let paths = |spec: &Value| spec["paths"].as_object().unwrap_or(&empty).clone();
    let (our_paths, their_paths) = (paths(ours), paths(theirs));
    for (path, item) in &our_paths {
        for (method, operation) in item.as_object().unwrap() {
            let other = &their_paths.get(path).map(|item| &item[method]);
            let same =
                other.is_some_and(|other| inline(ours, operation, 0) == inline(theirs, other, 0));
            if !same {
                differing.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    for (path, item) in &their_paths {
        for method in item.as_object().unwrap().keys() {
            if our_paths
                .get(path)
                .and_then(|item| item.get(method))
                .is_none()
            {
                differing.push(format!(
                    "{} {path} (only in the direct spec)",
                    method.to_uppercase()
                ));
            }
        }
    }
    differing.sort();
    differing
}

#[test]
fn a_spec_follows_the_ecs_reference_from_2023_to_now_keeping_its_decisions() {
    let old_pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/ecs-2023-06-21");
    let new_pages = support::workspace().join("specs/pages/ecs");

    // The spec built from the current pages directly.
    let direct = workspace();
    transcribe(direct.path(), &new_pages, false);

    // The spec built from the 2023 pages, and a maintainer's decisions on it.
    let followed = workspace();
    transcribe(followed.path(), &old_pages, false);
    let summary = "      operationId: ListServersDetails\n      summary: 查询云服务器详情列表\n";
    edit(
        followed.path(),
        summary,
        "      operationId: ListServersDetails\n      summary: List servers with details\n",
    );
    // A decision the new page still disagrees with: it stays.
    edit(
        followed.path(),
        "    Migrate:\n      type: object\n      description: migrate\n",
        "    Migrate:\n      type: object\n      description: migrate\n      x-doc-deviation: Decided by hand.\n      additionalProperties: false\n",
    );
    // A decision the new page now agrees with (the 2023 page's example sent a number
    // where its table said string; the current page's does not): it lapses.
    let period = spec(followed.path())["components"]["schemas"]["PrepaidOptions"]["properties"]
        ["period_num"]
        .clone();
    assert!(period["oneOf"].is_array(), "the 2023 reading: {period}");
    let text = spec_text(followed.path());
    let start = text.find("    PrepaidOptions:\n").unwrap();
    let at = start + text[start..].find("        period_num:\n").unwrap();
    let end = property_end(&text, at);
    let decided = "        period_num:\n          type: string\n          x-doc-deviation: The official SDKs send a string.\n";
    fs::write(
        followed.path().join("specs/ecs.yaml"),
        format!("{}{decided}{}", &text[..at], &text[end..]),
    )
    .unwrap();

    let output = transcribe(followed.path(), &new_pages, true);
    assert!(
        output.contains("moved from /v2.1/{project_id}/servers/{server_id}/os-interface/{id}"),
        "the page renamed a placeholder: {output}"
    );
    assert!(
        output.contains("decision lapsed: property `period_num` of `PrepaidOptions`"),
        "{output}"
    );
    assert!(output.contains("; 1 decision lapsed;"), "{output}");

    let (ours, theirs) = (spec(followed.path()), spec(direct.path()));
    // The decisions that still apply are kept.
    let list = &ours["paths"]["/v1/{project_id}/cloudservers/detail"]["get"];
    assert_eq!(list["summary"], "List servers with details");
    assert_eq!(
        ours["components"]["schemas"]["Migrate"]["additionalProperties"],
        false
    );
    // The lapsed one is the page's now, without its deviation.
    assert_eq!(
        ours["components"]["schemas"]["PrepaidOptions"]["properties"]["period_num"],
        theirs["components"]["schemas"]["PrepaidOptions"]["properties"]["period_num"]
    );

    // Everything else equals the direct spec, operation by operation (types inlined), but
    // for the decisions: the same shapes, and the same texts but in six operations,
    // whose types they share with others keep another page's text (the line a tool's
    // note cites on the shared `Image`; `user_data`'s description on the shared
    // metadata; the lengths the shared `Tag`'s descriptions state): a shared type takes
    // its texts from the first page that writes it, and
    // the two histories write them in another order (README's maintainer section).
    let sorted = |list: &[&str]| {
        let mut list: Vec<String> = list.iter().map(|item| (*item).to_owned()).collect();
        list.sort();
        list
    };
    let decisions = [
        "GET /v1/{project_id}/cloudservers/detail",
        "POST /v1/{project_id}/cloudservers/{server_id}/migrate",
    ];
    assert_eq!(
        differing_operations(&without_texts(&ours), &without_texts(&theirs)),
        sorted(&decisions[1..])
    );
    let shared_texts = [
        "GET /v2.1/{project_id}/servers/detail",
        "GET /v2.1/{project_id}/servers/{server_id}",
        "POST /v1/{project_id}/cloudservers/{server_id}/tags/action",
        "POST /v1/{project_id}/servers/{server_id}/tags/action",
        "POST /v2/{project_id}/cloudservers/{server_id}/changeos",
        "POST /v2/{project_id}/cloudservers/{server_id}/reinstallos",
    ];
    assert_eq!(
        differing_operations(&ours, &theirs),
        sorted(&[&decisions[..], &shared_texts[..]].concat())
    );

    // The same operations go by the same names, and the same pages are kept.
    let ids = |spec: &Value| {
        let mut ids: Vec<String> = spec["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .map(|operation| operation["operationId"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&ours), ids(&theirs));
    let pages = |root: &Path| {
        let mut names: Vec<String> = fs::read_dir(root.join("specs/pages/ecs"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(pages(followed.path()), pages(direct.path()));

    // doc-check reads every current page as the followed spec says, as it does for the
    // direct spec: each operation's page is clean.
    let operations = ids(&theirs).len();
    // The shared status page, and the section pages kept with the spec (listed in
    // SECTIONS.md), are no operation pages.
    let section_pages = fs::read_to_string(new_pages.join("SECTIONS.md"))
        .map(|list| list.lines().filter(|line| line.starts_with("- ")).count())
        .unwrap_or(0);
    let clean: BTreeMap<String, usize> = [
        ("clean", operations),
        ("not-an-operation", 1 + section_pages),
    ]
    .into_iter()
    .map(|(status, count)| (status.to_owned(), count))
    .collect();
    assert_eq!(
        doc_check(direct.path(), &new_pages),
        (clean.clone(), Vec::new(), 0)
    );
    assert_eq!(
        doc_check(followed.path(), &new_pages),
        (clean, Vec::new(), 0)
    );
    // and reports the drift of the 2023 pages against the current spec.
    let (counts, drifted, code) = doc_check(direct.path(), &old_pages);
    assert_eq!(code, 1);
    let expected: BTreeMap<String, usize> = [
        ("clean", 114),
        ("drift", 30),
        ("not-an-operation", 112),
        ("duplicate", 19),
        ("not-documented", 1),
    ]
    .into_iter()
    .map(|(status, count)| (status.to_owned(), count))
    .collect();
    assert_eq!(counts, expected, "drifted: {drifted:#?}");
    // The page whose `period_num` changed type, and the one that renamed a placeholder.
    for page in ["更换云服务器计费模式.txt", "查询指定云服务器网卡信息.txt"] {
        assert!(
            drifted.iter().any(|drifted| drifted == page),
            "{page}: {drifted:#?}"
        );
    }
}
