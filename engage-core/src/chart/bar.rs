//! Horizontal bars: options of a question with 95% interval whiskers and value labels, theme
//! counts grouped by parent theme, costs per place.

use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::canvas::{self, Align, Canvas, Font};
use super::{Area, Caption, palette};

/// What the bars measure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Percentages, 0-100.
    #[default]
    Percent,
    /// Counts.
    Count,
    /// Pounds sterling.
    Pounds,
}

/// One bar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    /// The category's label.
    pub label: String,
    /// The value; `None` when withheld.
    pub value: Option<f64>,
    /// The 95% interval, when there is one.
    pub interval: Option<(f64, f64)>,
    /// The marker shown instead of a withheld value (`<5`).
    pub marker: Option<String>,
    /// The group the bar belongs to (a parent theme); consecutive bars of a group are headed
    /// by it.
    pub group: Option<String>,
}

impl Bar {
    /// A bar with a value.
    #[must_use]
    pub fn new(label: impl Into<String>, value: f64) -> Bar {
        Bar {
            label: label.into(),
            value: value.is_finite().then_some(value),
            interval: None,
            marker: None,
            group: None,
        }
    }

    /// A bar whose value disclosure control withholds, shown with `marker`.
    #[must_use]
    pub fn withheld(label: impl Into<String>, marker: impl Into<String>) -> Bar {
        Bar {
            label: label.into(),
            value: None,
            interval: None,
            marker: Some(marker.into()),
            group: None,
        }
    }

    /// This bar with a 95% interval.
    #[must_use]
    pub fn with_interval(mut self, low: f64, high: f64) -> Bar {
        if low.is_finite() && high.is_finite() {
            self.interval = Some((low, high));
        }
        self
    }

    /// This bar in a group.
    #[must_use]
    pub fn in_group(mut self, group: impl Into<String>) -> Bar {
        self.group = Some(group.into());
        self
    }
}

/// Horizontal bars.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarChart {
    /// Title, question, base, source.
    pub caption: Caption,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// What the values are.
    pub unit: Unit,
    /// The axis label (`% of respondents`).
    pub axis_label: String,
}

impl BarChart {
    /// Percentages of respondents, one answer each.
    #[must_use]
    pub fn percentages(caption: Caption, bars: Vec<Bar>) -> BarChart {
        BarChart {
            caption,
            bars,
            unit: Unit::Percent,
            axis_label: "% of respondents".to_string(),
        }
    }

    /// Percentages of respondents when more than one answer was allowed: says so on the axis.
    #[must_use]
    pub fn multiple_answers(caption: Caption, bars: Vec<Bar>) -> BarChart {
        BarChart {
            caption,
            bars,
            unit: Unit::Percent,
            axis_label: "% of respondents, more than one answer allowed".to_string(),
        }
    }

    /// Counts or money, with an axis label.
    #[must_use]
    pub fn values(
        caption: Caption,
        bars: Vec<Bar>,
        unit: Unit,
        axis_label: impl Into<String>,
    ) -> BarChart {
        BarChart {
            caption,
            bars,
            unit,
            axis_label: axis_label.into(),
        }
    }

    fn format(&self, value: f64) -> String {
        match self.unit {
            Unit::Percent => super::percent(value),
            Unit::Count => super::count(value.round().max(0.0) as u64),
            Unit::Pounds => {
                if value >= 100.0 {
                    format!("\u{a3}{}", super::count(value.round() as u64))
                } else {
                    format!("\u{a3}{value:.2}")
                }
            }
        }
    }

    fn label_width(&self, width: f64) -> f64 {
        let widest = self
            .bars
            .iter()
            .map(|bar| canvas::measure(&bar.label, LABEL))
            .fold(0.0, f64::max);
        widest.min(width * 0.42).max(60.0)
    }

    /// Rows: (group header?, wrapped lines, height).
    fn rows(&self, width: f64) -> Vec<Row> {
        let label_width = self.label_width(width);
        let mut rows = Vec::new();
        let mut group: Option<&str> = None;
        for (index, bar) in self.bars.iter().enumerate() {
            if bar.group.as_deref() != group {
                group = bar.group.as_deref();
                if let Some(name) = group {
                    rows.push(Row {
                        header: Some(canvas::wrap(name, width, GROUP, 2)),
                        bar: None,
                        lines: Vec::new(),
                        height: 24.0,
                    });
                }
            }
            let lines = canvas::wrap(&bar.label, label_width, LABEL, 3);
            let height = (lines.len() as f64 * 14.0 + 10.0).max(26.0);
            rows.push(Row {
                header: None,
                bar: Some(index),
                lines,
                height,
            });
        }
        rows
    }

    pub(crate) fn body_height(&self, width: f64) -> f64 {
        self.rows(width).iter().map(|row| row.height).sum::<f64>() + AXIS
    }

    fn axis_max(&self) -> f64 {
        let high = self
            .bars
            .iter()
            .filter_map(|bar| bar.interval.map(|(_, high)| high).or(bar.value))
            .fold(0.0, f64::max);
        match self.unit {
            Unit::Percent if high > 60.0 => 100.0,
            _ => super::nice_max(high),
        }
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, area: Area) -> f64 {
        let label_width = self.label_width(area.width);
        let plot_x = area.x + label_width + 12.0;
        // Room on the right for the value label of the longest bar.
        let value_room = self
            .bars
            .iter()
            .filter_map(|bar| bar.value)
            .map(|value| canvas::measure(&self.format(value), VALUE))
            .fold(30.0, f64::max)
            + 10.0;
        let plot_width = (area.x + area.width - plot_x - value_room).max(50.0);
        let max = self.axis_max();
        let scale = |value: f64| plot_x + (value / max).clamp(0.0, 1.0) * plot_width;
        let mut rows = self.rows(area.width);
        let factor = super::stretch(rows.iter().map(|row| row.height).sum(), AXIS, area.height);
        for row in &mut rows {
            row.height *= factor;
        }
        let top = area.y;
        let bottom = top + rows.iter().map(|row| row.height).sum::<f64>();
        // Counts are whole numbers: no tick at 0.5 (which would read as "1" once rounded).
        let ticks = super::ticks(max)
            .into_iter()
            .filter(|tick| self.unit != Unit::Count || tick.fract() == 0.0);
        for tick in ticks {
            let x = scale(tick);
            canvas.line(x, top, x, bottom, palette::GRID, 1.0);
            let label = match self.unit {
                Unit::Percent => format!("{tick:.0}%"),
                _ => self.format(tick),
            };
            canvas.text(&label, x, bottom + 10.0, TICK, Align::Center);
        }
        canvas.line(plot_x, top, plot_x, bottom, palette::MUTED, 1.0);
        canvas.text(
            &self.axis_label,
            plot_x + plot_width / 2.0,
            bottom + 27.0,
            TICK,
            Align::Center,
        );
        let mut y = top;
        for row in &rows {
            if let Some(header) = &row.header {
                canvas.lines(
                    header,
                    area.x,
                    y + row.height / 2.0,
                    GROUP,
                    Align::Left,
                    15.0,
                );
                y += row.height;
                continue;
            }
            let Some(index) = row.bar else { continue };
            let bar = &self.bars[index];
            let middle = y + row.height / 2.0;
            let first = middle - (row.lines.len() as f64 - 1.0) * 7.0;
            canvas.lines(
                &row.lines,
                area.x + label_width,
                first,
                LABEL,
                Align::Right,
                14.0,
            );
            let thickness = (row.height - 12.0).clamp(10.0, 26.0);
            match bar.value {
                Some(value) => {
                    let end = scale(value);
                    canvas.rect(
                        plot_x,
                        middle - thickness / 2.0,
                        end - plot_x,
                        thickness,
                        palette::PRIMARY,
                    );
                    let mut label_x = end;
                    if let Some((low, high)) = bar.interval {
                        let (low, high) = (scale(low), scale(high));
                        canvas.line(low, middle, high, middle, palette::INK, 1.2);
                        canvas.line(low, middle - 4.0, low, middle + 4.0, palette::INK, 1.2);
                        canvas.line(high, middle - 4.0, high, middle + 4.0, palette::INK, 1.2);
                        label_x = label_x.max(high);
                    }
                    canvas.text(
                        &self.format(value),
                        label_x + 5.0,
                        middle,
                        VALUE,
                        Align::Left,
                    );
                }
                None => {
                    // Withheld: a hatched stub and the marker, never a number.
                    canvas.hatch(
                        plot_x,
                        middle - thickness / 2.0,
                        18.0,
                        thickness,
                        palette::MUTED,
                    );
                    canvas.text(
                        bar.marker.as_deref().unwrap_or("withheld"),
                        plot_x + 24.0,
                        middle,
                        VALUE,
                        Align::Left,
                    );
                }
            }
            y += row.height;
        }
        bottom - top + AXIS
    }

    pub(crate) fn alt_text(&self) -> String {
        let kind = if self.axis_label.contains("more than one") {
            "Bar chart (more than one answer allowed)"
        } else {
            "Bar chart"
        };
        let mut shown: Vec<(&Bar, f64)> = self
            .bars
            .iter()
            .filter_map(|bar| bar.value.map(|value| (bar, value)))
            .collect();
        shown.sort_by(|a, b| b.1.total_cmp(&a.1));
        // A withheld bar's value is unknown: "the largest" is only true of the bars shown.
        let withheld = self.bars.len() - shown.len();
        let (largest, withheld_note) = if withheld == 0 {
            ("the largest", String::new())
        } else {
            (
                "of the bars shown, the largest",
                format!(
                    "; {withheld} {} withheld",
                    if withheld == 1 { "bar is" } else { "bars are" }
                ),
            )
        };
        match shown.as_slice() {
            [] => format!(
                "{kind} of {}: no values to show{withheld_note}.",
                self.caption.title
            ),
            [(only, value)] => format!(
                "{kind} of {}: \"{}\" {}{withheld_note}.",
                self.caption.title,
                only.label,
                self.format(*value)
            ),
            [(first, a), (second, b), ..] => format!(
                "{kind} of {}: {largest} is \"{}\" at {}, followed by \"{}\" at {}{}{withheld_note}.",
                self.caption.title,
                first.label,
                self.format(*a),
                second.label,
                self.format(*b),
                if shown.len() > 2 {
                    format!(" ({} bars in all)", self.bars.len())
                } else {
                    String::new()
                }
            ),
        }
    }
}

struct Row {
    header: Option<Vec<String>>,
    bar: Option<usize>,
    lines: Vec<String>,
    height: f64,
}

const LABEL: Font = Font::new(13.0);
const GROUP: Font = Font::new(13.5).bold();
const VALUE: Font = Font::new(13.0).bold();
const TICK: Font = Font::new(12.0).color(palette::MUTED);
/// Space under the bars for tick labels and the axis label.
const AXIS: f64 = 40.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Chart, ChartOptions};

    #[test]
    fn the_svg_layout_is_stable() {
        let chart = Chart::Bar(BarChart::percentages(
            Caption::new("Support", "all who answered, n = 263")
                .with_subtitle("Do you support the proposal?")
                .with_source("Test survey"),
            vec![
                Bar::new("Yes", 30.8).with_interval(25.5, 36.6),
                Bar::new("No", 60.1).with_interval(54.1, 65.8),
                Bar::withheld("Not sure", "<5"),
            ],
        ));
        insta::assert_snapshot!(chart.svg(&ChartOptions::default()));
    }

    #[test]
    fn count_axes_tick_whole_numbers_only() {
        // Two activities at most: ticks at 0, 1 and 2, not at 0.5 and 1.5 shown rounded.
        let chart = Chart::Bar(BarChart::values(
            Caption::new("Activities by level", "6 activities"),
            vec![Bar::new("information", 2.0), Bar::new("consultation", 1.0)],
            Unit::Count,
            "activities",
        ));
        let svg = chart.svg(&ChartOptions::default());
        let labels: Vec<&str> = svg
            .split("</text>")
            .filter_map(|part| part.rsplit_once('>').map(|(_, text)| text.trim()))
            .collect();
        let count = |label: &str| labels.iter().filter(|text| **text == label).count();
        // Each of 1 and 2 is one tick and one bar's value label; 0 is a tick only.
        assert_eq!(
            (count("0"), count("1"), count("2")),
            (1, 2, 2),
            "{labels:?}"
        );
    }

    #[test]
    fn value_labels_sit_past_the_whisker() {
        // The label of a bar starts after its interval's upper end, never on top of it.
        let chart = BarChart::percentages(
            Caption::new("t", "n"),
            vec![Bar::new("A", 40.0).with_interval(30.0, 55.0)],
        );
        let svg = Chart::Bar(chart).svg(&ChartOptions::default());
        let label_x: f64 = svg
            .split("<text")
            .find(|text| text.contains("40%") && text.contains("font-weight=\"bold\""))
            .and_then(|text| text.split("x=\"").nth(1))
            .and_then(|rest| rest.split('"').next())
            .and_then(|x| x.parse().ok())
            .expect("a value label");
        // The whisker is the black polyline; its highest x is the interval's upper end.
        let whisker_x: f64 = svg
            .split("<polyline")
            .filter(|line| line.contains("stroke=\"#222222\""))
            .filter_map(|line| line.split("points=\"").nth(1))
            .flat_map(|points| {
                points
                    .split('"')
                    .next()
                    .unwrap_or_default()
                    .split_whitespace()
                    .filter_map(|point| point.split(',').next()?.parse::<f64>().ok())
                    .collect::<Vec<_>>()
            })
            .fold(0.0, f64::max);
        assert!(
            label_x > whisker_x,
            "label at {label_x}, whisker ends at {whisker_x}"
        );
    }

    #[test]
    fn alt_text_names_the_largest_bars() {
        let chart = BarChart::multiple_answers(
            Caption::new("Services used", "n = 100"),
            vec![
                Bar::new("GP", 80.0),
                Bar::new("Pharmacy", 53.0),
                Bar::new("A&E", 30.0),
            ],
        );
        assert_eq!(
            chart.alt_text(),
            "Bar chart (more than one answer allowed) of Services used: the largest is \"GP\" at 80%, followed by \"Pharmacy\" at 53% (3 bars in all)."
        );
    }
}
