//! Lengths that a page states in prose rather than in a labelled column are written
//! onto the schema they bound: a parameter's own, an array's size, a field of the
//! object a row holds; what they cannot be written onto is a `REVIEW:` with its line.

use huaweicloud_sdk_codegen::transcribe::{self, Options, Transcript};
use serde_json::Value;

/// A page in the one-cell-per-line pipe layout with a query parameter, a body whose
/// `tags` row states lengths for its array and for fields of its `Tag` object (one of
/// which `Tag` does not have), and a `Tag` table whose `value` row gives its own limit.
const PAGE: &str = "Tag a Widget
Function
Tags a widget.
URI
POST /v2/widgets/{widget_id}/tags
|
Parameter |
Mandatory |
Type |
Description |
|---|---|---|---|
|
widget_id |
Yes |
String |
Definition: Widget ID. |
|
Parameter |
Mandatory |
Type |
Description |
|---|---|---|---|
|
label |
No |
String |
Definition: A label. Value range: The length is 1 to 64 characters. |
Request Parameters
|
Parameter |
Mandatory |
Type |
Description |
|---|---|---|---|
|
tags |
Yes |
Array of Tag objects |
Definition: Tags. Constraints: The length of the key is 10. The length of the value is 20. The length of the colour is 3. The maximum length of the list is 5. |
|
Parameter |
Mandatory |
Type |
Description |
|---|---|---|---|
|
key |
Yes |
String |
Definition: Tag key. |
|
value |
No |
String |
Definition: Tag value.
Maximum length: 12. |
Response Parameters
Status code: 204
No Content.
Example Requests
POST https://{endpoint}/v2/widgets/{widget_id}/tags
{ \"tags\" : [ { \"key\" : \"k\", \"value\" : \"v\" } ] }
Status Codes
Status Code |
Description |
---|---|
204 |
No Content. |
";

fn transcript() -> Transcript {
    transcribe::transcribe(
        PAGE,
        &Options {
            service: Some("widget"),
            operation_id: Some("TagWidget"),
            page_ref: None,
            ..Default::default()
        },
    )
    .unwrap()
}

/// The transcript as the YAML it prints, read back.
fn printed(transcript: &Transcript) -> Value {
    serde_saphyr::from_str(&transcript.to_yaml()).unwrap()
}

const OPERATION: &str = "/paths/~1v2~1widgets~1{widget_id}~1tags/post";

fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
    value
        .pointer(pointer)
        .unwrap_or_else(|| panic!("nothing at {pointer}"))
}

#[test]
fn a_parameter_s_own_range() {
    let yaml = printed(&transcript());
    let label = at(&yaml, &format!("{OPERATION}/parameters/1"));
    assert_eq!(label["name"], "label");
    assert_eq!(label["schema"]["minLength"], 1);
    assert_eq!(label["schema"]["maxLength"], 64);
}

#[test]
fn an_array_s_size_and_its_object_s_fields() {
    let yaml = printed(&transcript());
    let body = at(&yaml, "/components/schemas/TagWidgetRequestBody");
    assert_eq!(body["properties"]["tags"]["maxItems"], 5);
    let tag = at(&yaml, "/components/schemas/Tag");
    assert_eq!(tag["properties"]["key"]["maxLength"], 10);
}

#[test]
fn what_cannot_be_written_is_reviewed_with_its_line() {
    let transcript = transcript();
    let yaml = printed(&transcript);
    let tag = at(&yaml, "/components/schemas/Tag");
    // The table's own 12 stands against the parent's 20: kept, and flagged.
    assert_eq!(tag["properties"]["value"]["maxLength"], 12);
    let flagged = tag["properties"]["value"]["x-doc-deviation"]
        .as_str()
        .unwrap();
    assert!(flagged.starts_with("REVIEW: "), "{flagged}");
    let messages: Vec<(&str, usize, &str)> = transcript
        .reviews
        .iter()
        .map(|review| {
            (
                review.pointer.as_str(),
                review.line,
                review.message.as_str(),
            )
        })
        .collect();
    let tags_line = PAGE.lines().position(|line| line == "tags |").unwrap() + 1;
    let conflict = messages
        .iter()
        .find(|(pointer, _, _)| *pointer == "/components/schemas/Tag/properties/value")
        .unwrap_or_else(|| panic!("no review of Tag.value in {messages:?}"));
    assert_eq!(conflict.1, tags_line);
    assert!(conflict.2.contains("maxLength 12"), "{}", conflict.2);
    let missing = messages
        .iter()
        .find(|(pointer, _, _)| *pointer == "/components/schemas/Tag")
        .unwrap_or_else(|| panic!("no review of Tag in {messages:?}"));
    assert!(missing.2.contains("`colour`"), "{}", missing.2);
    let flagged = tag["x-doc-deviation"].as_str().unwrap();
    assert!(flagged.starts_with("REVIEW: "), "{flagged}");
}
