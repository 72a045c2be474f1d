//! Bad specs give one clear error naming the file and the node, never a panic.

use huaweicloud_sdk_codegen::{SpecInput, generate};

const PETS: &str = include_str!("fixtures/petstore.yaml");

/// The error that generating `text` gives.
fn error_of(text: &str) -> String {
    match generate(&SpecInput {
        service: "pets",
        path: "specs/pets.yaml",
        text,
    }) {
        Ok(_) => panic!("the spec was accepted"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn yaml_syntax_error_reports_line_and_column() {
    let error = error_of("openapi: 3.0.3\ninfo: [unclosed\n");
    assert!(error.starts_with("specs/pets.yaml:"), "{error}");
    assert!(error.contains("YAML syntax error"), "{error}");
    let line: usize = error
        .split(':')
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(line >= 2, "{error}");
}

#[test]
fn unresolved_ref_names_the_pointer() {
    let error = error_of(&PETS.replace(
        "$ref: '#/components/schemas/Error'",
        "$ref: '#/components/schemas/Missing'",
    ));
    assert_eq!(
        error,
        "specs/pets.yaml#/paths/~1v1~1{project_id}~1pets~1{pet_id}/get/responses/404/content/application~1json/schema: \
         unresolved $ref `#/components/schemas/Missing`: no such schema"
    );
}

#[test]
fn duplicate_operation_id_is_refused() {
    let error = error_of(&PETS.replace("operationId: ListPets", "operationId: ShowPet"));
    assert_eq!(
        error,
        "specs/pets.yaml#/paths/~1v1~1pets/get/operationId: duplicate operationId `ShowPet`"
    );
}

#[test]
fn path_template_and_parameters_must_agree() {
    let error = error_of(&PETS.replace(
        "/v1/{project_id}/pets/{pet_id}:",
        "/v1/{project_id}/pets/{id}:",
    ));
    assert!(
        error.contains("has `{id}` but no path parameter `id` is declared"),
        "{error}"
    );
    assert!(
        error.starts_with("specs/pets.yaml#/paths/~1v1~1{project_id}~1pets~1{id}/get: "),
        "{error}"
    );
}

#[test]
fn invalid_openapi_node_is_located() {
    let error = error_of(&PETS.replace("required: [name]", "required: name"));
    assert!(
        error.starts_with("specs/pets.yaml#/components/schemas/Pet"),
        "{error}"
    );
}

/// YAML reads an unquoted `1.0` as a number; OpenAPI wants `info.version` as a string,
/// and the error says so at the node rather than turning the number into text.
#[test]
fn a_number_where_openapi_wants_a_string_is_located() {
    let version = PETS
        .lines()
        .find(|line| line.trim_start().starts_with("version:"))
        .expect("the fixture has a version");
    let error = error_of(&PETS.replacen(version, "  version: 1.0", 1));
    assert!(
        error.starts_with("specs/pets.yaml#/info/version"),
        "{error}"
    );
    assert!(error.contains("expected a string"), "{error}");
}

#[test]
fn unsupported_shapes_are_refused_not_dropped() {
    let error = error_of(&PETS.replace("application/json:\n              schema:\n                $ref: '#/components/schemas/Pet'", "application/xml:\n              schema:\n                $ref: '#/components/schemas/Pet'"));
    assert!(
        error.contains("media type `application/xml` is not supported"),
        "{error}"
    );
    let error = error_of(&PETS.replace("in: header", "in: cookie"));
    assert!(
        error.contains("cookie parameters are not supported"),
        "{error}"
    );
}

#[test]
fn example_of_the_wrong_type_is_located_inside_the_example() {
    let error = error_of(&PETS.replace(r#""weight": 4.5"#, r#""weight": "heavy""#));
    assert_eq!(
        error,
        "specs/pets.yaml#/paths/~1v1~1{project_id}~1pets~1{pet_id}/get/responses/200/content/application~1json/examples/cat/value/weight: \
         example does not match its schema: expected a number, found \"heavy\""
    );
}

#[test]
fn example_with_an_undefined_property_is_refused() {
    let error = error_of(&PETS.replace(r#""name": "Tom""#, r#""name": "Tom", "colour": "grey""#));
    assert!(error.ends_with("/examples/cat/value/colour: example has property `colour`, which schema `Pet` does not define"), "{error}");
}

#[test]
fn example_null_on_a_field_that_is_not_nullable_is_refused() {
    let error = error_of(&PETS.replace(r#""weight": 4.5"#, r#""weight": null"#));
    assert!(error.ends_with("/examples/cat/value/weight: example sets `weight` to null, but it is not `nullable: true`"), "{error}");
}

#[test]
fn example_missing_a_required_property_is_refused() {
    let error = error_of(&PETS.replace(r#""name": "Tom", "#, ""));
    assert!(
        error.ends_with("/examples/cat/value: example lacks required property `name`"),
        "{error}"
    );
}

#[test]
fn a_head_reply_with_a_body_is_refused() {
    let error = error_of(&PETS.replace(
        "    get:\n      operationId: ListPets",
        "    head:\n      operationId: ListPets",
    ));
    assert_eq!(
        error,
        "specs/pets.yaml#/paths/~1v1~1pets/head/responses/200/content: \
         a reply to a `head` operation has no body"
    );
}

#[test]
fn list_parameters_go_in_the_query_only_and_exploded() {
    let list = "schema: {type: array, items: {type: integer, format: int32}}";
    let in_header = PETS.replace(
        "in: query\n          required: true\n          description: Page size.\n          schema: {type: integer, format: int32, minimum: 1, maximum: 100, default: 10}",
        &format!("in: header\n          required: true\n          description: Page size.\n          {list}"),
    );
    assert!(
        error_of(&in_header).ends_with(
            "parameter `limit` must be a string, integer, number, boolean or string enum"
        ),
        "{in_header}"
    );
    let unexploded = PETS.replace(
        "in: query\n          required: true\n          description: Page size.\n          schema: {type: integer, format: int32, minimum: 1, maximum: 100, default: 10}",
        &format!("in: query\n          explode: false\n          required: true\n          description: Page size.\n          {list}"),
    );
    let error = error_of(&unexploded);
    assert!(
        error.ends_with("query parameter `limit`: only `style: form` with `explode: true` (the default) is supported"),
        "{error}"
    );
}
