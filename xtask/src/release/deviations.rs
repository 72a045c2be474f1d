//! The `x-doc-deviation`s of a spec that a release adds or removes: where the crate stops
//! or starts following the service rather than its API reference page.

use std::collections::BTreeMap;

use huaweicloud_sdk_codegen::document::{pointer_segment, unescape_segment};
use serde_json::Value;

/// Lines for the changelog: each deviation added, removed or reworded between the spec
/// trees `old` and `new`, named by the operation or schema it sits on.
pub fn changes(old: &Value, new: &Value) -> Vec<String> {
    let (before, after) = (deviations(old), deviations(new));
    let mut lines = Vec::new();
    for (pointer, reason) in &after {
        match before.get(pointer) {
            None => lines.push(format!("{}: {reason}", place(new, pointer))),
            Some(old_reason) if old_reason != reason => {
                lines.push(format!("{} (reworded): {reason}", place(new, pointer)));
            }
            Some(_) => {}
        }
    }
    for pointer in before
        .keys()
        .filter(|pointer| !after.contains_key(*pointer))
    {
        lines.push(format!(
            "{}: no longer deviates; follows the page",
            place(old, pointer)
        ));
    }
    lines
}

/// Every deviation's reason by the JSON pointer of the node that carries it.
fn deviations(tree: &Value) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    walk(tree, String::new(), &mut found);
    found
}

fn walk(node: &Value, pointer: String, found: &mut BTreeMap<String, String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "x-doc-deviation" {
                    let reason = value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_owned);
                    found.insert(pointer.clone(), reason);
                } else {
                    walk(value, format!("{pointer}/{}", pointer_segment(key)), found);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// Where the node at `pointer` is, as a reader of the spec names it: `operation
/// ListThings, parameter limit`, `schema Thing, property name`, else the pointer.
fn place(tree: &Value, pointer: &str) -> String {
    let segments: Vec<String> = pointer.split('/').skip(1).map(unescape_segment).collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let node = |upto: usize| {
        tree.pointer(&segments[..upto].iter().fold(String::new(), |acc, s| {
            format!("{acc}/{}", pointer_segment(s))
        }))
    };
    let mut words = match segments.as_slice() {
        ["components", "schemas", schema, rest @ ..] => {
            let mut words = format!("schema `{schema}`");
            if let ["properties", property, ..] = rest {
                words.push_str(&format!(", property `{property}`"));
            }
            words
        }
        ["paths", path, method, rest @ ..] => {
            let id = node(3)
                .and_then(|operation| operation.get("operationId"))
                .and_then(Value::as_str)
                .map_or_else(|| format!("{method} {path}"), str::to_owned);
            let mut words = format!("operation `{id}`");
            match rest {
                ["parameters", _, ..] => {
                    if let Some(name) = node(5).and_then(|p| p.get("name")).and_then(Value::as_str)
                    {
                        words.push_str(&format!(", parameter `{name}`"));
                    }
                }
                ["responses", status, ..] => words.push_str(&format!(", response {status}")),
                ["requestBody", ..] => words.push_str(", request body"),
                _ => {}
            }
            words
        }
        ["paths", path] => format!("path `{path}`"),
        _ => format!("`#{pointer}`"),
    };
    words.push_str(&format!(" (`#{pointer}`)"));
    words
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn added_removed_and_reworded_deviations_are_named_by_their_place() {
        let old = json!({
            "paths": {"/v1/things": {"get": {"operationId": "ListThings", "parameters": [
                {"name": "limit", "x-doc-deviation": "Page says 1-100; the service takes 500."}
            ]}}},
            "components": {"schemas": {"Thing": {"properties": {"id": {"x-doc-deviation": "old"}}}}}
        });
        let new = json!({
            "paths": {"/v1/things": {"get": {"operationId": "ListThings", "parameters": [{"name": "limit"}]}}},
            "components": {"schemas": {"Thing": {"properties": {"id": {"x-doc-deviation": "new"}}}}}
        });
        assert_eq!(
            changes(&old, &new),
            [
                "schema `Thing`, property `id` (`#/components/schemas/Thing/properties/id`) (reworded): new",
                "operation `ListThings`, parameter `limit` (`#/paths/~1v1~1things/get/parameters/0`): no longer deviates; follows the page"
            ]
        );
    }
}
