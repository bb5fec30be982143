//! Where the API key lives in the browser: sessionStorage by default, localStorage only when the
//! user ticks "remember on this device"; per portal. It never goes into the page's URL, the
//! page's text, the console or an error message.

use crate::api::Auth;

const KEY_PREFIX: &str = "boa.apikey:";
const IN_QUERY_PREFIX: &str = "boa.apikey-in-query:";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn read(storage: Option<web_sys::Storage>, name: &str) -> Option<String> {
    storage?.get_item(name).ok()?.filter(|v| !v.is_empty())
}

/// The key and how to send it, for a portal.
pub fn auth_for(portal: &str) -> Auth {
    let name = format!("{KEY_PREFIX}{portal}");
    let key = read(session(), &name).or_else(|| read(local(), &name));
    let flag = format!("{IN_QUERY_PREFIX}{portal}");
    let in_query = read(session(), &flag)
        .or_else(|| read(local(), &flag))
        .is_some();
    Auth { key, in_query }
}

/// The portals a key is kept for on this device (either storage), sorted.
pub fn portals_with_keys() -> Vec<String> {
    let mut portals: Vec<String> = [session(), local()]
        .into_iter()
        .flatten()
        .flat_map(|storage| {
            let count = storage.length().unwrap_or(0);
            (0..count)
                .filter_map(|index| storage.key(index).ok().flatten())
                .filter_map(|name| name.strip_prefix(KEY_PREFIX).map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect();
    engine::sorting::sort(&mut portals);
    portals.dedup();
    portals
}

/// Whether the key of this portal is remembered on this device.
pub fn is_remembered(portal: &str) -> bool {
    read(local(), &format!("{KEY_PREFIX}{portal}")).is_some()
}

/// Keeps a key for a portal: in localStorage when `remember`, else in sessionStorage (gone when
/// the tab closes). The other storage is cleared, so that there is one copy.
pub fn save(portal: &str, key: &str, remember: bool, in_query: bool) {
    forget(portal);
    let storage = if remember { local() } else { session() };
    if let Some(storage) = storage {
        let _ = storage.set_item(&format!("{KEY_PREFIX}{portal}"), key);
        if in_query {
            let _ = storage.set_item(&format!("{IN_QUERY_PREFIX}{portal}"), "1");
        }
    }
}

/// Removes the key of a portal from both storages.
pub fn forget(portal: &str) {
    for storage in [session(), local()].into_iter().flatten() {
        let _ = storage.remove_item(&format!("{KEY_PREFIX}{portal}"));
        let _ = storage.remove_item(&format!("{IN_QUERY_PREFIX}{portal}"));
    }
}
