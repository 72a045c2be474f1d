//! The documented examples of an operation, kept as JSON text for the emitters: the
//! ready replies of the test doubles and the request examples of the rustdoc.

use serde_json::Value;

use super::Lowering;
use crate::document::{Node, content_examples, pointer_segment};
use crate::ir::Example;

const JSON: &str = "application/json";

impl Lowering<'_> {
    /// The examples of the request body and of every response of the operation at
    /// `pointer`, in the spec's order.
    pub(super) fn documented_examples(&self, pointer: &str) -> (Vec<Example>, Vec<Example>) {
        let request = self.examples_at(&format!("{pointer}/requestBody"), "");
        let mut responses = Vec::new();
        if let Some(statuses) = self
            .raw(&format!("{pointer}/responses"))
            .and_then(Value::as_object)
        {
            for status in statuses.keys() {
                let response_pointer = format!("{pointer}/responses/{}", pointer_segment(status));
                responses.extend(self.examples_at(&response_pointer, status));
            }
        }
        (request, responses)
    }

    fn examples_at(&self, pointer: &str, status: &str) -> Vec<Example> {
        let content_pointer = format!("{pointer}/content");
        let Some(value) = self.raw(&content_pointer) else {
            return Vec::new();
        };
        let content = Node {
            value,
            pointer: content_pointer,
        };
        content_examples(&content)
            .into_iter()
            .filter(|example| example.media_type == JSON)
            .filter_map(|example| {
                Some(Example {
                    status: status.to_owned(),
                    summary: example
                        .node
                        .value
                        .get("summary")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    json: example.value?.value.to_string(),
                    name: example.name,
                })
            })
            .collect()
    }
}
