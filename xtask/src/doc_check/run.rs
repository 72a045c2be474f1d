//! One run over the pages given: each page's status, and the operations of the specs
//! that no page documents.
//!
//! 1. Each page is read; one that is not an operation page (the rules of
//!    `codegen::transcribe::reference`) or not text gets its status and reason.
//! 2. Pages that document the same request are reduced to one as `transcribe` does
//!    (`reference::choose`); the others are duplicates naming the page chosen.
//! 3. Each chosen page's request is looked up in the specs (the same method and path
//!    template first, then the same shape with other placeholder names); a page no
//!    spec has is not in the spec. The page is transcribed with the options
//!    `cargo xtask transcribe` uses (the spec's service, the shared status page of the
//!    page's folder) and compared with the operation.
//! 4. With `undocumented`, every operation of the specs in question that no page of
//!    the run documents is listed.

use huaweicloud_sdk_codegen::page::Page;
use huaweicloud_sdk_codegen::transcribe::reference::SkipKind;
use huaweicloud_sdk_codegen::transcribe::{self};

use super::compare;
use super::page_side::PageSide;
use super::spec_side::{Operation, Spec};
use super::status::{Entry, Request, Status};
use crate::page_files::{self, Candidate, Choice, Input, one_per_request, read_candidate};

/// Which operations of which specs to list when no page documents them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undocumented {
    /// None.
    None,
    /// Those of every spec loaded (`--spec`).
    EverySpec,
    /// Those of the specs at least one page matched.
    MatchedSpecs,
}

/// Every page's entry, in the order given, then the operations no page documents.
pub fn run(inputs: &[Input], specs: &[Spec], undocumented: Undocumented) -> Vec<Entry> {
    let mut entries: Vec<Option<Entry>> = vec![None; inputs.len()];
    let mut candidates = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        match read_candidate(index, input) {
            Ok(candidate) => candidates.push(candidate),
            Err((kind, reason)) => {
                let status = match kind {
                    SkipKind::NotAnOperation => Status::NotAnOperation,
                    _ => Status::Unreadable,
                };
                entries[index] = Some(Entry::page(&input.shown, status, reason));
            }
        }
    }
    // (spec, operation id) of every operation a page documents.
    let mut documented: Vec<(usize, String)> = Vec::new();
    // In the order the pages were given.
    let mut requests = one_per_request(inputs, &candidates);
    requests.sort_by_key(|choice| candidates[choice.chosen].input);
    for Choice { chosen, losers, .. } in requests {
        let candidate = &candidates[chosen];
        let found = find(specs, &candidate.page);
        if let Some((spec, operation)) = found {
            documented.push((spec, operation.id.clone()));
        }
        for (loser, reason) in losers {
            let input = &inputs[candidates[loser].input];
            let reason = format!(
                "{} documents the same request and was chosen ({reason})",
                inputs[candidate.input].shown
            );
            let mut entry = Entry::page(&input.shown, Status::Duplicate, reason);
            entry.request = Some(request(&candidates[loser].page));
            entries[candidates[loser].input] = Some(entry);
        }
        let input = &inputs[candidate.input];
        entries[candidate.input] = Some(match found {
            Some((spec, operation)) => check(input, candidate, &specs[spec], operation),
            None => not_in_spec(input, candidate, specs),
        });
    }
    let mut entries: Vec<Entry> = entries.into_iter().flatten().collect();
    for (index, spec) in specs.iter().enumerate() {
        let listed = match undocumented {
            Undocumented::None => false,
            Undocumented::EverySpec => true,
            Undocumented::MatchedSpecs => documented.iter().any(|(at, _)| *at == index),
        };
        if !listed {
            continue;
        }
        for operation in &spec.operations {
            if documented.contains(&(index, operation.id.clone())) {
                continue;
            }
            entries.push(Entry {
                page: None,
                status: Status::NotDocumented,
                reason: Some("no page of the run documents it".to_owned()),
                request: Some(Request {
                    method: operation.method.clone(),
                    path: operation.path.clone(),
                    line: None,
                }),
                spec: Some(spec.shown.clone()),
                operation: Some(operation.clone()),
                outcome: None,
            });
        }
    }
    entries
}

/// The spec operation of a page's request: the same path template in any spec first,
/// then the same shape with other placeholder names.
fn find<'s>(specs: &'s [Spec], page: &Page) -> Option<(usize, &'s Operation)> {
    let lookup = |exact_only: bool| {
        specs.iter().enumerate().find_map(|(index, spec)| {
            let (operation, exact) = spec.find(&page.uri.method, &page.uri.path)?;
            (exact || !exact_only).then_some((index, operation))
        })
    };
    lookup(true).or_else(|| lookup(false))
}

fn request(page: &Page) -> Request {
    Request {
        method: page.uri.method.clone(),
        path: page.uri.path.clone(),
        line: Some(page.uri.line),
    }
}

fn not_in_spec(input: &Input, candidate: &Candidate, specs: &[Spec]) -> Entry {
    let searched: Vec<&str> = specs.iter().map(|spec| spec.shown.as_str()).collect();
    let reason = format!(
        "no operation of {} is {} {} (line {}): a new operation",
        searched.join(", "),
        candidate.page.uri.method,
        candidate.page.uri.path,
        candidate.page.uri.line
    );
    let mut entry = Entry::page(&input.shown, Status::NotInSpec, reason);
    entry.request = Some(request(&candidate.page));
    entry
}

/// Transcribe the page and compare it with the operation.
fn check(input: &Input, candidate: &Candidate, spec: &Spec, operation: &Operation) -> Entry {
    let shared_statuses = page_files::shared_statuses(&input.path);
    let options = transcribe::Options {
        service: Some(&spec.service),
        shared_statuses: &shared_statuses,
        ..Default::default()
    };
    let mut entry = Entry {
        page: Some(input.shown.clone()),
        status: Status::Clean,
        reason: None,
        request: Some(request(&candidate.page)),
        spec: Some(spec.shown.clone()),
        operation: Some(operation.clone()),
        outcome: None,
    };
    match PageSide::read(&candidate.text, candidate.page.clone(), &options) {
        Ok(page) => {
            let outcome = compare::compare(spec, operation, &page);
            if outcome.drifts() {
                entry.status = Status::Drift;
            }
            entry.outcome = Some(outcome);
        }
        Err(error) => {
            entry.status = Status::Unreadable;
            entry.reason = Some(format!("the transcriber cannot read it: {error}"));
        }
    }
    entry
}
