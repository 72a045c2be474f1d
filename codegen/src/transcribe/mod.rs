//! A page's text in, a spec operation out: what `cargo xtask transcribe` writes.
//!
//! The operation follows `specs/CONVENTIONS.md`: every parameter with its location,
//! required flag, type and constraints; request and response bodies as named
//! components; every status with its `X-request-id` header, body and examples. Where
//! the page disagrees with itself, the transcript holds the tool's best reading and an
//! `x-doc-deviation` starting with `REVIEW:` on that node (`cargo xtask lint` refuses
//! those until a maintainer decides), and lists it in [`Transcript::reviews`].
//!
//! Pure: the caller reads the page and writes the spec ([`insert`] edits spec text,
//! [`skeleton`] writes the spec of a new service, [`reference`] sorts the pages of a
//! whole API reference, [`sections`] tells which section of it lists an operation and
//! [`spec_tags`] writes the spec's list of them).

mod amend;
mod build;
pub mod decisions;
mod examples;
pub mod insert;
pub mod known_names;
mod lengths;
pub mod reference;
mod schema;
pub mod sections;
pub mod skeleton;
pub mod spec_tags;
mod yaml_text;

use std::collections::BTreeMap;

use crate::document::pointer_segment as segment;
use crate::page;
use crate::yaml::Node;

/// What the maintainer tells the tool that the page does not.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// The service (`aom`), when the page does not show it.
    pub service: Option<&'a str>,
    /// The operationId, when the page prints no SDK sample naming it.
    pub operation_id: Option<&'a str>,
    /// The page's path relative to `specs/` (`pages/aom/x.zh.txt`), for `x-doc-page`.
    pub page_ref: Option<&'a str>,
    /// The statuses of the service's shared status page (`状态码`), with their texts,
    /// for pages that document none of their own ([`crate::page::shared_statuses`]).
    pub shared_statuses: &'a [(String, String)],
    /// The official SDK's operation names by method and path
    /// ([`known_names::read`]), for pages that print no SDK sample.
    pub known_names: &'a [known_names::KnownName],
}

/// A contradiction the tool resolved by a guess that a maintainer must review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Where in the printed YAML (`/paths/~1v1~1x/get/parameters/0`,
    /// `/components/schemas/X/properties/y`).
    pub pointer: String,
    /// What the page says and what the tool wrote, as a sentence.
    pub message: String,
    /// 1-based line of the page.
    pub line: usize,
}

/// Why a page cannot be transcribed, with the page line when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    /// What is missing or unreadable.
    pub message: String,
    /// 1-based line of the page.
    pub line: Option<usize>,
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// One operation read from a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    /// The service the page names (SDK sample) or the caller gave.
    pub service: Option<String>,
    /// `get`, `post`, ...
    pub method: String,
    /// The path template, placeholders spelled as the parameter table spells them.
    pub path: String,
    /// The operationId.
    pub operation_id: String,
    /// The operation object.
    pub operation: Node,
    /// The component schemas it refers to, in page order, each with the line of its
    /// table.
    pub components: Vec<Component>,
    /// Every `REVIEW:` deviation written, in page order.
    pub reviews: Vec<Review>,
    /// The 1-based page line each node was read from, by JSON pointer into the
    /// document [`Transcript::to_yaml`] prints (`/paths/~1v1~1x/get/parameters/0`,
    /// `/components/schemas/X/properties/y`): parameter and field rows, header rows,
    /// body and object tables, examples. [`Transcript::line_of`] finds a node's line.
    pub lines: BTreeMap<String, usize>,
}

/// A named schema of a transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    /// Its name under `components/schemas`.
    pub name: String,
    /// The schema.
    pub schema: Node,
    /// 1-based line of the page's table.
    pub line: usize,
}

impl Transcript {
    /// The operation as YAML: its path item and the component schemas it needs.
    pub fn to_yaml(&self) -> String {
        let mut out = String::from("paths:\n");
        out.push_str(&self.path_item_yaml(2));
        if !self.components.is_empty() {
            out.push_str("components:\n  schemas:\n");
            for component in &self.components {
                out.push_str(&component_yaml(component, 4));
            }
        }
        out
    }

    /// The page line of the node at `pointer`, or of the nearest node above it that was
    /// read from a line (a field's `enum` is on its row's line).
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        let mut pointer = pointer;
        loop {
            if let Some(line) = self.lines.get(pointer) {
                return Some(*line);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }

    /// `<path>:` and the method block under it, at `indent`.
    fn path_item_yaml(&self, indent: usize) -> String {
        let pad = " ".repeat(indent);
        format!("{pad}{}:\n{}", self.path, self.operation_yaml(indent + 2))
    }

    /// `<method>:` and the operation under it, at `indent`.
    fn operation_yaml(&self, indent: usize) -> String {
        let pad = " ".repeat(indent);
        format!(
            "{pad}{}:\n{}",
            self.method,
            yaml_text::block(&self.operation, indent + 2)
        )
    }
}

/// `<name>:` and the schema under it, at `indent`.
fn component_yaml(component: &Component, indent: usize) -> String {
    format!(
        "{}{}:\n{}",
        " ".repeat(indent),
        component.name,
        yaml_text::block(&component.schema, indent + 2)
    )
}

/// Transcribe a page's text.
pub fn transcribe(text: &str, options: &Options<'_>) -> Result<Transcript, PageError> {
    check_text(text)?;
    let page = page::parse(text).map_err(|message| PageError {
        message,
        line: None,
    })?;
    build::Builder::new(&page, options).build()
}

/// Binary files and other non-text input, before the page reader sees them.
fn check_text(text: &str) -> Result<(), PageError> {
    if text.trim().is_empty() {
        return Err(PageError {
            message: "the page is empty".to_owned(),
            line: None,
        });
    }
    for (index, line) in text.lines().enumerate() {
        if line
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\u{feff}'))
        {
            return Err(PageError {
                message: "control characters: this is binary data, not the text of a page"
                    .to_owned(),
                line: Some(index + 1),
            });
        }
    }
    Ok(())
}

fn entry(key: &str, value: Node) -> (String, Node) {
    (key.to_owned(), value)
}

fn string(text: &str) -> Node {
    Node::String(text.to_owned())
}
