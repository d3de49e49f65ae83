//! Writes the CSS of every `style!` block under `src/` to `$OUT_DIR/components.css` (followed by
//! `style/app.css`, the signed-in pages' shared rules), and fails the build when stylers would
//! make two blocks' styles bleed into each other.
//!
//! `stylers_macro::style!` only returns a class name, derived from the count of non-whitespace
//! characters of the block, so two different blocks of the same length get the same class (and
//! some different lengths do too). `stylers::build` would write the CSS, but it only finds blocks
//! that are `let` statements of top-level functions and has no guard. This finds every block
//! anywhere (nested modules, impl blocks, inside other macros such as `view!`), computes the class
//! exactly as the macro does, and refuses:
//! - two different blocks that share a class;
//! - `style_str!`, `style_sheet!` and `style_sheet_str!`, whose classes are random or come from a
//!   file and cannot be checked here.
//!
//! It also writes what each smaller bundle (`BUNDLES`: the login page's, the mechanics') needs of
//! the whole: the CSS of the components it draws (`<bundle>.css`), and the translations its `tr!`
//! calls use (`<bundle>-locales/<lang>.ftl` and `<bundle>_translations.rs`, a `static_loader!`
//! over them), so that bundle stays small; a bundle of signed-in pages gets `style/app.css` too. Which files those are follows from the code
//! (`reach.rs`): a component a bundle's pages start to use brings its CSS and words along.

mod reach;
mod scan;
mod translations;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

use scan::{Block, Finder};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// Every file of `src` that parses. (One that does not fails the compiler with a better message.)
fn parsed_files(src: &Path) -> Result<Vec<(PathBuf, syn::File)>, Vec<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files).map_err(|e| vec![format!("{}: {e}", src.display())])?;
    files.sort();
    let mut parsed = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| vec![format!("{}: {e}", file.display())])?;
        if let Ok(ast) = syn::parse_file(&text) {
            parsed.push((file, ast));
        }
    }
    Ok(parsed)
}

/// A bundle smaller than the whole app.
struct Smaller {
    /// The name of its files in `$OUT_DIR`.
    name: &'static str,
    /// The function of `src/lib.rs` it starts with.
    start: &'static str,
    /// Whether it draws signed-in pages, which need the shared rules of `style/app.css`.
    signed_in: bool,
}

const BUNDLES: [Smaller; 2] = [
    Smaller { name: "login", start: "run_login", signed_in: false },
    Smaller { name: "mechanic", start: "run_mechanic", signed_in: true },
];

/// What one smaller bundle needs of the whole.
#[derive(Default)]
struct Part {
    /// The classes of the `style!` blocks in the code it reaches.
    classes: BTreeSet<String>,
    /// Its CSS, written once every block is known.
    css: String,
    /// The translation keys of the code it reaches.
    keys: BTreeSet<String>,
}

/// What the build writes.
struct Generated {
    /// Every block's CSS, one rule set per class.
    css: String,
    /// Each of `BUNDLES`' part of it, in the same order.
    parts: Vec<Part>,
}

/// The CSS of every block under `src`, and what each smaller bundle needs; or every problem found.
fn generate(src: &Path, root: &Path) -> Result<Generated, Vec<String>> {
    let files = parsed_files(src)?;
    let reached = BUNDLES
        .iter()
        .map(|bundle| reach::reach(src, &files, bundle.start))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| vec![e])?;
    let mut parts: Vec<Part> = BUNDLES.iter().map(|_| Part::default()).collect();
    let mut blocks = Vec::new();
    let mut errors = Vec::new();
    for (file, ast) in &files {
        let shown = file.strip_prefix(root).unwrap_or(file);
        let mut finder = Finder::new(shown);
        finder.visit_file(ast);
        for (reach, part) in reached.iter().zip(&mut parts) {
            if reach.files.contains(file) {
                part.classes.extend(finder.blocks.iter().map(|b| b.class.clone()));
                part.keys.extend(finder.keys.iter().cloned());
            } else if file == &src.join("lib.rs") {
                // Of lib.rs, only what the bundle's `run_*` function reaches.
                let mut found = Finder::new(shown);
                for item in ast
                    .items
                    .iter()
                    .filter(|item| reach::item_name(item).is_some_and(|n| reach.root_items.contains(&n)))
                {
                    found.visit_item(item);
                }
                part.classes.extend(found.blocks.iter().map(|b| b.class.clone()));
                part.keys.extend(found.keys);
            }
        }
        blocks.extend(finder.blocks);
        errors.extend(finder.errors);
    }
    let mut by_class: BTreeMap<&str, Vec<&Block>> = BTreeMap::new();
    for block in &blocks {
        by_class.entry(&block.class).or_default().push(block);
    }
    for (class, same) in &by_class {
        if same.iter().any(|b| b.body != same[0].body) {
            let places: Vec<&str> = same.iter().map(|b| b.at.as_str()).collect();
            errors.push(format!(
                "stylers class collision: {} share the class {class}, so their styles would mix. \
                 Change one block's length (add or drop a declaration or a character).",
                places.join(" and ")
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut all = String::new();
    for (class, same) in &by_class {
        all.push_str(&same[0].css);
        all.push('\n');
        for part in parts.iter_mut().filter(|part| part.classes.contains(*class)) {
            part.css.push_str(&same[0].css);
            part.css.push('\n');
        }
    }
    Ok(Generated { css: all, parts })
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let src = manifest.join("src");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=../locales");
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=../style/app.css");
    let root = manifest.parent().unwrap_or(&manifest);
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let written = generate(&src, root).and_then(|generated| {
        // The signed-in pages' shared rules that the login page never needs (style/app.css) go with
        // the components' CSS, so the login page's main.css stays as small as it is.
        let app_css = root.join("style/app.css");
        let shared =
            std::fs::read_to_string(&app_css).map_err(|e| vec![format!("cannot read {}: {e}", app_css.display())])?;
        let whole = format!("{}{shared}", generated.css);
        let path = out.join("components.css");
        std::fs::write(&path, whole).map_err(|e| vec![format!("cannot write {}: {e}", path.display())])?;
        for (bundle, part) in BUNDLES.iter().zip(&generated.parts) {
            let css = if bundle.signed_in { format!("{}{shared}", part.css) } else { part.css.clone() };
            let path = out.join(format!("{}.css", bundle.name));
            std::fs::write(&path, css).map_err(|e| vec![format!("cannot write {}: {e}", path.display())])?;
            translations::write_translations(&root.join("locales"), &out, bundle.name, &part.keys)?;
        }
        Ok(())
    });
    match written {
        Ok(()) => {}
        Err(errors) => {
            for error in &errors {
                eprintln!("error: {error}");
            }
            panic!("{} problem(s) with style! blocks or translations:\n{}", errors.len(), errors.join("\n"));
        }
    }
}
