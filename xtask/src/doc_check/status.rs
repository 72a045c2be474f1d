//! What a run says about each page, and about each operation no page documents.

use super::finding::Outcome;
use super::spec_side::Operation;

/// The status of a page (or, `NotDocumented`, of a spec operation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Compared, and nothing drifts.
    Clean,
    /// Compared, and something drifts.
    Drift,
    /// An overview, index, permission or guide page (or no request line at all).
    NotAnOperation,
    /// An operation page whose request no operation of the specs is: a new operation.
    NotInSpec,
    /// Not text, or an operation page the transcriber cannot read.
    Unreadable,
    /// Another page of the run documents the same request and was chosen.
    Duplicate,
    /// An operation of the spec that no page of the run documents.
    NotDocumented,
}

impl Status {
    /// Every status, in the order summaries list them.
    pub const ALL: [Status; 7] = [
        Status::Clean,
        Status::Drift,
        Status::NotAnOperation,
        Status::NotInSpec,
        Status::Unreadable,
        Status::Duplicate,
        Status::NotDocumented,
    ];

    /// The name reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Clean => "clean",
            Status::Drift => "drift",
            Status::NotAnOperation => "not-an-operation",
            Status::NotInSpec => "not-in-spec",
            Status::Unreadable => "unreadable",
            Status::Duplicate => "duplicate",
            Status::NotDocumented => "not-documented",
        }
    }

    /// Whether a page of this status was read as an operation page.
    pub fn read_as_operation(self) -> bool {
        matches!(
            self,
            Status::Clean | Status::Drift | Status::NotInSpec | Status::Duplicate
        )
    }

    /// Whether it fails the run (exit code 1).
    pub fn fails(self) -> bool {
        matches!(
            self,
            Status::Drift | Status::NotInSpec | Status::NotDocumented
        )
    }
}

/// The request a page documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template as the page prints it.
    pub path: String,
    /// 1-based line of the request line (none for an operation of the spec).
    pub line: Option<usize>,
}

/// One line of a run: a page, or an operation no page documents.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The page as given (none for [`Status::NotDocumented`]).
    pub page: Option<String>,
    pub status: Status,
    /// Why, for every status but clean and drift.
    pub reason: Option<String>,
    /// The request the page documents, or the operation's.
    pub request: Option<Request>,
    /// The spec the operation is in, as shown (`specs/ecs.yaml`).
    pub spec: Option<String>,
    /// The spec's operation.
    pub operation: Option<Operation>,
    /// The comparison, for clean and drifted pages.
    pub outcome: Option<Outcome>,
}

impl Entry {
    /// A page of `status` for `reason`, not compared.
    pub fn page(page: &str, status: Status, reason: String) -> Entry {
        Entry {
            page: Some(page.to_owned()),
            status,
            reason: Some(reason),
            request: None,
            spec: None,
            operation: None,
            outcome: None,
        }
    }
}
