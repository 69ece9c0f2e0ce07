//! Responses over time: a bar per day and the running total as a line on its own scale.

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
    /// Each day with responses and how many; days in between count as zero.
    pub days: Vec<(NaiveDate, u64)>,
}

impl TimelineChart {
    /// A timeline from day counts in any order.
    #[must_use]
    pub fn new(caption: Caption, mut days: Vec<(NaiveDate, u64)>) -> TimelineChart {
        days.sort();
        TimelineChart { caption, days }
    }

    /// Every day from the first to the last, with zero where no one responded.
    fn filled(&self) -> Vec<(NaiveDate, u64)> {
        let (Some(first), Some(last)) = (self.days.first(), self.days.last()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut day = first.0;
        let mut index = 0;
        while day <= last.0 {
            let mut count = 0;
            while index < self.days.len() && self.days[index].0 == day {
                count += self.days[index].1;
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
                .map(|(_, count)| *count as f64)
                .fold(0.0, f64::max),
        );
        let total: u64 = days.iter().map(|(_, count)| count).sum();
        let total_max = super::nice_max(total as f64);
        let slot = plot_width / days.len() as f64;
        let y_of = |value: f64, max: f64| bottom - value / max * (bottom - top);
        for tick in super::ticks(daily_max) {
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
        for tick in super::ticks(total_max) {
            canvas.text(
                &super::count(tick as u64),
                plot_x + plot_width + 6.0,
                y_of(tick, total_max),
                TICK.color(palette::ALERT),
                Align::Left,
            );
        }
        let mut running = 0u64;
        let mut line = Vec::with_capacity(days.len());
        for (index, (day, count)) in days.iter().enumerate() {
            let x = plot_x + index as f64 * slot;
            let height = *count as f64 / daily_max * (bottom - top);
            canvas.rect(
                x + slot * 0.1,
                bottom - height,
                (slot * 0.8).max(1.0),
                height,
                palette::PRIMARY,
            );
            running += count;
            line.push((x + slot / 2.0, y_of(running as f64, total_max)));
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
        let total: u64 = days.iter().map(|(_, count)| count).sum();
        match (
            days.first(),
            days.last(),
            days.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))),
        ) {
            // One day: no span and no peak to tell apart from it.
            (Some(first), Some(last), _) if first.0 == last.0 => format!(
                "Timeline of responses on {}: {} in all.",
                first.0.format("%-d %B %Y"),
                super::count(total)
            ),
            (Some(first), Some(last), Some(peak)) => format!(
                "Timeline of responses from {} to {}: {} in all, the most on {} ({}).",
                first.0.format("%-d %B %Y"),
                last.0.format("%-d %B %Y"),
                super::count(total),
                peak.0.format("%-d %B %Y"),
                super::count(peak.1)
            ),
            _ => "Timeline of responses: no dated responses.".to_string(),
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
            vec![(day(10), 5), (day(8), 2), (day(12), 10)],
        );
        assert_eq!(
            chart.filled(),
            vec![
                (day(8), 2),
                (day(9), 0),
                (day(10), 5),
                (day(11), 0),
                (day(12), 10)
            ]
        );
        assert_eq!(
            chart.alt_text(),
            "Timeline of responses from 8 January 2024 to 12 January 2024: 17 in all, the most on 12 January 2024 (10)."
        );
        insta::assert_snapshot!(Chart::Timeline(chart).svg(&ChartOptions::default()));
    }

    #[test]
    fn one_day_is_on_that_day() {
        // Regression: one day of responses read "from 8 January 2024 to 8 January 2024".
        let chart = TimelineChart::new(
            Caption::new("Responses over time", "all responses, n = 3"),
            vec![(day(8), 3)],
        );
        assert_eq!(
            chart.alt_text(),
            "Timeline of responses on 8 January 2024: 3 in all."
        );
    }
}
