//! `cargo xtask lint`: check every spec in `specs/` for what a transcription must have
//! (see `huaweicloud_sdk_codegen::lint`). Prints each finding; fails if there is any.

use std::fs;
use std::path::Path;

use huaweicloud_sdk_codegen::SpecInput;
use huaweicloud_sdk_codegen::lint::lint;

/// Lint every spec under `root/specs`.
pub fn run(root: &Path) -> Result<(), String> {
    let mut specs: Vec<_> = fs::read_dir(root.join("specs"))
        .map_err(|e| format!("reading specs/: {e}"))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    specs.sort();
    let mut findings = Vec::new();
    for spec in &specs {
        let Some(service) = spec.file_stem().and_then(|stem| stem.to_str()) else {
            continue;
        };
        let shown = format!("specs/{service}.yaml");
        let text = fs::read_to_string(spec).map_err(|e| format!("reading {shown}: {e}"))?;
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
