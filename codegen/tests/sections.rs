//! Operations grouped by their first tag (a transcribed spec's reference section): one
//! `impl Client` block per section in the client's rustdoc, one table per section in the
//! README, both in the order of the spec's top-level `tags`.

use huaweicloud_sdk_codegen::{SpecInput, generate, lower};

const PARAMETERS: &str = include_str!("fixtures/parameters.yaml");

fn input(text: &str) -> SpecInput<'_> {
    SpecInput {
        service: "parameters",
        path: "tests/fixtures/parameters.yaml",
        text,
    }
}

fn file(text: &str, path: &str) -> String {
    generate(&input(text))
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .find(|file| file.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

/// The offset of `needle` in `text`, which must hold it.
fn at(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("no `{needle}` in {text}"))
}

#[test]
fn sections_follow_the_top_level_tags_not_the_paths() {
    let service = lower(&input(PARAMETERS)).unwrap();
    let names: Vec<&str> = service.sections.iter().map(|s| s.name.as_str()).collect();
    // `StartRun`'s path comes first; the spec lists `Jobs` first.
    assert_eq!(names, ["Jobs", "Runs"]);
    assert_eq!(service.sections[0].description, "Whether a job exists.");

    let client = file(PARAMETERS, "src/client.rs");
    let jobs = at(&client, "/// # Jobs");
    let runs = at(&client, "/// # Runs");
    assert!(jobs < runs);
    assert!(jobs < at(&client, "pub fn check_job") && at(&client, "pub fn check_job") < runs);
    assert!(runs < at(&client, "pub fn start_run"));
    assert_eq!(client.matches("impl Client {").count(), 3, "{client}");

    let readme = file(PARAMETERS, "README.md");
    let (jobs, runs) = (at(&readme, "### Jobs"), at(&readme, "### Runs"));
    assert!(jobs < at(&readme, "`check_job`") && at(&readme, "`check_job`") < runs);
    assert!(runs < at(&readme, "`start_run`"));
    assert!(readme[runs..].contains("Starting a job's runs."));
}

#[test]
fn one_section_keeps_one_list() {
    let untagged = PARAMETERS.replace("        - Jobs\n", "        - Runs\n");
    let service = lower(&input(&untagged)).unwrap();
    assert_eq!(service.sections.len(), 1);
    let client = file(&untagged, "src/client.rs");
    assert_eq!(client.matches("impl Client {").count(), 1, "{client}");
    assert!(!client.contains("/// # Runs"));
    let readme = file(&untagged, "README.md");
    assert!(!readme.contains("### "), "{readme}");
}

#[test]
fn a_tag_the_spec_does_not_list_is_a_section_after_the_listed_ones() {
    let unlisted = PARAMETERS.replace("        - Jobs\n", "        - Checks\n");
    let service = lower(&input(&unlisted)).unwrap();
    let names: Vec<(&str, &str)> = service
        .sections
        .iter()
        .map(|s| (s.name.as_str(), s.description.as_str()))
        .collect();
    assert_eq!(names, [("Runs", "Starting a job's runs."), ("Checks", "")]);
}

#[test]
fn a_method_doc_links_its_builder_body_and_reply() {
    let client = file(PARAMETERS, "src/client.rs");
    assert!(client.contains(
        "/// Request builder: [`StartRun`](crate::operations::StartRun); \
         body: [`RunSpec`](crate::models::RunSpec)"
    ));
    // A reply without a body has nothing to link.
    assert!(client.contains("/// Request builder: [`CheckJob`](crate::operations::CheckJob).\n"));
}
