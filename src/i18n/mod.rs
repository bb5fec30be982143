//! The app's two languages. Every string people read comes from a catalog (`en.rs`, `fr.rs`)
//! by key: [`t`] for a fixed text, [`tf`] for one with `{name}` placeholders. The language is the
//! URL's `lang` (`fr` or `en`), else the browser's; `Shell` sets it before drawing a view, and
//! draws every view again when it changes. A test (below) fails when a key used in the code lacks
//! a translation, or a catalog holds a key nothing uses.

mod en;
mod fr;

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// A language of the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// `en`, `fr`: the URL's `lang` and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The browser's language tag (`fr-FR`) as one of ours: French for any French, else English.
    pub fn from_browser(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    fn catalog(self) -> &'static FxHashMap<&'static str, &'static str> {
        static EN: OnceLock<FxHashMap<&str, &str>> = OnceLock::new();
        static FR: OnceLock<FxHashMap<&str, &str>> = OnceLock::new();
        let (cell, messages) = match self {
            Lang::En => (&EN, en::MESSAGES),
            Lang::Fr => (&FR, fr::MESSAGES),
        };
        cell.get_or_init(|| messages.iter().copied().collect())
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The language in force.
pub fn lang() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Fr,
        _ => Lang::En,
    }
}

/// Sets the language in force (the shell does, before drawing).
pub fn set_lang(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// The text of `key` in the language in force (English when missing, the key itself when
/// neither has it: the test below makes both impossible).
pub fn t(key: &'static str) -> &'static str {
    lang()
        .catalog()
        .get(key)
        .or_else(|| Lang::En.catalog().get(key))
        .copied()
        .unwrap_or(key)
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn tf(key: &'static str, values: &[(&str, &str)]) -> String {
    let mut text = t(key).to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// Every `t("…")` and `tf("…"` key in the app's sources.
    fn keys_in_sources() -> BTreeSet<String> {
        fn walk(dir: &Path, keys: &mut BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, keys);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for marker in ["t(", "tf("] {
                        for (at, _) in text.match_indices(marker) {
                            // Only a call of ours: `t(` not preceded by a name character.
                            let before = text[..at].chars().next_back();
                            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                                continue;
                            }
                            // The key may be on the next line (rustfmt).
                            let Some(rest) =
                                text[at + marker.len()..].trim_start().strip_prefix('"')
                            else {
                                continue;
                            };
                            let key: String = rest
                                .chars()
                                .take_while(|c| c.is_ascii_alphanumeric() || "._-".contains(*c))
                                .collect();
                            if !key.is_empty() && rest[key.len()..].starts_with('"') {
                                keys.insert(key);
                            }
                        }
                    }
                }
            }
        }
        let mut keys = BTreeSet::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut keys,
        );
        keys
    }

    fn catalog_keys(messages: &[(&str, &str)]) -> BTreeSet<String> {
        messages.iter().map(|(key, _)| key.to_string()).collect()
    }

    #[test]
    fn every_message_used_is_in_both_catalogs_and_every_entry_is_used() {
        let used = keys_in_sources();
        assert!(used.len() > 100, "{}", used.len());
        for (name, messages) in [("en", en::MESSAGES), ("fr", fr::MESSAGES)] {
            let listed = catalog_keys(messages);
            assert_eq!(
                listed.len(),
                messages.len(),
                "{name}: a key is listed twice"
            );
            let missing: Vec<_> = used.difference(&listed).collect();
            assert!(missing.is_empty(), "{name} lacks {missing:?}");
            let unused: Vec<_> = listed.difference(&used).collect();
            assert!(
                unused.is_empty(),
                "{name} has keys nothing uses: {unused:?}"
            );
        }
    }

    /// Every Rust source under `src/` but the catalogs, with its path.
    fn sources_outside_the_catalogs() -> Vec<(std::path::PathBuf, String)> {
        fn walk(dir: &Path, found: &mut Vec<(std::path::PathBuf, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() && !path.ends_with("i18n") {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    found.push((path, text));
                }
            }
        }
        let mut found = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        found
    }

    /// The words a screen reader says or a pointer shows (`aria-label`, `title`, `alt`,
    /// `placeholder`) come from the catalogs: a literal word in a view would stay English on a
    /// French page. A literal that is not a word (a URL, a symbol) is allowed.
    #[test]
    fn no_accessible_name_is_a_literal_word() {
        let sources = sources_outside_the_catalogs();
        assert!(sources.len() > 50, "{}", sources.len());
        let mut literal = Vec::new();
        for (path, text) in &sources {
            for attribute in ["aria-label=\"", "title=\"", "alt=\"", "placeholder=\""] {
                for (at, _) in text.match_indices(attribute) {
                    let value: String = text[at + attribute.len()..]
                        .chars()
                        .take_while(|c| *c != '"')
                        .collect();
                    let a_word = value.chars().next().is_some_and(char::is_alphabetic)
                        && !value.contains("://");
                    if a_word {
                        literal.push(format!("{}: {attribute}{value}\"", path.display()));
                    }
                }
            }
        }
        assert!(literal.is_empty(), "{literal:#?}");
    }

    #[test]
    fn placeholders_are_the_same_in_both_languages() {
        let names = |text: &str| -> BTreeSet<String> {
            text.split('{')
                .skip(1)
                .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
                .collect()
        };
        let french: std::collections::HashMap<_, _> = fr::MESSAGES.iter().copied().collect();
        for (key, english) in en::MESSAGES {
            assert_eq!(names(english), names(french[key]), "{key}");
            assert!(!french[key].trim().is_empty(), "{key}");
        }
    }

    #[test]
    fn the_language_comes_from_the_url_else_the_browser() {
        assert_eq!(Lang::from_code("fr"), Some(Lang::Fr));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_browser("fr-CA"), Lang::Fr);
        assert_eq!(Lang::from_browser("en-GB"), Lang::En);
    }
}
