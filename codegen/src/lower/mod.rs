//! OpenAPI to IR: the one place that reads OpenAPI. Every failure names the node.
//!
//! # Type names
//!
//! A type's name depends only on the schema that produces it and where that schema
//! sits, never on the other operations of the spec or on their order, so that adding
//! or removing an operation leaves every other type's name alone (a service grows to
//! hundreds of operations, one release at a time, and a renamed type breaks callers):
//!
//! - a component schema is named after its key (`Pet`);
//! - a schema inside another is named after its owner and its place there:
//!   `<Owner><Property>`, `<Owner>Item`, `<Owner>Value`, `<Owner>Variant<n>`;
//! - an operation's own schemas are named after the operation and their role:
//!   `<OperationId><Parameter>`, `<OperationId>RequestBody`, `<OperationId>Response`,
//!   `<OperationId>Error<Status>`;
//! - except a header parameter's, named after the header alone (`X-Language` ->
//!   `XLanguage`): a header means one thing across a service, and every operation that
//!   declares it shares its type.
//!
//! Two schemas that want one name must define the same type, which they then share (a
//! header declared alike by several operations); otherwise the spec is refused, naming
//! both. Identical inline enums elsewhere are not merged: which one would give the
//! shared type its name could only be decided by the set of operations that have it.

mod constraints;
mod examples;
mod operation;
mod pagination;
mod recursion;
mod schema;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Locator, SpecError};
use crate::ir::{Endpoint, Example, Operation, Section, Service, TypeDef};
use crate::parse::ParsedSpec;
use crate::version::Version;

/// Lower a parsed spec into the IR of service `name`.
pub fn lower(locator: &Locator, name: &str, parsed: &ParsedSpec) -> Result<Service, SpecError> {
    let mut lowering = Lowering {
        locator,
        parsed,
        types: BTreeMap::new(),
        examples: Vec::new(),
    };
    lowering.lower_components()?;
    let operations = lowering.lower_operations()?;
    let mut types: Vec<TypeDef> = std::mem::take(&mut lowering.types)
        .into_values()
        .map(|(def, _)| def)
        .collect();
    recursion::box_recursive_fields(&mut types);
    let info = &parsed.openapi.info;
    Ok(Service {
        name: name.to_owned(),
        spec_path: locator.file().to_owned(),
        title: info.title.clone(),
        description: info
            .description
            .as_deref()
            .map(normalise_doc)
            .unwrap_or_default(),
        publish: parsed
            .raw
            .pointer("/info/x-publish")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        version: crate_version(locator, &parsed.raw)?,
        endpoints: endpoints(locator, &parsed.raw)?,
        types,
        sections: sections(&parsed.openapi.tags, &operations),
        operations,
        examples: lowering.examples,
    })
}

/// The sections the operations use: the spec's top-level tags in its order, then the
/// tags it does not list, in the order operations first use them.
fn sections(tags: &[openapiv3::Tag], operations: &[Operation]) -> Vec<Section> {
    let used = |name: &str| {
        operations
            .iter()
            .any(|operation| operation.section.as_deref() == Some(name))
    };
    let mut sections: Vec<Section> = tags
        .iter()
        .filter(|tag| used(&tag.name))
        .map(|tag| Section {
            name: tag.name.clone(),
            description: tag
                .description
                .as_deref()
                .map(normalise_doc)
                .unwrap_or_default(),
        })
        .collect();
    for name in operations
        .iter()
        .filter_map(|operation| operation.section.as_deref())
    {
        if !sections.iter().any(|section| section.name == name) {
            sections.push(Section {
                name: name.to_owned(),
                description: String::new(),
            });
        }
    }
    sections
}

/// State shared by schema and operation lowering.
struct Lowering<'a> {
    locator: &'a Locator,
    parsed: &'a ParsedSpec,
    /// Rust type name -> (definition, JSON pointer of the schema that produced it).
    types: BTreeMap<String, (TypeDef, String)>,
    /// The documented examples checked so far.
    examples: Vec<Example>,
}

impl Lowering<'_> {
    /// The raw JSON node at `pointer`, for descriptions and `x-` extensions.
    fn raw(&self, pointer: &str) -> Option<&Value> {
        self.parsed.raw.pointer(pointer)
    }

    /// The node's `description`, whitespace-normalised, or `fallback`.
    fn doc(&self, pointer: &str, fallback: impl FnOnce() -> String) -> String {
        self.raw(pointer)
            .and_then(|node| node.get("description"))
            .and_then(Value::as_str)
            .map(normalise_doc)
            .filter(|doc| !doc.is_empty())
            .unwrap_or_else(fallback)
    }

    /// The string extension `key` of the node at `pointer`.
    fn extension_str(&self, pointer: &str, key: &str) -> Result<Option<String>, SpecError> {
        match self.raw(pointer).and_then(|node| node.get(key)) {
            None => Ok(None),
            Some(Value::String(value)) => Ok(Some(value.clone())),
            Some(_) => Err(self
                .locator
                .at(pointer, format!("`{key}` must be a string"))),
        }
    }

    /// Register a named type: a second schema that wants the name must define the very
    /// same type (then it is the one type of both), else it is refused.
    fn define(&mut self, def: TypeDef, pointer: &str) -> Result<(), SpecError> {
        let name = def.name().to_owned();
        match self.types.get(&name) {
            Some((known, _)) if *known == def => Ok(()),
            Some((_, first)) => {
                let advice = match self.header_name(pointer) {
                    Some(header) => format!(
                        "the type of header `{header}` is named after the header and shared by \
                         every operation, so each must declare the header alike (or give it a \
                         component schema)"
                    ),
                    None => "rename one of the two schemas".to_owned(),
                };
                Err(self.locator.at(
                    pointer,
                    format!(
                        "type name `{name}` is already produced by #{first}, differently; {advice}"
                    ),
                ))
            }
            None => {
                self.types.insert(name, (def, pointer.to_owned()));
                Ok(())
            }
        }
    }

    /// The header's name, when `pointer` is the schema of a header parameter.
    fn header_name(&self, pointer: &str) -> Option<&str> {
        let param = self.raw(pointer.strip_suffix("/schema")?)?;
        (param.get("in")?.as_str()? == "header").then_some(param.get("name")?.as_str()?)
    }
}

/// Doc text with each line trimmed, so that indentation can never turn into a doc test.
fn normalise_doc(text: &str) -> String {
    let text = text
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned();
    plain_text(&text)
}

/// A spec's description is the page's plain text, but rustdoc reads doc comments as
/// Markdown: `[1,65535]` would be a broken link, `List<String>` an unclosed HTML tag,
/// a bare `https://` address a lint. Brackets and a `<` that opens a tag are escaped;
/// an address is written as an autolink.
fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let url_length = ["https://", "http://"]
            .iter()
            .find(|scheme| rest.starts_with(**scheme))
            .map(|_| {
                rest.find(|c: char| c.is_whitespace() || !c.is_ascii() || "<>\"'`()[]".contains(c))
                    .unwrap_or(rest.len())
            });
        if let Some(length) = url_length
            && !out.ends_with('<')
        {
            let url = rest[..length].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' if rest[1..]
                .starts_with(|next: char| next.is_ascii_alphabetic() || next == '/')
                && !rest[1..].starts_with("http") =>
            {
                out.push_str("\\<");
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `info.x-crate-version`: the version the crate is released as, `MAJOR.MINOR.PATCH`.
fn crate_version(locator: &Locator, raw: &Value) -> Result<Version, SpecError> {
    const POINTER: &str = "/info/x-crate-version";
    match raw.pointer(POINTER) {
        None => Ok(Version::FIRST),
        Some(Value::String(text)) => text.parse::<Version>().map_err(|e| locator.at(POINTER, e)),
        Some(other) => Err(locator.at(
            POINTER,
            format!("must be a version string such as \"0.1.0\", not {other}"),
        )),
    }
}

fn endpoints(locator: &Locator, raw: &Value) -> Result<Vec<Endpoint>, SpecError> {
    let servers = raw
        .get("servers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut endpoints = Vec::with_capacity(servers.len());
    for (index, server) in servers.iter().enumerate() {
        let pointer = format!("/servers/{index}");
        let url = server.get("url").and_then(Value::as_str);
        let region = server.get("x-region").and_then(Value::as_str);
        let (Some(url), Some(region)) = (url, region) else {
            return Err(locator.at(&pointer, "a server needs `url` and `x-region`"));
        };
        if endpoints
            .iter()
            .any(|known: &Endpoint| known.region == region)
        {
            return Err(locator.at(&pointer, format!("region `{region}` is listed twice")));
        }
        endpoints.push(Endpoint {
            region: region.to_owned(),
            url: url.trim_end_matches('/').to_owned(),
        });
    }
    endpoints.sort_by(|a, b| a.region.cmp(&b.region));
    Ok(endpoints)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_plain_text_in_rustdoc() {
        assert_eq!(plain_text("位于[1,65535]中"), "位于\\[1,65535\\]中");
        assert_eq!(
            plain_text("List<String>, a < b, `x`"),
            "List\\<String>, a < b, `x`"
        );
        assert_eq!(
            plain_text("见https://support.huaweicloud.com/x.html。或 http://a.b/c."),
            "见<https://support.huaweicloud.com/x.html>。或 <http://a.b/c>."
        );
        assert_eq!(plain_text("<https://a.b>"), "<https://a.b>");
    }
}
