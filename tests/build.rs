//! Lists every type of every generated service crate (`crates/<service>/src/models.rs`)
//! for `fuzz_decode.rs`, which fuzzes the decoder of each: a new operation or schema is
//! fuzzed as soon as `cargo xtask codegen` has generated its types, with no table to edit.
//!
//! The list is read from the generated source, whose layout the generator fixes (one
//! declaration per line, `pub struct Name`, `pub enum Name` or `pub type Name`, open
//! enums indented inside `open_enum!`). `fuzz_decode.rs` checks it against the types the
//! generator makes of each spec, so a declaration this scan misses fails a test.

#![forbid(unsafe_code)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let crates = manifest_dir.join("../crates");
    let manifest = manifest_dir.join("Cargo.toml");
    // Any change below crates/ (a new crate, regenerated models) lists the types again.
    println!("cargo:rerun-if-changed={}", crates.display());
    println!("cargo:rerun-if-changed={}", manifest.display());

    let our_manifest = fs::read_to_string(&manifest).unwrap_or_default();
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for dir in service_dirs(&crates) {
        let service = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some(package) = package_name(&dir.join("Cargo.toml")) else {
            errors.push(format!("crates/{service}/Cargo.toml names no package"));
            continue;
        };
        if !our_manifest.contains(&format!("\n{package} = ")) {
            errors.push(format!(
                "crates/{service} is not a dev-dependency of workspace-tests: add \
                 `{package} = {{ path = \"../crates/{service}\" }}` to tests/Cargo.toml"
            ));
            continue;
        }
        let models = fs::read_to_string(dir.join("src/models.rs")).unwrap_or_default();
        let krate = package.replace('-', "_");
        for name in declared_types(&models) {
            entries.push(format!(
                "    (\"{service}\", \"{name}\", check::<{krate}::models::{name}> as Check),\n"
            ));
        }
    }

    let mut out = String::from("// Written by tests/build.rs from crates/*/src/models.rs.\n");
    if errors.is_empty() {
        out.push_str("&[\n");
        entries.iter().for_each(|entry| out.push_str(entry));
        out.push_str("]\n");
    } else {
        let _ = writeln!(out, "{{ compile_error!({:?}) }}", errors.join("\n"));
    }
    let target =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("decoders.rs");
    // Rewritten only when it changes, so that the tests are not rebuilt for nothing.
    if fs::read_to_string(&target).ok().as_deref() != Some(out.as_str()) {
        fs::write(&target, out).expect("OUT_DIR is writable");
    }
}

/// The generated service crates: the directories of `crates/` with a `src/models.rs`
/// (not the hand-written core), sorted.
fn service_dirs(crates: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(crates)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|dir| dir.join("src/models.rs").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// The `name` of a manifest's `[package]`.
fn package_name(manifest: &Path) -> Option<String> {
    let text = fs::read_to_string(manifest).ok()?;
    let package = text.split("[package]").nth(1)?;
    package.lines().find_map(|line| {
        let value = line.trim().strip_prefix("name")?.trim().strip_prefix('=')?;
        Some(value.trim().trim_matches('"').to_owned())
    })
}

/// The names of the types `models.rs` declares.
fn declared_types(models: &str) -> Vec<String> {
    models
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            ["pub struct ", "pub enum ", "pub type "]
                .iter()
                .find_map(|keyword| line.strip_prefix(keyword))
        })
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}
