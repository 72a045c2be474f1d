//! Recursive types: a struct that contains itself, directly or through other structs,
//! has infinite size unless the cycle goes through a `Box` (or a `Vec` or map, which
//! already allocate).

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeRef};

/// Mark every field whose type leads back to its own struct without passing through a
/// list or map, so that the emitter boxes it.
pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, BTreeSet<String>> = types
        .iter()
        .map(|def| (def.name().to_owned(), inline_references(def)))
        .collect();
    for def in types.iter_mut() {
        let TypeDef::Struct(def) = def else { continue };
        for field in &mut def.fields {
            if let TypeRef::Named(target) = &field.ty {
                field.boxed = reaches(&edges, target, &def.name);
            }
        }
    }
}

/// The named types a type holds inline (not behind a list or map).
fn inline_references(def: &TypeDef) -> BTreeSet<String> {
    let named = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    };
    match def {
        TypeDef::Struct(def) => def
            .fields
            .iter()
            .filter_map(|field| named(&field.ty))
            .collect(),
        TypeDef::Union(def) => def
            .variants
            .iter()
            .filter_map(|(_, ty)| named(ty))
            .collect(),
        TypeDef::Alias(def) => named(&def.target).into_iter().collect(),
        TypeDef::Enum(_) => BTreeSet::new(),
    }
}

/// Whether `from` holds `to` inline, directly or through other types.
fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut pending = vec![from.to_owned()];
    while let Some(current) = pending.pop() {
        if current == to {
            return true;
        }
        if seen.insert(current.clone()) {
            pending.extend(edges.get(&current).into_iter().flatten().cloned());
        }
    }
    false
}
