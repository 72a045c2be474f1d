//! `--replace`: a maintainer's decisions carried from the old operation into the new
//! reading of its page, and the decisions that lapsed because the page changed.
//!
//! A decision is what the spec holds that its page did not say. When the page the
//! operation was transcribed from is at hand (its `x-doc-page` copy, before the new page
//! replaces it), its reading is the base of a three-way merge: a value of the spec that
//! equals the old page's reading is the page's and follows the new page; a value that
//! differs is a decision. Without the old page every value the spec holds counts as a
//! decision. The operationId is kept unless the old page gave it and the new page names
//! the operation otherwise (another SDK operation now has the request); while it is kept,
//! so are the names of the operation's own components (renaming a type breaks users'
//! code).
//!
//! Decisions are the operation's operationId, summary, description, pagination and
//! `x-doc-deviation`, each node's description, the titles of examples, each parameter,
//! header, property, reply or component that records an `x-doc-deviation` (not a
//! `REVIEW:` one), with the parameters and properties the spec added that way, and (with
//! the old page at hand) a parameter, header or property edited by hand where the page
//! did not change: the page changing it too makes the page's reading win. A recorded node
//! still applies while the page reads otherwise, or while the page still contradicts
//! itself there (the new reading has a `REVIEW:` on it); it lapses when the page now
//! reads as the spec decided: the node is then the page's, and its deviation goes.
//! The tags are no decision: an operation's tag is its section of the reference, and a
//! run over the reference writes the section it finds now.

use crate::yaml::Node;

use super::build::rename_refs;
use super::examples::pointer_get;
use super::insert::shape;
use super::{Transcript, segment};

/// A decision that lapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lapse {
    /// The transcript's component it was on, if any: a component that the spec keeps as
    /// it is (shared with another operation) loses nothing.
    pub component: Option<String>,
    /// What it was, in words.
    pub what: String,
}

/// Carry the old operation's decisions (`old`, in the spec `tree`) into `transcript`;
/// returns the decisions that lapsed. `used_elsewhere` tells whether another
/// operation of the spec refers to a component.
pub(super) fn keep_decisions(
    tree: &Node,
    old: &Node,
    base: Option<&Transcript>,
    transcript: &mut Transcript,
    used_elsewhere: &dyn Fn(&str) -> bool,
) -> Vec<Lapse> {
    let mut lapsed = Vec::new();
    let said = Said::of(base.map(|base| &base.operation));
    let Node::Map(new) = &mut transcript.operation else {
        return lapsed;
    };
    let old_id = match pointer_get(old, "/operationId") {
        Some(Node::String(id)) => Some(id.as_str()),
        _ => None,
    };
    let id = kept_operation_id(old_id, base, &transcript.operation_id);
    set(new, "operationId", Node::String(id.clone()));
    for key in [
        "summary",
        "description",
        // Not "tags": an operation's tag is its section of the reference, which follows
        // the reference like the page's text does (the old page alone cannot say which
        // section it was in, so a three-way merge would keep every old tag).
        "x-doc-deviation",
        "x-pagination",
    ] {
        let pointer = format!("/{key}");
        if let Some(value) = pointer_get(old, &pointer)
            && said.at(&pointer).differs(value)
        {
            set(new, key, value.clone());
        }
    }
    // Parameters by name and location.
    if let (Some(Node::Seq(old_params)), Some(Node::Seq(new_params))) =
        (pointer_get(old, "/parameters"), get_mut(new, "parameters"))
    {
        let base_params = match said.at("/parameters") {
            Said::Read(Some(Node::Seq(params))) => Some(params.as_slice()),
            Said::Read(_) => Some(&[][..]),
            Said::Unknown => None,
        };
        let said_param = |key: &(Option<String>, Option<String>)| match base_params {
            None => Said::Unknown,
            Some(params) => Said::Read(
                params
                    .iter()
                    .find(|param| (field(param, "name"), field(param, "in")) == *key),
            ),
        };
        for param in new_params.iter_mut() {
            let key = (field(param, "name"), field(param, "in"));
            if let Some(old_param) = old_params
                .iter()
                .find(|old_param| (field(old_param, "name"), field(old_param, "in")) == key)
                && keep_node(old_param, said_param(&key), param) == Kept::Lapsed
            {
                lapsed.push(Lapse {
                    component: None,
                    what: format!(
                        "{} parameter `{}`",
                        key.1.unwrap_or_default(),
                        key.0.unwrap_or_default()
                    ),
                });
            }
        }
        // Parameters the spec added on purpose (recorded) and the page lacks.
        for old_param in old_params {
            let key = (field(old_param, "name"), field(old_param, "in"));
            let present = new_params
                .iter()
                .any(|param| (field(param, "name"), field(param, "in")) == key);
            if !present && added_on_purpose(old_param, said_param(&key)) {
                new_params.push(old_param.clone());
            }
        }
    }
    if let (Some(old_body), Some(body)) = (
        pointer_get(old, "/requestBody"),
        get_mut(new, "requestBody"),
    ) {
        keep_example_summaries(old_body, said.at("/requestBody"), body);
    }
    // Response headers by status and name.
    if let (Some(Node::Map(old_responses)), Some(Node::Map(new_responses))) =
        (pointer_get(old, "/responses"), get_mut(new, "responses"))
    {
        for (status, response) in new_responses.iter_mut() {
            let Some((_, old_response)) = old_responses
                .iter()
                .find(|(old_status, _)| old_status == status)
            else {
                continue;
            };
            let said_response = said.at(&format!("/responses/{}", segment(status)));
            // A reply the spec decided otherwise (no body where the page prints one)
            // stays while the page still reads otherwise.
            if let Some(reason) = decision(old_response)
                && said_response.at("/x-doc-deviation").differs(reason)
                && wire(old_response) != wire(response)
            {
                *response = old_response.clone();
                continue;
            }
            copy_description(old_response, said_response, response);
            keep_example_summaries(old_response, said_response, response);
            if let (Some(Node::Map(old_headers)), Node::Map(map)) =
                (pointer_get(old_response, "/headers"), &mut *response)
                && let Some(Node::Map(headers)) = get_mut(map, "headers")
            {
                for name in keep_entries(old_headers, said_response.at("/headers"), headers) {
                    lapsed.push(Lapse {
                        component: None,
                        what: format!("header `{name}` of status {status}"),
                    });
                }
            }
        }
    }
    // Components, paired by where the operation uses them (the names may differ).
    let mut pairs: Vec<(String, String)> = Vec::new();
    let new_operation = transcript.operation.clone();
    pair_schemas(tree, transcript, old, &new_operation, "", &mut pairs);
    // The old page's components, paired the same way with the spec's.
    let mut base_pairs: Vec<(String, String)> = Vec::new();
    if let Some(base) = base {
        pair_schemas(tree, base, old, &base.operation, "", &mut base_pairs);
    }
    let said_schema = |old_name: &str| match base {
        None => Said::Unknown,
        Some(base) => Said::Read(
            base_pairs
                .iter()
                .find(|(paired, _)| paired == old_name)
                .and_then(|(_, name)| base.components.iter().find(|c| &c.name == name))
                .map(|component| &component.schema),
        ),
    };
    // An operation that now goes by another SDK name is another operation: its types
    // take the new page's names.
    if old_id == Some(id.as_str()) {
        keep_component_names(transcript, &pairs, used_elsewhere);
    }
    for (old_name, new_name) in pairs {
        // After `keep_component_names`, the new component may go by the old name.
        let new_name = if transcript.components.iter().any(|c| c.name == old_name) {
            old_name.clone()
        } else {
            new_name
        };
        let Some(old_schema) =
            pointer_get(tree, &format!("/components/schemas/{}", segment(&old_name)))
        else {
            continue;
        };
        if let Some(component) = transcript
            .components
            .iter_mut()
            .find(|c| c.name == new_name)
        {
            for lapse in keep_schema(old_schema, said_schema(&old_name), &mut component.schema) {
                lapsed.push(Lapse {
                    component: Some(new_name.clone()),
                    what: match lapse {
                        Some(property) => format!("property `{property}` of `{old_name}`"),
                        None => format!("schema `{old_name}`"),
                    },
                });
            }
        }
    }
    transcript.operation_id = id;
    lapsed
}

/// The operationId a replaced operation goes by: the spec's (`old`), unless the old page
/// (`base`) gave it and the new page names the operation otherwise (`new`).
pub fn kept_operation_id(old: Option<&str>, base: Option<&Transcript>, new: &str) -> String {
    match old {
        Some(old) if base.is_none_or(|base| base.operation_id != old) => old.to_owned(),
        _ => new.to_owned(),
    }
}

/// The operation's own components keep the names the spec gave them (a maintainer's,
/// or an older page's): a type renamed is a breaking change for users. A component
/// another operation refers to is not the operation's own to change, and keeps its
/// transcript name.
fn keep_component_names(
    transcript: &mut Transcript,
    pairs: &[(String, String)],
    used_elsewhere: &dyn Fn(&str) -> bool,
) {
    for (old_name, new_name) in pairs {
        let taken = transcript.components.iter().any(|c| &c.name == old_name);
        // One new type where the spec had two (or the reverse): no name is the one.
        let ambiguous = pairs
            .iter()
            .any(|(old, new)| (old == old_name) != (new == new_name));
        if old_name == new_name || taken || ambiguous || used_elsewhere(old_name) {
            continue;
        }
        let Some(index) = transcript
            .components
            .iter()
            .position(|c| &c.name == new_name)
        else {
            continue;
        };
        transcript.components[index].name = old_name.clone();
        rename_refs(&mut transcript.operation, new_name, old_name);
        for component in &mut transcript.components {
            rename_refs(&mut component.schema, new_name, old_name);
        }
    }
}

/// Walk the old and the new node side by side (bodies, properties, items) and pair
/// the components each side refers to at the same place.
fn pair_schemas(
    tree: &Node,
    transcript: &Transcript,
    old: &Node,
    new: &Node,
    at: &str,
    pairs: &mut Vec<(String, String)>,
) {
    if pairs.len() > 256 {
        return;
    }
    let reference = |node: &Node| match pointer_get(node, "/$ref") {
        Some(Node::String(target)) => target
            .strip_prefix("#/components/schemas/")
            .map(str::to_owned),
        _ => None,
    };
    let (old_ref, new_ref) = (reference(old), reference(new));
    if let (Some(old_name), Some(new_name)) = (&old_ref, &new_ref) {
        if pairs.contains(&(old_name.clone(), new_name.clone())) {
            return;
        }
        pairs.push((old_name.clone(), new_name.clone()));
    }
    let old = match &old_ref {
        Some(name) => match pointer_get(tree, &format!("/components/schemas/{}", segment(name))) {
            Some(node) => node,
            None => return,
        },
        None => old,
    };
    let new = match &new_ref {
        Some(name) => match transcript.components.iter().find(|c| &c.name == name) {
            Some(component) => &component.schema,
            None => return,
        },
        None => new,
    };
    let (Node::Map(old_map), Node::Map(new_map)) = (old, new) else {
        return;
    };
    for (key, new_child) in new_map {
        let Some((_, old_child)) = old_map.iter().find(|(old_key, _)| old_key == key) else {
            continue;
        };
        let descend = matches!(
            key.as_str(),
            "properties"
                | "items"
                | "requestBody"
                | "responses"
                | "content"
                | "application/json"
                | "schema"
        ) || matches!(at, "properties" | "responses" | "content");
        if descend {
            pair_schemas(tree, transcript, old_child, new_child, key, pairs);
        }
    }
}

/// Keep a component's decisions; returns what lapsed: `Some(property)` for a property,
/// `None` for the schema itself.
fn keep_schema(old: &Node, said: Said<'_>, new: &mut Node) -> Vec<Option<String>> {
    let mut lapsed: Vec<Option<String>> = Vec::new();
    let said_properties = said.at("/properties");
    if let (Some(Node::Map(old_properties)), Node::Map(map)) =
        (pointer_get(old, "/properties"), &mut *new)
        && let Some(Node::Map(properties)) = get_mut(map, "properties")
    {
        lapsed.extend(
            keep_entries(old_properties, said_properties, properties)
                .into_iter()
                .map(Some),
        );
        // Properties the spec added on purpose (aliases, fields only the SDKs know).
        for (name, old_property) in old_properties {
            if !properties.iter().any(|(new_name, _)| new_name == name)
                && added_on_purpose(
                    old_property,
                    said_properties.at(&format!("/{}", segment(name))),
                )
            {
                properties.push((name.clone(), old_property.clone()));
            }
        }
    }
    copy_description(old, said, new);
    // The schema's own deviation: its properties were merged above, so what is left
    // to differ is the schema's own shape, which the decision keeps (its keywords).
    if let Some(deviation) = decision(old)
        && said.at("/x-doc-deviation").differs(deviation)
        && let (Node::Map(old_map), Node::Map(map)) = (old, &mut *new)
    {
        let reviewed = under_review(&Node::Map(map.clone()));
        if shape(old) != shape(&Node::Map(map.clone())) {
            for (key, value) in old_map.iter().filter(|(key, _)| key != "properties") {
                set(map, key, value.clone());
            }
        } else if reviewed {
            set(map, "x-doc-deviation", deviation.clone());
        } else {
            lapsed.push(None);
        }
    }
    lapsed
}

/// [`keep_node`] for each entry of a map (headers, properties) that both sides have
/// (`said`: the old page's map); returns the names whose decisions lapsed.
fn keep_entries(old: &[(String, Node)], said: Said<'_>, new: &mut [(String, Node)]) -> Vec<String> {
    let mut lapsed = Vec::new();
    for (name, node) in new.iter_mut() {
        if let Some((_, old_node)) = old.iter().find(|(old_name, _)| old_name == name)
            && keep_node(old_node, said.at(&format!("/{}", segment(name))), node) == Kept::Lapsed
        {
            lapsed.push(name.clone());
        }
    }
    lapsed
}

/// What became of a node's recorded decision.
#[derive(Debug, PartialEq, Eq)]
enum Kept {
    /// The node records none.
    Nothing,
    /// It still applies: the old node, or the new one with the old deviation.
    Applies,
    /// The page now reads as the spec decided: the new node, without the deviation.
    Lapsed,
}

/// The old node when it records a decision and the page still reads otherwise; the
/// new node with the old decision when the page still contradicts itself there;
/// otherwise the new node, with the old description if that was decided (`said`: what
/// the old page said there).
fn keep_node(old: &Node, said: Said<'_>, new: &mut Node) -> Kept {
    let recorded = decision(old)
        .filter(|reason| said.at("/x-doc-deviation").differs(reason))
        .cloned();
    let Some(reason) = recorded else {
        if edited_where_the_page_did_not_change(old, said, new) {
            *new = old.clone();
            return Kept::Applies;
        }
        copy_description(old, said, new);
        return Kept::Nothing;
    };
    if shape(old) != shape(new) {
        *new = old.clone();
        return Kept::Applies;
    }
    let reviewed = under_review(new);
    copy_description(old, said, new);
    if !reviewed {
        if let Node::Map(map) = new {
            map.retain(|(key, _)| key != "x-doc-deviation");
        }
        return Kept::Lapsed;
    }
    if let Node::Map(map) = new {
        set(map, "x-doc-deviation", reason);
    }
    Kept::Applies
}

/// A node the spec changed by hand without recording why (an `enum` added), where the
/// page still reads as before: a three-way merge keeps the spec's side. Only with the
/// old page at hand; `$ref` targets do not count (the spec may name a type otherwise).
fn edited_where_the_page_did_not_change(old: &Node, said: Said<'_>, new: &Node) -> bool {
    let Said::Read(Some(base)) = said else {
        return false;
    };
    let wire = |node: &Node| wire(&without_lines(node));
    wire(old) != wire(base) && wire(new) == wire(base)
}

/// What of a node reaches the wire, whatever the spec calls its types: its shape with
/// every `$ref` target blanked.
fn wire(node: &Node) -> Node {
    without_refs(&shape(node))
}

/// A node with every `$ref` target blanked.
fn without_refs(node: &Node) -> Node {
    match node {
        Node::Map(entries) => Node::Map(
            entries
                .iter()
                .map(|(key, value)| match value {
                    Node::String(_) if key == "$ref" => (key.clone(), Node::Null),
                    _ => (key.clone(), without_refs(value)),
                })
                .collect(),
        ),
        Node::Seq(items) => Node::Seq(items.iter().map(without_refs).collect()),
        other => other.clone(),
    }
}

/// A node's `x-doc-deviation` when it is a maintainer's decision (not a `REVIEW:`).
fn decision(node: &Node) -> Option<&Node> {
    pointer_get(node, "/x-doc-deviation")
        .filter(|reason| !matches!(reason, Node::String(text) if text.starts_with("REVIEW:")))
}

/// The new reading leaves a contradiction of the page to review on this node.
fn under_review(node: &Node) -> bool {
    matches!(pointer_get(node, "/x-doc-deviation"), Some(Node::String(text)) if text.starts_with("REVIEW:"))
}

/// The titles of a body's examples (`content/<media type>/examples/<name>/summary`)
/// that the spec wrote otherwise than the old page: an example the page still prints
/// keeps its title.
fn keep_example_summaries(old: &Node, said: Said<'_>, new: &mut Node) {
    let Some(Node::Map(media_types)) = pointer_get_mut(new, "content") else {
        return;
    };
    for (media_type, content) in media_types.iter_mut() {
        let Some(Node::Map(examples)) = pointer_get_mut(content, "examples") else {
            continue;
        };
        for (name, example) in examples.iter_mut() {
            let pointer = format!(
                "/content/{}/examples/{}/summary",
                segment(media_type),
                segment(name)
            );
            if let (Some(summary), Node::Map(map)) = (pointer_get(old, &pointer), &mut *example)
                && said.at(&pointer).differs(summary)
            {
                set(map, "summary", summary.clone());
            }
        }
    }
}

fn pointer_get_mut<'n>(node: &'n mut Node, key: &str) -> Option<&'n mut Node> {
    match node {
        Node::Map(map) => get_mut(map, key),
        _ => None,
    }
}

/// The old node's description onto the new one, unless it is what the old page said.
fn copy_description(old: &Node, said: Said<'_>, new: &mut Node) {
    if let (Some(description), Node::Map(map)) = (pointer_get(old, "/description"), &mut *new)
        && said.at("/description").differs(description)
    {
        set(map, "description", description.clone());
    }
}

/// A parameter or property of the spec that the new page lacks stays when the spec
/// records why it has it, and the old page did not have it as it is (otherwise the page
/// dropped it).
fn added_on_purpose(old: &Node, said: Said<'_>) -> bool {
    pointer_get(old, "/x-doc-deviation").is_some() && said.differs(old)
}

/// What the old page said at a place of the operation: unknown (its page is not at
/// hand), or its reading there (`None`: nothing).
#[derive(Debug, Clone, Copy)]
enum Said<'a> {
    Unknown,
    Read(Option<&'a Node>),
}

impl<'a> Said<'a> {
    fn of(node: Option<&'a Node>) -> Said<'a> {
        node.map_or(Said::Unknown, |node| Said::Read(Some(node)))
    }

    /// What it said at a pointer below.
    fn at(self, pointer: &str) -> Said<'a> {
        match self {
            Said::Unknown => Said::Unknown,
            Said::Read(node) => Said::Read(node.and_then(|node| pointer_get(node, pointer))),
        }
    }

    /// Whether the spec's value differs from what the old page said: a decision. Always,
    /// when what the page said is unknown. The page lines the tool's own notes cite
    /// (`the example (line 365)`) do not count: they move whenever the page grows.
    fn differs(self, value: &Node) -> bool {
        match self {
            Said::Unknown => true,
            Said::Read(None) => true,
            Said::Read(Some(said)) => without_lines(said) != without_lines(value),
        }
    }
}

/// A node with every `line <number>` in its strings read as `line #`.
fn without_lines(node: &Node) -> Node {
    match node {
        Node::String(text) => Node::String(mask_lines(text)),
        Node::Map(entries) => Node::Map(
            entries
                .iter()
                .map(|(key, value)| (key.clone(), without_lines(value)))
                .collect(),
        ),
        Node::Seq(items) => Node::Seq(items.iter().map(without_lines).collect()),
        other => other.clone(),
    }
}

fn mask_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("line ") {
        out.push_str(&rest[..at + "line ".len()]);
        rest = &rest[at + "line ".len()..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push('#');
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

fn field(node: &Node, key: &str) -> Option<String> {
    match pointer_get(node, &format!("/{key}")) {
        Some(Node::String(text)) => Some(text.clone()),
        _ => None,
    }
}

fn get_mut<'n>(map: &'n mut [(String, Node)], key: &str) -> Option<&'n mut Node> {
    map.iter_mut()
        .find(|(k, _)| k == key)
        .map(|(_, value)| value)
}

fn set(map: &mut Vec<(String, Node)>, key: &str, value: Node) {
    match map.iter_mut().find(|(k, _)| k == key) {
        Some((_, existing)) => *existing = value,
        None => map.push((key.to_owned(), value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_lines_cited_by_the_tool_do_not_make_a_decision() {
        assert_eq!(
            mask_lines("the example (line 365) and line 7, not line x"),
            "the example (line #) and line #, not line x"
        );
        let old = Node::String("`addr` appears in the example (line 365)".into());
        let said = Node::String("`addr` appears in the example (line 367)".into());
        assert!(!Said::Read(Some(&said)).differs(&old));
        assert!(Said::Read(Some(&Node::String("other".into()))).differs(&old));
        assert!(Said::Read(None).differs(&old));
        assert!(Said::Unknown.differs(&old));
    }

    #[test]
    fn a_recorded_node_applies_while_the_page_differs_and_lapses_when_it_agrees() {
        let node = |kind: &str, deviation: Option<&str>| {
            let mut map = vec![("type".to_owned(), Node::String(kind.into()))];
            if let Some(reason) = deviation {
                map.push(("x-doc-deviation".to_owned(), Node::String(reason.into())));
            }
            Node::Map(map)
        };
        let old = node("string", Some("The SDKs send a string."));
        let base = node("integer", None);
        // The page still says integer: the decision stays, whole.
        let mut new = node("integer", None);
        assert_eq!(
            keep_node(&old, Said::Read(Some(&base)), &mut new),
            Kept::Applies
        );
        assert_eq!(new, old);
        // The page now says string: the node is the page's, without the deviation.
        let mut new = node("string", None);
        assert_eq!(
            keep_node(&old, Said::Read(Some(&base)), &mut new),
            Kept::Lapsed
        );
        assert_eq!(new, node("string", None));
        // The deviation was the old page's own reading: no decision at all.
        let mut new = node("integer", None);
        assert_eq!(
            keep_node(&old, Said::Read(Some(&old)), &mut new),
            Kept::Nothing
        );
        assert_eq!(new, node("integer", None));
    }

    #[test]
    fn a_hand_edit_stays_where_the_page_did_not_change_and_yields_where_it_did() {
        let node = |values: &[&str]| {
            let mut map = vec![("type".to_owned(), Node::String("string".into()))];
            if !values.is_empty() {
                let values = values.iter().map(|v| Node::String((*v).into())).collect();
                map.push(("enum".to_owned(), Node::Seq(values)));
            }
            Node::Map(map)
        };
        let (old, base) = (node(&["clear"]), node(&[]));
        let mut new = node(&[]);
        assert_eq!(
            keep_node(&old, Said::Read(Some(&base)), &mut new),
            Kept::Applies
        );
        assert_eq!(new, old);
        // The page now lists values of its own: its reading wins.
        let mut new = node(&["on", "off"]);
        assert_eq!(
            keep_node(&old, Said::Read(Some(&base)), &mut new),
            Kept::Nothing
        );
        assert_eq!(new, node(&["on", "off"]));
        // Without the old page there is nothing to tell a hand edit by.
        let mut new = node(&[]);
        assert_eq!(keep_node(&old, Said::Unknown, &mut new), Kept::Nothing);
    }

    #[test]
    fn the_operation_id_follows_the_page_only_when_the_old_page_gave_it() {
        let base = Transcript {
            service: None,
            method: "post".into(),
            path: "/v1/x/action".into(),
            operation_id: "BatchRebootServers".into(),
            operation: Node::Null,
            components: Vec::new(),
            reviews: Vec::new(),
            lines: Default::default(),
        };
        let renamed = |old: &str, base: Option<&Transcript>| {
            kept_operation_id(Some(old), base, "BatchStopServers")
        };
        assert_eq!(
            renamed("BatchRebootServers", Some(&base)),
            "BatchStopServers"
        );
        assert_eq!(renamed("RebootByHand", Some(&base)), "RebootByHand");
        assert_eq!(renamed("BatchRebootServers", None), "BatchRebootServers");
        assert_eq!(kept_operation_id(None, None, "New"), "New");
    }
}
