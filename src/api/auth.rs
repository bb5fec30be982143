//! The API key: how requests carry it, and keeping it out of everything shown.

/// How requests prove who they are: the API key, sent as `Authorization: Apikey <key>`, or
/// (only where a portal's CORS rules refuse that header) as `apikey=` in the request URL.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Auth {
    pub key: Option<String>,
    pub in_query: bool,
}

impl std::fmt::Debug for Auth {
    // Never print the key.
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("key", &self.key.as_ref().map(|_| "•••"))
            .field("in_query", &self.in_query)
            .finish()
    }
}

impl Auth {
    /// The URL to request: with `apikey=` appended when the key goes in the query.
    pub fn request_url(&self, url: &str) -> String {
        match (&self.key, self.in_query) {
            (Some(key), true) => {
                let separator = if url.contains('?') { '&' } else { '?' };
                let pair = form_urlencoded::Serializer::new(String::new())
                    .append_pair("apikey", key)
                    .finish();
                format!("{url}{separator}{pair}")
            }
            _ => url.to_string(),
        }
    }

    /// The `Authorization` header's value, when the key goes in a header.
    pub fn header(&self) -> Option<String> {
        match (&self.key, self.in_query) {
            (Some(key), false) => Some(format!("Apikey {key}")),
            _ => None,
        }
    }

    /// `text` with every occurrence of the key masked, for anything shown or logged.
    pub fn redact(&self, text: &str) -> String {
        match &self.key {
            Some(key) if !key.is_empty() => text.replace(key.as_str(), "•••"),
            _ => text.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_goes_in_a_header_or_only_in_the_request_url() {
        let header = Auth {
            key: Some("S3CRET".into()),
            in_query: false,
        };
        assert_eq!(header.request_url("https://p/x/?a=1"), "https://p/x/?a=1");
        assert_eq!(header.header().as_deref(), Some("Apikey S3CRET"));
        let query = Auth {
            key: Some("a b&c".into()),
            in_query: true,
        };
        assert_eq!(
            query.request_url("https://p/x/?a=1"),
            "https://p/x/?a=1&apikey=a+b%26c"
        );
        assert_eq!(
            query.request_url("https://p/x/"),
            "https://p/x/?apikey=a+b%26c"
        );
        assert_eq!(query.header(), None);
        assert_eq!(header.redact("bad key S3CRET here"), "bad key ••• here");
        assert!(!format!("{header:?}").contains("S3CRET"));
        assert_eq!(Auth::default().request_url("u"), "u");
    }
}
