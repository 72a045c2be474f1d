//! `src/operations.rs`: one fluent builder per operation, ending in `.send().await`.

use proc_macro2::TokenStream;
use quote::quote;

use super::checks::{Numbers, value_checks};
use super::tokens::{doc, ident, inner_doc, rust_type};
use crate::ir::{
    Bound, Constraints, Method, Operation, Pagination, Param, ParamLocation, PathStep, Presence,
    Service, TypeRef,
};

/// The module docs and imports of `service`'s operations.
pub fn head(service: &Service) -> TokenStream {
    let module_doc = inner_doc(&format!(
        "Request builders of the {} API, one per operation. Get one from a [`crate::Client`] method.",
        service.title
    ));
    let paginate = service
        .operations
        .iter()
        .any(|operation| operation.pagination.is_some())
        .then(|| quote!(paginate::{self, Stream},));
    quote! {
        #module_doc
        use huaweicloud_sdk_core::{#paginate Error, Method, OperationRequest, Response, ServiceClient};
    }
}

/// The parameters the caller can set (a parameter filled only from configuration has no setter).
fn settable(operation: &Operation) -> impl Iterator<Item = &Param> {
    operation.params.iter().filter(|param| {
        param
            .from_config
            .as_ref()
            .is_none_or(|from| from.overridable)
    })
}

/// The request builder of `operation`, with its impls.
pub fn builder(service: &Service, operation: &Operation) -> TokenStream {
    let name = ident(&operation.id);
    let docs = doc(&format!(
        "Request builder for [`crate::Client::{}`]: {}",
        operation.method_name,
        summary_line(operation)
    ));
    let fields = settable(operation).map(|param| {
        let field = ident(&param.rust_name);
        let ty = stored_type(&param.ty);
        quote!(#field: Option<#ty>,)
    });
    let inits = settable(operation).map(|param| {
        let field = ident(&param.rust_name);
        quote!(#field: None,)
    });
    let setters = settable(operation).map(setter);
    let (body_field, body_init, body_setter) = match &operation.body {
        Some(body) => {
            let ty = rust_type(&body.ty);
            let docs = doc(&format!(
                "{}{}",
                body.doc,
                if body.required { "\n\nRequired." } else { "" }
            ));
            (
                quote!(body: Option<#ty>,),
                quote!(body: None,),
                quote! {
                    #docs
                    pub fn body(mut self, body: #ty) -> Self {
                        self.body = Some(body);
                        self
                    }
                },
            )
        }
        None => (quote!(), quote!(), quote!()),
    };
    let send = send(operation);
    let paging = paging(operation);
    let into_request = into_request(service, operation);
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #name {
            client: ServiceClient,
            #(#fields)*
            #body_field
        }

        impl #name {
            pub(crate) fn new(client: ServiceClient) -> Self {
                Self {
                    client,
                    #(#inits)*
                    #body_init
                }
            }

            #(#setters)*
            #body_setter
            #send
            #paging
            #into_request
        }
    }
}

/// The first line of an operation's summary, for builder docs.
pub(super) fn summary_line(operation: &Operation) -> String {
    let summary = operation.summary.lines().next().unwrap_or_default();
    if summary.is_empty() {
        operation.id.clone()
    } else {
        summary.to_owned()
    }
}

/// How a parameter is held in the builder.
fn stored_type(ty: &TypeRef) -> TokenStream {
    match ty {
        // A number parameter is typed by the caller, never decoded: f64 is what they have.
        TypeRef::Number => quote!(f64),
        TypeRef::List(item) => {
            let item = stored_type(item);
            quote!(Vec<#item>)
        }
        other => rust_type(other),
    }
}

fn setter(param: &Param) -> TokenStream {
    let field = ident(&param.rust_name);
    let docs = doc(&param_doc(param));
    let (argument, value) = match &param.ty {
        TypeRef::String | TypeRef::Named(_) => {
            let ty = rust_type(&param.ty);
            (quote!(impl Into<#ty>), quote!(value.into()))
        }
        // `.ids(["a", "b"])`, `.ids(vec_of_strings)`: any items that convert.
        TypeRef::List(item) => {
            let item = stored_type(item);
            return quote! {
                #docs
                pub fn #field<Item: Into<#item>>(mut self, value: impl IntoIterator<Item = Item>) -> Self {
                    self.#field = Some(value.into_iter().map(Into::into).collect());
                    self
                }
            };
        }
        other => (stored_type(other), quote!(value)),
    };
    quote! {
        #docs
        pub fn #field(mut self, value: #argument) -> Self {
            self.#field = Some(#value);
            self
        }
    }
}

/// A setter's doc: the description, then where it goes, whether required, and its rules.
fn param_doc(param: &Param) -> String {
    let place = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    };
    let mut facts = vec![match param.ty {
        TypeRef::List(_) => format!(
            "Sent as the `{}` {place} parameter, once per item (`{0}=a&{0}=b`).",
            param.name
        ),
        _ => format!("Sent as the `{}` {place} parameter.", param.name),
    }];
    match &param.from_config {
        Some(_) => facts.push("Defaults to the configuration's project id.".to_owned()),
        None if param.required => facts.push("Required.".to_owned()),
        None => {}
    }
    let c = &param.constraints;
    match (c.min_length, c.max_length) {
        (Some(min), Some(max)) => facts.push(format!("Length {min} to {max} characters.")),
        (Some(min), None) => facts.push(format!("At least {min} characters.")),
        (None, Some(max)) => facts.push(format!("At most {max} characters.")),
        (None, None) => {}
    }
    if let Some(min) = c.minimum {
        facts.push(format!("Minimum {}.", bound_text(min)));
    }
    if let Some(max) = c.maximum {
        facts.push(format!("Maximum {}.", bound_text(max)));
    }
    if let Some(pattern) = &c.pattern {
        facts.push(format!("Pattern `{pattern}`."));
    }
    if let Some(default) = &c.default {
        facts.push(format!("The server's default is `{default}`."));
    }
    format!("{}\n\n{}", param.doc, facts.join(" "))
}

fn bound_text(bound: Bound) -> String {
    match bound {
        Bound::Int(n) => n.to_string(),
        Bound::Float(n) => n.to_string(),
    }
}

fn send(operation: &Operation) -> TokenStream {
    let mut docs = "Check the parameters, then send the request and decode the reply.\n\n\
                    Fails before sending with [`Error::InvalidInput`] when a parameter breaks a documented rule."
        .to_owned();
    let documented: Vec<String> = operation
        .errors
        .iter()
        .map(|(status, ty)| match ty {
            Some(TypeRef::Named(name)) => format!("{status} ([`crate::models::{name}`])"),
            _ => status.clone(),
        })
        .collect();
    if !documented.is_empty() {
        docs.push_str(&format!(
            " Documented error replies: {}; each arrives as [`Error::Service`], whose \
             `body_as` decodes the documented model.",
            documented.join(", ")
        ));
    }
    let docs = doc(&docs);
    match &operation.response {
        Some(ty) => {
            let ty = rust_type(ty);
            quote! {
                #docs
                pub async fn send(self) -> Result<Response<#ty>, Error> {
                    let (client, request) = self.into_request().await?;
                    client.send(request).await
                }
            }
        }
        None => quote! {
            #docs
            pub async fn send(self) -> Result<Response<()>, Error> {
                let (client, request) = self.into_request().await?;
                client.send_no_content(request).await
            }
        },
    }
}

/// `into_pages` and `into_items` for an operation with `x-pagination`.
fn paging(operation: &Operation) -> TokenStream {
    let (Some(paging), Some(response)) = (&operation.pagination, &operation.response) else {
        return quote!();
    };
    let id = &operation.id;
    let body_type = rust_type(response);
    let item_type = rust_type(&paging.item_type);
    let marker_type = rust_type(&paging.item_marker.ty);
    let marker = ident(&paging.marker_param);
    let start = if is_copy(&paging.item_marker.ty) {
        quote!(self.#marker)
    } else {
        quote!(self.#marker.clone())
    };
    let limit = match &paging.limit_param {
        Some(limit) => {
            let limit = ident(limit);
            quote!(self.#limit.and_then(|limit| usize::try_from(limit).ok()))
        }
        None => quote!(None),
    };
    let borrowed = items_borrowed(&paging.items_path);
    let owned = items_owned(&paging.items_path);
    let marker_of = marker_of(paging);
    let (pages_doc, items_doc) = paging_docs(operation, paging);
    let pages_doc = doc(&pages_doc);
    let items_doc = doc(&items_doc);
    quote! {
        #pages_doc
        pub fn into_pages(self) -> impl Stream<Item = Result<Response<#body_type>, Error>> + Send + Unpin {
            let start = #start;
            let limit = #limit;
            paginate::marker_pages(
                #id,
                self,
                start,
                limit,
                |request: Self, marker: Option<#marker_type>| {
                    let request = match marker {
                        Some(marker) => request.#marker(marker),
                        None => request,
                    };
                    request.send()
                },
                |body: &#body_type| #borrowed,
                |item: &#item_type| #marker_of,
            )
        }

        #items_doc
        pub fn into_items(self) -> impl Stream<Item = Result<#item_type, Error>> + Send + Unpin {
            paginate::items(self.into_pages(), |body: #body_type| #owned)
        }
    }
}

/// The doc texts of `into_pages` and `into_items`.
fn paging_docs(operation: &Operation, paging: &Pagination) -> (String, String) {
    let wire_name = |rust_name: &str| {
        operation
            .params
            .iter()
            .find(|param| param.rust_name == rust_name)
            .map_or_else(|| rust_name.to_owned(), |param| param.name.clone())
    };
    let marker = wire_name(&paging.marker_param);
    let property = &paging.item_marker.json_name;
    let items = if paging.items_path.is_empty() {
        "the reply".to_owned()
    } else {
        let path: Vec<&str> = paging
            .items_path
            .iter()
            .map(|step| step.json_name.as_str())
            .collect();
        format!("`{}`", path.join("."))
    };
    let short = match &paging.limit_param {
        Some(limit) => format!(", a page with fewer items than `{}`", wire_name(limit)),
        None => String::new(),
    };
    let pages = format!(
        "Every page of the reply, one request per page, as a stream.\n\n\
         The first request is this one as set (with its own `{marker}`, if set). Each next \
         request sets `{marker}` to the `{property}` of the last item of {items} on the \
         previous page.\n\n\
         The stream ends after a page with no items{short} or a page whose last item has \
         no `{property}`. An error is yielded and ends the stream. A page whose last \
         `{property}` was already sent as `{marker}` also ends it, with a `tracing` warning, \
         rather than ask for the same page again. Every page that arrives is yielded, \
         including the last one.\n\n\
         Poll it with [`StreamExt::next`](crate::paginate::StreamExt::next) or \
         [`TryStreamExt::try_next`](crate::paginate::TryStreamExt::try_next)."
    );
    let items = format!(
        "Every item of {items} on every page, one by one, as a stream: the pages are those \
         of [`Self::into_pages`], which says how they are requested and when they stop. An \
         error is yielded and ends the stream."
    );
    (pages, items)
}

/// Types whose values are copied rather than cloned.
fn is_copy(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::Bool)
}

/// The items of `body: &Body`, as `&[Item]`, following `path`.
///
/// While every field so far is always present the expression is a place (`body.a.b`);
/// after the first optional one it is an `Option<&T>` chain.
fn items_borrowed(path: &[PathStep]) -> TokenStream {
    let mut place = quote!(body);
    let mut chain: Option<TokenStream> = None;
    for step in path {
        let field = ident(&step.rust_name);
        chain = Some(match (chain.take(), step.presence) {
            (None, Presence::Always) => {
                place = quote!(#place.#field);
                continue;
            }
            (None, Presence::Optional) => quote!(#place.#field.as_ref()),
            (None, Presence::OptionalNullable) => {
                quote!(#place.#field.as_ref().and_then(Option::as_ref))
            }
            (Some(chain), Presence::Always) => quote!(#chain.map(|value| &value.#field)),
            (Some(chain), Presence::Optional) => {
                quote!(#chain.and_then(|value| value.#field.as_ref()))
            }
            (Some(chain), Presence::OptionalNullable) => {
                quote!(#chain.and_then(|value| value.#field.as_ref()).and_then(Option::as_ref))
            }
        });
    }
    match chain {
        None => quote!(#place.as_slice()),
        // Not `.map(Vec::as_slice)`: after a lone `.as_ref()` clippy asks for `as_deref()`.
        Some(chain) => quote!(#chain.map_or(&[][..], Vec::as_slice)),
    }
}

/// The items of `body: Body`, as `Vec<Item>`, following `path` (moving out of `body`).
fn items_owned(path: &[PathStep]) -> TokenStream {
    let mut place = quote!(body);
    let mut chain: Option<TokenStream> = None;
    for step in path {
        let field = ident(&step.rust_name);
        chain = Some(match (chain.take(), step.presence) {
            (None, Presence::Always) => {
                place = quote!(#place.#field);
                continue;
            }
            (None, Presence::Optional) => quote!(#place.#field),
            (None, Presence::OptionalNullable) => quote!(#place.#field.flatten()),
            (Some(chain), Presence::Always) => quote!(#chain.map(|value| value.#field)),
            (Some(chain), Presence::Optional) => quote!(#chain.and_then(|value| value.#field)),
            (Some(chain), Presence::OptionalNullable) => {
                quote!(#chain.and_then(|value| value.#field.flatten()))
            }
        });
    }
    match chain {
        None => place,
        Some(chain) => quote!(#chain.unwrap_or_default()),
    }
}

/// The marker of `item: &Item`, as `Option<Marker>`.
fn marker_of(paging: &Pagination) -> TokenStream {
    let field = ident(&paging.item_marker.rust_name);
    let value = if is_copy(&paging.item_marker.ty) {
        quote!(item.#field)
    } else {
        quote!(item.#field.clone())
    };
    match paging.item_marker.presence {
        Presence::Always => quote!(Some(#value)),
        Presence::Optional => value,
        Presence::OptionalNullable => quote!(#value.flatten()),
    }
}

fn into_request(service: &Service, operation: &Operation) -> TokenStream {
    let id = &operation.id;
    let path = &operation.path;
    let method = match operation.method {
        Method::Get => quote!(Method::Get),
        Method::Post => quote!(Method::Post),
        Method::Put => quote!(Method::Put),
        Method::Patch => quote!(Method::Patch),
        Method::Delete => quote!(Method::Delete),
        Method::Head => quote!(Method::Head),
    };
    let params = operation
        .params
        .iter()
        .map(|param| add_param(service, param));
    let body_checks = operation
        .body
        .as_ref()
        .map(|body| {
            value_checks(
                service,
                &body.ty,
                &Constraints::default(),
                &quote!(body),
                &quote!("body"),
                Numbers::Json,
            )
        })
        .unwrap_or_default();
    let body_check_block = (!body_checks.is_empty()).then(|| quote!(if check { #body_checks }));
    let body = operation.body.as_ref().map(|body| {
        if body.required {
            quote! {
                let body = &huaweicloud_sdk_core::validate::required("body", self.body)?;
                #body_check_block
                request.json_body(body)?;
            }
        } else {
            quote! {
                if let Some(body) = &self.body {
                    #body_check_block
                    request.json_body(body)?;
                }
            }
        }
    });
    // Only read the switch when something has a rule, so no unused variable is emitted.
    let any_checks = !body_checks.is_empty()
        || operation
            .params
            .iter()
            .any(|param| !checks(service, param).is_empty());
    let check = any_checks.then(|| quote!(let check = self.client.validates_requests();));
    let mutable = (!operation.params.is_empty() || operation.body.is_some()).then(|| quote!(mut));
    quote! {
        /// Check every parameter and assemble the request; nothing is sent here, but a
        /// project id may be looked up at IAM (once per configuration).
        async fn into_request(self) -> Result<(ServiceClient, OperationRequest), Error> {
            #check
            let #mutable request = OperationRequest::new(#id, #method, #path);
            #(#params)*
            #body
            Ok((self.client, request))
        }
    }
}

/// Take one parameter out of the builder, check it, and add it to the request.
fn add_param(service: &Service, param: &Param) -> TokenStream {
    let field = ident(&param.rust_name);
    let name = &param.name;
    let checks = checks(service, param);
    let add = match (param.location, &param.ty) {
        (ParamLocation::Path, ty) => {
            let text = as_text(ty, &quote!(#field));
            quote!(request.path_param(#name, #text)?;)
        }
        // One `name=item` pair per item, in the caller's order.
        (ParamLocation::Query, TypeRef::List(item)) => {
            let text = as_text(item, &quote!(item));
            quote! {
                for item in #field {
                    request.query_param(#name, #text);
                }
            }
        }
        (ParamLocation::Query, ty) => {
            let text = as_text(ty, &quote!(#field));
            quote!(request.query_param(#name, #text);)
        }
        (ParamLocation::Header, ty) => {
            let text = as_text(ty, &quote!(#field));
            quote!(request.header(#name, #text)?;)
        }
    };
    let check_block = (!checks.is_empty()).then(|| quote!(if check { #checks }));
    match &param.from_config {
        Some(from) => {
            let own = if from.overridable {
                quote!(self.#field)
            } else {
                quote!(None)
            };
            quote! {
                let #field = self.client.resolve_project_id(#own).await?;
                #check_block
                #add
            }
        }
        None if param.required => quote! {
            let #field = huaweicloud_sdk_core::validate::required(#name, self.#field)?;
            #check_block
            #add
        },
        None => quote! {
            if let Some(#field) = self.#field {
                #check_block
                #add
            }
        },
    }
}

/// An owned parameter value (`value`) as the text sent.
fn as_text(ty: &TypeRef, value: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(#value),
        TypeRef::Named(_) => quote!(#value.as_str().to_owned()),
        _ => quote!(#value.to_string()),
    }
}

/// The documented-rule checks of one parameter, reading the local `#field`.
fn checks(service: &Service, param: &Param) -> TokenStream {
    let field = ident(&param.rust_name);
    let name = &param.name;
    let checks = value_checks(
        service,
        &param.ty,
        &param.constraints,
        &quote!(value),
        &quote!(#name),
        Numbers::Float,
    );
    if checks.is_empty() {
        return checks;
    }
    quote!({
        let value = &#field;
        #checks
    })
}
