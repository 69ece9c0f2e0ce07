//! Agreement between codings of the same comments, and accuracy of a coding against a gold
//! coding. This module lines codings up comment by comment and theme by theme; the statistics
//! are the pure functions of [`crate::stats::agreement`] (Cohen's kappa, Krippendorff's alpha,
//! percent agreement) and [`crate::stats::classification`] (precision, recall, F1).
//!
//! Each theme is a yes/no decision per comment, so agreement is given per theme and twice
//! overall: *pooled*, every comment-and-theme decision as one unit, and *exact*, each comment's
//! whole set of themes as one nominal code (for a codebook where every comment gets one theme,
//! this is the usual single-label kappa and alpha). Themes are compared as coded, without
//! rolling children up into their parents.
//!
//! Comments are matched on question and respondent id; when a respondent id repeats (several
//! comments per respondent), on the row of the data file too. A comment that only one coding
//! has is left out of the comparison and counted.
//!
//! ```
//! use engage_core::themes::agreement::{AgreementOptions, accuracy, agreement};
//! use engage_core::themes::read_coding;
//!
//! let a = read_coding(b"respondent_id,question,theme\n1,q,parking\n2,q,\n3,q,staff\n", "a.csv", None)?;
//! let b = read_coding(b"respondent_id,question,theme\n1,q,parking\n2,q,staff\n3,q,staff\n", "b.csv", None)?;
//! let options = AgreementOptions::default();
//! let result = agreement(&[("a.csv", &a), ("b.csv", &b)], &options)?;
//! assert_eq!(result.comments, 3);
//! assert_eq!(result.exact.percent_agreement, Some(200.0 / 3.0));
//! let scores = accuracy(("a.csv", &a), ("b.csv", &b), &options)?;
//! assert_eq!(scores.micro.precision, Some(1.0));
//! // Staff was missed in comment 2: two of the gold coding's three themes found.
//! assert_eq!(scores.micro.recall, Some(2.0 / 3.0));
//! # Ok::<(), engage_core::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::codebook::Codebook;
use super::sheet::Coding;
use super::tree::ThemeTree;
use crate::error::{Error, Location, Result};
use crate::stats::agreement::{
    CohensKappa, KrippendorffAlpha, Level, cohens_kappa, krippendorff_alpha, percent_agreement,
};
use crate::stats::classification::{
    Confusion, MacroAverage, Scores, macro_average, micro_average, scores,
};
use crate::table::{Cell, Table, group_thousands};

/// A theme as the results name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ThemeName {
    /// The theme's id.
    pub id: String,
    /// The theme's label (its id when there is no codebook).
    pub label: String,
}

/// What to compare.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgreementOptions {
    /// The questions to compare, by id. Empty: every question of the codings.
    pub questions: Vec<String>,
    /// The themes to report, in order. Empty: every theme a coding uses, by id. Themes a coding
    /// uses that are not listed follow the listed ones.
    pub themes: Vec<ThemeName>,
}

impl AgreementOptions {
    /// Compare only these questions (default: every question of the codings).
    #[must_use]
    pub fn with_questions(mut self, questions: Vec<String>) -> AgreementOptions {
        self.questions = questions;
        self
    }

    /// Report these themes, in this order (default: the themes the codings use, by id).
    #[must_use]
    pub fn with_themes(mut self, themes: Vec<ThemeName>) -> AgreementOptions {
        self.themes = themes;
        self
    }

    /// Report every theme of a codebook, in its display order and with its labels, whether or
    /// not a coding uses it (default: the themes the codings use, by id).
    #[must_use]
    pub fn with_codebook(self, codebook: &Codebook) -> AgreementOptions {
        self.with_themes_of(codebook.tree())
    }

    /// Report every theme of a coder (a codebook's or a learned model's), in display order
    /// and with their labels, whether or not a coding uses it (default: the themes the codings
    /// use, by id).
    #[must_use]
    pub fn with_themes_of(self, tree: &ThemeTree) -> AgreementOptions {
        let themes = tree
            .display_order()
            .iter()
            .map(|&index| {
                let theme = &tree.themes()[index];
                ThemeName {
                    id: theme.id.clone(),
                    label: theme.label.clone(),
                }
            })
            .collect();
        self.with_themes(themes)
    }
}

/// Agreement on one set of units: percent agreement, Cohen's kappa and Krippendorff's alpha.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measures {
    /// The units compared: comments, or comment-and-theme decisions when pooled.
    pub units: usize,
    /// The percentage (0 to 100) of agreeing decisions: for two codings, of units coded the
    /// same; for more, of pairs of codes that agree (Krippendorff's 1 − Dₒ). `None` when no
    /// unit has two codes.
    pub percent_agreement: Option<f64>,
    /// Cohen's kappa, for exactly two codings (`None` for more: see alpha).
    pub kappa: Option<CohensKappa>,
    /// Krippendorff's alpha, nominal, for any number of codings.
    pub alpha: KrippendorffAlpha,
}

/// Agreement on one theme.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeAgreement {
    /// The theme.
    #[serde(flatten)]
    pub theme: ThemeName,
    /// For each coding, the compared comments it gives the theme.
    pub coded: Vec<usize>,
    /// The agreement on the theme, over the compared comments.
    pub measures: Measures,
}

/// How far several codings of the same comments agree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    /// The codings' names (their files), in the order given.
    pub coders: Vec<String>,
    /// The questions compared.
    pub questions: Vec<String>,
    /// The comments compared: those at least two codings have (for two codings, both).
    pub comments: usize,
    /// For each coding, its comments that no other coding has, left out.
    pub unmatched: Vec<usize>,
    /// Agreement per theme.
    pub themes: Vec<ThemeAgreement>,
    /// Every comment-and-theme decision as one unit.
    pub pooled: Measures,
    /// Each comment's whole set of themes as one nominal code.
    pub exact: Measures,
    /// Things to check (repeated respondent ids).
    pub warnings: Vec<String>,
}

/// Accuracy on one theme.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeAccuracy {
    /// The theme.
    #[serde(flatten)]
    pub theme: ThemeName,
    /// The counts of agreeing and disagreeing decisions.
    #[serde(flatten)]
    pub confusion: Confusion,
    /// Precision, recall and F1.
    #[serde(flatten)]
    pub scores: Scores,
}

/// How well a coding matches a gold coding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Accuracy {
    /// The coding's name (its file).
    pub coding: String,
    /// The gold coding's name.
    pub gold: String,
    /// The questions compared.
    pub questions: Vec<String>,
    /// The comments both have.
    pub comments: usize,
    /// Comments only the coding has, left out.
    pub coding_only: usize,
    /// Comments only the gold coding has (an answer left empty, say), left out.
    pub gold_only: usize,
    /// Precision, recall and F1 per theme.
    pub themes: Vec<ThemeAccuracy>,
    /// Every decision pooled.
    pub micro: Scores,
    /// The mean over the themes either coding uses.
    pub macro_average: MacroAverage,
    /// The percentage of comments given exactly the gold coding's set of themes.
    pub exact_match: f64,
    /// Things to check (repeated respondent ids).
    pub warnings: Vec<String>,
}

/// Cohen's kappa (two codings), Krippendorff's alpha and percent agreement per theme and
/// overall, between two or more codings of the same comments.
pub fn agreement(codings: &[(&str, &Coding)], options: &AgreementOptions) -> Result<Agreement> {
    if codings.len() < 2 {
        return Err(Error::data(
            Location::default(),
            format!(
                "expected at least two codings to compare, found {}",
                codings.len()
            ),
        ));
    }
    let mut aligned = align(codings, &options.questions)?;
    aligned.warnings.extend(disjoint_themes(codings));
    let themes = theme_list(codings, &options.themes);
    let coders = codings.len();
    let mut pooled_units = Vec::with_capacity(aligned.comments.len() * themes.len());
    let mut per_theme = Vec::with_capacity(themes.len());
    for theme in themes {
        let units: Vec<Vec<Option<usize>>> = aligned
            .comments
            .iter()
            .map(|sets| {
                sets.iter()
                    .map(|set| set.map(|set| usize::from(set.contains(&theme.id))))
                    .collect()
            })
            .collect();
        let coded = (0..coders)
            .map(|coder| units.iter().filter(|unit| unit[coder] == Some(1)).count())
            .collect();
        let measures = measures(&units, coders)?;
        pooled_units.extend(units);
        per_theme.push(ThemeAgreement {
            theme,
            coded,
            measures,
        });
    }
    // Each distinct set of themes is one nominal code.
    let mut sets: BTreeMap<&BTreeSet<String>, usize> = BTreeMap::new();
    for set in aligned.comments.iter().flatten().flatten() {
        let next = sets.len();
        sets.entry(set).or_insert(next);
    }
    let exact_units: Vec<Vec<Option<usize>>> = aligned
        .comments
        .iter()
        .map(|comment| comment.iter().map(|set| set.map(|set| sets[set])).collect())
        .collect();
    Ok(Agreement {
        coders: codings
            .iter()
            .map(|(name, _)| (*name).to_string())
            .collect(),
        questions: aligned.questions,
        comments: aligned.comments.len(),
        unmatched: aligned.unmatched,
        themes: per_theme,
        pooled: measures(&pooled_units, coders)?,
        exact: measures(&exact_units, coders)?,
        warnings: aligned.warnings,
    })
}

/// Precision, recall and F1 per theme, micro and macro F1, and the share of comments coded
/// exactly right, of a coding against a gold coding. Unless the options name questions, the
/// questions compared are those of the gold coding (all of the coding's when the gold has no
/// question column).
pub fn accuracy(
    coding: (&str, &Coding),
    gold: (&str, &Coding),
    options: &AgreementOptions,
) -> Result<Accuracy> {
    let codings = [coding, gold];
    // Questions the gold coding does not cover at all are not scored.
    let questions: Vec<String> = if options.questions.is_empty() {
        gold.1
            .questions()
            .into_iter()
            .filter(|question| !question.is_empty())
            .map(str::to_string)
            .collect()
    } else {
        options.questions.clone()
    };
    let mut aligned = align(&codings, &questions)?;
    aligned.warnings.extend(disjoint_themes(&codings));
    let themes = theme_list(&codings, &options.themes);
    let mut per_theme = Vec::with_capacity(themes.len());
    for theme in themes {
        let mut confusion = Confusion::default();
        for comment in &aligned.comments {
            let has =
                |set: Option<&BTreeSet<String>>| set.is_some_and(|set| set.contains(&theme.id));
            match (has(comment[0]), has(comment[1])) {
                (true, true) => confusion.true_positives += 1,
                (true, false) => confusion.false_positives += 1,
                (false, true) => confusion.false_negatives += 1,
                (false, false) => {}
            }
        }
        per_theme.push(ThemeAccuracy {
            theme,
            confusion,
            scores: scores(confusion),
        });
    }
    let confusions: Vec<Confusion> = per_theme.iter().map(|theme| theme.confusion).collect();
    let exact = aligned
        .comments
        .iter()
        .filter(|comment| comment[0] == comment[1])
        .count();
    Ok(Accuracy {
        coding: coding.0.to_string(),
        gold: gold.0.to_string(),
        questions: aligned.questions,
        comments: aligned.comments.len(),
        coding_only: aligned.unmatched[0],
        gold_only: aligned.unmatched[1],
        themes: per_theme,
        micro: micro_average(&confusions),
        macro_average: macro_average(&confusions),
        exact_match: 100.0 * exact as f64 / aligned.comments.len() as f64,
        warnings: aligned.warnings,
    })
}

/// Percent agreement, kappa and alpha over units of category codes, one per coding (`None`
/// where a coding lacks the comment).
fn measures(units: &[Vec<Option<usize>>], coders: usize) -> Result<Measures> {
    let alpha = krippendorff_alpha(
        &units
            .iter()
            .map(|unit| {
                unit.iter()
                    .map(|code| code.map(|code| code as f64))
                    .collect()
            })
            .collect::<Vec<Vec<Option<f64>>>>(),
        Level::Nominal,
    )?;
    let (kappa, percent) = if coders == 2 {
        let (a, b): (Vec<usize>, Vec<usize>) = units
            .iter()
            .filter_map(|unit| Some((unit[0]?, unit[1]?)))
            .unzip();
        if a.is_empty() {
            (None, None)
        } else {
            (
                Some(cohens_kappa(&a, &b)?),
                Some(percent_agreement(&a, &b)?),
            )
        }
    } else {
        let percent =
            (alpha.pairable_values > 0).then_some(100.0 * (1.0 - alpha.observed_disagreement));
        (None, percent)
    };
    Ok(Measures {
        units: units.len(),
        percent_agreement: percent,
        kappa,
        alpha,
    })
}

/// The themes to report: those asked for, then any other a coding uses, by id.
fn theme_list(codings: &[(&str, &Coding)], listed: &[ThemeName]) -> Vec<ThemeName> {
    let mut themes = listed.to_vec();
    let used: BTreeSet<&str> = codings
        .iter()
        .flat_map(|(_, coding)| coding.theme_ids())
        .collect();
    for id in used {
        if !themes.iter().any(|theme| theme.id == id) {
            themes.push(ThemeName {
                id: id.to_string(),
                label: id.to_string(),
            });
        }
    }
    themes
}

/// A warning when two codings use themes but none in common: most likely one names themes by
/// id and the other by label, which a codebook would reconcile.
fn disjoint_themes(codings: &[(&str, &Coding)]) -> Option<String> {
    let used: Vec<(&str, BTreeSet<&str>)> = codings
        .iter()
        .map(|(name, coding)| (*name, coding.theme_ids()))
        .filter(|(_, themes)| !themes.is_empty())
        .collect();
    for (position, (first, first_themes)) in used.iter().enumerate() {
        for (second, second_themes) in &used[position + 1..] {
            if first_themes.is_disjoint(second_themes) {
                let sample = |themes: &BTreeSet<&str>| {
                    let shown: Vec<&str> = themes.iter().take(3).copied().collect();
                    shown.join(", ")
                };
                return Some(format!(
                    "{first} and {second} have no theme in common ({first} uses {}; {second} uses {}); with --codebook, theme labels are read as ids",
                    sample(first_themes),
                    sample(second_themes)
                ));
            }
        }
    }
    None
}

/// Codings lined up comment by comment.
struct Aligned<'a> {
    /// The comments at least two codings have: each coding's themes, `None` where it lacks the
    /// comment.
    comments: Vec<Vec<Option<&'a BTreeSet<String>>>>,
    /// For each coding, its comments no other coding has.
    unmatched: Vec<usize>,
    questions: Vec<String>,
    warnings: Vec<String>,
}

/// Where a comment is matched: question, respondent, and the row when the id repeats.
type MatchKey = (String, String, Option<usize>);

/// One comment of a coding, with its question resolved.
struct Entry<'a> {
    question: String,
    respondent: &'a str,
    row: Option<usize>,
    themes: &'a BTreeSet<String>,
}

/// A respondent id that repeats under a question: the first coding it repeats in, and the rows.
struct Repeat {
    coder: usize,
    rows: BTreeSet<Option<usize>>,
}

fn align<'a>(codings: &[(&str, &'a Coding)], questions: &[String]) -> Result<Aligned<'a>> {
    let wanted = |question: &str| questions.is_empty() || questions.iter().any(|q| q == question);
    let named: BTreeSet<&str> = codings
        .iter()
        .flat_map(|(_, coding)| coding.questions())
        .filter(|question| !question.is_empty() && wanted(question))
        .collect();
    // A sheet without a question column stands for the one question compared.
    let mut unnamed_as = String::new();
    if let Some((name, _)) = codings
        .iter()
        .find(|(_, coding)| coding.questions().contains(""))
    {
        let candidates: Vec<&str> = if questions.is_empty() {
            named.iter().copied().collect()
        } else {
            questions.iter().map(String::as_str).collect()
        };
        match candidates.as_slice() {
            [] => {}
            [only] => unnamed_as = (*only).to_string(),
            several => {
                return Err(Error::data(
                    Location::file(*name),
                    format!(
                        "the coding has no question column, and the others cover several questions ({}); expected one",
                        several.join(", ")
                    ),
                )
                .with_hint("compare one question at a time with --question ID"));
            }
        }
    }
    // Each coding's comments with the question resolved, and the ids that repeat.
    let mut entries: Vec<Vec<Entry<'a>>> = Vec::new();
    let mut repeated: BTreeMap<(String, String), Repeat> = BTreeMap::new();
    for (coder, (_, coding)) in codings.iter().enumerate() {
        let mut comments = Vec::with_capacity(coding.assignments.len());
        let mut rows: BTreeMap<(String, &str), BTreeSet<Option<usize>>> = BTreeMap::new();
        for (key, themes) in &coding.assignments {
            let question = if key.question.is_empty() {
                unnamed_as.clone()
            } else {
                key.question.clone()
            };
            if !question.is_empty() && !wanted(&question) {
                continue;
            }
            rows.entry((question.clone(), &key.respondent))
                .or_default()
                .insert(key.row);
            comments.push(Entry {
                question,
                respondent: key.respondent.as_str(),
                row: key.row,
                themes,
            });
        }
        for ((question, respondent), rows) in rows {
            if rows.len() > 1 {
                repeated
                    .entry((question, respondent.to_string()))
                    .or_insert(Repeat { coder, rows });
            }
        }
        entries.push(comments);
    }
    let mut warnings = Vec::new();
    if let Some(((_, respondent), Repeat { coder, rows })) = repeated.iter().next() {
        let rows: Vec<String> = rows
            .iter()
            .map(|row| row.map_or_else(|| "?".to_string(), |row| row.to_string()))
            .collect();
        let more = match repeated.len() - 1 {
            0 => String::new(),
            others => format!(" and {} more", count(others, "id")),
        };
        warnings.push(format!(
            "respondent ids repeat in {} (\"{respondent}\" on rows {}{more}); comments under one id were matched by their row",
            codings[*coder].0,
            rows.join(", ")
        ));
    }
    let mut matched: BTreeMap<MatchKey, Vec<Option<&'a BTreeSet<String>>>> = BTreeMap::new();
    for (coder, comments) in entries.into_iter().enumerate() {
        let mut rowless = 0;
        for Entry {
            question,
            respondent,
            row,
            themes,
        } in comments
        {
            let repeats = repeated.contains_key(&(question.clone(), respondent.to_string()));
            if repeats && row.is_none() {
                rowless += 1;
            }
            let key = (
                question,
                respondent.to_string(),
                if repeats { row } else { None },
            );
            matched
                .entry(key)
                .or_insert_with(|| vec![None; codings.len()])[coder] = Some(themes);
        }
        if rowless > 0 {
            warnings.push(format!(
                "{} has no row numbers for {} under repeated respondent ids, so they could not be matched",
                codings[coder].0,
                count(rowless, "comment")
            ));
        }
    }
    let mut unmatched = vec![0; codings.len()];
    let mut comments = Vec::with_capacity(matched.len());
    let mut questions_compared = BTreeSet::new();
    for ((question, _, _), sets) in matched {
        let present: Vec<usize> = (0..sets.len()).filter(|&c| sets[c].is_some()).collect();
        if let [only] = present.as_slice() {
            unmatched[*only] += 1;
        } else {
            questions_compared.insert(question);
            comments.push(sets);
        }
    }
    if comments.is_empty() {
        let examples: Vec<String> = codings
            .iter()
            .filter_map(|(name, coding)| {
                let key = coding.assignments.keys().next()?;
                Some(format!(
                    "{name} starts with respondent \"{}\"{}",
                    key.respondent,
                    if key.question.is_empty() {
                        String::new()
                    } else {
                        format!(" on question \"{}\"", key.question)
                    }
                ))
            })
            .collect();
        let error = Error::data(
            Location::default(),
            "the codings have no comments in common; expected the same respondent ids and questions",
        );
        return Err(if examples.is_empty() {
            error
        } else {
            error.with_hint(examples.join("; "))
        });
    }
    Ok(Aligned {
        comments,
        unmatched,
        questions: questions_compared.into_iter().collect(),
        warnings,
    })
}

impl Agreement {
    /// The per-theme table and the overall table, for printing.
    #[must_use]
    pub fn tables(&self) -> Vec<Table> {
        let mut columns = vec![
            "theme_id".to_string(),
            "theme".to_string(),
            "comments".to_string(),
        ];
        columns.extend(self.coders.iter().map(|coder| format!("coded: {coder}")));
        columns.extend(["agreement", "kappa", "alpha"].map(str::to_string));
        let column_names: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut themes =
            Table::new("Agreement per theme", &column_names).with_caption(self.caption());
        for theme in &self.themes {
            let mut row = vec![
                Cell::text(&theme.theme.id),
                Cell::text(&theme.theme.label),
                Cell::Count(theme.measures.units as u64),
            ];
            row.extend(theme.coded.iter().map(|&count| Cell::Count(count as u64)));
            row.extend(measure_cells(&theme.measures));
            themes.push(row);
        }
        themes.notes.push(self.measure_note());
        for (coder, &left_out) in self.coders.iter().zip(&self.unmatched) {
            if left_out > 0 {
                themes.notes.push(format!(
                    "{} only in {coder} left out",
                    count(left_out, "comment")
                ));
            }
        }
        let mut overall = Table::new(
            "Overall agreement",
            &["measure", "units", "agreement", "kappa", "alpha"],
        )
        .with_caption(self.caption());
        for (label, measures) in [
            ("Pooled: every comment and theme", &self.pooled),
            ("Exact: each comment's whole set of themes", &self.exact),
        ] {
            let mut row = vec![Cell::text(label), Cell::Count(measures.units as u64)];
            row.extend(measure_cells(measures));
            overall.push(row);
        }
        overall.notes.push(
            "Pooled counts each decision (does this comment have this theme?) once; exact counts a comment as agreed only when its whole set of themes is the same"
                .to_string(),
        );
        vec![themes, overall]
    }

    fn caption(&self) -> String {
        let both = if self.coders.len() == 2 {
            format!("both {} and {}", self.coders[0], self.coders[1])
        } else {
            format!("at least two of {} codings", self.coders.len())
        };
        format!(
            "Base: {} comments coded in {both}",
            group_thousands(self.comments as u64)
        )
    }

    fn measure_note(&self) -> String {
        let kappa = if self.coders.len() == 2 {
            "kappa is Cohen's"
        } else {
            "Cohen's kappa is for two codings only"
        };
        format!(
            "Agreement is the share of decisions that agree; {kappa}; alpha is Krippendorff's (nominal); blank where undefined (a theme nobody or everybody used)"
        )
    }
}

/// `1 comment`, `2,345 comments`.
fn count(count: usize, noun: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{} {noun}{plural}", group_thousands(count as u64))
}

/// Percent agreement, kappa and alpha as cells.
fn measure_cells(measures: &Measures) -> [Cell; 3] {
    [
        measures
            .percent_agreement
            .map_or(Cell::Empty, Cell::percent),
        Cell::maybe(measures.kappa.and_then(|kappa| kappa.kappa), 3),
        Cell::maybe(measures.alpha.alpha, 3),
    ]
}

impl Accuracy {
    /// The per-theme table and the averages, for printing.
    #[must_use]
    pub fn tables(&self) -> Vec<Table> {
        let caption = format!(
            "Base: {} comments in both {} and the gold coding {}",
            group_thousands(self.comments as u64),
            self.coding,
            self.gold
        );
        let mut themes = Table::new(
            "Accuracy per theme",
            &[
                "theme_id",
                "theme",
                "gold",
                "coded",
                "correct",
                "precision",
                "recall",
                "f1",
            ],
        )
        .with_caption(caption.clone());
        for theme in &self.themes {
            let confusion = theme.confusion;
            themes.push(vec![
                Cell::text(&theme.theme.id),
                Cell::text(&theme.theme.label),
                Cell::Count(confusion.support()),
                Cell::Count(confusion.predicted()),
                Cell::Count(confusion.true_positives),
                Cell::maybe(theme.scores.precision, 3),
                Cell::maybe(theme.scores.recall, 3),
                Cell::maybe(theme.scores.f1, 3),
            ]);
        }
        themes.notes.push(
            "Gold: comments the gold coding gives the theme; coded: comments the coding gives it; correct: both. Blank where undefined"
                .to_string(),
        );
        for (left_out, name) in [
            (self.coding_only, &self.coding),
            (self.gold_only, &self.gold),
        ] {
            if left_out > 0 {
                themes.notes.push(format!(
                    "{} only in {name} left out",
                    count(left_out, "comment")
                ));
            }
        }
        let mut averages = Table::new(
            "Averages",
            &["average", "themes", "precision", "recall", "f1"],
        )
        .with_caption(caption);
        let used = self.macro_average.categories as u64;
        averages.push(vec![
            Cell::text("Micro: every decision pooled"),
            Cell::Count(used),
            Cell::maybe(self.micro.precision, 3),
            Cell::maybe(self.micro.recall, 3),
            Cell::maybe(self.micro.f1, 3),
        ]);
        averages.push(vec![
            Cell::text("Macro: mean over themes"),
            Cell::Count(used),
            Cell::maybe(self.macro_average.precision, 3),
            Cell::maybe(self.macro_average.recall, 3),
            Cell::maybe(self.macro_average.f1, 3),
        ]);
        averages.notes.push(format!(
            "Averaged over the {} themes the coding or the gold coding uses; {:.1}% of comments have exactly the gold coding's themes",
            group_thousands(used),
            self.exact_match
        ));
        vec![themes, averages]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::themes::codebook::Theme;
    use crate::themes::sheet::{CommentKey, read_coding};

    /// Asserts that `actual` is within `tolerance` of `expected`.
    #[track_caller]
    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "expected {expected}, found {actual}"
        );
    }

    /// A coding of question "q": one entry per comment, its themes.
    fn coding(comments: &[(&str, &[&str])]) -> Coding {
        let mut coding = Coding::default();
        for (respondent, themes) in comments {
            insert(&mut coding, respondent, themes.iter().copied());
        }
        coding
    }

    /// Adds a comment of question "q" with its themes.
    fn insert<'a>(coding: &mut Coding, respondent: &str, themes: impl Iterator<Item = &'a str>) {
        coding.assignments.insert(
            CommentKey {
                question: "q".to_string(),
                respondent: respondent.to_string(),
                row: None,
            },
            themes.map(str::to_string).collect(),
        );
    }

    /// Two codings of comments `1`, `2`...: for each (theme in A, theme in B, count), that many
    /// comments, each coded with the one theme given ("" for none).
    fn pair(cells: &[(&str, &str, usize)]) -> (Coding, Coding) {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let mut number = 0;
        for &(code_a, code_b, count) in cells {
            for _ in 0..count {
                number += 1;
                a.push((number.to_string(), code_a));
                b.push((number.to_string(), code_b));
            }
        }
        let build = |codes: &[(String, &str)]| {
            let comments: Vec<(&str, &[&str])> = codes
                .iter()
                .map(|(respondent, code)| {
                    let themes: &[&str] = if code.is_empty() {
                        &[]
                    } else {
                        std::slice::from_ref(code)
                    };
                    (respondent.as_str(), themes)
                })
                .collect();
            coding(&comments)
        };
        (build(&a), build(&b))
    }

    fn compare(a: &Coding, b: &Coding) -> Agreement {
        agreement(&[("a", a), ("b", b)], &AgreementOptions::default()).unwrap()
    }

    /// The 50-proposal example of Wikipedia's "Cohen's kappa" (also tutorialspoint's; in
    /// stats-oracles.md section 6): both coders say yes to 20, A alone to 5, B alone to 10,
    /// neither to 15. κ = 0.4 published, pₒ = 0.7. As one theme, "yes" is coded or not. Alpha
    /// by hand from the coincidence matrix (o₁₁ = 40, o₀₀ = 30, o₀₁ = o₁₀ = 15, n₁ = 55,
    /// n₀ = 45, n = 100): α = 1 − (n − 1) o₀₁ / (n₀ n₁) = 1 − 99 · 15 / 2475 = 2/5.
    #[test]
    fn per_theme_kappa_matches_the_fifty_proposal_example() {
        let (a, b) = pair(&[
            ("yes", "yes", 20),
            ("yes", "", 5),
            ("", "yes", 10),
            ("", "", 15),
        ]);
        let result = compare(&a, &b);
        assert_eq!(result.comments, 50);
        let theme = &result.themes[0];
        assert_eq!(theme.theme.id, "yes");
        assert_eq!(theme.coded, [25, 30]);
        let kappa = theme.measures.kappa.unwrap();
        close(kappa.kappa.unwrap(), 0.4, 1e-12);
        close(kappa.observed_agreement, 0.7, 1e-12);
        close(theme.measures.percent_agreement.unwrap(), 70.0, 1e-12);
        close(theme.measures.alpha.alpha.unwrap(), 0.4, 1e-12);
        // One theme: pooled is the same decisions, and exact the same codes.
        assert_eq!(result.pooled, theme.measures);
        close(result.exact.kappa.unwrap().kappa.unwrap(), 0.4, 1e-12);
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section A, binary
    /// data, two observers, no missing data: A = 0 1 0 0 0 0 0 0 1 0, B = 1 1 1 0 0 1 0 0 0 0.
    /// Published α = 0.095 (quoted from memory of the paper; the same paper gives the 0.743 of
    /// stats-oracles.md section 6). By hand: o₀₀ = 10, o₁₁ = 2, o₀₁ = o₁₀ = 4, n₀ = 14, n₁ = 6,
    /// α = 1 − 19 · 4 / (14 · 6) = 2/21; κ: pₒ = 3/5, pₑ = 0.8 · 0.6 + 0.2 · 0.4 = 14/25,
    /// κ = (3/5 − 14/25) / (11/25) = 1/11.
    #[test]
    fn per_theme_alpha_matches_krippendorffs_binary_example() {
        let (a, b) = pair(&[
            ("", "t", 1),
            ("t", "t", 1),
            ("", "t", 1),
            ("", "", 2),
            ("", "t", 1),
            ("", "", 2),
            ("t", "", 1),
            ("", "", 1),
        ]);
        let result = compare(&a, &b);
        let measures = &result.themes[0].measures;
        close(measures.alpha.alpha.unwrap(), 2.0 / 21.0, 1e-12);
        assert!((measures.alpha.alpha.unwrap() - 0.095).abs() < 5e-4);
        close(measures.kappa.unwrap().kappa.unwrap(), 1.0 / 11.0, 1e-12);
        close(measures.percent_agreement.unwrap(), 60.0, 1e-12);
    }

    /// Krippendorff (2011), section B, nominal data, two observers, no missing data: 12 units,
    /// A = a a b b d c c c e d d a, B = b a b b b c c c e d d d, one theme per comment, so the
    /// exact (whole set) agreement is the usual nominal one. Published α = 0.692 (from memory
    /// of the paper); exact 155/224 from the coincidence matrix in Python fractions. κ by hand:
    /// pₒ = 9/12, pₑ = (3·1 + 2·4 + 3·3 + 3·3 + 1·1)/144 = 5/24, κ = 13/19.
    #[test]
    fn exact_alpha_matches_krippendorffs_two_observer_nominal_example() {
        let a = "a a b b d c c c e d d a".split(' ');
        let b = "b a b b b c c c e d d d".split(' ');
        let cells: Vec<(&str, &str, usize)> = a.zip(b).map(|(a, b)| (a, b, 1)).collect();
        let (a, b) = pair(&cells);
        let result = compare(&a, &b);
        assert_eq!(result.exact.units, 12);
        close(result.exact.alpha.alpha.unwrap(), 155.0 / 224.0, 1e-12);
        assert!((result.exact.alpha.alpha.unwrap() - 0.692).abs() < 5e-4);
        close(
            result.exact.kappa.unwrap().kappa.unwrap(),
            13.0 / 19.0,
            1e-12,
        );
        close(result.exact.percent_agreement.unwrap(), 75.0, 1e-12);
        assert_eq!(result.themes.len(), 5);
        // Pooled: 12 comments x 5 themes; a comment the coders disagree on is two disagreeing
        // decisions and three agreeing ones: 60 - 3 x 2 = 54 agree.
        assert_eq!(result.pooled.units, 60);
        close(result.pooled.percent_agreement.unwrap(), 90.0, 1e-12);
    }

    /// Krippendorff's own 4 observers x 12 units example with missing values
    /// (stats-oracles.md section 6): nominal α = 113/152, published 0.743. Each observer is a
    /// coding, each unit a comment with one theme, a missing value a comment that coding lacks.
    /// Unit 12 has one value (observer B's), so 11 comments are compared and one of B's is left
    /// out. Percent agreement for more than two codings is 1 − Dₒ = 4/5 (Dₒ = 8/40 from the
    /// coincidence matrix in Python fractions). Kappa is for two codings only.
    #[test]
    fn exact_alpha_matches_krippendorffs_four_observer_example_with_missing_values() {
        let observers: [[u8; 12]; 4] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        let codings: Vec<Coding> = observers
            .iter()
            .map(|row| {
                let mut coding = Coding::default();
                for (unit, &code) in row.iter().enumerate() {
                    if code != 0 {
                        let theme = code.to_string();
                        insert(
                            &mut coding,
                            &format!("u{}", unit + 1),
                            [theme.as_str()].into_iter(),
                        );
                    }
                }
                coding
            })
            .collect();
        let named: Vec<(&str, &Coding)> = ["A", "B", "C", "D"]
            .into_iter()
            .zip(codings.iter())
            .collect();
        let result = agreement(&named, &AgreementOptions::default()).unwrap();
        assert_eq!(result.comments, 11);
        assert_eq!(result.unmatched, [0, 1, 0, 0]);
        assert_eq!(result.exact.alpha.pairable_values, 40);
        close(result.exact.alpha.alpha.unwrap(), 113.0 / 152.0, 1e-12);
        assert!((result.exact.alpha.alpha.unwrap() - 0.743).abs() < 5e-4);
        close(result.exact.percent_agreement.unwrap(), 80.0, 1e-12);
        assert_eq!(result.exact.kappa, None);
        assert!(
            result
                .themes
                .iter()
                .all(|theme| theme.measures.kappa.is_none())
        );
    }

    /// The 3 x 3 table of stats-oracles.md section 6 ([[10,2,3],[1,12,2],[2,1,17]], κ =
    /// 109/164, pₒ = 39/50) as single-theme codings: the exact agreement is that kappa.
    #[test]
    fn exact_kappa_matches_the_three_category_table() {
        let table = [[10, 2, 3], [1, 12, 2], [2, 1, 17]];
        let names = ["x", "y", "z"];
        let mut cells = Vec::new();
        for (row, counts) in table.iter().enumerate() {
            for (column, &count) in counts.iter().enumerate() {
                cells.push((names[row], names[column], count));
            }
        }
        let (a, b) = pair(&cells);
        let result = compare(&a, &b);
        close(
            result.exact.kappa.unwrap().kappa.unwrap(),
            109.0 / 164.0,
            1e-12,
        );
        close(result.exact.percent_agreement.unwrap(), 78.0, 1e-12);
    }

    /// Accuracy worked by hand. Gold and coding of six comments:
    /// 1 gold {access}, coded {access}          access TP
    /// 2 gold {access, staff}, coded {staff}    access FN, staff TP
    /// 3 gold {}, coded {parking}               parking FP
    /// 4 gold {staff}, coded {staff, access}    staff TP, access FP
    /// 5 gold {parking}, coded {}               parking FN
    /// 6 gold {}, coded {}                      exact
    /// plus comment 7 only in the gold (an empty answer) and 8 only in the coding.
    /// access: TP 1, FP 1, FN 1: P = R = F1 = 1/2. staff: TP 2: all 1. parking: FP 1, FN 1:
    /// all 0. Micro: TP 3, FP 2, FN 2: P = R = F1 = 3/5. Macro F1 (1/2 + 1 + 0)/3 = 1/2.
    /// Exact: comments 1 and 6 of 6.
    #[test]
    fn accuracy_matches_hand_counts() {
        let gold = coding(&[
            ("1", &["access"]),
            ("2", &["access", "staff"]),
            ("3", &[]),
            ("4", &["staff"]),
            ("5", &["parking"]),
            ("6", &[]),
            ("7", &["staff"]),
        ]);
        let coded = coding(&[
            ("1", &["access"]),
            ("2", &["staff"]),
            ("3", &["parking"]),
            ("4", &["staff", "access"]),
            ("5", &[]),
            ("6", &[]),
            ("8", &["access"]),
        ]);
        let codebook = Codebook::builder()
            .theme(Theme::new("staff", "Staff").with_include(["staff"]))
            .theme(Theme::new("access", "Access").with_include(["wait"]))
            .theme(Theme::new("parking", "Parking").with_include(["parking"]))
            .theme(Theme::new("unused", "Unused").with_include(["zebra"]))
            .build()
            .unwrap();
        let options = AgreementOptions::default().with_codebook(&codebook);
        let result = accuracy(("coded", &coded), ("gold", &gold), &options).unwrap();
        assert_eq!(
            (result.comments, result.coding_only, result.gold_only),
            (6, 1, 1)
        );
        let ids: Vec<&str> = result.themes.iter().map(|t| t.theme.id.as_str()).collect();
        assert_eq!(ids, ["staff", "access", "parking", "unused"]);
        let f1: Vec<Option<f64>> = result.themes.iter().map(|t| t.scores.f1).collect();
        assert_eq!(f1, [Some(1.0), Some(0.5), Some(0.0), None]);
        assert_eq!(result.themes[1].confusion, Confusion::new(1, 1, 1));
        close(result.micro.f1.unwrap(), 0.6, 1e-12);
        close(result.micro.precision.unwrap(), 0.6, 1e-12);
        close(result.macro_average.f1.unwrap(), 0.5, 1e-12);
        assert_eq!(result.macro_average.categories, 3);
        close(result.exact_match, 100.0 / 3.0, 1e-12);
        let tables = result.tables();
        assert_eq!(tables[0].rows.len(), 4);
        assert_eq!(tables[0].rows[0][1], Cell::text("Staff"));
        assert!(
            tables[0]
                .notes
                .iter()
                .any(|note| note == "1 comment only in gold left out")
        );
    }

    /// Labels kept beside the comments (one 0/1 column per theme, no question column, a
    /// respondent id that repeats because a respondent commented twice) line up with an
    /// automatic coding of one question by row.
    #[test]
    fn a_question_less_sheet_with_repeated_ids_lines_up_by_row() {
        let gold = read_coding(
            "Comment ID,Respondent ID,Answer,Parking,Staff\n\
             c1,r1,Parking was awful,1,\n\
             c2,r1,Lovely staff,,1\n\
             c3,r2,\"Staff, and\nparking\",1,1\n\
             c4,r3,,,\n"
                .as_bytes(),
            "labels.csv",
            None,
        )
        .unwrap();
        assert_eq!(gold.questions(), BTreeSet::from([""]));
        let mut coded = Coding::default();
        for (respondent, row, themes) in [
            ("r1", 2, vec!["Parking"]),
            ("r1", 3, vec!["Parking"]),
            ("r2", 4, vec!["Staff"]),
        ] {
            coded.assignments.insert(
                CommentKey {
                    question: "answer".to_string(),
                    respondent: respondent.to_string(),
                    row: Some(row),
                },
                themes.into_iter().map(str::to_string).collect(),
            );
        }
        let result = accuracy(
            ("coded", &coded),
            ("labels.csv", &gold),
            &AgreementOptions::default(),
        )
        .unwrap();
        assert_eq!(result.questions, ["answer"]);
        assert_eq!((result.comments, result.gold_only), (3, 1));
        // Parking: rows 2 and 4 in the gold, 2 and 3 coded. Staff: rows 3 and 4, 4 coded.
        assert_eq!(result.themes[0].confusion, Confusion::new(1, 1, 1));
        assert_eq!(result.themes[1].confusion, Confusion::new(1, 0, 1));
        assert!(
            result.warnings[0]
                .contains("respondent ids repeat in coded (\"r1\" on rows 2, 3); comments"),
            "{:?}",
            result.warnings
        );
    }

    #[test]
    fn codings_that_cannot_be_lined_up_are_refused() {
        let a = coding(&[("1", &["x"])]);
        let b = coding(&[("2", &["x"])]);
        let error = agreement(
            &[("a.csv", &a), ("b.csv", &b)],
            &AgreementOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the codings have no comments in common; expected the same respondent ids and questions"
        );
        assert_eq!(
            error.hint(),
            Some(
                "a.csv starts with respondent \"1\" on question \"q\"; b.csv starts with respondent \"2\" on question \"q\""
            )
        );
        let error = agreement(&[("a.csv", &a)], &AgreementOptions::default()).unwrap_err();
        assert!(
            error.to_string().contains("at least two codings"),
            "{error}"
        );
        let unnamed = read_coding(b"id,x\n1,1\n", "labels.csv", None).unwrap();
        let mut two = a.clone();
        two.assignments.insert(
            CommentKey {
                question: "other".to_string(),
                respondent: "1".to_string(),
                row: None,
            },
            BTreeSet::new(),
        );
        let error = agreement(
            &[("two.csv", &two), ("labels.csv", &unnamed)],
            &AgreementOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "labels.csv: the coding has no question column, and the others cover several questions (other, q); expected one"
        );
        let options = AgreementOptions::default().with_questions(vec!["q".to_string()]);
        let result = agreement(&[("two.csv", &two), ("labels.csv", &unnamed)], &options).unwrap();
        assert!(result.warnings.is_empty(), "{:?}", result.warnings);
        // Ids on one side and labels on the other share nothing: said, not silently scored.
        let ids = coding(&[("1", &["parking"])]);
        let labels = read_coding(b"id,Parking\n1,1\n", "labels.csv", None).unwrap();
        let result = accuracy(("ids.csv", &ids), ("labels.csv", &labels), &options).unwrap();
        assert_eq!(
            result.warnings,
            [
                "ids.csv and labels.csv have no theme in common (ids.csv uses parking; labels.csv uses Parking); with --codebook, theme labels are read as ids"
            ]
        );
        assert_eq!((result.comments, result.questions.len()), (1, 1));
    }
}
