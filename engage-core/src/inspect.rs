//! What ingest read, for the user to check: file, sheet, layout, header rows, respondents, and
//! per question its id, wording, type, profile flag, answered count and option counts.

use serde::Serialize;

use crate::dataset::Dataset;
use crate::error::Result;
use crate::schema::{Profile, QuestionType, Role};
use crate::table::{Cell, Table};

/// The result of inspecting a dataset; `--format json` prints it as is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Inspection {
    /// The input file.
    pub file: String,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// The layout: `google_forms`, `microsoft_forms`, `surveymonkey`, `qualtrics`,
    /// `limesurvey`, `kobo`, `smartsurvey`, `citizen_space`, `polis` or `generic`.
    pub layout: String,
    /// The file format.
    pub format: String,
    /// The text encoding, for delimited text.
    pub encoding: Option<String>,
    /// The delimiter, for delimited text.
    pub delimiter: Option<String>,
    /// The 1-based rows that form the header.
    pub header_rows: Vec<usize>,
    /// The number of respondents (data rows).
    pub respondents: usize,
    /// Every question in questionnaire order.
    pub questions: Vec<InspectedQuestion>,
    /// What ingest decided.
    pub decisions: Vec<String>,
    /// What the user should check.
    pub warnings: Vec<String>,
}

/// One question as inspected.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InspectedQuestion {
    /// The question id.
    pub id: String,
    /// The wording.
    pub text: String,
    /// For an item of a grouped question (a grid's row), its label; `text` then ends with it.
    pub item: Option<String>,
    /// The type.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// True for respondent-profile questions.
    pub profile: bool,
    /// Which profile variable, for profile questions.
    pub profile_kind: Option<Profile>,
    /// What a metadata or personal column holds.
    pub role: Option<Role>,
    /// Respondents who answered.
    pub answered: usize,
    /// Options with how many chose each (categorical questions only).
    pub options: Vec<OptionCount>,
    /// The source columns.
    pub columns: Vec<String>,
    /// The question whose "Other (please specify)" text this is.
    pub other_of: Option<String>,
}

/// An option and its count.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptionCount {
    /// The option's label.
    pub label: String,
    /// Respondents who chose it.
    pub count: usize,
}

/// Inspects a dataset.
pub fn inspect(dataset: &Dataset) -> Result<Inspection> {
    let source = dataset.source();
    let mut questions = Vec::with_capacity(dataset.schema().len());
    for question in dataset.schema().questions() {
        let options = if question.kind.is_categorical() {
            dataset
                .option_counts(&question.id)?
                .into_iter()
                .map(|(label, count)| OptionCount { label, count })
                .collect()
        } else {
            Vec::new()
        };
        questions.push(InspectedQuestion {
            id: question.id.clone(),
            text: question.text.clone(),
            item: question.item.clone(),
            kind: question.kind,
            profile: question.profile.is_some(),
            profile_kind: question.profile,
            role: question.role,
            answered: dataset.answered_count(&question.id)?,
            options,
            columns: question.columns.clone(),
            other_of: question.other_of.clone(),
        });
    }
    Ok(Inspection {
        file: source.file.clone(),
        sheet: source.sheet.clone(),
        layout: source.layout.map_or_else(
            || "generic".to_string(),
            |layout| layout.as_str().to_string(),
        ),
        format: source.format.clone(),
        encoding: source.encoding.clone(),
        delimiter: source.delimiter.clone(),
        header_rows: source.header_rows.clone(),
        respondents: dataset.respondents(),
        questions,
        decisions: source.decisions.clone(),
        warnings: source.warnings.clone(),
    })
}

impl Inspection {
    /// The questions as a table: number, id, type, profile, answered, wording (shortened, a grid
    /// item kept whole).
    #[must_use]
    pub fn questions_table(&self) -> Table {
        let mut table = Table::new(
            "Questions",
            &["#", "id", "type", "profile", "answered", "text"],
        );
        for (index, question) in self.questions.iter().enumerate() {
            table.push(vec![
                Cell::Count(index as u64 + 1),
                Cell::text(&question.id),
                Cell::text(question.kind.as_str()),
                Cell::text(question.profile_kind.map_or("", Profile::as_str)),
                Cell::Count(question.answered as u64),
                // Shortened for the overview with a grid item kept whole; the JSON keeps all.
                Cell::text(crate::schema::short_title(
                    &question.text,
                    question.item.as_deref(),
                )),
            ]);
        }
        table
    }
}
