//! The checks of documented rules (length, pattern, bounds, enum values, nested
//! request models), emitted for parameters and for request-body fields alike.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::ident;
use crate::ir::{Bound, Constraints, Service, TypeDef, TypeRef};

/// How a number is held where it is checked.
#[derive(Clone, Copy)]
pub enum Numbers {
    /// A builder parameter: `f64`.
    Float,
    /// A model field: `serde_json::Number`.
    Json,
}

/// The rule checks of one value. `value` is a path (an identifier) to a reference to
/// it; `name` evaluates to the `&str` that errors name it by. Empty when nothing is to
/// be checked.
pub fn value_checks(
    service: &Service,
    ty: &TypeRef,
    constraints: &Constraints,
    value: &TokenStream,
    name: &TokenStream,
    numbers: Numbers,
) -> TokenStream {
    let mut checks = Vec::new();
    match resolve(service, ty) {
        TypeRef::String => {
            if let Some(min) = constraints.min_length {
                checks.push(
                    quote!(huaweicloud_sdk_core::validate::min_length(#name, #value, #min)?;),
                );
            }
            if let Some(max) = constraints.max_length {
                checks.push(
                    quote!(huaweicloud_sdk_core::validate::max_length(#name, #value, #max)?;),
                );
            }
            if let Some(pattern) = &constraints.pattern {
                checks.push(
                    quote!(huaweicloud_sdk_core::validate::pattern(#name, #value, #pattern)?;),
                );
            }
        }
        number @ (TypeRef::I32 | TypeRef::I64 | TypeRef::Number) => {
            let current = match (number, numbers) {
                (TypeRef::Number, Numbers::Json) => quote!(#value.as_f64().unwrap_or(f64::NAN)),
                _ => quote!(*#value),
            };
            if let Some(min) = constraints.minimum {
                let min = bound_literal(min, number);
                checks
                    .push(quote!(huaweicloud_sdk_core::validate::minimum(#name, #current, #min)?;));
            }
            if let Some(max) = constraints.maximum {
                let max = bound_literal(max, number);
                checks
                    .push(quote!(huaweicloud_sdk_core::validate::maximum(#name, #current, #max)?;));
            }
        }
        TypeRef::Named(named) => match find(service, named) {
            Some(TypeDef::Enum(_)) => {
                let named = ident(named);
                checks.push(quote!(
                    huaweicloud_sdk_core::validate::documented_value(#name, #value.is_documented(), crate::models::#named::DOCUMENTED)?;
                ));
            }
            Some(TypeDef::Struct(_)) => checks.push(quote!(
                huaweicloud_sdk_core::validate::Validate::validate(#value, #name)?;
            )),
            _ => {}
        },
        TypeRef::List(item) => {
            let inner = item_checks(service, item, numbers);
            if !inner.is_empty() {
                checks.push(quote! {
                    for (index, item) in #value.iter().enumerate() {
                        let name = format!("{}[{index}]", #name);
                        #inner
                    }
                });
            }
        }
        TypeRef::Map(item) => {
            let inner = item_checks(service, item, numbers);
            if !inner.is_empty() {
                checks.push(quote! {
                    for (key, item) in #value {
                        let name = format!("{}.{key}", #name);
                        #inner
                    }
                });
            }
        }
        TypeRef::Bool | TypeRef::Json => {}
    }
    quote!(#(#checks)*)
}

/// The checks of one list item or map value, bound as `item` and named by `name`.
fn item_checks(service: &Service, item: &TypeRef, numbers: Numbers) -> TokenStream {
    value_checks(
        service,
        item,
        &Constraints::default(),
        &quote!(item),
        &quote!(&name),
        numbers,
    )
}

/// Follow aliases to the type they name.
fn resolve<'a>(service: &'a Service, ty: &'a TypeRef) -> &'a TypeRef {
    match ty {
        TypeRef::Named(name) => match find(service, name) {
            Some(TypeDef::Alias(alias)) => resolve(service, &alias.target),
            _ => ty,
        },
        other => other,
    }
}

fn find<'a>(service: &'a Service, name: &str) -> Option<&'a TypeDef> {
    service.find_type(name)
}

/// A bound as a literal of the checked value's type.
fn bound_literal(bound: Bound, ty: &TypeRef) -> Literal {
    match (ty, bound) {
        (TypeRef::I32, Bound::Int(n)) => {
            Literal::i32_suffixed(n.clamp(i32::MIN.into(), i32::MAX.into()) as i32)
        }
        (TypeRef::I64, Bound::Int(n)) => Literal::i64_suffixed(n),
        (TypeRef::I32, Bound::Float(n)) => Literal::i32_suffixed(n as i32),
        (TypeRef::I64, Bound::Float(n)) => Literal::i64_suffixed(n as i64),
        (_, Bound::Int(n)) => Literal::f64_suffixed(n as f64),
        (_, Bound::Float(n)) => Literal::f64_suffixed(n),
    }
}
