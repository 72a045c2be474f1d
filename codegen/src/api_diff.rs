//! What changed in a generated crate's public API between two versions of its spec, and
//! which semver bump that needs. This is what a maintainer reads when a doc page changes.
//!
//! The comparison is between two IRs, so it sees the API exactly as the emitters shape
//! it: reply models and enums are `#[non_exhaustive]` (a field or value added there is
//! compatible), request models are open to struct literals (a field added there breaks
//! callers' literals), and builder setters are the parameters.

use std::collections::BTreeSet;
use std::fmt;

use crate::ir::{Operation, Param, Service, StructDef, TypeDef, TypeRef};

/// How much a change matters to callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Documentation or wire behaviour only: callers' code is unaffected.
    Patch,
    /// Something new; existing code still compiles and behaves the same.
    Additive,
    /// Existing code may stop compiling or behave differently.
    Breaking,
}

/// One change to the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// How much it matters.
    pub impact: Impact,
    /// The item, as a caller names it (`models::Thing::owner`, `Client::show_thing`).
    pub item: String,
    /// What happened to it.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = match self.impact {
            Impact::Breaking => "BREAKING",
            Impact::Additive => "added   ",
            Impact::Patch => "changed ",
        };
        write!(f, "{mark} {}: {}", self.item, self.what)
    }
}

/// The semver bump a set of changes needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing in the public API changed.
    None,
    /// Patch release.
    Patch,
    /// Compatible additions.
    Minor,
    /// Incompatible changes.
    Major,
}

impl Bump {
    /// The bump `changes` need.
    pub fn of(changes: &[Change]) -> Bump {
        match changes.iter().map(|change| change.impact).max() {
            None => Bump::None,
            Some(Impact::Patch) => Bump::Patch,
            Some(Impact::Additive) => Bump::Minor,
            Some(Impact::Breaking) => Bump::Major,
        }
    }

    /// The next version after `current` (`major.minor.patch`). Before 1.0, Cargo treats
    /// the minor number as the breaking one, so a major bump raises the minor number
    /// and a minor bump the patch number.
    pub fn next_version(self, current: &str) -> Option<String> {
        let mut parts = current.split('.').map(|part| part.parse::<u64>().ok());
        let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
        Some(match (self, major) {
            (Bump::None, _) => current.to_owned(),
            (Bump::Major, 0) => format!("0.{}.0", minor + 1),
            (Bump::Minor | Bump::Patch, 0) => format!("0.{minor}.{}", patch + 1),
            (Bump::Major, _) => format!("{}.0.0", major + 1),
            (Bump::Minor, _) => format!("{major}.{}.0", minor + 1),
            (Bump::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
        })
    }
}

/// Every change from `old` to `new`, operations first, then types, each in name order.
pub fn diff(old: &Service, new: &Service) -> Vec<Change> {
    let mut changes = Vec::new();
    operations(old, new, &mut changes);
    types(old, new, &mut changes);
    changes
}

fn change(
    changes: &mut Vec<Change>,
    impact: Impact,
    item: impl Into<String>,
    what: impl Into<String>,
) {
    changes.push(Change {
        impact,
        item: item.into(),
        what: what.into(),
    });
}

fn operations(old: &Service, new: &Service, changes: &mut Vec<Change>) {
    let ids: BTreeSet<&str> = old
        .operations
        .iter()
        .chain(&new.operations)
        .map(|op| op.id.as_str())
        .collect();
    for id in ids {
        let before = old.operations.iter().find(|op| op.id == id);
        let after = new.operations.iter().find(|op| op.id == id);
        match (before, after) {
            (Some(op), None) => change(
                changes,
                Impact::Breaking,
                client_item(op),
                "operation removed",
            ),
            (None, Some(op)) => change(
                changes,
                Impact::Additive,
                client_item(op),
                "operation added",
            ),
            (Some(before), Some(after)) => operation(before, after, changes),
            (None, None) => {}
        }
    }
}

fn client_item(operation: &Operation) -> String {
    format!("Client::{}", operation.method_name)
}

fn operation(before: &Operation, after: &Operation, changes: &mut Vec<Change>) {
    let item = client_item(after);
    if (before.method, &before.path) != (after.method, &after.path) {
        change(
            changes,
            Impact::Patch,
            &item,
            format!(
                "now sends {} {} (was {} {})",
                after.method.as_str(),
                after.path,
                before.method.as_str(),
                before.path
            ),
        );
    }
    let names: BTreeSet<&str> = before
        .params
        .iter()
        .chain(&after.params)
        .map(|param| param.name.as_str())
        .collect();
    for name in names {
        let old = before.params.iter().find(|param| param.name == name);
        let new = after.params.iter().find(|param| param.name == name);
        let setter = format!(
            "operations::{}::{}",
            after.id,
            new.or(old).map_or(name, |param| param.rust_name.as_str())
        );
        match (old, new) {
            (Some(_), None) => change(
                changes,
                Impact::Breaking,
                &setter,
                format!("parameter `{name}` removed"),
            ),
            (None, Some(param)) if must_be_set(param) => {
                change(
                    changes,
                    Impact::Breaking,
                    &setter,
                    format!("new required parameter `{name}`"),
                );
            }
            (None, Some(_)) => change(
                changes,
                Impact::Additive,
                &setter,
                format!("new optional parameter `{name}`"),
            ),
            (Some(old), Some(new)) => parameter(old, new, &setter, changes),
            (None, None) => {}
        }
    }
    match (&before.body, &after.body) {
        (Some(_), None) => change(
            changes,
            Impact::Breaking,
            format!("{item}.body"),
            "request body removed",
        ),
        (None, Some(body)) => {
            let impact = if body.required {
                Impact::Breaking
            } else {
                Impact::Additive
            };
            change(
                changes,
                impact,
                format!("{item}.body"),
                "request body added",
            );
        }
        (Some(old), Some(new)) if old.ty != new.ty => change(
            changes,
            Impact::Breaking,
            format!("{item}.body"),
            format!(
                "body type changed from {} to {}",
                show(&old.ty),
                show(&new.ty)
            ),
        ),
        (Some(old), Some(new)) if !old.required && new.required => {
            change(
                changes,
                Impact::Breaking,
                format!("{item}.body"),
                "body is now required",
            );
        }
        _ => {}
    }
    if before.response != after.response {
        change(
            changes,
            Impact::Breaking,
            &item,
            format!(
                "reply type changed from {} to {}",
                show_reply(&before.response),
                show_reply(&after.response)
            ),
        );
    }
    match (&before.pagination, &after.pagination) {
        (None, Some(_)) => change(
            changes,
            Impact::Additive,
            &item,
            "now pages (into_pages, into_items)",
        ),
        (Some(_), None) => change(
            changes,
            Impact::Breaking,
            &item,
            "no longer pages (into_pages, into_items removed)",
        ),
        _ => {}
    }
}

/// A parameter the caller must set: required and not filled from configuration.
fn must_be_set(param: &Param) -> bool {
    param.required && param.from_config.is_none()
}

fn parameter(old: &Param, new: &Param, setter: &str, changes: &mut Vec<Change>) {
    if old.ty != new.ty {
        change(
            changes,
            Impact::Breaking,
            setter,
            format!("type changed from {} to {}", show(&old.ty), show(&new.ty)),
        );
    }
    if old.rust_name != new.rust_name {
        change(
            changes,
            Impact::Breaking,
            setter,
            format!("setter renamed from `{}`", old.rust_name),
        );
    }
    match (must_be_set(old), must_be_set(new)) {
        (false, true) => change(changes, Impact::Breaking, setter, "now required"),
        (true, false) => change(changes, Impact::Additive, setter, "now optional"),
        _ => {}
    }
    let settable = |param: &Param| {
        param
            .from_config
            .as_ref()
            .is_none_or(|from| from.overridable)
    };
    match (settable(old), settable(new)) {
        (true, false) => change(
            changes,
            Impact::Breaking,
            setter,
            "setter removed (filled from configuration only)",
        ),
        (false, true) => change(changes, Impact::Additive, setter, "setter added"),
        _ => {}
    }
    if old.constraints != new.constraints || old.location != new.location {
        change(
            changes,
            Impact::Patch,
            setter,
            "documented rules or placement changed (checked before sending)",
        );
    }
}

fn types(old: &Service, new: &Service, changes: &mut Vec<Change>) {
    let names: BTreeSet<&str> = old
        .types
        .iter()
        .chain(&new.types)
        .map(TypeDef::name)
        .collect();
    let new_requests = new.request_structs();
    for name in names {
        let item = format!("models::{name}");
        match (old.find_type(name), new.find_type(name)) {
            (Some(_), None) => change(changes, Impact::Breaking, &item, "type removed"),
            (None, Some(_)) => change(changes, Impact::Additive, &item, "type added"),
            (Some(TypeDef::Struct(before)), Some(TypeDef::Struct(after))) => {
                structure(before, after, new_requests.contains(name), &item, changes);
            }
            (Some(TypeDef::Enum(before)), Some(TypeDef::Enum(after))) => {
                let old_values: BTreeSet<&str> =
                    before.variants.iter().map(|v| v.value.as_str()).collect();
                let new_values: BTreeSet<&str> =
                    after.variants.iter().map(|v| v.value.as_str()).collect();
                for removed in old_values.difference(&new_values) {
                    change(
                        changes,
                        Impact::Breaking,
                        &item,
                        format!("value `{removed}` removed (its variant is gone)"),
                    );
                }
                for added in new_values.difference(&old_values) {
                    change(
                        changes,
                        Impact::Additive,
                        &item,
                        format!("value `{added}` added (was `Unknown`)"),
                    );
                }
            }
            (Some(before), Some(after)) if before != after && kind(before) != kind(after) => {
                change(
                    changes,
                    Impact::Breaking,
                    &item,
                    format!("now a {} (was a {})", kind(after), kind(before)),
                );
            }
            (Some(TypeDef::Union(before)), Some(TypeDef::Union(after)))
                if before.variants != after.variants =>
            {
                change(changes, Impact::Breaking, &item, "variants changed");
            }
            (Some(TypeDef::Alias(before)), Some(TypeDef::Alias(after)))
                if before.target != after.target =>
            {
                change(
                    changes,
                    Impact::Breaking,
                    &item,
                    format!(
                        "now names {} (was {})",
                        show(&after.target),
                        show(&before.target)
                    ),
                );
            }
            (Some(before), Some(after)) if before != after => {
                change(changes, Impact::Patch, &item, "documentation changed")
            }
            _ => {}
        }
    }
}

fn kind(def: &TypeDef) -> &'static str {
    match def {
        TypeDef::Struct(_) => "struct",
        TypeDef::Enum(_) => "enum",
        TypeDef::Union(_) => "union",
        TypeDef::Alias(_) => "type alias",
    }
}

fn structure(
    before: &StructDef,
    after: &StructDef,
    is_request: bool,
    item: &str,
    changes: &mut Vec<Change>,
) {
    if before.additional != after.additional {
        change(
            changes,
            Impact::Breaking,
            item,
            "map of unnamed properties added, removed or retyped",
        );
    }
    let names: BTreeSet<&str> = before
        .fields
        .iter()
        .chain(&after.fields)
        .map(|field| field.rust_name.as_str())
        .collect();
    for name in names {
        let field_item = format!("{item}::{name}");
        let old = before.fields.iter().find(|field| field.rust_name == name);
        let new = after.fields.iter().find(|field| field.rust_name == name);
        match (old, new) {
            (Some(_), None) => change(changes, Impact::Breaking, &field_item, "field removed"),
            (None, Some(field)) if field.required || is_request => change(
                changes,
                Impact::Breaking,
                &field_item,
                if field.required {
                    "required field added"
                } else {
                    "field added to a request model (struct literals must name it)"
                },
            ),
            (None, Some(_)) => change(changes, Impact::Additive, &field_item, "field added"),
            (Some(old), Some(new)) => {
                if (&old.ty, old.required, old.nullable, old.boxed)
                    != (&new.ty, new.required, new.nullable, new.boxed)
                {
                    change(changes, Impact::Breaking, &field_item, "field type changed");
                } else if old.json_name != new.json_name {
                    change(
                        changes,
                        Impact::Patch,
                        &field_item,
                        format!(
                            "now `{}` on the wire (was `{}`)",
                            new.json_name, old.json_name
                        ),
                    );
                } else if old.doc != new.doc || old.constraints != new.constraints {
                    change(
                        changes,
                        Impact::Patch,
                        &field_item,
                        "documentation or rules changed",
                    );
                }
            }
            (None, None) => {}
        }
    }
}

fn show(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::Number => "Number".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::List(item) => format!("Vec<{}>", show(item)),
        TypeRef::Map(item) => format!("BTreeMap<String, {}>", show(item)),
    }
}

fn show_reply(ty: &Option<TypeRef>) -> String {
    ty.as_ref().map_or_else(|| "no body".to_owned(), show)
}
