//! The coding sheet: one row per comment and theme with the evidence, written for a person to
//! check and correct in Excel, and read back (in that form or one 0/1 column per theme) as a
//! [`Coding`] to compare with another coding.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::codebook::Codebook;
use super::coder::Coder;
use super::coding::ThemeCoding;
use super::evidence::Evidence;
use super::tree::ThemeTree;
use crate::error::{Error, Location, Result};
use crate::ingest::side_table::{SideOptions, SideTable};
use crate::table::{Cell, Column, Table};

/// The columns of the coding sheet.
pub const CODING_COLUMNS: [&str; 9] = [
    "respondent_id",
    "row",
    "question",
    "theme",
    "label",
    "term",
    "matched",
    "span",
    "comment",
];

impl ThemeCoding {
    /// The coding sheet: one row per comment and directly coded theme (an uncoded comment
    /// has one row with an empty theme) with its terms, matched text and byte spans (a learned
    /// model: the words that drove the decision, and a `confidence` column), and the comment,
    /// for a person to check and correct in Excel and read back with [`read_coding`].
    #[must_use]
    pub fn coding_table<'a>(&self, coder: impl Into<Coder<'a>>) -> Table {
        let coder = coder.into();
        let tree = coder.tree();
        let confident = coder.has_confidence();
        let mut columns: Vec<Column> = CODING_COLUMNS
            .iter()
            .map(|&name| Column::text(name))
            .collect();
        if confident {
            // After the span: the learned model's calibrated probability of the theme.
            columns.insert(8, Column::value("confidence"));
        }
        let mut table = Table::new("Coding", &columns);
        for question in &self.questions {
            for comment in &question.comments {
                let row = |theme: Option<usize>, evidence: &[&Evidence]| {
                    let mut terms: Vec<Cow<'_, str>> = Vec::new();
                    for item in evidence {
                        let term = item.term_text(coder, &comment.text);
                        if !terms.contains(&term) {
                            terms.push(term);
                        }
                    }
                    let (id, label) = theme.map_or(("", ""), |theme| {
                        let definition = &tree.themes()[theme];
                        (definition.id.as_str(), definition.label.as_str())
                    });
                    let mut cells = vec![
                        Cell::text(&comment.respondent),
                        Cell::Count(comment.row as u64),
                        Cell::text(&question.question),
                        Cell::text(id),
                        Cell::text(label),
                        Cell::text(terms.join("; ")),
                        Cell::text(
                            evidence
                                .iter()
                                .map(|item| item.matched(&comment.text))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                        Cell::text(
                            evidence
                                .iter()
                                .map(|item| format!("{}..{}", item.start, item.end))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                    ];
                    if confident {
                        cells.push(Cell::maybe(
                            theme.and_then(|theme| comment.coding.confidence_of(theme)),
                            3,
                        ));
                    }
                    cells.push(Cell::text(&comment.text));
                    cells
                };
                let themes = comment.coding.themes();
                if themes.is_empty() {
                    table.push(row(None, &[]));
                }
                for theme in themes {
                    let evidence: Vec<&Evidence> = comment
                        .coding
                        .evidence
                        .iter()
                        .filter(|item| item.theme == theme)
                        .collect();
                    table.push(row(Some(theme), &evidence));
                }
            }
        }
        table
    }

    /// The coding as comment keys and theme sets, to compare with another coding (`coder` is
    /// the one the comments were coded with).
    #[must_use]
    pub fn to_coding<'a>(&self, coder: impl Into<Coder<'a>>) -> Coding {
        let coder = coder.into();
        let mut coding = Coding::default();
        for question in &self.questions {
            for comment in &question.comments {
                let themes = coding
                    .assignments
                    .entry(CommentKey {
                        question: question.question.clone(),
                        respondent: comment.respondent.clone(),
                        row: Some(comment.row),
                    })
                    .or_default();
                themes.extend(
                    comment
                        .coding
                        .theme_ids(coder)
                        .into_iter()
                        .map(str::to_string),
                );
            }
        }
        coding
    }
}
/// Which comment: the question, the respondent and, when known, the row.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CommentKey {
    /// The question's id; empty when a coding sheet has no question column, in which case it
    /// stands for the one question of the coding it is compared with.
    pub question: String,
    /// The respondent's id (or row number, when the export has no id column).
    pub respondent: String,
    /// The 1-based row of the data file the comment came from, when known. It tells apart two
    /// comments under one respondent id (an export whose id column repeats, such as one row per
    /// comment with several comments per respondent).
    pub row: Option<usize>,
}

/// A set of theme assignments: for each comment, the themes it is coded with (possibly
/// none). The form both an automatic coding and a corrected sheet take, for agreement and
/// accuracy statistics (see [`mod@super::agreement`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coding {
    /// Each comment's themes, by comment.
    pub assignments: BTreeMap<CommentKey, BTreeSet<String>>,
    /// Columns of a one-column-per-theme sheet that hold 1s but name no theme of the codebook
    /// it was read with, and so were left out.
    pub ignored_columns: Vec<String>,
}

impl Coding {
    /// The themes of one comment, when the coding has it (the first in row order when the
    /// respondent id repeats).
    #[must_use]
    pub fn themes_of(&self, question: &str, respondent: &str) -> Option<&BTreeSet<String>> {
        let first = CommentKey {
            question: question.to_string(),
            respondent: respondent.to_string(),
            row: None,
        };
        self.assignments
            .range(first..)
            .next()
            .filter(|(key, _)| key.question == question && key.respondent == respondent)
            .map(|(_, themes)| themes)
    }

    /// Every theme id used, sorted.
    #[must_use]
    pub fn theme_ids(&self) -> BTreeSet<&str> {
        self.assignments
            .values()
            .flatten()
            .map(String::as_str)
            .collect()
    }

    /// Every question id, sorted (an empty id when the sheet had no question column).
    #[must_use]
    pub fn questions(&self) -> BTreeSet<&str> {
        self.assignments
            .keys()
            .map(|key| key.question.as_str())
            .collect()
    }
}

/// Reads a coding in either of two shapes, saved from Excel in any common encoding:
///
/// - *One row per comment and theme*: the coding sheet [`ThemeCoding::coding_table`] writes,
///   possibly corrected by hand. The columns `respondent_id`, `question` and `theme` are
///   required, `row` is used when present, others are ignored. A theme cell may hold several
///   ids separated by `;`, or be empty for a comment with no theme.
/// - *One row per comment, one column per theme*, each cell `1` (or `x`, `yes`, `true`) when
///   the comment has the theme and `0`, blank (or `no`, `false`) when not: a sheet with a
///   `respondent_id` (or `respondent`, `response_id`, `id`) column and no `theme` column. A `question` column
///   is optional. Without a codebook every column holding only such values is a theme, named
///   by its heading; with one, the columns whose heading is a theme's id or label, and columns
///   that hold 1s under another heading are listed in [`Coding::ignored_columns`].
///
/// With a codebook, theme labels are accepted for ids and an unknown theme is an error naming
/// its row. The rows of a one-column-per-theme sheet are its own rows as a spreadsheet shows
/// them, which are the data file's rows when the sheet is the data file itself (labels kept
/// beside the comments).
pub fn read_coding(bytes: &[u8], file: &str, codebook: Option<&Codebook>) -> Result<Coding> {
    read_coding_of(bytes, file, codebook.map(Codebook::tree))
}

/// [`read_coding`] with the themes of any coder (a codebook's, or a learned model's) to read
/// labels as ids and refuse unknown themes.
pub fn read_coding_of(bytes: &[u8], file: &str, themes: Option<&ThemeTree>) -> Result<Coding> {
    let parsed = ParsedSheet::parse(bytes, file)?;
    let sheet = parsed.sheet(file)?;
    match parsed.find(&["theme", "theme_id"]) {
        Some(theme_column) => sheet.read_long(theme_column, themes),
        None => sheet.read_wide(themes),
    }
}

/// Comments of a long-form coding sheet with their themes, for learning from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodedComments {
    /// Each comment with its theme ids (empty: coded with none) and its text, in the order of
    /// the comment keys.
    pub comments: Vec<(CommentKey, BTreeSet<String>, String)>,
    /// Each theme id's label, from the sheet's `label` column where it has one.
    pub labels: BTreeMap<String, String>,
}

/// Reads a long-form coding sheet (the one [`ThemeCoding::coding_table`] writes, corrected or
/// not) with its comments: `None` when the file is not one (it lacks one of the columns
/// `respondent_id`, `question`, `theme` and `comment`, or is not readable as a sheet), so that the caller can read it as an export.
pub fn read_coded_comments(bytes: &[u8], file: &str) -> Result<Option<CodedComments>> {
    let Ok(parsed) = ParsedSheet::parse(bytes, file) else {
        return Ok(None);
    };
    // The sheet's own key columns, all of them: an export that happens to have a "theme" and
    // a "comment" column is read as an export.
    let (Some(theme_column), Some(comment_column), Some(_), Some(_)) = (
        parsed.find(&["theme", "theme_id"]),
        parsed.find(&["comment"]),
        parsed.find(&["question", "question_id"]),
        parsed.find(&["respondent_id"]),
    ) else {
        return Ok(None);
    };
    let sheet = parsed.sheet(file)?;
    let coding = sheet.read_long(theme_column, None)?;
    let label_column = parsed.find(&["label"]);
    let mut texts: BTreeMap<(String, String, Option<usize>), String> = BTreeMap::new();
    let mut labels = BTreeMap::new();
    for (line, record) in sheet.rows {
        let Some(key) = sheet.key(*line, record)? else {
            continue;
        };
        let cell = |column: usize| unneutralise(record.get(column).unwrap_or("").trim());
        let text = cell(comment_column);
        if !text.is_empty() {
            texts
                .entry((key.question.clone(), key.respondent.clone(), key.row))
                .or_insert(text);
        }
        if let Some(column) = label_column {
            let (theme, label) = (cell(theme_column), cell(column));
            if !theme.is_empty() && !theme.contains(';') && !label.is_empty() {
                labels.entry(theme).or_insert(label);
            }
        }
    }
    let comments = coding
        .assignments
        .into_iter()
        .map(|(key, themes)| {
            // A hand-added line without a row joined its numbered comment; its text is that
            // comment's, or its own.
            let text = texts
                .get(&(key.question.clone(), key.respondent.clone(), key.row))
                .or_else(|| texts.get(&(key.question.clone(), key.respondent.clone(), None)))
                .cloned()
                .unwrap_or_default();
            (key, themes, text)
        })
        .collect();
    Ok(Some(CodedComments { comments, labels }))
}

/// A coding sheet's header and records, with each record's row.
struct ParsedSheet {
    table: SideTable,
    header: csv::StringRecord,
    rows: Vec<(usize, csv::StringRecord)>,
}

impl ParsedSheet {
    /// Reads the sheet as side files are read (any common encoding and delimiter); each
    /// record keeps its row as ingest numbers it, so that a sheet that is the data file itself
    /// has the rows of its comments.
    fn parse(bytes: &[u8], file: &str) -> Result<ParsedSheet> {
        let table = SideTable::parse(bytes, file, SideOptions::default())?;
        if table.is_empty() {
            return Err(Error::data(
                Location::file(file),
                "the coding sheet is empty",
            ));
        }
        let header = csv::StringRecord::from(table.header.clone());
        let rows = table
            .records
            .iter()
            .map(|record| (record.row, record.record().clone()))
            .collect();
        Ok(ParsedSheet {
            table,
            header,
            rows,
        })
    }

    /// The position of the first column with one of these names.
    fn find(&self, wanted: &[&str]) -> Option<usize> {
        self.table.column(wanted)
    }

    /// The sheet with its key columns found.
    fn sheet<'a>(&'a self, file: &'a str) -> Result<Sheet<'a>> {
        let missing = |column: &str| {
            Error::data(
            Location::file(file).with_row(1),
            format!(
                "no {column} column; expected a coding sheet with the columns respondent_id, question, theme, or a respondent_id column and one 0/1 column per theme"
            ),
        )
        .with_hint("write one with `engage themes FILE --codebook C --format csv --coding`")
        };
        let columns = SheetColumns {
            respondent: self
                .find(&["respondent_id", "respondent", "response_id", "id"])
                .ok_or_else(|| missing("respondent_id"))?,
            question: self.find(&["question", "question_id"]),
            row: self.find(&["row"]),
        };
        Ok(Sheet {
            file,
            header: &self.header,
            rows: &self.rows,
            columns,
        })
    }
}

/// Where the key columns of a coding sheet are.
#[derive(Clone, Copy)]
struct SheetColumns {
    respondent: usize,
    question: Option<usize>,
    row: Option<usize>,
}

/// A coding sheet read as text records, with each record's row.
struct Sheet<'a> {
    file: &'a str,
    header: &'a csv::StringRecord,
    rows: &'a [(usize, csv::StringRecord)],
    columns: SheetColumns,
}

impl Sheet<'_> {
    fn location(&self, line: usize, column: usize) -> Location {
        Location::file(self.file)
            .with_row(line)
            .with_column(self.header.get(column).unwrap_or("").trim().to_string())
    }

    /// The comment a record is about, or `None` for a blank line.
    fn key(&self, line: usize, record: &csv::StringRecord) -> Result<Option<CommentKey>> {
        let cell = |column: usize| unneutralise(record.get(column).unwrap_or("").trim());
        let respondent = cell(self.columns.respondent);
        let question = self.columns.question.map(cell).unwrap_or_default();
        if respondent.is_empty() && question.is_empty() {
            return Ok(None);
        }
        if respondent.is_empty() {
            return Err(Error::data(
                self.location(line, self.columns.respondent),
                "the respondent_id is empty",
            ));
        }
        if let Some(column) = self.columns.question
            && question.is_empty()
        {
            return Err(Error::data(
                self.location(line, column),
                "the question is empty",
            ));
        }
        let row = match self.columns.row.map(cell) {
            None => None,
            Some(text) if text.is_empty() => None,
            Some(text) => Some(text.parse::<usize>().map_err(|_| {
                Error::data(
                    self.location(line, self.columns.row.unwrap_or_default()),
                    format!("expected a row number, found \"{text}\""),
                )
            })?),
        };
        Ok(Some(CommentKey {
            question,
            respondent,
            row,
        }))
    }

    /// One row per comment and theme.
    fn read_long(&self, theme_column: usize, codebook: Option<&ThemeTree>) -> Result<Coding> {
        let mut coding = Coding::default();
        for (line, record) in self.rows {
            let Some(key) = self.key(*line, record)? else {
                continue;
            };
            let themes = coding.assignments.entry(key).or_default();
            let cell = unneutralise(record.get(theme_column).unwrap_or("").trim());
            for theme in cell.split(';').map(str::trim) {
                if theme.is_empty() {
                    continue;
                }
                let id = match codebook {
                    None => theme.to_string(),
                    Some(codebook) => resolve_theme(codebook, theme).ok_or_else(|| {
                        unknown_theme(codebook, theme, self.location(*line, theme_column))
                    })?,
                };
                themes.insert(id);
            }
        }
        // A line added by hand for a comment whose other lines carry a row number, with the
        // row cell left blank, belongs to that comment.
        let blank_rows: Vec<CommentKey> = coding
            .assignments
            .keys()
            .filter(|key| key.row.is_none())
            .cloned()
            .collect();
        for key in blank_rows {
            let numbered: Vec<CommentKey> = coding
                .assignments
                .keys()
                .filter(|other| {
                    other.row.is_some()
                        && other.question == key.question
                        && other.respondent == key.respondent
                })
                .cloned()
                .collect();
            if let [only] = numbered.as_slice()
                && let Some(themes) = coding.assignments.remove(&key)
            {
                coding
                    .assignments
                    .entry(only.clone())
                    .or_default()
                    .extend(themes);
            }
        }
        Ok(coding)
    }

    /// One row per comment, one 0/1 column per theme.
    fn read_wide(&self, codebook: Option<&ThemeTree>) -> Result<Coding> {
        let SheetColumns {
            respondent,
            question,
            row,
        } = self.columns;
        let key_columns = [Some(respondent), question, row];
        let mut coding = Coding::default();
        let mut themes: Vec<(usize, String)> = Vec::new();
        for (column, heading) in self.header.iter().enumerate() {
            if key_columns.contains(&Some(column)) {
                continue;
            }
            let heading = heading.trim().trim_start_matches('\u{feff}').trim();
            let values: Vec<Option<bool>> = self
                .rows
                .iter()
                .map(|(_, record)| mark(record.get(column).unwrap_or("")))
                .collect();
            let binary = values.iter().all(Option::is_some);
            let has_ones = values.contains(&Some(true));
            match codebook {
                Some(codebook) => match resolve_theme(codebook, heading) {
                    Some(id) => themes.push((column, id)),
                    None if binary && has_ones => coding.ignored_columns.push(heading.to_string()),
                    None => {}
                },
                None if binary && !heading.is_empty() => {
                    themes.push((column, heading.to_string()));
                }
                None => {}
            }
        }
        if themes.is_empty() {
            return Err(Error::data(
                Location::file(self.file).with_row(1),
                "no theme columns; expected a theme column (one row per comment and theme) or one column of 1s and blanks per theme",
            )
            .with_hint(if codebook.is_some() {
                "the headings of the theme columns must be the codebook's theme ids or labels"
            } else {
                "write a coding sheet with `engage themes FILE --codebook C --format csv --coding`"
            }));
        }
        for (line, record) in self.rows {
            let Some(mut key) = self.key(*line, record)? else {
                continue;
            };
            if row.is_none() {
                key.row = Some(*line);
            }
            let assigned = coding.assignments.entry(key).or_default();
            for (column, id) in &themes {
                let cell = record.get(*column).unwrap_or("");
                match mark(cell) {
                    Some(true) => {
                        assigned.insert(id.clone());
                    }
                    Some(false) => {}
                    None => {
                        return Err(Error::data(
                            self.location(*line, *column),
                            format!(
                                "expected 1 or 0 (or blank) for a theme, found \"{}\"",
                                cell.trim()
                            ),
                        ));
                    }
                }
            }
        }
        Ok(coding)
    }
}

/// A cell of a one-column-per-theme sheet: whether it marks the theme, or `None` when it is
/// not a mark at all.
pub(crate) fn mark(cell: &str) -> Option<bool> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "1" | "1.0" | "x" | "yes" | "y" | "true" => Some(true),
        "" | "0" | "0.0" | "no" | "n" | "false" => Some(false),
        _ => None,
    }
}

/// The error for a theme the codebook does not have, with the closest id as a hint.
fn unknown_theme(tree: &ThemeTree, theme: &str, location: Location) -> Error {
    let known: Vec<String> = tree.themes().iter().map(|theme| theme.id.clone()).collect();
    let error = Error::data(location, format!("unknown theme \"{theme}\""));
    match crate::error::closest(theme, &known) {
        Some(best) => error.with_hint(format!("did you mean \"{best}\"?")),
        None => error,
    }
}

/// A theme id from an id or a label (case-insensitive), as a person may type either.
fn resolve_theme(tree: &ThemeTree, text: &str) -> Option<String> {
    tree.resolve(text)
        .map(|index| tree.themes()[index].id.clone())
}

/// Undoes the `'` our CSV writer puts before a formula-like value.
fn unneutralise(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if crate::privacy::safe::is_formula_like(rest) => rest.to_string(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::themes::coding::tests::{codebook, dataset, question_id};
    use crate::themes::coding::{CodingOptions, code_dataset};

    #[test]
    fn the_coding_sheet_reads_back_as_the_same_coding() {
        let dataset = dataset();
        let codebook = codebook();
        let coding = code_dataset(&dataset, &codebook, &CodingOptions::default()).unwrap();
        let sheet = coding.coding_table(&codebook).to_csv();
        assert!(
            sheet.starts_with("respondent_id,row,question,theme,label,term,matched,span,comment\n")
        );
        assert!(sheet.contains("r1,2,"), "{sheet}");
        let read = read_coding(sheet.as_bytes(), "coding.csv", Some(&codebook)).unwrap();
        assert_eq!(read, coding.to_coding(&codebook));
        assert_eq!(read.assignments.len(), 6);
        let question = question_id(&dataset);
        assert!(read.themes_of(&question, "r6").unwrap().is_empty());
    }

    #[test]
    fn a_corrected_sheet_accepts_labels_and_lists_and_refuses_unknown_themes() {
        let codebook = codebook();
        let sheet = "Respondent ID;Question;Theme\nr1;q;Parking; access\nr2;q;\n";
        // Semicolon-delimited, as Excel saves CSV in some locales: the theme cell is quoted.
        let sheet = sheet.replace("Parking; access", "\"Parking; access\"");
        let read = read_coding(sheet.as_bytes(), "gold.csv", Some(&codebook)).unwrap();
        let themes: Vec<&String> = read.themes_of("q", "r1").unwrap().iter().collect();
        assert_eq!(themes, ["access", "parking"]);
        assert!(read.themes_of("q", "r2").unwrap().is_empty());
        let error = read_coding(
            b"respondent_id,question,theme\nr1,q,parkin\n",
            "gold.csv",
            Some(&codebook),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "gold.csv: row 2, column \"theme\": unknown theme \"parkin\""
        );
        assert_eq!(error.hint(), Some("did you mean \"parking\"?"));
        let error = read_coding(b"theme,question\n", "gold.csv", None).unwrap_err();
        assert!(
            error.to_string().contains("no respondent_id column"),
            "{error}"
        );
    }

    /// Labels kept beside the comments, as the NHS Friends and Family Test file keeps them:
    /// one column per theme holding 1 or blank, other columns of numbers and text around them.
    #[test]
    fn a_sheet_with_one_column_per_theme_is_a_coding() {
        let sheet = "Comment ID,Respondent ID,FFT answer,Comment sentiment,Parking,Staff and care,Not assigned\r\n\
                     c1,r1,\"The car park, again\",4,1,,\r\n\
                     c2,r2,Lovely nurses,1,,1,\r\n\
                     c3,r2,\"Two\r\nlines\",3,1,x,\r\n\
                     c4,r4,Nothing,,0,,1\r\n";
        let codebook = codebook();
        let read = read_coding(sheet.as_bytes(), "fft.csv", Some(&codebook)).unwrap();
        // Labels name themes; a 0/1 column that is not a theme is listed, numbers are not.
        assert_eq!(read.ignored_columns, ["Not assigned"]);
        let comments: Vec<(&str, Option<usize>, Vec<&str>)> = read
            .assignments
            .iter()
            .map(|(key, themes)| {
                let themes = themes.iter().map(String::as_str).collect();
                (key.respondent.as_str(), key.row, themes)
            })
            .collect();
        // Rows are the sheet's rows as a spreadsheet shows them, so r2's two comments stay
        // apart; a record over two lines is one row (issue 19: r4 is on row 5, line 6).
        assert_eq!(
            comments,
            [
                ("r1", Some(2), vec!["parking"]),
                ("r2", Some(3), vec!["staff"]),
                ("r2", Some(4), vec!["parking", "staff"]),
                ("r4", Some(5), vec![]),
            ]
        );
        assert_eq!(read.questions(), BTreeSet::from([""]));
        // Without a codebook every column of marks is a theme, named by its heading.
        let read = read_coding(sheet.as_bytes(), "fft.csv", None).unwrap();
        assert_eq!(
            read.theme_ids(),
            BTreeSet::from(["Not assigned", "Parking", "Staff and care"])
        );
        let bad = "id,Parking\n1,1\n2,maybe\n";
        let error = read_coding(bad.as_bytes(), "fft.csv", Some(&codebook)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "fft.csv: row 3, column \"Parking\": expected 1 or 0 (or blank) for a theme, found \"maybe\""
        );
        let error = read_coding(b"id,answer\n1,hello\n", "fft.csv", None).unwrap_err();
        assert!(error.to_string().contains("no theme columns"), "{error}");
    }

    /// A line added by hand to a coding sheet with its row left blank joins the comment whose
    /// other lines carry the row, instead of becoming a comment no other coding has.
    #[test]
    fn a_hand_added_line_without_a_row_joins_its_comment() {
        let sheet = "respondent_id,row,question,theme\nr1,2,q,staff\nr1,,q,parking\nr2,,q,staff\n";
        let read = read_coding(sheet.as_bytes(), "gold.csv", None).unwrap();
        assert_eq!(read.assignments.len(), 2);
        let themes: Vec<&String> = read.themes_of("q", "r1").unwrap().iter().collect();
        assert_eq!(themes, ["parking", "staff"]);
        let error = read_coding(
            b"respondent_id,row,question,theme\nr1,two,q,staff\n",
            "gold.csv",
            None,
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "gold.csv: row 2, column \"row\": expected a row number, found \"two\""
        );
    }
}
