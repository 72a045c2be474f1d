//! What a release of the hand-written runtime holds. It has no spec to compare, so the
//! maintainer states the bump (`--core LEVEL`) and release refuses to guess.

use std::fs;
use std::path::Path;

use huaweicloud_sdk_codegen::api_diff::Impact;
use huaweicloud_sdk_codegen::version::Level;

use super::git::Git;
use super::manifests::package_version;
use super::{Release, VersionSource};

/// Where the runtime lives.
pub const DIR: &str = "crates/core";
/// Its package name.
pub const PACKAGE: &str = "huaweicloud-sdk-core";

/// The release of `crates/core` at the bump `stated` by the maintainer, if any.
pub fn plan(git: &Git, root: &Path, stated: Option<Level>) -> Result<Release, String> {
    let manifest_path = format!("{DIR}/Cargo.toml");
    let manifest = fs::read_to_string(root.join(&manifest_path))
        .map_err(|e| format!("reading {manifest_path}: {e}"))?;
    let current = package_version(&manifest, &manifest_path)?;
    let mut release = Release::new(
        PACKAGE.to_owned(),
        DIR.to_owned(),
        VersionSource::Manifest(manifest_path),
        current,
        manifest,
    );
    let Some((tag, tagged)) = git.last_release(PACKAGE)? else {
        if stated.is_some() {
            return Err(format!(
                "--core: {PACKAGE} has no release tag yet; its first release is its current version {current}, without --core"
            ));
        }
        release
            .entry
            .notes
            .push("First release of the runtime shared by the service crates.".to_owned());
        return Ok(release);
    };
    release.require_tagged(&tag, tagged)?;
    let changed = git.changed_since(&tag, DIR)?;
    release.since(&tag);
    match (changed.is_empty(), stated) {
        (true, None) => Ok(release),
        (true, Some(_)) => Err(format!(
            "--core: nothing under {DIR} changed since {tag}; leave --core out"
        )),
        (false, None) => Err(format!(
            "{DIR} changed since {tag} ({} files, e.g. {}); say how much with --core major|minor|patch \
             (before 1.0, minor is the breaking one)",
            changed.len(),
            changed[0]
        )),
        (false, Some(level)) => {
            let next = current.raised(level);
            let impact = if current.compatible_with(next) {
                if level == Level::Patch {
                    Impact::Patch
                } else {
                    Impact::Additive
                }
            } else {
                Impact::Breaking
            };
            release.bump_to(next, impact);
            let word = match level {
                Level::Major => "major",
                Level::Minor => "minor",
                Level::Patch => "patch",
            };
            release.entry.notes.push(format!(
                "A {word} release, as the maintainer stated (`--core {word}`). The commits that changed the runtime are listed below."
            ));
            release.entry.changed.extend(git.subjects_since(&tag, DIR)?);
            Ok(release)
        }
    }
}
