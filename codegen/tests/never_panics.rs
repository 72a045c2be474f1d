//! Whatever a spec file holds, the generator answers with files or a located error,
//! never a panic: mangled copies of every fixture spec are fed to it.

use huaweicloud_sdk_codegen::{SpecInput, generate};
use proptest::prelude::*;

const FIXTURES: &[&str] = &[
    include_str!("fixtures/composition.yaml"),
    include_str!("fixtures/names.yaml"),
    include_str!("fixtures/paged.yaml"),
    include_str!("fixtures/parameters.yaml"),
    include_str!("fixtures/petstore.yaml"),
    include_str!("fixtures/recursion.yaml"),
    include_str!("fixtures/responses.yaml"),
    include_str!("fixtures/schemas.yaml"),
];

/// A fixture with one line removed, duplicated or overwritten by `junk`.
fn mangle(fixture: usize, line: usize, how: u8, junk: &str) -> String {
    let mut lines: Vec<&str> = FIXTURES[fixture % FIXTURES.len()].lines().collect();
    let at = line % lines.len();
    match how % 3 {
        0 => {
            lines.remove(at);
        }
        1 => lines.insert(at, lines[at]),
        _ => lines[at] = junk,
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mangled_specs_give_files_or_an_error(
        fixture in 0usize..8,
        line in 0usize..400,
        how in 0u8..3,
        junk in "[ a-z:{}\\[\\]'\"#&*!|>-]{0,24}",
    ) {
        let text = mangle(fixture, line, how, &junk);
        if let Err(error) = generate(&SpecInput { service: "mangled", path: "specs/mangled.yaml", text: &text }) {
            prop_assert!(error.to_string().starts_with("specs/mangled.yaml"), "{error}");
        }
    }

    #[test]
    fn arbitrary_text_gives_an_error(text in "\\PC{0,200}") {
        let result = generate(&SpecInput { service: "junk", path: "specs/junk.yaml", text: &text });
        prop_assert!(result.is_err(), "arbitrary text was accepted as a spec");
    }
}
