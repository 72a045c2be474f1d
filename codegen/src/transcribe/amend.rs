//! What a caller changes in a transcript after reading it: another operationId, when
//! the one derived from the method and path is already taken (`GET /v2/x` and
//! `GET /v3/x` both derive `ShowX`), and the page's path once it knows where the page
//! is kept.

use crate::yaml::Node;

use super::build::rename_refs;
use super::{Transcript, segment};

impl Transcript {
    /// Set the operation's `x-doc-page` (the page's path relative to `specs/`), after
    /// its tags like [`super::Options::page_ref`] would have.
    pub fn set_doc_page(&mut self, page_ref: &str) {
        let Node::Map(entries) = &mut self.operation else {
            return;
        };
        let value = Node::String(page_ref.to_owned());
        if let Some((_, old)) = entries.iter_mut().find(|(key, _)| key == "x-doc-page") {
            *old = value;
            return;
        }
        let after = entries
            .iter()
            .rposition(|(key, _)| {
                matches!(
                    key.as_str(),
                    "operationId" | "summary" | "description" | "tags"
                )
            })
            .map_or(0, |index| index + 1);
        entries.insert(after, ("x-doc-page".to_owned(), value));
    }

    /// Tag the operation with `tag` alone (the section of the reference it belongs to),
    /// where the builder put the service's tag.
    pub fn set_tag(&mut self, tag: &str) {
        let Node::Map(entries) = &mut self.operation else {
            return;
        };
        let value = Node::Seq(vec![Node::String(tag.to_owned())]);
        if let Some((_, old)) = entries.iter_mut().find(|(key, _)| key == "tags") {
            *old = value;
            return;
        }
        let after = entries
            .iter()
            .rposition(|(key, _)| matches!(key.as_str(), "operationId" | "summary" | "description"))
            .map_or(0, |index| index + 1);
        entries.insert(after, ("tags".to_owned(), value));
    }

    /// Rename the operation to `to`: its `operationId`, the components named after it
    /// (`<id>RequestBody`, `<id>Response`, ...) and every `` `<id>` `` its deviations and
    /// reviews quote.
    pub fn rename_operation(&mut self, to: &str) {
        let from = std::mem::replace(&mut self.operation_id, to.to_owned());
        if from == to {
            return;
        }
        let (quoted_from, quoted_to) = (format!("`{from}`"), format!("`{to}`"));
        if let Node::Map(entries) = &mut self.operation {
            for (key, value) in entries.iter_mut() {
                if key == "operationId" {
                    *value = Node::String(to.to_owned());
                }
            }
        }
        quote_renamed(&mut self.operation, &quoted_from, &quoted_to);
        let renames: Vec<(String, String)> = self
            .components
            .iter()
            .filter_map(|component| {
                let rest = component.name.strip_prefix(&from)?;
                rest.starts_with(|c: char| c.is_ascii_uppercase())
                    .then(|| (component.name.clone(), format!("{to}{rest}")))
            })
            .collect();
        for (old, new) in &renames {
            rename_refs(&mut self.operation, old, new);
            for component in &mut self.components {
                rename_refs(&mut component.schema, old, new);
                if &component.name == old {
                    component.name = new.clone();
                    // A page without a title for the table: the name is its description.
                    if let Node::Map(entries) = &mut component.schema {
                        for (key, value) in entries.iter_mut() {
                            if key == "description" && *value == Node::String(old.clone()) {
                                *value = Node::String(new.clone());
                            }
                        }
                    }
                }
            }
        }
        for review in &mut self.reviews {
            review.message = review.message.replace(&quoted_from, &quoted_to);
        }
        for (old, new) in &renames {
            let from = format!("/components/schemas/{}", segment(old));
            let to = format!("/components/schemas/{}", segment(new));
            self.lines = std::mem::take(&mut self.lines)
                .into_iter()
                .map(|(pointer, line)| match pointer.strip_prefix(&from) {
                    Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                        (format!("{to}{rest}"), line)
                    }
                    _ => (pointer, line),
                })
                .collect();
        }
    }
}

/// Every string under an `x-doc-deviation` with `` `from` `` replaced by `` `to` ``.
fn quote_renamed(node: &mut Node, from: &str, to: &str) {
    match node {
        Node::Map(entries) => {
            for (key, value) in entries {
                if key == "x-doc-deviation" {
                    replace_strings(value, from, to);
                } else {
                    quote_renamed(value, from, to);
                }
            }
        }
        Node::Seq(items) => {
            for item in items {
                quote_renamed(item, from, to);
            }
        }
        _ => {}
    }
}

fn replace_strings(node: &mut Node, from: &str, to: &str) {
    match node {
        Node::String(text) => *text = text.replace(from, to),
        Node::Map(entries) => entries
            .iter_mut()
            .for_each(|(_, value)| replace_strings(value, from, to)),
        Node::Seq(items) => items
            .iter_mut()
            .for_each(|item| replace_strings(item, from, to)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Options, transcribe};

    #[test]
    fn the_doc_page_goes_where_the_page_ref_option_puts_it() {
        let page_ref = "pages/t/t-create-things-resize.en.txt";
        let given = transcribe(
            PAGE,
            &Options {
                service: Some("t"),
                page_ref: Some(page_ref),
                ..Options::default()
            },
        )
        .unwrap();
        let mut set = transcribe(
            PAGE,
            &Options {
                service: Some("t"),
                ..Options::default()
            },
        )
        .unwrap();
        set.set_doc_page(page_ref);
        assert_eq!(set.to_yaml(), given.to_yaml());
        set.set_doc_page("pages/t/other.en.txt");
        assert_eq!(
            set.to_yaml(),
            given.to_yaml().replace(page_ref, "pages/t/other.en.txt")
        );
    }

    const PAGE: &str = "Resize a thing\nFunction\nResizes it.\nURI\nPOST /v2/things/{id}/resize\nParameter |\nMandatory |\nType |\nDescription |\n---|---|---|---|\nid |\nYes |\nString |\nThing ID. |\nRequest Parameters\nParameter |\nMandatory |\nType |\nDescription |\n---|---|---|---|\nsize |\nYes |\nString |\nThe size. |\nStatus Codes\nStatus Code |\nDescription |\n---|---|\n200 |\nOK. |\n";

    #[test]
    fn renaming_moves_the_id_the_components_and_the_review_that_quotes_it() {
        let mut transcript = transcribe(PAGE, &Options::default()).unwrap();
        let derived = transcript.operation_id.clone();
        assert_eq!(derived, "CreateThingsResize");
        assert!(
            transcript
                .components
                .iter()
                .any(|component| component.name == "CreateThingsResizeRequestBody")
        );
        transcript.rename_operation("CreateThingsResizeV2");
        let yaml = transcript.to_yaml();
        assert!(!yaml.contains("CreateThingsResizeRequestBody"), "{yaml}");
        assert!(
            yaml.contains("operationId: CreateThingsResizeV2\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("\"#/components/schemas/CreateThingsResizeV2RequestBody\""),
            "{yaml}"
        );
        assert!(
            yaml.contains("    CreateThingsResizeV2RequestBody:\n"),
            "{yaml}"
        );
        assert!(yaml.contains("`CreateThingsResizeV2` is derived"), "{yaml}");
        assert!(
            transcript
                .reviews
                .iter()
                .any(|review| review.message.contains("`CreateThingsResizeV2` is derived"))
        );
    }
}
