//! The learned model: what it codes with (features, one linear decision per theme, its
//! threshold and calibration), how it was learned and how well it did, written to and read
//! from versioned JSON, and coding comments with it.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::calibrate::Sigmoid;
use super::features::{FeatureScratch, FeatureSettings, Featurizer, Tokens, Vector};
use super::{Evaluation, LabelKind, TrainingSet};
use crate::dataset::Dataset;
use crate::error::{Error, Location, Result};
use crate::themes::codebook::Codebook;
use crate::themes::evidence::{CommentCoding, Confidence, Decision, Evidence};
use crate::themes::matcher::{MatchStatus, TermMatch, words};
use crate::themes::tree::{Theme, ThemeTree};

/// The layout version of model files; raised whenever a field changes meaning or goes.
pub const MODEL_SCHEMA_VERSION: u32 = 1;

/// The most evidence words given for one theme of one comment.
const EVIDENCE_WORDS: usize = 3;

/// How the solver was set up, as stored in a model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Settings {
    /// The costs tried.
    pub(crate) costs: Vec<f64>,
    /// The cost chosen by cross-validation.
    pub(crate) cost: f64,
    /// The folds of the cross-validation.
    pub(crate) folds: usize,
    /// The seed of the folds and the solver.
    pub(crate) seed: u64,
    /// The constant feature carrying the bias.
    pub(crate) bias: f64,
    /// The solver's stopping tolerance.
    pub(crate) tolerance: f64,
}

/// What a model was learned from, for outputs and the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LearnedFrom {
    /// The model file, when the model was read from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The training file's name, when known.
    pub file: Option<String>,
    /// The question learned on, by id.
    pub question: String,
    /// Its wording.
    pub question_text: String,
    /// Multi-label or single-label.
    pub kind: LabelKind,
    /// Hand-coded comments learned from.
    pub comments: usize,
    /// Cross-validated micro-F1.
    pub micro_f1: Option<f64>,
    /// Cross-validated macro-F1.
    pub macro_f1: Option<f64>,
    /// Cross-validated accuracy (single-label).
    pub accuracy: Option<f64>,
}

impl LearnedFrom {
    /// The model in one sentence for a reader: what it learned from and how well it agreed
    /// with the people who coded in cross-validation.
    #[must_use]
    pub fn sentence(&self) -> String {
        let source = self
            .file
            .as_deref()
            .map(|file| format!(" ({})", crate::privacy::safe::strip_bidi(file)))
            .unwrap_or_default();
        let figure =
            |name: &str, value: Option<f64>| value.map(|value| format!("{name} {value:.2}"));
        let figures: Vec<String> = match self.kind {
            LabelKind::SingleLabel => [
                figure("accuracy", self.accuracy),
                figure("macro-F1", self.macro_f1),
            ],
            LabelKind::MultiLabel => [
                figure("macro-F1", self.macro_f1),
                figure("micro-F1", self.micro_f1),
            ],
        }
        .into_iter()
        .flatten()
        .collect();
        let agreement = if figures.is_empty() {
            String::new()
        } else {
            format!(
                "; tested on comments it had not learned from (cross-validation), it agreed with the hand coding at {}",
                figures.join(" and ")
            )
        };
        format!(
            "The themes were coded by a model learned from {} hand-coded comments{source}{agreement}.",
            crate::table::group_thousands(self.comments as u64)
        )
    }
}

/// A model learned from hand-coded comments. It is `Send + Sync`: load one and share it
/// across threads. Read one with [`Model::load`] or [`Model::from_json`], code with
/// [`Model::code`] or [`Model::code_with_evidence`], or use it wherever a codebook goes
/// through [`crate::themes::Coder`].
pub struct Model {
    kind: LabelKind,
    question: String,
    question_text: String,
    training_file: Option<String>,
    comments: usize,
    /// Fingerprints of the training comments, to leave them out of suggestions.
    fingerprints: BTreeSet<u64>,
    tree: ThemeTree,
    featurizer: Featurizer,
    weights: Vec<Vec<f32>>,
    biases: Vec<f32>,
    calibration: Vec<Sigmoid>,
    /// Decision values at or above which each theme is given (multi-label).
    thresholds: Vec<f64>,
    settings: Settings,
    evaluation: Evaluation,
    file: Option<String>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("file", &self.file)
            .field("kind", &self.kind)
            .field("question", &self.question)
            .field("themes", &self.tree.themes())
            .field("features", &self.featurizer.dimensions())
            .finish_non_exhaustive()
    }
}

/// Where a model's question is in an export ([`Model::learned_question_in`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LearnedQuestion {
    /// The question, by id: the one the model learned on (same id, or the same wording).
    Found(String),
    /// A question with the model's id but other wording: most likely another survey's.
    Reworded {
        /// The question's id.
        id: String,
        /// Its wording in this export.
        asks: String,
    },
    /// No question with the model's id or wording.
    Missing,
}

/// A stable 64-bit fingerprint of a comment's folded words (FNV-1a), the same on every
/// machine, so that a comment learned from can be recognised without keeping its text.
pub(crate) fn fingerprint(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for word in words(text) {
        for byte in word.folded.bytes().chain(std::iter::once(b' ')) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Buffers for coding with a model, one per thread.
#[derive(Debug, Default)]
pub(crate) struct ModelScratch {
    features: FeatureScratch,
}

impl Model {
    /// Puts a learned model together.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble(
        training: &TrainingSet,
        tree: ThemeTree,
        featurizer: Featurizer,
        weights: Vec<Vec<f32>>,
        biases: Vec<f32>,
        calibration: Vec<Sigmoid>,
        thresholds: Vec<f64>,
        settings: Settings,
        evaluation: Evaluation,
    ) -> Model {
        Model {
            kind: training.kind,
            question: training.question.clone(),
            question_text: training.question_text.clone(),
            training_file: training.file.as_deref().map(file_name),
            comments: training.comments.len(),
            fingerprints: training
                .comments
                .iter()
                .map(|comment| fingerprint(&comment.text))
                .collect(),
            tree,
            featurizer,
            weights,
            biases,
            calibration,
            thresholds,
            settings,
            evaluation,
            file: None,
        }
    }

    /// The themes and their hierarchy.
    #[must_use]
    pub fn tree(&self) -> &ThemeTree {
        &self.tree
    }

    /// The themes, in the model's order.
    #[must_use]
    pub fn themes(&self) -> &[Theme] {
        self.tree.themes()
    }

    /// Multi-label or single-label.
    #[must_use]
    pub fn kind(&self) -> LabelKind {
        self.kind
    }

    /// The question the model learned on, by id.
    #[must_use]
    pub fn question(&self) -> &str {
        &self.question
    }

    /// That question's wording.
    #[must_use]
    pub fn question_text(&self) -> &str {
        &self.question_text
    }

    /// The cross-validated figures.
    #[must_use]
    pub fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }

    /// The cost (`C`) cross-validation chose.
    #[must_use]
    pub fn cost(&self) -> f64 {
        self.settings.cost
    }

    /// The file the model was read from, when it was.
    #[must_use]
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The codebook whose matches are features, when the model was learned with one.
    #[must_use]
    pub fn codebook(&self) -> Option<&Codebook> {
        self.featurizer.codebook.as_ref()
    }

    /// What the model was learned from, in brief.
    #[must_use]
    pub fn learned_from(&self) -> LearnedFrom {
        LearnedFrom {
            model: self.file.clone(),
            file: self.training_file.clone(),
            question: self.question.clone(),
            question_text: self.question_text.clone(),
            kind: self.kind,
            comments: self.comments,
            micro_f1: self.evaluation.micro.f1,
            macro_f1: self.evaluation.macro_average.f1,
            accuracy: self.evaluation.accuracy,
        }
    }

    /// Where the question this model learned on is in `dataset`: by id, then (when the model
    /// knows its wording) by wording. A model, like a codebook, codes the question it was
    /// made for; this is what the report and `engage themes --model` look for when the user
    /// names no question.
    #[must_use]
    pub fn learned_question_in(&self, dataset: &Dataset) -> LearnedQuestion {
        let questions = dataset.schema().questions();
        if let Some(question) = questions
            .iter()
            .find(|question| question.id == self.question)
        {
            return if self.wording_known() && !self.same_wording(&question.text) {
                LearnedQuestion::Reworded {
                    id: question.id.clone(),
                    asks: question.text.clone(),
                }
            } else {
                LearnedQuestion::Found(question.id.clone())
            };
        }
        if self.wording_known()
            && let Some(question) = questions
                .iter()
                .find(|question| self.same_wording(&question.text))
        {
            return LearnedQuestion::Found(question.id.clone());
        }
        LearnedQuestion::Missing
    }

    /// True when a question (its id and wording) is the one the model learned on: the same
    /// wording, spaces and case aside (the same id when the model knows no wording).
    #[must_use]
    pub fn learned_on(&self, id: &str, text: &str) -> bool {
        if self.wording_known() {
            self.same_wording(text)
        } else {
            id == self.question
        }
    }

    /// A model learned from a coding sheet knows the question's id only.
    fn wording_known(&self) -> bool {
        self.question_text != self.question
    }

    /// True when `text` is the wording the model learned on (spaces and case aside).
    fn same_wording(&self, text: &str) -> bool {
        let fold = |text: &str| {
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        fold(text) == fold(&self.question_text)
    }

    /// The question this model codes in `dataset`, with a warning when there is one: the
    /// question named (by id or header text), else the one the model learned on
    /// ([`Model::learned_question_in`]). A question whose wording differs from the one the
    /// model learned on is refused unless named, and warned about when named: a model learned
    /// on the answers to one question codes another's poorly.
    pub fn question_in(
        &self,
        dataset: &Dataset,
        requested: Option<&str>,
    ) -> Result<(String, Option<String>)> {
        let file = &dataset.source().file;
        let model_name = self.file().map_or_else(
            || "the model".to_string(),
            |path| format!("the model {}", file_name(path)),
        );
        if let Some(name) = requested {
            let question = super::find_question(dataset, name)?;
            let warning = (self.wording_known() && !self.same_wording(&question.text)).then(|| {
                format!(
                    "{model_name} learned on \"{}\", but question {} of {file} asks \"{}\"; its coding may not carry over",
                    self.question_text, question.id, question.text
                )
            });
            return Ok((question.id.clone(), warning));
        }
        match self.learned_question_in(dataset) {
            LearnedQuestion::Found(id) => Ok((id, None)),
            LearnedQuestion::Reworded { id, asks } => Err(Error::data(
                Location::file(file).with_question(&id),
                format!(
                    "the question asks \"{asks}\", but {model_name} learned on \"{}\"",
                    self.question_text
                ),
            )
            .with_hint("name the question with --question to code it with this model anyway")),
            LearnedQuestion::Missing => Err(Error::data(
                Location::file(file),
                format!(
                    "no question {} (\"{}\"), the one {model_name} learned on",
                    self.question, self.question_text
                ),
            )
            .with_hint("name the question to code with --question")),
        }
    }

    /// True when the model learned from a comment with these words.
    #[must_use]
    pub fn learned_from_comment(&self, text: &str) -> bool {
        self.fingerprints.contains(&fingerprint(text))
    }

    /// The decision value of each theme for a vector.
    fn decisions(&self, vector: &Vector) -> Vec<f64> {
        self.weights
            .iter()
            .zip(&self.biases)
            .map(|(weights, &bias)| vector.dot(weights) + f64::from(bias))
            .collect()
    }

    /// Each theme's probability for one comment, 0 to 1 (single-label: scaled to sum to 1).
    pub(crate) fn probabilities_of(
        &self,
        text: &str,
        scratch: &mut FeatureScratch,
    ) -> (Vec<f64>, Vec<f64>, Vector) {
        let vector = self.featurizer.vector(text, scratch);
        let decisions = self.decisions(&vector);
        let mut probabilities: Vec<f64> = decisions
            .iter()
            .zip(&self.calibration)
            .map(|(&decision, sigmoid)| sigmoid.probability(decision))
            .collect();
        if self.kind == LabelKind::SingleLabel {
            let total: f64 = probabilities.iter().sum();
            if total > 0.0 {
                for probability in &mut probabilities {
                    *probability /= total;
                }
            }
        }
        (decisions, probabilities, vector)
    }

    /// The themes a comment is given, by index: single-label the most likely, multi-label
    /// each at or above its threshold.
    pub(crate) fn chosen(&self, decisions: &[f64], probabilities: &[f64]) -> Vec<usize> {
        match self.kind {
            LabelKind::SingleLabel => {
                let mut best = 0;
                for (theme, &probability) in probabilities.iter().enumerate() {
                    if probability > probabilities[best] {
                        best = theme;
                    }
                }
                if probabilities.is_empty() {
                    Vec::new()
                } else {
                    vec![best]
                }
            }
            LabelKind::MultiLabel => (0..decisions.len())
                .filter(|&theme| decisions[theme] >= self.thresholds[theme])
                .collect(),
        }
    }

    /// Codes one comment (low level: indices, with the evidence words as counted matches).
    pub(crate) fn decide(&self, text: &str, scratch: &mut ModelScratch) -> Decision {
        let (decisions, probabilities, vector) = self.probabilities_of(text, &mut scratch.features);
        let themes = self.chosen(&decisions, &probabilities);
        let mut matches = Vec::new();
        for &theme in &themes {
            for (first, last) in
                evidence_words(&vector, &self.weights[theme], &scratch.features.tokens)
            {
                let tokens = &scratch.features.tokens;
                matches.push(TermMatch {
                    theme,
                    term: 0,
                    start: tokens.spans[first].0,
                    end: tokens.spans[last].1,
                    status: MatchStatus::Counted,
                });
            }
        }
        matches.sort_by_key(|found| (found.start, found.theme));
        Decision {
            themes,
            matches,
            confidence: probabilities,
        }
    }

    /// A decision in words: each theme with its confidence, and the words behind it
    /// ([`Evidence::term_text`] gives them folded, as the model saw them).
    #[must_use]
    pub fn explain(&self, decision: &Decision) -> CommentCoding {
        CommentCoding {
            evidence: decision
                .matches
                .iter()
                .map(|found| Evidence {
                    theme: found.theme,
                    term: found.term,
                    start: found.start,
                    end: found.end,
                })
                .collect(),
            suppressed: Vec::new(),
            confidence: decision
                .themes
                .iter()
                .map(|&theme| Confidence {
                    theme,
                    confidence: decision.confidence.get(theme).copied().unwrap_or(0.0),
                })
                .collect(),
        }
    }

    /// The themes of each comment, by id.
    #[must_use]
    pub fn code<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Vec<String>> {
        self.code_with_evidence(texts)
            .into_iter()
            .map(|coding| {
                coding
                    .theme_ids(self)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    }

    /// Each comment's coding: its themes with their confidence, and the words behind each.
    #[must_use]
    pub fn code_with_evidence<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<CommentCoding> {
        crate::parallel::map(texts.len(), |index, scratch: &mut ModelScratch| {
            let text = texts[index].as_ref();
            self.explain(&self.decide(text, scratch))
        })
    }

    /// Each theme's probability (the `confidence`, 0 to 1) for each comment, in the order of
    /// [`Model::themes`].
    #[must_use]
    pub fn probabilities<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Vec<f64>> {
        crate::parallel::map(texts.len(), |index, scratch: &mut FeatureScratch| {
            self.probabilities_of(texts[index].as_ref(), scratch).1
        })
    }

    /// The model's thresholds as probabilities, per theme (multi-label: a theme is given from
    /// this confidence on; single-label: `None`).
    #[must_use]
    pub fn threshold_probabilities(&self) -> Vec<Option<f64>> {
        self.thresholds
            .iter()
            .zip(&self.calibration)
            .map(|(&threshold, sigmoid)| {
                (self.kind == LabelKind::MultiLabel).then(|| sigmoid.probability(threshold))
            })
            .collect()
    }

    /// The model as JSON, on one line (the weights make it large): the same model gives the
    /// same bytes.
    pub fn to_json(&self) -> Result<String> {
        let file = ModelFile::from_model(self);
        let mut text = serde_json::to_string(&file)
            .map_err(|error| Error::output("model", error.to_string()))?;
        text.push('\n');
        Ok(text)
    }

    /// Writes the model to a file (atomically: the file appears whole or not at all).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        crate::output::write_file(path, self.to_json()?.as_bytes())
    }

    /// Reads a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<Model> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|error| Error::io(Location::file(&name), error))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::format(Location::file(&name), "the model file is not UTF-8 JSON")
        })?;
        Model::from_json(&text, &name)
    }

    /// Reads a model from its JSON; `file` names it in errors. A model of another schema
    /// version, or whose parts do not fit together, is refused.
    pub fn from_json(text: &str, file: &str) -> Result<Model> {
        let location = || Location::file(file);
        let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
            Error::format(
                location(),
                format!("the model is damaged: not JSON ({error})"),
            )
        })?;
        match value
            .get("schema_version")
            .and_then(serde_json::Value::as_u64)
        {
            Some(version) if version == u64::from(MODEL_SCHEMA_VERSION) => {}
            Some(version) => {
                return Err(Error::format(
                    location(),
                    format!(
                        "model schema_version {version} is not one this engage reads (it reads {MODEL_SCHEMA_VERSION})"
                    ),
                )
                .with_hint("learn the model again with this engage (engage themes learn)"));
            }
            None => {
                return Err(
                    Error::format(location(), "not an engage model: no schema_version")
                        .with_hint("a model is the file engage themes learn writes"),
                );
            }
        }
        let parsed: ModelFile = serde_json::from_value(value)
            .map_err(|error| Error::format(location(), format!("the model is damaged: {error}")))?;
        let mut model = parsed.into_model(file)?;
        model.file = Some(file.to_string());
        Ok(model)
    }
}

/// The file name of a path, for what a model records about its training file.
fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or_else(
        || path.to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// The words (or runs of adjacent words) that added most to a theme's decision: each
/// feature's share of the decision (weight times value) goes to the words it came from, and
/// up to [`EVIDENCE_WORDS`] words with the largest positive shares are kept, adjacent ones
/// joined, in text order. Returns first and last word of each.
fn evidence_words(vector: &Vector, weights: &[f32], tokens: &Tokens) -> Vec<(usize, usize)> {
    let count = tokens.spans.len();
    if count == 0 {
        return Vec::new();
    }
    let mut shares = vec![0.0f64; count];
    for (&(index, value), &(first, last)) in vector.entries.iter().zip(&vector.sources) {
        let share = f64::from(value) * f64::from(weights[index as usize]);
        let (first, last) = (first as usize, (last as usize).min(count - 1));
        let span = (last + 1).saturating_sub(first).max(1) as f64;
        for slot in shares.iter_mut().take(last + 1).skip(first) {
            *slot += share / span;
        }
    }
    let mut ranked: Vec<usize> = (0..count).filter(|&word| shares[word] > 0.0).collect();
    ranked.sort_by(|&a, &b| shares[b].total_cmp(&shares[a]).then(a.cmp(&b)));
    ranked.truncate(EVIDENCE_WORDS);
    ranked.sort_unstable();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for word in ranked {
        match runs.last_mut() {
            Some(run) if run.1 + 1 == word => run.1 = word,
            _ => runs.push((word, word)),
        }
    }
    runs
}

/// A theme as stored: its definition, decision and figures.
#[derive(Serialize, Deserialize)]
struct ThemeFile {
    id: String,
    label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    examples: usize,
    /// Decision values at or above this give the theme (multi-label).
    threshold: f64,
    /// The same threshold as a confidence (multi-label).
    threshold_confidence: Option<f64>,
    calibration: Sigmoid,
    bias: f32,
    /// One weight per feature, in the order of the vocabulary, then the codebook's themes.
    weights: Vec<f32>,
}

/// The features as stored.
#[derive(Serialize, Deserialize)]
struct FeaturesFile {
    #[serde(flatten)]
    settings: FeatureSettings,
    /// The codebook whose matches are features, as TOML, when there is one.
    codebook: Option<String>,
    /// Each feature: `w ` and a word or two, or `c ` and a character n-gram.
    vocabulary: Vec<String>,
    /// Each feature's inverse document frequency.
    idf: Vec<f32>,
}

/// The question as stored.
#[derive(Serialize, Deserialize)]
struct QuestionFile {
    id: String,
    text: String,
}

/// What the model learned from, as stored.
#[derive(Serialize, Deserialize)]
struct TrainedOnFile {
    file: Option<String>,
    comments: usize,
    /// Fingerprints of the comments (hexadecimal), to leave them out of suggestions.
    fingerprints: Vec<String>,
}

/// The model file.
#[derive(Serialize, Deserialize)]
struct ModelFile {
    schema_version: u32,
    engage_version: String,
    kind: LabelKind,
    question: QuestionFile,
    trained_on: TrainedOnFile,
    features: FeaturesFile,
    settings: Settings,
    cross_validation: Evaluation,
    themes: Vec<ThemeFile>,
}

impl ModelFile {
    fn from_model(model: &Model) -> ModelFile {
        let thresholds = model.threshold_probabilities();
        ModelFile {
            schema_version: MODEL_SCHEMA_VERSION,
            engage_version: env!("CARGO_PKG_VERSION").to_string(),
            kind: model.kind,
            question: QuestionFile {
                id: model.question.clone(),
                text: model.question_text.clone(),
            },
            trained_on: TrainedOnFile {
                file: model.training_file.clone(),
                comments: model.comments,
                fingerprints: model
                    .fingerprints
                    .iter()
                    .map(|fingerprint| format!("{fingerprint:016x}"))
                    .collect(),
            },
            features: FeaturesFile {
                settings: model.featurizer.settings.clone(),
                codebook: model.featurizer.codebook.as_ref().map(Codebook::to_toml),
                vocabulary: model.featurizer.names.clone(),
                idf: model.featurizer.idf.clone(),
            },
            settings: model.settings.clone(),
            cross_validation: model.evaluation.clone(),
            themes: model
                .tree
                .themes()
                .iter()
                .enumerate()
                .map(|(index, theme)| ThemeFile {
                    id: theme.id.clone(),
                    label: theme.label.clone(),
                    parent: theme.parent.clone(),
                    examples: model
                        .evaluation
                        .themes
                        .get(index)
                        .map_or(0, |figures| figures.examples),
                    threshold: model.thresholds[index],
                    threshold_confidence: thresholds[index],
                    calibration: model.calibration[index],
                    bias: model.biases[index],
                    weights: model.weights[index].clone(),
                })
                .collect(),
        }
    }

    fn into_model(self, file: &str) -> Result<Model> {
        let damaged = |message: String| {
            Error::format(
                Location::file(file),
                format!("the model is damaged: {message}"),
            )
        };
        let ModelFile {
            schema_version: _,
            engage_version: _,
            kind,
            question,
            trained_on,
            features,
            settings,
            cross_validation,
            themes,
        } = self;
        let FeaturesFile {
            settings: feature_settings,
            codebook,
            vocabulary,
            idf,
        } = features;
        if vocabulary.len() != idf.len() {
            return Err(damaged(format!(
                "{} features but {} idf values",
                vocabulary.len(),
                idf.len()
            )));
        }
        let codebook = match codebook {
            Some(toml) => Some(Codebook::from_toml(&toml, &format!("{file} (codebook)"))?),
            None => None,
        };
        let featurizer = Featurizer::new(feature_settings, vocabulary, idf, codebook);
        let dimensions = featurizer.dimensions();
        if themes.is_empty() {
            return Err(damaged("no themes".to_string()));
        }
        let mut fingerprints = BTreeSet::new();
        for text in &trained_on.fingerprints {
            let value = u64::from_str_radix(text, 16)
                .map_err(|_| damaged(format!("fingerprint \"{text}\" is not hexadecimal")))?;
            fingerprints.insert(value);
        }
        let mut definitions = Vec::with_capacity(themes.len());
        let mut weights = Vec::with_capacity(themes.len());
        let mut biases = Vec::with_capacity(themes.len());
        let mut calibration = Vec::with_capacity(themes.len());
        let mut thresholds = Vec::with_capacity(themes.len());
        for theme in themes {
            if theme.weights.len() != dimensions {
                return Err(damaged(format!(
                    "theme \"{}\" has {} weights for {dimensions} features",
                    theme.id,
                    theme.weights.len()
                )));
            }
            let mut definition = Theme::new(theme.id, theme.label);
            definition.parent = theme.parent;
            definitions.push(definition);
            weights.push(theme.weights);
            biases.push(theme.bias);
            calibration.push(theme.calibration);
            thresholds.push(theme.threshold);
        }
        let tree = ThemeTree::new(definitions.clone())
            .map_err(|error| damaged(error.message(&definitions)))?;
        Ok(Model {
            kind,
            question: question.id,
            question_text: question.text,
            training_file: trained_on.file,
            comments: trained_on.comments,
            fingerprints,
            tree,
            featurizer,
            weights,
            biases,
            calibration,
            thresholds,
            settings,
            evaluation: cross_validation,
            file: None,
        })
    }
}
