//! The IR that lowering produces for a fixture spec that uses every feature our specs use.

use huaweicloud_sdk_codegen::ir::{
    Bound, Endpoint, Method, ParamLocation, Service, TypeDef, TypeRef,
};
use huaweicloud_sdk_codegen::{SpecInput, generate, lower};

const PETS: &str = include_str!("fixtures/petstore.yaml");

fn pets() -> Service {
    lower(&SpecInput {
        service: "pets",
        path: "tests/fixtures/petstore.yaml",
        text: PETS,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn type_def<'a>(service: &'a Service, name: &str) -> &'a TypeDef {
    service
        .types
        .iter()
        .find(|def| def.name() == name)
        .unwrap_or_else(|| {
            panic!(
                "no type {name}; have {:?}",
                service.types.iter().map(TypeDef::name).collect::<Vec<_>>()
            )
        })
}

#[test]
fn endpoints_are_sorted_by_region_without_trailing_slash() {
    assert_eq!(
        pets().endpoints,
        [
            Endpoint {
                region: "af-south-1".into(),
                url: "https://pets.af-south-1.example.com".into()
            },
            Endpoint {
                region: "cn-north-4".into(),
                url: "https://pets.cn-north-4.example.com".into()
            },
        ]
    );
}

#[test]
fn object_fields_settle_names_optionality_and_types() {
    let service = pets();
    let TypeDef::Struct(pet) = type_def(&service, "Pet") else {
        panic!("Pet is not a struct")
    };
    let field = |json: &str| {
        pet.fields
            .iter()
            .find(|field| field.json_name == json)
            .unwrap()
    };
    assert!(field("name").required);
    assert_eq!(field("type").rust_name, "type_");
    assert_eq!(field("type").ty, TypeRef::Named("PetType".into()));
    assert_eq!(field("ownerName").rust_name, "owner_name");
    // The alias snake-cases onto its canonical field, so it is renamed and points at it.
    assert_eq!(field("owner_name").rust_name, "owner_name_alias");
    assert_eq!(field("owner_name").alias_of.as_deref(), Some("owner_name"));
    assert!(field("tag").nullable && !field("tag").required);
    assert_eq!(field("weight").ty, TypeRef::Number);
    assert_eq!(field("id").ty, TypeRef::Named("PetId".into()));
    assert_eq!(field("extra").ty, TypeRef::Json);
    assert_eq!(field("labels").ty, TypeRef::Map(Box::new(TypeRef::String)));
}

#[test]
fn string_enums_and_one_of_become_named_types() {
    let service = pets();
    let TypeDef::Enum(kind) = type_def(&service, "PetType") else {
        panic!()
    };
    let variants: Vec<(&str, &str)> = kind
        .variants
        .iter()
        .map(|variant| (variant.value.as_str(), variant.rust_name.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("CAT", "Cat"),
            ("DOG", "Dog"),
            ("ROLLED BACK", "RolledBack")
        ]
    );
    let TypeDef::Union(id) = type_def(&service, "PetId") else {
        panic!()
    };
    assert_eq!(
        id.variants,
        [
            ("String".to_owned(), TypeRef::String),
            ("Integer".to_owned(), TypeRef::I64)
        ]
    );
}

#[test]
fn parameters_keep_location_constraints_and_config_fill() {
    let service = pets();
    let show = &service.operations[0];
    assert_eq!(
        (show.id.as_str(), show.method_name.as_str(), show.method),
        ("ShowPet", "show_pet", Method::Get)
    );
    let param = |name: &str| show.params.iter().find(|param| param.name == name).unwrap();
    let project = param("project_id");
    assert_eq!(project.location, ParamLocation::Path);
    assert!(
        project
            .from_config
            .as_ref()
            .is_some_and(|from| !from.overridable)
    );
    assert_eq!(
        (
            project.constraints.min_length,
            project.constraints.max_length
        ),
        (Some(32), Some(32))
    );
    assert_eq!(
        param("pet_id").constraints.pattern.as_deref(),
        Some("^[a-z0-9-]+$")
    );
    let limit = param("limit");
    assert_eq!(
        (limit.location, limit.ty.clone(), limit.required),
        (ParamLocation::Query, TypeRef::I32, true)
    );
    assert_eq!(limit.constraints.minimum, Some(Bound::Int(1)));
    assert_eq!(limit.constraints.maximum, Some(Bound::Int(100)));
    assert_eq!(limit.constraints.default.as_deref(), Some("10"));
    let language = param("X-Language");
    assert_eq!(
        (language.location, language.rust_name.as_str()),
        (ParamLocation::Header, "x_language")
    );
    assert_eq!(language.ty, TypeRef::Named("XLanguage".into()));
}

#[test]
fn responses_are_typed_bare_arrays_and_empty_bodies_included() {
    let service = pets();
    let by_id = |id: &str| service.operations.iter().find(|op| op.id == id).unwrap();
    assert_eq!(
        by_id("ShowPet").response,
        Some(TypeRef::Named("Pet".into()))
    );
    assert_eq!(
        by_id("ShowPet").errors,
        [("404".to_owned(), Some(TypeRef::Named("Error".into())))]
    );
    assert_eq!(
        by_id("ListPets").response,
        Some(TypeRef::List(Box::new(TypeRef::Named("Pet".into()))))
    );
    assert_eq!(by_id("DeletePets").response, None);
    assert_eq!(by_id("DeletePets").success_status, "204");
}

#[test]
fn generation_is_deterministic_and_marks_every_file_generated() {
    let input = SpecInput {
        service: "pets",
        path: "tests/fixtures/petstore.yaml",
        text: PETS,
    };
    let first = generate(&input).unwrap();
    let second = generate(&input).unwrap();
    assert_eq!(first, second);
    for file in &first {
        let head = file.contents.lines().next().unwrap_or_default();
        assert!(
            head.contains("@generated"),
            "{} starts with {head:?}",
            file.path
        );
    }
}

#[test]
fn generated_rust_parses() {
    let input = SpecInput {
        service: "pets",
        path: "tests/fixtures/petstore.yaml",
        text: PETS,
    };
    for file in generate(&input)
        .unwrap()
        .iter()
        .filter(|file| file.path.ends_with(".rs"))
    {
        syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.path));
    }
}
