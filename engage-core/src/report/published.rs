//! Everything the report publishes, presented once by the analysis that owns it under the
//! report's disclosure policy: the participation tables and charts, each question's table and
//! chart, each free-text question's themes. The sections, the key findings and `report.json`
//! all read these, so no sentence, chart or figure can say more than its table shows.

use crate::chart::Chart;
use crate::participation::present as participation;
use crate::summary::QuestionSummary;
use crate::summary::present::{self as summary, Presented};
use crate::table::Table;
use crate::themes::present::{self as themes, ThemesPresented};
use crate::views::present::{self as views, ComparisonPresented};

use super::sections::Composer;

/// The report's tables and charts, disclosed.
pub(super) struct Published<'a> {
    /// Respondents, complete and partial responses: the headline figures.
    pub(super) participation: Table,
    /// Responses per week and per day, and the chart of days.
    pub(super) timeline: Option<(Table, Table, Chart)>,
    /// Each profile question: its summary's question (for the report's order and headings)
    /// and its table and chart.
    pub(super) profiles: Vec<(&'a crate::participation::ProfileTable, Presented)>,
    /// Each comparison with the population.
    pub(super) representation: Vec<(&'a crate::participation::Representation, Presented)>,
    /// Each question that is not about the respondent, in questionnaire order.
    pub(super) questions: Vec<(&'a QuestionSummary, Presented)>,
    /// Each free-text question's themes.
    pub(super) themes: Vec<(&'a crate::themes::coding::QuestionThemes, ThemesPresented)>,
    /// Views by group: each comparison with its table, chart and sentence.
    pub(super) views: Vec<(&'a crate::views::Comparison, ComparisonPresented)>,
}

impl<'a> Published<'a> {
    pub(super) fn new(composer: &'a Composer<'a>) -> Published<'a> {
        let policy = &composer.options.disclosure;
        let source = composer.source_line();
        let participation = composer.participation;
        let population = participation
            .reference
            .as_ref()
            .map(|reference| super::sections::file_name(&reference.file).to_string());
        let threshold = composer.options.participation.under_represented_below();
        let schema = composer.dataset.schema();
        let questions = composer
            .summary
            .questions
            .iter()
            .filter(|question| {
                // A typed "Other" answer is reported with its question, not as one of its own.
                schema.get(&question.id).is_some_and(|question| {
                    question.profile.is_none()
                        && question.other_of.as_deref().is_none_or(str::is_empty)
                })
            })
            .map(|question| {
                let mut presented =
                    summary::question(composer.summary, question, policy, Some(&source));
                if composer.small_sample {
                    // A dozen accounts are counted, "7 of 11": a percentage, an interval or a
                    // bar chart would imply a population the figures do not describe.
                    presented.table =
                        counts_only(&presented.table, Some(question.all.base.count as u64));
                    presented.chart = None;
                }
                (question, presented)
            })
            .collect();
        let views = composer
            .views
            .comparisons
            .iter()
            .map(|comparison| {
                let sides = views::sides_of(composer.dataset, comparison);
                let presented =
                    views::comparison(comparison, policy, Some(&source), sides.as_ref());
                (comparison, presented)
            })
            .collect();
        Published {
            views,
            participation: if composer.small_sample {
                counts_only(&participation.summary_table(policy), None)
            } else {
                participation.summary_table(policy)
            },
            timeline: participation
                .timeline
                .as_ref()
                .map(|timeline| participation::timeline(timeline, policy, Some(&source))),
            profiles: participation
                .profiles
                .iter()
                .map(|profile| {
                    let mut presented = participation::profile(profile, policy, Some(&source));
                    if composer.small_sample {
                        presented.table = counts_only(&presented.table, Some(profile.base as u64));
                        presented.chart = None;
                    }
                    (profile, presented)
                })
                .collect(),
            representation: participation
                .representation
                .iter()
                .map(|variable| {
                    (
                        variable,
                        participation::representation(
                            variable,
                            policy,
                            threshold,
                            population.as_deref(),
                        ),
                    )
                })
                .collect(),
            questions,
            themes: composer
                .themes
                .map(|coding| {
                    coding
                        .questions
                        .iter()
                        // A question nobody answered has no themes to report.
                        .filter(|question| question.base > 0)
                        .map(|question| {
                            (question, themes::question(question, policy, Some(&source)))
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// A question's presentation.
    pub(super) fn question(&self, id: &str) -> Option<&(&'a QuestionSummary, Presented)> {
        self.questions
            .iter()
            .find(|(question, _)| question.id == id)
    }
}

/// A disclosed table with its percentages, intervals and running totals taken out (they are
/// worked out from its counts, so taking them out shows nothing new), and rows left with
/// nothing but their label dropped: the counts of a small sample, each shown "7 of 11" of
/// the base `of` when there is one (a withheld count stays withheld).
pub(super) fn counts_only(table: &Table, of: Option<u64>) -> Table {
    use crate::table::{Cell, Role, RowRole};
    let keep: Vec<usize> = (0..table.columns.len())
        .filter(|&column| {
            !matches!(
                table.columns[column].role,
                Role::Percent(_) | Role::Derived(_) | Role::Cumulative(_)
            )
        })
        .collect();
    let mut out = table.clone();
    out.columns = keep
        .iter()
        .map(|&column| table.columns[column].clone())
        .collect();
    out.rows = table
        .rows
        .iter()
        .filter_map(|row| {
            let cells: Vec<Cell> = keep
                .iter()
                .map(|&column| match (&row[column], of) {
                    (Cell::Count(count), Some(of)) if row.role == RowRole::Body => {
                        Cell::CountOf { count: *count, of }
                    }
                    (cell, _) => cell.clone(),
                })
                .collect();
            // A row that held only figures taken out goes; one that is only a label (a
            // heading such as "First response: ...") stays.
            let label_only = row.iter().skip(1).all(|cell| matches!(cell, Cell::Empty));
            (label_only
                || cells
                    .iter()
                    .skip(1)
                    .any(|cell| !matches!(cell, Cell::Empty)))
            .then(|| crate::table::Row {
                cells,
                role: row.role.clone(),
            })
        })
        .collect();
    // No kept role points at a column by position (percentages, intervals and running totals
    // were the ones that did); the outside totals were for the audit, done already.
    out.outside_totals.clear();
    out.notes.push(
        "Counts of people: with so few, percentages and intervals would suggest a precision the figures do not have."
            .to_string(),
    );
    out
}
