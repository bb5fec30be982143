//! Where the log comes from: a portal's base URL and the activity log's dataset id.

use super::query::encode_segment;

/// The demo portal's activity log, the default when the URL names no dataset.
pub const DEFAULT_DATASET: &str = "ods-backoffice-activity";

/// A portal's base URL and the activity log's dataset id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub portal: String,
    pub dataset: String,
}

impl Source {
    /// The dataset's page on the portal, as the platform's "See source data" links it; none
    /// when the portal is not a portal address (a link is untrusted input).
    pub fn portal_page(&self) -> Option<String> {
        is_portal_address(&self.portal).then(|| {
            format!(
                "{}/explore/dataset/{}/?source=monitoring",
                self.portal.trim_end_matches('/'),
                encode_segment(&self.dataset)
            )
        })
    }
}

/// An `http:` or `https:` address with a host, and nothing a URL or an attribute could be
/// tricked by (spaces, quotes, angle brackets, backslashes, control characters). Anything else
/// (`javascript:`, `data:`, `file:`, a bare word) is refused before any request.
pub fn is_portal_address(portal: &str) -> bool {
    let lower = portal.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let clean = !portal.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`')
    });
    clean && !host.is_empty() && !host.starts_with(':') && !host.contains('@')
}

/// A portal address's host (with its port), lower case: what Connect shows large, so that a
/// look-alike address in a link stands out. None for what is not a portal address.
pub fn portal_host(portal: &str) -> Option<String> {
    if !is_portal_address(portal) {
        return None;
    }
    let lower = portal.trim().to_ascii_lowercase();
    let rest = lower.split_once("://")?.1;
    rest.split(['/', '?', '#']).next().map(str::to_string)
}

/// Whether a key sent to this portal would travel unencrypted: an `http:` address whose host
/// is not this machine (`localhost`, `127.x.x.x`, `[::1]`, where nothing crosses a network).
pub fn sends_key_in_clear(portal: &str) -> bool {
    let plain_http = portal.trim().to_ascii_lowercase().starts_with("http://");
    let Some(host) = portal_host(portal).filter(|_| plain_http) else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(ipv6) => ipv6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    let loopback = name == "localhost"
        || name.ends_with(".localhost")
        || name == "::1"
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback());
    !loopback
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_of_an_address_and_whether_a_key_to_it_travels_in_clear() {
        assert_eq!(
            portal_host("HTTPS://Data.Example.com:8443/sub?x#y").as_deref(),
            Some("data.example.com:8443")
        );
        assert_eq!(portal_host("javascript:alert(1)//x"), None);
        for clear in [
            "http://data.example.com",
            "HTTP://10.0.0.1:8080/",
            "http://127.evil.example",
        ] {
            assert!(sends_key_in_clear(clear), "{clear}");
        }
        for safe in [
            "https://data.example.com",
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://[::1]:8080",
            "http://app.localhost",
            "not an address",
        ] {
            assert!(!sends_key_in_clear(safe), "{safe}");
        }
    }

    #[test]
    fn only_http_and_https_portals_are_addresses() {
        for good in [
            "https://data.example.com",
            "http://127.0.0.1:4173",
            "HTTPS://Data.Example.com/",
            "https://example.opendatasoft.com/sub",
        ] {
            assert!(is_portal_address(good), "{good}");
        }
        for bad in [
            "javascript:alert(document.domain)//x",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "example.com",
            "https://",
            "https://:80",
            "https://user@evil.example",
            "https://a.example/\"onmouseover=\"x",
            "https://a.example/<x>",
            "https://a .example",
            "",
        ] {
            assert!(!is_portal_address(bad), "{bad}");
        }
    }

    #[test]
    fn a_page_link_only_for_a_portal_address() {
        let source = |portal: &str| Source {
            portal: portal.into(),
            dataset: "log id".into(),
        };
        assert_eq!(
            source("https://p.example").portal_page().as_deref(),
            Some("https://p.example/explore/dataset/log%20id/?source=monitoring")
        );
        assert_eq!(source("javascript:alert(1)//x").portal_page(), None);
    }
}
