//! The counts sweep: over every real export in `../shared/realdata/surveys`, every single- and
//! multi-choice question's counts (yes/no and Likert items too: one answer per respondent) are
//! compared with its raw column(s), read here with the csv crate or calamine and counted
//! without engage's inference. Skipped, with a message, when `../shared` is absent.
//!
//! What is counted raw, per option of a question:
//! - one column (single choice, yes/no, Likert): the data rows whose cell, trimmed, is the
//!   option's text;
//! - one column per option (SurveyMonkey, LimeSurvey, Kobo): the rows whose option cell is
//!   filled and not a "not chosen" mark (`0`, `No`, `False`);
//! - options joined in one cell: the rows whose cell holds the option between separators (or
//!   is the option), a plain text search, not engage's splitting.
//!
//! Left out, because they are not exports of responses: the survey teams' published tables
//! (`published-tables/`), hand-coded theme files (`themes/`), model performance workbooks
//! (`published-performance/`), `ssi-rse/2016-uk/header.csv` (a list of the 2016 export's column
//! names, one a line) and themefinder's question-definition workbooks (`qu_format_*.xlsx`).
//! Pol.is folders are swept through their `participants-votes.csv`, whose cells engage reads as
//! Agree (1), Disagree (-1) and Pass (0).
//!
//! Every difference found must be explained in [`EXPLAINED`]; the test fails on any other.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use engage_core::{Dataset, IngestOptions, Layout, Question, QuestionType, read_path};

fn surveys() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/realdata/surveys");
    root.is_dir().then_some(root)
}

/// Differences that are understood: (file ending, question id, why). The sweep prints these
/// and passes; any other difference fails it.
const EXPLAINED: &[(&str, &str, &str)] = &[];

/// The exports to sweep, in order: Pol.is folders (their files are not exports of their
/// own), and CSV and xlsx files outside the folders of published tables, theme files and
/// model performance.
fn exports(root: &Path) -> Vec<PathBuf> {
    let polis = |path: &Path| path.join("participants-votes.csv").is_file();
    crate::walk(root, &|directory| {
        polis(directory)
            || directory.file_name().is_some_and(|name| {
                matches!(
                    name.to_string_lossy().as_ref(),
                    "published-tables" | "themes" | "published-performance"
                )
            })
    })
    .into_iter()
    .filter(|path| {
        if path.is_dir() {
            return true;
        }
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().to_string())
            .unwrap_or_default();
        let extension = path
            .extension()
            .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
        matches!(extension.as_deref(), Some("csv" | "xlsx"))
            && name != "header.csv"
            && !name.starts_with("qu_format_")
    })
    .collect()
}

/// The raw sheet: every row's cells as text, as the file holds them, and the first filled
/// column of a workbook's sheet (engage numbers a workbook's columns from it).
fn raw_rows(path: &Path, dataset: &Dataset) -> (Vec<Vec<String>>, usize) {
    let source = dataset.source();
    if path.is_dir() {
        return (csv_rows(&path.join("participants-votes.csv"), b','), 0);
    }
    if path
        .extension()
        .is_some_and(|extension| extension == "xlsx")
    {
        let mut workbook = calamine::open_workbook_auto(path).expect("the workbook opens");
        let sheet = source.sheet.clone().expect("a workbook has a sheet");
        let range = workbook.worksheet_range(&sheet).expect("the sheet reads");
        // Rows as the sheet numbers them: calamine's range starts at its first filled cell.
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let mut rows = vec![Vec::new(); first_row as usize];
        for row in range.rows() {
            let mut cells = vec![String::new(); first_column as usize];
            cells.extend(row.iter().map(cell_text));
            rows.push(cells);
        }
        return (rows, first_column as usize);
    }
    let delimiter = match source.delimiter.as_deref() {
        Some("tab") => b'\t',
        Some(other) => other.as_bytes()[0],
        None => b',',
    };
    (csv_rows(path, delimiter), 0)
}

fn csv_rows(path: &Path, delimiter: u8) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("the file reads");
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes)
        .records()
        .map(|record| {
            record
                .expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// A workbook cell as text, numbers written as engage writes them (`5`, not `5.0`).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(text) => text.clone(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{}", *number as i64)
        }
        Data::Float(number) => number.to_string(),
        Data::Int(number) => number.to_string(),
        Data::Bool(value) => value.to_string(),
        other => other.to_string(),
    }
}

/// A raw value as an answer: trimmed, line breaks as engage keeps them, `None` when blank.
fn answer(raw: &str) -> Option<String> {
    let text = raw.replace("_x000D_", "").replace("\r\n", "\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Header text as engage shows it: whitespace runs (no-break spaces, line breaks) as one space.
fn header_text(raw: &str) -> String {
    raw.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace("_x000D_", "")
}

/// For each raw column, the names engage may give it: its header cell, or (with two or three
/// header rows) the group's text over a blank cell filled from the left, with the lower row's
/// label in brackets. Duplicates get engage's ` (2)`, ` (3)`.
fn column_names(rows: &[Vec<String>], header_rows: &[usize]) -> BTreeMap<String, usize> {
    let header: Vec<&Vec<String>> = header_rows
        .iter()
        .filter_map(|&row| rows.get(row - 1))
        .collect();
    let width = header.iter().map(|row| row.len()).max().unwrap_or(0);
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut stem = String::new();
    for column in 0..width {
        let cell = |row: &Vec<String>| header_text(row.get(column).map_or("", String::as_str));
        let top = header.first().map(|row| cell(row)).unwrap_or_default();
        if !top.is_empty() {
            stem.clone_from(&top);
        }
        let mut candidates = vec![top.clone()];
        for lower in header.iter().skip(1) {
            let label = cell(lower);
            if !label.is_empty() {
                candidates.push(format!("{stem} [{label}]"));
                candidates.push(label);
            }
        }
        for candidate in candidates {
            if candidate.is_empty() {
                continue;
            }
            let count = seen.entry(candidate.to_lowercase()).or_insert(0);
            *count += 1;
            let name = if *count == 1 {
                candidate
            } else {
                format!("{candidate} ({count})")
            };
            names.entry(name).or_insert(column);
        }
    }
    names
}

/// The raw count of each of a question's options.
fn raw_counts(
    question: &Question,
    data: &[Vec<String>],
    columns: &[usize],
    layout: Option<Layout>,
) -> BTreeMap<String, usize> {
    let cells = |row: &Vec<String>, column: usize| -> Option<String> {
        let value = answer(row.get(column).map_or("", String::as_str))?;
        // KoboToolbox writes `n/a` for a skipped question: no answer (an ingest rule).
        (layout != Some(Layout::Kobo) || value != "n/a").then_some(value)
    };
    let mut counts = BTreeMap::new();
    for option in &question.options {
        let count = if question.kind == QuestionType::MultiChoice && columns.len() > 1 {
            // One column per option: the option's own column, checked.
            let position = question
                .columns
                .iter()
                .position(|name| {
                    name.ends_with(&format!("[{option}]")) || name.ends_with(option.as_str())
                })
                .or_else(|| {
                    // Options named by the column's item, in the columns' order.
                    (question.options.len() == columns.len())
                        .then(|| question.options.iter().position(|other| other == option))
                        .flatten()
                });
            position.map_or(0, |position| {
                data.iter()
                    .filter(|row| {
                        cells(row, columns[position]).is_some_and(|value| {
                            !matches!(
                                value.to_lowercase().as_str(),
                                "0" | "no" | "false" | "n" | "not selected"
                            )
                        })
                    })
                    .count()
            })
        } else if question.kind == QuestionType::MultiChoice {
            data.iter()
                .filter(|row| {
                    cells(row, columns[0]).is_some_and(|value| holds_option(&value, option, layout))
                })
                .count()
        } else if layout == Some(Layout::Polis) {
            let vote = match option.as_str() {
                "Agree" => "1",
                "Disagree" => "-1",
                _ => "0",
            };
            data.iter()
                .filter(|row| cells(row, columns[0]).as_deref() == Some(vote))
                .count()
        } else {
            data.iter()
                .filter(|row| cells(row, columns[0]).as_deref() == Some(option.as_str()))
                .count()
        };
        counts.insert(option.clone(), count);
    }
    counts
}

/// True when a joined cell holds the option: the whole cell, or the option between separators
/// (`, `, `;`, `,`; a space between `KoboToolbox` option names). A plain text search: an option
/// that holds a separator itself is found all the same.
fn holds_option(cell: &str, option: &str, layout: Option<Layout>) -> bool {
    let cell = cell.trim_end_matches(';');
    let separators: &[&str] = if layout == Some(Layout::Kobo) {
        &[" "]
    } else {
        &[", ", ";", ","]
    };
    cell == option
        || separators.iter().any(|separator| {
            cell.starts_with(&format!("{option}{separator}"))
                || cell.ends_with(&format!("{separator}{option}"))
                || cell.contains(&format!("{separator}{option}{separator}"))
        })
}

/// engage's count of each option: respondents whose answer is (or holds) the option.
fn engage_counts(dataset: &Dataset, question: &Question) -> BTreeMap<String, usize> {
    let answers = dataset.choices(&question.id).expect("a choice question");
    question
        .options
        .iter()
        .map(|option| {
            let count = answers
                .iter()
                .flatten()
                .filter(|items| items.contains(&option.as_str()))
                .count();
            (option.clone(), count)
        })
        .collect()
}

#[test]
fn choice_counts_match_the_raw_columns() {
    let Some(root) = surveys() else {
        eprintln!("skipped: ../shared/realdata/surveys is absent");
        return;
    };
    let mut unexplained = Vec::new();
    let mut explained = 0;
    let mut questions = 0;
    for path in exports(&root) {
        let shown = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let dataset = match read_path(&path, &IngestOptions::default()) {
            Ok(dataset) => dataset,
            Err(error) => {
                eprintln!("{shown}: not read ({error})");
                continue;
            }
        };
        let (rows, first_column) = raw_rows(&path, &dataset);
        let source = dataset.source();
        let last_header = source.header_rows.iter().copied().max().unwrap_or(1);
        let names = column_names(&rows, &source.header_rows);
        let data = &rows[last_header.min(rows.len())..];
        for question in dataset.schema().questions() {
            if !matches!(
                question.kind,
                QuestionType::SingleChoice
                    | QuestionType::MultiChoice
                    | QuestionType::YesNo
                    | QuestionType::Likert
            ) {
                continue;
            }
            // The columns engage read the question from; Pol.is statements by their number,
            // which heads their column of participants-votes.csv.
            let columns = if question.sheet_columns.len() == question.columns.len() {
                Some(
                    question
                        .sheet_columns
                        .iter()
                        .map(|column| column + first_column)
                        .collect(),
                )
            } else {
                question
                    .columns
                    .iter()
                    .map(|name| {
                        names.get(name).copied().or_else(|| {
                            names
                                .get(name.strip_prefix("Statement ").unwrap_or(name))
                                .copied()
                        })
                    })
                    .collect::<Option<Vec<usize>>>()
            };
            let Some(columns) = columns else {
                unexplained.push(format!(
                    "{shown}: {}: a column of {:?} not found in the raw header",
                    question.id, question.columns
                ));
                continue;
            };
            questions += 1;
            let raw = raw_counts(question, data, &columns, source.layout);
            let read = engage_counts(&dataset, question);
            if raw == read {
                continue;
            }
            let differences: Vec<String> = read
                .iter()
                .filter(|(option, count)| raw.get(*option) != Some(count))
                .map(|(option, count)| {
                    format!(
                        "{option:?} engage {count}, raw {}",
                        raw.get(option).copied().unwrap_or(0)
                    )
                })
                .collect();
            let why = EXPLAINED
                .iter()
                .find(|(file, id, _)| shown.ends_with(file) && *id == question.id);
            match why {
                Some((_, _, reason)) => {
                    explained += 1;
                    eprintln!(
                        "{shown}: {}: {} ({reason})",
                        question.id,
                        differences.join("; ")
                    );
                }
                None => unexplained.push(format!(
                    "{shown}: {}: {}",
                    question.id,
                    differences.join("; ")
                )),
            }
        }
    }
    eprintln!(
        "counts sweep: {questions} questions compared, {explained} explained differences, {} unexplained",
        unexplained.len()
    );
    assert!(
        unexplained.is_empty(),
        "{} difference(s) with the raw columns:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(questions > 0);
}
