//! Summaries laid out as report tables: one table per question, titled with its wording,
//! captioned with its base. Unsplit, a table lists options with count, percentage and
//! interval; split by a question, it has a column per group with a first row of bases. Every
//! column and row says what it holds, so that disclosure control covers every count.

use std::fmt::Write as _;

use super::{
    Base, DateSummary, Detail, LikertSummary, OptionEstimate, QuestionSummary, Section, Summary,
    numeric::NumericResult,
};
use crate::privacy::disclosure::{DisclosurePolicy, TableKind};
use crate::table::{Cell, Column, RowRole, Table, group_thousands, plain_number};

/// The table of one question: a table of counts of its own when unsplit, a column of
/// percentages per group with a first row of bases when split. Rows and columns carry their
/// roles (see [`crate::table::Role`]) so that disclosure control reaches every count.
///
/// Counts in the caption (the base, those who did not answer) are worded as `policy` allows
/// for the table's kind; apply the policy to the table's cells afterwards.
pub(super) fn question_table(
    summary: &Summary,
    question: &QuestionSummary,
    policy: &DisclosurePolicy,
) -> Table {
    let mut table = if question.groups.is_empty() {
        let kind = if question.profile {
            TableKind::Profile
        } else {
            TableKind::Other
        };
        let mut table = single_section(&question.all, &|count| {
            policy.count_words(kind, count as u64)
        });
        table.kind = kind;
        table
    } else {
        let mut table = split_sections(summary, question, &|count| {
            policy.count_words(TableKind::CrossTab, count as u64)
        });
        table.kind = TableKind::CrossTab;
        table
    };
    table.title.clone_from(&question.text);
    // Notes hold no counts (those are in the table, where disclosure control reaches them),
    // so everyone's notes cover every group's.
    table.notes.extend(question.all.notes.iter().cloned());
    if question.all.base.count == 0 {
        table
            .notes
            .push("nobody answered this question".to_string());
    }
    table
}

fn count(value: usize) -> Cell {
    Cell::Count(value as u64)
}

fn percent(value: Option<f64>) -> Cell {
    value.map_or(Cell::Empty, Cell::percent)
}

fn number(value: Option<f64>, decimals: u8) -> Cell {
    Cell::maybe(value, decimals)
}

/// A group's percentage standing for its count.
fn share(estimate: &OptionEstimate) -> Cell {
    estimate.percent.map_or(Cell::Empty, |value| {
        Cell::share(value, estimate.count as u64)
    })
}

/// How a caption states a count: the number, or the disclosure marker when it is withheld.
type Words<'a> = &'a dyn Fn(usize) -> String;

/// `n = 1,234`, with the weighted and effective bases when weighted.
fn base_text(base: &Base, words: Words<'_>) -> String {
    let mut text = format!("n = {}", words(base.count));
    if words(base.count) != group_thousands(base.count as u64) {
        // A withheld base: its weighted and effective sizes would give it back.
        return text;
    }
    if let (Some(weighted), Some(effective)) = (base.weighted, base.effective) {
        let _ = write!(
            text,
            "; weighted {}, effective n = {}",
            plain_number((weighted * 10.0).round() / 10.0),
            plain_number((effective * 10.0).round() / 10.0)
        );
    }
    text
}

fn caption(section: &Section, words: Words<'_>) -> String {
    let no_answer = if section.no_answer > 0 {
        format!("; {} did not answer", words(section.no_answer))
    } else {
        String::new()
    };
    match &section.detail {
        Detail::Text(_) => format!("Base: all respondents (n = {})", words(section.respondents)),
        Detail::Likert(likert) => format!(
            "Base: all who answered ({}){no_answer}; scale base, without answers off the \
             scale: {}",
            base_text(&section.base, words),
            base_text(&likert.scale_base, words)
        ),
        Detail::Date(date) => {
            let span = match (&date.first, &date.last) {
                (Some(first), Some(last)) => format!("; from {first} to {last}"),
                _ => String::new(),
            };
            format!(
                "Base: all who answered ({}){no_answer}{span}",
                base_text(&section.base, words)
            )
        }
        _ => format!(
            "Base: all who answered ({}){no_answer}",
            base_text(&section.base, words)
        ),
    }
}

fn estimate_row(label: &str, estimate: &OptionEstimate) -> Vec<Cell> {
    vec![
        Cell::text(label),
        count(estimate.count),
        percent(estimate.percent),
        number(estimate.ci_low, 1),
        number(estimate.ci_high, 1),
    ]
}

/// Option, count, percentage and its interval: the columns of an estimate table.
fn estimate_columns(first: &str, share: &str) -> Vec<Column> {
    vec![
        Column::label(first),
        Column::count("Count"),
        Column::percent(share, 1),
        Column::derived("95% CI low", 2),
        Column::derived("95% CI high", 2),
    ]
}

/// The periods a date question is shown by: months, or years when the answers span more than
/// three years ("When did you start your contract?"), so a table and its chart have at most
/// a few dozen rows. Each period with its count and percentage.
#[must_use]
pub fn date_periods(date: &DateSummary) -> (&'static str, Vec<OptionEstimate>) {
    date_periods_as(date, dates_by_year(date))
}

/// Whether a date question is shown by year: its answers fall in more than 36 months. Decided
/// on all the answers, so that every group of a split shows the same periods.
#[must_use]
pub fn dates_by_year(date: &DateSummary) -> bool {
    date.months.len() > 36
}

/// The periods of a date question by month, or by year when `by_year`, as [`date_periods`].
#[must_use]
pub fn date_periods_as(date: &DateSummary, by_year: bool) -> (&'static str, Vec<OptionEstimate>) {
    if !by_year {
        return ("Month", date.months.clone());
    }
    let mut years: Vec<OptionEstimate> = Vec::new();
    for month in &date.months {
        let year = month.label.split('-').next().unwrap_or(&month.label);
        match years.last_mut() {
            Some(last) if last.label == year => {
                last.count += month.count;
                last.percent = last.percent.zip(month.percent).map(|(a, b)| a + b);
                last.weighted_count = last
                    .weighted_count
                    .zip(month.weighted_count)
                    .map(|(a, b)| a + b);
            }
            _ => years.push(OptionEstimate {
                label: year.to_string(),
                ci_low: None,
                ci_high: None,
                ..month.clone()
            }),
        }
    }
    ("Year", years)
}

/// Which rows of a Likert table are the top and bottom boxes and the Net Promoter groups:
/// points are rows `0..points`; the boxes are the last and first `box_size` points; the NPS
/// groups are the points whose codes fall in 9-10, 7-8 and 0-6.
fn likert_box_rows(likert: &LikertSummary) -> Vec<Vec<usize>> {
    let points = likert.points.len();
    let size = likert.box_size.min(points);
    let mut boxes = vec![(points - size..points).collect(), (0..size).collect()];
    if likert.nps.is_some() {
        for (low, high) in [(9.0, 10.0), (7.0, 8.0), (0.0, 6.0)] {
            boxes.push(
                likert
                    .codes
                    .iter()
                    .enumerate()
                    .filter(|(_, code)| **code >= low && **code <= high)
                    .map(|(index, _)| index)
                    .collect(),
            );
        }
    }
    boxes
}

/// A question for everyone: options with count, percentage and interval.
fn single_section(section: &Section, words: Words<'_>) -> Table {
    let share = if section.base.weighted.is_some() {
        "Weighted %"
    } else {
        "%"
    };
    let base = section.base.count as u64;
    let mut table = match &section.detail {
        Detail::Choice(choice) => {
            let mut table = Table::new("", &estimate_columns("Option", share));
            for option in &choice.options {
                table.push(estimate_row(&option.label, option));
            }
            table.total_outside(1, base);
            table
        }
        Detail::MultiChoice(multi) => {
            let mut columns = estimate_columns("Option", "% of respondents");
            columns.push(Column::percent("% of mentions", 1));
            let mut table = Table::new("", &columns);
            for option in &multi.options {
                let mut row = estimate_row(&option.estimate.label, &option.estimate);
                row.push(percent(option.percent_of_mentions));
                table.push(row);
            }
            if let Some(mean) = multi.mean_options {
                // The mentions are the sum of the counts: a total a reader can subtract from.
                table.total_outside(1, multi.mentions as u64);
                table.notes.push(format!(
                    "{} mentions; on average {mean:.2} options chosen by each respondent who answered",
                    words(multi.mentions)
                ));
            }
            table
        }
        Detail::Likert(likert) => {
            let mut table = Table::new("", &estimate_columns("Option", share));
            for point in &likert.points {
                table.push(estimate_row(&point.label, point));
            }
            for answer in &likert.non_scale {
                table.push(estimate_row(&answer.label, answer));
            }
            for (role, label, cells) in likert_rows(likert) {
                let mut row = vec![Cell::text(label)];
                row.extend(cells);
                table.push_row(role, row);
            }
            table.total_outside(1, base);
            table.rows_total_outside(
                1,
                (0..likert.points.len()).collect(),
                likert.scale_base.count as u64,
            );
            table
        }
        Detail::Ranking(ranking) => {
            // Each respondent who ranked an option put it at one rank: "Ranked" is the total
            // of the rank columns.
            let mut columns = vec![
                Column::label("Option"),
                Column::total("Ranked"),
                Column::percent("% ranked", 1),
                Column::percent("% ranked first", 4),
            ];
            columns.extend((1..=ranking.ranks).map(|rank| Column::count(format!("Rank {rank}"))));
            columns.push(Column::statistic("Mean rank"));
            let mut table = Table::new("", &columns);
            for option in &ranking.options {
                let mut row = vec![
                    Cell::text(&option.estimate.label),
                    count(option.estimate.count),
                    percent(option.estimate.percent),
                    percent(option.first.percent),
                ];
                row.extend(option.rank_counts.iter().map(|&value| count(value)));
                row.push(number(option.mean_rank, 2));
                table.push(row);
            }
            table.notes.push("rank 1 is the first choice".to_string());
            table
        }
        Detail::Numeric(result) => {
            let mut table = Table::new("", &[Column::label("Statistic"), Column::count("Value")]);
            for (role, label, value) in numeric_rows(result) {
                table.push_row(role, vec![Cell::text(label), value]);
            }
            table
        }
        Detail::Date(date) => {
            let (period, periods) = date_periods(date);
            let mut table = Table::new(
                "",
                &[
                    Column::label(period),
                    Column::count("Count"),
                    Column::percent(share, 1),
                ],
            );
            for period in &periods {
                table.push(vec![
                    Cell::text(&period.label),
                    count(period.count),
                    percent(period.percent),
                ]);
            }
            table.total_outside(1, base);
            table
        }
        Detail::Text(text) => {
            let mut table = Table::new("", &estimate_columns("Answers", share));
            table.push(estimate_row("Answered", &text.answered));
            table
        }
    };
    table.caption = Some(caption(section, words));
    table
}

/// The summary rows under a Likert distribution: boxes, net, mean, median, and the Net
/// Promoter Score for 0-10 scales, each with its role (a box sums some points' rows, the rest
/// are statistics). Each row's cells are Count, %, CI low, CI high.
fn likert_rows(likert: &LikertSummary) -> Vec<(RowRole, String, Vec<Cell>)> {
    let scale_range = match (likert.points.first(), likert.points.last()) {
        (Some(first), Some(last)) if likert.codes.len() == likert.points.len() => {
            let (low, high) = (
                plain_number(likert.codes[0]),
                plain_number(likert.codes[likert.codes.len() - 1]),
            );
            // A numeric scale's labels are its codes: "0 to 10", not "0 = 0 to 10 = 10"; and
            // "0 - Not at all" needs no "0 = " before it.
            if first.label == low && last.label == high {
                format!(" ({low} to {high})")
            } else if first.label.starts_with(&low) && last.label.starts_with(&high) {
                format!(" ({} to {})", first.label, last.label)
            } else {
                format!(" ({low} = {} to {high} = {})", first.label, last.label)
            }
        }
        _ => String::new(),
    };
    let mut boxes = likert_box_rows(likert).into_iter();
    let mut boxed = |name: &str, estimate: &OptionEstimate| {
        (
            RowRole::Sum(boxes.next().unwrap_or_default()),
            format!("{name}: {}", estimate.label),
            vec![
                count(estimate.count),
                percent(estimate.percent),
                number(estimate.ci_low, 1),
                number(estimate.ci_high, 1),
            ],
        )
    };
    let value = |label: String, value: Option<f64>, decimals: u8| {
        (
            RowRole::Statistic,
            label,
            vec![
                Cell::Empty,
                number(value, decimals),
                Cell::Empty,
                Cell::Empty,
            ],
        )
    };
    let mut rows = vec![
        boxed(&format!("Top {}", likert.box_size), &likert.top_box),
        boxed(&format!("Bottom {}", likert.box_size), &likert.bottom_box),
        value(
            "Net (top minus bottom, % points)".to_string(),
            likert.net,
            1,
        ),
        value(format!("Mean{scale_range}"), likert.mean, 2),
        value("Median".to_string(), likert.median, 1),
    ];
    if let Some(nps) = &likert.nps {
        for estimate in [&nps.promoters, &nps.passives, &nps.detractors] {
            rows.push(boxed("NPS", estimate));
        }
        rows.push(value(
            "Net Promoter Score (promoters minus detractors)".to_string(),
            nps.score,
            1,
        ));
    }
    rows
}

/// The rows of a numeric summary: the answers used, then statistics over them, then counts
/// beside them (answers left out or far out), which no statistic depends on.
fn numeric_rows(result: &NumericResult) -> Vec<(RowRole, &'static str, Cell)> {
    // Whole answers (counts of visits, years) read best without decimals.
    let as_given = |value: Option<f64>| {
        number(
            value,
            if value.is_some_and(|value| value.fract() == 0.0) {
                0
            } else {
                2
            },
        )
    };
    let statistic = RowRole::Statistic;
    let mut rows = vec![
        (RowRole::Total, "Answers used", count(result.n)),
        (statistic.clone(), "Mean", number(result.mean, 2)),
        (
            statistic.clone(),
            "Standard deviation",
            number(result.standard_deviation, 2),
        ),
        (statistic.clone(), "Minimum", as_given(result.min)),
        (
            statistic.clone(),
            "Lower quartile",
            as_given(result.lower_quartile),
        ),
        (statistic.clone(), "Median", as_given(result.median)),
        (
            statistic.clone(),
            "Upper quartile",
            as_given(result.upper_quartile),
        ),
        (statistic.clone(), "Maximum", as_given(result.max)),
    ];
    if result.weighted_mean.is_some() {
        rows.push((statistic, "Weighted mean", number(result.weighted_mean, 2)));
    }
    if result.range.is_some() {
        rows.push((
            RowRole::Aside,
            "Out of range (left out)",
            count(result.out_of_range()),
        ));
    }
    rows.push((RowRole::Aside, "Far out (check)", count(result.far_out)));
    rows
}

/// A question split by groups: a column for everyone and one per group, bases first. Each
/// group's column holds percentages standing for counts ([`Cell::Share`]), so disclosure
/// control treats them as the counts; the first row of bases is their total, and "All" the
/// total of the groups wherever they add up to it (no one unassigned, no overlap).
fn split_sections(summary: &Summary, question: &QuestionSummary, words: Words<'_>) -> Table {
    let sections: Vec<&Section> = std::iter::once(&question.all)
        .chain(&question.groups)
        .collect();
    // A named first column, so that CSV output has a header for every column.
    let first = match &question.all.detail {
        Detail::Numeric(_) | Detail::Text(_) => "Statistic",
        Detail::Date(date) => date_periods(date).0,
        _ => "Option",
    };
    let mut columns = vec![Column::label(first)];
    for (index, section) in sections.iter().enumerate() {
        // Numbers and free text hold counts and statistics, not shares of a group.
        let counted = matches!(section.detail, Detail::Numeric(_));
        columns.push(match (index, counted) {
            (0, _) => Column::total(&section.label),
            (_, true) => Column::count(&section.label),
            (_, false) => Column::share(&section.label),
        });
    }
    let mut table = Table::new("", &columns);
    let weighted = question.all.base.weighted.is_some();
    let mut row = |role: RowRole, label: String, cells: Vec<Cell>| -> usize {
        let mut full = vec![Cell::text(label)];
        full.extend(cells);
        table.push_row(role, full)
    };
    let each = |f: &dyn Fn(&Section) -> Cell| sections.iter().map(|section| f(section)).collect();
    let base_label = match &question.all.detail {
        Detail::Text(_) => "Base: respondents",
        _ => "Base: answered",
    };
    row(
        RowRole::Total,
        base_label.to_string(),
        each(&|section| match &section.detail {
            Detail::Text(_) => count(section.respondents),
            _ => count(section.base.count),
        }),
    );
    if weighted {
        row(
            RowRole::Statistic,
            "Effective base".to_string(),
            each(&|section| number(section.base.effective, 1)),
        );
    }
    match &question.all.detail {
        Detail::Choice(choice) => {
            for (index, option) in choice.options.iter().enumerate() {
                row(
                    RowRole::Body,
                    option.label.clone(),
                    each(&|section| match &section.detail {
                        Detail::Choice(choice) => share(&choice.options[index]),
                        _ => Cell::Empty,
                    }),
                );
            }
        }
        Detail::MultiChoice(multi) => {
            for (index, option) in multi.options.iter().enumerate() {
                row(
                    RowRole::Body,
                    option.estimate.label.clone(),
                    each(&|section| match &section.detail {
                        Detail::MultiChoice(multi) => share(&multi.options[index].estimate),
                        _ => Cell::Empty,
                    }),
                );
            }
            row(
                RowRole::Statistic,
                "Mean options chosen".to_string(),
                each(&|section| match &section.detail {
                    Detail::MultiChoice(multi) => number(multi.mean_options, 2),
                    _ => Cell::Empty,
                }),
            );
        }
        Detail::Likert(likert) => {
            let of = likert_of;
            let mut points = Vec::new();
            for index in 0..likert.points.len() {
                points.push(row(
                    RowRole::Body,
                    likert.points[index].label.clone(),
                    each(&|section| of(section).map_or(Cell::Empty, |l| share(&l.points[index]))),
                ));
            }
            for index in 0..likert.non_scale.len() {
                row(
                    RowRole::Body,
                    likert.non_scale[index].label.clone(),
                    each(&|section| {
                        of(section).map_or(Cell::Empty, |l| share(&l.non_scale[index]))
                    }),
                );
            }
            row(
                RowRole::Sum(points.clone()),
                "Scale base".to_string(),
                each(&|section| of(section).map_or(Cell::Empty, |l| count(l.scale_base.count))),
            );
            let rows = likert_rows(likert);
            for (position, (role, label, _)) in rows.into_iter().enumerate() {
                // A box sums points: the rows of those points in this table.
                let role = match role {
                    RowRole::Sum(members) => {
                        RowRole::Sum(members.iter().map(|&point| points[point]).collect())
                    }
                    other => other,
                };
                row(
                    role,
                    label,
                    each(&|section| {
                        of(section).map_or(Cell::Empty, |l| {
                            // The same summary row for this group: a box as a share of its
                            // count, a statistic as its value.
                            likert_rows(l)
                                .get(position)
                                .map_or(Cell::Empty, |(role, _, cells)| match (role, &cells[0]) {
                                    (RowRole::Sum(_), Cell::Count(count)) => cells[1]
                                        .value()
                                        .map_or(Cell::Empty, |value| Cell::share(value, *count)),
                                    _ => cells[1].clone(),
                                })
                        })
                    }),
                );
            }
        }
        Detail::Ranking(ranking) => {
            for (index, option) in ranking.options.iter().enumerate() {
                row(
                    RowRole::Statistic,
                    format!("{}: mean rank", option.estimate.label),
                    each(&|section| match &section.detail {
                        Detail::Ranking(ranking) => number(ranking.options[index].mean_rank, 2),
                        _ => Cell::Empty,
                    }),
                );
            }
        }
        Detail::Numeric(result) => {
            let labels: Vec<(RowRole, &str)> = numeric_rows(result)
                .into_iter()
                .map(|(role, label, _)| (role, label))
                .collect();
            for (position, (role, label)) in labels.into_iter().enumerate() {
                // "Answers used" is a count of each group, beneath its base.
                let role = if role == RowRole::Total {
                    RowRole::Aside
                } else {
                    role
                };
                row(
                    role,
                    label.to_string(),
                    each(&|section| match &section.detail {
                        Detail::Numeric(result) => numeric_rows(result)
                            .into_iter()
                            .nth(position)
                            .map_or(Cell::Empty, |(_, _, cell)| cell),
                        _ => Cell::Empty,
                    }),
                );
            }
        }
        Detail::Date(date) => {
            // Every group by the periods of all the answers: a group's answers may span
            // fewer months than the whole question's.
            let by_year = dates_by_year(date);
            let (_, periods) = date_periods_as(date, by_year);
            for period in &periods {
                row(
                    RowRole::Body,
                    period.label.clone(),
                    each(&|section| match &section.detail {
                        Detail::Date(date) => date_periods_as(date, by_year)
                            .1
                            .iter()
                            .find(|candidate| candidate.label == period.label)
                            .map_or_else(|| zero_share(section), share),
                        _ => Cell::Empty,
                    }),
                );
            }
        }
        Detail::Text(_) => {
            row(
                RowRole::Body,
                "Answered".to_string(),
                each(&|section| match &section.detail {
                    Detail::Text(text) => share(&text.answered),
                    _ => Cell::Empty,
                }),
            );
        }
    }
    let by = summary
        .by
        .as_ref()
        .map_or_else(String::new, |by| format!(", by \"{}\"", by.text));
    let mut caption = match &question.all.detail {
        Detail::Text(_) => format!(
            "Base: all respondents (n = {}){by}; each column's base is in its first row",
            words(question.all.respondents)
        ),
        _ => format!(
            "Base: all who answered ({}){by}; each column's base is in its first row",
            base_text(&question.all.base, words)
        ),
    };
    if let Detail::Likert(_) = &question.all.detail {
        caption.push_str("; scale percentages, boxes, net, mean and median are of the scale base");
    }
    table.caption = Some(caption);
    if let Some(by) = &summary.by {
        if by.unassigned > 0 {
            table.notes.push(format!(
                "respondents who did not answer \"{}\" are in All but in no group",
                by.text
            ));
        }
        if by.overlapping {
            table.notes.push(
                "a respondent can be in more than one group, so the groups overlap".to_string(),
            );
        }
    }
    table
}

fn likert_of(section: &Section) -> Option<&LikertSummary> {
    match &section.detail {
        Detail::Likert(likert) => Some(likert),
        _ => None,
    }
}

/// 0% for a period with no answers in a group that answered, nothing for an empty group.
fn zero_share(section: &Section) -> Cell {
    if section.base.count > 0 {
        Cell::share(0.0, 0)
    } else {
        Cell::Empty
    }
}
