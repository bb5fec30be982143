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
    /// `text` with the key masked in every form it can take there: as typed, form-encoded (as
    /// in `apikey=` URLs), percent-encoded with upper- or lower-case hex.
    pub fn redact(&self, text: &str) -> String {
        let Some(key) = self.key.as_deref().filter(|k| !k.is_empty()) else {
            return text.to_string();
        };
        let form: String = form_urlencoded::byte_serialize(key.as_bytes()).collect();
        let percent = percent_encoded(key);
        let mut forms = [key.to_string(), form, percent.to_lowercase(), percent];
        // Longest first, so that no form is left half masked by a shorter one.
        engine::sorting::sort_by_key(&mut forms, |f| std::cmp::Reverse(f.len()));
        forms.iter().fold(text.to_string(), |text, form| {
            text.replace(form.as_str(), "•••")
        })
    }
}

/// Every byte outside `[A-Za-z0-9-_.~]` as `%XX`.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_masks_every_encoding_of_the_key() {
        let auth = Auth {
            key: Some("a b&c/é".into()),
            in_query: true,
        };
        let url = auth.request_url("https://p/x/?q=1");
        let texts = [
            "key a b&c/é here".to_string(),
            format!("failed: {url}"),
            "fetch https://p/x/?apikey=a%20b%26c%2F%C3%A9".to_string(),
            "fetch https://p/x/?apikey=a%20b%26c%2f%c3%a9".to_string(),
        ];
        for text in texts {
            let redacted = auth.redact(&text);
            assert!(redacted.contains("•••"), "{redacted}");
            for part in [
                "b&c", "b%26c", "b+%26c", "%26c%2", "%26c%2f", "%C3%A9", "%c3%a9",
            ] {
                assert!(!redacted.contains(part), "{part} left in {redacted}");
            }
        }
    }

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
