//! Cross-tabulations of two categorical questions: counts, row, column and total percentages
//! with margins, Pearson's chi-square test of independence with expected counts and adjusted
//! standardised residuals, Cramér's V, and an exact test where it is cheap and useful.
//!
//! Multi-choice questions count mentions: a respondent who chose two options is counted in
//! two rows. The chi-square test then counts some people more than once, so its assumption of
//! independent observations does not hold; the test is still shown, flagged, and no exact
//! test is made.
//!
//! With weights, counts and percentages are weighted. The chi-square test is run on the
//! weighted counts rescaled to Kish's effective sample size, which divides X² by the design
//! effect: a first-order correction for weighting (Rao and Scott's corrections refine it).
//! Exact tests need whole counts and are made only without weights.

use serde::Serialize;

use super::{check_weights, finite, ordered_labels};
use crate::dataset::Dataset;
use crate::error::{Error, Location, Result};
use crate::privacy::disclosure::{DisclosurePolicy, SECONDARY_MARKER, TableKind};
use crate::schema::{Question, QuestionType};
use crate::stats::chi_square::independence;
use crate::stats::fisher::{fisher_exact_2x2, freeman_halton};
use crate::table::{Cell, Column, RowRole, Table};

/// The default cap on the Freeman-Halton enumeration: about a tenth of a second in an
/// optimised build. Past it, the exact test is left out rather than slow a report down.
pub const DEFAULT_EXACT_WORK_LIMIT: u64 = 1_000_000;

/// The share of expected counts below 5 above which the chi-square approximation is doubtful
/// (Cochran 1954).
const SMALL_EXPECTED_LIMIT: f64 = 0.2;

/// How to cross-tabulate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrosstabOptions {
    /// One weight per respondent (finite, at least 0). Default: none (unweighted).
    pub weights: Option<Vec<f64>>,
    /// The most work the Freeman-Halton exact test may do, in steps. Default
    /// [`DEFAULT_EXACT_WORK_LIMIT`]; 0 turns the r x c exact test off.
    pub exact_work_limit: u64,
}

impl Default for CrosstabOptions {
    fn default() -> CrosstabOptions {
        CrosstabOptions {
            weights: None,
            exact_work_limit: DEFAULT_EXACT_WORK_LIMIT,
        }
    }
}

impl CrosstabOptions {
    /// Weights the table, one weight per respondent (default: unweighted).
    #[must_use]
    pub fn with_weights(mut self, weights: Vec<f64>) -> CrosstabOptions {
        self.weights = Some(weights);
        self
    }

    /// Caps the Freeman-Halton test's work (default [`DEFAULT_EXACT_WORK_LIMIT`]).
    #[must_use]
    pub fn with_exact_work_limit(mut self, limit: u64) -> CrosstabOptions {
        self.exact_work_limit = limit;
        self
    }
}

/// Which percentages a cross-tab's table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PercentOf {
    /// Each row adds up to 100%.
    Row,
    /// Each column adds up to 100% (the usual choice with groups as columns).
    #[default]
    Column,
    /// All cells add up to 100%.
    Total,
}

impl PercentOf {
    /// `row`, `column` or `total`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PercentOf::Row => "row",
            PercentOf::Column => "column",
            PercentOf::Total => "total",
        }
    }
}

/// One side of a cross-tab.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Axis {
    /// The question's id.
    pub id: String,
    /// The question's wording.
    pub text: String,
    /// For an item of a grouped question (a grid's row), its label.
    pub item: Option<String>,
    /// The question's type.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The categories, in the order summaries show them ("Other" last).
    pub labels: Vec<String>,
    /// True when a respondent can be in several categories (multi-choice, ranking).
    pub multiple: bool,
}

/// A cross-tabulation of two questions.
///
/// Matrices are indexed `[row][column]`. Totals and percentages are of the weighted counts
/// when weighted, else of the counts. A percentage whose base is 0 is `None`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Crosstab {
    /// The row question.
    pub row: Axis,
    /// The column question.
    pub column: Axis,
    /// Respondents (or, for multi-choice, mentions) in each cell, unweighted.
    pub counts: Vec<Vec<usize>>,
    /// Σ w in each cell; `None` when unweighted.
    pub weighted_counts: Option<Vec<Vec<f64>>>,
    /// Row totals.
    pub row_totals: Vec<f64>,
    /// Column totals.
    pub column_totals: Vec<f64>,
    /// The grand total.
    pub total: f64,
    /// Respondents who answered both questions: the base.
    pub respondents: usize,
    /// Respondents left out because they did not answer one question or both.
    pub not_answered: usize,
    /// Each cell as a percentage of its row total.
    pub row_percents: Vec<Vec<Option<f64>>>,
    /// Each cell as a percentage of its column total.
    pub column_percents: Vec<Vec<Option<f64>>>,
    /// Each cell as a percentage of the grand total.
    pub total_percents: Vec<Vec<Option<f64>>>,
    /// Each row total as a percentage of the grand total (the margin of column percentages).
    pub row_margin_percents: Vec<Option<f64>>,
    /// Each column total as a percentage of the grand total (the margin of row percentages).
    pub column_margin_percents: Vec<Option<f64>>,
    /// Pearson's chi-square test; `None` when the table has fewer than two non-empty rows or
    /// columns (nothing to test).
    pub chi_square: Option<ChiSquare>,
    /// An exact test: Fisher's for a 2 x 2 table, Freeman-Halton's for a larger table whose
    /// expected counts are too small for the chi-square test, when the enumeration is cheap.
    pub exact: Option<ExactTest>,
    /// What a reader must know: test assumptions that do not hold, small expected counts,
    /// tests not made and why.
    pub notes: Vec<String>,
}

/// Pearson's chi-square test of independence, and what comes with it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChiSquare {
    /// X², without continuity correction.
    pub statistic: f64,
    /// Degrees of freedom, counting only non-empty rows and columns.
    pub df: usize,
    /// P(χ² ≥ X²).
    pub p_value: f64,
    /// Cramér's V, 0 (no association) to 1.
    pub cramers_v: f64,
    /// Expected counts under independence, in the table's shape (of the counts tested).
    pub expected: Vec<Vec<f64>>,
    /// The share (0 to 1) of expected counts below 5 in non-empty rows and columns.
    pub small_expected_share: f64,
    /// True when more than 20% of expected counts are below 5: the p-value is doubtful.
    pub small_expected_warning: bool,
    /// Adjusted standardised residuals per cell: beyond ±1.96 a cell differs from
    /// independence at the 5% level.
    pub adjusted_residuals: Vec<Vec<f64>>,
    /// False when a question is multi-choice, so some people are counted more than once and
    /// the test's assumption of independent observations does not hold.
    pub assumptions_hold: bool,
    /// With weights, the effective sample size the weighted counts were rescaled to.
    pub effective_sample_size: Option<f64>,
}

/// An exact test of independence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExactTest {
    /// Which test.
    pub method: ExactMethod,
    /// The two-sided p-value.
    pub p_value: f64,
}

/// The exact test made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExactMethod {
    /// Fisher's exact test of a 2 x 2 table.
    Fisher,
    /// The Freeman-Halton extension to r x c tables.
    FreemanHalton,
}

/// Cross-tabulates two categorical questions.
///
/// A free-text, numeric, date, metadata or personal question is refused with the reason; an
/// unknown id lists the ids that exist, with the closest as a hint.
pub fn crosstab(
    dataset: &Dataset,
    row_id: &str,
    column_id: &str,
    options: &CrosstabOptions,
) -> Result<Crosstab> {
    let CrosstabOptions {
        weights,
        exact_work_limit,
    } = options;
    let row_question = categorical(dataset, row_id)?;
    let column_question = categorical(dataset, column_id)?;
    let weights = weights.as_deref();
    if let Some(weights) = weights {
        check_weights(dataset, weights)?;
    }
    let row_answers = dataset.choices(row_id)?;
    let column_answers = dataset.choices(column_id)?;
    let row = axis(row_question, &row_answers);
    let column = axis(column_question, &column_answers);
    let (r, c) = (row.labels.len(), column.labels.len());
    let mut counts = vec![vec![0usize; c]; r];
    let mut weighted = vec![vec![0.0f64; c]; r];
    let mut respondents = 0;
    let mut base_weights = Vec::new();
    for (index, (row_items, column_items)) in row_answers.iter().zip(&column_answers).enumerate() {
        let (Some(row_items), Some(column_items)) = (row_items, column_items) else {
            continue;
        };
        let row_positions = positions(&row.labels, row_items);
        let column_positions = positions(&column.labels, column_items);
        if row_positions.is_empty() || column_positions.is_empty() {
            continue;
        }
        respondents += 1;
        let weight = weights.map_or(1.0, |weights| weights[index]);
        base_weights.push(weight);
        for &i in &row_positions {
            for &j in &column_positions {
                counts[i][j] += 1;
                weighted[i][j] += weight;
            }
        }
    }
    let not_answered = dataset.respondents() - respondents;
    tabulate(
        row,
        column,
        counts,
        weights.map(|_| (weighted, base_weights)),
        respondents,
        not_answered,
        *exact_work_limit,
    )
}

impl Crosstab {
    /// A cross-tab from unweighted counts (`counts[row][column]`, one respondent in one cell):
    /// the percentages, the test of independence and an exact test as [`crosstab`] gives them.
    /// For tables whose categories are not a question's answers (a theme mentioned or not).
    pub fn from_counts(
        row: Axis,
        column: Axis,
        counts: Vec<Vec<usize>>,
        not_answered: usize,
        exact_work_limit: u64,
    ) -> Result<Crosstab> {
        let respondents = counts.iter().flatten().sum();
        tabulate(
            row,
            column,
            counts,
            None,
            respondents,
            not_answered,
            exact_work_limit,
        )
    }
}

/// Everything a cross-tab holds, from its counts (and, when weighted, the weighted counts and
/// the weight of each respondent in the base).
fn tabulate(
    row: Axis,
    column: Axis,
    counts: Vec<Vec<usize>>,
    weighting: Option<(Vec<Vec<f64>>, Vec<f64>)>,
    respondents: usize,
    not_answered: usize,
    exact_work_limit: u64,
) -> Result<Crosstab> {
    let c = column.labels.len();
    let (weighted, base_weights) = match weighting {
        Some((weighted, base_weights)) => (Some(weighted), base_weights),
        None => (None, Vec::new()),
    };
    let weights = weighted.as_ref();
    let values: Vec<Vec<f64>> = if let Some(weighted) = weights {
        weighted.clone()
    } else {
        counts
            .iter()
            .map(|row| row.iter().map(|&count| count as f64).collect())
            .collect()
    };
    let row_totals: Vec<f64> = values.iter().map(|row| row.iter().sum()).collect();
    let column_totals: Vec<f64> = (0..c)
        .map(|j| values.iter().map(|row| row[j]).sum())
        .collect();
    let total: f64 = row_totals.iter().sum();
    let percent =
        |part: f64, whole: f64| (whole > 0.0).then(|| part / whole * 100.0).and_then(finite);
    let row_percents = grid(&values, |i, _, value| percent(value, row_totals[i]));
    let column_percents = grid(&values, |_, j, value| percent(value, column_totals[j]));
    let total_percents = grid(&values, |_, _, value| percent(value, total));
    let row_margin_percents = row_totals
        .iter()
        .map(|&value| percent(value, total))
        .collect();
    let column_margin_percents = column_totals
        .iter()
        .map(|&value| percent(value, total))
        .collect();

    let multiple = row.multiple || column.multiple;
    let mut notes = Vec::new();
    if multiple {
        notes.push(
            "a multi-choice question counts mentions, so some respondents are in more than \
             one cell: the chi-square test's assumption of independent observations does not \
             hold, and its p-value is only a rough guide"
                .to_string(),
        );
    }
    let live_rows = row_totals.iter().filter(|&&total| total > 0.0).count();
    let live_columns = column_totals.iter().filter(|&&total| total > 0.0).count();
    let (chi_square, exact) = if live_rows < 2 || live_columns < 2 {
        notes.push(format!(
            "no test of independence: it needs at least two rows and two columns with answers, \
             found {live_rows} and {live_columns}"
        ));
        (None, None)
    } else {
        let effective = weights.map(|_| {
            let sum: f64 = base_weights.iter().sum();
            let squares: f64 = base_weights.iter().map(|weight| weight * weight).sum();
            if squares > 0.0 {
                sum * sum / squares
            } else {
                0.0
            }
        });
        let tested: Vec<Vec<f64>> = match effective {
            Some(effective) => {
                let scale = if total > 0.0 { effective / total } else { 0.0 };
                grid_values(&values, |value| value * scale)
            }
            None => values.clone(),
        };
        let test = independence(&tested)?;
        let small_expected_warning = test.small_expected_share > SMALL_EXPECTED_LIMIT;
        if small_expected_warning {
            notes.push(format!(
                "{:.0}% of expected counts are below 5 (more than 20%): the chi-square p-value \
                 is doubtful{}",
                test.small_expected_share * 100.0,
                if weights.is_none() && !multiple {
                    "; prefer the exact test where one is given"
                } else {
                    ""
                }
            ));
        }
        let exact = if weights.is_some() || multiple {
            None
        } else {
            exact_test(
                &counts,
                small_expected_warning,
                exact_work_limit,
                &mut notes,
            )?
        };
        let chi_square = ChiSquare {
            statistic: test.statistic,
            df: test.df,
            p_value: test.p_value,
            cramers_v: test.cramers_v,
            expected: test.expected,
            small_expected_share: test.small_expected_share,
            small_expected_warning,
            adjusted_residuals: test.adjusted_residuals,
            assumptions_hold: !multiple,
            effective_sample_size: effective,
        };
        (Some(chi_square), exact)
    };
    Ok(Crosstab {
        row,
        column,
        counts,
        weighted_counts: weighted,
        row_totals,
        column_totals,
        total,
        respondents,
        not_answered,
        row_percents,
        column_percents,
        total_percents,
        row_margin_percents,
        column_margin_percents,
        chi_square,
        exact,
        notes,
    })
}

/// The question, if it can be cross-tabulated.
fn categorical<'a>(dataset: &'a Dataset, id: &str) -> Result<&'a Question> {
    let question = dataset.question(id)?;
    if question.kind.is_categorical() {
        return Ok(question);
    }
    let why = match question.kind {
        QuestionType::FreeText => "is free text, whose answers are not categories",
        QuestionType::Numeric => "is numeric, whose answers are not categories",
        QuestionType::Date => "is a date, whose answers are not categories",
        QuestionType::Personal => "is personal data, which is never analysed",
        _ => "is metadata, not a question",
    };
    let hint = match question.kind {
        QuestionType::FreeText => {
            "code free text into themes first, or summarise it with `engage summary`"
        }
        QuestionType::Numeric | QuestionType::Date => {
            "to cross-tabulate it, make it a single-choice question with bands in survey.toml"
        }
        _ => "`engage inspect` lists the questions and their types",
    };
    Err(Error::unsupported(
        Location::default().with_question(id),
        format!("a cross-tab needs categorical questions, and this {why}"),
    )
    .with_hint(hint))
}

fn axis(question: &Question, answers: &[Option<Vec<&str>>]) -> Axis {
    Axis {
        id: question.id.clone(),
        text: question.text.clone(),
        item: question.item.clone(),
        kind: question.kind,
        labels: ordered_labels(question, answers),
        multiple: question.kind.is_list(),
    }
}

/// The distinct label positions of a respondent's answers.
fn positions(labels: &[String], items: &[&str]) -> Vec<usize> {
    let mut out: Vec<usize> = items
        .iter()
        .filter_map(|item| labels.iter().position(|label| label == item))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn grid(
    values: &[Vec<f64>],
    f: impl Fn(usize, usize, f64) -> Option<f64>,
) -> Vec<Vec<Option<f64>>> {
    values
        .iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .enumerate()
                .map(|(j, &value)| f(i, j, value))
                .collect()
        })
        .collect()
}

fn grid_values(values: &[Vec<f64>], f: impl Fn(f64) -> f64) -> Vec<Vec<f64>> {
    values
        .iter()
        .map(|row| row.iter().map(|&value| f(value)).collect())
        .collect()
}

/// Fisher's test for a 2 x 2 table (after dropping empty rows and columns); Freeman-Halton
/// for a larger one when the chi-square approximation is doubtful and the enumeration fits
/// the work limit.
fn exact_test(
    counts: &[Vec<usize>],
    small_expected: bool,
    work_limit: u64,
    notes: &mut Vec<String>,
) -> Result<Option<ExactTest>> {
    let live_columns: Vec<usize> = (0..counts.first().map_or(0, Vec::len))
        .filter(|&j| counts.iter().any(|row| row[j] > 0))
        .collect();
    let table: Vec<Vec<u64>> = counts
        .iter()
        .filter(|row| row.iter().any(|&count| count > 0))
        .map(|row| live_columns.iter().map(|&j| row[j] as u64).collect())
        .collect();
    if table.len() == 2 && live_columns.len() == 2 {
        let test = fisher_exact_2x2([[table[0][0], table[0][1]], [table[1][0], table[1][1]]])?;
        return Ok(Some(ExactTest {
            method: ExactMethod::Fisher,
            p_value: test.p_value,
        }));
    }
    if !small_expected || work_limit == 0 {
        return Ok(None);
    }
    if let Some(test) = freeman_halton(&table, work_limit)? {
        Ok(Some(ExactTest {
            method: ExactMethod::FreemanHalton,
            p_value: test.p_value,
        }))
    } else {
        notes.push(
            "the Freeman-Halton exact test was not made: too many tables share these margins \
             to enumerate quickly"
                .to_string(),
        );
        Ok(None)
    }
}

impl Crosstab {
    /// Report-ready tables under `policy`: counts with totals (with disclosure control
    /// applied); the chosen percentages with margins; the test of independence; adjusted
    /// standardised residuals; expected counts (the last three only when there is a test).
    /// Every figure worked out from a withheld count (its percentage, residual, and the
    /// expected counts of a withheld total's row or column) is withheld in the other tables
    /// too, so the tables together give nothing back that the counts table withholds.
    #[must_use]
    pub fn tables(&self, percent: PercentOf, policy: &DisclosurePolicy) -> Vec<Table> {
        let title = format!("{} by {}", self.row.text, self.column.text);
        let words = |count: usize| policy.count_words(TableKind::CrossTab, count as u64);
        let caption = format!(
            "Base: all who answered both questions (n = {}){}",
            words(self.respondents),
            if self.not_answered > 0 {
                format!("; {} answered one or neither", words(self.not_answered))
            } else {
                String::new()
            }
        );
        let columns = |role: fn(&str) -> Column, last: Option<Column>| -> Vec<Column> {
            let mut columns = vec![Column::label(&self.row.id)];
            columns.extend(self.column.labels.iter().map(|label| role(label)));
            columns.extend(last);
            columns
        };
        let weighted = self.weighted_counts.is_some();
        // Counts of respondents behind each cell and total: the unweighted counts and their
        // sums (mentions, for a multi-choice question).
        let row_counts: Vec<usize> = self.counts.iter().map(|row| row.iter().sum()).collect();
        let column_counts: Vec<usize> = (0..self.column.labels.len())
            .map(|j| self.counts.iter().map(|row| row[j]).sum())
            .collect();
        let grand: usize = row_counts.iter().sum();
        let amount = |value: f64, count: usize| {
            if weighted {
                Cell::Weighted {
                    value,
                    count: count as u64,
                }
            } else {
                Cell::Count(count as u64)
            }
        };
        let mut tables = Vec::new();

        let mut counts = Table::new(
            format!(
                "{title}: {}",
                if weighted {
                    "weighted counts"
                } else {
                    "counts"
                }
            ),
            &columns(|label| Column::count(label), Some(Column::total("Total"))),
        )
        .with_caption(caption.clone())
        .with_kind(TableKind::CrossTab);
        // Either question may be the groups compared (`engage chart --by` puts them in rows).
        counts.rows_are_groups = true;
        for (i, label) in self.row.labels.iter().enumerate() {
            let mut row = vec![Cell::text(label)];
            for j in 0..self.column.labels.len() {
                let value = self
                    .weighted_counts
                    .as_ref()
                    .map_or(self.counts[i][j] as f64, |weighted| weighted[i][j]);
                row.push(amount(value, self.counts[i][j]));
            }
            row.push(amount(self.row_totals[i], row_counts[i]));
            counts.push(row);
        }
        let mut total_row = vec![Cell::text("Total")];
        for (j, &value) in self.column_totals.iter().enumerate() {
            total_row.push(amount(value, column_counts[j]));
        }
        total_row.push(amount(self.total, grand));
        counts.push_row(RowRole::Total, total_row);
        if self.row.multiple || self.column.multiple {
            counts
                .notes
                .push("counts are mentions: respondents who chose several options are counted once for each".to_string());
        }
        policy.apply(&mut counts);
        // Which cells of the counts table (rows and the total row; columns and the total
        // column) are withheld, for masking the tables worked out from it.
        let withheld = |i: usize, j: usize| {
            matches!(
                counts.rows.get(i).and_then(|row| row.get(j + 1)),
                Some(Cell::Suppressed(_))
            )
        };
        let rows = self.row.labels.len();
        let cols = self.column.labels.len();
        let masked = |cell: Cell, hidden: bool| {
            if hidden {
                Cell::Suppressed(SECONDARY_MARKER.to_string())
            } else {
                cell
            }
        };

        let (matrix, margin_column, margin_row) = {
            let hundred_rows: Vec<Option<f64>> = self
                .row_totals
                .iter()
                .map(|&total| (total > 0.0).then_some(100.0))
                .collect();
            let hundred_columns: Vec<Option<f64>> = self
                .column_totals
                .iter()
                .map(|&total| (total > 0.0).then_some(100.0))
                .collect();
            match percent {
                PercentOf::Row => (
                    &self.row_percents,
                    hundred_rows,
                    self.column_margin_percents.clone(),
                ),
                PercentOf::Column => (
                    &self.column_percents,
                    self.row_margin_percents.clone(),
                    hundred_columns,
                ),
                PercentOf::Total => (
                    &self.total_percents,
                    self.row_margin_percents.clone(),
                    self.column_margin_percents.clone(),
                ),
            }
        };
        let percent_cell = |value: Option<f64>| value.map_or(Cell::Empty, Cell::percent);
        let mut percents = Table::new(
            format!("{title}: {} %", percent.as_str()),
            &columns(|label| Column::value(label), Some(Column::value("Total"))),
        )
        .with_caption(caption.clone())
        .with_kind(TableKind::CrossTab);
        for (i, label) in self.row.labels.iter().enumerate() {
            let mut row = vec![Cell::text(label)];
            row.extend(
                matrix[i]
                    .iter()
                    .enumerate()
                    .map(|(j, &value)| masked(percent_cell(value), withheld(i, j))),
            );
            row.push(masked(percent_cell(margin_column[i]), withheld(i, cols)));
            percents.push(row);
        }
        let mut total_row = vec![Cell::text("Total")];
        total_row.extend(
            margin_row
                .iter()
                .enumerate()
                .map(|(j, &value)| masked(percent_cell(value), withheld(rows, j))),
        );
        total_row.push(percent_cell((self.total > 0.0).then_some(100.0)));
        percents.push_row(RowRole::Total, total_row);
        percents.notes.extend(
            counts
                .notes
                .iter()
                .filter(|note| note.starts_with(&policy.marker()))
                .cloned(),
        );
        tables.push(counts.clone());
        tables.push(percents);

        let mut test = Table::new(
            format!("{title}: test of independence"),
            &[Column::label("Statistic"), Column::value("Value")],
        )
        .with_caption(caption.clone());
        test.notes.clone_from(&self.notes);
        if let Some(chi) = &self.chi_square {
            test.push(vec![
                Cell::text("Chi-square (Pearson)"),
                Cell::number(chi.statistic, 3),
            ]);
            test.push(vec![
                Cell::text("Degrees of freedom"),
                Cell::number(chi.df as f64, 0),
            ]);
            test.push(vec![Cell::text("p-value"), p_value(chi.p_value)]);
            test.push(vec![
                Cell::text("Cramér's V"),
                Cell::number(chi.cramers_v, 3),
            ]);
            test.push(vec![
                Cell::text("Expected counts below 5"),
                Cell::percent(chi.small_expected_share * 100.0),
            ]);
            if let Some(effective) = chi.effective_sample_size {
                test.push(vec![
                    Cell::text("Effective sample size (weighted)"),
                    Cell::number(effective, 1),
                ]);
            }
        }
        if let Some(exact) = &self.exact {
            let name = match exact.method {
                ExactMethod::Fisher => "Fisher's exact test p-value",
                ExactMethod::FreemanHalton => "Freeman-Halton exact test p-value",
            };
            test.push(vec![Cell::text(name), p_value(exact.p_value)]);
        }
        tables.push(test);

        if let Some(chi) = &self.chi_square {
            let mut residuals = Table::new(
                format!("{title}: adjusted standardised residuals"),
                &columns(|label| Column::value(label), None),
            )
            .with_caption(caption.clone())
            .with_kind(TableKind::CrossTab);
            residuals.notes.push(
                "beyond ±1.96 a cell differs from what independence predicts at the 5% level"
                    .to_string(),
            );
            let mut expected = Table::new(
                format!("{title}: expected counts"),
                &columns(|label| Column::value(label), None),
            )
            .with_caption(caption)
            .with_kind(TableKind::CrossTab);
            for (i, label) in self.row.labels.iter().enumerate() {
                let mut row = vec![Cell::text(label)];
                // A residual gives its count back; an expected count gives back its row and
                // column totals.
                row.extend(
                    chi.adjusted_residuals[i]
                        .iter()
                        .enumerate()
                        .map(|(j, &value)| masked(Cell::number(value, 2), withheld(i, j))),
                );
                residuals.push(row);
                let mut row = vec![Cell::text(label)];
                row.extend(chi.expected[i].iter().enumerate().map(|(j, &value)| {
                    masked(
                        Cell::number(value, 1),
                        withheld(i, cols) || withheld(rows, j),
                    )
                }));
                expected.push(row);
            }
            tables.push(residuals);
            tables.push(expected);
        }
        tables
    }
}

impl Crosstab {
    /// The cross-tab as JSON under `policy`: the whole result when the policy withholds
    /// nothing from its table of counts; otherwise the axes, the test and the notes, with the
    /// counts, percentages, residuals and expected counts given only as the published tables
    /// (`tables`), withheld cells as their markers.
    #[must_use]
    pub fn to_json(&self, percent: PercentOf, policy: &DisclosurePolicy) -> serde_json::Value {
        let tables = self.tables(percent, policy);
        if !tables.iter().any(Table::has_withheld) {
            return serde_json::to_value(self).unwrap_or_default();
        }
        serde_json::json!({
            "row": self.row,
            "column": self.column,
            "withheld": true,
            "tables": tables,
            "chi_square": self.chi_square.as_ref().map(|chi| serde_json::json!({
                "statistic": chi.statistic,
                "df": chi.df,
                "p_value": chi.p_value,
                "cramers_v": chi.cramers_v,
                "small_expected_share": chi.small_expected_share,
                "small_expected_warning": chi.small_expected_warning,
                "assumptions_hold": chi.assumptions_hold,
            })),
            "exact": self.exact,
            "notes": self.notes,
        })
    }
}

/// A p-value to four decimals, or `<0.0001` when it would show as 0.
fn p_value(p: f64) -> Cell {
    if p < 0.000_05 {
        Cell::text(p_words(p))
    } else {
        Cell::number(p, 4)
    }
}

/// A p-value in words: four decimals, or `<0.0001` when it would show as 0.
#[must_use]
pub fn p_words(p: f64) -> String {
    if p < 0.000_05 {
        "<0.0001".to_string()
    } else {
        format!("{p:.4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::testing::{Values, dataset, question, repeat};

    #[track_caller]
    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
            "expected {expected}, found {actual}"
        );
    }

    /// Two yes/no questions as a 2 x 2 table: Yes-Yes 3, Yes-No 1, No-Yes 1, No-No 3, and
    /// two respondents who skipped one question.
    fn tea() -> Dataset {
        dataset(vec![
            (
                question("guess", QuestionType::YesNo, &["Yes", "No"]),
                Values::Text(repeat(&[("Yes", 4), ("No", 4), ("", 1), ("Yes", 1)])),
            ),
            (
                question("truth", QuestionType::YesNo, &["Yes", "No"]),
                Values::Text(repeat(&[
                    ("Yes", 3),
                    ("No", 1),
                    ("Yes", 1),
                    ("No", 3),
                    ("Yes", 1),
                    ("", 1),
                ])),
            ),
        ])
    }

    /// The tea-tasting table [[3, 1], [1, 3]] by hand: every expected count is 4 × 4 / 8 = 2,
    /// so X² = 4 × (3 - 2)² / 2 = 2 on 1 df, p = P(χ²₁ ≥ 2) = erfc(1) = 0.157299207050285;
    /// V = √(2 / 8) = 0.5; each adjusted residual ±1 / √(2 × ½ × ½) = ±√2. Fisher's exact
    /// two-sided p is 17/35 (R `fisher.test(TeaTasting)`: 0.4857). Row and column percents
    /// 75 / 25; all four expected counts are below 5, so the warning is given.
    #[test]
    fn the_tea_tasting_table_by_hand() {
        let table = crosstab(&tea(), "guess", "truth", &CrosstabOptions::default()).unwrap();
        assert_eq!(table.counts, [[3, 1], [1, 3]]);
        assert_eq!(table.respondents, 8);
        assert_eq!(table.not_answered, 2);
        assert_eq!(table.row_totals, [4.0, 4.0]);
        assert_eq!(table.row_percents[0], [Some(75.0), Some(25.0)]);
        assert_eq!(table.column_percents[1], [Some(25.0), Some(75.0)]);
        assert_eq!(table.total_percents[0][0], Some(37.5));
        assert_eq!(table.row_margin_percents, [Some(50.0), Some(50.0)]);
        let chi = table.chi_square.as_ref().unwrap();
        close(chi.statistic, 2.0);
        assert_eq!(chi.df, 1);
        close(chi.p_value, 0.157_299_207_050_285_13);
        close(chi.cramers_v, 0.5);
        assert_eq!(chi.expected, [[2.0, 2.0], [2.0, 2.0]]);
        close(chi.adjusted_residuals[0][0], 2f64.sqrt());
        close(chi.adjusted_residuals[0][1], -(2f64.sqrt()));
        assert!(chi.small_expected_warning);
        assert!(chi.assumptions_hold);
        let exact = table.exact.as_ref().unwrap();
        assert_eq!(exact.method, ExactMethod::Fisher);
        close(exact.p_value, 17.0 / 35.0);
        assert!(table.notes[0].starts_with("100% of expected counts are below 5"));
    }

    /// Weights of 2 for everyone double the counts but not the evidence: the test runs on
    /// counts rescaled to the effective sample size (8), so X² is still 2; no exact test.
    #[test]
    fn constant_weights_do_not_inflate_the_test() {
        let options = CrosstabOptions::default().with_weights(vec![2.0; 10]);
        let table = crosstab(&tea(), "guess", "truth", &options).unwrap();
        assert_eq!(table.weighted_counts.as_ref().unwrap()[0][0], 6.0);
        assert_eq!(table.total, 16.0);
        assert_eq!(table.row_percents[0][0], Some(75.0));
        let chi = table.chi_square.as_ref().unwrap();
        close(chi.statistic, 2.0);
        close(chi.effective_sample_size.unwrap(), 8.0);
        assert_eq!(table.exact, None);
    }

    /// A multi-choice row question counts mentions and flags the test. Respondents:
    /// {A, B} × X, {A} × Y, {B} × Y, {A} × X. Mentions: A-X 2, A-Y 1, B-X 1, B-Y 1.
    #[test]
    fn multi_choice_counts_mentions_and_says_the_test_does_not_hold() {
        let data = dataset(vec![
            (
                question("used", QuestionType::MultiChoice, &["A", "B"]),
                Values::List(vec![
                    Some(vec!["A", "B"]),
                    Some(vec!["A"]),
                    Some(vec!["B"]),
                    Some(vec!["A"]),
                ]),
            ),
            (
                question("group", QuestionType::SingleChoice, &["X", "Y"]),
                Values::Text(vec![Some("X"), Some("Y"), Some("Y"), Some("X")]),
            ),
        ]);
        let table = crosstab(&data, "used", "group", &CrosstabOptions::default()).unwrap();
        assert_eq!(table.counts, [[2, 1], [1, 1]]);
        assert_eq!(table.respondents, 4);
        assert_eq!(table.total, 5.0);
        assert!(!table.chi_square.as_ref().unwrap().assumptions_hold);
        assert_eq!(table.exact, None);
        assert!(table.notes[0].contains("does not hold"));
    }

    #[test]
    fn free_text_is_refused_with_a_reason() {
        let data = dataset(vec![
            (
                question("why", QuestionType::FreeText, &[]),
                Values::Text(vec![Some("because")]),
            ),
            (
                question("group", QuestionType::SingleChoice, &["X"]),
                Values::Text(vec![Some("X")]),
            ),
        ]);
        let error = crosstab(&data, "why", "group", &CrosstabOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "question \"why\": a cross-tab needs categorical questions, and this is free text, \
             whose answers are not categories"
        );
        assert!(error.hint().unwrap().contains("themes"));
        let error = crosstab(&data, "grop", "why", &CrosstabOptions::default()).unwrap_err();
        assert_eq!(error.hint(), Some("did you mean \"group\"?"));
        assert!(error.to_string().contains("the questions are: why, group"));
    }

    /// Regression guard: nobody answered both, so there are no percentages and no test, and
    /// nothing is NaN.
    #[test]
    fn an_empty_table_has_no_test_and_no_nan() {
        let data = dataset(vec![
            (
                question("a", QuestionType::YesNo, &["Yes", "No"]),
                Values::Text(vec![Some("Yes"), None]),
            ),
            (
                question("b", QuestionType::YesNo, &["Yes", "No"]),
                Values::Text(vec![None, Some("No")]),
            ),
        ]);
        let table = crosstab(&data, "a", "b", &CrosstabOptions::default()).unwrap();
        assert_eq!(table.total, 0.0);
        assert_eq!(table.row_percents[0][0], None);
        assert_eq!(table.chi_square, None);
        assert!(table.notes[0].starts_with("no test of independence"));
        let text = format!(
            "{table:?}{:?}",
            table.tables(PercentOf::Row, &DisclosurePolicy::none())
        );
        assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    }

    /// A 2 x 3 table with small counts gets the Freeman-Halton test. [[3, 1, 0], [0, 2, 4]]:
    /// every expected count is below 5 (1.2 to 2.4); by enumeration of the 13 tables with these
    /// margins in exact rationals, P(observed) = 1/70 and p = 1/30
    /// (testdata/oracles/stats-oracles.md 4d).
    #[test]
    fn small_r_by_c_tables_get_freeman_halton() {
        let data = dataset(vec![
            (
                question("a", QuestionType::SingleChoice, &["P", "Q"]),
                Values::Text(repeat(&[("P", 4), ("Q", 6)])),
            ),
            (
                question("b", QuestionType::SingleChoice, &["X", "Y", "Z"]),
                Values::Text(repeat(&[("X", 3), ("Y", 1), ("Y", 2), ("Z", 4)])),
            ),
        ]);
        let table = crosstab(&data, "a", "b", &CrosstabOptions::default()).unwrap();
        assert_eq!(table.counts, [[3, 1, 0], [0, 2, 4]]);
        let exact = table.exact.as_ref().expect("an exact test");
        assert_eq!(exact.method, ExactMethod::FreemanHalton);
        close(exact.p_value, 1.0 / 30.0);
        // With the work limit at 1 the enumeration gives up, and says so.
        let options = CrosstabOptions::default().with_exact_work_limit(1);
        let table = crosstab(&data, "a", "b", &options).unwrap();
        assert_eq!(table.exact, None);
        assert!(
            table
                .notes
                .iter()
                .any(|note| note.contains("Freeman-Halton"))
        );
    }
}
