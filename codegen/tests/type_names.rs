//! Type names do not depend on the other operations of a spec: adding an operation, even
//! one that comes first and repeats another's inline schemas, renames nothing.

use huaweicloud_sdk_codegen::api_diff::{self, Change, Impact};
use huaweicloud_sdk_codegen::ir::{Service, TypeRef};
use huaweicloud_sdk_codegen::public_api::{self, PublicApi};
use huaweicloud_sdk_codegen::{SpecInput, generate, lower};

const HEAD: &str = "openapi: 3.0.3
info:
  title: Pets
  version: v1
  x-publish: false
  description: Type names.
servers:
  - url: https://pets.cn-north-4.example.com
    description: cn-north-4
    x-region: cn-north-4
paths:
";

/// An operation with an enum in a header, a query parameter and its reply: the same
/// three enums, value for value, in every operation that `operation` writes.
fn operation(path: &str, id: &str) -> String {
    format!(
        "  {path}:
    get:
      operationId: {id}
      summary: An operation.
      parameters:
        - name: X-Language
          in: header
          required: false
          description: Language.
          schema: {{type: string, enum: [zh-cn, en-us]}}
        - name: view
          in: query
          required: false
          description: How much to show.
          schema: {{type: string, enum: [brief, full]}}
      responses:
        '200':
          description: The pet.
          content:
            application/json:
              schema:
                type: object
                properties:
                  status:
                    type: string
                    enum: [ACTIVE, INACTIVE]
"
    )
}

fn spec(operations: &[(&str, &str)]) -> String {
    let mut spec = HEAD.to_owned();
    for (path, id) in operations {
        spec.push_str(&operation(path, id));
    }
    spec
}

fn input(text: &str) -> SpecInput<'_> {
    SpecInput {
        service: "pets",
        path: "pets.yaml",
        text,
    }
}

fn service(text: &str) -> Service {
    lower(&input(text)).unwrap_or_else(|e| panic!("{e}"))
}

fn api(text: &str) -> PublicApi {
    let files = generate(&input(text)).unwrap_or_else(|e| panic!("{e}"));
    PublicApi::of(&files).unwrap_or_else(|e| panic!("{e}"))
}

/// Both comparisons of two specs: of their services and of their crates' public APIs.
fn changes(old: &str, new: &str) -> Vec<Change> {
    let mut changes = api_diff::diff(&service(old), &service(new));
    changes.extend(public_api::diff(&api(old), &api(new)));
    changes
}

const SHOW: (&str, &str) = ("/v1/pets/default", "ShowPet");
/// Before `ShowPet` in the spec's order and in the alphabet.
const ADD: (&str, &str) = ("/v1/adoptions", "AddPet");

#[test]
fn an_operation_added_first_renames_no_type_of_another() {
    let changes = changes(&spec(&[SHOW]), &spec(&[ADD, SHOW]));
    let breaking: Vec<String> = changes
        .iter()
        .filter(|change| change.impact == Impact::Breaking)
        .map(ToString::to_string)
        .collect();
    assert!(breaking.is_empty(), "{breaking:#?}");
}

#[test]
fn removing_an_operation_removes_only_its_own_types() {
    let changes = changes(&spec(&[ADD, SHOW]), &spec(&[SHOW]));
    let foreign: Vec<String> = changes
        .iter()
        .filter(|change| !change.item.contains("AddPet") && !change.item.contains("add_pet"))
        .map(ToString::to_string)
        .collect();
    assert!(foreign.is_empty(), "{foreign:#?}");
}

#[test]
fn a_header_is_one_type_named_after_it_and_the_rest_are_the_operations_own() {
    let service = service(&spec(&[ADD, SHOW]));
    let param_type = |operation: &str, name: &str| {
        let operation = service.operations.iter().find(|op| op.id == operation);
        let param = operation.and_then(|op| op.params.iter().find(|p| p.name == name));
        param.map(|param| param.ty.clone())
    };
    let named = |name: &str| Some(TypeRef::Named(name.to_owned()));
    assert_eq!(param_type("AddPet", "X-Language"), named("XLanguage"));
    assert_eq!(param_type("ShowPet", "X-Language"), named("XLanguage"));
    assert_eq!(param_type("AddPet", "view"), named("AddPetView"));
    assert_eq!(param_type("ShowPet", "view"), named("ShowPetView"));
    let mut names: Vec<&str> = service.types.iter().map(|def| def.name()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "AddPetResponse",
            "AddPetResponseStatus",
            "AddPetView",
            "ShowPetResponse",
            "ShowPetResponseStatus",
            "ShowPetView",
            "XLanguage",
        ]
    );
}

#[test]
fn a_header_declared_with_other_values_is_refused() {
    let text = spec(&[ADD, SHOW]).replacen("enum: [zh-cn, en-us]", "enum: [zh-cn]", 1);
    let error = lower(&input(&text)).unwrap_err().to_string();
    assert!(
        error.contains("type name `XLanguage` is already produced by")
            && error.contains("header `X-Language`"),
        "{error}"
    );
}
