//! Every library and binary of the workspace (the runtime, each generated crate, the
//! generator, xtask, the test support library, the generator's snapshot crates) starts
//! with `#![forbid(unsafe_code)]`, so that no `unsafe` can enter any of them unnoticed.
//! Tests, benches and build scripts are not held to it.

use std::process::Command;

use serde_json::Value;
use workspace_tests::workspace_root;

#[test]
fn every_library_and_binary_forbids_unsafe_code() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata is JSON");
    let mut checked = Vec::new();
    let mut missing = Vec::new();
    for package in metadata["packages"].as_array().expect("packages") {
        for target in package["targets"].as_array().expect("targets") {
            let kinds: Vec<&str> = target["kind"]
                .as_array()
                .expect("kinds")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            if !kinds
                .iter()
                .any(|kind| matches!(*kind, "lib" | "rlib" | "bin" | "proc-macro"))
            {
                continue;
            }
            let path = target["src_path"].as_str().expect("src_path");
            let source =
                std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
            if source.contains("#![forbid(unsafe_code)]") {
                checked.push(path.to_owned());
            } else {
                missing.push(path.to_owned());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "these crate roots lack #![forbid(unsafe_code)]:\n{}",
        missing.join("\n")
    );
    // The runtime, three services, the generator, xtask and the support library at least.
    assert!(
        checked.len() >= 7,
        "only {} crate roots found: {checked:?}",
        checked.len()
    );
}
