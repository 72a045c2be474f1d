//! `cargo xtask diff <git-rev>`: the public API of each generated crate as the specs
//! define it now, against the specs at `<git-rev>`, with the semver bump each needs.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use huaweicloud_sdk_codegen::api_diff::{Bump, diff};
use huaweicloud_sdk_codegen::{SpecInput, lower, package_name};

use crate::workspace;

/// Print the report for every spec that exists now or at `rev`.
pub fn run(root: &Path, rev: &str) -> Result<(), String> {
    let mut services: BTreeSet<String> = spec_names_now(root)?;
    services.extend(spec_names_at(root, rev)?);
    for service in &services {
        let path = format!("specs/{service}.yaml");
        let now = fs::read_to_string(root.join(&path)).ok();
        let then = git_show(root, rev, &path)?;
        let lowered = |text: &str, label: &str| {
            lower(&SpecInput {
                service,
                path: &path,
                text,
            })
            .map_err(|e| format!("{label}: {e}"))
        };
        match (then, now) {
            (None, Some(now)) => {
                let new = lowered(&now, "now")?;
                println!(
                    "{}: new crate ({} operations) -> {}\n",
                    package_name(&new),
                    new.operations.len(),
                    new.version
                );
            }
            (Some(then), None) => {
                let old = lowered(&then, rev)?;
                println!("{}: crate removed (spec deleted)\n", package_name(&old));
            }
            (Some(then), Some(now)) => {
                let old = lowered(&then, rev)?;
                let new = lowered(&now, "now")?;
                let changes = diff(&old, &new);
                // The crate's own version, as released at `rev` (`info.x-crate-version`).
                let version = old.version.to_string();
                let bump = Bump::of(&changes);
                let next = bump
                    .next_version(&version)
                    .unwrap_or_else(|| "?".to_owned());
                let verdict = match bump {
                    Bump::None => "no API change".to_owned(),
                    Bump::Patch => format!("patch: {version} -> {next}"),
                    Bump::Minor => format!("compatible additions: {version} -> {next}"),
                    Bump::Major => format!("BREAKING: {version} -> {next}"),
                };
                println!("{}: {verdict}", package_name(&new));
                for change in &changes {
                    println!("  {change}");
                }
                println!();
            }
            (None, None) => {}
        }
    }
    Ok(())
}

fn spec_names_now(root: &Path) -> Result<BTreeSet<String>, String> {
    Ok(workspace::specs(&root.join("specs"))?
        .into_iter()
        .map(|spec| spec.stem)
        .collect())
}

fn spec_names_at(root: &Path, rev: &str) -> Result<BTreeSet<String>, String> {
    let listing = git(root, &["ls-tree", "--name-only", &format!("{rev}:specs")])?
        .ok_or_else(|| format!("`{rev}` is not a revision with a specs/ directory"))?;
    Ok(listing.lines().filter_map(yaml_stem).collect())
}

fn yaml_stem(name: &str) -> Option<String> {
    name.strip_suffix(".yaml").map(str::to_owned)
}

/// The file at `rev`, or `None` if it did not exist there.
fn git_show(root: &Path, rev: &str, path: &str) -> Result<Option<String>, String> {
    git(root, &["show", &format!("{rev}:{path}")])
}

/// Run git in `root`: its output, `None` when git says no (unknown path or revision).
fn git(root: &Path, args: &[&str]) -> Result<Option<String>, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    Ok(output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned()))
}
