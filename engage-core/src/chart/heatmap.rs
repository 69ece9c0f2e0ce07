//! A grid of values: how often two themes are coded on the same comment (or their lift).
//! Rows are labelled in full and numbered; columns carry the numbers, so long theme names never
//! have to be rotated or cut.

use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::canvas::{self, Align, Canvas, Font};
use super::{Area, Caption, palette};

/// A square grid of values between labelled items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatmapChart {
    /// Title, base, source.
    pub caption: Caption,
    /// The items (themes), in order.
    pub labels: Vec<String>,
    /// `values[i][j]` for items i and j; `None` where withheld or not applicable.
    pub values: Vec<Vec<Option<f64>>>,
    /// How the values are shown in cells: `count` (whole numbers) or `ratio` (two decimals).
    pub value_format: String,
    /// What the values are, for the legend ("comments coded with both themes").
    pub legend: String,
}

impl HeatmapChart {
    /// A heatmap of counts.
    #[must_use]
    pub fn counts(
        caption: Caption,
        labels: Vec<String>,
        values: Vec<Vec<Option<f64>>>,
        legend: impl Into<String>,
    ) -> HeatmapChart {
        HeatmapChart {
            caption,
            labels,
            values,
            value_format: "count".to_string(),
            legend: legend.into(),
        }
    }

    fn cell(&self, width: f64) -> f64 {
        let n = self.labels.len().max(1) as f64;
        ((width - self.label_width(width) - 16.0) / n).clamp(18.0, 44.0)
    }

    fn label_width(&self, width: f64) -> f64 {
        self.labels
            .iter()
            .enumerate()
            .map(|(index, label)| canvas::measure(&format!("{}. {label}", index + 1), LABEL))
            .fold(0.0, f64::max)
            .min(width * 0.4)
    }

    pub(crate) fn body_height(&self, width: f64) -> f64 {
        self.labels.len() as f64 * self.cell(width) + 60.0
    }

    fn show(&self, value: f64) -> String {
        if self.value_format == "ratio" {
            format!("{value:.2}")
        } else {
            super::count(value.round().max(0.0) as u64)
        }
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, area: Area) -> f64 {
        let label_width = self.label_width(area.width);
        let cell = self.cell(area.width);
        let grid_x = area.x + label_width + 10.0;
        let top = area.y + 22.0;
        // The diagonal (each item with itself: its own total) is shown in plain figures and kept
        // out of the colour scale, which would otherwise wash out every pair.
        let max = self
            .values
            .iter()
            .enumerate()
            .flat_map(|(row, values)| {
                values
                    .iter()
                    .enumerate()
                    .filter(move |(column, _)| *column != row)
                    .filter_map(|(_, value)| *value)
            })
            .fold(0.0, f64::max)
            .max(1e-9);
        for (index, label) in self.labels.iter().enumerate() {
            let y = top + index as f64 * cell + cell / 2.0;
            canvas.text(
                &canvas::wrap(&format!("{}. {label}", index + 1), label_width, LABEL, 1).join(""),
                area.x + label_width,
                y,
                LABEL,
                Align::Right,
            );
            canvas.text(
                &(index + 1).to_string(),
                grid_x + index as f64 * cell + cell / 2.0,
                top - 10.0,
                LABEL,
                Align::Center,
            );
        }
        for (row, values) in self.values.iter().enumerate() {
            for (column, value) in values.iter().enumerate() {
                let (x, y) = (grid_x + column as f64 * cell, top + row as f64 * cell);
                match value {
                    Some(value) if row == column => {
                        canvas.outline(x + 1.0, y + 1.0, cell - 2.0, cell - 2.0, palette::GRID);
                        if cell >= 24.0 {
                            canvas.text(
                                &self.show(*value),
                                x + cell / 2.0,
                                y + cell / 2.0,
                                CELL.color(palette::MUTED),
                                Align::Center,
                            );
                        }
                    }
                    Some(value) => {
                        let color = palette::sequential(value / max);
                        canvas.rect(x + 1.0, y + 1.0, cell - 2.0, cell - 2.0, color);
                        if cell >= 24.0 {
                            canvas.text(
                                &self.show(*value),
                                x + cell / 2.0,
                                y + cell / 2.0,
                                CELL.color(palette::text_on(color)),
                                Align::Center,
                            );
                        }
                    }
                    None => canvas.outline(x + 1.0, y + 1.0, cell - 2.0, cell - 2.0, palette::GRID),
                }
            }
        }
        let bottom = top + self.labels.len() as f64 * cell;
        canvas.text(
            &format!(
                "Cells: {}; darker is more. Grey figures on the diagonal: each item's own total.",
                self.legend
            ),
            area.x,
            bottom + 16.0,
            TICK,
            Align::Left,
        );
        bottom - area.y + 30.0
    }

    pub(crate) fn alt_text(&self) -> String {
        let mut best: Option<(usize, usize, f64)> = None;
        for (row, values) in self.values.iter().enumerate() {
            for (column, value) in values.iter().enumerate() {
                if column <= row {
                    continue;
                }
                // A pair never seen together is no "pair seen together most".
                if let Some(value) = value
                    && *value > 0.0
                    && best.is_none_or(|(_, _, current)| *value > current)
                {
                    best = Some((row, column, *value));
                }
            }
        }
        let withheld = self.values.iter().flatten().any(Option::is_none);
        let most = if withheld {
            "of the pairs shown, the pair seen together most"
        } else {
            "the pair seen together most"
        };
        match best {
            Some((row, column, value)) => format!(
                "Heatmap of {}: {most} is \"{}\" and \"{}\" ({}).",
                self.caption.title,
                self.labels[row],
                self.labels[column],
                self.show(value)
            ),
            None if withheld => format!(
                "Heatmap of {}: of the pairs shown, none occurs together.",
                self.caption.title
            ),
            None => format!(
                "Heatmap of {}: no pair of items occurs together.",
                self.caption.title
            ),
        }
    }
}

const LABEL: Font = Font::new(12.5);
const CELL: Font = Font::new(11.5).bold();
const TICK: Font = Font::new(12.0).color(palette::MUTED);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Chart, ChartOptions};

    #[test]
    fn a_grid_of_zeros_names_no_pair() {
        let chart = HeatmapChart::counts(
            Caption::new("Themes mentioned together", "coded comments, n = 9"),
            vec!["A".to_string(), "B".to_string(), "C".to_string()],
            vec![
                vec![Some(2.0), Some(0.0), Some(0.0)],
                vec![Some(0.0), Some(4.0), Some(0.0)],
                vec![Some(0.0), Some(0.0), Some(3.0)],
            ],
            "comments coded with both themes",
        );
        assert_eq!(
            chart.alt_text(),
            "Heatmap of Themes mentioned together: no pair of items occurs together."
        );
    }

    #[test]
    fn alt_text_names_the_commonest_pair() {
        let chart = HeatmapChart::counts(
            Caption::new("Themes mentioned together", "coded comments, n = 997"),
            vec!["Access".into(), "Parking".into(), "Travel".into()],
            vec![
                vec![Some(400.0), Some(35.0), Some(80.0)],
                vec![Some(35.0), Some(120.0), Some(60.0)],
                vec![Some(80.0), Some(60.0), Some(210.0)],
            ],
            "comments coded with both themes",
        );
        assert_eq!(
            chart.alt_text(),
            "Heatmap of Themes mentioned together: the pair seen together most is \"Access\" and \"Travel\" (80)."
        );
        insta::assert_snapshot!(Chart::Heatmap(chart).svg(&ChartOptions::default()));
    }
}
