//! How a difference is judged: by the `x-doc-deviation` entries the spec records around
//! it, read as data. A deviation on a node of the difference itself covers it when it
//! covers the aspect; a parent's (the enclosing schema, response or operation) only
//! when its `fields` list the child's name, or, for what has no name (a body, an
//! example), when it lists the aspect for everything below it. Reasons are shown,
//! never searched: a parent whose reason mentions a field does not cover that field.

use huaweicloud_sdk_codegen::document::{Aspect, Deviation, Node};

use super::finding::Verdict;
use super::spec_side::Spec;

/// The spec nodes around a difference that may record a reason for it.
#[derive(Debug, Clone, Default)]
pub struct Around<'a> {
    /// Nodes of the difference itself (a parameter and its schema, a property and its
    /// items): any deviation on them that covers the aspect accepts it.
    pub own: Vec<Node<'a>>,
    /// Enclosing schema, response or operation, nearest first.
    pub parents: Vec<Node<'a>>,
    /// The parameter, field, header or status name a parent's deviation must list;
    /// `None` where there is no such name (a body, an example).
    pub name: Option<String>,
}

/// Accepted when a deviation around the difference covers `aspect` (see the module
/// documentation), else `None`. A malformed deviation covers nothing (lint reports it).
pub fn accepted(spec: &Spec, around: &Around<'_>, aspect: Aspect) -> Option<Verdict> {
    let accept = |node: &Node<'_>, covers: &dyn Fn(&Deviation<'_>) -> bool| {
        let deviation = node.deviation()?.ok()?;
        covers(&deviation).then(|| Verdict::Accepted {
            reason: deviation.reason.to_owned(),
            recorded_on: spec.label(&node.pointer),
        })
    };
    let on_parent = |deviation: &Deviation<'_>| match &around.name {
        Some(name) => deviation.covers_field(name, aspect),
        None => deviation.covers_below(aspect),
    };
    around
        .own
        .iter()
        .find_map(|node| accept(node, &|deviation| deviation.covers_node(aspect)))
        .or_else(|| {
            around
                .parents
                .iter()
                .find_map(|node| accept(node, &on_parent))
        })
}

/// The verdict on a difference: accepted by a deviation around it, else `otherwise`
/// (drift, or a note when the page does not say enough to tell).
pub fn judge(spec: &Spec, around: &Around<'_>, aspect: Aspect, otherwise: Verdict) -> Verdict {
    accepted(spec, around, aspect).unwrap_or(otherwise)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Things, version: v1}
servers: [{url: "https://things.example.com", x-region: cn-north-4}]
security: [{token: []}]
tags: [{name: things, description: Things.}]
paths:
  /v1/things:
    get:
      operationId: ListThings
      summary: List things
      tags: [things]
      x-doc-deviation:
        fields: [limit]
        aspects: [maximum]
        reason: The service allows 500.
      parameters:
        - name: limit
          in: query
          description: Limit.
          schema: {type: integer, format: int32, maximum: 500}
        - name: color
          in: query
          description: Color.
          x-doc-deviation: The page forgets BLUE.
          schema: {type: string, enum: [RED, BLUE]}
      responses:
        "200":
          description: ok
          x-doc-deviation: {aspects: [example], reason: Examples are the service's.}
          headers:
            X-request-id: {description: Request ID., schema: {type: string}}
          content:
            application/json:
              schema: {type: object, description: Things., properties: {n: {type: string, description: N.}}}
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: X-Auth-Token}
"#;

    fn spec() -> Spec {
        Spec::from_text("things", "things.yaml", SPEC).unwrap()
    }

    fn node<'a>(spec: &'a Spec, pointer: &str) -> Node<'a> {
        spec.document.node(pointer).unwrap()
    }

    const OPERATION: &str = "/paths/~1v1~1things/get";

    #[test]
    fn a_deviation_on_the_node_covers_it() {
        let spec = spec();
        let around = Around {
            own: vec![node(&spec, &format!("{OPERATION}/parameters/1"))],
            parents: vec![node(&spec, OPERATION)],
            name: Some("color".to_owned()),
        };
        match accepted(&spec, &around, Aspect::Enum) {
            Some(Verdict::Accepted {
                reason,
                recorded_on,
            }) => {
                assert_eq!(reason, "The page forgets BLUE.");
                assert_eq!(recorded_on, "operation ListThings parameter `color`");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_parent_covers_only_the_fields_and_aspects_it_lists() {
        let spec = spec();
        let around = |name: &str| Around {
            own: Vec::new(),
            parents: vec![node(&spec, OPERATION)],
            name: Some(name.to_owned()),
        };
        assert!(accepted(&spec, &around("limit"), Aspect::Maximum).is_some());
        assert!(accepted(&spec, &around("LIMIT"), Aspect::Maximum).is_some());
        assert_eq!(accepted(&spec, &around("limit"), Aspect::Minimum), None);
        assert_eq!(accepted(&spec, &around("offset"), Aspect::Maximum), None);
        assert_eq!(
            judge(&spec, &around("offset"), Aspect::Maximum, Verdict::Drift),
            Verdict::Drift
        );
    }

    #[test]
    fn a_parent_covers_what_has_no_name_only_for_the_aspects_it_lists() {
        let spec = spec();
        let around = Around {
            own: Vec::new(),
            parents: vec![node(&spec, &format!("{OPERATION}/responses/200"))],
            name: None,
        };
        assert!(accepted(&spec, &around, Aspect::Example).is_some());
        assert_eq!(accepted(&spec, &around, Aspect::Presence), None);
        // The operation's deviation lists fields: it covers nothing unnamed below it.
        let around = Around {
            parents: vec![node(&spec, OPERATION)],
            ..around
        };
        assert_eq!(accepted(&spec, &around, Aspect::Maximum), None);
    }
}
