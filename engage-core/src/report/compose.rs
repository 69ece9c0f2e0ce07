//! Composing the interim report from the analyses: participation, question summaries, themes,
//! the activity log and the previous report. Every figure comes from the module that computes
//! it; this file only arranges results into sections, applies disclosure control to what is
//! published, and writes the key findings in plain words.

use std::fmt::Write as _;

use serde::Serialize;

use super::document::{Block, Document, Section};
use crate::chart::RepresentationMode;
use crate::chart::results::{self, Withhold};
use crate::dataset::Dataset;
use crate::error::Result;
use crate::participation::activity::ActivityLog;
use crate::participation::{Participation, ParticipationOptions, Reference};
use crate::privacy::disclosure::{DisclosurePolicy, TableKind, TableLayout};
use crate::privacy::redact::{RedactOptions, redact_dataset};
use crate::privacy::safe;
use crate::progress::Progress;
use crate::schema::{Profile, Question, QuestionType, Role, ScaleSides};
use crate::summary::{Detail, QuestionSummary, Summary, SummaryOptions, summarise};
use crate::table::{Cell, Table, group_thousands};
use crate::themes::Codebook;
use crate::themes::coding::{CodingOptions, ThemeCoding, code_dataset};
use crate::themes::quotes::{QuestionQuotes, QuoteOptions, choose_quotes};

/// The version of `report.json`'s layout; raised whenever a field changes meaning or goes.
pub const SCHEMA_VERSION: u32 = 1;

/// What a report is made from, besides the options.
#[derive(Clone, Copy, Debug)]
pub struct ReportInputs<'a> {
    /// The responses.
    pub dataset: &'a Dataset,
    /// A codebook for the free-text answers.
    pub codebook: Option<&'a Codebook>,
    /// The population to compare respondents with.
    pub reference: Option<&'a Reference>,
    /// An activity log (events, training, network meetings) and its costs.
    pub activity: Option<&'a ActivityLog>,
    /// The previous interim report's `report.json`, to say what changed.
    pub previous: Option<&'a serde_json::Value>,
}

impl<'a> ReportInputs<'a> {
    /// Inputs with only the responses.
    #[must_use]
    pub fn new(dataset: &'a Dataset) -> ReportInputs<'a> {
        ReportInputs {
            dataset,
            codebook: None,
            reference: None,
            activity: None,
            previous: None,
        }
    }
}

/// How to build a report.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportOptions {
    title: Option<String>,
    organisation: Option<String>,
    disclosure: DisclosurePolicy,
    weights: bool,
    quotes: usize,
    timestamp: Option<String>,
    participation: ParticipationOptions,
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

/// `report.json`: the report's figures as published, with a schema version.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportJson {
    /// The layout version of this file.
    pub schema_version: u32,
    /// The engage version that wrote it.
    pub engage_version: String,
    /// The report's title.
    pub title: String,
    /// When the report was made, only when asked for.
    pub generated: Option<String>,
    /// The input and what ingest decided.
    pub source: SourceJson,
    /// The disclosure rule applied.
    pub disclosure: DisclosureJson,
    /// Headline figures.
    pub key_figures: Vec<KeyFigure>,
    /// The findings in words.
    pub findings: Vec<String>,
    /// Question summaries in the `engage summary --format json` form, for the questions whose
    /// tables are published without suppression (profile questions appear in `tables`).
    pub questions: Vec<crate::summary::wire::QuestionJson>,
    /// Theme counts per free-text question.
    pub themes: Vec<ThemeCountsJson>,
    /// Every table as published (withheld cells as their markers).
    pub tables: Vec<TableJson>,
    /// Every chart: its file name and text alternative.
    pub charts: Vec<ChartJson>,
}

/// The source of the report.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct SourceJson {
    /// The input file's name (without its folder).
    pub file: String,
    /// The sheet read.
    pub sheet: Option<String>,
    /// The export layout.
    pub layout: String,
    /// Respondents read.
    pub respondents: usize,
    /// First and last response, when dated.
    pub period: Option<(String, String)>,
}

/// The disclosure rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DisclosureJson {
    /// Counts from 1 to `threshold - 1` are withheld (0: nothing is withheld).
    pub threshold: u64,
    /// Which tables: `all`, `profile` or `none`.
    pub scope: String,
    /// The rule in words.
    pub rule: String,
}

/// A headline figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyFigure {
    /// What it is.
    pub label: String,
    /// The figure as shown.
    pub value: String,
}

/// Theme counts of one question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeCountsJson {
    /// The question id.
    pub question: String,
    /// Non-empty answers.
    pub base: usize,
    /// Answers with at least one theme.
    pub coded: usize,
    /// Answers with none.
    pub uncoded: usize,
    /// Each theme.
    pub themes: Vec<ThemeJson>,
}

/// One theme's count.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeJson {
    /// The theme id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its parent theme.
    pub parent: Option<String>,
    /// Answers coded with it (parents include their children).
    pub count: usize,
    /// Of the base, 0-100.
    pub percent: Option<f64>,
}

/// A published table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableJson {
    /// The file name stem under `tables/`.
    pub id: String,
    /// The section it is in.
    pub section: String,
    /// The table.
    #[serde(flatten)]
    pub table: Table,
}

/// A published chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChartJson {
    /// The file name stem under `charts/`.
    pub id: String,
    /// The chart's title.
    pub title: String,
    /// Its text alternative.
    pub alt_text: String,
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
fn question_stem(index: usize, id: &str) -> String {
    format!("q{:02}-{}", index + 1, safe::file_name_part(id, 48))
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
        let themes = match inputs.codebook {
            Some(codebook) => {
                let by = dataset
                    .schema()
                    .profile_questions()
                    .find(|question| question.profile == Some(Profile::Capacity))
                    .map(|question| question.id.clone());
                // Typed "Other" answers are short labels, not comments: they are left out of
                // the themes.
                let comments: Vec<String> = dataset
                    .schema()
                    .questions()
                    .iter()
                    .filter(|question| {
                        question.kind == QuestionType::FreeText && question.other_of.is_none()
                    })
                    .map(|question| question.id.clone())
                    .collect();
                let coding_options = CodingOptions::default()
                    .with_questions(comments)
                    .with_by(by)
                    .with_sentiment(true)
                    .with_comments(options.quotes > 0);
                let coding = code_dataset(&redacted.0, codebook, &coding_options)?;
                let quotes = if options.quotes > 0 {
                    let redact = |text: &str| crate::privacy::redact::redact(text).text;
                    choose_quotes(
                        &coding,
                        codebook,
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
    let document = composer.document();
    progress.update("report.json", 4, steps);
    let json = composer.json(&document);
    progress.update("done", steps, steps);
    Ok(Report { document, json })
}

struct Composer<'a> {
    dataset: &'a Dataset,
    options: &'a ReportOptions,
    participation: &'a Participation,
    summary: &'a Summary,
    themes: Option<&'a ThemeCoding>,
    /// Quotes per coded question, in the order of `themes`.
    quotes: &'a [QuestionQuotes],
    inputs: &'a ReportInputs<'a>,
    file_name: &'a str,
    redaction: &'a crate::privacy::RedactionReport,
}

impl Composer<'_> {
    fn source_line(&self) -> String {
        match self.period() {
            Some((first, last)) if first == last => {
                format!("{}, responses on {first}", self.file_name)
            }
            Some((first, last)) => format!("{}, responses {first} to {last}", self.file_name),
            None => self.file_name.to_string(),
        }
    }

    fn period(&self) -> Option<(String, String)> {
        self.participation.timeline.as_ref().map(|timeline| {
            (
                timeline.first.format("%-d %B %Y").to_string(),
                timeline.last.format("%-d %B %Y").to_string(),
            )
        })
    }

    fn title(&self) -> String {
        self.options
            .title
            .clone()
            .unwrap_or_else(|| format!("Interim report: {}", self.file_name))
    }

    fn withhold(&self, kind: TableKind) -> Withhold<'_> {
        Withhold::for_kind(&self.options.disclosure, kind)
    }

    fn question_index(&self, id: &str) -> usize {
        self.dataset
            .schema()
            .questions()
            .iter()
            .position(|question| question.id == id)
            .unwrap_or(0)
    }

    fn document(&self) -> Document {
        let mut sections = vec![
            self.findings_section(),
            self.methodology_section(),
            self.participation_section(),
            self.questions_section(),
        ];
        if let Some(themes) = self.themes {
            sections.push(self.themes_section(themes));
        }
        if let Some(log) = self.inputs.activity {
            sections.push(Self::activity_section(log));
        }
        if let Some(themes) = self.themes {
            sections.push(self.you_said_section(themes));
        }
        if let Some(previous) = self.inputs.previous {
            sections.push(self.changes_section(previous));
        }
        sections.push(self.appendix_section());
        let mut subtitle = Vec::new();
        if let Some(organisation) = &self.options.organisation {
            subtitle.push(organisation.clone());
        }
        subtitle.push(self.source_line());
        if let Some(timestamp) = &self.options.timestamp {
            subtitle.push(format!("Produced {timestamp}"));
        }
        Document {
            title: self.title(),
            subtitle: Some(subtitle.join(" \u{b7} ")),
            sections,
        }
    }

    fn key_figures(&self) -> Vec<(String, String)> {
        let participation = self.participation;
        let mut figures = vec![(
            "responses".to_string(),
            group_thousands(participation.respondents as u64),
        )];
        let completion = &participation.completion;
        if completion.complete + completion.partial > 0 {
            let share = 100.0 * completion.complete as f64
                / (completion.complete + completion.partial) as f64;
            figures.push((
                "complete".to_string(),
                format!(
                    "{} ({share:.0}%)",
                    group_thousands(completion.complete as u64)
                ),
            ));
        }
        if let Some(timeline) = &participation.timeline {
            figures.push((
                "days open".to_string(),
                group_thousands(timeline.days.len() as u64),
            ));
        }
        if let Some(themes) = self.themes {
            let comments: usize = themes.questions.iter().map(|question| question.base).sum();
            figures.push((
                "written comments".to_string(),
                group_thousands(comments as u64),
            ));
        }
        figures
    }

    fn findings(&self) -> Vec<String> {
        let mut findings = Vec::new();
        let participation = self.participation;
        let mut first = match participation.respondents {
            1 => "1 person responded".to_string(),
            respondents => format!("{} people responded", group_thousands(respondents as u64)),
        };
        match self.period() {
            Some((start, end)) if start == end => {
                let _ = write!(first, " on {start}");
            }
            Some((start, end)) => {
                let _ = write!(first, " between {start} and {end}");
            }
            None => {}
        }
        let completion = &participation.completion;
        if completion.partial > 0 {
            let _ = write!(
                first,
                "; {} completed the survey and {} stopped part-way",
                group_thousands(completion.complete as u64),
                group_thousands(completion.partial as u64)
            );
        }
        first.push('.');
        findings.push(first);
        // Scale questions, most decided first.
        let mut likert: Vec<(&QuestionSummary, f64, f64, f64)> = self
            .summary
            .questions
            .iter()
            .filter_map(|question| match &question.all.detail {
                Detail::Likert(likert) if likert.nps.is_none() => Some((
                    question,
                    likert.top_box.percent?,
                    likert.bottom_box.percent?,
                    likert.net?,
                )),
                _ => None,
            })
            .collect();
        likert.sort_by(|a, b| b.3.abs().total_cmp(&a.3.abs()));
        for (question, top, bottom, _) in likert.iter().take(4) {
            let statement = question
                .text
                .split(" [")
                .last()
                .unwrap_or(&question.text)
                .trim_end_matches(']');
            let family = if let Detail::Likert(likert) = &question.all.detail {
                likert.family.as_str()
            } else {
                ""
            };
            let sides = ScaleSides::of(family);
            findings.push(format!(
                "\u{201c}{statement}\u{201d}: {top:.0}% {}, {bottom:.0}% {}.",
                sides.positive_phrase, sides.negative_phrase
            ));
        }
        let missing: Vec<String> = participation
            .representation
            .iter()
            .filter_map(|representation| {
                let groups: Vec<String> = representation
                    .rows
                    .iter()
                    .filter(|row| row.under_represented)
                    .map(|row| row.category.clone())
                    .collect();
                (!groups.is_empty()).then(|| {
                    format!(
                        "by {}: {}",
                        variable_words(&representation.variable),
                        groups.join(", ")
                    )
                })
            })
            .collect();
        if !missing.is_empty() {
            findings.push(format!("Compared with the population, some groups took part less than their share would suggest (representation index below {}): {}.", self.options.participation.under_represented_below(), missing.join("; ")));
        }
        if let Some(themes) = self.themes {
            for question in &themes.questions {
                let mut leading: Vec<&crate::themes::coding::ThemeCount> = question
                    .themes
                    .iter()
                    .filter(|theme| theme.parent.is_none() && theme.count > 0)
                    .collect();
                leading.sort_by_key(|theme| std::cmp::Reverse(theme.count));
                let named: Vec<String> = leading
                    .iter()
                    .take(3)
                    .map(|theme| {
                        format!(
                            "{} ({:.0}%)",
                            theme.label.to_lowercase(),
                            theme.percent.unwrap_or(0.0)
                        )
                    })
                    .collect();
                if !named.is_empty() {
                    findings.push(format!(
                        "In answers to \u{201c}{}\u{201d}, the most common themes were {}.",
                        results::short_title(&question.text),
                        named.join(", ")
                    ));
                }
            }
        }
        let campaigns: Vec<&crate::participation::TextGroup> = participation
            .duplicates
            .texts
            .iter()
            .filter(|group| group.kind == crate::participation::TextGroupKind::Campaign)
            .collect();
        for campaign in campaigns {
            findings.push(format!(
                "{} responses share near-identical wording, a letter-writing campaign; they are counted as responses and reported as such.",
                group_thousands(campaign.responses as u64)
            ));
        }
        findings
    }

    fn findings_section(&self) -> Section {
        let mut section = Section::new("key-findings", "Summary of key findings");
        section.push(Block::KeyFigures {
            figures: self.key_figures(),
        });
        section.push(Block::List {
            items: self.findings(),
        });
        section
    }

    fn methodology_section(&self) -> Section {
        let source = self.dataset.source();
        let mut section = Section::new("methodology", "About this report");
        let mut items = vec![format!(
            "Source: {} ({} export{}).",
            self.file_name,
            source
                .layout
                .map_or("spreadsheet", |layout| layout.display_name()),
            source
                .sheet
                .as_ref()
                .map(|sheet| format!(", sheet \"{sheet}\""))
                .unwrap_or_default()
        )];
        items.push(format!(
            "Respondents: {}. How completion was judged: {}.",
            group_thousands(self.participation.respondents as u64),
            self.participation.completion.description
        ));
        match self.period() {
            Some((first, last)) if first == last => {
                items.push(format!("Responses received on {first}."));
            }
            Some((first, last)) => {
                items.push(format!("Responses received from {first} to {last}."));
            }
            None => {}
        }
        items.push("Percentages are of those who answered each question (its base, given with each table); \"Don't know\" and similar answers are shown but left out of a scale's base. Intervals are 95% Wilson score intervals.".to_string());
        match (&self.participation.weights, self.options.weights) {
            (Some(weights), true) => items.push(format!(
                "Figures are weighted by raking to the population in {} (design effect {:.2}, effective sample size {:.0}).",
                self.participation.reference.as_ref().map_or("the reference file", |reference| file_name(&reference.file)),
                weights.design_effect,
                weights.effective_sample_size
            )),
            _ => items.push("Figures are not weighted: they describe the people who responded, not the whole population.".to_string()),
        }
        items.push(self.options.disclosure.describe());
        items.push(format!(
            "Personal data (names, email addresses, phone numbers, postcodes, NHS and National Insurance numbers, web and IP addresses) is not published: personal columns are left out and {} {} replaced in written comments before any quote was chosen. Names are only found when the export holds them in a column or the writer introduces them (\"my name is\"); read quotes before publishing.",
            group_thousands(self.redaction.counts.total() as u64),
            if self.redaction.counts.total() == 1 { "item was" } else { "items were" }
        ));
        if let Some(codebook) = self.inputs.codebook {
            items.push(format!("Written comments were coded against a codebook of {} themes{}; a comment can have several themes. Every count can be traced to the words that matched (engage themes --coding).", codebook.themes().len(), codebook.file().map(|file| format!(" ({})", file_name(file))).unwrap_or_default()));
        }
        if let Some(reference) = &self.participation.reference {
            // The reference file's notes are wrapped lines of prose: they read as one paragraph.
            let notes = reference
                .notes
                .iter()
                .map(|line| line.trim())
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            items.push(format!(
                "Population figures: {}. {notes}",
                file_name(&reference.file)
            ));
        }
        section.push(Block::List { items });
        if !source.decisions.is_empty() || !source.warnings.is_empty() {
            let mut notes = source.decisions.clone();
            notes.extend(
                source
                    .warnings
                    .iter()
                    .map(|warning| format!("Warning: {warning}")),
            );
            section.push(Block::paragraph("How the export was read:"));
            section.push(Block::List { items: notes });
        }
        section
    }

    /// A profile table with a total row, withheld as the policy says (the total row lets the
    /// rule stop a withheld count being worked out from the others).
    fn profile_table(&self, table: &crate::participation::ProfileTable) -> Table {
        let mut out = Table::new(
            format!("Profile: {}", table.text),
            &["Answer", "Count", "%"],
        )
        .with_caption(format!(
            "Base: all who answered (n = {}); no answer: {}",
            group_thousands(table.base as u64),
            group_thousands(table.no_answer as u64)
        ));
        for row in &table.rows {
            out.push(vec![
                Cell::text(&row.label),
                Cell::Count(row.count as u64),
                Cell::percent(row.percent),
            ]);
        }
        let total_row = out.rows.len();
        if table.multiple {
            out.notes.push(
                "More than one answer allowed: percentages add up to more than 100.".to_string(),
            );
        } else {
            out.push(vec![
                Cell::text("Total"),
                Cell::Count(table.base as u64),
                Cell::percent(100.0),
            ]);
        }
        let mut layout = TableLayout::new(TableKind::Profile, &[1]).with_percent(2, 1);
        if !table.multiple {
            layout = layout.with_total_row(total_row);
        }
        self.suppress(&mut out, &layout);
        out
    }

    /// Applies the policy; intervals of withheld rows are withheld too.
    fn suppress(&self, table: &mut Table, layout: &TableLayout) {
        let summary = self.options.disclosure.apply(table, layout);
        if summary.primary + summary.secondary > 0 {
            for row in &mut table.rows {
                if row.iter().any(|cell| matches!(cell, Cell::Suppressed(_))) {
                    let marker = row
                        .iter()
                        .find_map(|cell| {
                            if let Cell::Suppressed(marker) = cell {
                                Some(marker.clone())
                            } else {
                                None
                            }
                        })
                        .unwrap_or_default();
                    for cell in row.iter_mut().skip(1) {
                        if matches!(cell, Cell::Number { .. } | Cell::Percent(_)) {
                            *cell = Cell::Suppressed(marker.clone());
                        }
                    }
                }
            }
        }
    }

    /// How many wrote their own answer under a question's "Other" option. The answers are not
    /// published: they are short, personal and not coded.
    fn other_answers_note(&self, id: &str, kind: TableKind) -> Option<String> {
        let other = self
            .dataset
            .schema()
            .questions()
            .iter()
            .find(|question| question.other_of.as_deref() == Some(id))?;
        let written = self
            .summary
            .questions
            .iter()
            .find(|question| question.id == other.id)?
            .all
            .base
            .count;
        let policy = &self.options.disclosure;
        let written = if policy.applies_to(kind) && policy.is_small(written as u64) {
            format!("Fewer than {}", policy.threshold())
        } else {
            group_thousands(written as u64)
        };
        Some(format!(
            "{written} wrote their own answer under \"Other\" (column {}); those answers are not published here: read them in the export, or in the copy engage redact writes without personal data.",
            other.id
        ))
    }

    fn participation_section(&self) -> Section {
        let participation = self.participation;
        let mut section = Section::new("who-took-part", "Who took part");
        let source = self.source_line();
        if let Some(timeline) = &participation.timeline {
            section.push(Block::chart(
                "responses-over-time",
                results::timeline_chart(timeline, Some(&source)),
            ));
            let mut weeks = Table::new(
                "Responses per week",
                &["Week", "Starting", "Responses", "Cumulative"],
            )
            .with_caption(format!(
                "Base: all dated responses (n = {})",
                group_thousands(timeline.days.iter().map(|day| day.responses).sum::<usize>() as u64)
            ));
            for week in &timeline.weeks {
                weeks.push(vec![
                    Cell::text(&week.week),
                    Cell::text(week.starts.format("%-d %b %Y").to_string()),
                    Cell::Count(week.responses as u64),
                    Cell::Count(week.cumulative as u64),
                ]);
            }
            section.push(Block::table("responses-per-week", weeks));
        }
        let completion = &participation.completion;
        let mut completed = Table::new(
            "Complete and partial responses",
            &["Responses", "Count", "%"],
        )
        .with_caption(format!(
            "Base: all responses (n = {}); judged by {}",
            group_thousands(participation.respondents as u64),
            completion.description
        ));
        let all = (completion.complete + completion.partial).max(1) as f64;
        completed.push(vec![
            Cell::text("Complete"),
            Cell::Count(completion.complete as u64),
            Cell::percent(100.0 * completion.complete as f64 / all),
        ]);
        completed.push(vec![
            Cell::text("Partial"),
            Cell::Count(completion.partial as u64),
            Cell::percent(100.0 * completion.partial as f64 / all),
        ]);
        section.push(Block::table("completion", completed));
        let withhold = self.withhold(TableKind::Profile);
        for profile in &participation.profiles {
            let index = self.question_index(&profile.question);
            let mut subsection = Section::new(
                format!("profile-{}", safe::file_name_part(&profile.question, 40)),
                heading(&profile.text, &profile.question),
            );
            subsection.push(Block::table(
                question_stem(index, &profile.question),
                self.profile_table(profile),
            ));
            if let Some(summary) = self
                .summary
                .questions
                .iter()
                .find(|question| question.id == profile.question)
                && let Some(chart) = results::question_chart(summary, Some(&source), withhold)
            {
                subsection.push(Block::chart(question_stem(index, &profile.question), chart));
            }
            if let Some(note) = self.other_answers_note(&profile.question, TableKind::Profile) {
                subsection.push(Block::Note { text: note });
            }
            section.subsections.push(subsection);
        }
        if !participation.representation.is_empty() {
            let mut subsection = Section::new("representativeness", "Compared with the population");
            subsection.push(Block::paragraph(format!(
                "The representation index is the share of respondents in a group divided by the group's share of the population, times 100: 100 means represented in proportion, below {} is marked as under-represented.",
                self.options.participation.under_represented_below()
            )));
            let population = participation
                .reference
                .as_ref()
                .map(|reference| file_name(&reference.file).to_string());
            for representation in &participation.representation {
                let stem = format!(
                    "representation-{}",
                    safe::file_name_part(&representation.variable, 30)
                );
                let mut table = Table::new(
                    format!(
                        "{}: respondents and population",
                        representation.question_text
                    ),
                    &[
                        "Group",
                        "Respondents",
                        "Respondents %",
                        "Population %",
                        "Index",
                        "Under-represented",
                    ],
                )
                .with_caption(format!(
                    "Base: respondents whose answer matched a group (n = {}){}",
                    group_thousands(representation.base as u64),
                    representation
                        .test
                        .as_ref()
                        .map(|test| format!(
                            "; chi-square goodness of fit {:.1} on {} df, p {}",
                            test.statistic,
                            test.df,
                            p_value(test.p_value)
                        ))
                        .unwrap_or_default()
                ));
                for row in &representation.rows {
                    table.push(vec![
                        Cell::text(&row.category),
                        Cell::Count(row.sample as u64),
                        Cell::percent(row.sample_percent),
                        Cell::percent(row.population_percent),
                        Cell::maybe(row.index, 0),
                        Cell::text(if row.under_represented { "yes" } else { "" }),
                    ]);
                }
                if !representation.unmatched.is_empty() {
                    table.notes.push(format!(
                        "Answers matching no group: {}.",
                        representation
                            .unmatched
                            .iter()
                            .map(|label| format!("{} ({})", label.label, label.count))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                self.suppress(
                    &mut table,
                    &TableLayout::new(TableKind::Profile, &[1]).with_percent(2, 1),
                );
                subsection.push(Block::table(stem.clone(), table));
                subsection.push(Block::chart(
                    stem,
                    results::representation_chart(
                        representation,
                        RepresentationMode::Index,
                        self.options.participation.under_represented_below(),
                        population.as_deref(),
                        withhold,
                    ),
                ));
            }
            section.subsections.push(subsection);
        }
        let duplicates = &participation.duplicates;
        let campaigns: Vec<String> = duplicates
            .texts
            .iter()
            .filter(|group| group.kind == crate::participation::TextGroupKind::Campaign)
            .map(|group| format!("{} responses with near-identical wording (a letter-writing campaign), beginning \u{201c}{}\u{201d}", group_thousands(group.responses as u64), group.excerpt))
            .collect();
        let mut notes = Vec::new();
        if !duplicates.exact.is_empty() {
            notes.push(format!(
                "{} group(s) of identical submissions (the same answers sent more than once)",
                duplicates.exact.len()
            ));
        }
        if !duplicates.identifiers.is_empty() {
            notes.push(format!(
                "{} identifier(s) used by more than one response",
                duplicates.identifiers.len()
            ));
        }
        notes.extend(campaigns);
        if !notes.is_empty() {
            let mut subsection = Section::new("duplicates", "Duplicates and campaigns");
            subsection.push(Block::paragraph("These responses are all counted; they are listed so readers can judge them. A campaign is evidence of strength of feeling, not noise."));
            subsection.push(Block::List { items: notes });
            section.subsections.push(subsection);
        }
        section
    }

    fn questions_section(&self) -> Section {
        let mut section = Section::new("what-people-told-us", "What people told us");
        let source = self.source_line();
        let withhold = self.withhold(TableKind::Other);
        let questions: Vec<&QuestionSummary> = self
            .summary
            .questions
            .iter()
            .filter(|question| {
                // A typed "Other" answer is reported with its question, not as one of its own.
                self.dataset
                    .schema()
                    .get(&question.id)
                    .is_some_and(|question| {
                        question.profile.is_none()
                            && question.other_of.as_deref().is_none_or(str::is_empty)
                    })
            })
            .collect();
        let mut done_groups: Vec<String> = Vec::new();
        let runs = likert_runs(&questions, |id| {
            self.dataset
                .schema()
                .get(id)
                .and_then(|question| question.group.clone())
        });
        let tables = self.summary.tables();
        for (position, question) in questions.iter().enumerate() {
            let schema_question = self.dataset.schema().get(&question.id);
            let index = self.question_index(&question.id);
            // Statements asked one after another on the same scale share a chart, sorted by net
            // agreement, before the first of them.
            if let Some(run) = runs.iter().find(|run| run.start == position) {
                let members: Vec<&QuestionSummary> = questions[run.clone()].to_vec();
                let title = results::likert_group_title(&members);
                if let Some(chart) =
                    results::likert_group_chart(&title, &members, Some(&source), withhold)
                {
                    let mut subsection = Section::new(
                        format!("statements-{}", safe::file_name_part(&question.id, 40)),
                        title,
                    );
                    subsection.push(Block::chart(
                        format!("{}-statements", question_stem(index, &question.id)),
                        chart,
                    ));
                    section.subsections.push(subsection);
                }
            }
            // Statements of one grid share a chart, placed with the first of them.
            if let Some(group) = schema_question.and_then(|question| question.group.clone())
                && !done_groups.contains(&group)
            {
                let members: Vec<&QuestionSummary> = questions
                    .iter()
                    .copied()
                    .filter(|other| {
                        self.dataset
                            .schema()
                            .get(&other.id)
                            .and_then(|question| question.group.as_deref())
                            == Some(group.as_str())
                    })
                    .collect();
                if let Some(chart) = results::likert_group_chart(
                    &results::short_title(&group),
                    &members,
                    Some(&source),
                    withhold,
                ) {
                    let mut subsection = Section::new(
                        format!("grid-{}", safe::file_name_part(&group, 40)),
                        group.clone(),
                    );
                    subsection.push(Block::chart(
                        format!("{}-grid", question_stem(index, &question.id)),
                        chart,
                    ));
                    section.subsections.push(subsection);
                }
                done_groups.push(group);
            }
            let mut subsection = Section::new(
                format!("question-{}", safe::file_name_part(&question.id, 40)),
                heading(&question.text, &question.id),
            );
            let mut table = self
                .summary
                .questions
                .iter()
                .position(|other| other.id == question.id)
                .and_then(|position| tables.get(position).cloned())
                .unwrap_or_default();
            for note in &mut table.notes {
                *note = sentence(note);
            }
            if matches!(
                question.all.detail,
                Detail::Choice(_) | Detail::MultiChoice(_) | Detail::Likert(_) | Detail::Ranking(_)
            ) {
                self.suppress(
                    &mut table,
                    &TableLayout::new(TableKind::Other, &[1]).with_percent(2, 1),
                );
            }
            if question.kind == QuestionType::FreeText {
                let themes_note = if self.themes.is_some_and(|themes| {
                    themes
                        .questions
                        .iter()
                        .any(|themed| themed.question == question.id)
                }) {
                    " Its themes are in the section on themes."
                } else {
                    ""
                };
                subsection.push(Block::paragraph(format!(
                    "A written answer: {} of {} respondents wrote something.{themes_note}",
                    group_thousands(question.all.base.count as u64),
                    group_thousands(question.all.respondents as u64)
                )));
            } else {
                subsection.push(Block::table(question_stem(index, &question.id), table));
                if let Some(chart) = results::question_chart(question, Some(&source), withhold) {
                    subsection.push(Block::chart(question_stem(index, &question.id), chart));
                }
                if let Some(note) = self.other_answers_note(&question.id, TableKind::Other) {
                    subsection.push(Block::Note { text: note });
                }
            }
            section.subsections.push(subsection);
        }
        section
    }

    fn themes_section(&self, themes: &ThemeCoding) -> Section {
        let mut section = Section::new("themes", "Themes in what people said");
        section.push(Block::paragraph("Written answers were coded against the codebook: each theme's count is the number of answers that mention it (an answer can mention several). Quotes are chosen by rule (typical length, most of the theme's words, spread across respondent groups), with personal data removed."));
        let source = self.source_line();
        let withhold = self.withhold(TableKind::Other);
        for question in &themes.questions {
            let index = self.question_index(&question.question);
            let stem = format!("{}-themes", question_stem(index, &question.question));
            let mut subsection = Section::new(
                format!("themes-{}", safe::file_name_part(&question.question, 40)),
                heading(&question.text, &question.question),
            );
            // The themes module's table, titled for a reader and its notes as sentences.
            let mut counts = question.counts_table();
            counts.title = format!("Themes: {}", question.text);
            for note in &mut counts.notes {
                *note = sentence(note);
            }
            subsection.push(Block::table(stem.clone(), counts));
            subsection.push(Block::chart(
                stem.clone(),
                results::themes_chart(question, Some(&source), withhold),
            ));
            if let Some(chart) = results::cooccurrence_chart(question, Some(&source), withhold) {
                subsection.push(Block::chart(format!("{stem}-together"), chart));
            }
            if let Some(mut sentiment) = question.sentiment_table() {
                sentiment.title = format!("Sentiment: {}", question.text);
                sentiment.notes.push("Sentiment is scored automatically (VADER, an English word list) and is a rough guide: it misreads sarcasm, irony and local usage, so read the comments before quoting a figure.".to_string());
                subsection.push(Block::table(format!("{stem}-sentiment"), sentiment));
            }
            for theme in self.quotes_of(&question.question) {
                if theme.quotes.is_empty() {
                    continue;
                }
                subsection.push(Block::paragraph(format!("{}:", theme.label)));
                for quote in &theme.quotes {
                    subsection.push(Block::Quote {
                        text: quote.text.clone(),
                        attribution: quote.group.clone(),
                    });
                }
            }
            section.subsections.push(subsection);
        }
        section
    }

    /// The quotes chosen for one question's themes.
    fn quotes_of(&self, question: &str) -> &[crate::themes::ThemeQuotes] {
        self.quotes
            .iter()
            .find(|quotes| quotes.question == question)
            .map_or(&[], |quotes| quotes.themes.as_slice())
    }

    fn activity_section(log: &ActivityLog) -> Section {
        let mut section = Section::new("activity", "Activity and costs");
        section.push(Block::paragraph("Investment per place is the activity's total cost (officer time, room hire and other costs) divided by the places offered; per participant, by those who came (a range where only a planned range was recorded); for online learning, per learner and per course completed."));
        for (index, table) in log.tables().into_iter().enumerate() {
            section.push(Block::table(format!("activity-{}", index + 1), table));
        }
        for (id, chart) in results::activity_charts(log, Some(file_name(&log.file))) {
            section.push(Block::chart(id, chart));
        }
        section
    }

    fn you_said_section(&self, themes: &ThemeCoding) -> Section {
        let mut section = Section::new("you-said-we-did", "You said, we did");
        section.push(Block::paragraph("For the team to complete before publication: what was done, or will be done, in response to each theme."));
        for question in &themes.questions {
            let mut table = Table::new(
                format!("You said, we did: {}", results::short_title(&question.text)),
                &["Theme", "What people said", "Our response"],
            )
            .with_caption(format!(
                "Base: all who answered (n = {})",
                group_thousands(question.base as u64)
            ));
            let mut leading: Vec<&crate::themes::coding::ThemeCount> = question
                .themes
                .iter()
                .filter(|theme| theme.count > 0)
                .collect();
            leading.sort_by_key(|theme| std::cmp::Reverse(theme.count));
            for theme in leading {
                let quote = self
                    .quotes_of(&question.question)
                    .iter()
                    .find(|quotes| quotes.theme == theme.id)
                    .and_then(|quotes| quotes.quotes.first())
                    .map(|quote| format!(": \u{201c}{}\u{201d}", quote.text))
                    .unwrap_or_default();
                table.push(vec![
                    Cell::text(&theme.label),
                    Cell::text(format!(
                        "{} {} ({:.0}%){quote}",
                        group_thousands(theme.count as u64),
                        if theme.count == 1 {
                            "answer"
                        } else {
                            "answers"
                        },
                        theme.percent.unwrap_or(0.0)
                    )),
                    Cell::text(""),
                ]);
            }
            let index = self.question_index(&question.question);
            section.push(Block::table(
                format!(
                    "{}-you-said-we-did",
                    question_stem(index, &question.question)
                ),
                table,
            ));
        }
        section
    }

    fn changes_section(&self, previous: &serde_json::Value) -> Section {
        let mut section = Section::new("changes", "What changed since the last interim report");
        let before = previous["source"]["respondents"].as_u64().unwrap_or(0);
        let now = self.participation.respondents as u64;
        let mut items = vec![format!(
            "Responses: {} now, {} at the last report ({} new).",
            group_thousands(now),
            group_thousands(before),
            if now >= before {
                group_thousands(now - before)
            } else {
                format!("{} fewer", group_thousands(before - now))
            }
        )];
        let mut shifts = Table::new("Answers that moved beyond their 95% interval", &["Question", "Option", "Before %", "Now %", "Change (points)"]).with_caption("An option is listed when its new percentage lies outside the previous interval, or the old percentage outside the new one");
        let old_questions: Vec<&serde_json::Value> = previous["questions"]
            .as_array()
            .map(|questions| questions.iter().collect())
            .unwrap_or_default();
        for question in self.summary.to_wire().questions {
            let Some(old) = old_questions
                .iter()
                .find(|old| old["id"] == question.id.as_str())
            else {
                continue;
            };
            for option in &question.figures.options {
                let Some(old_option) = old["options"].as_array().and_then(|options| {
                    options
                        .iter()
                        .find(|old_option| old_option["label"] == option.label.as_str())
                }) else {
                    continue;
                };
                let (Some(now), Some(before)) = (option.percent, old_option["percent"].as_f64())
                else {
                    continue;
                };
                let old_low = old_option["ci_low"].as_f64().unwrap_or(before);
                let old_high = old_option["ci_high"].as_f64().unwrap_or(before);
                let (low, high) = (option.ci_low.unwrap_or(now), option.ci_high.unwrap_or(now));
                if now < old_low || now > old_high || before < low || before > high {
                    shifts.push(vec![
                        Cell::text(results::short_title(&question.text)),
                        Cell::text(&option.label),
                        Cell::percent(before),
                        Cell::percent(now),
                        Cell::number(now - before, 1),
                    ]);
                }
            }
        }
        if let (Some(themes), Some(old_themes)) = (self.themes, previous["themes"].as_array()) {
            for question in &themes.questions {
                let Some(old) = old_themes
                    .iter()
                    .find(|old| old["question"] == question.question.as_str())
                else {
                    continue;
                };
                for theme in &question.themes {
                    let Some(before) = old["themes"]
                        .as_array()
                        .and_then(|themes| {
                            themes
                                .iter()
                                .find(|old_theme| old_theme["id"] == theme.id.as_str())
                        })
                        .and_then(|old_theme| old_theme["percent"].as_f64())
                    else {
                        continue;
                    };
                    let now = theme.percent.unwrap_or(0.0);
                    if (now - before).abs() >= 5.0 {
                        items.push(format!("Theme \u{201c}{}\u{201d}: {before:.0}% of answers before, {now:.0}% now.", theme.label));
                    }
                }
            }
        }
        if shifts.rows.is_empty() {
            items.push("No answer moved beyond its 95% interval.".to_string());
        }
        section.push(Block::List { items });
        if !shifts.rows.is_empty() {
            section.push(Block::table("changes", shifts));
        }
        section
    }

    fn appendix_section(&self) -> Section {
        let mut section = Section::new("questions", "Appendix: the questions");
        let mut table = Table::new("Questions as asked", &["#", "Question", "Type", "Options"]);
        for (index, question) in self.dataset.schema().questions().iter().enumerate() {
            if matches!(question.kind, QuestionType::Personal)
                || question
                    .role
                    .is_some_and(|role| matches!(role, Role::IpAddress))
            {
                continue;
            }
            table.push(vec![
                Cell::Count(index as u64 + 1),
                Cell::text(&question.text),
                Cell::text(kind_words(question)),
                Cell::text(options_words(question)),
            ]);
        }
        section.push(Block::table("questions", table));
        section
    }

    fn json(&self, document: &Document) -> ReportJson {
        let source = self.dataset.source();
        let policy = &self.options.disclosure;
        let questions_published_whole = !policy.applies_to(TableKind::Other);
        let questions = if questions_published_whole {
            self.summary
                .to_wire()
                .questions
                .into_iter()
                .filter(|question| {
                    self.dataset
                        .schema()
                        .get(&question.id)
                        .is_some_and(|schema| schema.profile.is_none())
                })
                .collect()
        } else {
            Vec::new()
        };
        let themes = if questions_published_whole {
            self.themes
                .map(|themes| {
                    themes
                        .questions
                        .iter()
                        .map(|question| ThemeCountsJson {
                            question: question.question.clone(),
                            base: question.base,
                            coded: question.coded,
                            uncoded: question.uncoded,
                            themes: question
                                .themes
                                .iter()
                                .map(|theme| ThemeJson {
                                    id: theme.id.clone(),
                                    label: theme.label.clone(),
                                    parent: theme.parent.clone(),
                                    count: theme.count,
                                    percent: theme.percent,
                                })
                                .collect(),
                        })
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        ReportJson {
            schema_version: SCHEMA_VERSION,
            engage_version: env!("CARGO_PKG_VERSION").to_string(),
            title: document.title.clone(),
            generated: self.options.timestamp.clone(),
            source: SourceJson {
                file: self.file_name.to_string(),
                sheet: source.sheet.clone(),
                layout: source.layout.map_or_else(
                    || "generic".to_string(),
                    |layout| layout.as_str().to_string(),
                ),
                respondents: self.participation.respondents,
                period: self.period(),
            },
            disclosure: DisclosureJson {
                threshold: policy.threshold(),
                scope: policy.scope().as_str().to_string(),
                rule: policy.describe(),
            },
            key_figures: self
                .key_figures()
                .into_iter()
                .map(|(label, value)| KeyFigure { label, value })
                .collect(),
            findings: self.findings(),
            questions,
            themes,
            tables: document
                .tables()
                .into_iter()
                .map(|(section, table)| TableJson {
                    id: table.id.clone(),
                    section: section.id.clone(),
                    table: table.table.clone(),
                })
                .collect(),
            charts: document
                .charts()
                .into_iter()
                .map(|figure| ChartJson {
                    id: figure.id.clone(),
                    title: figure.chart.title().to_string(),
                    alt_text: figure.chart.alt_text(),
                })
                .collect(),
        }
    }
}

/// Runs of two or more consecutive Likert questions on the same scale that no vendor grid
/// already groups, as ranges of positions.
fn likert_runs(
    questions: &[&QuestionSummary],
    group_of: impl Fn(&str) -> Option<String>,
) -> Vec<std::ops::Range<usize>> {
    let points = |question: &QuestionSummary| -> Option<Vec<String>> {
        match &question.all.detail {
            Detail::Likert(likert) if group_of(&question.id).is_none() && likert.nps.is_none() => {
                Some(
                    likert
                        .points
                        .iter()
                        .map(|point| point.label.clone())
                        .collect(),
                )
            }
            _ => None,
        }
    };
    let mut runs = Vec::new();
    let mut start = 0;
    while start < questions.len() {
        let Some(scale) = points(questions[start]) else {
            start += 1;
            continue;
        };
        let mut end = start + 1;
        while end < questions.len() && points(questions[end]).as_ref() == Some(&scale) {
            end += 1;
        }
        if end - start >= 2 {
            runs.push(start..end);
        }
        start = end;
    }
    runs
}

/// A profile variable as words in a sentence.
fn variable_words(variable: &str) -> String {
    match variable {
        "ethnicity" => "ethnic group".to_string(),
        "sexual_orientation" => "sexual orientation".to_string(),
        "capacity" => "capacity in which they responded".to_string(),
        other => other.replace('_', " "),
    }
}

/// A section's heading: the question's wording, or its id when the export gave it none.
fn heading(text: &str, id: &str) -> String {
    if text.trim().is_empty() {
        id.to_string()
    } else {
        text.to_string()
    }
}

/// A file's name without its folders: a report names its inputs the same way on every machine
/// and does not publish where someone keeps their files.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// A note as a sentence: a capital first letter and a full stop.
fn sentence(note: &str) -> String {
    let note = note.trim();
    let mut chars = note.chars();
    let mut out: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

fn p_value(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_string()
    } else {
        format!("= {p:.3}")
    }
}

fn kind_words(question: &Question) -> &'static str {
    match question.kind {
        QuestionType::Metadata => "recorded by the survey tool",
        QuestionType::Personal => "personal details",
        QuestionType::SingleChoice => "one answer",
        QuestionType::MultiChoice => "any number of answers",
        QuestionType::Likert => "scale",
        QuestionType::YesNo => "yes or no",
        QuestionType::Numeric => "number",
        QuestionType::Date => "date",
        QuestionType::Ranking => "ranking",
        QuestionType::FreeText => "written answer",
    }
}

fn options_words(question: &Question) -> String {
    if !question.kind.is_categorical() || question.options.len() > 25 {
        return String::new();
    }
    question.options.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_stems_are_numbered_and_plain() {
        assert_eq!(
            question_stem(4, "walk_centre_stay_current_site"),
            "q05-walk-centre-stay-current-site"
        );
        assert_eq!(question_stem(11, "Q3_1"), "q12-q3-1");
    }

    #[test]
    fn the_first_finding_reads_right_for_one_response_on_one_day() {
        let csv = "Timestamp,How satisfied were you?\n2017-07-18 10:00:00,Very satisfied\n";
        let dataset =
            crate::read_reader(csv.as_bytes(), "one.csv", &crate::IngestOptions::default())
                .unwrap();
        let report = build(
            &ReportInputs::new(&dataset),
            &ReportOptions::default(),
            &crate::progress::Silent,
        )
        .unwrap();
        let markdown = super::super::markdown::render(&report.document);
        assert!(
            markdown.contains("- 1 person responded on 18 July 2017."),
            "{markdown}"
        );
        assert!(
            markdown.contains("- Responses received on 18 July 2017."),
            "{markdown}"
        );
        assert!(
            markdown.contains("one.csv, responses on 18 July 2017"),
            "{markdown}"
        );
    }

    #[test]
    fn notes_read_as_sentences() {
        assert_eq!(
            sentence("respondents could choose more than one answer"),
            "Respondents could choose more than one answer."
        );
        assert_eq!(sentence("Already a sentence."), "Already a sentence.");
        assert_eq!(sentence("  "), "");
    }

    #[test]
    fn p_values_read_plainly() {
        assert_eq!(p_value(0.000_01), "< 0.001");
        assert_eq!(p_value(0.0421), "= 0.042");
    }
}
