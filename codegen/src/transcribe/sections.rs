//! The sections of an API reference (`生命周期管理`, `Token管理`): which section each
//! operation page belongs to, so that a spec groups its operations as the reference
//! does (the operation's tag, and the spec's top-level `tags` list in the reference's
//! order).
//!
//! A reference says it in one or more of three forms, all read here and merged by
//! section name:
//!
//! - the overview page (`API概览`): a table per section, the section's name above a
//!   `接口`/`API` | `说明` header and the operations' titles in its rows (IAM, AOM); the
//!   table of types above them (`类型` | `说明`) gives each section its description
//!   (ECS, VPC and EVS have only that table);
//! - the table of contents (`index`): `[name]` lines, each followed by its children's
//!   titles up to a blank line (ECS, IAM, EVS);
//! - section pages: a page with nothing but its children's titles under its own (ECS,
//!   VPC), nested as the reference nests them (`API（推荐）` lists `生命周期管理`, which
//!   lists the operations).
//!
//! An operation page is matched by its title. Titles repeat (an older and a newer
//! page, Huawei's API beside the OpenStack one); a title listed under two sections of
//! other names is no match at all, and the operation falls back to its path's resource
//! ([`resource_tag`]) rather than to a guess.

use std::collections::BTreeSet;

/// The title of the overview page.
const OVERVIEW: &str = "API概览";

/// One section of the reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Its name as the reference prints it.
    pub name: String,
    /// The overview's text for it, or the name when the overview has none.
    pub description: String,
    /// The titles it lists, each with the form that lists it.
    titles: BTreeSet<(Form, String)>,
    /// The file names of the pages that name it or describe it, to keep beside the
    /// spec: a later run over the kept pages then finds the same section.
    pub pages: BTreeSet<String>,
}

/// The forms a reference states its sections in, the most telling first: the table of
/// contents is where a page sits; the overview is a summary written beside it (IAM's
/// puts the MFA operations under `IAM用户管理`, its table of contents under `安全设置`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Form {
    Index,
    SectionPage,
    Overview,
}

impl Section {
    /// Whether the section lists `title`, in any form.
    fn lists(&self, title: &str) -> bool {
        self.titles.iter().any(|(_, listed)| listed == title)
    }
}

/// A page of the reference, as the reader of sections takes it.
#[derive(Debug, Clone, Copy)]
pub struct SourcePage<'a> {
    /// Its file name (`API概览.txt`).
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// Every section of a reference, in the reference's order.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    sections: Vec<Section>,
}

impl Sections {
    /// The sections the pages state, in any of the forms above.
    pub fn read(pages: &[SourcePage<'_>]) -> Sections {
        let titles: BTreeSet<String> = pages
            .iter()
            .filter_map(|page| lines(page.text).into_iter().next())
            .collect();
        let mut found: Vec<(String, String, Form, Vec<String>)> = Vec::new();
        let mut overview: Option<(&str, Vec<String>)> = None;
        for page in pages {
            let lines = lines(page.text);
            let Some(title) = lines.first() else { continue };
            if title == OVERVIEW {
                let (blocks, _) = overview_blocks(&lines);
                for (name, members) in blocks {
                    found.push((name, page.name.to_owned(), Form::Overview, members));
                }
                overview = Some((page.name, lines));
            } else if let Some(blocks) = index_blocks(page.text) {
                for (name, members) in blocks {
                    found.push((name, page.name.to_owned(), Form::Index, members));
                }
            } else if is_section_page(&lines, &titles) {
                let members = lines[1..].to_vec();
                found.push((
                    title.clone(),
                    page.name.to_owned(),
                    Form::SectionPage,
                    members,
                ));
            }
        }
        let mut sections = Sections::default();
        for (name, page, form, members) in found {
            let at = match sections.sections.iter().position(|s| s.name == name) {
                Some(at) => at,
                None => {
                    sections.sections.push(Section {
                        description: name.clone(),
                        name,
                        titles: BTreeSet::new(),
                        pages: BTreeSet::new(),
                    });
                    sections.sections.len() - 1
                }
            };
            let section = &mut sections.sections[at];
            section
                .titles
                .extend(members.into_iter().map(|member| (form, member)));
            section.pages.insert(page);
        }
        // The pages that list a section (VPC's group page `API`) place it in the
        // reference's order: they are kept with it.
        let groups: Vec<(String, BTreeSet<String>)> = sections
            .sections
            .iter()
            .map(|section| {
                let pages = sections
                    .sections
                    .iter()
                    .filter(|group| group.lists(&section.name))
                    .flat_map(|group| group.pages.iter().cloned())
                    .collect();
                (section.name.clone(), pages)
            })
            .collect();
        for (section, (_, pages)) in sections.sections.iter_mut().zip(groups) {
            section.pages.extend(pages);
        }
        if let Some((page, lines)) = overview {
            sections.describe(page, &lines);
        }
        sections.sort(pages);
        sections
    }

    /// The section that lists an operation page's title (its first line), as the most
    /// telling form that lists it says: `None` when none does, or when sections of
    /// different names do. A section that lists another section listing the title is
    /// only the outer one (`API（推荐）` lists `查询Job状态`, which lists the operation).
    pub fn of_title(&self, title: &str) -> Option<&Section> {
        let title = collapse(title);
        let form = self
            .sections
            .iter()
            .flat_map(|s| s.titles.iter())
            .filter(|(_, listed)| *listed == title)
            .map(|(form, _)| *form)
            .min()?;
        let key = (form, title);
        let listing: Vec<&Section> = self
            .sections
            .iter()
            .filter(|s| s.titles.contains(&key))
            .collect();
        let mut inner = listing.iter().filter(|outer| {
            !listing
                .iter()
                .any(|other| other.name != outer.name && outer.lists(&other.name))
        });
        let first = inner.next()?;
        inner.next().is_none().then_some(*first)
    }

    /// Every section that lists the title, in any form: the pages they come from are
    /// what a later run needs to decide the same (or to find the title as ambiguous).
    pub fn listing<'s>(&'s self, title: &str) -> impl Iterator<Item = &'s Section> {
        let title = collapse(title);
        self.sections.iter().filter(move |s| s.lists(&title))
    }

    /// Where a section comes in the reference (`None`: not one of its sections).
    pub fn position(&self, name: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.name == name)
    }

    /// The section named `name`.
    pub fn get(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// Descriptions from the overview's table of types: the line after a section's name,
    /// above the first per-section table (its own tables repeat the names).
    fn describe(&mut self, page: &str, lines: &[String]) {
        let (_, types_end) = overview_blocks(lines);
        let types = &lines[..types_end];
        let names: BTreeSet<String> = self.sections.iter().map(|s| s.name.clone()).collect();
        for section in &mut self.sections {
            let Some(at) = types.iter().position(|line| *line == section.name) else {
                continue;
            };
            if let Some(next) = types.get(at + 1)
                && !names.contains(next)
                && !is_header(next)
            {
                section.description = next.clone();
                section.pages.insert(page.to_owned());
            }
        }
    }

    /// The reference's order: where each section is first named, reading the overview,
    /// then the table of contents, then the other pages (a group page such as VPC's
    /// `API` lists its sections in order).
    fn sort(&mut self, pages: &[SourcePage<'_>]) {
        let rank = |page: &SourcePage<'_>| {
            let first = lines(page.text).into_iter().next().unwrap_or_default();
            if first == OVERVIEW {
                0
            } else if index_blocks(page.text).is_some() {
                1
            } else {
                2
            }
        };
        let mut ordered: Vec<&SourcePage<'_>> = pages.iter().collect();
        ordered.sort_by_key(|page| rank(page));
        let mut order: Vec<String> = Vec::new();
        for page in ordered {
            for line in lines(page.text) {
                let line = index_name(&line).unwrap_or(line);
                if !order.contains(&line) && self.position(&line).is_some() {
                    order.push(line);
                }
            }
        }
        self.sections
            .sort_by_key(|s| order.iter().position(|name| *name == s.name));
    }
}

/// The tag of an operation no section lists: its path's resource, the first segment
/// after the version, the placeholders and the service's own name
/// (`/v2/{project_id}/cloudvolumes/{id}` is `cloudvolumes`, VPC's
/// `/v3/{project_id}/vpc/sub-network-interfaces` is `sub-network-interfaces`); `/` for a
/// path that has none (`GET /`, `GET /{api_version}`).
pub fn resource_tag(path: &str, service: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let is_version = |segment: &str| {
        segment
            .strip_prefix('v')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    };
    segments
        .iter()
        .enumerate()
        .find(|(at, segment)| {
            !(segment.starts_with('{') || *at == 0 && is_version(segment) || **segment == service)
        })
        .map_or_else(|| "/".to_owned(), |(_, segment)| (*segment).to_owned())
}

/// An operation page's title as sections list it: its first line.
pub fn page_title(text: &str) -> Option<String> {
    lines(text).into_iter().next()
}

/// The text of a fallback tag's description.
pub fn resource_description(resource: &str) -> String {
    format!("Operations on `{resource}` that no section of the API reference lists.")
}

/// A page's non-blank lines, trimmed, runs of whitespace as one space (the overview
/// writes `Keystone API` where a title may wrap).
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(collapse)
        .filter(|line| !line.is_empty())
        .collect()
}

/// A line as titles compare: runs of whitespace as one space, and the markdown escapes
/// some pages keep (`获取联邦认证token\(OpenID Connect ID token方式\)`) undone.
fn collapse(line: &str) -> String {
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("\\(", "(")
        .replace("\\)", ")")
}

/// The overview's per-section tables, each a name and every line of its rows (titles
/// and descriptions alike: only titles ever match), and where the first one starts.
fn overview_blocks(lines: &[String]) -> (Vec<(String, Vec<String>)>, usize) {
    let starts: Vec<usize> = (1..lines.len().saturating_sub(1))
        .filter(|&at| matches!(lines[at].as_str(), "接口" | "API") && lines[at + 1] == "说明")
        .map(|at| at - 1)
        .collect();
    let blocks = starts
        .iter()
        .enumerate()
        .map(|(n, &start)| {
            let end = starts.get(n + 1).copied().unwrap_or(lines.len());
            (lines[start].clone(), lines[start + 3..end].to_vec())
        })
        .collect();
    (blocks, starts.first().copied().unwrap_or(lines.len()))
}

/// The name a table of contents' `[name]` line gives.
fn index_name(line: &str) -> Option<String> {
    let name = line.strip_prefix('[')?.strip_suffix(']')?;
    Some(name.to_owned())
}

fn is_header(line: &str) -> bool {
    matches!(line, "类型" | "子类型" | "说明" | "接口" | "API")
}

/// The table of contents: `[name]` lines, each with the lines under it up to a blank
/// line or the next `[name]`; a `[name]` right under another is its child
/// (`[API]`, `[Token管理]`). `None` when the page has no such line (AOM's `index`
/// lists its tree without them, so it cannot tell a section from an operation).
fn index_blocks(text: &str) -> Option<Vec<(String, Vec<String>)>> {
    let mut blocks: Vec<(String, Vec<String>)> = Vec::new();
    let mut open = false;
    for line in text.lines().map(collapse) {
        if let Some(name) = index_name(&line) {
            if open && let Some((_, members)) = blocks.last_mut() {
                members.push(name.clone());
            }
            blocks.push((name, Vec::new()));
            open = true;
        } else if line.is_empty() {
            open = false;
        } else if open && let Some((_, members)) = blocks.last_mut() {
            members.push(line);
        }
    }
    (!blocks.is_empty()).then_some(blocks)
}

/// A section page: under its title only short lines without sentence punctuation, no
/// request line, and at least one of them the title of another page.
fn is_section_page(lines: &[String], titles: &BTreeSet<String>) -> bool {
    let members = &lines[1..];
    !members.is_empty()
        && members.iter().all(|line| {
            line.chars().count() <= 60
                && !line.contains(['。', '，', '：', ':', '；', ','])
                && !is_request_line(line)
                && !matches!(line.as_str(), "功能介绍" | "URI" | "Function")
        })
        && members
            .iter()
            .any(|line| line != &lines[0] && titles.contains(line))
}

fn is_request_line(line: &str) -> bool {
    ["GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD "]
        .iter()
        .any(|method| line.starts_with(method))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pages: &[(&str, &str)]) -> Sections {
        let pages: Vec<SourcePage<'_>> = pages
            .iter()
            .map(|&(name, text)| SourcePage { name, text })
            .collect();
        Sections::read(&pages)
    }

    fn section_of(sections: &Sections, title: &str) -> Option<String> {
        sections.of_title(title).map(|section| section.name.clone())
    }

    // From AOM's `API概览` (2021): the table of types, then a table per section.
    const AOM_OVERVIEW: &str = "API概览\n\n应用运维管理服务API为开发者、合作伙伴提供监控、弹性伸缩、日志、APM的开放接口。\n\n表1 API概览\n\n类型\n\n说明\n\n监控\n\n监控相关的接口，包括查询指标，查询、添加监控数据。\n\n弹性伸缩\n\n弹性伸缩相关的接口，包括创建、删除、更新策略。\n\n监控\n\nAPI\n\n说明\n\n查询监控数据\n\n查询指定时间范围内的监控数据，可以通过参数指定需要查询的数据维度，数据周期等。\n\n添加阈值规则\n\n添加单条阈值规则。\n\n弹性伸缩\n\nAPI\n\n说明\n\n创建策略\n\n创建策略。\n";

    // From IAM's `API概览` (2023): no table of types, `接口 | 说明` tables.
    const IAM_OVERVIEW: &str = "API概览\n\nToken管理\n\n接口\n\n说明\n\n获取委托Token\n\n该接口可以用于获取委托方的token。\n\nIAM用户管理\n\n接口\n\n说明\n\n绑定MFA设备\n\n该接口可以用于绑定MFA设备。\n\n查询Keystone API的3.0版本信息\n\n该接口用于查询Keystone API的3.0版本信息。\n";

    // From IAM's `index`: the MFA operations sit under `安全设置`.
    const IAM_INDEX: &str = "API参考\n\n[使用前必读]\n概述\n调用说明\n\n[API]\n[Token管理]\n获取IAM用户Token（使用密码）\n获取委托Token\n\n[安全设置]\n修改帐号操作保护策略\n绑定MFA设备\n\n[联邦身份认证管理]\n[通过联邦认证获取token]\nSP initiated方式\n\n[身份提供商]\n查询身份提供商列表\n";

    // From ECS's pages (2024): a group page, two section pages of one name (Huawei's
    // API and the OpenStack one), and a permission page of the same name, which lists
    // request lines and is no section page.
    const ECS_GROUP: &str =
        "API（推荐）\n\n生命周期管理\n\n批量操作\n\n云服务器组管理\n\n查询Job状态\n";
    const ECS_GROUPS: &str =
        "云服务器组管理\n\n创建云服务器组\n\n删除云服务器组\n\n查询云服务器组列表\n";
    const ECS_GROUPS_NOVA: &str = "云服务器组管理\n\n创建云服务器组\n\n查询云服务器组列表\n";
    const ECS_GROUPS_PERMISSIONS: &str = "云服务器组管理\n\n权限\n\n对应的API接口\n\n删除云服务器组\n\nDELETE /v1/{project_id}/cloudservers/os-server-groups/{server_group_id}\n\necs:cloudServers:deleteServerGroup\n";
    const ECS_JOBS: &str = "查询Job状态\n\n查询任务的执行状态\n";
    const ECS_BATCH: &str = "批量操作\n\n批量启动云服务器\n\n批量重启云服务器\n";
    const ECS_OVERVIEW: &str = "API概览\n\n弹性云服务器所提供的接口分为ECS接口与OpenStack原生接口。推荐您使用ECS接口。\n\n表1 ECS接口说明\n\n类型\n\n说明\n\n批量操作\n\n包括批量启动、重启、关闭、修改弹性云服务器等接口。\n\n查询Job状态\n\n对于创建/删除云服务器、云服务器批量操作和网卡操作等异步API，可以通过该接口查询任务的执行状态。\n\n云服务器组管理\n\n包括创建、删除云服务器组接口、云服务器组添加成员、删除成员接口。\n";

    /// An operation page: its title and a request line.
    fn operation(title: &str) -> String {
        format!("{title}\n\n功能介绍\n\n{title}。\n\nURI\n\nGET /v1/{{project_id}}/x\n")
    }

    #[test]
    fn the_overview_tables_list_the_sections_and_their_texts() {
        let sections = read(&[("API概览.txt", AOM_OVERVIEW)]);
        assert_eq!(
            section_of(&sections, "查询监控数据").as_deref(),
            Some("监控")
        );
        assert_eq!(
            section_of(&sections, "创建策略").as_deref(),
            Some("弹性伸缩")
        );
        assert_eq!(section_of(&sections, "查询监控数据（即将下线）"), None);
        let monitoring = sections.get("监控").unwrap();
        assert_eq!(
            monitoring.description,
            "监控相关的接口，包括查询指标，查询、添加监控数据。"
        );
        assert_eq!(sections.position("监控"), Some(0));
        assert_eq!(sections.position("弹性伸缩"), Some(1));
    }

    #[test]
    fn overview_titles_match_pages_whatever_their_spacing() {
        let sections = read(&[("API概览.txt", IAM_OVERVIEW)]);
        assert_eq!(
            section_of(&sections, "查询Keystone  API的3.0版本信息").as_deref(),
            Some("IAM用户管理")
        );
        // No table of types: the description is the name.
        assert_eq!(sections.get("Token管理").unwrap().description, "Token管理");
    }

    #[test]
    fn the_table_of_contents_decides_over_the_overview() {
        let sections = read(&[("API概览.txt", IAM_OVERVIEW), ("index.txt", IAM_INDEX)]);
        assert_eq!(
            section_of(&sections, "绑定MFA设备").as_deref(),
            Some("安全设置")
        );
        assert_eq!(
            section_of(&sections, "获取委托Token").as_deref(),
            Some("Token管理")
        );
        assert_eq!(
            section_of(&sections, "查询身份提供商列表").as_deref(),
            Some("身份提供商")
        );
        // `[API]` holds `[Token管理]`: the inner section is the operation's.
        assert!(sections.get("API").unwrap().lists("Token管理"));
        let kept = &sections.get("安全设置").unwrap().pages;
        assert!(kept.contains("index.txt"));
    }

    #[test]
    fn section_pages_nest_and_merge_by_name() {
        let groups_page = operation("创建云服务器组");
        let jobs_page = operation("查询任务的执行状态");
        let reboot_page = operation("批量重启云服务器");
        let sections = read(&[
            ("API概览.txt", ECS_OVERVIEW),
            ("API（推荐）.txt", ECS_GROUP),
            ("云服务器组管理.txt", ECS_GROUPS),
            ("云服务器组管理-19.txt", ECS_GROUPS_NOVA),
            ("云服务器组管理-37.txt", ECS_GROUPS_PERMISSIONS),
            ("批量操作.txt", ECS_BATCH),
            ("查询Job状态.txt", ECS_JOBS),
            ("创建云服务器组.txt", &groups_page),
            ("查询任务的执行状态.txt", &jobs_page),
            ("批量重启云服务器.txt", &reboot_page),
        ]);
        let groups = sections.get("云服务器组管理").unwrap();
        assert_eq!(
            groups.pages.iter().collect::<Vec<_>>(),
            [
                "API概览.txt",
                "API（推荐）.txt",
                "云服务器组管理-19.txt",
                "云服务器组管理.txt"
            ]
        );
        assert!(
            groups
                .description
                .starts_with("包括创建、删除云服务器组接口")
        );
        assert_eq!(
            section_of(&sections, "创建云服务器组").as_deref(),
            Some("云服务器组管理")
        );
        assert_eq!(
            section_of(&sections, "批量重启云服务器").as_deref(),
            Some("批量操作")
        );
        assert_eq!(
            section_of(&sections, "查询任务的执行状态").as_deref(),
            Some("查询Job状态")
        );
        // The overview's order, the group page's for the rest.
        let order: Vec<Option<usize>> =
            ["批量操作", "查询Job状态", "云服务器组管理", "API（推荐）"]
                .iter()
                .map(|name| sections.position(name))
                .collect();
        assert_eq!(order, [Some(0), Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn a_title_under_sections_of_other_names_falls_back() {
        // EVS lists `创建云硬盘` under `云硬盘` and, for its guide page, `快速入门`.
        let index =
            "API参考\n\n[快速入门]\n创建云硬盘\n\n[API v2]\n[云硬盘]\n创建云硬盘\n扩容云硬盘\n";
        let sections = read(&[("index.txt", index)]);
        assert_eq!(section_of(&sections, "创建云硬盘"), None);
        assert_eq!(
            section_of(&sections, "扩容云硬盘").as_deref(),
            Some("云硬盘")
        );
    }

    #[test]
    fn the_fallback_is_the_paths_resource() {
        assert_eq!(
            resource_tag("/v2/{project_id}/cloudvolumes/{volume_id}/action", "evs"),
            "cloudvolumes"
        );
        assert_eq!(
            resource_tag("/v3/{project_id}/vpc/sub-network-interfaces", "vpc"),
            "sub-network-interfaces"
        );
        assert_eq!(
            resource_tag("/v3.0/OS-MFA/mfa-devices/bind", "iam"),
            "OS-MFA"
        );
        assert_eq!(
            resource_tag("/v2.0/security-group-rules", "vpc"),
            "security-group-rules"
        );
        assert_eq!(resource_tag("/{api_version}", "ecs"), "/");
        assert_eq!(resource_tag("/", "ecs"), "/");
    }

    #[test]
    fn a_page_title_is_its_first_line_unescaped() {
        assert_eq!(
            page_title("\n获取联邦认证token\\(OpenID Connect ID token方式\\)\n\n功能介绍\n")
                .as_deref(),
            Some("获取联邦认证token(OpenID Connect ID token方式)")
        );
    }
}
