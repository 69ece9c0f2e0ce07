//! The central type: one row per respondent in a polars `DataFrame`, one column per question,
//! described by a [`Schema`], with where it came from and what ingest decided.
//!
//! Column types by question type: text questions (single choice, Likert, yes/no, free text,
//! metadata, personal) are `String`; numeric questions `Float64`; dates `Datetime(ms)`;
//! multi-choice and ranking questions `List(String)` (a ranking's list is in rank order).

use chrono::{DateTime, NaiveDateTime};
use polars::prelude::*;
use serde::Serialize;

use crate::error::{Error, Location, Result};
use crate::ingest::layouts::Layout;
use crate::schema::{Question, QuestionType, Role, Schema};

/// Where a dataset came from and what was decided while reading it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Source {
    /// The file (or folder) as the user named it.
    pub file: String,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// The detected (or given) export layout.
    pub layout: Option<Layout>,
    /// The form's title, where the export has one: a title row above the header, or the
    /// title Microsoft Forms and Google Forms put in the file's name.
    pub title: Option<String>,
    /// The file format: `xlsx`, `xls`, `xlsb`, `ods`, `csv`.
    pub format: String,
    /// The text encoding, for delimited text.
    pub encoding: Option<String>,
    /// The field delimiter, for delimited text.
    pub delimiter: Option<String>,
    /// The 1-based rows of the file that form the header.
    pub header_rows: Vec<usize>,
    /// The 1-based row a spreadsheet program shows each respondent on, in frame order (the
    /// header of a plain export is row 1). Use [`Source::row`], which covers a dataset built
    /// in memory too.
    pub rows: Vec<usize>,
    /// For delimited text, the 1-based line of the file each respondent's record starts on, in
    /// frame order; empty for workbooks. It differs from the row after an answer holding line
    /// breaks.
    pub lines: Vec<usize>,
    /// What ingest decided (header rows, separators, sheet choice), in words.
    pub decisions: Vec<String>,
    /// Things the user should know about (empty columns, blank rows dropped).
    pub warnings: Vec<String>,
}

impl Source {
    /// The row a spreadsheet program shows the respondent at a 0-based frame index on. A
    /// dataset built in memory, with no record of its rows, is numbered as a sheet with one
    /// header row would be: the first respondent on row 2.
    #[must_use]
    pub fn row(&self, index: usize) -> usize {
        self.rows.get(index).copied().unwrap_or(index + 2)
    }

    /// For delimited text, the line of the file the respondent's record starts on.
    #[must_use]
    pub fn line(&self, index: usize) -> Option<usize> {
        self.lines.get(index).copied()
    }

    /// Where the respondent at a 0-based frame index is: the file, the sheet, the row, and the
    /// line where it differs from the row (errors then say "row 997 (line 998)").
    #[must_use]
    pub fn location(&self, index: usize) -> Location {
        let mut location = Location::file(&self.file).with_row(self.row(index));
        if let Some(sheet) = &self.sheet {
            location = location.with_sheet(sheet);
        }
        match self.line(index) {
            Some(line) => location.with_line(line),
            None => location,
        }
    }
}

/// A survey export read into one canonical form.
#[derive(Clone, Debug)]
pub struct Dataset {
    frame: DataFrame,
    schema: Schema,
    source: Source,
}

/// One question's answers, borrowed from the frame.
#[derive(Debug)]
pub enum Answers<'a> {
    /// Text answers (single choice, Likert, yes/no, free text, metadata, personal).
    Text(&'a StringChunked),
    /// Numbers.
    Number(&'a Float64Chunked),
    /// Dates as milliseconds since the epoch.
    Date(&'a Int64Chunked),
    /// Several answers per respondent (multi-choice, ranking).
    List(&'a ListChunked),
}

impl Dataset {
    /// Assembles a dataset; the frame must have one column per question, named by its id.
    pub fn new(frame: DataFrame, schema: Schema, source: Source) -> Result<Dataset> {
        for question in schema.questions() {
            if frame.column(&question.id).is_err() {
                return Err(Error::data(
                    Location::default().with_question(&question.id),
                    "the frame has no column for this question",
                ));
            }
        }
        Ok(Dataset {
            frame,
            schema,
            source,
        })
    }

    /// The answers, one row per respondent.
    #[must_use]
    pub fn frame(&self) -> &DataFrame {
        &self.frame
    }

    /// The questions.
    #[must_use]
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Where the data came from and what ingest decided.
    #[must_use]
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Adds a warning to the source notes.
    pub fn warn(&mut self, warning: impl Into<String>) {
        self.source.warnings.push(warning.into());
    }

    /// The number of respondents (rows).
    #[must_use]
    pub fn respondents(&self) -> usize {
        self.frame.height()
    }

    /// Splits into parts, for transformations that rebuild the frame.
    #[must_use]
    pub fn into_parts(self) -> (DataFrame, Schema, Source) {
        (self.frame, self.schema, self.source)
    }

    /// The question with this id, or an error listing the ids that exist.
    pub fn question(&self, id: &str) -> Result<&Question> {
        self.schema.require(id)
    }

    /// A question's answers.
    pub fn answers(&self, id: &str) -> Result<Answers<'_>> {
        let question = self.question(id)?;
        let column = self.frame.column(&question.id).map_err(|error| {
            Error::data(Location::default().with_question(id), error.to_string())
        })?;
        let wrong = |error: PolarsError| {
            Error::data(Location::default().with_question(id), error.to_string())
        };
        Ok(match column.dtype() {
            DataType::String => Answers::Text(column.str().map_err(wrong)?),
            DataType::Float64 => Answers::Number(column.f64().map_err(wrong)?),
            DataType::Datetime(_, _) => Answers::Date(column.datetime().map_err(wrong)?.physical()),
            DataType::List(_) => Answers::List(column.list().map_err(wrong)?),
            other => {
                return Err(Error::data(
                    Location::default().with_question(id),
                    format!("unexpected column type {other}"),
                ));
            }
        })
    }

    /// A question's answers as text, one entry per respondent (`None` when not answered).
    /// Numbers and dates are formatted; lists are joined with `"; "`.
    pub fn texts(&self, id: &str) -> Result<Vec<Option<String>>> {
        Ok(match self.answers(id)? {
            Answers::Text(values) => values
                .iter()
                .map(|value| value.map(str::to_string))
                .collect(),
            Answers::Number(values) => values
                .iter()
                .map(|value| value.map(crate::ingest::grid::format_number))
                .collect(),
            Answers::Date(values) => values
                .iter()
                .map(|value| {
                    value
                        .and_then(millis_to_datetime)
                        .map(crate::ingest::grid::format_datetime)
                })
                .collect(),
            Answers::List(_) => self
                .choices(id)?
                .into_iter()
                .map(|value| value.map(|items| items.join("; ")))
                .collect(),
        })
    }

    /// A text question's answers borrowed, one entry per respondent.
    pub fn text_values(&self, id: &str) -> Result<Vec<Option<&str>>> {
        match self.answers(id)? {
            Answers::Text(values) => Ok(values.iter().collect()),
            _ => Err(Error::unsupported(
                Location::default().with_question(id),
                "not a text question",
            )),
        }
    }

    /// A categorical question's choices per respondent: one item for single choice, Likert and
    /// yes/no; the chosen options for multi-choice; the options in rank order for ranking.
    /// `None` when the respondent did not answer.
    pub fn choices(&self, id: &str) -> Result<Vec<Option<Vec<&str>>>> {
        match self.answers(id)? {
            Answers::Text(values) => Ok(values
                .iter()
                .map(|value| value.map(|value| vec![value]))
                .collect()),
            Answers::List(values) => Ok(list_values(values)),
            Answers::Number(_) | Answers::Date(_) => Err(Error::unsupported(
                Location::default().with_question(id),
                "not a categorical question",
            )),
        }
    }

    /// A numeric question's answers per respondent.
    pub fn numbers(&self, id: &str) -> Result<Vec<Option<f64>>> {
        match self.answers(id)? {
            Answers::Number(values) => Ok(values.iter().collect()),
            Answers::Text(values) => Ok(values
                .iter()
                .map(|value| value.and_then(|value| value.trim().parse::<f64>().ok()))
                .collect()),
            _ => Err(Error::unsupported(
                Location::default().with_question(id),
                "not a numeric question",
            )),
        }
    }

    /// A date question's (or timestamp's) answers per respondent.
    pub fn dates(&self, id: &str) -> Result<Vec<Option<NaiveDateTime>>> {
        match self.answers(id)? {
            Answers::Date(values) => Ok(values
                .iter()
                .map(|value| value.and_then(millis_to_datetime))
                .collect()),
            Answers::Text(values) => Ok(values
                .iter()
                .map(|value| value.and_then(crate::ingest::values::parse_iso))
                .collect()),
            _ => Err(Error::unsupported(
                Location::default().with_question(id),
                "not a date question",
            )),
        }
    }

    /// Whether each respondent answered the question.
    pub fn answered(&self, id: &str) -> Result<Vec<bool>> {
        Ok(match self.answers(id)? {
            Answers::Text(values) => values.iter().map(|value| value.is_some()).collect(),
            Answers::Number(values) => values.iter().map(|value| value.is_some()).collect(),
            Answers::Date(values) => values.iter().map(|value| value.is_some()).collect(),
            Answers::List(values) => (0..values.len())
                .map(|row| values.get_as_series(row).is_some())
                .collect(),
        })
    }

    /// The number of respondents who answered the question.
    pub fn answered_count(&self, id: &str) -> Result<usize> {
        Ok(match self.answers(id)? {
            Answers::Text(values) => values.len() - values.null_count(),
            Answers::Number(values) => values.len() - values.null_count(),
            Answers::Date(values) => values.len() - values.null_count(),
            Answers::List(values) => values.len() - values.null_count(),
        })
    }

    /// How many respondents chose each option of a categorical question, in option order, then
    /// any answers that are not among the options (most frequent first). Multi-choice answers
    /// count once per respondent per option.
    pub fn option_counts(&self, id: &str) -> Result<Vec<(String, usize)>> {
        let question = self.question(id)?;
        let choices = self.choices(id)?;
        let mut counts: Vec<(String, usize)> = question
            .options
            .iter()
            .map(|option| (option.clone(), 0))
            .collect();
        let mut index: std::collections::HashMap<String, usize> = counts
            .iter()
            .enumerate()
            .map(|(position, (option, _))| (option.clone(), position))
            .collect();
        let known = counts.len();
        for items in choices.iter().flatten() {
            let mut seen: Vec<&str> = Vec::with_capacity(items.len());
            for item in items {
                if seen.contains(item) {
                    continue;
                }
                seen.push(item);
                if let Some(&position) = index.get(*item) {
                    counts[position].1 += 1;
                } else {
                    index.insert((*item).to_string(), counts.len());
                    counts.push(((*item).to_string(), 1));
                }
            }
        }
        counts[known..].sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(counts)
    }

    /// Keeps only the rows where `keep` is true (for deduplication and filters).
    pub fn filter_rows(&self, keep: &[bool]) -> Result<Dataset> {
        let mask = BooleanChunked::from_slice(PlSmallStr::from_static("keep"), keep);
        let frame = self
            .frame
            .filter(&mask)
            .map_err(|error| Error::data(Location::default(), error.to_string()))?;
        let kept = |numbers: &[usize]| -> Vec<usize> {
            numbers
                .iter()
                .zip(keep)
                .filter(|(_, keep)| **keep)
                .map(|(number, _)| *number)
                .collect()
        };
        let mut source = self.source.clone();
        source.rows = kept(&self.source.rows);
        source.lines = kept(&self.source.lines);
        Ok(Dataset {
            frame,
            schema: self.schema.clone(),
            source,
        })
    }

    /// The questions of one type, in questionnaire order.
    pub fn questions_of(&self, kind: QuestionType) -> impl Iterator<Item = &Question> {
        self.schema
            .questions()
            .iter()
            .filter(move |question| question.kind == kind)
    }

    /// Each respondent's id (from the respondent-id column, else the row number) and the row a
    /// spreadsheet shows the respondent on (the header is row 1).
    pub fn respondent_ids(&self) -> Result<Vec<(String, usize)>> {
        let rows: Vec<usize> = (0..self.respondents())
            .map(|index| self.source.row(index))
            .collect();
        let ids = match self.schema().with_role(Role::RespondentId) {
            Some(question) => Some(self.texts(&question.id)?),
            None => None,
        };
        Ok(rows
            .iter()
            .enumerate()
            .map(|(index, &row)| {
                let id = ids
                    .as_ref()
                    .and_then(|ids| ids.get(index).cloned().flatten())
                    .filter(|id| !id.trim().is_empty())
                    .unwrap_or_else(|| row.to_string());
                (id, row)
            })
            .collect())
    }
}

/// Milliseconds since the epoch to a naive date-time.
#[must_use]
pub fn millis_to_datetime(millis: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp_millis(millis).map(|datetime| datetime.naive_utc())
}

/// The lists of a list column, borrowed: one entry per row.
fn list_values(values: &ListChunked) -> Vec<Option<Vec<&str>>> {
    use polars_arrow::array::Array;
    let mut out = Vec::with_capacity(values.len());
    for array in values.downcast_iter() {
        let offsets = array.offsets().as_slice();
        let inner = array.values();
        let strings = inner
            .as_any()
            .downcast_ref::<polars_arrow::array::Utf8ViewArray>();
        for row in 0..array.len() {
            if !array.is_valid(row) {
                out.push(None);
                continue;
            }
            let (start, end) = (offsets[row] as usize, offsets[row + 1] as usize);
            let items = match strings {
                Some(strings) => (start..end)
                    .filter(|&index| strings.is_valid(index))
                    .map(|index| strings.value(index))
                    .collect(),
                None => Vec::new(),
            };
            out.push(Some(items));
        }
    }
    out
}

/// Builds frame columns from ingest's typed values.
pub(crate) mod build {
    use super::{
        Column, DataType, Float64Chunked, Int64Chunked, IntoColumn, ListBuilderTrait,
        ListStringChunkedBuilder, NaiveDateTime, NewChunkedArray, PlSmallStr, StringChunked,
        TimeUnit,
    };

    /// A text column.
    pub(crate) fn text(name: &str, values: &[Option<String>]) -> Column {
        StringChunked::from_iter_options(
            PlSmallStr::from_str(name),
            values.iter().map(Option::as_deref),
        )
        .into_column()
    }

    /// A numeric column.
    pub(crate) fn number(name: &str, values: &[Option<f64>]) -> Column {
        Float64Chunked::from_iter_options(PlSmallStr::from_str(name), values.iter().copied())
            .into_column()
    }

    /// A date-time column in milliseconds.
    pub(crate) fn date(name: &str, values: &[Option<NaiveDateTime>]) -> Column {
        let millis = Int64Chunked::from_iter_options(
            PlSmallStr::from_str(name),
            values
                .iter()
                .map(|value| value.map(|value| value.and_utc().timestamp_millis())),
        );
        millis
            .into_datetime(TimeUnit::Milliseconds, None)
            .into_column()
    }

    /// A list-of-text column.
    pub(crate) fn list(name: &str, values: &[Option<Vec<String>>]) -> Column {
        let total: usize = values.iter().flatten().map(Vec::len).sum();
        let mut builder =
            ListStringChunkedBuilder::new(PlSmallStr::from_str(name), values.len(), total);
        for value in values {
            match value {
                Some(items) => builder.append_values_iter(items.iter().map(String::as_str)),
                None => builder.append_null(),
            }
        }
        let column = builder.finish().into_column();
        debug_assert!(matches!(column.dtype(), DataType::List(_)));
        column
    }
}
