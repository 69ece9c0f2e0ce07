//! Date questions: the first and last date given and how many fell in each month.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{Detail, OptionEstimate, Tally};

/// The longest run of months listed with their gaps filled (20 years): beyond it a stray
/// typing error (1902 for 2024) would list a thousand empty months, so only months with
/// answers are listed.
const MAX_FILLED_MONTHS: i32 = 240;

/// A date question's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateSummary {
    /// The earliest answer, `YYYY-MM-DD` (with ` HH:MM:SS` when it has a time of day).
    pub first: Option<String>,
    /// The latest answer.
    pub last: Option<String>,
    /// Each month (`YYYY-MM`) from the first to the last, with its count and percentage of
    /// those who answered; months with no answers are listed with 0, so a chart has no gaps.
    pub months: Vec<OptionEstimate>,
}

/// Summarises dates (each with its weight).
pub(crate) fn summarise(
    answered: &[(NaiveDateTime, f64)],
    weighted: bool,
) -> (Detail, Vec<String>) {
    let mut base = Tally::default();
    for (_, weight) in answered {
        base.add(*weight);
    }
    let first = answered.iter().map(|(date, _)| *date).min();
    let last = answered.iter().map(|(date, _)| *date).max();
    let month_index = |date: NaiveDateTime| date.year() * 12 + date.month0() as i32;
    let mut months: Vec<(i32, Tally)> = Vec::new();
    if let (Some(first), Some(last)) = (first, last) {
        let (start, end) = (month_index(first), month_index(last));
        if end - start < MAX_FILLED_MONTHS {
            months = (start..=end)
                .map(|index| (index, Tally::default()))
                .collect();
        }
        for (date, weight) in answered {
            let index = month_index(*date);
            if let Some((_, tally)) = months.iter_mut().find(|(month, _)| *month == index) {
                tally.add(*weight);
            } else {
                let mut tally = Tally::default();
                tally.add(*weight);
                months.push((index, tally));
            }
        }
        months.sort_by_key(|(index, _)| *index);
    }
    let months = months
        .iter()
        .map(|(index, tally)| base.estimate(month_label(*index), tally, weighted))
        .collect();
    let summary = DateSummary {
        first: first.map(crate::ingest::grid::format_datetime),
        last: last.map(crate::ingest::grid::format_datetime),
        months,
    };
    (Detail::Date(summary), Vec::new())
}

fn month_label(index: i32) -> String {
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12));
    NaiveDate::from_ymd_opt(year, month0 as u32 + 1, 1).map_or_else(
        || index.to_string(),
        |date| date.format("%Y-%m").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::testing::close;

    fn day(year: i32, month: u32, day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(year, month, day)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    }

    /// Four dates: 30 Nov 2023, 2 Jan 2024 twice, 31 Jan 2024 at 14:05. First and last as
    /// given; Nov 1 (25%), Dec 0 (the gap, filled), Jan 3 (75%).
    #[test]
    fn first_last_and_months_with_gaps_filled() {
        let late = NaiveDate::from_ymd_opt(2024, 1, 31)
            .unwrap()
            .and_hms_opt(14, 5, 0)
            .unwrap();
        let answered = [
            (day(2024, 1, 2), 1.0),
            (day(2023, 11, 30), 1.0),
            (late, 1.0),
            (day(2024, 1, 2), 1.0),
        ];
        let Detail::Date(summary) = summarise(&answered, false).0 else {
            panic!()
        };
        assert_eq!(summary.first.as_deref(), Some("2023-11-30"));
        assert_eq!(summary.last.as_deref(), Some("2024-01-31 14:05:00"));
        let months: Vec<(&str, usize)> = summary
            .months
            .iter()
            .map(|month| (month.label.as_str(), month.count))
            .collect();
        assert_eq!(months, [("2023-11", 1), ("2023-12", 0), ("2024-01", 3)]);
        close(summary.months[0].percent, 25.0);
        close(summary.months[1].percent, 0.0);
        close(summary.months[2].percent, 75.0);
    }

    /// A typing error a century out does not list twelve hundred empty months.
    #[test]
    fn a_stray_year_lists_only_months_with_answers() {
        let answered = [(day(1924, 3, 1), 1.0), (day(2024, 3, 1), 1.0)];
        let Detail::Date(summary) = summarise(&answered, false).0 else {
            panic!()
        };
        let labels: Vec<&str> = summary.months.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(labels, ["1924-03", "2024-03"]);
    }

    #[test]
    fn no_dates() {
        let Detail::Date(summary) = summarise(&[], false).0 else {
            panic!()
        };
        assert_eq!(summary.first, None);
        assert!(summary.months.is_empty());
    }
}
