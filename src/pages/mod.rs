//! One file per route.

pub mod connect;
pub mod dashboard;
pub mod log;
pub mod not_found;
pub mod object;
pub mod objects;
pub mod user;
pub mod users;

/// The view a path shows, as `main[data-view]` names it: `dashboard`, `log`, `connect`,
/// `objects`, `object`, `users`, `user`, or `not-found` for any other path. Mirrors the route
/// table of `App`.
pub fn view_name(path: &str) -> &'static str {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    match segments.as_slice() {
        [] => "dashboard",
        ["log"] => "log",
        ["connect"] => "connect",
        ["objects"] => "objects",
        ["objects", kind, id] if !kind.is_empty() && !id.is_empty() => "object",
        ["users"] => "users",
        ["users", id] if !id.is_empty() => "user",
        _ => "not-found",
    }
}

/// Whether a view has use for the date window and zone bar (Connect and an unknown path do not).
pub fn has_filters(view: &str) -> bool {
    !matches!(view, "connect" | "not-found")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_their_views() {
        let cases = [
            ("/", "dashboard"),
            ("", "dashboard"),
            ("/log", "log"),
            ("/connect", "connect"),
            ("/objects", "objects"),
            ("/objects/", "objects"),
            ("/objects/dataset/schools", "object"),
            ("/objects/dataset", "not-found"),
            ("/objects/dataset/a/b", "not-found"),
            ("/users", "users"),
            ("/users/alice", "user"),
            ("/nowhere", "not-found"),
            ("/users/alice/more", "not-found"),
        ];
        for (path, view) in cases {
            assert_eq!(view_name(path), view, "{path}");
        }
        assert!(has_filters("object"));
        assert!(!has_filters("connect"));
        assert!(!has_filters("not-found"));
    }
}
