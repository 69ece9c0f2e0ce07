//! Side files: the small tables a user keeps beside an export (a codebook in CSV, a coding
//! sheet, a reference population, Pol.is's files), read the way exports are read.
//!
//! One reader for all of them, built on the export reader's delimited text ([`super::csv`]):
//! any common encoding (UTF-8 with or without BOM, UTF-16, Windows-1252), a sniffed delimiter
//! (`,` `;` tab `|`, as Excel saves "CSV" in other locales), quoted cells spanning lines, and an
//! unclosed quote or an oversized cell refused with its place. The header is the first row that
//! is not blank; its cells are matched by [`key`], so `Theme ID`, `theme-id` and `theme_id` are
//! one column. Every record keeps the row a spreadsheet shows it on and the line of the file
//! it starts on, for messages.

use std::path::Path;

use super::csv::{TextOptions, parse_with};
use super::grid::Grid;
use crate::error::{Error, Location, Result};

/// How to read a side file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct SideOptions {
    /// Lines starting with `#` are notes (a reference's sources), not rows. Default: off, for
    /// files whose cells may start with `#`.
    pub(crate) notes: bool,
    /// The file has no header row (Pol.is's `summary.csv` of key, value rows): every row that
    /// is not blank is a record. Default: off, the first such row is the header.
    pub(crate) headerless: bool,
    /// The delimiter, when the format fixes it (Pol.is writes commas). Default: sniffed, as
    /// for exports.
    pub(crate) delimiter: Option<u8>,
}

/// A side file read into its header and records.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SideTable {
    /// The file as the user named it.
    pub(crate) file: String,
    /// The header's cells as written, trimmed.
    pub(crate) header: Vec<String>,
    /// The header's cells as [`key`]s, for finding columns.
    keys: Vec<String>,
    /// The row a spreadsheet shows the header on.
    pub(crate) header_row: usize,
    /// The records under the header, blank ones left out.
    pub(crate) records: Vec<SideRecord>,
    /// With [`SideOptions::notes`], the `#` lines without their mark, in file order.
    pub(crate) notes: Vec<String>,
}

/// One record of a side file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SideRecord {
    /// The row a spreadsheet shows it on (the file's first line is row 1).
    pub(crate) row: usize,
    /// The line of the file it starts on; it differs from the row after a cell holding line
    /// breaks.
    pub(crate) line: usize,
    cells: csv::StringRecord,
}

impl SideRecord {
    /// The cell in a 0-based column, trimmed; `""` past the end of the record.
    pub(crate) fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", str::trim)
    }

    /// The cell in a column found by [`SideTable::column`], `""` when the column is absent.
    pub(crate) fn get(&self, column: Option<usize>) -> &str {
        column.map_or("", |column| self.cell(column))
    }

    /// The record's cells as read, untrimmed.
    pub(crate) fn record(&self) -> &csv::StringRecord {
        &self.cells
    }

    /// The record's cells, trimmed.
    pub(crate) fn cells(&self) -> impl Iterator<Item = &str> {
        self.cells.iter().map(str::trim)
    }

    /// True when every cell is blank.
    pub(crate) fn is_blank(&self) -> bool {
        self.cells().all(str::is_empty)
    }
}

impl SideTable {
    /// Reads a side file from disk.
    pub(crate) fn read(path: &Path, options: SideOptions) -> Result<SideTable> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|error| Error::io(Location::file(&file), error))?;
        SideTable::parse(&bytes, &file, options)
    }

    /// Reads a side file's bytes; `file` names it in messages. A file with no header (empty,
    /// or only blank lines and notes) gives a table with no header and no records: the caller
    /// says what it expected.
    pub(crate) fn parse(bytes: &[u8], file: &str, options: SideOptions) -> Result<SideTable> {
        let parsed = parse_with(
            bytes,
            file,
            &TextOptions {
                delimiter: options.delimiter,
                encoding: None,
                preferred: Some(b','),
                max_cell_bytes: super::DEFAULT_MAX_CELL_BYTES,
                comment: options.notes.then_some(b'#'),
            },
        )?;
        let grid = parsed.grid;
        let mut records = (0..grid.height()).map(|index| SideRecord {
            row: grid.source_row(index),
            line: grid
                .source_line(index)
                .unwrap_or_else(|| grid.source_row(index)),
            cells: grid.rows[index].clone(),
        });
        let header_record = if options.headerless {
            None
        } else {
            records.by_ref().find(|record| !record.is_blank())
        };
        let (header, header_row) = match &header_record {
            Some(record) => (
                record
                    .cells()
                    .map(|cell| cell.trim_start_matches('\u{feff}').trim().to_string())
                    .collect(),
                record.row,
            ),
            None => (Vec::new(), 1),
        };
        Ok(SideTable {
            file: file.to_string(),
            keys: header.iter().map(|cell: &String| key(cell)).collect(),
            header,
            header_row,
            records: records.filter(|record| !record.is_blank()).collect(),
            notes: parsed.comments,
        })
    }

    /// True when the file has no header (nothing but blank lines and notes), or, read
    /// [`SideOptions::headerless`], no records.
    pub(crate) fn is_empty(&self) -> bool {
        self.header.is_empty() && self.records.is_empty()
    }

    /// The first column whose header is one of `names`, compared as [`key`]s.
    pub(crate) fn column(&self, names: &[&str]) -> Option<usize> {
        self.keys
            .iter()
            .position(|cell| names.iter().any(|name| key(name) == *cell))
    }

    /// Where the header is.
    pub(crate) fn header_location(&self) -> Location {
        Location::file(&self.file).with_row(self.header_row)
    }

    /// Where a record is: the file, its row, and its line when that differs.
    pub(crate) fn location(&self, record: &SideRecord) -> Location {
        Location::file(&self.file)
            .with_row(record.row)
            .with_line(record.line)
    }

    /// Where a cell is: the record's place and the column's header (its letter when the header
    /// cell is blank).
    pub(crate) fn cell_location(&self, record: &SideRecord, column: usize) -> Location {
        let name = self
            .header
            .get(column)
            .filter(|name| !name.is_empty())
            .cloned()
            .unwrap_or_else(|| super::grid::column_letter(column));
        self.location(record).with_column(name)
    }
}

/// A header cell as a key: lowercase, a byte-order mark dropped, and every run of characters
/// that are not letters or digits one `_`, none at either end (`Theme ID`, `theme-id` and
/// `theme_id` are all `theme_id`; `Population (%)` is `population`).
#[must_use]
pub(crate) fn key(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for ch in header.trim_start_matches('\u{feff}').chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_keys_whatever_their_case_and_punctuation() {
        assert_eq!(key("Theme ID"), "theme_id");
        assert_eq!(key("\u{feff}theme-id"), "theme_id");
        assert_eq!(key("  Population (%) "), "population");
        assert_eq!(key("courses per learner"), "courses_per_learner");
        assert_eq!(key("Sector: VCF"), "sector_vcf");
    }

    /// The side-file reader reads what the export reader reads: a reference population saved
    /// by Excel as "Unicode text" (UTF-16 with a BOM, tab-delimited) had no reader before.
    #[test]
    fn utf16_tab_separated_files_are_read_like_exports() {
        let text =
            "# Source: ONS\nVariable\tCategory\tPopulation\nsex\tFemale\t51\nsex\tMale\t49\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let table = SideTable::parse(
            &bytes,
            "ref.txt",
            SideOptions {
                notes: true,
                ..SideOptions::default()
            },
        )
        .unwrap();
        assert_eq!(table.header, ["Variable", "Category", "Population"]);
        assert_eq!(table.column(&["population"]), Some(2));
        assert_eq!(table.notes, ["Source: ONS"]);
        assert_eq!(table.header_row, 2);
        assert_eq!(table.records.len(), 2);
        assert_eq!(table.records[1].cell(1), "Male");
        assert_eq!(table.records[1].row, 4);
    }

    /// Rows are what a spreadsheet shows: a cell holding a line break keeps its record on one
    /// row, so the next record's row is one less than its line.
    #[test]
    fn records_keep_their_row_and_line() {
        let table = SideTable::parse(
            b"id;comment\n1;\"two\nlines\"\n\n2;after\n",
            "coding.csv",
            SideOptions::default(),
        )
        .unwrap();
        assert_eq!(table.records.len(), 2);
        let after = &table.records[1];
        assert_eq!((after.row, after.line), (4, 5));
        assert_eq!(
            table.cell_location(after, 1).to_string(),
            "coding.csv: row 4 (line 5), column \"comment\""
        );
    }

    #[test]
    fn a_headerless_file_is_all_records() {
        let options = SideOptions {
            headerless: true,
            delimiter: Some(b','),
            ..SideOptions::default()
        };
        let table = SideTable::parse(
            b"topic,Pay
voters;all,12
",
            "summary.csv",
            options,
        )
        .unwrap();
        assert!(table.header.is_empty());
        assert_eq!(table.records.len(), 2);
        assert_eq!(table.records[1].cell(0), "voters;all");
        assert_eq!(table.records[1].row, 2);
    }

    #[test]
    fn blank_files_have_no_header_and_bad_quotes_are_errors() {
        let empty = SideTable::parse(b"\n\n", "c.csv", SideOptions::default()).unwrap();
        assert!(empty.is_empty());
        let error = SideTable::parse(
            b"id,label\n1,\"open\n2,x\n",
            "c.csv",
            SideOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("c.csv: row 2, column \"B\""), "{error}");
    }
}
