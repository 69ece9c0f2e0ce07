//! `Table`: report-ready rows and columns with a title, a base line and notes, written as
//! aligned text, CSV, Markdown or JSON. Every command's tabular output goes through here, so
//! respondent text is made safe in one place (formulas neutralised in CSV, Markdown escaped).

use std::fmt::Write as _;

use serde::Serialize;

use crate::privacy::safe;

/// One cell of a table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    /// Text (labels, respondent text).
    Text(String),
    /// A count.
    Count(u64),
    /// A number shown with a fixed number of decimals.
    Number {
        /// The value.
        value: f64,
        /// Decimals shown in text, Markdown and HTML (CSV and JSON keep full precision).
        decimals: u8,
    },
    /// A percentage, 0-100, shown with one decimal.
    Percent(f64),
    /// A count or percentage withheld by disclosure control, shown as its marker (`<5`).
    Suppressed(String),
    /// Nothing to show (not applicable).
    Empty,
}

impl Cell {
    /// A text cell.
    #[must_use]
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    /// A number with `decimals` shown.
    #[must_use]
    pub fn number(value: f64, decimals: u8) -> Cell {
        if value.is_finite() {
            Cell::Number { value, decimals }
        } else {
            Cell::Empty
        }
    }

    /// A percentage (0-100); not-a-number becomes empty.
    #[must_use]
    pub fn percent(value: f64) -> Cell {
        if value.is_finite() {
            Cell::Percent(value)
        } else {
            Cell::Empty
        }
    }

    /// An optional number.
    #[must_use]
    pub fn maybe(value: Option<f64>, decimals: u8) -> Cell {
        value.map_or(Cell::Empty, |value| Cell::number(value, decimals))
    }

    /// The cell as a person reads it.
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Count(count) => group_thousands(*count),
            Cell::Number { value, decimals } => {
                format!("{value:.prec$}", prec = usize::from(*decimals))
            }
            Cell::Percent(value) => format!("{value:.1}%"),
            Cell::Suppressed(marker) => marker.clone(),
            Cell::Empty => String::new(),
        }
    }

    /// The cell for a CSV file: numbers plain and full precision, text neutralised.
    #[must_use]
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(text) => safe::neutralise_formula(text),
            Cell::Count(count) => count.to_string(),
            Cell::Number { value, .. } | Cell::Percent(value) => plain_number(*value),
            Cell::Suppressed(marker) => safe::neutralise_formula(marker),
            Cell::Empty => String::new(),
        }
    }

    /// True for numeric cells (right-aligned).
    #[must_use]
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Cell::Count(_) | Cell::Number { .. } | Cell::Percent(_) | Cell::Suppressed(_)
        )
    }
}

/// A number without float noise: at most 6 decimals, trailing zeros cut.
#[must_use]
pub fn plain_number(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// `1234567` as `1,234,567`.
#[must_use]
pub fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A titled table with a base line and notes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Table {
    /// What the table shows.
    pub title: String,
    /// The base line (`Base: all who answered (n = 1,234)`) or other caption.
    pub caption: Option<String>,
    /// Column headings.
    pub columns: Vec<String>,
    /// Rows of cells, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
    /// Notes under the table (suppression applied, test assumptions).
    pub notes: Vec<String>,
}

impl Table {
    /// An empty table with a title and column headings.
    #[must_use]
    pub fn new(title: impl Into<String>, columns: &[&str]) -> Table {
        Table {
            title: title.into(),
            columns: columns.iter().map(|column| (*column).to_string()).collect(),
            ..Table::default()
        }
    }

    /// This table with a caption.
    #[must_use]
    pub fn with_caption(mut self, caption: impl Into<String>) -> Table {
        self.caption = Some(caption.into());
        self
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(
            row.len(),
            self.columns.len(),
            "row width must match the columns of \"{}\"",
            self.title
        );
        self.rows.push(row);
    }

    /// Aligned plain text for a terminal: title, caption, header, rows, notes. Text cells longer
    /// than `max_width` characters are cut with an ellipsis.
    #[must_use]
    pub fn to_text(&self, max_width: usize) -> String {
        let shown: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| crate::text::shorten(&single_line(&cell.display()), max_width))
                    .collect()
            })
            .collect();
        let mut widths: Vec<usize> = self
            .columns
            .iter()
            .map(|column| column.chars().count())
            .collect();
        for row in &shown {
            for (index, cell) in row.iter().enumerate() {
                if let Some(width) = widths.get_mut(index) {
                    *width = (*width).max(cell.chars().count());
                }
            }
        }
        let numeric: Vec<bool> = (0..self.columns.len())
            .map(|index| {
                self.rows
                    .iter()
                    .any(|row| row.get(index).is_some_and(Cell::is_numeric))
            })
            .collect();
        let mut out = String::new();
        if !self.title.is_empty() {
            out.push_str(&single_line(&self.title));
            out.push('\n');
        }
        if let Some(caption) = &self.caption {
            out.push_str(&single_line(caption));
            out.push('\n');
        }
        let line = |cells: &[String]| -> String {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(index, cell)| {
                    let width = widths.get(index).copied().unwrap_or(0);
                    let padding = width.saturating_sub(cell.chars().count());
                    if numeric[index] {
                        format!("{}{cell}", " ".repeat(padding))
                    } else {
                        format!("{cell}{}", " ".repeat(padding))
                    }
                })
                .collect();
            format!("  {}", parts.join("  ").trim_end())
        };
        out.push_str(&line(&self.columns));
        out.push('\n');
        let rule: Vec<String> = widths.iter().map(|width| "-".repeat(*width)).collect();
        out.push_str(&line(&rule));
        out.push('\n');
        for row in &shown {
            out.push_str(&line(row));
            out.push('\n');
        }
        for note in &self.notes {
            out.push_str("  note: ");
            out.push_str(&single_line(note));
            out.push('\n');
        }
        out
    }

    /// CSV with a header row; text neutralised against formula injection, numbers full
    /// precision. The title and notes are not included (CSV is for machines).
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let header: Vec<String> = self
            .columns
            .iter()
            .map(|column| safe::neutralise_formula(column))
            .collect();
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&header);
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(Cell::csv).collect();
            let _ = writer.write_record(&cells);
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// A Markdown section: title in bold, caption, a pipe table, notes; all text escaped.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        if !self.title.is_empty() {
            let _ = write!(out, "**{}**\n\n", safe::markdown_escape(&self.title));
        }
        if let Some(caption) = &self.caption {
            let _ = write!(out, "{}\n\n", safe::markdown_escape(caption));
        }
        let header: Vec<String> = self
            .columns
            .iter()
            .map(|column| safe::markdown_escape(column))
            .collect();
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let aligns: Vec<&str> = (0..self.columns.len())
            .map(|index| {
                if self
                    .rows
                    .iter()
                    .any(|row| row.get(index).is_some_and(Cell::is_numeric))
                {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        let _ = writeln!(out, "| {} |", aligns.join(" | "));
        for row in &self.rows {
            // Only text can carry respondent content; numbers and markers such as `<5` are ours and
            // read literally (`<5` cannot open an HTML tag).
            let cells: Vec<String> = row
                .iter()
                .map(|cell| {
                    if let Cell::Text(text) = cell {
                        safe::markdown_escape(text)
                    } else {
                        cell.display()
                    }
                })
                .collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        for note in &self.notes {
            let _ = write!(out, "\n*{}*\n", safe::markdown_escape(note));
        }
        out
    }
}

/// Several tables as one, for CSV: a leading `table` column with each row's table title, and the
/// union of the columns in order of first appearance (cells a table lacks are empty).
#[must_use]
pub fn stack(tables: &[Table]) -> Table {
    let mut columns: Vec<String> = vec!["table".to_string()];
    for table in tables {
        for column in &table.columns {
            if !columns.contains(column) {
                columns.push(column.clone());
            }
        }
    }
    let mut stacked = Table {
        title: String::new(),
        caption: None,
        columns: columns.clone(),
        rows: Vec::new(),
        notes: Vec::new(),
    };
    for table in tables {
        for row in &table.rows {
            let mut cells = vec![Cell::Empty; columns.len()];
            cells[0] = Cell::Text(table.title.clone());
            for (column, cell) in table.columns.iter().zip(row) {
                if let Some(position) = columns.iter().position(|name| name == column) {
                    cells[position] = cell.clone();
                }
            }
            stacked.rows.push(cells);
        }
    }
    stacked
}

/// One line for a terminal: whitespace runs become one space, and control and bidirectional
/// characters are dropped so respondent text cannot drive the terminal.
fn single_line(text: &str) -> String {
    safe::terminal_text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut table = Table::new("Q1 Do you agree?", &["Option", "Count", "%"])
            .with_caption("Base: all who answered (n = 1,234)");
        table.push(vec![
            Cell::text("Agree"),
            Cell::Count(1000),
            Cell::percent(81.037),
        ]);
        table.push(vec![
            Cell::text("=cmd|' /C calc'!A0"),
            Cell::Suppressed("<5".into()),
            Cell::Suppressed("<5".into()),
        ]);
        table
    }

    #[test]
    fn text_is_aligned_with_numbers_right() {
        let text = sample().to_text(40);
        assert!(
            text.contains("  Agree               1,000  81.0%"),
            "{text}"
        );
        assert!(text.contains("Base: all who answered (n = 1,234)"));
    }

    #[test]
    fn csv_neutralises_formulas_and_keeps_precision() {
        let csv = sample().to_csv();
        assert_eq!(
            csv,
            "Option,Count,%\nAgree,1000,81.037\n'=cmd|' /C calc'!A0,<5,<5\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes() {
        let markdown = sample().to_markdown();
        assert!(
            markdown.contains("| \\=cmd\\|' /C calc'!A0 | <5 | <5 |"),
            "{markdown}"
        );
        assert!(markdown.contains("| --- | ---: | ---: |"));
    }

    #[test]
    fn stacked_tables_share_columns() {
        let mut a = Table::new("A", &["Option", "Count"]);
        a.push(vec![Cell::text("x"), Cell::Count(1)]);
        let mut b = Table::new("B", &["Option", "%"]);
        b.push(vec![Cell::text("y"), Cell::percent(50.0)]);
        assert_eq!(
            stack(&[a, b]).to_csv(),
            "table,Option,Count,%\nA,x,1,\nB,y,,50\n"
        );
    }

    #[test]
    fn thousands_and_plain_numbers() {
        assert_eq!(group_thousands(1_234_567), "1,234,567");
        assert_eq!(group_thousands(12), "12");
        assert_eq!(plain_number(0.1 + 0.2), "0.3");
        assert_eq!(plain_number(-0.0), "0");
    }
}
