//! `src/models.rs`: one Rust type per named type of the IR.

use proc_macro2::TokenStream;
use quote::quote;

use std::collections::BTreeSet;

use super::checks::{Numbers, value_checks};
use super::tokens::{doc, ident, inner_doc, rust_type};
use crate::ir::{AliasDef, EnumDef, Field, Service, StructDef, TypeDef, TypeRef, UnionDef};

/// The module docs of `service`'s models.
pub fn head(service: &Service) -> TokenStream {
    inner_doc(&format!(
        "Request and response types of the {} API.\n\nEvery type decodes leniently and re-encodes exactly what it decoded.",
        service.title
    ))
}

/// The Rust type of `def`, with its impls; `requests` are the structs a request body
/// holds (from [`Service::request_structs`]).
pub fn type_def(service: &Service, requests: &BTreeSet<String>, def: &TypeDef) -> TokenStream {
    match def {
        TypeDef::Struct(def) => struct_def(service, def, requests),
        TypeDef::Enum(def) => enum_def(def),
        TypeDef::Union(def) => union_def(def),
        TypeDef::Alias(def) => alias_def(def),
    }
}

fn struct_def(service: &Service, def: &StructDef, requests: &BTreeSet<String>) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(&def.doc);
    // Replies only: fields the docs add later must not break callers, so nobody outside
    // builds these with a struct literal (they come from the server). Request models
    // stay open to struct literals, and get a `validate`.
    let is_request = requests.contains(&def.name);
    let non_exhaustive = (!is_request).then(|| quote!(#[non_exhaustive]));
    let validate = is_request.then(|| validate_impl(service, def));
    let fields = def.fields.iter().map(field);
    let additional = def.additional.as_ref().map(|ty| {
        let member = ident(&additional_member(def));
        let ty = rust_type(ty);
        quote! {
            /// Properties the schema does not name, kept as they came.
            pub #member: std::collections::BTreeMap<String, #ty>,
        }
    });
    // `Default` lets callers write `Model { field: .., ..Default::default() }`; only
    // derived when no field is required, so it never invents a required value.
    let default = def
        .fields
        .iter()
        .all(|field| !field.required)
        .then(|| quote!(Default,));
    let accessors = alias_accessors(def);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        #non_exhaustive
        pub struct #name {
            #(#fields)*
            #additional
        }
        #accessors
        #validate
    }
}

/// The Rust name of the map of unnamed properties: `additional_properties`, unless a
/// property already has that name.
pub(super) fn additional_member(def: &StructDef) -> String {
    let taken = |name: &str| def.fields.iter().any(|field| field.rust_name == name);
    [
        "additional_properties",
        "extra_properties",
        "unnamed_properties",
    ]
    .into_iter()
    .find(|name| !taken(name))
    .unwrap_or("additional_properties_map")
    .to_owned()
}

/// `Validate` for a request model: every documented rule of every field, nested models
/// included, each error naming the field's path (`body.items[2].name`).
fn validate_impl(service: &Service, def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let fields: Vec<TokenStream> = def
        .fields
        .iter()
        .filter_map(|field| {
            let member = ident(&field.rust_name);
            let json = &field.json_name;
            let value = if field.boxed {
                quote!(&**value)
            } else {
                quote!(value)
            };
            let checks = value_checks(
                service,
                &field.ty,
                &field.constraints,
                &value,
                &quote!(&name),
                Numbers::Json,
            );
            if checks.is_empty() {
                return None;
            }
            let path = format!("{{at}}.{}", json.replace('{', "{{").replace('}', "}}"));
            let body = quote! {
                let name = format!(#path);
                #checks
            };
            Some(match (field.required, field.nullable) {
                (true, false) => quote!({ let value = &self.#member; #body }),
                (true, true) | (false, false) => {
                    quote!(if let Some(value) = &self.#member { #body })
                }
                (false, true) => quote!(if let Some(Some(value)) = &self.#member { #body }),
            })
        })
        .collect();
    let at = if fields.is_empty() {
        quote!(_at)
    } else {
        quote!(at)
    };
    quote! {
        impl huaweicloud_sdk_core::validate::Validate for #name {
            fn validate(&self, #at: &str) -> Result<(), huaweicloud_sdk_core::Error> {
                #(#fields)*
                Ok(())
            }
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let mut docs = field.doc.clone();
    if let Some(canonical) = &field.alias_of {
        docs.push_str(&format!(
            "\n\nSecond spelling of `{canonical}` on the wire; read both through [`Self::{canonical}()`]."
        ));
    }
    let docs = doc(&docs);
    let ty = field_type(field);
    quote! {
        #docs
        pub #name: #ty,
    }
}

/// The Rust type of `field` in its struct (how each is encoded is in `codec.rs`).
pub(super) fn field_type(field: &Field) -> TokenStream {
    let inner = rust_type(&field.ty);
    let inner = if field.boxed {
        quote!(Box<#inner>)
    } else {
        inner
    };
    match (field.required, field.nullable) {
        (true, false) => inner,
        // Required but nullable: always present, `null` is `None`.
        (true, true) | (false, false) => quote!(Option<#inner>),
        // Optional and nullable: absent is `None`, `null` is `Some(None)`, so a reply
        // re-encodes exactly as it arrived.
        (false, true) => quote!(Option<Option<#inner>>),
    }
}

/// For fields with a second spelling, an accessor that returns whichever arrived.
fn alias_accessors(def: &StructDef) -> TokenStream {
    let methods: Vec<TokenStream> = def
        .fields
        .iter()
        .filter_map(|alias| {
            let canonical_name = alias.alias_of.as_ref()?;
            let canonical = def
                .fields
                .iter()
                .find(|field| &field.rust_name == canonical_name)?;
            let method = ident(canonical_name);
            let alias_field = ident(&alias.rust_name);
            let ty = rust_type(&canonical.ty);
            let docs = doc(&format!(
                "`{}`, whichever spelling the server used (`{}` or `{}`).",
                canonical.json_name, canonical.json_name, alias.json_name
            ));
            Some(quote! {
                #docs
                pub fn #method(&self) -> Option<&#ty> {
                    self.#method.as_ref().or(self.#alias_field.as_ref())
                }
            })
        })
        .collect();
    if methods.is_empty() {
        return quote!();
    }
    let name = ident(&def.name);
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

fn enum_def(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(&format!(
        "{}\n\nOpen enum: a value the server sends that is not documented here decodes into \
         [`{}::Unknown`] and re-encodes unchanged.",
        def.doc, def.name
    ));
    let variants: Vec<_> = def
        .variants
        .iter()
        .map(|variant| ident(&variant.rust_name))
        .collect();
    let values: Vec<&str> = def
        .variants
        .iter()
        .map(|variant| variant.value.as_str())
        .collect();
    let variant_docs = values.iter().map(|value| doc(&format!("`{value}`")));
    // Everything but the variants comes from the runtime's macro.
    quote! {
        huaweicloud_sdk_core::open_enum! {
            #docs
            pub enum #name {
                #(#variant_docs #variants = #values,)*
            }
        }
    }
}

fn union_def(def: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(&format!(
        "{}\n\nDecodes into the first variant that fits and re-encodes as it came.",
        def.doc
    ));
    let variants = def.variants.iter().map(|(variant, ty)| {
        let docs = doc(&format!("The `{variant}` shape."));
        let variant = ident(variant);
        let ty = rust_type(ty);
        quote! {
            #docs
            #variant(#ty),
        }
    });
    // A union of scalars decodes in one pass (in `codec.rs`); any other union tries its
    // variants in turn, as serde's untagged derive does.
    let deserialize = scalar_union_deserialize(def).is_none().then(|| {
        quote! {
            #[derive(serde::Deserialize)]
            #[serde(untagged)]
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #deserialize
        pub enum #name {
            #(#variants)*
        }
    }
}

/// `Deserialize` for a union whose variants are all strings, integers, numbers or
/// booleans: read the scalar once (`serde_support::deserialize_scalar`), then pick the
/// first variant that fits, as `#[serde(untagged)]` would, without buffering the value
/// and trying each variant (several times slower). `None` for any other union.
pub(super) fn scalar_union_deserialize(def: &UnionDef) -> Option<TokenStream> {
    let scalar = quote!(huaweicloud_sdk_core::serde_support::Scalar);
    let mut expecting = Vec::new();
    let mut string_arm = None;
    let mut bool_arm = None;
    let mut numeric = Vec::new();
    for (variant, ty) in &def.variants {
        let variant = ident(variant);
        match ty {
            TypeRef::String => {
                expecting.push("a string");
                string_arm
                    .get_or_insert(quote!(#scalar::String(value) => Ok(Self::#variant(value)),));
            }
            TypeRef::Bool => {
                expecting.push("a boolean");
                bool_arm.get_or_insert(quote!(#scalar::Bool(value) => Ok(Self::#variant(value)),));
            }
            TypeRef::I32 | TypeRef::I64 | TypeRef::Number => {
                let (what, convert) = match ty {
                    TypeRef::I32 => ("a 32-bit integer", quote!(to_i32)),
                    TypeRef::I64 => ("an integer", quote!(to_i64)),
                    _ => ("a number", quote!(to_number)),
                };
                expecting.push(what);
                numeric.push(quote! {
                    if let Some(value) = scalar.#convert() {
                        return Ok(Self::#variant(value));
                    }
                });
            }
            _ => return None,
        }
    }
    expecting.dedup();
    let expecting = match expecting.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => return None,
    };
    let name = ident(&def.name);
    let body = if string_arm.is_none() && bool_arm.is_none() {
        quote! {
            let scalar = huaweicloud_sdk_core::serde_support::deserialize_scalar(deserializer, EXPECTING)?;
            #(#numeric)*
            Err(scalar.mismatch(EXPECTING))
        }
    } else {
        quote! {
            match huaweicloud_sdk_core::serde_support::deserialize_scalar(deserializer, EXPECTING)? {
                #string_arm
                #bool_arm
                scalar => {
                    #(#numeric)*
                    Err(scalar.mismatch(EXPECTING))
                }
            }
        }
    };
    Some(quote! {
        impl<'de> serde::Deserialize<'de> for crate::models::#name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const EXPECTING: &str = #expecting;
                #body
            }
        }
    })
}

fn alias_def(def: &AliasDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(&def.doc);
    let target = rust_type(&def.target);
    quote! {
        #docs
        pub type #name = #target;
    }
}
