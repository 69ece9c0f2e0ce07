//! Summaries laid out as report tables: one table per question, titled with its wording,
//! captioned with its base. Unsplit, a table lists options with count, percentage and
//! interval; split by a question, it has a column per group with a first row of bases.

use std::fmt::Write as _;

use super::{
    Base, Detail, LikertSummary, OptionEstimate, QuestionSummary, Section, Summary,
    numeric::NumericResult,
};
use crate::table::{Cell, Table, group_thousands, plain_number};

/// The table of one question.
pub(super) fn question_table(summary: &Summary, question: &QuestionSummary) -> Table {
    let mut table = if question.groups.is_empty() {
        single_section(&question.all)
    } else {
        split_sections(summary, question)
    };
    table.title.clone_from(&question.text);
    if let Some(weighting) = &summary.weighting {
        let caption = table.caption.get_or_insert_default();
        if !caption.is_empty() {
            caption.push_str(". ");
        }
        caption.push_str(&weighting.caption());
    }
    let mut notes = question.all.notes.clone();
    for note in question.groups.iter().flat_map(|group| &group.notes) {
        if !notes.contains(note) && !note_is_per_group(note) {
            notes.push(note.clone());
        }
    }
    if question.all.base.count == 0 {
        notes.push("nobody answered this question".to_string());
    }
    table.notes.extend(notes);
    table
}

/// Notes whose numbers differ from group to group are given for "All" only.
fn note_is_per_group(note: &str) -> bool {
    note.starts_with(|c: char| c.is_ascii_digit()) || note.contains("add up to")
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

/// `n = 1,234`, with the weighted and effective bases when weighted.
fn base_text(base: &Base) -> String {
    let mut text = format!("n = {}", group_thousands(base.count as u64));
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

fn caption(section: &Section) -> String {
    let no_answer = if section.no_answer > 0 {
        format!(
            "; {} did not answer",
            group_thousands(section.no_answer as u64)
        )
    } else {
        String::new()
    };
    match &section.detail {
        Detail::Text(_) => format!(
            "Base: all respondents (n = {})",
            group_thousands(section.respondents as u64)
        ),
        Detail::Likert(likert) => format!(
            "Base: all who answered ({}){no_answer}; scale base, without answers off the \
             scale: {}",
            base_text(&section.base),
            base_text(&likert.scale_base)
        ),
        Detail::Date(date) => {
            let span = match (&date.first, &date.last) {
                (Some(first), Some(last)) => format!("; from {first} to {last}"),
                _ => String::new(),
            };
            format!(
                "Base: all who answered ({}){no_answer}{span}",
                base_text(&section.base)
            )
        }
        _ => format!(
            "Base: all who answered ({}){no_answer}",
            base_text(&section.base)
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

/// A question for everyone: options with count, percentage and interval.
fn single_section(section: &Section) -> Table {
    let share = if section.base.weighted.is_some() {
        "Weighted %"
    } else {
        "%"
    };
    let estimate_columns = ["Option", "Count", share, "95% CI low", "95% CI high"];
    let mut table = match &section.detail {
        Detail::Choice(choice) => {
            let mut table = Table::new("", &estimate_columns);
            for option in &choice.options {
                table.push(estimate_row(&option.label, option));
            }
            table
        }
        Detail::MultiChoice(multi) => {
            let mut table = Table::new(
                "",
                &[
                    "Option",
                    "Count",
                    "% of respondents",
                    "95% CI low",
                    "95% CI high",
                    "% of mentions",
                ],
            );
            for option in &multi.options {
                let mut row = estimate_row(&option.estimate.label, &option.estimate);
                row.push(percent(option.percent_of_mentions));
                table.push(row);
            }
            if let Some(mean) = multi.mean_options {
                table.notes.push(format!(
                    "{} mentions; on average {mean:.2} options chosen by each respondent who answered",
                    group_thousands(multi.mentions as u64)
                ));
            }
            table
        }
        Detail::Likert(likert) => {
            let mut table = Table::new("", &estimate_columns);
            for point in &likert.points {
                table.push(estimate_row(&point.label, point));
            }
            for answer in &likert.non_scale {
                table.push(estimate_row(&answer.label, answer));
            }
            for (label, cells) in likert_rows(likert) {
                let mut row = vec![Cell::text(label)];
                row.extend(cells);
                table.push(row);
            }
            table
        }
        Detail::Ranking(ranking) => {
            let mut columns: Vec<String> = ["Option", "Ranked", "% ranked", "% ranked first"]
                .iter()
                .map(|column| (*column).to_string())
                .collect();
            columns.extend((1..=ranking.ranks).map(|rank| format!("Rank {rank}")));
            columns.push("Mean rank".to_string());
            let mut table = Table {
                columns,
                ..Table::default()
            };
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
            let mut table = Table::new("", &["Statistic", "Value"]);
            for (label, value) in numeric_rows(result) {
                table.push(vec![Cell::text(label), value]);
            }
            table
        }
        Detail::Date(date) => {
            let mut table = Table::new("", &["Month", "Count", share]);
            for month in &date.months {
                table.push(vec![
                    Cell::text(&month.label),
                    count(month.count),
                    percent(month.percent),
                ]);
            }
            table
        }
        Detail::Text(text) => {
            let mut table = Table::new("", &estimate_columns);
            table.columns[0] = "Answers".to_string();
            table.push(estimate_row("Answered", &text.answered));
            table
        }
    };
    table.caption = Some(caption(section));
    table
}

/// The summary rows under a Likert distribution: boxes, net, mean, median, and the Net
/// Promoter Score for 0-10 scales. Each row's cells are Count, %, CI low, CI high.
fn likert_rows(likert: &LikertSummary) -> Vec<(String, Vec<Cell>)> {
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
    let boxed = |name: &str, estimate: &OptionEstimate| {
        (
            format!("{name}: {}", estimate.label),
            vec![
                count(estimate.count),
                percent(estimate.percent),
                number(estimate.ci_low, 1),
                number(estimate.ci_high, 1),
            ],
        )
    };
    let value = |value: Option<f64>, decimals: u8| {
        vec![
            Cell::Empty,
            number(value, decimals),
            Cell::Empty,
            Cell::Empty,
        ]
    };
    let mut rows = vec![
        boxed(&format!("Top {}", likert.box_size), &likert.top_box),
        boxed(&format!("Bottom {}", likert.box_size), &likert.bottom_box),
        (
            "Net (top minus bottom, % points)".to_string(),
            value(likert.net, 1),
        ),
        (format!("Mean{scale_range}"), value(likert.mean, 2)),
        ("Median".to_string(), value(likert.median, 1)),
    ];
    if let Some(nps) = &likert.nps {
        for estimate in [&nps.promoters, &nps.passives, &nps.detractors] {
            rows.push(boxed("NPS", estimate));
        }
        rows.push((
            "Net Promoter Score (promoters minus detractors)".to_string(),
            value(nps.score, 1),
        ));
    }
    rows
}

fn numeric_rows(result: &NumericResult) -> Vec<(&'static str, Cell)> {
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
    let mut rows = vec![
        ("Answers used", count(result.n)),
        ("Mean", number(result.mean, 2)),
        ("Standard deviation", number(result.standard_deviation, 2)),
        ("Minimum", as_given(result.min)),
        ("Lower quartile", as_given(result.lower_quartile)),
        ("Median", as_given(result.median)),
        ("Upper quartile", as_given(result.upper_quartile)),
        ("Maximum", as_given(result.max)),
    ];
    if result.weighted_mean.is_some() {
        rows.push(("Weighted mean", number(result.weighted_mean, 2)));
    }
    if result.range.is_some() {
        rows.push(("Out of range (left out)", count(result.out_of_range())));
    }
    rows.push(("Far out (check)", count(result.far_out)));
    rows
}

/// A question split by groups: a column for everyone and one per group, bases first.
fn split_sections(summary: &Summary, question: &QuestionSummary) -> Table {
    let sections: Vec<&Section> = std::iter::once(&question.all)
        .chain(&question.groups)
        .collect();
    // A named first column, so that CSV output has a header for every column.
    let first = match &question.all.detail {
        Detail::Numeric(_) | Detail::Text(_) => "Statistic",
        Detail::Date(_) => "Month",
        _ => "Option",
    };
    let mut columns = vec![first.to_string()];
    columns.extend(sections.iter().map(|section| section.label.clone()));
    let mut table = Table {
        columns,
        ..Table::default()
    };
    let weighted = question.all.base.weighted.is_some();
    let mut row = |label: String, cells: Vec<Cell>| {
        let mut full = vec![Cell::text(label)];
        full.extend(cells);
        table.rows.push(full);
    };
    let each = |f: &dyn Fn(&Section) -> Cell| sections.iter().map(|section| f(section)).collect();
    let base_label = match &question.all.detail {
        Detail::Text(_) => "Base: respondents",
        _ => "Base: answered",
    };
    row(
        base_label.to_string(),
        each(&|section| match &section.detail {
            Detail::Text(_) => count(section.respondents),
            _ => count(section.base.count),
        }),
    );
    if weighted {
        row(
            "Effective base".to_string(),
            each(&|section| number(section.base.effective, 1)),
        );
    }
    match &question.all.detail {
        Detail::Choice(choice) => {
            for (index, option) in choice.options.iter().enumerate() {
                row(
                    option.label.clone(),
                    each(&|section| match &section.detail {
                        Detail::Choice(choice) => percent(choice.options[index].percent),
                        _ => Cell::Empty,
                    }),
                );
            }
        }
        Detail::MultiChoice(multi) => {
            for (index, option) in multi.options.iter().enumerate() {
                row(
                    option.estimate.label.clone(),
                    each(&|section| match &section.detail {
                        Detail::MultiChoice(multi) => {
                            percent(multi.options[index].estimate.percent)
                        }
                        _ => Cell::Empty,
                    }),
                );
            }
            row(
                "Mean options chosen".to_string(),
                each(&|section| match &section.detail {
                    Detail::MultiChoice(multi) => number(multi.mean_options, 2),
                    _ => Cell::Empty,
                }),
            );
        }
        Detail::Likert(likert) => {
            let of = likert_of;
            for index in 0..likert.points.len() {
                row(
                    likert.points[index].label.clone(),
                    each(&|section| percent(of(section).and_then(|l| l.points[index].percent))),
                );
            }
            for index in 0..likert.non_scale.len() {
                row(
                    likert.non_scale[index].label.clone(),
                    each(&|section| percent(of(section).and_then(|l| l.non_scale[index].percent))),
                );
            }
            row(
                "Scale base".to_string(),
                each(&|section| of(section).map_or(Cell::Empty, |l| count(l.scale_base.count))),
            );
            let rows = likert_rows(likert);
            for (position, (label, _)) in rows.into_iter().enumerate() {
                row(
                    label,
                    each(&|section| {
                        of(section).map_or(Cell::Empty, |l| {
                            // The %-column of the same summary row, for this group.
                            likert_rows(l)
                                .get(position)
                                .map_or(Cell::Empty, |(_, cells)| cells[1].clone())
                        })
                    }),
                );
            }
        }
        Detail::Ranking(ranking) => {
            for (index, option) in ranking.options.iter().enumerate() {
                row(
                    format!("{}: mean rank", option.estimate.label),
                    each(&|section| match &section.detail {
                        Detail::Ranking(ranking) => number(ranking.options[index].mean_rank, 2),
                        _ => Cell::Empty,
                    }),
                );
            }
        }
        Detail::Numeric(result) => {
            let labels: Vec<&str> = numeric_rows(result)
                .into_iter()
                .map(|(label, _)| label)
                .collect();
            for (position, label) in labels.into_iter().enumerate() {
                row(
                    label.to_string(),
                    each(&|section| match &section.detail {
                        Detail::Numeric(result) => numeric_rows(result)
                            .into_iter()
                            .nth(position)
                            .map_or(Cell::Empty, |(_, cell)| cell),
                        _ => Cell::Empty,
                    }),
                );
            }
        }
        Detail::Date(date) => {
            for month in &date.months {
                row(
                    month.label.clone(),
                    each(&|section| match &section.detail {
                        Detail::Date(date) => date
                            .months
                            .iter()
                            .find(|candidate| candidate.label == month.label)
                            .map_or(percent(section_zero(section)), |candidate| {
                                percent(candidate.percent)
                            }),
                        _ => Cell::Empty,
                    }),
                );
            }
        }
        Detail::Text(_) => {
            row(
                "Answered".to_string(),
                each(&|section| match &section.detail {
                    Detail::Text(text) => percent(text.answered.percent),
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
            group_thousands(question.all.respondents as u64)
        ),
        _ => format!(
            "Base: all who answered ({}){by}; each column's base is in its first row",
            base_text(&question.all.base)
        ),
    };
    if let Detail::Likert(_) = &question.all.detail {
        caption.push_str("; scale percentages, boxes, net, mean and median are of the scale base");
    }
    table.caption = Some(caption);
    if let Some(by) = &summary.by {
        if by.unassigned > 0 {
            table.notes.push(format!(
                "{} respondents did not answer \"{}\": they are in All but in no group",
                group_thousands(by.unassigned as u64),
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

/// 0% for a month with no answers in a group that answered, nothing for an empty group.
fn section_zero(section: &Section) -> Option<f64> {
    (section.base.count > 0).then_some(0.0)
}
