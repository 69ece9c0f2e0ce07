//! Learned theme coding: learn from comments a person has coded, code the rest, say how good
//! the coding is, and point to the comments whose coding is least certain so that they are
//! coded by hand next.
//!
//! A [`TrainingSet`] holds hand-coded comments: either several themes per comment (one 0/1
//! column per theme: multi-label) or one theme each (one label column: single-label).
//! [`learn`] turns it into a [`Model`], which codes comments the way a [`Codebook`] does, so
//! every output of theme coding (counts, parents, quotes, splits, sentiment, the coding sheet,
//! the report) takes it unchanged through [`super::Coder`].
//!
//! How it works, and why:
//! - **Features** ([`FeatureSettings`]): the words of each comment as the codebook path reads
//!   them (Unicode word boundaries, case and accents folded), word pairs within a sentence, and
//!   the character 2- to 5-grams of each word (which catch misspellings and word endings:
//!   "apointment", "caring" and "carer"), weighted by TF-IDF and scaled to unit length per
//!   kind. With a codebook, one more feature per codebook theme the codebook finds, so that a
//!   team's own terms help where examples are few.
//! - **One linear support vector machine per theme** (L2-regularised squared hinge loss, dual
//!   coordinate descent: the method of LIBLINEAR and scikit-learn's `LinearSVC`), written here
//!   rather than taken from a crate: linfa's SVM is a kernel solver, slow on tens of thousands
//!   of sparse features, and smartcore's linear models are dense; this solver is about two
//!   hundred lines, sparse, and deterministic (its visiting order comes from a seed).
//! - **Cross-validation** (5 folds, stratified per theme, seeded) does four jobs: it chooses
//!   the regularisation (the cost `C` from [`LearnOptions::costs`], by macro-F1), it gives each
//!   theme the decision threshold with the best F1 on held-out comments (multi-label: themes
//!   are rare, and a threshold of 0 gives few of them) among those that give it to at most
//!   twice as many comments as have it (else a theme with a handful of examples the model
//!   cannot find is given to hundreds of comments for the sake of one: see
//!   [`best_threshold`]), it calibrates each theme's decision
//!   values into probabilities (Platt's sigmoid fitted on held-out decisions: the
//!   `confidence`), and it measures the coding: per theme and overall (micro and macro)
//!   precision, recall and F1, each fold's comments decided with the threshold chosen on the
//!   other folds, so the figures are not flattered by the threshold. The model's weights are
//!   the mean of the five fold models' (a linear model again), so that thresholds and
//!   probabilities fitted on held-out decisions apply to the model's decisions unchanged.
//! - **Single-label** models give each comment the theme with the highest probability.
//! - **Evidence**: each decision is explained by the words whose features added most to it.
//!
//! Ideas measured and left out, on a split of 7,394 labelled NHS Friends and Family Test
//! comments (18 categories, learned from half, coded the other half) with a prototype of this
//! pipeline, because none helped on the held-out half: label co-occurrence (a second stage fed
//! every theme's held-out decision: macro-F1 0.578 against 0.576), document vectors learned
//! from the comments themselves (latent semantic analysis, 100 dimensions: 0.581, within the
//! noise of a rerun), self-training on the coded half's confident decisions (0.575), class
//! weights (0.573), naive-Bayes feature scaling (0.559), sentiment scores as features (0.577)
//! and averaging word-only and character-only models (0.578). See the crate README for the
//! figures of this implementation.
//!
//! Everything is deterministic: the same comments, labels and options give the same model
//! bytes and the same codings on any number of cores.
//!
//! ```
//! use engage_core::themes::learn::{LearnOptions, TrainingSet, learn};
//! use engage_core::{Silent, themes::Theme};
//!
//! let mut training = TrainingSet::multi_label(
//!     "comments",
//!     "What could we do better?",
//!     vec![Theme::new("waiting", "Waiting times"), Theme::new("staff", "Staff")],
//! );
//! for round in 0..6 {
//!     training.push(format!("waited {round} hours to be seen"), vec![0]);
//!     training.push(format!("a long wait of {round} hours"), vec![0]);
//!     training.push(format!("the nurse was kind {round} times"), vec![1]);
//!     training.push(format!("staff were rude {round} times"), vec![1]);
//!     training.push(format!("rude staff and a long wait {round}"), vec![0, 1]);
//!     training.push(format!("nothing to add {round}"), vec![]);
//! }
//! let model = learn(&training, None, &LearnOptions::default(), &Silent)?;
//! println!("cross-validated macro-F1: {:?}", model.evaluation().macro_average.f1);
//! let coded = model.code_with_evidence(&["we had a long wait", "the staff were kind"]);
//! assert_eq!(coded[0].theme_ids(&model), ["waiting"]);
//! assert_eq!(coded[1].theme_ids(&model), ["staff"]);
//! assert!(coded[0].confidence[0].confidence > 0.5);
//! // The same model written and read back codes the same way.
//! let again = engage_core::themes::learn::Model::from_json(&model.to_json()?, "model.json")?;
//! assert_eq!(again.code(&["we had a long wait"]), model.code(&["we had a long wait"]));
//! # Ok::<(), engage_core::Error>(())
//! ```

mod calibrate;
mod features;
mod model;
mod suggest;
mod svm;
mod training;

use serde::{Deserialize, Serialize};

use super::codebook::Codebook;
use super::tree::{Theme, ThemeTree};
use crate::error::{Error, Location, Result};
use crate::progress::Progress;
use crate::stats::classification::{
    Confusion, MacroAverage, Scores, macro_average, micro_average, scores,
};
use crate::table::{Cell, Column, Table, group_thousands, plain_number};

pub use calibrate::{MOST_GIVEN_PER_CODED, Sigmoid, best_threshold};
pub use features::{FeatureScratch, FeatureSettings};
pub(crate) use model::ModelScratch;
pub use model::{LearnedFrom, LearnedQuestion, MODEL_SCHEMA_VERSION, Model};
pub use suggest::{SuggestOptions, Suggestion, suggest, suggestion_sheet};
pub use training::{LabelColumns, TrainingSpec, find_question, read_training};

use features::{Featurizer, Matrix};
use svm::{Linear, SvmSettings};

/// Whether each comment has any number of themes or exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    /// Any number of themes per comment (one 0/1 column per theme).
    MultiLabel,
    /// Exactly one theme per comment (one column naming the theme).
    SingleLabel,
}

/// One hand-coded comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingComment {
    /// The comment.
    pub text: String,
    /// Its themes, by index into [`TrainingSet::themes`]; exactly one for a single-label set.
    pub themes: Vec<usize>,
    /// Where it came from (the respondent id, or the row), for messages.
    pub respondent: String,
    /// The 1-based row of the training file.
    pub row: usize,
}

/// Hand-coded comments to learn from.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingSet {
    /// The question the comments answer, by id.
    pub question: String,
    /// The question's wording.
    pub question_text: String,
    /// The themes, in order.
    pub themes: Vec<Theme>,
    /// Multi-label or single-label.
    pub kind: LabelKind,
    /// The comments, in file order.
    pub comments: Vec<TrainingComment>,
    /// The training file, when read from one.
    pub file: Option<String>,
}

impl TrainingSet {
    /// An empty multi-label set for a question and these themes.
    #[must_use]
    pub fn multi_label(
        question: impl Into<String>,
        question_text: impl Into<String>,
        themes: Vec<Theme>,
    ) -> TrainingSet {
        TrainingSet {
            question: question.into(),
            question_text: question_text.into(),
            themes,
            kind: LabelKind::MultiLabel,
            comments: Vec::new(),
            file: None,
        }
    }

    /// An empty single-label set for a question and these themes.
    #[must_use]
    pub fn single_label(
        question: impl Into<String>,
        question_text: impl Into<String>,
        themes: Vec<Theme>,
    ) -> TrainingSet {
        TrainingSet {
            kind: LabelKind::SingleLabel,
            ..TrainingSet::multi_label(question, question_text, themes)
        }
    }

    /// Adds a comment with its themes (indices into [`TrainingSet::themes`]).
    pub fn push(&mut self, text: impl Into<String>, themes: Vec<usize>) {
        let row = self.comments.len() + 2;
        self.comments.push(TrainingComment {
            text: text.into(),
            themes,
            respondent: row.to_string(),
            row,
        });
    }

    fn location(&self) -> Location {
        self.file.as_deref().map(Location::file).unwrap_or_default()
    }

    /// Each theme's number of examples.
    #[must_use]
    pub fn examples(&self) -> Vec<usize> {
        let mut counts = vec![0; self.themes.len()];
        for comment in &self.comments {
            for &theme in &comment.themes {
                if let Some(count) = counts.get_mut(theme) {
                    *count += 1;
                }
            }
        }
        counts
    }

    /// Checks what learning needs: comments, themes with examples, a label with more than
    /// one value, theme indices in range, one theme per comment when single-label.
    fn check(&self, folds: usize) -> Result<()> {
        let location = || self.location().with_question(&self.question);
        if self.comments.is_empty() {
            return Err(
                Error::data(location(), "the training sheet has no comments")
                    .with_hint("the question's column must hold the comments that were coded"),
            );
        }
        if self.themes.is_empty() {
            return Err(Error::data(location(), "the training sheet has no themes"));
        }
        if self.comments.len() < folds {
            return Err(Error::data(
                location(),
                format!(
                    "{} coded comments are too few to learn from; expected at least {folds}",
                    self.comments.len()
                ),
            ));
        }
        for comment in &self.comments {
            if comment
                .themes
                .iter()
                .any(|&theme| theme >= self.themes.len())
            {
                return Err(Error::data(
                    location().with_row(comment.row),
                    "a theme index is out of range",
                ));
            }
            if self.kind == LabelKind::SingleLabel && comment.themes.len() != 1 {
                return Err(Error::data(
                    location().with_row(comment.row),
                    format!(
                        "a single-label comment must have exactly one theme, found {}",
                        comment.themes.len()
                    ),
                ));
            }
        }
        let examples = self.examples();
        for (theme, &count) in self.themes.iter().zip(&examples) {
            if count == 0 {
                return Err(Error::data(
                    location(),
                    format!("theme \"{}\" has no examples", theme.label),
                )
                .with_hint("code some comments with it, or leave the theme out"));
            }
            if self.kind == LabelKind::MultiLabel && count == self.comments.len() {
                return Err(Error::data(
                    location(),
                    format!(
                        "theme \"{}\" is given to every comment, so there is nothing to tell apart",
                        theme.label
                    ),
                ));
            }
        }
        if self.kind == LabelKind::SingleLabel && examples.iter().filter(|&&n| n > 0).count() < 2 {
            return Err(Error::data(
                location(),
                "the label has one value in every comment, so there is nothing to tell apart",
            ));
        }
        Ok(())
    }
}

/// How to learn.
#[derive(Clone, Debug, PartialEq)]
pub struct LearnOptions {
    /// Folds of the cross-validation.
    pub folds: usize,
    /// Seeds the folds and the solver's visiting order.
    pub seed: u64,
    /// The costs (`C`) to choose among by cross-validated macro-F1.
    pub costs: Vec<f64>,
    /// The text features.
    pub features: FeatureSettings,
}

impl Default for LearnOptions {
    fn default() -> LearnOptions {
        LearnOptions {
            folds: 5,
            seed: 1,
            costs: vec![0.1, 0.3, 1.0],
            features: FeatureSettings::default(),
        }
    }
}

impl LearnOptions {
    /// With this many folds (default: 5; at least 2).
    #[must_use]
    pub fn with_folds(mut self, folds: usize) -> LearnOptions {
        self.folds = folds.max(2);
        self
    }

    /// With this seed (default: 1).
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> LearnOptions {
        self.seed = seed;
        self
    }

    /// Choosing the cost among these (default: 0.1, 0.3 and 1).
    #[must_use]
    pub fn with_costs(mut self, costs: Vec<f64>) -> LearnOptions {
        self.costs = costs;
        self
    }

    /// With these features (default: [`FeatureSettings::default`]).
    #[must_use]
    pub fn with_features(mut self, features: FeatureSettings) -> LearnOptions {
        self.features = features;
        self
    }
}

/// How well one theme was coded in cross-validation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeEvaluation {
    /// The theme's id.
    pub id: String,
    /// The theme's label.
    pub label: String,
    /// Training comments with the theme.
    pub examples: usize,
    /// Held-out comments coded with the theme that have it.
    pub true_positives: u64,
    /// Held-out comments coded with the theme that do not have it.
    pub false_positives: u64,
    /// Held-out comments with the theme that were not coded with it.
    pub false_negatives: u64,
    /// TP / (TP + FP).
    pub precision: Option<f64>,
    /// TP / (TP + FN).
    pub recall: Option<f64>,
    /// 2 TP / (2 TP + FP + FN).
    pub f1: Option<f64>,
}

impl ThemeEvaluation {
    fn confusion(&self) -> Confusion {
        Confusion::new(
            self.true_positives,
            self.false_positives,
            self.false_negatives,
        )
    }
}

/// A cost tried, and the cross-validated macro-F1 it gave.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostTried {
    /// The cost `C`.
    pub cost: f64,
    /// Its cross-validated macro-F1.
    pub macro_f1: Option<f64>,
}

/// Scores averaged over themes (as [`MacroAverage`], stored in a model).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Averaged {
    /// Precision.
    pub precision: Option<f64>,
    /// Recall.
    pub recall: Option<f64>,
    /// F1.
    pub f1: Option<f64>,
}

impl From<Scores> for Averaged {
    fn from(scores: Scores) -> Averaged {
        Averaged {
            precision: scores.precision,
            recall: scores.recall,
            f1: scores.f1,
        }
    }
}

impl From<MacroAverage> for Averaged {
    fn from(average: MacroAverage) -> Averaged {
        Averaged {
            precision: average.precision,
            recall: average.recall,
            f1: average.f1,
        }
    }
}

/// How well the coding agreed with the hand coding in cross-validation: each comment coded by
/// a model that did not learn from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The folds.
    pub folds: usize,
    /// The comments.
    pub comments: usize,
    /// Per theme, in the model's order.
    pub themes: Vec<ThemeEvaluation>,
    /// Every comment-and-theme decision pooled.
    pub micro: Averaged,
    /// The mean over themes.
    #[serde(rename = "macro")]
    pub macro_average: Averaged,
    /// Single-label: the share of comments given their own theme.
    pub accuracy: Option<f64>,
    /// The costs tried and what each gave; the model uses the best.
    pub costs: Vec<CostTried>,
    /// The cost chosen.
    pub cost: f64,
}

/// An F1 for a note: three decimals, or "n/a".
fn f1_text(f1: Option<f64>) -> String {
    f1.map_or_else(|| "n/a".to_string(), |f1| format!("macro-F1 {f1:.3}"))
}

/// Themes with fewer examples than this get a warning that their figures are unreliable.
pub const FEW_EXAMPLES: usize = 10;

impl Evaluation {
    /// The figures as a table: per theme its examples, precision, recall and F1, then the
    /// micro and macro averages (and single-label, the accuracy).
    #[must_use]
    pub fn table(&self) -> Table {
        let mut table = Table::new(
            "Cross-validated agreement with the hand coding",
            // Figures about the model's agreement with the team's own coding, not counts of
            // respondents to withhold.
            &[
                Column::label("Theme"),
                Column::value("Examples"),
                Column::value("Precision"),
                Column::value("Recall"),
                Column::value("F1"),
            ],
        )
        .with_caption(format!(
            "{}-fold cross-validation on {} hand-coded comments: each comment coded by a model that did not learn from it",
            self.folds,
            group_thousands(self.comments as u64)
        ));
        for theme in &self.themes {
            let flag = if theme.examples < FEW_EXAMPLES {
                " (!)"
            } else {
                ""
            };
            table.push(vec![
                Cell::text(format!("{}{flag}", theme.label)),
                Cell::number(theme.examples as f64, 0),
                Cell::maybe(theme.precision, 3),
                Cell::maybe(theme.recall, 3),
                Cell::maybe(theme.f1, 3),
            ]);
        }
        for (name, figures) in [
            ("Micro average (every decision)", self.micro),
            ("Macro average (mean over themes)", self.macro_average),
        ] {
            table.push(vec![
                Cell::text(name),
                Cell::Empty,
                Cell::maybe(figures.precision, 3),
                Cell::maybe(figures.recall, 3),
                Cell::maybe(figures.f1, 3),
            ]);
        }
        if let Some(accuracy) = self.accuracy {
            table.notes.push(format!(
                "accuracy (comments given their own theme): {:.1}%",
                accuracy * 100.0
            ));
        }
        if let Some(chosen) = self.costs.iter().find(|tried| tried.cost == self.cost) {
            let tried: Vec<String> = self
                .costs
                .iter()
                .map(|tried| format!("{} ({})", plain_number(tried.cost), f1_text(tried.macro_f1)))
                .collect();
            table.notes.push(format!(
                "regularisation: cost C = {} chosen by macro-F1 from {}",
                plain_number(chosen.cost),
                tried.join(", ")
            ));
        }
        if self
            .themes
            .iter()
            .any(|theme| theme.examples < FEW_EXAMPLES)
        {
            table.notes.push(format!(
                "(!) fewer than {FEW_EXAMPLES} examples: the theme's figures are unreliable"
            ));
        }
        table
    }
    /// Warnings for the user: themes with too few examples for their figures to mean much.
    #[must_use]
    pub fn warnings(&self) -> Vec<String> {
        self.themes
            .iter()
            .filter(|theme| theme.examples < FEW_EXAMPLES)
            .map(|theme| {
                format!(
                    "theme \"{}\" has {} example{}; its figures are unreliable (code at least {FEW_EXAMPLES} comments with it)",
                    theme.label,
                    theme.examples,
                    if theme.examples == 1 { "" } else { "s" }
                )
            })
            .collect()
    }
}

/// Learns a model from hand-coded comments. With a codebook, its themes' matches are features
/// too (the model keeps a copy of the codebook).
pub fn learn(
    training: &TrainingSet,
    codebook: Option<&Codebook>,
    options: &LearnOptions,
    progress: &dyn Progress,
) -> Result<Model> {
    let folds = options.folds.max(2);
    training.check(folds)?;
    let tree = ThemeTree::new(training.themes.clone())
        .map_err(|error| Error::data(training.location(), error.message(&training.themes)))?;
    let mut costs: Vec<f64> = options
        .costs
        .iter()
        .copied()
        .filter(|cost| cost.is_finite() && *cost > 0.0)
        .collect();
    costs.sort_by(f64::total_cmp);
    costs.dedup();
    if costs.is_empty() {
        costs.push(0.3);
    }
    // The model keeps its own copy of the codebook, read back from the TOML it stores, so
    // that the learned model and the one loaded from its file find the same matches.
    let codebook = match codebook {
        Some(codebook) => Some(Codebook::from_toml(
            &codebook.to_toml(),
            codebook.file().unwrap_or("codebook"),
        )?),
        None => None,
    };
    progress.update("features", 0, 3);
    let texts: Vec<&str> = training
        .comments
        .iter()
        .map(|comment| comment.text.as_str())
        .collect();
    let featurizer = Featurizer::fit(&texts, options.features.clone(), codebook);
    let matrix = Matrix::build(&featurizer, &texts);
    let theme_count = training.themes.len();
    let count = texts.len();
    let labels: Vec<Vec<bool>> = (0..theme_count)
        .map(|theme| {
            training
                .comments
                .iter()
                .map(|comment| comment.themes.contains(&theme))
                .collect()
        })
        .collect();
    let assignments: Vec<Vec<usize>> = match training.kind {
        LabelKind::MultiLabel => (0..theme_count)
            .map(|theme| stratified_folds(&labels[theme], folds, options.seed ^ theme as u64))
            .collect(),
        LabelKind::SingleLabel => {
            let classes: Vec<usize> = training
                .comments
                .iter()
                .map(|comment| comment.themes[0])
                .collect();
            let shared = stratified_classes(&classes, folds, options.seed);
            vec![shared; theme_count]
        }
    };
    progress.update("cross-validation", 1, 3);
    // One job per theme and fold, each fitting every cost in turn from the last solution.
    let solver = SvmSettings::default();
    let jobs = theme_count * folds;
    let fitted: Vec<Vec<Linear>> = crate::parallel::map(jobs, |job, (): &mut ()| {
        let (theme, fold) = (job / folds, job % folds);
        let examples: Vec<usize> = (0..count)
            .filter(|&example| assignments[theme][example] != fold)
            .collect();
        let settings = SvmSettings {
            seed: options
                .seed
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                .wrapping_add(job as u64),
            ..solver
        };
        svm::fit_path(
            &matrix.rows,
            matrix.dimensions,
            &examples,
            &labels[theme],
            &costs,
            &settings,
        )
    });
    // Held-out decision values per cost, theme and comment.
    let held_out: Vec<Vec<Vec<f64>>> = (0..costs.len())
        .map(|cost| {
            (0..theme_count)
                .map(|theme| {
                    (0..count)
                        .map(|example| {
                            let fold = assignments[theme][example];
                            fitted[theme * folds + fold][cost].decision(&matrix.rows[example])
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let evaluations: Vec<Evaluation> = held_out
        .iter()
        .map(|decisions| {
            evaluate(
                training,
                decisions,
                &labels,
                &assignments,
                folds,
                training.kind,
            )
        })
        .collect();
    // The best macro-F1; on a tie the smaller cost, the more regularised model.
    let mut chosen = 0;
    for (index, evaluation) in evaluations.iter().enumerate() {
        let f1 = evaluation.macro_average.f1.unwrap_or(0.0);
        if f1 > evaluations[chosen].macro_average.f1.unwrap_or(0.0) + 1e-12 {
            chosen = index;
        }
    }
    progress.update("model", 2, 3);
    let mut evaluation = evaluations[chosen].clone();
    evaluation.costs = costs
        .iter()
        .zip(&evaluations)
        .map(|(&cost, evaluation)| CostTried {
            cost,
            macro_f1: evaluation.macro_average.f1,
        })
        .collect();
    evaluation.cost = costs[chosen];
    let decisions = &held_out[chosen];
    let mut weights = Vec::with_capacity(theme_count);
    let mut biases = Vec::with_capacity(theme_count);
    let mut calibration = Vec::with_capacity(theme_count);
    let mut thresholds = Vec::with_capacity(theme_count);
    for theme in 0..theme_count {
        // The mean of the fold models, summed in fold order.
        let mut mean = vec![0.0f64; matrix.dimensions];
        let mut bias = 0.0;
        for fold in 0..folds {
            let linear = &fitted[theme * folds + fold][chosen];
            for (total, weight) in mean.iter_mut().zip(&linear.weights) {
                *total += weight;
            }
            bias += linear.bias;
        }
        weights.push(
            mean.iter()
                .map(|total| (total / folds as f64) as f32)
                .collect::<Vec<f32>>(),
        );
        biases.push((bias / folds as f64) as f32);
        calibration.push(Sigmoid::fit(&decisions[theme], &labels[theme]));
        thresholds.push(best_threshold(&decisions[theme], &labels[theme]));
    }
    let model = Model::assemble(
        training,
        tree,
        featurizer,
        weights,
        biases,
        calibration,
        thresholds,
        model::Settings {
            cost: costs[chosen],
            costs,
            folds,
            seed: options.seed,
            bias: solver.bias,
            tolerance: solver.tolerance,
        },
        evaluation,
    );
    progress.update("done", 3, 3);
    Ok(model)
}

/// The cross-validated figures of one cost: each fold's comments decided with the threshold
/// (multi-label) or the calibration (single-label) fitted on the other folds' held-out
/// decisions.
fn evaluate(
    training: &TrainingSet,
    decisions: &[Vec<f64>],
    labels: &[Vec<bool>],
    assignments: &[Vec<usize>],
    folds: usize,
    kind: LabelKind,
) -> Evaluation {
    let theme_count = training.themes.len();
    let count = training.comments.len();
    let mut confusions = vec![Confusion::default(); theme_count];
    let mut accuracy = None;
    match kind {
        LabelKind::MultiLabel => {
            for theme in 0..theme_count {
                for fold in 0..folds {
                    let (inside, outside): (Vec<usize>, Vec<usize>) =
                        (0..count).partition(|&example| assignments[theme][example] == fold);
                    let other_decisions: Vec<f64> = outside
                        .iter()
                        .map(|&example| decisions[theme][example])
                        .collect();
                    let other_labels: Vec<bool> = outside
                        .iter()
                        .map(|&example| labels[theme][example])
                        .collect();
                    let threshold = best_threshold(&other_decisions, &other_labels);
                    for &example in &inside {
                        tally(
                            &mut confusions[theme],
                            decisions[theme][example] >= threshold,
                            labels[theme][example],
                        );
                    }
                }
            }
        }
        LabelKind::SingleLabel => {
            let assignment = &assignments[0];
            let mut correct = 0usize;
            for fold in 0..folds {
                let outside: Vec<usize> = (0..count)
                    .filter(|&example| assignment[example] != fold)
                    .collect();
                let sigmoids: Vec<Sigmoid> = (0..theme_count)
                    .map(|theme| {
                        let values: Vec<f64> = outside
                            .iter()
                            .map(|&example| decisions[theme][example])
                            .collect();
                        let truth: Vec<bool> = outside
                            .iter()
                            .map(|&example| labels[theme][example])
                            .collect();
                        Sigmoid::fit(&values, &truth)
                    })
                    .collect();
                for example in (0..count).filter(|&example| assignment[example] == fold) {
                    let predicted = most_likely(
                        (0..theme_count)
                            .map(|theme| sigmoids[theme].probability(decisions[theme][example])),
                    );
                    let actual = training.comments[example].themes[0];
                    if predicted == actual {
                        correct += 1;
                    }
                    for (theme, confusion) in confusions.iter_mut().enumerate() {
                        tally(confusion, predicted == theme, actual == theme);
                    }
                }
            }
            accuracy = Some(correct as f64 / count as f64);
        }
    }
    let examples = training.examples();
    let themes = training
        .themes
        .iter()
        .zip(&confusions)
        .zip(&examples)
        .map(|((theme, confusion), &examples)| {
            let figures = scores(*confusion);
            ThemeEvaluation {
                id: theme.id.clone(),
                label: theme.label.clone(),
                examples,
                true_positives: confusion.true_positives,
                false_positives: confusion.false_positives,
                false_negatives: confusion.false_negatives,
                precision: figures.precision,
                recall: figures.recall,
                f1: figures.f1,
            }
        })
        .collect::<Vec<ThemeEvaluation>>();
    let pooled: Vec<Confusion> = themes.iter().map(ThemeEvaluation::confusion).collect();
    Evaluation {
        folds,
        comments: count,
        micro: micro_average(&pooled).into(),
        macro_average: macro_average(&pooled).into(),
        themes,
        accuracy,
        costs: Vec::new(),
        cost: 0.0,
    }
}

/// Counts one decision into a confusion.
fn tally(confusion: &mut Confusion, predicted: bool, actual: bool) {
    match (predicted, actual) {
        (true, true) => confusion.true_positives += 1,
        (true, false) => confusion.false_positives += 1,
        (false, true) => confusion.false_negatives += 1,
        (false, false) => {}
    }
}

/// The position of the highest value; the first on a tie.
fn most_likely(values: impl Iterator<Item = f64>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (index, value) in values.enumerate() {
        if value > best.1 {
            best = (index, value);
        }
    }
    best.0
}

/// Each comment's fold, with the positives and the negatives each shuffled (seeded) and
/// dealt round the folds in turn, so that every fold has its share of both.
fn stratified_folds(positive: &[bool], folds: usize, seed: u64) -> Vec<usize> {
    let classes: Vec<usize> = positive.iter().map(|&label| usize::from(label)).collect();
    stratified_classes(&classes, folds, seed)
}

/// Each comment's fold, with the comments of each class shuffled (seeded) and dealt round the
/// folds in turn, continuing from where the last class stopped.
fn stratified_classes(classes: &[usize], folds: usize, seed: u64) -> Vec<usize> {
    let mut random = crate::stats::random::SplitMix64::new(seed);
    let class_count = classes.iter().max().map_or(0, |&class| class + 1);
    let mut assignment = vec![0; classes.len()];
    let mut next = 0;
    for class in 0..class_count {
        let mut members: Vec<usize> = (0..classes.len())
            .filter(|&index| classes[index] == class)
            .collect();
        for position in (1..members.len()).rev() {
            let other = (random.next_u64() % (position as u64 + 1)) as usize;
            members.swap(position, other);
        }
        for member in members {
            assignment[member] = next;
            next = (next + 1) % folds;
        }
    }
    assignment
}

#[cfg(test)]
mod tests;
