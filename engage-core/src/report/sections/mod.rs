//! The report's sections, arranged from what the analyses published ([`super::published`]):
//! the key findings, how the report was made, who took part, what people told us, the themes
//! in written answers, activity and costs, "you said, we did", what changed since the last
//! report, and the questions as asked. One file per section; nothing here computes a figure.

mod about;
mod activity;
mod participation;
mod questions;
mod themes;
mod views;

use super::document::Document;
use super::json::{ChartJson, DisclosureJson, KeyFigure, ReportJson, SourceJson, TableJson};
use super::published::Published;
use super::{ReportInputs, ReportOptions, SCHEMA_VERSION};
use crate::dataset::Dataset;
use crate::participation::Participation;
use crate::privacy::RedactionReport;
use crate::privacy::disclosure::TableKind;
use crate::schema::{Question, QuestionType};
use crate::summary::{Detail, QuestionSummary, Summary};
use crate::themes::ThemeCoding;
use crate::themes::quotes::QuestionQuotes;

/// The analyses a report is composed from.
pub(crate) struct Composer<'a> {
    pub(crate) dataset: &'a Dataset,
    pub(crate) options: &'a ReportOptions,
    pub(crate) participation: &'a Participation,
    pub(crate) summary: &'a Summary,
    pub(crate) themes: Option<&'a ThemeCoding>,
    /// Quotes per coded question, in the order of `themes`.
    pub(crate) quotes: &'a [QuestionQuotes],
    pub(crate) inputs: &'a ReportInputs<'a>,
    pub(crate) file_name: &'a str,
    pub(crate) redaction: &'a RedactionReport,
    /// Why the codebook or model coded nothing, when it did not.
    pub(crate) coding_note: Option<String>,
    /// Views by group.
    pub(crate) views: &'a crate::views::Views,
    /// True when the respondents are fewer than the small-sample size: counts as "7 of 11",
    /// every written answer shown.
    pub(crate) small_sample: bool,
    /// The responses with personal data replaced in written answers, kept for a small sample.
    pub(crate) redacted: Option<&'a Dataset>,
}

impl Composer<'_> {
    /// True when a learned model coded the written answers (not a codebook).
    pub(crate) fn coded_by_model(&self) -> bool {
        matches!(self.inputs.coder(), Some(crate::themes::Coder::Model(_)))
    }

    /// The line under every chart: the file and the period.
    pub(crate) fn source_line(&self) -> String {
        match self.period() {
            Some((first, last)) if first == last => {
                format!("{}, responses on {first}", self.file_name)
            }
            Some(_) => format!(
                "{}, responses {}",
                self.file_name,
                self.period_words().unwrap_or_default()
            ),
            None => self.file_name.to_string(),
        }
    }

    /// The period as a person writes it: "2 to 12 December 2013", "28 November to 12
    /// December 2013", "1 December 2013 to 3 January 2014".
    pub(crate) fn period_words(&self) -> Option<String> {
        use chrono::Datelike;
        let timeline = self.participation.timeline.as_ref()?;
        let (first, last) = (timeline.first.date(), timeline.last.date());
        let full = |date: chrono::NaiveDate| date.format("%-d %B %Y").to_string();
        Some(if first == last {
            full(first)
        } else if first.year() == last.year() && first.month() == last.month() {
            format!("{} to {}", first.format("%-d"), full(last))
        } else if first.year() == last.year() {
            format!("{} to {}", first.format("%-d %B"), full(last))
        } else {
            format!("{} to {}", full(first), full(last))
        })
    }

    pub(crate) fn period(&self) -> Option<(String, String)> {
        self.participation.timeline.as_ref().map(|timeline| {
            (
                timeline.first.format("%-d %B %Y").to_string(),
                timeline.last.format("%-d %B %Y").to_string(),
            )
        })
    }

    fn title(&self) -> String {
        self.options.title.clone().unwrap_or_else(|| {
            // The form's own title where the export carries one, else the file's name.
            let title = self.dataset.source().title.as_deref();
            format!("Interim report: {}", title.unwrap_or(self.file_name))
        })
    }

    pub(crate) fn question_index(&self, id: &str) -> usize {
        self.dataset
            .schema()
            .questions()
            .iter()
            .position(|question| question.id == id)
            .unwrap_or(0)
    }

    /// A count as a sentence about a table of `kind` may state it.
    pub(crate) fn count_words(&self, kind: TableKind, count: usize) -> String {
        self.options.disclosure.count_words(kind, count as u64)
    }

    pub(super) fn document(&self, published: &Published<'_>) -> Document {
        let mut sections = vec![
            super::findings::section(self, published),
            about::methodology(self),
            participation::section(self, published),
            questions::section(self, published),
        ];
        if !published.themes.is_empty() {
            sections.push(themes::section(self, published));
        }
        if !self.views.comparisons.is_empty() {
            sections.push(views::section(self, published));
        } else if !self.small_sample {
            sections.push(views::nothing_compared(self));
        }
        if let Some(log) = self.inputs.activity {
            sections.push(activity::section(log));
        }
        if !published.themes.is_empty() {
            sections.push(themes::you_said(self, published));
        }
        if let Some(previous) = self.inputs.previous {
            sections.push(super::changes::section(self, previous));
        }
        sections.push(about::appendix(self));
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

    pub(super) fn json(&self, document: &Document, published: &Published<'_>) -> ReportJson {
        let source = self.dataset.source();
        let policy = &self.options.disclosure;
        let questions = published
            .questions
            .iter()
            .map(|(question, _)| crate::summary::wire::QuestionJson::from(*question))
            .collect::<Vec<_>>();
        // The figures as their tables publish them: `SummaryJson::disclosed` nulls what the
        // question's table withholds.
        let disclosed = self.summary.to_wire(policy);
        let questions = questions
            .into_iter()
            .filter_map(|question| {
                disclosed
                    .questions
                    .iter()
                    .find(|candidate| candidate.id == question.id)
                    .cloned()
            })
            .collect();
        let respondents = self.participation.respondents;
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
                respondents: (!(policy.applies_to(TableKind::Other)
                    && policy.is_small(respondents as u64)))
                .then_some(respondents),
                period: self.period(),
            },
            disclosure: DisclosureJson {
                threshold: policy.threshold(),
                scope: policy.scope().as_str().to_string(),
                rule: policy.describe(),
            },
            key_figures: super::findings::key_figures(self, published)
                .into_iter()
                .map(|(label, value)| KeyFigure { label, value })
                .collect(),
            findings: super::findings::findings(self, published),
            questions,
            themes: themes::json(published),
            tables: document
                .tables()
                .into_iter()
                .map(|(section, table)| TableJson {
                    id: table.id.clone(),
                    section: section.id.clone(),
                    table: table.table.clone(),
                })
                .collect(),
            views: views::json(self, published),
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

/// The differences between groups, in words, strongest first.
pub(super) fn view_findings(published: &Published<'_>) -> Vec<String> {
    views::findings(published)
}

/// Runs of two or more consecutive Likert questions on the same scale that no vendor grid
/// already groups, as ranges of positions.
pub(super) fn likert_runs(
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
pub(super) fn variable_words(variable: &str) -> String {
    match variable {
        "ethnicity" => "ethnic group".to_string(),
        "sexual_orientation" => "sexual orientation".to_string(),
        "capacity" => "capacity in which they responded".to_string(),
        other => other.replace('_', " "),
    }
}

/// A section's heading: the question's wording, or its id when the export gave it none.
pub(super) fn heading(text: &str, id: &str) -> String {
    if text.trim().is_empty() {
        id.to_string()
    } else {
        text.to_string()
    }
}

/// A file's name without its folders: a report names its inputs the same way on every machine
/// and does not publish where someone keeps their files.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// A note as a sentence: a capital first letter and a full stop.
pub(super) fn sentence(note: &str) -> String {
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

pub(super) fn kind_words(question: &Question) -> &'static str {
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

pub(super) fn options_words(question: &Question) -> String {
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
        use super::super::pipeline::question_stem;
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
        let report = super::super::build(
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

    /// Raked to a population of half women, half men, a question only women answered "Yes"
    /// to is 50% "Yes" in the weighted report: each respondent carries their own weight (the
    /// weights were once placed by sheet row, shifting them two respondents on).
    #[test]
    fn a_weighted_report_weights_each_respondent_by_their_own_weight() {
        let rows: Vec<String> = [("Female", "Yes"); 3]
            .into_iter()
            .chain([("Male", "No"); 9])
            .enumerate()
            .map(|(index, (sex, answer))| format!("{},{sex},{answer}\n", index + 1))
            .collect();
        let csv = format!(
            "Respondent,What is your sex?,Would you use it?\n{}",
            rows.concat()
        );
        let dataset = crate::read_reader(
            csv.as_bytes(),
            "weighted.csv",
            &crate::IngestOptions::default(),
        )
        .unwrap();
        let reference = crate::participation::Reference::parse(
            "variable,category,population\nsex,Female,500\nsex,Male,500\n",
            "population.csv",
        )
        .unwrap();
        let mut inputs = ReportInputs::new(&dataset);
        inputs.reference = Some(&reference);
        let report = super::super::build(
            &inputs,
            &ReportOptions::default()
                .with_weights(true)
                .with_disclosure(crate::privacy::disclosure::DisclosurePolicy::none()),
            &crate::progress::Silent,
        )
        .unwrap();
        let question = report
            .json
            .questions
            .iter()
            .find(|question| question.text == "Would you use it?")
            .expect("the question is summarised");
        let yes = question
            .figures
            .options
            .iter()
            .find(|option| option.label == "Yes")
            .unwrap();
        let percent = yes.percent.unwrap();
        assert!((percent - 50.0).abs() < 1e-6, "{percent}");
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
}
