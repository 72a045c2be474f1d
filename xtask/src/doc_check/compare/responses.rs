//! The request body, the statuses on one side only, and each status's headers and
//! body.

use huaweicloud_sdk_codegen::document::{Aspect, Node};

use super::schema::Field;
use super::shape::Shape;
use super::{At, Comparison, Difference, json_schema, with_schema};
use crate::doc_check::finding::Verdict;
use crate::doc_check::verdict::Around;

impl<'a> Comparison<'a> {
    pub(super) fn request_body(&mut self) {
        let page_body = self
            .page_operation
            .get("requestBody")
            .map(|body| self.page.document.resolve(&body).0);
        let spec_body = self
            .spec_operation
            .get("requestBody")
            .map(|body| self.spec.document.resolve(&body).0);
        let page_schema = page_body.as_ref().and_then(json_schema);
        let spec_schema = spec_body.as_ref().and_then(json_schema);
        let own: Vec<Node<'a>> = spec_body.iter().chain(&spec_schema).cloned().collect();
        let at = At {
            subject: "request body".to_owned(),
            page: page_body.as_ref().map(|body| body.pointer.clone()),
            spec: spec_schema.as_ref().map(|schema| schema.pointer.clone()),
            around: Around {
                own,
                parents: vec![self.spec_operation.clone()],
                name: None,
            },
        };
        match (page_schema, spec_schema) {
            (None, None) => {}
            (Some(_), None) => self.drift(
                &at,
                Difference::new(
                    Aspect::Presence,
                    "the page documents a request body, the spec has none",
                ),
            ),
            (None, Some(_)) => self.drift(
                &at,
                Difference::new(
                    Aspect::Presence,
                    "the spec has a request body, the page documents none",
                ),
            ),
            (Some(page), Some(spec)) => {
                self.schema(&page, &spec, &Field::body(&at, "request body", true));
            }
        }
    }

    pub(super) fn responses(&mut self) {
        let page_responses = entries(&self.page_operation, "responses");
        let spec_responses = entries(&self.spec_operation, "responses");
        // Statuses the page leaves to the service's shared status page are its guess.
        let stated = if self.page.documents_statuses() {
            Verdict::Drift
        } else {
            Verdict::Note
        };
        for (status, page_response) in &page_responses {
            let Some((_, spec_response)) = spec_responses.iter().find(|(code, _)| code == status)
            else {
                let at = self.status_at(status, Some(page_response), None);
                let difference =
                    Difference::new(Aspect::Status, "documented on the page, not in the spec")
                        .sides(Some(status.clone()), None);
                self.record(&at, difference, stated.clone(), Vec::new());
                continue;
            };
            let page_response = self.page.document.resolve(page_response).0;
            let spec_response = self.spec.document.resolve(spec_response).0;
            self.headers(status, &page_response, &spec_response);
            self.response_body(status, &page_response, &spec_response);
        }
        for (status, spec_response) in &spec_responses {
            if page_responses.iter().any(|(code, _)| code == status) {
                continue;
            }
            let spec_response = self.spec.document.resolve(spec_response).0;
            let at = self.status_at(status, None, Some(&spec_response));
            let difference = Difference::new(Aspect::Status, "in the spec, not on the page")
                .sides(None, Some(status.clone()));
            self.record(&at, difference, stated.clone(), Vec::new());
        }
    }

    fn status_at(&self, status: &str, page: Option<&Node<'a>>, spec: Option<&Node<'a>>) -> At<'a> {
        At {
            subject: format!("response {status}"),
            page: page.map(|node| node.pointer.clone()),
            spec: spec.map(|node| node.pointer.clone()),
            around: Around {
                own: spec.into_iter().cloned().collect(),
                parents: vec![self.spec_operation.clone()],
                name: Some(status.to_owned()),
            },
        }
    }

    /// The headers of a response both sides have, by name ignoring case.
    fn headers(&mut self, status: &str, page_response: &Node<'a>, spec_response: &Node<'a>) {
        let page_headers = entries(page_response, "headers");
        let spec_headers = entries(spec_response, "headers");
        let parents = vec![spec_response.clone(), self.spec_operation.clone()];
        for (name, page_header) in &page_headers {
            let subject = format!("response {status} header `{name}`");
            let found = spec_headers
                .iter()
                .find(|(other, _)| other.eq_ignore_ascii_case(name));
            let Some((_, spec_header)) = found else {
                let at = At {
                    subject,
                    page: Some(page_header.pointer.clone()),
                    spec: Some(spec_response.pointer.clone()),
                    around: Around {
                        own: Vec::new(),
                        parents: parents.clone(),
                        name: Some(name.clone()),
                    },
                };
                let shown = self.page_type(&page_header.pointer, page_header.get("schema"));
                let difference = Difference::new(Aspect::Presence, "on the page, not in the spec")
                    .sides(Some(shown), None);
                self.drift(&at, difference);
                continue;
            };
            let spec_header = self.spec.document.resolve(spec_header).0;
            let at = At {
                subject,
                page: Some(page_header.pointer.clone()),
                spec: Some(spec_header.pointer.clone()),
                around: Around {
                    own: with_schema(&spec_header),
                    parents: parents.clone(),
                    name: Some(name.clone()),
                },
            };
            let before = self.findings.len();
            if let (Some(page_schema), Some(spec_schema)) =
                (page_header.get("schema"), spec_header.get("schema"))
            {
                self.schema(&page_schema, &spec_schema, &Field::parameter(&at));
            }
            if self.findings.len() == before {
                self.agreeing += 1;
            }
        }
        for (name, spec_header) in &spec_headers {
            if page_headers
                .iter()
                .any(|(other, _)| other.eq_ignore_ascii_case(name))
            {
                continue;
            }
            let spec_header = self.spec.document.resolve(spec_header).0;
            let at = At {
                subject: format!("response {status} header `{name}`"),
                page: None,
                spec: Some(spec_header.pointer.clone()),
                around: Around {
                    own: vec![spec_header.clone()],
                    parents: parents.clone(),
                    name: Some(name.clone()),
                },
            };
            let shown = spec_header
                .get("schema")
                .map(|schema| Shape::of(&self.spec.document, &schema).display());
            let difference = Difference::new(Aspect::Presence, "in the spec, not on the page")
                .sides(None, shown);
            self.drift(&at, difference);
        }
    }

    /// The body of a response both sides have. A page that describes a response
    /// without printing a table for it says nothing about its body.
    fn response_body(&mut self, status: &str, page_response: &Node<'a>, spec_response: &Node<'a>) {
        let prefix = format!("response {status} body");
        let page_schema = json_schema(page_response);
        let spec_schema = json_schema(spec_response);
        let at = At {
            subject: prefix.clone(),
            page: page_schema
                .as_ref()
                .map(|schema| schema.pointer.clone())
                .or_else(|| Some(page_response.pointer.clone())),
            spec: Some(spec_response.pointer.clone()),
            around: Around {
                own: [Some(spec_response.clone()), spec_schema.clone()]
                    .into_iter()
                    .flatten()
                    .collect(),
                parents: Vec::new(),
                name: None,
            },
        };
        match (page_schema, spec_schema) {
            (Some(page), Some(spec)) => {
                self.schema(&page, &spec, &Field::body(&at, &prefix, false));
            }
            (Some(_), None) => self.drift(
                &at,
                Difference::new(
                    Aspect::Presence,
                    "the page documents a body, the spec's response has none",
                ),
            ),
            (None, Some(_)) if self.page.documents_response(status) => self.drift(
                &at,
                Difference::new(
                    Aspect::Presence,
                    "the spec's response has a body, the page documents none",
                ),
            ),
            _ => {}
        }
    }
}

/// The children of a node's map child (`responses`, `headers`), in key order.
fn entries<'a>(node: &Node<'a>, key: &str) -> Vec<(String, Node<'a>)> {
    node.get(key)
        .map(|child| child.entries())
        .unwrap_or_default()
}
