//! The version lines a release rewrites, each edit touching one line and keeping every
//! other byte: a spec's `x-crate-version`, core's `[package] version`, and the version
//! requirements that manifests put on a released crate.

use huaweicloud_sdk_codegen::version::Version;

/// `spec` with its `info.x-crate-version` set to `version`.
pub fn set_spec_version(spec: &str, file: &str, version: Version) -> Result<String, String> {
    replace_one_line(spec, file, "x-crate-version", |line| {
        let (key, _) = line.split_once(':')?;
        (key.trim() == "x-crate-version").then(|| format!("{key}: {version}"))
    })
}

/// `manifest` with the `version` of its `[package]` set to `version`.
pub fn set_package_version(manifest: &str, file: &str, version: Version) -> Result<String, String> {
    let mut in_package = false;
    replace_one_line(manifest, file, "[package] version = \"..\"", |line| {
        if line.starts_with('[') {
            in_package = line.trim() == "[package]";
        }
        let value = line
            .strip_prefix("version")?
            .trim_start()
            .strip_prefix('=')?;
        (in_package && value.trim().starts_with('"')).then(|| format!("version = \"{version}\""))
    })
}

/// The `[package] version` of a hand-written manifest.
pub fn package_version(manifest: &str, file: &str) -> Result<Version, String> {
    let mut in_package = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_package = line.trim() == "[package]";
        }
        if let Some(value) = line.strip_prefix("version").map(str::trim_start)
            && let Some(value) = value.strip_prefix('=')
            && in_package
        {
            return value
                .trim()
                .trim_matches('"')
                .parse()
                .map_err(|e| format!("{file}: [package] version: {e}"));
        }
    }
    Err(format!(
        "{file}: [package] has no `version = \"..\"` line (a released crate keeps its own version)"
    ))
}

/// Whether `manifest` declares a dependency on `package`.
pub fn depends_on(manifest: &str, package: &str) -> bool {
    manifest
        .lines()
        .any(|line| dependency_key(line, package).is_some())
}

/// `manifest` with every version requirement on `package` set to `version`, and how many
/// it changed. A declaration this cannot rewrite (a `[dependencies.<package>]` table) is
/// an error naming the line.
pub fn set_requirements(
    manifest: &str,
    file: &str,
    package: &str,
    version: Version,
) -> Result<(String, usize), String> {
    let mut changed = 0;
    let mut lines = Vec::new();
    for (index, line) in manifest.split_inclusive('\n').enumerate() {
        if line.trim_start().starts_with('[') && line.contains(&format!(".{package}]")) {
            return Err(format!(
                "{file}:{}: write the dependency on {package} as one line (`{package} = {{ .., version = \"..\" }}`) so release can raise it",
                index + 1
            ));
        }
        match dependency_key(line, package).and_then(|rest| requirement_span(line, rest)) {
            Some((start, end)) if line[start..end] != version.to_string() => {
                lines.push(format!("{}{version}{}", &line[..start], &line[end..]));
                changed += 1;
            }
            _ => lines.push(line.to_owned()),
        }
    }
    Ok((lines.concat(), changed))
}

/// For a line declaring `package` (`package = ..` or `package.workspace = true`), the
/// offset of what follows the name.
fn dependency_key(line: &str, package: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = line.trim_start().strip_prefix(package)?;
    rest.trim_start()
        .starts_with(['=', '.'])
        .then_some(indent + package.len())
}

/// The byte range of the version requirement in a dependency line whose value starts
/// at `from`: `"0.1.0"` or `{ .., version = "0.1.0", .. }`, quotes excluded.
fn requirement_span(line: &str, from: usize) -> Option<(usize, usize)> {
    let value = line[from..].trim_start().strip_prefix('=')?.trim_start();
    let value_at = line.len() - value.len();
    let quoted_at = if value.starts_with('"') {
        value_at
    } else {
        let key = value.find("version")?;
        let after = &value[key + "version".len()..];
        let quote = after.trim_start().strip_prefix('=')?.trim_start();
        if !quote.starts_with('"') {
            return None;
        }
        line.len() - quote.len()
    };
    let start = quoted_at + 1;
    let end = start + line[start..].find('"')?;
    Some((start, end))
}

/// `text` with the one line that `edit` rewrites replaced; none or several is an error.
fn replace_one_line(
    text: &str,
    file: &str,
    what: &str,
    mut edit: impl FnMut(&str) -> Option<String>,
) -> Result<String, String> {
    let mut found = 0;
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        let (body, ending) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        match edit(body) {
            Some(replaced) => {
                found += 1;
                out.push_str(&replaced);
                out.push_str(ending);
            }
            None => out.push_str(line),
        }
    }
    match found {
        1 => Ok(out),
        0 => Err(format!("{file} has no `{what}` line; add one")),
        _ => Err(format!("{file} has {found} `{what}` lines; keep one")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        text.parse().unwrap()
    }

    #[test]
    fn the_spec_version_line_is_the_only_one_rewritten() {
        let spec = "info:\n  title: X\n  x-crate-version: 0.1.0\n  version: v1\n";
        assert_eq!(
            set_spec_version(spec, "s.yaml", v("0.2.0")).unwrap(),
            "info:\n  title: X\n  x-crate-version: 0.2.0\n  version: v1\n"
        );
        assert_eq!(
            set_spec_version("info:\n  title: X\n", "s.yaml", v("0.2.0")).unwrap_err(),
            "s.yaml has no `x-crate-version` line; add one"
        );
    }

    #[test]
    fn only_the_package_version_of_a_manifest_moves() {
        let manifest =
            "[package]\nname = \"c\"\nversion = \"0.1.0\"\n\n[dependencies]\nversion = \"1\"\n";
        assert_eq!(
            set_package_version(manifest, "C", v("0.1.1")).unwrap(),
            manifest.replacen("0.1.0", "0.1.1", 1)
        );
        assert_eq!(package_version(manifest, "C").unwrap(), v("0.1.0"));
        assert!(package_version("[package]\nversion.workspace = true\n", "C").is_err());
    }

    #[test]
    fn requirements_on_the_package_follow_and_nothing_else_moves() {
        let manifest = "[workspace.dependencies]\nhuaweicloud-sdk-core = { path = \"crates/core\", version = \"0.1.0\", default-features = false }\nhuaweicloud-sdk-core-extra = \"0.1.0\"\nserde = \"0.1.0\"\n";
        let (text, changed) =
            set_requirements(manifest, "Cargo.toml", "huaweicloud-sdk-core", v("0.2.0")).unwrap();
        assert_eq!(changed, 1);
        assert_eq!(
            text,
            manifest.replacen("version = \"0.1.0\"", "version = \"0.2.0\"", 1)
        );
        let (text, changed) =
            set_requirements("[dependencies]\np = \"0.1\"\n", "C", "p", v("0.1.4")).unwrap();
        assert_eq!(
            (text.as_str(), changed),
            ("[dependencies]\np = \"0.1.4\"\n", 1)
        );
        assert!(
            set_requirements("[dependencies.p]\nversion = \"1\"\n", "C", "p", v("1.0.1")).is_err()
        );
        assert!(depends_on("[dependencies]\np.workspace = true\n", "p"));
        assert!(!depends_on("[dependencies]\npq.workspace = true\n", "p"));
    }
}
