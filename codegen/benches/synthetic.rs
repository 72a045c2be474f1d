//! Synthetic specs of any size, for the generator benchmarks (`benches/generate.rs`) and
//! the scale test (`tests/scale.rs`), which include this file as a module.
//!
//! [`spec`] writes a block-style YAML spec of `operations` operations and `schemas`
//! component schemas that follows `specs/CONVENTIONS.md` (servers with `x-region`, the
//! token scheme, a description on every schema, property and parameter, an example or an
//! `x-no-example` on every body), so that it lowers, generates and lints cleanly. It uses
//! the shapes the real specs use:
//!
//! - schemas: objects with string, int32, int64, number and boolean properties carrying
//!   lengths, ranges and patterns; an open enum; a nullable string; an array of strings;
//!   a map; a free-form object; a string-or-integer value (`oneOf`) on every fourth
//!   schema; a `$ref` to a sibling schema and an array of `$ref`s, within groups of ten
//!   schemas; and one error schema with a second spelling of a property (`x-alias-of`);
//! - operations, in turn: show (GET, path parameters, an enum header), list (GET, query
//!   parameters with ranges, an enum and a pattern, an inline response object, and
//!   `x-pagination`), create (POST with a request body) and delete (DELETE, no content);
//!   `{project_id}` comes from the configuration; every fifth operation documents
//!   examples, the others say `x-no-example`.
//!
//! The text depends only on the two counts, so every run measures the same input.

use std::fmt::Write as _;

/// A synthetic spec and what the generator must make of it.
#[derive(Debug, Clone)]
pub struct Synthetic {
    /// The spec's YAML text.
    pub text: String,
    /// Operations in the spec.
    pub operations: usize,
    /// Component schemas in the spec.
    pub schemas: usize,
    /// Named types the generator must define: one struct per schema, one open enum per
    /// schema's `state` property and per list operation's `status` parameter, one for the
    /// X-Language header of every show operation, one union per `code` property, one
    /// struct per list operation's inline response.
    pub types: usize,
    /// Operations with `x-pagination`.
    pub paginated: usize,
}

/// The error schema's name; every other schema is a `Widget<n>`.
const ERROR_SCHEMA: &str = "ApiError";

/// Schemas refer to each other within groups of this many (a `$ref` to the next one, an
/// array of `$ref`s to the one after), so that nesting stays as shallow as in real specs.
const GROUP: usize = 10;

/// A spec of `operations` operations and `schemas` component schemas (at least two: the
/// error schema and one resource schema).
pub fn spec(operations: usize, schemas: usize) -> Synthetic {
    assert!(schemas >= 2, "a synthetic spec needs at least two schemas");
    let widgets = schemas - 1;
    let mut out = String::with_capacity(2_000 * (operations + schemas));
    let mut types = 1; // the error schema's struct
    let mut paginated = 0;
    header(&mut out, operations, schemas);
    out.push_str("paths:\n");
    for k in 0..operations {
        let widget = k % widgets;
        match k % 4 {
            0 => {
                show(&mut out, k, widget);
                if k == 0 {
                    types += 1; // the X-Language enum, one type for every show
                }
            }
            1 => {
                list(&mut out, k, widget);
                types += 2; // the status enum and the inline response struct
                paginated += 1;
            }
            2 => create(&mut out, k, widget),
            _ => delete(&mut out, k),
        }
    }
    out.push_str(COMPONENTS);
    for n in 0..widgets {
        widget_schema(&mut out, n, widgets);
        types += 2; // the struct and its `state` enum
        if has_code(n) {
            types += 1; // the `code` union
        }
    }
    Synthetic {
        text: out,
        operations,
        schemas,
        types,
        paginated,
    }
}

fn header(out: &mut String, operations: usize, schemas: usize) {
    let _ = write!(
        out,
        r#"openapi: 3.0.3
info:
  title: Synthetic
  version: v1
  x-publish: false
  description: >-
    A synthetic service of {operations} operations and {schemas} schemas, written by
    codegen/benches/synthetic.rs to measure how the generator scales.
servers:
  - url: https://synthetic.cn-north-4.example.com
    description: Synthetic endpoint in cn-north-4
    x-region: cn-north-4
  - url: https://synthetic.ap-southeast-1.example.com
    description: Synthetic endpoint in ap-southeast-1
    x-region: ap-southeast-1
security:
  - token: []
tags:
  - name: synthetic
    description: Synthetic operations.
"#
    );
}

/// The `{project_id}` path parameter that every operation has, filled from the configuration.
const PROJECT_ID: &str = r#"        - name: project_id
          in: path
          required: true
          description: Project ID, from the configuration unless the request sets it.
          x-from-config: project_id
          schema:
            type: string
            minLength: 32
            maxLength: 32
"#;

const WIDGET_ID: &str = r#"        - name: widget_id
          in: path
          required: true
          description: ID of the resource.
          schema:
            type: string
            minLength: 1
            maxLength: 64
"#;

/// The `X-request-id` reply header, which every response documents.
const REQUEST_ID: &str = r#"          headers:
            X-request-id:
              description: Request ID.
              schema:
                type: string
"#;

fn operation_head(out: &mut String, path: &str, method: &str, id: &str, summary: &str) {
    let _ = write!(
        out,
        r#"  {path}:
    {method}:
      operationId: {id}
      summary: {summary}
      description: {summary}, in a synthetic service.
      tags: [synthetic]
      x-doc-page: pages/synthetic/{id}.en.txt
      x-doc-deviation: "The X-Auth-Token and Content-Type header rows are not parameters: the runtime sends them."
"#
    );
}

/// A JSON body of `schema`, with an example on every fifth operation.
fn json_body(out: &mut String, indent: &str, schema: &str, example: Option<String>) {
    let _ = writeln!(out, "{indent}content:");
    let _ = writeln!(out, "{indent}  application/json:");
    let _ = writeln!(out, "{indent}    schema:");
    let _ = writeln!(out, "{indent}      {schema}");
    match example {
        Some(value) => {
            let _ = writeln!(out, "{indent}    examples:");
            let _ = writeln!(out, "{indent}      documented:");
            let _ = writeln!(out, "{indent}        summary: The example of the page.");
            let _ = writeln!(out, "{indent}        value: {value}");
        }
        None => {
            let _ = writeln!(out, "{indent}    x-no-example: The page prints no example.");
        }
    }
}

fn with_example(k: usize) -> bool {
    k.is_multiple_of(5)
}

fn schema_ref(name: &str) -> String {
    format!("$ref: '#/components/schemas/{name}'")
}

/// A `404` or `400` reply with the error schema.
fn error_reply(out: &mut String, status: u16, description: &str) {
    let _ = writeln!(out, "        '{status}':");
    let _ = writeln!(out, "          description: {description}");
    out.push_str(REQUEST_ID);
    json_body(out, "          ", &schema_ref(ERROR_SCHEMA), None);
}

/// A JSON example of `Widget<n>` (the fields every widget has, and `code` where it exists).
fn widget_example(k: usize, n: usize) -> String {
    let code = if has_code(n) { r#", "code": "42""# } else { "" };
    format!(
        r#"{{"id": "w-{k}", "name": "widget-{k}", "count": 3, "created_at": 1697946452186, "ratio": 0.5, "enabled": true, "state": "ACTIVE", "note": null, "tags": ["a", "b"], "labels": {{"env": "prod"}}, "metadata": {{"any": [1, 2.5, "x"]}}{code}}}"#
    )
}

fn show(out: &mut String, k: usize, widget: usize) {
    operation_head(
        out,
        &format!("/v1/{{project_id}}/group{k}/widgets/{{widget_id}}"),
        "get",
        &format!("ShowWidget{k}"),
        &format!("Show a resource of group {k}"),
    );
    out.push_str("      parameters:\n");
    out.push_str(PROJECT_ID);
    out.push_str(WIDGET_ID);
    out.push_str(
        r#"        - name: X-Language
          in: header
          required: false
          description: Language of the messages.
          schema:
            type: string
            enum: [zh-cn, en-us]
        - name: X-Request-Tag
          in: header
          required: false
          description: A tag that the server echoes in its logs.
          schema:
            type: string
            maxLength: 64
      responses:
        '200':
          description: The resource.
"#,
    );
    out.push_str(REQUEST_ID);
    let example = with_example(k).then(|| widget_example(k, widget));
    json_body(
        out,
        "          ",
        &schema_ref(&format!("Widget{widget}")),
        example,
    );
    error_reply(out, 404, "No such resource.");
}

fn list(out: &mut String, k: usize, widget: usize) {
    operation_head(
        out,
        &format!("/v1/{{project_id}}/group{k}/widgets"),
        "get",
        &format!("ListWidgets{k}"),
        &format!("List the resources of group {k}"),
    );
    out.push_str(
        r#"      x-pagination:
        items: /widgets
        item-marker: id
        marker: marker
        limit: limit
      parameters:
"#,
    );
    out.push_str(PROJECT_ID);
    out.push_str(
        r#"        - name: limit
          in: query
          required: false
          description: Page size.
          schema:
            type: integer
            format: int32
            minimum: 1
            maximum: 500
            default: 100
        - name: marker
          in: query
          required: false
          description: ID of the last resource of the previous page.
          schema:
            type: string
            maxLength: 64
        - name: status
          in: query
          required: false
          description: Only resources in this state.
          schema:
            type: string
            enum: [ACTIVE, INACTIVE]
        - name: name
          in: query
          required: false
          description: Only resources whose name starts with this prefix.
          schema:
            type: string
            pattern: '^[a-z][a-z0-9-]*$'
            maxLength: 32
      responses:
        '200':
          description: A page of resources.
"#,
    );
    out.push_str(REQUEST_ID);
    let _ = write!(
        out,
        r#"          content:
            application/json:
              schema:
                type: object
                description: A page of resources.
                properties:
                  widgets:
                    type: array
                    description: The resources of the page.
                    items:
                      $ref: '#/components/schemas/Widget{widget}'
                  total:
                    type: integer
                    format: int32
                    description: Number of resources in all pages.
"#
    );
    if with_example(k) {
        let _ = write!(
            out,
            r#"              examples:
                documented:
                  summary: A page of one resource.
                  value: {{"widgets": [{}], "total": 1}}
"#,
            widget_example(k, widget)
        );
    } else {
        out.push_str("              x-no-example: The page prints no example.\n");
    }
}

fn create(out: &mut String, k: usize, widget: usize) {
    operation_head(
        out,
        &format!("/v1/{{project_id}}/group{k}/widgets"),
        "post",
        &format!("CreateWidget{k}"),
        &format!("Create a resource in group {k}"),
    );
    out.push_str("      parameters:\n");
    out.push_str(PROJECT_ID);
    out.push_str(
        r#"        - name: X-Client-Token
          in: header
          required: false
          description: Idempotency token.
          schema:
            type: string
            minLength: 1
            maxLength: 64
      requestBody:
        required: true
        description: The resource to create.
"#,
    );
    let name = format!("Widget{widget}");
    let example = |k| with_example(k).then(|| widget_example(k, widget));
    json_body(out, "        ", &schema_ref(&name), example(k));
    out.push_str("      responses:\n        '200':\n          description: The new resource.\n");
    out.push_str(REQUEST_ID);
    json_body(out, "          ", &schema_ref(&name), example(k));
    error_reply(out, 400, "The request is not valid.");
}

fn delete(out: &mut String, k: usize) {
    operation_head(
        out,
        &format!("/v1/{{project_id}}/group{k}/widgets/{{widget_id}}"),
        "delete",
        &format!("DeleteWidget{k}"),
        &format!("Delete a resource of group {k}"),
    );
    out.push_str("      parameters:\n");
    out.push_str(PROJECT_ID);
    out.push_str(WIDGET_ID);
    out.push_str(
        r#"        - name: force
          in: query
          required: false
          description: Delete even if other resources refer to it.
          schema:
            type: boolean
      responses:
        '204':
          description: Deleted; no body.
"#,
    );
    out.push_str(REQUEST_ID);
}

/// Every fourth widget has a value that arrives as a string or a number.
fn has_code(n: usize) -> bool {
    n % 4 == 2
}

const COMPONENTS: &str = r#"components:
  securitySchemes:
    token:
      type: apiKey
      in: header
      name: X-Auth-Token
      description: User token obtained from IAM.
  schemas:
    ApiError:
      type: object
      description: Error body of a failed request.
      properties:
        error_code:
          type: string
          description: Error code.
        error_msg:
          type: string
          description: Error message.
        error_message:
          type: string
          description: Error message (a second spelling of error_msg).
          x-alias-of: error_msg
          x-doc-deviation: "Some replies spell it error_message; both spellings decode."
"#;

fn widget_schema(out: &mut String, n: usize, widgets: usize) {
    let _ = write!(
        out,
        r#"    Widget{n}:
      type: object
      description: Synthetic resource {n}.
      properties:
        id:
          type: string
          description: Resource ID; the marker of the next page.
          minLength: 1
          maxLength: 64
        name:
          type: string
          description: Display name.
          pattern: '^[a-z][a-z0-9-]*$'
          maxLength: 32
        count:
          type: integer
          format: int32
          description: A count.
          minimum: 0
          maximum: 1000
        created_at:
          type: integer
          format: int64
          description: Creation time, epoch milliseconds.
        ratio:
          type: number
          format: double
          description: A ratio.
          minimum: 0
          maximum: 1
        enabled:
          type: boolean
          description: Whether it is enabled.
        state:
          type: string
          description: Lifecycle state of Widget{n}.
          enum: [ACTIVE, INACTIVE, DELETED]
        note:
          type: string
          nullable: true
          description: A note; null when there is none.
        tags:
          type: array
          description: Tags.
          maxItems: 10
          items:
            type: string
            description: A tag.
            maxLength: 32
        labels:
          type: object
          description: Labels by key.
          additionalProperties:
            type: string
            description: A label value.
        metadata:
          type: object
          description: Free-form metadata.
"#
    );
    if has_code(n) {
        out.push_str(
            r#"        code:
          description: A code that arrives as a JSON string or a JSON number.
          x-doc-deviation: "The table types it Integer; the examples send strings too."
          oneOf:
            - type: string
            - type: integer
              format: int64
"#,
        );
    }
    // References stay within a group of ten schemas, forward only.
    if !(n + 1).is_multiple_of(GROUP) && n + 1 < widgets {
        let _ = write!(
            out,
            r#"        next:
          $ref: '#/components/schemas/Widget{}'
          description: The next resource of the group.
"#,
            n + 1
        );
    }
    if (n % GROUP) + 2 < GROUP && n + 2 < widgets {
        let _ = write!(
            out,
            r#"        related:
          type: array
          description: Related resources.
          maxItems: 50
          items:
            $ref: '#/components/schemas/Widget{}'
"#,
            n + 2
        );
    }
}
