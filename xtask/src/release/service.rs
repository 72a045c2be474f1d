//! What a release of a generated crate holds: its spec now against its spec at the last
//! tag (in the spec's words), and the public API as released against the API generated
//! now (which sees what the generator changed).

use std::fs;
use std::path::Path;

use huaweicloud_sdk_codegen::api_diff::{self, Change, Impact};
use huaweicloud_sdk_codegen::public_api::{self, PublicApi};
use huaweicloud_sdk_codegen::{
    GeneratedFile, SpecInput, generate, lower, lower_with_tree, package_name,
};

use super::changelog::Entry;
use super::git::Git;
use super::{Release, VersionSource, deviations};
use crate::codegen::RELEASE_FILES;

/// The package name of the crate of `specs/<service>.yaml`, or `None` if it is not
/// published.
pub fn publishable(root: &Path, service: &str) -> Result<Option<String>, String> {
    let (spec_path, text) = read_spec(root, service)?;
    let service = lower(&SpecInput {
        service,
        path: &spec_path,
        text: &text,
    })
    .map_err(|e| e.to_string())?;
    Ok(service.publish.then(|| package_name(&service)))
}

/// The release of the crate of `specs/<service>.yaml`, or `None` if it is not published.
pub fn plan(git: &Git, root: &Path, service: &str) -> Result<Option<Release>, String> {
    let (spec_path, text) = read_spec(root, service)?;
    let dir = format!("crates/{service}");
    let input = SpecInput {
        service,
        path: &spec_path,
        text: &text,
    };
    let (new, new_tree) = lower_with_tree(&input).map_err(|e| e.to_string())?;
    if !new.publish {
        return Ok(None);
    }
    let package = package_name(&new);
    let now = generated(&input)?;
    let manifest = now
        .iter()
        .find(|file| file.path == "Cargo.toml")
        .map(|file| file.contents.clone())
        .unwrap_or_default();
    let mut release = Release::new(
        package,
        dir,
        VersionSource::Spec(spec_path.clone()),
        new.version,
        manifest,
    );
    let Some((tag, tagged)) = git.last_release(&release.package)? else {
        let operations: Vec<String> = new
            .operations
            .iter()
            .map(|operation| format!("`{}`", operation.method_name))
            .collect();
        release.entry.notes.push(format!(
            "First release: the {} API, {} {}: {}.",
            new.title,
            operations.len(),
            if operations.len() == 1 {
                "operation"
            } else {
                "operations"
            },
            operations.join(", ")
        ));
        return Ok(Some(release));
    };
    release.require_tagged(&tag, tagged)?;
    let old_text = git.show(&tag, &spec_path)?;
    let old_input = SpecInput {
        service,
        path: &spec_path,
        text: &old_text,
    };
    let (old, old_tree) =
        lower_with_tree(&old_input).map_err(|e| format!("the spec at {tag}: {e}"))?;

    let released: Vec<GeneratedFile> = git
        .files_at(&tag, &release.dir)?
        .into_iter()
        .filter(|file| !RELEASE_FILES.contains(&file.path.as_str()))
        .collect();
    let api = |files: &[GeneratedFile], what: &str| {
        PublicApi::of(files).map_err(|e| format!("{} {what}: {e}", release.package))
    };
    let released_api = api(&released, &format!("as released at {tag}"))?;
    let spec_changes = api_diff::diff(&old, &new);
    let generator_changes = public_api::diff(
        &released_api,
        &api(
            &generated(&old_input)?,
            "generated now from its spec at the tag",
        )?,
    );
    let api_changes = public_api::diff(&released_api, &api(&now, "generated now")?);

    let mut entry = Entry::default();
    entry.add_changes(&spec_changes, None);
    entry.add_changes(&generator_changes, Some("by the generator"));
    // What the public API comparison finds beyond the two lists above: a gap in the
    // spec comparison must not hide a break.
    let unexplained: Vec<Change> = api_changes
        .iter()
        .filter(|change| !entry.mentions(&change.item, change.impact))
        .cloned()
        .collect();
    entry.add_changes(&unexplained, None);
    entry.deviations = deviations::changes(&old_tree, &new_tree);

    let mut impact = [&spec_changes, &generator_changes, &api_changes]
        .into_iter()
        .flatten()
        .map(|change| change.impact)
        .max();
    if impact.is_none() && (!entry.deviations.is_empty() || !same_files(&released, &now)) {
        impact = Some(Impact::Patch);
        if entry.deviations.is_empty() {
            entry
                .notes
                .push("The generated code changed; its public API did not.".to_owned());
        }
    }
    release.entry = entry;
    release.since(&tag);
    if let Some(impact) = impact {
        release.bump(impact);
    }
    Ok(Some(release))
}

/// The path and text of `specs/<service>.yaml`.
fn read_spec(root: &Path, service: &str) -> Result<(String, String), String> {
    let path = format!("specs/{service}.yaml");
    let text = fs::read_to_string(root.join(&path)).map_err(|e| format!("reading {path}: {e}"))?;
    Ok((path, text))
}

fn generated(input: &SpecInput<'_>) -> Result<Vec<GeneratedFile>, String> {
    generate(input).map_err(|e| e.to_string())
}

/// Whether two sets of files are the same files with the same contents.
fn same_files(a: &[GeneratedFile], b: &[GeneratedFile]) -> bool {
    sorted_files(a) == sorted_files(b)
}

fn sorted_files(files: &[GeneratedFile]) -> Vec<(&str, &str)> {
    let mut files: Vec<(&str, &str)> = files
        .iter()
        .map(|file| (file.path.as_str(), file.contents.as_str()))
        .collect();
    files.sort_unstable();
    files
}
