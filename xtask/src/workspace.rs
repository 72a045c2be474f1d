//! Where the workspace is and which specs it has: shared by every command.

use std::fs;
use std::path::{Path, PathBuf};

/// The workspace around the current directory: the nearest directory, from the current
/// one upwards, that is this repository's root (`is_root`).
///
/// Found at run time, never from the compile-time `CARGO_MANIFEST_DIR`: with one
/// `CARGO_TARGET_DIR` shared by several clones, cargo may run a binary built in another
/// clone, which would then read and write that clone's specs. Nor from the run-time
/// `CARGO_MANIFEST_DIR` that `cargo run` sets: every process started below a `cargo run`
/// or `cargo test` inherits it, so a binary started from another clone's test or tool
/// would still act on that clone. The current directory is what cargo itself searched
/// to find the workspace whose `xtask` `cargo xtask` runs.
pub fn root() -> Result<PathBuf, String> {
    let current =
        std::env::current_dir().map_err(|e| format!("reading the current directory: {e}"))?;
    enclosing_root(&current).ok_or_else(|| {
        format!(
            "{} is not inside the SDK's workspace: neither it nor a directory above it has \
             a Cargo.toml with [workspace] beside xtask/; run cargo xtask in a clone of \
             the repository",
            current.display()
        )
    })
}

/// `given` (a command's `--root`) if there is one, else the workspace around the current
/// directory (`root`).
pub fn given_or_found(given: Option<&Path>) -> Result<PathBuf, String> {
    given.map_or_else(root, |given| Ok(given.to_path_buf()))
}

/// The nearest of `dir` and its ancestors that `is_root`.
fn enclosing_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|dir| is_root(dir))
        .map(Path::to_path_buf)
}

/// Whether `dir` is the repository's root: its `Cargo.toml` declares a workspace and
/// `xtask/` sits beside it. A package's own manifest or another project's workspace
/// (a fixture, an unrelated checkout further up) does not count.
fn is_root(dir: &Path) -> bool {
    dir.join("xtask").join("Cargo.toml").is_file()
        && fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|manifest| {
            manifest.lines().any(|line| {
                let line = line.split('#').next().unwrap_or_default().trim();
                line == "[workspace]"
            })
        })
}

/// A spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// The file stem, which names the service (`coc`).
    pub stem: String,
    /// The file.
    pub path: PathBuf,
}

/// The `*.yaml` files of `dir`, sorted by name; an error names the directory.
pub fn specs(dir: &Path) -> Result<Vec<SpecFile>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    let mut specs: Vec<SpecFile> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?.to_owned();
            Some(SpecFile { stem, path })
        })
        .collect();
    specs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(specs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn the_root_is_found_from_any_directory_below_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("clone");
        write(
            &root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"xtask\"]\n",
        );
        write(
            &root.join("xtask/Cargo.toml"),
            "[package]\nname = \"xtask\"\n",
        );
        fs::create_dir_all(root.join("crates/coc/src")).unwrap();
        assert_eq!(enclosing_root(&root), Some(root.clone()));
        assert_eq!(
            enclosing_root(&root.join("crates/coc/src")),
            Some(root.clone())
        );
        // xtask's own manifest is a package, not the workspace.
        assert_eq!(enclosing_root(&root.join("xtask")), Some(root));
    }

    #[test]
    fn a_workspace_without_xtask_is_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(&root.join("Cargo.toml"), "[workspace] # the SDK\n");
        write(
            &root.join("xtask/Cargo.toml"),
            "[package]\nname = \"xtask\"\n",
        );
        let inner = root.join("tests/other");
        write(&inner.join("Cargo.toml"), "[workspace]\n");
        assert_eq!(enclosing_root(&inner), Some(root.to_path_buf()));
    }

    #[test]
    fn no_root_outside_a_workspace() {
        let dir = tempfile::tempdir().unwrap();
        write(
            &dir.path().join("Cargo.toml"),
            "[package]\nname = \"app\"\n",
        );
        write(
            &dir.path().join("xtask/Cargo.toml"),
            "[package]\nname = \"xtask\"\n",
        );
        assert_eq!(enclosing_root(dir.path()), None);
    }
}
