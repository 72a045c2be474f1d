//! Parameters, keyed by location and name (header names ignoring case): on one side
//! only, in another location, required or not, and their schemas.

use huaweicloud_sdk_codegen::document::{Aspect, Document, Node};
use serde_json::Value;

use super::schema::Field;
use super::shape::Shape;
use super::{At, Comparison, Difference, with_schema};
use crate::doc_check::verdict::Around;

/// One parameter of either side.
struct Parameter<'a> {
    location: String,
    name: String,
    node: Node<'a>,
}

impl Parameter<'_> {
    fn is(&self, location: &str, name: &str) -> bool {
        self.location == location && same_name(location, &self.name, name)
    }

    fn required(&self) -> bool {
        self.node
            .value
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(self.location == "path")
    }
}

fn same_name(location: &str, a: &str, b: &str) -> bool {
    if location == "header" {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// The parameters of an operation, path-level ones first, `$ref`s followed.
fn parameters<'a>(document: &'a Document, operation: &Node<'a>) -> Vec<Parameter<'a>> {
    let path_item = operation
        .pointer
        .rsplit_once('/')
        .and_then(|(path_item, _)| document.node(path_item));
    let lists = [
        path_item.and_then(|item| item.get("parameters")),
        operation.get("parameters"),
    ];
    let mut found = Vec::new();
    for list in lists.into_iter().flatten() {
        for parameter in list.items() {
            let (node, _) = document.resolve(&parameter);
            let (Some(name), Some(location)) = (node.str("name"), node.str("in")) else {
                continue;
            };
            found.push(Parameter {
                location: location.to_owned(),
                name: name.to_owned(),
                node,
            });
        }
    }
    found
}

fn location_label(location: &str) -> &'static str {
    match location {
        "path" => "path parameter",
        "query" => "query parameter",
        "header" => "request header",
        "cookie" => "cookie",
        _ => "parameter",
    }
}

impl<'a> Comparison<'a> {
    pub(super) fn parameters(&mut self) {
        let page_parameters = parameters(&self.page.document, &self.page_operation);
        let spec_parameters = parameters(&self.spec.document, &self.spec_operation);
        let mut used = vec![false; spec_parameters.len()];
        for page in &page_parameters {
            let subject = format!("{} `{}`", location_label(&page.location), page.name);
            let around = |own: Vec<Node<'a>>| Around {
                own,
                parents: vec![self.spec_operation.clone()],
                name: Some(page.name.clone()),
            };
            let same = spec_parameters
                .iter()
                .enumerate()
                .position(|(index, spec)| !used[index] && spec.is(&page.location, &page.name));
            let elsewhere = spec_parameters
                .iter()
                .enumerate()
                .position(|(index, spec)| {
                    !used[index]
                        && (spec.name == page.name
                            || spec.location == "header"
                                && spec.name.eq_ignore_ascii_case(&page.name))
                });
            if let Some(index) = same {
                used[index] = true;
                self.parameter(page, &spec_parameters[index], subject);
            } else if let Some(index) = elsewhere {
                used[index] = true;
                let spec = &spec_parameters[index];
                let at = At {
                    subject,
                    page: Some(page.node.pointer.clone()),
                    spec: Some(spec.node.pointer.clone()),
                    around: around(vec![spec.node.clone()]),
                };
                let difference = Difference::new(
                    Aspect::Location,
                    format!(
                        "the page documents a {} parameter, the spec a {} parameter",
                        page.location, spec.location
                    ),
                )
                .sides(Some(page.location.clone()), Some(spec.location.clone()));
                self.drift(&at, difference);
            } else {
                let at = At {
                    subject,
                    page: Some(page.node.pointer.clone()),
                    spec: None,
                    around: around(Vec::new()),
                };
                let shown = self.page_type(&page.node.pointer, page.node.get("schema"));
                let difference = Difference::new(Aspect::Presence, "on the page, not in the spec")
                    .sides(Some(shown), None);
                self.drift(&at, difference);
            }
        }
        for (index, spec) in spec_parameters.iter().enumerate() {
            if used[index] {
                continue;
            }
            let at = At {
                subject: format!("{} `{}`", location_label(&spec.location), spec.name),
                page: None,
                spec: Some(spec.node.pointer.clone()),
                around: Around {
                    own: with_schema(&spec.node),
                    parents: vec![self.spec_operation.clone()],
                    name: Some(spec.name.clone()),
                },
            };
            let shown = spec
                .node
                .get("schema")
                .map(|schema| Shape::of(&self.spec.document, &schema).display());
            let difference = Difference::new(Aspect::Presence, "in the spec, not on the page")
                .sides(None, shown);
            self.drift(&at, difference);
        }
    }

    /// A parameter both sides have: required, then its schema.
    fn parameter(&mut self, page: &Parameter<'a>, spec: &Parameter<'a>, subject: String) {
        let before = self.findings.len();
        let at = At {
            subject,
            page: Some(page.node.pointer.clone()),
            spec: Some(spec.node.pointer.clone()),
            around: Around {
                own: with_schema(&spec.node),
                parents: vec![self.spec_operation.clone()],
                name: Some(page.name.clone()),
            },
        };
        // A row without a required column says nothing either way.
        let stated = page.location == "path"
            || self
                .page
                .row(&page.node.pointer)
                .is_some_and(|row| row.mandatory.is_some());
        if stated && page.required() != spec.required() {
            self.required_differs(&at, page.required(), spec.required());
        }
        if let (Some(page_schema), Some(spec_schema)) =
            (page.node.get("schema"), spec.node.get("schema"))
        {
            let field = Field::parameter(&at);
            self.schema(&page_schema, &spec_schema, &field);
        }
        if self.findings.len() == before {
            self.agreeing += 1;
        }
    }

    /// A required flag that differs.
    pub(super) fn required_differs(&mut self, at: &At<'a>, page: bool, spec: bool) {
        let word = |required: bool| if required { "required" } else { "optional" };
        let difference = Difference::new(
            Aspect::Required,
            format!("the page says {}, the spec {}", word(page), word(spec)),
        )
        .sides(Some(word(page).to_owned()), Some(word(spec).to_owned()));
        self.drift(at, difference);
    }

    /// The type the page gives a node: its row's type cell when it was read from a
    /// row, else the reading's type.
    pub(super) fn page_type(&self, pointer: &str, schema: Option<Node<'_>>) -> String {
        match self.page.row(pointer) {
            Some(row) if !row.ty.trim().is_empty() => row.ty.clone(),
            _ => schema.map_or_else(
                || "any".to_owned(),
                |schema| Shape::of(&self.page.document, &schema).display(),
            ),
        }
    }
}
