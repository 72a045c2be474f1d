//! The page files a command is given (`transcribe`, `doc-check`): folders listed, a
//! page's text read, the shared status page a reference keeps beside its operation
//! pages, and one operation page chosen per request.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use huaweicloud_sdk_codegen::page::{self, Page};
use huaweicloud_sdk_codegen::transcribe::reference::{
    self, SkipKind, Standing, operation_page, request_key,
};
use huaweicloud_sdk_codegen::transcribe::sections::{Sections, SourcePage};

/// A page given, directly or as part of a folder.
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// The path as given (`../docs/aom/x.txt`), for messages.
    pub shown: String,
    /// `<folder>/<file>` or `<file>`: the page's name in `SKIPPED.md`, the same on
    /// every machine.
    pub name: String,
}

/// The pages `paths` name: files as given, folders' `*.txt` files sorted by name; a
/// page given twice counts once.
pub fn inputs(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut inputs: Vec<Input> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    for path in paths {
        let mut add = |path: PathBuf, name: String| {
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            if !seen.contains(&canonical) {
                seen.push(canonical);
                inputs.push(Input {
                    shown: path.display().to_string(),
                    path,
                    name,
                });
            }
        };
        if path.is_dir() {
            let folder = file_name(path);
            let entries =
                fs::read_dir(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
            let mut pages: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|page| {
                    page.is_file()
                        && page.extension().is_some_and(|ext| ext == "txt")
                        && !file_name(page).starts_with('.')
                })
                .collect();
            if pages.is_empty() {
                return Err(format!("{}: no page (`*.txt`) in it", path.display()));
            }
            pages.sort();
            for page in pages {
                let name = format!("{folder}/{}", file_name(&page));
                add(page, name);
            }
        } else if path.is_file() {
            add(path.clone(), file_name(path));
        } else {
            return Err(format!("{}: no such page or folder", path.display()));
        }
    }
    Ok(inputs)
}

/// A page file's text; the error says why it is not text.
pub fn read_page(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("reading: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (byte {}): not the text of a page",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The reference's sections, read from every page given (section pages, the overview
/// and the table of contents are no operation pages, so they are read apart); pages
/// that are not text count for nothing.
pub fn sections(inputs: &[Input]) -> Sections {
    let texts: Vec<(String, String)> = inputs
        .iter()
        .filter_map(|input| Some((file_name(&input.path), read_page(&input.path).ok()?)))
        .collect();
    let pages: Vec<SourcePage<'_>> = texts
        .iter()
        .map(|(name, text)| SourcePage { name, text })
        .collect();
    Sections::read(&pages)
}

/// The pages a reference keeps its shared status codes on, beside its operation pages:
/// the one older pages point at first.
const SHARED_STATUS_PAGES: &[&str] = &["通用请求返回值.txt", "状态码.txt"];

/// The shared status page in the page's folder and its statuses, if it has one.
pub fn shared_status_page(page: &Path) -> Option<(PathBuf, Vec<(String, String)>)> {
    let folder = page.parent().unwrap_or(Path::new("."));
    SHARED_STATUS_PAGES.iter().find_map(|name| {
        let path = folder.join(name);
        let statuses = page::shared_statuses(&fs::read_to_string(&path).ok()?);
        (!statuses.is_empty()).then_some((path, statuses))
    })
}

/// The statuses of the shared status page in the page's folder, if it has one.
pub fn shared_statuses(page: &Path) -> Vec<(String, String)> {
    shared_status_page(page)
        .map(|(_, statuses)| statuses)
        .unwrap_or_default()
}

/// A path's file name, or the whole path when it has none.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// An operation page of a run, and what decides between it and others of the same
/// request.
pub struct Candidate {
    /// Its index in the run's inputs.
    pub input: usize,
    pub text: String,
    pub page: Page,
    pub standing: Standing,
}

/// `inputs[index]` read as an operation page, or why it is none (`Unreadable` when the
/// file is not text).
pub fn read_candidate(index: usize, input: &Input) -> Result<Candidate, (SkipKind, String)> {
    let text = read_page(&input.path).map_err(|message| (SkipKind::Unreadable, message))?;
    let page = operation_page(&text).map_err(|skip| (skip.kind, skip.reason))?;
    Ok(Candidate {
        input: index,
        standing: Standing::of(&file_name(&input.path), &page),
        text,
        page,
    })
}

/// The page chosen for one request.
pub struct Choice {
    /// The request (`POST /v2/{}/volumes/{}/action`).
    pub key: String,
    /// The chosen candidate.
    pub chosen: usize,
    /// The other candidates, with why they lost.
    pub losers: Vec<(usize, String)>,
}

/// One page per request, as `reference::choose` decides, in the order of the requests'
/// keys.
pub fn one_per_request(inputs: &[Input], candidates: &[Candidate]) -> Vec<Choice> {
    let mut by_request: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, candidate) in candidates.iter().enumerate() {
        let key = request_key(&candidate.page.uri.method, &candidate.page.uri.path);
        by_request.entry(key).or_default().push(index);
    }
    by_request
        .into_iter()
        .map(|(key, group)| {
            let pages: Vec<(&str, &Standing)> = group
                .iter()
                .map(|&index| {
                    let candidate = &candidates[index];
                    (inputs[candidate.input].name.as_str(), &candidate.standing)
                })
                .collect();
            let (best, losers) = reference::choose(&pages);
            let losers = losers
                .into_iter()
                .map(|(index, reason)| (group[index], reason))
                .collect();
            Choice {
                key,
                chosen: group[best],
                losers,
            }
        })
        .collect()
}
