//! Diverging stacked bars for scale items: disagreement to the left of the neutral point,
//! agreement to the right, the neutral answer split across the centre line, items sorted by net
//! agreement, and "Don't know" set apart in a column of its own.

use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::canvas::{self, Align, Canvas, Font};
use super::{Area, Caption, palette};

/// One statement (or question) on the scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LikertItem {
    /// The statement.
    pub label: String,
    /// The percentage choosing each point, of those who answered on the scale, in scale order;
    /// `None` where disclosure control withholds it.
    pub shares: Vec<Option<f64>>,
    /// Respondents who answered on the scale.
    pub base: u64,
    /// The percentage of all answers that were off the scale ("Don't know"), if any.
    pub off_scale: Option<f64>,
}

impl LikertItem {
    /// The shares of the negative and positive sides of the scale, each `None` when a share on
    /// that side is withheld (its sum is then unknown).
    #[must_use]
    pub fn sides(&self, neutral: Option<usize>) -> (Option<f64>, Option<f64>) {
        let (negative, positive) = sides(self.shares.len(), neutral);
        let sum = |range: std::ops::Range<usize>| {
            self.shares[range]
                .iter()
                .try_fold(0.0, |sum, share| share.map(|share| sum + share))
        };
        (sum(negative), sum(positive))
    }

    /// The net agreement: agree side minus disagree side, in percentage points; `None` when a
    /// share it needs is withheld.
    #[must_use]
    pub fn net(&self, neutral: Option<usize>) -> Option<f64> {
        let (negative, positive) = self.sides(neutral);
        Some(positive? - negative?)
    }
}

/// The point indices on the negative and positive sides.
fn sides(
    points: usize,
    neutral: Option<usize>,
) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    match neutral {
        Some(middle) => (0..middle, middle + 1..points),
        None => (0..points / 2, points.div_ceil(2)..points),
    }
}

/// Diverging stacked bars.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LikertChart {
    /// Title, question, base, source.
    pub caption: Caption,
    /// The scale's points, most negative first.
    pub points: Vec<String>,
    /// The index of the neutral point, if the scale has one.
    pub neutral: Option<usize>,
    /// The items, sorted by net agreement (highest first).
    pub items: Vec<LikertItem>,
    /// What the off-scale column is called ("Don't know").
    pub off_scale_label: String,
    /// The words under the axis for the negative and positive sides ("disagree", "agree").
    #[serde(default = "default_sides")]
    pub sides: (String, String),
    /// The bars are groups of respondents (views by group), not statements.
    #[serde(default)]
    pub bars_are_groups: bool,
}

fn default_sides() -> (String, String) {
    ("disagree".to_string(), "agree".to_string())
}

impl LikertChart {
    /// A chart of items on one scale, sorted by net agreement.
    #[must_use]
    pub fn new(
        caption: Caption,
        points: Vec<String>,
        neutral: Option<usize>,
        mut items: Vec<LikertItem>,
    ) -> LikertChart {
        // Items whose net is withheld go last, in label order: their place in the order would
        // say something about the withheld shares.
        items.sort_by(|a, b| match (a.net(neutral), b.net(neutral)) {
            (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.label.cmp(&b.label)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.label.cmp(&b.label),
        });
        LikertChart {
            caption,
            points,
            neutral,
            items,
            off_scale_label: "Don't know".to_string(),
            sides: default_sides(),
            bars_are_groups: false,
        }
    }

    /// This chart with its bars described as groups of respondents, not statements.
    #[must_use]
    pub fn with_bars_as_groups(mut self) -> LikertChart {
        self.bars_are_groups = true;
        self
    }

    /// This chart with the sides of the axis named for the scale ("dissatisfied",
    /// "satisfied"); agreement by default.
    #[must_use]
    pub fn with_sides(
        mut self,
        negative: impl Into<String>,
        positive: impl Into<String>,
    ) -> LikertChart {
        self.sides = (negative.into(), positive.into());
        self
    }

    /// This chart with the off-scale column named.
    #[must_use]
    pub fn with_off_scale_label(mut self, label: impl Into<String>) -> LikertChart {
        self.off_scale_label = label.into();
        self
    }

    fn has_off_scale(&self) -> bool {
        self.items
            .iter()
            .any(|item| item.off_scale.is_some_and(|share| share > 0.0))
    }

    fn legend_rows(&self, width: f64) -> Vec<Vec<usize>> {
        let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
        let mut used = 0.0;
        for (index, point) in self.points.iter().enumerate() {
            let entry = 16.0 + canvas::measure(point, LEGEND) + 18.0;
            if used + entry > width && !rows.last().is_some_and(Vec::is_empty) {
                rows.push(Vec::new());
                used = 0.0;
            }
            used += entry;
            if let Some(row) = rows.last_mut() {
                row.push(index);
            }
        }
        rows
    }

    fn label_width(&self, width: f64) -> f64 {
        self.items
            .iter()
            .map(|item| canvas::measure(&item.label, LABEL))
            .fold(0.0, f64::max)
            .min(width * 0.34)
            .max(60.0)
    }

    fn row_heights(&self, width: f64) -> Vec<(Vec<String>, f64)> {
        let label_width = self.label_width(width);
        self.items
            .iter()
            .map(|item| {
                let lines = canvas::wrap(&item.label, label_width, LABEL, 4);
                let height = (lines.len() as f64 * 14.0 + 12.0).max(30.0);
                (lines, height)
            })
            .collect()
    }

    pub(crate) fn body_height(&self, width: f64) -> f64 {
        self.legend_rows(width).len() as f64 * 20.0
            + 12.0
            + self
                .row_heights(width)
                .iter()
                .map(|(_, height)| height)
                .sum::<f64>()
            + 30.0
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, area: Area) -> f64 {
        let n = self.points.len();
        // Legend, in scale order.
        let mut y = area.y + 8.0;
        for row in self.legend_rows(area.width) {
            let mut x = area.x;
            for index in row {
                canvas.rect(x, y - 6.0, 12.0, 12.0, palette::diverging(index, n));
                canvas.outline(x, y - 6.0, 12.0, 12.0, palette::MUTED);
                canvas.text(&self.points[index], x + 18.0, y, LEGEND, Align::Left);
                x += 16.0 + canvas::measure(&self.points[index], LEGEND) + 20.0;
            }
            y += 20.0;
        }
        let top = y + 4.0;
        let label_width = self.label_width(area.width);
        let off_width = if self.has_off_scale() { 96.0 } else { 0.0 };
        // The off-scale column has a scale of its own, so small shares stay visible.
        let off_max = super::nice_max(
            self.items
                .iter()
                .filter_map(|item| item.off_scale)
                .fold(0.0, f64::max),
        );
        let plot_x = area.x + label_width + 12.0;
        let plot_width = area.width - label_width - 12.0 - off_width;
        let (negative, positive) = sides(n, self.neutral);
        let half = |share: f64| share / 2.0;
        let extent = self
            .items
            .iter()
            .flat_map(|item| {
                let neutral = self
                    .neutral
                    .and_then(|middle| item.shares.get(middle).copied().flatten())
                    .unwrap_or(0.0);
                let left: f64 =
                    item.shares[negative.clone()].iter().flatten().sum::<f64>() + half(neutral);
                let right: f64 =
                    item.shares[positive.clone()].iter().flatten().sum::<f64>() + half(neutral);
                [left, right]
            })
            .fold(0.0, f64::max);
        let max = super::nice_max(extent).min(100.0);
        let centre = plot_x + plot_width / 2.0;
        let unit = plot_width / 2.0 / max;
        let mut rows = self.row_heights(area.width);
        let factor = super::stretch(
            rows.iter().map(|(_, height)| height).sum(),
            top - area.y + 30.0,
            area.height,
        );
        for (_, height) in &mut rows {
            *height *= factor;
        }
        let bottom = top + rows.iter().map(|(_, height)| height).sum::<f64>();
        // Grid: percentages either side of the centre.
        for tick in super::ticks(max) {
            for x in [centre - tick * unit, centre + tick * unit] {
                canvas.line(x, top, x, bottom, palette::GRID, 1.0);
            }
            canvas.text(
                &format!("{tick:.0}%"),
                centre - tick * unit,
                bottom + 10.0,
                TICK,
                Align::Center,
            );
            if tick > 0.0 {
                canvas.text(
                    &format!("{tick:.0}%"),
                    centre + tick * unit,
                    bottom + 10.0,
                    TICK,
                    Align::Center,
                );
            }
        }
        // The centre line sits behind the bars (so it never crosses a label) and shows above and
        // below them.
        canvas.line(centre, top - 4.0, centre, bottom + 4.0, palette::INK, 1.5);
        if off_width > 0.0 {
            canvas.text(
                &self.off_scale_label,
                area.x + area.width - off_width / 2.0,
                top - 8.0,
                TICK,
                Align::Center,
            );
        }
        let mut y = top;
        for (item, (lines, height)) in self.items.iter().zip(&rows) {
            let middle = y + height / 2.0;
            let first = middle - (lines.len() as f64 - 1.0) * 7.0;
            canvas.lines(
                lines,
                area.x + label_width,
                first,
                LABEL,
                Align::Right,
                14.0,
            );
            let thickness = (height - 14.0).clamp(12.0, 28.0);
            let bar_top = middle - thickness / 2.0;
            let segment = |from: f64, width: f64, index: usize, share: f64| {
                let color = palette::diverging(index, n);
                canvas.rect(from, bar_top, width, thickness, color);
                // Pale segments (the neutral point) get an edge so they hold their shape.
                if palette::luminance(color) > 0.75 && width > 0.0 {
                    canvas.outline(from, bar_top, width, thickness, palette::OFF_SCALE);
                }
                if width >= 26.0 {
                    canvas.text(
                        &format!("{share:.0}%"),
                        from + width / 2.0,
                        middle,
                        SEGMENT.color(palette::text_on(color)),
                        Align::Center,
                    );
                }
            };
            let neutral_share = self
                .neutral
                .and_then(|middle| item.shares.get(middle).copied().flatten())
                .unwrap_or(0.0);
            // Neutral across the centre, then outward on each side.
            if let Some(middle) = self.neutral {
                segment(
                    centre - half(neutral_share) * unit,
                    neutral_share * unit,
                    middle,
                    neutral_share,
                );
            }
            let mut left = centre - half(neutral_share) * unit;
            for index in negative.clone().rev() {
                let share = item.shares[index].unwrap_or(0.0);
                left -= share * unit;
                segment(left, share * unit, index, share);
            }
            let mut right = centre + half(neutral_share) * unit;
            for index in positive.clone() {
                let share = item.shares[index].unwrap_or(0.0);
                segment(right, share * unit, index, share);
                right += share * unit;
            }
            // Withheld shares: a hatched stub after the bar (at the centre when the whole row
            // is withheld), never a number.
            if item.shares.iter().any(Option::is_none) {
                let from = if item.shares.iter().all(Option::is_none) {
                    centre - 7.0
                } else {
                    right + 3.0
                };
                canvas.hatch(from, bar_top, 14.0, thickness, palette::MUTED);
            }
            if let Some(off) = item.off_scale.filter(|_| off_width > 0.0) {
                let x = area.x + area.width - off_width + 10.0;
                let length = (off / off_max * (off_width - 52.0)).max(1.0);
                canvas.rect(x, bar_top, length, thickness, palette::OFF_SCALE);
                canvas.text(
                    &super::percent(off),
                    x + length + 4.0,
                    middle,
                    TICK,
                    Align::Left,
                );
            }
            y += height;
        }
        canvas.text(
            &format!("\u{2190} {}", self.sides.0),
            centre - 8.0,
            bottom + 26.0,
            TICK,
            Align::Right,
        );
        canvas.text(
            &format!("{} \u{2192}", self.sides.1),
            centre + 8.0,
            bottom + 26.0,
            TICK,
            Align::Left,
        );
        bottom - area.y + 34.0
    }

    pub(crate) fn alt_text(&self) -> String {
        let side = |share: Option<f64>, words: &str| match share {
            Some(share) => format!("{} {words}", super::percent(share)),
            None => format!("the share who {words} is withheld"),
        };
        let known: Vec<(&LikertItem, f64)> = self
            .items
            .iter()
            .filter_map(|item| item.net(self.neutral).map(|net| (item, net)))
            .collect();
        let withheld = self.items.len() - known.len();
        match self.items.as_slice() {
            [] => format!(
                "Diverging bar chart of {}: no answers on the scale.",
                self.caption.title
            ),
            [only] => {
                let (negative, positive) = only.sides(self.neutral);
                let net = only
                    .net(self.neutral)
                    .map(|net| format!(" (net {net:+.0} points)"))
                    .unwrap_or_default();
                format!(
                    "Diverging bar chart of \"{}\": {} and {}{net}.",
                    only.label,
                    side(positive, &self.sides.1),
                    side(negative, &self.sides.0),
                )
            }
            _ => {
                let net = if self.sides.1 == "agree" {
                    "net agreement".to_string()
                } else {
                    format!("the net score ({} minus {})", self.sides.1, self.sides.0)
                };
                let (bar, bars) = if self.bars_are_groups {
                    ("group", "groups")
                } else {
                    ("statement", "statements")
                };
                // Items are sorted by net, those whose net is withheld last.
                let of = if withheld == 0 {
                    String::new()
                } else {
                    format!(
                        " (of those shown; {withheld} {} a share withheld)",
                        if withheld == 1 { "has" } else { "have" }
                    )
                };
                match known.as_slice() {
                    [] => format!(
                        "Diverging bar chart of {} {bars}: shares are withheld for every {bar}.",
                        self.items.len()
                    ),
                    [(only, value)] => format!(
                        "Diverging bar chart of {} {bars}: {net} is {:+.0} points for \"{}\"{of}.",
                        self.items.len(),
                        value,
                        only.label
                    ),
                    [(first, high), .., (last, low)] => format!(
                        "Diverging bar chart of {} {bars}: {net} is highest for \"{}\" ({:+.0} points) and lowest for \"{}\" ({:+.0} points){of}.",
                        self.items.len(),
                        first.label,
                        high,
                        last.label,
                        low
                    ),
                }
            }
        }
    }
}

const LABEL: Font = Font::new(13.0);
const LEGEND: Font = Font::new(12.5);
const SEGMENT: Font = Font::new(11.5).bold();
const TICK: Font = Font::new(12.0).color(palette::MUTED);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Chart, ChartOptions};

    fn item(label: &str, shares: [f64; 5], dont_know: f64) -> LikertItem {
        LikertItem {
            label: label.to_string(),
            shares: shares.iter().map(|share| Some(*share)).collect(),
            base: 100,
            off_scale: Some(dont_know),
        }
    }

    fn chart() -> LikertChart {
        let points = [
            "Strongly disagree",
            "Disagree",
            "Neither agree nor disagree",
            "Agree",
            "Strongly agree",
        ]
        .map(String::from)
        .to_vec();
        LikertChart::new(
            Caption::new("Views on the proposal", "all who answered on the scale")
                .with_subtitle("How much do you agree or disagree?"),
            points,
            Some(2),
            vec![
                item(
                    "Moving it would improve care",
                    [34.0, 24.0, 20.0, 13.0, 9.0],
                    4.6,
                ),
                item(
                    "The centre should stay where it is",
                    [6.0, 12.0, 19.0, 25.0, 38.0],
                    4.8,
                ),
            ],
        )
    }

    #[test]
    fn items_are_sorted_by_net_agreement() {
        let chart = chart();
        assert_eq!(chart.items[0].label, "The centre should stay where it is");
        assert_eq!(chart.items[0].net(Some(2)), Some(45.0));
        assert_eq!(chart.items[1].net(Some(2)), Some(-36.0));
        assert_eq!(
            chart.alt_text(),
            "Diverging bar chart of 2 statements: net agreement is highest for \"The centre should stay where it is\" (+45 points) and lowest for \"Moving it would improve care\" (-36 points)."
        );
    }

    #[test]
    fn the_svg_layout_is_stable() {
        insta::assert_snapshot!(Chart::Likert(chart()).svg(&ChartOptions::default()));
    }

    #[test]
    fn even_scales_split_down_the_middle() {
        assert_eq!(sides(4, None), (0..2, 2..4));
        assert_eq!(sides(5, Some(2)), (0..2, 3..5));
    }
}
