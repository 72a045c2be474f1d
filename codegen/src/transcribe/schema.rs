//! Table rows to schemas: the type column in `specs/CONVENTIONS.md`'s mapping, the
//! description's labelled constraints (and a value-range column's) as schema keywords,
//! nested object tables as named components.

use crate::page::text::{self, Facts};
use crate::page::{Kind, Row, page_kind};
use crate::yaml::Node;

use super::{PageError, entry, string};

/// The schema of a row's value and whether the row names an object table
/// (`X object`, `Array of X objects`), which the caller resolves.
pub struct Value {
    /// The schema, with a `$ref` placeholder for a named object.
    pub schema: Vec<(String, Node)>,
    /// `X` of `X object`: the table the schema's (or its items') `$ref` must name.
    pub object: Option<String>,
}

/// The schema of one row; an unreadable type cell is an error naming the row's line.
/// `titled` is the object table that older pages title by the row's field (`表4 user`),
/// when there is one; `object_ref` turns a referenced table name into the component's
/// `$ref`.
pub fn row_schema(
    row: &Row,
    titled: Option<&str>,
    object_ref: &dyn Fn(&str) -> String,
) -> Result<Value, PageError> {
    let ty = if row.ty.trim().is_empty() {
        // Tables without a type column (older header tables): the value is text.
        Kind::String
    } else {
        page_kind(&row.ty)
    };
    let description = constraint_text(row);
    let facts = text::facts(&description);
    // `Array[Object]` whose value-range or description cell says `请参见表5 EventModel
    // 数据结构说明`: the element is that table's object.
    let named = titled
        .map(str::to_owned)
        .or_else(|| table_named(&description));
    let ty = match (ty, named) {
        (Kind::FreeObject, Some(name)) => Kind::Object(Some(name)),
        (Kind::Array(element), Some(name)) if *element == Kind::FreeObject => {
            Kind::Array(Box::new(Kind::Object(Some(name))))
        }
        // `List<Transfer>` described by the table `transfers参数说明`: the caller gives
        // the field's table only when no table has the type's name.
        (Kind::Object(Some(_)), Some(name)) if titled.is_some() => Kind::Object(Some(name)),
        (Kind::Array(element), Some(name))
            if titled.is_some() && matches!(*element, Kind::Object(Some(_))) =>
        {
            Kind::Array(Box::new(Kind::Object(Some(name))))
        }
        (ty, _) => ty,
    };
    let mut object = None;
    let schema = kind_schema(&ty, &facts, &mut object, object_ref).ok_or_else(|| PageError {
        message: format!(
            "the type `{}` of `{}` is not one this tool can map (String, Integer, Long, Double, Boolean, Object, X object, Array of ..., Map<...>)",
            row.ty, row.name
        ),
        line: Some(row.line),
    })?;
    Ok(Value { schema, object })
}

fn kind_schema(
    kind: &Kind,
    facts: &Facts,
    object: &mut Option<String>,
    object_ref: &dyn Fn(&str) -> String,
) -> Option<Vec<(String, Node)>> {
    let mut schema = match kind {
        Kind::String => vec![entry("type", string("string"))],
        Kind::Int32 | Kind::Integer => vec![
            entry("type", string("integer")),
            entry("format", string("int32")),
        ],
        Kind::Int64 => vec![
            entry("type", string("integer")),
            entry("format", string("int64")),
        ],
        Kind::Number => vec![
            entry("type", string("number")),
            entry("format", string("double")),
        ],
        Kind::Bool => vec![entry("type", string("boolean"))],
        Kind::FreeObject | Kind::Any => vec![entry("type", string("object"))],
        Kind::Map => vec![
            entry("type", string("object")),
            entry(
                "additionalProperties",
                Node::Map(vec![entry("type", string("string"))]),
            ),
        ],
        Kind::Object(Some(name)) => {
            *object = Some(name.clone());
            return Some(vec![entry("$ref", string(&object_ref(name)))]);
        }
        Kind::Array(element) => {
            let mut items = kind_schema(element, facts, object, object_ref)?;
            if object.is_some() {
                items.retain(|(key, _)| key == "$ref");
            }
            let mut schema = vec![entry("type", string("array"))];
            number_entry(&mut schema, "minItems", facts.min_items.as_deref());
            number_entry(&mut schema, "maxItems", facts.max_items.as_deref());
            schema.push(entry("items", Node::Map(items)));
            return Some(schema);
        }
        Kind::Object(None) | Kind::Union(_) | Kind::Unknown(_) => return None,
    };
    let is_string = matches!(kind, Kind::String);
    let is_number = matches!(
        kind,
        Kind::Int32 | Kind::Int64 | Kind::Integer | Kind::Number
    );
    if let Some(values) = &facts.enum_values
        && is_string
    {
        schema.push(entry(
            "enum",
            Node::Seq(values.iter().map(|value| string(value)).collect()),
        ));
    }
    if let Some(default) = &facts.default {
        let value = if is_number {
            default
                .parse::<serde_json::Number>()
                .map(Node::Number)
                .unwrap_or_else(|_| string(default))
        } else if matches!(kind, Kind::Bool) {
            match default.as_str() {
                "true" => Node::Bool(true),
                "false" => Node::Bool(false),
                _ => string(default),
            }
        } else {
            string(default)
        };
        schema.push(entry("default", value));
    }
    if is_string {
        number_entry(&mut schema, "minLength", facts.min_length.as_deref());
        number_entry(&mut schema, "maxLength", facts.max_length.as_deref());
    }
    if is_number {
        number_entry(&mut schema, "minimum", facts.minimum.as_deref());
        number_entry(&mut schema, "maximum", facts.maximum.as_deref());
    }
    Some(schema)
}

/// The object a cell points to by table number: `表5 EventModel`, `Table 5 EventModel`.
fn table_named(text: &str) -> Option<String> {
    ["表", "Table "].iter().find_map(|word| {
        text.match_indices(word).find_map(|(at, _)| {
            let rest = &text[at + word.len()..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            let name: String = rest[digits..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (name.len() > 1 && name.starts_with(|c: char| c.is_ascii_uppercase())).then_some(name)
        })
    })
}

fn number_entry(schema: &mut Vec<(String, Node)>, key: &str, value: Option<&str>) {
    if let Some(number) = value.and_then(|value| value.parse::<serde_json::Number>().ok()) {
        schema.push(entry(key, Node::Number(number)));
    }
}

/// The text a row states its constraints in: the description, and the value-range
/// column of the pages that have one.
pub fn constraint_text(row: &Row) -> String {
    if row.range.is_empty() || row.range.trim() == "-" {
        row.description.clone()
    } else {
        format!("{}\n{}", row.description, row.range)
    }
}

/// A row's description for the spec: the prose, without the labelled constraints
/// that became keywords.
pub fn description(row: &Row) -> String {
    let prose = text::prose(&row.description);
    // A page's empty description cell: the field's name is all it says.
    if prose.trim().is_empty() {
        row.name.clone()
    } else {
        prose
    }
}

/// Whether the description looks like it lists values that could not be read
/// (`Retry Retry termination -- TERMINATE`): one `--` pair is not a list.
pub fn garbled_enum(row: &Row) -> bool {
    text::facts(&row.description).enum_values.is_none() && row.description.contains("--")
}

/// A type cell that names an array but not its element (`Array`, `JSON数组`), with no
/// table pointed at.
pub fn untyped_array(row: &Row) -> bool {
    let bare = matches!(
        row.ty.trim().to_ascii_lowercase().as_str(),
        "array" | "list" | "json数组" | "jsonarray" | "array[object]" | "list[object]"
    );
    bare && table_named(&format!("{}\n{}", row.range, row.description)).is_none()
}
