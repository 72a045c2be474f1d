//! A tree as spec YAML in the style of `specs/*.yaml`: block mappings and sequences,
//! two-space indents, strings quoted only where YAML would read them otherwise, and
//! example values as pretty-printed JSON (JSON is YAML) in the page's key order.

use crate::yaml::Node;

/// The YAML lines of `node` as the value of a mapping key, indented by `indent`
/// spaces: ` value` for a scalar (to follow `key:`), or a newline and the block.
pub fn value(node: &Node, indent: usize) -> String {
    match node {
        Node::Map(entries) if !entries.is_empty() => format!("\n{}", block(node, indent)),
        Node::Seq(items) if !items.is_empty() => format!("\n{}", block(node, indent)),
        other => format!(" {}", scalar(other)),
    }
}

/// A mapping or sequence as block YAML, each line indented by `indent` spaces.
pub fn block(node: &Node, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    match node {
        Node::Map(entries) => {
            // An example object (`summary`, `value`): its value is printed as JSON.
            let example = entries.iter().any(|(key, _)| key == "summary");
            for (key, value) in entries {
                out.push_str(&format!("{pad}{}:", scalar_str(key)));
                if example && key == "value" && matches!(value, Node::Map(_) | Node::Seq(_)) {
                    out.push('\n');
                    for line in json(value, 0).lines() {
                        out.push_str(&format!("{pad}  {line}\n"));
                    }
                } else {
                    out.push_str(&self::value(value, indent + 2));
                    if !out.ends_with('\n') {
                        out.push('\n');
                    }
                }
            }
        }
        Node::Seq(items) => {
            for item in items {
                match item {
                    Node::Map(entries) if !entries.is_empty() => {
                        let inner = block(item, indent + 2);
                        out.push_str(&format!("{pad}- {}", &inner[indent + 2..]));
                    }
                    other => out.push_str(&format!("{pad}- {}\n", scalar(other))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
    out
}

fn scalar(node: &Node) -> String {
    match node {
        Node::Null => "null".to_owned(),
        Node::Bool(value) => value.to_string(),
        Node::Number(value) => value.to_string(),
        Node::String(value) => scalar_str(value),
        Node::Map(_) => "{}".to_owned(),
        Node::Seq(_) => "[]".to_owned(),
    }
}

/// A string plain when YAML reads it back as the same string, else double-quoted
/// with JSON's escapes (which YAML shares).
pub(super) fn scalar_str(text: &str) -> String {
    if is_plain(text) {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

fn is_plain(text: &str) -> bool {
    const RESERVED: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ];
    let Some(first) = text.chars().next() else {
        return false;
    };
    let last = text.chars().last().unwrap_or(first);
    !(RESERVED.contains(&text.to_ascii_lowercase().as_str())
        || text.parse::<f64>().is_ok()
        || text.starts_with(|c: char| c.is_ascii_digit())
        || "-?:,[]{}#&*!|>'\"%@`. ".contains(first)
        || last == ' '
        || last == ':'
        || text.contains(": ")
        || text.contains(" #")
        || text.contains(['\n', '\t', '\r', '\\'])
        || text.chars().any(char::is_control))
}

/// `node` as pretty-printed JSON, keys in the tree's order.
pub fn json(node: &Node, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match node {
        Node::Map(entries) if !entries.is_empty() => {
            let items: Vec<String> = entries
                .iter()
                .map(|(key, value)| {
                    format!(
                        "{pad}  {}: {}",
                        serde_json::to_string(key).unwrap_or_default(),
                        json(value, indent + 2)
                    )
                })
                .collect();
            format!("{{\n{}\n{pad}}}", items.join(",\n"))
        }
        Node::Seq(items) if !items.is_empty() => {
            let items: Vec<String> = items
                .iter()
                .map(|item| format!("{pad}  {}", json(item, indent + 2)))
                .collect();
            format!("[\n{}\n{pad}]", items.join(",\n"))
        }
        Node::String(text) => serde_json::to_string(text).unwrap_or_default(),
        other => scalar(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, Node)]) -> Node {
        Node::Map(
            entries
                .iter()
                .map(|(key, value)| ((*key).to_owned(), value.clone()))
                .collect(),
        )
    }

    fn text(value: &str) -> Node {
        Node::String(value.to_owned())
    }

    #[test]
    fn block_yaml_reads_back_as_the_same_tree() {
        let tree = map(&[
            ("plain", text("hello world")),
            ("number_like", text("0")),
            ("status", text("200")),
            ("colon", text("a: b")),
            ("review", text("REVIEW: the example says so")),
            ("chinese", text("流程定义ID")),
            ("bool_like", text("yes")),
            ("list", Node::Seq(vec![text("a"), map(&[("k", text("v"))])])),
            ("empty", Node::Seq(vec![])),
            ("summary", text("An example.")),
            (
                "value",
                Node::Seq(vec![map(&[
                    ("z", Node::Number(1.into())),
                    ("a", Node::Null),
                ])]),
            ),
        ]);
        let yaml = block(&tree, 0);
        let read = crate::yaml::read(&yaml).unwrap();
        assert_eq!(read, tree, "{yaml}");
        assert!(yaml.contains("status: \"200\"\n"), "{yaml}");
        assert!(yaml.contains("plain: hello world\n"), "{yaml}");
        // Example values keep the page's key order.
        assert!(yaml.contains("\"z\": 1,\n"), "{yaml}");
    }
}
