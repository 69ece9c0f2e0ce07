//! Drawing in logical pixels on any plotters backend: rectangles, lines and anchored text, all
//! scaled by one factor (2 for a sharp PNG, 1 for SVG), plus text measurement and wrapping with
//! the embedded DejaVu Sans so that layout never depends on fonts installed on the machine.

use std::sync::Once;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette;

/// The font family every chart uses; DejaVu Sans is registered under it.
pub(crate) const FAMILY: &str = "sans-serif";

static FONTS: Once = Once::new();

/// Registers the embedded fonts with plotters, once per process. plotters keeps its font table
/// in a global; this is the only global engage touches, and it is written once with the same
/// bytes, so threads rendering charts at the same time see the same fonts.
pub(crate) fn register_fonts() {
    FONTS.call_once(|| {
        // The bytes are DejaVu Sans, known-good TrueType: registration cannot fail.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// Horizontal anchor of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// A text style in logical pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Font {
    pub(crate) size: f64,
    pub(crate) bold: bool,
    pub(crate) color: RGBColor,
}

impl Font {
    pub(crate) const fn new(size: f64) -> Font {
        Font {
            size,
            bold: false,
            color: palette::INK,
        }
    }

    pub(crate) const fn bold(mut self) -> Font {
        self.bold = true;
        self
    }

    pub(crate) const fn color(mut self, color: RGBColor) -> Font {
        self.color = color;
        self
    }
}

/// plotters divides a font's size by 1.24 when it writes SVG (and scales ab_glyph glyphs to a
/// similar em); asking for `size x 1.24` makes the text's em the logical size we lay out for.
const EM: f64 = 1.24;

/// The width of `text` in logical pixels.
pub(crate) fn measure(text: &str, font: Font) -> f64 {
    register_fonts();
    let style = if font.bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    let description = FontDesc::new(FontFamily::Name(FAMILY), font.size * EM, style);
    description.box_size(text).map_or_else(
        |_| text.chars().count() as f64 * font.size * 0.55,
        |(width, _)| f64::from(width),
    )
}

/// Greedy word wrapping to `width` logical pixels at ordinary spaces (a no-break space keeps
/// `n\u{a0}=\u{a0}281` together); a word longer than the width is broken.
/// At most `max_lines` lines; the last is cut with an ellipsis when the text does not fit.
pub(crate) fn wrap(text: &str, width: f64, font: Font, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|word| !word.is_empty())
    {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if measure(&candidate, font) <= width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // A word wider than the line is broken by characters.
        let mut piece = String::new();
        for ch in word.chars() {
            piece.push(ch);
            if measure(&piece, font) > width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(ch);
            }
        }
        current = piece;
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && measure(&format!("{last}\u{2026}"), font) > width {
                last.pop();
            }
            let trimmed = last.trim_end().to_string();
            *last = format!("{trimmed}\u{2026}");
        }
    }
    lines
}

/// A drawing surface in logical pixels.
pub(crate) struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, plotters::coord::Shift>,
    scale: f64,
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    pub(crate) fn new(
        area: &'a DrawingArea<DB, plotters::coord::Shift>,
        scale: f64,
    ) -> Canvas<'a, DB> {
        register_fonts();
        Canvas { area, scale }
    }

    fn point(&self, x: f64, y: f64) -> (i32, i32) {
        (
            (x * self.scale).round() as i32,
            (y * self.scale).round() as i32,
        )
    }

    /// A filled rectangle.
    pub(crate) fn rect(&self, x: f64, y: f64, width: f64, height: f64, color: RGBColor) {
        if width <= 0.0 || height <= 0.0 {
            return;
        }
        let _ = self.area.draw(&Rectangle::new(
            [self.point(x, y), self.point(x + width, y + height)],
            color.filled(),
        ));
    }

    /// A rectangle outline.
    pub(crate) fn outline(&self, x: f64, y: f64, width: f64, height: f64, color: RGBColor) {
        let _ = self.area.draw(&Rectangle::new(
            [self.point(x, y), self.point(x + width, y + height)],
            ShapeStyle::from(color).stroke_width(self.stroke(1.0)),
        ));
    }

    /// Diagonal hatching inside a rectangle (withheld values), with its outline.
    pub(crate) fn hatch(&self, x: f64, y: f64, width: f64, height: f64, color: RGBColor) {
        self.outline(x, y, width, height, color);
        // Lines rising at 45 degrees, x = x + t + (y + height - y'), clipped to the rectangle.
        let mut t = -height;
        while t < width {
            let (x1, y1) = if t < 0.0 {
                (x, y + height + t)
            } else {
                (x + t, y + height)
            };
            let (x2, y2) = if t + height > width {
                (x + width, y + height - (width - t))
            } else {
                (x + t + height, y)
            };
            self.line(x1, y1, x2, y2, color, 0.75);
            t += 5.0;
        }
    }

    fn stroke(&self, width: f64) -> u32 {
        (width * self.scale).round().max(1.0) as u32
    }

    /// A straight line.
    pub(crate) fn line(&self, x1: f64, y1: f64, x2: f64, y2: f64, color: RGBColor, width: f64) {
        let _ = self.area.draw(&PathElement::new(
            vec![self.point(x1, y1), self.point(x2, y2)],
            ShapeStyle::from(color).stroke_width(self.stroke(width)),
        ));
    }

    /// A line through points.
    pub(crate) fn polyline(&self, points: &[(f64, f64)], color: RGBColor, width: f64) {
        let points: Vec<(i32, i32)> = points.iter().map(|(x, y)| self.point(*x, *y)).collect();
        let _ = self.area.draw(&PathElement::new(
            points,
            ShapeStyle::from(color).stroke_width(self.stroke(width)),
        ));
    }

    /// A filled circle of radius `radius` centred on (x, y), with an outline.
    pub(crate) fn circle(&self, x: f64, y: f64, radius: f64, fill: RGBColor, stroke: RGBColor) {
        let centre = self.point(x, y);
        let radius = (radius * self.scale).round().max(1.0) as u32;
        let _ = self.area.draw(&Circle::new(centre, radius, fill.filled()));
        let _ = self.area.draw(&Circle::new(
            centre,
            radius,
            ShapeStyle::from(stroke).stroke_width(self.stroke(0.75)),
        ));
    }

    /// A circle's outline only.
    pub(crate) fn ring(&self, x: f64, y: f64, radius: f64, color: RGBColor) {
        let radius = (radius * self.scale).round().max(1.0) as u32;
        let _ = self.area.draw(&Circle::new(
            self.point(x, y),
            radius,
            ShapeStyle::from(color).stroke_width(self.stroke(0.6)),
        ));
    }

    /// A filled polygon through points, with an outline.
    pub(crate) fn polygon(&self, points: &[(f64, f64)], fill: RGBColor, stroke: RGBColor) {
        let mut pixels: Vec<(i32, i32)> = points.iter().map(|(x, y)| self.point(*x, *y)).collect();
        let _ = self.area.draw(&Polygon::new(pixels.clone(), fill.filled()));
        if let Some(first) = pixels.first().copied() {
            pixels.push(first);
        }
        let _ = self.area.draw(&PathElement::new(
            pixels,
            ShapeStyle::from(stroke).stroke_width(self.stroke(0.75)),
        ));
    }

    /// One line of text whose vertical centre is at `y`.
    pub(crate) fn text(&self, text: &str, x: f64, y: f64, font: Font, align: Align) {
        if text.is_empty() {
            return;
        }
        let style = if font.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let h = match align {
            Align::Left => HPos::Left,
            Align::Center => HPos::Center,
            Align::Right => HPos::Right,
        };
        let text_style = TextStyle::from(FontDesc::new(
            FontFamily::Name(FAMILY),
            font.size * EM * self.scale,
            style,
        ))
        .color(&font.color)
        .pos(Pos::new(h, VPos::Center));
        let _ = self.area.draw_text(text, &text_style, self.point(x, y));
    }

    /// Lines of text from `y` (the first line's centre), `leading` apart; returns the y after
    /// the last line.
    pub(crate) fn lines(
        &self,
        lines: &[String],
        x: f64,
        y: f64,
        font: Font,
        align: Align,
        leading: f64,
    ) -> f64 {
        for (index, line) in lines.iter().enumerate() {
            self.text(line, x, y + index as f64 * leading, font, align);
        }
        y + lines.len() as f64 * leading
    }

    /// Fills the whole surface.
    pub(crate) fn background(&self, color: RGBColor) {
        let _ = self.area.fill(&color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_within_the_width() {
        let font = Font::new(12.0);
        let lines = wrap(
            "Moving walk-in services to the new urgent treatment centre at Riverside General Hospital would improve care",
            200.0,
            font,
            5,
        );
        assert!(lines.len() >= 3, "{lines:?}");
        for line in &lines {
            assert!(measure(line, font) <= 200.0, "{line}");
        }
        assert_eq!(
            lines.join(" "),
            "Moving walk-in services to the new urgent treatment centre at Riverside General Hospital would improve care"
        );
    }

    #[test]
    fn overlong_text_is_cut_with_an_ellipsis() {
        let font = Font::new(12.0);
        let lines = wrap(&"word ".repeat(100), 120.0, font, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('\u{2026}'));
        let long_word = wrap(&"x".repeat(200), 50.0, font, 10);
        assert!(long_word.iter().all(|line| measure(line, font) <= 50.0));
    }

    #[test]
    fn the_embedded_font_measures_text() {
        let narrow = measure("iiii", Font::new(12.0));
        let wide = measure("WWWW", Font::new(12.0));
        assert!(wide > narrow * 2.0, "{narrow} {wide}");
        assert!(measure("Bold", Font::new(12.0).bold()) >= measure("Bold", Font::new(12.0)));
    }
}
