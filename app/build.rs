//! Writes the CSS of every `style!` block under `src/` to `$OUT_DIR/components.css`, and fails the
//! build when stylers would make two blocks' styles bleed into each other.
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
//! It also writes what the login-only bundle needs of the whole: the CSS of the login page's
//! components (`login.css`), and the translations its `tr!` calls use (`login-locales/<lang>.ftl`
//! and `login_translations.rs`, a `static_loader!` over them), so that bundle stays small.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// The files whose components the login page draws: the login-only bundle carries only their CSS
/// and the translations their `tr!` calls use.
const LOGIN_FILES: [&str; 5] = [
    "app/src/pages/login.rs",
    "app/src/ui/form.rs",
    "app/src/ui/feedback.rs",
    "app/src/ui/brand.rs",
    "app/src/i18n.rs",
];

/// One `style!` block, where it is and what it becomes.
struct Block {
    file: String,
    at: String,
    class: String,
    css: String,
    /// The block without whitespace: equal bodies may share a class, different ones may not.
    body: String,
}

struct Finder<'a> {
    file: &'a Path,
    blocks: Vec<Block>,
    errors: Vec<String>,
    /// Translation keys of `tr!` and `move_tr!` calls.
    keys: Vec<String>,
}

impl Finder<'_> {
    fn location(&self, ident: &proc_macro2::Ident) -> String {
        format!("{}:{}", self.file.display(), ident.span().start().line)
    }

    /// Handles one macro call by name: a style block, a forbidden style macro, or neither.
    fn found(&mut self, name: &proc_macro2::Ident, tokens: &TokenStream) -> bool {
        let at = self.location(name);
        match name.to_string().as_str() {
            "style" => {
                // The same input the macro hashes: the token stream's text.
                let class = stylers_core::Class::rand_class_from_seed(tokens.to_string());
                let parsed =
                    std::panic::catch_unwind(|| stylers_core::from_ts(tokens.clone().into_iter(), &class, false));
                match parsed {
                    Ok((css, _)) => self.blocks.push(Block {
                        file: self.file.display().to_string(),
                        at,
                        class: class.as_name().to_owned(),
                        css,
                        body: tokens.to_string().split_whitespace().collect(),
                    }),
                    Err(_) => self.errors.push(format!(
                        "{at}: stylers cannot parse this style! block (see the panic above; keep one \
                         declaration per line and use only properties stylers knows)"
                    )),
                }
                true
            }
            "style_str" | "style_sheet" | "style_sheet_str" => {
                self.errors.push(format!("{at}: use style! only; {name}! cannot be checked for class collisions"));
                true
            }
            "tr" | "move_tr" => {
                // `tr!("key", …)` or `tr!(i18n, "key", …)`: the first string literal is the key.
                let key = tokens.clone().into_iter().find_map(|tree| match tree {
                    TokenTree::Literal(literal) => Some(literal.to_string().trim_matches('"').to_owned()),
                    _ => None,
                });
                self.keys.extend(key);
                true
            }
            _ => false,
        }
    }

    /// Looks for `style! { … }` (and the forbidden variants) in the raw tokens of another macro,
    /// such as `view!`, whose body syn does not parse.
    fn scan_tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Ident(ident) => {
                    if let (Some(TokenTree::Punct(bang)), Some(TokenTree::Group(group))) =
                        (trees.get(i + 1), trees.get(i + 2))
                        && bang.as_char() == '!'
                    {
                        self.found(ident, &group.stream());
                    }
                }
                TokenTree::Group(group) => {
                    // A group right after `name!` was handled (or is another macro's body, which
                    // is scanned like any other tokens).
                    let is_macro_body = i >= 2
                        && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '!')
                        && matches!(&trees[i - 2], TokenTree::Ident(name) if is_style_macro(name));
                    if !is_macro_body {
                        self.scan_tokens(group.stream());
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_style_macro(name: &proc_macro2::Ident) -> bool {
    matches!(name.to_string().as_str(), "style" | "style_str" | "style_sheet" | "style_sheet_str")
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Some(last) = mac.path.segments.last()
            && !self.found(&last.ident, &mac.tokens)
        {
            self.scan_tokens(mac.tokens.clone());
        }
        syn::visit::visit_macro(self, mac);
    }
}

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

/// What the build writes.
struct Generated {
    /// Every block's CSS, one rule set per class.
    css: String,
    /// The login page's part of it.
    login_css: String,
    /// The translation keys the login page's files use.
    login_keys: BTreeSet<String>,
}

/// The CSS of every block under `src`, and what the login-only bundle needs; or every problem found.
fn generate(src: &Path, root: &Path) -> Result<Generated, Vec<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files).map_err(|e| vec![format!("{}: {e}", src.display())])?;
    files.sort();
    let mut blocks = Vec::new();
    let mut errors = Vec::new();
    let mut login_keys = BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| vec![format!("{}: {e}", file.display())])?;
        // A file that does not parse fails the compiler with a better message; skip it here.
        let Ok(ast) = syn::parse_file(&text) else { continue };
        let shown = file.strip_prefix(root).unwrap_or(file);
        let mut finder = Finder { file: shown, blocks: Vec::new(), errors: Vec::new(), keys: Vec::new() };
        finder.visit_file(&ast);
        blocks.extend(finder.blocks);
        errors.extend(finder.errors);
        if LOGIN_FILES.contains(&shown.display().to_string().as_str()) {
            login_keys.extend(finder.keys);
        }
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
    let mut login = String::new();
    for same in by_class.values() {
        all.push_str(&same[0].css);
        all.push('\n');
        if same.iter().any(|b| LOGIN_FILES.contains(&b.file.as_str())) {
            login.push_str(&same[0].css);
            login.push('\n');
        }
    }
    Ok(Generated { css: all, login_css: login, login_keys })
}

/// The messages of one locale's `.ftl` files, by key. A message is its `key = …` line and the
/// indented lines after it.
fn messages(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut found = BTreeMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let mut current: Option<(String, String)> = None;
        for line in text.lines() {
            if line.starts_with(' ') && !line.trim().is_empty() {
                if let Some((_, message)) = current.as_mut() {
                    message.push('\n');
                    message.push_str(line);
                }
                continue;
            }
            found.extend(current.take());
            if let Some((key, _)) = line.split_once(" =")
                && !key.is_empty()
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                current = Some((key.to_owned(), line.to_owned()));
            }
        }
        found.extend(current.take());
    }
    Ok(found)
}

/// Writes `login-locales/<lang>.ftl` with the messages of `keys`, and a `static_loader!` over them.
fn write_login_translations(locales: &Path, out: &Path, keys: &BTreeSet<String>) -> Result<(), Vec<String>> {
    let dir = out.join("login-locales");
    std::fs::create_dir_all(&dir).map_err(|e| vec![format!("{}: {e}", dir.display())])?;
    let mut errors = Vec::new();
    for language in ["en", "he", "ru"] {
        let all = messages(&locales.join(language)).map_err(|e| vec![e])?;
        let mut ftl = String::new();
        for key in keys {
            match all.get(key) {
                Some(message) => {
                    ftl.push_str(message);
                    ftl.push('\n');
                }
                None => errors.push(format!("locales/{language}: no message {key} (the login page uses it)")),
            }
        }
        let path = dir.join(format!("{language}.ftl"));
        std::fs::write(&path, ftl).map_err(|e| vec![format!("{}: {e}", path.display())])?;
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let loader = format!(
        "fluent_templates::static_loader! {{\n    pub static LOGIN_TRANSLATIONS = {{\n        locales: {:?},\n        \
         fallback_language: \"he\",\n        customise: |bundle| bundle.set_use_isolating(false),\n    }};\n}}\n",
        dir.display().to_string()
    );
    std::fs::write(out.join("login_translations.rs"), loader).map_err(|e| vec![format!("login_translations.rs: {e}")])
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let src = manifest.join("src");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=../locales");
    println!("cargo:rerun-if-changed=build.rs");
    let root = manifest.parent().unwrap_or(&manifest);
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let written = generate(&src, root).and_then(|generated| {
        for (name, css) in [("components.css", &generated.css), ("login.css", &generated.login_css)] {
            let path = out.join(name);
            std::fs::write(&path, css).map_err(|e| vec![format!("cannot write {}: {e}", path.display())])?;
        }
        write_login_translations(&root.join("locales"), &out, &generated.login_keys)
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
