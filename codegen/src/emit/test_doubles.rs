//! `src/test_util.rs` (feature `test-util`): the runtime's test doubles, plus every
//! documented reply of the service as a ready [`Reply`] value; and the README section
//! that shows them.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc, ident, inner_doc};
use crate::ir::{Example, Method, Operation, Service};
use crate::naming;

/// The name of the ready-reply function for `example` of `operation`: `{method}_{status}`
/// for a status's first example, `{method}_{status}_{example}` for the others.
fn reply_name(operation: &Operation, example: &Example, first_of_status: bool) -> String {
    if first_of_status {
        format!("{}_{}", operation.method_name, example.part)
    } else {
        format!(
            "{}_{}_{}",
            operation.method_name,
            example.part,
            naming::field_name(&example.name)
        )
    }
}

/// Each documented response example with a numeric status, with its function name.
fn ready_replies(service: &Service) -> Vec<(&Operation, &Example, String, u16)> {
    let mut replies = Vec::new();
    for operation in &service.operations {
        let mut seen: Vec<&str> = Vec::new();
        for example in service
            .examples
            .iter()
            .filter(|example| example.operation == operation.id)
        {
            let Ok(status) = example.part.parse::<u16>() else {
                continue;
            };
            let first = !seen.contains(&example.part.as_str());
            seen.push(&example.part);
            let name = reply_name(operation, example, first);
            replies.push((operation, example, name, status));
        }
    }
    replies
}

/// `src/test_util.rs`.
pub fn module(service: &Service) -> TokenStream {
    let functions = ready_replies(service)
        .into_iter()
        .map(|(operation, example, name, status)| {
            let docs = doc(&format!(
                "`{}` answered with its documented HTTP {status} reply: the example `{}` \
                 of the spec.",
                operation.id, example.name
            ));
            let name = ident(&name);
            let json = example.value.to_string();
            quote! {
                #docs
                pub fn #name() -> super::Reply {
                    super::Reply::json_text(#status, #json)
                }
            }
        });
    let module_doc = inner_doc(&format!(
        "Test doubles for code that uses this crate (feature `test-util`): see \
         [`TestDouble`], and the README's Testing section. [`replies`] holds every \
         documented reply of the {} API.",
        service.title
    ));
    quote! {
        #module_doc
        pub use huaweicloud_sdk_core::test_util::*;

        /// The documented replies, one function per operation and status.
        pub mod replies {
            #(#functions)*
        }
    }
}

/// The README section on testing with the double, built around the first operation
/// that has a documented success reply; empty when none has.
pub fn readme_section(service: &Service, krate: &str) -> String {
    let Some((operation, _, name, status)) = ready_replies(service)
        .into_iter()
        .find(|(operation, example, _, _)| example.part == operation.success_status)
    else {
        return String::new();
    };
    let setters = super::crate_files::required_setters(operation, 8);
    // An idempotent call shows a retry: the double answers 503 first, as a server might.
    let retry = if matches!(operation.method, Method::Get | Method::Put | Method::Delete) {
        "// The first call gets a 503, which the client retries; then the documented reply.\n            \
         .reply(Reply::status(503))\n            "
    } else {
        ""
    };
    format!(
        "## Testing\n\n\
         With the `test-util` feature (in `[dev-dependencies]`), `test_util::TestDouble` \
         gives a client whose transport answers from rules instead of the network: a rule \
         matches an operation (by name, optionally by parameter values or a predicate) and \
         answers with a status, headers and body, or a typed reply value \
         (`Reply::json(200, &model)`). `test_util::replies` has every documented reply \
         ready, one function per operation and status. Parameter checks, signing, \
         retries, pagination and error decoding run as in production; the double records \
         every request (method, path, query, headers, body), and a call no rule matches \
         fails with an error naming the operation and the rules tried.\n\n\
         ```toml\n[dev-dependencies]\n{package} = {{ version = \"0.1\", features = [\"test-util\"] }}\n```\n\n\
         ```rust\n\
         use {krate}::Client;\n\
         use {krate}::test_util::{{replies, Reply, Rule, TestDouble}};\n\n\
         async fn answers_with_the_documented_reply() -> Result<(), {krate}::Error> {{\n    \
         let double = TestDouble::new().rule(\n        \
         Rule::operation(\"{id}\")\n            \
         {retry}.reply(replies::{name}()),\n    \
         );\n    \
         let client = Client::new(double.config().build())?;\n    \
         let reply = client\n        \
         .{method}(){setters}\n        \
         .send()\n        \
         .await?;\n    \
         assert_eq!(reply.status(), {status});\n    \
         let sent = double.requests();\n    \
         assert_eq!(sent.len(), {sent});\n    \
         assert_eq!(sent[0].method, \"{http_method}\");\n    \
         assert!(reply.request_id().is_some());\n    \
         Ok(())\n}}\n\
         ```\n\n",
        package = super::crate_files::package_name(service),
        id = operation.id,
        method = operation.method_name,
        http_method = operation.method.as_str(),
        retry = retry,
        sent = if retry.is_empty() { 1 } else { 2 },
    )
}
