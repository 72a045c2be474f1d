//! The request that a generated operation builder hands to the runtime.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::{Error, InvalidInput, Rule};

/// Characters sent as they are in a path segment or query component: RFC 3986's
/// unreserved set. Everything else is percent-encoded, so a value can never add a `/`,
/// `?`, `#` or `%` of its own to the URL.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encode a path segment or a query key or value.
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// The HTTP methods the generated operations use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`: a question answered by the status alone (is this user in that group?).
    Head,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }
}

/// One call of one operation, before the runtime adds the endpoint, auth and transport.
#[derive(Debug, Clone)]
pub struct OperationRequest {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) path_template: &'static str,
    pub(crate) path_params: Vec<(&'static str, String)>,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Vec<u8>>,
}

impl OperationRequest {
    /// A request for `operation` (its operationId) at `path_template` (`/v1/{project_id}/...`).
    pub fn new(operation: &'static str, method: Method, path_template: &'static str) -> Self {
        OperationRequest {
            operation,
            method,
            path_template,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// The operation's id, e.g. `ShowPlaybookInstance`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Fill `{name}` in the path. The value becomes exactly one path segment: it may not
    /// be empty, `.` or `..`, which would change the path's shape.
    pub fn path_param(&mut self, name: &'static str, value: String) -> Result<(), Error> {
        if value.is_empty() || value == "." || value == ".." {
            return Err(InvalidInput {
                parameter: name.to_owned(),
                rule: Rule::PathSegment,
            }
            .into());
        }
        self.path_params.push((name, value));
        Ok(())
    }

    /// Add a query parameter; the runtime percent-encodes it.
    pub fn query_param(&mut self, name: &'static str, value: String) {
        self.query.push((name, value));
    }

    /// Add a header. Control characters (CR, LF, NUL…) are refused, so a value can never
    /// add a header or a request of its own.
    pub fn header(&mut self, name: &'static str, value: String) -> Result<(), Error> {
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(InvalidInput {
                parameter: name.to_owned(),
                rule: Rule::HeaderValue,
            }
            .into());
        }
        self.headers.push((name, value));
        Ok(())
    }

    /// Send `body` as JSON.
    pub fn json_body<T: serde::Serialize>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::Config(format!(
                "could not encode the request body of {}: {e}",
                self.operation
            ))
        })?;
        self.body = Some(bytes);
        Ok(())
    }

    /// The path with every `{name}` replaced by its percent-encoded value.
    pub(crate) fn render_path(&self) -> Result<String, Error> {
        let mut path = String::with_capacity(self.path_template.len() + 64);
        let mut rest = self.path_template;
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .map(|offset| open + offset)
                .ok_or_else(|| {
                    Error::Config(format!(
                        "unterminated `{{` in path template {}",
                        self.path_template
                    ))
                })?;
            path.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            let value = self
                .path_params
                .iter()
                .find(|(param, _)| *param == name)
                .map(|(_, value)| value)
                .ok_or_else(|| {
                    Error::Config(format!(
                        "{}: no value for path parameter `{name}`",
                        self.operation
                    ))
                })?;
            path.push_str(&encode_component(value));
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        Ok(path)
    }

    /// The encoded query string, without the leading `?`.
    pub(crate) fn render_query(&self) -> String {
        self.query
            .iter()
            .map(|(name, value)| format!("{}={}", encode_component(name), encode_component(value)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> OperationRequest {
        OperationRequest::new("Op", Method::Get, "/v1/{project_id}/items/{item_id}")
    }

    #[test]
    fn path_values_are_encoded_as_single_segments() {
        let mut req = request();
        req.path_param("project_id", "p1".into()).unwrap();
        req.path_param("item_id", "../../admin?x=1#f%2e".into())
            .unwrap();
        assert_eq!(
            req.render_path().unwrap(),
            "/v1/p1/items/..%2F..%2Fadmin%3Fx%3D1%23f%252e"
        );
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        for value in ["", ".", ".."] {
            let err = request().path_param("item_id", value.into()).unwrap_err();
            assert!(err.to_string().contains("`item_id`"), "{err}");
        }
    }

    #[test]
    fn query_is_encoded_in_order() {
        let mut req = request();
        req.query_param("x_enterprise_project_id", "a b&c".into());
        req.query_param("limit", "10".into());
        assert_eq!(
            req.render_query(),
            "x_enterprise_project_id=a%20b%26c&limit=10"
        );
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        let err = request()
            .header("X-Language", "en-us\r\nX-Evil: 1".into())
            .unwrap_err();
        assert!(err.to_string().contains("`X-Language`"), "{err}");
    }
}
