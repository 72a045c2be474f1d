//! `cargo xtask transcribe <page-or-folder>... [--service NAME] [--operation-id NAME]
//! [--write] [--replace [--prune]]`: read API reference pages and print the spec
//! operation one page describes, or (`--write`) add the operations to
//! `specs/<service>.yaml`, keeping every byte already there. A spec that does not exist
//! yet is started from the service's regions in `specs/endpoints.json` (`skeleton`).
//!
//! One page is transcribed as given, and any problem is an error. Several pages or a
//! folder are a whole reference (`reference`): pages that are not operations, or that
//! lose to another page of the same request, or that cannot be read or taken, are
//! skipped with their reason; the rest are written, each page kept under
//! `specs/pages/<service>/`, and a summary ends the run.
//!
//! Every `REVIEW:` deviation written is listed on stderr with its page line; `cargo
//! xtask lint` fails until a maintainer has decided each one.
//!
//! Exit codes: 0 done (pages may have been skipped), 2 nothing could be written, the
//! page cannot be transcribed, the spec cannot take the operation, or the arguments
//! are wrong (nothing is written then).

mod reference;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::page_files::{self, read_page, shared_statuses};

use huaweicloud_sdk_codegen::transcribe::reference::{SkipKind, operation_page};
use huaweicloud_sdk_codegen::transcribe::skeleton::{self, Endpoints};
use huaweicloud_sdk_codegen::transcribe::{self, Review, insert, known_names, sections};

const USAGE: &str = "usage: cargo xtask transcribe <page-or-folder>... [--service NAME] [--operation-id NAME] [--write] [--replace [--prune]]";

/// The endpoint table of new specs, relative to the workspace root.
const ENDPOINTS: &str = "specs/endpoints.json";

#[derive(Debug, Default)]
struct Options {
    inputs: Vec<PathBuf>,
    service: Option<String>,
    operation_id: Option<String>,
    write: bool,
    replace: bool,
    prune: bool,
    root: Option<PathBuf>,
}

impl Options {
    /// One page (not a folder): transcribed on its own, any problem an error.
    fn single_page(&self) -> bool {
        self.inputs.len() == 1 && !self.inputs[0].is_dir()
    }
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--write" => options.write = true,
            "--replace" => options.replace = true,
            "--prune" => options.prune = true,
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
            other => options.inputs.push(PathBuf::from(other)),
        }
    }
    if options.inputs.is_empty() {
        return Err("transcribe needs a page's text file or a folder of them".to_owned());
    }
    if options.replace && !options.write {
        return Err("--replace goes with --write".to_owned());
    }
    if options.prune && !(options.replace && options.inputs.iter().all(|input| input.is_dir())) {
        return Err("--prune goes with --replace and folders (a whole reference)".to_owned());
    }
    if !options.single_page() {
        if options.operation_id.is_some() {
            return Err("--operation-id names the operation of one page; give one page".to_owned());
        }
        if options.service.is_none() {
            return Err("a folder or several pages need --service NAME".to_owned());
        }
    }
    if let Some(service) = &options.service
        && !is_service_name(service)
    {
        return Err(format!(
            "--service `{service}`: a service name is lowercase letters and digits (`ecs`)"
        ));
    }
    Ok(options)
}

/// `ecs`, `secmaster`: what a spec's file stem and crate name can be.
fn is_service_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
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
    let result = if options.single_page() {
        run(&options)
    } else {
        reference::run(&options)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(options: &Options) -> Result<(), String> {
    let page_path = options.inputs[0].clone();
    let shown = page_path.display().to_string();
    // Printing needs no workspace; only `--write`, the SDK's names and naming a page
    // kept under specs/ do.
    let root = crate::workspace::given_or_found(options.root.as_deref());
    let text = read_page(&page_path).map_err(|message| format!("{shown}: {message}"))?;
    if let Err(skip) = operation_page(&text) {
        return Err(match skip.kind {
            SkipKind::NotAnOperation => format!("{shown}: not an operation page: {}", skip.reason),
            _ => format!("{shown}: {}", skip.reason),
        });
    }
    let page_ref = root
        .as_ref()
        .ok()
        .and_then(|root| page_ref(root, &page_path));
    let shared_statuses = shared_statuses(&page_path);
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
    let root = root?;
    // The reference's section pages are the page's neighbours (a kept page's are kept
    // beside it), as in a whole-reference run.
    let folder = match page_path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let sections = page_files::inputs(&[folder])
        .map(|inputs| page_files::sections(&inputs))
        .unwrap_or_default();
    let mut transcript = transcript;
    let section = sections::page_title(&text).and_then(|title| {
        sections
            .of_title(&title)
            .map(|section| section.name.clone())
    });
    let fallback = section.is_none();
    let tag = section.unwrap_or_else(|| sections::resource_tag(&transcript.path, &service));
    transcript.set_tag(&tag);
    let spec = SpecFile::open(&root, &service, || vec![transcript.path.clone()])?;
    let spec_input = insert::Spec {
        service: &service,
        path: &spec.shown,
        text: &spec.text,
    };
    let base = if options.replace {
        let existing = insert::operations(&spec_input)?;
        insert::find_request(&existing, &transcript.method, &transcript.path).and_then(|at| {
            let doc_page = existing[at].doc_page.as_deref();
            old_reading(&root, doc_page, &service, &known_names)
        })
    } else {
        None
    };
    let replacing = insert::Replacing {
        base: base.as_ref(),
        ..Default::default()
    };
    let updated = insert::insert(&spec_input, &transcript, options.replace, replacing)?;
    let fallbacks = if fallback {
        vec![tag.as_str()]
    } else {
        Vec::new()
    };
    let spec_text = reference::with_tag_list(&updated.text, &sections, &fallbacks)?;
    write_atomically(&spec.path, &spec_text).map_err(|e| format!("writing {}: {e}", spec.shown))?;
    if let Some(started) = &spec.started {
        println!("{started}");
    }
    println!(
        "{} {} {} ({}) in {}{}{}{}",
        if updated.replaced {
            "replaced"
        } else {
            "added"
        },
        transcript.method.to_ascii_uppercase(),
        transcript.path,
        transcript.operation_id,
        spec.shown,
        if updated.reused.is_empty() {
            String::new()
        } else {
            format!("; reused {}", updated.reused.join(", "))
        },
        if updated.renamed.is_empty() {
            String::new()
        } else {
            format!("; renamed {}", updated.renamed.join(", "))
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
    if let Some(path) = &updated.moved_from {
        println!("  moved from {path}: the page names its placeholders otherwise now");
    }
    print_lapsed(&updated.lapsed);
    list_reviews(&shown, &updated.reviews);
    Ok(())
}

/// The reading of the page an operation of the spec was transcribed from (its
/// `x-doc-page` copy under `specs/`, read before a new page replaces it): the base that
/// tells the spec's decisions from what its page said. `None` when the copy is not at
/// hand or cannot be read; then everything the spec holds counts as decided.
fn old_reading(
    root: &Path,
    doc_page: Option<&str>,
    service: &str,
    known_names: &[known_names::KnownName],
) -> Option<transcribe::Transcript> {
    let path = root.join("specs").join(doc_page?);
    let text = read_page(&path).ok()?;
    let options = transcribe::Options {
        service: Some(service),
        shared_statuses: &shared_statuses(&path),
        known_names,
        ..Default::default()
    };
    transcribe::transcribe(&text, &options).ok()
}

/// The decisions a `--replace` dropped because the page now reads as the spec decided.
fn print_lapsed(lapsed: &[String]) {
    for decision in lapsed {
        println!(
            "  decision lapsed: {decision} (the page now reads as the spec decided; its x-doc-deviation is removed)"
        );
    }
}

/// A service's spec: the file, or the skeleton of a new one.
struct SpecFile {
    /// `specs/<service>.yaml` under the root.
    path: PathBuf,
    /// `specs/<service>.yaml`, as messages show it.
    shown: String,
    /// Its text (the skeleton when the file does not exist).
    text: String,
    /// For a new spec, what the run says about it (`started specs/ecs.yaml: ...`).
    started: Option<String>,
}

impl SpecFile {
    /// Read `specs/<service>.yaml`, or start it from the endpoint table when it does not
    /// exist; `paths` gives the paths the spec will hold (for `info.version`), asked
    /// only then.
    fn open(
        root: &Path,
        service: &str,
        paths: impl FnOnce() -> Vec<String>,
    ) -> Result<SpecFile, String> {
        let shown = format!("specs/{service}.yaml");
        let path = root.join(&shown);
        match fs::read_to_string(&path) {
            Ok(text) => Ok(SpecFile {
                path,
                shown,
                text,
                started: None,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let table = fs::read_to_string(root.join(ENDPOINTS))
                    .map_err(|e| format!("reading {ENDPOINTS} (the regions of a new spec): {e}"))?;
                let endpoints =
                    Endpoints::read(&table).map_err(|message| format!("{ENDPOINTS}: {message}"))?;
                let servers = endpoints.servers(service);
                let version = api_version(&paths());
                let text = skeleton::skeleton(&skeleton::NewSpec {
                    service,
                    version: &version,
                    servers: &servers,
                });
                let started = format!(
                    "started {shown}: a new spec, {} server{} {}",
                    servers.servers.len(),
                    if servers.servers.len() == 1 { "" } else { "s" },
                    if servers.usual {
                        format!(
                            "at the usual https://{service}.<region>.myhuaweicloud.com hosts ({service} is not in {ENDPOINTS}; marked REVIEW)"
                        )
                    } else {
                        format!("from {ENDPOINTS}")
                    }
                );
                Ok(SpecFile {
                    path,
                    shown,
                    text,
                    started: Some(started),
                })
            }
            Err(e) => Err(format!("reading {shown}: {e}")),
        }
    }
}

/// The API version most of `paths` start with (`/v2/...`), the highest on a tie; `v1`
/// when none names one.
fn api_version(paths: &[String]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for path in paths {
        let Some(first) = path.split('/').find(|part| !part.is_empty()) else {
            continue;
        };
        let is_version = first
            .strip_prefix('v')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        if !is_version {
            continue;
        }
        match counts.iter_mut().find(|(version, _)| version == first) {
            Some((_, count)) => *count += 1,
            None => counts.push((first.to_owned(), 1)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)))
        .map_or_else(|| "v1".to_owned(), |(version, _)| version)
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

/// `pages/<service>/<file>` when the page is kept under `specs/pages/`.
fn page_ref(root: &Path, page: &Path) -> Option<String> {
    let specs = root.join("specs").canonicalize().ok()?;
    let page = page.canonicalize().ok()?;
    let relative = page.strip_prefix(&specs).ok()?;
    Some(relative.to_string_lossy().replace('\\', "/"))
}

fn list_reviews(shown: &str, reviews: &[Review]) {
    print_reviews(shown, reviews);
    if !reviews.is_empty() {
        eprintln!(
            "{} item(s) to review; `cargo xtask lint` fails until every `REVIEW:` is decided",
            reviews.len()
        );
    }
}

/// `REVIEW <page>:<line>: <pointer>: <message>` on stderr, one per review.
fn print_reviews(shown: &str, reviews: &[Review]) {
    for review in reviews {
        eprintln!(
            "REVIEW {shown}:{}: {}: {}",
            review.line, review.pointer, review.message
        );
    }
}

/// Write to a temporary file beside the target, then rename it over the target: the
/// file is either untouched or fully updated.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
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
