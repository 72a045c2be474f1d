//! `x-pagination`: how a marker-paged operation pages, checked against its parameters
//! and its success reply. Every failure points at the extension.

use serde_json::{Map, Value};

use crate::error::SpecError;
use crate::ir::{
    MarkerField, Pagination, Param, ParamLocation, PathStep, Presence, StructDef, TypeDef, TypeRef,
};
use crate::lower::Lowering;

/// The keys `x-pagination` knows.
const KEYS: &[&str] = &["items", "item-marker", "marker", "limit"];

impl Lowering<'_> {
    /// The operation's pagination, from `x-pagination` on the operation at `pointer`.
    /// Runs after parameters and responses are lowered: it checks the extension against
    /// their types.
    pub(super) fn lower_pagination(
        &self,
        pointer: &str,
        params: &[Param],
        response: Option<&TypeRef>,
    ) -> Result<Option<Pagination>, SpecError> {
        let pointer = format!("{pointer}/x-pagination");
        let Some(node) = self.raw(&pointer) else {
            return Ok(None);
        };
        let fail = |message: String| Err(self.locator.at(&pointer, message));
        let Some(extension) = node.as_object() else {
            return fail(
                "`x-pagination` must be a mapping with `items`, `item-marker`, `marker` and optionally `limit`"
                    .to_owned(),
            );
        };
        if let Some(unknown) = extension.keys().find(|key| !KEYS.contains(&key.as_str())) {
            return fail(format!(
                "`x-pagination` has an unknown key `{unknown}`; it knows {}",
                KEYS.join(", ")
            ));
        }
        let items_pointer = self.pagination_key(extension, "items", &pointer)?;
        let marker_property = self.pagination_key(extension, "item-marker", &pointer)?;
        let marker_name = self.pagination_key(extension, "marker", &pointer)?;
        let limit_name = match extension.get("limit") {
            Some(_) => Some(self.pagination_key(extension, "limit", &pointer)?),
            None => None,
        };

        let Some(response) = response else {
            return fail(
                "`x-pagination`: the success reply has no body to page through".to_owned(),
            );
        };
        // How the pointer and the node it has reached so far read in messages.
        let shown = if items_pointer.is_empty() {
            "''"
        } else {
            items_pointer
        };
        let place = |walked: &str| {
            if walked.is_empty() {
                "the body".to_owned()
            } else {
                format!("`{walked}`")
            }
        };
        let segments = match pointer_segments(items_pointer) {
            Ok(segments) => segments,
            Err(message) => return fail(format!("`items: {shown}`: {message}")),
        };
        let mut items_path = Vec::with_capacity(segments.len());
        let mut current = response.clone();
        let mut walked = String::new();
        for segment in &segments {
            let Some(owner) = self.struct_of(&current) else {
                return fail(format!(
                    "`items: {shown}`: {} is {}, not an object, so it has no property `{segment}`",
                    place(&walked),
                    self.describe(&current)
                ));
            };
            let field = self.plain_field(owner, segment, &format!("items: {shown}"), &pointer)?;
            items_path.push(PathStep {
                json_name: field.json_name.clone(),
                rust_name: field.rust_name.clone(),
                presence: Presence::of(field),
            });
            walked.push('/');
            walked.push_str(segment);
            current = field.ty.clone();
        }
        let TypeRef::List(item_type) = self.resolve(&current) else {
            return fail(format!(
                "`items: {shown}`: {} is {}, not an array",
                place(&walked),
                self.describe(&current)
            ));
        };
        let item_type = item_type.as_ref().clone();
        let Some(item) = self.struct_of(&item_type) else {
            return fail(format!(
                "`items: {shown}`: the items are {}, not objects, so they have no marker property",
                self.describe(&item_type)
            ));
        };
        let marker_field = self.plain_field(
            item,
            marker_property,
            &format!("item-marker: {marker_property}"),
            &pointer,
        )?;
        let marker_type = self.resolve(&marker_field.ty).clone();
        if !matches!(marker_type, TypeRef::String | TypeRef::I32 | TypeRef::I64) {
            return fail(format!(
                "`item-marker: {marker_property}`: `{}.{marker_property}` is {}; a marker must be a string or an integer",
                item.name,
                self.describe(&marker_field.ty)
            ));
        }

        let marker = self.paging_param(params, marker_name, "marker", &pointer)?;
        if self.resolve(&marker.ty) != &marker_type {
            return fail(format!(
                "`marker: {marker_name}`: the parameter is {}, but the items' `{marker_property}` is {}; they must have the same type",
                self.describe(&marker.ty),
                self.describe(&marker_type)
            ));
        }
        let limit = match limit_name {
            Some(limit_name) => {
                let limit = self.paging_param(params, limit_name, "limit", &pointer)?;
                if !matches!(self.resolve(&limit.ty), TypeRef::I32 | TypeRef::I64) {
                    return fail(format!(
                        "`limit: {limit_name}`: the page size must be an integer query parameter, but it is {}",
                        self.describe(&limit.ty)
                    ));
                }
                if limit_name == marker_name {
                    return fail(format!(
                        "`limit` and `marker` both name the parameter `{marker_name}`"
                    ));
                }
                Some(limit.rust_name.clone())
            }
            None => None,
        };

        Ok(Some(Pagination {
            items_path,
            item_type,
            item_marker: MarkerField {
                json_name: marker_field.json_name.clone(),
                rust_name: marker_field.rust_name.clone(),
                ty: marker_type,
                presence: Presence::of(marker_field),
            },
            marker_param: marker.rust_name.clone(),
            limit_param: limit,
        }))
    }

    /// The string value of `key` in the extension, which must be there.
    fn pagination_key<'v>(
        &self,
        extension: &'v Map<String, Value>,
        key: &str,
        pointer: &str,
    ) -> Result<&'v str, SpecError> {
        match extension.get(key) {
            Some(Value::String(value)) => Ok(value),
            Some(_) => Err(self
                .locator
                .at(pointer, format!("`x-pagination`: `{key}` must be a string"))),
            None => Err(self
                .locator
                .at(pointer, format!("`x-pagination` needs `{key}`"))),
        }
    }

    /// The query parameter that `name` (the `key` of the extension) names.
    fn paging_param<'p>(
        &self,
        params: &'p [Param],
        name: &str,
        key: &str,
        pointer: &str,
    ) -> Result<&'p Param, SpecError> {
        let found = params.iter().find(|param| param.name == name);
        let Some(param) = found.filter(|param| param.location == ParamLocation::Query) else {
            let is = match found.map(|param| param.location) {
                Some(ParamLocation::Path) => "a path parameter",
                Some(ParamLocation::Header) => "a header parameter",
                _ => "not a parameter of the operation",
            };
            return Err(self.locator.at(
                pointer,
                format!("`{key}: {name}` must name a query parameter, but `{name}` is {is}"),
            ));
        };
        Ok(param)
    }

    /// The property `json_name` of `owner`, which must not be a second spelling.
    fn plain_field<'s>(
        &self,
        owner: &'s StructDef,
        json_name: &str,
        what: &str,
        pointer: &str,
    ) -> Result<&'s crate::ir::Field, SpecError> {
        let Some(field) = owner
            .fields
            .iter()
            .find(|field| field.json_name == json_name)
        else {
            return Err(self.locator.at(
                pointer,
                format!("`{what}`: `{}` has no property `{json_name}`", owner.name),
            ));
        };
        if let Some(canonical) = &field.alias_of {
            let canonical = owner
                .fields
                .iter()
                .find(|other| &other.rust_name == canonical)
                .map_or(canonical.as_str(), |other| other.json_name.as_str());
            return Err(self.locator.at(
                pointer,
                format!(
                    "`{what}`: `{}.{json_name}` is a second spelling of `{canonical}` (`x-alias-of`); name `{canonical}`",
                    owner.name
                ),
            ));
        }
        Ok(field)
    }

    /// `ty` with named aliases followed to what they stand for.
    fn resolve<'t>(&'t self, mut ty: &'t TypeRef) -> &'t TypeRef {
        // Aliases cannot loop (each names a component defined before it is used), but
        // the bound keeps a malformed IR from hanging the generator.
        for _ in 0..=self.types.len() {
            let TypeRef::Named(name) = ty else { break };
            match self.types.get(name) {
                Some((TypeDef::Alias(alias), _)) => ty = &alias.target,
                _ => break,
            }
        }
        ty
    }

    /// The struct that `ty` names, through aliases.
    fn struct_of(&self, ty: &TypeRef) -> Option<&StructDef> {
        match self.resolve(ty) {
            TypeRef::Named(name) => match self.types.get(name) {
                Some((TypeDef::Struct(def), _)) => Some(def),
                _ => None,
            },
            _ => None,
        }
    }

    /// `ty` in words, for messages.
    fn describe(&self, ty: &TypeRef) -> String {
        match self.resolve(ty) {
            TypeRef::String => "a string".to_owned(),
            TypeRef::I32 => "an int32 integer".to_owned(),
            TypeRef::I64 => "an int64 integer".to_owned(),
            TypeRef::Number => "a number".to_owned(),
            TypeRef::Bool => "a boolean".to_owned(),
            TypeRef::Json => "free-form JSON".to_owned(),
            TypeRef::List(_) => "an array".to_owned(),
            TypeRef::Map(_) => "a map".to_owned(),
            TypeRef::Named(name) => match self.types.get(name) {
                Some((TypeDef::Struct(_), _)) => format!("the object `{name}`"),
                Some((TypeDef::Enum(_), _)) => format!("the string enum `{name}`"),
                Some((TypeDef::Union(_), _)) => format!("the union `{name}`"),
                _ => format!("`{name}`"),
            },
        }
    }
}

/// The unescaped segments of a JSON pointer (RFC 6901); `""` is the whole body.
fn pointer_segments(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err("a JSON pointer starts with `/` (or is empty for the whole body)".to_owned());
    };
    rest.split('/')
        .map(|segment| {
            let mut unescaped = String::with_capacity(segment.len());
            let mut chars = segment.chars();
            while let Some(c) = chars.next() {
                if c != '~' {
                    unescaped.push(c);
                    continue;
                }
                match chars.next() {
                    Some('0') => unescaped.push('~'),
                    Some('1') => unescaped.push('/'),
                    _ => {
                        return Err(format!(
                            "`{segment}` is not a valid JSON pointer segment (`~` must be followed by 0 or 1)"
                        ));
                    }
                }
            }
            Ok(unescaped)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::pointer_segments;

    #[test]
    fn pointers_split_and_unescape() {
        assert_eq!(pointer_segments(""), Ok(vec![]));
        assert_eq!(
            pointer_segments("/data/execute_instances"),
            Ok(vec!["data".to_owned(), "execute_instances".to_owned()])
        );
        assert_eq!(
            pointer_segments("/a~1b/c~0d"),
            Ok(vec!["a/b".to_owned(), "c~d".to_owned()])
        );
        assert!(pointer_segments("data").is_err());
        assert!(pointer_segments("/a~2").is_err());
    }
}
