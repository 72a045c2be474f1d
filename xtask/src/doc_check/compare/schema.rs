//! One schema against another, recursively: type, enum, lengths and ranges, default,
//! item counts, then items, properties (presence, required in requests) and map
//! values. `$ref`s are followed on each side in its own document; a pair of schemas is
//! compared once (which also ends cycles).

use huaweicloud_sdk_codegen::document::{Aspect, Node};

use super::shape::{Shape, compatible};
use super::{At, Comparison, Difference, plain};
use crate::doc_check::finding::Verdict;
use crate::doc_check::verdict::Around;

/// Where a schema sits: the difference's place, and how its fields are named.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    at: At<'a>,
    /// `request body`, `response 200 body`: what names the fields below; `None` for a
    /// parameter or header, which has none.
    prefix: Option<String>,
    /// The field's path below the body (`data.items[].id`), empty for the body itself.
    path: String,
    /// In a request: `required` lists are compared.
    request: bool,
}

impl<'a> Field<'a> {
    /// A parameter's or header's schema, at `at`.
    pub fn parameter(at: &At<'a>) -> Field<'a> {
        Field {
            at: at.clone(),
            prefix: None,
            path: String::new(),
            request: false,
        }
    }

    /// A body's schema: `prefix` names its fields.
    pub fn body(at: &At<'a>, prefix: &str, request: bool) -> Field<'a> {
        Field {
            at: at.clone(),
            prefix: Some(prefix.to_owned()),
            path: String::new(),
            request,
        }
    }

    /// The field at `path` below the same body.
    fn below(&self, path: String, at: At<'a>) -> Field<'a> {
        Field {
            at,
            prefix: self.prefix.clone(),
            path,
            request: self.request,
        }
    }

    fn subject_of(&self, path: &str) -> String {
        match &self.prefix {
            Some(prefix) => format!("{prefix} field `{path}`"),
            None => self.at.subject.clone(),
        }
    }

    /// The same place with more spec nodes of its own (an array's items).
    fn with_own(&self, node: Node<'a>) -> Field<'a> {
        let mut field = self.clone();
        field.at.around.own.push(node);
        field
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// The constraint keywords compared, each named as its aspect.
const CONSTRAINTS: [Aspect; 7] = [
    Aspect::MinLength,
    Aspect::MaxLength,
    Aspect::Minimum,
    Aspect::Maximum,
    Aspect::Default,
    Aspect::MinItems,
    Aspect::MaxItems,
];

impl<'a> Comparison<'a> {
    /// Compare the page's schema with the spec's at `field`.
    pub(super) fn schema(&mut self, page: &Node<'a>, spec: &Node<'a>, field: &Field<'a>) {
        let mut compared = Vec::new();
        self.schema_in(page, spec, field, &mut compared);
    }

    fn schema_in(
        &mut self,
        page: &Node<'a>,
        spec: &Node<'a>,
        field: &Field<'a>,
        compared: &mut Vec<(String, String)>,
    ) {
        let (page, _) = self.page.document.resolve(page);
        let (spec, _) = self.spec.document.resolve(spec);
        let pair = (page.pointer.clone(), spec.pointer.clone());
        if compared.contains(&pair) {
            return;
        }
        compared.push(pair);
        let page_shape = Shape::of(&self.page.document, &page);
        let spec_shape = Shape::of(&self.spec.document, &spec);
        let shown = || {
            let pointer = field.at.page.as_deref().unwrap_or_default();
            Some(self.page_type(pointer, Some(page.clone())))
        };
        if !compatible(&page_shape, &spec_shape) {
            let difference = Difference::new(Aspect::Type, "the types differ")
                .sides(shown(), Some(spec_shape.display()));
            self.drift(&field.at, difference);
        } else if page_shape == Shape::FreeObject
            && matches!(spec_shape, Shape::Object(_) | Shape::Map)
        {
            // Not a contradiction: the page says less than the spec.
            let difference = Difference::new(
                Aspect::Type,
                "the page describes no fields of this object, the spec does",
            )
            .sides(shown(), Some(spec_shape.display()));
            self.record(&field.at, difference, Verdict::Note, Vec::new());
        }
        if page_shape.says_nothing_of_fields() {
            return;
        }
        // The variant of a spec union the page's type means carries its constraints.
        let spec = self.variant(&spec, &page_shape);
        let mut field = field.clone();
        if field.at.spec.as_deref() != Some(spec.pointer.as_str()) && !is_component(&spec.pointer) {
            field.at.around.own.push(spec.clone());
        }
        self.enumeration(&page, &spec, &field);
        self.constraints(&page, &spec, &field);
        if let (Some(page_items), Some(spec_items)) = (page.get("items"), spec.get("items")) {
            let items_are_objects = matches!(
                Shape::of(&self.page.document, &page_items),
                Shape::Object(_)
            );
            let below = if items_are_objects && field.prefix.is_some() {
                let mut at = field.at.clone();
                at.around.own.push(spec_items.clone());
                field.below(format!("{}[]", field.path), at)
            } else {
                field.with_own(spec_items.clone())
            };
            self.schema_in(&page_items, &spec_items, &below, compared);
        }
        if let (Some(page_values), Some(spec_values)) = (
            page.get("additionalProperties")
                .filter(|node| node.value.is_object()),
            spec.get("additionalProperties")
                .filter(|node| node.value.is_object()),
        ) {
            let below = field.with_own(spec_values.clone());
            self.schema_in(&page_values, &spec_values, &below, compared);
        }
        if matches!(page_shape, Shape::Object(_)) && field.prefix.is_some() {
            self.properties(&page, &spec, &field, compared);
        }
    }

    /// The variant of a spec union whose type the page gives, else the schema itself.
    fn variant(&self, spec: &Node<'a>, page_shape: &Shape) -> Node<'a> {
        let page_element = match page_shape {
            Shape::Array(items) => items.as_ref(),
            other => other,
        };
        for key in ["oneOf", "anyOf"] {
            let Some(variants) = spec.get(key) else {
                continue;
            };
            let found = variants.items().into_iter().find(|variant| {
                let shape = Shape::of(&self.spec.document, variant);
                compatible(page_shape, &shape) || compatible(page_element, &shape)
            });
            if let Some(variant) = found {
                return self.spec.document.resolve(&variant).0;
            }
        }
        spec.clone()
    }

    /// The enum values, when the page lists some.
    fn enumeration(&mut self, page: &Node<'a>, spec: &Node<'a>, field: &Field<'a>) {
        let values = |node: &Node<'_>| -> Option<Vec<String>> {
            Some(
                node.value
                    .get("enum")?
                    .as_array()?
                    .iter()
                    .map(plain)
                    .collect(),
            )
        };
        let Some(page_values) = values(page) else {
            return;
        };
        let spec_values = values(spec).unwrap_or_default();
        let only_page: Vec<&String> = page_values
            .iter()
            .filter(|value| !spec_values.contains(value))
            .collect();
        let only_spec: Vec<&String> = spec_values
            .iter()
            .filter(|value| !page_values.contains(value))
            .collect();
        if only_page.is_empty() && only_spec.is_empty() {
            return;
        }
        let mut parts = Vec::new();
        if !only_page.is_empty() {
            parts.push(format!("only on the page: {}", show_values(&only_page)));
        }
        if !only_spec.is_empty() {
            parts.push(format!("only in the spec: {}", show_values(&only_spec)));
        }
        let difference = Difference::new(
            Aspect::Enum,
            format!("the enum values differ ({})", parts.join("; ")),
        )
        .sides(
            Some(show_values(&page_values)),
            Some(show_values(&spec_values)),
        );
        self.drift(&field.at, difference);
    }

    /// Lengths, ranges, default and item counts. One the spec has and the page does
    /// not is drift on a page that states constraints in labelled form, else a note.
    fn constraints(&mut self, page: &Node<'a>, spec: &Node<'a>, field: &Field<'a>) {
        let structured = self.page.page.structured_constraints;
        for aspect in CONSTRAINTS {
            // The aspect's name is the OpenAPI keyword.
            let key = aspect.as_str();
            let page_value = page.value.get(key).map(plain);
            let spec_value = spec.value.get(key).map(plain);
            let (message, otherwise) = match (&page_value, &spec_value) {
                (Some(page), Some(spec)) if same_value(page, spec) => continue,
                (None, None) => continue,
                (Some(page), Some(spec)) => (
                    format!("the page gives {key} {page}, the spec {spec}"),
                    Verdict::Drift,
                ),
                (Some(page), None) => (
                    format!("the page gives {key} {page}, the spec none"),
                    Verdict::Drift,
                ),
                (None, Some(spec)) if structured => (
                    format!("the spec has {key} {spec}, the page gives none"),
                    Verdict::Drift,
                ),
                (None, Some(spec)) => (
                    format!(
                        "the spec has {key} {spec}; the page states no {key} in a form doc-check reads"
                    ),
                    Verdict::Note,
                ),
            };
            let difference = Difference::new(aspect, message).sides(page_value, spec_value);
            self.record(&field.at, difference, otherwise, Vec::new());
        }
    }

    /// The properties of an object both sides describe, in page order, then those only
    /// the spec has.
    fn properties(
        &mut self,
        page: &Node<'a>,
        spec: &Node<'a>,
        field: &Field<'a>,
        compared: &mut Vec<(String, String)>,
    ) {
        let mut page_properties = self.page.document.properties(page);
        page_properties
            .sort_by_key(|(_, node)| self.page.line(&node.pointer).unwrap_or(usize::MAX));
        let (spec, path) = self.envelope(page, spec, field, &page_properties);
        let spec_properties = self.spec.document.properties(&spec);
        let page_required = self.page.document.required(page);
        let spec_required = self.spec.document.required(&spec);
        let mut seen = Vec::new();
        for (name, page_property) in &page_properties {
            let field_path = join(&path, name);
            let subject = field.subject_of(&field_path);
            let Some((_, spec_property)) = spec_properties.iter().find(|(other, _)| other == name)
            else {
                let at = At {
                    subject,
                    page: Some(page_property.pointer.clone()),
                    spec: Some(spec.pointer.clone()),
                    around: Around {
                        own: Vec::new(),
                        parents: vec![spec.clone()],
                        name: Some(name.clone()),
                    },
                };
                let shown = self.page_type(&page_property.pointer, Some(page_property.clone()));
                let difference = Difference::new(Aspect::Presence, "on the page, not in the spec")
                    .sides(Some(shown), None);
                self.drift(&at, difference);
                continue;
            };
            seen.push(name.clone());
            let at = At {
                subject: subject.clone(),
                page: Some(page_property.pointer.clone()),
                spec: Some(spec_property.pointer.clone()),
                around: Around {
                    own: [Some(spec_property.clone()), spec_property.get("items")]
                        .into_iter()
                        .flatten()
                        .collect(),
                    parents: vec![spec.clone()],
                    name: Some(name.clone()),
                },
            };
            let before = self.findings.len();
            // Only a row of its own (not a dotted `a.b` row) states the flag.
            let stated = self
                .page
                .row(&page_property.pointer)
                .is_some_and(|row| row.mandatory.is_some() && &row.name == name);
            let (page_says, spec_says) =
                (page_required.contains(name), spec_required.contains(name));
            if field.request && stated && page_says != spec_says {
                self.required_differs(&at, page_says, spec_says);
            }
            let below = field.below(field_path, at);
            self.schema_in(page_property, spec_property, &below, compared);
            let own_findings = self.findings[before..]
                .iter()
                .filter(|finding| finding.subject == subject)
                .count();
            if own_findings == 0 {
                self.agreeing += 1;
            }
        }
        for (name, spec_property) in &spec_properties {
            if seen.contains(name) {
                continue;
            }
            let at = At {
                subject: field.subject_of(&join(&path, name)),
                page: None,
                spec: Some(spec_property.pointer.clone()),
                around: Around {
                    own: vec![spec_property.clone()],
                    parents: vec![spec.clone()],
                    name: Some(name.clone()),
                },
            };
            let shown = Shape::of(&self.spec.document, spec_property).display();
            let difference = Difference::new(Aspect::Presence, "in the spec, not on the page")
                .sides(None, Some(shown));
            // A second spelling the spec keeps on purpose, said as data.
            let otherwise = match spec_property.str("x-alias-of") {
                Some(canonical) => Verdict::Accepted {
                    reason: format!("x-alias-of: `{name}` is a second spelling of `{canonical}`"),
                    recorded_on: self.spec.label(&spec_property.pointer),
                },
                None => Verdict::Drift,
            };
            self.record(&at, difference, otherwise, Vec::new());
        }
    }

    /// The spec object to compare a body's fields with, and their path: the spec's own,
    /// or, when the spec wraps in one property (`{"data": {...}}`) what the page lists
    /// at the top level, that property's object (said as an envelope difference).
    fn envelope(
        &mut self,
        page: &Node<'a>,
        spec: &Node<'a>,
        field: &Field<'a>,
        page_properties: &[(String, Node<'a>)],
    ) -> (Node<'a>, String) {
        let unchanged = (spec.clone(), field.path.clone());
        if !field.path.is_empty() || page_properties.is_empty() {
            return unchanged;
        }
        let overlap = |properties: &[(String, Node<'a>)]| {
            page_properties
                .iter()
                .filter(|(name, _)| properties.iter().any(|(other, _)| other == name))
                .count()
        };
        let spec_properties = self.spec.document.properties(spec);
        let [(wrapper, property)] = spec_properties.as_slice() else {
            return unchanged;
        };
        if overlap(&spec_properties) > 0 {
            return unchanged;
        }
        let (mut inner, _) = self.spec.document.resolve(property);
        if let Some(items) = inner.get("items") {
            inner = self.spec.document.resolve(&items).0;
        }
        let inner_overlap = overlap(&self.spec.document.properties(&inner));
        if inner_overlap == 0 || inner_overlap * 2 < page_properties.len() {
            return unchanged;
        }
        let at = At {
            subject: field.at.subject.clone(),
            page: Some(page.pointer.clone()),
            spec: Some(spec.pointer.clone()),
            around: Around {
                own: vec![spec.clone(), property.clone()],
                ..Around::default()
            },
        };
        let difference = Difference::new(
            Aspect::Envelope,
            format!(
                "the spec wraps the body in `{wrapper}`; the page's table lists the fields of `{wrapper}` at the top level"
            ),
        )
        .sides(
            Some("fields at the top level".to_owned()),
            Some(format!("{{\"{wrapper}\": {{...}}}}")),
        );
        self.drift(&at, difference);
        (inner, wrapper.clone())
    }
}

/// A named schema of `components/schemas`: its deviation is about the whole type, not
/// about a field that refers to it.
fn is_component(pointer: &str) -> bool {
    pointer
        .strip_prefix("/components/schemas/")
        .is_some_and(|name| !name.contains('/'))
}

/// Numbers compare as numbers (`10` and `10.0`), anything else as text.
fn same_value(page: &str, spec: &str) -> bool {
    match (page.parse::<f64>(), spec.parse::<f64>()) {
        (Ok(page), Ok(spec)) => page == spec,
        _ => page == spec,
    }
}

/// A list of values as the report shows it; values that are not plain words are quoted
/// (only their own quotes escaped, so that regex fragments stay readable).
pub fn show_values<S: AsRef<str>>(values: &[S]) -> String {
    if values.is_empty() {
        return "(no enum)".to_owned();
    }
    values
        .iter()
        .map(|value| {
            let value = value.as_ref();
            if !value.is_empty()
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
            {
                value.to_owned()
            } else {
                format!("\"{}\"", value.replace('"', "\\\""))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_when_not_plain() {
        assert_eq!(show_values(&["ON", "ROLLED BACK"]), "ON, \"ROLLED BACK\"");
        assert_eq!(show_values::<&str>(&[]), "(no enum)");
        assert!(same_value("10", "10.0"));
        assert!(!same_value("10", "11"));
    }
}
