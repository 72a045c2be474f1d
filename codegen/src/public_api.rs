//! The public API of a crate, read from its source files: every item a caller can name,
//! with its signature. Two releases compared this way show what callers see change,
//! whether a spec or the generator changed it (`cargo xtask release` compares the crate
//! as released with the crate generated now).
//!
//! The rules follow Cargo's semver guide: removing or retyping an item breaks callers;
//! adding one does not, except a field of a struct that callers can build with a literal
//! and a variant of an enum they can match exhaustively (neither `#[non_exhaustive]`).

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{
    Attribute, Fields, ImplItem, Item as SynItem, ItemEnum, TraitItem, UseTree, Visibility,
    parse_quote,
};

use crate::GeneratedFile;
use crate::api_diff::{Change, Impact};

/// Every public item of a crate, by the path a caller names it with (`models::Pet::age`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicApi {
    items: BTreeMap<String, Item>,
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: Kind,
    /// Its declaration without body or docs, `#[cfg]` gates included.
    pub signature: String,
    /// The item it belongs to (a field's struct, a method's type), if any.
    pub parent: Option<String>,
    /// For structs: callers can build it with a literal (every field public, not
    /// `#[non_exhaustive]`). For enums: callers can match it exhaustively. For trait
    /// methods: it has no default body. Otherwise false.
    pub closed: bool,
}

/// The kinds of public items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `pub mod`
    Module,
    /// `pub struct`
    Struct,
    /// A public field of a struct.
    Field,
    /// `pub enum`
    Enum,
    /// A variant of an enum.
    Variant,
    /// `pub fn` at module level.
    Function,
    /// A public associated function or constant of a type, or an item of a trait.
    Method,
    /// `impl Trait for Type`, written out or derived.
    TraitImpl,
    /// `pub trait`
    Trait,
    /// `pub type`
    Alias,
    /// `pub const` or `pub static`
    Constant,
    /// `pub use`
    Reexport,
    /// `#[macro_export] macro_rules!`
    Macro,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Module => "module",
            Kind::Struct => "struct",
            Kind::Field => "field",
            Kind::Enum => "enum",
            Kind::Variant => "variant",
            Kind::Function => "function",
            Kind::Method => "method",
            Kind::TraitImpl => "trait implementation",
            Kind::Trait => "trait",
            Kind::Alias => "type alias",
            Kind::Constant => "constant",
            Kind::Reexport => "re-export",
            Kind::Macro => "macro",
        }
    }
}

impl PublicApi {
    /// The public API of the crate whose files are `files` (paths relative to the crate,
    /// `src/lib.rs` the root). Files that do not parse are an error naming the file.
    pub fn of(files: &[GeneratedFile]) -> Result<PublicApi, String> {
        let mut reader = Reader {
            files,
            api: PublicApi::default(),
        };
        let root = reader.parse("src/lib.rs")?;
        reader.module("", "src", &root.items)?;
        let mut api = reader.api;
        api.name_by_reexports();
        Ok(api)
    }

    /// Name every item re-exported from inside the crate by its re-exported path, as a
    /// caller writes it (`Client::send`, not `client::Client::send`): one name per item,
    /// whatever module the generator puts it in.
    fn name_by_reexports(&mut self) {
        let renames: Vec<(String, String)> = self
            .items
            .iter()
            .filter(|(_, item)| item.kind == Kind::Reexport)
            .filter_map(|(alias, item)| {
                let target = item
                    .signature
                    .rsplit(' ')
                    .next()?
                    .trim_start_matches("crate::");
                let kind = self.items.get(target)?.kind;
                (kind != Kind::Reexport && kind != Kind::Module)
                    .then(|| (target.to_owned(), alias.clone()))
            })
            .collect();
        for (target, alias) in renames {
            self.items.remove(&alias);
            let moved: Vec<String> = self
                .items
                .keys()
                .filter(|name| {
                    name.strip_prefix(&target).is_some_and(|rest| {
                        rest.is_empty() || rest.starts_with("::") || rest.starts_with(": ")
                    })
                })
                .cloned()
                .collect();
            for name in moved {
                if let Some(mut item) = self.items.remove(&name) {
                    let renamed = |path: &str| format!("{alias}{}", &path[target.len()..]);
                    if let Some(parent) = item
                        .parent
                        .as_mut()
                        .filter(|parent| parent.starts_with(&target))
                    {
                        *parent = renamed(parent);
                    }
                    self.items.insert(renamed(&name), item);
                }
            }
        }
    }

    /// The items, by path.
    pub fn items(&self) -> &BTreeMap<String, Item> {
        &self.items
    }
}

struct Reader<'a> {
    files: &'a [GeneratedFile],
    api: PublicApi,
}

impl Reader<'_> {
    fn parse(&self, path: &str) -> Result<syn::File, String> {
        let file = self
            .files
            .iter()
            .find(|file| file.path == path)
            .ok_or_else(|| format!("{path} is missing"))?;
        syn::parse_file(&file.contents).map_err(|e| format!("{path} does not parse: {e}"))
    }

    fn add(&mut self, name: String, kind: Kind, signature: String, parent: Option<&str>) {
        self.add_item(
            name,
            Item {
                kind,
                signature,
                parent: parent.map(str::to_owned),
                closed: false,
            },
        );
    }

    fn add_item(&mut self, name: String, item: Item) {
        self.api.items.insert(name, item);
    }

    /// The items of module `path` (empty for the crate root), whose child module files
    /// live in `dir`.
    fn module(&mut self, path: &str, dir: &str, items: &[SynItem]) -> Result<(), String> {
        for item in items {
            self.item(path, dir, item)?;
        }
        Ok(())
    }

    fn item(&mut self, path: &str, dir: &str, item: &SynItem) -> Result<(), String> {
        let name = |ident: &dyn ToString| join(path, &ident.to_string());
        match item {
            SynItem::Mod(module) if public(&module.vis) && !test_only(&module.attrs) => {
                let child = name(&module.ident);
                self.add(
                    child.clone(),
                    Kind::Module,
                    gated(&module.attrs, "mod"),
                    None,
                );
                let child_dir = format!("{dir}/{}", module.ident);
                if let Some((_, content)) = &module.content {
                    return self.module(&child, &child_dir, content);
                }
                let file = [format!("{child_dir}.rs"), format!("{child_dir}/mod.rs")]
                    .into_iter()
                    .find(|candidate| self.files.iter().any(|file| &file.path == candidate))
                    .ok_or_else(|| format!("module `{child}` has no file {child_dir}.rs"))?;
                let parsed = self.parse(&file)?;
                self.module(&child, &child_dir, &parsed.items)?;
            }
            SynItem::Struct(def) if public(&def.vis) => {
                let struct_name = name(&def.ident);
                let generics = &def.generics;
                let mut every_field_public = true;
                let fields: Vec<(String, &syn::Field)> = match &def.fields {
                    Fields::Named(fields) => fields
                        .named
                        .iter()
                        .map(|field| (field.ident.as_ref().map(ToString::to_string), field))
                        .map(|(ident, field)| (ident.unwrap_or_default(), field))
                        .collect(),
                    Fields::Unnamed(fields) => fields
                        .unnamed
                        .iter()
                        .enumerate()
                        .map(|(index, field)| (index.to_string(), field))
                        .collect(),
                    Fields::Unit => Vec::new(),
                };
                for (field_name, field) in fields {
                    if !public(&field.vis) {
                        every_field_public = false;
                        continue;
                    }
                    let ty = &field.ty;
                    self.add(
                        join(&struct_name, &field_name),
                        Kind::Field,
                        gated(&field.attrs, &format!("{field_name}: {}", tidy(ty))),
                        Some(&struct_name),
                    );
                }
                self.derives(&struct_name, &def.attrs);
                self.add_item(
                    struct_name,
                    Item {
                        kind: Kind::Struct,
                        signature: gated(
                            &def.attrs,
                            &format!("struct {}{}", def.ident, tidy(generics)),
                        ),
                        parent: None,
                        closed: every_field_public && !non_exhaustive(&def.attrs),
                    },
                );
            }
            SynItem::Enum(def) if public(&def.vis) => {
                let enum_name = name(&def.ident);
                for variant in &def.variants {
                    let fields = &variant.fields;
                    self.add(
                        join(&enum_name, &variant.ident.to_string()),
                        Kind::Variant,
                        gated(
                            &variant.attrs,
                            &format!("{}{}", variant.ident, tidy(fields)),
                        ),
                        Some(&enum_name),
                    );
                }
                self.derives(&enum_name, &def.attrs);
                self.add_item(
                    enum_name,
                    Item {
                        kind: Kind::Enum,
                        signature: gated(
                            &def.attrs,
                            &format!("enum {}{}", def.ident, tidy(&def.generics)),
                        ),
                        parent: None,
                        closed: !non_exhaustive(&def.attrs),
                    },
                );
            }
            SynItem::Fn(function) if public(&function.vis) => self.add(
                name(&function.sig.ident),
                Kind::Function,
                gated(&function.attrs, &tidy(&function.sig)),
                None,
            ),
            SynItem::Type(alias) if public(&alias.vis) => self.add(
                name(&alias.ident),
                Kind::Alias,
                gated(
                    &alias.attrs,
                    &format!("type {} = {}", alias.ident, tidy(&alias.ty)),
                ),
                None,
            ),
            SynItem::Const(constant) if public(&constant.vis) => self.add(
                name(&constant.ident),
                Kind::Constant,
                gated(&constant.attrs, &format!("const: {}", tidy(&constant.ty))),
                None,
            ),
            SynItem::Static(value) if public(&value.vis) => self.add(
                name(&value.ident),
                Kind::Constant,
                gated(&value.attrs, &format!("static: {}", tidy(&value.ty))),
                None,
            ),
            SynItem::Use(reexport) if public(&reexport.vis) => {
                let mut found = Vec::new();
                use_tree(&reexport.tree, "", &mut found);
                for (alias, target) in found {
                    self.add(
                        name(&alias),
                        Kind::Reexport,
                        gated(&reexport.attrs, &format!("use {target}")),
                        None,
                    );
                }
            }
            SynItem::Trait(def) if public(&def.vis) => {
                let trait_name = name(&def.ident);
                for member in &def.items {
                    let (ident, signature, required) = match member {
                        TraitItem::Fn(function) => (
                            function.sig.ident.to_string(),
                            tidy(&function.sig),
                            function.default.is_none(),
                        ),
                        TraitItem::Type(ty) => {
                            (ty.ident.to_string(), format!("type {}", ty.ident), true)
                        }
                        TraitItem::Const(constant) => (
                            constant.ident.to_string(),
                            format!("const: {}", tidy(&constant.ty)),
                            constant.default.is_none(),
                        ),
                        _ => continue,
                    };
                    self.add_item(
                        join(&trait_name, &ident),
                        Item {
                            kind: Kind::Method,
                            signature,
                            parent: Some(trait_name.clone()),
                            closed: required,
                        },
                    );
                }
                self.add(
                    trait_name,
                    Kind::Trait,
                    gated(
                        &def.attrs,
                        &format!(
                            "trait {}{}: {}",
                            def.ident,
                            tidy(&def.generics),
                            tidy(&def.supertraits)
                        ),
                    ),
                    None,
                );
            }
            SynItem::Impl(block) if !test_only(&block.attrs) => {
                let self_name = join(path, &tidy(&block.self_ty));
                if let Some((trait_path, _)) = &block.trait_ {
                    let trait_name = tidy(trait_path);
                    self.add(
                        format!("{self_name}: impl {trait_name}"),
                        Kind::TraitImpl,
                        gated(
                            &block.attrs,
                            &format!(
                                "impl{} {trait_name} for {}",
                                tidy(&block.generics),
                                tidy(&block.self_ty)
                            ),
                        ),
                        Some(&self_name),
                    );
                    return Ok(());
                }
                for member in &block.items {
                    let (vis, ident, signature, attrs) = match member {
                        ImplItem::Fn(function) => (
                            &function.vis,
                            function.sig.ident.to_string(),
                            tidy(&function.sig),
                            &function.attrs,
                        ),
                        ImplItem::Const(constant) => (
                            &constant.vis,
                            constant.ident.to_string(),
                            format!("const: {}", tidy(&constant.ty)),
                            &constant.attrs,
                        ),
                        _ => continue,
                    };
                    if public(vis) {
                        self.add(
                            join(&self_name, &ident),
                            Kind::Method,
                            gated(&block.attrs, &gated(attrs, &signature)),
                            Some(&self_name),
                        );
                    }
                }
            }
            SynItem::Macro(def) if is_open_enum(&def.mac) => {
                let declared: ItemEnum = syn::parse2(def.mac.tokens.clone())
                    .map_err(|e| format!("an open_enum! in `{path}` does not parse: {e}"))?;
                return self.item(path, dir, &SynItem::Enum(open_enum(declared)));
            }
            SynItem::Macro(def)
                if def
                    .attrs
                    .iter()
                    .any(|attr| attr.path().is_ident("macro_export")) =>
            {
                if let Some(ident) = &def.ident {
                    // Exported macros live at the crate root, whatever module defines them.
                    self.add(ident.to_string(), Kind::Macro, "macro_rules!".into(), None);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The traits of `#[derive(..)]`, each a trait implementation of `owner`.
    fn derives(&mut self, owner: &str, attrs: &[Attribute]) {
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
            let Ok(traits) =
                attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
            else {
                continue;
            };
            for path in traits {
                let trait_name = path
                    .segments
                    .last()
                    .map(|segment| segment.ident.to_string())
                    .unwrap_or_default();
                self.add(
                    format!("{owner}: impl {trait_name}"),
                    Kind::TraitImpl,
                    gated(attrs, &format!("#[derive({trait_name})]")),
                    Some(owner),
                );
            }
        }
    }
}

/// `open_enum! { .. }` of the runtime, which declares a generated enum.
fn is_open_enum(mac: &syn::Macro) -> bool {
    mac.path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "open_enum")
}

/// The enum that core's `open_enum!` makes of `declared` (`Variant = "value",` each):
/// `#[non_exhaustive]`, an `Unknown(String)` variant for undocumented values, and the
/// same traits and methods for every enum. Those belong to the macro, so a change to
/// them is a release of core; here they only keep the enum's API complete.
fn open_enum(mut declared: ItemEnum) -> ItemEnum {
    declared.attrs.push(parse_quote!(#[non_exhaustive]));
    declared.attrs.push(parse_quote!(
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Display, FromStr, Serialize, Deserialize)]
    ));
    for variant in &mut declared.variants {
        variant.discriminant = None;
    }
    declared.variants.push(parse_quote!(Unknown(String)));
    declared
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}::{name}")
    }
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn non_exhaustive(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("non_exhaustive"))
}

/// `#[cfg(test)]` items are compiled only for the crate's own tests.
fn test_only(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("cfg") && tidy(&attr.meta).contains("cfg(test)"))
}

/// `signature` behind the item's `#[cfg(..)]` gates, so gating an item is a change.
fn gated(attrs: &[Attribute], signature: &str) -> String {
    let gates: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .map(|attr| format!("#[{}] ", tidy(&attr.meta)))
        .collect();
    format!("{}{signature}", gates.concat())
}

/// The names a `use` tree brings in, each with the path it names.
fn use_tree(tree: &UseTree, prefix: &str, found: &mut Vec<(String, String)>) {
    match tree {
        UseTree::Path(path) => use_tree(&path.tree, &join(prefix, &path.ident.to_string()), found),
        UseTree::Name(name) => {
            let ident = name.ident.to_string();
            found.push((ident.clone(), join(prefix, &ident)));
        }
        UseTree::Rename(rename) => found.push((
            rename.rename.to_string(),
            join(prefix, &rename.ident.to_string()),
        )),
        UseTree::Glob(_) => found.push(("*".to_owned(), join(prefix, "*"))),
        UseTree::Group(group) => {
            for tree in &group.items {
                use_tree(tree, prefix, found);
            }
        }
    }
}

/// Tokens as a person writes them (`Option<String>`, not `Option < String >`): the
/// spaces that `TokenStream`'s printing puts around punctuation are dropped, except after
/// a lone `:` and around `->`.
fn tidy(tokens: &dyn ToTokens) -> String {
    let chars: Vec<char> = tokens.to_token_stream().to_string().chars().collect();
    let mut out = String::with_capacity(chars.len());
    for (index, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = index.checked_sub(1).map(|i| chars[i]);
            let lone_colon = before == Some(':') && index >= 2 && chars[index - 2] != ':';
            let glued_to_before =
                matches!(before, Some('<' | '(' | '&' | '#' | ':')) && !lone_colon;
            let glued_to_after = matches!(
                chars.get(index + 1),
                Some('<' | '>' | '(' | ')' | ']' | ',' | ':')
            ) && before != Some('-');
            if glued_to_before || glued_to_after {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// What changed between two versions of a crate's public API, in path order; a change
/// of an item is reported once, not again for each of its fields or methods.
pub fn diff(old: &PublicApi, new: &PublicApi) -> Vec<Change> {
    let names: BTreeSet<&String> = old.items.keys().chain(new.items.keys()).collect();
    let mut changes = Vec::new();
    let push = |changes: &mut Vec<Change>, impact, item: &str, what: String| {
        changes.push(Change {
            impact,
            item: item.to_owned(),
            what,
        })
    };
    for name in names {
        match (old.items.get(name), new.items.get(name)) {
            (Some(item), None) => {
                let parent_gone = item
                    .parent
                    .as_ref()
                    .is_some_and(|parent| !new.items.contains_key(parent));
                if !parent_gone {
                    push(
                        &mut changes,
                        Impact::Breaking,
                        name,
                        format!("{} removed", item.kind.noun()),
                    );
                }
            }
            (None, Some(item)) => {
                let old_parent = item
                    .parent
                    .as_ref()
                    .and_then(|parent| old.items.get(parent));
                let Some(parent) = old_parent.or(item.parent.is_none().then_some(item)) else {
                    continue; // its parent is new too: reported once, as the parent
                };
                let noun = item.kind.noun();
                let (impact, what) = match (item.kind, parent.kind) {
                    (Kind::Field, Kind::Struct) if parent.closed => (
                        Impact::Breaking,
                        "field added to a struct that callers build with a literal".to_owned(),
                    ),
                    (Kind::Variant, Kind::Enum) if parent.closed => (
                        Impact::Breaking,
                        "variant added to an enum that callers match exhaustively".to_owned(),
                    ),
                    (Kind::Method, Kind::Trait) if item.closed => (
                        Impact::Breaking,
                        "trait item without a default added (implementors must add it)".to_owned(),
                    ),
                    _ => (Impact::Additive, format!("{noun} added")),
                };
                push(&mut changes, impact, name, what);
            }
            (Some(before), Some(after)) if before != after => {
                if before.kind != after.kind || before.signature != after.signature {
                    push(
                        &mut changes,
                        Impact::Breaking,
                        name,
                        format!(
                            "{} changed from `{}` to `{}`",
                            after.kind.noun(),
                            before.signature,
                            after.signature
                        ),
                    );
                } else if let Some(what) = closed_change(after.kind, before.closed, after.closed) {
                    push(&mut changes, what.0, name, what.1.to_owned());
                }
            }
            _ => {}
        }
    }
    changes
}

/// The change of a struct's, an enum's or a trait item's `closed` flag.
fn closed_change(kind: Kind, before: bool, after: bool) -> Option<(Impact, &'static str)> {
    Some(match (kind, before, after) {
        (Kind::Struct, true, false) => (
            Impact::Breaking,
            "no longer buildable with a struct literal (non-exhaustive or a private field)",
        ),
        (Kind::Struct, false, true) => (Impact::Additive, "now buildable with a struct literal"),
        (Kind::Enum, true, false) => (
            Impact::Breaking,
            "now non-exhaustive: matches need a wildcard arm",
        ),
        (Kind::Enum, false, true) => (Impact::Additive, "now exhaustive"),
        (Kind::Method, false, true) => (
            Impact::Breaking,
            "trait item lost its default (implementors must add it)",
        ),
        (Kind::Method, true, false) => (Impact::Additive, "trait item has a default now"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(lib: &str) -> PublicApi {
        PublicApi::of(&[GeneratedFile {
            path: "src/lib.rs".into(),
            contents: lib.into(),
        }])
        .unwrap()
    }

    fn lines(old: &str, new: &str) -> Vec<String> {
        diff(&api(old), &api(new))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn signatures_read_as_written() {
        let api = api(
            "pub mod m { pub struct S { pub a: Option<Vec<String>>, b: u8 } \
                       impl S { pub fn get(&self, key: &str) -> Option<&'static str> { None } } }",
        );
        let items = api.items();
        assert_eq!(items["m::S::a"].signature, "a: Option<Vec<String>>");
        assert_eq!(
            items["m::S::get"].signature,
            "fn get(&self, key: &str) -> Option<&'static str>"
        );
        assert!(!items["m::S"].closed, "a private field forbids literals");
        assert!(!items.contains_key("m::S::b"));
    }

    #[test]
    fn a_field_added_to_a_literal_struct_breaks_and_to_a_non_exhaustive_one_adds() {
        assert_eq!(
            lines(
                "pub struct S { pub a: u8 }",
                "pub struct S { pub a: u8, pub b: u8 }"
            ),
            ["BREAKING S::b: field added to a struct that callers build with a literal"]
        );
        assert_eq!(
            lines(
                "#[non_exhaustive] pub struct S { pub a: u8 }",
                "#[non_exhaustive] pub struct S { pub a: u8, pub b: u8 }"
            ),
            ["added    S::b: field added"]
        );
    }

    #[test]
    fn removed_and_retyped_items_break_and_children_of_removed_items_are_not_repeated() {
        assert_eq!(
            lines(
                "#[derive(Debug)] pub struct S { pub a: u8 } pub fn f(x: u8) {}",
                "pub fn f(x: u16) {}"
            ),
            [
                "BREAKING S: struct removed",
                "BREAKING f: function changed from `fn f(x: u8)` to `fn f(x: u16)`"
            ]
        );
    }

    #[test]
    fn a_lost_derive_and_a_new_feature_gate_break() {
        assert_eq!(
            lines(
                "#[derive(Clone, Debug)] pub struct S;",
                "#[derive(Debug)] pub struct S; #[cfg(feature = \"x\")] pub fn f() {}"
            ),
            [
                "BREAKING S: impl Clone: trait implementation removed",
                "added    f: function added"
            ]
        );
        assert_eq!(
            lines("pub fn f() {}", "#[cfg(feature = \"x\")] pub fn f() {}"),
            ["BREAKING f: function changed from `fn f()` to `#[cfg(feature = \"x\")] fn f()`"]
        );
    }

    #[test]
    fn variants_added_to_open_enums_are_additive() {
        assert_eq!(
            lines(
                "#[non_exhaustive] pub enum E { A }",
                "#[non_exhaustive] pub enum E { A, B }"
            ),
            ["added    E::B: variant added"]
        );
        assert_eq!(
            lines("pub enum E { A }", "pub enum E { A, B }"),
            ["BREAKING E::B: variant added to an enum that callers match exhaustively"]
        );
    }

    #[test]
    fn open_enums_are_non_exhaustive_enums_with_an_unknown_variant() {
        let declared = "huaweicloud_sdk_core::open_enum! { /// Kinds.\n pub enum Kind { /// `A`\n A = \"A\", } }";
        let api = api(declared);
        assert!(!api.items()["Kind"].closed);
        assert_eq!(api.items()["Kind::Unknown"].signature, "Unknown(String)");
        assert_eq!(api.items()["Kind::A"].signature, "A");
        assert_eq!(
            lines(
                declared,
                &declared.replace("A = \"A\",", "A = \"A\", B = \"B\",")
            ),
            ["added    Kind::B: variant added"]
        );
    }

    #[test]
    fn items_re_exported_from_the_crate_are_named_as_re_exported() {
        let api = api(
            "pub mod client { pub struct Client; impl Client { pub fn call(&self) {} } } \
                       pub use client::Client; pub use std::fmt::Debug;",
        );
        let names: Vec<&str> = api.items().keys().map(String::as_str).collect();
        assert_eq!(names, ["Client", "Client::call", "Debug", "client"]);
        assert_eq!(
            api.items()["Client::call"].parent.as_deref(),
            Some("Client")
        );
    }

    #[test]
    fn test_modules_and_private_items_are_not_api() {
        assert_eq!(
            lines(
                "fn private() {} pub(crate) struct Hidden;",
                "#[cfg(test)] pub mod tests { pub fn t() {} } struct Other;"
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_module_without_its_file_is_an_error() {
        let error = PublicApi::of(&[GeneratedFile {
            path: "src/lib.rs".into(),
            contents: "pub mod models;".into(),
        }])
        .unwrap_err();
        assert_eq!(error, "module `models` has no file src/models.rs");
    }
}
