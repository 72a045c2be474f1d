//! `cargo xtask doc-check <page-or-folder>... [--spec specs/<service>.yaml] [--json]`:
//! follow the Huawei Cloud API reference. Each page is read the one way the project
//! reads pages, by the transcriber (`cargo xtask transcribe`), and the operation it
//! reads is compared with the operation of the spec, both as OpenAPI trees.
//!
//! - `run` lists the pages (a folder's `*.txt`, sorted), sets aside those that are not
//!   operation pages and the duplicates of a request (chosen as `transcribe` chooses),
//!   finds each page's operation by method and path, and lists the operations of the
//!   specs that no page documents;
//! - `page_side` transcribes a page into a tree with the page line of each node;
//!   `spec_side` loads a spec (once per run) through the generator's lowering;
//! - `compare` compares the two operations: path template, parameters, request body,
//!   statuses, response headers and bodies (recursively: type, required, enum, lengths,
//!   ranges, default, item counts, properties), examples;
//! - `verdict` judges each difference by the spec's `x-doc-deviation` entries (data,
//!   never the reasons' words): accepted, else drift (or a note where the page does
//!   not say enough to tell);
//! - `finding` is one difference, `status` a page's status, `report` prints them.
//!
//! Each page gets a status: `clean`, `drift`, `not-an-operation`, `not-in-spec` (a new
//! operation), `unreadable`, `duplicate`; with a folder among the arguments, every
//! operation of the spec (`--spec`; without it, of each spec a page matched) that no page
//! documents is listed as `not-documented`. Text output prints the whole report of each
//! drifted page (of the page, when one page is given), one line for every other page,
//! then a summary; `--json` prints JSON Lines, one object per page or operation.
//!
//! Exit codes: 0 nothing drifts and nothing is new or undocumented, 1 a page drifts or
//! is not in the spec, or an operation is not documented, 2 no page could be read as
//! an operation page, a spec does not load, or the arguments are wrong.

mod compare;
mod finding;
mod page_side;
mod report;
mod run;
mod spec_side;
mod status;
mod verdict;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use run::Undocumented;
use spec_side::Spec;
use status::Entry;

const USAGE: &str =
    "usage: cargo xtask doc-check <page-or-folder>... [--spec specs/<service>.yaml] [--json]";

#[derive(Debug, Default)]
struct Options {
    inputs: Vec<PathBuf>,
    spec: Option<PathBuf>,
    json: bool,
    root: Option<PathBuf>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => options.json = true,
            "--spec" => {
                options.spec = Some(PathBuf::from(args.next().ok_or("--spec needs a path")?));
            }
            // For tests: look for specs/ under another workspace root.
            "--root" => {
                options.root = Some(PathBuf::from(args.next().ok_or("--root needs a path")?));
            }
            other if other.starts_with('-') && other != "-" => {
                return Err(format!("unknown argument `{other}`"));
            }
            other => options.inputs.push(PathBuf::from(other)),
        }
    }
    if options.inputs.is_empty() {
        return Err("doc-check needs a page's text file or a folder of them".to_owned());
    }
    Ok(options)
}

/// A failure with its exit code.
struct Failure {
    code: u8,
    message: String,
}

fn fail(code: u8, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

/// Run `doc-check` with the arguments after the command name; returns the exit code.
pub fn main(args: &[String]) -> ExitCode {
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse_options(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(entries) => {
            // A reader that stops early (`| head`) is no failure of the check.
            let _ = std::io::Write::write_all(
                &mut std::io::stdout().lock(),
                output(&options, &entries).as_bytes(),
            );
            let code = exit_code(&entries);
            if code == 2 {
                eprintln!("error: no page could be read as an operation page");
            }
            ExitCode::from(code)
        }
        Err(failure) => {
            if options.json {
                let value = serde_json::json!({
                    "page": null,
                    "error": failure.message,
                    "exit_code": failure.code,
                });
                println!("{value}");
            }
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// Every entry of the run.
fn run(options: &Options) -> Result<Vec<Entry>, Failure> {
    let inputs = crate::page_files::inputs(&options.inputs).map_err(|e| fail(2, e))?;
    // A spec given by a path that exists needs no workspace.
    let root = crate::workspace::given_or_found(options.root.as_deref());
    let specs = load_specs(options.spec.as_deref(), root)?;
    // A folder stands for a whole reference: what it lacks is worth saying. Pages
    // given one by one claim nothing about the rest of the spec.
    let undocumented = match (
        options.inputs.iter().any(|input| input.is_dir()),
        options.spec.is_some(),
    ) {
        (false, _) => Undocumented::None,
        (true, true) => Undocumented::EverySpec,
        (true, false) => Undocumented::MatchedSpecs,
    };
    Ok(run::run(&inputs, &specs, undocumented))
}

/// The report of the run, text or JSON Lines.
fn output(options: &Options, entries: &[Entry]) -> String {
    if options.json {
        return entries
            .iter()
            .map(|entry| format!("{}\n", report::json(entry)))
            .collect();
    }
    // One page given: its whole report, whatever it found.
    let one_page = entries.iter().filter(|entry| entry.page.is_some()).count() == 1;
    let mut out = String::new();
    for entry in entries {
        let whole = entry.outcome.is_some() && (one_page || entry.status == status::Status::Drift);
        if whole {
            out.push_str(&report::text(entry));
            out.push('\n');
        } else {
            out.push_str(&report::line(entry));
        }
    }
    out.push_str(&report::summary(entries));
    out
}

/// 2 when no page was read as an operation page, 1 when something drifts, is new or
/// is not documented, else 0.
fn exit_code(entries: &[Entry]) -> u8 {
    let read = entries
        .iter()
        .any(|entry| entry.page.is_some() && entry.status.read_as_operation());
    if !read {
        2
    } else if entries.iter().any(|entry| entry.status.fails()) {
        1
    } else {
        0
    }
}

/// The spec given with `--spec` (relative to the current directory, else to the
/// workspace root), or every `specs/*.yaml`.
fn load_specs(spec: Option<&Path>, root: Result<PathBuf, String>) -> Result<Vec<Spec>, Failure> {
    let found_root = || root.clone().map_err(|e| fail(2, e));
    let paths: Vec<PathBuf> = match spec {
        Some(path) if path.exists() || path.is_absolute() => vec![path.to_path_buf()],
        Some(path) => vec![found_root()?.join(path)],
        None => crate::workspace::specs(&found_root()?.join("specs"))
            .map_err(|e| fail(2, e))?
            .into_iter()
            .map(|spec| spec.path)
            .collect(),
    };
    if paths.is_empty() {
        return Err(fail(
            2,
            format!("no specs in {}", found_root()?.join("specs").display()),
        ));
    }
    paths
        .iter()
        .map(|path| {
            let shown = root
                .as_ref()
                .ok()
                .and_then(|root| path.strip_prefix(root).ok())
                .map_or_else(
                    || path.display().to_string(),
                    |relative| relative.display().to_string(),
                );
            Spec::load(path, &shown).map_err(|e| fail(2, format!("spec error: {e}")))
        })
        .collect()
}
