//! The crate's frame: `Cargo.toml`, `README.md` (with a usage example that compiles as
//! a doc test) and `src/lib.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::inner_doc;
use crate::ir::{Operation, Param, Service, TypeRef};
use crate::version::Version;

/// The package name of `service`'s crate.
pub fn package_name(service: &Service) -> String {
    format!("huaweicloud-sdk-{}", service.name)
}

/// `Cargo.toml`.
pub fn cargo_toml(service: &Service, header: &str) -> String {
    let package = package_name(service);
    format!(
        r#"{header}
[package]
name = "{package}"
description = "Huawei Cloud {title} API client, generated from its OpenAPI spec."
readme = "README.md"
keywords = ["huaweicloud", "huawei-cloud", "sdk", "{name}"]
categories = ["api-bindings"]{publish}
version = "{version}"
edition.workspace = true
rust-version.workspace = true
license.workspace = true
repository.workspace = true

[package.metadata.docs.rs]
# Document every feature, each item labelled with the features it needs.
all-features = true
rustdoc-args = ["--cfg", "docsrs"]

[features]
# TLS backends (see huaweicloud-sdk-core): rustls with the ring provider by default,
# rustls with aws-lc-rs, or the platform's TLS.
default = ["rustls"]
rustls = ["huaweicloud-sdk-core/rustls"]
rustls-aws-lc = ["huaweicloud-sdk-core/rustls-aws-lc"]
native-tls = ["huaweicloud-sdk-core/native-tls"]
# Test doubles: a client answering from rules, and the documented replies (`test_util`).
test-util = ["huaweicloud-sdk-core/test-util"]

[dependencies]
{core}
serde.workspace = true
serde_json.workspace = true

[dev-dependencies]
# The README's test-double example compiles when the crate is tested.
{package} = {{ path = ".", features = ["test-util"] }}
"#,
        title = service.title,
        name = service.name,
        version = service.version,
        core = if service.uses_patterns() {
            "# `patterns`: the spec documents regular expressions that requests must match.\n\
             huaweicloud-sdk-core = { workspace = true, features = [\"patterns\"] }"
        } else {
            "huaweicloud-sdk-core.workspace = true"
        },
        publish = if service.publish {
            ""
        } else {
            "\npublish = false"
        },
    )
}

/// `README.md`: what the crate is, an example, and its operations.
pub fn readme(service: &Service, header: &str) -> String {
    let package = package_name(service);
    let krate = package.replace('-', "_");
    let mut text = format!(
        "{header}\n# {package}\n\nRust client of the Huawei Cloud {title} API, generated from \
         `{spec}` by `cargo xtask codegen`.\n\n{description}\n\n## Usage\n\n```toml\n[dependencies]\n\
         {package} = \"{requirement}\"\n```\n\n",
        title = service.title,
        spec = service.spec_path,
        description = service.description.trim(),
        requirement = requirement(service.version),
    );
    if let Some(operation) = service
        .operations
        .iter()
        .find(|operation| operation.body.as_ref().is_none_or(|body| !body.required))
    {
        text.push_str(&example(service, &krate, operation));
    }
    let paged: Vec<&Operation> = service
        .operations
        .iter()
        .filter(|operation| operation.pagination.is_some())
        .collect();
    if let Some(first) = paged.first() {
        text.push_str(&pagination_section(&krate, &paged, first));
    }
    text.push_str(&super::test_doubles::readme_section(service, &krate));
    text.push_str("## Operations\n\n");
    text.push_str(&operations_tables(service));
    text.push_str(&format!(
        "\n## Endpoints\n\n`Config::builder().region(..)` picks one of these; `.endpoint(..)` overrides.\n\n\
         {}\n",
        service
            .endpoints
            .iter()
            .map(|endpoint| format!("`{}`", endpoint.region))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    text
}

/// The operations table; with more than one section, a table per section under its
/// name (operations in none first), as the client's rustdoc groups them.
fn operations_tables(service: &Service) -> String {
    let table = |operations: Vec<&Operation>| {
        let mut text = "| method | operation | HTTP |\n| --- | --- | --- |\n".to_owned();
        for operation in operations {
            text.push_str(&format!(
                "| `{}` | {} | `{} {}` |\n",
                operation.method_name,
                operation.summary.lines().next().unwrap_or_default(),
                operation.method.as_str(),
                operation.path
            ));
        }
        text
    };
    if service.sections.len() <= 1 {
        return table(service.operations.iter().collect());
    }
    let in_section = |section: Option<&str>| -> Vec<&Operation> {
        service
            .operations
            .iter()
            .filter(|operation| operation.section.as_deref() == section)
            .collect()
    };
    let mut text = String::new();
    let unsectioned = in_section(None);
    if !unsectioned.is_empty() {
        text.push_str(&table(unsectioned));
        text.push('\n');
    }
    for section in &service.sections {
        text.push_str(&format!("### {}\n\n", section.name));
        if !section.description.is_empty() && section.description != section.name {
            text.push_str(&format!("{}\n\n", section.description));
        }
        text.push_str(&table(in_section(Some(&section.name))));
        text.push('\n');
    }
    // One newline after the last table, as a single table ends: the caller adds the gap.
    text.truncate(text.trim_end().len() + 1);
    text
}

/// The shortest requirement that accepts `version` and its compatible successors
/// (`0.2` for 0.2.1, `1` for 1.4.0), as a user writes it.
fn requirement(version: Version) -> String {
    if version.major == 0 {
        format!("0.{}", version.minor)
    } else {
        version.major.to_string()
    }
}

/// A usage example calling `operation` with placeholder values for its required parameters.
fn example(service: &Service, krate: &str, operation: &Operation) -> String {
    let region = service
        .endpoints
        .iter()
        .find(|endpoint| endpoint.region == "cn-north-4")
        .or(service.endpoints.first())
        .map_or("cn-north-4", |endpoint| endpoint.region.as_str());
    let setters = required_setters(operation, 8);
    format!(
        "```rust,no_run\nuse {krate}::{{Client, Config}};\n\n\
         async fn example() -> Result<(), {krate}::Error> {{\n    \
         // Credentials and project id from HUAWEICLOUD_SDK_AK, _SK and _PROJECT_ID, as the\n    \
         // official SDKs read them; or set them in code: `.credentials(Credentials::access_key(ak, sk))`.\n    \
         let config = Config::from_env()?.region(\"{region}\").build();\n    \
         let client = Client::new(config)?;\n    \
         let reply = client\n        \
         .{method}(){setters}\n        \
         .send()\n        \
         .await?;\n    \
         println!(\"request {{:?}}: {{:#?}}\", reply.request_id(), reply.body());\n    \
         Ok(())\n}}\n```\n\n",
        method = operation.method_name,
    )
}

/// The README section on the operations that page (`x-pagination`), with an example
/// that reads every item of `first`.
fn pagination_section(krate: &str, paged: &[&Operation], first: &Operation) -> String {
    let methods: Vec<String> = paged
        .iter()
        .map(|operation| format!("`{}`", operation.method_name))
        .collect();
    let setters = required_setters(first, 8);
    format!(
        "## Pagination\n\n\
         Operations that page by marker: {methods}. Besides `.send()`, their builders have \
         `.into_pages()` and `.into_items()`: streams that request page after page, each with \
         the marker of the last item of the page before, until a page is empty or short, and \
         never ask for the same page twice.\n\n\
         ```rust,no_run\nuse {krate}::paginate::TryStreamExt;\nuse {krate}::{{Client, Error}};\n\n\
         async fn every_item(client: &Client) -> Result<(), Error> {{\n    \
         let mut items = client\n        \
         .{method}(){setters}\n        \
         .into_items();\n    \
         while let Some(item) = items.try_next().await? {{\n        \
         println!(\"{{item:?}}\");\n    \
         }}\n    \
         Ok(())\n}}\n```\n\n",
        methods = methods.join(", "),
        method = first.method_name,
    )
}

/// The builder calls that set `operation`'s required parameters (those the
/// configuration does not fill) to placeholder values, one per line at `indent`.
pub(super) fn required_setters(operation: &Operation, indent: usize) -> String {
    let pad = " ".repeat(indent);
    operation
        .params
        .iter()
        .filter(|param| param.required && param.from_config.is_none())
        .map(|param| format!("\n{pad}.{}({})", param.rust_name, placeholder(param)))
        .collect()
}

/// A value for `param` in examples.
fn placeholder(param: &Param) -> String {
    placeholder_of(&param.ty, &param.name)
}

/// A value of `ty` in examples; a list (a query parameter sent once per item) holds one.
fn placeholder_of(ty: &TypeRef, name: &str) -> String {
    match ty {
        TypeRef::I32 | TypeRef::I64 => "10".to_owned(),
        TypeRef::Number => "1.0".to_owned(),
        TypeRef::Bool => "true".to_owned(),
        TypeRef::List(item) => format!("[{}]", placeholder_of(item, name)),
        _ => format!("\"<{name}>\""),
    }
}

/// `src/lib.rs`.
pub fn lib_rs(service: &Service) -> TokenStream {
    let title_doc = inner_doc(&format!(
        "Huawei Cloud {} API client. See the README below for an example.",
        service.title
    ));
    // What callers need to poll the streams of paginated operations.
    let paginate = service
        .operations
        .iter()
        .any(|operation| operation.pagination.is_some())
        .then(|| quote!(paginate,));
    quote! {
        #title_doc
        #![doc = ""]
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // On docs.rs, label each item with the features it needs.
        #![cfg_attr(docsrs, feature(doc_cfg))]

        // Generated modules are formatted by prettyplease; rustfmt must not reformat
        // them, or `cargo xtask codegen --check` would see every file as stale.
        #[rustfmt::skip]
        pub mod client;
        #[rustfmt::skip]
        mod codec;
        #[rustfmt::skip]
        pub mod endpoints;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod operations;
        #[cfg(feature = "test-util")]
        #[rustfmt::skip]
        pub mod test_util;

        pub use client::Client;
        pub use huaweicloud_sdk_core::{Config, Credentials, Error, Response, #paginate};
    }
}
