//! `src/client.rs` and `src/endpoints.rs`: the service client and its region table.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::summary_line;
use super::tokens::{doc, ident, inner_doc};
use crate::ir::{Operation, Section, Service, TypeRef};

/// The client module of `service`.
pub fn client(service: &Service) -> TokenStream {
    let module_doc = inner_doc(&format!("The {} client.", service.title));
    let name = &service.name;
    let client_doc = doc(&format!(
        "Client of the {} API. Cheap to clone: clones share one connection pool.\n\n\
         Each method returns a request builder; set its parameters, then `.send().await`.",
        service.title
    ));
    let method = |operation: &Operation| {
        let method = ident(&operation.method_name);
        let builder = ident(&operation.id);
        let mut text = format!(
            "{}\n\n`{} {}`",
            summary_line(operation),
            operation.method.as_str(),
            operation.path
        );
        text.push_str(&format!("\n\n{}", types_line(operation)));
        if !operation.description.is_empty() {
            text.push_str(&format!("\n\n{}", operation.description));
        }
        text.push_str(&super::operation_examples::section(service, operation));
        let docs = doc(&text);
        quote! {
            #docs
            pub fn #method(&self) -> crate::operations::#builder {
                crate::operations::#builder::new(self.inner.clone())
            }
        }
    };
    // With more than one section, each gets its own `impl` block, whose doc rustdoc
    // shows above its methods: 100-odd methods in one list are hard to find one's way
    // in. Operations in no section stay with the constructor.
    let grouped = service.sections.len() > 1;
    let ungrouped = service
        .operations
        .iter()
        .filter(|operation| !grouped || operation.section.is_none())
        .map(method);
    let sections = service.sections.iter().filter(|_| grouped).map(|section| {
        let docs = doc(&section_doc(section));
        let methods = service
            .operations
            .iter()
            .filter(|operation| operation.section.as_deref() == Some(section.name.as_str()))
            .map(method);
        quote! {
            #docs
            impl Client {
                #(#methods)*
            }
        }
    });
    quote! {
        #module_doc
        use huaweicloud_sdk_core::{Config, Error, ServiceClient, ServiceInfo};

        /// What the runtime needs to know about this service.
        pub static SERVICE: ServiceInfo = ServiceInfo {
            name: #name,
            sdk: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            endpoints: crate::endpoints::ENDPOINTS,
        };

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: ServiceClient,
        }

        impl Client {
            /// A client calling the endpoint that `config` names (its explicit endpoint,
            /// else its region's endpoint from [`crate::endpoints::ENDPOINTS`]).
            pub fn new(config: Config) -> Result<Self, Error> {
                Ok(Self { inner: ServiceClient::new(&SERVICE, config)? })
            }

            /// The configuration this client was built with.
            pub fn config(&self) -> &Config {
                self.inner.config()
            }

            #(#ungrouped)*
        }

        #(#sections)*
    }
}

/// Links from a method to the types of its call: with 100-odd operations, the method
/// is where a reader starts, and the body and reply models are otherwise only found
/// through the builder's signatures.
fn types_line(operation: &Operation) -> String {
    let model = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => Some(format!("[`{name}`](crate::models::{name})")),
        TypeRef::List(item) => match item.as_ref() {
            TypeRef::Named(name) => Some(format!("a list of [`{name}`](crate::models::{name})")),
            _ => None,
        },
        _ => None,
    };
    let id = &operation.id;
    let mut text = format!("Request builder: [`{id}`](crate::operations::{id})");
    if let Some(body) = operation.body.as_ref().and_then(|body| model(&body.ty)) {
        text.push_str(&format!("; body: {body}"));
    }
    if let Some(reply) = operation.response.as_ref().and_then(model) {
        text.push_str(&format!("; reply: {reply}"));
    }
    text.push('.');
    text
}

/// The doc of a section's `impl` block: its name as a heading, then its description.
fn section_doc(section: &Section) -> String {
    if section.description.is_empty() || section.description == section.name {
        format!("# {}", section.name)
    } else {
        format!("# {}\n\n{}", section.name, section.description)
    }
}

/// The endpoints module: the documented region table, sorted for binary search.
pub fn endpoints(service: &Service) -> TokenStream {
    let module_doc = inner_doc(&format!(
        "Documented endpoints of the {} API, by region.",
        service.title
    ));
    let rows = service.endpoints.iter().map(|endpoint| {
        let region = &endpoint.region;
        let url = &endpoint.url;
        quote!((#region, #url),)
    });
    quote! {
        #module_doc
        /// Region id to endpoint, sorted by region id.
        pub const ENDPOINTS: &[(&str, &str)] = &[#(#rows)*];
    }
}
