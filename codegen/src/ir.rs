//! The intermediate representation: one service, with every OpenAPI spelling settled.
//!
//! Lowering (`lower`) is the only code that reads OpenAPI; emitters (`emit`) read only
//! these types. Every name here is already a valid Rust identifier.

/// One service: one spec file, one generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The spec file's stem (`coc`), which names the crate (`huaweicloud-sdk-coc`).
    pub name: String,
    /// The spec file as the user knows it (`specs/coc.yaml`), for generated headers.
    pub spec_path: String,
    /// The service's display name (`COC`).
    pub title: String,
    /// What the service is.
    pub description: String,
    /// Whether the crate may be published (`info.x-publish`, default true); generator
    /// fixtures say false.
    pub publish: bool,
    /// The crate's own version (`info.x-crate-version`, default `0.1.0`). Only
    /// `cargo xtask release` changes it; regenerating keeps it.
    pub version: crate::version::Version,
    /// Region id to endpoint, sorted by region id.
    pub endpoints: Vec<Endpoint>,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every operation, in the spec's path order.
    pub operations: Vec<Operation>,
    /// The sections operations are grouped in (their first tag), in the order of the
    /// spec's top-level `tags`, then any tag it does not list; only sections used.
    pub sections: Vec<Section>,
    /// Every documented example of a request or response body, in the spec's order.
    pub examples: Vec<Example>,
}

/// A documented example of a body and the type it must decode into.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// operationId of the operation whose body it shows.
    pub operation: String,
    /// `request`, or the response status (`200`).
    pub part: String,
    /// Its key under `examples` (`example` for the single-example form).
    pub name: String,
    /// JSON pointer of the example's value.
    pub pointer: String,
    /// The body's type.
    pub ty: TypeRef,
    /// The example's JSON.
    pub value: serde_json::Value,
}

impl Service {
    /// The named type called `name`.
    ///
    /// A binary search over [`Service::types`], which are sorted by name: emitters look
    /// a type up for every field they check, and a linear search made a spec of 5,000
    /// operations quadratic to generate.
    pub fn find_type(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|def| def.name().cmp(name))
            .ok()
            .map(|index| &self.types[index])
    }

    /// The structs that request bodies contain, directly or nested. They are built by
    /// callers (so they stay open to struct literals) and are validated before sending.
    pub fn request_structs(&self) -> std::collections::BTreeSet<String> {
        let mut found = std::collections::BTreeSet::new();
        let mut pending: Vec<&TypeRef> = self
            .operations
            .iter()
            .filter_map(|operation| operation.body.as_ref().map(|body| &body.ty))
            .collect();
        while let Some(ty) = pending.pop() {
            match ty {
                TypeRef::List(inner) | TypeRef::Map(inner) => pending.push(inner),
                TypeRef::Named(name) => match self.find_type(name) {
                    Some(TypeDef::Struct(def)) if found.insert(def.name.clone()) => {
                        pending.extend(def.fields.iter().map(|field| &field.ty));
                        pending.extend(def.additional.as_ref());
                    }
                    Some(TypeDef::Alias(def)) => pending.push(&def.target),
                    Some(TypeDef::Union(def)) => {
                        pending.extend(def.variants.iter().map(|(_, ty)| ty))
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        found
    }

    /// Whether a parameter or a request model states a `pattern`: only then does the
    /// crate need core's `patterns` feature (a regex engine), which no crate should
    /// build for nothing.
    pub fn uses_patterns(&self) -> bool {
        let in_params = self.operations.iter().any(|operation| {
            operation
                .params
                .iter()
                .any(|param| param.constraints.pattern.is_some())
        });
        let request_structs = self.request_structs();
        let in_fields = self.types.iter().any(|def| match def {
            TypeDef::Struct(def) if request_structs.contains(&def.name) => def
                .fields
                .iter()
                .any(|field| field.constraints.pattern.is_some()),
            _ => false,
        });
        in_params || in_fields
    }
}

/// A documented endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Region id (`cn-north-4`).
    pub region: String,
    /// Base URL.
    pub url: String,
}

/// A reference to a type, as a field, parameter or response uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `String`
    String,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// A JSON number, kept exactly as written (`serde_json::Number`) so that `100` and
    /// `100.0` both re-encode as they came.
    Number,
    /// `bool`
    Bool,
    /// Any JSON (`serde_json::Value`).
    Json,
    /// A named type of this service.
    Named(String),
    /// `Vec<T>`
    List(Box<TypeRef>),
    /// `BTreeMap<String, T>`
    Map(Box<TypeRef>),
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    /// An object with known properties.
    Struct(StructDef),
    /// A string with documented values; unknown values are kept.
    Enum(EnumDef),
    /// A value that is one of several types (`oneOf`/`anyOf`).
    Union(UnionDef),
    /// Another name for a type (a component schema that is an array or primitive).
    Alias(AliasDef),
}

impl TypeDef {
    /// The type's Rust name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(def) => &def.name,
            TypeDef::Enum(def) => &def.name,
            TypeDef::Union(def) => &def.name,
            TypeDef::Alias(def) => &def.name,
        }
    }
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: String,
    /// Fields in the spec's order.
    pub fields: Vec<Field>,
    /// The type of properties not named in the schema (`additionalProperties` next to
    /// `properties`), kept in a map so that none is dropped.
    pub additional: Option<TypeRef>,
}

/// A property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Key on the wire.
    pub json_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// Doc text.
    pub doc: String,
    /// Its type.
    pub ty: TypeRef,
    /// The spec lists it in `required`.
    pub required: bool,
    /// The spec marks it `nullable`: an explicit `null` is kept apart from absence.
    pub nullable: bool,
    /// For a second spelling of another field (`x-alias-of`): that field's Rust name.
    pub alias_of: Option<String>,
    /// Documented constraints, checked before sending when the field is part of a request.
    pub constraints: Constraints,
    /// The field's type contains the struct itself, so it is held in a `Box`.
    pub boxed: bool,
}

/// An open string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: String,
    /// Documented values, in the spec's order.
    pub variants: Vec<Variant>,
}

/// A documented enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The value on the wire.
    pub value: String,
    /// Rust variant name.
    pub rust_name: String,
}

/// A value of one of several shapes, tried in order.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: String,
    /// (variant name, type) in the spec's order.
    pub variants: Vec<(String, TypeRef)>,
}

/// A type alias.
#[derive(Debug, Clone, PartialEq)]
pub struct AliasDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: String,
    /// The aliased type.
    pub target: TypeRef,
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }
}

/// One API call.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// operationId (`GetScriptJobBatch`), also the builder type's name.
    pub id: String,
    /// The client method's name (`get_script_job_batch`).
    pub method_name: String,
    /// One-line summary.
    pub summary: String,
    /// Longer description.
    pub description: String,
    /// HTTP method.
    pub method: Method,
    /// Path template (`/v1/job/script/orders/{execute_uuid}`).
    pub path: String,
    /// Path, query and header parameters, in the spec's order.
    pub params: Vec<Param>,
    /// The JSON request body.
    pub body: Option<Body>,
    /// The success reply's body type; `None` when it has no body.
    pub response: Option<TypeRef>,
    /// The documented success status (`200`).
    pub success_status: String,
    /// Documented error replies: (status, body type).
    pub errors: Vec<(String, Option<TypeRef>)>,
    /// How the operation pages (`x-pagination`), when it does.
    pub pagination: Option<Pagination>,
    /// The section (first tag) the operation is listed under; `None` without tags.
    pub section: Option<String>,
}

/// A group of operations in the client's documentation and the README: an OpenAPI tag,
/// which a transcribed spec sets to the reference's section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The tag's name, as the reference names the section.
    pub name: String,
    /// The tag's description; empty when the spec gives none.
    pub description: String,
}

/// Marker pagination (`x-pagination`): each next request sets the marker parameter to
/// the marker property of the last item of the previous page.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The fields that lead from the success body to the item list, outermost first;
    /// empty when the body itself is the list.
    pub items_path: Vec<PathStep>,
    /// The type of one item (a struct).
    pub item_type: TypeRef,
    /// The item's property whose value is the next marker.
    pub item_marker: MarkerField,
    /// Rust name of the query parameter that carries the marker.
    pub marker_param: String,
    /// Rust name of the query parameter that carries the page size, when there is one.
    pub limit_param: Option<String>,
}

/// One field on the way from a response body to its item list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    /// Key on the wire.
    pub json_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// How the field holds its value.
    pub presence: Presence,
}

/// The item property that holds the next marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerField {
    /// Key on the wire.
    pub json_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// The marker's type (`String`, `i32` or `i64`), which is also the marker parameter's.
    pub ty: TypeRef,
    /// How the field holds its value.
    pub presence: Presence,
}

/// How a generated struct field holds its value, as `models` emits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required and not nullable: `T`.
    Always,
    /// Optional, or required but nullable: `Option<T>`.
    Optional,
    /// Optional and nullable: `Option<Option<T>>` (absent and `null` kept apart).
    OptionalNullable,
}

impl Presence {
    /// How a field that is `required` and `nullable` (or not) holds its value.
    pub fn of(field: &Field) -> Self {
        match (field.required, field.nullable) {
            (true, false) => Presence::Always,
            (false, true) => Presence::OptionalNullable,
            _ => Presence::Optional,
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// Fills `{name}` in the path.
    Path,
    /// A query pair.
    Query,
    /// A request header.
    Header,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire (`x-project-id`, `limit`).
    pub name: String,
    /// Rust setter name.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Doc text.
    pub doc: String,
    /// Must be set (before any configuration fallback).
    pub required: bool,
    /// A primitive or an enum.
    pub ty: TypeRef,
    /// Documented constraints, checked before sending.
    pub constraints: Constraints,
    /// Filled from the client configuration when the request does not set it.
    pub from_config: Option<FromConfig>,
}

/// A configuration value that fills a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromConfig {
    /// The configuration key; only `project_id` exists.
    pub key: String,
    /// The request has a setter that wins over the configuration.
    pub overridable: bool,
}

/// Documented constraints of a parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength`
    pub min_length: Option<u64>,
    /// `maxLength`
    pub max_length: Option<u64>,
    /// `minimum`, as written.
    pub minimum: Option<Bound>,
    /// `maximum`, as written.
    pub maximum: Option<Bound>,
    /// `pattern`
    pub pattern: Option<String>,
    /// `default`, shown in docs only: the server applies it.
    pub default: Option<String>,
}

/// A numeric bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// For integer parameters.
    Int(i64),
    /// For number parameters.
    Float(f64),
}

/// A JSON request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: TypeRef,
    /// Doc text.
    pub doc: String,
    /// The spec marks it required.
    pub required: bool,
}
