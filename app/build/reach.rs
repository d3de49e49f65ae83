//! What a bundle smaller than the whole app (the login page's, the mechanics') is made of, found
//! from the code itself rather than from a list that a new component could silently fall out of.
//!
//! A bundle starts at its `run_*` function in `src/lib.rs` (`run_login`, `run_mechanic`). From
//! there, item by item within lib.rs (whose other items belong to the whole app), and then file by
//! file, it follows every name the code uses: `use` lines, paths written inline (`crate::…`, `super::…`, `self::…`, a child module,
//! an imported name), also inside macros such as `view!`. A name re-exported with `pub use` is
//! followed to the file that defines it, so `crate::ui::Form` reaches `ui/form.rs`, not the whole
//! of `ui`. Every file reached counts whole: its `style!` blocks and `tr!` keys go into the bundle.
//! A function of an inherent `impl` in another file than its type's is followed when the code
//! names it as a path (`Form::new` reaches `ui/field_text.rs`), since the compiler keeps it; a
//! method called on a value (`form.set(…)`) is not, as its type is not known here. Keep such
//! impls beside their type, or call them by path: `ui/field_text.rs` is reached only through
//! `Form::new`, so the login page, which uses `Form::plain`, gets none of its wording.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// A module's path below the crate root: `["ui", "form"]` for `src/ui/form.rs`.
type ModPath = Vec<String>;

/// What of the source a bundle draws from.
pub struct Reach {
    /// Files reached, each counted whole.
    pub files: BTreeSet<PathBuf>,
    /// The items of `src/lib.rs` that the bundle's `run_*` function reaches.
    pub root_items: BTreeSet<String>,
}

struct Module<'a> {
    file: &'a Path,
    ast: &'a syn::File,
    /// The names its own items define.
    defines: BTreeSet<String>,
    /// Its top-level `use` entries: (the path as written, the name it brings in or `*`).
    uses: Vec<(Vec<String>, String)>,
}

/// The crate's modules, for resolving names.
struct Crate<'a> {
    modules: BTreeMap<ModPath, Module<'a>>,
    /// The files of inherent impls' functions, by (type name, function name).
    functions: BTreeMap<(String, String), BTreeSet<&'a Path>>,
}

/// A place the search has to look at next.
enum Node<'a> {
    File(&'a Path),
    RootItem(String),
}

/// Finds what `start` (a function of `src/lib.rs`, where a bundle starts) reaches among `files`
/// (every parsed file of `src`).
pub fn reach(src: &Path, files: &[(PathBuf, syn::File)], start: &str) -> Result<Reach, String> {
    let krate = Crate::new(src, files);
    let root = krate.modules.get(&ModPath::new()).ok_or("src/lib.rs is missing")?;
    if !root.defines.contains(start) {
        return Err(format!("src/lib.rs has no `{start}`, where a bundle starts"));
    }
    let mut reach = Reach { files: BTreeSet::new(), root_items: BTreeSet::new() };
    let mut todo = vec![Node::RootItem(start.to_owned())];
    while let Some(node) = todo.pop() {
        let (at, names) = match node {
            Node::RootItem(name) => {
                if !reach.root_items.insert(name.clone()) {
                    continue;
                }
                let mut names = Names::default();
                for item in root.ast.items.iter().filter(|item| item_name(item).as_deref() == Some(name.as_str())) {
                    names.visit_item(item);
                }
                (ModPath::new(), names)
            }
            Node::File(file) => {
                if file == root.file || !reach.files.insert(file.to_owned()) {
                    continue;
                }
                let (at, module) =
                    krate.modules.iter().find(|(_, m)| m.file == file).ok_or("a file without a module")?;
                let mut names = Names::default();
                names.visit_file(module.ast);
                (at.clone(), names)
            }
        };
        for path in names.paths {
            if let [.., ty, function] = path.as_slice()
                && let Some(files) = krate.functions.get(&(ty.clone(), function.clone()))
            {
                todo.extend(files.iter().copied().map(Node::File));
            }
            let Some(absolute) = krate.absolute(&at, &path, 0) else { continue };
            match absolute.first() {
                Some(first) if root.defines.contains(first) && !krate.modules.contains_key(&absolute[..1]) => {
                    todo.push(Node::RootItem(first.clone()))
                }
                _ => todo.extend(krate.file_of(&absolute, 0).map(Node::File)),
            }
        }
    }
    Ok(reach)
}

impl<'a> Crate<'a> {
    fn new(src: &Path, files: &'a [(PathBuf, syn::File)]) -> Self {
        let modules = files
            .iter()
            .map(|(file, ast)| {
                let mut defines = BTreeSet::new();
                let mut uses = Vec::new();
                for item in &ast.items {
                    match item {
                        syn::Item::Use(item) => expand(&item.tree, Vec::new(), &mut uses),
                        item => defines.extend(item_name(item)),
                    }
                }
                (module_path(src, file), Module { file, ast, defines, uses })
            })
            .collect();
        let mut functions: BTreeMap<(String, String), BTreeSet<&'a Path>> = BTreeMap::new();
        for (file, ast) in files {
            for item in &ast.items {
                if let syn::Item::Impl(item) = item
                    && item.trait_.is_none()
                    && let syn::Type::Path(ty) = &*item.self_ty
                    && let Some(ty) = ty.path.segments.last()
                {
                    for function in &item.items {
                        if let syn::ImplItem::Fn(function) = function {
                            let key = (ty.ident.to_string(), function.sig.ident.to_string());
                            functions.entry(key).or_default().insert(file.as_path());
                        }
                    }
                }
            }
        }
        Crate { modules, functions }
    }

    /// `path` as written in module `at`, from the crate root; `None` for other crates' names and
    /// for local ones (variables, generics).
    fn absolute(&self, at: &[String], path: &[String], depth: usize) -> Option<ModPath> {
        let (first, rest) = path.split_first()?;
        if rest.is_empty() && matches!(first.as_str(), "crate" | "self" | "super") {
            // A receiver (`self`), or the module itself in a pattern: no item named.
            return None;
        }
        match first.as_str() {
            "crate" => Some(rest.to_vec()),
            "self" => Some(join(at, rest)),
            "super" => {
                let mut base = at.to_vec();
                let mut rest = path;
                while let Some((first, tail)) = rest.split_first()
                    && first == "super"
                {
                    base.pop()?;
                    rest = tail;
                }
                Some(join(&base, rest))
            }
            _ if depth > 8 => None,
            name => {
                let module = self.modules.get(at)?;
                if module.defines.contains(name) || self.modules.contains_key(&join(at, &path[..1])) {
                    return Some(join(at, path));
                }
                let (target, _) = module.uses.iter().find(|(_, alias)| alias == name)?;
                Some(join(&self.absolute(at, target, depth + 1)?, rest))
            }
        }
    }

    /// The file that defines what `path` (from the crate root) names, following `pub use`.
    fn file_of(&self, path: &[String], depth: usize) -> Option<&'a Path> {
        let split = (0..=path.len()).rev().find(|&n| self.modules.contains_key(&path[..n]))?;
        let module = &self.modules[&path[..split]];
        let Some(name) = path.get(split) else { return Some(module.file) };
        if module.defines.contains(name) || depth > 8 {
            return Some(module.file);
        }
        match module.uses.iter().find(|(_, alias)| alias == name) {
            Some((target, _)) => {
                let target = join(&self.absolute(&path[..split], target, 0)?, &path[split + 1..]);
                self.file_of(&target, depth + 1)
            }
            // A variant, a method, a name a glob brings in: the module itself.
            None => Some(module.file),
        }
    }
}

fn join(base: &[String], rest: &[String]) -> ModPath {
    base.iter().chain(rest).cloned().collect()
}

fn module_path(src: &Path, file: &Path) -> ModPath {
    let relative = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: ModPath = relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|last| last == "mod" || last == "lib") {
        parts.pop();
    }
    parts
}

/// The name a top-level item defines, if any.
pub fn item_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Fn(item) => &item.sig.ident,
        syn::Item::Struct(item) => &item.ident,
        syn::Item::Enum(item) => &item.ident,
        syn::Item::Const(item) => &item.ident,
        syn::Item::Static(item) => &item.ident,
        syn::Item::Type(item) => &item.ident,
        syn::Item::Trait(item) => &item.ident,
        syn::Item::Union(item) => &item.ident,
        syn::Item::Mod(item) => &item.ident,
        syn::Item::Macro(item) => item.ident.as_ref()?,
        _ => return None,
    };
    Some(ident.to_string())
}

/// `a::{b, c::d as e, f::*}` → (`a::b`, `b`), (`a::c::d`, `e`), (`a::f`, `*`).
fn expand(tree: &syn::UseTree, prefix: Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    let with = |ident: &syn::Ident| join(&prefix, &[ident.to_string()]);
    match tree {
        syn::UseTree::Path(path) => expand(&path.tree, with(&path.ident), out),
        syn::UseTree::Name(name) if name.ident == "self" => {
            let alias = prefix.last().cloned().unwrap_or_default();
            out.push((prefix, alias));
        }
        syn::UseTree::Name(name) => out.push((with(&name.ident), name.ident.to_string())),
        syn::UseTree::Rename(rename) => out.push((with(&rename.ident), rename.rename.to_string())),
        syn::UseTree::Glob(_) => out.push((prefix, "*".to_owned())),
        syn::UseTree::Group(group) => group.items.iter().for_each(|tree| expand(tree, prefix.clone(), out)),
    }
}

/// Every path some code names, as written: in `use` lines, in the code, inside macros.
#[derive(Default)]
struct Names {
    paths: Vec<Vec<String>>,
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut uses = Vec::new();
        expand(&item.tree, Vec::new(), &mut uses);
        self.paths.extend(uses.into_iter().map(|(path, _)| path));
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        // Unit tests may use anything; they are no part of a bundle.
        let is_test = item.attrs.iter().any(|attr| {
            attr.path().is_ident("cfg")
                && matches!(&attr.meta, syn::Meta::List(list) if list.tokens.to_string().contains("test"))
        });
        if !is_test {
            syn::visit::visit_item_mod(self, item);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.paths.push(path.segments.iter().map(|segment| segment.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    /// `pub(super)` names no item.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        scan_tokens(mac.tokens.clone(), &mut self.paths);
    }
}

/// The paths in a macro's tokens, which syn leaves unparsed: `a::b::c`, and single names.
fn scan_tokens(tokens: TokenStream, out: &mut Vec<Vec<String>>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Group(group) => scan_tokens(group.stream(), out),
            TokenTree::Ident(ident) => {
                let mut path = vec![ident.to_string()];
                while let (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)), Some(TokenTree::Ident(next))) =
                    (trees.get(i + 1), trees.get(i + 2), trees.get(i + 3))
                    && a.as_char() == ':'
                    && b.as_char() == ':'
                {
                    path.push(next.to_string());
                    i += 3;
                }
                out.push(path);
            }
            _ => {}
        }
        i += 1;
    }
}
