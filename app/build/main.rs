//! Writes the CSS of every `style!` block under `src/` to `$OUT_DIR/components.css` (followed by
//! `style/app.css`, the whole app's shared rules), and fails the build when stylers would make two
//! blocks' styles bleed into each other.
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
//! It also writes what the login-only bundle needs of the whole: the CSS of the components it
//! draws (`login.css`), and the translations its `tr!` calls use (`login-locales/<lang>.ftl` and
//! `login_translations.rs`, a `static_loader!` over them), so that bundle stays small. Which
//! files those are follows from the code (`reach.rs`): a component the login page starts to use
//! brings its CSS and words along.

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

/// What the build writes.
struct Generated {
    /// Every block's CSS, one rule set per class.
    css: String,
    /// The login-only bundle's part of it.
    login_css: String,
    /// The translation keys the login-only bundle's code uses.
    login_keys: BTreeSet<String>,
}

/// The CSS of every block under `src`, and what the login-only bundle needs; or every problem found.
fn generate(src: &Path, root: &Path) -> Result<Generated, Vec<String>> {
    let files = parsed_files(src)?;
    let login = reach::login_reach(src, &files).map_err(|e| vec![e])?;
    let mut blocks = Vec::new();
    let mut errors = Vec::new();
    let mut login_classes = BTreeSet::new();
    let mut login_keys = BTreeSet::new();
    for (file, ast) in &files {
        let shown = file.strip_prefix(root).unwrap_or(file);
        let mut finder = Finder::new(shown);
        finder.visit_file(ast);
        if login.files.contains(file) {
            login_classes.extend(finder.blocks.iter().map(|b| b.class.clone()));
            login_keys.extend(finder.keys);
        } else if file == &src.join("lib.rs") {
            // Of lib.rs, only what `run_login` reaches.
            let mut reached = Finder::new(shown);
            for item in
                ast.items.iter().filter(|item| reach::item_name(item).is_some_and(|n| login.root_items.contains(&n)))
            {
                reached.visit_item(item);
            }
            login_classes.extend(reached.blocks.iter().map(|b| b.class.clone()));
            login_keys.extend(reached.keys);
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
    let mut login_css = String::new();
    for (class, same) in &by_class {
        all.push_str(&same[0].css);
        all.push('\n');
        if login_classes.contains(*class) {
            login_css.push_str(&same[0].css);
            login_css.push('\n');
        }
    }
    Ok(Generated { css: all, login_css, login_keys })
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
        // The whole app's shared rules that the login page never needs (style/app.css) go with the
        // components' CSS, so the login page's main.css stays as small as it is.
        let app_css = root.join("style/app.css");
        let shared =
            std::fs::read_to_string(&app_css).map_err(|e| vec![format!("cannot read {}: {e}", app_css.display())])?;
        let whole = format!("{}{shared}", generated.css);
        for (name, css) in [("components.css", &whole), ("login.css", &generated.login_css)] {
            let path = out.join(name);
            std::fs::write(&path, css).map_err(|e| vec![format!("cannot write {}: {e}", path.display())])?;
        }
        translations::write_login_translations(&root.join("locales"), &out, &generated.login_keys)
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
