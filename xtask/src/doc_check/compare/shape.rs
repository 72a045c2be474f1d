//! The type of a schema in one vocabulary for both sides (`integer (int64)`, `object
//! X`, `array of string`), and which pairs of page and spec types mean the same values.

use huaweicloud_sdk_codegen::document::{Document, Node};
use serde_json::Value;

/// What values a schema describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    String,
    /// With its `format` (`int32`, `int64`) when it gives one.
    Integer(Option<String>),
    Number,
    Boolean,
    /// An object with properties, and the component it is (`WidgetInfo`).
    Object(Option<String>),
    /// An object of `additionalProperties`.
    Map,
    /// `type: object` and nothing said about its fields.
    FreeObject,
    Array(Box<Shape>),
    /// `oneOf`/`anyOf`.
    Union(Vec<Shape>),
    /// No type at all.
    Any,
    /// A type OpenAPI does not have.
    Other(String),
}

impl Shape {
    /// The shape of a schema, `$ref`s followed in `document`.
    pub fn of(document: &Document, schema: &Node<'_>) -> Shape {
        shape(document, schema, 0)
    }

    /// In words, as reports show it.
    pub fn display(&self) -> String {
        match self {
            Shape::String => "string".to_owned(),
            Shape::Integer(Some(format)) => format!("integer ({format})"),
            Shape::Integer(None) => "integer".to_owned(),
            Shape::Number => "number".to_owned(),
            Shape::Boolean => "boolean".to_owned(),
            Shape::Object(Some(name)) => format!("object {name}"),
            Shape::Object(None) => "object".to_owned(),
            Shape::Map => "object (map)".to_owned(),
            Shape::FreeObject => "object (free-form)".to_owned(),
            Shape::Array(items) => format!("array of {}", items.display()),
            Shape::Union(variants) => format!(
                "one of {}",
                variants
                    .iter()
                    .map(Shape::display)
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
            Shape::Any => "any".to_owned(),
            Shape::Other(name) => name.clone(),
        }
    }

    /// An object the page says nothing about the fields of: its fields are not compared.
    pub fn says_nothing_of_fields(&self) -> bool {
        matches!(self, Shape::FreeObject | Shape::Any)
    }
}

/// Whether the page's shape and the spec's describe the same values. A schema without
/// a type agrees with everything, and so does a page's free-form object with any
/// object (the page names no fields to compare); an integer of the spec without a
/// format takes either width; a union equals only a union of the same types.
pub fn compatible(page: &Shape, spec: &Shape) -> bool {
    match (page, spec) {
        (Shape::Any, _) | (_, Shape::Any) => true,
        (Shape::FreeObject, Shape::Object(_) | Shape::Map | Shape::FreeObject) => true,
        (Shape::Map, Shape::FreeObject | Shape::Map) => true,
        (Shape::Object(_), Shape::Object(_)) => true,
        (Shape::Integer(page), Shape::Integer(spec)) => spec.is_none() || page == spec,
        (Shape::Array(page), Shape::Array(spec)) => compatible(page, spec),
        (Shape::Union(page), Shape::Union(spec)) => {
            page.len() == spec.len()
                && page
                    .iter()
                    .all(|variant| spec.iter().any(|other| compatible(variant, other)))
        }
        (page, spec) => page == spec && !matches!(page, Shape::Union(_)),
    }
}

fn shape(document: &Document, schema: &Node<'_>, depth: usize) -> Shape {
    // A bound, so that a cycle of array schemas cannot hang the comparison.
    if depth > 16 {
        return Shape::Any;
    }
    let (schema, name) = document.resolve(schema);
    for key in ["oneOf", "anyOf"] {
        if let Some(variants) = schema.get(key) {
            return Shape::Union(
                variants
                    .items()
                    .iter()
                    .map(|variant| shape(document, variant, depth + 1))
                    .collect(),
            );
        }
    }
    match schema.str("type") {
        Some("string") => Shape::String,
        Some("integer") => Shape::Integer(schema.str("format").map(str::to_owned)),
        Some("number") => Shape::Number,
        Some("boolean") => Shape::Boolean,
        Some("array") => Shape::Array(Box::new(
            schema
                .get("items")
                .map_or(Shape::Any, |items| shape(document, &items, depth + 1)),
        )),
        Some("object") | None => {
            let has_properties = schema
                .value
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|properties| !properties.is_empty());
            let extra = schema
                .value
                .get("additionalProperties")
                .is_some_and(|extra| extra.is_object() || extra == &Value::Bool(true));
            if has_properties {
                Shape::Object(name)
            } else if extra {
                Shape::Map
            } else if schema.str("type").is_some() {
                Shape::FreeObject
            } else {
                Shape::Any
            }
        }
        Some(other) => Shape::Other(other.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_widths_differ_unless_the_spec_gives_none() {
        let int = |format: Option<&str>| Shape::Integer(format.map(str::to_owned));
        assert!(compatible(&int(Some("int32")), &int(None)));
        assert!(!compatible(&int(Some("int32")), &int(Some("int64"))));
        assert!(!compatible(&int(Some("int64")), &Shape::String));
    }

    #[test]
    fn a_free_form_page_object_agrees_with_any_object_but_not_a_scalar() {
        assert!(compatible(
            &Shape::FreeObject,
            &Shape::Object(Some("A".into()))
        ));
        assert!(compatible(&Shape::FreeObject, &Shape::Map));
        assert!(!compatible(&Shape::FreeObject, &Shape::String));
        assert!(!compatible(&Shape::Object(None), &Shape::Map));
    }

    #[test]
    fn a_union_equals_only_a_union_of_the_same_types() {
        let union = Shape::Union(vec![Shape::String, Shape::Integer(Some("int64".into()))]);
        assert!(!compatible(&Shape::Integer(Some("int64".into())), &union));
        assert!(compatible(&union, &union));
        assert!(!compatible(
            &Shape::Union(vec![Shape::String, Shape::Boolean]),
            &union
        ));
    }

    #[test]
    fn shapes_read_refs_maps_and_arrays() {
        let document = Document::new(serde_json::json!({
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"x": {"type": "string"}}},
                "M": {"type": "object", "additionalProperties": {"type": "string"}},
                "L": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}
            }}
        }));
        let of = |name: &str| {
            let node = document
                .node(&format!("/components/schemas/{name}"))
                .unwrap();
            Shape::of(&document, &node)
        };
        assert_eq!(of("M"), Shape::Map);
        assert_eq!(
            of("L").display(),
            "array of object A",
            "items name their component"
        );
    }
}
