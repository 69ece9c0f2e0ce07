//! A read-only rectangular view of a sheet or CSV file, with typed cells borrowed from it.
//!
//! Readers keep what they parsed (a calamine range, or CSV records) and expose it through
//! [`Grid`], so header finding, layout detection and column typing never copy the whole file.

use calamine::Data;
use chrono::NaiveDateTime;

use crate::error::Location;

/// One cell as the reader gave it, borrowed from the grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum CellRef<'a> {
    /// No value.
    Empty,
    /// Text (CSV cells are all text; spreadsheet string cells).
    Text(&'a str),
    /// A number stored as a number.
    Number(f64),
    /// A boolean cell.
    Bool(bool),
    /// A date or date-time stored as one.
    DateTime(NaiveDateTime),
    /// A spreadsheet error value such as `#N/A`.
    Error,
}

impl CellRef<'_> {
    /// True when the cell is empty or holds only whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            CellRef::Empty => true,
            CellRef::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell shown as text, the way a person would read it in a spreadsheet.
    pub(crate) fn display(&self) -> String {
        match self {
            CellRef::Empty | CellRef::Error => String::new(),
            CellRef::Text(text) => text.trim().to_string(),
            CellRef::Number(number) => format_number(*number),
            CellRef::Bool(true) => "TRUE".to_string(),
            CellRef::Bool(false) => "FALSE".to_string(),
            CellRef::DateTime(datetime) => format_datetime(*datetime),
        }
    }
}

/// A number without a needless `.0`, and without float noise such as `0.30000000000000004`.
pub(crate) fn format_number(number: f64) -> String {
    // Negative zero (a cell holding `-0`, or a formula rounding a small negative number) is
    // zero: `{:.0}` would write it as "-0", a category of its own beside "0".
    let number = if number == 0.0 { 0.0 } else { number };
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{number:.0}")
    } else {
        let short = format!("{number:.10}");
        let short = short.trim_end_matches('0').trim_end_matches('.');
        match short.parse::<f64>() {
            Ok(value) if (value - number).abs() <= 1e-12 * number.abs().max(1.0) => {
                short.to_string()
            }
            _ => number.to_string(),
        }
    }
}

/// ISO 8601, without the time when it is midnight.
pub(crate) fn format_datetime(datetime: NaiveDateTime) -> String {
    if datetime.time() == chrono::NaiveTime::MIN {
        datetime.format("%Y-%m-%d").to_string()
    } else {
        datetime.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// A rectangle of cells. `Sync`, so that columns are read on several cores at once.
pub(crate) trait Grid: Sync {
    /// Rows, header rows included.
    fn height(&self) -> usize;
    /// Columns.
    fn width(&self) -> usize;
    /// The cell at a 0-based row and column; [`CellRef::Empty`] outside the rectangle.
    fn cell(&self, row: usize, column: usize) -> CellRef<'_>;
    /// The 1-based row a spreadsheet program shows a 0-based grid row on.
    fn source_row(&self, row: usize) -> usize;
    /// For delimited text, the 1-based line of the file where a 0-based grid row starts.
    fn source_line(&self, _row: usize) -> Option<usize> {
        None
    }

    /// `location` at a 0-based grid row: its row, and its line where the file has lines.
    fn locate(&self, location: Location, row: usize) -> Location {
        let location = location.with_row(self.source_row(row));
        match self.source_line(row) {
            Some(line) => location.with_line(line),
            None => location,
        }
    }

    /// True when every cell of the row is blank.
    fn row_is_blank(&self, row: usize) -> bool {
        (0..self.width()).all(|column| self.cell(row, column).is_blank())
    }

    /// The number of non-blank cells in the row.
    fn filled(&self, row: usize) -> usize {
        (0..self.width())
            .filter(|&column| !self.cell(row, column).is_blank())
            .count()
    }
}

/// A worksheet read by calamine.
pub(crate) struct SheetGrid {
    pub(crate) range: calamine::Range<Data>,
    /// 0-based sheet row of the range's first row.
    first_row: usize,
    width: usize,
}

impl SheetGrid {
    pub(crate) fn new(range: calamine::Range<Data>) -> SheetGrid {
        let first_row = range.start().map_or(0, |(row, _)| row as usize);
        // Trailing columns that are blank in every row (a stray formatted cell far to the right)
        // are cut so that they do not become empty questions.
        let (height, full_width) = range.get_size();
        let mut width = full_width;
        while width > 0
            && (0..height).all(|row| range.get((row, width - 1)).is_none_or(is_blank_data))
        {
            width -= 1;
        }
        SheetGrid {
            range,
            first_row,
            width,
        }
    }
}

fn is_blank_data(data: &Data) -> bool {
    match data {
        Data::Empty => true,
        Data::String(text) => text.trim().is_empty(),
        _ => false,
    }
}

impl Grid for SheetGrid {
    fn height(&self) -> usize {
        self.range.height()
    }

    fn width(&self) -> usize {
        self.width
    }

    fn cell(&self, row: usize, column: usize) -> CellRef<'_> {
        if column >= self.width {
            return CellRef::Empty;
        }
        match self.range.get((row, column)) {
            None | Some(Data::Empty) => CellRef::Empty,
            Some(Data::String(text) | Data::DurationIso(text)) => CellRef::Text(text),
            Some(Data::DateTimeIso(text)) => crate::ingest::values::parse_iso(text)
                .map_or(CellRef::Text(text), CellRef::DateTime),
            Some(Data::Float(number)) => CellRef::Number(*number),
            Some(Data::Int(number)) => CellRef::Number(*number as f64),
            Some(Data::Bool(value)) => CellRef::Bool(*value),
            Some(Data::DateTime(datetime)) => {
                // calamine's conversion panics (in chrono) on serials far outside Excel's
                // dates, 1900 to 9999 (found by the spreadsheet_read fuzz target): those stay
                // numbers.
                if datetime.is_datetime() && (-1.0..=LAST_EXCEL_DATE).contains(&datetime.as_f64()) {
                    datetime
                        .as_datetime()
                        .map_or(CellRef::Number(datetime.as_f64()), CellRef::DateTime)
                } else {
                    // A duration formatted as time: keep the number of days.
                    CellRef::Number(datetime.as_f64())
                }
            }
            Some(Data::Error(_)) => CellRef::Error,
        }
    }

    fn source_row(&self, row: usize) -> usize {
        self.first_row + row + 1
    }
}

/// A CSV file: every cell is text.
#[derive(Debug)]
pub(crate) struct TextGrid {
    pub(crate) rows: Vec<csv::StringRecord>,
    /// 1-based line number of each record's start, for messages.
    pub(crate) lines: Vec<usize>,
    /// 1-based row a spreadsheet program shows each record on: its line, less the line breaks
    /// inside quoted cells of the records before it.
    pub(crate) sheet_rows: Vec<usize>,
    pub(crate) width: usize,
}

impl Grid for TextGrid {
    fn height(&self) -> usize {
        self.rows.len()
    }

    fn width(&self) -> usize {
        self.width
    }

    fn cell(&self, row: usize, column: usize) -> CellRef<'_> {
        match self.rows.get(row).and_then(|record| record.get(column)) {
            None | Some("") => CellRef::Empty,
            Some(text) => CellRef::Text(text),
        }
    }

    fn source_row(&self, row: usize) -> usize {
        self.sheet_rows.get(row).copied().unwrap_or(row + 1)
    }

    fn source_line(&self, row: usize) -> Option<usize> {
        self.lines.get(row).copied()
    }
}

/// Column letters as a spreadsheet shows them: 0 is A, 26 is AA.
pub(crate) fn column_letter(mut column: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The serial number of 9999-12-31, Excel's last date, with a day to spare for the 1904
/// system's offset.
const LAST_EXCEL_DATE: f64 = 2_958_465.0 + 1_463.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_serials_outside_excels_dates_stay_numbers_instead_of_panicking() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let mut range = calamine::Range::new((0, 0), (0, 3));
        let date = |serial: f64| {
            Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        range.set_value((0, 0), date(45_000.5));
        range.set_value((0, 1), date(1e300));
        range.set_value((0, 2), date(-1e18));
        range.set_value((0, 3), date(f64::NAN));
        let grid = SheetGrid::new(range);
        assert!(matches!(grid.cell(0, 0), CellRef::DateTime(_)));
        assert!(matches!(grid.cell(0, 1), CellRef::Number(n) if n == 1e300));
        assert!(matches!(grid.cell(0, 2), CellRef::Number(n) if n == -1e18));
        assert!(matches!(grid.cell(0, 3), CellRef::Number(n) if n.is_nan()));
    }

    #[test]
    fn column_letters_follow_spreadsheet_naming() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16_383), "XFD");
    }

    #[test]
    fn numbers_display_without_float_noise() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(-2.5), "-2.5");
        // Regression: -0 was shown as "-0" and counted apart from "0" in a 0-10 rating
        // (found by the peer comparison, where pandas and polars count it as 0).
        assert_eq!(format_number(-0.0), "0");
    }
}
