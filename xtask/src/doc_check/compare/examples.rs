//! Documented examples of the request and of each status the page documents: the same
//! JSON value is the same example whatever its name or caption; the others are
//! changed (paired in order, with where they differ), added or removed.

use std::collections::BTreeSet;

use huaweicloud_sdk_codegen::document::{
    Aspect, Document, Node, content_examples, pointer_segment,
};
use huaweicloud_sdk_codegen::page::Group;
use serde_json::Value;

use super::{At, Comparison, Difference};
use crate::doc_check::finding::{Finding, Verdict};
use crate::doc_check::verdict::Around;

/// How many differences of one example a finding lists.
const DETAILS: usize = 12;

/// An example of one side: its name, node and value.
struct Example<'a> {
    name: String,
    node: Node<'a>,
    value: Value,
    summary: String,
}

/// The examples of a body holder (request body or response), in order.
fn examples<'a>(holder: Option<&Node<'a>>) -> Vec<Example<'a>> {
    let Some(content) = holder.and_then(|holder| holder.get("content")) else {
        return Vec::new();
    };
    content_examples(&content)
        .into_iter()
        .filter_map(|example| {
            Some(Example {
                value: example.value?.value.clone(),
                summary: example.node.str("summary").unwrap_or_default().to_owned(),
                name: example.name,
                node: example.node,
            })
        })
        .collect()
}

impl<'a> Comparison<'a> {
    pub(super) fn examples(&mut self) {
        let mut groups = vec![Group::Request];
        if let Some(responses) = self.page_operation.get("responses") {
            groups.extend(
                responses
                    .entries()
                    .into_iter()
                    .map(|(status, _)| Group::Response(status)),
            );
        }
        for group in groups {
            let page_holder = holder(&self.page.document, &self.page_operation, &group);
            let spec_holder = holder(&self.spec.document, &self.spec_operation, &group);
            self.unreadable_examples(&group);
            self.compare_examples(&group, page_holder.as_ref(), spec_holder.as_ref());
        }
    }

    /// The page's examples that are not JSON: not compared, said so.
    fn unreadable_examples(&mut self, group: &Group) {
        let subject = subject(group);
        for example in &self.page.page.examples {
            let (true, Err(error)) = (&example.group == group, &example.value) else {
                continue;
            };
            self.findings.push(Finding::new(
                subject.clone(),
                None,
                Some(example.line),
                Aspect::Example,
                format!(
                    "the page's example \"{}\" is {error}; not compared",
                    example.caption
                ),
                Verdict::Note,
            ));
        }
    }

    fn compare_examples(
        &mut self,
        group: &Group,
        page_holder: Option<&Node<'a>>,
        spec_holder: Option<&Node<'a>>,
    ) {
        let page_examples = examples(page_holder);
        let spec_examples = examples(spec_holder);
        let mut spec_used = vec![false; spec_examples.len()];
        let mut page_left = Vec::new();
        for example in &page_examples {
            let same = spec_examples
                .iter()
                .enumerate()
                .position(|(index, spec)| !spec_used[index] && spec.value == example.value);
            match same {
                Some(index) => {
                    spec_used[index] = true;
                    self.agreeing += 1;
                }
                None => page_left.push(example),
            }
        }
        let mut spec_left = spec_examples
            .iter()
            .enumerate()
            .filter(|(index, _)| !spec_used[*index])
            .map(|(_, example)| example);
        let parents: Vec<Node<'a>> = spec_holder
            .into_iter()
            .cloned()
            .chain([self.spec_operation.clone()])
            .collect();
        let at = |page: Option<&Example<'_>>,
                  spec: Option<&Example<'a>>,
                  holder: Option<&Node<'a>>| At {
            subject: subject(group),
            page: page.map(|example| example.node.pointer.clone()),
            spec: spec
                .map(|example| example.node.pointer.clone())
                .or_else(|| holder.map(|holder| holder.pointer.clone())),
            around: Around {
                own: spec
                    .map(|example| example.node.clone())
                    .into_iter()
                    .collect(),
                parents: parents.clone(),
                name: None,
            },
        };
        for example in page_left {
            let caption = &example.summary;
            match spec_left.next() {
                Some(spec) => {
                    let mut details = Vec::new();
                    json_diff(&example.value, &spec.value, "", &mut details);
                    let total = details.len();
                    details.truncate(DETAILS);
                    if total > details.len() {
                        details.push(format!("... and {} more", total - details.len()));
                    }
                    let difference = Difference::new(
                        Aspect::Example,
                        format!(
                            "changed: the page's example \"{caption}\" differs from the spec's example `{}`",
                            spec.name
                        ),
                    );
                    let at = at(Some(example), Some(spec), spec_holder);
                    self.record(&at, difference, Verdict::Drift, details);
                }
                None => {
                    let difference = Difference::new(
                        Aspect::Example,
                        format!("added: the page's example \"{caption}\" is not in the spec"),
                    )
                    .sides(Some(short(&example.value, 100)), None);
                    let at = at(Some(example), None, spec_holder);
                    self.drift(&at, difference);
                }
            }
        }
        for spec in spec_left {
            let difference = Difference::new(
                Aspect::Example,
                format!(
                    "removed: the spec's example `{}` is not on the page",
                    spec.name
                ),
            )
            .sides(None, Some(short(&spec.value, 100)));
            let at = at(None, Some(spec), spec_holder);
            self.drift(&at, difference);
        }
    }
}

/// The request body or the response that holds a group's examples.
fn holder<'a>(document: &'a Document, operation: &Node<'a>, group: &Group) -> Option<Node<'a>> {
    let node = match group {
        Group::Request => operation.get("requestBody")?,
        Group::Response(status) => operation.get("responses")?.get(status)?,
    };
    Some(document.resolve(&node).0)
}

fn subject(group: &Group) -> String {
    match group {
        Group::Request => "request example".to_owned(),
        Group::Response(status) => format!("response {status} example"),
    }
}

fn short(value: &Value, limit: usize) -> String {
    let text = value.to_string();
    if text.chars().count() <= limit {
        text
    } else {
        format!("{}...", text.chars().take(limit).collect::<String>())
    }
}

/// Where two JSON values differ, as `pointer: ...` lines.
fn json_diff(page: &Value, spec: &Value, pointer: &str, out: &mut Vec<String>) {
    let one_side = |pointer: &str,
                    page: Option<&Value>,
                    spec: Option<&Value>,
                    out: &mut Vec<String>| match (page, spec) {
        (Some(page), Some(spec)) => json_diff(page, spec, pointer, out),
        (Some(page), None) => {
            out.push(format!("{pointer}: only on the page ({})", short(page, 60)))
        }
        (None, Some(spec)) => {
            out.push(format!("{pointer}: only in the spec ({})", short(spec, 60)))
        }
        (None, None) => {}
    };
    match (page, spec) {
        (Value::Object(page), Value::Object(spec)) => {
            let keys: BTreeSet<&String> = page.keys().chain(spec.keys()).collect();
            for key in keys {
                let child = format!("{pointer}/{}", pointer_segment(key));
                one_side(&child, page.get(key), spec.get(key), out);
            }
        }
        (Value::Array(page), Value::Array(spec)) => {
            for index in 0..page.len().max(spec.len()) {
                let child = format!("{pointer}/{index}");
                one_side(&child, page.get(index), spec.get(index), out);
            }
        }
        (page, spec) if page != spec => {
            let at = if pointer.is_empty() { "/" } else { pointer };
            out.push(format!(
                "{at}: page {}, spec {}",
                short(page, 60),
                short(spec, 60)
            ))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_differences_name_their_pointers() {
        let mut out = Vec::new();
        json_diff(
            &json!({"a": 1, "b": [1, 2], "c": "x"}),
            &json!({"a": 2, "b": [1], "d": true}),
            "",
            &mut out,
        );
        assert_eq!(
            out,
            [
                "/a: page 1, spec 2",
                "/b/1: only on the page (2)",
                "/c: only on the page (\"x\")",
                "/d: only in the spec (true)",
            ]
        );
    }
}
