//! `cargo xtask release` as a maintainer runs it, in a temporary git repository holding a
//! copy of the workspace's specs, crates and root manifest, plus an application crate
//! that depends on two service crates by version.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod support;

use support::{copy_dir, workspace};

const CRATES: &[&str] = &["aom", "coc", "core", "secmaster"];

/// A manifest outside the released crates that names two of them by version.
const APP: &str = "[package]\nname = \"app\"\nversion = \"0.0.0\"\npublish = false\n\n[dependencies]\n\
huaweicloud-sdk-coc = { path = \"../crates/coc\", version = \"0.1.0\" }\n\
huaweicloud-sdk-aom = { path = \"../crates/aom\", version = \"0.1.0\" }\n";

fn run(root: &Path, program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(root)
        .output()
        .unwrap()
}

fn git(root: &Path, args: &[&str]) -> String {
    let output = run(root, "git", args);
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        text(&output.stderr)
    );
    text(&output.stdout)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    let root = root.to_str().unwrap();
    run(
        Path::new("."),
        env!("CARGO_BIN_EXE_xtask"),
        &[args, &["--root", root]].concat(),
    )
}

/// Run xtask and insist that it succeeds; its standard output.
fn xtask_ok(root: &Path, args: &[&str]) -> String {
    let output = xtask(root, args);
    assert!(
        output.status.success(),
        "xtask {args:?} failed:\n{}\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `path` with `from` replaced by `to`; the test fails if `from` is not there.
fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let old = read(root, path);
    assert!(old.contains(from), "{path} no longer contains {from:?}");
    fs::write(root.join(path), old.replacen(from, to, 1)).unwrap();
}

fn commit(root: &Path, message: &str) {
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", message]);
}

/// A repository whose every crate was released at 0.1.0 (the first release, tagged).
fn released_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for krate in CRATES {
        copy_dir(
            &workspace().join("crates").join(krate),
            &root.join("crates").join(krate),
        );
    }
    copy_dir(&workspace().join("specs"), &root.join("specs"));
    // The scenario is about these crates: the specs of the others leave with them.
    for entry in fs::read_dir(root.join("specs")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.extension().is_some_and(|ext| ext == "yaml") && !CRATES.contains(&stem.as_str()) {
            fs::remove_file(&path).unwrap();
        }
    }
    fs::copy(workspace().join("Cargo.toml"), root.join("Cargo.toml")).unwrap();
    fs::create_dir_all(root.join("app")).unwrap();
    fs::write(root.join("app/Cargo.toml"), APP).unwrap();
    git(root, &["init", "-q"]);
    git(root, &["config", "user.email", "release@test"]);
    git(root, &["config", "user.name", "release test"]);
    commit(root, "as it is");
    assert_eq!(
        xtask_ok(root, &["release", "--list"]),
        "huaweicloud-sdk-core\nhuaweicloud-sdk-aom\nhuaweicloud-sdk-coc\nhuaweicloud-sdk-secmaster\n",
        "the publishable packages, core first"
    );

    let plan = xtask_ok(root, &["release"]);
    let tags: Vec<&str> = plan
        .lines()
        .find_map(|line| line.strip_prefix("tags: "))
        .expect("release prints the tags")
        .split(' ')
        .collect();
    assert_eq!(
        tags,
        [
            "huaweicloud-sdk-core-v0.1.0",
            "huaweicloud-sdk-aom-v0.1.0",
            "huaweicloud-sdk-coc-v0.1.0",
            "huaweicloud-sdk-secmaster-v0.1.0"
        ]
    );
    for krate in CRATES {
        let changelog = read(root, &format!("crates/{krate}/CHANGELOG.md"));
        assert!(changelog.contains("\n## 0.1.0 ("), "{changelog}");
        assert!(changelog.contains("First release"), "{changelog}");
    }
    commit(root, "Release 0.1.0");
    for tag in tags {
        git(root, &["tag", tag]);
    }
    dir
}

/// Whole files of a commit range, for "untouched" assertions.
fn changed_files(root: &Path) -> Vec<String> {
    git(root, &["status", "--porcelain"])
        .lines()
        .map(|line| line[3..].to_owned())
        .collect()
}

#[test]
fn an_additive_and_a_breaking_change_release_only_their_two_crates() {
    let dir = released_repository();
    let root = dir.path();
    // COC: a new optional reply field, with a documented deviation (additive).
    edit(
        root,
        "specs/coc.yaml",
        "        creator:\n          type: string\n          description: Creator.\n",
        "        creator:\n          type: string\n          description: Creator.\n        \
         modifier:\n          type: string\n          description: Last modifier.\n          \
         x-doc-deviation: \"Not on the page; the service sends it.\"\n",
    );
    // COC: a new value of an open enum (additive).
    edit(
        root,
        "specs/coc.yaml",
        "enum: [READY, PROCESSING, ERROR, PAUSED, CANCELED, FINISHED, ROLLBACKED]",
        "enum: [READY, PROCESSING, ERROR, PAUSED, CANCELED, FINISHED, ROLLBACKED, QUEUED]",
    );
    // AOM: an optional query parameter made required (breaking).
    edit(
        root,
        "specs/aom.yaml",
        "        - name: x_enterprise_project_id\n          in: query\n          required: false\n",
        "        - name: x_enterprise_project_id\n          in: query\n          required: true\n",
    );
    xtask_ok(root, &["codegen"]);
    commit(
        root,
        "COC gains modifier; AOM needs x_enterprise_project_id",
    );

    let plan = xtask_ok(root, &["release", "--dry-run"]);
    assert!(
        changed_files(root).is_empty(),
        "--dry-run wrote {:?}",
        changed_files(root)
    );
    for line in [
        "huaweicloud-sdk-core: 0.1.0 unchanged since huaweicloud-sdk-core-v0.1.0",
        "huaweicloud-sdk-aom: 0.1.0 -> 0.2.0 (breaking, since huaweicloud-sdk-aom-v0.1.0)",
        "huaweicloud-sdk-coc: 0.1.0 -> 0.1.1 (additions, since huaweicloud-sdk-coc-v0.1.0)",
        "huaweicloud-sdk-secmaster: 0.1.0 unchanged since huaweicloud-sdk-secmaster-v0.1.0",
        "tags: huaweicloud-sdk-aom-v0.2.0 huaweicloud-sdk-coc-v0.1.1",
        "dry run: nothing was written",
    ] {
        assert!(
            plan.lines().any(|l| l == line),
            "plan lacks {line:?}:\n{plan}"
        );
    }

    let output = xtask_ok(root, &["release"]);
    assert!(
        output.contains("git tag huaweicloud-sdk-aom-v0.2.0 && git tag huaweicloud-sdk-coc-v0.1.1"),
        "{output}"
    );
    let mut changed = changed_files(root);
    changed.sort();
    assert_eq!(
        changed,
        [
            "app/Cargo.toml",
            "crates/aom/CHANGELOG.md",
            "crates/aom/Cargo.toml",
            "crates/aom/README.md",
            "crates/coc/CHANGELOG.md",
            "crates/coc/Cargo.toml",
            "specs/aom.yaml",
            "specs/coc.yaml",
        ],
        "only the two released crates (and the manifest that requires them) change"
    );
    assert!(read(root, "specs/coc.yaml").contains("\n  x-crate-version: 0.1.1\n"));
    assert!(read(root, "crates/coc/Cargo.toml").contains("\nversion = \"0.1.1\"\n"));
    assert!(read(root, "crates/aom/Cargo.toml").contains("\nversion = \"0.2.0\"\n"));
    assert!(read(root, "crates/aom/README.md").contains("huaweicloud-sdk-aom = \"0.2\""));
    assert_eq!(
        read(root, "app/Cargo.toml"),
        APP.replace("coc\", version = \"0.1.0\"", "coc\", version = \"0.1.1\"")
            .replace("aom\", version = \"0.1.0\"", "aom\", version = \"0.2.0\"")
    );

    let coc = read(root, "crates/coc/CHANGELOG.md");
    let newest = &coc[coc.find("## 0.1.1").expect("a 0.1.1 entry")..coc.find("## 0.1.0").unwrap()];
    assert!(
        newest.contains("### Added\n\n- `models::JobScriptOrderInfo::modifier`: field added\n- `models::JobScriptOrderInfoStatus`: value `QUEUED` added (was `Unknown`)\n\n"),
        "{newest}"
    );
    assert!(newest.contains("### Deviations from the API reference\n\n- schema `JobScriptOrderInfo`, property `modifier`"), "{newest}");
    assert!(
        newest.contains("Not on the page; the service sends it."),
        "{newest}"
    );
    assert!(!newest.contains("### Breaking"), "{newest}");
    let aom = read(root, "crates/aom/CHANGELOG.md");
    assert!(
        aom.find("## 0.2.0").unwrap() < aom.find("## 0.1.0").unwrap(),
        "{aom}"
    );
    assert!(
        aom.contains(
            "### Breaking changes\n\n- `operations::ListWorkflowExecutions::x_enterprise_project_id`: now required\n"
        ),
        "{aom}"
    );

    // The release leaves the crates as the specs generate them.
    xtask_ok(root, &["codegen", "--check"]);
    commit(root, "Release");
    // Until the new tags exist, a second release would skip versions: refused.
    let again = xtask(root, &["release"]);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("git tag huaweicloud-sdk-aom-v0.2.0"),
        "{}",
        text(&again.stderr)
    );
}

#[test]
fn a_runtime_change_needs_a_stated_bump_that_dependents_follow() {
    let dir = released_repository();
    let root = dir.path();
    edit(
        root,
        "crates/core/src/lib.rs",
        "#![forbid(unsafe_code)]",
        "#![forbid(unsafe_code)]\n// changed",
    );
    commit(root, "core: a change");

    let refused = xtask(root, &["release", "--dry-run"]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("crates/core changed since huaweicloud-sdk-core-v0.1.0")
    );
    assert!(text(&refused.stderr).contains("--core major|minor|patch"));

    let plan = xtask_ok(root, &["release", "--dry-run", "--core", "patch"]);
    assert!(
        plan.contains("huaweicloud-sdk-core: 0.1.0 -> 0.1.1"),
        "{plan}"
    );
    assert!(
        plan.contains("huaweicloud-sdk-coc: 0.1.0 unchanged"),
        "a compatible core needs no service release:\n{plan}"
    );
    assert!(
        plan.contains("Cargo.toml: huaweicloud-sdk-core requirement -> 0.1.1"),
        "{plan}"
    );

    xtask_ok(root, &["release", "--core", "minor"]);
    assert!(read(root, "crates/core/Cargo.toml").contains("\nversion = \"0.2.0\"\n"));
    assert!(
        read(root, "Cargo.toml")
            .contains("huaweicloud-sdk-core = { path = \"crates/core\", version = \"0.2.0\"")
    );
    let core = read(root, "crates/core/CHANGELOG.md");
    assert!(
        core.contains("## 0.2.0") && core.contains("- core: a change\n"),
        "{core}"
    );
    for service in ["aom", "coc", "secmaster"] {
        assert!(
            read(root, &format!("crates/{service}/Cargo.toml")).contains("\nversion = \"0.2.0\"\n")
        );
        let changelog = read(root, &format!("crates/{service}/CHANGELOG.md"));
        assert!(
            changelog.contains("requires huaweicloud-sdk-core 0.2.0"),
            "{changelog}"
        );
    }
    commit(root, "Release");
    let unchanged = xtask(root, &["release", "--core", "patch"]);
    assert!(
        !unchanged.status.success(),
        "an untagged release is refused"
    );
}

#[test]
fn a_generator_change_that_removes_an_item_is_a_breaking_release() {
    let dir = released_repository();
    let root = dir.path();
    // As if the generator of the last release had emitted one more public function:
    // rewrite the tagged crate, then regenerate with today's generator.
    git(
        root,
        &["checkout", "-q", "huaweicloud-sdk-secmaster-v0.1.0"],
    );
    git(root, &["checkout", "-q", "-b", "old-generator"]);
    let models = root.join("crates/secmaster/src/models.rs");
    let mut text = read(root, "crates/secmaster/src/models.rs");
    text.push_str("/// Emitted by an older generator.\npub fn legacy_helper() -> u8 {\n    0\n}\n");
    fs::write(&models, text).unwrap();
    commit(root, "the crate as an older generator wrote it");
    git(root, &["tag", "-f", "huaweicloud-sdk-secmaster-v0.1.0"]);
    xtask_ok(root, &["codegen"]);
    commit(root, "regenerated with today's generator");

    let plan = xtask_ok(root, &["release", "--dry-run"]);
    assert!(
        plan.contains("huaweicloud-sdk-secmaster: 0.1.0 -> 0.2.0 (breaking"),
        "{plan}"
    );
    assert!(
        plan.contains("- `models::legacy_helper`: function removed (by the generator)"),
        "{plan}"
    );
    assert!(
        plan.contains("huaweicloud-sdk-coc: 0.1.0 unchanged"),
        "{plan}"
    );
}
