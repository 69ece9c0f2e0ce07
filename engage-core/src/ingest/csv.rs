//! Delimited text: encoding and delimiter sniffing, then quote-aware parsing into a [`TextGrid`].
//!
//! Encodings: a byte-order mark decides (UTF-8, UTF-16 LE/BE); without one, UTF-16 is
//! recognised by its pattern of zero bytes, valid UTF-8 is read as UTF-8, and anything else as
//! Windows-1252 (what Excel writes for "CSV" on a UK machine). Delimiters `,` `;` tab and `|`
//! are tried on the first records and the one that gives the most consistent, widest rows wins.
//! Quoted fields may span lines.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::grid::TextGrid;
use crate::error::{Error, Location, Result};

/// What sniffing decided, reported to the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TextFormat {
    /// `UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `UTF-16BE`, `windows-1252`.
    pub(crate) encoding: String,
    /// The field delimiter.
    pub(crate) delimiter: u8,
}

/// Decodes bytes to text by BOM, zero-byte pattern, UTF-8 validity, else Windows-1252.
pub(crate) fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> (String, String) {
    if let Some(encoding) = forced {
        let (text, _, _) = encoding.decode(bytes);
        return (text.into_owned(), encoding.name().to_string());
    }
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        let name = if encoding == UTF_8 {
            "UTF-8 with BOM".to_string()
        } else {
            encoding.name().to_string()
        };
        return (text.into_owned(), name);
    }
    // UTF-16 without a BOM: ASCII text has a zero in every other byte.
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() >= 4 {
        let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let zeros_odd = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        let half = sample.len() / 2;
        if zeros_odd * 10 > half * 7 && zeros_even * 10 < half {
            let (text, _) = UTF_16LE.decode_without_bom_handling(bytes);
            return (text.into_owned(), "UTF-16LE".to_string());
        }
        if zeros_even * 10 > half * 7 && zeros_odd * 10 < half {
            let (text, _) = UTF_16BE.decode_without_bom_handling(bytes);
            return (text.into_owned(), "UTF-16BE".to_string());
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_string(), "UTF-8".to_string())
    } else {
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
        (text.into_owned(), "windows-1252".to_string())
    }
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Picks the delimiter whose first records have the most consistent width (ties: the widest),
/// lines starting with `comment` left out.
fn sniff(text: &str, preferred: Option<u8>, comment: Option<u8>) -> u8 {
    // Sniff on a prefix of whole lines so that a huge file is not parsed four times.
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let mut best = (preferred.unwrap_or(b','), 0.0f64, 0usize);
    for delimiter in DELIMITERS {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .comment(comment)
            .from_reader(sample.as_bytes());
        let widths: Vec<usize> = reader
            .records()
            .take(60)
            .filter_map(std::result::Result::ok)
            .map(|record| record.len())
            .collect();
        // The last record of a truncated sample may be cut short: leave it out.
        let widths = if end < text.len() && widths.len() > 1 {
            &widths[..widths.len() - 1]
        } else {
            &widths[..]
        };
        let Some(&first) = widths.first() else {
            continue;
        };
        if first < 2 && widths.iter().all(|&width| width < 2) {
            continue;
        }
        let mode = mode(widths);
        let consistent =
            widths.iter().filter(|&&width| width == mode).count() as f64 / widths.len() as f64;
        // A header as wide as the mode is strong evidence for this delimiter.
        let score = consistent
            + if first == mode { 0.5 } else { 0.0 }
            + if Some(delimiter) == preferred {
                0.25
            } else {
                0.0
            };
        if mode >= 2 && (score > best.1 + 1e-9 || ((score - best.1).abs() <= 1e-9 && mode > best.2))
        {
            best = (delimiter, score, mode);
        }
    }
    best.0
}

fn mode(values: &[usize]) -> usize {
    let mut counts = std::collections::BTreeMap::new();
    for &value in values {
        *counts.entry(value).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
        .map_or(0, |(value, _)| value)
}

/// How to read delimited text: what is not given is sniffed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TextOptions {
    /// The field delimiter; sniffed when `None`.
    pub(crate) delimiter: Option<u8>,
    /// The encoding; sniffed when `None`.
    pub(crate) encoding: Option<&'static Encoding>,
    /// The delimiter sniffing prefers on a tie.
    pub(crate) preferred: Option<u8>,
    /// The largest cell accepted, in bytes.
    pub(crate) max_cell_bytes: usize,
    /// Lines starting with this byte are comments, not records (a reference's `#` notes).
    pub(crate) comment: Option<u8>,
}

/// Delimited text read into a grid, with what sniffing decided and the comment lines.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) grid: TextGrid,
    pub(crate) format: TextFormat,
    /// The comment lines, without their comment mark, in file order.
    pub(crate) comments: Vec<String>,
}

/// Parses delimited text into a grid. `file` names the input in errors.
pub(crate) fn parse(
    bytes: &[u8],
    file: &str,
    delimiter: Option<u8>,
    encoding: Option<&'static Encoding>,
    preferred: Option<u8>,
    max_cell_bytes: usize,
) -> Result<(TextGrid, TextFormat)> {
    let options = TextOptions {
        delimiter,
        encoding,
        preferred,
        max_cell_bytes,
        comment: None,
    };
    parse_with(bytes, file, &options).map(|parsed| (parsed.grid, parsed.format))
}

/// Parses delimited text into a grid, with comment lines when `options` names a comment mark.
pub(crate) fn parse_with(bytes: &[u8], file: &str, options: &TextOptions) -> Result<Parsed> {
    let TextOptions {
        delimiter,
        encoding,
        preferred,
        max_cell_bytes,
        comment,
    } = *options;
    let (text, encoding_name) = decode(bytes, encoding);
    let delimiter = delimiter.unwrap_or_else(|| sniff(&text, preferred, comment));
    // Line numbers from byte offsets: one table of newline positions, searched per record.
    let newlines = newlines(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .comment(comment)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut sheet_rows = Vec::new();
    let mut width = 0;
    let mut record = csv::StringRecord::new();
    // Where the last record starts, to recognise a quote that is never closed.
    let mut last_start = 0usize;
    // Line breaks inside quoted cells so far: a spreadsheet shows each record on one row, so a
    // record's row is its line less the breaks inside the records before it.
    let mut breaks_inside = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(rows.len() + 1, |position| {
                    first_line(
                        &text,
                        &newlines,
                        line_of(&newlines, position.byte()),
                        comment,
                    )
                });
                let row = line - breaks_inside;
                breaks_inside += record.iter().map(line_breaks).sum::<usize>();
                if let Some((index, field)) = record
                    .iter()
                    .enumerate()
                    .find(|(_, field)| field.len() > max_cell_bytes)
                {
                    return Err(Error::data(
                        Location::file(file).with_row(row).with_line(line).with_column(super::grid::column_letter(index)),
                        format!("a cell of {} bytes; engage reads cells up to {} bytes", field.len(), max_cell_bytes),
                    )
                    .with_hint("a cell this large is not a survey answer: check the file is the export you meant"));
                }
                last_start = record
                    .position()
                    .map_or(last_start, |position| position.byte() as usize);
                width = width.max(record.len());
                // A copy sized to the record: the reused record's buffers are grown by doubling
                // and a clone would keep that slack (about four times the data, per row).
                let mut copy =
                    csv::StringRecord::with_capacity(record.as_slice().len(), record.len());
                copy.extend(record.iter());
                rows.push(copy);
                lines.push(line);
                sheet_rows.push(row);
            }
            Err(error) => {
                let line = error.position().map_or(rows.len() + 1, |position| {
                    line_of(&newlines, position.byte())
                });
                return Err(Error::format(
                    Location::file(file)
                        .with_row(line - breaks_inside)
                        .with_line(line),
                    format!("cannot parse as delimited text: {error}"),
                ));
            }
        }
    }
    // An unmatched quote makes the csv reader take the rest of the file as one cell: every row
    // after it would be lost without a word. A record holding an odd number of quote marks
    // (escaped quotes come in pairs) and a line break is that.
    let tail = text.get(last_start..).unwrap_or_default().trim_end();
    if tail.contains(['\n', '\r'])
        && tail.bytes().filter(|&byte| byte == b'"').count() % 2 == 1
        && let (Some(record), Some(line), Some(row)) =
            (rows.last(), lines.last(), sheet_rows.last())
    {
        let column = record
            .iter()
            .position(|field| field.contains(['\n', '\r']))
            .unwrap_or(record.len().saturating_sub(1));
        return Err(Error::format(
            Location::file(file)
                .with_row(*row)
                .with_line(*line)
                .with_column(super::grid::column_letter(column)),
            "a quoted cell starts here and its closing quote is missing, so the rest of the file would be read into it",
        )
        .with_hint("add the closing quote mark (\") in a text editor, or export the file again"));
    }
    let comments = match comment {
        Some(mark) => comment_lines(&text, mark, &rows, &lines),
        None => Vec::new(),
    };
    Ok(Parsed {
        grid: TextGrid {
            rows,
            lines,
            sheet_rows,
            width,
        },
        format: TextFormat {
            encoding: encoding_name,
            delimiter,
        },
        comments,
    })
}

/// The lines outside every record that start with `mark`, without it and trimmed: the comment
/// lines the csv reader skipped. A line inside a quoted cell is never one.
fn comment_lines(
    text: &str,
    mark: u8,
    records: &[csv::StringRecord],
    lines: &[usize],
) -> Vec<String> {
    let mut inside = std::collections::HashSet::new();
    for (record, &line) in records.iter().zip(lines) {
        let spanned = record.iter().map(line_breaks).sum::<usize>();
        inside.extend(line..=line + spanned);
    }
    let mut comments = Vec::new();
    let mut start = 0;
    let ends = breaks(text).chain(std::iter::once(text.len()));
    for (index, end) in ends.enumerate() {
        let line = text[start..end].trim_start_matches(['\n', '\r']);
        start = end;
        if inside.contains(&(index + 1)) {
            continue;
        }
        if let Some(note) = line.trim_start().strip_prefix(char::from(mark)) {
            comments.push(note.trim().to_string());
        }
    }
    comments
}

/// The byte offsets of every line break of a text, for [`line_of`]: each line feed, and each
/// carriage return not followed by one. Excel for Mac's "CSV (Macintosh)" ends lines with a
/// carriage return alone, and the csv reader takes it as a line end too; counting only line
/// feeds numbered every row of such a file 1.
pub(crate) fn newlines(text: &str) -> Vec<u64> {
    breaks(text).map(|offset| offset as u64).collect()
}

/// The line breaks in a cell, counted as [`newlines`] counts them (a CR LF is one).
fn line_breaks(cell: &str) -> usize {
    breaks(cell).count()
}

/// The byte offset of each line break: a line feed, or a carriage return not followed by one.
fn breaks(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(offset, &byte)| {
            byte == b'\n' || byte == b'\r' && bytes.get(offset + 1) != Some(&b'\n')
        })
        .map(|(offset, _)| offset)
}

/// The line a record starts on, given the line the csv reader's position is on: the reader
/// places a record where the previous one ended, before the blank lines and comment lines it
/// skipped, none of which a record starts on.
fn first_line(text: &str, newlines: &[u64], mut line: usize, comment: Option<u8>) -> usize {
    let start = |line: usize| -> usize {
        match line {
            0 | 1 => 0,
            line => newlines
                .get(line - 2)
                .map_or(text.len(), |&offset| offset as usize + 1),
        }
    };
    while line <= newlines.len() {
        let content = text
            .get(start(line)..start(line + 1))
            .unwrap_or_default()
            .trim_matches(['\n', '\r']);
        let skipped = content.is_empty()
            || comment.is_some_and(|mark| content.as_bytes().first() == Some(&mark));
        if !skipped {
            break;
        }
        line += 1;
    }
    line
}

/// The 1-based line holding a byte offset.
pub(crate) fn line_of(newlines: &[u64], byte: u64) -> usize {
    // After a CR LF the csv reader reports the next record as starting on the LF: a newline at
    // the offset itself belongs to the lines before.
    newlines.partition_point(|&newline| newline <= byte) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff("a,b,c\n1,2,3\n", None, None), b',');
        assert_eq!(sniff("a;b;c\n1;2,5;3\n4;5;6\n", None, None), b';');
        assert_eq!(sniff("a\tb\tc\n1\t2\t3\n", None, None), b'\t');
        assert_eq!(sniff("a|b\n1|2\n", None, None), b'|');
        // Commas inside quotes do not count.
        assert_eq!(sniff("\"x, y\";b\n\"1, 2, 3\";2\n", None, None), b';');
    }

    #[test]
    fn encodings_are_detected() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFname\n", None),
            ("name\n".to_string(), "UTF-8 with BOM".to_string())
        );
        assert_eq!(
            decode(b"caf\xE9\n", None),
            ("caf\u{e9}\n".to_string(), "windows-1252".to_string())
        );
        assert_eq!(decode("caf\u{e9}".as_bytes(), None).1, "UTF-8");
        let utf16: Vec<u8> = "a,b\n1,2\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            decode(&utf16, None),
            ("a,b\n1,2\n".to_string(), "UTF-16LE".to_string())
        );
        let mut with_bom = vec![0xFE, 0xFF];
        with_bom.extend("a,b".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(
            decode(&with_bom, None),
            ("a,b".to_string(), "UTF-16BE".to_string())
        );
    }

    #[test]
    fn quoted_fields_span_lines_and_rows_keep_their_line_numbers() {
        let (grid, format) = parse(
            b"q1,q2\n\"line one\nline two\",x\nlast,y\n",
            "t.csv",
            None,
            None,
            None,
            1 << 20,
        )
        .unwrap();
        assert_eq!(format.delimiter, b',');
        assert_eq!(grid.rows.len(), 3);
        assert_eq!(&grid.rows[1][0], "line one\nline two");
        assert_eq!(grid.lines, vec![1, 2, 4]);
        let (grid, _) =
            parse(b"a,b\r\nc,d\r\ne,f\r\n", "t.csv", None, None, None, 1 << 20).unwrap();
        assert_eq!(grid.lines, vec![1, 2, 3]);
    }

    /// Regression (found by the csv_read fuzz target): lines ended by a carriage return alone,
    /// as Excel for Mac writes them, were all numbered 1, so errors named the wrong row and
    /// every respondent came from "row 1".
    #[test]
    fn a_quote_never_closed_is_an_error_naming_its_row_and_column() {
        let error = parse(
            b"id,comment\n1,\"fine\"\n2,\"never closed\n3,lost\n4,lost too\n",
            "bad.csv",
            None,
            None,
            None,
            usize::MAX,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("bad.csv: row 3, column \"B\""), "{error}");
        assert!(error.contains("its closing quote is missing"), "{error}");
        // Quoted line breaks and escaped quotes that are closed are fine.
        let (grid, _) = parse(
            b"id,comment\n1,\"two\nlines with \"\"quotes\"\"\"\n",
            "good.csv",
            None,
            None,
            None,
            usize::MAX,
        )
        .unwrap();
        assert_eq!(grid.rows.len(), 2);
    }

    #[test]
    fn lines_ended_by_carriage_returns_alone_are_numbered() {
        let (grid, _) = parse(
            b"a,b,c\r1,2,3\r\"Once upon\ra time\",5,6\r",
            "t.csv",
            None,
            None,
            None,
            1 << 20,
        )
        .unwrap();
        assert_eq!(grid.rows.len(), 3);
        assert_eq!(grid.lines, vec![1, 2, 3]);
        // Mixed endings: each break counts once.
        let (grid, _) = parse(b"a,b\r\nc,d\re,f\ng,h", "t.csv", None, None, None, 1 << 20).unwrap();
        assert_eq!(grid.lines, vec![1, 2, 3, 4]);
    }

    #[test]
    fn an_oversized_cell_is_refused_with_its_location() {
        let big = format!("a,b\n1,{}\n", "x".repeat(100));
        let error = parse(big.as_bytes(), "t.csv", None, None, None, 50).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv: row 2, column \"B\": a cell of 100 bytes; engage reads cells up to 50 bytes"
        );
    }
}
