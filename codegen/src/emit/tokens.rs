//! Token helpers shared by the emitters: Rust types of IR types, doc attributes and
//! identifiers.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::TypeRef;

/// An identifier for a name the IR already made valid (keywords were suffixed with `_`).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of `ty`, as seen from anywhere in the generated crate.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::Number => quote!(serde_json::Number),
        TypeRef::Bool => quote!(bool),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(crate::models::#name)
        }
        TypeRef::List(item) => {
            let item = rust_type(item);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
    }
}

/// `#[doc = "..."]` attributes, one per line, so prettyplease prints `///` comments.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// `#![doc = "..."]` attributes: the documentation of the enclosing module or crate.
pub fn inner_doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}
