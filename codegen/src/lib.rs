//! The generator: OpenAPI spec text in, the files of one Rust service crate out.
//!
//! ```text
//! spec text --parse--> OpenAPI + raw JSON --lower--> IR --emit (quote)--> tokens --prettyplease--> files
//! ```
//!
//! Pure: it reads no files and writes none; `xtask` does the I/O. Output is
//! deterministic, so regenerating unchanged specs changes nothing.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api_diff;
pub mod document;
mod emit;
mod error;
pub mod ir;
pub mod lint;
mod lower;
pub mod naming;
pub mod page;
mod parse;
pub mod public_api;
pub mod transcribe;
pub mod version;
mod yaml;

pub use emit::package_name;
pub use error::SpecError;

use error::Locator;

/// One spec to generate from.
#[derive(Debug, Clone)]
pub struct SpecInput<'a> {
    /// The service name (the spec file's stem, e.g. `coc`); names the crate.
    pub service: &'a str,
    /// The spec's path as shown in messages and headers (`specs/coc.yaml`).
    pub path: &'a str,
    /// The spec's YAML text.
    pub text: &'a str,
}

/// A file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate's directory (`src/models.rs`).
    pub path: String,
    /// Full contents; the first line says the file is generated.
    pub contents: String,
}

/// Parse and lower a spec into the IR, without emitting code.
pub fn lower(input: &SpecInput<'_>) -> Result<ir::Service, SpecError> {
    let locator = Locator::new(input.path);
    let parsed = parse::parse(&locator, input.text)?;
    lower::lower(&locator, input.service, &parsed)
}

/// Lower a spec and also return it as a JSON tree, for tools that read its nodes by
/// pointer (`lint`, `doc-check`); the YAML is read once for both.
pub fn lower_with_tree(
    input: &SpecInput<'_>,
) -> Result<(ir::Service, serde_json::Value), SpecError> {
    let locator = Locator::new(input.path);
    let parsed = parse::parse(&locator, input.text)?;
    let service = lower::lower(&locator, input.service, &parsed)?;
    Ok((service, parsed.raw))
}

/// Generate every file of the service crate for `input`.
pub fn generate(input: &SpecInput<'_>) -> Result<Vec<GeneratedFile>, SpecError> {
    let service = lower(input)?;
    emit::emit(&service).map_err(|e| SpecError {
        file: input.path.to_owned(),
        location: String::new(),
        message: format!("generated code does not parse (a generator bug): {e}"),
    })
}
