//! `cargo xtask lint`: check every spec in `specs/` for what a transcription must have
//! (see `huaweicloud_sdk_codegen::lint`). Prints each finding; fails if there is any.

use std::fs;
use std::path::Path;

use huaweicloud_sdk_codegen::SpecInput;
use huaweicloud_sdk_codegen::lint::lint;

use crate::workspace;

/// Lint every spec under `root/specs`.
pub fn run(root: &Path) -> Result<(), String> {
    let specs = workspace::specs(&root.join("specs"))?;
    let mut findings = Vec::new();
    for spec in &specs {
        let service = spec.stem.as_str();
        let shown = format!("specs/{service}.yaml");
        let text = fs::read_to_string(&spec.path).map_err(|e| format!("reading {shown}: {e}"))?;
        let found = lint(&SpecInput {
            service,
            path: &shown,
            text: &text,
        })
        .map_err(|e| e.to_string())?;
        findings.extend(found.iter().map(ToString::to_string));
    }
    if findings.is_empty() {
        println!("specs are complete ({} specs linted)", specs.len());
        Ok(())
    } else {
        Err(format!(
            "{} finding(s):\n  {}",
            findings.len(),
            findings.join("\n  ")
        ))
    }
}
