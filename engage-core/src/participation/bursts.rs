//! Bursts: many responses in a short window, overall or through one collector, compared with
//! the survey's average rate. A burst can follow publicity (a newsletter, a public meeting) or
//! an organised push; with near-identical texts in it, it is a campaign.

use chrono::{Duration, NaiveDateTime};
use serde::Serialize;

/// A run of responses arriving much faster than usual.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Burst {
    /// The collector the responses came through; `None` for all responses together.
    pub collector: Option<String>,
    /// The first response of the burst.
    pub start: NaiveDateTime,
    /// The last response of the burst.
    pub end: NaiveDateTime,
    /// Responses in the burst.
    pub responses: usize,
    /// The most responses in any one window within it.
    pub peak: usize,
    /// The average number of responses per window over the whole survey (or collector).
    pub expected: f64,
    /// The rows a spreadsheet shows the responses on.
    pub rows: Vec<usize>,
    /// Responses of the burst that are in a campaign group of near-identical texts.
    pub campaign_responses: usize,
}

/// Settings for finding bursts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BurstSettings {
    pub(crate) window_minutes: i64,
    pub(crate) min_responses: usize,
    pub(crate) factor: f64,
}

/// Finds bursts among timestamped responses: `(timestamp, index)` pairs. A response is in a
/// burst when some window of `window_minutes` holding it holds at least `min_responses`
/// responses and at least `factor` times the average per window; adjoining such windows form
/// one burst. The average spreads the responses over `period` (the whole consultation, so that a
/// collector used for one afternoon is measured against the consultation, not against itself),
/// else over their own first to last.
pub(crate) fn find(
    mut stamps: Vec<(NaiveDateTime, usize)>,
    collector: Option<&str>,
    period: Option<Duration>,
    settings: &BurstSettings,
) -> Vec<(Burst, Vec<usize>)> {
    if stamps.len() < settings.min_responses.max(2) {
        return Vec::new();
    }
    stamps.sort_unstable();
    let window = Duration::minutes(settings.window_minutes.max(1));
    let first = stamps[0].0;
    let last = stamps[stamps.len() - 1].0;
    let span = period.unwrap_or(last - first).max(window);
    let expected =
        stamps.len() as f64 * window.num_seconds() as f64 / span.num_seconds().max(1) as f64;
    let threshold = (settings.factor * expected)
        .ceil()
        .max(settings.min_responses as f64) as usize;
    let mut marked = vec![false; stamps.len()];
    let mut peaks = vec![0usize; stamps.len()];
    let mut end = 0;
    for start in 0..stamps.len() {
        while end < stamps.len() && stamps[end].0 < stamps[start].0 + window {
            end += 1;
        }
        let count = end - start;
        peaks[start] = count;
        if count >= threshold {
            for mark in &mut marked[start..end] {
                *mark = true;
            }
        }
    }
    let mut bursts = Vec::new();
    let mut index = 0;
    while index < stamps.len() {
        if !marked[index] {
            index += 1;
            continue;
        }
        let from = index;
        while index < stamps.len() && marked[index] {
            index += 1;
        }
        let members: Vec<usize> = stamps[from..index].iter().map(|(_, row)| *row).collect();
        let peak = peaks[from..index].iter().copied().max().unwrap_or(0);
        bursts.push((
            Burst {
                collector: collector.map(str::to_string),
                start: stamps[from].0,
                end: stamps[index - 1].0,
                responses: index - from,
                peak,
                expected,
                rows: Vec::new(),
                campaign_responses: 0,
            },
            members,
        ));
    }
    bursts
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 3, day)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
            + Duration::minutes(i64::from(minute))
    }

    #[test]
    fn a_cluster_well_above_the_average_is_a_burst() {
        // One response a day for 20 days, then 12 in half an hour on day 21.
        let mut stamps: Vec<(NaiveDateTime, usize)> =
            (1..=20).map(|day| (at(day, 0), day as usize)).collect();
        for minute in 0..12 {
            stamps.push((at(21, minute * 2), 100 + minute as usize));
        }
        let settings = BurstSettings {
            window_minutes: 60,
            min_responses: 10,
            factor: 5.0,
        };
        let bursts = find(stamps, None, None, &settings);
        assert_eq!(bursts.len(), 1);
        let (burst, members) = &bursts[0];
        assert_eq!(burst.responses, 12);
        assert_eq!(burst.start, at(21, 0));
        assert_eq!(burst.end, at(21, 22));
        assert_eq!(members.len(), 12);
        assert!(burst.expected < 0.1);
    }

    #[test]
    fn a_steady_stream_has_no_burst() {
        let stamps: Vec<(NaiveDateTime, usize)> = (0..500)
            .map(|minute| (at(1, minute * 7), minute as usize))
            .collect();
        let settings = BurstSettings {
            window_minutes: 60,
            min_responses: 10,
            factor: 5.0,
        };
        assert!(find(stamps, None, None, &settings).is_empty());
    }
}
