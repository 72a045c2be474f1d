//! The documented examples of an operation, kept as JSON text for the emitters: the
//! ready replies of the test doubles and the request examples of the rustdoc.

use serde_json::Value;

use super::Lowering;
use crate::error::pointer_segment;
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
        let media = format!("{pointer}/content/{}", pointer_segment(JSON));
        let Some(examples) = self
            .raw(&format!("{media}/examples"))
            .and_then(Value::as_object)
        else {
            return Vec::new();
        };
        examples
            .iter()
            .filter_map(|(name, example)| {
                Some(Example {
                    status: status.to_owned(),
                    name: name.clone(),
                    summary: example
                        .get("summary")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    json: example.get("value")?.to_string(),
                })
            })
            .collect()
    }
}
