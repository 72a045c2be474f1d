//! Maintainer commands, one module each:
//!
//! - `cargo xtask codegen [--check] [--service NAME]` regenerates the service crates in
//!   `crates/` (and the generator's fixture crates) from the specs (`codegen`);
//! - `cargo xtask lint` checks that every spec is a complete transcription (`lint`);
//! - `cargo xtask doc-check <page.txt>` compares an API reference page with the operation
//!   it describes (`doc_check`);
//! - `cargo xtask transcribe <page-or-folder>...` writes the operations that API reference
//!   pages describe into a spec (`transcribe`);
//! - `cargo xtask diff <git-rev>` reports each crate's public API change and the version
//!   bump it needs (`api_diff`);
//! - `cargo xtask release` bumps, logs and tags every crate changed since its last
//!   release (`release`).
//!
//! `workspace` finds the workspace root and lists its specs for all of them; the work
//! itself is done by the generator library (`huaweicloud_sdk_codegen`).

#![forbid(unsafe_code)]

mod api_diff;
mod codegen;
mod doc_check;
mod lint;
mod page_files;
mod release;
mod transcribe;
mod workspace;

use std::process::ExitCode;

/// Generating a large spec allocates and frees millions of small token trees; mimalloc
/// makes `cargo xtask codegen` about a quarter faster there than the system allocator
/// (BENCHMARKS.md). The generator library itself leaves the choice to its binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str =
    "usage: cargo xtask <codegen | lint | doc-check | transcribe | diff | release> ...

  codegen            regenerate crates/<service>/ from specs/<service>.yaml
    --check          write nothing; fail and list the stale files if the checked-in
                     crates differ from what the specs produce
    --service NAME   only this service (e.g. coc)
  doc-check <page.txt> [--spec specs/<service>.yaml] [--json]
                     compare the text of an API reference page with the operation it
                     describes; exit 0 no drift, 1 drift, 2 unreadable page
  transcribe <page.txt> [--service NAME] [--operation-id NAME] [--write] [--replace]
                     print the spec operation an API reference page describes, or add it
                     to specs/<service>.yaml (--replace swaps an existing one; a missing
                     spec is started from specs/endpoints.json); contradictions become
                     `REVIEW:` deviations, listed on stderr; exit 2 unreadable page
  transcribe <folder-or-page>... --service NAME [--write] [--replace]
                     a whole API reference: skip the pages that are not operations, keep
                     one page per request, write the rest, keep each page written under
                     specs/pages/<service>/ and the pages skipped in SKIPPED.md there, end
                     with a summary; exit 2 when no operation could be written
  diff <git-rev>     what changed in each crate's public API since the specs at <git-rev>,
                     with breaking changes marked and the semver bump each crate needs
  release [--dry-run] [--core major|minor|patch]
                     release every crate changed since its last tag (huaweicloud-sdk-coc-v0.1.0):
                     bump its version as its API change needs, prepend its CHANGELOG.md,
                     raise requirements on it, print the tags to create; a change under
                     crates/core needs --core; --dry-run writes nothing and prints the plan;
                     --list prints the publishable packages, core first, and does nothing else
  lint               check that every spec is a complete transcription: operationIds,
                     summaries, an example for every body, descriptions everywhere,
                     a reason on every deviation";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => {
            codegen::Options::parse(&args[1..]).and_then(|options| codegen::run(&options))
        }
        Some("diff") => match args.get(1) {
            Some(rev) => workspace::root().and_then(|root| api_diff::run(&root, rev)),
            None => Err(format!("diff needs a git revision\n\n{USAGE}")),
        },
        Some("release") => {
            release::Options::parse(&args[1..]).and_then(|options| release::run(&options))
        }
        Some("lint") => workspace::root().and_then(|root| lint::run(&root)),
        Some("doc-check") => return doc_check::main(&args[1..]),
        Some("transcribe") => return transcribe::main(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
