//! Points on two axes in labelled series: participants of a deliberation placed by their votes
//! on the two principal components, coloured and shaped by opinion group, with each group's
//! label at its centre and those not grouped in grey underneath.

use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::canvas::{self, Align, Canvas, Font};
use super::{Area, Caption, palette};

/// One series of points (an opinion group).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScatterSeries {
    /// The series' label (`A`), shown in the legend and at the series' centre.
    pub label: String,
    /// The points, as (x, y).
    pub points: Vec<(f64, f64)>,
    /// Drawn small and grey underneath the others, with no label at its centre (participants
    /// not grouped).
    pub muted: bool,
}

/// A scatter chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScatterChart {
    /// Title, base, source.
    pub caption: Caption,
    /// What the horizontal axis measures.
    pub x_label: String,
    /// What the vertical axis measures.
    pub y_label: String,
    /// The series, drawn in order over the muted ones.
    pub series: Vec<ScatterSeries>,
}

impl ScatterChart {
    /// A scatter chart of series.
    #[must_use]
    pub fn new(
        caption: Caption,
        x_label: impl Into<String>,
        y_label: impl Into<String>,
        series: Vec<ScatterSeries>,
    ) -> ScatterChart {
        ScatterChart {
            caption,
            x_label: x_label.into(),
            y_label: y_label.into(),
            series,
        }
    }

    fn legend_entry(series: &ScatterSeries) -> String {
        format!(
            "{} (n\u{a0}=\u{a0}{})",
            series.label,
            super::count(series.points.len() as u64)
        )
    }

    fn legend_rows(&self, width: f64) -> usize {
        let mut rows = 1;
        let mut used = 0.0;
        for series in &self.series {
            let entry = 30.0 + canvas::measure(&Self::legend_entry(series), LEGEND);
            if used + entry > width && used > 0.0 {
                rows += 1;
                used = 0.0;
            }
            used += entry;
        }
        rows
    }

    fn plot_height(width: f64) -> f64 {
        (width * 0.62).clamp(240.0, 460.0)
    }

    pub(crate) fn body_height(&self, width: f64) -> f64 {
        self.legend_rows(width) as f64 * 20.0 + 24.0 + Self::plot_height(width) + 44.0
    }

    /// The colour of the `index`-th series that is not muted.
    fn color(&self, index: usize) -> RGBColor {
        let position = self.series[..index]
            .iter()
            .filter(|series| !series.muted)
            .count();
        palette::categorical(position)
    }

    /// Draws the marker of the `index`-th unmuted series: circle, square, triangle, diamond,
    /// inverted triangle, so groups stay apart in greyscale and for colour-blind readers.
    fn marker<DB: DrawingBackend>(
        canvas: &Canvas<'_, DB>,
        shape: usize,
        x: f64,
        y: f64,
        size: f64,
        fill: RGBColor,
    ) {
        let edge = RGBColor(0xFF, 0xFF, 0xFF);
        match shape % 5 {
            0 => canvas.circle(x, y, size, fill, edge),
            1 => canvas.polygon(
                &[
                    (x - size, y - size),
                    (x + size, y - size),
                    (x + size, y + size),
                    (x - size, y + size),
                ],
                fill,
                edge,
            ),
            2 => canvas.polygon(
                &[
                    (x, y - size * 1.25),
                    (x + size * 1.2, y + size),
                    (x - size * 1.2, y + size),
                ],
                fill,
                edge,
            ),
            3 => canvas.polygon(
                &[
                    (x, y - size * 1.35),
                    (x + size * 1.35, y),
                    (x, y + size * 1.35),
                    (x - size * 1.35, y),
                ],
                fill,
                edge,
            ),
            _ => canvas.polygon(
                &[
                    (x - size * 1.2, y - size),
                    (x + size * 1.2, y - size),
                    (x, y + size * 1.25),
                ],
                fill,
                edge,
            ),
        }
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, area: Area) -> f64 {
        // Legend: unmuted series first, in order, then the muted ones.
        let mut x = area.x;
        let mut y = area.y + 8.0;
        let mut shape = 0;
        let mut entries: Vec<(usize, &ScatterSeries)> = self
            .series
            .iter()
            .enumerate()
            .filter(|(_, series)| !series.muted)
            .collect();
        entries.extend(
            self.series
                .iter()
                .enumerate()
                .filter(|(_, series)| series.muted),
        );
        for (index, series) in entries {
            let text = Self::legend_entry(series);
            let entry = 30.0 + canvas::measure(&text, LEGEND);
            if x + entry > area.x + area.width && x > area.x {
                x = area.x;
                y += 20.0;
            }
            if series.muted {
                canvas.ring(x + 7.0, y, 3.5, palette::MUTED);
            } else {
                Self::marker(canvas, shape, x + 7.0, y, 5.0, self.color(index));
                shape += 1;
            }
            canvas.text(&text, x + 18.0, y, LEGEND, Align::Left);
            x += entry;
        }
        let top = y + 30.0;
        let plot_height = Self::plot_height(area.width);
        let bottom = top + plot_height;
        let left = area.x + 44.0;
        let right = area.x + area.width - 8.0;
        let points = || self.series.iter().flat_map(|series| series.points.iter());
        let x_axis = Axis::fit(points().map(|point| point.0));
        let y_axis = Axis::fit(points().map(|point| point.1));
        let x_of =
            |value: f64| left + (value - x_axis.low) / (x_axis.high - x_axis.low) * (right - left);
        let y_of = |value: f64| {
            bottom - (value - y_axis.low) / (y_axis.high - y_axis.low) * (bottom - top)
        };
        for tick in x_axis.ticks() {
            let x = x_of(tick);
            let color = if tick == 0.0 {
                palette::MUTED
            } else {
                palette::GRID
            };
            canvas.line(x, top, x, bottom, color, 1.0);
            canvas.text(&tick_label(tick), x, bottom + 12.0, TICK, Align::Center);
        }
        for tick in y_axis.ticks() {
            let y = y_of(tick);
            let color = if tick == 0.0 {
                palette::MUTED
            } else {
                palette::GRID
            };
            canvas.line(left, y, right, y, color, 1.0);
            canvas.text(&tick_label(tick), left - 6.0, y, TICK, Align::Right);
        }
        canvas.text(&self.y_label, left, top - 10.0, AXIS, Align::Left);
        canvas.text(
            &self.x_label,
            f64::midpoint(left, right),
            bottom + 32.0,
            AXIS,
            Align::Center,
        );
        // Smaller markers when there are many, so that clouds of points keep their shape.
        let total: usize = self.series.iter().map(|series| series.points.len()).sum();
        let size = match total {
            0..=150 => 3.6,
            151..=600 => 3.0,
            _ => 2.4,
        };
        let mut shape = 0;
        let mut centres = Vec::new();
        for (index, series) in self.series.iter().enumerate() {
            if series.muted {
                continue;
            }
            let color = self.color(index);
            for (x, y) in &series.points {
                Self::marker(canvas, shape, x_of(*x), y_of(*y), size, color);
            }
            shape += 1;
            if !series.points.is_empty() {
                let n = series.points.len() as f64;
                let (sum_x, sum_y) = series
                    .points
                    .iter()
                    .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
                centres.push((
                    series.label.as_str(),
                    x_of(sum_x / n),
                    y_of(sum_y / n),
                    color,
                ));
            }
        }
        // Muted points (not grouped) go on top as thin rings: they often sit at the centre,
        // where filled points underneath the groups would hide them.
        for series in self.series.iter().filter(|series| series.muted) {
            for (x, y) in &series.points {
                canvas.ring(x_of(*x), y_of(*y), size * 0.8, palette::MUTED);
            }
        }
        // Labels last, on a white tile, so no point covers them.
        for (label, x, y, color) in centres {
            let width = canvas::measure(label, CENTRE) + 10.0;
            canvas.rect(
                x - width / 2.0,
                y - 10.0,
                width,
                20.0,
                RGBColor(0xFF, 0xFF, 0xFF),
            );
            canvas.outline(x - width / 2.0, y - 10.0, width, 20.0, color);
            canvas.text(label, x, y, CENTRE, Align::Center);
        }
        bottom - area.y + 44.0
    }

    pub(crate) fn alt_text(&self) -> String {
        let total: usize = self.series.iter().map(|series| series.points.len()).sum();
        let parts: Vec<String> = self
            .series
            .iter()
            .map(|series| {
                format!(
                    "{} {}{}",
                    series.label,
                    super::count(series.points.len() as u64),
                    if series.muted { " (grey)" } else { "" }
                )
            })
            .collect();
        format!(
            "Scatter chart of {}: {} points, {}.",
            self.caption.title,
            super::count(total as u64),
            parts.join(", ")
        )
    }
}

/// An axis from a round number at or below the smallest value to one at or above the largest,
/// always including 0 (the average participant), with ticks at a round step.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Axis {
    low: f64,
    high: f64,
    step: f64,
}

impl Axis {
    fn fit(values: impl Iterator<Item = f64>) -> Axis {
        let (low, high) = values.fold((0.0f64, 0.0f64), |(low, high), value| {
            (low.min(value), high.max(value))
        });
        let (low, high) = (low * 1.05, high * 1.05);
        let reach = super::nice_max(high.max(-low));
        let ticks = super::ticks(reach);
        let step = ticks
            .get(1)
            .copied()
            .unwrap_or(reach)
            .max(f64::MIN_POSITIVE);
        Axis {
            low: (low / step).floor().min(0.0) * step,
            high: (high / step).ceil().max(if low == 0.0 { 1.0 } else { 0.0 }) * step,
            step,
        }
    }

    fn ticks(&self) -> Vec<f64> {
        let first = (self.low / self.step).round() as i64;
        let last = (self.high / self.step).round() as i64;
        (first..=last)
            .map(|index| index as f64 * self.step)
            .collect()
    }
}

fn tick_label(value: f64) -> String {
    let text = crate::table::plain_number((value * 100.0).round() / 100.0);
    // A true minus sign reads better than a hyphen.
    text.replace('-', "\u{2212}")
}

const LEGEND: Font = Font::new(12.5);
const AXIS: Font = Font::new(12.5).color(palette::MUTED);
const TICK: Font = Font::new(12.0).color(palette::MUTED);
const CENTRE: Font = Font::new(13.0).bold();

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Chart, ChartOptions};

    #[test]
    fn axes_fit_the_data_and_include_zero() {
        let axis = Axis::fit([-0.9, 1.7, 0.2].into_iter());
        assert_eq!((axis.low, axis.high, axis.step), (-1.0, 2.0, 0.5));
        assert_eq!(axis.ticks(), [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]);
        let positive = Axis::fit([3.0, 9.8].into_iter());
        assert_eq!(
            (positive.low, positive.high, positive.step),
            (0.0, 12.5, 2.5)
        );
        assert_eq!(tick_label(-0.5), "\u{2212}0.5");
    }

    #[test]
    fn two_groups_and_the_ungrouped() {
        let chart = ScatterChart::new(
            Caption::new(
                "Opinion groups",
                "participants with at least 7 votes, n = 6",
            )
            .with_subtitle("Each point is a participant, placed by their votes."),
            "Component 1 (41% of the variance)",
            "Component 2 (17%)",
            vec![
                ScatterSeries {
                    label: "A".into(),
                    points: vec![(1.2, 0.3), (1.5, -0.2), (0.9, 0.1)],
                    muted: false,
                },
                ScatterSeries {
                    label: "B".into(),
                    points: vec![(-1.1, 0.4), (-1.4, -0.5), (-0.8, 0.0)],
                    muted: false,
                },
                ScatterSeries {
                    label: "Not grouped".into(),
                    points: vec![(0.1, 0.9), (-0.2, -1.3)],
                    muted: true,
                },
            ],
        );
        assert_eq!(
            chart.alt_text(),
            "Scatter chart of Opinion groups: 8 points, A 3, B 3, Not grouped 2 (grey)."
        );
        insta::assert_snapshot!(Chart::Scatter(chart).svg(&ChartOptions::default()));
    }
}
