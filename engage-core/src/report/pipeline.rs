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
use crate::themes::learn::Model;
use crate::themes::quotes::{QuoteOptions, choose_quotes};
use crate::themes::{Codebook, Coder};

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
    /// A model learned from hand-coded comments, for the answers to the question it learned
    /// on (used when there is no codebook).
    pub model: Option<&'a Model>,
    /// The population to compare respondents with.
    pub reference: Option<&'a Reference>,
    /// An activity log (events, training, network meetings) and its costs.
    pub activity: Option<&'a ActivityLog>,
    /// The previous interim report's `report.json`, to say what changed.
    pub previous: Option<&'a ReportJson>,
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
        }
    }
}

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
        }
    }
}

impl ReportOptions {
    /// The report's title. Default: "Interim report: " and the source file's name.
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
    // Themes (with redaction) need nothing from participation and summaries: they run on
    // another thread meanwhile.
    let themes_work = || -> Result<_> {
        let redacted = redact_dataset(dataset, &RedactOptions::default())?;
        let coder: Option<Coder<'_>> = match (inputs.codebook, inputs.model) {
            (Some(codebook), _) => Some(codebook.into()),
            (None, Some(model)) => Some(model.into()),
            (None, None) => None,
        };
        let themes = match coder {
            Some(coder) => {
                let by = dataset
                    .schema()
                    .profile_questions()
                    .find(|question| question.profile == Some(Profile::Capacity))
                    .map(|question| question.id.clone());
                let comments: Vec<String> = match coder {
                    // A model codes the answers to the question it learned on.
                    Coder::Model(model) => vec![model.question_in(dataset, None)?.0],
                    // Typed "Other" answers are short labels, not comments: they are left out
                    // of the themes.
                    Coder::Codebook(_) => dataset
                        .schema()
                        .questions()
                        .iter()
                        .filter(|question| {
                            question.kind == QuestionType::FreeText && question.other_of.is_none()
                        })
                        .map(|question| question.id.clone())
                        .collect(),
                };
                let coding_options = CodingOptions::default()
                    .with_questions(comments)
                    .with_by(by)
                    .with_sentiment(true)
                    .with_comments(options.quotes > 0);
                let coding = code_dataset(&redacted.0, coder, &coding_options)?;
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
                Some((coding, quotes))
            }
            None => None,
        };
        Ok((redacted, themes))
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
            .map(|weights| {
                // Rows dropped from the weighting (not in it) count with weight 0.
                let mut full = vec![0.0; dataset.respondents()];
                for (row, weight) in weights.rows.iter().zip(&weights.weights) {
                    if let Some(slot) = full.get_mut(*row) {
                        *slot = *weight;
                    }
                }
                full
            });
        if let Some(weights) = &weights {
            summary_options = summary_options.with_weights(weights.clone());
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
    };
    let published = Published::new(&composer);
    let document = composer.document(&published);
    progress.update("report.json", 4, steps);
    let json = composer.json(&document, &published);
    progress.update("done", steps, steps);
    Ok(Report { document, json })
}
