//! Where the workspace is and which specs it has: shared by every command.

use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root: the parent of this crate's directory.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
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
