//! A release's `CHANGELOG.md` entry: what changed, in the words a user of the crate reads.

use huaweicloud_sdk_codegen::api_diff::{Change, Impact};
use huaweicloud_sdk_codegen::version::Version;

/// What one release of a crate changes, sorted into the sections a user reads.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Lines before the sections (why the release exists, when no API change says so).
    pub notes: Vec<String>,
    /// Existing code may stop compiling or behave differently.
    pub breaking: Vec<String>,
    /// New operations, fields, values and types.
    pub added: Vec<String>,
    /// Documentation, checks and wire details; existing code is unaffected.
    pub changed: Vec<String>,
    /// Places where the crate follows the service rather than its page, added or removed.
    pub deviations: Vec<String>,
}

impl Entry {
    /// File `changes` under their sections, each line once; `source` says what made
    /// them when it is not the spec (`the generator`).
    pub fn add_changes(&mut self, changes: &[Change], source: Option<&str>) {
        for change in changes {
            let by = source
                .map(|source| format!(" ({source})"))
                .unwrap_or_default();
            let line = format!("`{}`: {}{by}", change.item, change.what);
            let section = match change.impact {
                Impact::Breaking => &mut self.breaking,
                Impact::Additive => &mut self.added,
                Impact::Patch => &mut self.changed,
            };
            if !section.contains(&line) {
                section.push(line);
            }
        }
    }

    /// Whether the entry already names `item` or an item containing it (`models::Kind`
    /// for `models::Kind::Queued`) in a section at least as severe as `impact`.
    pub fn mentions(&self, item: &str, impact: Impact) -> bool {
        let sections: &[&Vec<String>] = match impact {
            Impact::Breaking => &[&self.breaking],
            Impact::Additive => &[&self.breaking, &self.added],
            Impact::Patch => &[&self.breaking, &self.added, &self.changed],
        };
        let mut names = vec![item];
        let mut rest = item;
        while let Some((parent, _)) = rest.rsplit_once("::") {
            names.push(parent);
            rest = parent;
        }
        sections.iter().any(|lines| {
            lines.iter().any(|line| {
                names
                    .iter()
                    .any(|name| line.starts_with(&format!("`{name}`")))
            })
        })
    }

    /// The entry as Markdown, headed by `version` and `date` (`2026-12-01`).
    pub fn render(&self, version: Version, date: &str) -> String {
        let mut text = format!("## {version} ({date})\n\n");
        for note in &self.notes {
            text.push_str(note);
            text.push_str("\n\n");
        }
        for (title, lines) in [
            ("Breaking changes", &self.breaking),
            ("Added", &self.added),
            ("Changed", &self.changed),
            ("Deviations from the API reference", &self.deviations),
        ] {
            if lines.is_empty() {
                continue;
            }
            text.push_str(&format!("### {title}\n\n"));
            for line in lines {
                text.push_str(&format!("- {line}\n"));
            }
            text.push('\n');
        }
        text
    }
}

/// `changelog` (the file's text, empty if it does not exist yet) with `entry` put
/// before every older entry, under the file's title.
pub fn prepend(changelog: &str, package: &str, entry: &str) -> String {
    if changelog.trim().is_empty() {
        return format!(
            "# Changelog of {package}\n\nEvery release, newest first, written by `cargo xtask release`.\n\n{entry}"
        );
    }
    match changelog.find("\n## ") {
        Some(at) => format!("{}\n{entry}{}", &changelog[..at], &changelog[at + 1..]),
        None => format!("{}\n\n{entry}", changelog.trim_end()),
    }
}

/// Today's date in UTC as `YYYY-MM-DD`, from the system clock.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    civil_date(seconds / 86_400)
}

/// The Gregorian date `days` after 1970-01-01, counted out year by year and month by
/// month (a release runs this once; clarity beats a closed formula).
fn civil_date(mut days: u64) -> String {
    let leap = |year: u64| {
        (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
    };
    let mut year = 1970;
    while days >= if leap(year) { 366 } else { 365 } {
        days -= if leap(year) { 366 } else { 365 };
        year += 1;
    }
    let february = if leap(year) { 29 } else { 28 };
    let mut month = 1;
    for length in [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] {
        if days < length {
            break;
        }
        days -= length;
        month += 1;
    }
    format!("{year:04}-{month:02}-{:02}", days + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_788), "2026-12-01");
        assert_eq!(civil_date(20_453), "2025-12-31");
    }

    #[test]
    fn new_entries_go_above_the_older_ones() {
        let first = prepend("", "p", "## 0.1.0 (d)\n\nFirst.\n\n");
        assert_eq!(
            first,
            "# Changelog of p\n\nEvery release, newest first, written by `cargo xtask release`.\n\n## 0.1.0 (d)\n\nFirst.\n\n"
        );
        let second = prepend(&first, "p", "## 0.1.1 (e)\n\nSecond.\n\n");
        assert!(
            second.contains("release`.\n\n## 0.1.1 (e)\n\nSecond.\n\n## 0.1.0 (d)\n\nFirst.\n\n")
        );
    }
}
