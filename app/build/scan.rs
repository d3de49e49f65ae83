//! What each source file holds for the build: its `style!` blocks (with the class the macro gives
//! each, computed as the macro does) and the translation keys of its `tr!` and `move_tr!` calls.

use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// One `style!` block, where it is and what it becomes.
pub struct Block {
    pub at: String,
    pub class: String,
    pub css: String,
    /// The block without whitespace: equal bodies may share a class, different ones may not.
    pub body: String,
}

/// Finds blocks and keys in whatever it visits: a whole file, or some of its items.
pub struct Finder<'a> {
    file: &'a Path,
    pub blocks: Vec<Block>,
    pub errors: Vec<String>,
    /// Translation keys of `tr!` and `move_tr!` calls.
    pub keys: Vec<String>,
}

impl<'a> Finder<'a> {
    pub fn new(file: &'a Path) -> Self {
        Finder { file, blocks: Vec::new(), errors: Vec::new(), keys: Vec::new() }
    }

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
