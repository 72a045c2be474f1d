//! Paths to operations: parameters, body and replies.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use openapiv3::{
    Operation as OpenApiOperation, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr,
    RequestBody, Response, StatusCode,
};
use serde_json::Value;

use super::Lowering;
use super::constraints::constraints;
use super::schema::SchemaRef;

use crate::document::{pointer_segment, unescape_segment};
use crate::error::SpecError;
use crate::ir::{Body, FromConfig, Method, Operation, Param, ParamLocation, TypeDef, TypeRef};
use crate::naming;

const JSON: &str = "application/json";

impl Lowering<'_> {
    /// Every operation, in the spec's path order.
    pub(super) fn lower_operations(&mut self) -> Result<Vec<Operation>, SpecError> {
        let mut operations = Vec::new();
        let mut ids = BTreeSet::new();
        let openapi = &self.parsed.openapi;
        for (path, item) in &openapi.paths.paths {
            let path_pointer = format!("/paths/{}", pointer_segment(path));
            let ReferenceOr::Item(item) = item else {
                return Err(self
                    .locator
                    .at(&path_pointer, "path items given by $ref are not supported"));
            };
            for (key, unsupported) in [("options", &item.options), ("trace", &item.trace)] {
                if unsupported.is_some() {
                    return Err(self.locator.at(
                        &format!("{path_pointer}/{key}"),
                        format!("`{key}` operations are not supported"),
                    ));
                }
            }
            let methods = [
                ("get", Method::Get, &item.get),
                ("put", Method::Put, &item.put),
                ("post", Method::Post, &item.post),
                ("delete", Method::Delete, &item.delete),
                ("patch", Method::Patch, &item.patch),
                ("head", Method::Head, &item.head),
            ];
            for (key, method, operation) in methods {
                let Some(operation) = operation else { continue };
                let pointer = format!("{path_pointer}/{key}");
                let lowered =
                    self.lower_operation(path, method, operation, &item.parameters, &pointer)?;
                if !ids.insert(lowered.id.clone()) {
                    return Err(self.locator.at(
                        &format!("{pointer}/operationId"),
                        format!("duplicate operationId `{}`", lowered.id),
                    ));
                }
                operations.push(lowered);
            }
        }
        Ok(operations)
    }

    fn lower_operation(
        &mut self,
        path: &str,
        method: Method,
        operation: &OpenApiOperation,
        shared_params: &[ReferenceOr<Parameter>],
        pointer: &str,
    ) -> Result<Operation, SpecError> {
        let id = operation
            .operation_id
            .clone()
            .ok_or_else(|| self.locator.at(pointer, "operation has no operationId"))?;
        if naming::type_name(&id) != id {
            return Err(self.locator.at(
                &format!("{pointer}/operationId"),
                format!("operationId `{id}` must be UpperCamelCase (it names the builder type)"),
            ));
        }
        let mut params = Vec::new();
        let indexed = shared_params
            .iter()
            .enumerate()
            .map(|(index, param)| {
                (
                    param,
                    format!(
                        "{}/parameters/{index}",
                        pointer.rsplit_once('/').map_or("", |(p, _)| p)
                    ),
                )
            })
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(index, param)| (param, format!("{pointer}/parameters/{index}"))),
            );
        for (param, param_pointer) in indexed {
            let lowered = self.lower_param(&id, param, &param_pointer)?;
            // An operation's own parameter replaces a path-level one of the same name and place.
            params.retain(|known: &Param| {
                !(known.name == lowered.name && known.location == lowered.location)
            });
            params.push(lowered);
        }
        let mut rust_names: Vec<String> =
            params.iter().map(|param| param.rust_name.clone()).collect();
        if operation.request_body.is_some() {
            rust_names.push("body".to_owned());
        }
        naming::dedupe(&mut rust_names);
        for (param, name) in params.iter_mut().zip(rust_names) {
            param.rust_name = name;
        }
        self.check_path_template(path, &params, pointer)?;
        let body = match &operation.request_body {
            Some(body) => Some(self.lower_body(&id, body, &format!("{pointer}/requestBody"))?),
            None => None,
        };
        let (success_status, response, errors) = self.lower_responses(&id, operation, pointer)?;
        if method == Method::Head {
            self.check_bodiless_head(operation, pointer)?;
        }
        let pagination = self.lower_pagination(pointer, &params, response.as_ref())?;
        Ok(Operation {
            method_name: naming::field_name(&id),
            summary: operation
                .summary
                .as_deref()
                .map(super::normalise_doc)
                .unwrap_or_default(),
            description: self.doc(pointer, String::new),
            id,
            method,
            path: path.to_owned(),
            params,
            body,
            response,
            success_status,
            errors,
            pagination,
            section: operation.tags.first().cloned(),
        })
    }

    fn lower_param(
        &mut self,
        operation_id: &str,
        param: &ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Result<Param, SpecError> {
        let ReferenceOr::Item(param) = param else {
            return Err(self.locator.at(
                pointer,
                "parameters given by $ref are not supported; write them inline",
            ));
        };
        let (location, data) = match param {
            Parameter::Path { parameter_data, .. } => (ParamLocation::Path, parameter_data),
            Parameter::Query {
                parameter_data,
                style,
                ..
            } => {
                // A list goes out as `id=a&id=b`, as the official SDKs send it (their
                // `multi` collection format): OpenAPI's form style, exploded.
                if *style != QueryStyle::Form || parameter_data.explode == Some(false) {
                    return Err(self.locator.at(
                        pointer,
                        format!(
                            "query parameter `{}`: only `style: form` with `explode: true` (the default) is supported",
                            parameter_data.name
                        ),
                    ));
                }
                (ParamLocation::Query, parameter_data)
            }
            Parameter::Header { parameter_data, .. } => (ParamLocation::Header, parameter_data),
            Parameter::Cookie { .. } => {
                return Err(self
                    .locator
                    .at(pointer, "cookie parameters are not supported"));
            }
        };
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(self.locator.at(
                pointer,
                format!(
                    "parameter `{}` must have a `schema` (`content` is not supported)",
                    data.name
                ),
            ));
        };
        if location == ParamLocation::Path && !data.required {
            return Err(self.locator.at(
                pointer,
                format!("path parameter `{}` must be `required: true`", data.name),
            ));
        }
        let schema_pointer = format!("{pointer}/schema");
        // A header names its type alone, to share it across operations (`lower` module).
        let hint = if location == ParamLocation::Header {
            naming::type_name(&data.name)
        } else {
            format!("{operation_id}{}", data.name.to_upper_camel_case())
        };
        let ty = self.lower_ref(schema.into(), &hint, &schema_pointer)?;
        let (constraint_schema, constraint_pointer) = match schema {
            ReferenceOr::Reference { reference } => {
                self.component_schema(reference, &schema_pointer)?
            }
            ReferenceOr::Item(schema) => (schema, schema_pointer.clone()),
        };
        self.check_param_type(&data.name, location, &ty, &constraint_pointer)?;
        let from_config = self.config_fill(pointer, location)?;
        Ok(Param {
            rust_name: naming::field_name(&data.name),
            location,
            doc: self.doc(pointer, || format!("The `{}` parameter.", data.name)),
            required: data.required,
            ty,
            constraints: constraints(constraint_schema),
            from_config,
            name: data.name.clone(),
        })
    }

    /// Parameters are sent as text: only primitives and enums can be, and in the query
    /// a list of them (one `name=value` pair per item).
    fn check_param_type(
        &self,
        name: &str,
        location: ParamLocation,
        ty: &TypeRef,
        pointer: &str,
    ) -> Result<(), SpecError> {
        let text = |ty: &TypeRef| match ty {
            TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::Number | TypeRef::Bool => true,
            TypeRef::Named(named) => self
                .types
                .get(named)
                .is_some_and(|(def, _)| matches!(def, TypeDef::Enum(_))),
            _ => false,
        };
        let supported = match (location, ty) {
            (ParamLocation::Query, TypeRef::List(item)) => text(item),
            (_, ty) => text(ty),
        };
        if supported {
            Ok(())
        } else if location == ParamLocation::Query {
            Err(self.locator.at(
                pointer,
                format!(
                    "parameter `{name}` must be a string, integer, number, boolean or string enum, or an array of them"
                ),
            ))
        } else {
            Err(self.locator.at(
                pointer,
                format!(
                    "parameter `{name}` must be a string, integer, number, boolean or string enum"
                ),
            ))
        }
    }

    fn config_fill(
        &self,
        pointer: &str,
        location: ParamLocation,
    ) -> Result<Option<FromConfig>, SpecError> {
        let Some(key) = self.extension_str(pointer, "x-from-config")? else {
            return Ok(None);
        };
        if key != "project_id" {
            return Err(self.locator.at(
                pointer,
                format!(
                    "`x-from-config: {key}`: only `project_id` can come from the configuration"
                ),
            ));
        }
        if location != ParamLocation::Path {
            return Err(self
                .locator
                .at(pointer, "`x-from-config` applies to path parameters only"));
        }
        let overridable = match self.raw(pointer).and_then(|node| node.get("x-overridable")) {
            None => true,
            Some(Value::Bool(value)) => *value,
            Some(_) => {
                return Err(self
                    .locator
                    .at(pointer, "`x-overridable` must be true or false"));
            }
        };
        Ok(Some(FromConfig { key, overridable }))
    }

    /// Every `{name}` in the path has a path parameter, and every path parameter a `{name}`.
    fn check_path_template(
        &self,
        path: &str,
        params: &[Param],
        pointer: &str,
    ) -> Result<(), SpecError> {
        let mut in_template = BTreeSet::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                return Err(self
                    .locator
                    .at(pointer, format!("path `{path}` has an unterminated `{{`")));
            };
            in_template.insert(&rest[open + 1..open + close]);
            rest = &rest[open + close + 1..];
        }
        let declared: BTreeSet<&str> = params
            .iter()
            .filter(|param| param.location == ParamLocation::Path)
            .map(|param| param.name.as_str())
            .collect();
        if let Some(missing) = in_template.difference(&declared).next() {
            return Err(self.locator.at(pointer, format!("path template has `{{{missing}}}` but no path parameter `{missing}` is declared")));
        }
        if let Some(extra) = declared.difference(&in_template).next() {
            return Err(self.locator.at(
                pointer,
                format!("path parameter `{extra}` does not appear in the path template `{path}`"),
            ));
        }
        Ok(())
    }

    fn lower_body(
        &mut self,
        operation_id: &str,
        body: &ReferenceOr<RequestBody>,
        pointer: &str,
    ) -> Result<Body, SpecError> {
        let ReferenceOr::Item(body) = body else {
            return Err(self
                .locator
                .at(pointer, "request bodies given by $ref are not supported"));
        };
        let schema = self.json_schema(&body.content, pointer)?.ok_or_else(|| {
            self.locator.at(
                pointer,
                format!("request body must have `content.{JSON}.schema`"),
            )
        })?;
        let content_pointer = format!("{pointer}/content/{}/schema", pointer_segment(JSON));
        let ty = self.lower_ref(
            schema,
            &format!("{operation_id}RequestBody"),
            &content_pointer,
        )?;
        self.check_examples(&ty, &format!("{pointer}/content"), operation_id, "request")?;
        Ok(Body {
            ty,
            doc: self.doc(pointer, || "The request body.".to_owned()),
            required: body.required,
        })
    }

    /// A HEAD request and its replies carry no body (RFC 9110 §9.3.2): a body in the spec
    /// could never be sent or read.
    fn check_bodiless_head(
        &self,
        operation: &OpenApiOperation,
        pointer: &str,
    ) -> Result<(), SpecError> {
        if operation.request_body.is_some() {
            return Err(self.locator.at(
                &format!("{pointer}/requestBody"),
                "a `head` operation sends no body",
            ));
        }
        for (status, response) in &operation.responses.responses {
            if let ReferenceOr::Item(response) = response
                && !response.content.is_empty()
            {
                return Err(self.locator.at(
                    &format!("{pointer}/responses/{status}/content"),
                    "a reply to a `head` operation has no body",
                ));
            }
        }
        Ok(())
    }

    #[allow(clippy::type_complexity)]
    fn lower_responses(
        &mut self,
        operation_id: &str,
        operation: &OpenApiOperation,
        pointer: &str,
    ) -> Result<(String, Option<TypeRef>, Vec<(String, Option<TypeRef>)>), SpecError> {
        let mut success = None;
        let mut errors = Vec::new();
        for (status, response) in &operation.responses.responses {
            let status_text = status.to_string();
            let response_pointer = format!("{pointer}/responses/{}", pointer_segment(&status_text));
            let is_success = matches!(status, StatusCode::Code(code) if (200..300).contains(code))
                || matches!(status, StatusCode::Range(2));
            let hint = if is_success {
                format!("{operation_id}Response")
            } else {
                format!("{operation_id}Error{}", status_text.to_upper_camel_case())
            };
            let ty = self.lower_response(response, &hint, &response_pointer, operation_id)?;
            if is_success {
                if success.is_some() {
                    return Err(self.locator.at(
                        &response_pointer,
                        "only one success (2xx) response is supported",
                    ));
                }
                success = Some((status_text, ty));
            } else {
                errors.push((status_text, ty));
            }
        }
        if let Some(default) = &operation.responses.default {
            let response_pointer = format!("{pointer}/responses/default");
            let ty = self.lower_response(
                default,
                &format!("{operation_id}ErrorDefault"),
                &response_pointer,
                operation_id,
            )?;
            errors.push(("default".to_owned(), ty));
        }
        let (status, response) = success.ok_or_else(|| {
            self.locator.at(
                &format!("{pointer}/responses"),
                "operation documents no success (2xx) response",
            )
        })?;
        Ok((status, response, errors))
    }

    fn lower_response(
        &mut self,
        response: &ReferenceOr<Response>,
        hint: &str,
        pointer: &str,
        operation_id: &str,
    ) -> Result<Option<TypeRef>, SpecError> {
        let ReferenceOr::Item(response) = response else {
            return Err(self
                .locator
                .at(pointer, "responses given by $ref are not supported"));
        };
        match self.json_schema(&response.content, pointer)? {
            Some(schema) => {
                let content_pointer = format!("{pointer}/content/{}/schema", pointer_segment(JSON));
                let ty = self.lower_ref(schema, hint, &content_pointer)?;
                // The part is the status: the last segment of the response's pointer.
                let status = pointer.rsplit('/').next().map(unescape_segment);
                let part = status.unwrap_or_default();
                self.check_examples(&ty, &format!("{pointer}/content"), operation_id, &part)?;
                Ok(Some(ty))
            }
            None => Ok(None),
        }
    }

    /// The `application/json` schema of a content map; other media types are refused
    /// rather than silently dropped.
    fn json_schema<'c>(
        &self,
        content: &'c indexmap::IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
    ) -> Result<Option<SchemaRef<'c>>, SpecError> {
        if let Some(other) = content
            .keys()
            .find(|media_type| !media_type.starts_with(JSON))
        {
            return Err(self.locator.at(
                &format!("{pointer}/content/{}", pointer_segment(other)),
                format!("media type `{other}` is not supported; only {JSON}"),
            ));
        }
        Ok(content
            .values()
            .next()
            .and_then(|media| media.schema.as_ref())
            .map(SchemaRef::from))
    }
}
