//! OpenAPI to IR: the one place that reads OpenAPI. Every failure names the node.

mod constraints;
mod examples;
mod operation;
mod pagination;
mod recursion;
mod schema;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Locator, SpecError};
use crate::ir::{Endpoint, Example, Service, TypeDef};
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
        description: info.description.clone().unwrap_or_default(),
        publish: parsed
            .raw
            .pointer("/info/x-publish")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        version: crate_version(locator, &parsed.raw)?,
        endpoints: endpoints(locator, &parsed.raw)?,
        types,
        operations,
        examples: lowering.examples,
    })
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

    /// Register a named type, refusing two different schemas that want one name.
    fn define(&mut self, def: TypeDef, pointer: &str) -> Result<(), SpecError> {
        let name = def.name().to_owned();
        if let Some((_, first)) = self.types.get(&name) {
            return Err(self.locator.at(
                pointer,
                format!("type name `{name}` is already produced by #{first}; rename one of the two schemas"),
            ));
        }
        self.types.insert(name, (def, pointer.to_owned()));
        Ok(())
    }
}

/// Doc text with each line trimmed, so that indentation can never turn into a doc test.
fn normalise_doc(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
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
