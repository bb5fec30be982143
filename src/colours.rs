//! The colour of each series, fixed for a loaded log: an object type's own hue, an action a
//! shade of its type's hue ranked by its frequency in the whole log — never by a filter, so a
//! series keeps its colour when others are hidden or re-ranked.

use std::collections::HashMap;

use engine::families::ActionFamily;
use engine::{ObjectType, SeriesMode};
use plotters::style::RGBColor;

use crate::charts::palette::{self, Theme};

/// How many of the largest actions a legend lists on their own before "other actions".
pub const LEGEND_LIMIT: usize = 8;

#[derive(Clone, Debug, Default)]
pub struct SeriesColours {
    actions: HashMap<String, RGBColor>,
}

impl SeriesColours {
    /// From the log's action families, most frequent first.
    pub fn new(families: &[ActionFamily]) -> Self {
        let mut ranks: HashMap<ObjectType, usize> = HashMap::new();
        let actions = families
            .iter()
            .map(|family| {
                let rank = ranks.entry(family.kind).or_default();
                let color = palette::shade(family.kind, *rank);
                *rank += 1;
                (family.action.clone(), color)
            })
            .collect();
        SeriesColours { actions }
    }

    /// The colour of a series: its type's, or its action's (an action the log does not have
    /// takes the theme's "other" grey).
    pub fn of(&self, mode: SeriesMode, name: &str, theme: Theme) -> RGBColor {
        match mode {
            SeriesMode::ObjectType => ObjectType::from_name(name)
                .map(palette::type_color)
                .unwrap_or(theme.other),
            SeriesMode::Action => self.actions.get(name).copied().unwrap_or(theme.other),
        }
    }
}

/// The series a legend folds into one "other actions" entry: past the [`LEGEND_LIMIT`] largest
/// (`names` come largest first), and only when that folds at least two.
pub fn folded(names: &[String]) -> &[String] {
    match names.get(LEGEND_LIMIT..) {
        Some(rest) if rest.len() >= 2 => rest,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn family(action: &str, kind: ObjectType, total: u64) -> ActionFamily {
        ActionFamily {
            action: action.into(),
            kind,
            total,
        }
    }

    #[test]
    fn actions_are_shades_of_their_type_in_frequency_order() {
        let colours = SeriesColours::new(&[
            family("edit_dataset", ObjectType::Dataset, 50),
            family("edit_page", ObjectType::Page, 20),
            family("publish_dataset", ObjectType::Dataset, 10),
        ]);
        let of = |name| colours.of(SeriesMode::Action, name, palette::LIGHT);
        assert_eq!(of("edit_dataset"), palette::shade(ObjectType::Dataset, 0));
        assert_eq!(
            of("publish_dataset"),
            palette::shade(ObjectType::Dataset, 1)
        );
        assert_eq!(of("edit_page"), palette::shade(ObjectType::Page, 0));
        assert_eq!(of("unknown"), palette::LIGHT.other);
        // A type's colour is its most frequent action's, whatever the mode.
        assert_eq!(
            colours.of(SeriesMode::ObjectType, "dataset", palette::DARK),
            of("edit_dataset")
        );
    }

    #[test]
    fn only_two_or_more_small_series_fold() {
        let names: Vec<String> = (0..10).map(|i| format!("a{i}")).collect();
        assert_eq!(folded(&names), ["a8", "a9"]);
        assert!(folded(&names[..9]).is_empty(), "one left over stays itself");
        assert!(folded(&names[..3]).is_empty());
    }
}
