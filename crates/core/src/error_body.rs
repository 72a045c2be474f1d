//! Reads an error code and message out of any error body shape the services use.
//!
//! The official SDKs look, in this order, for `error_code`+`error_msg`,
//! `errorCode`+`errorMsg` and `code`+`message`, at the top level and then one object
//! deeper (`{"error": {"code": .., "message": ..}}`). AOM's 401 also spells the message
//! `error_message`, and some services send codes as numbers, so both are accepted.

use serde_json::Value;

/// The (code, message) pairs of field names, most specific first.
const SHAPES: &[(&str, &[&str])] = &[
    ("error_code", &["error_msg", "error_message"]),
    ("errorCode", &["errorMsg", "errorMessage"]),
    ("code", &["message", "msg"]),
];

/// The code and message of an error reply; falls back to the HTTP status and the raw
/// body when the body has no recognised shape.
pub(crate) fn parse(status: u16, body: &str) -> (String, String) {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|value| find(&value))
        .unwrap_or_else(|| (status.to_string(), body.to_owned()))
}

fn find(value: &Value) -> Option<(String, String)> {
    let object = value.as_object()?;
    if let Some(found) = match_shape(object) {
        return Some(found);
    }
    object
        .values()
        .filter_map(Value::as_object)
        .find_map(match_shape)
}

fn match_shape(object: &serde_json::Map<String, Value>) -> Option<(String, String)> {
    SHAPES.iter().find_map(|(code_key, message_keys)| {
        let code = scalar_text(object.get(*code_key)?)?;
        let message = message_keys
            .iter()
            .find_map(|key| object.get(*key).and_then(scalar_text))
            .unwrap_or_default();
        Some((code, message))
    })
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_error_code_and_error_msg() {
        let body = r#"{"error_code":"AOM.31001405","error_msg":"execution internal server error.","http_code":500}"#;
        assert_eq!(
            parse(500, body),
            (
                "AOM.31001405".into(),
                "execution internal server error.".into()
            )
        );
    }

    #[test]
    fn reads_error_message_spelling_and_string_http_code() {
        let body =
            r#"{"error_code":"AOM.31009004","error_message":"auth failed.","http_code":"401"}"#;
        assert_eq!(
            parse(401, body),
            ("AOM.31009004".into(), "auth failed.".into())
        );
    }

    #[test]
    fn reads_camel_case_shape() {
        let body = r#"{"errorCode":"COC.00040001","errorMsg":"bad marker"}"#;
        assert_eq!(
            parse(400, body),
            ("COC.00040001".into(), "bad marker".into())
        );
    }

    #[test]
    fn reads_code_and_message() {
        let body = r#"{"code":"SecMaster.20010001","message":"workspace not found"}"#;
        assert_eq!(
            parse(400, body),
            ("SecMaster.20010001".into(), "workspace not found".into())
        );
    }

    #[test]
    fn reads_nested_error_object() {
        let body = r#"{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}}"#;
        assert_eq!(
            parse(401, body),
            (
                "APIGW.0301".into(),
                "Incorrect IAM authentication information".into()
            )
        );
    }

    #[test]
    fn falls_back_to_status_and_raw_body() {
        assert_eq!(
            parse(502, "<html>Bad Gateway</html>"),
            ("502".into(), "<html>Bad Gateway</html>".into())
        );
    }
}
