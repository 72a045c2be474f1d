//! `cargo xtask transcribe <page.txt> [--service NAME] [--operation-id NAME] [--write]
//! [--replace]`: read an API reference page and print the spec operation it describes,
//! or (`--write`) add it to `specs/<service>.yaml`, keeping every byte already there.
//!
//! Every `REVIEW:` deviation written is listed on stderr with its page line; `cargo
//! xtask lint` fails until a maintainer has decided each one.
//!
//! Exit codes: 0 done, 2 the page cannot be transcribed, the spec cannot take the
//! operation, or the arguments are wrong (nothing is written then).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use huaweicloud_sdk_codegen::transcribe::{self, Review, insert, known_names};

const USAGE: &str = "usage: cargo xtask transcribe <page.txt> [--service NAME] [--operation-id NAME] [--write] [--replace]";

#[derive(Debug, Default)]
struct Options {
    page: Option<PathBuf>,
    service: Option<String>,
    operation_id: Option<String>,
    write: bool,
    replace: bool,
    root: Option<PathBuf>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--write" => options.write = true,
            "--replace" => options.replace = true,
            "--service" => {
                options.service = Some(args.next().ok_or("--service needs a name")?.clone());
            }
            "--operation-id" => {
                options.operation_id =
                    Some(args.next().ok_or("--operation-id needs a name")?.clone());
            }
            // For tests: write under another workspace root.
            "--root" => {
                options.root = Some(PathBuf::from(args.next().ok_or("--root needs a path")?));
            }
            other if other.starts_with('-') => return Err(format!("unknown argument `{other}`")),
            other => {
                if options.page.is_some() {
                    return Err(format!("unexpected argument `{other}`: give one page"));
                }
                options.page = Some(PathBuf::from(other));
            }
        }
    }
    if options.page.is_none() {
        return Err("transcribe needs the page's text file".to_owned());
    }
    if options.replace && !options.write {
        return Err("--replace goes with --write".to_owned());
    }
    Ok(options)
}

/// Run `transcribe` with the arguments after the command name.
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
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(options: &Options) -> Result<(), String> {
    let page_path = options.page.clone().unwrap_or_default();
    let shown = page_path.display().to_string();
    // Printing needs no workspace; only `--write` and naming a page kept under specs/ do.
    let root = crate::workspace::given_or_found(options.root.as_deref());
    let bytes = fs::read(&page_path).map_err(|e| format!("reading {shown}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown}: not UTF-8 text (byte {}): not the text of a page",
            e.utf8_error().valid_up_to()
        )
    })?;
    let page_ref = root
        .as_ref()
        .ok()
        .and_then(|root| page_ref(root, &page_path));
    let shared_statuses = shared_statuses(&page_path);
    // The SDK's names need the workspace's table; printing outside one goes without.
    let known_names = match (&options.service, &root) {
        (Some(service), Ok(root)) => known_names(root, service)?,
        _ => Vec::new(),
    };
    let transcript = transcribe::transcribe(
        &text,
        &transcribe::Options {
            service: options.service.as_deref(),
            operation_id: options.operation_id.as_deref(),
            page_ref: page_ref.as_deref(),
            shared_statuses: &shared_statuses,
            known_names: &known_names,
        },
    )
    .map_err(|e| format!("{shown}: {e}"))?;
    if !options.write {
        print!("{}", transcript.to_yaml());
        list_reviews(&shown, &transcript.reviews);
        return Ok(());
    }
    let Some(service) = transcript.service.clone() else {
        return Err(format!(
            "{shown}: the page does not name its service (no SDK sample); give --service NAME"
        ));
    };
    let spec_shown = format!("specs/{service}.yaml");
    let spec_path = root?.join(&spec_shown);
    let spec_text =
        fs::read_to_string(&spec_path).map_err(|e| format!("reading {spec_shown}: {e}"))?;
    let updated = insert::insert(
        &insert::Spec {
            service: &service,
            path: &spec_shown,
            text: &spec_text,
        },
        &transcript,
        options.replace,
    )?;
    write_atomically(&spec_path, &updated.text)
        .map_err(|e| format!("writing {spec_shown}: {e}"))?;
    println!(
        "{} {} {} ({}) in {spec_shown}{}{}",
        if updated.replaced {
            "replaced"
        } else {
            "added"
        },
        transcript.method.to_ascii_uppercase(),
        transcript.path,
        transcript.operation_id,
        if updated.reused.is_empty() {
            String::new()
        } else {
            format!("; reused {}", updated.reused.join(", "))
        },
        if updated.removed.is_empty() {
            String::new()
        } else {
            format!(
                "; removed {}, which no operation uses any more",
                updated.removed.join(", ")
            )
        }
    );
    list_reviews(&shown, &updated.reviews);
    Ok(())
}

/// The official SDK's operation names of the service (`specs/names/<service>.tsv`), none
/// when the project has no table for it.
fn known_names(root: &Path, service: &str) -> Result<Vec<known_names::KnownName>, String> {
    let shown = format!("specs/names/{service}.tsv");
    match fs::read_to_string(root.join(&shown)) {
        Ok(text) => known_names::read(&text).map_err(|e| format!("{shown}: {e}")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("reading {shown}: {e}")),
    }
}

/// The pages a reference keeps its shared status codes on, beside its operation pages:
/// the one older pages point at first.
const SHARED_STATUS_PAGES: &[&str] = &["通用请求返回值.txt", "状态码.txt"];

/// The statuses of the shared status page in the page's folder, if it has one.
fn shared_statuses(page: &Path) -> Vec<(String, String)> {
    let folder = page.parent().unwrap_or(Path::new("."));
    SHARED_STATUS_PAGES
        .iter()
        .filter_map(|name| fs::read_to_string(folder.join(name)).ok())
        .map(|text| huaweicloud_sdk_codegen::page::shared_statuses(&text))
        .find(|statuses| !statuses.is_empty())
        .unwrap_or_default()
}

/// `pages/<service>/<file>` when the page is kept under `specs/pages/`.
fn page_ref(root: &Path, page: &Path) -> Option<String> {
    let specs = root.join("specs").canonicalize().ok()?;
    let page = page.canonicalize().ok()?;
    let relative = page.strip_prefix(&specs).ok()?;
    Some(relative.to_string_lossy().replace('\\', "/"))
}

fn list_reviews(shown: &str, reviews: &[Review]) {
    for review in reviews {
        eprintln!(
            "REVIEW {shown}:{}: {}: {}",
            review.line, review.pointer, review.message
        );
    }
    if !reviews.is_empty() {
        eprintln!(
            "{} item(s) to review; `cargo xtask lint` fails until every `REVIEW:` is decided",
            reviews.len()
        );
    }
}

/// Write to a temporary file beside the target, then rename it over the target: the
/// spec is either untouched or fully updated.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.transcribe.tmp"));
    fs::write(&temporary, text)?;
    fs::rename(&temporary, path).inspect_err(|_| {
        let _ = fs::remove_file(&temporary);
    })
}
