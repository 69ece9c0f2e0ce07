//! Writing generated data as xlsx (with a fixed creation date, so the bytes never change) and
//! as delimited text in a chosen encoding, delimiter, quoting and line ending.

use std::path::Path;

use anyhow::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use crate::sample::Cell;

/// A sheet to write: its name, rows of cells, and merged header ranges.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
    /// Merged ranges: first row, first column, last row, last column (0-based), with the text.
    pub merges: Vec<(u32, u16, u32, u16, String)>,
}

fn excel_datetime(datetime: chrono::NaiveDateTime) -> Result<ExcelDateTime> {
    use chrono::{Datelike, Timelike};
    Ok(ExcelDateTime::from_ymd(
        datetime.year() as u16,
        datetime.month() as u8,
        datetime.day() as u8,
    )?
    .and_hms(
        datetime.hour() as u16,
        datetime.minute() as u8,
        datetime.second(),
    )?)
}

/// The formats of date cells, shared by every sheet of a workbook.
struct DateFormats {
    datetime: Format,
    date: Format,
}

impl DateFormats {
    fn new() -> DateFormats {
        DateFormats {
            datetime: Format::new().set_num_format("dd/mm/yyyy hh:mm:ss"),
            date: Format::new().set_num_format("dd/mm/yyyy"),
        }
    }
}

/// A workbook with a fixed creation date: the default (now) would make every run's bytes
/// differ.
fn workbook() -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 4, 1)?.and_hms(9, 0, 0)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("engage test data"),
    );
    Ok(workbook)
}

fn write_cell(
    worksheet: &mut Worksheet,
    (row, column): (u32, u16),
    cell: &Cell,
    formats: &DateFormats,
) -> Result<()> {
    match cell {
        Cell::Blank => {}
        Cell::Text(text) => {
            worksheet.write_string(row, column, text)?;
        }
        Cell::Number(number) => {
            worksheet.write_number(row, column, *number)?;
        }
        Cell::DateTime(datetime) => {
            worksheet.write_datetime_with_format(
                row,
                column,
                excel_datetime(*datetime)?,
                &formats.datetime,
            )?;
        }
        Cell::Date(date) => {
            worksheet.write_datetime_with_format(
                row,
                column,
                excel_datetime(date.and_hms_opt(0, 0, 0).unwrap_or_default())?,
                &formats.date,
            )?;
        }
    }
    Ok(())
}

/// Writes sheets to an xlsx file.
pub fn xlsx(path: &Path, sheets: &[Sheet]) -> Result<()> {
    let mut workbook = workbook()?;
    let formats = DateFormats::new();
    let header_format = Format::new().set_bold().set_text_wrap();
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&sheet.name)?;
        for (row, cells) in sheet.rows.iter().enumerate() {
            for (column, cell) in cells.iter().enumerate() {
                write_cell(worksheet, (row as u32, column as u16), cell, &formats)?;
            }
        }
        for (first_row, first_column, last_row, last_column, text) in &sheet.merges {
            worksheet.merge_range(
                *first_row,
                *first_column,
                *last_row,
                *last_column,
                text,
                &header_format,
            )?;
        }
    }
    workbook.save(path)?;
    Ok(())
}

/// Writes one sheet of a header row and rows from an iterator to an xlsx file, with strings in
/// the shared-strings table as survey platforms write them.
pub fn xlsx_rows(
    path: &Path,
    name: &str,
    headers: &[String],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<()> {
    let mut workbook = workbook()?;
    let formats = DateFormats::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(name)?;
    for (column, header) in headers.iter().enumerate() {
        worksheet.write_string(0, column as u16, header)?;
    }
    for (index, cells) in rows.enumerate() {
        let row = index as u32 + 1;
        for (column, cell) in cells.iter().enumerate() {
            write_cell(worksheet, (row, column as u16), cell, &formats)?;
        }
    }
    workbook.save(path)?;
    Ok(())
}

/// Writes a header row and rows from an iterator as UTF-8 CSV, streaming, with dates in the
/// given `chrono` formats.
pub fn csv_rows(
    path: &Path,
    headers: &[String],
    rows: impl Iterator<Item = Vec<Cell>>,
    datetime_format: &str,
    date_format: &str,
) -> Result<()> {
    let file = std::fs::File::create(path)?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(std::io::BufWriter::with_capacity(1 << 20, file));
    writer.write_record(headers)?;
    let mut record: Vec<String> = Vec::with_capacity(headers.len());
    for cells in rows {
        record.clear();
        record.extend(
            cells
                .iter()
                .map(|cell| cell_text(cell, datetime_format, date_format)),
        );
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

/// How to write delimited text.
#[derive(Clone, Copy, Debug)]
pub struct TextStyle {
    /// Field delimiter.
    pub delimiter: u8,
    /// Quote every field (KoboToolbox, LimeSurvey) rather than only when needed.
    pub quote_all: bool,
    /// CR LF line endings (Excel, Google Forms download) rather than LF.
    pub crlf: bool,
    /// Start with a UTF-8 byte-order mark.
    pub bom: bool,
    /// `utf-8`, `windows-1252` or `utf-16le`.
    pub encoding: &'static str,
}

impl Default for TextStyle {
    fn default() -> TextStyle {
        TextStyle {
            delimiter: b',',
            quote_all: false,
            crlf: false,
            bom: false,
            encoding: "utf-8",
        }
    }
}

/// Writes rows of text as delimited text.
pub fn text(path: &Path, rows: &[Vec<String>], style: TextStyle) -> Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(style.delimiter)
        .quote_style(if style.quote_all {
            csv::QuoteStyle::Always
        } else {
            csv::QuoteStyle::Necessary
        })
        .terminator(if style.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row)?;
    }
    let utf8 = String::from_utf8(writer.into_inner()?)?;
    let bytes: Vec<u8> = match style.encoding {
        "windows-1252" => utf8
            .chars()
            .map(|c| windows_1252(c).unwrap_or(b'?'))
            .collect(),
        "utf-16le" => [0xFF, 0xFE]
            .into_iter()
            .chain(utf8.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        _ => {
            let mut bytes = if style.bom {
                vec![0xEF, 0xBB, 0xBF]
            } else {
                Vec::new()
            };
            bytes.extend(utf8.into_bytes());
            bytes
        }
    };
    std::fs::write(path, bytes)?;
    Ok(())
}

/// The Windows-1252 byte of a character, for the few non-ASCII characters test data uses.
fn windows_1252(c: char) -> Option<u8> {
    match c {
        c if (c as u32) < 0x80 => Some(c as u8),
        '\u{20AC}' => Some(0x80),
        '\u{2019}' => Some(0x92),
        '\u{2013}' => Some(0x96),
        c if (0xA0..=0xFF).contains(&(c as u32)) => Some(c as u32 as u8),
        _ => None,
    }
}

/// A cell shown as text, the way an export writes it in a CSV.
#[must_use]
pub fn cell_text(cell: &Cell, datetime_format: &str, date_format: &str) -> String {
    match cell {
        Cell::Blank => String::new(),
        Cell::Text(text) => text.clone(),
        Cell::Number(number) => {
            if number.fract() == 0.0 {
                format!("{number:.0}")
            } else {
                number.to_string()
            }
        }
        Cell::DateTime(datetime) => datetime.format(datetime_format).to_string(),
        Cell::Date(date) => date.format(date_format).to_string(),
    }
}
