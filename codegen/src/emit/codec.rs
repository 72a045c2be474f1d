//! `src/codec.rs`: `Serialize` and `Deserialize` of every model struct and union,
//! written out instead of derived.
//!
//! serde's derive expands each struct to about three times the code written here (a
//! field enum with its own visitor, sequence decoding, per-field wrappers), and that
//! expansion was two thirds of a 140-operation crate's compile time (BENCHMARKS.md,
//! compile cost). What every struct shares, reading a key and skipping unknown ones,
//! is in `huaweicloud_sdk_core::serde_support`, compiled once. The JSON is the same as the
//! derive's: optional fields absent when `None`, `null` kept apart from absence for
//! nullable ones, unknown keys ignored (or kept, for a struct with
//! `additionalProperties`), a missing required field an error naming it.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::models::{additional_member, field_type, scalar_union_deserialize};
use super::tokens::{ident, inner_doc, rust_type};
use crate::ir::{Field, Service, StructDef, TypeDef, UnionDef};

/// The module docs and imports of `service`'s codec.
pub fn head(service: &Service) -> TokenStream {
    let text = format!(
        "How the {} API's models are encoded and decoded (`Serialize` and `Deserialize`).\n\n\
         Written out by the generator rather than derived: the derive costs about three \
         times as much to compile. The JSON is the same.",
        service.title
    );
    let doc = inner_doc(&text);
    let structs: Vec<&StructDef> = service
        .types
        .iter()
        .filter_map(|def| match def {
            TypeDef::Struct(def) => Some(def),
            _ => None,
        })
        .collect();
    // The struct impls call the runtime's helpers as `support::..`.
    let support = (!structs.is_empty()).then(|| {
        quote!(
            use huaweicloud_sdk_core::serde_support as support;
        )
    });
    let mut serializers = Vec::new();
    if structs.iter().any(|def| def.additional.is_some()) {
        serializers.push(quote!(SerializeMap as _));
    }
    if structs.iter().any(|def| def.additional.is_none()) {
        serializers.push(quote!(SerializeStruct as _));
    }
    let serializers =
        (!serializers.is_empty()).then(|| quote!(use serde::ser::{#(#serializers),*};));
    quote! {
        #doc
        #support
        #serializers
    }
}

/// The impls of `def`; nothing for enums (the runtime's `open_enum!` has them) and
/// aliases.
pub fn impls(def: &TypeDef) -> TokenStream {
    match def {
        TypeDef::Struct(def) => {
            let serialize = serialize_struct(def);
            let deserialize = deserialize_struct(def);
            quote!(#serialize #deserialize)
        }
        TypeDef::Union(def) => {
            let serialize = serialize_union(def);
            let deserialize = scalar_union_deserialize(def);
            quote!(#serialize #deserialize)
        }
        TypeDef::Enum(_) | TypeDef::Alias(_) => quote!(),
    }
}

/// Required fields are always written (a nullable one as `null` when `None`); optional
/// ones only when set, a set nullable one as `null` for `Some(None)`.
fn serialize_struct(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let json_name = &def.name;
    if def.additional.is_none() {
        let fields = def.fields.iter().map(|field| {
            let member = ident(&field.rust_name);
            let json = &field.json_name;
            if field.required {
                quote!(state.serialize_field(#json, &self.#member)?;)
            } else {
                quote!(support::optional_field(&mut state, #json, &self.#member)?;)
            }
        });
        // The number of fields written, which a serializer is told first: those always
        // there, plus each optional one set.
        let always = def.fields.iter().filter(|field| field.required).count();
        let set: Vec<TokenStream> = def
            .fields
            .iter()
            .filter(|field| !field.required)
            .map(|field| {
                let member = ident(&field.rust_name);
                quote!(self.#member.is_some())
            })
            .collect();
        let always_literal = Literal::usize_unsuffixed(always);
        let len = match (always, set.is_empty()) {
            (_, true) => quote!(#always_literal),
            (0, false) => quote!(support::count_set(&[#(#set),*])),
            _ => quote!(#always_literal + support::count_set(&[#(#set),*])),
        };
        return quote! {
            impl serde::Serialize for crate::models::#name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let len = #len;
                    let mut state = serializer.serialize_struct(#json_name, len)?;
                    #(#fields)*
                    state.end()
                }
            }
        };
    }
    // With properties the schema does not name, the keys are not all known in advance:
    // a map, as `#[serde(flatten)]` writes it.
    let member = ident(&additional_member(def));
    let fields = def.fields.iter().map(|field| {
        let member = ident(&field.rust_name);
        let json = &field.json_name;
        if is_optional(field) {
            quote!(support::optional_entry(&mut state, #json, &self.#member)?;)
        } else {
            quote!(state.serialize_entry(#json, &self.#member)?;)
        }
    });
    quote! {
        impl serde::Serialize for crate::models::#name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut state = serializer.serialize_map(None)?;
                #(#fields)*
                for (key, value) in &self.#member {
                    state.serialize_entry(key, value)?;
                }
                state.end()
            }
        }
    }
}

/// Each field is read into a local `Option` (`field_` and its name, which no other name
/// here starts with), then the struct is built: a required field still `None` is serde's
/// "missing field" error.
fn deserialize_struct(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let local = |field: &Field| ident(&format!("field_{}", field.rust_name));
    let json_names = def.fields.iter().map(|field| &field.json_name);
    let locals = def.fields.iter().map(|field| {
        let local = local(field);
        let ty = field_type(field);
        let ty = if is_optional(field) {
            ty
        } else {
            quote!(Option<#ty>)
        };
        quote!(let mut #local: #ty = None;)
    });
    let fills: Vec<TokenStream> = def
        .fields
        .iter()
        .map(|field| {
            let local = local(field);
            if reads_as_present(field) {
                quote!(support::fill_some(&mut #local, &mut map))
            } else {
                quote!(support::fill(&mut #local, &mut map))
            }
        })
        .collect();
    let indices = (0..def.fields.len()).map(Literal::usize_unsuffixed);
    let members = def.fields.iter().map(|field| {
        let member = ident(&field.rust_name);
        let local = local(field);
        if is_optional(field) {
            quote!(#member: #local,)
        } else {
            let json = &field.json_name;
            quote!(#member: support::required(#local, #json)?,)
        }
    });
    let (read, additional) = match def.additional.as_ref() {
        Some(value) => {
            let member = ident(&additional_member(def));
            let value = rust_type(value);
            (
                quote! {
                    let mut additional = std::collections::BTreeMap::<String, #value>::new();
                    while let Some(key) = support::next_key(&mut map, FIELDS)? {
                        match key {
                            #(support::Key::Field(#indices) => #fills,)*
                            support::Key::Field(_) => Ok(()),
                            support::Key::Other(key) => map.next_value().map(|value| {
                                additional.insert(key, value);
                            }),
                        }?;
                    }
                },
                quote!(#member: additional,),
            )
        }
        None => (
            quote! {
                while let Some(index) = support::next_field(&mut map, FIELDS)? {
                    match index {
                        #(#indices => #fills,)*
                        _ => Ok(()),
                    }?;
                }
            },
            quote!(),
        ),
    };
    let expecting = format!("struct {}", def.name);
    let json_name = &def.name;
    quote! {
        impl<'de> serde::Deserialize<'de> for crate::models::#name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const FIELDS: &[&str] = &[#(#json_names),*];
                struct ModelVisitor;
                impl<'de> serde::de::Visitor<'de> for ModelVisitor {
                    type Value = crate::models::#name;
                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str(#expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        #(#locals)*
                        #read
                        Ok(crate::models::#name {
                            #(#members)*
                            #additional
                        })
                    }
                }
                deserializer.deserialize_struct(#json_name, FIELDS, ModelVisitor)
            }
        }
    }
}

/// A union is written as the variant it holds.
fn serialize_union(def: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let arms = def.variants.iter().map(|(variant, _)| {
        let variant = ident(variant);
        quote!(crate::models::#name::#variant(value) => serde::Serialize::serialize(value, serializer),)
    });
    quote! {
        impl serde::Serialize for crate::models::#name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// A field that may be left out: optional in the spec, or required but nullable (always
/// present then, `null` being `None`; a derived `Deserialize` reads a missing one as
/// `None` too).
fn is_optional(field: &Field) -> bool {
    !field.required || field.nullable
}

/// A field whose value, once its key is read, is `Some`: a required field, or an
/// optional nullable one (`Some(None)` for an explicit `null`). Other optional fields
/// decode as their `Option`, `null` being `None`.
fn reads_as_present(field: &Field) -> bool {
    !is_optional(field) || (field.nullable && !field.required)
}
