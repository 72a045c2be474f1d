//! The page's examples against the schemas its tables gave: what only the example
//! shows, what it types otherwise, a second spelling, an envelope the table leaves
//! out, an enum value the table does not list. Each becomes the reading that decodes
//! both, plus a deviation on the node that says so (decided by rule: no `REVIEW:`).

use serde_json::Value;

use crate::document::unescape_segment;
use crate::naming;
use crate::page::Group;
use crate::yaml::Node;

use super::build::{Builder, Map};
use super::{PageError, entry, segment, string};

/// Check every example of the page against the transcript in `builder.root`.
pub fn check(builder: &mut Builder<'_>, operation: &str) -> Result<(), PageError> {
    let examples: Vec<(Group, Value, usize)> = builder_examples(builder);
    for (group, value, line) in examples {
        let schema = match &group {
            Group::Request => format!("{operation}/requestBody/content/application~1json/schema"),
            Group::Response(status) => format!(
                "{operation}/responses/{}/content/application~1json/schema",
                segment(status)
            ),
        };
        // Error bodies are read by the client's error type, whatever the page shows.
        let success = match &group {
            Group::Request => true,
            Group::Response(status) => status.starts_with('2'),
        };
        let mut walk = Walk {
            root: &mut builder.root,
            node_lines: &mut builder.node_lines,
            line,
            success,
        };
        walk.envelope(&schema, &value);
        walk.value(&schema, &value, 0);
    }
    Ok(())
}

fn builder_examples(builder: &Builder<'_>) -> Vec<(Group, Value, usize)> {
    builder
        .page()
        .examples
        .iter()
        .filter_map(|example| {
            let value = example.value.as_ref().ok()?.clone();
            Some((example.group.clone(), value, example.line))
        })
        .collect()
}

struct Walk<'a> {
    root: &'a mut Node,
    /// The builder's page line of each node, kept in step when nodes move.
    node_lines: &'a mut std::collections::BTreeMap<String, usize>,
    line: usize,
    /// Whether the example is a request's or a success reply's.
    success: bool,
}

impl Walk<'_> {
    /// The pointer of the schema `pointer` names, `$ref`s followed.
    fn resolve(&self, pointer: &str) -> Option<String> {
        let mut pointer = pointer.to_owned();
        for _ in 0..16 {
            let node = pointer_get(self.root, &pointer)?;
            match get(node, "$ref") {
                Some(Node::String(target)) => {
                    pointer = target.trim_start_matches('#').to_owned();
                }
                _ => return Some(pointer),
            }
        }
        None
    }

    /// Record on the node how the example and the table were reconciled. Every rule
    /// here keeps what either shows decodable (the example's fields, both spellings,
    /// both types, the envelope), so it is decided, not left to review; the deviation
    /// keeps the page's line for the reader.
    fn review(&mut self, pointer: &str, message: String) {
        let Some(Node::Map(map)) = pointer_mut(self.root, pointer) else {
            return;
        };
        let already = map.iter().any(|(key, value)| {
            key == "x-doc-deviation"
                && matches!(value, Node::String(text) if text.contains(&message))
        });
        if !already {
            add_deviation(map, &super::build::capitalised(&message));
        }
    }

    /// `{"data": {...}}` where the table describes what is inside `data`: wrap the
    /// body's component in an object with that one property.
    fn envelope(&mut self, schema: &str, value: &Value) {
        let Some(resolved) = self.resolve(schema) else {
            return;
        };
        let Value::Object(object) = value else {
            return;
        };
        let properties = property_names(self.root, &resolved);
        if object.len() != 1 || properties.is_empty() {
            return;
        }
        let Some((key, inner)) = object.iter().next() else {
            return;
        };
        if properties.contains(key) {
            return;
        }
        let inner_keys: Vec<&String> = match inner {
            Value::Object(inner) => inner.keys().collect(),
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_object)
                .flat_map(|item| item.keys())
                .collect(),
            _ => return,
        };
        if !inner_keys.iter().any(|key| properties.contains(key)) {
            return;
        }
        let Some(name) = resolved.strip_prefix("/components/schemas/") else {
            return;
        };
        let name = unescape_segment(name);
        let inner_name = format!("{name}{}", naming::type_name(key));
        let Some(Node::Map(schemas)) = pointer_mut(self.root, "/components/schemas") else {
            return;
        };
        let Some(index) = schemas.iter().position(|(existing, _)| existing == &name) else {
            return;
        };
        let table_schema = schemas[index].1.clone();
        let reference = entry(
            "$ref",
            string(&format!("#/components/schemas/{inner_name}")),
        );
        let description = entry(
            "description",
            string(&format!(
                "What the table describes, in the example's `{key}`."
            )),
        );
        let property = if inner.is_array() {
            Node::Map(vec![
                entry("type", string("array")),
                description,
                entry("items", Node::Map(vec![reference])),
            ])
        } else {
            Node::Map(vec![reference, description])
        };
        schemas[index].1 = Node::Map(vec![
            entry("type", string("object")),
            entry(
                "description",
                string(&format!("The `{key}` envelope of {name}.")),
            ),
            entry("properties", Node::Map(vec![entry(key, property)])),
        ]);
        // The table's rows now describe the inner component; the envelope is the
        // example's.
        let (from, to) = (
            format!("/components/schemas/{}", segment(&name)),
            format!("/components/schemas/{}", segment(&inner_name)),
        );
        let moved: Vec<(String, usize)> = self
            .node_lines
            .iter()
            .filter(|(pointer, _)| **pointer == from || pointer.starts_with(&format!("{from}/")))
            .map(|(pointer, line)| (pointer.clone(), *line))
            .collect();
        for (pointer, line) in moved {
            self.node_lines.remove(&pointer);
            self.node_lines
                .insert(format!("{to}{}", &pointer[from.len()..]), line);
        }
        self.node_lines
            .insert(format!("{from}/properties/{}", segment(key)), self.line);
        schemas.insert(index + 1, (inner_name, table_schema));
        self.review(
            &resolved,
            format!("the example (line {}) wraps the body in `{key}`, which the table does not show; the envelope is written.", self.line),
        );
    }

    fn value(&mut self, schema: &str, value: &Value, depth: usize) {
        if depth > 32 {
            return;
        }
        let Some(resolved) = self.resolve(schema) else {
            return;
        };
        let Some(node) = pointer_get(self.root, &resolved) else {
            return;
        };
        let ty = match get(node, "type") {
            Some(Node::String(ty)) => ty.clone(),
            _ => return,
        };
        match (ty.as_str(), value) {
            (_, Value::Null) => {}
            ("object", Value::Object(object)) => {
                if get(node, "properties").is_none() {
                    // An object row with no table whose description names the keys the
                    // example shows (EVS quotas: `键值对，包含：reserved（预留）、limit（最大）
                    // 和in_use（已使用）`) has those fields. One that does not name them is
                    // left free-form: it may be a map (`metadata`, "see the metadata
                    // table", whose example shows `key1`). Two spellings of one field
                    // must keep one type while each example shows its own keys: such a
                    // pair stays free-form too.
                    // A body with no table at all (ECS `请参考响应（任务类）`: the fields
                    // are on a shared page) has the fields its example shows.
                    // A key that is no field name (`云服务器所在网络名称`) stands for
                    // the keys of a map.
                    let field_names = object.keys().all(|key| {
                        key.chars().all(|c| {
                            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')
                        })
                    });
                    let body = depth == 0 && self.success && !object.is_empty() && field_names;
                    if !self.free_form(&resolved)
                        || !(body || describes_every_key(node, object))
                        || self.has_alias(&resolved)
                    {
                        return;
                    }
                    if let Some(Node::Map(map)) = pointer_mut(self.root, &resolved) {
                        map.push(entry("properties", Node::Map(Vec::new())));
                    }
                    let message = if body {
                        format!(
                            "the page gives the body no table; the example (line {}) shows its fields, and they are typed from it.",
                            self.line
                        )
                    } else {
                        format!(
                            "the table gives it no fields but its description names them; the example (line {}) shows them, and they are typed from it.",
                            self.line
                        )
                    };
                    self.review(&resolved, message);
                }
                for (key, field) in object {
                    let properties = format!("{resolved}/properties");
                    let own = format!("{properties}/{}", segment(key));
                    if pointer_get(self.root, &own).is_none() {
                        self.add_property(&resolved, key, field);
                    }
                    if field.is_null()
                        && let Some(Node::Map(map)) = pointer_mut(self.root, &own)
                        && !map.iter().any(|(k, _)| k == "$ref" || k == "nullable")
                    {
                        map.push(entry("nullable", Node::Bool(true)));
                    }
                    self.value(&own, field, depth + 1);
                }
            }
            ("array", Value::Array(items)) => {
                let items_pointer = format!("{resolved}/items");
                if items.iter().any(Value::is_object) && self.free_form(&items_pointer) {
                    // `Array of objects` with no table for them (`具体参照表3接口`, a
                    // table of another page): the example's items give the fields.
                    if let Some(Node::Map(map)) = pointer_mut(self.root, &items_pointer) {
                        map.push(entry("properties", Node::Map(Vec::new())));
                    }
                    self.review(
                        &resolved,
                        format!("the table gives the items no fields; the example's items (line {}) do, and they are typed from it.", self.line),
                    );
                }
                for item in items {
                    self.value(&items_pointer, item, depth + 1);
                }
            }
            ("string", Value::String(text)) => {
                let listed: Option<Vec<String>> = match get(node, "enum") {
                    Some(Node::Seq(values)) => Some(
                        values
                            .iter()
                            .filter_map(|value| match value {
                                Node::String(text) => Some(text.clone()),
                                _ => None,
                            })
                            .collect(),
                    ),
                    _ => None,
                };
                if let Some(listed) = listed
                    && !listed.contains(text)
                {
                    if let Some(Node::Seq(values)) =
                        pointer_mut(self.root, &format!("{resolved}/enum"))
                    {
                        values.push(string(text));
                    }
                    self.review(
                        &resolved,
                        format!("the example (line {}) has the value `{text}`, which the description does not list; it is added to the enumeration.", self.line),
                    );
                }
            }
            ("integer", Value::Number(number))
                if matches!(get(node, "format"), Some(Node::String(format)) if format == "int32")
                    && number.as_i64().is_none_or(|n| i32::try_from(n).is_err()) =>
            {
                // `Integer` is int32 by convention; a value the example shows beyond it
                // would not decode (a millisecond timestamp), so the field is int64.
                if let Some(Node::Map(map)) = pointer_mut(self.root, &resolved) {
                    for (key, format) in map.iter_mut() {
                        if key == "format" {
                            *format = string("int64");
                        }
                    }
                }
                self.review(
                    &resolved,
                    format!("the table types it a 32-bit integer, the example (line {}) has {number}, which is larger; int64 is written.", self.line),
                );
            }
            ("integer" | "number", Value::Number(_)) | ("boolean", Value::Bool(_)) => {}
            ("integer", Value::String(_)) | ("string", Value::Number(_)) => {
                // A number written as a string or the other way round: accept both.
                if let Some(Node::Map(map)) = pointer_mut(self.root, &resolved) {
                    let description = get_map(map, "description").cloned();
                    let integer: Map = vec![
                        entry("type", string("integer")),
                        entry("format", string("int64")),
                    ];
                    *map = vec![];
                    if let Some(description) = description {
                        map.push(entry("description", description));
                    }
                    map.push(entry(
                        "oneOf",
                        Node::Seq(vec![
                            Node::Map(vec![entry("type", string("string"))]),
                            Node::Map(integer),
                        ]),
                    ));
                }
                self.review(
                    &resolved,
                    format!("the table types it {ty}, the example (line {}) sends a {}; a string or an integer is accepted.", self.line, json_kind(value)),
                );
            }
            (ty, value) => {
                self.review(
                    &resolved,
                    format!("the table types it {ty}, the example (line {}) has a {}; the table's type is kept.", self.line, json_kind(value)),
                );
            }
        }
    }

    /// Whether the property at `pointer` is a second spelling, or has one beside it.
    fn has_alias(&self, pointer: &str) -> bool {
        let Some((properties, name)) = pointer.rsplit_once("/properties/") else {
            return false;
        };
        let name = unescape_segment(name);
        let Some(Node::Map(siblings)) = pointer_get(self.root, &format!("{properties}/properties"))
        else {
            return false;
        };
        siblings.iter().any(|(sibling, schema)| {
            let alias_of = get(schema, "x-alias-of");
            (*sibling == name && alias_of.is_some())
                || matches!(alias_of, Some(Node::String(of)) if *of == name)
        })
    }

    /// An object schema that says nothing of its fields: no properties, no map values,
    /// no reference.
    fn free_form(&self, pointer: &str) -> bool {
        let Some(Node::Map(map)) = pointer_get(self.root, pointer) else {
            return false;
        };
        matches!(get_map(map, "type"), Some(Node::String(ty)) if ty == "object")
            && !map.iter().any(|(key, _)| {
                matches!(
                    key.as_str(),
                    "properties" | "additionalProperties" | "$ref" | "oneOf" | "allOf" | "anyOf"
                )
            })
    }

    /// A key only the example has: a second spelling of a property (an alias), or a
    /// field of its own, typed from the example.
    fn add_property(&mut self, object: &str, key: &str, value: &Value) {
        let properties = property_names(self.root, object);
        let canonical = properties
            .iter()
            .find(|name| same_spelling(name, key))
            .cloned();
        let properties_pointer = format!("{object}/properties");
        let (schema, message) = match &canonical {
            Some(canonical) => {
                let own = format!("{properties_pointer}/{}", segment(canonical));
                let mut schema = match pointer_get(self.root, &own) {
                    Some(Node::Map(map)) => map.clone(),
                    _ => Vec::new(),
                };
                schema.retain(|(key, _)| key != "x-doc-deviation");
                schema.push(entry("x-alias-of", string(canonical)));
                (
                    schema,
                    format!(
                        "the table says `{canonical}`, the example (line {}) says `{key}`; both spellings decode.",
                        self.line
                    ),
                )
            }
            None => (
                inferred(value),
                format!(
                    "`{key}` appears in the example (line {}) but in no table; typed from the example.",
                    self.line
                ),
            ),
        };
        if let Some(Node::Map(properties)) = pointer_mut(self.root, &properties_pointer) {
            properties.push(entry(key, Node::Map(schema)));
        }
        self.node_lines
            .insert(format!("{properties_pointer}/{}", segment(key)), self.line);
        self.review(&format!("{properties_pointer}/{}", segment(key)), message);
    }
}

/// A schema for an example value no table describes.
fn inferred(value: &Value) -> Map {
    let mut schema = match value {
        Value::String(_) => vec![entry("type", string("string"))],
        Value::Number(number) if number.is_i64() || number.is_u64() => vec![
            entry("type", string("integer")),
            entry("format", string("int64")),
        ],
        Value::Number(_) => vec![
            entry("type", string("number")),
            entry("format", string("double")),
        ],
        Value::Bool(_) => vec![entry("type", string("boolean"))],
        Value::Array(items) => {
            let items = items
                .first()
                .map_or_else(|| vec![entry("type", string("string"))], inferred);
            vec![
                entry("type", string("array")),
                entry("items", Node::Map(items)),
            ]
        }
        Value::Object(_) => vec![entry("type", string("object"))],
        Value::Null => vec![
            entry("type", string("string")),
            entry("nullable", Node::Bool(true)),
        ],
    };
    schema.insert(
        1,
        entry("description", string("Only in the page's example.")),
    );
    schema
}

/// `workflowEditTime` and `workflow_edit_time`; `create_by` and `created_by`.
fn same_spelling(table: &str, example: &str) -> bool {
    let (a, b) = (naming::field_name(table), naming::field_name(example));
    if a == b {
        return true;
    }
    a.len() >= 6 && b.len() >= 6 && edit_distance(&a, &b) <= 1
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn property_names(root: &Node, object: &str) -> Vec<String> {
    match pointer_get(root, &format!("{object}/properties")) {
        Some(Node::Map(entries)) => entries.iter().map(|(key, _)| key.clone()).collect(),
        _ => Vec::new(),
    }
}

/// Add a reason to a node's `x-doc-deviation`, after its description.
pub fn add_deviation(map: &mut Map, reason: &str) {
    if let Some((_, Node::String(existing))) =
        map.iter_mut().find(|(key, _)| key == "x-doc-deviation")
    {
        *existing = match existing.strip_prefix("REVIEW: ") {
            Some(rest) if reason.starts_with("REVIEW: ") => format!("{reason} {rest}"),
            _ if reason.starts_with("REVIEW: ") => format!("{reason} {existing}"),
            _ => format!("{existing} {reason}"),
        };
        return;
    }
    let at = map
        .iter()
        .position(|(key, _)| key == "description")
        .map_or(0, |index| index + 1);
    map.insert(at, entry("x-doc-deviation", string(reason)));
}

/// Whether `object` has keys and the schema's description names every one as a word.
fn describes_every_key(schema: &Node, object: &serde_json::Map<String, Value>) -> bool {
    let Some(Node::String(description)) = get(schema, "description") else {
        return false;
    };
    let word = |key: &str| {
        description.match_indices(key).any(|(at, _)| {
            let before = description[..at].chars().next_back();
            let after = description[at + key.len()..].chars().next();
            let part_of_name =
                |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            !part_of_name(before) && !part_of_name(after)
        })
    };
    !object.is_empty() && object.keys().all(|key| word(key))
}

fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match node {
        Node::Map(entries) => get_map(entries, key),
        _ => None,
    }
}

fn get_map<'n>(entries: &'n Map, key: &str) -> Option<&'n Node> {
    entries
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, value)| value)
}

/// The node at a JSON pointer.
pub fn pointer_get<'n>(node: &'n Node, pointer: &str) -> Option<&'n Node> {
    let mut node = node;
    for part in pointer.split('/').skip(1) {
        let part = unescape_segment(part);
        node = match node {
            Node::Map(entries) => get_map(entries, &part)?,
            Node::Seq(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The node at a JSON pointer, to change.
pub fn pointer_mut<'n>(node: &'n mut Node, pointer: &str) -> Option<&'n mut Node> {
    let mut node = node;
    for part in pointer.split('/').skip(1) {
        let part = unescape_segment(part);
        node = match node {
            Node::Map(entries) => entries
                .iter_mut()
                .find(|(key, _)| *key == part)
                .map(|(_, value)| value)?,
            Node::Seq(items) => items.get_mut(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}
