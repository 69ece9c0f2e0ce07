//! Responses over time: a bar per day and the running total as a line on its own scale. A day
//! withheld by disclosure control is drawn hatched, and the running total stops before it (any
//! later point would give the withheld day back).

use chrono::{Datelike, Duration, NaiveDate};
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::canvas::{Align, Canvas, Font};
use super::{Area, Caption, palette};

/// Responses per day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineChart {
    /// Title, base, source.
    pub caption: Caption,
    /// Each day with responses and how many (`None` when withheld); days in between count as
    /// zero.
    pub days: Vec<(NaiveDate, Option<u64>)>,
}

impl TimelineChart {
    /// A timeline from day counts in any order (`None` for a withheld day).
    #[must_use]
    pub fn new(caption: Caption, mut days: Vec<(NaiveDate, Option<u64>)>) -> TimelineChart {
        days.sort();
        TimelineChart { caption, days }
    }

    /// Every day from the first to the last, with zero where no one responded; a day given
    /// twice is added up, and withheld when either is.
    fn filled(&self) -> Vec<(NaiveDate, Option<u64>)> {
        let (Some(first), Some(last)) = (self.days.first(), self.days.last()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut day = first.0;
        let mut index = 0;
        while day <= last.0 {
            let mut count = Some(0);
            while index < self.days.len() && self.days[index].0 == day {
                count = count.zip(self.days[index].1).map(|(a, b)| a + b);
                index += 1;
            }
            out.push((day, count));
            day += Duration::days(1);
        }
        out
    }

    pub(crate) fn body_height(&self, _width: f64) -> f64 {
        if self.days.is_empty() { 80.0 } else { 300.0 }
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, area: Area) -> f64 {
        let days = self.filled();
        let top = area.y + 24.0;
        let bottom = area.y + (area.height - 40.0).clamp(260.0, 380.0);
        let plot_x = area.x + 44.0;
        let plot_width = area.width - 44.0 - 56.0;
        canvas.rect(area.x + 44.0, area.y + 2.0, 12.0, 10.0, palette::PRIMARY);
        canvas.text(
            "Responses per day",
            area.x + 60.0,
            area.y + 7.0,
            LEGEND,
            Align::Left,
        );
        canvas.line(
            area.x + 210.0,
            area.y + 7.0,
            area.x + 230.0,
            area.y + 7.0,
            palette::ALERT,
            2.5,
        );
        canvas.text(
            "Running total (right-hand scale)",
            area.x + 234.0,
            area.y + 7.0,
            LEGEND,
            Align::Left,
        );
        if days.is_empty() {
            canvas.text(
                "No dated responses",
                plot_x + plot_width / 2.0,
                f64::midpoint(top, bottom),
                LEGEND,
                Align::Center,
            );
            return bottom - area.y + 40.0;
        }
        let daily_max = super::nice_max(
            days.iter()
                .filter_map(|(_, count)| *count)
                .map(|count| count as f64)
                .fold(0.0, f64::max),
        );
        // The running total's scale: the base in the caption is the whole; the shown days are
        // a part of it.
        let total: u64 = days.iter().filter_map(|(_, count)| *count).sum();
        let total_max = super::nice_max(total as f64);
        let slot = plot_width / days.len() as f64;
        let y_of = |value: f64, max: f64| bottom - value / max * (bottom - top);
        for tick in super::count_ticks(daily_max) {
            let y = y_of(tick, daily_max);
            canvas.line(plot_x, y, plot_x + plot_width, y, palette::GRID, 1.0);
            canvas.text(
                &super::count(tick as u64),
                plot_x - 6.0,
                y,
                TICK,
                Align::Right,
            );
        }
        for tick in super::count_ticks(total_max) {
            canvas.text(
                &super::count(tick as u64),
                plot_x + plot_width + 6.0,
                y_of(tick, total_max),
                TICK.color(palette::ALERT),
                Align::Left,
            );
        }
        let mut running = Some(0u64);
        let mut line = Vec::with_capacity(days.len());
        for (index, (day, count)) in days.iter().enumerate() {
            let x = plot_x + index as f64 * slot;
            match count {
                Some(count) => {
                    let height = *count as f64 / daily_max * (bottom - top);
                    canvas.rect(
                        x + slot * 0.1,
                        bottom - height,
                        (slot * 0.8).max(1.0),
                        height,
                        palette::PRIMARY,
                    );
                }
                None => {
                    // Withheld: a short hatched stub, never a height.
                    let height = ((bottom - top) * 0.06).max(6.0);
                    canvas.hatch(
                        x + slot * 0.1,
                        bottom - height,
                        (slot * 0.8).max(1.0),
                        height,
                        palette::MUTED,
                    );
                }
            }
            running = running.zip(*count).map(|(a, b)| a + b);
            if let Some(running) = running {
                line.push((x + slot / 2.0, y_of(running as f64, total_max)));
            }
            // Monday ticks, labelled weekly (fortnightly when the period is long).
            let label_every = if days.len() > 120 {
                28
            } else if days.len() > 56 {
                14
            } else {
                7
            };
            if day.weekday() == chrono::Weekday::Mon && (index / 7) % (label_every / 7) == 0 {
                canvas.line(x, bottom, x, bottom + 4.0, palette::MUTED, 1.0);
                canvas.text(
                    &day.format("%-d %b").to_string(),
                    x,
                    bottom + 14.0,
                    TICK,
                    Align::Center,
                );
            }
        }
        canvas.line(
            plot_x,
            bottom,
            plot_x + plot_width,
            bottom,
            palette::MUTED,
            1.0,
        );
        canvas.polyline(&line, palette::ALERT, 2.5);
        bottom - area.y + 40.0
    }

    pub(crate) fn alt_text(&self) -> String {
        let days = self.filled();
        let withheld = days.iter().filter(|(_, count)| count.is_none()).count();
        let shown: Vec<(NaiveDate, u64)> = days
            .iter()
            .filter_map(|(day, count)| count.map(|count| (*day, count)))
            .collect();
        let peak = shown
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        let period = match (days.first(), days.last()) {
            (Some(first), Some(last)) if first.0 == last.0 => {
                format!("on {}", first.0.format("%-d %B %Y"))
            }
            (Some(first), Some(last)) => format!(
                "from {} to {}",
                first.0.format("%-d %B %Y"),
                last.0.format("%-d %B %Y")
            ),
            _ => return "Timeline of responses: no dated responses.".to_string(),
        };
        let Some(peak) = peak else {
            return format!("Timeline of responses {period}: every day's count is withheld.");
        };
        if withheld == 0 {
            let total: u64 = shown.iter().map(|(_, count)| count).sum();
            if days.len() == 1 {
                return format!("Timeline of responses {period}: {}.", super::count(total));
            }
            format!(
                "Timeline of responses {period}: {} in all, the most on {} ({}).",
                super::count(total),
                peak.0.format("%-d %B %Y"),
                super::count(peak.1)
            )
        } else {
            // The total is the base in the caption; a withheld day's count is unknown, so the
            // peak is only the peak of the days shown.
            format!(
                "Timeline of responses {period}: of the days shown, the most on {} ({}); {} {} withheld.",
                peak.0.format("%-d %B %Y"),
                super::count(peak.1),
                withheld,
                if withheld == 1 {
                    "day's count is"
                } else {
                    "days' counts are"
                }
            )
        }
    }
}

const LEGEND: Font = Font::new(12.5);
const TICK: Font = Font::new(12.0).color(palette::MUTED);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Chart, ChartOptions};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, d).unwrap()
    }

    #[test]
    fn gaps_are_zero_days_and_alt_text_finds_the_peak() {
        let chart = TimelineChart::new(
            Caption::new("Responses over time", "all responses, n = 17"),
            vec![(day(10), Some(5)), (day(8), Some(2)), (day(12), Some(10))],
        );
        assert_eq!(
            chart.filled(),
            vec![
                (day(8), Some(2)),
                (day(9), Some(0)),
                (day(10), Some(5)),
                (day(11), Some(0)),
                (day(12), Some(10))
            ]
        );
        assert_eq!(
            chart.alt_text(),
            "Timeline of responses from 8 January 2024 to 12 January 2024: 17 in all, the most on 12 January 2024 (10)."
        );
        insta::assert_snapshot!(Chart::Timeline(chart).svg(&ChartOptions::default()));
    }

    #[test]
    fn a_withheld_day_is_hatched_and_never_described() {
        let chart = TimelineChart::new(
            Caption::new("Responses over time", "all responses, n = 17"),
            vec![(day(8), None), (day(9), Some(12)), (day(10), Some(0))],
        );
        let alt = chart.alt_text();
        assert_eq!(
            alt,
            "Timeline of responses from 8 January 2024 to 10 January 2024: of the days shown, the most on 9 January 2024 (12); 1 day's count is withheld."
        );
        // The running total would give the withheld day back: it stops before it, so here,
        // with the withheld day first, no line is drawn but the legend's two-point sample.
        let svg = Chart::Timeline(chart).svg(&ChartOptions::default());
        for points in svg.split("points=\"").skip(1) {
            let points = points.split('"').next().unwrap_or_default();
            assert!(points.split_whitespace().count() <= 2, "{points}");
        }
    }

    #[test]
    fn one_day_is_on_that_day() {
        let chart = TimelineChart::new(
            Caption::new("Responses over time", "all responses, n = 7"),
            vec![(day(8), Some(7))],
        );
        assert_eq!(
            chart.alt_text(),
            "Timeline of responses on 8 January 2024: 7."
        );
    }
}
