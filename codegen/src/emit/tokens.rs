//! Token helpers shared by the emitters: Rust types of IR types, doc attributes,
//! identifiers, and the final formatting step.

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

/// Format a token stream as a Rust file whose first line says it is generated.
pub fn render_file(tokens: TokenStream, header: &str) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(format!(
        "{header}\n{}",
        space_items(&prettyplease::unparse(&file))
    ))
}

/// Put a blank line between items, as a person would: after the module docs, after the
/// imports and after every closing brace that ends an item. prettyplease leaves none,
/// and dense files make generated diffs hard to review.
fn space_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut spaced = String::with_capacity(text.len() + lines.len() * 2);
    for (index, line) in lines.iter().enumerate() {
        spaced.push_str(line);
        spaced.push('\n');
        let Some(next) = lines.get(index + 1).map(|next| next.trim_start()) else {
            continue;
        };
        let trimmed = line.trim_start();
        let ends_item = trimmed == "}" && !next.starts_with('}');
        let ends_docs = trimmed.starts_with("//!") && !next.starts_with("//!");
        let ends_imports =
            trimmed.starts_with("use ") && trimmed.ends_with(';') && !next.starts_with("use ");
        let ends_statics = (trimmed.ends_with("};") || trimmed.ends_with("];"))
            && !line.starts_with(' ')
            && !next.is_empty();
        if ends_item || ends_docs || ends_imports || ends_statics {
            spaced.push('\n');
        }
    }
    spaced
}
