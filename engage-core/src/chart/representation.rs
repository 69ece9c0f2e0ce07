//! Who took part against who lives there: sample % beside population % per category, or the
//! representation index (sample % / population % x 100) with a reference line at 100 and the
//! under-represented groups picked out.

use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::canvas::{self, Align, Canvas, Font};
use super::{Area, Caption, palette};

/// One category of a profile variable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepresentationRow {
    /// The category.
    pub label: String,
    /// Its share of respondents, 0-100 (`None` when withheld).
    pub sample: Option<f64>,
    /// Its share of the population, 0-100.
    pub population: f64,
}

impl RepresentationRow {
    /// Sample % / population % x 100.
    #[must_use]
    pub fn index(&self) -> Option<f64> {
        self.sample
            .filter(|_| self.population > 0.0)
            .map(|sample| sample / self.population * 100.0)
    }
}

/// Which comparison to draw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepresentationMode {
    /// Sample % and population % side by side.
    #[default]
    Percentages,
    /// The representation index with a line at 100.
    Index,
}

/// A representativeness chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepresentationChart {
    /// Title, base, source (name the population source).
    pub caption: Caption,
    /// The categories.
    pub rows: Vec<RepresentationRow>,
    /// Which comparison.
    pub mode: RepresentationMode,
    /// An index below this marks a group as under-represented. Default 80.
    pub threshold: f64,
}

impl RepresentationChart {
    /// A chart with the default threshold of 80.
    #[must_use]
    pub fn new(
        caption: Caption,
        rows: Vec<RepresentationRow>,
        mode: RepresentationMode,
    ) -> RepresentationChart {
        RepresentationChart {
            caption,
            rows,
            mode,
            threshold: 80.0,
        }
    }

    fn label_width(&self, width: f64) -> f64 {
        self.rows
            .iter()
            .map(|row| canvas::measure(&row.label, LABEL))
            .fold(0.0, f64::max)
            .min(width * 0.36)
            .max(60.0)
    }

    fn row_height(&self) -> f64 {
        if self.mode == RepresentationMode::Percentages {
            34.0
        } else {
            26.0
        }
    }

    fn lines(&self, width: f64) -> Vec<Vec<String>> {
        let label_width = self.label_width(width);
        self.rows
            .iter()
            .map(|row| canvas::wrap(&row.label, label_width, LABEL, 3))
            .collect()
    }

    pub(crate) fn body_height(&self, width: f64) -> f64 {
        32.0 + self
            .lines(width)
            .iter()
            .map(|lines| (lines.len() as f64 * 14.0 + 10.0).max(self.row_height()))
            .sum::<f64>()
            + 34.0
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, area: Area) -> f64 {
        let label_width = self.label_width(area.width);
        let plot_x = area.x + label_width + 12.0;
        let plot_width = area.width - label_width - 12.0 - 60.0;
        let index_mode = self.mode == RepresentationMode::Index;
        // Legend.
        let y = area.y + 8.0;
        if index_mode {
            canvas.rect(area.x, y - 6.0, 12.0, 12.0, palette::PRIMARY);
            canvas.text(
                "Representation index",
                area.x + 16.0,
                y,
                LEGEND,
                Align::Left,
            );
            canvas.rect(area.x + 170.0, y - 6.0, 12.0, 12.0, palette::ALERT);
            canvas.text(
                &format!("Under-represented (index below {:.0})", self.threshold),
                area.x + 186.0,
                y,
                LEGEND,
                Align::Left,
            );
        } else {
            canvas.rect(area.x, y - 6.0, 12.0, 12.0, palette::PRIMARY);
            canvas.text("Respondents", area.x + 16.0, y, LEGEND, Align::Left);
            canvas.rect(area.x + 110.0, y - 6.0, 12.0, 12.0, palette::COMPARISON);
            canvas.text("Population", area.x + 126.0, y, LEGEND, Align::Left);
        }
        let top = area.y + 26.0;
        let lines = self.lines(area.width);
        let natural: Vec<f64> = lines
            .iter()
            .map(|lines| (lines.len() as f64 * 14.0 + 10.0).max(self.row_height()))
            .collect();
        let factor = super::stretch(natural.iter().sum(), 26.0 + 34.0, area.height).min(1.3);
        let heights: Vec<f64> = natural.iter().map(|height| height * factor).collect();
        let bottom = top + heights.iter().sum::<f64>();
        let max = if index_mode {
            super::nice_max(
                self.rows
                    .iter()
                    .filter_map(RepresentationRow::index)
                    .fold(100.0, f64::max)
                    * 1.05,
            )
        } else {
            super::nice_max(
                self.rows
                    .iter()
                    .flat_map(|row| [row.sample.unwrap_or(0.0), row.population])
                    .fold(0.0, f64::max),
            )
        };
        let scale = |value: f64| plot_x + (value / max).clamp(0.0, 1.0) * plot_width;
        for tick in super::ticks(max) {
            canvas.line(scale(tick), top, scale(tick), bottom, palette::GRID, 1.0);
            canvas.text(
                &if index_mode {
                    format!("{tick:.0}")
                } else {
                    format!("{tick:.0}%")
                },
                scale(tick),
                bottom + 10.0,
                TICK,
                Align::Center,
            );
        }
        let mut y = top;
        for ((row, lines), height) in self.rows.iter().zip(&lines).zip(&heights) {
            let middle = y + height / 2.0;
            canvas.lines(
                lines,
                area.x + label_width,
                middle - (lines.len() as f64 - 1.0) * 7.0,
                LABEL,
                Align::Right,
                14.0,
            );
            if index_mode {
                match row.index() {
                    Some(index) => {
                        let color = if index < self.threshold {
                            palette::ALERT
                        } else {
                            palette::PRIMARY
                        };
                        canvas.rect(plot_x, middle - 8.0, scale(index) - plot_x, 16.0, color);
                        canvas.text(
                            &format!("{index:.0}"),
                            scale(index) + 5.0,
                            middle,
                            VALUE,
                            Align::Left,
                        );
                    }
                    None => {
                        canvas.hatch(plot_x, middle - 8.0, 18.0, 16.0, palette::MUTED);
                        canvas.text("withheld", plot_x + 24.0, middle, VALUE, Align::Left);
                    }
                }
            } else {
                match row.sample {
                    Some(sample) => {
                        canvas.rect(
                            plot_x,
                            middle - 11.0,
                            scale(sample) - plot_x,
                            10.0,
                            palette::PRIMARY,
                        );
                        canvas.text(
                            &super::percent(sample),
                            scale(sample) + 4.0,
                            middle - 6.0,
                            SMALL,
                            Align::Left,
                        );
                    }
                    None => canvas.hatch(plot_x, middle - 11.0, 14.0, 10.0, palette::MUTED),
                }
                canvas.rect(
                    plot_x,
                    middle + 1.0,
                    scale(row.population) - plot_x,
                    10.0,
                    palette::COMPARISON,
                );
                canvas.text(
                    &super::percent(row.population),
                    scale(row.population) + 4.0,
                    middle + 6.0,
                    SMALL.color(palette::MUTED),
                    Align::Left,
                );
            }
            y += height;
        }
        if index_mode {
            let reference = scale(100.0);
            canvas.line(reference, top - 4.0, reference, bottom, palette::INK, 1.5);
            canvas.text(
                "100 = as in the population",
                reference,
                bottom + 26.0,
                TICK,
                Align::Center,
            );
        } else {
            canvas.text(
                "% of respondents who answered, and of the population",
                plot_x + plot_width / 2.0,
                bottom + 26.0,
                TICK,
                Align::Center,
            );
        }
        bottom - area.y + 34.0
    }

    pub(crate) fn alt_text(&self) -> String {
        let mut under: Vec<(&RepresentationRow, f64)> = self
            .rows
            .iter()
            .filter_map(|row| {
                row.index()
                    .filter(|index| *index < self.threshold)
                    .map(|index| (row, index))
            })
            .collect();
        under.sort_by(|a, b| a.1.total_cmp(&b.1));
        // A group whose share is withheld has no index to judge.
        let withheld = self.rows.iter().filter(|row| row.sample.is_none()).count();
        let shown = self.rows.len() - withheld;
        let withheld_note = match withheld {
            0 => String::new(),
            1 => "; 1 group's share is withheld".to_string(),
            _ => format!("; {withheld} groups' shares are withheld"),
        };
        if under.is_empty() {
            return format!(
                "Representation chart of {}: no group {} under-represented (every index shown is {:.0} or more){withheld_note}.",
                self.caption.title,
                if withheld == 0 { "is" } else { "shown is" },
                self.threshold
            );
        }
        let named: Vec<String> = under
            .iter()
            .take(3)
            .map(|(row, index)| format!("{} (index {index:.0})", row.label))
            .collect();
        format!(
            "Representation chart of {}: {} of {} groups{} are under-represented against the population, most of all {}{withheld_note}.",
            self.caption.title,
            under.len(),
            shown,
            if withheld == 0 { "" } else { " shown" },
            named.join(", ")
        )
    }
}

const LABEL: Font = Font::new(13.0);
const LEGEND: Font = Font::new(12.5);
const VALUE: Font = Font::new(12.5).bold();
const SMALL: Font = Font::new(11.0);
const TICK: Font = Font::new(12.0).color(palette::MUTED);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Chart, ChartOptions};

    fn chart(mode: RepresentationMode) -> RepresentationChart {
        RepresentationChart::new(
            Caption::new(
                "Age of respondents against the population",
                "all who gave their age, n = 1,258",
            )
            .with_source("Census 2021 (ONS, TS007A)"),
            vec![
                RepresentationRow {
                    label: "16-24".into(),
                    sample: Some(4.2),
                    population: 11.5,
                },
                RepresentationRow {
                    label: "25-44".into(),
                    sample: Some(23.9),
                    population: 32.4,
                },
                RepresentationRow {
                    label: "65 and over".into(),
                    sample: Some(34.3),
                    population: 22.6,
                },
            ],
            mode,
        )
    }

    #[test]
    fn alt_text_lists_the_under_represented_most_missing_first() {
        assert_eq!(
            chart(RepresentationMode::Index).alt_text(),
            "Representation chart of Age of respondents against the population: 2 of 3 groups are under-represented against the population, most of all 16-24 (index 37), 25-44 (index 74)."
        );
    }

    #[test]
    fn the_svg_layout_is_stable() {
        insta::assert_snapshot!(
            "index",
            Chart::Representation(chart(RepresentationMode::Index)).svg(&ChartOptions::default())
        );
        insta::assert_snapshot!(
            "percentages",
            Chart::Representation(chart(RepresentationMode::Percentages))
                .svg(&ChartOptions::default())
        );
    }
}
