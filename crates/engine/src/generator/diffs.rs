//! The demo log's diffs as recipes: what `diff_for` drew, in a `u32`, written out only when a
//! record is served. So a log of ten million events holds 4 bytes per diff, not the text.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::vocabulary::FIRST_NAMES;

/// A diff as drawn: its shape and the one number that varies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffRecipe {
    None,
    /// `edit_dataset`: so many processor fields added (a large diff).
    Fields(u32),
    /// `edit_dataset`: a description with HTML, naming request `#n`.
    Description(u32),
    /// `edit_dataset`: a title and keywords.
    Title(u32),
    /// A security change for the first name at this index.
    Permission(u32),
    /// `edit_page`: a tracking snippet pasted into the page.
    PageScript,
    /// `edit_page` or `publish_page`: section `n` added.
    PageSection(u32),
    /// `edit_domain_property`: the theme colour.
    Color(u32),
    /// Anything else, described in words.
    BackOffice,
    /// Anything else, an empty object.
    Empty,
}

/// The low 28 bits of a code carry the number, the high 4 the shape.
const NUMBER_BITS: u32 = 28;
const NUMBER_MASK: u32 = (1 << NUMBER_BITS) - 1;

impl DiffRecipe {
    /// Draws the diff of an `action` (the draws are those the log has always made, so a seed
    /// gives the same log as before recipes).
    pub fn draw(rng: &mut ChaCha8Rng, action: &str) -> DiffRecipe {
        let roll = rng.gen_range(0..100);
        if roll < 15 {
            return DiffRecipe::None;
        }
        let number = |n: i32| n.unsigned_abs();
        match action {
            "edit_dataset" if roll < 30 => DiffRecipe::Fields(number(rng.gen_range(3..40))),
            "edit_dataset" if roll < 45 => DiffRecipe::Description(number(rng.gen_range(100..999))),
            "edit_dataset" => DiffRecipe::Title(number(rng.gen_range(1..500))),
            "edit_dataset_security" | "edit_domain_security" => {
                DiffRecipe::Permission(rng.gen_range(0..FIRST_NAMES.len()) as u32)
            }
            "edit_page" if roll < 25 => DiffRecipe::PageScript,
            "edit_page" | "publish_page" => DiffRecipe::PageSection(number(rng.gen_range(1..20))),
            "edit_domain_property" => DiffRecipe::Color(rng.gen_range(0..0xFFFFFFu32)),
            _ if roll < 25 => DiffRecipe::BackOffice,
            _ => DiffRecipe::Empty,
        }
    }

    /// The diff's text (none for `None`).
    pub fn text(self) -> Option<String> {
        let text = match self {
            DiffRecipe::None => return None,
            DiffRecipe::Fields(count) => {
                let fields: Vec<String> = (0..count)
                    .map(|i| format!("{{\"name\": \"field_{i}\", \"type\": \"text\", \"label\": \"Field {i}\"}}"))
                    .collect();
                format!("{{\"processors\": {{\"added\": [{}]}}}}", fields.join(", "))
            }
            DiffRecipe::Description(request) => format!(
                "{{\"metas\": {{\"description\": [\"<p>Old text</p>\", \"<p>Updated on request <b>#{request}</b> &amp; checked.</p>\"]}}}}"
            ),
            DiffRecipe::Title(n) => format!(
                "{{\"metas\": {{\"title\": [\"Draft {n}\", \"Dataset {n}\"], \"keyword\": [[], [\"open data\"]]}}}}"
            ),
            DiffRecipe::Permission(index) => format!(
                "{{\"permissions\": {{\"added\": [\"explore_monitoring\"], \"user\": \"{}\"}}}}",
                FIRST_NAMES.get(index as usize).unwrap_or(&"")
            ),
            DiffRecipe::PageScript => "{\"content\": {\"html\": [\"<p>Intro</p>\", \"<p>Intro</p><script>trackVisit('page')</script>\"]}}".to_string(),
            DiffRecipe::PageSection(n) => format!(
                "{{\"content\": {{\"html\": [\"<h1>Title</h1>\", \"<h1>Title</h1><p>Section {n}</p>\"]}}}}"
            ),
            DiffRecipe::Color(color) => {
                format!("{{\"property\": \"theme.color\", \"value\": \"#{color:06x}\"}}")
            }
            DiffRecipe::BackOffice => "changed from the back office".to_string(),
            DiffRecipe::Empty => "{}".to_string(),
        };
        Some(text)
    }

    /// The recipe in 32 bits.
    pub fn code(self) -> u32 {
        let (shape, number) = match self {
            DiffRecipe::None => (0, 0),
            DiffRecipe::Fields(n) => (1, n),
            DiffRecipe::Description(n) => (2, n),
            DiffRecipe::Title(n) => (3, n),
            DiffRecipe::Permission(n) => (4, n),
            DiffRecipe::PageScript => (5, 0),
            DiffRecipe::PageSection(n) => (6, n),
            DiffRecipe::Color(n) => (7, n),
            DiffRecipe::BackOffice => (8, 0),
            DiffRecipe::Empty => (9, 0),
        };
        (shape << NUMBER_BITS) | (number & NUMBER_MASK)
    }

    /// The recipe of a code (an unknown shape is no diff).
    pub fn from_code(code: u32) -> DiffRecipe {
        let number = code & NUMBER_MASK;
        match code >> NUMBER_BITS {
            1 => DiffRecipe::Fields(number),
            2 => DiffRecipe::Description(number),
            3 => DiffRecipe::Title(number),
            4 => DiffRecipe::Permission(number),
            5 => DiffRecipe::PageScript,
            6 => DiffRecipe::PageSection(number),
            7 => DiffRecipe::Color(number),
            8 => DiffRecipe::BackOffice,
            9 => DiffRecipe::Empty,
            _ => DiffRecipe::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_gives_back_its_recipe() {
        for recipe in [
            DiffRecipe::None,
            DiffRecipe::Fields(39),
            DiffRecipe::Description(998),
            DiffRecipe::Title(1),
            DiffRecipe::Permission(24),
            DiffRecipe::PageScript,
            DiffRecipe::PageSection(19),
            DiffRecipe::Color(0xFFFFFE),
            DiffRecipe::BackOffice,
            DiffRecipe::Empty,
        ] {
            assert_eq!(DiffRecipe::from_code(recipe.code()), recipe);
        }
    }

    #[test]
    fn recipes_write_the_diffs_a_back_office_writes() {
        assert_eq!(DiffRecipe::None.text(), None);
        assert_eq!(
            DiffRecipe::Color(0xab).text().as_deref(),
            Some("{\"property\": \"theme.color\", \"value\": \"#0000ab\"}")
        );
        assert_eq!(
            DiffRecipe::Fields(2).text().as_deref(),
            Some("{\"processors\": {\"added\": [{\"name\": \"field_0\", \"type\": \"text\", \"label\": \"Field 0\"}, {\"name\": \"field_1\", \"type\": \"text\", \"label\": \"Field 1\"}]}}")
        );
        assert_eq!(
            DiffRecipe::Permission(1).text().as_deref(),
            Some("{\"permissions\": {\"added\": [\"explore_monitoring\"], \"user\": \"bruno\"}}")
        );
    }
}
