//! What `compare` finds: one difference between a page and a spec, its aspect and how
//! it is judged.

use huaweicloud_sdk_codegen::document::Aspect;

/// How a difference is judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The spec differs from the page and records no reason.
    Drift,
    /// The spec differs on purpose.
    Accepted {
        /// The recorded reason.
        reason: String,
        /// Where it is recorded (a spec node, or `specs/CONVENTIONS.md`).
        recorded_on: String,
    },
    /// Not a difference the page states clearly enough to call drift.
    Note,
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The parameter, field, status or example (`query parameter `limit``).
    pub subject: String,
    /// The spec node compared with it, when there is one.
    pub spec_node: Option<String>,
    /// What differs.
    pub aspect: Aspect,
    /// In words.
    pub message: String,
    /// What the page says.
    pub page: Option<String>,
    /// What the spec says.
    pub spec: Option<String>,
    /// Further lines (differences inside an example).
    pub details: Vec<String>,
    /// The judgement.
    pub verdict: Verdict,
    /// 1-based line of the page.
    pub page_line: Option<usize>,
}

impl Finding {
    /// A difference about `aspect` of `subject` (at `page_line` of the page, compared
    /// with `spec_node`), with neither side's value yet: see [`Finding::sides`] and
    /// [`Finding::details`].
    pub fn new(
        subject: impl Into<String>,
        spec_node: Option<String>,
        page_line: Option<usize>,
        aspect: Aspect,
        message: impl Into<String>,
        verdict: Verdict,
    ) -> Finding {
        Finding {
            subject: subject.into(),
            spec_node,
            aspect,
            message: message.into(),
            page: None,
            spec: None,
            details: Vec::new(),
            verdict,
            page_line,
        }
    }

    /// What the page and the spec say.
    pub fn sides(self, page: Option<String>, spec: Option<String>) -> Finding {
        Finding { page, spec, ..self }
    }

    /// Further lines.
    pub fn details(self, details: Vec<String>) -> Finding {
        Finding { details, ..self }
    }
}

/// Everything found.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The differences, in page order.
    pub findings: Vec<Finding>,
    /// Parameters, fields and examples that agree.
    pub agreeing: usize,
}

impl Outcome {
    /// Whether anything drifts.
    pub fn drifts(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.verdict == Verdict::Drift)
    }
}
