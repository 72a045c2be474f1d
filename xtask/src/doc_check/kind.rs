//! Types as a page writes them (`Long`, `Array of X objects`) and as a spec declares
//! them, in one vocabulary, and which pairs mean the same.

pub use huaweicloud_sdk_codegen::page::{Kind, page_kind};

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
