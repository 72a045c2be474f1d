//! The reports: per page, readable text grouped by parameter or field (the whole
//! comparison for a drifted page, one line for any other), a summary line with the
//! count of each status; or JSON Lines, one object per page or undocumented operation.

use serde_json::{Value, json};

use super::finding::{Finding, Outcome, Verdict};
use super::status::{Entry, Status};

/// (drift, accepted, notes)
fn counts(outcome: &Outcome) -> (usize, usize, usize) {
    let mut drift = 0;
    let mut accepted = 0;
    let mut notes = 0;
    for finding in &outcome.findings {
        match finding.verdict {
            Verdict::Drift => drift += 1,
            Verdict::Accepted { .. } => accepted += 1,
            Verdict::Note => notes += 1,
        }
    }
    (drift, accepted, notes)
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The whole readable report of a compared page.
pub fn text(entry: &Entry) -> String {
    let mut out = String::new();
    let (Some(outcome), Some(operation), Some(request)) =
        (&entry.outcome, &entry.operation, &entry.request)
    else {
        return line(entry);
    };
    out.push_str(&format!(
        "doc-check {}\n",
        entry.page.as_deref().unwrap_or_default()
    ));
    out.push_str(&format!(
        "  page:      {} {} (line {})\n",
        request.method,
        request.path,
        request.line.unwrap_or_default()
    ));
    out.push_str(&format!(
        "  operation: {} ({} {}) in {}\n",
        operation.id,
        operation.method,
        operation.path,
        entry.spec.as_deref().unwrap_or_default()
    ));
    // Group by subject, in the order subjects first appear.
    let mut subjects: Vec<&str> = Vec::new();
    for finding in &outcome.findings {
        if !subjects.contains(&finding.subject.as_str()) {
            subjects.push(&finding.subject);
        }
    }
    for subject in subjects {
        let findings: Vec<&Finding> = outcome
            .findings
            .iter()
            .filter(|finding| finding.subject == subject)
            .collect();
        out.push('\n');
        out.push_str(subject);
        if let Some(line) = findings.iter().find_map(|finding| finding.page_line) {
            out.push_str(&format!("  (page line {line})"));
        }
        if let Some(node) = findings
            .iter()
            .find_map(|finding| finding.spec_node.as_ref())
        {
            out.push_str(&format!("  [spec: {node}]"));
        }
        out.push('\n');
        for finding in findings {
            let status = match finding.verdict {
                Verdict::Drift => "DRIFT",
                Verdict::Accepted { .. } => "accepted",
                Verdict::Note => "note",
            };
            out.push_str(&format!(
                "  {status:<9} {}: {}\n",
                finding.aspect, finding.message
            ));
            if let Some(page) = &finding.page {
                out.push_str(&format!("            page: {page}\n"));
            }
            if let Some(spec) = &finding.spec {
                out.push_str(&format!("            spec: {spec}\n"));
            }
            for detail in &finding.details {
                out.push_str(&format!("            {detail}\n"));
            }
            if let Verdict::Accepted {
                reason,
                recorded_on,
            } = &finding.verdict
            {
                out.push_str(&format!("            reason ({recorded_on}): {reason}\n"));
            }
        }
    }
    let (drift, accepted, notes) = counts(outcome);
    out.push('\n');
    let verdict = if drift == 0 {
        "no drift".to_owned()
    } else {
        format!("DRIFT: {}", plural(drift, "difference", "differences"))
    };
    out.push_str(&format!(
        "result: {verdict}; {}, {}; {} agree\n",
        plural(accepted, "accepted deviation", "accepted deviations"),
        plural(notes, "note", "notes"),
        plural(
            outcome.agreeing,
            "parameter, field or example",
            "parameters, fields and examples"
        ),
    ));
    out
}

/// One line for a page that is not reported in full, or an operation no page
/// documents: `<status> <page>: <what>`.
pub fn line(entry: &Entry) -> String {
    let what = match (&entry.operation, &entry.request) {
        (Some(operation), _) => format!(
            "{} ({} {}) in {}",
            operation.id,
            operation.method,
            operation.path,
            entry.spec.as_deref().unwrap_or_default()
        ),
        (None, Some(request)) => format!("{} {}", request.method, request.path),
        (None, None) => String::new(),
    };
    let mut text = format!("{:<16}", entry.status.as_str());
    if let Some(page) = &entry.page {
        text.push(' ');
        text.push_str(page);
        text.push(':');
    }
    if !what.is_empty() {
        text.push(' ');
        text.push_str(&what);
    }
    if let Some(reason) = &entry.reason
        && entry.status != Status::NotDocumented
    {
        text.push_str(if what.is_empty() { " " } else { ": " });
        text.push_str(reason);
    }
    if let Some(outcome) = &entry.outcome {
        let (drift, accepted, notes) = counts(outcome);
        text.push_str(&format!(
            " ({drift} drift, {accepted} accepted, {notes} notes)"
        ));
    }
    text.push('\n');
    text
}

/// `summary: 3 clean, 1 drift, ...`: the count of each status the run has.
pub fn summary(entries: &[Entry]) -> String {
    let parts: Vec<String> = Status::ALL
        .iter()
        .filter_map(|status| {
            let count = entries
                .iter()
                .filter(|entry| entry.status == *status)
                .count();
            (count > 0).then(|| format!("{count} {}", status.as_str()))
        })
        .collect();
    let pages = entries.iter().filter(|entry| entry.page.is_some()).count();
    format!(
        "summary: {}; {}\n",
        plural(pages, "page", "pages"),
        if parts.is_empty() {
            "nothing to report".to_owned()
        } else {
            parts.join(", ")
        }
    )
}

/// One JSON Lines object.
pub fn json(entry: &Entry) -> Value {
    let findings: Vec<Value> = entry
        .outcome
        .iter()
        .flat_map(|outcome| &outcome.findings)
        .map(finding_json)
        .collect();
    let mut value = json!({
        "page": entry.page,
        "status": entry.status.as_str(),
        "operation": entry.operation.as_ref().map(|operation| operation.id.clone()),
        "spec": entry.spec,
        "request": entry.request.as_ref().map(|request| json!({
            "method": request.method,
            "path": request.path,
            "line": request.line,
        })),
        "findings": findings,
    });
    if let Some(reason) = &entry.reason {
        value["reason"] = json!(reason);
    }
    if let Some(outcome) = &entry.outcome {
        let (drift, accepted, notes) = counts(outcome);
        value["summary"] = json!({
            "drift": drift,
            "accepted": accepted,
            "notes": notes,
            "agreeing": outcome.agreeing,
        });
    }
    value
}

fn finding_json(finding: &Finding) -> Value {
    let (verdict, reason, recorded_on) = match &finding.verdict {
        Verdict::Drift => ("drift", None, None),
        Verdict::Accepted {
            reason,
            recorded_on,
        } => ("accepted", Some(reason), Some(recorded_on)),
        Verdict::Note => ("note", None, None),
    };
    json!({
        "subject": finding.subject,
        "spec_node": finding.spec_node,
        "aspect": finding.aspect.as_str(),
        "verdict": verdict,
        "message": finding.message,
        "page": finding.page,
        "spec": finding.spec,
        "details": finding.details,
        "reason": reason,
        "recorded_on": recorded_on,
        "page_line": finding.page_line,
    })
}
