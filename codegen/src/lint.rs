//! What a transcription must have, beyond being a valid spec: every operation named and
//! summarised, an example for every documented body, a description on every parameter
//! and property, and a reason on every deliberate deviation from the doc page.

use serde_json::Value;

use crate::SpecInput;
use crate::document::{Deviation, Document, pointer_segment};
use crate::error::SpecError;

/// One thing a transcription lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `specs/coc.yaml#/paths/...`: where.
    pub location: String,
    /// What is missing, as a sentence.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Lint a spec. A spec that does not even lower is an error; otherwise the findings,
/// in document order (empty when the transcription is complete).
pub fn lint(input: &SpecInput<'_>) -> Result<Vec<Finding>, SpecError> {
    let (_, raw) = crate::lower_with_tree(input)?;
    let mut lint = Linter {
        file: input.path,
        findings: Vec::new(),
    };
    let document = Document::new(raw);
    for operation in document.operations() {
        lint.operation(operation.node.value, &operation.node.pointer);
    }
    let raw = document.value();
    if let Some(schemas) = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            lint.schema(
                schema,
                &format!("/components/schemas/{}", pointer_segment(name)),
            );
        }
    }
    lint.deviations(raw, "");
    Ok(lint.findings)
}

/// How many `x-doc-deviation`s of a spec's tree are still a `REVIEW:` question of
/// `cargo xtask transcribe` (each is a finding of [`lint`] until a maintainer decides it).
pub fn open_reviews(raw: &Value) -> usize {
    match raw {
        Value::Object(map) => {
            let own = map
                .get("x-doc-deviation")
                .and_then(|deviation| Deviation::read(deviation).ok())
                .is_some_and(|deviation| deviation.reason.trim_start().starts_with("REVIEW:"));
            usize::from(own) + map.values().map(open_reviews).sum::<usize>()
        }
        Value::Array(items) => items.iter().map(open_reviews).sum(),
        _ => 0,
    }
}

struct Linter<'a> {
    file: &'a str,
    findings: Vec<Finding>,
}

impl Linter<'_> {
    fn report(&mut self, pointer: &str, message: impl Into<String>) {
        self.findings.push(Finding {
            location: format!("{}#{pointer}", self.file),
            message: message.into(),
        });
    }

    fn operation(&mut self, operation: &Value, pointer: &str) {
        if text(operation, "operationId").is_none() {
            self.report(pointer, "operation has no operationId");
        }
        if text(operation, "summary").is_none() {
            self.report(pointer, "operation has no summary (the page title)");
        }
        match text(operation, "x-doc-page") {
            None => self.report(
                pointer,
                "operation names no page: `x-doc-page: pages/<service>/<file>` (the page text kept under specs/)",
            ),
            Some(page) if !page.starts_with("pages/") || page.contains("..") => self.report(
                pointer,
                format!("`x-doc-page: {page}` must be a path under specs/pages/ (`pages/<service>/<file>`)"),
            ),
            Some(_) => {}
        }
        for (index, param) in array(operation, "parameters").iter().enumerate() {
            let param_pointer = format!("{pointer}/parameters/{index}");
            if text(param, "description").is_none() {
                let name = text(param, "name").unwrap_or("?");
                self.report(
                    &param_pointer,
                    format!("parameter `{name}` has no description"),
                );
            }
            if let Some(schema) = param.get("schema") {
                self.schema(schema, &format!("{param_pointer}/schema"));
            }
        }
        if let Some(content) = operation.pointer("/requestBody/content") {
            self.content(content, &format!("{pointer}/requestBody"), "request body");
        }
        let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
            return;
        };
        for (status, response) in responses {
            let response_pointer = format!("{pointer}/responses/{}", pointer_segment(status));
            if let Some(content) = response.get("content") {
                self.content(
                    content,
                    &response_pointer,
                    &format!("the {status} response"),
                );
            }
        }
    }

    /// A body must show an example, or say why the page has none (`x-no-example`).
    fn content(&mut self, content: &Value, owner_pointer: &str, what: &str) {
        let Some(media_types) = content.as_object() else {
            return;
        };
        for (media_type, media) in media_types {
            let media_pointer = format!("{owner_pointer}/content/{}", pointer_segment(media_type));
            if let Some(schema) = media.get("schema") {
                self.schema(schema, &format!("{media_pointer}/schema"));
            }
            let has_example = media.get("example").is_some()
                || media
                    .get("examples")
                    .and_then(Value::as_object)
                    .is_some_and(|examples| !examples.is_empty());
            let excused = text(media, "x-no-example").is_some();
            if !has_example && !excused {
                self.report(
                    &media_pointer,
                    format!("{what} has no example; copy the page's example, or say why it has none in `x-no-example`"),
                );
            }
        }
    }

    /// Every property of `schema`, nested ones included, has a description.
    fn schema(&mut self, schema: &Value, pointer: &str) {
        let Some(object) = schema.as_object() else {
            return;
        };
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let property_pointer = format!("{pointer}/properties/{}", pointer_segment(name));
                if text(property, "description").is_none() {
                    self.report(
                        &property_pointer,
                        format!("property `{name}` has no description"),
                    );
                }
                let reasoned = property
                    .get("x-doc-deviation")
                    .is_some_and(|deviation| Deviation::read(deviation).is_ok());
                if property.get("x-alias-of").is_some() && !reasoned {
                    self.report(&property_pointer, format!("alias `{name}` has no `x-doc-deviation` saying why the page spells it twice"));
                }
                self.schema(property, &property_pointer);
            }
        }
        for key in ["items", "additionalProperties"] {
            if let Some(inner) = object.get(key).filter(|inner| inner.is_object()) {
                self.schema(inner, &format!("{pointer}/{key}"));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for (index, member) in array(schema, key).iter().enumerate() {
                self.schema(member, &format!("{pointer}/{key}/{index}"));
            }
        }
    }

    /// Every `x-doc-deviation` gives a reason, and names as data what it covers.
    fn deviations(&mut self, node: &Value, pointer: &str) {
        match node {
            Value::Object(map) => {
                match map.get("x-doc-deviation").map(Deviation::read) {
                    Some(Err(message)) => self.report(pointer, message),
                    Some(Ok(deviation)) if deviation.reason.trim_start().starts_with("REVIEW:") => {
                        let review = deviation.reason;
                        self.report(pointer, format!("`x-doc-deviation` is still a `REVIEW:` of `cargo xtask transcribe`: decide it (official SDKs settle what reaches the wire), then write the reason without `REVIEW:` ({review})"));
                    }
                    _ => {}
                }
                for (key, value) in map {
                    self.deviations(value, &format!("{pointer}/{}", pointer_segment(key)));
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.deviations(item, &format!("{pointer}/{index}"));
                }
            }
            _ => {}
        }
    }
}

fn text<'v>(node: &'v Value, key: &str) -> Option<&'v str> {
    node.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

fn array<'v>(node: &'v Value, key: &str) -> &'v [Value] {
    node.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMPLETE: &str = r#"
openapi: 3.0.3
info: {title: T, version: v1}
paths:
  /v1/things/{id}:
    get:
      operationId: ShowThing
      summary: Show a thing
      x-doc-page: pages/t/show-thing.en.txt
      parameters:
        - {name: id, in: path, required: true, description: Thing ID., schema: {type: string}}
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
              examples: {one: {value: {"name": "a"}}}
        '400':
          description: Error.
          content:
            application/json:
              x-no-example: The page prints none.
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string, description: Its name.}
        nick: {type: string, description: Other spelling., x-alias-of: name, x-doc-deviation: The example spells it so.}
"#;

    fn findings(text: &str) -> Vec<String> {
        lint(&SpecInput {
            service: "t",
            path: "specs/t.yaml",
            text,
        })
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(ToString::to_string)
        .collect()
    }

    #[test]
    fn a_complete_transcription_has_no_findings() {
        assert_eq!(findings(COMPLETE), Vec::<String>::new());
    }

    #[test]
    fn missing_summary_and_descriptions_are_found() {
        let text = COMPLETE
            .replace("      summary: Show a thing\n", "")
            .replace(", description: Thing ID.", "")
            .replace(
                "name: {type: string, description: Its name.}",
                "name: {type: string}",
            );
        assert_eq!(
            findings(&text),
            [
                "specs/t.yaml#/paths/~1v1~1things~1{id}/get: operation has no summary (the page title)",
                "specs/t.yaml#/paths/~1v1~1things~1{id}/get/parameters/0: parameter `id` has no description",
                "specs/t.yaml#/components/schemas/Thing/properties/name: property `name` has no description",
            ]
        );
    }

    #[test]
    fn a_body_without_example_or_excuse_is_found() {
        let text = COMPLETE.replace("              x-no-example: The page prints none.\n", "");
        let found = findings(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("specs/t.yaml#/paths/~1v1~1things~1{id}/get/responses/400/content/application~1json: the 400 response has no example"));
    }

    #[test]
    fn deviations_name_what_they_cover_as_data() {
        let text = COMPLETE.replace(
            "x-doc-deviation: The example spells it so.",
            "x-doc-deviation: {fields: [name], aspects: [size], reason: The example spells it so.}",
        );
        assert_eq!(
            findings(&text),
            [
                "specs/t.yaml#/components/schemas/Thing/properties/nick: alias `nick` has no `x-doc-deviation` saying why the page spells it twice",
                "specs/t.yaml#/components/schemas/Thing/properties/nick: `x-doc-deviation.aspects` names `size`, which is not one of presence, type, required, enum, minLength, maxLength, minimum, maximum, default, minItems, maxItems, location, path, status, envelope, example, table",
            ]
        );
        let text = COMPLETE.replace(
            "x-doc-deviation: The example spells it so.",
            "x-doc-deviation: {fields: [name], aspects: [presence], reason: The example spells it so.}",
        );
        assert_eq!(findings(&text), Vec::<String>::new());
    }

    #[test]
    fn an_operation_names_its_page() {
        let text = COMPLETE.replace("      x-doc-page: pages/t/show-thing.en.txt\n", "");
        assert_eq!(
            findings(&text),
            [
                "specs/t.yaml#/paths/~1v1~1things~1{id}/get: operation names no page: `x-doc-page: pages/<service>/<file>` (the page text kept under specs/)"
            ]
        );
        let text = COMPLETE.replace("pages/t/show-thing.en.txt", "../elsewhere.txt");
        assert_eq!(findings(&text).len(), 1);
    }

    #[test]
    fn a_review_left_by_transcribe_is_a_finding() {
        for deviation in [
            "x-doc-deviation: 'REVIEW: the example says nick'",
            "x-doc-deviation: {fields: [nick], reason: 'REVIEW: the example says nick'}",
        ] {
            let text = COMPLETE.replace("x-doc-deviation: The example spells it so.", deviation);
            assert_eq!(
                findings(&text),
                [
                    "specs/t.yaml#/components/schemas/Thing/properties/nick: `x-doc-deviation` is still a `REVIEW:` of `cargo xtask transcribe`: decide it (official SDKs settle what reaches the wire), then write the reason without `REVIEW:` (REVIEW: the example says nick)"
                ]
            );
        }
    }

    #[test]
    fn deviations_and_aliases_need_reasons() {
        let text = COMPLETE.replace(
            "x-doc-deviation: The example spells it so.",
            "x-doc-deviation: ''",
        );
        let found = findings(&text);
        assert!(
            found
                .iter()
                .any(|f| f.contains("alias `nick` has no `x-doc-deviation`")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|f| f.ends_with(
                "`x-doc-deviation` must be a sentence saying why the spec differs from the page"
            )),
            "{found:?}"
        );
    }
}
