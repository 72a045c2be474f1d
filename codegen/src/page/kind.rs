//! Types as a page writes them in its type column (`Long`, `Array of X objects`,
//! `int`, `JSON数组`), in the vocabulary that a spec's schemas are compared in too.

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
    // `List< Dict >`: spaces inside angle brackets say nothing.
    let spaced = text.trim();
    let compact: String;
    let text = if spaced.contains('<') {
        compact = spaced.chars().filter(|c| *c != ' ').collect();
        compact.as_str()
    } else {
        spaced
    };
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "string" | "strings" => return Kind::String,
        "integer" | "integers" | "int" | "int32" | "short" => return Kind::Int32,
        "long" | "longs" | "int64" => return Kind::Int64,
        "double" | "doubles" | "float" | "floats" | "number" | "numbers" | "bigdecimal"
        | "decimal" => return Kind::Number,
        "boolean" | "booleans" | "bool" => return Kind::Bool,
        "object" | "objects" | "json" | "json对象" | "jsonobject" | "map" | "dict" => {
            return Kind::FreeObject;
        }
        // Older pages: an array whose element type is only in a table or the example.
        "array" | "list" | "json数组" | "jsonarray" | "array[object]" | "list[object]" => {
            return Kind::Array(Box::new(Kind::FreeObject));
        }
        "array[string]" | "list[string]" => return Kind::Array(Box::new(Kind::String)),
        _ => {}
    }
    if lower.starts_with("map<") || lower.starts_with("map of ") {
        return Kind::Map;
    }
    if let Some(inner) = lower
        .strip_prefix("list<")
        .or_else(|| lower.strip_prefix("array<"))
        .and_then(|rest| rest.strip_suffix('>'))
    {
        let start = text.len() - inner.len() - 1;
        let element = &text[start..start + inner.len()];
        return Kind::Array(Box::new(match page_kind(element) {
            // `List<Transfer>`: an element type by its name is an object's table.
            Kind::Unknown(name) if is_type_name(&name) => Kind::Object(Some(name)),
            kind => kind,
        }));
    }
    if lower.starts_with("array of ") {
        let element = &text["array of ".len()..];
        let element_lower = element.to_ascii_lowercase();
        for suffix in [" objects", " object"] {
            if element_lower.ends_with(suffix)
                && let Some(name) = object_name(&element[..element.len() - suffix.len()], true)
            {
                return Kind::Array(Box::new(Kind::Object(Some(name))));
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
        .and_then(|name| object_name(name, false))
    {
        return Kind::Object(Some(name));
    }
    Kind::Unknown(text.to_owned())
}

/// The table name in `X object`: one word, or, after `Array of` (which no description
/// starts with), words a page spaced where its table's title has `_` (VPC
/// `Array of firewall Policy object` for `表3 firewall_Policy对象`). A bare `a b object`
/// may be a line of an English description.
fn object_name(text: &str, spaced: bool) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [] => None,
        [name] => Some((*name).to_owned()),
        words if spaced && words.len() <= 3 && words.iter().all(|word| is_type_name(word)) => {
            Some(words.join("_"))
        }
        _ => None,
    }
}

/// `Transfer`, `resource_tag`: what a page names an object's table by.
fn is_type_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
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
        // VPC `查询防火墙策略列表`: the table is `表3 firewall_Policy对象`.
        assert_eq!(
            page_kind("Array of firewall Policy object"),
            Kind::Array(Box::new(Kind::Object(Some("firewall_Policy".into()))))
        );
        assert_eq!(
            page_kind("one of many words object"),
            Kind::Unknown("one of many words object".into())
        );
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
        assert_eq!(page_kind("int"), Kind::Int32);
        assert_eq!(page_kind("string"), Kind::String);
        assert_eq!(page_kind("JSON对象"), Kind::FreeObject);
        assert_eq!(
            page_kind("JSON数组"),
            Kind::Array(Box::new(Kind::FreeObject))
        );
        assert_eq!(
            page_kind("Array[Object]"),
            Kind::Array(Box::new(Kind::FreeObject))
        );
        assert_eq!(
            page_kind("List< Dict >"),
            Kind::Array(Box::new(Kind::FreeObject))
        );
        assert_eq!(
            page_kind("List<Transfer>"),
            Kind::Array(Box::new(Kind::Object(Some("Transfer".into()))))
        );
        assert_eq!(
            page_kind("Array<Object>"),
            Kind::Array(Box::new(Kind::FreeObject))
        );
        assert_eq!(
            page_kind("Array<Map<String,Object>>"),
            Kind::Array(Box::new(Kind::Map))
        );
        assert!(matches!(page_kind("项目ID"), Kind::Unknown(_)));
        assert!(matches!(page_kind("a b object"), Kind::Unknown(_)));
    }
}
