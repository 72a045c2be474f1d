//! The git questions a release asks, run in the workspace root.

use std::path::{Path, PathBuf};
use std::process::Command;

use huaweicloud_sdk_codegen::GeneratedFile;
use huaweicloud_sdk_codegen::version::Version;

/// Git in one repository.
pub struct Git {
    root: PathBuf,
}

impl Git {
    /// Git in the repository at `root`.
    pub fn new(root: &Path) -> Self {
        Git {
            root: root.to_path_buf(),
        }
    }

    /// Run git: its output, or an error with what git said.
    fn run(&self, args: &[&str]) -> Result<String, String> {
        let output = Command::new("git")
            .args(args)
            .current_dir(&self.root)
            .output()
            .map_err(|e| format!("could not run git: {e}"))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(format!(
                "`git {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    }

    /// The newest release tag of `package` (`<package>-v<version>`) and its version.
    pub fn last_release(&self, package: &str) -> Result<Option<(String, Version)>, String> {
        let prefix = format!("{package}-v");
        let tags = self.run(&["tag", "--list", &format!("{prefix}*")])?;
        Ok(tags
            .lines()
            .filter_map(|tag| {
                let version = tag.strip_prefix(&prefix)?.parse::<Version>().ok()?;
                Some((tag.to_owned(), version))
            })
            .max_by_key(|(_, version)| *version))
    }

    /// The text of `path` at `rev`, or an error naming both.
    pub fn show(&self, rev: &str, path: &str) -> Result<String, String> {
        self.run(&["show", &format!("{rev}:{path}")])
            .map_err(|_| format!("{path} does not exist at {rev}"))
    }

    /// Every file below `dir` at `rev`, with paths relative to `dir`.
    pub fn files_at(&self, rev: &str, dir: &str) -> Result<Vec<GeneratedFile>, String> {
        let listing = self.run(&["ls-tree", "-r", "--name-only", rev, "--", dir])?;
        listing
            .lines()
            .map(|path| {
                Ok(GeneratedFile {
                    path: path
                        .strip_prefix(dir)
                        .unwrap_or(path)
                        .trim_start_matches('/')
                        .to_owned(),
                    contents: self.show(rev, path)?,
                })
            })
            .collect()
    }

    /// Files below `dir` that differ between `rev` and the working tree.
    pub fn changed_since(&self, rev: &str, dir: &str) -> Result<Vec<String>, String> {
        Ok(self
            .run(&["diff", "--name-only", rev, "--", dir])?
            .lines()
            .map(str::to_owned)
            .collect())
    }

    /// The subjects of the commits since `rev` that touched `dir`, oldest first.
    pub fn subjects_since(&self, rev: &str, dir: &str) -> Result<Vec<String>, String> {
        Ok(self
            .run(&[
                "log",
                "--reverse",
                "--format=%s",
                &format!("{rev}..HEAD"),
                "--",
                dir,
            ])?
            .lines()
            .map(str::to_owned)
            .collect())
    }

    /// Uncommitted changes, one `git status --porcelain` line each.
    pub fn uncommitted(&self) -> Result<Vec<String>, String> {
        Ok(self
            .run(&["status", "--porcelain"])?
            .lines()
            .map(str::to_owned)
            .collect())
    }

    /// Every tracked file called `Cargo.toml`, relative to the root.
    pub fn manifests(&self) -> Result<Vec<String>, String> {
        Ok(self
            .run(&["ls-files", "--", "Cargo.toml", "*/Cargo.toml"])?
            .lines()
            .map(str::to_owned)
            .collect())
    }
}
