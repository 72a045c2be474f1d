//! Tokens to formatted file text: `syn` parses the emitted tokens, `prettyplease` prints
//! them, and blank lines are put between items. Large files are rendered on every core.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use proc_macro2::TokenStream;

/// Format a token stream as a Rust file whose first line says it is generated.
pub fn render_file(tokens: TokenStream, header: &str) -> Result<String, String> {
    Ok(format!("{header}\n{}", space_items(&unparse(tokens)?)))
}

/// The items of one file: `count` parts, the `index`th built by `item(index)`.
pub struct Items<'a> {
    pub count: usize,
    pub item: &'a (dyn Fn(usize) -> TokenStream + Sync),
}

/// Format the items of each file, returning one text per file.
///
/// The parts of all files are built and formatted in contiguous chunks on every
/// available core: turning tokens into text (`syn` parse, `prettyplease`) is most of the
/// generator's time on a large spec. prettyplease lays out each top-level item on its
/// own, so the chunks' texts, joined in order, are the text of the whole file: the
/// output does not depend on the number of threads. Token streams are not `Send`, hence
/// each chunk's tokens are built on the thread that formats them.
pub fn render_items(files: &[Items<'_>]) -> Result<Vec<String>, String> {
    let workers = thread::available_parallelism().map_or(1, usize::from);
    render_items_on(workers, files)
}

fn render_items_on(workers: usize, files: &[Items<'_>]) -> Result<Vec<String>, String> {
    let chunks: Vec<(usize, Range<usize>)> = files
        .iter()
        .enumerate()
        .flat_map(|(file, items)| {
            chunk_ranges(items.count, workers)
                .into_iter()
                .map(move |range| (file, range))
        })
        .collect();
    let next = AtomicUsize::new(0);
    let formatted: Vec<(usize, Result<String, String>)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..workers.min(chunks.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some((file, range)) = chunks.get(index) else {
                            return done;
                        };
                        let tokens: TokenStream = range.clone().map(files[*file].item).collect();
                        done.push((index, unparse(tokens)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("a rendering thread panicked"))
            .collect()
    });
    let mut texts = vec![String::new(); chunks.len()];
    for (index, text) in formatted {
        texts[index] = text?;
    }
    let mut per_file = vec![String::new(); files.len()];
    for ((file, _), text) in chunks.iter().zip(texts) {
        per_file[*file].push_str(&text);
    }
    Ok(per_file)
}

/// A Rust file whose first line says it is generated: `head` (inner docs, imports),
/// then the formatted `items`.
pub fn join_file(header: &str, head: TokenStream, items: &str) -> Result<String, String> {
    let mut file = unparse(head)?;
    file.push_str(items);
    Ok(format!("{header}\n{}", space_items(&file)))
}

fn unparse(tokens: TokenStream) -> Result<String, String> {
    let mut run: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    // prettyplease lays out each top-level item on its own, so the file is its runs of
    // ordinary items and its declaration macros, each printed in turn.
    let items = std::mem::take(&mut run.items);
    let mut text = String::new();
    for item in items {
        match declaration_macro(&item)? {
            Some(declaration) => {
                text.push_str(&prettyplease::unparse(&run));
                run.attrs.clear();
                run.items.clear();
                text.push_str(&declaration);
            }
            None => run.items.push(item),
        }
    }
    text.push_str(&prettyplease::unparse(&run));
    Ok(text)
}

/// The macros whose body is an item that they declare (`open_enum! { pub enum .. }`).
const DECLARATION_MACROS: &[&str] = &["open_enum"];

/// A declaration macro laid out as the item in its body would be: prettyplease prints
/// the body of a macro as a stream of tokens, which reads badly for an enum with
/// documented variants. `None` for any other item.
fn declaration_macro(item: &syn::Item) -> Result<Option<String>, String> {
    let syn::Item::Macro(item) = item else {
        return Ok(None);
    };
    let path = &item.mac.path;
    let is_declaration = path
        .segments
        .last()
        .is_some_and(|last| DECLARATION_MACROS.iter().any(|name| last.ident == name));
    if !is_declaration || !matches!(item.mac.delimiter, syn::MacroDelimiter::Brace(_)) {
        return Ok(None);
    }
    let body: syn::File = syn::parse2(item.mac.tokens.clone()).map_err(|e| e.to_string())?;
    let body = prettyplease::unparse(&body);
    let path: Vec<String> = path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    let mut text = format!("{}! {{\n", path.join("::"));
    for line in body.lines() {
        if !line.is_empty() {
            text.push_str("    ");
        }
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("}\n");
    Ok(Some(text))
}

/// `len` parts in contiguous ranges: a few per worker, so that a thread that drew
/// cheap parts takes more, and none when there is nothing to render.
fn chunk_ranges(len: usize, workers: usize) -> Vec<Range<usize>> {
    let size = len.div_ceil(workers * 4).max(1);
    (0..len)
        .step_by(size)
        .map(|start| start..(start + size).min(len))
        .collect()
}

/// Put a blank line between items, as a person would: after the module docs, after the
/// imports and after every closing brace that ends an item. prettyplease leaves none,
/// and dense files make generated diffs hard to review.
fn space_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut spaced = String::with_capacity(text.len() + lines.len() * 2);
    for (index, line) in lines.iter().enumerate() {
        spaced.push_str(line);
        spaced.push('\n');
        let Some(next) = lines.get(index + 1).map(|next| next.trim_start()) else {
            continue;
        };
        let trimmed = line.trim_start();
        let ends_item = trimmed == "}" && !next.starts_with('}');
        let ends_docs = trimmed.starts_with("//!") && !next.starts_with("//!");
        let ends_imports =
            trimmed.starts_with("use ") && trimmed.ends_with(';') && !next.starts_with("use ");
        let ends_statics = (trimmed.ends_with("};") || trimmed.ends_with("];"))
            && !line.starts_with(' ')
            && !next.is_empty();
        if ends_item || ends_docs || ends_imports || ends_statics {
            spaced.push('\n');
        }
    }
    spaced
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// Items of every shape the emitters produce, some too long for one line, as source
    /// text: token streams cannot be shared between threads.
    const ITEMS: [&str; 7] = [
        r#"#[doc = "a struct whose documentation goes on and on, well past the width of one line of code"]
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct Widget { pub a_rather_long_field_name: Option<std::collections::BTreeMap<String, Vec<crate::models::Widget>>>, pub b: i32 }"#,
        r#"impl Widget {
            pub fn validate(&self) -> Result<(), Error> {
                if let Some(value) = &self.a_rather_long_field_name { check_length("body.a_rather_long_field_name", value, 1, 64)?; }
                Ok(())
            }
        }"#,
        "pub enum Kind { A, B, Unknown(String) }",
        "pub type Widgets = Vec<Widget>;",
        r#"pub const ENDPOINTS: &[(&str, &str)] = &[("cn-north-4", "https://example.com"), ("ap-southeast-1", "https://example.org")];"#,
        "impl Default for Kind { fn default() -> Self { Self::A } }",
        r#"core::open_enum! { #[doc = " Its docs."] pub enum State { #[doc = " `ON`"] On = "ON", Off = "OFF", } }"#,
    ];

    fn tokens(source: &&str) -> TokenStream {
        source.parse().expect("test source is Rust")
    }

    #[test]
    fn files_rendered_in_chunks_equal_the_files_rendered_whole() {
        let head = quote! {
            #![doc = " Module docs."]
            use std::fmt;
        };
        let parts = ITEMS.iter().map(tokens);
        let whole = render_file(quote!(#head #(#parts)*), "// header").unwrap();
        let reversed: Vec<&str> = ITEMS.iter().rev().copied().collect();
        let parts = reversed.iter().map(tokens);
        let whole_reversed = render_file(quote!(#(#parts)*), "// header").unwrap();
        let item = |index: usize| tokens(&ITEMS[index]);
        let item_reversed = |index: usize| tokens(&reversed[index]);
        for workers in [1, 2, 3, 8] {
            let files = [
                Items {
                    count: ITEMS.len(),
                    item: &item,
                },
                Items {
                    count: reversed.len(),
                    item: &item_reversed,
                },
            ];
            let texts = render_items_on(workers, &files).unwrap();
            assert_eq!(
                join_file("// header", head.clone(), &texts[0]).unwrap(),
                whole,
                "{workers} workers"
            );
            assert_eq!(
                join_file("// header", TokenStream::new(), &texts[1]).unwrap(),
                whole_reversed,
                "{workers} workers"
            );
        }
    }

    #[test]
    fn chunks_cover_every_part_once_in_order() {
        for (len, workers) in [(0, 2), (1, 2), (7, 2), (8, 2), (100, 3), (5, 16)] {
            let covered: Vec<usize> = chunk_ranges(len, workers).into_iter().flatten().collect();
            assert_eq!(
                covered,
                (0..len).collect::<Vec<_>>(),
                "{len} parts, {workers} workers"
            );
        }
    }

    #[test]
    fn a_declaration_macro_is_laid_out_as_its_item() {
        let text = render_file(tokens(&ITEMS[6]), "// header").unwrap();
        assert_eq!(
            text,
            "// header\ncore::open_enum! {\n    /// Its docs.\n    pub enum State {\n        /// `ON`\n        On = \"ON\",\n        Off = \"OFF\",\n    }\n}\n"
        );
    }

    #[test]
    fn an_item_that_does_not_parse_is_an_error() {
        let parts = ["pub struct Good;", "pub struct Bad { a: }"];
        let item = |index: usize| tokens(&parts[index]);
        let files = [Items {
            count: parts.len(),
            item: &item,
        }];
        let error = render_items_on(2, &files).unwrap_err();
        assert!(error.contains("expected"), "{error}");
    }
}
