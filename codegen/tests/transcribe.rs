//! The transcriber measured on our own pages: each of the five pages in
//! `specs/pages/` is transcribed into its spec in place of the hand-written operation
//! (`--replace`, which keeps the spec's recorded decisions: nodes with an
//! `x-doc-deviation`, descriptions, the operation's names), lowered, and compared
//! with the hand-written operation's IR: parameters, constraints, body and response
//! schemas (structurally, whatever the components are called), error bodies and
//! examples. What differs is what the tool reads differently from the maintainer and
//! nobody recorded.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use huaweicloud_sdk_codegen::ir::{Constraints, Operation, Service, TypeDef, TypeRef};
use huaweicloud_sdk_codegen::transcribe::{self, insert};
use huaweicloud_sdk_codegen::{SpecInput, lower_with_tree};

/// What the IR says about one parameter or field: its kind and flags, and its
/// constraints apart, so that a constraint only the spec has can be told from one the
/// two read differently.
#[derive(Debug, Clone, PartialEq)]
struct Facts {
    kind: String,
    constraints: Constraints,
}

/// A difference, and whether it is only a constraint that the spec has and the
/// transcript lacks (a limit the page states somewhere the tool does not read it).
struct Difference {
    text: String,
    spec_only_constraint: bool,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap()
}

/// The differences between the hand-written operation and the transcribed one.
fn measure(service: &str, page: &str) -> Vec<Difference> {
    let root = root();
    let spec_path = format!("specs/{service}.yaml");
    let spec_text = fs::read_to_string(root.join(&spec_path)).unwrap();
    let page_text = fs::read_to_string(root.join("specs/pages").join(service).join(page)).unwrap();
    let input = SpecInput {
        service,
        path: &spec_path,
        text: &spec_text,
    };
    let (hand, hand_tree) = lower_with_tree(&input).unwrap();
    let page_ref = format!("pages/{service}/{page}");
    // The hand-written operation's id names the operation the page prints no SDK
    // sample for (only the AOM page has one).
    let transcript = transcribe::transcribe(
        &page_text,
        &transcribe::Options {
            service: Some(service),
            operation_id: None,
            page_ref: Some(&page_ref),
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{page}: {e}"));
    let updated = insert::insert(
        &insert::Spec {
            service,
            path: &spec_path,
            text: &spec_text,
        },
        &transcript,
        true,
        insert::Replacing::default(),
    )
    .unwrap_or_else(|e| panic!("{page}: {e}"));
    let (ours, ours_tree) = lower_with_tree(&SpecInput {
        service,
        path: &spec_path,
        text: &updated.text,
    })
    .unwrap();
    let method = transcript.method.to_ascii_uppercase();
    let find = |service: &Service| -> Operation {
        service
            .operations
            .iter()
            .find(|operation| {
                operation.method.as_str() == method && operation.path == transcript.path
            })
            .cloned()
            .unwrap_or_else(|| panic!("{page}: no {method} {}", transcript.path))
    };
    let (hand_op, ours_op) = (find(&hand), find(&ours));
    let mut differences = Vec::new();
    compare_operations(&hand, &hand_op, &ours, &ours_op, &mut differences);
    let pointer = format!(
        "/paths/{}/{}",
        transcript.path.replace('~', "~0").replace('/', "~1"),
        transcript.method
    );
    compare_examples(&hand_tree, &ours_tree, &pointer, &mut differences);
    differences
}

fn compare_operations(
    hand: &Service,
    hand_op: &Operation,
    ours: &Service,
    ours_op: &Operation,
    out: &mut Vec<Difference>,
) {
    let params = |service: &Service, op: &Operation| -> BTreeMap<String, Facts> {
        op.params
            .iter()
            .map(|param| {
                (
                    format!("{:?} {}", param.location, param.name),
                    Facts {
                        kind: format!(
                            "required={} type={:?} from_config={:?}",
                            param.required,
                            shape(service, &param.ty),
                            param.from_config
                        ),
                        constraints: param.constraints.clone(),
                    },
                )
            })
            .collect()
    };
    diff_maps(
        "parameter",
        &params(hand, hand_op),
        &params(ours, ours_op),
        out,
    );
    let bodies = |service: &Service, op: &Operation| {
        let mut map = BTreeMap::new();
        if let Some(body) = &op.body {
            for (at, kind) in shape(service, &body.ty) {
                map.insert(format!("request{at}"), kind);
            }
            map.insert(
                "request".to_owned(),
                plain(format!("required={}", body.required)),
            );
        }
        let mut responses: Vec<(&String, Option<&TypeRef>)> =
            vec![(&op.success_status, op.response.as_ref())];
        responses.extend(op.errors.iter().map(|(status, ty)| (status, ty.as_ref())));
        for (status, ty) in responses {
            match ty {
                Some(ty) => {
                    for (at, kind) in shape(service, ty) {
                        map.insert(format!("{status}{at}"), kind);
                    }
                }
                None => {
                    map.insert(status.clone(), plain("no body".to_owned()));
                }
            }
        }
        map
    };
    diff_maps("body", &bodies(hand, hand_op), &bodies(ours, ours_op), out);
    if hand_op.pagination.is_some() != ours_op.pagination.is_some() {
        out.push(Difference {
            text: "pagination differs".to_owned(),
            spec_only_constraint: false,
        });
    }
}

fn plain(kind: String) -> Facts {
    Facts {
        kind,
        constraints: Constraints::default(),
    }
}

fn diff_maps(
    what: &str,
    hand: &BTreeMap<String, Facts>,
    ours: &BTreeMap<String, Facts>,
    out: &mut Vec<Difference>,
) {
    for (key, value) in hand {
        match ours.get(key) {
            None => out.push(Difference {
                text: format!("{what} {key}: only in the spec"),
                spec_only_constraint: false,
            }),
            Some(other) if other != value => out.push(Difference {
                text: format!(
                    "{what} {key}: spec {} {}, transcript {} {}",
                    value.kind,
                    constraints(&value.constraints),
                    other.kind,
                    constraints(&other.constraints)
                ),
                spec_only_constraint: other.kind == value.kind
                    && only_spec_knows(&value.constraints, &other.constraints),
            }),
            Some(_) => {}
        }
    }
    for key in ours.keys().filter(|key| !hand.contains_key(*key)) {
        out.push(Difference {
            text: format!("{what} {key}: only in the transcript"),
            spec_only_constraint: false,
        });
    }
}

/// Every constraint that differs is one the transcript does not have.
fn only_spec_knows(spec: &Constraints, transcript: &Constraints) -> bool {
    fn silent<T: PartialEq>(spec: &Option<T>, transcript: &Option<T>) -> bool {
        spec == transcript || transcript.is_none()
    }
    silent(&spec.min_length, &transcript.min_length)
        && silent(&spec.max_length, &transcript.max_length)
        && silent(&spec.minimum, &transcript.minimum)
        && silent(&spec.maximum, &transcript.maximum)
        && silent(&spec.pattern, &transcript.pattern)
        && silent(&spec.default, &transcript.default)
}

fn constraints(constraints: &Constraints) -> String {
    format!(
        "len={:?}..{:?} range={:?}..{:?} pattern={:?} default={:?}",
        constraints.min_length,
        constraints.max_length,
        constraints.minimum,
        constraints.maximum,
        constraints.pattern,
        constraints.default
    )
}

/// A type as one line per field (`data.execute_instances[].id: I64 ...`), names of
/// generated types left out.
fn flatten(service: &Service, ty: &TypeRef, at: &str, out: &mut BTreeMap<String, Facts>) {
    if at.matches('.').count() > 12 {
        return;
    }
    match ty {
        TypeRef::List(inner) => flatten(service, inner, &format!("{at}[]"), out),
        TypeRef::Map(inner) => flatten(service, inner, &format!("{at}{{}}"), out),
        TypeRef::Named(name) => match service.find_type(name) {
            Some(TypeDef::Struct(def)) => {
                out.insert(at.to_owned(), plain("object".to_owned()));
                for field in &def.fields {
                    let path = format!("{at}.{}", field.json_name);
                    flatten(service, &field.ty, &path, out);
                    let kind = out
                        .remove(&path)
                        .map(|facts| facts.kind)
                        .unwrap_or_default();
                    out.insert(
                        path,
                        Facts {
                            kind: format!(
                                "{kind}{}{}{}",
                                if field.required { " required" } else { "" },
                                if field.nullable { " nullable" } else { "" },
                                field
                                    .alias_of
                                    .as_ref()
                                    .map_or(String::new(), |alias| format!(" alias-of {alias}")),
                            ),
                            constraints: field.constraints.clone(),
                        },
                    );
                }
                if let Some(additional) = &def.additional {
                    flatten(service, additional, &format!("{at}{{}}"), out);
                }
            }
            Some(TypeDef::Enum(def)) => {
                let mut values: Vec<&str> = def.variants.iter().map(|v| v.value.as_str()).collect();
                values.sort_unstable();
                out.insert(at.to_owned(), plain(format!("enum({})", values.join("|"))));
            }
            Some(TypeDef::Union(def)) => {
                let variants: Vec<String> = def
                    .variants
                    .iter()
                    .map(|(_, ty)| {
                        let mut inner = BTreeMap::new();
                        flatten(service, ty, "", &mut inner);
                        format!("{inner:?}")
                    })
                    .collect();
                out.insert(
                    at.to_owned(),
                    plain(format!("one-of({})", variants.join("|"))),
                );
            }
            Some(TypeDef::Alias(def)) => flatten(service, &def.target, at, out),
            None => {
                out.insert(at.to_owned(), plain(format!("?{name}")));
            }
        },
        other => {
            out.insert(at.to_owned(), plain(format!("{other:?}")));
        }
    }
}

fn shape(service: &Service, ty: &TypeRef) -> BTreeMap<String, Facts> {
    let mut out = BTreeMap::new();
    flatten(service, ty, "", &mut out);
    out
}

/// Every example value of the operation, by where it is attached.
fn compare_examples(
    hand: &serde_json::Value,
    ours: &serde_json::Value,
    pointer: &str,
    out: &mut Vec<Difference>,
) {
    let collect = |tree: &serde_json::Value| -> BTreeMap<String, Vec<String>> {
        let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let Some(operation) = tree.pointer(pointer) else {
            return found;
        };
        let mut places = vec![(
            "request".to_owned(),
            operation.pointer("/requestBody/content/application~1json/examples"),
        )];
        if let Some(responses) = operation.get("responses").and_then(|r| r.as_object()) {
            for (status, response) in responses {
                places.push((
                    status.clone(),
                    response.pointer("/content/application~1json/examples"),
                ));
            }
        }
        for (place, examples) in places {
            let mut values: Vec<String> = examples
                .and_then(|examples| examples.as_object())
                .map(|examples| {
                    examples
                        .values()
                        .map(|example| example["value"].to_string())
                        .collect()
                })
                .unwrap_or_default();
            values.sort();
            if !values.is_empty() {
                found.insert(place, values);
            }
        }
        found
    };
    let (hand, ours) = (collect(hand), collect(ours));
    if hand != ours {
        out.push(Difference {
            text: format!("examples: spec {hand:?}\n  transcript {ours:?}"),
            spec_only_constraint: false,
        });
    }
}

/// Transcribe a page and check the measurement: no unrecorded difference other than
/// exactly `silent` constraints that only the spec has. Prints the figures (run with
/// `--nocapture` to see them; README.md quotes them).
fn check(service: &str, page: &str, silent: usize) {
    let differences = measure(service, page);
    let (notes, unrecorded): (Vec<&Difference>, Vec<&Difference>) = differences
        .iter()
        .partition(|difference| difference.spec_only_constraint);
    println!(
        "{page}: {} unrecorded difference(s) of other kinds, {} constraint(s) only the spec has",
        unrecorded.len(),
        notes.len()
    );
    let list = |items: &[&Difference]| {
        items
            .iter()
            .map(|difference| format!("  {}", difference.text))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        unrecorded.is_empty(),
        "{page}: {} unrecorded difference(s):\n{}",
        unrecorded.len(),
        list(&unrecorded)
    );
    assert_eq!(
        notes.len(),
        silent,
        "{page}: constraints only the spec states:\n{}",
        list(&notes)
    );
}

#[test]
fn aom_list_workflow_executions() {
    check("aom", "aom-list-workflow-executions.zh.txt", 0);
}

#[test]
fn coc_show_script_job_order() {
    check("coc", "coc-show-script-job-order.zh.txt", 0);
}

/// The page states the 10- and 20-character limits of `CustomAttribute.key` and
/// `.value` only in the prose of the parent row (`The length of the key is 10.`).
#[test]
fn coc_show_script_job_batch() {
    check("coc", "coc-show-script-job-batch.en.txt", 0);
}

#[test]
fn secmaster_show_playbook_instance() {
    check("secmaster", "secmaster-show-playbook-instance.zh.txt", 0);
}

#[test]
fn secmaster_operate_playbook_instance() {
    check("secmaster", "secmaster-operate-playbook-instance.en.txt", 0);
}
