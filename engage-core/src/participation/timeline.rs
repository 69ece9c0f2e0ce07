//! Responses over time: per day and per ISO week, with cumulative totals, from the submission
//! timestamp (else the start time) of each response.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::dataset::Dataset;
use crate::error::Result;
use crate::schema::Role;

/// The longest span, in days, listed day by day with the empty days filled in; longer spans
/// list only the days with responses.
const MAX_FILLED_DAYS: i64 = 1000;

/// Responses on one day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DayCount {
    /// The day.
    pub date: NaiveDate,
    /// Responses that day.
    pub responses: usize,
    /// Responses up to and including that day.
    pub cumulative: usize,
}

/// Responses in one ISO week (Monday to Sunday).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekCount {
    /// The ISO week, as `2024-W02`.
    pub week: String,
    /// The Monday that starts it.
    pub starts: NaiveDate,
    /// Responses that week.
    pub responses: usize,
    /// Responses up to and including that week.
    pub cumulative: usize,
}

/// Responses over time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    /// The timestamp used, in words (`"Completion time", else "Start time"`).
    pub source: String,
    /// The earliest response.
    pub first: NaiveDateTime,
    /// The latest response.
    pub last: NaiveDateTime,
    /// Responses per day, every day from the first to the last (days without responses
    /// included) unless the span is longer than 1,000 days.
    pub days: Vec<DayCount>,
    /// Responses per ISO week.
    pub weeks: Vec<WeekCount>,
    /// The day with most responses.
    pub busiest_day: Option<DayCount>,
    /// Responses without a usable timestamp.
    pub undated: usize,
}

/// Each response's timestamp: submitted, else started; with the source in words.
pub(crate) fn timestamps(dataset: &Dataset) -> Result<(Vec<Option<NaiveDateTime>>, String)> {
    let schema = dataset.schema();
    let submitted = schema.with_role(Role::Submitted);
    let started = schema.with_role(Role::Started);
    let read = |question: Option<&crate::Question>| -> Result<Option<Vec<Option<NaiveDateTime>>>> {
        match question {
            Some(question) => dataset.dates(&question.id).map(Some).or(Ok(None)),
            None => Ok(None),
        }
    };
    let name = |question: &crate::Question| {
        format!("\"{}\"", question.columns.first().unwrap_or(&question.id))
    };
    let (submitted_values, started_values) = (read(submitted)?, read(started)?);
    let source = match (submitted, started) {
        (Some(submitted), Some(started)) => {
            format!("{}, else {}", name(submitted), name(started))
        }
        (Some(question), None) | (None, Some(question)) => name(question),
        (None, None) => String::new(),
    };
    let values = (0..dataset.respondents())
        .map(|row| {
            submitted_values
                .as_ref()
                .and_then(|values| values[row])
                .or_else(|| started_values.as_ref().and_then(|values| values[row]))
        })
        .collect();
    Ok((values, source))
}

/// Counts responses per day and per ISO week; `None` when the export has no usable timestamp.
pub fn timeline(dataset: &Dataset) -> Result<Option<Timeline>> {
    let (stamps, source) = timestamps(dataset)?;
    Ok(build(&stamps, source))
}

pub(crate) fn build(stamps: &[Option<NaiveDateTime>], source: String) -> Option<Timeline> {
    let mut dated: Vec<NaiveDateTime> = stamps.iter().flatten().copied().collect();
    if dated.is_empty() {
        return None;
    }
    dated.sort_unstable();
    let undated = stamps.len() - dated.len();
    let (first, last) = (dated[0], dated[dated.len() - 1]);
    let mut per_day: Vec<(NaiveDate, usize)> = Vec::new();
    for stamp in &dated {
        let date = stamp.date();
        match per_day.last_mut() {
            Some((day, count)) if *day == date => *count += 1,
            _ => per_day.push((date, 1)),
        }
    }
    let span = (last.date() - first.date()).num_days();
    let mut days = Vec::new();
    let mut cumulative = 0;
    if span <= MAX_FILLED_DAYS {
        let mut next = per_day.iter().peekable();
        let mut date = first.date();
        while date <= last.date() {
            let responses = match next.peek() {
                Some((day, count)) if *day == date => {
                    next.next();
                    *count
                }
                _ => 0,
            };
            cumulative += responses;
            days.push(DayCount {
                date,
                responses,
                cumulative,
            });
            date += Duration::days(1);
        }
    } else {
        for (date, responses) in &per_day {
            cumulative += responses;
            days.push(DayCount {
                date: *date,
                responses: *responses,
                cumulative,
            });
        }
    }
    let mut weeks: Vec<WeekCount> = Vec::new();
    cumulative = 0;
    for (date, responses) in &per_day {
        let week = date.iso_week();
        let label = format!("{}-W{:02}", week.year(), week.week());
        cumulative += responses;
        match weeks.last_mut() {
            Some(last) if last.week == label => {
                last.responses += responses;
                last.cumulative = cumulative;
            }
            _ => weeks.push(WeekCount {
                starts: *date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
                week: label,
                responses: *responses,
                cumulative,
            }),
        }
    }
    let busiest_day = days
        .iter()
        .max_by(|a, b| {
            a.responses
                .cmp(&b.responses)
                .then_with(|| b.date.cmp(&a.date))
        })
        .cloned();
    Some(Timeline {
        source,
        first,
        last,
        days,
        weeks,
        busiest_day,
        undated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> Option<NaiveDateTime> {
        NaiveDate::from_ymd_opt(2024, 1, day)?.and_hms_opt(hour, 0, 0)
    }

    #[test]
    fn days_and_weeks_have_cumulative_totals() {
        // 2024-01-07 is a Sunday (ISO week 1), 2024-01-08 a Monday (week 2).
        let stamps = vec![at(5, 9), at(5, 10), None, at(7, 12), at(9, 8), at(8, 23)];
        let timeline = build(&stamps, "\"Completion time\"".into()).unwrap();
        let days: Vec<(u32, usize, usize)> = timeline
            .days
            .iter()
            .map(|day| (day.date.day(), day.responses, day.cumulative))
            .collect();
        assert_eq!(
            days,
            vec![(5, 2, 2), (6, 0, 2), (7, 1, 3), (8, 1, 4), (9, 1, 5)]
        );
        let weeks: Vec<(&str, usize, usize)> = timeline
            .weeks
            .iter()
            .map(|week| (week.week.as_str(), week.responses, week.cumulative))
            .collect();
        assert_eq!(weeks, vec![("2024-W01", 3, 3), ("2024-W02", 2, 5)]);
        assert_eq!(
            timeline.weeks[1].starts,
            NaiveDate::from_ymd_opt(2024, 1, 8).unwrap()
        );
        assert_eq!(timeline.undated, 1);
        assert_eq!(timeline.busiest_day.unwrap().date.day(), 5);
    }
}
