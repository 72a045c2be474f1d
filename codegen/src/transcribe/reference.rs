//! A whole API reference at once: which of its pages document an operation, and which
//! page is transcribed when several document the same request.
//!
//! A reference folder holds more than operation pages (`../shared/docs/README.md`):
//! overviews, permission tables that list many `METHOD /path` lines, guides, shared
//! status-code pages. A page is an operation page when the page reader finds its
//! request line, and it has a `功能介绍`/`Function` section or at least one parameter
//! table; overview and permission pages have neither (a guide that quotes a request
//! line has no request line under `URI` at all).
//!
//! Pages that document the same request (the same method and path, placeholder names
//! aside) cannot all be operations of one spec: one is chosen by [`choose`], in this
//! order of precedence:
//!
//! 1. a page that is not deprecated (`废弃`, `即将下线`, `Deprecated` in its title);
//! 2. Huawei's own API over the OpenStack-native one (`OpenStack`, `Cinder`, `Neutron`,
//!    `Nova`, `Keystone` in its title or file name);
//! 3. a page marked recommended (`推荐`, `Recommended`);
//! 4. the newer API version its title or file name states (`-v3` over `-v2`,
//!    `微版本2.6` over none);
//! 5. the page that documents more (table rows, examples and statuses);
//! 6. the page given first (file names sorted within a folder).
//!
//! Pure: the caller reads the files and hands over names and text.

use std::cmp::Ordering;

use super::PageError;
use crate::page::{self, Page};

/// Why a page is not transcribed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipKind {
    /// Not an operation page: an overview, index, permission or guide page.
    NotAnOperation,
    /// Another page documents the same request and was chosen.
    Duplicate,
    /// An operation page that the reader cannot transcribe.
    Unreadable,
    /// The spec cannot take the operation (already there, a name taken).
    Refused,
}

impl SkipKind {
    /// The kind as the summary and `SKIPPED.md` name it.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipKind::NotAnOperation => "not an operation",
            SkipKind::Duplicate => "duplicate",
            SkipKind::Unreadable => "unreadable",
            SkipKind::Refused => "refused by the spec",
        }
    }
}

/// A page that is not transcribed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// Which kind of reason.
    pub kind: SkipKind,
    /// The reason, as a sentence (with the page line where there is one).
    pub reason: String,
}

/// The page read, when it is an operation page; otherwise why not (binary or empty
/// text is [`SkipKind::Unreadable`], anything else [`SkipKind::NotAnOperation`]).
pub fn operation_page(text: &str) -> Result<Page, Skip> {
    super::check_text(text).map_err(|error: PageError| Skip {
        kind: SkipKind::Unreadable,
        reason: error.to_string(),
    })?;
    let not_an_operation = |reason: String| Skip {
        kind: SkipKind::NotAnOperation,
        reason,
    };
    let page = page::parse(text).map_err(not_an_operation)?;
    if page.title.is_none() && page.tables.is_empty() {
        let lines = request_lines(text);
        return Err(not_an_operation(format!(
            "no `功能介绍`/`Function` section and no parameter table: an overview, permission or guide page ({} request line{}, the first `{} {}` at line {})",
            lines,
            if lines == 1 { "" } else { "s" },
            page.uri.method,
            page.uri.path,
            page.uri.line
        )));
    }
    Ok(page)
}

/// How many distinct requests (method and path, placeholders aside) a text prints.
fn request_lines(text: &str) -> usize {
    let mut keys: Vec<String> = text
        .lines()
        .filter_map(|line| page::read_request_line(line.trim()))
        .filter(|request| request.path.starts_with('/'))
        .filter_map(|request| {
            let method = request.methods.first()?;
            Some(request_key(method, &request.path))
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys.len()
}

/// The request a page documents, placeholder names aside: `POST /v2/{}/volumes/{}/action`.
pub fn request_key(method: &str, path: &str) -> String {
    let mut normalised = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                normalised.push_str("{}");
            }
            '}' => inside = false,
            _ if !inside => normalised.push(c),
            _ => {}
        }
    }
    format!("{} {normalised}", method.to_ascii_uppercase())
}

/// What decides between pages that document the same request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// `废弃`/`即将下线`/`Deprecated` in the title (or the file name).
    pub deprecated: bool,
    /// The OpenStack-native API.
    pub openstack: bool,
    /// Marked recommended (`推荐`).
    pub recommended: bool,
    /// The API version the title or file name states (`[3]`, `[2, 6]`), empty if none.
    pub version: Vec<u32>,
    /// Table rows, examples and statuses.
    pub documented: usize,
}

impl Standing {
    /// The standing of a page, named `name` (its file name), as read.
    pub fn of(name: &str, page: &Page) -> Standing {
        let title = page
            .title
            .as_ref()
            .map(|(title, _)| title.as_str())
            .unwrap_or_default();
        let stem = name.strip_suffix(".txt").unwrap_or(name);
        // The title speaks for the page; the file name only when there is no title.
        let marked = |words: &[&str]| {
            let text = if title.is_empty() { stem } else { title }.to_lowercase();
            words.iter().any(|word| text.contains(word))
        };
        let named = |words: &[&str]| {
            let text = format!("{title} {stem}").to_lowercase();
            words.iter().any(|word| text.contains(word))
        };
        let version = [title, stem]
            .iter()
            .filter_map(|text| stated_version(text))
            .max()
            .unwrap_or_default();
        Standing {
            deprecated: marked(&["废弃", "即将下线", "deprecated"]),
            openstack: named(&["openstack", "cinder", "neutron", "nova", "keystone"]),
            recommended: marked(&["推荐", "recommended"]),
            version,
            documented: page
                .tables
                .iter()
                .map(|table| table.rows.len())
                .sum::<usize>()
                + page.examples.len()
                + page.statuses.len(),
        }
    }

    /// Each rule of precedence applied to `self` against `other`, in order
    /// (`Greater`: `self` is preferred by that rule).
    fn rules(&self, other: &Standing) -> [Ordering; 5] {
        [
            other.deprecated.cmp(&self.deprecated),
            other.openstack.cmp(&self.openstack),
            self.recommended.cmp(&other.recommended),
            self.version.cmp(&other.version),
            self.documented.cmp(&other.documented),
        ]
    }

    /// `self` against `other`: the first rule that tells them apart decides.
    fn compare(&self, other: &Standing) -> Ordering {
        self.rules(other)
            .into_iter()
            .find(|ordering| ordering.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    /// Why `loser` lost to `self`, said of the loser.
    fn beats(&self, loser: &Standing) -> String {
        let rule = self.rules(loser).into_iter().position(Ordering::is_ne);
        match rule {
            Some(0) => "it is deprecated".to_owned(),
            Some(1) => "it is the OpenStack-native API".to_owned(),
            Some(2) => "the other page is marked recommended".to_owned(),
            Some(3) => format!(
                "the other page states a newer version ({} over {})",
                version_text(&self.version),
                version_text(&loser.version)
            ),
            Some(_) => format!(
                "the other page documents more ({} rows, examples and statuses against {})",
                self.documented, loser.documented
            ),
            None => "the other page was given first".to_owned(),
        }
    }
}

fn version_text(version: &[u32]) -> String {
    if version.is_empty() {
        return "none".to_owned();
    }
    let parts: Vec<String> = version.iter().map(u32::to_string).collect();
    format!("v{}", parts.join("."))
}

/// The highest version a title or file name states: `v3`, `-API-v2`, `微版本2.6`,
/// `微版本2-6`, `microversion 2.6`.
fn stated_version(text: &str) -> Option<Vec<u32>> {
    let lower = text.to_lowercase();
    let mut found: Vec<Vec<u32>> = Vec::new();
    for marker in ["微版本", "microversion "] {
        for (at, _) in lower.match_indices(marker) {
            if let Some(version) = numbers(&lower[at + marker.len()..]) {
                found.push(version);
            }
        }
    }
    for (at, _) in lower.match_indices('v') {
        let before = lower[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        if let Some(version) = numbers(&lower[at + 1..]) {
            found.push(version);
        }
    }
    found.into_iter().max()
}

/// `2.6`, `2-6`, `3` at the start of `text`, ending at a non-digit that is not a
/// separator between numbers, and not followed by a letter (`v2a` is no version).
fn numbers(text: &str) -> Option<Vec<u32>> {
    let mut parts = Vec::new();
    let mut rest = text;
    loop {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            break;
        }
        parts.push(digits.parse().ok()?);
        rest = &rest[digits.len()..];
        match rest.strip_prefix(['.', '-']) {
            Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => rest = after,
            _ => break,
        }
    }
    if parts.is_empty() || rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(parts)
}

/// Which of the pages documenting one request is transcribed: the index of the chosen
/// page, and for every other page (by index) why it lost, said of that page. `pages`
/// are in input order, each with a name for messages.
pub fn choose(pages: &[(&str, &Standing)]) -> (usize, Vec<(usize, String)>) {
    let mut best = 0;
    for (index, (_, standing)) in pages.iter().enumerate().skip(1) {
        if standing.compare(pages[best].1) == Ordering::Greater {
            best = index;
        }
    }
    let (best_name, best_standing) = pages[best];
    let losers = pages
        .iter()
        .enumerate()
        .filter(|(index, _)| *index != best)
        .map(|(index, (_, standing))| {
            let why = best_standing.beats(standing);
            (
                index,
                format!("documents the same request as {best_name}, which is transcribed: {why}"),
            )
        })
        .collect();
    (best, losers)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPERATION: &str = "Show a thing\nFunction\nShows it.\nURI\nGET /v1/{project_id}/things/{id}\nParameter |\nMandatory |\nType |\nDescription |\n---|---|---|---|\nid |\nYes |\nString |\nThing ID. |\nStatus Codes\nStatus Code |\nDescription |\n---|---|\n200 |\nOK. |\n";

    fn standing(name: &str, text: &str) -> Standing {
        Standing::of(name, &operation_page(text).unwrap())
    }

    #[test]
    fn an_operation_page_is_one() {
        let page = operation_page(OPERATION).unwrap();
        assert_eq!(page.uri.path, "/v1/{project_id}/things/{id}");
    }

    #[test]
    fn a_page_without_request_line_is_not_an_operation() {
        let skip = operation_page("状态码\n\n状态码\n\n编码\n\n200\n\nOK\n").unwrap_err();
        assert_eq!(skip.kind, SkipKind::NotAnOperation);
        assert!(skip.reason.contains("no request line"), "{}", skip.reason);
    }

    #[test]
    fn a_permission_table_listing_requests_is_not_an_operation() {
        let text = "授权项\n\n权限\n\n对应API接口\n\n授权项（Action）\n\n获取委托Token\n\nPOST /v3/auth/tokens\n\niam:tokens:assume\n\n查询所有永久访问密钥\n\nGET /v3.0/OS-CREDENTIAL/credentials\n\niam:credentials:listCredentials\n\n查询指定永久访问密钥\n\nGET /v3.0/OS-CREDENTIAL/credentials/{access_key}\n\niam:credentials:getCredential\n";
        let skip = operation_page(text).unwrap_err();
        assert_eq!(skip.kind, SkipKind::NotAnOperation);
        assert!(
            skip.reason
                .contains("no `功能介绍`/`Function` section and no parameter table"),
            "{}",
            skip.reason
        );
        assert!(
            skip.reason
                .contains("3 request lines, the first `POST /v3/auth/tokens` at line 11"),
            "{}",
            skip.reason
        );
    }

    #[test]
    fn binary_text_is_unreadable() {
        let skip = operation_page("GET /v1/x\n\u{0}\u{1}").unwrap_err();
        assert_eq!(skip.kind, SkipKind::Unreadable);
        assert!(skip.reason.starts_with("line 2: control characters"));
    }

    #[test]
    fn placeholder_names_do_not_tell_requests_apart() {
        assert_eq!(
            request_key("post", "/v2/{projectId}/volumes/{ volume_id }/action"),
            request_key("POST", "/v2/{project_id}/volumes/{volume_id}/action")
        );
        assert_ne!(request_key("GET", "/v2/x"), request_key("GET", "/v3/x"));
    }

    #[test]
    fn versions_stated_in_titles_and_file_names() {
        assert_eq!(stated_version("查询云硬盘列表-Cinder-v3"), Some(vec![3]));
        assert_eq!(stated_version("删除云硬盘-API-v2"), Some(vec![2]));
        assert_eq!(
            stated_version("获取VNC远程登录地址（微版本2.6及以上）"),
            Some(vec![2, 6])
        );
        assert_eq!(
            stated_version("获取VNC远程登录地址（微版本2-6及以上）"),
            Some(vec![2, 6])
        );
        assert_eq!(
            stated_version("Querying API Versions (v2.1)"),
            Some(vec![2, 1])
        );
        assert_eq!(stated_version("查询IAM用户详情"), None);
        assert_eq!(stated_version("vpc-permission"), None);
        assert_eq!(stated_version("uuid v4a"), None);
    }

    #[test]
    fn a_deprecated_page_loses_to_any_other() {
        let old = standing(
            "查询（废弃）.txt",
            &OPERATION.replace("Show a thing", "查询（废弃）"),
        );
        let new = standing("查询-v1.txt", &OPERATION.replace("Show a thing", "查询"));
        assert!(old.deprecated && !new.deprecated);
        let (best, losers) = choose(&[("a/查询（废弃）.txt", &old), ("a/查询-v1.txt", &new)]);
        assert_eq!(best, 1);
        assert_eq!(
            losers,
            [(
                0,
                "documents the same request as a/查询-v1.txt, which is transcribed: it is deprecated"
                    .to_owned()
            )]
        );
    }

    #[test]
    fn huawei_s_own_api_wins_over_the_openstack_native_one() {
        let native = standing("删除子网-openstack.txt", OPERATION);
        let own = standing("删除子网.txt", OPERATION);
        let (best, losers) = choose(&[("x-openstack", &native), ("x", &own)]);
        assert_eq!(best, 1);
        assert!(losers[0].1.ends_with("it is the OpenStack-native API"));
    }

    #[test]
    fn the_newer_stated_version_wins_then_the_richer_page_then_the_first() {
        let v2 = standing("扩容云硬盘-Cinder-v2.txt", OPERATION);
        let v3 = standing("扩容云硬盘-Cinder-v3.txt", OPERATION);
        let (best, losers) = choose(&[("v2", &v2), ("v3", &v3)]);
        assert_eq!(best, 1);
        assert!(
            losers[0]
                .1
                .ends_with("the other page states a newer version (v3 over v2)"),
            "{}",
            losers[0].1
        );

        let poor = standing("a.txt", OPERATION);
        let rich = standing(
            "b.txt",
            &OPERATION.replace(
                "Thing ID. |\n",
                "Thing ID. |\nname |\nNo |\nString |\nName. |\n",
            ),
        );
        let (best, losers) = choose(&[("a", &poor), ("b", &rich)]);
        assert_eq!(best, 1);
        assert!(
            losers[0].1.ends_with(
                "the other page documents more (3 rows, examples and statuses against 2)"
            ),
            "{}",
            losers[0].1
        );

        let (best, losers) = choose(&[("a", &poor), ("c", &poor.clone())]);
        assert_eq!(best, 0);
        assert!(losers[0].1.ends_with("the other page was given first"));
    }
}
