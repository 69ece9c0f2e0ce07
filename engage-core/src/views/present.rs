//! Views by group as published: each comparison's table (groups in rows, the share of each
//! answer, the base, net agreement and how the group differs from everyone else) under the
//! disclosure policy, its chart drawn from the disclosed table, the overview of every test,
//! and the sentences for the differences that matter, read from the disclosed tables.

use std::fmt::Write as _;

use super::{Comparison, OutcomeKind, Verdict, Views};
use crate::chart::results::short_title;
use crate::chart::{Chart, results};
use crate::privacy::disclosure::{DisclosurePolicy, TableKind};
use crate::schema::ScaleSides;
use crate::summary::crosstab::p_words;
use crate::table::{Cell, Column, RowRole, Table, group_thousands};

/// A comparison's disclosed table and its chart.
#[derive(Clone, Debug)]
pub struct ComparisonPresented {
    /// Groups in rows: each answer's share, the base, net agreement (scales) and how the
    /// group compares with everyone else; an "All" row last.
    pub table: Table,
    /// Diverging bars by group (scales) or stacked bars by group.
    pub chart: Chart,
    /// The sentence for a difference that matters, when the table shows what it rests on.
    pub finding: Option<String>,
}

/// The column of each answer's share (answers in the cross-tab's row order).
const FIRST_SHARE: usize = 1;

/// The test in words: "Chi-square p = 0.0012, q = 0.0100, V = 0.21".
fn test_words(comparison: &Comparison) -> String {
    match (comparison.test, comparison.p_value) {
        (Some(test), Some(p)) => {
            // "p = 0.0123", or "p < 0.0001".
            let equals = |value: f64| {
                let words = p_words(value);
                if words.starts_with('<') {
                    format!(" {}", words.replacen('<', "< ", 1))
                } else {
                    format!(" = {words}")
                }
            };
            let mut words = format!("{} test p{}", test.name(), equals(p));
            if let Some(q) = comparison.q_value {
                let _ = write!(words, ", Benjamini-Hochberg q{}", equals(q));
            }
            if let Some(v) = comparison.cramers_v {
                let _ = write!(words, ", Cramér's V = {v:.2}");
            }
            words
        }
        _ => format!(
            "not tested: {}",
            comparison
                .untested_reason
                .as_deref()
                .unwrap_or("no trustworthy test")
        ),
    }
}

/// The verdict in words, for the overview.
fn verdict_words(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Differs => "groups differ",
        Verdict::Small => "significant, but too small to report",
        Verdict::Alike => "no difference shown",
        Verdict::Untested => "not tested",
    }
}

/// The question (or theme) a comparison is about, as a table or chart names it.
fn subject(comparison: &Comparison) -> String {
    match comparison.kind {
        OutcomeKind::Theme => format!(
            "Theme \u{201c}{}\u{201d} in \u{201c}{}\u{201d}",
            comparison.text,
            short_title(
                &comparison.question_text,
                comparison.question_item.as_deref()
            )
        ),
        _ => comparison.text.clone(),
    }
}

/// One comparison's table under `policy`, its chart, and its sentence.
#[must_use]
pub fn comparison(
    comparison: &Comparison,
    policy: &DisclosurePolicy,
    source: Option<&str>,
    sides: Option<&ScaleSides>,
) -> ComparisonPresented {
    let table = table(comparison, policy);
    let chart = chart(comparison, &table, source, sides);
    let finding = finding(comparison, &table, sides);
    ComparisonPresented {
        table,
        chart,
        finding,
    }
}

fn table(comparison: &Comparison, policy: &DisclosurePolicy) -> Table {
    let crosstab = &comparison.crosstab;
    let scale = comparison.kind == OutcomeKind::Scale;
    let mut columns = vec![Column::label(short_title(
        &comparison.by_text,
        comparison.by_item.as_deref(),
    ))];
    columns.extend(
        crosstab
            .row
            .labels
            .iter()
            .map(|label| Column::share(format!("{label} %"))),
    );
    columns.push(Column::total("Base"));
    let net_column = scale.then(|| {
        columns.push(Column::statistic("Net (points)"));
        columns.len() - 1
    });
    columns.push(Column::statistic("Against everyone else"));
    let words = |count: usize| policy.count_words(TableKind::CrossTab, count as u64);
    let mut table = Table::new(
        format!("{} by {}", subject(comparison), comparison.by_text),
        &columns,
    )
    .with_caption(format!(
        "Base: all who answered both questions{} (n = {}); percentages of each group",
        if scale {
            " on the scale (\u{201c}Don't know\u{201d} left out)"
        } else {
            ""
        },
        words(crosstab.respondents)
    ))
    .with_kind(TableKind::CrossTab);
    table.rows_are_groups = true;
    let net = |column: Option<usize>| -> Option<f64> {
        let total = |rows: &[usize]| -> f64 {
            rows.iter()
                .map(|&row| match column {
                    Some(column) => crosstab.counts[row][column] as f64,
                    None => crosstab.row_totals[row],
                })
                .sum()
        };
        let base = match column {
            Some(column) => crosstab.column_totals[column],
            None => crosstab.total,
        };
        (base > 0.0).then(|| {
            (total(&comparison.compared_rows) - total(&comparison.negative_rows)) / base * 100.0
        })
    };
    for (column, group) in comparison.groups.iter().enumerate() {
        if group.base == 0 {
            continue;
        }
        let mut row = vec![Cell::text(&group.group)];
        for counts in &crosstab.counts {
            let count = counts[column];
            row.push(Cell::share(
                count as f64 / group.base as f64 * 100.0,
                count as u64,
            ));
        }
        row.push(Cell::Count(group.base as u64));
        if net_column.is_some() {
            row.push(Cell::maybe(net(Some(column)), 1));
        }
        row.push(if group.differs {
            Cell::text(format!(
                "{} ({:+.1} points, z = {:+.1})",
                if group.residual > 0.0 {
                    "more"
                } else {
                    "fewer"
                },
                group.percent.unwrap_or(0.0) - group.rest_percent.unwrap_or(0.0),
                group.residual
            ))
        } else {
            Cell::Empty
        });
        table.push(row);
    }
    let mut all = vec![Cell::text("All")];
    for total in &crosstab.row_totals {
        all.push(if crosstab.total > 0.0 {
            Cell::share(total / crosstab.total * 100.0, total.round() as u64)
        } else {
            Cell::Empty
        });
    }
    all.push(Cell::Count(crosstab.respondents as u64));
    if net_column.is_some() {
        all.push(Cell::maybe(net(None), 1));
    }
    all.push(Cell::Empty);
    table.push_row(RowRole::Total, all);
    table.notes.push(format!(
        "{}. \u{201c}Against everyone else\u{201d} names the groups whose share of \u{201c}{}\u{201d} differs from the rest of the respondents' (adjusted standardised residual z beyond \u{b1}1.96, and at least the size rule's points)",
        test_words(comparison),
        comparison.compared
    ));
    table
        .notes
        .extend(comparison.crosstab.notes.iter().cloned());
    policy.apply(&mut table);
    table
}

/// The disclosed share in a group's row for the compared answer: the sum of its rows' shares,
/// `None` when one of them is withheld.
fn shown_share(table: &Table, row: usize, comparison: &Comparison) -> Option<f64> {
    let cells = table.rows.get(row)?;
    comparison
        .compared_rows
        .iter()
        .try_fold(0.0, |sum, &answer| {
            match cells.get(FIRST_SHARE + answer)? {
                Cell::Share { percent, .. } => Some(sum + percent),
                _ => None,
            }
        })
}

fn chart(
    comparison: &Comparison,
    table: &Table,
    source: Option<&str>,
    sides: Option<&ScaleSides>,
) -> Chart {
    let labels = &comparison.crosstab.row.labels;
    // One bar per group; the "All" row stays in the table (a bar of it would be counted as a
    // group by the chart's description).
    let rows: Vec<(String, Option<u64>, Vec<Option<f64>>)> = table
        .rows
        .iter()
        .filter(|row| row.role != RowRole::Total)
        .map(|row| {
            let label = row.first().map(Cell::display).unwrap_or_default();
            let base = match row.get(FIRST_SHARE + labels.len()) {
                Some(Cell::Count(count)) => Some(*count),
                _ => None,
            };
            let shares = (0..labels.len())
                .map(|answer| match row.get(FIRST_SHARE + answer) {
                    Some(Cell::Share { percent, .. }) => Some(*percent),
                    Some(Cell::Empty) | None => Some(0.0),
                    _ => None,
                })
                .collect();
            (label, base, shares)
        })
        .collect();
    let title = format!(
        "{}, by \u{201c}{}\u{201d}",
        match comparison.kind {
            OutcomeKind::Theme => short_title(&subject(comparison), None),
            _ => short_title(&comparison.text, comparison.question_item.as_deref()),
        },
        short_title(&comparison.by_text, comparison.by_item.as_deref())
    );
    let base = format!(
        "all who answered both questions, n = {}",
        match table
            .rows
            .last()
            .and_then(|row| row.get(FIRST_SHARE + labels.len()))
        {
            Some(Cell::Count(count)) => group_thousands(*count),
            Some(other) => other.display(),
            None => String::new(),
        }
    );
    let mut caption = crate::chart::Caption::new(title, base).with_subtitle(test_words(comparison));
    if let Some(source) = source {
        caption = caption.with_source(source);
    }
    if table.has_withheld() {
        caption = caption.with_note(results::WITHHELD_NOTE);
    }
    if comparison.kind == OutcomeKind::Scale {
        let items = rows
            .into_iter()
            .map(|(label, base, shares)| crate::chart::LikertItem {
                label: match base {
                    Some(base) => format!("{label} (n = {})", group_thousands(base)),
                    None => label,
                },
                shares,
                base: base.unwrap_or(0),
                off_scale: None,
            })
            .collect();
        let neutral = neutral_row(comparison);
        let mut chart = crate::chart::LikertChart::new(caption, labels.clone(), neutral, items);
        if let Some(sides) = sides {
            chart = chart.with_sides(sides.negative, sides.positive);
        }
        return Chart::Likert(chart);
    }
    let groups = rows
        .into_iter()
        .map(|(label, base, shares)| crate::chart::StackedGroup {
            label,
            base,
            shares,
        })
        .collect();
    Chart::Stacked(crate::chart::StackedChart::stacked(
        caption,
        labels.clone(),
        groups,
    ))
}

/// The neutral point of a scale comparison: the row between its negative and positive sides.
fn neutral_row(comparison: &Comparison) -> Option<usize> {
    let last_negative = comparison.negative_rows.iter().max()?;
    let first_positive = comparison.compared_rows.iter().min()?;
    (first_positive - last_negative == 2).then_some(last_negative + 1)
}

/// "75% agree among \u{201c}Staff\u{201d} and 70% among \u{201c}Organisations\u{201d}": the phrase after the first
/// share only.
fn listed(parts: &[(String, f64)], phrase: &str) -> String {
    let words: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(index, (group, share))| {
            let phrase = if index == 0 && !phrase.is_empty() {
                format!(" {phrase}")
            } else {
                String::new()
            };
            format!("{share:.0}%{phrase} among \u{201c}{group}\u{201d}")
        })
        .collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The sentence for a comparison whose groups differ, from its disclosed table: the groups
/// above and below everyone else with their shares as the table shows them. `None` when the
/// groups do not differ, or when no group that differs has its share shown.
fn finding(comparison: &Comparison, table: &Table, sides: Option<&ScaleSides>) -> Option<String> {
    if comparison.verdict != Verdict::Differs {
        return None;
    }
    let mut highs = Vec::new();
    let mut lows = Vec::new();
    for group in comparison.groups.iter().filter(|group| group.differs) {
        let Some(row) = table.rows.iter().position(|row| {
            row.role == RowRole::Body
                && row
                    .first()
                    .is_some_and(|cell| cell.display() == group.group)
        }) else {
            continue;
        };
        let Some(share) = shown_share(table, row, comparison) else {
            continue;
        };
        if group.residual > 0.0 {
            highs.push((group.group.clone(), share));
        } else {
            lows.push((group.group.clone(), share));
        }
    }
    if highs.is_empty() && lows.is_empty() {
        return None;
    }
    highs.sort_by(|a, b| b.1.total_cmp(&a.1));
    lows.sort_by(|a, b| b.1.total_cmp(&a.1));
    // With groups on one side only, the other side is everyone else, whose share the table
    // gives back from the "All" row and the group's: it is no more than the table shows.
    let rest = |named: &[(String, f64)]| -> Option<String> {
        let (group, _) = named.first()?;
        let share = comparison
            .groups
            .iter()
            .find(|candidate| candidate.group == *group)?
            .rest_percent?;
        let all = table
            .rows
            .iter()
            .position(|row| row.role == RowRole::Total)?;
        shown_share(table, all, comparison)?;
        Some(format!("{share:.0}% of everyone else"))
    };
    let question = short_title(
        &comparison.question_text,
        comparison.question_item.as_deref(),
    );
    let phrase = match comparison.kind {
        OutcomeKind::Scale => sides
            .map_or("answered at the top of the scale", |sides| {
                sides.positive_phrase
            })
            .to_string(),
        OutcomeKind::Choice => format!("answered \u{201c}{}\u{201d}", comparison.compared),
        OutcomeKind::Theme => format!("mentioned {}", comparison.text.to_lowercase()),
    };
    let (first, second) = match (highs.is_empty(), lows.is_empty()) {
        (false, false) => (listed(&highs, &phrase), listed(&lows, "")),
        (false, true) => (listed(&highs, &phrase), rest(&highs)?),
        (true, false) => (listed(&lows, &phrase), rest(&lows)?),
        (true, true) => return None,
    };
    Some(match comparison.kind {
        OutcomeKind::Theme => {
            format!("In answers to \u{201c}{question}\u{201d}, {first}, against {second}.")
        }
        _ => format!("\u{201c}{question}\u{201d}: {first}, against {second}."),
    })
}

/// The overview of every comparison: what was compared by what, the test, its p-value, the
/// adjusted q-value, Cramér's V and the verdict. It holds no counts.
#[must_use]
pub fn overview(views: &Views) -> Table {
    let mut table = Table::new(
        "Views by group: every comparison",
        &[
            Column::label("Question or theme"),
            Column::text("By"),
            Column::text("Test"),
            Column::text("p"),
            Column::text("q (Benjamini-Hochberg)"),
            Column::value("Cramér's V"),
            Column::text("Result"),
        ],
    )
    .with_caption(format!(
        "{} comparisons, {} tested; differences reported at a false discovery rate of {}%, with Cramér's V of at least {} and a group at least {} points from everyone else",
        views.comparisons.len(),
        if views.tests == 1 {
            "1 p-value".to_string()
        } else {
            format!("{} p-values", views.tests)
        },
        crate::table::plain_number(views.options.false_discovery_rate * 100.0),
        crate::table::plain_number(views.options.min_cramers_v),
        crate::table::plain_number(views.options.min_points)
    ));
    for comparison in &views.comparisons {
        table.push(vec![
            Cell::text(subject(comparison)),
            Cell::text(short_title(
                &comparison.by_text,
                comparison.by_item.as_deref(),
            )),
            Cell::text(comparison.test.map_or("none", super::TestMethod::name)),
            comparison
                .p_value
                .map_or(Cell::Empty, |p| Cell::text(p_words(p))),
            comparison
                .q_value
                .map_or(Cell::Empty, |q| Cell::text(p_words(q))),
            Cell::maybe(comparison.cramers_v, 3),
            Cell::text(match comparison.verdict {
                Verdict::Untested => format!(
                    "not tested: {}",
                    comparison.untested_reason.as_deref().unwrap_or("")
                ),
                verdict => verdict_words(verdict).to_string(),
            }),
        ]);
    }
    table
}

/// How the section was made, in words: the groups, the tests, the adjustment and the rule.
#[must_use]
pub fn method(views: &Views) -> String {
    let groups: Vec<String> = views
        .groupings
        .iter()
        .map(|grouping| {
            format!(
                "\u{201c}{}\u{201d}",
                short_title(&grouping.text, grouping.item.as_deref())
            )
        })
        .collect();
    format!(
        "Each scale, single-choice and yes/no question, and each theme in written answers, was cross-tabulated by {}. Differences were tested with Pearson's chi-square test, or with Fisher's or the Freeman-Halton exact test where expected counts were small. Because many tests were made, their {} were adjusted together for a false discovery rate of {}% (Benjamini-Hochberg). A difference is reported only when it survives that adjustment, Cramér's V is at least {}, and a group's share differs from everyone else's by at least {} percentage points with an adjusted standardised residual beyond \u{b1}1.96. \u{201c}Don't know\u{201d} answers are left out of scale questions, whose answers are tested as their negative side, middle and positive side; answers such as \u{201c}Prefer not to say\u{201d} are no group and are left out of the groups.",
        if groups.is_empty() {
            "no group (the export has no profile question to compare by)".to_string()
        } else {
            groups.join(", ")
        },
        views.tests,
        crate::table::plain_number(views.options.false_discovery_rate * 100.0),
        crate::table::plain_number(views.options.min_cramers_v),
        crate::table::plain_number(views.options.min_points)
    )
}

/// The sentences for the comparisons tested: how many did not differ and, when some that
/// differ could not be described without giving away withheld counts, how many those are.
/// `described` is the number of findings written.
#[must_use]
pub fn alike(views: &Views, described: usize) -> Option<String> {
    let differ = views
        .comparisons
        .iter()
        .filter(|comparison| comparison.verdict == Verdict::Differs)
        .count();
    let tested = views.tests;
    if tested == 0 {
        return None;
    }
    let comparisons = |count: usize| {
        if count == 1 {
            "comparison".to_string()
        } else {
            "comparisons".to_string()
        }
    };
    let mut words = if differ == 0 {
        if tested == 1 {
            "In the one comparison tested the groups' views did not differ by the rule above: where the figures differ between groups, the difference is small or could be chance.".to_string()
        } else {
            format!(
                "In none of the {tested} comparisons tested did the groups' views differ by the rule above: where the figures differ between groups, the differences are small or could be chance."
            )
        }
    } else if differ >= tested {
        format!(
            "The groups' views differed by the rule above in {} tested.",
            if tested == 1 {
                "the one comparison".to_string()
            } else {
                format!("all {tested} comparisons")
            }
        )
    } else {
        let other = tested - differ;
        format!(
            "In the other {other} of the {tested} {} tested the groups' views did not differ by the rule above: the differences are small or could be chance.",
            comparisons(tested)
        )
    };
    let undescribed = differ.saturating_sub(described);
    if undescribed > 0 {
        let _ = write!(
            words,
            " {} that differed by the rule {} not described, because {} would give away counts too small to publish.",
            if undescribed == 1 {
                "One comparison".to_string()
            } else {
                format!("{undescribed} comparisons")
            },
            if undescribed == 1 { "is" } else { "are" },
            if undescribed == 1 {
                "its figures"
            } else {
                "their figures"
            },
        );
    }
    Some(words)
}

/// The words for the two sides of a scale comparison's question, when it is on a scale.
#[must_use]
pub fn sides_of(dataset: &crate::dataset::Dataset, comparison: &Comparison) -> Option<ScaleSides> {
    dataset
        .schema()
        .get(&comparison.question)
        .and_then(|question| question.scale.as_ref())
        .map(crate::schema::Scale::sides)
}

/// Views by group as `engage crosstab` publishes them: the tables (the overview, whose notes
/// give the method, the findings and where groups agreed; then every comparison's table) and
/// the JSON of the same figures.
#[derive(Clone, Debug)]
pub struct ViewsPublished {
    /// The overview, then each comparison's disclosed table.
    pub tables: Vec<Table>,
    /// `{"groups", "tests", "method", "findings", "comparisons": [{..., "table"}]}`, each
    /// comparison with its disclosed table.
    pub json: serde_json::Value,
}

/// Every comparison presented under `policy`, for the command line.
#[must_use]
pub fn report(
    views: &Views,
    dataset: &crate::dataset::Dataset,
    policy: &DisclosurePolicy,
    source: Option<&str>,
) -> ViewsPublished {
    let presented: Vec<(&Comparison, ComparisonPresented)> = views
        .comparisons
        .iter()
        .map(|item| {
            let sides = sides_of(dataset, item);
            (item, comparison(item, policy, source, sides.as_ref()))
        })
        .collect();
    let mut findings: Vec<(f64, String)> = presented
        .iter()
        .filter_map(|(item, shown)| Some((item.cramers_v.unwrap_or(0.0), shown.finding.clone()?)))
        .collect();
    findings.sort_by(|a, b| b.0.total_cmp(&a.0));
    let findings: Vec<String> = findings.into_iter().map(|(_, finding)| finding).collect();
    let mut overview = overview(views);
    overview.notes.push(method(views));
    overview.notes.extend(findings.iter().cloned());
    overview.notes.extend(alike(views, findings.len()));
    overview.notes.extend(views.notes.iter().cloned());
    let mut tables = vec![overview];
    tables.extend(presented.iter().map(|(_, shown)| shown.table.clone()));
    let json = serde_json::json!({
        "groups": views.groupings,
        "tests": views.tests,
        "method": method(views),
        "findings": findings,
        "notes": views.notes,
        "comparisons": presented.iter().map(|(item, shown)| serde_json::json!({
            "kind": item.kind,
            "question": item.question,
            "theme": item.theme,
            "by": item.by,
            "compared": item.compared,
            "test": item.test,
            "p_value": item.p_value,
            "q_value": item.q_value,
            "cramers_v": item.cramers_v,
            "verdict": item.verdict,
            "untested_reason": item.untested_reason,
            "finding": shown.finding,
            "table": shown.table,
        })).collect::<Vec<_>>(),
    });
    ViewsPublished { tables, json }
}
