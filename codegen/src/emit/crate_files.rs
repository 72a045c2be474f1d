//! The crate's frame: `Cargo.toml`, `README.md` (with a usage example that compiles as
//! a doc test) and `src/lib.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::inner_doc;
use crate::ir::{Operation, Param, Service, TypeRef};

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
categories = ["api-bindings"]
version.workspace = true
edition.workspace = true
rust-version.workspace = true
license.workspace = true
repository.workspace = true

[features]
default = ["rustls"]
rustls = ["huaweicloud-sdk-core/rustls"]
native-tls = ["huaweicloud-sdk-core/native-tls"]

[dependencies]
huaweicloud-sdk-core.workspace = true
serde.workspace = true
serde_json.workspace = true
"#,
        title = service.title,
        name = service.name,
    )
}

/// `README.md`: what the crate is, an example, and its operations.
pub fn readme(service: &Service, header: &str) -> String {
    let package = package_name(service);
    let krate = package.replace('-', "_");
    let mut text = format!(
        "{header}\n# {package}\n\nRust client of the Huawei Cloud {title} API, generated from \
         `{spec}` by `cargo xtask codegen`.\n\n{description}\n\n## Usage\n\n```toml\n[dependencies]\n\
         {package} = \"0.1\"\n```\n\n",
        title = service.title,
        spec = service.spec_path,
        description = service.description.trim(),
    );
    if let Some(operation) = service
        .operations
        .iter()
        .find(|operation| operation.body.as_ref().is_none_or(|body| !body.required))
    {
        text.push_str(&example(service, &krate, operation));
    }
    text.push_str("## Operations\n\n| method | operation | HTTP |\n| --- | --- | --- |\n");
    for operation in &service.operations {
        text.push_str(&format!(
            "| `{}` | {} | `{:?} {}` |\n",
            operation.method_name,
            operation.summary.lines().next().unwrap_or_default(),
            operation.method,
            operation.path
        ));
    }
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

/// A usage example calling `operation` with placeholder values for its required parameters.
fn example(service: &Service, krate: &str, operation: &Operation) -> String {
    let region = service
        .endpoints
        .iter()
        .find(|endpoint| endpoint.region == "cn-north-4")
        .or(service.endpoints.first())
        .map_or("cn-north-4", |endpoint| endpoint.region.as_str());
    let project = if operation
        .params
        .iter()
        .any(|param| param.from_config.is_some())
    {
        "\n        .project_id(\"0123456789abcdef0123456789abcdef\")"
    } else {
        ""
    };
    let setters: String = operation
        .params
        .iter()
        .filter(|param| param.required && param.from_config.is_none())
        .map(|param| format!("\n        .{}({})", param.rust_name, placeholder(param)))
        .collect();
    format!(
        "```rust,no_run\nuse {krate}::{{Client, Config, Credentials}};\n\n\
         async fn example() -> Result<(), {krate}::Error> {{\n    \
         let config = Config::builder()\n        \
         .region(\"{region}\"){project}\n        \
         .credentials(Credentials::token(std::env::var(\"HUAWEICLOUD_SDK_TOKEN\").unwrap_or_default()))\n        \
         .build();\n    \
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

fn placeholder(param: &Param) -> String {
    match &param.ty {
        TypeRef::I32 | TypeRef::I64 => "10".to_owned(),
        TypeRef::Number => "1.0".to_owned(),
        TypeRef::Bool => "true".to_owned(),
        _ => format!("\"<{}>\"", param.name),
    }
}

/// `src/lib.rs`.
pub fn lib_rs(service: &Service) -> TokenStream {
    let title_doc = inner_doc(&format!(
        "Huawei Cloud {} API client. See the README below for an example.",
        service.title
    ));
    quote! {
        #title_doc
        #![doc = ""]
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        // Generated modules are formatted by prettyplease; rustfmt must not reformat
        // them, or `cargo xtask codegen --check` would see every file as stale.
        #[rustfmt::skip]
        pub mod client;
        #[rustfmt::skip]
        pub mod endpoints;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod operations;

        pub use client::Client;
        pub use huaweicloud_sdk_core::{Config, Credentials, Error, Response};
    }
}
