//! `cargo xtask doc-check` on the eight real API reference pages in `specs/pages/`, against
//! the checked-in specs: the text and JSON Lines reports must stay byte for byte what
//! `tests/expected/` holds. A refactoring of doc-check must not change a verdict; a change
//! to a spec or to doc-check that does change one updates the expected file in the same
//! commit (regenerate with the command in the failure message).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Every page under `specs/pages/<service>/` whose reports are recorded in
/// `tests/expected/`, with its service. The pages of the whole references (written by
/// `cargo xtask transcribe <folder>`) have none: following a whole reference with
/// doc-check is a folder run of its own.
fn pages() -> Vec<(String, PathBuf)> {
    let mut pages = Vec::new();
    let dir = workspace_root().join("specs/pages");
    for service in fs::read_dir(&dir).unwrap() {
        let service = service.unwrap().path();
        let name = service.file_name().unwrap().to_string_lossy().into_owned();
        for page in fs::read_dir(&service).unwrap() {
            let page = page.unwrap().path();
            let stem = page.file_stem().unwrap().to_string_lossy().into_owned();
            let recorded = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/expected")
                .join(format!("{stem}.txt"))
                .exists();
            if page.extension().is_some_and(|ext| ext == "txt") && recorded {
                let relative = page.strip_prefix(workspace_root()).unwrap().to_path_buf();
                pages.push((name.clone(), relative));
            }
        }
    }
    pages.sort();
    pages
}

fn check(service: &str, page: &Path, json: bool) {
    let spec = format!("specs/{service}.yaml");
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .current_dir(workspace_root())
        .arg("doc-check")
        .arg(page)
        .args(["--spec", &spec]);
    if json {
        command.arg("--json");
    }
    let output = command.output().unwrap();
    let stem = page.file_stem().unwrap().to_string_lossy();
    let expected_name = format!("{stem}.{}", if json { "json" } else { "txt" });
    let expected_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(&expected_name);
    let expected =
        fs::read(&expected_path).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
    let regenerate = format!(
        "cargo xtask doc-check {} --spec {spec}{} > xtask/tests/expected/{expected_name}",
        page.display(),
        if json { " --json" } else { "" }
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "doc-check {} found drift or failed:\n{}{}",
        page.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.stdout != expected {
        panic!(
            "doc-check {} no longer prints {}; got:\n{}\nIf the change is intended: {regenerate}",
            page.display(),
            expected_path.display(),
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
fn the_pages_are_checked_as_recorded() {
    let pages = pages();
    // The five hand-transcribed pages and the three older AOM pages added with
    // `cargo xtask transcribe`.
    assert_eq!(pages.len(), 8, "{pages:?}");
    for (service, page) in &pages {
        check(service, page, false);
        check(service, page, true);
    }
}
