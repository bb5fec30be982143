//! The app's layers as ARCHITECTURE.md states them, checked in its sources: each layer uses only
//! those below it (`pages` → `components` → `state` → `query` → `api` → `charts`), and the API
//! and the URL's query hold no words (the view says an error or a notice in its language).

// A test may unwrap and panic: a failure there is the point, and nothing here reads outside data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// From the top: a layer may use the layers after it, never one before it.
const LAYERS: [&str; 6] = ["pages", "components", "state", "query", "api", "charts"];

/// What the API layer may not use: the words people read.
const WORDS: [&str; 3] = ["i18n", "labels", "numbers"];

/// A layer's Rust sources (`src/<layer>/…` or `src/<layer>.rs`), tests aside.
fn sources_of(layer: &str) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    if src.join(layer).is_dir() {
        walk(&src.join(layer), &mut paths);
    }
    if src.join(format!("{layer}.rs")).is_file() {
        paths.push(src.join(format!("{layer}.rs")));
    }
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            // A module's tests may build what they test from anywhere.
            let code = match text.find("#[cfg(test)]\nmod tests") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            (path, code)
        })
        .collect()
}

/// The modules of the crate a source names (`crate::state::…` gives `state`, and
/// `crate::{api, query::X}` both `api` and `query`).
fn modules_used(code: &str) -> Vec<String> {
    let name = |text: &str| -> String {
        text.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut modules = Vec::new();
    for (at, marker) in code.match_indices("crate::") {
        let rest = &code[at + marker.len()..];
        match rest.strip_prefix('{') {
            Some(group) => {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                modules.extend(group.split(',').map(name).filter(|m| !m.is_empty()));
            }
            None => modules.push(name(rest)),
        }
    }
    modules
}

/// Every use of `forbidden` modules in `layer`'s sources, as `path: crate::module`.
fn uses_of(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, code) in sources_of(layer) {
        for module in modules_used(&code) {
            if forbidden.contains(&module.as_str()) {
                found.push(format!("{}: crate::{module}", path.display()));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn each_layer_uses_only_those_below_it() {
    for (at, layer) in LAYERS.iter().enumerate() {
        assert!(!sources_of(layer).is_empty(), "no sources for {layer}");
        let above = &LAYERS[..at];
        let wrong = uses_of(layer, above);
        assert!(
            wrong.is_empty(),
            "{layer} uses a layer above it: {wrong:#?}"
        );
    }
}

#[test]
fn the_api_holds_no_words() {
    let wrong = uses_of("api", &WORDS);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The check itself finds a use, written as the sources write them.
#[test]
fn a_use_of_a_module_is_found_in_any_form() {
    let code =
        "use crate::state::LogData;\nlet x = crate::i18n::t(\"a\");\nuse crate::{api, query};";
    assert_eq!(modules_used(code), ["state", "i18n", "api", "query"]);
}
