//! Views by group: did views differ between the groups who responded (residents and staff,
//! age bands, areas)? Every scale, single-choice and yes/no question, and every coded theme,
//! is cross-tabulated by each grouping question and tested (Pearson's chi-square, or an exact
//! test where expected counts are small); the p-values of the whole family are adjusted by
//! Benjamini and Hochberg's method, and a difference is reported only when it survives that
//! and is large enough to matter. Which groups differ is read from each group's adjusted
//! standardised residual: its share against everyone else's.
//!
//! [`present`] turns the result into disclosed tables, charts and sentences.

pub mod present;

use serde::Serialize;

use crate::dataset::Dataset;
use crate::error::{Error, Location, Result};
use crate::schema::scale::non_scale_answer;
use crate::schema::{Profile, Question, QuestionType, SurveyConfig};
use crate::stats::chi_square::adjusted_residual;
use crate::stats::multiple::benjamini_hochberg;
use crate::summary::crosstab::{Axis, DEFAULT_EXACT_WORK_LIMIT, ExactMethod};
use crate::summary::{Crosstab, CrosstabOptions, crosstab};
use crate::themes::ThemeCoding;

/// The profile questions compared by default, when the user names no groups.
const DEFAULT_PROFILES: [Profile; 6] = [
    Profile::Capacity,
    Profile::Age,
    Profile::Sex,
    Profile::Ethnicity,
    Profile::Disability,
    Profile::Area,
];

/// A default grouping question with more groups than this is left out (and said so): a
/// comparison of 40 wards is unreadable and most of its cells are too small to publish.
const MOST_DEFAULT_GROUPS: usize = 12;

/// The z beyond which a group's share differs from everyone else's at the 5% level.
const RESIDUAL_LIMIT: f64 = 1.96;

/// How to compare groups.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ViewsOptions {
    /// The grouping questions (ids). Default: none named, so the capacity question and the
    /// age, sex, ethnicity, disability and area questions with at most 12 groups.
    pub groups: Vec<String>,
    /// The questions compared (ids). Default: none named, so every scale, single-choice and
    /// yes/no question that is not about the respondent.
    pub questions: Vec<String>,
    /// The false discovery rate for the Benjamini-Hochberg adjustment. Default 0.05.
    pub false_discovery_rate: f64,
    /// The smallest Cramér's V that matters. Default 0.1 (a small effect, after Cohen).
    pub min_cramers_v: f64,
    /// The smallest difference, in percentage points, between a group and everyone else that
    /// matters. Default 10.
    pub min_points: f64,
    /// The most work the Freeman-Halton test may do. Default
    /// [`DEFAULT_EXACT_WORK_LIMIT`].
    pub exact_work_limit: u64,
}

impl Default for ViewsOptions {
    fn default() -> ViewsOptions {
        ViewsOptions {
            groups: Vec::new(),
            questions: Vec::new(),
            false_discovery_rate: 0.05,
            min_cramers_v: 0.1,
            min_points: 10.0,
            exact_work_limit: DEFAULT_EXACT_WORK_LIMIT,
        }
    }
}

impl ViewsOptions {
    /// Compares by these questions (default: the profile questions, see [`ViewsOptions`]).
    #[must_use]
    pub fn with_groups(mut self, groups: Vec<String>) -> ViewsOptions {
        self.groups = groups;
        self
    }

    /// Compares only these questions (default: every scale, single-choice and yes/no question
    /// not about the respondent).
    #[must_use]
    pub fn with_questions(mut self, questions: Vec<String>) -> ViewsOptions {
        self.questions = questions;
        self
    }

    /// With a false discovery rate (default 0.05).
    #[must_use]
    pub fn with_false_discovery_rate(mut self, rate: f64) -> ViewsOptions {
        self.false_discovery_rate = rate;
        self
    }

    /// With the size rule: the smallest Cramér's V and the smallest difference in points
    /// (default 0.1 and 10).
    #[must_use]
    pub fn with_size_rule(mut self, min_cramers_v: f64, min_points: f64) -> ViewsOptions {
        self.min_cramers_v = min_cramers_v;
        self.min_points = min_points;
        self
    }

    /// The grouping questions named in `survey.toml` (`[report] groups = ["capacity", "age"]`),
    /// if any.
    #[must_use]
    pub fn groups_in_config(config: &SurveyConfig) -> Option<Vec<String>> {
        config.report.groups.clone()
    }
}

/// What is compared between groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// A scale question: the share on the positive side (agree), and net agreement.
    Scale,
    /// A single-choice or yes/no question: the share choosing the answer that differs most.
    Choice,
    /// A theme in written answers: the share of those who answered who mention it.
    Theme,
}

/// The test a comparison's p-value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TestMethod {
    /// Pearson's chi-square test of independence.
    ChiSquare,
    /// Fisher's exact test (2 x 2).
    Fisher,
    /// The Freeman-Halton exact test (r x c).
    FreemanHalton,
}

impl TestMethod {
    /// The test's name for a table.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            TestMethod::ChiSquare => "Chi-square",
            TestMethod::Fisher => "Fisher's exact",
            TestMethod::FreemanHalton => "Freeman-Halton exact",
        }
    }
}

/// What became of a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The groups differ: the difference survives the false discovery rate and passes the
    /// size rule.
    Differs,
    /// Significant after adjustment, but too small to matter by the size rule.
    Small,
    /// Not significant after adjustment: no evidence the groups differ.
    Alike,
    /// No trustworthy test: fewer than two groups or answers, expected counts too small for
    /// the chi-square test with no exact test to replace it, or people counted twice.
    Untested,
}

/// One group's share of the compared answer, against everyone else's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupShare {
    /// The group.
    pub group: String,
    /// Respondents in the group (the column total).
    pub base: usize,
    /// Of them, those who gave the compared answer.
    pub count: usize,
    /// Their percentage; `None` for an empty group.
    pub percent: Option<f64>,
    /// Everyone else's percentage; `None` when there is nobody else.
    pub rest_percent: Option<f64>,
    /// The adjusted standardised residual of the group's count of the compared answer.
    pub residual: f64,
    /// True when the group differs from everyone else: |residual| >= 1.96 and at least the
    /// size rule's points between its share and the rest's.
    pub differs: bool,
}

/// One question (or theme) by one grouping question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// What is compared.
    pub kind: OutcomeKind,
    /// The question compared (for a theme, the free-text question).
    pub question: String,
    /// Its wording, or for a theme the theme's label.
    pub text: String,
    /// The question's wording (for a theme, the free-text question's).
    pub question_text: String,
    /// For an item of a grouped question, its label (kept whole in titles).
    pub question_item: Option<String>,
    /// For a theme: its id.
    pub theme: Option<String>,
    /// The grouping question's id.
    pub by: String,
    /// The grouping question's wording.
    pub by_text: String,
    /// For a grouping question that is an item of a grid, its label.
    pub by_item: Option<String>,
    /// The cross-tab: answers in rows (a scale's negative side, middle and positive side,
    /// without "Don't know"; a theme mentioned or not), groups in columns.
    pub crosstab: Crosstab,
    /// The answer (or answers: a scale's positive side) compared: its label and rows.
    pub compared: String,
    /// The rows of the cross-tab that make up the compared answer.
    pub compared_rows: Vec<usize>,
    /// For a scale, the rows of its negative side (for net agreement).
    pub negative_rows: Vec<usize>,
    /// Each group's share of the compared answer, in the cross-tab's column order.
    pub groups: Vec<GroupShare>,
    /// The test used; `None` when untested.
    pub test: Option<TestMethod>,
    /// Its p-value.
    pub p_value: Option<f64>,
    /// The Benjamini-Hochberg adjusted p-value across the section.
    pub q_value: Option<f64>,
    /// Cramér's V.
    pub cramers_v: Option<f64>,
    /// What became of it.
    pub verdict: Verdict,
    /// Why it was not tested, when it was not.
    pub untested_reason: Option<String>,
}

/// A grouping question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Grouping {
    /// Its id.
    pub id: String,
    /// Its wording.
    pub text: String,
    /// For an item of a grid, its label.
    pub item: Option<String>,
}

/// Views by group: every comparison, the groups and what was left out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Views {
    /// The grouping questions.
    pub groupings: Vec<Grouping>,
    /// Every comparison, in questionnaire order, by grouping question.
    pub comparisons: Vec<Comparison>,
    /// The number of tests in the Benjamini-Hochberg family.
    pub tests: usize,
    /// The options used.
    pub options: ViewsOptions,
    /// What a reader should know (grouping questions left out and why).
    pub notes: Vec<String>,
}

impl Views {
    /// No comparison (for a report that makes none).
    #[must_use]
    pub fn none(options: &ViewsOptions) -> Views {
        Views {
            groupings: Vec::new(),
            comparisons: Vec::new(),
            tests: 0,
            options: options.clone(),
            notes: Vec::new(),
        }
    }
}

/// Compares the views of groups: every scale, single-choice and yes/no question that is not
/// about the respondent, and every theme of `themes`, by each grouping question.
pub fn views_by_group(
    dataset: &Dataset,
    themes: Option<&ThemeCoding>,
    options: &ViewsOptions,
) -> Result<Views> {
    let schema = dataset.schema();
    let mut notes = Vec::new();
    let groupings: Vec<&Question> = if options.groups.is_empty() {
        let mut chosen = Vec::new();
        for question in schema.profile_questions() {
            let Some(profile) = question.profile else {
                continue;
            };
            if !DEFAULT_PROFILES.contains(&profile) || !groupable(question) {
                continue;
            }
            let groups = dataset
                .option_counts(&question.id)?
                .iter()
                .filter(|(_, count)| *count > 0)
                .count();
            if groups < 2 {
                continue;
            }
            if groups > MOST_DEFAULT_GROUPS {
                notes.push(format!(
                    "\u{201c}{}\u{201d} has {groups} groups, too many to compare by default; name it as a group to include it",
                    question.text
                ));
                continue;
            }
            chosen.push(question);
        }
        chosen
    } else {
        options
            .groups
            .iter()
            .map(|id| {
                let question = dataset.question(id)?;
                if groupable(question) {
                    Ok(question)
                } else {
                    Err(Error::unsupported(
                        Location::default().with_question(id),
                        "groups to compare must be a single-choice, yes/no or scale question, each respondent in one group",
                    )
                    .with_hint("`engage inspect` lists the questions and their types"))
                }
            })
            .collect::<Result<Vec<_>>>()?
    };
    for id in &options.questions {
        let question = dataset.question(id)?;
        if !matches!(
            question.kind,
            QuestionType::Likert | QuestionType::SingleChoice | QuestionType::YesNo
        ) {
            return Err(Error::unsupported(
                Location::default().with_question(id),
                "views by group compare scale, single-choice and yes/no questions",
            )
            .with_hint("`engage inspect` lists the questions and their types"));
        }
    }
    let wanted = |question: &Question| {
        options.questions.is_empty() || options.questions.contains(&question.id)
    };
    let mut comparisons = Vec::new();
    for by in &groupings {
        for question in schema.questions() {
            if question.id == by.id
                || !wanted(question)
                || (options.questions.is_empty() && question.profile.is_some())
                || question
                    .other_of
                    .as_deref()
                    .is_some_and(|of| !of.is_empty())
                || !matches!(
                    question.kind,
                    QuestionType::Likert | QuestionType::SingleChoice | QuestionType::YesNo
                )
                || dataset.answered_count(&question.id)? == 0
            {
                continue;
            }
            comparisons.push(question_comparison(dataset, question, by, options)?);
        }
        if let Some(themes) = themes {
            comparisons.extend(theme_comparisons(dataset, themes, by, options)?);
        }
    }
    // One family for the section: every comparison with a trustworthy test.
    let tested: Vec<usize> = (0..comparisons.len())
        .filter(|&index| comparisons[index].p_value.is_some())
        .collect();
    let p_values: Vec<f64> = tested
        .iter()
        .filter_map(|&index| comparisons[index].p_value)
        .collect();
    let q_values = benjamini_hochberg(&p_values);
    for (&index, q) in tested.iter().zip(q_values) {
        let comparison = &mut comparisons[index];
        comparison.q_value = Some(q);
        let large = comparison
            .cramers_v
            .is_some_and(|v| v >= options.min_cramers_v)
            && comparison.groups.iter().any(|group| group.differs);
        comparison.verdict = if q > options.false_discovery_rate {
            Verdict::Alike
        } else if large {
            Verdict::Differs
        } else {
            Verdict::Small
        };
    }
    Ok(Views {
        groupings: groupings
            .iter()
            .map(|question| Grouping {
                id: question.id.clone(),
                text: question.text.clone(),
                item: question.item.clone(),
            })
            .collect(),
        comparisons,
        tests: tested.len(),
        options: options.clone(),
        notes,
    })
}

/// A question whose answers put each respondent in one group.
fn groupable(question: &Question) -> bool {
    matches!(
        question.kind,
        QuestionType::SingleChoice | QuestionType::YesNo | QuestionType::Likert
    )
}

fn question_comparison(
    dataset: &Dataset,
    question: &Question,
    by: &Question,
    options: &ViewsOptions,
) -> Result<Comparison> {
    let crosstab_options =
        CrosstabOptions::default().with_exact_work_limit(options.exact_work_limit);
    let full = known_groups(
        crosstab(dataset, &question.id, &by.id, &crosstab_options)?,
        options,
    )?;
    if question.kind == QuestionType::Likert
        && let Some(scale) = &question.scale
    {
        // Views on the scale, as net agreement reads them: its negative side, its middle and
        // its positive side. "Don't know" and "Not applicable" are no view and are left out.
        // Grouping the points keeps the expected counts large enough to test a table of
        // five or eight groups; the question's own table gives every point.
        let sides = scale.sides();
        let (negative, positive) = (scale.bottom_box(), scale.top_box());
        let middle = negative.end..positive.start;
        let mut parts: Vec<(String, std::ops::Range<usize>)> = vec![(
            side_label(sides.negative, scale, negative.clone()),
            negative,
        )];
        if !middle.is_empty() {
            parts.push((side_label("", scale, middle.clone()), middle));
        }
        parts.push((
            side_label(sides.positive, scale, positive.clone()),
            positive,
        ));
        let mut counts = vec![vec![0usize; full.column.labels.len()]; parts.len()];
        for (row, label) in full.row.labels.iter().enumerate() {
            let Some(position) = scale.position(label) else {
                continue;
            };
            if let Some(part) = parts
                .iter()
                .position(|(_, range)| range.contains(&position))
            {
                for (column, count) in full.counts[row].iter().enumerate() {
                    counts[part][column] += count;
                }
            }
        }
        let dropped: usize = full.respondents - counts.iter().flatten().sum::<usize>();
        let row = Axis {
            labels: parts.iter().map(|(label, _)| label.clone()).collect(),
            ..full.row.clone()
        };
        let table = Crosstab::from_counts(
            row,
            full.column.clone(),
            counts,
            full.not_answered + dropped,
            options.exact_work_limit,
        )?;
        let last = parts.len() - 1;
        return Ok(comparison(
            OutcomeKind::Scale,
            question,
            None,
            by,
            table,
            sides.positive.to_string(),
            vec![last],
            vec![0],
            options,
        ));
    }
    // The answer whose shares differ most between groups: the row with the largest adjusted
    // residual in any group.
    let row = full
        .chi_square
        .as_ref()
        .and_then(|chi| {
            chi.adjusted_residuals
                .iter()
                .enumerate()
                .map(|(row, residuals)| {
                    (
                        row,
                        residuals
                            .iter()
                            .fold(0.0f64, |most, value| most.max(value.abs())),
                    )
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(row, _)| row)
        })
        .unwrap_or(0);
    let label = full.row.labels.get(row).cloned().unwrap_or_default();
    Ok(comparison(
        OutcomeKind::Choice,
        question,
        None,
        by,
        full,
        label,
        vec![row],
        Vec::new(),
        options,
    ))
}

/// The cross-tab without the columns of answers that are no group ("Prefer not to say",
/// "Not known", "Don't know"): those who gave them are counted as not answering. A finding
/// that "those who preferred not to say" differ describes nobody.
fn known_groups(table: Crosstab, options: &ViewsOptions) -> Result<Crosstab> {
    let keep: Vec<usize> = (0..table.column.labels.len())
        .filter(|&column| !non_scale_answer(&table.column.labels[column]))
        .collect();
    if keep.len() == table.column.labels.len() {
        return Ok(table);
    }
    let counts: Vec<Vec<usize>> = table
        .counts
        .iter()
        .map(|row| keep.iter().map(|&column| row[column]).collect())
        .collect();
    let kept: usize = counts.iter().flatten().sum();
    let column = Axis {
        labels: keep
            .iter()
            .map(|&column| table.column.labels[column].clone())
            .collect(),
        ..table.column.clone()
    };
    Crosstab::from_counts(
        table.row.clone(),
        column,
        counts,
        table.not_answered + (table.respondents - kept),
        options.exact_work_limit,
    )
}

/// A part of a scale as a row label: "Agree (Agree, Strongly agree)", "Lower (0 to 6)", or
/// the point itself when the part is one point.
fn side_label(side: &str, scale: &crate::schema::Scale, range: std::ops::Range<usize>) -> String {
    let points = &scale.points[range];
    let words = match points {
        [] => String::new(),
        [one] => return one.label.clone(),
        [first, second] => format!("{}, {}", first.label, second.label),
        [first, .., last] => format!("{} to {}", first.label, last.label),
    };
    let mut side = side.chars();
    match side.next() {
        Some(first) => format!("{}{} ({words})", first.to_uppercase(), side.as_str()),
        None => words,
    }
}

fn theme_comparisons(
    dataset: &Dataset,
    themes: &ThemeCoding,
    by: &Question,
    options: &ViewsOptions,
) -> Result<Vec<Comparison>> {
    let answers = dataset.choices(&by.id)?;
    // "Prefer not to say" is no group: those who gave it are left out, as in the tables.
    let labels: Vec<String> = crate::summary::ordered_labels(by, &answers)
        .into_iter()
        .filter(|label| !non_scale_answer(label))
        .collect();
    // Comments name the file row they came from; respondents are in file-row order.
    let rows = &dataset.source().rows;
    let respondent_of = |row: usize| rows.binary_search(&row).ok();
    let mut out = Vec::new();
    for question in &themes.questions {
        if question.base == 0 || question.comments.is_empty() {
            continue;
        }
        let Some(text_question) = dataset.schema().get(&question.question) else {
            continue;
        };
        // Each commenting respondent's group and themes.
        let members: Vec<(usize, &Vec<String>)> = question
            .comments
            .iter()
            .filter_map(|comment| {
                let respondent = respondent_of(comment.row)?;
                let group = answers.get(respondent)?.as_ref()?.first()?;
                let column = labels.iter().position(|label| label == group)?;
                Some((column, &comment.themes))
            })
            .collect();
        let not_answered = dataset.respondents() - members.len();
        for theme in &question.themes {
            if theme.count == 0 {
                continue;
            }
            let mut counts = vec![vec![0usize; labels.len()]; 2];
            for (column, themes) in &members {
                let mentioned = themes.contains(&theme.id);
                counts[usize::from(!mentioned)][*column] += 1;
            }
            let row = Axis {
                id: format!("{}:{}", question.question, theme.id),
                text: theme.label.clone(),
                item: None,
                kind: QuestionType::FreeText,
                labels: vec!["Mentioned".to_string(), "Did not mention".to_string()],
                multiple: false,
            };
            let column = Axis {
                id: by.id.clone(),
                text: by.text.clone(),
                item: by.item.clone(),
                kind: by.kind,
                labels: labels.clone(),
                multiple: false,
            };
            let table =
                Crosstab::from_counts(row, column, counts, not_answered, options.exact_work_limit)?;
            let mut found = comparison(
                OutcomeKind::Theme,
                text_question,
                Some(theme.id.clone()),
                by,
                table,
                "Mentioned".to_string(),
                vec![0],
                Vec::new(),
                options,
            );
            found.text.clone_from(&theme.label);
            out.push(found);
        }
    }
    Ok(out)
}

/// A comparison from its cross-tab: the test, and each group's share of the compared rows
/// against everyone else's. Its verdict waits for the adjustment across the section.
#[allow(clippy::too_many_arguments)]
fn comparison(
    kind: OutcomeKind,
    question: &Question,
    theme: Option<String>,
    by: &Question,
    table: Crosstab,
    compared: String,
    compared_rows: Vec<usize>,
    negative_rows: Vec<usize>,
    options: &ViewsOptions,
) -> Comparison {
    let n = table.total;
    let compared_total: f64 = compared_rows.iter().map(|&row| table.row_totals[row]).sum();
    let groups: Vec<GroupShare> = table
        .column
        .labels
        .iter()
        .enumerate()
        .map(|(column, label)| {
            let base = table.column_totals[column];
            let count: usize = compared_rows
                .iter()
                .map(|&row| table.counts[row][column])
                .sum();
            let percent = (base > 0.0).then(|| count as f64 / base * 100.0);
            let rest_base = n - base;
            let rest_percent =
                (rest_base > 0.0).then(|| (compared_total - count as f64) / rest_base * 100.0);
            let residual = adjusted_residual(count as f64, compared_total, base, n);
            let differs = residual.abs() >= RESIDUAL_LIMIT
                && matches!((percent, rest_percent), (Some(mine), Some(rest)) if (mine - rest).abs() >= options.min_points);
            GroupShare {
                group: label.clone(),
                base: base.round() as usize,
                count,
                percent,
                rest_percent,
                residual,
                differs,
            }
        })
        .collect();
    let (test, p_value, cramers_v, untested_reason) = match &table.chi_square {
        None => (
            None,
            None,
            None,
            Some("fewer than two groups or two answers with responses".to_string()),
        ),
        Some(chi) if !chi.assumptions_hold => (
            None,
            None,
            Some(chi.cramers_v),
            Some("some respondents are counted more than once".to_string()),
        ),
        Some(chi) => match &table.exact {
            Some(exact) => (
                Some(match exact.method {
                    ExactMethod::Fisher => TestMethod::Fisher,
                    ExactMethod::FreemanHalton => TestMethod::FreemanHalton,
                }),
                Some(exact.p_value),
                Some(chi.cramers_v),
                None,
            ),
            None if chi.small_expected_warning => (
                None,
                None,
                Some(chi.cramers_v),
                Some(
                    "too many expected counts below 5 for the chi-square test, and too many tables to enumerate for an exact one"
                        .to_string(),
                ),
            ),
            None => (
                Some(TestMethod::ChiSquare),
                Some(chi.p_value),
                Some(chi.cramers_v),
                None,
            ),
        },
    };
    Comparison {
        kind,
        question: question.id.clone(),
        text: question.text.clone(),
        question_text: question.text.clone(),
        question_item: question.item.clone(),
        theme,
        by: by.id.clone(),
        by_text: by.text.clone(),
        by_item: by.item.clone(),
        crosstab: table,
        compared,
        compared_rows,
        negative_rows,
        groups,
        test,
        p_value,
        q_value: None,
        cramers_v,
        verdict: Verdict::Untested,
        untested_reason,
    }
}

#[cfg(test)]
mod tests;
