//! Bars per group split into categories: a cross-tab as percentages within each group (stacked
//! to 100%, or grouped side by side), or a mix such as the sector of attendees per activity.

use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::canvas::{self, Align, Canvas, Font};
use super::{Area, Caption, palette};

/// One group (a bar).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StackedGroup {
    /// The group's label.
    pub label: String,
    /// Respondents in the group, shown in the label.
    pub base: Option<u64>,
    /// The percentage in each category, in category order; `None` where withheld.
    pub shares: Vec<Option<f64>>,
}

/// Stacked or grouped bars.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StackedChart {
    /// Title, question, base, source.
    pub caption: Caption,
    /// The categories each bar is split into, in order.
    pub categories: Vec<String>,
    /// The bars.
    pub groups: Vec<StackedGroup>,
    /// Side-by-side bars per group instead of one stacked bar.
    pub grouped: bool,
    /// The categories are ordered (a scale): coloured from one end to the other.
    pub ordinal: bool,
}

impl StackedChart {
    /// Stacked bars, one per group.
    #[must_use]
    pub fn stacked(
        caption: Caption,
        categories: Vec<String>,
        groups: Vec<StackedGroup>,
    ) -> StackedChart {
        StackedChart {
            caption,
            categories,
            groups,
            grouped: false,
            ordinal: false,
        }
    }

    /// Grouped bars: one bar per category within each group.
    #[must_use]
    pub fn grouped(
        caption: Caption,
        categories: Vec<String>,
        groups: Vec<StackedGroup>,
    ) -> StackedChart {
        StackedChart {
            caption,
            categories,
            groups,
            grouped: true,
            ordinal: false,
        }
    }

    /// This chart with categories coloured as an ordered scale.
    #[must_use]
    pub fn ordered(mut self) -> StackedChart {
        self.ordinal = true;
        self
    }

    fn color(&self, index: usize) -> RGBColor {
        if self.ordinal {
            palette::diverging(index, self.categories.len())
        } else {
            palette::categorical(index)
        }
    }

    fn group_label(group: &StackedGroup) -> String {
        match group.base {
            Some(base) => format!("{} (n\u{a0}=\u{a0}{})", group.label, super::count(base)),
            None => group.label.clone(),
        }
    }

    fn label_width(&self, width: f64) -> f64 {
        self.groups
            .iter()
            .map(|group| canvas::measure(&Self::group_label(group), LABEL))
            .fold(0.0, f64::max)
            .min(width * 0.36)
            .max(60.0)
    }

    fn legend_rows(&self, width: f64) -> usize {
        let mut rows = 1;
        let mut used = 0.0;
        for category in &self.categories {
            let entry = 34.0 + canvas::measure(category, LEGEND);
            if used + entry > width && used > 0.0 {
                rows += 1;
                used = 0.0;
            }
            used += entry;
        }
        rows
    }

    fn rows(&self, width: f64) -> Vec<(Vec<String>, f64)> {
        let label_width = self.label_width(width);
        self.groups
            .iter()
            .map(|group| {
                let lines = canvas::wrap(&Self::group_label(group), label_width, LABEL, 3);
                let bars = if self.grouped {
                    self.categories.len() as f64 * 12.0 + 12.0
                } else {
                    0.0
                };
                (
                    lines.clone(),
                    (lines.len() as f64 * 14.0 + 12.0).max(30.0).max(bars),
                )
            })
            .collect()
    }

    pub(crate) fn body_height(&self, width: f64) -> f64 {
        self.legend_rows(width) as f64 * 20.0
            + 12.0
            + self
                .rows(width)
                .iter()
                .map(|(_, height)| height)
                .sum::<f64>()
            + 30.0
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, area: Area) -> f64 {
        let mut x = area.x;
        let mut y = area.y + 8.0;
        for (index, category) in self.categories.iter().enumerate() {
            let entry = 34.0 + canvas::measure(category, LEGEND);
            if x + entry > area.x + area.width && x > area.x {
                x = area.x;
                y += 20.0;
            }
            canvas.rect(x, y - 6.0, 12.0, 12.0, self.color(index));
            canvas.text(category, x + 16.0, y, LEGEND, Align::Left);
            x += entry;
        }
        let top = y + 16.0;
        let label_width = self.label_width(area.width);
        let plot_x = area.x + label_width + 12.0;
        let plot_width = area.width - label_width - 12.0 - if self.grouped { 40.0 } else { 0.0 };
        let mut rows = self.rows(area.width);
        let factor = super::stretch(
            rows.iter().map(|(_, height)| height).sum(),
            top - area.y + 30.0,
            area.height,
        );
        for (_, height) in &mut rows {
            *height *= factor;
        }
        let bottom = top + rows.iter().map(|(_, height)| height).sum::<f64>();
        let max = if self.grouped {
            super::nice_max(
                self.groups
                    .iter()
                    .flat_map(|group| group.shares.iter().flatten().copied())
                    .fold(0.0, f64::max),
            )
        } else {
            100.0
        };
        for tick in super::ticks(max) {
            let tick_x = plot_x + tick / max * plot_width;
            canvas.line(tick_x, top, tick_x, bottom, palette::GRID, 1.0);
            canvas.text(
                &format!("{tick:.0}%"),
                tick_x,
                bottom + 10.0,
                TICK,
                Align::Center,
            );
        }
        let mut y = top;
        for (group, (lines, height)) in self.groups.iter().zip(&rows) {
            let middle = y + height / 2.0;
            canvas.lines(
                lines,
                area.x + label_width,
                middle - (lines.len() as f64 - 1.0) * 7.0,
                LABEL,
                Align::Right,
                14.0,
            );
            if self.grouped {
                let bar = 10.0;
                let mut bar_y = middle - self.categories.len() as f64 * 12.0 / 2.0;
                for (index, share) in group.shares.iter().enumerate() {
                    match share {
                        Some(share) => {
                            let width = share / max * plot_width;
                            canvas.rect(plot_x, bar_y, width, bar, self.color(index));
                            canvas.text(
                                &super::percent(*share),
                                plot_x + width + 4.0,
                                bar_y + bar / 2.0,
                                SMALL,
                                Align::Left,
                            );
                        }
                        None => canvas.hatch(plot_x, bar_y, 14.0, bar, palette::MUTED),
                    }
                    bar_y += 12.0;
                }
            } else {
                let thickness = (height - 14.0).clamp(12.0, 28.0);
                // Withheld shares keep their place in the bar: together they take what the
                // shown shares leave of 100%, split evenly, and are hatched.
                let shown: f64 = group.shares.iter().flatten().sum();
                let withheld = group.shares.iter().filter(|share| share.is_none()).count();
                let withheld_share = if withheld > 0 {
                    ((100.0 - shown) / withheld as f64).max(0.0)
                } else {
                    0.0
                };
                let mut from = plot_x;
                for (index, share) in group.shares.iter().enumerate() {
                    match share {
                        Some(share) => {
                            let width = share / 100.0 * plot_width;
                            let color = self.color(index);
                            canvas.rect(from, middle - thickness / 2.0, width, thickness, color);
                            if palette::luminance(color) > 0.75 && width > 0.0 {
                                canvas.outline(
                                    from,
                                    middle - thickness / 2.0,
                                    width,
                                    thickness,
                                    palette::OFF_SCALE,
                                );
                            }
                            if width >= 28.0 {
                                canvas.text(
                                    &format!("{share:.0}%"),
                                    from + width / 2.0,
                                    middle,
                                    SEGMENT.color(palette::text_on(color)),
                                    Align::Center,
                                );
                            }
                            from += width;
                        }
                        None => {
                            let width = withheld_share / 100.0 * plot_width;
                            canvas.hatch(
                                from,
                                middle - thickness / 2.0,
                                width,
                                thickness,
                                palette::MUTED,
                            );
                            from += width;
                        }
                    }
                }
            }
            y += height;
        }
        canvas.text(
            if self.grouped {
                "% within each group"
            } else {
                "% within each group (bars add up to 100%)"
            },
            plot_x + plot_width / 2.0,
            bottom + 26.0,
            TICK,
            Align::Center,
        );
        bottom - area.y + 34.0
    }

    pub(crate) fn alt_text(&self) -> String {
        // The category whose share differs most between groups.
        let mut best: Option<(usize, f64, usize, usize)> = None;
        for category in 0..self.categories.len() {
            let shares: Vec<(usize, f64)> = self
                .groups
                .iter()
                .enumerate()
                .filter_map(|(index, group)| {
                    group
                        .shares
                        .get(category)
                        .copied()
                        .flatten()
                        .map(|share| (index, share))
                })
                .collect();
            // A difference needs two groups whose shares are shown.
            if shares.len() < 2 {
                continue;
            }
            let (Some(high), Some(low)) = (
                shares.iter().max_by(|a, b| a.1.total_cmp(&b.1)),
                shares.iter().min_by(|a, b| a.1.total_cmp(&b.1)),
            ) else {
                continue;
            };
            let spread = high.1 - low.1;
            if best.is_none_or(|(_, current, _, _)| spread > current) {
                best = Some((category, spread, high.0, low.0));
            }
        }
        // A withheld share is unknown: "differs most" is only true of the shares shown.
        let withheld = self
            .groups
            .iter()
            .any(|group| group.shares.iter().any(Option::is_none));
        let of = if withheld {
            ", of the shares shown,"
        } else {
            ""
        };
        match best {
            Some((category, spread, high, low)) if self.groups.len() > 1 => format!(
                "{} bar chart of {} across {} groups: \"{}\"{of} differs most, from {} among {} to {} among {} ({:.0} points).",
                if self.grouped { "Grouped" } else { "Stacked" },
                self.caption.title,
                self.groups.len(),
                self.categories[category],
                super::percent(self.groups[high].shares[category].unwrap_or(0.0)),
                self.groups[high].label,
                super::percent(self.groups[low].shares[category].unwrap_or(0.0)),
                self.groups[low].label,
                spread
            ),
            _ if withheld => format!(
                "{} bar chart of {} across {} groups: too few shares are shown to compare the groups.",
                if self.grouped { "Grouped" } else { "Stacked" },
                self.caption.title,
                self.groups.len()
            ),
            _ => format!(
                "{} bar chart of {}.",
                if self.grouped { "Grouped" } else { "Stacked" },
                self.caption.title
            ),
        }
    }
}

const LABEL: Font = Font::new(13.0);
const LEGEND: Font = Font::new(12.5);
const SEGMENT: Font = Font::new(11.5).bold();
const SMALL: Font = Font::new(11.0);
const TICK: Font = Font::new(12.0).color(palette::MUTED);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Chart, ChartOptions};

    fn chart() -> StackedChart {
        StackedChart::stacked(
            Caption::new("Support by capacity", "all who answered both questions"),
            vec!["Agree".into(), "Neither".into(), "Disagree".into()],
            vec![
                StackedGroup {
                    label: "Residents".into(),
                    base: Some(903),
                    shares: vec![Some(62.0), Some(20.0), Some(18.0)],
                },
                StackedGroup {
                    label: "Staff".into(),
                    base: Some(117),
                    shares: vec![Some(30.0), Some(25.0), Some(45.0)],
                },
            ],
        )
        .ordered()
    }

    #[test]
    fn alt_text_names_the_biggest_difference() {
        assert_eq!(
            chart().alt_text(),
            "Stacked bar chart of Support by capacity across 2 groups: \"Agree\" differs most, from 62% among Residents to 30% among Staff (32 points)."
        );
    }

    #[test]
    fn the_svg_layout_is_stable() {
        insta::assert_snapshot!(Chart::Stacked(chart()).svg(&ChartOptions::default()));
        let mut grouped = chart();
        grouped.grouped = true;
        insta::assert_snapshot!(
            "grouped",
            Chart::Stacked(grouped).svg(&ChartOptions::default())
        );
    }
}
