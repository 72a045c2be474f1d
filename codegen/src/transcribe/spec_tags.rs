//! The spec's top-level `tags` list: read, and written again once a run has tagged its
//! operations, every other byte of the spec kept. The generator groups the client's
//! methods by an operation's first tag, in the order of this list, with the tag's
//! description as the group's documentation.

use crate::yaml::{self, Node};

use super::examples::pointer_get;
use super::yaml_text::scalar_str;

/// A tag of the top-level list: name and description.
pub type Tag = (String, String);

/// The tags the spec's operations use, each once, in the order they first appear.
pub fn used(text: &str) -> Result<Vec<String>, String> {
    let tree = yaml::read(text).map_err(|e| e.to_string())?;
    let mut used: Vec<String> = Vec::new();
    if let Some(Node::Map(paths)) = pointer_get(&tree, "/paths") {
        for (_, item) in paths {
            let Node::Map(methods) = item else { continue };
            for (_, operation) in methods {
                if let Some(Node::Seq(tags)) = pointer_get(operation, "/tags") {
                    for tag in tags {
                        if let Node::String(tag) = tag
                            && !used.contains(tag)
                        {
                            used.push(tag.clone());
                        }
                    }
                }
            }
        }
    }
    Ok(used)
}

/// The spec's top-level tags.
pub fn listed(text: &str) -> Result<Vec<Tag>, String> {
    let tree = yaml::read(text).map_err(|e| e.to_string())?;
    let Some(Node::Seq(tags)) = pointer_get(&tree, "/tags") else {
        return Ok(Vec::new());
    };
    Ok(tags
        .iter()
        .filter_map(|tag| match pointer_get(tag, "/name") {
            Some(Node::String(name)) => {
                let description = match pointer_get(tag, "/description") {
                    Some(Node::String(text)) => text.clone(),
                    _ => name.clone(),
                };
                Some((name.clone(), description))
            }
            _ => None,
        })
        .collect())
}

/// The spec with its top-level `tags` list replaced by `tags` (added before `paths:`
/// when it has none).
pub fn replace(text: &str, tags: &[Tag]) -> String {
    let mut block = String::from("tags:\n");
    for (name, description) in tags {
        block.push_str(&format!(
            "  - name: {}\n    description: {}\n",
            scalar_str(name),
            scalar_str(description)
        ));
    }
    let mut out = String::with_capacity(text.len() + block.len());
    let mut in_tags = false;
    let mut written = false;
    for line in text.split_inclusive('\n') {
        let top_level = !line.starts_with([' ', '-', '\n', '\r', '#']);
        if top_level {
            in_tags = false;
            if line.starts_with("tags:") {
                in_tags = true;
                out.push_str(&block);
                written = true;
                continue;
            }
            if line.starts_with("paths:") && !written {
                out.push_str(&block);
                written = true;
            }
        }
        if !in_tags {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3\ninfo:\n  title: ECS\ntags:\n  - name: ecs\n    description: ECS operations.\npaths:\n  /v1/{project_id}/cloudservers:\n    get:\n      tags: [生命周期管理]\n  /v1/{project_id}/jobs/{job_id}:\n    get:\n      tags:\n        - jobs\n";

    #[test]
    fn used_tags_come_in_spec_order_once() {
        assert_eq!(used(SPEC).unwrap(), ["生命周期管理", "jobs"]);
    }

    #[test]
    fn the_list_is_replaced_and_the_rest_kept() {
        let tags = vec![
            (
                "生命周期管理".to_owned(),
                "包括弹性云服务器的创建、删除、查询等接口。".to_owned(),
            ),
            ("jobs".to_owned(), "Operations on `jobs`.".to_owned()),
        ];
        let text = replace(SPEC, &tags);
        assert_eq!(listed(&text).unwrap(), tags);
        assert_eq!(
            text.replace(
                &text[text.find("tags:\n").unwrap()..text.find("paths:").unwrap()],
                ""
            ),
            SPEC.replace(
                "tags:\n  - name: ecs\n    description: ECS operations.\n",
                ""
            )
        );
    }

    #[test]
    fn a_spec_without_a_list_gets_one_before_paths() {
        let spec = SPEC.replace(
            "tags:\n  - name: ecs\n    description: ECS operations.\n",
            "",
        );
        let text = replace(&spec, &[("jobs".to_owned(), "Jobs.".to_owned())]);
        assert!(
            text.contains("title: ECS\ntags:\n  - name: jobs\n    description: Jobs.\npaths:"),
            "{text}"
        );
    }
}
