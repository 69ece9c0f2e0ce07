//! What people told us, question by question: counts and percentages with 95% intervals for
//! choice questions, Likert distributions with top-box, net, mean and median, numeric and date
//! summaries, free-text answer rates, every one optionally split by a profile question and
//! weighted; and cross-tabulations of two questions with their tests.
//!
//! - [`summarise`] with [`SummaryOptions`] gives a [`Summary`]: one [`QuestionSummary`] per
//!   question, each with a [`Section`] for everyone and one per group of the `by` question.
//!   [`Summary::tables`] lays it out as report-ready [`Table`](crate::table::Table)s and [`Summary::to_wire`] as the
//!   stable JSON of `engage summary --format json` ([`wire`]).
//! - [`crosstab()`] with [`CrosstabOptions`] gives a [`Crosstab`]: counts, percentages with
//!   margins, the chi-square test with expected counts and adjusted residuals, Cramér's V and an
//!   exact test where one is cheap.
//!
//! Conventions:
//! - A base is the respondents who answered (in the section, for a split). Percentages are 0 to
//!   100 and `None` when the base is 0: no figure in a summary is NaN or infinite.
//! - Intervals are 95% Wilson score intervals; with weights, on Kish's effective sample size of
//!   the base (see [`crate::stats::weighting::weighted_proportion`]).
//! - Counts are always the unweighted numbers of respondents; weighted results add weighted
//!   counts and make the percentages weighted.
//!
//! ```
//! use engage_core::{read_reader, IngestOptions};
//! use engage_core::summary::{summarise, Detail, SummaryOptions};
//!
//! let csv = "Respondent,Which best describes you?\n1,Resident\n2,Patient\n3,Resident\n4,\n";
//! let dataset = read_reader(csv.as_bytes(), "consultation.csv", &IngestOptions::default())?;
//! let summary = summarise(&dataset, &SummaryOptions::default())?;
//! let capacity = &summary.questions[0];
//! assert_eq!(capacity.all.base.count, 3);
//! assert_eq!(capacity.all.no_answer, 1);
//! let Detail::Choice(choice) = &capacity.all.detail else { unreachable!() };
//! assert_eq!(choice.options[0].label, "Resident");
//! assert_eq!(choice.options[0].count, 2);
//! # Ok::<(), engage_core::Error>(())
//! ```

pub mod choice;
pub mod crosstab;
pub mod date;
pub mod likert;
pub mod numeric;
pub mod present;
mod tables;
pub mod text;
pub mod wire;

use serde::Serialize;

use crate::dataset::{Answers, Dataset};
use crate::error::{Error, Location, Result};
use crate::schema::{Question, QuestionType};
use crate::stats::proportion::{Z_95, wilson_for_proportion};

pub use choice::{ChoiceSummary, MultiChoiceSummary, RankedOption, RankingSummary};
pub use crosstab::{Crosstab, CrosstabOptions, PercentOf, crosstab};
pub use date::DateSummary;
pub use likert::{LikertSummary, NetPromoter};
pub use numeric::NumericResult;
pub use tables::date_periods;
pub use text::TextSummary;

/// What to summarise and how.
///
/// ```
/// use engage_core::summary::SummaryOptions;
///
/// let options = SummaryOptions::default()
///     .with_question("q5")
///     .with_by("age")
///     .with_weights(vec![1.0, 0.5, 2.0]);
/// assert_eq!(options.questions, ["q5"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SummaryOptions {
    /// The questions to summarise, in this order. Default: empty, meaning every question but
    /// metadata and personal data, in questionnaire order.
    pub questions: Vec<String>,
    /// Questions to leave out of the default list (a weight column, say). Default: none.
    pub exclude: Vec<String>,
    /// A categorical question (usually a respondent-profile question) to split every summary
    /// by: one section per group, each with its own base. Default: none.
    pub by: Option<String>,
    /// One weight per respondent (finite, at least 0), in the dataset's row order: from a
    /// weight column ([`weights_from_column`]) or from raking. Default: none (unweighted).
    pub weights: Option<Vec<f64>>,
}

impl SummaryOptions {
    /// Adds a question to summarise (default: every substantive question).
    #[must_use]
    pub fn with_question(mut self, id: impl Into<String>) -> SummaryOptions {
        self.questions.push(id.into());
        self
    }

    /// Sets the questions to summarise, in order (default: every substantive question).
    #[must_use]
    pub fn with_questions(mut self, ids: Vec<String>) -> SummaryOptions {
        self.questions = ids;
        self
    }

    /// Leaves a question out of the default list (default: none left out).
    #[must_use]
    pub fn without(mut self, id: impl Into<String>) -> SummaryOptions {
        self.exclude.push(id.into());
        self
    }

    /// Splits every summary by this question's groups (default: no split).
    #[must_use]
    pub fn with_by(mut self, id: impl Into<String>) -> SummaryOptions {
        self.by = Some(id.into());
        self
    }

    /// Weights the estimates, one weight per respondent (default: unweighted).
    #[must_use]
    pub fn with_weights(mut self, weights: Vec<f64>) -> SummaryOptions {
        self.weights = Some(weights);
        self
    }
}

/// The summaries of a dataset's questions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Respondents in the dataset.
    pub respondents: usize,
    /// The question the summaries are split by, with its groups; `None` without a split.
    pub by: Option<Split>,
    /// The weights used, summarised; `None` when unweighted.
    pub weighting: Option<Weighting>,
    /// One summary per question, in the order asked for.
    pub questions: Vec<QuestionSummary>,
}

/// The question summaries are split by, and its groups.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Split {
    /// The question's id.
    pub id: String,
    /// The question's wording.
    pub text: String,
    /// The groups, in the question's option order ("Other" last), leaving out groups nobody
    /// is in.
    pub groups: Vec<Group>,
    /// Respondents who did not answer the `by` question: in the overall figures, in no group.
    pub unassigned: usize,
    /// True when a respondent can be in several groups (a multi-choice `by` question), so the
    /// groups' bases add up to more than the whole.
    pub overlapping: bool,
}

/// One group of a split.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    /// The group's label (an option of the `by` question).
    pub label: String,
    /// Respondents in the group.
    pub respondents: usize,
}

/// Kish's summary of the weights used.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Weighting {
    /// Σ w over all respondents.
    pub total: f64,
    /// Kish's effective sample size (Σ w)² / Σ w² of all respondents.
    pub effective_sample_size: f64,
    /// Kish's design effect n Σ w² / (Σ w)²; `None` when the weights sum to 0.
    pub design_effect: Option<f64>,
}

/// One question's summary: for everyone, and per group of the split.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionSummary {
    /// The question's id.
    pub id: String,
    /// The question's wording.
    pub text: String,
    /// For an item of a grouped question (a grid's row), its label: see [`Question::item`].
    pub item: Option<String>,
    /// The question's type.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// True for a respondent-profile question (age, ethnic group...), whose tables disclosure
    /// control covers by default.
    pub profile: bool,
    /// Everyone.
    pub all: Section,
    /// One section per group of [`Summary::by`], in the same order; empty without a split.
    pub groups: Vec<Section>,
}

/// A question summarised over one set of respondents (everyone, or one group).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    /// "All", or the group's label.
    pub label: String,
    /// Respondents in the section.
    pub respondents: usize,
    /// Who answered: the base of the section's percentages.
    pub base: Base,
    /// Respondents in the section who did not answer.
    pub no_answer: usize,
    /// The figures, by question type.
    pub detail: Detail,
    /// Notes a reader needs (percentages that add to more than 100%, values out of range,
    /// answers not on the scale).
    pub notes: Vec<String>,
}

/// A base: respondents counted, and with weights their weighted and effective number.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Base {
    /// Respondents in the base.
    pub count: usize,
    /// Σ w over them; `None` when unweighted.
    pub weighted: Option<f64>,
    /// Kish's effective sample size (Σ w)² / Σ w² of them, which the intervals use; `None`
    /// when unweighted.
    pub effective: Option<f64>,
}

/// The figures of a section, by question type.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
// A summary holds one `Detail` per question and group, a few hundred at most; boxing the
// larger variants would save little memory and make every match on them clumsier.
#[allow(clippy::large_enum_variant)]
pub enum Detail {
    /// Single choice and yes/no: one answer per respondent.
    Choice(ChoiceSummary),
    /// Multi-choice: several answers per respondent.
    MultiChoice(MultiChoiceSummary),
    /// A Likert item.
    Likert(LikertSummary),
    /// A ranking.
    Ranking(RankingSummary),
    /// A number.
    Numeric(NumericResult),
    /// A date.
    Date(DateSummary),
    /// Free text (and text metadata): how many answered.
    Text(TextSummary),
}

/// An option (or a group of options, such as a top box) with its count, percentage and 95%
/// interval.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptionEstimate {
    /// The option's label.
    pub label: String,
    /// Respondents who chose it (unweighted).
    pub count: usize,
    /// Σ w over them; `None` when unweighted.
    pub weighted_count: Option<f64>,
    /// The (weighted) percentage of the base, 0 to 100; `None` when the base is 0.
    pub percent: Option<f64>,
    /// The lower 95% Wilson limit, 0 to 100; `None` when the base is 0.
    pub ci_low: Option<f64>,
    /// The upper 95% Wilson limit, 0 to 100; `None` when the base is 0.
    pub ci_high: Option<f64>,
}

/// Who is in a base: the unweighted count and the sums a weighted estimate needs. Unweighted,
/// every weight is 1, so the total is the count and the effective size is the count.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Tally {
    pub(crate) count: usize,
    pub(crate) total: f64,
    pub(crate) sum_of_squares: f64,
}

impl Tally {
    /// Adds a respondent with this weight.
    pub(crate) fn add(&mut self, weight: f64) {
        self.count += 1;
        self.total += weight;
        self.sum_of_squares += weight * weight;
    }

    /// Kish's effective sample size; 0 for an empty (or all-zero) base.
    pub(crate) fn effective(&self) -> f64 {
        if self.total > 0.0 {
            self.total * self.total / self.sum_of_squares
        } else {
            0.0
        }
    }

    /// The base as reported.
    pub(crate) fn base(&self, weighted: bool) -> Base {
        Base {
            count: self.count,
            weighted: weighted.then_some(self.total),
            effective: weighted.then(|| self.effective()),
        }
    }

    /// `part` of this base as an estimate with a Wilson interval. `part` is a count of
    /// respondents in the base and its weighted total.
    pub(crate) fn estimate(
        &self,
        label: impl Into<String>,
        part: &Tally,
        weighted: bool,
    ) -> OptionEstimate {
        let (percent, ci_low, ci_high) = match self.proportion(part) {
            Some(proportion) => {
                // The interval of a valid proportion with a non-negative n cannot fail.
                let interval = wilson_for_proportion(proportion, self.effective(), Z_95).ok();
                (
                    finite(proportion * 100.0),
                    interval.and_then(|interval| finite(interval.lower * 100.0)),
                    interval.and_then(|interval| finite(interval.upper * 100.0)),
                )
            }
            None => (None, None, None),
        };
        OptionEstimate {
            label: label.into(),
            count: part.count,
            weighted_count: weighted.then_some(part.total),
            percent,
            ci_low,
            ci_high,
        }
    }

    /// `part`'s share of this base, 0 to 1; `None` for an empty base. Unweighted, this is
    /// count / base, computed as a spreadsheet or pandas does so percentages match theirs to
    /// the last digit.
    pub(crate) fn proportion(&self, part: &Tally) -> Option<f64> {
        if self.count == 0 || self.total <= 0.0 {
            return None;
        }
        Some((part.total / self.total).clamp(0.0, 1.0))
    }
}

/// `Some(value)` when it is finite: the last guard that keeps NaN and infinity out.
pub(crate) fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

/// True for a catch-all "Other" option, which summaries list last.
#[must_use]
pub fn is_other_option(label: &str) -> bool {
    // The scale normaliser keeps hyphens (for "0-10"); here "Other - write in" is "other
    // write in".
    let label = crate::schema::scale::normalise(label)
        .split([' ', '-'])
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    matches!(
        label.as_str(),
        "other" | "others" | "something else" | "other not listed" | "any other"
    ) || [
        "other please",
        "other specify",
        "other write in",
        "other type",
    ]
    .iter()
    .any(|prefix| label.starts_with(prefix))
}

/// A categorical question's labels in the order summaries show them: the form's options,
/// then answers that are not among them (most frequent first), with catch-all "Other"
/// options moved to the end. Likert items keep their scale order.
pub(crate) fn ordered_labels(question: &Question, answers: &[Option<Vec<&str>>]) -> Vec<String> {
    let mut labels: Vec<String> = question.options.clone();
    let mut extra: Vec<(String, usize)> = Vec::new();
    for items in answers.iter().flatten() {
        for item in items {
            if labels.iter().any(|label| label == item) {
                continue;
            }
            match extra.iter_mut().find(|(label, _)| label == item) {
                Some((_, count)) => *count += 1,
                None => extra.push(((*item).to_string(), 1)),
            }
        }
    }
    extra.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    labels.extend(extra.into_iter().map(|(label, _)| label));
    if question.kind != QuestionType::Likert {
        let (others, rest): (Vec<String>, Vec<String>) =
            labels.into_iter().partition(|label| is_other_option(label));
        labels = rest;
        labels.extend(others);
    }
    labels
}

/// The weights of a dataset's numeric column, checked: one per respondent, each a finite
/// number of at least 0. A missing or negative weight is an error naming its row.
pub fn weights_from_column(dataset: &Dataset, id: &str) -> Result<Vec<f64>> {
    let question = dataset.question(id)?;
    if question.kind.is_categorical() || question.kind == QuestionType::FreeText {
        return Err(Error::unsupported(
            Location::default().with_question(id),
            format!(
                "weights must be a numeric column, found a {} question",
                question.kind
            ),
        ));
    }
    let values = dataset.numbers(id).map_err(|_| {
        Error::unsupported(
            Location::default().with_question(id),
            format!(
                "weights must be a numeric column, found a {} question",
                question.kind
            ),
        )
    })?;
    let texts = dataset.texts(id)?;
    let column = question
        .columns
        .first()
        .cloned()
        .unwrap_or_else(|| id.to_string());
    let mut weights = Vec::with_capacity(values.len());
    for (index, value) in values.into_iter().enumerate() {
        let location = dataset.source().location(index).with_column(&column);
        match value {
            Some(weight) if weight.is_finite() && weight >= 0.0 => weights.push(weight),
            Some(weight) => {
                return Err(Error::data(
                    location,
                    format!("expected a weight of at least 0, found {weight}"),
                ));
            }
            None => {
                let found = texts[index]
                    .as_deref()
                    .map_or_else(|| "nothing".to_string(), |text| format!("\"{text}\""));
                return Err(Error::data(
                    location,
                    format!("expected a weight (a number of at least 0), found {found}"),
                ));
            }
        }
    }
    Ok(weights)
}

/// Checks weights given in options: one per respondent, finite, at least 0.
pub(crate) fn check_weights(dataset: &Dataset, weights: &[f64]) -> Result<()> {
    if weights.len() != dataset.respondents() {
        return Err(Error::data(
            Location::default(),
            format!(
                "expected one weight per respondent ({}), found {} weights",
                dataset.respondents(),
                weights.len()
            ),
        ));
    }
    for (index, &weight) in weights.iter().enumerate() {
        if !(weight.is_finite() && weight >= 0.0) {
            let location = dataset.source().location(index);
            return Err(Error::data(
                location,
                format!(
                    "weight of respondent {}: expected a finite number of at least 0, found {weight}",
                    index + 1
                ),
            ));
        }
    }
    Ok(())
}

/// Summarises questions, optionally split by a categorical question and weighted.
pub fn summarise(dataset: &Dataset, options: &SummaryOptions) -> Result<Summary> {
    let SummaryOptions {
        questions,
        exclude,
        by,
        weights,
    } = options;
    let weights = weights.as_deref();
    if let Some(weights) = weights {
        check_weights(dataset, weights)?;
    }
    let chosen: Vec<&Question> = if questions.is_empty() {
        for id in exclude {
            dataset.question(id)?;
        }
        dataset
            .schema()
            .substantive()
            .filter(|question| !exclude.contains(&question.id))
            .collect()
    } else {
        questions
            .iter()
            .map(|id| dataset.question(id))
            .collect::<Result<_>>()?
    };
    for question in &chosen {
        if question.kind == QuestionType::Personal {
            return Err(Error::unsupported(
                Location::default().with_question(&question.id),
                "personal data (names, emails, phone numbers, addresses, locations) is never summarised",
            ));
        }
    }
    let everyone: Vec<usize> = (0..dataset.respondents()).collect();
    let split = match by {
        Some(id) => Some(split_by(dataset, id)?),
        None => None,
    };
    let mut summaries = Vec::with_capacity(chosen.len());
    for question in chosen {
        let answers = QuestionAnswers::read(dataset, question)?;
        let all = answers.section("All", &everyone, weights);
        let groups = split
            .as_ref()
            .map(|(_, members)| {
                members
                    .iter()
                    .map(|(label, rows)| answers.section(label, rows, weights))
                    .collect()
            })
            .unwrap_or_default();
        summaries.push(QuestionSummary {
            id: question.id.clone(),
            text: question.text.clone(),
            item: question.item.clone(),
            kind: question.kind,
            profile: question.profile.is_some(),
            all,
            groups,
        });
    }
    let weighting = weights.map(|weights| {
        let mut tally = Tally::default();
        for &weight in weights {
            tally.add(weight);
        }
        Weighting {
            total: tally.total,
            effective_sample_size: tally.effective(),
            design_effect: (tally.total > 0.0)
                .then(|| tally.count as f64 * tally.sum_of_squares / (tally.total * tally.total))
                .and_then(finite),
        }
    });
    Ok(Summary {
        respondents: dataset.respondents(),
        by: split.map(|(split, _)| split),
        weighting,
        questions: summaries,
    })
}

/// Each group's label and the respondents (row indexes) in it.
type GroupRows = Vec<(String, Vec<usize>)>;

/// The groups of a `by` question and the respondents (row indexes) in each.
fn split_by(dataset: &Dataset, id: &str) -> Result<(Split, GroupRows)> {
    let question = dataset.question(id)?;
    if !matches!(
        question.kind,
        QuestionType::SingleChoice
            | QuestionType::YesNo
            | QuestionType::Likert
            | QuestionType::MultiChoice
    ) {
        return Err(Error::unsupported(
            Location::default().with_question(id),
            format!(
                "summaries can be split by a single-choice, yes/no, Likert or multi-choice \
                 question, found a {} question",
                question.kind
            ),
        )
        .with_hint("choose a respondent-profile question such as age band or capacity"));
    }
    let answers = dataset.choices(id)?;
    let labels = ordered_labels(question, &answers);
    let mut members: Vec<(String, Vec<usize>)> = labels
        .into_iter()
        .map(|label| (label, Vec::new()))
        .collect();
    let mut unassigned = 0;
    for (row, items) in answers.iter().enumerate() {
        match items {
            Some(items) if !items.is_empty() => {
                for (label, rows) in &mut members {
                    if items.contains(&label.as_str()) {
                        rows.push(row);
                    }
                }
            }
            _ => unassigned += 1,
        }
    }
    members.retain(|(_, rows)| !rows.is_empty());
    let split = Split {
        id: question.id.clone(),
        text: question.text.clone(),
        groups: members
            .iter()
            .map(|(label, rows)| Group {
                label: label.clone(),
                respondents: rows.len(),
            })
            .collect(),
        unassigned,
        overlapping: question.kind == QuestionType::MultiChoice,
    };
    Ok((split, members))
}

/// One question's answers, read once and summarised per section.
enum QuestionAnswers<'a> {
    Choice(&'a Question, Vec<Option<Vec<&'a str>>>, Vec<String>),
    Numbers(&'a Question, Vec<Option<f64>>),
    Dates(Vec<Option<chrono::NaiveDateTime>>),
    Text(Vec<bool>),
}

impl<'a> QuestionAnswers<'a> {
    fn read(dataset: &'a Dataset, question: &'a Question) -> Result<QuestionAnswers<'a>> {
        let id = question.id.as_str();
        Ok(match question.kind {
            QuestionType::SingleChoice
            | QuestionType::YesNo
            | QuestionType::Likert
            | QuestionType::MultiChoice
            | QuestionType::Ranking => {
                let answers = dataset.choices(id)?;
                let labels = ordered_labels(question, &answers);
                QuestionAnswers::Choice(question, answers, labels)
            }
            QuestionType::Numeric => QuestionAnswers::Numbers(question, dataset.numbers(id)?),
            QuestionType::Date => QuestionAnswers::Dates(dataset.dates(id)?),
            QuestionType::FreeText | QuestionType::Personal => {
                QuestionAnswers::Text(dataset.answered(id)?)
            }
            // Metadata is summarised by what its column holds: submission times by month,
            // durations as numbers, anything else as text answered.
            QuestionType::Metadata => match dataset.answers(id)? {
                Answers::Date(_) => QuestionAnswers::Dates(dataset.dates(id)?),
                Answers::Number(_) => QuestionAnswers::Numbers(question, dataset.numbers(id)?),
                Answers::Text(_) | Answers::List(_) => QuestionAnswers::Text(dataset.answered(id)?),
            },
        })
    }

    fn section(&self, label: &str, rows: &[usize], weights: Option<&[f64]>) -> Section {
        let weight = |row: usize| weights.map_or(1.0, |weights| weights[row]);
        let weighted = weights.is_some();
        let mut base = Tally::default();
        let (detail, notes) = match self {
            QuestionAnswers::Choice(question, answers, labels) => {
                let answered: Vec<(Vec<&str>, f64)> = rows
                    .iter()
                    // An empty list is an answer: a multi-choice question answered "No" to
                    // every option (LimeSurvey, one column per option) or "none of these".
                    .filter_map(|&row| {
                        answers[row]
                            .as_ref()
                            .map(|items| (items.clone(), weight(row)))
                    })
                    .collect();
                for (_, weight) in &answered {
                    base.add(*weight);
                }
                match question.kind {
                    QuestionType::Likert => {
                        likert::summarise(question, labels, &answered, weighted)
                    }
                    QuestionType::MultiChoice => choice::multi(labels, &answered, weighted),
                    QuestionType::Ranking => choice::ranking(labels, &answered, weighted),
                    _ => choice::single(labels, &answered, weighted),
                }
            }
            QuestionAnswers::Numbers(question, values) => {
                let answered: Vec<(f64, f64)> = rows
                    .iter()
                    .filter_map(|&row| values[row].map(|value| (value, weight(row))))
                    .collect();
                for (_, weight) in &answered {
                    base.add(*weight);
                }
                numeric::summarise(&answered, question.range, weighted)
            }
            QuestionAnswers::Dates(values) => {
                let answered: Vec<(chrono::NaiveDateTime, f64)> = rows
                    .iter()
                    .filter_map(|&row| values[row].map(|value| (value, weight(row))))
                    .collect();
                for (_, weight) in &answered {
                    base.add(*weight);
                }
                date::summarise(&answered, weighted)
            }
            QuestionAnswers::Text(answered) => {
                let mut everyone = Tally::default();
                for &row in rows {
                    everyone.add(weight(row));
                    if answered[row] {
                        base.add(weight(row));
                    }
                }
                text::summarise(&everyone, &base, weighted)
            }
        };
        Section {
            label: label.to_string(),
            respondents: rows.len(),
            base: base.base(weighted),
            no_answer: rows.len() - base.count,
            detail,
            notes,
        }
    }
}

impl Summary {
    /// The stable JSON form ([`wire::SummaryJson`]) that `engage summary --format json` prints,
    /// with the figures `policy` withholds as `null` (see [`wire::SummaryJson::disclosed`]).
    #[must_use]
    pub fn to_wire(&self, policy: &crate::privacy::DisclosurePolicy) -> wire::SummaryJson {
        wire::SummaryJson::disclosed(self, policy)
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small datasets built column by column, and a tolerance check, for the summary tests.

    use polars::prelude::DataFrame;

    use crate::dataset::{Dataset, Source, build};
    use crate::schema::{Question, QuestionType, Schema};

    /// Asserts `actual` is within 1e-9 of `expected`.
    #[track_caller]
    pub(crate) fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a value");
        assert!(
            (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
            "expected {expected}, found {actual}"
        );
    }

    /// A column of a test dataset.
    pub(crate) enum Values {
        Text(Vec<Option<&'static str>>),
        List(Vec<Option<Vec<&'static str>>>),
        Number(Vec<Option<f64>>),
        Date(Vec<Option<chrono::NaiveDateTime>>),
    }

    /// A dataset of these questions and columns.
    pub(crate) fn dataset(columns: Vec<(Question, Values)>) -> Dataset {
        let mut frame_columns = Vec::new();
        let mut questions = Vec::new();
        let mut height = 0;
        for (question, values) in columns {
            let column = match values {
                Values::Text(values) => {
                    height = values.len();
                    let values: Vec<Option<String>> = values
                        .into_iter()
                        .map(|value| value.map(str::to_string))
                        .collect();
                    build::text(&question.id, &values)
                }
                Values::List(values) => {
                    height = values.len();
                    let values: Vec<Option<Vec<String>>> = values
                        .into_iter()
                        .map(|value| {
                            value.map(|items| items.into_iter().map(str::to_string).collect())
                        })
                        .collect();
                    build::list(&question.id, &values)
                }
                Values::Number(values) => {
                    height = values.len();
                    build::number(&question.id, &values)
                }
                Values::Date(values) => {
                    height = values.len();
                    build::date(&question.id, &values)
                }
            };
            frame_columns.push(column);
            questions.push(question);
        }
        let frame = DataFrame::new(height, frame_columns).expect("a frame");
        let source = Source {
            file: "test.csv".to_string(),
            rows: (2..height + 2).collect(),
            ..Source::default()
        };
        Dataset::new(frame, Schema::new(questions), source).expect("a dataset")
    }

    /// A question with options.
    pub(crate) fn question(id: &str, kind: QuestionType, options: &[&str]) -> Question {
        Question::new(id, format!("Question {id}?"), kind)
            .with_options(options.iter().map(|option| (*option).to_string()).collect())
    }

    /// `label` repeated `count` times, for building answer columns from counts.
    pub(crate) fn repeat(pairs: &[(&'static str, usize)]) -> Vec<Option<&'static str>> {
        let mut out = Vec::new();
        for &(label, count) in pairs {
            out.extend(std::iter::repeat_n(
                if label.is_empty() { None } else { Some(label) },
                count,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::testing::{Values, close, dataset, question, repeat};
    use super::*;
    use crate::privacy::disclosure::DisclosurePolicy;
    use crate::table::Cell;

    fn day(month: u32, day: u32) -> Option<chrono::NaiveDateTime> {
        NaiveDate::from_ymd_opt(2024, month, day)?.and_hms_opt(0, 0, 0)
    }

    /// Six respondents, one question of every kind, and a question nobody answered.
    fn survey() -> Dataset {
        let mut visits = question("visits", QuestionType::Numeric, &[]);
        visits.range = Some([0.0, 30.0]);
        let mut agree = question(
            "agree",
            QuestionType::Likert,
            &[
                "Disagree",
                "Neither agree nor disagree",
                "Agree",
                "Don't know",
            ],
        );
        agree.scale = Some(crate::Scale::from_labels(&agree.options));
        dataset(vec![
            (
                question("id", QuestionType::Metadata, &[]),
                Values::Text(vec![
                    Some("1"),
                    Some("2"),
                    Some("3"),
                    Some("4"),
                    Some("5"),
                    Some("6"),
                ]),
            ),
            (
                question("email", QuestionType::Personal, &[]),
                Values::Text(vec![Some("a@b.uk"), None, None, None, None, None]),
            ),
            (
                question(
                    "capacity",
                    QuestionType::SingleChoice,
                    &["Resident", "Staff"],
                ),
                Values::Text(repeat(&[("Resident", 4), ("Staff", 1), ("", 1)])),
            ),
            (
                question("used", QuestionType::MultiChoice, &["GP", "Pharmacy"]),
                Values::List(vec![
                    Some(vec!["GP", "Pharmacy"]),
                    Some(vec!["GP"]),
                    None,
                    Some(vec!["Pharmacy"]),
                    Some(vec![]),
                    Some(vec!["GP"]),
                ]),
            ),
            (
                agree,
                Values::Text(vec![
                    Some("Agree"),
                    Some("Agree"),
                    Some("Disagree"),
                    Some("Don't know"),
                    Some("Neither agree nor disagree"),
                    None,
                ]),
            ),
            (
                visits,
                Values::Number(vec![
                    Some(1.0),
                    Some(3.0),
                    Some(99.0),
                    None,
                    Some(2.0),
                    Some(4.0),
                ]),
            ),
            (
                question("when", QuestionType::Date, &[]),
                Values::Date(vec![day(1, 5), day(3, 1), None, None, day(1, 9), None]),
            ),
            (
                question("why", QuestionType::FreeText, &[]),
                Values::Text(vec![
                    Some("Closer to home"),
                    None,
                    Some("No"),
                    None,
                    None,
                    None,
                ]),
            ),
            (
                question("empty", QuestionType::SingleChoice, &["Yes", "No"]),
                Values::Text(vec![None; 6]),
            ),
        ])
    }

    fn detail<'a>(summary: &'a Summary, id: &str) -> &'a Section {
        &summary
            .questions
            .iter()
            .find(|question| question.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .all
    }

    #[test]
    fn every_question_but_metadata_and_personal_data_in_order() {
        let summary = summarise(&survey(), &SummaryOptions::default()).unwrap();
        let ids: Vec<&str> = summary.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "capacity", "used", "agree", "visits", "when", "why", "empty"
            ]
        );
        assert_eq!(summary.respondents, 6);
        assert_eq!(summary.by, None);
        assert_eq!(summary.weighting, None);
        // An empty list is an answer with no option chosen (all "No" in a one-column-per-option
        // export), as `Dataset::answered` counts it: 5 answered the multi-choice.
        assert_eq!(detail(&summary, "used").base.count, 5);
        assert_eq!(detail(&summary, "used").no_answer, 1);
        let Detail::Numeric(visits) = &detail(&summary, "visits").detail else {
            panic!()
        };
        // 99 is out of the declared range 0-30: counted, left out. Used: 1, 2, 3, 4.
        assert_eq!((visits.n, visits.above_range), (4, 1));
        close(visits.mean, 2.5);
        let Detail::Date(when) = &detail(&summary, "when").detail else {
            panic!()
        };
        assert_eq!(when.months.len(), 3);
        assert_eq!(when.months[0].count, 2);
        let why = detail(&summary, "why");
        let Detail::Text(text) = &why.detail else {
            panic!()
        };
        assert_eq!(text.answered.count, 2);
        close(text.answered.percent, 100.0 / 3.0);
        let Detail::Likert(agree) = &detail(&summary, "agree").detail else {
            panic!()
        };
        // Scale base 4 (Don't know set apart): Agree 2 of 4 is the top box of a 3-point scale.
        assert_eq!(agree.scale_base.count, 4);
        assert_eq!(agree.box_size, 1);
        close(agree.top_box.percent, 50.0);
        close(agree.net, 25.0);
    }

    /// Regression guard: a question nobody answered has base 0 and no percentages anywhere,
    /// in the result, its JSON and its tables.
    #[test]
    fn an_empty_question_has_base_zero_and_no_nan_anywhere() {
        let summary = summarise(&survey(), &SummaryOptions::default()).unwrap();
        let empty = detail(&summary, "empty");
        assert_eq!(empty.base.count, 0);
        assert_eq!(empty.no_answer, 6);
        let Detail::Choice(choice) = &empty.detail else {
            panic!()
        };
        assert!(choice.options.iter().all(|option| option.percent.is_none()));
        let json = serde_json::to_string(&summary.to_wire(&DisclosurePolicy::none())).unwrap();
        assert!(json.contains(r#""percent":null"#), "{json}");
        let everything = format!(
            "{summary:?}{:?}{json}",
            summary.tables(&DisclosurePolicy::none())
        );
        for bad in ["NaN", "inf"] {
            assert!(!everything.contains(bad), "{bad} in the output");
        }
        let table = summary.tables(&DisclosurePolicy::none()).pop().unwrap();
        assert_eq!(
            table.caption.as_deref(),
            Some("Base: all who answered (n = 0); 6 did not answer")
        );
        assert!(
            table
                .notes
                .contains(&"nobody answered this question".to_string())
        );
    }

    /// Split by capacity: Residents are respondents 1-4, Staff respondent 5; respondent 6 is
    /// in no group. Multi-choice among Residents: 1 {GP, Pharmacy}, 2 {GP}, 4 {Pharmacy}
    /// answered (3 skipped): GP 2 of 3, Pharmacy 2 of 3.
    #[test]
    fn a_split_gives_each_group_its_own_base() {
        let options = SummaryOptions::default()
            .with_question("used")
            .with_question("why")
            .with_by("capacity");
        let summary = summarise(&survey(), &options).unwrap();
        let by = summary.by.as_ref().unwrap();
        let groups: Vec<(&str, usize)> = by
            .groups
            .iter()
            .map(|group| (group.label.as_str(), group.respondents))
            .collect();
        assert_eq!(groups, [("Resident", 4), ("Staff", 1)]);
        assert_eq!(by.unassigned, 1);
        let used = &summary.questions[0];
        assert_eq!(used.groups.len(), 2);
        let residents = &used.groups[0];
        assert_eq!((residents.respondents, residents.base.count), (4, 3));
        let Detail::MultiChoice(multi) = &residents.detail else {
            panic!()
        };
        close(multi.options[0].estimate.percent, 200.0 / 3.0);
        close(multi.mean_options, 4.0 / 3.0);
        let table = &summary.tables(&DisclosurePolicy::none())[0];
        assert_eq!(table.column_names(), ["Option", "All", "Resident", "Staff"]);
        assert_eq!(table.rows[0][0], Cell::text("Base: answered"));
        assert_eq!(table.rows[0][2], Cell::Count(3));
        assert!(table.notes.iter().any(|note| note.contains("in no group")));
        // Published under the default policy, the split is a cross-tabulation: the Staff
        // group of one is withheld, its base and its percentages alike.
        let published = &summary.tables(&DisclosurePolicy::default())[0];
        assert_eq!(published.rows[0][3], Cell::Suppressed("<5".into()));
        assert!(
            published
                .rows
                .iter()
                .skip(1)
                .all(|row| matches!(row[3], Cell::Suppressed(_) | Cell::Empty)
                    || row[3] == Cell::share(0.0, 0)),
            "{}",
            published.to_text(80)
        );
    }

    /// Weights 2, 1, 1, 1, 1, 0 on capacity (Resident ×4, Staff, no answer): the base is
    /// 2 + 1 + 1 + 1 + 1 = 6, Residents 5 of 6; Kish n of the base (6)² / (4 + 4) = 4.5.
    #[test]
    fn weights_make_percentages_weighted() {
        let options = SummaryOptions::default()
            .with_question("capacity")
            .with_weights(vec![2.0, 1.0, 1.0, 1.0, 1.0, 0.0]);
        let summary = summarise(&survey(), &options).unwrap();
        let section = &summary.questions[0].all;
        close(section.base.weighted, 6.0);
        close(section.base.effective, 4.5);
        let Detail::Choice(choice) = &section.detail else {
            panic!()
        };
        close(choice.options[0].percent, 500.0 / 6.0);
        assert_eq!(choice.options[0].count, 4);
        let weighting = summary.weighting.unwrap();
        close(Some(weighting.total), 6.0);
        // All six: (6)² / 8 = 4.5; design effect 6 × 8 / 36 = 4/3.
        close(Some(weighting.effective_sample_size), 4.5);
        close(weighting.design_effect, 4.0 / 3.0);
        let json = serde_json::to_value(summary.to_wire(&DisclosurePolicy::none())).unwrap();
        assert_eq!(json["questions"][0]["weighted_base"], 6.0);
        assert_eq!(json["questions"][0]["options"][0]["weighted_count"], 5.0);
    }

    #[test]
    fn bad_weights_and_bad_requests_are_refused_clearly() {
        let data = survey();
        let wrong_length = SummaryOptions::default().with_weights(vec![1.0]);
        assert_eq!(
            summarise(&data, &wrong_length).unwrap_err().to_string(),
            "expected one weight per respondent (6), found 1 weights"
        );
        let negative = SummaryOptions::default().with_weights(vec![1.0, 1.0, -2.0, 1.0, 1.0, 1.0]);
        assert_eq!(
            summarise(&data, &negative).unwrap_err().to_string(),
            "test.csv: row 4: weight of respondent 3: expected a finite number of at least 0, found -2"
        );
        let unknown =
            summarise(&data, &SummaryOptions::default().with_question("capacty")).unwrap_err();
        assert_eq!(unknown.hint(), Some("did you mean \"capacity\"?"));
        let personal =
            summarise(&data, &SummaryOptions::default().with_question("email")).unwrap_err();
        assert!(
            personal.to_string().contains("never summarised"),
            "{personal}"
        );
        let by_text = summarise(&data, &SummaryOptions::default().with_by("why")).unwrap_err();
        assert!(
            by_text.to_string().contains("found a free_text question"),
            "{by_text}"
        );
        let weights = weights_from_column(&data, "visits").unwrap_err();
        assert_eq!(
            weights.to_string(),
            "test.csv: row 5, column \"visits\": expected a weight (a number of at least 0), found nothing"
        );
        assert_eq!(
            weights_from_column(&data, "capacity")
                .unwrap_err()
                .to_string(),
            "question \"capacity\": weights must be a numeric column, found a single_choice question"
        );
    }

    /// The JSON carries the keys the issue promises, for every question.
    #[test]
    fn the_json_has_the_documented_shape() {
        let summary = summarise(&survey(), &SummaryOptions::default()).unwrap();
        let json = serde_json::to_value(summary.to_wire(&DisclosurePolicy::none())).unwrap();
        for question in json["questions"].as_array().unwrap() {
            for key in ["id", "type", "base", "options", "likert", "numeric"] {
                assert!(question.get(key).is_some(), "{key} missing in {question}");
            }
        }
        let agree = &json["questions"][2];
        assert_eq!(agree["type"], "likert");
        for key in ["top2", "bottom2", "net", "mean", "median", "dont_know"] {
            assert!(agree["likert"].get(key).is_some(), "likert.{key}");
        }
        assert_eq!(agree["likert"]["dont_know"], 1);
        assert_eq!(agree["numeric"], serde_json::Value::Null);
        let option = &json["questions"][0]["options"][0];
        for key in ["label", "count", "percent", "ci_low", "ci_high"] {
            assert!(option.get(key).is_some(), "option.{key}");
        }
        assert_eq!(json["questions"][3]["numeric"]["out_of_range"], 1);
        // The wire types read back what they wrote (charts redraw from a saved summary).
        let back: wire::SummaryJson = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&back).unwrap(), json);
    }

    #[test]
    fn other_options_are_recognised() {
        for (label, other) in [
            ("Other", true),
            ("Other (please specify)", true),
            ("Other - write in", true),
            ("Other/Not listed", true),
            ("Something else", true),
            ("Other ethnic group: Arab", false),
            ("Mother", false),
            ("Any other White background", false),
        ] {
            assert_eq!(is_other_option(label), other, "{label}");
        }
    }

    /// A date question whose answers span more than three years is shown by year, and so is
    /// every group of a split, even one whose own answers fall in a few months: one
    /// respondent's 1990 answer is that group's 1990 figure, not a zero.
    #[test]
    fn a_split_date_question_shows_every_group_by_the_same_periods() {
        let date = |year: i32, month: u32| {
            NaiveDate::from_ymd_opt(year, month, 1).and_then(|day| day.and_hms_opt(0, 0, 0))
        };
        // 40 months across 1990-2023 for group A; group B answered once, in 1990.
        let mut dates: Vec<Option<chrono::NaiveDateTime>> = (0..40)
            .map(|i| date(1990 + i / 12, 1 + (i % 12) as u32))
            .collect();
        dates.push(date(1990, 6));
        let mut groups = vec![Some("A"); 40];
        groups.push(Some("B"));
        let data = dataset(vec![
            (
                question("group", QuestionType::SingleChoice, &["A", "B"]),
                Values::Text(groups),
            ),
            (
                question("started", QuestionType::Date, &[]),
                Values::Date(dates),
            ),
        ]);
        let summary = summarise(&data, &SummaryOptions::default().with_by("group")).unwrap();
        let started = summary
            .questions
            .iter()
            .find(|question| question.id == "started")
            .unwrap();
        let table = present::table(&summary, started, &DisclosurePolicy::none());
        let year_1990 = table
            .rows
            .iter()
            .find(|row| row[0].display() == "1990")
            .expect("a 1990 row");
        // All, A, B: 13 of 41; 12 of 40; 1 of 1.
        let shares: Vec<String> = year_1990[1..].iter().map(Cell::display).collect();
        assert_eq!(shares, ["31.7%", "30.0%", "100.0%"]);
        // The JSON gives the same periods for the group.
        let json = wire::SummaryJson::from(&summary);
        let group_b = &json
            .questions
            .iter()
            .find(|question| question.id == "started")
            .unwrap()
            .groups[1]
            .figures
            .options;
        assert_eq!(group_b.len(), 1);
        assert_eq!(
            (group_b[0].label.as_str(), group_b[0].count),
            ("1990", Some(1))
        );
    }
}
