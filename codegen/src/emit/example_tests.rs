//! `tests/examples.rs`: the round trip of every example the spec documents through the
//! type the generator made for its body, so that adding an operation or an example to a
//! spec needs no hand-written test.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Example, Service};
use crate::naming;

use super::crate_files::package_name;
use super::tokens::{ident, inner_doc, rust_type};

/// The test file, or `None` when the spec documents no example.
pub fn example_tests(service: &Service) -> Result<Option<TokenStream>, String> {
    if service.examples.is_empty() {
        return Ok(None);
    }
    let docs = inner_doc(&format!(
        "Every example that `{}` documents decodes into its generated type and encodes back \
         to equal JSON (`serde_json::Value` equality: explicit nulls, empty arrays and \
         integer-versus-float numbers included).",
        service.spec_path
    ));
    let krate = ident(&package_name(service).replace('-', "_"));
    let mut names: Vec<String> = service
        .examples
        .iter()
        .map(|example| {
            naming::field_name(&format!(
                "{} {} {}",
                example.operation, example.part, example.name
            ))
        })
        .collect();
    naming::dedupe(&mut names);
    let tests = service
        .examples
        .iter()
        .zip(names)
        .map(|(example, name)| test(service, example, &name))
        .collect::<Result<Vec<_>, _>>()?;
    // prettyplease lays the file out; rustfmt must not reformat it (`cargo fmt --check`
    // would then fail on generated code).
    Ok(Some(quote! {
        #docs

        /// The crate's models, so that the types below read as they do in the crate.
        #[rustfmt::skip]
        mod models {
            pub use #krate::models::*;
        }

        #[rustfmt::skip]
        mod documented {
            use huaweicloud_sdk_core::serde_support::assert_round_trip;

            #(#tests)*
        }
    }))
}

fn test(service: &Service, example: &Example, name: &str) -> Result<TokenStream, String> {
    let name = ident(name);
    let ty = rust_type(&example.ty);
    let place = format!("{}#{}", service.spec_path, example.pointer);
    let json = raw_string(&example.value.to_string())?;
    Ok(quote! {
        #[test]
        fn #name() {
            assert_round_trip::<#ty>(#place, #json);
        }
    })
}

/// A raw string literal of `text`, with as many `#` as it needs to hold any `"#` inside.
fn raw_string(text: &str) -> Result<TokenStream, String> {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .map_err(|e| format!("example JSON as a raw string: {e}"))
}

#[cfg(test)]
mod tests {
    use super::raw_string;

    #[test]
    fn raw_strings_hold_quotes_and_hashes() {
        assert_eq!(
            raw_string("{\"a\":1}").unwrap().to_string(),
            "r#\"{\"a\":1}\"#"
        );
        assert_eq!(raw_string("\"#\"").unwrap().to_string(), "r##\"\"#\"\"##");
    }
}
