//! `cargo xtask doc-check <page.txt> [--spec specs/<service>.yaml] [--json]`: compare the
//! text of a Huawei Cloud API reference page with the operation it describes in a spec,
//! and list what drifted.
//!
//! - the generator library's `page` module reads the page (three layouts, noise
//!   skipped) and, in `page::text`, constraints and enum values out of description cells;
//! - `spec_side` loads a spec through the generator's lowering, plus its raw tree;
//! - `compare` matches the operation by method and path template and compares
//!   parameters, body and response fields (presence, type, required, enum, lengths and
//!   ranges, default), statuses and examples; a difference the spec records in an
//!   `x-doc-deviation` (or that `specs/CONVENTIONS.md` prescribes) is "accepted";
//! - `finding` is one difference, its aspect and verdict;
//! - `report` prints it, as text or JSON.
//!
//! Exit codes: 0 nothing drifts, 1 something drifts (or no operation matches the page),
//! 2 the page is unreadable, a spec does not load, or the arguments are wrong.

mod compare;
mod finding;
mod kind;
mod report;
mod spec_side;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use huaweicloud_sdk_codegen::page;
use spec_side::Spec;

const USAGE: &str =
    "usage: cargo xtask doc-check <page.txt> [--spec specs/<service>.yaml] [--json]";

#[derive(Debug, Default)]
struct Options {
    page: Option<PathBuf>,
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
            other => {
                if options.page.is_some() {
                    return Err(format!("unexpected argument `{other}`: give one page"));
                }
                options.page = Some(PathBuf::from(other));
            }
        }
    }
    if options.page.is_none() {
        return Err("doc-check needs the page's text file".to_owned());
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
    let page_path = options.page.clone().unwrap_or_default();
    let shown_page = page_path.display().to_string();
    match run(&options, &page_path, &shown_page) {
        Ok((output, drifts)) => {
            print!("{output}");
            ExitCode::from(u8::from(drifts))
        }
        Err(failure) => {
            if options.json {
                let value = serde_json::json!({
                    "page": shown_page,
                    "error": failure.message,
                    "exit_code": failure.code,
                });
                println!(
                    "{}",
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                );
            }
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// The report and whether anything drifts.
fn run(options: &Options, page_path: &Path, shown_page: &str) -> Result<(String, bool), Failure> {
    let bytes = fs::read(page_path).map_err(|e| fail(2, format!("reading {shown_page}: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| fail(2, format!("{shown_page}: unreadable page: not UTF-8 text")))?;
    let page =
        page::parse(&text).map_err(|e| fail(2, format!("{shown_page}: unreadable page: {e}")))?;

    // A spec given by a path that exists needs no workspace.
    let root = crate::workspace::given_or_found(options.root.as_deref());
    let specs = load_specs(options.spec.as_deref(), root)?;
    let lookup = |exact_only: bool| {
        specs.iter().find_map(|spec| {
            let (operation, exact) = spec.find(&page.uri.method, &page.uri.path)?;
            (exact || !exact_only).then_some((spec, operation, exact))
        })
    };
    let Some((spec, operation, exact)) = lookup(true).or_else(|| lookup(false)) else {
        let known: Vec<String> = specs
            .iter()
            .flat_map(|spec| {
                spec.operations.iter().map(|operation| {
                    format!(
                        "  {} {} ({}, {})",
                        operation.method, operation.path, operation.id, spec.shown
                    )
                })
            })
            .collect();
        let searched: Vec<&str> = specs.iter().map(|spec| spec.shown.as_str()).collect();
        return Err(fail(
            1,
            format!(
                "no operation in {} matches the page's {} {} (line {}); the spec has:\n{}",
                searched.join(", "),
                page.uri.method,
                page.uri.path,
                page.uri.line,
                known.join("\n")
            ),
        ));
    };
    let outcome = compare::check(spec, &page, operation, exact);
    let report = report::Report {
        page_path: shown_page,
        uri: &page.uri,
        spec: &spec.shown,
        operation,
        outcome: &outcome,
    };
    let output = if options.json {
        let value = report::json(&report);
        format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        )
    } else {
        report::text(&report)
    };
    Ok((output, outcome.drifts()))
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
