//! A transcript into a spec's text, as a text edit: the operation goes at the end of
//! `paths` (or replaces its old block), new components at the end of
//! `components/schemas`; every other byte stays. The result must lower, or nothing is
//! returned.
//!
//! Components the spec already has with the same shape (descriptions aside) are reused,
//! under whatever name the spec gives them. A name the spec uses for a different shape
//! is an error naming both places, except for the old operation's own components under
//! `replace`, which are swapped like the operation.
//!
//! With `replace`, the spec's decisions survive where they still apply, and those that
//! lapsed are listed ([`super::decisions`]).

use crate::SpecInput;
use crate::yaml::{self, Node};

use super::build::rename_refs;
use super::examples::pointer_get;
use super::reference::request_key;
use super::{Component, Transcript, decisions, segment, yaml_text};

/// The spec to edit.
pub struct Spec<'a> {
    /// The service name (`aom`).
    pub service: &'a str,
    /// The path shown in messages (`specs/aom.yaml`).
    pub path: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// The edited spec.
#[derive(Debug)]
pub struct Updated {
    /// The new text.
    pub text: String,
    /// Whether an operation was replaced.
    pub replaced: bool,
    /// Components of the transcript that the spec already had (`name -> existing`).
    pub reused: Vec<String>,
    /// Components of the transcript renamed because the spec has their name for
    /// another shape (`Link -> ListServersLink (...)`).
    pub renamed: Vec<String>,
    /// Components the replaced operation used that nothing uses any more, removed.
    pub removed: Vec<String>,
    /// The transcript's reviews still in the text (with `replace`, a recorded decision
    /// can take a reviewed node's place).
    pub reviews: Vec<super::Review>,
    /// With `replace`: the recorded decisions of the old operation that the page no
    /// longer needs (it now reads as the spec decided), in words.
    pub lapsed: Vec<String>,
    /// With `replace`: the path the operation had before, when the page now spells its
    /// placeholders otherwise (`/servers/{id}` for `/servers/{server_id}`).
    pub moved_from: Option<String>,
    /// The components added or swapped, by name.
    pub written: Vec<String>,
}

/// An operation a spec already has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    /// `get`, `post`, ...
    pub method: String,
    /// The path template as the spec spells it.
    pub path: String,
    /// Its `operationId`, if any.
    pub operation_id: Option<String>,
    /// Its `x-doc-page`, if any.
    pub doc_page: Option<String>,
}

/// The operation of `existing` that documents the request `method path`: under this
/// path, or under another spelling of its placeholders (a page that renamed one).
pub fn find_request(existing: &[Existing], method: &str, path: &str) -> Option<usize> {
    let wanted = request_key(method, path);
    existing
        .iter()
        .position(|op| op.method == method && op.path == path)
        .or_else(|| {
            existing
                .iter()
                .position(|op| request_key(&op.method, &op.path) == wanted)
        })
}

/// The operations of a spec's text, in document order.
pub fn operations(spec: &Spec<'_>) -> Result<Vec<Existing>, String> {
    let tree = yaml::read(spec.text).map_err(|e| format!("{}: not YAML: {e}", spec.path))?;
    Ok(operations_of(&tree))
}

/// The operations of a spec's tree, in document order.
fn operations_of(tree: &Node) -> Vec<Existing> {
    let mut found = Vec::new();
    let Some(Node::Map(paths)) = pointer_get(tree, "/paths") else {
        return found;
    };
    let text = |node: &Node, pointer: &str| match pointer_get(node, pointer) {
        Some(Node::String(text)) => Some(text.clone()),
        _ => None,
    };
    for (path, item) in paths {
        let Node::Map(methods) = item else { continue };
        for (method, operation) in methods {
            if !matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
            ) {
                continue;
            }
            found.push(Existing {
                method: method.clone(),
                path: path.clone(),
                operation_id: text(operation, "/operationId"),
                doc_page: text(operation, "/x-doc-page"),
            });
        }
    }
    found
}

/// What a `replace` knows besides the spec and the new reading.
#[derive(Debug, Default, Clone, Copy)]
pub struct Replacing<'a> {
    /// The reading of the page the old operation was transcribed from, when it is at
    /// hand: what the spec holds beyond it are the decisions kept
    /// ([`super::decisions`]).
    pub base: Option<&'a Transcript>,
    /// Components that this run already wrote from newer pages ([`Updated::written`]):
    /// an operation that shares one reuses it as it is. The old operation's other
    /// components take the new page's texts.
    pub refreshed: &'a [String],
}

/// Add (or, with `replace`, swap) the transcript's operation in the spec.
///
/// An example the page prints against its own table (`expected a string, found [...]`)
/// is kept as printed, with an `x-doc-deviation` that says where it contradicts the
/// table: the tables say what the API sends, an example shows one call.
pub fn insert(
    spec: &Spec<'_>,
    transcript: &Transcript,
    replace: bool,
    replacing: Replacing<'_>,
) -> Result<Updated, String> {
    let mut transcript = transcript.clone();
    loop {
        match insert_once(spec, &transcript, replace, replacing) {
            Err(Refusal::Misfit(error)) => {
                if !keep_example_as_printed(&mut transcript, &error) {
                    return Err(refused(&error));
                }
            }
            Err(Refusal::Other(message)) => return Err(message),
            Ok(updated) => return Ok(updated),
        }
    }
}

/// Why the spec cannot take the operation: the lowered spec's error, which may be an
/// example the page prints against its table, or anything else.
enum Refusal {
    Misfit(crate::error::SpecError),
    Other(String),
}

impl From<String> for Refusal {
    fn from(message: String) -> Self {
        Refusal::Other(message)
    }
}

fn refused(error: &crate::error::SpecError) -> String {
    format!("the spec with the new operation does not load, nothing written: {error}")
}

/// Mark the example of the transcript's operation that `error` points into as kept as
/// printed; false when the error is not about one of its examples, or it is marked.
fn keep_example_as_printed(transcript: &mut Transcript, error: &crate::error::SpecError) -> bool {
    let op_pointer = format!(
        "#/paths/{}/{}",
        segment(&transcript.path),
        transcript.method
    );
    let Some(inner) = error.location.strip_prefix(&op_pointer) else {
        return false;
    };
    let Some(at) = inner.find("/examples/") else {
        return false;
    };
    let rest = &inner[at + "/examples/".len()..];
    let name_end = rest.find('/').unwrap_or(rest.len());
    let example_pointer = &inner[..at + "/examples/".len() + name_end];
    let within = &rest[name_end..];
    let Some(Node::Map(example)) =
        super::examples::pointer_mut(&mut transcript.operation, example_pointer)
    else {
        return false;
    };
    if example.iter().any(|(key, _)| key == "x-doc-deviation") {
        return false;
    }
    let place = within.strip_prefix("/value").unwrap_or(within);
    let place = if place.is_empty() { "/" } else { place };
    example.push((
        "x-doc-deviation".to_owned(),
        Node::String(format!(
            "The page prints this example against its own table (at `{place}`: {}); it is kept as printed and is not decoded in the round-trip tests.",
            error.message.trim_end_matches('.')
        )),
    ));
    true
}

fn insert_once(
    spec: &Spec<'_>,
    transcript: &Transcript,
    replace: bool,
    replacing: Replacing<'_>,
) -> Result<Updated, Refusal> {
    let tree = yaml::read(spec.text).map_err(|e| format!("{}: not YAML: {e}", spec.path))?;
    let op_pointer = format!("/paths/{}/{}", segment(&transcript.path), transcript.method);
    // The operation of the same request, under this path or (the page renamed a
    // placeholder) under another spelling of it.
    let existing = operations_of(&tree);
    let old_path = find_request(&existing, &transcript.method, &transcript.path)
        .map(|at| existing[at].path.clone());
    let old_pointer = old_path
        .as_ref()
        .map(|path| format!("/paths/{}/{}", segment(path), transcript.method));
    let old_operation = old_pointer
        .as_ref()
        .and_then(|pointer| pointer_get(&tree, pointer))
        .cloned();
    if let Some(pointer) = &old_pointer
        && !replace
    {
        return Err(Refusal::Other(format!(
            "{}#{pointer}: {} {} is already in the spec; give --replace to swap it",
            spec.path,
            transcript.method.to_ascii_uppercase(),
            transcript.path
        )));
    }
    let moved_from = old_path.clone().filter(|path| path != &transcript.path);
    let old_pointer = old_pointer.unwrap_or_else(|| op_pointer.clone());
    let mut transcript = transcript.clone();
    // Computed at most once: a walk over every other operation of the spec.
    let used_by_others = std::cell::OnceCell::new();
    let used_elsewhere = |name: &str| {
        used_by_others
            .get_or_init(|| components_of_others(&tree, &old_pointer))
            .iter()
            .any(|used: &String| used == name)
    };
    let lapsed = match &old_operation {
        Some(old) => {
            decisions::keep_decisions(&tree, old, replacing.base, &mut transcript, &used_elsewhere)
        }
        None => Vec::new(),
    };
    drop_unreachable(&mut transcript);
    check_operation_id(spec, &tree, &transcript, &old_pointer)?;
    let old_components = old_operation
        .as_ref()
        .map(|old| reachable_components(&tree, old))
        .unwrap_or_default();
    let Plan {
        add: to_add,
        swap: to_swap,
        reused,
        renamed,
    } = plan_components(
        spec,
        &tree,
        &mut transcript,
        &old_components,
        &|name| {
            old_components.iter().any(|own| own == name)
                && !replacing.refreshed.iter().any(|done| done == name)
        },
        &used_elsewhere,
    )?;
    let written: Vec<String> = to_add
        .iter()
        .chain(&to_swap)
        .map(|component| component.name.clone())
        .collect();
    let lapsed: Vec<String> = lapsed
        .into_iter()
        .filter(|lapse| {
            lapse
                .component
                .as_ref()
                .is_none_or(|name| written.contains(name))
        })
        .map(|lapse| lapse.what)
        .collect();

    let mut lines: Vec<String> = spec.text.split_inclusive('\n').map(str::to_owned).collect();
    if let Some(last) = lines.last_mut()
        && !last.ends_with('\n')
    {
        last.push('\n');
    }
    open_empty_maps(&mut lines);
    // Edits from the bottom up keep earlier line numbers valid: components come after
    // paths in our specs, but find both first and apply in descending order.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for component in &to_swap {
        let (start, end) =
            block(&lines, &["components", "schemas", &component.name]).ok_or_else(|| {
                format!(
                    "{}: cannot find the text of component `{}`",
                    spec.path, component.name
                )
            })?;
        edits.push((start, end, component_text(component)));
    }
    if !to_add.is_empty() {
        let text: String = to_add.iter().map(component_text).collect();
        match block(&lines, &["components", "schemas"]) {
            Some((_, end)) => edits.push((end, end, text)),
            None => match block(&lines, &["components"]) {
                Some((_, end)) => edits.push((end, end, format!("  schemas:\n{text}"))),
                None => edits.push((
                    lines.len(),
                    lines.len(),
                    format!("components:\n  schemas:\n{text}"),
                )),
            },
        }
    }
    let operation_text = transcript_operation_text(&transcript);
    if let Some(old_path) = &moved_from {
        // Under its old spelling the operation goes.
        let (start, end) = operation_block(&lines, &tree, old_path, &transcript.method)
            .ok_or_else(|| format!("{}: cannot find the text of {old_pointer}", spec.path))?;
        edits.push((start, end, String::new()));
    }
    if old_operation.is_some() && moved_from.is_none() {
        let (start, end) = block(&lines, &["paths", &transcript.path, &transcript.method])
            .ok_or_else(|| format!("{}: cannot find the text of {op_pointer}", spec.path))?;
        edits.push((start, end, operation_text));
    } else if let Some((_, end)) = block(&lines, &["paths", &transcript.path]) {
        edits.push((end, end, operation_text));
    } else {
        let (_, end) = block(&lines, &["paths"])
            .ok_or_else(|| format!("{}: no top-level `paths:` block", spec.path))?;
        edits.push((
            end,
            end,
            format!("  {}:\n{operation_text}", transcript.path),
        ));
    }
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    for (start, end, text) in edits {
        lines.splice(start..end, text.split_inclusive('\n').map(str::to_owned));
    }
    let removed = remove_orphans(spec, &mut lines, &old_components)?;
    let text: String = lines.concat();
    crate::lower(&SpecInput {
        service: spec.service,
        path: spec.path,
        text: &text,
    })
    .map_err(|e| {
        if e.message.starts_with("example ") {
            Refusal::Misfit(e)
        } else {
            Refusal::Other(refused(&e))
        }
    })?;
    let reviews = transcript
        .reviews
        .iter()
        .filter(|review| text.contains(&review.message))
        .cloned()
        .collect();
    Ok(Updated {
        text,
        replaced: old_operation.is_some(),
        reused,
        renamed,
        removed,
        reviews,
        lapsed,
        moved_from,
        written,
    })
}

/// The spec without the operation `method path` and the components only it used: for an
/// operation no page documents any more. Returns the new text and the components
/// removed; the text must still load.
pub fn remove(spec: &Spec<'_>, method: &str, path: &str) -> Result<(String, Vec<String>), String> {
    let tree = yaml::read(spec.text).map_err(|e| format!("{}: not YAML: {e}", spec.path))?;
    let op_pointer = format!("/paths/{}/{method}", segment(path));
    let operation = pointer_get(&tree, &op_pointer)
        .ok_or_else(|| format!("{}#{op_pointer}: no such operation", spec.path))?;
    let old_components = reachable_components(&tree, operation);
    let mut lines: Vec<String> = spec.text.split_inclusive('\n').map(str::to_owned).collect();
    let (start, end) = operation_block(&lines, &tree, path, method)
        .ok_or_else(|| format!("{}: cannot find the text of {op_pointer}", spec.path))?;
    lines.drain(start..end);
    let removed = remove_orphans(spec, &mut lines, &old_components)?;
    let text = lines.concat();
    crate::lower(&SpecInput {
        service: spec.service,
        path: spec.path,
        text: &text,
    })
    .map_err(|e| format!("{} without {op_pointer} does not load: {e}", spec.path))?;
    Ok((text, removed))
}

/// The lines of the operation `method path` to take out of the spec: its path's whole
/// block when it is the path's only operation.
fn operation_block(
    lines: &[String],
    tree: &Node,
    path: &str,
    method: &str,
) -> Option<(usize, usize)> {
    let only_method = matches!(pointer_get(tree, &format!("/paths/{}", segment(path))),
        Some(Node::Map(methods)) if methods.len() == 1);
    if only_method {
        block(lines, &["paths", path])
    } else {
        block(lines, &["paths", path, method])
    }
}

/// The components that the operations other than the one at `own` refer to.
fn components_of_others(tree: &Node, own: &str) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    let Some(Node::Map(paths)) = pointer_get(tree, "/paths") else {
        return used;
    };
    for (path, item) in paths {
        let Node::Map(methods) = item else { continue };
        for (method, operation) in methods {
            if format!("/paths/{}/{method}", segment(path)) != own {
                used.extend(reachable_components(tree, operation));
            }
        }
    }
    used.sort();
    used.dedup();
    used
}

/// `paths: {}` (a spec without operations, as [`super::skeleton`] writes it) becomes
/// `paths:`, so that entries can go below it; likewise `components: {}` and
/// `components: schemas: {}`. Entries written below a `{}` line would not be YAML.
fn open_empty_maps(lines: &mut [String]) {
    for keys in [&["paths"][..], &["components"], &["components", "schemas"]] {
        let Some((start, _)) = block(lines, keys) else {
            continue;
        };
        let line = &lines[start];
        let Some((key, value)) = line.trim_end().split_once(':') else {
            continue;
        };
        let value = value.trim_start();
        let Some(rest) = value.strip_prefix("{}") else {
            continue;
        };
        let rest = rest.trim();
        if rest.is_empty() || rest.starts_with('#') {
            let comment = if rest.is_empty() {
                String::new()
            } else {
                format!(" {rest}")
            };
            lines[start] = format!("{key}:{comment}\n");
        }
    }
}

/// `--replace`: removes the components the old operation used (`old_components`) that
/// no operation of the edited text reaches any more, so that a swap leaves no dead
/// models behind. Components nothing used before are not this edit's to remove.
fn remove_orphans(
    spec: &Spec<'_>,
    lines: &mut Vec<String>,
    old_components: &[String],
) -> Result<Vec<String>, String> {
    if old_components.is_empty() {
        return Ok(Vec::new());
    }
    let tree = yaml::read(&lines.concat())
        .map_err(|e| format!("{}: the edited text is not YAML: {e}", spec.path))?;
    let mut used: Vec<String> = Vec::new();
    if let Some(Node::Map(paths)) = pointer_get(&tree, "/paths") {
        for (_, item) in paths {
            used.extend(reachable_components(&tree, item));
        }
    }
    let mut blocks = Vec::new();
    for name in old_components {
        if used.contains(name) {
            continue;
        }
        if let Some(found) = block(lines, &["components", "schemas", name]) {
            blocks.push((found, name.clone()));
        }
    }
    blocks.sort_by_key(|((start, _), _)| std::cmp::Reverse(*start));
    let mut removed = Vec::new();
    for ((start, end), name) in blocks {
        lines.drain(start..end);
        removed.push(name);
    }
    removed.reverse();
    Ok(removed)
}

fn transcript_operation_text(transcript: &Transcript) -> String {
    format!(
        "    {}:\n{}",
        transcript.method,
        yaml_text::block(&transcript.operation, 6)
    )
}

fn component_text(component: &Component) -> String {
    format!(
        "    {}:\n{}",
        component.name,
        yaml_text::block(&component.schema, 6)
    )
}

/// The lines `[start, end)` of the block of a key path (`paths`, `/v1/x`, `get`),
/// keys at two spaces per level, `end` before trailing blank lines.
fn block(lines: &[String], keys: &[&str]) -> Option<(usize, usize)> {
    let mut from = 0;
    let mut to = lines.len();
    let mut start = 0;
    for (level, key) in keys.iter().enumerate() {
        let indent = level * 2;
        start = (from..to).find(|&index| is_key(&lines[index], indent, key))?;
        let mut end = start + 1;
        while end < to {
            let line = &lines[end];
            let trimmed = line.trim_start();
            let own_indent = line.len() - trimmed.len();
            if !trimmed.trim().is_empty() && !trimmed.starts_with('#') && own_indent <= indent {
                break;
            }
            end += 1;
        }
        while end > start + 1 && lines[end - 1].trim().is_empty() {
            end -= 1;
        }
        from = start + 1;
        to = end;
    }
    Some((start, to))
}

fn is_key(line: &str, indent: usize, key: &str) -> bool {
    let Some(rest) = line.strip_prefix(&" ".repeat(indent)) else {
        return false;
    };
    if rest.starts_with(' ') {
        return false;
    }
    let rest = rest.trim_end();
    [
        format!("{key}:"),
        format!("'{key}':"),
        format!("\"{key}\":"),
    ]
    .iter()
    .any(|spelled| rest == spelled || rest.starts_with(&format!("{spelled} ")))
}

fn check_operation_id(
    spec: &Spec<'_>,
    tree: &Node,
    transcript: &Transcript,
    own: &str,
) -> Result<(), String> {
    let Some(Node::Map(paths)) = pointer_get(tree, "/paths") else {
        return Ok(());
    };
    for (path, item) in paths {
        let Node::Map(methods) = item else { continue };
        for (method, operation) in methods {
            let pointer = format!("/paths/{}/{method}", segment(path));
            if pointer != own
                && pointer_get(operation, "/operationId")
                    == Some(&Node::String(transcript.operation_id.clone()))
            {
                return Err(format!(
                    "{}#{pointer} already has operationId `{}`; give another with --operation-id",
                    spec.path, transcript.operation_id
                ));
            }
        }
    }
    Ok(())
}

/// A schema with what does not reach the wire removed: descriptions, summaries and
/// deviations. Property names are kept, whatever they are (a field called
/// `description` is part of the shape), and so are values (examples, defaults, enums).
pub(super) fn shape(node: &Node) -> Node {
    match node {
        Node::Map(entries) => Node::Map(
            entries
                .iter()
                .filter(|(key, _)| {
                    !matches!(key.as_str(), "description" | "summary" | "x-doc-deviation")
                })
                .map(|(key, value)| {
                    let value = match key.as_str() {
                        "properties" => properties_shape(value),
                        "example" | "examples" | "default" | "enum" => value.clone(),
                        _ => shape(value),
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Node::Seq(items) => Node::Seq(items.iter().map(shape).collect()),
        other => other.clone(),
    }
}

/// A `properties` map's shape: every name, each schema's shape.
fn properties_shape(node: &Node) -> Node {
    match node {
        Node::Map(entries) => Node::Map(
            entries
                .iter()
                .map(|(name, schema)| (name.clone(), shape(schema)))
                .collect(),
        ),
        other => shape(other),
    }
}

/// The transcript's components to add, those to swap (the old operation's own), and
/// the reused ones (`name -> existing`).
struct Plan {
    add: Vec<Component>,
    swap: Vec<Component>,
    reused: Vec<String>,
    renamed: Vec<String>,
}

/// Which transcript components to add and to swap; the rest are reused (their
/// `$ref`s renamed to the spec's name). `refresh` tells the components of the replaced
/// operation to swap even where their shape is unchanged, `shared` those that other
/// operations use too.
fn plan_components(
    spec: &Spec<'_>,
    tree: &Node,
    transcript: &mut Transcript,
    old_components: &[String],
    refresh: &dyn Fn(&str) -> bool,
    shared: &dyn Fn(&str) -> bool,
) -> Result<Plan, String> {
    let existing: Vec<(String, Node)> = match pointer_get(tree, "/components/schemas") {
        Some(Node::Map(entries)) => entries.clone(),
        _ => Vec::new(),
    };
    let mut add = Vec::new();
    let mut swap = Vec::new();
    let mut reused = Vec::new();
    // A name the spec gives another shape (not the replaced operation's own): this
    // object takes the operation's name before it, so the names already in the spec
    // never change when an operation is added. Renamed before any reuse, whose `$ref`s
    // to the spec's components must not be renamed with it.
    // Until nothing clashes: a rename changes the `$ref`s of the components that refer
    // to the renamed one, which may then clash in their turn (an `OsChange` equal to the
    // spec's until its `Metadata` is renamed), and would otherwise replace the spec's.
    let mut renamed: Vec<(String, String)> = Vec::new();
    loop {
        // The replaced operation's own component is swapped below; one that other
        // operations use too is theirs as well, and keeps its shape.
        let clashing = transcript.components.iter().position(|component| {
            let own = old_components.contains(&component.name) && !shared(&component.name);
            !own && existing.iter().any(|(name, schema)| {
                name == &component.name && shape(schema) != shape(&component.schema)
            })
        });
        let Some(index) = clashing else {
            break;
        };
        let old = transcript.components[index].name.clone();
        let name = distinct_name(&old, &transcript.operation_id, |name| {
            existing.iter().any(|(existing, _)| existing == name)
                || transcript.components.iter().any(|other| other.name == name)
        });
        rename_refs(&mut transcript.operation, &old, &name);
        for other in &mut transcript.components {
            rename_refs(&mut other.schema, &old, &name);
        }
        transcript.components[index].name = name.clone();
        renamed.push((old, name));
    }
    // Reuse first, so that a reused component's refs are renamed before comparing
    // components that refer to it.
    for _ in 0..4 {
        let components = transcript.components.clone();
        for component in &components {
            let wanted = shape(&component.schema);
            // The component of its own name first, when it has the same shape: the
            // spec's names stay where they are (another of the same shape could be
            // found first).
            let same = existing
                .iter()
                .find(|(name, schema)| name == &component.name && shape(schema) == wanted)
                .or_else(|| existing.iter().find(|(_, schema)| shape(schema) == wanted))
                .map(|(name, _)| name.clone());
            // A component of the replaced operation under the same name is not reused
            // but swapped, so that it takes the new page's texts (once per run).
            if let Some(name) = same
                && !(name == component.name && refresh(&name))
                && !reused
                    .iter()
                    .any(|entry: &String| entry.starts_with(&format!("{} ", component.name)))
            {
                if name != component.name {
                    rename_refs(&mut transcript.operation, &component.name, &name);
                    for other in &mut transcript.components {
                        rename_refs(&mut other.schema, &component.name, &name);
                    }
                }
                reused.push(format!("{} -> {name}", component.name));
            }
        }
    }
    for component in &transcript.components {
        if reused
            .iter()
            .any(|entry| entry.starts_with(&format!("{} ", component.name)))
        {
            continue;
        }
        match existing.iter().find(|(name, _)| name == &component.name) {
            None => add.push(component.clone()),
            Some(_) => swap.push(component.clone()),
        }
    }
    let renamed = renamed
        .into_iter()
        .filter(|(_, name)| add.iter().any(|component| &component.name == name))
        .map(|(old, name)| {
            format!(
                "{old} -> {name} ({}#/components/schemas/{} has another shape)",
                spec.path,
                segment(&old)
            )
        })
        .collect();
    Ok(Plan {
        add,
        swap,
        reused,
        renamed,
    })
}

/// A name for `name` that `taken` does not hold: `ListServersLink` for `Link` of
/// `ListServers`, then `ListServersLink2`, ...; a name that already starts with the
/// operation's (`ListServersResponse`) takes a number.
fn distinct_name(name: &str, operation_id: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = if name.starts_with(operation_id) {
        name.to_owned()
    } else {
        format!("{operation_id}{name}")
    };
    let mut candidate = base.clone();
    let mut number = 2;
    while taken(&candidate) {
        candidate = format!("{base}{number}");
        number += 1;
    }
    candidate
}

/// Only the transcript's components that its operation reaches: a reply the spec keeps
/// as it decided leaves the page's types of that reply unused.
fn drop_unreachable(transcript: &mut Transcript) {
    let reached = reachable(&transcript.operation, |name| {
        transcript
            .components
            .iter()
            .find(|component| component.name == name)
            .map(|component| &component.schema)
    });
    transcript
        .components
        .retain(|component| reached.contains(&component.name));
}

/// The components an operation of the spec refers to, directly or through others.
fn reachable_components(tree: &Node, operation: &Node) -> Vec<String> {
    reachable(operation, |name| {
        pointer_get(tree, &format!("/components/schemas/{}", segment(name)))
    })
}

/// The component names `start` refers to, directly or through the schemas `schema_of`
/// finds for them.
fn reachable<'n>(start: &'n Node, schema_of: impl Fn(&str) -> Option<&'n Node>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut pending = vec![start];
    while let Some(node) = pending.pop() {
        let mut refs = Vec::new();
        collect_refs(node, &mut refs);
        for name in refs {
            if !found.contains(&name) {
                pending.extend(schema_of(&name));
                found.push(name);
            }
        }
    }
    found
}

fn collect_refs(node: &Node, refs: &mut Vec<String>) {
    match node {
        Node::Map(entries) => {
            for (key, value) in entries {
                match value {
                    Node::String(target) if key == "$ref" => {
                        if let Some(name) = target.strip_prefix("#/components/schemas/") {
                            refs.push(name.to_owned());
                        }
                    }
                    _ => collect_refs(value, refs),
                }
            }
        }
        Node::Seq(items) => items.iter().for_each(|item| collect_refs(item, refs)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcribe::{Options, transcribe};

    const PAGE: &str = "Show a thing\nFunction\nShows it.\nURI\nGET /v1/things/{id}\nParameter |\nMandatory |\nType |\nDescription |\n---|---|---|---|\nid |\nYes |\nString |\nThing ID. |\nStatus Codes\nStatus Code |\nDescription |\n---|---|\n200 |\nOK. |\n";

    const EMPTY: &str = "openapi: 3.0.3\ninfo:\n  title: T\n  version: v1\nservers:\n  - url: https://t.example.com\n    x-region: cn-north-4\npaths: {} # none yet\ncomponents: {}\n";

    #[test]
    fn components_the_operation_no_longer_reaches_are_dropped() {
        let reference = |name: &str| {
            Node::Map(vec![(
                "$ref".into(),
                Node::String(format!("#/components/schemas/{name}")),
            )])
        };
        let component = |name: &str, schema: Node| Component {
            name: name.into(),
            schema,
            line: 1,
        };
        let mut transcript = transcribe(PAGE, &Options::default()).unwrap();
        transcript.operation = Node::Map(vec![("x".into(), reference("Used"))]);
        transcript.components = vec![
            component("Unused", reference("AlsoUnused")),
            component("Used", reference("Nested")),
            component("Nested", Node::Map(Vec::new())),
            component("AlsoUnused", Node::Map(Vec::new())),
        ];
        drop_unreachable(&mut transcript);
        let names: Vec<&str> = transcript
            .components
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["Used", "Nested"]);
    }

    #[test]
    fn a_property_called_description_is_part_of_the_shape() {
        let schema = |names: &[&str]| {
            let properties = names
                .iter()
                .map(|name| {
                    let property = Node::Map(vec![
                        ("type".into(), Node::String("string".into())),
                        ("description".into(), Node::String(format!("The {name}."))),
                    ]);
                    ((*name).to_owned(), property)
                })
                .collect();
            Node::Map(vec![
                ("description".into(), Node::String("A group.".into())),
                ("properties".into(), Node::Map(properties)),
            ])
        };
        assert_ne!(
            shape(&schema(&["name", "description"])),
            shape(&schema(&["name"]))
        );
        assert_eq!(shape(&schema(&["name"])), shape(&schema(&["name"])));
    }

    #[test]
    fn a_spec_with_empty_flow_maps_takes_its_first_operation() {
        let transcript = transcribe(PAGE, &Options::default()).unwrap();
        let updated = insert(
            &Spec {
                service: "t",
                path: "specs/t.yaml",
                text: EMPTY,
            },
            &transcript,
            false,
            Replacing::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            updated
                .text
                .starts_with(&EMPTY[..EMPTY.find("paths:").unwrap()]),
            "{}",
            updated.text
        );
        assert!(
            updated
                .text
                .contains("paths: # none yet\n  /v1/things/{id}:\n    get:\n"),
            "{}",
            updated.text
        );
        let service = crate::lower(&crate::SpecInput {
            service: "t",
            path: "specs/t.yaml",
            text: &updated.text,
        })
        .unwrap();
        assert_eq!(service.operations.len(), 1);
    }
}
