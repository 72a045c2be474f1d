//! `cargo xtask transcribe <folder-or-pages>... --service NAME [--write [--replace]]`:
//! a whole API reference in one run.
//!
//! 1. Every `*.txt` of each folder (sorted by name) and every page given is read;
//!    pages that are not operation pages are skipped (the rules are
//!    `codegen::transcribe::reference`'s).
//! 2. Pages that document the same request are reduced to one (`reference::choose`);
//!    the run says which page won and why the others lost.
//! 3. The chosen pages are transcribed in path order into the spec (started from
//!    `specs/endpoints.json` when there is none). A page the reader cannot transcribe,
//!    or whose operation the spec cannot take, is skipped with the error; the rest
//!    continue. An operationId derived from the method and path (the page prints no
//!    SDK sample) that another operation already has gets a number (`ShowServers2`),
//!    or the path's version (`ListVolumesV3`) when the other operation is of another
//!    version; it is a `REVIEW:` item either way.
//! 4. With `--write`: each page written is kept as
//!    `specs/pages/<service>/<service>-<operation-id>.<zh|en>.txt` (a page already
//!    under `specs/` stays where it is), which the operation's `x-doc-page` names; the
//!    pages skipped are listed with their reasons in `specs/pages/<service>/SKIPPED.md`;
//!    the spec is written last. Nothing is written when no operation could be.
//!    Each operation is tagged with the reference's section that lists its page
//!    (`codegen::transcribe::sections`; its path's resource when none or several do),
//!    the spec's top-level `tags` list the tags used, and the pages the sections came
//!    from are kept beside the operation pages.
//!
//! 5. With `--replace` (following a reference that changed): an operation the spec has
//!    is read again from its page and keeps the decisions that still apply
//!    (`codegen::transcribe::decisions`); those that lapsed are listed. When every input
//!    is a folder (a whole reference), the operations that came from a page and that no
//!    page of the run documents any more are listed, and with `--prune` removed, with
//!    the components and kept pages only they used.
//!
//! The run ends with a summary: operations written, pages skipped by kind, operations
//! removed, decisions lapsed, `REVIEW:` items left in the spec.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

use heck::ToKebabCase;
use huaweicloud_sdk_codegen::page::Page;
use huaweicloud_sdk_codegen::transcribe::reference::{SkipKind, request_key};
use huaweicloud_sdk_codegen::transcribe::sections::{self, Sections};
use huaweicloud_sdk_codegen::transcribe::{self, decisions, insert, known_names, spec_tags};
use huaweicloud_sdk_codegen::{SpecInput, lint, lower_with_tree};

use super::{Options, SpecFile, page_ref, print_reviews, write_atomically};
use crate::page_files::{self, Candidate, Choice, Input, inputs, one_per_request, read_candidate};

/// A page not transcribed.
struct Skipped {
    name: String,
    kind: SkipKind,
    reason: String,
}

/// An operation the run wrote (or, without `--write`, would write).
struct Written {
    replaced: bool,
    /// Decisions of the replaced operation that lapsed.
    lapsed: usize,
    /// The copy of the page to keep: where (relative to the root) and its text.
    copy: Option<(String, String)>,
    /// Its tag, and whether that is a section of the reference (else its path's
    /// resource).
    tag: (String, bool),
    /// The page's title, which the sections list.
    title: Option<String>,
}

/// Transcribe every page of `options.inputs`; see the module documentation.
pub fn run(options: &Options) -> Result<(), String> {
    let root = crate::workspace::given_or_found(options.root.as_deref())?;
    let service = options.service.clone().unwrap_or_default();
    let inputs = inputs(&options.inputs)?;
    let mut run = Run {
        sections: page_files::sections(&inputs),
        options,
        root: root.clone(),
        service: service.clone(),
        known_names: super::known_names(&root, &service)?,
        inputs,
        skipped: Vec::new(),
    };
    let candidates = run.read_pages();
    let chosen = run.one_per_request(&candidates);
    let spec = SpecFile::open(&run.root, &run.service, || {
        chosen
            .iter()
            .map(|&index| candidates[index].page.uri.path.clone())
            .collect()
    })?;
    if let Some(started) = &spec.started {
        println!("{started}");
    }
    let existing = insert::operations(&insert::Spec {
        service: &run.service,
        path: &spec.shown,
        text: &spec.text,
    })?;
    let mut draft = Draft {
        named_before: existing
            .iter()
            .filter_map(|op| op.doc_page.clone())
            .collect(),
        refreshed: Vec::new(),
        existing,
        text: spec.text.clone(),
        written: Vec::new(),
        removed: Vec::new(),
    };
    for &index in &chosen {
        if let Err((kind, reason)) = run.add(&spec, &candidates[index], &mut draft) {
            run.skip(candidates[index].input, kind, reason);
        }
    }
    if options.replace && options.inputs.iter().all(|input| input.is_dir()) {
        let documented: BTreeSet<String> = candidates
            .iter()
            .map(|candidate| request_key(&candidate.page.uri.method, &candidate.page.uri.path))
            .collect();
        run.undocumented(&spec, &documented, &mut draft)?;
    }
    run.finish(&spec, &draft)
}

/// One run over a reference: what it was given and what it skipped so far.
struct Run<'a> {
    options: &'a Options,
    root: PathBuf,
    service: String,
    /// The official SDK's operation names of the service.
    known_names: Vec<known_names::KnownName>,
    inputs: Vec<Input>,
    skipped: Vec<Skipped>,
    /// The reference's sections, which tag the operations.
    sections: Sections,
}

/// The spec as the run edits it, in memory until the end.
struct Draft {
    text: String,
    /// Its operations (updated with each one written).
    existing: Vec<insert::Existing>,
    written: Vec<Written>,
    /// Operations removed because no page of the run documents them any more.
    removed: Vec<insert::Existing>,
    /// The kept pages the operations named before the run.
    named_before: Vec<String>,
    /// Components written from this run's pages so far.
    refreshed: Vec<String>,
}

impl Run<'_> {
    /// Skip the page `inputs[input]`, saying so.
    fn skip(&mut self, input: usize, kind: SkipKind, reason: String) {
        let input = &self.inputs[input];
        println!("skipped {}: {}: {reason}", input.shown, kind.as_str());
        self.skipped.push(Skipped {
            name: input.name.clone(),
            kind,
            reason,
        });
    }

    /// Every operation page; the others are skipped.
    fn read_pages(&mut self) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        for index in 0..self.inputs.len() {
            match read_candidate(index, &self.inputs[index]) {
                Ok(candidate) => candidates.push(candidate),
                Err((kind, reason)) => self.skip(index, kind, reason),
            }
        }
        candidates
    }

    /// One candidate per request (the others are skipped as duplicates), in path order.
    fn one_per_request(&mut self, candidates: &[Candidate]) -> Vec<usize> {
        let mut chosen: Vec<usize> = Vec::new();
        for Choice {
            key,
            chosen: best,
            losers,
        } in one_per_request(&self.inputs, candidates)
        {
            chosen.push(best);
            if losers.is_empty() {
                continue;
            }
            let shown = |index: usize| self.inputs[candidates[index].input].shown.clone();
            let lost: Vec<String> = losers.iter().map(|(index, _)| shown(*index)).collect();
            println!("chose {} for {key}, over {}", shown(best), lost.join(", "));
            for (index, reason) in losers {
                self.skip(candidates[index].input, SkipKind::Duplicate, reason);
            }
        }
        chosen.sort_by(|&a, &b| {
            let (a, b) = (&candidates[a].page.uri, &candidates[b].page.uri);
            (a.path.as_str(), method_rank(&a.method))
                .cmp(&(b.path.as_str(), method_rank(&b.method)))
        });
        chosen
    }

    /// Transcribe a candidate into the draft, or say why it cannot be.
    fn add(
        &self,
        spec: &SpecFile,
        candidate: &Candidate,
        draft: &mut Draft,
    ) -> Result<(), (SkipKind, String)> {
        let service = self.service.as_str();
        let input = &self.inputs[candidate.input];
        let shared_statuses = page_files::shared_statuses(&input.path);
        let mut transcript = transcribe::transcribe(
            &candidate.text,
            &transcribe::Options {
                service: Some(service),
                shared_statuses: &shared_statuses,
                known_names: &self.known_names,
                ..Default::default()
            },
        )
        .map_err(|error| (SkipKind::Unreadable, error.to_string()))?;
        // With --replace, an operation under another spelling moves to the page's.
        let own = insert::find_request(&draft.existing, &transcript.method, &transcript.path);
        if candidate.page.sdk.is_none() {
            let id = free_operation_id(&transcript.operation_id, &transcript.path, |id| {
                draft
                    .existing
                    .iter()
                    .enumerate()
                    .find(|(at, op)| Some(*at) != own && op.operation_id.as_deref() == Some(id))
                    .map(|(_, op)| op.path.clone())
            });
            transcript.rename_operation(&id);
        }
        // With --replace the spec keeps its operationId, and the page goes where the
        // spec already keeps it.
        let old = own
            .filter(|_| self.options.replace)
            .map(|at| &draft.existing[at]);
        let base = old.and_then(|op| {
            super::old_reading(
                &self.root,
                op.doc_page.as_deref(),
                service,
                &self.known_names,
            )
        });
        let final_id = match old {
            Some(op) => decisions::kept_operation_id(
                op.operation_id.as_deref(),
                base.as_ref(),
                &transcript.operation_id,
            ),
            None => transcript.operation_id.clone(),
        };
        let (reference, copy) = match page_ref(&self.root, &input.path) {
            Some(reference) => (reference, None),
            None => {
                let taken: Vec<&str> = draft
                    .written
                    .iter()
                    .filter_map(|op| op.copy.as_ref())
                    .map(|(path, _)| path.as_str())
                    .collect();
                // The kept page keeps its name while the operation keeps its name.
                let reference = old
                    .filter(|op| op.operation_id.as_deref() == Some(final_id.as_str()))
                    .and_then(|op| op.doc_page.clone())
                    .filter(|page| page.starts_with(&format!("pages/{service}/")))
                    .unwrap_or_else(|| kept_name(service, &final_id, candidate, &taken));
                let copy = (format!("specs/{reference}"), candidate.text.clone());
                (reference, Some(copy))
            }
        };
        transcript.set_doc_page(&reference);
        let title = sections::page_title(&candidate.text);
        let tag = match title
            .as_ref()
            .and_then(|title| self.sections.of_title(title))
        {
            Some(section) => (section.name.clone(), true),
            None => (sections::resource_tag(&transcript.path, service), false),
        };
        transcript.set_tag(&tag.0);
        let updated = insert::insert(
            &insert::Spec {
                service,
                path: &spec.shown,
                text: &draft.text,
            },
            &transcript,
            self.options.replace,
            insert::Replacing {
                base: base.as_ref(),
                refreshed: &draft.refreshed,
            },
        )
        .map_err(|message| (SkipKind::Refused, message))?;
        draft.text = updated.text;
        draft.refreshed.extend(updated.written);
        let entry = insert::Existing {
            method: transcript.method.clone(),
            path: transcript.path.clone(),
            operation_id: Some(final_id.clone()),
            doc_page: Some(reference),
        };
        match own {
            Some(at) => draft.existing[at] = entry,
            None => draft.existing.push(entry),
        }
        println!(
            "{} {} {} ({final_id}) from {}{}",
            match (updated.replaced, self.options.write) {
                (true, true) => "replaced",
                (false, true) => "added",
                (true, false) => "would replace",
                (false, false) => "would add",
            },
            transcript.method.to_ascii_uppercase(),
            transcript.path,
            input.shown,
            match &copy {
                Some((path, _)) => format!(", kept as {path}"),
                None => String::new(),
            }
        );
        if let Some(path) = &updated.moved_from {
            println!("  moved from {path}: the page names its placeholders otherwise now");
        }
        for renamed in &updated.renamed {
            println!("  renamed {renamed}");
        }
        super::print_lapsed(&updated.lapsed);
        print_reviews(&input.shown, &updated.reviews);
        draft.written.push(Written {
            replaced: updated.replaced,
            lapsed: updated.lapsed.len(),
            copy,
            tag,
            title,
        });
        Ok(())
    }

    /// `--replace` over whole folders: the operations that came from a page (they have
    /// an `x-doc-page`) and that no operation page of the run documents any more are
    /// listed; with `--prune` they leave the spec, with the components only they used,
    /// and their decisions lapse with them. Operations written by hand (no
    /// `x-doc-page`) stay. Without `--prune` nothing goes: an operation may come from a
    /// page of another source than the folder (a support page).
    fn undocumented(
        &self,
        spec: &SpecFile,
        documented: &BTreeSet<String>,
        draft: &mut Draft,
    ) -> Result<(), String> {
        let gone: Vec<insert::Existing> = draft
            .existing
            .iter()
            .filter(|op| {
                op.doc_page.is_some() && !documented.contains(&request_key(&op.method, &op.path))
            })
            .cloned()
            .collect();
        if !self.options.prune {
            for op in &gone {
                println!(
                    "not documented by these pages: {} {} ({}); kept (give --prune to remove it)",
                    op.method.to_ascii_uppercase(),
                    op.path,
                    op.operation_id.as_deref().unwrap_or("no operationId"),
                );
            }
            return Ok(());
        }
        for op in gone {
            let (text, components) = insert::remove(
                &insert::Spec {
                    service: &self.service,
                    path: &spec.shown,
                    text: &draft.text,
                },
                &op.method,
                &op.path,
            )?;
            draft.text = text;
            println!(
                "removed {} {} ({}): no page of the run documents it any more; its decisions lapse{}",
                op.method.to_ascii_uppercase(),
                op.path,
                op.operation_id.as_deref().unwrap_or("no operationId"),
                if components.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; removed {}, which no operation uses any more",
                        components.join(", ")
                    )
                }
            );
            draft.existing.retain(|existing| existing != &op);
            draft.removed.push(op);
        }
        Ok(())
    }

    /// Check the draft, write it with the pages and `SKIPPED.md` (with `--write`), and
    /// print the summary; an error when nothing could be written.
    fn finish(&self, spec: &SpecFile, draft: &Draft) -> Result<(), String> {
        let write = self.options.write;
        let summary =
            |reviews: Option<usize>| summary(&spec.shown, draft, &self.skipped, reviews, write);
        if draft.written.is_empty() {
            println!("{}", summary(None));
            return Err(format!(
                "no operation could be written; {} is unchanged",
                spec.shown
            ));
        }
        let fallbacks: Vec<&str> = draft
            .written
            .iter()
            .filter(|op| !op.tag.1)
            .map(|op| op.tag.0.as_str())
            .collect();
        let text = with_tag_list(&draft.text, &self.sections, &fallbacks)?;
        let (_, tree) = lower_with_tree(&SpecInput {
            service: &self.service,
            path: &spec.shown,
            text: &text,
        })
        .map_err(|e| format!("the spec does not load, nothing written: {e}"))?;
        if write {
            let copies: Vec<&(String, String)> = draft
                .written
                .iter()
                .filter_map(|op| op.copy.as_ref())
                .collect();
            for (path, page_text) in &copies {
                write_atomically(&self.root.join(path), page_text)
                    .map_err(|e| format!("writing {path}: {e}"))?;
            }
            // Kept pages that no operation names any more go.
            for page in self.stale_pages(draft) {
                let path = format!("specs/{page}");
                fs::remove_file(self.root.join(&path))
                    .or_else(|e| {
                        if e.kind() == std::io::ErrorKind::NotFound {
                            Ok(())
                        } else {
                            Err(e)
                        }
                    })
                    .map_err(|e| format!("removing {path}: {e}"))?;
            }
            // The kept pages are transcribed again from their copies (doc-check,
            // `--replace`): the statuses they leave to the shared page go with them.
            for status_page in self.shared_status_pages() {
                let name = status_page
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy();
                let path = format!("specs/pages/{}/{name}", self.service);
                let text = fs::read_to_string(&status_page)
                    .map_err(|e| format!("reading {}: {e}", status_page.display()))?;
                write_atomically(&self.root.join(&path), &text)
                    .map_err(|e| format!("writing {path}: {e}"))?;
            }
            let skipped_file = format!("specs/pages/{}/SKIPPED.md", self.service);
            write_atomically(
                &self.root.join(&skipped_file),
                &skipped_list(&self.service, &spec.shown, &self.skipped),
            )
            .map_err(|e| format!("writing {skipped_file}: {e}"))?;
            self.keep_section_pages(&draft.written)?;
            write_atomically(&spec.path, &text)
                .map_err(|e| format!("writing {}: {e}", spec.shown))?;
            println!(
                "wrote {}, {} page{} under specs/pages/{}/ and {skipped_file}",
                spec.shown,
                copies.len(),
                if copies.len() == 1 { "" } else { "s" },
                self.service
            );
        }
        println!("{}", sections_summary(&draft.written));
        println!("{}", summary(Some(lint::open_reviews(&tree))));
        Ok(())
    }

    /// Keep the section pages beside the spec, listed in `SECTIONS.md`, and remove those
    /// an earlier run kept that this one does not need (the reference's sections moved).
    fn keep_section_pages(&self, written: &[Written]) -> Result<(), String> {
        let folder = format!("specs/pages/{}", self.service);
        let manifest = format!("{folder}/SECTIONS.md");
        let pages = self.section_pages(written);
        let before = fs::read_to_string(self.root.join(&manifest)).unwrap_or_default();
        for name in before.lines().filter_map(|line| line.strip_prefix("- ")) {
            if !pages.contains_key(name) && !name.contains(['/', '\\']) {
                remove_if_there(&self.root.join(format!("{folder}/{name}")))
                    .map_err(|e| format!("removing {folder}/{name}: {e}"))?;
            }
        }
        if pages.is_empty() {
            return remove_if_there(&self.root.join(&manifest))
                .map_err(|e| format!("removing {manifest}: {e}"));
        }
        let mut list = String::from(
            "# Section pages\n\nThe pages of the reference that say which section each operation is in\n(`cargo xtask transcribe` reads them with the operation pages and rewrites this list):\n\n",
        );
        for (name, path) in &pages {
            let kept = format!("{folder}/{name}");
            let page_text = fs::read_to_string(path).map_err(|e| format!("reading {name}: {e}"))?;
            write_atomically(&self.root.join(&kept), &page_text)
                .map_err(|e| format!("writing {kept}: {e}"))?;
            list.push_str(&format!("- {name}\n"));
        }
        write_atomically(&self.root.join(&manifest), &list)
            .map_err(|e| format!("writing {manifest}: {e}"))
    }

    /// The pages of every section that lists a written operation's title, by file name
    /// and path, to keep beside the spec: a run over the kept pages then finds the same
    /// section, or the same ambiguity.
    fn section_pages(&self, written: &[Written]) -> BTreeMap<String, PathBuf> {
        let names: BTreeSet<&String> = written
            .iter()
            .filter_map(|op| op.title.as_deref())
            .flat_map(|title| self.sections.listing(title))
            .flat_map(|section| section.pages.iter())
            .collect();
        self.inputs
            .iter()
            .filter_map(|input| {
                let name = page_files::file_name(&input.path);
                names.contains(&name).then(|| (name, input.path.clone()))
            })
            .collect()
    }
}

/// Remove a file; one already gone is fine.
fn remove_if_there(path: &std::path::Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The spec's text with its top-level tags listing every tag its operations use:
/// the reference's sections in the reference's order with the overview's texts,
/// then the tags the spec listed before (operations this run did not write keep
/// theirs), then the path resources this run fell back to.
pub(super) fn with_tag_list(
    text: &str,
    sections: &Sections,
    fallbacks: &[&str],
) -> Result<String, String> {
    let used = spec_tags::used(text)?;
    let listed = spec_tags::listed(text)?;
    let mut tags: Vec<(usize, spec_tags::Tag)> = used
        .into_iter()
        .enumerate()
        .map(|(first_use, name)| {
            let listed_at = listed.iter().position(|(listed, _)| *listed == name);
            let (rank, description) = if let Some(section) = sections.get(&name) {
                (section_rank(sections, &name), section.description.clone())
            } else if fallbacks.contains(&name.as_str()) {
                (2_000_000 + first_use, sections::resource_description(&name))
            } else if let Some(at) = listed_at {
                (1_000_000 + at, listed[at].1.clone())
            } else {
                (2_000_000 + first_use, name.clone())
            };
            (rank, (name, description))
        })
        .collect();
    tags.sort_by_key(|(rank, _)| *rank);
    let tags: Vec<spec_tags::Tag> = tags.into_iter().map(|(_, tag)| tag).collect();
    Ok(spec_tags::replace(text, &tags))
}

/// A section's place in the reference.
fn section_rank(sections: &Sections, name: &str) -> usize {
    sections.position(name).unwrap_or(usize::MAX)
}

/// How the operations written were tagged: `sections: 120 operations in 14 sections of
/// the reference, 21 by their path's resource (4: cloudvolumes, ...)`.
fn sections_summary(written: &[Written]) -> String {
    let in_sections: BTreeSet<&str> = written
        .iter()
        .filter(|op| op.tag.1)
        .map(|op| op.tag.0.as_str())
        .collect();
    let resources: BTreeSet<&str> = written
        .iter()
        .filter(|op| !op.tag.1)
        .map(|op| op.tag.0.as_str())
        .collect();
    let by_section = written.iter().filter(|op| op.tag.1).count();
    let mut text = format!(
        "sections: {by_section} operation{} in {} section{} of the reference, {} by their path's resource",
        if by_section == 1 { "" } else { "s" },
        in_sections.len(),
        if in_sections.len() == 1 { "" } else { "s" },
        written.len() - by_section,
    );
    if !resources.is_empty() {
        let names: Vec<&str> = resources.into_iter().collect();
        text.push_str(&format!(" ({}: {})", names.len(), names.join(", ")));
    }
    text
}

impl Run<'_> {
    /// The pages kept under `specs/pages/<service>/` that an operation named before the
    /// run and none names after it (the operation was removed, or renamed and its page
    /// kept under the new name).
    fn stale_pages(&self, draft: &Draft) -> Vec<String> {
        let own = format!("pages/{}/", self.service);
        let mut stale: Vec<String> = draft
            .named_before
            .iter()
            .filter(|page| page.starts_with(&own))
            .filter(|page| {
                !draft
                    .existing
                    .iter()
                    .any(|op| op.doc_page.as_ref() == Some(page))
            })
            .cloned()
            .collect();
        stale.sort();
        stale.dedup();
        stale
    }

    /// The shared status pages of the folders the written pages come from.
    fn shared_status_pages(&self) -> Vec<PathBuf> {
        let mut pages: Vec<PathBuf> = self
            .inputs
            .iter()
            .filter_map(|input| page_files::shared_status_page(&input.path).map(|(path, _)| path))
            .collect();
        pages.sort();
        pages.dedup();
        pages
    }
}

/// Methods in the order a reader expects them under one path.
fn method_rank(method: &str) -> usize {
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        .iter()
        .position(|known| known.eq_ignore_ascii_case(method))
        .unwrap_or(usize::MAX)
}

/// `derived`, or when `holder(derived)` names the path of the operation that already
/// has it: `derived` with the path's version (`V3`) when the holder is of another
/// version, else with the first free number from 2.
fn free_operation_id(derived: &str, path: &str, holder: impl Fn(&str) -> Option<String>) -> String {
    let Some(held_by) = holder(derived) else {
        return derived.to_owned();
    };
    if let Some(version) = path_version(path)
        && path_version(&held_by).as_deref() != Some(version.as_str())
    {
        let id = format!(
            "{derived}V{}",
            version.trim_start_matches('v').replace('.', "")
        );
        if holder(&id).is_none() {
            return id;
        }
    }
    (2..)
        .map(|n| format!("{derived}{n}"))
        .find(|id| holder(id).is_none())
        .unwrap_or_else(|| derived.to_owned())
}

/// `v2.1` of `/v2.1/{project_id}/servers`.
fn path_version(path: &str) -> Option<String> {
    let first = path.split('/').find(|part| !part.is_empty())?;
    let digits = first.strip_prefix('v')?;
    (digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.'))
    .then(|| first.to_owned())
}

/// `pages/<service>/<service>-<operation-id>.<zh|en>.txt`, not one of `taken`.
fn kept_name(service: &str, operation_id: &str, candidate: &Candidate, taken: &[&str]) -> String {
    let language = if is_chinese(&candidate.page, &candidate.text) {
        "zh"
    } else {
        "en"
    };
    let stem = format!("{service}-{}", operation_id.to_kebab_case());
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            format!("pages/{service}/{stem}{suffix}.{language}.txt")
        })
        .find(|name| !taken.contains(&format!("specs/{name}").as_str()))
        .unwrap_or_default()
}

/// The page is written in Chinese: its title or function text, or (older pages have
/// neither) its text.
fn is_chinese(page: &Page, text: &str) -> bool {
    let own = format!(
        "{}{}",
        page.title
            .as_ref()
            .map(|(title, _)| title.as_str())
            .unwrap_or_default(),
        page.function.as_deref().unwrap_or_default()
    );
    let text = if own.trim().is_empty() { text } else { &own };
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// `summary: ...`: operations written, pages skipped by kind, reviews left.
fn summary(
    spec: &str,
    draft: &Draft,
    skipped: &[Skipped],
    reviews: Option<usize>,
    write: bool,
) -> String {
    let written = &draft.written;
    let replaced = written.iter().filter(|op| op.replaced).count();
    let lapsed: usize = written.iter().map(|op| op.lapsed).sum();
    let mut kinds: BTreeMap<SkipKind, usize> = BTreeMap::new();
    for page in skipped {
        *kinds.entry(page.kind).or_default() += 1;
    }
    let mut text = format!(
        "summary: {} operation{} {} {spec} ({} added, {replaced} replaced); {} page{} skipped",
        written.len(),
        if written.len() == 1 { "" } else { "s" },
        if write { "written to" } else { "to write to" },
        written.len() - replaced,
        skipped.len(),
        if skipped.len() == 1 { "" } else { "s" },
    );
    if !kinds.is_empty() {
        let parts: Vec<String> = kinds
            .iter()
            .map(|(kind, count)| format!("{count} {}", kind.as_str()))
            .collect();
        text.push_str(&format!(" ({})", parts.join(", ")));
    }
    if !draft.removed.is_empty() {
        text.push_str(&format!(
            "; {} operation{} removed (no page documents {} any more)",
            draft.removed.len(),
            if draft.removed.len() == 1 { "" } else { "s" },
            if draft.removed.len() == 1 {
                "it"
            } else {
                "them"
            }
        ));
    }
    if replaced > 0 {
        text.push_str(&format!(
            "; {lapsed} decision{} lapsed",
            if lapsed == 1 { "" } else { "s" }
        ));
    }
    if let Some(reviews) = reviews {
        text.push_str(&format!(
            "; {reviews} REVIEW item{} left in {spec}",
            if reviews == 1 { "" } else { "s" }
        ));
    }
    if !write {
        text.push_str("; nothing written (give --write)");
    }
    text
}

/// `SKIPPED.md`: every page of the run that is not in the spec, and why, sorted.
fn skipped_list(service: &str, spec: &str, skipped: &[Skipped]) -> String {
    let mut rows: Vec<&Skipped> = skipped.iter().collect();
    rows.sort_by(|a, b| (&a.name, a.kind).cmp(&(&b.name, b.kind)));
    let mut text = format!(
        "# Pages not transcribed into {spec}\n\nWritten by `cargo xtask transcribe` over a folder or several pages of the {} API reference: each page of that run that is not an operation of the spec, and why. The next such run rewrites this file.\n\n",
        service.to_ascii_uppercase()
    );
    if rows.is_empty() {
        text.push_str("Every page was transcribed.\n");
        return text;
    }
    text.push_str("| page | kind | reason |\n| --- | --- | --- |\n");
    for row in rows {
        text.push_str(&format!(
            "| {} | {} | {} |\n",
            cell(&row.name),
            row.kind.as_str(),
            cell(&row.reason)
        ));
    }
    text
}

/// Text in one Markdown table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_derived_id_gets_the_version_or_a_number() {
        let taken = |ids: &'static [(&'static str, &'static str)]| {
            move |id: &str| {
                ids.iter()
                    .find(|(taken, _)| *taken == id)
                    .map(|(_, path)| (*path).to_owned())
            }
        };
        assert_eq!(
            free_operation_id("ShowVolumes", "/v3/{p}/volumes", taken(&[])),
            "ShowVolumes"
        );
        assert_eq!(
            free_operation_id(
                "ShowVolumes",
                "/v3/{p}/volumes",
                taken(&[("ShowVolumes", "/v2/{p}/volumes")])
            ),
            "ShowVolumesV3"
        );
        assert_eq!(
            free_operation_id(
                "ShowV21Flavors",
                "/v2.1/{p}/flavors/{id}",
                taken(&[("ShowV21Flavors", "/v2.1/{p}/flavors")])
            ),
            "ShowV21Flavors2"
        );
    }

    #[test]
    fn the_api_version_is_the_most_common_first_segment() {
        let paths = |list: &[&str]| list.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            super::super::api_version(&paths(&["/v2/a", "/v2.1/b", "/v2.1/c", "/x"])),
            "v2.1"
        );
        assert_eq!(super::super::api_version(&paths(&["/x"])), "v1");
    }

    #[test]
    fn skipped_md_is_sorted_and_one_line_per_page() {
        let list = skipped_list(
            "aom",
            "specs/aom.yaml",
            &[
                Skipped {
                    name: "aom/b.txt".into(),
                    kind: SkipKind::Unreadable,
                    reason: "line 3: a | b\nc".into(),
                },
                Skipped {
                    name: "aom/a.txt".into(),
                    kind: SkipKind::NotAnOperation,
                    reason: "no request line".into(),
                },
            ],
        );
        assert!(
            list.ends_with(
                "| aom/a.txt | not an operation | no request line |\n| aom/b.txt | unreadable | line 3: a \\| b c |\n"
            ),
            "{list}"
        );
    }
}
