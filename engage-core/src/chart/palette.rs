//! Colours: Okabe-Ito for categories (safe for the common colour-vision deficiencies), a
//! purple-orange diverging ramp for scales (disagree to agree) whose steps also differ in
//! lightness so they separate when printed in greyscale, and a sequential ramp for heatmaps.

use plotters::style::RGBColor;

/// Text and axis colour (near black, AA contrast on white).
pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text (subtitles, notes): #595959 on white is 7:1.
pub(crate) const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// The single colour of a one-series bar chart: Okabe-Ito blue.
pub(crate) const PRIMARY: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// A comparison series (population beside sample): mid grey.
pub(crate) const COMPARISON: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// Highlight for values that need attention (under-represented groups): Okabe-Ito vermillion.
pub(crate) const ALERT: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Answers off the scale ("Don't know").
pub(crate) const OFF_SCALE: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);

/// Okabe-Ito, in an order whose neighbours also differ in lightness.
const CATEGORICAL: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x00, 0x00),
];

/// The colour of the `index`-th category.
pub(crate) fn categorical(index: usize) -> RGBColor {
    CATEGORICAL[index % CATEGORICAL.len()]
}

/// ColorBrewer PuOr, 7 steps, orange (negative) to purple (positive).
const DIVERGING: [(f64, f64, f64); 7] = [
    (179.0, 88.0, 6.0),
    (241.0, 163.0, 64.0),
    (254.0, 224.0, 182.0),
    (238.0, 238.0, 238.0),
    (216.0, 218.0, 235.0),
    (153.0, 142.0, 195.0),
    (84.0, 39.0, 136.0),
];

/// The colour of point `index` of an `n`-point scale, most negative first; the middle point of
/// an odd scale is grey.
pub(crate) fn diverging(index: usize, n: usize) -> RGBColor {
    if n <= 1 {
        return OFF_SCALE;
    }
    // Position from -1 (most negative) to +1 (most positive).
    let t = index as f64 / (n - 1) as f64 * 2.0 - 1.0;
    let position = f64::midpoint(t, 1.0) * 6.0;
    // A 3-point scale uses the outer steps for its ends, as do the ends of every scale.
    interpolate(&DIVERGING, position)
}

/// viridis-like sequential ramp from light to dark for heatmaps, 0 to 1.
const SEQUENTIAL: [(f64, f64, f64); 5] = [
    (253.0, 231.0, 37.0),
    (94.0, 201.0, 98.0),
    (33.0, 145.0, 140.0),
    (59.0, 82.0, 139.0),
    (68.0, 1.0, 84.0),
];

/// A heatmap cell's colour for a value between 0 and 1.
pub(crate) fn sequential(value: f64) -> RGBColor {
    interpolate(
        &SEQUENTIAL,
        value.clamp(0.0, 1.0) * (SEQUENTIAL.len() - 1) as f64,
    )
}

fn interpolate(ramp: &[(f64, f64, f64)], position: f64) -> RGBColor {
    let low = (position.floor() as usize).min(ramp.len() - 1);
    let high = (low + 1).min(ramp.len() - 1);
    let t = position - low as f64;
    let mix = |a: f64, b: f64| (a + (b - a) * t).round().clamp(0.0, 255.0) as u8;
    RGBColor(
        mix(ramp[low].0, ramp[high].0),
        mix(ramp[low].1, ramp[high].1),
        mix(ramp[low].2, ramp[high].2),
    )
}

/// Relative luminance (WCAG 2), 0 to 1.
pub(crate) fn luminance(color: RGBColor) -> f64 {
    let channel = |value: u8| {
        let value = f64::from(value) / 255.0;
        if value <= 0.039_28 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.0) + 0.7152 * channel(color.1) + 0.0722 * channel(color.2)
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub(crate) fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// White or near-black text, whichever contrasts more with the background.
pub(crate) fn text_on(background: RGBColor) -> RGBColor {
    let white = RGBColor(0xFF, 0xFF, 0xFF);
    if contrast(INK, background) >= contrast(white, background) {
        INK
    } else {
        white
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_colours_meet_wcag_aa_on_white() {
        let white = RGBColor(255, 255, 255);
        assert!(contrast(INK, white) >= 7.0);
        assert!(contrast(MUTED, white) >= 4.5);
    }

    #[test]
    fn diverging_steps_differ_in_lightness_so_greyscale_separates_them() {
        for n in [3, 4, 5, 7] {
            let lightness: Vec<f64> = (0..n).map(|index| luminance(diverging(index, n))).collect();
            // Within each side, lightness rises clearly from the end towards the middle.
            for index in 0..n / 2 - usize::from(n % 2 == 0) {
                assert!(
                    lightness[index] + 0.05 < lightness[index + 1],
                    "n={n} left: {lightness:?}"
                );
                assert!(
                    lightness[n - 1 - index] + 0.05 < lightness[n - 2 - index],
                    "n={n} right: {lightness:?}"
                );
            }
        }
        assert_eq!(diverging(2, 5), RGBColor(238, 238, 238));
    }

    #[test]
    fn labels_on_segments_stay_readable() {
        for n in [3, 5, 7] {
            for index in 0..n {
                let background = diverging(index, n);
                assert!(
                    contrast(text_on(background), background) >= 4.5,
                    "{index}/{n}"
                );
            }
        }
    }
}
