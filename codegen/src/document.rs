//! A spec as a JSON document, for the tools that read nodes the IR does not keep
//! (`lint`, `doc-check`, the workspace tests): nodes by JSON pointer, `$ref`s followed, the
//! operations and their documented examples, the deviations recorded on nodes, and the
//! escaping of pointer segments. The generator's lowering reads its examples here too.

mod deviation;

use serde_json::Value;

pub use deviation::{Aspect, Deviation};

use crate::SpecInput;
use crate::error::{Locator, SpecError};

/// The HTTP methods an OpenAPI path item may hold operations under, in the order they are
/// listed.
pub const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head"];

/// Escape one path segment for a JSON pointer (RFC 6901).
pub fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The text of one escaped JSON pointer segment.
pub fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// A whole spec document.
#[derive(Debug, Clone)]
pub struct Document {
    root: Value,
}

/// A node of a document and its JSON pointer.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// The node.
    pub value: &'a Value,
    /// Its JSON pointer (`""` for the root).
    pub pointer: String,
}

/// One operation of a document.
#[derive(Debug, Clone)]
pub struct OperationNode<'a> {
    /// The path template (`/v1/jobs/{id}`).
    pub path: &'a str,
    /// The method as the spec writes it (`get`).
    pub method: &'static str,
    /// The operation object.
    pub node: Node<'a>,
}

/// Which body of an operation an example shows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// The request body.
    Request,
    /// The body of the response with this status (`200`, `default`).
    Response(String),
}

impl Part {
    /// `request`, or the status.
    pub fn as_str(&self) -> &str {
        match self {
            Part::Request => "request",
            Part::Response(status) => status,
        }
    }
}

/// A documented example of a body.
#[derive(Debug, Clone)]
pub struct DocumentedExample<'a> {
    /// The media type it is given under (`application/json`).
    pub media_type: String,
    /// Its key under `examples`, or `example` for the single-example form.
    pub name: String,
    /// The example object (the value itself for the single-example form): where a
    /// deviation about the example is recorded.
    pub node: Node<'a>,
    /// The example's JSON; `None` when a named example has no inline `value`.
    pub value: Option<Node<'a>>,
    /// A named example with an `x-doc-deviation`: the page printed it against its own
    /// table, it is kept as printed, and no type is checked or tested against it.
    pub kept_as_printed: bool,
}

impl Document {
    /// A document from its JSON tree.
    pub fn new(root: Value) -> Document {
        Document { root }
    }

    /// Read spec text (YAML or JSON) as a document, without checking it is OpenAPI.
    pub fn parse(input: &SpecInput<'_>) -> Result<Document, SpecError> {
        let locator = Locator::new(input.path);
        let parsed = crate::parse::parse(&locator, input.text)?;
        Ok(Document::new(parsed.raw))
    }

    /// The JSON tree.
    pub fn value(&self) -> &Value {
        &self.root
    }

    /// The root node.
    pub fn root(&self) -> Node<'_> {
        Node {
            value: &self.root,
            pointer: String::new(),
        }
    }

    /// The node at a JSON pointer.
    pub fn node(&self, pointer: &str) -> Option<Node<'_>> {
        Some(Node {
            value: self.root.pointer(pointer)?,
            pointer: pointer.to_owned(),
        })
    }

    /// Follow local `$ref`s: the node a node stands for, and the name of the last
    /// component on the way (`ExecutionInstance`).
    pub fn resolve<'a>(&'a self, node: &Node<'a>) -> (Node<'a>, Option<String>) {
        let mut node = node.clone();
        let mut name = None;
        // A bound, so that a cycle of references cannot hang a tool.
        for _ in 0..16 {
            let Some(pointer) = node.str("$ref").and_then(|r| r.strip_prefix('#')) else {
                break;
            };
            let Some(target) = self.node(pointer) else {
                break;
            };
            name = pointer.rsplit('/').next().map(unescape_segment);
            node = target;
        }
        (node, name)
    }

    /// The operations, in document order (paths, then [`METHODS`]).
    pub fn operations(&self) -> Vec<OperationNode<'_>> {
        let mut operations = Vec::new();
        let Some(paths) = self.root().get("paths") else {
            return operations;
        };
        let Some(map) = paths.value.as_object() else {
            return operations;
        };
        for (path, item) in map {
            let item = Node {
                value: item,
                pointer: format!("{}/{}", paths.pointer, pointer_segment(path)),
            };
            for method in METHODS {
                if let Some(node) = item.get(method) {
                    operations.push(OperationNode { path, method, node });
                }
            }
        }
        operations
    }

    /// Every example an operation documents, request body first, then each response in
    /// the spec's order.
    pub fn operation_examples<'a>(
        &'a self,
        operation: &Node<'a>,
    ) -> Vec<(Part, DocumentedExample<'a>)> {
        let mut found = Vec::new();
        for (part, holder) in self.bodies(operation) {
            if let Some(content) = holder.get("content") {
                found.extend(
                    content_examples(&content)
                        .into_iter()
                        .map(|example| (part.clone(), example)),
                );
            }
        }
        found
    }

    /// The request body and the responses of an operation, `$ref`s followed.
    pub fn bodies<'a>(&'a self, operation: &Node<'a>) -> Vec<(Part, Node<'a>)> {
        let mut bodies = Vec::new();
        if let Some(body) = operation.get("requestBody") {
            bodies.push((Part::Request, self.resolve(&body).0));
        }
        if let Some(responses) = operation.get("responses") {
            for (status, response) in responses.entries() {
                bodies.push((Part::Response(status), self.resolve(&response).0));
            }
        }
        bodies
    }

    /// The properties of an object schema, in the spec's key order.
    pub fn properties<'a>(&'a self, schema: &Node<'a>) -> Vec<(String, Node<'a>)> {
        let (schema, _) = self.resolve(schema);
        schema
            .get("properties")
            .map(|properties| properties.entries())
            .unwrap_or_default()
    }

    /// The `required` list of an object schema.
    pub fn required(&self, schema: &Node<'_>) -> Vec<String> {
        let (schema, _) = self.resolve(schema);
        schema
            .value
            .get("required")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The examples of a content map (`{media type: {example | examples}}`), in its order.
pub fn content_examples<'a>(content: &Node<'a>) -> Vec<DocumentedExample<'a>> {
    let mut found = Vec::new();
    for (media_type, media) in content.entries() {
        if let Some(examples) = media.get("examples") {
            for (name, example) in examples.entries() {
                found.push(DocumentedExample {
                    media_type: media_type.clone(),
                    name,
                    value: example.get("value"),
                    kept_as_printed: example.get(deviation::KEY).is_some(),
                    node: example,
                });
            }
        }
        if let Some(example) = media.get("example") {
            found.push(DocumentedExample {
                media_type: media_type.clone(),
                name: "example".to_owned(),
                value: Some(example.clone()),
                kept_as_printed: false,
                node: example,
            });
        }
    }
    found
}

impl<'a> Node<'a> {
    /// A child by key.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        Some(Node {
            value: self.value.get(key)?,
            pointer: format!("{}/{}", self.pointer, pointer_segment(key)),
        })
    }

    /// The children of an object, by key, in document order.
    pub fn entries(&self) -> Vec<(String, Node<'a>)> {
        let Some(map) = self.value.as_object() else {
            return Vec::new();
        };
        map.iter()
            .map(|(key, value)| {
                let pointer = format!("{}/{}", self.pointer, pointer_segment(key));
                (key.clone(), Node { value, pointer })
            })
            .collect()
    }

    /// The elements of an array.
    pub fn items(&self) -> Vec<Node<'a>> {
        let Some(items) = self.value.as_array() else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .map(|(index, value)| Node {
                value,
                pointer: format!("{}/{index}", self.pointer),
            })
            .collect()
    }

    /// A string child.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.value.get(key).and_then(Value::as_str)
    }

    /// The node's `x-doc-deviation`: `None` without one, an error naming what is wrong
    /// with a malformed one.
    pub fn deviation(&self) -> Option<Result<Deviation<'a>, String>> {
        self.value.get(deviation::KEY).map(Deviation::read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_segments_escape_slash_and_tilde() {
        assert_eq!(pointer_segment("/v1/{id}"), "~1v1~1{id}");
        assert_eq!(pointer_segment("a~b"), "a~0b");
        assert_eq!(unescape_segment("~1v1~1a~0b"), "/v1/a~b");
    }

    #[test]
    fn refs_resolve_to_the_component_and_its_name() {
        let document = Document::new(serde_json::json!({
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"type": "string"},
                "Loop": {"$ref": "#/components/schemas/Loop"}
            }},
            "x": {"$ref": "#/components/schemas/A"}
        }));
        let (node, name) = document.resolve(&document.node("/x").unwrap());
        assert_eq!(node.pointer, "/components/schemas/B");
        assert_eq!(name.as_deref(), Some("B"));
        let (node, _) = document.resolve(&document.node("/components/schemas/Loop").unwrap());
        assert_eq!(node.pointer, "/components/schemas/Loop");
    }

    #[test]
    fn an_operation_lists_its_examples_by_part() {
        let document = Document::new(serde_json::json!({"paths": {"/v1/a/{id}": {
            "post": {
                "requestBody": {"content": {"application/json": {"example": {"a": 1}}}},
                "responses": {
                    "200": {"content": {"application/json": {"examples": {
                        "first": {"value": [1]}, "second": {"summary": "no value"}
                    }}}},
                    "204": {"description": "none"}
                }
            }
        }}}));
        let operations = document.operations();
        assert_eq!(operations.len(), 1);
        assert_eq!(operations[0].node.pointer, "/paths/~1v1~1a~1{id}/post");
        let examples = document.operation_examples(&operations[0].node);
        let listed: Vec<(String, String, Option<String>)> = examples
            .iter()
            .map(|(part, example)| {
                (
                    part.as_str().to_owned(),
                    example.name.clone(),
                    example.value.as_ref().map(|value| value.pointer.clone()),
                )
            })
            .collect();
        let base = "/paths/~1v1~1a~1{id}/post";
        assert_eq!(
            listed,
            [
                (
                    "request".to_owned(),
                    "example".to_owned(),
                    Some(format!(
                        "{base}/requestBody/content/application~1json/example"
                    ))
                ),
                (
                    "200".to_owned(),
                    "first".to_owned(),
                    Some(format!(
                        "{base}/responses/200/content/application~1json/examples/first/value"
                    ))
                ),
                ("200".to_owned(), "second".to_owned(), None),
            ]
        );
    }
}
