//! `cargo xtask release [--dry-run] [--core LEVEL]`: release every crate that changed since
//! its last tag, each at its own version.
//!
//! Per crate: compare with its last release tag (`huaweicloud-sdk-coc-v0.1.0`; a crate
//! without one is released as it is), take the bump the API comparison asks for (before
//! 1.0 the minor number is the breaking one), write the version (the spec's
//! `x-crate-version`, core's manifest), prepend a `CHANGELOG.md` entry, raise the
//! requirements that manifests put on it, regenerate, and print the tags to create.

mod changelog;
mod core_crate;
mod deviations;
mod git;
mod manifests;
mod service;

use std::fs;
use std::path::{Path, PathBuf};

use huaweicloud_sdk_codegen::api_diff::Impact;
use huaweicloud_sdk_codegen::version::{Level, Version};

use changelog::Entry;
use git::Git;

/// What the command was asked to do.
#[derive(Debug, Default)]
pub struct Options {
    dry_run: bool,
    list: bool,
    core: Option<Level>,
    root: Option<PathBuf>,
}

impl Options {
    /// Parse the arguments after `release`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options::default();
        let mut rest = args;
        loop {
            rest = match rest {
                [] => return Ok(options),
                [flag, rest @ ..] if flag == "--dry-run" => {
                    options.dry_run = true;
                    rest
                }
                [flag, rest @ ..] if flag == "--list" => {
                    options.list = true;
                    rest
                }
                [flag, level, rest @ ..] if flag == "--core" => {
                    options.core = Some(level.parse()?);
                    rest
                }
                // For tests: run against another repository.
                [flag, path, rest @ ..] if flag == "--root" => {
                    options.root = Some(PathBuf::from(path));
                    rest
                }
                [flag] if flag == "--core" || flag == "--root" => {
                    return Err(format!("{flag} needs a value"));
                }
                [other, ..] => return Err(format!("unknown argument `{other}`")),
            };
        }
    }
}

/// Where a crate's version is written.
#[derive(Debug, Clone)]
pub enum VersionSource {
    /// `info.x-crate-version` of this spec; the crate is regenerated from it.
    Spec(String),
    /// `[package] version` of this hand-written manifest.
    Manifest(String),
}

/// One crate's release, planned.
#[derive(Debug, Clone)]
pub struct Release {
    package: String,
    /// The crate's directory (`crates/coc`).
    dir: String,
    version_source: VersionSource,
    current: Version,
    /// The last release tag, `None` for a first release.
    last_tag: Option<String>,
    /// How much the release matters to callers; `None` when nothing changed.
    impact: Option<Impact>,
    next: Version,
    entry: Entry,
    /// The crate's manifest, to find what it depends on.
    manifest: String,
}

impl Release {
    fn new(
        package: String,
        dir: String,
        version_source: VersionSource,
        current: Version,
        manifest: String,
    ) -> Self {
        Release {
            package,
            dir,
            version_source,
            current,
            last_tag: None,
            impact: None,
            next: current,
            entry: Entry::default(),
            manifest,
        }
    }

    /// Refuse a crate whose version moved past its last tag: a release was written but
    /// never tagged, and releasing again would skip a version.
    fn require_tagged(&self, tag: &str, tagged: Version) -> Result<(), String> {
        if self.current == tagged {
            return Ok(());
        }
        Err(format!(
            "{} is at {} but its last tag is {tag}: create the tag of the release that wrote {} \
             (`git tag {}-v{}`), or undo that release, before releasing again",
            self.package, self.current, self.current, self.package, self.current
        ))
    }

    fn since(&mut self, tag: &str) {
        self.last_tag = Some(tag.to_owned());
    }

    /// Raise the version as far as `impact` needs (never lower than already raised).
    fn bump(&mut self, impact: Impact) {
        let level = match impact {
            Impact::Breaking => self.current.level_for(true),
            Impact::Additive => self.current.level_for(false),
            Impact::Patch => Level::Patch,
        };
        self.bump_to(self.current.raised(level), impact);
    }

    fn bump_to(&mut self, next: Version, impact: Impact) {
        self.next = self.next.max(next);
        self.impact = self.impact.max(Some(impact));
    }

    /// Whether this run releases the crate: it changed, or it was never released.
    fn releases(&self) -> bool {
        self.impact.is_some() || self.last_tag.is_none()
    }

    fn tag(&self) -> String {
        format!("{}-v{}", self.package, self.next)
    }
}

/// Run the command.
pub fn run(options: &Options) -> Result<(), String> {
    let root = crate::workspace::given_or_found(options.root.as_deref())?;
    if options.list {
        println!("{}", core_crate::PACKAGE);
        for service in spec_names(&root)? {
            if let Some(package) = service::publishable(&root, &service)? {
                println!("{package}");
            }
        }
        return Ok(());
    }
    let git = Git::new(&root);
    let mut releases = vec![core_crate::plan(&git, &root, options.core)?];
    for service in spec_names(&root)? {
        releases.extend(service::plan(&git, &root, &service)?);
    }
    follow_dependencies(&mut releases);
    let requirements = requirement_edits(&git, &root, &releases)?;
    print_plan(&releases, &requirements, options.dry_run);
    if options.dry_run {
        println!("dry run: nothing was written");
        return Ok(());
    }
    if !releases.iter().any(Release::releases) {
        return Ok(());
    }
    let dirty = git.uncommitted()?;
    if !dirty.is_empty() {
        return Err(format!(
            "commit or stash first, so the release is one reviewable commit on top of what it compares:\n  {}",
            dirty.join("\n  ")
        ));
    }
    write(&root, &releases, &requirements)?;
    let tags: Vec<String> = releases
        .iter()
        .filter(|release| release.releases())
        .map(Release::tag)
        .collect();
    println!(
        "\nwritten. Review and commit, then create the tags:\n  git commit -am \"Release {}\"\n  git tag {}\n  git push origin HEAD {}",
        tags.join(", "),
        tags.join(" && git tag "),
        tags.join(" ")
    );
    Ok(())
}

/// The services of `specs/*.yaml`, sorted.
fn spec_names(root: &Path) -> Result<Vec<String>, String> {
    Ok(crate::workspace::specs(&root.join("specs"))?
        .into_iter()
        .map(|spec| spec.stem)
        .collect())
}

/// A crate that depends on a crate released incompatibly (0.1 to 0.2) must be released
/// as breaking too: the generated crates re-export core's `Config`, `Credentials`,
/// `Error` and `Response`, so core's types are part of their API.
fn follow_dependencies(releases: &mut [Release]) {
    let broken: Vec<(String, Version)> = releases
        .iter()
        .filter(|release| !release.current.compatible_with(release.next))
        .map(|release| (release.package.clone(), release.next))
        .collect();
    for release in releases.iter_mut() {
        for (package, next) in &broken {
            if *package != release.package && manifests::depends_on(&release.manifest, package) {
                release.entry.breaking.push(format!(
                    "requires {package} {next}, whose types it re-exports"
                ));
                release.bump(Impact::Breaking);
            }
        }
    }
}

/// One manifest's new text, with what changed in it.
struct ManifestEdit {
    file: String,
    text: String,
    what: Vec<String>,
}

/// The requirements on every released crate, raised to its new version in every
/// hand-written manifest (generated ones are regenerated from these).
fn requirement_edits(
    git: &Git,
    root: &Path,
    releases: &[Release],
) -> Result<Vec<ManifestEdit>, String> {
    let mut edits = Vec::new();
    for file in git.manifests()? {
        let original =
            fs::read_to_string(root.join(&file)).map_err(|e| format!("reading {file}: {e}"))?;
        if original.starts_with("# @generated") {
            continue;
        }
        let mut text = original.clone();
        let mut what = Vec::new();
        for release in releases
            .iter()
            .filter(|release| release.next != release.current)
        {
            let (edited, count) =
                manifests::set_requirements(&text, &file, &release.package, release.next)?;
            if count > 0 {
                what.push(format!(
                    "{} requirement -> {}",
                    release.package, release.next
                ));
            }
            text = edited;
        }
        if text != original {
            edits.push(ManifestEdit { file, text, what });
        }
    }
    Ok(edits)
}

fn print_plan(releases: &[Release], requirements: &[ManifestEdit], dry_run: bool) {
    for release in releases {
        let since = release
            .last_tag
            .as_deref()
            .map_or_else(|| "never released".to_owned(), |tag| format!("since {tag}"));
        match release.impact {
            None if release.last_tag.is_some() => {
                println!("{}: {} unchanged {since}", release.package, release.current);
                continue;
            }
            None => println!("{}: first release at {}", release.package, release.current),
            Some(impact) => println!(
                "{}: {} -> {} ({}, {since})",
                release.package,
                release.current,
                release.next,
                match impact {
                    Impact::Breaking => "breaking",
                    Impact::Additive => "additions",
                    Impact::Patch => "fixes and documentation",
                }
            ),
        }
        if dry_run {
            let entry = release.entry.render(release.next, &changelog::today());
            for line in entry.lines() {
                println!("    {line}");
            }
        }
    }
    for edit in requirements {
        println!("{}: {}", edit.file, edit.what.join(", "));
    }
    let tags: Vec<String> = releases
        .iter()
        .filter(|release| release.releases())
        .map(Release::tag)
        .collect();
    if tags.is_empty() {
        println!("nothing to release");
    } else {
        println!("tags: {}", tags.join(" "));
    }
}

/// Write every version, changelog and requirement, then regenerate the crates.
fn write(root: &Path, releases: &[Release], requirements: &[ManifestEdit]) -> Result<(), String> {
    let read = |file: &str| {
        fs::read_to_string(root.join(file)).map_err(|e| format!("reading {file}: {e}"))
    };
    let put = |file: &str, text: &str| {
        fs::write(root.join(file), text).map_err(|e| format!("writing {file}: {e}"))
    };
    for edit in requirements {
        put(&edit.file, &edit.text)?;
    }
    for release in releases.iter().filter(|release| release.releases()) {
        if release.next != release.current {
            match &release.version_source {
                VersionSource::Spec(file) => put(
                    file,
                    &manifests::set_spec_version(&read(file)?, file, release.next)?,
                )?,
                VersionSource::Manifest(file) => put(
                    file,
                    &manifests::set_package_version(&read(file)?, file, release.next)?,
                )?,
            }
        }
        let file = format!("{}/CHANGELOG.md", release.dir);
        let old = fs::read_to_string(root.join(&file)).unwrap_or_default();
        let entry = release.entry.render(release.next, &changelog::today());
        put(&file, &changelog::prepend(&old, &release.package, &entry))?;
    }
    let root_arg = root.to_string_lossy().into_owned();
    crate::codegen::run(&crate::codegen::Options::parse(&[
        "--root".to_owned(),
        root_arg,
    ])?)
}
