//! Building the interim report: runs the analyses (participation, summaries, themes with
//! redaction), has each present its tables and charts under the disclosure policy
//! (`published`), and arranges them into the document (`sections`) and
//! `report.json`.

use crate::dataset::Dataset;
use crate::error::Result;
use crate::participation::activity::ActivityLog;
use crate::participation::{ParticipationOptions, Reference};
use crate::privacy::disclosure::DisclosurePolicy;
use crate::privacy::redact::{RedactOptions, redact_dataset};
use crate::progress::Progress;
use crate::schema::{Profile, QuestionType};
use crate::summary::{SummaryOptions, summarise};
use crate::themes::coding::{CodingOptions, code_dataset};
use crate::themes::learn::{LearnedQuestion, Model};
use crate::themes::quotes::{QuoteOptions, choose_quotes};
use crate::themes::{Codebook, Coder};
use crate::views::{ViewsOptions, views_by_group};

use super::document::Document;
use super::json::ReportJson;
use super::published::Published;
use super::sections::Composer;

/// What a report is made from, besides the options.
#[derive(Clone, Copy, Debug)]
pub struct ReportInputs<'a> {
    /// The responses.
    pub dataset: &'a Dataset,
    /// A codebook for the free-text answers.
    pub codebook: Option<&'a Codebook>,
    /// A model learned from hand-coded comments (used when there is no codebook).
    pub model: Option<&'a Model>,
    /// The population to compare respondents with.
    pub reference: Option<&'a Reference>,
    /// An activity log (events, training, network meetings) and its costs.
    pub activity: Option<&'a ActivityLog>,
    /// The previous interim report's `report.json`, to say what changed.
    pub previous: Option<&'a ReportJson>,
    /// The free-text questions to code with the codebook or model (ids). Empty: the questions
    /// the codebook names (its `questions` option) or the question the model learned on, or
    /// else (a codebook naming none) the export's only free-text question; when there is no
    /// such question, nothing is coded and the report says why.
    pub coded_questions: &'a [String],
}

impl<'a> ReportInputs<'a> {
    /// Inputs with only the responses.
    #[must_use]
    pub fn new(dataset: &'a Dataset) -> ReportInputs<'a> {
        ReportInputs {
            dataset,
            codebook: None,
            model: None,
            reference: None,
            activity: None,
            previous: None,
            coded_questions: &[],
        }
    }

    /// What codes the written answers: the codebook, else the model.
    #[must_use]
    pub fn coder(&self) -> Option<Coder<'a>> {
        match (self.codebook, self.model) {
            (Some(codebook), _) => Some(codebook.into()),
            (None, Some(model)) => Some(model.into()),
            (None, None) => None,
        }
    }
}

/// Below this many respondents a report is of a small sample (interviews, a focus group,
/// an event's tables): counts, not percentages with intervals.
pub const DEFAULT_SMALL_SAMPLE: usize = 30;

/// How to build a report.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportOptions {
    pub(super) title: Option<String>,
    pub(super) organisation: Option<String>,
    pub(super) disclosure: DisclosurePolicy,
    pub(super) weights: bool,
    pub(super) quotes: usize,
    pub(super) timestamp: Option<String>,
    pub(super) participation: ParticipationOptions,
    pub(super) views: ViewsOptions,
    pub(super) small_sample: usize,
}

impl Default for ReportOptions {
    fn default() -> ReportOptions {
        ReportOptions {
            title: None,
            organisation: None,
            disclosure: DisclosurePolicy::default(),
            weights: false,
            quotes: 3,
            timestamp: None,
            participation: ParticipationOptions::default(),
            views: ViewsOptions::default(),
            small_sample: DEFAULT_SMALL_SAMPLE,
        }
    }
}

impl ReportOptions {
    /// The report's title. Default: "Interim report: " and the form's title where the export
    /// has one (a title row, or the name Microsoft and Google Forms give a download), else the
    /// source file's name.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> ReportOptions {
        self.title = Some(title.into());
        self
    }

    /// Who publishes it, shown under the title. Default: none.
    #[must_use]
    pub fn with_organisation(mut self, organisation: impl Into<String>) -> ReportOptions {
        self.organisation = Some(organisation.into());
        self
    }

    /// Disclosure control. Default: counts below 5 withheld in profile tables and cross-tabs.
    #[must_use]
    pub fn with_disclosure(mut self, policy: DisclosurePolicy) -> ReportOptions {
        self.disclosure = policy;
        self
    }

    /// Weight the question summaries by raking to the reference population. Default: false.
    #[must_use]
    pub fn with_weights(mut self, weights: bool) -> ReportOptions {
        self.weights = weights;
        self
    }

    /// Quotes shown per theme. Default: 3.
    #[must_use]
    pub fn with_quotes(mut self, quotes: usize) -> ReportOptions {
        self.quotes = quotes;
        self
    }

    /// A time stamp to print in the report (none by default, so that the same inputs give the
    /// same bytes).
    #[must_use]
    pub fn with_timestamp(mut self, timestamp: impl Into<String>) -> ReportOptions {
        self.timestamp = Some(timestamp.into());
        self
    }

    /// Participation settings (completion threshold, under-representation index, duplicates).
    /// Default: [`ParticipationOptions::default`].
    #[must_use]
    pub fn with_participation(mut self, options: ParticipationOptions) -> ReportOptions {
        self.participation = options;
        self
    }

    /// How "Views by group" compares groups (which groups, the false discovery rate, the size
    /// rule). Default: [`ViewsOptions::default`], the capacity and profile questions.
    #[must_use]
    pub fn with_views(mut self, options: ViewsOptions) -> ReportOptions {
        self.views = options;
        self
    }

    /// The number of respondents below which the report is of a small sample (interviews,
    /// focus groups, event tables): counts are given as "7 of 11" without percentages,
    /// intervals or charts, every written answer is shown (redacted), groups are not tested,
    /// and "About this report" says the figures describe the people who took part. Default
    /// [`DEFAULT_SMALL_SAMPLE`] (30); 0 turns it off.
    #[must_use]
    pub fn with_small_sample(mut self, below: usize) -> ReportOptions {
        self.small_sample = below;
        self
    }

    /// The disclosure policy in use.
    #[must_use]
    pub fn disclosure(&self) -> &DisclosurePolicy {
        &self.disclosure
    }
}

/// A built report: the document every output is rendered from, and the JSON of its figures.
#[derive(Clone, Debug)]
pub struct Report {
    /// The sections, tables, charts and quotes.
    pub document: Document,
    /// Every number in the report, for tools (`report.json`).
    pub json: ReportJson,
}

impl Report {
    /// `report.json`'s bytes.
    pub fn json_bytes(&self) -> Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(&self.json)
            .map_err(|error| crate::error::Error::output("report.json", error.to_string()))?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Every file of the report bundle.
    pub fn files(&self, options: &super::BundleOptions) -> Result<Vec<super::ReportFile>> {
        super::bundle::files(&self.document, &self.json_bytes()?, options)
    }

    /// The HTML page alone.
    #[must_use]
    pub fn html(&self, options: &super::BundleOptions) -> String {
        super::html::render(&self.document, options.charts())
    }
}

/// The file name stem of a question: its place in the questionnaire and its id
/// (`q05-walk-centre-stay-current-site`). Never respondent text.
pub(super) fn question_stem(index: usize, id: &str) -> String {
    format!(
        "q{:02}-{}",
        index + 1,
        crate::privacy::safe::file_name_part(id, 48)
    )
}

/// The free-text questions a codebook or model codes, and a sentence for "About this report"
/// when it codes none: the questions the user named, else those the codebook names or the one
/// the model learned on, else (a codebook naming none) the export's only free-text question. A
/// codebook is written for a question, and a model learned on one; applying it to every written
/// answer codes an academic subject with themes meant for comments on a service.
fn questions_to_code(inputs: &ReportInputs<'_>) -> Result<(Vec<String>, Option<String>)> {
    let Some(coder) = inputs.coder() else {
        return Ok((Vec::new(), None));
    };
    if let (Coder::Model(model), true) = (coder, inputs.coded_questions.is_empty()) {
        return Ok(model_question(model, inputs.dataset));
    }
    let what = match coder {
        Coder::Codebook(_) => "codebook",
        Coder::Model(_) => "model",
    };
    let schema = inputs.dataset.schema();
    // Typed "Other" answers are short labels, not comments; a column nobody wrote in is no
    // question to code.
    let mut free_text: Vec<&str> = Vec::new();
    for question in schema.questions() {
        if question.kind == QuestionType::FreeText
            && question.other_of.is_none()
            && inputs.dataset.answered_count(&question.id)? > 0
        {
            free_text.push(question.id.as_str());
        }
    }
    let named = match coder {
        Coder::Codebook(codebook) if inputs.coded_questions.is_empty() => codebook.questions(),
        _ => inputs.coded_questions,
    };
    if named.is_empty() {
        return Ok(match free_text.as_slice() {
            [only] => (vec![(*only).to_string()], None),
            [] => (
                Vec::new(),
                Some("The codebook was not used: the export has no written answers.".to_string()),
            ),
            several => (
                Vec::new(),
                Some(format!(
                    "The codebook was not used: it does not name the question it was written for, and the export has {} questions with written answers. Name them in the codebook (questions = [\"id\"]) or on the command line (--codebook QUESTION=FILE).",
                    several.len()
                )),
            ),
        });
    }
    // Questions the user named must exist; those the codebook names may belong to another
    // export of the same survey, and are left out if this one lacks them.
    let from_codebook = inputs.coded_questions.is_empty();
    let mut coded = Vec::new();
    for id in named {
        if from_codebook && schema.get(id).is_none() {
            continue;
        }
        let question = inputs.dataset.question(id)?;
        if question.kind != QuestionType::FreeText {
            return Err(crate::error::Error::unsupported(
                crate::error::Location::default().with_question(id),
                format!(
                    "the {what} is to code this question, but its answers are not written text"
                ),
            )
            .with_hint("`engage inspect` lists the questions and their types"));
        }
        if !coded.contains(&question.id) {
            coded.push(question.id.clone());
        }
    }
    if coded.is_empty() {
        return Ok((
            Vec::new(),
            Some(format!(
                "The codebook was not used: it was written for {}, which this export does not have. Name the questions to code on the command line (--codebook QUESTION=FILE).",
                named
                    .iter()
                    .map(|id| format!("\u{201c}{id}\u{201d}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ));
    }
    Ok((coded, None))
}

/// The question a model codes when the user names none: the one it learned on, found by id
/// or wording; else nothing, with the sentence saying why.
fn model_question(model: &Model, dataset: &Dataset) -> (Vec<String>, Option<String>) {
    let not_used = |why: String| {
        format!(
            "The model was not used: {why}. Name the question to code on the command line (--model QUESTION=FILE)."
        )
    };
    match model.learned_question_in(dataset) {
        LearnedQuestion::Found(id) => (vec![id], None),
        LearnedQuestion::Reworded { id, asks } => (
            Vec::new(),
            Some(not_used(format!(
                "it was learned on answers to \u{201c}{}\u{201d}, but {id} here asks \u{201c}{asks}\u{201d}",
                model.question_text()
            ))),
        ),
        LearnedQuestion::Missing => (
            Vec::new(),
            Some(not_used(format!(
                "it was learned on answers to \u{201c}{}\u{201d}{}, which this export does not have",
                model.question_text(),
                if model.question_text() == model.question() {
                    String::new()
                } else {
                    format!(" ({})", model.question())
                }
            ))),
        ),
    }
}

/// Builds the report.
pub fn build(
    inputs: &ReportInputs<'_>,
    options: &ReportOptions,
    progress: &dyn Progress,
) -> Result<Report> {
    let dataset = inputs.dataset;
    let source = dataset.source();
    let file_name = std::path::Path::new(&source.file).file_name().map_or_else(
        || source.file.clone(),
        |name| name.to_string_lossy().into_owned(),
    );
    let steps = 6;
    let (coded_questions, coding_note) = questions_to_code(inputs)?;
    let small_sample = dataset.respondents() < options.small_sample;
    // Whether views by group may compare anything (a profile question to group by).
    let has_groups = dataset.schema().profile_questions().next().is_some();
    // Themes (with redaction) need nothing from participation and summaries: they run on
    // another thread meanwhile.
    let themes_work = || -> Result<_> {
        let redacted = redact_dataset(dataset, &RedactOptions::default())?;
        let themes = match inputs.coder() {
            Some(coder) if !coded_questions.is_empty() => {
                let by = dataset
                    .schema()
                    .profile_questions()
                    .find(|question| question.profile == Some(Profile::Capacity))
                    .map(|question| question.id.clone());
                let coding_options = CodingOptions::default()
                    .with_questions(coded_questions.clone())
                    .with_by(by)
                    .with_sentiment(true)
                    // Each comment's themes: for quotes, for views by group (where a comment
                    // no theme codes counts as not mentioning each), and for a small sample's
                    // written answers.
                    .with_comments(true)
                    .with_uncoded_comments(true);
                let mut coding = code_dataset(&redacted.0, coder, &coding_options)?;
                let quotes = if options.quotes > 0 {
                    let redact = |text: &str| crate::privacy::redact::redact(text).text;
                    choose_quotes(
                        &coding,
                        coder,
                        &QuoteOptions::default().with_per_theme(options.quotes),
                        &redact,
                    )
                } else {
                    Vec::new()
                };
                // Views by group need each comment's themes and a small sample shows every
                // comment; otherwise (no groups to compare) a copy of every comment is not
                // kept through the composition.
                if !small_sample && options.views.groups.is_empty() && !has_groups {
                    for question in &mut coding.questions {
                        question.comments = Vec::new();
                    }
                }
                Some((coding, quotes))
            }
            _ => None,
        };
        // The redacted copy of the dataset goes on only when a small sample shows every
        // answer from it; otherwise only what redaction found does.
        let (copy, found) = redacted;
        Ok(((small_sample.then_some(copy), found), themes))
    };
    let (participation, summary, themes) = std::thread::scope(|scope| {
        let themes = scope.spawn(themes_work);
        progress.update("participation", 0, steps);
        let mut participation_options = options.participation.clone();
        if let Some(reference) = inputs.reference {
            participation_options = participation_options
                .with_reference(reference.clone())
                .with_weights(options.weights);
        }
        let mut participation =
            crate::participation::participation(dataset, &participation_options)?;
        // Excerpts of repeated comments are respondents' words: they are published redacted.
        for group in &mut participation.duplicates.texts {
            group.excerpt = crate::privacy::redact::redact(&group.excerpt).text;
        }
        progress.update("summaries", 1, steps);
        let mut summary_options = SummaryOptions::default();
        let weights = participation
            .weights
            .as_ref()
            .filter(|_| options.weights)
            .map(|weights| weights.for_dataset(dataset));
        if let Some(weights) = &weights {
            summary_options = summary_options.with_weights(weights.clone());
            if let Some(reference) = &participation.reference {
                summary_options = summary_options.with_weights_description(
                    crate::participation::weights::raking_description(&reference.file),
                );
            }
        }
        let summary = summarise(dataset, &summary_options)?;
        progress.update("themes", 2, steps);
        let themes = themes
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok::<_, crate::error::Error>((participation, summary, themes))
    })?;
    let (redacted, themes) = themes?;
    let (themes, quotes) = themes.unzip();
    // A dozen accounts describe the people who gave them: no test stands for a population.
    let views = if small_sample {
        crate::views::Views::none(&options.views)
    } else {
        views_by_group(dataset, themes.as_ref(), &options.views)?
    };
    progress.update("composing", 3, steps);
    let composer = Composer {
        dataset,
        options,
        participation: &participation,
        summary: &summary,
        themes: themes.as_ref(),
        quotes: quotes.as_deref().unwrap_or_default(),
        inputs,
        file_name: &file_name,
        redaction: &redacted.1,
        coding_note,
        views: &views,
        small_sample,
        redacted: redacted.0.as_ref(),
    };
    let published = Published::new(&composer);
    let document = composer.document(&published);
    progress.update("report.json", 4, steps);
    let json = composer.json(&document, &published);
    progress.update("done", steps, steps);
    Ok(Report { document, json })
}
