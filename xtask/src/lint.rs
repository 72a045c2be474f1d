//! `cargo xtask lint`: check every spec in `specs/` for what a transcription must have
//! (see `huaweicloud_sdk_codegen::lint`). Prints each finding; fails if there is any.

use std::fs;
use std::path::Path;

use huaweicloud_sdk_codegen::SpecInput;
use huaweicloud_sdk_codegen::lint::lint;

use crate::workspace;

/// Every `x-doc-page: pages/...` of a spec's text that names no file under `specs/`.
fn missing_pages(root: &Path, shown: &str, text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("x-doc-page:"))
        .map(|page| page.trim().trim_matches(['\'', '"']))
        .filter(|page| page.starts_with("pages/") && !root.join("specs").join(page).is_file())
        .map(|page| format!("{shown}: `x-doc-page: {page}` names no file under specs/"))
        .collect()
}

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
        findings.extend(missing_pages(root, &shown, &text));
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
