//! Chart colours. Every series colour has at least 3:1 contrast against the white plot
//! background (WCAG 2.2 non-text contrast); text is the page's text colour.

use plotters::style::RGBColor;

pub const TEXT: RGBColor = RGBColor(0x1F, 0x29, 0x33);
pub const AXIS: RGBColor = RGBColor(0x52, 0x60, 0x6D);
pub const GRID: RGBColor = RGBColor(0xE4, 0xE7, 0xEB);
pub const ACCENT: RGBColor = RGBColor(0x1D, 0x4E, 0xD8);
/// Beyond the palette: "other" series.
pub const OTHER: RGBColor = RGBColor(0x6B, 0x72, 0x80);

/// Distinct, colour-blind-aware hues, each ≥ 3:1 on white.
pub const SERIES: [RGBColor; 8] = [
    RGBColor(0x1D, 0x4E, 0xD8), // blue
    RGBColor(0xB4, 0x53, 0x09), // amber
    RGBColor(0x04, 0x78, 0x57), // green
    RGBColor(0xB9, 0x1C, 0x1C), // red
    RGBColor(0x6D, 0x28, 0xD9), // violet
    RGBColor(0x0E, 0x74, 0x90), // cyan
    RGBColor(0xBE, 0x18, 0x5D), // pink
    RGBColor(0x4D, 0x7C, 0x0F), // olive
];

/// The colour of the i-th series (stable while series keep their order).
pub fn series_color(index: usize) -> RGBColor {
    SERIES.get(index).copied().unwrap_or(OTHER)
}

/// CSS form of a colour, for legend swatches.
pub fn css(color: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(c: RGBColor) -> f64 {
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

    #[test]
    fn every_series_colour_has_3_to_1_contrast_on_white() {
        for color in SERIES.iter().chain([&OTHER, &ACCENT]) {
            let ratio = 1.05 / (luminance(*color) + 0.05);
            assert!(ratio >= 3.0, "{} has {ratio:.2}:1", css(*color));
        }
        let text = 1.05 / (luminance(TEXT) + 0.05);
        assert!(text >= 4.5);
    }
}
