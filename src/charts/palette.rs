//! Chart colours. Each object type has a hue of its own, used wherever the type appears; the
//! actions about a type are shades of its hue (so `edit_dataset` and `publish_dataset` read as
//! datasets). Every series colour has at least 3:1 contrast (WCAG 2.2 non-text contrast) on
//! both the light and the dark plot background, so one set serves both schemes.

use engine::ObjectType;
use plotters::style::RGBColor;

/// The colours of a chart's frame in one colour scheme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    pub background: RGBColor,
    pub text: RGBColor,
    pub axis: RGBColor,
    pub grid: RGBColor,
    /// The bars of a chart with one series.
    pub neutral: RGBColor,
    /// The "other actions" group.
    pub other: RGBColor,
}

/// Matches the page's light tokens (style/main.css).
pub const LIGHT: Theme = Theme {
    background: RGBColor(0xFF, 0xFF, 0xFF),
    text: RGBColor(0x1F, 0x29, 0x33),
    axis: RGBColor(0x52, 0x60, 0x6D),
    grid: RGBColor(0xE4, 0xE7, 0xEB),
    neutral: RGBColor(0x64, 0x74, 0x8B),
    other: RGBColor(0x7B, 0x87, 0x94),
};

/// Matches the page's dark tokens (style/main.css).
pub const DARK: Theme = Theme {
    background: RGBColor(0x11, 0x18, 0x27),
    text: RGBColor(0xE5, 0xE7, 0xEB),
    axis: RGBColor(0x9C, 0xA3, 0xAF),
    grid: RGBColor(0x2B, 0x35, 0x45),
    neutral: RGBColor(0x94, 0xA3, 0xB8),
    other: RGBColor(0x6B, 0x72, 0x80),
};

/// The hue (degrees) of each object type's family.
fn family_hue(kind: ObjectType) -> f64 {
    match kind {
        ObjectType::Dataset => 220.0,
        ObjectType::Page => 28.0,
        ObjectType::Map => 145.0,
        ObjectType::Group => 275.0,
        ObjectType::Reuse => 330.0,
        ObjectType::User => 185.0,
        ObjectType::Workspace => 55.0,
    }
}

/// The colour of an object type (and of its most frequent action). Found once per type: a
/// chart asks it for every bar, and finding a shade takes ninety powers.
pub fn type_color(kind: ObjectType) -> RGBColor {
    static COLOURS: std::sync::OnceLock<[RGBColor; 7]> = std::sync::OnceLock::new();
    let colours = COLOURS.get_or_init(|| ObjectType::ALL.map(|kind| shade(kind, 0)));
    // `ALL` is in the types' own order, as the engine indexes them.
    colours
        .get(kind as usize)
        .copied()
        .unwrap_or_else(|| shade(kind, 0))
}

/// The `rank`-th shade of a type's family: three lightnesses of the family's hue, then the
/// same three a little further round the colour wheel on either side, and so on. Distinct for
/// every rank (up to 36 per family) and within the contrast band.
pub fn shade(kind: ObjectType, rank: usize) -> RGBColor {
    // Relative luminances between 0.13 (3:1 on the dark background) and 0.29 (3:1 on white).
    const LUMINANCES: [f64; 3] = [0.19, 0.135, 0.27];
    // Steps round the wheel: 0, +14°, −14°, +28°, −28°…
    let step = rank / 3;
    let degrees = (step.div_ceil(2) * 14) as f64;
    let offset = if step % 2 == 1 { degrees } else { -degrees };
    let hue = (family_hue(kind) + offset).rem_euclid(360.0);
    with_luminance(hue, 0.7, LUMINANCES[rank % 3])
}

/// The colour of hue and saturation (HSL) whose relative luminance is `target`.
fn with_luminance(hue: f64, saturation: f64, target: f64) -> RGBColor {
    let (mut low, mut high) = (0.0, 1.0);
    for _ in 0..30 {
        let middle = (low + high) / 2.0;
        if luminance(hsl(hue, saturation, middle)) < target {
            low = middle;
        } else {
            high = middle;
        }
    }
    hsl(hue, saturation, (low + high) / 2.0)
}

fn hsl(hue: f64, saturation: f64, lightness: f64) -> RGBColor {
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let h = hue / 60.0;
    let x = chroma * (1.0 - (h.rem_euclid(2.0) - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = lightness - chroma / 2.0;
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    RGBColor(byte(r), byte(g), byte(b))
}

/// WCAG relative luminance.
pub fn luminance(c: RGBColor) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// WCAG contrast ratio of two colours.
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// CSS form of a colour, for legend swatches.
pub fn css(color: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_series_colour_has_3_to_1_contrast_on_both_backgrounds() {
        for kind in ObjectType::ALL {
            for rank in 0..12 {
                let color = shade(kind, rank);
                for theme in [LIGHT, DARK] {
                    let ratio = contrast(color, theme.background);
                    assert!(
                        ratio >= 3.0,
                        "{kind:?} #{rank} {} has {ratio:.2}:1",
                        css(color)
                    );
                }
            }
        }
        for theme in [LIGHT, DARK] {
            assert!(contrast(theme.text, theme.background) >= 4.5);
            assert!(contrast(theme.axis, theme.background) >= 4.5);
            assert!(contrast(theme.neutral, theme.background) >= 3.0);
            assert!(contrast(theme.other, theme.background) >= 3.0);
        }
    }

    #[test]
    fn each_type_keeps_its_own_colour_once_found() {
        for kind in ObjectType::ALL {
            assert_eq!(type_color(kind), shade(kind, 0), "{kind:?}");
        }
    }

    #[test]
    fn no_two_shades_are_the_same_colour() {
        let mut seen = HashSet::new();
        for kind in ObjectType::ALL {
            for rank in 0..12 {
                let color = shade(kind, rank);
                assert!(
                    seen.insert((color.0, color.1, color.2)),
                    "{kind:?} #{rank} repeats {}",
                    css(color)
                );
            }
        }
    }

    #[test]
    fn a_known_colour_has_its_known_contrast() {
        // Hand-checked with the WCAG formula: #1d4ed8 on white is 6.70:1.
        let ratio = contrast(RGBColor(0x1D, 0x4E, 0xD8), RGBColor(0xFF, 0xFF, 0xFF));
        assert!((ratio - 6.70).abs() < 0.01, "{ratio}");
    }
}
