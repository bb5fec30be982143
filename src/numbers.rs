//! Counts as people read them: thousands grouped the way the reader's language does (3,128 in
//! English, 3 128 in French), and sizes in B, kB, MB.

/// The thousands separator of a language tag: a narrow no-break space for French, a comma
/// otherwise (the app speaks English and French).
pub fn separator_for(language: &str) -> &'static str {
    if language.to_ascii_lowercase().starts_with("fr") {
        "\u{202f}"
    } else {
        ","
    }
}

/// `value` with its thousands separated by `separator`.
pub fn grouped_with(value: u64, separator: &str) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// A count with its noun, singular for one: "1 action", "3,128 actions".
pub fn counted(value: usize, one: &str, many: &str) -> String {
    let noun = if value == 1 { one } else { many };
    format!("{} {noun}", grouped(value as u64))
}

/// The thousands separator of the page's language.
pub fn separator() -> &'static str {
    separator_for(crate::i18n::lang().code())
}

/// `value` grouped for the browser's language.
pub fn grouped(value: u64) -> String {
    grouped_with(value, separator())
}

/// `1.2 MB`, `340 kB`, `12 B`.
pub fn format_bytes(bytes: usize) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{} kB", b / 1_000),
        b => format!("{b} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular() {
        assert_eq!(counted(1, "action", "actions"), "1 action");
        assert_eq!(counted(0, "user", "users"), "0 users");
        assert_eq!(counted(3128, "user", "users"), "3,128 users");
    }

    #[test]
    fn thousands_are_grouped_by_language() {
        assert_eq!(grouped_with(0, ","), "0");
        assert_eq!(grouped_with(999, ","), "999");
        assert_eq!(grouped_with(3128, ","), "3,128");
        assert_eq!(grouped_with(1_000_000, ","), "1,000,000");
        assert_eq!(
            grouped_with(12_345, separator_for("fr-FR")),
            "12\u{202f}345"
        );
        assert_eq!(separator_for("en-GB"), ",");
    }

    #[test]
    fn bytes_read_like_a_person_would_say_them() {
        assert_eq!(format_bytes(12), "12 B");
        assert_eq!(format_bytes(340_123), "340 kB");
        assert_eq!(format_bytes(1_260_000), "1.3 MB");
    }
}
