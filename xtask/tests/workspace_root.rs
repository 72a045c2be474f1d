//! `cargo xtask` acts on the workspace it is run in, whichever clone its binary was built
//! from: with one `CARGO_TARGET_DIR` shared by several clones, cargo may run a binary
//! another clone built.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod support;

use support::{copy_dir, workspace};

/// Run the built xtask in `dir`. The environment of this test, which names the source
/// tree's xtask in `CARGO_MANIFEST_DIR`, is passed on as a tool started here would pass
/// it: it must not matter.
fn xtask_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A second clone, as small as `codegen --service coc` needs: the root manifest, xtask's
/// and the specs.
fn second_clone() -> tempfile::TempDir {
    let clone = tempfile::tempdir().unwrap();
    let root = clone.path();
    fs::copy(workspace().join("Cargo.toml"), root.join("Cargo.toml")).unwrap();
    fs::create_dir_all(root.join("xtask")).unwrap();
    fs::copy(
        workspace().join("xtask/Cargo.toml"),
        root.join("xtask/Cargo.toml"),
    )
    .unwrap();
    copy_dir(&workspace().join("specs"), &root.join("specs"));
    clone
}

#[test]
fn codegen_writes_into_the_workspace_around_the_current_directory() {
    let clone = second_clone();
    let output = xtask_in(
        &clone.path().join("specs"),
        &["codegen", "--service", "coc"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let generated = clone.path().join("crates/coc");
    assert!(
        generated.join("Cargo.toml").is_file() && generated.join("src/lib.rs").is_file(),
        "nothing generated under {}",
        generated.display()
    );
}

#[test]
fn outside_any_workspace_a_command_says_so() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["lint"][..], &["codegen", "--check"], &["diff", "HEAD"]] {
        let output = xtask_in(dir.path(), args);
        assert!(!output.status.success(), "xtask {args:?} succeeded");
        let message = stderr(&output);
        assert!(
            message.contains("is not inside the SDK's workspace"),
            "xtask {args:?}: {message}"
        );
    }
}
