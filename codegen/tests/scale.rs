//! The generator at scale (issue #4): a synthetic spec of 500 operations and 1,000
//! schemas lowers, generates and lints cleanly, with every operation and type it should
//! have. How long it takes is measured by `benches/generate.rs` (see BENCHMARKS.md), not
//! here: this test checks only what comes out.

#[path = "../benches/synthetic.rs"]
mod synthetic;

use huaweicloud_sdk_codegen::ir::TypeDef;
use huaweicloud_sdk_codegen::lint::lint;
use huaweicloud_sdk_codegen::{SpecInput, generate, lower};

fn input(spec: &synthetic::Synthetic) -> SpecInput<'_> {
    SpecInput {
        service: "synthetic",
        path: "specs/synthetic.yaml",
        text: &spec.text,
    }
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn five_hundred_operations_and_a_thousand_schemas_generate() {
    let spec = synthetic::spec(500, 1_000);
    assert_eq!((spec.operations, spec.schemas), (500, 1_000));
    let service = lower(&input(&spec)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(service.operations.len(), 500);
    assert_eq!(service.types.len(), spec.types);
    let structs = service
        .types
        .iter()
        .filter(|def| matches!(def, TypeDef::Struct(_)))
        .count();
    let enums = service
        .types
        .iter()
        .filter(|def| matches!(def, TypeDef::Enum(_)))
        .count();
    let unions = service
        .types
        .iter()
        .filter(|def| matches!(def, TypeDef::Union(_)))
        .count();
    // A struct per schema and per list response; an enum per schema's `state` and per
    // list's status, and one for the X-Language header of every show; a union per fourth
    // schema's `code`.
    assert_eq!(structs, 1_000 + 125);
    assert_eq!(enums, 999 + 1 + 125);
    assert_eq!(unions, 250);
    assert_eq!(structs + enums + unions, spec.types);
    assert_eq!(
        service
            .operations
            .iter()
            .filter(|operation| operation.pagination.is_some())
            .count(),
        spec.paginated
    );

    let files = generate(&input(&spec)).unwrap_or_else(|e| panic!("{e}"));
    let file = |path: &str| {
        &files
            .iter()
            .find(|file| file.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
            .contents
    };
    let models = file("src/models.rs");
    assert_eq!(count(models, "\npub struct "), structs);
    assert_eq!(count(models, "\npub enum "), unions);
    assert_eq!(count(models, "\nhuaweicloud_sdk_core::open_enum! {"), enums);
    let operations = file("src/operations.rs");
    assert_eq!(count(operations, "\npub struct "), 500);
    assert_eq!(count(operations, "pub fn into_pages("), spec.paginated);
    let client = file("src/client.rs");
    assert_eq!(
        count(client, "pub fn ") - 2,
        500,
        "one method per operation, plus new and config"
    );

    let findings = lint(&input(&spec)).unwrap_or_else(|e| panic!("{e}"));
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn every_shape_appears_in_a_small_synthetic_spec() {
    // 8 operations (two of each kind) and 12 schemas: every shape at least once.
    let spec = synthetic::spec(8, 12);
    let service = lower(&input(&spec)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(service.operations.len(), 8);
    assert_eq!(service.types.len(), spec.types);
    let models = &generate(&input(&spec))
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .find(|file| file.path == "src/models.rs")
        .expect("models.rs")
        .contents;
    for shape in [
        "pub enum Widget0State",
        "pub enum Widget2Code",
        "pub enum XLanguage",
        "pub enum ListWidgets1Status",
        "pub struct ListWidgets1Response",
        "pub next: Option<crate::models::Widget1>",
        "pub related: Option<Vec<crate::models::Widget2>>",
        "pub note: Option<Option<String>>",
        "pub labels: Option<std::collections::BTreeMap<String, String>>",
        "pub metadata: Option<serde_json::Value>",
        "pub fn error_msg(&self)",
        "impl huaweicloud_sdk_core::validate::Validate for Widget2",
    ] {
        assert!(models.contains(shape), "models.rs lacks `{shape}`");
    }
    let findings = lint(&input(&spec)).unwrap_or_else(|e| panic!("{e}"));
    assert!(findings.is_empty(), "{findings:#?}");
}
