//! Spec text to OpenAPI, keeping the raw JSON tree for what `openapiv3` does not model
//! (a description next to a `$ref`) and for pointing at nodes in errors.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::document::pointer_segment;
use crate::error::{Locator, SpecError};
use crate::yaml;

/// A parsed spec: the typed model and the raw tree it came from.
#[derive(Debug, Clone)]
pub struct ParsedSpec {
    /// The typed OpenAPI document.
    pub openapi: OpenAPI,
    /// The same document as JSON.
    pub raw: Value,
}

/// Parse YAML (or JSON) spec text.
pub fn parse(locator: &Locator, text: &str) -> Result<ParsedSpec, SpecError> {
    let tree = yaml::read(text).map_err(|e| yaml_error(locator, &e))?;
    // The typed model is read from JSON text written in document order, so its maps keep
    // the spec's order; the YAML itself is read once.
    let json = tree.to_json_text();
    let raw = tree.into_value();
    if raw
        .get("openapi")
        .and_then(Value::as_str)
        .is_none_or(|v| !v.starts_with("3.0."))
    {
        return Err(locator.at("/openapi", "expected `openapi: 3.0.x`"));
    }
    let openapi = match serde_json::from_str::<OpenAPI>(&json) {
        Ok(openapi) => openapi,
        Err(_) => return Err(locate_invalid_node(locator, &raw)),
    };
    Ok(ParsedSpec { openapi, raw })
}

/// Re-read the document from its JSON tree to find the JSON pointer of the node that
/// is not valid OpenAPI.
fn locate_invalid_node(locator: &Locator, raw: &Value) -> SpecError {
    let Err(e) = serde_path_to_error::deserialize::<_, OpenAPI>(raw) else {
        return locator.at("", "not a valid OpenAPI 3.0 document");
    };
    let pointer: String = e
        .path()
        .iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
            serde_path_to_error::Segment::Map { key } => Some(pointer_segment(key)),
            serde_path_to_error::Segment::Enum { variant } => Some(pointer_segment(variant)),
            serde_path_to_error::Segment::Unknown => None,
        })
        .map(|segment| format!("/{segment}"))
        .collect();
    locator.at(
        &pointer,
        format!("not a valid OpenAPI 3.0 node: {}", e.inner()),
    )
}

fn yaml_error(locator: &Locator, error: &serde_saphyr::Error) -> SpecError {
    let message = format!("YAML syntax error: {error}");
    match error.location() {
        Some(location) => locator.at_line(
            location.line() as usize,
            location.column() as usize,
            message,
        ),
        None => locator.at_line(0, 0, message),
    }
}
