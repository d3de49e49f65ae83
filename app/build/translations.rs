//! A smaller bundle's translations: the messages its code uses, copied from `locales/` into
//! `$OUT_DIR/<bundle>-locales/<lang>.ftl`, and a `static_loader!` over them
//! (`$OUT_DIR/<bundle>_translations.rs`, defining `<BUNDLE>_TRANSLATIONS`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The messages of one locale's `.ftl` files, by key. A message is its `key = …` line and the
/// indented lines after it, up to the `}` that closes a select expression (Fluent allows it
/// unindented, as `new-part-count` has it).
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
            if (line.starts_with(' ') && !line.trim().is_empty()) || line.starts_with('}') {
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

/// Writes `<bundle>-locales/<lang>.ftl` with the messages of `keys`, and a `static_loader!` over
/// them.
pub fn write_translations(
    locales: &Path,
    out: &Path,
    bundle: &str,
    keys: &BTreeSet<String>,
) -> Result<(), Vec<String>> {
    let dir = out.join(format!("{bundle}-locales"));
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
                None => errors.push(format!("locales/{language}: no message {key} (the {bundle} bundle uses it)")),
            }
        }
        let path = dir.join(format!("{language}.ftl"));
        std::fs::write(&path, ftl).map_err(|e| vec![format!("{}: {e}", path.display())])?;
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let loader = format!(
        "fluent_templates::static_loader! {{\n    pub static {}_TRANSLATIONS = {{\n        locales: {:?},\n        \
         fallback_language: \"he\",\n        customise: |bundle| bundle.set_use_isolating(false),\n    }};\n}}\n",
        bundle.to_uppercase(),
        dir.display().to_string()
    );
    let name = format!("{bundle}_translations.rs");
    std::fs::write(out.join(&name), loader).map_err(|e| vec![format!("{name}: {e}")])
}
