//! Types as a page writes them (`Long`, `Array of X objects`) and as a spec declares
//! them, in one vocabulary, and which pairs mean the same.

/// The shape of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `String` / `type: string`.
    String,
    /// `Integer` / `type: integer, format: int32`.
    Int32,
    /// `Long` / `type: integer, format: int64`.
    Int64,
    /// `type: integer` without a format (spec only).
    Integer,
    /// `Double`, `Float`, `Number` / `type: number`.
    Number,
    /// `Boolean` / `type: boolean`.
    Bool,
    /// `Object` / `type: object` without properties.
    FreeObject,
    /// `X object` / an object with properties, with the page's or the spec's name.
    Object(Option<String>),
    /// `Array of ...` / `type: array`.
    Array(Box<Kind>),
    /// `Map<String,String>` / `additionalProperties`.
    Map,
    /// `oneOf`/`anyOf` (spec only).
    Union(Vec<Kind>),
    /// A schema without a type: any JSON (spec only).
    Any,
    /// A page type this tool does not know; it is not compared.
    Unknown(String),
}

/// The kind a page's type cell names.
pub fn page_kind(text: &str) -> Kind {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "string" | "strings" => return Kind::String,
        "integer" | "integers" | "int" | "int32" | "short" => return Kind::Int32,
        "long" | "longs" | "int64" => return Kind::Int64,
        "double" | "doubles" | "float" | "floats" | "number" | "numbers" | "bigdecimal"
        | "decimal" => return Kind::Number,
        "boolean" | "booleans" | "bool" => return Kind::Bool,
        "object" | "objects" | "json" => return Kind::FreeObject,
        _ => {}
    }
    if lower.starts_with("map<") || lower.starts_with("map of ") {
        return Kind::Map;
    }
    if let Some(inner) = lower
        .strip_prefix("list<")
        .and_then(|rest| rest.strip_suffix('>'))
    {
        let start = "list<".len();
        return Kind::Array(Box::new(page_kind(&text[start..start + inner.len()])));
    }
    if lower.starts_with("array of ") {
        let element = &text["array of ".len()..];
        let element_lower = element.to_ascii_lowercase();
        for suffix in [" objects", " object"] {
            if element_lower.ends_with(suffix) {
                let name = element[..element.len() - suffix.len()].trim();
                if !name.is_empty() && !name.contains(char::is_whitespace) {
                    return Kind::Array(Box::new(Kind::Object(Some(name.to_owned()))));
                }
            }
        }
        return match page_kind(element) {
            Kind::Unknown(_) => Kind::Unknown(text.to_owned()),
            kind => Kind::Array(Box::new(kind)),
        };
    }
    if let Some(name) = text
        .strip_suffix(" object")
        .or_else(|| text.strip_suffix(" Object"))
    {
        let name = name.trim();
        if !name.is_empty() && !name.contains(char::is_whitespace) {
            return Kind::Object(Some(name.to_owned()));
        }
    }
    Kind::Unknown(text.to_owned())
}

/// Whether a page's kind and a spec's kind describe the same values. Unknown page
/// types and untyped schemas agree with everything; a union never equals one type.
pub fn compatible(page: &Kind, spec: &Kind) -> bool {
    match (page, spec) {
        (Kind::Unknown(_), _) | (_, Kind::Any) => true,
        (Kind::Int32, Kind::Int32 | Kind::Integer) | (Kind::Int64, Kind::Int64 | Kind::Integer) => {
            true
        }
        (Kind::FreeObject | Kind::Map, Kind::FreeObject | Kind::Map) => true,
        (Kind::Object(_), Kind::Object(_)) => true,
        (Kind::Array(page), Kind::Array(spec)) => compatible(page, spec),
        (page, spec) => page == spec && !matches!(page, Kind::Union(_)),
    }
}

/// The broad family of a kind (`integer` for Int32, Int64 and Integer), to pick the
/// variant of a union that a page's type means.
pub fn family(kind: &Kind) -> &'static str {
    match kind {
        Kind::String => "string",
        Kind::Int32 | Kind::Int64 | Kind::Integer => "integer",
        Kind::Number => "number",
        Kind::Bool => "boolean",
        Kind::FreeObject | Kind::Object(_) | Kind::Map => "object",
        Kind::Array(_) => "array",
        Kind::Union(_) => "union",
        Kind::Any | Kind::Unknown(_) => "any",
    }
}

/// The object type a field refers to (`X` of `X object` or `Array of X objects`).
pub fn object_name(kind: &Kind) -> Option<&str> {
    match kind {
        Kind::Object(name) => name.as_deref(),
        Kind::Array(element) => object_name(element),
        _ => None,
    }
}

/// A spec kind in the spec's words.
pub fn spec_display(kind: &Kind) -> String {
    match kind {
        Kind::String => "string".to_owned(),
        Kind::Int32 => "integer (int32)".to_owned(),
        Kind::Int64 => "integer (int64)".to_owned(),
        Kind::Integer => "integer".to_owned(),
        Kind::Number => "number".to_owned(),
        Kind::Bool => "boolean".to_owned(),
        Kind::FreeObject => "object (free-form)".to_owned(),
        Kind::Object(Some(name)) => format!("object {name}"),
        Kind::Object(None) => "object".to_owned(),
        Kind::Array(element) => format!("array of {}", spec_display(element)),
        Kind::Map => "object (map)".to_owned(),
        Kind::Union(kinds) => format!(
            "one of {}",
            kinds
                .iter()
                .map(spec_display)
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        Kind::Any => "any".to_owned(),
        Kind::Unknown(text) => text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_types() {
        assert_eq!(page_kind("String"), Kind::String);
        assert_eq!(page_kind("Long"), Kind::Int64);
        assert_eq!(page_kind("Integer"), Kind::Int32);
        assert_eq!(page_kind("Double"), Kind::Number);
        assert_eq!(page_kind("Object"), Kind::FreeObject);
        assert_eq!(
            page_kind("PlaybookInfoRef object"),
            Kind::Object(Some("PlaybookInfoRef".into()))
        );
        assert_eq!(
            page_kind("Array of execution_result_list objects"),
            Kind::Array(Box::new(Kind::Object(Some("execution_result_list".into()))))
        );
        assert_eq!(
            page_kind("Array of strings"),
            Kind::Array(Box::new(Kind::String))
        );
        assert_eq!(page_kind("Map<String,String>"), Kind::Map);
        assert!(matches!(page_kind("项目ID"), Kind::Unknown(_)));
        assert!(matches!(page_kind("a b object"), Kind::Unknown(_)));
    }

    #[test]
    fn compatibility() {
        assert!(compatible(&Kind::Int32, &Kind::Integer));
        assert!(!compatible(&Kind::Int32, &Kind::Int64));
        assert!(!compatible(&Kind::Int64, &Kind::String));
        assert!(compatible(
            &Kind::Object(Some("A".into())),
            &Kind::Object(Some("B".into()))
        ));
        assert!(!compatible(
            &Kind::Int64,
            &Kind::Union(vec![Kind::String, Kind::Int64])
        ));
        assert!(compatible(&Kind::Unknown("File".into()), &Kind::String));
        assert_eq!(family(&Kind::Int32), family(&Kind::Int64));
    }
}
