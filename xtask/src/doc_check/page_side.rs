//! The page side: the operation `cargo xtask transcribe` reads from the page, as an
//! OpenAPI tree of its own (`paths` and `components/schemas`, `$ref`s resolved within
//! it), with the page line of each node and the facts of the page as read that the
//! tree does not keep (whether a row states its required flag, whether the page gives
//! its constraints in labelled form, which statuses and tables it prints).

use huaweicloud_sdk_codegen::document::{Document, Node, pointer_segment};
use huaweicloud_sdk_codegen::page::{Group, Page, Role, Row, Table};
use huaweicloud_sdk_codegen::transcribe::{self, PageError, Transcript};
use serde_json::{Map, Value};

/// A page read as an operation.
#[derive(Debug)]
pub struct PageSide {
    /// The page as the reader sees it.
    pub page: Page,
    /// The transcriber's reading.
    pub transcript: Transcript,
    /// The reading as a document: `paths` with the one operation, `components`.
    pub document: Document,
    /// JSON pointer of the operation in [`PageSide::document`].
    pub operation_pointer: String,
}

impl PageSide {
    /// Transcribe a page's text (already read as `page`) with the options
    /// `cargo xtask transcribe` uses.
    pub fn read(
        text: &str,
        page: Page,
        options: &transcribe::Options<'_>,
    ) -> Result<PageSide, PageError> {
        let transcript = transcribe::transcribe(text, options)?;
        let document = Document::new(tree(&transcript));
        let operation_pointer = format!(
            "/paths/{}/{}",
            pointer_segment(&transcript.path),
            transcript.method
        );
        Ok(PageSide {
            page,
            transcript,
            document,
            operation_pointer,
        })
    }

    /// The operation object.
    pub fn operation(&self) -> Node<'_> {
        self.document
            .node(&self.operation_pointer)
            .expect("the tree is built around the operation")
    }

    /// The page line of the node at `pointer` (or of the nearest node above it read
    /// from a line).
    pub fn line(&self, pointer: &str) -> Option<usize> {
        self.transcript.line_of(pointer)
    }

    /// The table row the node at `pointer` was read from, if it was read from one.
    pub fn row(&self, pointer: &str) -> Option<&Row> {
        let line = *self.transcript.lines.get(pointer)?;
        self.page
            .tables
            .iter()
            .flat_map(|table| &table.rows)
            .find(|row| row.line == line)
    }

    /// Whether the page itself documents statuses (a status table or heading, or a
    /// response table or example), rather than leaving them to the shared status page.
    pub fn documents_statuses(&self) -> bool {
        !self.page.statuses.is_empty()
            || self
                .page
                .tables
                .iter()
                .any(|table| response_of(table).is_some())
            || self
                .page
                .examples
                .iter()
                .any(|example| matches!(example.group, Group::Response(_)))
    }

    /// Whether the page prints a table for the response with this status (its headers,
    /// its body or an object of it): a response it describes without a body has none.
    pub fn documents_response(&self, status: &str) -> bool {
        self.page
            .tables
            .iter()
            .any(|table| response_of(table) == Some(status))
    }

    /// The object tables of the page that the reading took nothing from: no field
    /// refers to them. A table equal to one read is read (the transcriber keeps one
    /// component of equal ones, with the lines of the first), and so is a header
    /// table of only the rows CONVENTIONS.md leaves out.
    pub fn unused_tables(&self) -> Vec<&Table> {
        let read = |table: &Table| {
            let used = |line: usize| self.transcript.lines.values().any(|at| *at == line);
            used(table.line) || table.rows.iter().any(|row| used(row.line))
        };
        let objects: Vec<&Table> = self
            .page
            .tables
            .iter()
            .filter(|table| matches!(table.role, Role::Object { .. }))
            .collect();
        objects
            .iter()
            .copied()
            .filter(|table| {
                !read(table)
                    && !runtime_headers(table)
                    && !objects
                        .iter()
                        .any(|other| read(other) && same_rows(other, table))
            })
            .collect()
    }
}

/// A table of only X-Auth-Token and Content-Type rows: the security scheme and the
/// runtime's header, which the transcriber leaves out of the parameters on purpose.
fn runtime_headers(table: &Table) -> bool {
    table.rows.iter().all(|row| {
        row.name.eq_ignore_ascii_case("x-auth-token")
            || row.name.eq_ignore_ascii_case("content-type")
    })
}

/// Whether two tables list the same rows (lines aside).
fn same_rows(a: &Table, b: &Table) -> bool {
    let rows = |table: &Table| -> Vec<(String, String, String)> {
        table
            .rows
            .iter()
            .map(|row| (row.name.clone(), row.ty.clone(), row.description.clone()))
            .collect()
    };
    rows(a) == rows(b)
}

/// The status of the response a table documents, if it documents one.
fn response_of(table: &Table) -> Option<&str> {
    match &table.role {
        Role::ResponseBody(status) | Role::ResponseHeader(status) => Some(status),
        Role::Object {
            group: Group::Response(status),
            ..
        } => Some(status),
        _ => None,
    }
}

/// The transcript as one JSON tree, the document [`Transcript::to_yaml`] prints.
fn tree(transcript: &Transcript) -> Value {
    // The tree is plain data (maps with string keys): it always converts.
    let mut methods = Map::new();
    let operation = serde_json::to_value(&transcript.operation).unwrap_or(Value::Null);
    methods.insert(transcript.method.clone(), operation);
    let mut paths = Map::new();
    paths.insert(transcript.path.clone(), Value::Object(methods));
    let schemas: Map<String, Value> = transcript
        .components
        .iter()
        .map(|component| {
            let schema = serde_json::to_value(&component.schema).unwrap_or(Value::Null);
            (component.name.clone(), schema)
        })
        .collect();
    serde_json::json!({
        "paths": paths,
        "components": {"schemas": schemas},
    })
}
