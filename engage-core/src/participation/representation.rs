//! Who is missing: each profile variable of the reference compared with the sample's answers,
//! category by category (sample %, population %, representation index), with a chi-square
//! goodness-of-fit test and the groups most missing.
//!
//! Answers are matched to reference categories by label (case and punctuation ignored), by the
//! category's `includes`, and through the survey config's option merges. Answers that decline
//! ("Prefer not to say") are counted apart; answers that match no category are listed, never
//! dropped silently. Age is compared as bands of years: a survey's `16-24` takes the reference's
//! `20-24` and four fifths of `15-19` (people assumed spread evenly over a band's years), and
//! reference ages outside every survey band (children, in a survey of adults) are left out of
//! the comparison. Every such step is written in the variable's notes.

use serde::Serialize;

use super::LabelCount;
use super::matching::{self, AgeBand};
use super::reference::{Reference, ReferenceVariable};
use crate::dataset::Dataset;
use crate::error::Result;
use crate::schema::{Profile, Question, QuestionType};
use crate::stats::chi_square::{self, Expected};

/// One category of a comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RepresentationRow {
    /// The category (the reference's label, or the survey's band for age).
    pub category: String,
    /// The survey answers counted in it.
    pub answers: Vec<String>,
    /// Respondents in the category.
    pub sample: usize,
    /// Respondents in the category as a percentage of the base.
    pub sample_percent: f64,
    /// The category's population in the reference's units (for an age band built from the
    /// reference's bands, the sum of their shares of it).
    pub population: f64,
    /// The category's share of the compared population, as a percentage.
    pub population_percent: f64,
    /// Respondents expected in the category if the sample matched the population
    /// (population share × base).
    pub expected: f64,
    /// The representation index: sample % / population % × 100 (100 = as in the population);
    /// `None` when the category has no population.
    pub index: Option<f64>,
    /// True when the index is below the under-representation threshold.
    pub under_represented: bool,
    /// The weighted percentage, when raking weights were computed.
    pub weighted_percent: Option<f64>,
}

/// The chi-square goodness-of-fit test of a variable.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FitTest {
    /// Pearson's X².
    pub statistic: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// The p-value.
    pub p_value: f64,
    /// The share (0 to 1) of categories whose expected count is below 5; above 0.2 the
    /// chi-square approximation is doubtful.
    pub small_expected_share: f64,
}

/// A group missing from the sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MissingGroup {
    /// The category.
    pub category: String,
    /// Its representation index.
    pub index: f64,
    /// How many more respondents it would take to match the population share
    /// (expected − sample).
    pub shortfall: f64,
}

/// One reference variable compared with the sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Representation {
    /// The reference variable.
    pub variable: String,
    /// The question it was matched to.
    pub question: String,
    /// The question's wording.
    pub question_text: String,
    /// Respondents whose answer matched a category: the base of the percentages.
    pub base: usize,
    /// Respondents who declined (prefer not to say, don't know).
    pub declined: usize,
    /// Respondents who did not answer.
    pub no_answer: usize,
    /// Answers that match no category, with their counts.
    pub unmatched: Vec<LabelCount>,
    /// The categories in order.
    pub rows: Vec<RepresentationRow>,
    /// The goodness-of-fit test; `None` when nobody is in the base or the test cannot be made
    /// (see the notes).
    pub test: Option<FitTest>,
    /// The under-represented groups with the largest shortfall, at most three.
    pub most_missing: Vec<MissingGroup>,
    /// How categories were matched, split or left out.
    pub notes: Vec<String>,
}

/// A variable's categories and each respondent's category: the shared ground of the
/// representation tables and of raking.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Comparison {
    pub(crate) question: String,
    pub(crate) question_text: String,
    pub(crate) rows: Vec<ComparedCategory>,
    /// Per respondent, the index of their row, `None` when not compared.
    pub(crate) respondents: Vec<Option<usize>>,
    pub(crate) declined: usize,
    pub(crate) no_answer: usize,
    pub(crate) unmatched: Vec<LabelCount>,
    pub(crate) notes: Vec<String>,
}

/// A category of a comparison with its population.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ComparedCategory {
    pub(crate) label: String,
    pub(crate) population: f64,
    /// Share of the compared population, 0 to 1.
    pub(crate) share: f64,
    pub(crate) answers: Vec<String>,
}

/// The question a reference variable describes: a question with that id, else the question
/// with that wording (`What is your age?`; case and punctuation aside), else the first profile
/// question of that kind.
#[must_use]
pub fn question_for<'a>(dataset: &'a Dataset, variable: &str) -> Option<&'a Question> {
    let schema = dataset.schema();
    if let Some(question) = schema.get(variable) {
        return Some(question);
    }
    let folded = matching::fold(variable);
    let questions = schema.questions();
    if let Some(question) = questions
        .iter()
        .find(|question| matching::fold(&question.id) == folded)
        .or_else(|| {
            questions.iter().find(|question| {
                question.kind.is_substantive() && matching::fold(&question.text) == folded
            })
        })
    {
        return Some(question);
    }
    let profile = Profile::parse(variable)?;
    schema
        .profile_questions()
        .find(|question| question.profile == Some(profile))
}

/// Builds the comparison of one reference variable; `Ok(None)` with a reason when no question
/// can be compared.
pub(crate) fn compare(
    dataset: &Dataset,
    reference: &Reference,
    variable: &ReferenceVariable,
) -> Result<std::result::Result<Comparison, String>> {
    let Some(question) = question_for(dataset, &variable.name) else {
        return Ok(Err(format!(
            "reference variable \"{}\" matches no question: name the question's id or its wording as the variable, or set `profile = \"{}\"` for it in survey.toml",
            variable.name, variable.name
        )));
    };
    let age = question.profile == Some(Profile::Age)
        || Profile::parse(&variable.name) == Some(Profile::Age);
    let reference_bands: Option<Vec<AgeBand>> = if age {
        variable
            .categories
            .iter()
            .map(|category| matching::age_band(&category.label))
            .collect()
    } else {
        None
    };
    match (question.kind, reference_bands) {
        (QuestionType::Numeric, Some(bands)) => {
            compare_numeric_age(dataset, question, variable, &bands).map(Ok)
        }
        (kind, bands) if kind.is_categorical() && !kind.is_list() => {
            let answers = single_answers(dataset, question)?;
            match bands {
                Some(bands) => Ok(Ok(compare_age_bands(
                    question, reference, variable, &bands, &answers,
                ))),
                None => Ok(Ok(compare_labels(question, reference, variable, &answers))),
            }
        }
        (kind, _) => Ok(Err(format!(
            "reference variable \"{}\": question \"{}\" is {kind}, expected a single-choice question (or numeric ages)",
            variable.name, question.id
        ))),
    }
}

/// Each respondent's single answer.
fn single_answers(dataset: &Dataset, question: &Question) -> Result<Vec<Option<String>>> {
    Ok(dataset
        .choices(&question.id)?
        .into_iter()
        .map(|choice| choice.and_then(|items| items.first().map(|item| (*item).to_string())))
        .collect())
}

/// The distinct answers in questionnaire order (the options first, then others as met).
fn distinct_answers(question: &Question, answers: &[Option<String>]) -> Vec<String> {
    let mut labels: Vec<String> = question.options.clone();
    let mut seen: std::collections::HashSet<String> = labels.iter().cloned().collect();
    for answer in answers.iter().flatten() {
        if seen.insert(answer.clone()) {
            labels.push(answer.clone());
        }
    }
    labels
}

/// Where an answer goes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Placed {
    Row(usize),
    Declined,
    Unmatched,
}

fn finish(
    question: &Question,
    rows: Vec<ComparedCategory>,
    labels: &[String],
    placed: &[Placed],
    answers: &[Option<String>],
    notes: Vec<String>,
) -> Comparison {
    let index: std::collections::HashMap<&str, Placed> = labels
        .iter()
        .map(String::as_str)
        .zip(placed.iter().copied())
        .collect();
    let mut respondents = Vec::with_capacity(answers.len());
    let (mut declined, mut no_answer) = (0, 0);
    let mut unmatched: Vec<LabelCount> = Vec::new();
    for answer in answers {
        match answer {
            None => {
                no_answer += 1;
                respondents.push(None);
            }
            Some(label) => match index.get(label.as_str()).copied() {
                Some(Placed::Row(row)) => respondents.push(Some(row)),
                Some(Placed::Declined) => {
                    declined += 1;
                    respondents.push(None);
                }
                Some(Placed::Unmatched) | None => {
                    match unmatched.iter_mut().find(|entry| &entry.label == label) {
                        Some(entry) => entry.count += 1,
                        None => unmatched.push(LabelCount {
                            label: label.clone(),
                            count: 1,
                        }),
                    }
                    respondents.push(None);
                }
            },
        }
    }
    unmatched.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    let total: f64 = rows.iter().map(|row| row.population).sum();
    let rows = rows
        .into_iter()
        .map(|mut row| {
            row.share = if total > 0.0 {
                row.population / total
            } else {
                0.0
            };
            row
        })
        .collect();
    Comparison {
        question: question.id.clone(),
        question_text: question.text.clone(),
        rows,
        respondents,
        declined,
        no_answer,
        unmatched,
        notes,
    }
}

fn compare_labels(
    question: &Question,
    reference: &Reference,
    variable: &ReferenceVariable,
    answers: &[Option<String>],
) -> Comparison {
    let labels = distinct_answers(question, answers);
    let mut rows: Vec<ComparedCategory> = variable
        .categories
        .iter()
        .map(|category| ComparedCategory {
            label: category.label.clone(),
            population: category.population,
            share: category.share,
            answers: Vec::new(),
        })
        .collect();
    let placed: Vec<Placed> = labels
        .iter()
        .map(|label| {
            let best = variable
                .categories
                .iter()
                .enumerate()
                .filter_map(|(index, category)| {
                    let own = reference.merged_label(&question.id, &category.label);
                    category
                        .match_strength(label, own)
                        .map(|strength| (strength, index))
                })
                // The strongest match; the earliest category among equals.
                .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
            match best {
                Some((_, index)) => {
                    rows[index].answers.push(label.clone());
                    Placed::Row(index)
                }
                None if matching::declines(label) => Placed::Declined,
                None => Placed::Unmatched,
            }
        })
        .collect();
    let mut notes = Vec::new();
    let missing: Vec<&str> = rows
        .iter()
        .filter(|row| row.answers.is_empty())
        .map(|row| row.label.as_str())
        .collect();
    if !missing.is_empty() {
        notes.push(format!(
            "no answer option of \"{}\" matches {}: check the labels, or map answers to them with `includes` or [participation.groups]",
            question.id,
            quoted(&missing)
        ));
    }
    finish(question, rows, &labels, &placed, answers, notes)
}

fn compare_age_bands(
    question: &Question,
    reference: &Reference,
    variable: &ReferenceVariable,
    bands: &[AgeBand],
    answers: &[Option<String>],
) -> Comparison {
    let labels = distinct_answers(question, answers);
    let mut rows: Vec<ComparedCategory> = Vec::new();
    let mut row_bands: Vec<AgeBand> = Vec::new();
    let mut placed: Vec<Placed> = Vec::with_capacity(labels.len());
    let mut notes = Vec::new();
    for label in &labels {
        // A label that names a reference category (or is included in one) takes its band.
        let named = variable
            .categories
            .iter()
            .zip(bands)
            .filter_map(|(category, band)| {
                let own = reference.merged_label(&question.id, &category.label);
                category
                    .match_strength(label, own)
                    .map(|strength| (strength, *band))
            })
            .max_by_key(|(strength, _)| *strength)
            .map(|(_, band)| band);
        let band = named.or_else(|| matching::age_band(label));
        match band {
            Some(band) => {
                if let Some(existing) = row_bands.iter().position(|known| *known == band) {
                    rows[existing].answers.push(label.clone());
                    placed.push(Placed::Row(existing));
                } else {
                    row_bands.push(band);
                    rows.push(ComparedCategory {
                        label: label.clone(),
                        population: 0.0,
                        share: 0.0,
                        answers: vec![label.clone()],
                    });
                    placed.push(Placed::Row(rows.len() - 1));
                }
            }
            None if matching::declines(label) => placed.push(Placed::Declined),
            None => placed.push(Placed::Unmatched),
        }
    }
    // Each reference band's population goes to the survey bands it overlaps, in proportion to
    // the years shared.
    let mut unsplittable: Vec<usize> = Vec::new();
    let mut split: Vec<String> = Vec::new();
    let mut outside: Vec<String> = Vec::new();
    for (category, band) in variable.categories.iter().zip(bands) {
        let mut covered = 0.0;
        let mut parts: Vec<usize> = Vec::new();
        for (row, survey_band) in row_bands.iter().enumerate() {
            let Some(shared) = band.overlap(*survey_band) else {
                continue;
            };
            let fraction = if band.within(*survey_band) {
                1.0
            } else if let (Some(years), Some(shared_years)) = (band.years(), shared.years()) {
                f64::from(shared_years) / f64::from(years)
            } else {
                // An open reference band (90 or over) cannot be split by a survey band that
                // ends inside it.
                if !unsplittable.contains(&row) {
                    unsplittable.push(row);
                }
                continue;
            };
            rows[row].population += category.population * fraction;
            covered += fraction;
            parts.push(row);
        }
        if parts.len() > 1 || (covered > 0.0 && covered < 1.0 - 1e-12 && !parts.is_empty()) {
            let names: Vec<&str> = parts.iter().map(|&row| rows[row].label.as_str()).collect();
            split.push(format!("{} (into {})", category.label, quoted(&names)));
        }
        if covered < 1e-12 && category.population > 0.0 {
            outside.push(category.label.clone());
        } else if covered < 1.0 - 1e-12 && category.population > 0.0 {
            outside.push(format!("part of {}", category.label));
        }
    }
    if !split.is_empty() {
        notes.push(format!(
            "reference bands shared between the survey's bands, assuming people are spread evenly over a band's years: {}",
            split.join("; ")
        ));
    }
    if !outside.is_empty() {
        notes.push(format!(
            "reference ages outside the survey's bands are left out of the comparison: {}",
            outside.join(", ")
        ));
    }
    // Bands whose population cannot be worked out are not compared.
    if !unsplittable.is_empty() {
        unsplittable.sort_unstable();
        let names: Vec<&str> = unsplittable
            .iter()
            .map(|&row| rows[row].label.as_str())
            .collect();
        notes.push(format!(
            "survey bands that end inside an open-ended reference band cannot be compared: {}",
            quoted(&names)
        ));
        let mut renumber: Vec<Option<usize>> = Vec::with_capacity(rows.len());
        let mut kept = Vec::new();
        for (row, category) in rows.into_iter().enumerate() {
            if unsplittable.contains(&row) {
                renumber.push(None);
            } else {
                renumber.push(Some(kept.len()));
                kept.push(category);
            }
        }
        rows = kept;
        for place in &mut placed {
            if let Placed::Row(row) = *place {
                *place = renumber[row].map_or(Placed::Unmatched, Placed::Row);
            }
        }
    }
    finish(question, rows, &labels, &placed, answers, notes)
}

fn compare_numeric_age(
    dataset: &Dataset,
    question: &Question,
    variable: &ReferenceVariable,
    bands: &[AgeBand],
) -> Result<Comparison> {
    let ages = dataset.numbers(&question.id)?;
    let youngest = ages
        .iter()
        .flatten()
        .copied()
        .filter(|age| *age >= 0.0)
        .fold(f64::INFINITY, f64::min);
    let mut notes = Vec::new();
    // Bands wholly below the youngest respondent were most likely not invited (a survey of
    // adults); keeping them would report every child as missing.
    let kept: Vec<usize> = (0..bands.len())
        .filter(|&index| {
            bands[index]
                .high
                .is_none_or(|high| f64::from(high) > youngest)
        })
        .collect();
    let left_out: Vec<&str> = (0..bands.len())
        .filter(|index| !kept.contains(index))
        .map(|index| variable.categories[index].label.as_str())
        .collect();
    if !left_out.is_empty() && youngest.is_finite() {
        notes.push(format!(
            "reference bands below the youngest respondent's age ({}) are left out: {}",
            crate::table::plain_number(youngest),
            left_out.join(", ")
        ));
    }
    let rows: Vec<ComparedCategory> = kept
        .iter()
        .map(|&index| ComparedCategory {
            label: variable.categories[index].label.clone(),
            population: variable.categories[index].population,
            share: 0.0,
            answers: Vec::new(),
        })
        .collect();
    let texts: Vec<Option<String>> = ages
        .iter()
        .map(|age| age.map(crate::table::plain_number))
        .collect();
    let labels: Vec<String> = {
        let mut labels: Vec<String> = texts.iter().flatten().cloned().collect();
        labels.sort();
        labels.dedup();
        labels
    };
    let placed: Vec<Placed> = labels
        .iter()
        .map(|label| {
            let age: f64 = label.parse().unwrap_or(-1.0);
            kept.iter()
                .position(|&index| bands[index].contains(age))
                .map_or(Placed::Unmatched, Placed::Row)
        })
        .collect();
    Ok(finish(question, rows, &labels, &placed, &texts, notes))
}

fn quoted(labels: &[&str]) -> String {
    labels
        .iter()
        .map(|label| format!("\"{label}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Turns a comparison into the representation table: percentages of the base, the index,
/// under-represented flags, the test and the groups most missing.
pub(crate) fn represent(
    variable: &str,
    comparison: &Comparison,
    under_represented_below: f64,
    weights: Option<&[f64]>,
) -> Representation {
    let mut counts = vec![0usize; comparison.rows.len()];
    let mut weighted = vec![0.0; comparison.rows.len()];
    for (respondent, row) in comparison.respondents.iter().enumerate() {
        if let Some(row) = row {
            counts[*row] += 1;
            if let Some(weights) = weights {
                weighted[*row] += weights.get(respondent).copied().unwrap_or(0.0);
            }
        }
    }
    let base: usize = counts.iter().sum();
    let weighted_base: f64 = weighted.iter().sum();
    let rows: Vec<RepresentationRow> = comparison
        .rows
        .iter()
        .zip(&counts)
        .zip(&weighted)
        .map(|((category, &count), &weight)| {
            let sample_percent = if base > 0 {
                100.0 * count as f64 / base as f64
            } else {
                0.0
            };
            let population_percent = 100.0 * category.share;
            let index = (population_percent > 0.0 && base > 0)
                .then(|| 100.0 * sample_percent / population_percent);
            RepresentationRow {
                category: category.label.clone(),
                answers: category.answers.clone(),
                sample: count,
                sample_percent,
                population: category.population,
                population_percent,
                expected: category.share * base as f64,
                index,
                under_represented: index.is_some_and(|index| index < under_represented_below),
                weighted_percent: (weights.is_some() && weighted_base > 0.0)
                    .then(|| 100.0 * weight / weighted_base),
            }
        })
        .collect();
    let mut notes = comparison.notes.clone();
    let test = if base == 0 {
        None
    } else {
        let observed: Vec<f64> = counts.iter().map(|&count| count as f64).collect();
        let shares: Vec<f64> = comparison.rows.iter().map(|row| row.share).collect();
        match chi_square::goodness_of_fit(&observed, Expected::Proportional(&shares)) {
            Ok(fit) => Some(FitTest {
                statistic: fit.statistic,
                df: fit.df,
                p_value: fit.p_value,
                small_expected_share: fit.small_expected_share,
            }),
            Err(error) => {
                notes.push(format!("no goodness-of-fit test: {error}"));
                None
            }
        }
    };
    if let Some(test) = &test
        && test.small_expected_share > 0.2
    {
        notes.push(format!(
            "{:.0}% of categories expect fewer than 5 respondents: treat the chi-square p-value with caution",
            100.0 * test.small_expected_share
        ));
    }
    let mut most_missing: Vec<MissingGroup> = rows
        .iter()
        .filter(|row| row.under_represented)
        .map(|row| MissingGroup {
            category: row.category.clone(),
            index: row.index.unwrap_or(0.0),
            shortfall: row.expected - row.sample as f64,
        })
        .collect();
    most_missing.sort_by(|a, b| {
        b.shortfall
            .total_cmp(&a.shortfall)
            .then_with(|| a.index.total_cmp(&b.index))
    });
    most_missing.truncate(3);
    Representation {
        variable: variable.to_string(),
        question: comparison.question.clone(),
        question_text: comparison.question_text.clone(),
        base,
        declined: comparison.declined,
        no_answer: comparison.no_answer,
        unmatched: comparison.unmatched.clone(),
        rows,
        test,
        most_missing,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::{IngestOptions, read_reader};

    fn dataset(csv: &str) -> Dataset {
        read_reader(csv.as_bytes(), "test.csv", &IngestOptions::default()).unwrap()
    }

    fn sample_of(age: &[(&str, usize)]) -> String {
        let mut csv = String::from("ID,What is your age?\n");
        let mut id = 0;
        for (label, count) in age {
            for _ in 0..*count {
                id += 1;
                let _ = writeln!(csv, "{id},{label}");
            }
        }
        csv
    }

    #[test]
    fn shares_index_and_test_are_worked_by_hand() {
        // 100 respondents 18 / 55 / 27 against population shares 25% / 50% / 25%:
        // X² = 49/25 + 25/50 + 4/25 = 2.62 on 2 df, p = exp(-2.62 / 2) (chi-square with 2 df).
        let data = dataset(&sample_of(&[
            ("16-34", 18),
            ("35-64", 55),
            ("65 or over", 27),
        ]));
        let reference = Reference::parse(
            "variable,category,population\nage,16-34,250\nage,35-64,500\nage,65 or over,250\n",
            "r.csv",
        )
        .unwrap();
        let comparison = compare(&data, &reference, &reference.variables[0])
            .unwrap()
            .unwrap();
        let table = represent("age", &comparison, 80.0, None);
        assert_eq!(table.base, 100);
        let young = &table.rows[0];
        assert_eq!(young.sample, 18);
        assert!((young.sample_percent - 18.0).abs() < 1e-12);
        assert!((young.population_percent - 25.0).abs() < 1e-12);
        assert!((young.index.unwrap() - 72.0).abs() < 1e-12);
        assert!(young.under_represented);
        assert!(!table.rows[1].under_represented);
        assert!((table.rows[1].index.unwrap() - 110.0).abs() < 1e-12);
        let test = table.test.as_ref().unwrap();
        assert!((test.statistic - 2.62).abs() < 1e-12);
        assert_eq!(test.df, 2);
        assert!((test.p_value - (-1.31f64).exp()).abs() < 1e-12);
        assert_eq!(table.most_missing.len(), 1);
        assert_eq!(table.most_missing[0].category, "16-34");
        assert!((table.most_missing[0].shortfall - 7.0).abs() < 1e-12);
    }

    #[test]
    fn survey_bands_take_their_share_of_reference_bands() {
        // Survey 16-24 and 25 or over against reference 15-19, 20-24, 25 or over, 0-14:
        // 16-24 = 4/5 × 500 + 400 = 800; 25 or over = 1,000; 0-14 and a fifth of 15-19 are
        // outside the survey's bands.
        let data = dataset(&sample_of(&[
            ("16-24", 10),
            ("25 or over", 30),
            ("Prefer not to say", 2),
            ("Don't want to", 1),
        ]));
        let reference = Reference::parse(
            "variable,category,population\nage,0-14,700\nage,15-19,500\nage,20-24,400\nage,25 or over,1000\n",
            "r.csv",
        )
        .unwrap();
        let comparison = compare(&data, &reference, &reference.variables[0])
            .unwrap()
            .unwrap();
        assert_eq!(comparison.rows.len(), 2);
        assert!((comparison.rows[0].population - 800.0).abs() < 1e-9);
        assert!((comparison.rows[1].population - 1000.0).abs() < 1e-9);
        assert!((comparison.rows[0].share - 800.0 / 1800.0).abs() < 1e-15);
        assert_eq!(comparison.declined, 2);
        assert_eq!(
            comparison.unmatched,
            vec![LabelCount {
                label: "Don't want to".into(),
                count: 1
            }]
        );
        assert!(
            comparison.notes[0].contains("15-19 (into \"16-24\")"),
            "{:?}",
            comparison.notes
        );
        assert!(
            comparison.notes[1].contains("0-14, part of 15-19"),
            "{:?}",
            comparison.notes
        );
    }

    #[test]
    fn detailed_answers_are_counted_in_their_group() {
        let data = dataset(
            "ID,What is your ethnic group?\n1,White: Irish\n2,White: Roma\n3,Asian or Asian British: Indian\n4,Other\n5,Prefer not to say\n6,\n7,White and Asian\n",
        );
        let reference = Reference::parse(
            "variable,category,population,includes\nethnicity,White,80,White:*\nethnicity,Asian,10,Asian*\nethnicity,Mixed,10,Mixed*|White and*\n",
            "r.csv",
        )
        .unwrap();
        let comparison = compare(&data, &reference, &reference.variables[0])
            .unwrap()
            .unwrap();
        let table = represent("ethnicity", &comparison, 80.0, None);
        let counts: Vec<usize> = table.rows.iter().map(|row| row.sample).collect();
        assert_eq!(counts, vec![2, 1, 1]);
        assert_eq!(table.declined, 1);
        assert_eq!(table.no_answer, 1);
        assert_eq!(table.unmatched[0].label, "Other");
        assert_eq!(table.base, 4);
    }

    /// Item 12 of issue 19: a reference written with the question's wording as its variable
    /// (as a person copies it from the questionnaire) matches that question, although the
    /// question is no profile question and its id differs.
    #[test]
    fn a_variable_named_by_a_questions_wording_matches_it() {
        let mut csv = String::from("ID,Which service did you use most?,Any comments?\n");
        for (id, service) in ["GP", "GP", "GP", "Pharmacy"].iter().enumerate() {
            let _ = writeln!(csv, "{id},{service},fine");
        }
        let data = dataset(&csv);
        let reference = Reference::parse(
            "variable,category,population\nwhich service did you use most,GP,50%\nwhich service did you use most,Pharmacy,50%\n",
            "r.csv",
        )
        .unwrap();
        let question = question_for(&data, &reference.variables[0].name).unwrap();
        assert_eq!(question.text, "Which service did you use most?");
        let comparison = compare(&data, &reference, &reference.variables[0])
            .unwrap()
            .unwrap();
        let table = represent("service", &comparison, 80.0, None);
        assert_eq!(table.base, 4);
        assert_eq!(table.rows[0].sample, 3);
        assert!((table.rows[1].index.unwrap() - 50.0).abs() < 1e-12);
    }

    #[test]
    fn a_variable_without_a_question_is_reported() {
        let data = dataset("ID,Q1\n1,a\n");
        let reference =
            Reference::parse("variable,category,population\nreligion,None,1\n", "r.csv").unwrap();
        let outcome = compare(&data, &reference, &reference.variables[0]).unwrap();
        assert!(outcome.unwrap_err().contains("matches no question"));
    }
}
