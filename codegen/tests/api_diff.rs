//! The API-change report on pairs of fixture specs: the petstore fixture against edited
//! copies of itself, cross-checked against the public APIs of the crates they generate.

use huaweicloud_sdk_codegen::api_diff::{Bump, Change, Impact, diff};
use huaweicloud_sdk_codegen::ir::Service;
use huaweicloud_sdk_codegen::public_api::{self, PublicApi};
use huaweicloud_sdk_codegen::{SpecInput, generate, lower};

const PETS: &str = include_str!("fixtures/petstore.yaml");

fn service(text: &str) -> Service {
    lower(&SpecInput {
        service: "pets",
        path: "petstore.yaml",
        text,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn api(text: &str) -> PublicApi {
    let files = generate(&SpecInput {
        service: "pets",
        path: "petstore.yaml",
        text,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    PublicApi::of(&files).unwrap_or_else(|e| panic!("{e}"))
}

/// The report of changing the fixture by `edit`, as lines, and the bump it needs.
fn report(edit: impl Fn(&str) -> String) -> (Vec<String>, Bump) {
    let changes = diff(&service(PETS), &service(&edit(PETS)));
    // The generated crates' public APIs, compared: what the compiler sees must never be
    // worse than what the spec comparison reports (which also sees runtime-checked rules).
    let code = public_api::diff(&api(PETS), &api(&edit(PETS)));
    let worst = |changes: &[Change]| changes.iter().map(|change| change.impact).max();
    assert!(
        worst(&code) <= worst(&changes),
        "the public API comparison finds more than the spec comparison:\n{code:#?}\nvs\n{changes:#?}"
    );
    (
        changes.iter().map(ToString::to_string).collect(),
        Bump::of(&changes),
    )
}

#[test]
fn an_unchanged_spec_needs_no_bump() {
    assert_eq!(report(str::to_owned), (vec![], Bump::None));
}

#[test]
fn a_new_reply_field_is_additive() {
    let (lines, bump) = report(|spec| {
        spec.replace(
            "        extra:\n",
            "        age:\n          type: integer\n          description: Age in years.\n        extra:\n",
        )
    });
    assert_eq!(lines, ["added    models::Pet::age: field added"]);
    assert_eq!(bump, Bump::Minor);
}

#[test]
fn a_removed_field_is_breaking() {
    let (lines, bump) = report(|spec| {
        spec.replace(
            "        extra:\n          type: object\n          description: Free-form.\n",
            "",
        )
    });
    assert_eq!(lines, ["BREAKING models::Pet::extra: field removed"]);
    assert_eq!(bump, Bump::Major);
}

#[test]
fn a_changed_field_type_is_breaking() {
    let (lines, _) = report(|spec| {
        spec.replace(
            "          type: object\n          description: Free-form.",
            "          type: string\n          description: Free-form.",
        )
    });
    assert_eq!(lines, ["BREAKING models::Pet::extra: field type changed"]);
}

#[test]
fn new_parameters_are_breaking_only_when_required() {
    let added = |required: bool| {
        move |spec: &str| {
            spec.replace(
                "        - name: X-Language\n",
                &format!("        - name: sort\n          in: query\n          required: {required}\n          description: Sort key.\n          schema: {{type: string}}\n        - name: X-Language\n"),
            )
        }
    };
    assert_eq!(
        report(added(false)),
        (
            vec!["added    operations::ShowPet::sort: new optional parameter `sort`".to_owned()],
            Bump::Minor
        )
    );
    assert_eq!(
        report(added(true)),
        (
            vec!["BREAKING operations::ShowPet::sort: new required parameter `sort`".to_owned()],
            Bump::Major
        )
    );
}

#[test]
fn a_parameter_made_optional_is_additive_and_its_rules_are_a_patch() {
    let (lines, bump) = report(|spec| {
        spec.replace(
            "          required: true\n          description: Page size.",
            "          required: false\n          description: Page size.",
        )
    });
    assert_eq!(lines, ["added    operations::ShowPet::limit: now optional"]);
    assert_eq!(bump, Bump::Minor);
    let (lines, bump) = report(|spec| spec.replace("maximum: 100", "maximum: 50"));
    assert_eq!(
        lines,
        [
            "changed  operations::ShowPet::limit: documented rules or placement changed (checked before sending)"
        ]
    );
    assert_eq!(bump, Bump::Patch);
}

#[test]
fn removed_and_added_operations() {
    let (lines, bump) =
        report(|spec| spec.replace("operationId: DeletePets", "operationId: DeleteAllPets"));
    assert_eq!(
        lines,
        [
            "added    Client::delete_all_pets: operation added",
            "BREAKING Client::delete_pets: operation removed"
        ]
    );
    assert_eq!(bump, Bump::Major);
}

#[test]
fn enum_values_added_are_additive_and_removed_are_breaking() {
    let (lines, _) = report(|spec| {
        spec.replace(
            "enum: [CAT, DOG, ROLLED BACK]",
            "enum: [CAT, DOG, ROLLED BACK, BIRD]",
        )
    });
    assert_eq!(
        lines,
        ["added    models::PetType: value `BIRD` added (was `Unknown`)"]
    );
    let (lines, _) =
        report(|spec| spec.replace("enum: [CAT, DOG, ROLLED BACK]", "enum: [CAT, ROLLED BACK]"));
    assert_eq!(
        lines,
        ["BREAKING models::PetType: value `DOG` removed (its variant is gone)"]
    );
}

#[test]
fn a_reply_type_change_is_breaking() {
    let (lines, _) = report(|spec| {
        spec.replacen("                $ref: '#/components/schemas/Pet'\n              examples:", "                $ref: '#/components/schemas/Error'\n              x-no-example: none\n              examples:", 1).replace(r#"value: {"name": "Tom", "type": "CAT", "tag": null, "weight": 4.5, "id": 7, "labels": {"color": "grey"}}"#, r#"value: {"code": "x"}"#)
    });
    assert_eq!(
        lines,
        ["BREAKING Client::show_pet: reply type changed from Pet to Error"]
    );
}

#[test]
fn a_description_change_is_a_patch() {
    let (lines, bump) =
        report(|spec| spec.replace("description: Its name.", "description: The pet's name."));
    assert_eq!(
        lines,
        ["changed  models::Pet::name: documentation or rules changed"]
    );
    assert_eq!(bump, Bump::Patch);
}

#[test]
fn next_versions_follow_cargo_semver() {
    assert_eq!(Bump::Major.next_version("0.1.0").as_deref(), Some("0.2.0"));
    assert_eq!(Bump::Minor.next_version("0.1.0").as_deref(), Some("0.1.1"));
    assert_eq!(Bump::Patch.next_version("0.1.3").as_deref(), Some("0.1.4"));
    assert_eq!(Bump::Major.next_version("1.2.3").as_deref(), Some("2.0.0"));
    assert_eq!(Bump::Minor.next_version("1.2.3").as_deref(), Some("1.3.0"));
    assert_eq!(Bump::None.next_version("1.2.3").as_deref(), Some("1.2.3"));
    assert_eq!(Bump::Major.next_version("x"), None);
    let _ = Impact::Patch;
}
