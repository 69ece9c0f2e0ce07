//! Writing a [`Dataset`] back out as CSV or XLSX: one row per respondent, one column per
//! question in questionnaire order, with every text cell made inert for spreadsheet programs.
//!
//! - Headers are the source column's header for a question read from one column, else the
//!   question's wording (a multi-choice question folded from one column per option), made
//!   unique with ` (2)`, ` (3)`...
//! - Numbers stay numbers and dates stay dates (ISO 8601 text in CSV, date cells in XLSX).
//!   Multi-choice and ranking answers are joined with `"; "` in form (or rank) order.
//! - Text is respondent data, never a formula. In CSV a cell starting with `=`, `+`, `-`, `@`,
//!   a tab or a carriage return gets a leading `'` ([`safe::neutralise_formula`], after OWASP).
//!   In XLSX every text cell is written as a string cell, never a formula, and one that would
//!   look like a formula when edited also gets Excel's own "quote prefix" flag, the same as
//!   typing `'` before it, so its text stays exactly as the respondent wrote it. NUL bytes are
//!   dropped in both.
//! - XLSX cells hold at most 32,767 characters; longer text is cut to fit and counted in
//!   [`ExportSummary::truncated_cells`] so the caller can warn.
//!
//! ```
//! use engage_core::export::{self, ExportFormat};
//! use engage_core::{read_reader, IngestOptions};
//!
//! let csv = "Respondent,Any comments?\n1,=HYPERLINK(\"http://example.org\")\n2,Fine\n";
//! let dataset = read_reader(csv.as_bytes(), "responses.csv", &IngestOptions::default())?;
//! let mut out = Vec::new();
//! export::write(&dataset, ExportFormat::Csv, &mut out)?;
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.contains("'=HYPERLINK"));
//! # Ok::<(), engage_core::Error>(())
//! ```

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;

use crate::dataset::{Answers, Dataset, Source, millis_to_datetime};
use crate::error::{Error, Result};
use crate::ingest::grid::{format_datetime, format_number};
use crate::privacy::safe;

/// The most characters (UTF-16 code units, as Excel counts them) an XLSX cell can hold.
pub const XLSX_MAX_CELL_CHARS: usize = 32_767;

/// The most rows an XLSX worksheet can hold, header included.
const XLSX_MAX_ROWS: usize = 1_048_576;

/// A format a dataset can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Comma-separated UTF-8 with a byte-order mark.
    Csv,
    /// An Excel workbook with one sheet.
    Xlsx,
}

impl ExportFormat {
    /// The format matching the input: XLSX when the dataset was read from a workbook (xlsx,
    /// xlsm, xlsb, xls, ods: engage writes only xlsx), else CSV.
    #[must_use]
    pub fn for_source(source: &Source) -> ExportFormat {
        match source.format.as_str() {
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => ExportFormat::Xlsx,
            _ => ExportFormat::Csv,
        }
    }

    /// The format a path's extension names (`.csv`, `.xlsx`), if it names one engage writes.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }

    /// The file extension, without the dot.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    /// Respondent rows, the header not included.
    pub rows: usize,
    /// Columns (one per question).
    pub columns: usize,
    /// Text cells cut to fit the XLSX limit of [`XLSX_MAX_CELL_CHARS`] characters.
    pub truncated_cells: usize,
}

/// Writes the dataset in `format`.
pub fn write<W: Write>(
    dataset: &Dataset,
    format: ExportFormat,
    writer: W,
) -> Result<ExportSummary> {
    match format {
        ExportFormat::Csv => write_csv(dataset, writer),
        ExportFormat::Xlsx => write_xlsx(dataset, writer),
    }
}

/// The column headers the writers use, one per question.
#[must_use]
pub fn headers(dataset: &Dataset) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    dataset
        .schema()
        .questions()
        .iter()
        .map(|question| {
            let base = match question.columns.as_slice() {
                [single] if !single.trim().is_empty() => single.clone(),
                _ if !question.text.trim().is_empty() => question.text.clone(),
                _ => question.id.clone(),
            };
            let mut header = base.clone();
            let mut number = 2;
            while !seen.insert(header.to_lowercase()) {
                header = format!("{base} ({number})");
                number += 1;
            }
            header
        })
        .collect()
}

/// One question's values, read once from the frame.
enum Values<'a> {
    Text(Vec<Option<&'a str>>),
    Joined(Vec<Option<String>>),
    Number(Vec<Option<f64>>),
    Date(Vec<Option<i64>>),
}

fn columns(dataset: &Dataset) -> Result<Vec<Values<'_>>> {
    dataset
        .schema()
        .questions()
        .iter()
        .map(|question| {
            Ok(match dataset.answers(&question.id)? {
                Answers::Text(values) => Values::Text(values.iter().collect()),
                Answers::Number(values) => Values::Number(values.iter().collect()),
                Answers::Date(values) => Values::Date(values.iter().collect()),
                Answers::List(_) => Values::Joined(dataset.texts(&question.id)?),
            })
        })
        .collect()
}

/// Writes the dataset as CSV: UTF-8 with a byte-order mark (so Excel does not read it as
/// Windows-1252), a header row, `\n` line ends, formulas neutralised.
pub fn write_csv<W: Write>(dataset: &Dataset, mut writer: W) -> Result<ExportSummary> {
    let failed = |error: &dyn std::fmt::Display| Error::output("csv", error.to_string());
    let values = columns(dataset)?;
    writer
        .write_all("\u{feff}".as_bytes())
        .map_err(|error| failed(&error))?;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(writer);
    let header: Vec<String> = headers(dataset)
        .iter()
        .map(|header| safe::neutralise_formula(header))
        .collect();
    csv.write_record(&header).map_err(|error| failed(&error))?;
    let mut record: Vec<String> = Vec::with_capacity(values.len());
    for row in 0..dataset.respondents() {
        record.clear();
        for column in &values {
            record.push(match column {
                Values::Text(texts) => texts[row].map(safe::neutralise_formula).unwrap_or_default(),
                Values::Joined(texts) => texts[row]
                    .as_deref()
                    .map(safe::neutralise_formula)
                    .unwrap_or_default(),
                Values::Number(numbers) => numbers[row].map(format_number).unwrap_or_default(),
                Values::Date(millis) => millis[row]
                    .and_then(millis_to_datetime)
                    .map(format_datetime)
                    .unwrap_or_default(),
            });
        }
        csv.write_record(&record).map_err(|error| failed(&error))?;
    }
    csv.flush().map_err(|error| failed(&error))?;
    Ok(ExportSummary {
        rows: dataset.respondents(),
        columns: values.len(),
        truncated_cells: 0,
    })
}

/// Writes the dataset as an XLSX workbook with one sheet (named after the source sheet, else
/// "Responses"), a bold header row frozen at the top, every text cell a string.
pub fn write_xlsx<W: Write>(dataset: &Dataset, mut writer: W) -> Result<ExportSummary> {
    let failed = |error: &dyn std::fmt::Display| Error::output("xlsx", error.to_string());
    if dataset.respondents() + 1 > XLSX_MAX_ROWS {
        return Err(Error::output(
            "xlsx",
            format!(
                "{} respondents do not fit in a worksheet of {XLSX_MAX_ROWS} rows; expected at \
                 most {}",
                dataset.respondents(),
                XLSX_MAX_ROWS - 1
            ),
        )
        .with_hint("write CSV instead"));
    }
    let values = columns(dataset)?;
    if values.len() > 16_384 {
        return Err(Error::output(
            "xlsx",
            format!(
                "{} columns do not fit in a worksheet; expected at most 16384",
                values.len()
            ),
        )
        .with_hint("write CSV instead"));
    }
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .set_name(sheet_name(dataset.source().sheet.as_deref()))
        .map_err(|error| failed(&error))?;
    let bold = Format::new().set_bold();
    let bold_quoted = Format::new().set_bold().set_quote_prefix();
    let quoted = Format::new().set_quote_prefix();
    let mut truncated = 0;
    for (column, header) in headers(dataset).iter().enumerate() {
        let (text, cut) = xlsx_text(header);
        truncated += usize::from(cut);
        let format = if safe::is_formula_like(&text) {
            &bold_quoted
        } else {
            &bold
        };
        sheet
            .write_string_with_format(0, column as u16, text, format)
            .map_err(|error| failed(&error))?;
    }
    sheet
        .set_freeze_panes(1, 0)
        .map_err(|error| failed(&error))?;
    for (column, values) in values.iter().enumerate() {
        let column = column as u16;
        let date_format = match values {
            Values::Date(millis) => Some(
                Format::new().set_num_format(
                    if millis
                        .iter()
                        .flatten()
                        .all(|millis| millis.rem_euclid(86_400_000) == 0)
                    {
                        "dd/mm/yyyy"
                    } else {
                        "dd/mm/yyyy hh:mm:ss"
                    },
                ),
            ),
            _ => None,
        };
        for row in 0..dataset.respondents() {
            let at = (row + 1) as u32;
            let text = match values {
                Values::Text(texts) => texts[row],
                Values::Joined(texts) => texts[row].as_deref(),
                Values::Number(numbers) => {
                    if let Some(number) = numbers[row].filter(|number| number.is_finite()) {
                        sheet
                            .write_number(at, column, number)
                            .map_err(|error| failed(&error))?;
                    }
                    continue;
                }
                Values::Date(millis) => {
                    if let (Some(millis), Some(format)) = (millis[row], &date_format) {
                        let serial = millis as f64 / 86_400_000.0 + 25_569.0;
                        sheet
                            .write_number_with_format(at, column, serial, format)
                            .map_err(|error| failed(&error))?;
                    }
                    continue;
                }
            };
            let Some(text) = text else { continue };
            let (text, cut) = xlsx_text(text);
            truncated += usize::from(cut);
            if text.is_empty() {
                continue;
            }
            if safe::is_formula_like(&text) {
                sheet.write_string_with_format(at, column, text, &quoted)
            } else {
                sheet.write_string(at, column, text)
            }
            .map_err(|error| failed(&error))?;
        }
    }
    let bytes = workbook.save_to_buffer().map_err(|error| failed(&error))?;
    writer.write_all(&bytes).map_err(|error| failed(&error))?;
    writer.flush().map_err(|error| failed(&error))?;
    Ok(ExportSummary {
        rows: dataset.respondents(),
        columns: values.len(),
        truncated_cells: truncated,
    })
}

/// Text for an XLSX cell: NUL dropped, cut to [`XLSX_MAX_CELL_CHARS`] UTF-16 units at a
/// character boundary; and whether it was cut.
fn xlsx_text(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len().min(4 * XLSX_MAX_CELL_CHARS));
    let mut units = 0;
    for ch in text.chars().filter(|ch| *ch != '\0') {
        units += ch.len_utf16();
        if units > XLSX_MAX_CELL_CHARS {
            return (out, true);
        }
        out.push(ch);
    }
    (out, false)
}

/// A valid worksheet name: the source sheet's name without the characters Excel forbids
/// (`[ ] : * ? / \`) or bidirectional controls, at most 31 characters, else "Responses".
fn sheet_name(source: Option<&str>) -> String {
    let cleaned: String = safe::strip_bidi(source.unwrap_or_default())
        .chars()
        .filter(|ch| !matches!(ch, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !ch.is_control())
        .take(31)
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim().to_string();
    if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
        "Responses".to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{IngestOptions, read_reader};

    fn sample() -> Dataset {
        let csv = "Respondent ID,Date,Age,Which services?,Any comments?\n\
                   1,07/05/2021,34,GP;Pharmacy;,=1+1\n\
                   2,08/05/2021,-5,Pharmacy;,\"-2, really\"\n\
                   3,09/05/2021,,,plain\n";
        read_reader(csv.as_bytes(), "sample.csv", &IngestOptions::default()).unwrap()
    }

    #[test]
    fn csv_keeps_numbers_and_neutralises_text() {
        let dataset = sample();
        let mut out = Vec::new();
        let summary = write_csv(&dataset, &mut out).unwrap();
        assert_eq!((summary.rows, summary.columns), (3, 5));
        let text = String::from_utf8(out).unwrap();
        let text = text.strip_prefix('\u{feff}').unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "Respondent ID,Date,Age,Which services?,Any comments?"
        );
        // A negative number stays a number; text starting with = or - is neutralised.
        assert!(lines[1].ends_with(",'=1+1"), "{}", lines[1]);
        assert!(lines[2].contains(",-5,"), "{}", lines[2]);
        assert!(lines[2].ends_with(",\"'-2, really\""), "{}", lines[2]);
    }

    #[test]
    fn xlsx_reads_back_as_strings_numbers_and_dates() {
        use calamine::{Data, Reader, Xlsx};
        let dataset = sample();
        let mut out = Vec::new();
        write_xlsx(&dataset, &mut out).unwrap();
        let mut workbook = Xlsx::new(std::io::Cursor::new(out)).unwrap();
        let range = workbook.worksheet_range("Responses").unwrap();
        assert_eq!(
            range.get_value((0, 4)),
            Some(&Data::String("Any comments?".into()))
        );
        assert_eq!(range.get_value((1, 4)), Some(&Data::String("=1+1".into())));
        assert_eq!(range.get_value((2, 2)), Some(&Data::Float(-5.0)));
        assert!(matches!(range.get_value((1, 1)), Some(Data::DateTime(_))));
        let formulas = workbook.worksheet_formula("Responses").unwrap();
        assert!(
            formulas
                .used_cells()
                .all(|(_, _, formula)| formula.is_empty())
        );
    }

    #[test]
    fn long_cells_are_cut_for_xlsx_at_a_character_boundary() {
        let text = "é".repeat(XLSX_MAX_CELL_CHARS + 10);
        let (cut, truncated) = xlsx_text(&text);
        assert!(truncated);
        assert_eq!(cut.chars().count(), XLSX_MAX_CELL_CHARS);
        // An emoji is two UTF-16 units: it must not be split.
        let emoji = "😀".repeat(XLSX_MAX_CELL_CHARS);
        let (cut, _) = xlsx_text(&emoji);
        assert_eq!(cut.chars().count(), XLSX_MAX_CELL_CHARS / 2);
        assert_eq!(xlsx_text("a\0b"), ("ab".to_string(), false));
    }

    #[test]
    fn sheet_names_are_valid() {
        assert_eq!(sheet_name(None), "Responses");
        assert_eq!(sheet_name(Some("Q1: [draft]?")), "Q1 draft");
        assert_eq!(sheet_name(Some("'\u{202E}x'")), "x");
        assert_eq!(sheet_name(Some(&"a".repeat(40))).len(), 31);
    }

    #[test]
    fn formats_follow_the_source_and_the_path() {
        let mut source = Source {
            format: "ods".into(),
            ..Source::default()
        };
        assert_eq!(ExportFormat::for_source(&source), ExportFormat::Xlsx);
        source.format = "csv".into();
        assert_eq!(ExportFormat::for_source(&source), ExportFormat::Csv);
        assert_eq!(
            ExportFormat::from_path(Path::new("out.XLSX")),
            Some(ExportFormat::Xlsx)
        );
        assert_eq!(ExportFormat::from_path(Path::new("out.ods")), None);
    }
}
