//! The spec side: a spec validated by the generator's own lowering (so `doc-check` reads
//! only specs that `codegen` accepts), and its raw tree for what the IR does not keep
//! (descriptions, constraints of fields, examples, `x-doc-deviation`, `x-alias-of`), and
//! readable names of its nodes.

use std::path::Path;

use huaweicloud_sdk_codegen::document::{Document, pointer_segment, unescape_segment};
use huaweicloud_sdk_codegen::{SpecInput, lower_with_tree};

/// A loaded spec.
#[derive(Debug)]
pub struct Spec {
    /// The spec's path as shown in reports (`specs/coc.yaml`).
    pub shown: String,
    /// The service: the spec's file stem (`coc`).
    pub service: String,
    /// The whole document.
    pub document: Document,
    /// Its operations.
    pub operations: Vec<Operation>,
}

/// One operation of a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template.
    pub path: String,
    /// JSON pointer of the operation object.
    pub pointer: String,
}

impl Spec {
    /// Read, validate (with the generator's lowering) and keep the raw tree of a spec.
    pub fn load(path: &Path, shown: &str) -> Result<Spec, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("reading {shown}: {e}"))?;
        let service_name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or("spec");
        Spec::from_text(service_name, shown, &text)
    }

    /// Validate (with the generator's lowering) and keep the raw tree of a spec's text.
    pub fn from_text(service_name: &str, shown: &str, text: &str) -> Result<Spec, String> {
        let (service, raw) = lower_with_tree(&SpecInput {
            service: service_name,
            path: shown,
            text,
        })
        .map_err(|e| e.to_string())?;
        let operations = service
            .operations
            .iter()
            .map(|operation| Operation {
                id: operation.id.clone(),
                method: operation.method.as_str().to_owned(),
                path: operation.path.clone(),
                pointer: format!(
                    "/paths/{}/{}",
                    pointer_segment(&operation.path),
                    operation.method.as_str().to_ascii_lowercase()
                ),
            })
            .collect();
        Ok(Spec {
            shown: shown.to_owned(),
            service: service_name.to_owned(),
            document: Document::new(raw),
            operations,
        })
    }

    /// The operation with this method and path template: `(operation, exact)`, where a
    /// non-exact match has the same shape with other placeholder names.
    pub fn find(&self, method: &str, path: &str) -> Option<(&Operation, bool)> {
        let wanted = normalise_path(path);
        let same_method = |operation: &&Operation| operation.method.eq_ignore_ascii_case(method);
        if let Some(operation) = self
            .operations
            .iter()
            .filter(same_method)
            .find(|operation| normalise_path(&operation.path) == wanted)
        {
            return Some((operation, true));
        }
        let shape = path_shape(&wanted);
        self.operations
            .iter()
            .filter(same_method)
            .find(|operation| path_shape(&normalise_path(&operation.path)) == shape)
            .map(|operation| (operation, false))
    }

    /// A readable name for the node at a pointer (`PlaybookInstanceInfo.status`,
    /// `operation GetScriptJobBatch parameter `limit``).
    pub fn label(&self, pointer: &str) -> String {
        let segments: Vec<String> = pointer.split('/').skip(1).map(unescape_segment).collect();
        match segments.as_slice() {
            [components, schemas, name] if components == "components" && schemas == "schemas" => {
                format!("schema {name}")
            }
            [components, schemas, name, rest @ ..]
                if components == "components" && schemas == "schemas" =>
            {
                let mut label = name.clone();
                let mut rest = rest.iter();
                while let Some(segment) = rest.next() {
                    match segment.as_str() {
                        "properties" => {
                            if let Some(property) = rest.next() {
                                label.push('.');
                                label.push_str(property);
                            }
                        }
                        other => {
                            label.push(' ');
                            label.push_str(other);
                        }
                    }
                }
                label
            }
            [paths, _, _, rest @ ..] if paths == "paths" => {
                let prefix: String = pointer.split('/').take(4).collect::<Vec<_>>().join("/");
                let mut label = self
                    .operations
                    .iter()
                    .find(|operation| operation.pointer == prefix)
                    .map(|operation| format!("operation {}", operation.id))
                    .unwrap_or_else(|| prefix.clone());
                let mut rest = rest.iter();
                let mut current = prefix;
                while let Some(segment) = rest.next() {
                    current = format!("{current}/{}", pointer_segment(segment));
                    match segment.as_str() {
                        "parameters" => {
                            if let Some(index) = rest.next() {
                                current = format!("{current}/{index}");
                                let name = self
                                    .document
                                    .node(&current)
                                    .and_then(|node| node.str("name").map(str::to_owned))
                                    .unwrap_or_else(|| index.clone());
                                label.push_str(&format!(" parameter `{name}`"));
                            }
                        }
                        "responses" => {
                            if let Some(status) = rest.next() {
                                current = format!("{current}/{}", pointer_segment(status));
                                label.push_str(&format!(" response {status}"));
                            }
                        }
                        "headers" | "examples" => {
                            if let Some(name) = rest.next() {
                                current = format!("{current}/{}", pointer_segment(name));
                                let what = if segment == "headers" {
                                    "header"
                                } else {
                                    "example"
                                };
                                label.push_str(&format!(" {what} `{name}`"));
                            }
                        }
                        "requestBody" => label.push_str(" request body"),
                        "content" => {
                            if let Some(media) = rest.next() {
                                current = format!("{current}/{}", pointer_segment(media));
                            }
                        }
                        "schema" => label.push_str(" schema"),
                        "value" => {}
                        other => {
                            label.push(' ');
                            label.push_str(other);
                        }
                    }
                }
                label
            }
            _ => format!("#{pointer}"),
        }
    }
}

/// A path template as compared: no spaces, no trailing `/`, no query string.
pub fn normalise_path(path: &str) -> String {
    let path: String = path
        .split('?')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if path.len() > 1 {
        path.trim_end_matches('/').to_owned()
    } else {
        path
    }
}

/// A path template with its placeholder names removed.
fn path_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                shape.push('{');
            }
            '}' => {
                inside = false;
                shape.push('}');
            }
            _ if inside => {}
            _ => shape.push(c),
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_compare_without_spaces_and_names() {
        assert_eq!(normalise_path("/v1/{ a }/b/"), "/v1/{a}/b");
        assert_eq!(path_shape("/v1/{a}/b/{c}"), "/v1/{}/b/{}");
    }
}
