//! `cargo xtask codegen`: read every spec, generate every crate in memory, and only then
//! write, each crate swapped in whole, so a bad spec never leaves a half-written crate.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use huaweicloud_sdk_codegen::{GeneratedFile, SpecError, SpecInput, generate};

use crate::workspace::{self, SpecFile};

/// What the command was asked to do.
#[derive(Debug, Default)]
pub struct Options {
    check: bool,
    service: Option<String>,
    root: Option<PathBuf>,
}

impl Options {
    /// Parse the arguments after `codegen`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--check" => options.check = true,
                "--service" => {
                    options.service = Some(args.next().ok_or("--service needs a name")?.clone());
                }
                // For tests: run against another workspace root.
                "--root" => {
                    options.root = Some(PathBuf::from(args.next().ok_or("--root needs a path")?))
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(options)
    }
}

/// A service's generated crate, held in memory until everything succeeded.
struct Crate {
    /// The crate's directory, relative to the workspace root (`crates/coc`).
    dir: String,
    files: Vec<GeneratedFile>,
}

/// Where specs are read from and where their crates go.
struct Target {
    specs: &'static str,
    crates: &'static str,
    /// Prefix of the service name, so fixture crates can never clash with real ones.
    prefix: &'static str,
}

/// The real services, and the generator's fixture specs, whose crates are snapshots
/// checked in beside them (compiled with the workspace, diffed in review).
const TARGETS: &[Target] = &[
    Target {
        specs: "specs",
        crates: "crates",
        prefix: "",
    },
    Target {
        specs: "codegen/tests/fixtures",
        crates: "codegen/tests/snapshots",
        prefix: "fixture-",
    },
];

/// Files of a generated crate that the generator does not write: `cargo xtask release`
/// keeps them, so regenerating carries them over and `--check` does not call them stale.
pub const RELEASE_FILES: &[&str] = &["CHANGELOG.md"];

/// Run the command.
pub fn run(options: &Options) -> Result<(), String> {
    let root = workspace::given_or_found(options.root.as_deref())?;
    let crates = generate_all(&root, options.service.as_deref())?;
    if options.check {
        return check(&root, &crates);
    }
    for krate in &crates {
        write_crate(&root.join(&krate.dir), &krate.files)
            .map_err(|e| format!("writing {}: {e}", krate.dir))?;
        println!("generated {} ({} files)", krate.dir, krate.files.len());
    }
    Ok(())
}

/// Every spec of every target (or just the service `only`), generated; any error stops
/// everything, so nothing is written unless every spec is good.
fn generate_all(root: &Path, only: Option<&str>) -> Result<Vec<Crate>, String> {
    let mut jobs = Vec::new();
    for target in TARGETS {
        let specs_dir = root.join(target.specs);
        // A workspace may lack the fixtures (a fresh `--root` in tests).
        let Ok(specs) = workspace::specs(&specs_dir) else {
            continue;
        };
        for SpecFile { stem, path: spec } in specs {
            if only.is_some_and(|only| only != stem) {
                continue;
            }
            let shown = format!("{}/{stem}.yaml", target.specs);
            let text = fs::read_to_string(&spec).map_err(|e| format!("reading {shown}: {e}"))?;
            jobs.push(Job {
                service: format!("{}{stem}", target.prefix),
                dir: format!("{}/{stem}", target.crates),
                shown,
                text,
            });
        }
    }
    if jobs.is_empty() {
        return Err(match only {
            Some(name) => format!("no spec named specs/{name}.yaml"),
            None => "no specs in specs/".to_owned(),
        });
    }
    let mut crates = Vec::new();
    let mut errors = Vec::new();
    for (job, generated) in jobs.iter().zip(generate_each(&jobs)) {
        match generated {
            Ok(files) => crates.push(Crate {
                dir: job.dir.clone(),
                files,
            }),
            Err(error) => errors.push(error.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(format!("{}\nnothing was written", errors.join("\n")));
    }
    Ok(crates)
}

/// A spec to generate, read.
struct Job {
    service: String,
    /// The crate's directory, relative to the workspace root.
    dir: String,
    /// The spec's path as shown in messages and headers.
    shown: String,
    text: String,
}

/// Generate every job, results in the jobs' order. Reading a spec and lowering it run
/// on one core, so the specs are spread over every core, largest first so that no
/// large spec is left to run alone at the end.
fn generate_each(jobs: &[Job]) -> Vec<Result<Vec<GeneratedFile>, SpecError>> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(jobs[index].text.len()));
    let next = AtomicUsize::new(0);
    let workers = thread::available_parallelism().map_or(1, usize::from);
    let mut done: Vec<(usize, Result<Vec<GeneratedFile>, SpecError>)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..workers.min(jobs.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let job = &jobs[index];
                        let files = generate(&SpecInput {
                            service: &job.service,
                            path: &job.shown,
                            text: &job.text,
                        });
                        done.push((index, files));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("a generating thread panicked"))
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, files)| files).collect()
}

/// Compare the checked-in crates with the generated ones; list every difference.
fn check(root: &Path, crates: &[Crate]) -> Result<(), String> {
    let mut stale = Vec::new();
    for krate in crates {
        let dir = root.join(&krate.dir);
        let expected: BTreeSet<&str> = krate.files.iter().map(|file| file.path.as_str()).collect();
        for file in &krate.files {
            match fs::read_to_string(dir.join(&file.path)) {
                Ok(current) if current == file.contents => {}
                Ok(_) => stale.push(format!(
                    "{}/{} differs from what the spec produces",
                    krate.dir, file.path
                )),
                Err(_) => stale.push(format!("{}/{} is missing", krate.dir, file.path)),
            }
        }
        for extra in list_files(&dir) {
            if !expected.contains(extra.as_str()) && !RELEASE_FILES.contains(&extra.as_str()) {
                stale.push(format!(
                    "{}/{extra} is not generated by the spec",
                    krate.dir
                ));
            }
        }
    }
    if stale.is_empty() {
        println!("generated crates are up to date ({} crates)", crates.len());
        Ok(())
    } else {
        Err(format!(
            "generated crates are stale; run `cargo xtask codegen`:\n  {}",
            stale.join("\n  ")
        ))
    }
}

/// Files below `dir`, relative to it, with `/` separators; empty if it does not exist.
fn list_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// Write the crate to a sibling temporary directory, then swap it in, so readers never
/// see a mix of old and new files.
fn write_crate(dir: &Path, files: &[GeneratedFile]) -> std::io::Result<()> {
    let parent = dir
        .parent()
        .ok_or_else(|| std::io::Error::other("crate directory has no parent"))?;
    let name = dir
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("crate");
    let staging = parent.join(format!(".{name}.new"));
    let retired = parent.join(format!(".{name}.old"));
    for leftover in [&staging, &retired] {
        if leftover.exists() {
            fs::remove_dir_all(leftover)?;
        }
    }
    for file in files {
        let path = staging.join(&file.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)?;
        }
        fs::write(path, &file.contents)?;
    }
    for kept in RELEASE_FILES {
        if dir.join(kept).exists() {
            fs::copy(dir.join(kept), staging.join(kept))?;
        }
    }
    if dir.exists() {
        fs::rename(dir, &retired)?;
    }
    fs::rename(&staging, dir)?;
    if retired.exists() {
        fs::remove_dir_all(&retired)?;
    }
    Ok(())
}
