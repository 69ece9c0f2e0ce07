//! `Table`: report-ready rows and columns with a title, a base line and notes, written as
//! aligned text, CSV, Markdown or JSON. Every command's tabular output goes through here, so
//! respondent text is made safe in one place (formulas neutralised in CSV, Markdown escaped).

use std::fmt::Write as _;

use serde::Serialize;

use crate::privacy::disclosure::TableKind;
use crate::privacy::safe;

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
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
    /// A percentage of a group, 0-100, shown with one decimal, with the number of respondents
    /// it stands for (the table prints the group's base, not the count): disclosure control
    /// treats it as that count.
    Share {
        /// The percentage.
        percent: f64,
        /// The respondents it stands for.
        count: u64,
    },
    /// A weighted count (Σ w over respondents), shown with one decimal, with the number of
    /// respondents behind it: disclosure control treats it as that count.
    Weighted {
        /// Σ w.
        value: f64,
        /// The respondents it stands for.
        count: u64,
    },
    /// A count of the people of a small base, shown as "7 of 11" (a small sample's tables:
    /// the base beside each count instead of a percentage); CSV, JSON and XLSX keep the count.
    CountOf {
        /// The count.
        count: u64,
        /// The base it is of.
        of: u64,
    },
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
            Cell::CountOf { count, of } => {
                format!("{} of {}", group_thousands(*count), group_thousands(*of))
            }
            Cell::Number { value, decimals } => {
                format!("{value:.prec$}", prec = usize::from(*decimals))
            }
            Cell::Percent(value) | Cell::Share { percent: value, .. } => format!("{value:.1}%"),
            Cell::Weighted { value, .. } => format!("{value:.1}"),
            Cell::Suppressed(marker) => marker.clone(),
            Cell::Empty => String::new(),
        }
    }

    /// The cell for a CSV file: numbers plain and full precision, text neutralised.
    #[must_use]
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(text) => safe::neutralise_formula(text),
            Cell::Count(count) | Cell::CountOf { count, .. } => count.to_string(),
            Cell::Number { value, .. }
            | Cell::Percent(value)
            | Cell::Share { percent: value, .. }
            | Cell::Weighted { value, .. } => plain_number(*value),
            Cell::Suppressed(marker) => safe::neutralise_formula(marker),
            Cell::Empty => String::new(),
        }
    }

    /// True for numeric cells (right-aligned).
    #[must_use]
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Cell::Count(_)
                | Cell::CountOf { .. }
                | Cell::Number { .. }
                | Cell::Percent(_)
                | Cell::Share { .. }
                | Cell::Weighted { .. }
                | Cell::Suppressed(_)
        )
    }

    /// A percentage of a group standing for `count` respondents; not-a-number becomes empty.
    #[must_use]
    pub fn share(percent: f64, count: u64) -> Cell {
        if percent.is_finite() {
            Cell::Share { percent, count }
        } else {
            Cell::Empty
        }
    }

    /// The number of respondents the cell shows or stands for: a count, or a share's count.
    #[must_use]
    pub fn respondents(&self) -> Option<u64> {
        match self {
            Cell::Count(count)
            | Cell::CountOf { count, .. }
            | Cell::Share { count, .. }
            | Cell::Weighted { count, .. } => Some(*count),
            _ => None,
        }
    }

    /// The number a numeric cell shows (a count, a number, a percentage), if any.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        match self {
            Cell::Count(count) | Cell::CountOf { count, .. } => Some(*count as f64),
            Cell::Number { value, .. }
            | Cell::Percent(value)
            | Cell::Share { percent: value, .. }
            | Cell::Weighted { value, .. } => Some(*value),
            _ => None,
        }
    }
}

/// Text as a string, numbers as numbers (full precision), withheld cells as their marker, and
/// empty cells as `null`: the cell as `report.json` holds it.
impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Text(text) | Cell::Suppressed(text) => serializer.serialize_str(text),
            Cell::Count(count) | Cell::CountOf { count, .. } => serializer.serialize_u64(*count),
            Cell::Number { value, .. }
            | Cell::Percent(value)
            | Cell::Share { percent: value, .. }
            | Cell::Weighted { value, .. } => serializer.serialize_f64(*value),
            Cell::Empty => serializer.serialize_unit(),
        }
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

/// What a column holds. Rules that depend on what a figure is (disclosure control, the charts
/// drawn from a table) follow the role, never the column's position, so a new kind of table is
/// covered by declaring its columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "role", content = "of")]
pub enum Role {
    /// Names each row: an answer, a group, a period, a theme.
    Label,
    /// Other text: wording, explanations, respondents' own words.
    Text,
    /// Counts of respondents (or of their answers): small ones are withheld by disclosure
    /// control.
    Count,
    /// Percentages that each stand for a number of respondents the table does not print (a
    /// group's column of percentages, its base in a total row): every figure is a
    /// [`Cell::Share`], controlled as the count it stands for.
    Share,
    /// Each row's total of its [`Count`](Role::Count) or [`Share`](Role::Share) columns.
    Total,
    /// Percentages of the count in the column given, row by row: withheld with that count.
    Percent(usize),
    /// An interval bound (or another figure worked out from one count, such as a representation
    /// index) of the column given, row by row: withheld with that column's figure.
    Derived(usize),
    /// Running totals of the count column given, down the rows (responses so far): withheld
    /// from the first withheld count of that column on, since two running totals give the
    /// count between them back.
    Cumulative(usize),
    /// A statistic worked out from all the counts in its row (a mean rank): withheld when any
    /// of them is.
    Statistic,
    /// A number that does not describe respondents (a population percentage, a cost, a row
    /// number): never withheld.
    Value,
}

impl Role {
    /// True for the roles whose cells are counts of respondents (or stand for one).
    #[must_use]
    pub fn is_count(self) -> bool {
        matches!(self, Role::Count | Role::Share | Role::Total)
    }

    /// The column this role's figures are worked out from, if any.
    #[must_use]
    pub fn of(self) -> Option<usize> {
        match self {
            Role::Percent(column) | Role::Derived(column) => Some(column),
            _ => None,
        }
    }
}

/// A column: its heading and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The heading.
    pub name: String,
    /// What its cells hold.
    pub role: Role,
}

impl Column {
    /// A column with a heading and a role.
    #[must_use]
    pub fn new(name: impl Into<String>, role: Role) -> Column {
        Column {
            name: name.into(),
            role,
        }
    }

    /// A column naming each row.
    #[must_use]
    pub fn label(name: impl Into<String>) -> Column {
        Column::new(name, Role::Label)
    }

    /// A column of other text.
    #[must_use]
    pub fn text(name: impl Into<String>) -> Column {
        Column::new(name, Role::Text)
    }

    /// A column of counts of respondents.
    #[must_use]
    pub fn count(name: impl Into<String>) -> Column {
        Column::new(name, Role::Count)
    }

    /// A column of percentages that stand for counts the table does not print.
    #[must_use]
    pub fn share(name: impl Into<String>) -> Column {
        Column::new(name, Role::Share)
    }

    /// A column of row totals.
    #[must_use]
    pub fn total(name: impl Into<String>) -> Column {
        Column::new(name, Role::Total)
    }

    /// A column of percentages of the counts in column `of`.
    #[must_use]
    pub fn percent(name: impl Into<String>, of: usize) -> Column {
        Column::new(name, Role::Percent(of))
    }

    /// A column of figures worked out from column `of` (interval bounds, indices).
    #[must_use]
    pub fn derived(name: impl Into<String>, of: usize) -> Column {
        Column::new(name, Role::Derived(of))
    }

    /// A column of running totals of column `of`.
    #[must_use]
    pub fn cumulative(name: impl Into<String>, of: usize) -> Column {
        Column::new(name, Role::Cumulative(of))
    }

    /// A column of statistics over each row's counts.
    #[must_use]
    pub fn statistic(name: impl Into<String>) -> Column {
        Column::new(name, Role::Statistic)
    }

    /// A column of numbers that do not describe respondents.
    #[must_use]
    pub fn value(name: impl Into<String>) -> Column {
        Column::new(name, Role::Value)
    }
}

/// A heading alone is a column of text: tables of words and of figures that describe no
/// respondents. Any [`Cell::Count`] in such a column is still a count to disclosure control.
impl From<&str> for Column {
    fn from(name: &str) -> Column {
        Column::text(name)
    }
}

impl From<String> for Column {
    fn from(name: String) -> Column {
        Column::text(name)
    }
}

/// What a row holds, for the rules that follow from it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "role", content = "of")]
pub enum RowRole {
    /// An answer, a group, a period: one of the rows the totals add up.
    #[default]
    Body,
    /// The totals of the body rows, column by column.
    Total,
    /// The totals of the rows given (a top-two box: Agree plus Strongly agree).
    Sum(Vec<usize>),
    /// Statistics over the counts in its column (a mean, net agreement): withheld when any of
    /// the column's body counts, or its total, is.
    Statistic,
    /// Counts beside the table's totals (answers left out, answers far out): controlled as
    /// counts, but part of no total and behind no statistic.
    Aside,
}

/// A row of cells and what it holds. It reads as its cells (`row[1]`, `row.iter()`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    /// The cells, one per column.
    pub cells: Vec<Cell>,
    /// What the row holds.
    pub role: RowRole,
}

impl Row {
    /// A body row.
    #[must_use]
    pub fn body(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            role: RowRole::Body,
        }
    }
}

impl std::ops::Deref for Row {
    type Target = Vec<Cell>;
    fn deref(&self) -> &Vec<Cell> {
        &self.cells
    }
}

impl std::ops::DerefMut for Row {
    fn deref_mut(&mut self) -> &mut Vec<Cell> {
        &mut self.cells
    }
}

impl From<Vec<Cell>> for Row {
    fn from(cells: Vec<Cell>) -> Row {
        Row::body(cells)
    }
}

impl Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.cells.serialize(serializer)
    }
}

/// A total a table's reader knows from outside its rows (the base in its caption): the sum of
/// some rows of one column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutsideTotal {
    /// The column of counts it totals.
    pub column: usize,
    /// The rows it totals; empty for every body row.
    pub rows: Vec<usize>,
    /// The total as published.
    pub total: u64,
}

/// A titled table with a base line and notes.
///
/// Its columns and rows say what they hold ([`Role`], [`RowRole`]), so that disclosure control
/// ([`DisclosurePolicy::apply`](crate::privacy::disclosure::DisclosurePolicy::apply)) covers
/// every count, and the percentages, intervals and statistics worked out from them, wherever
/// the table is printed; charts of a table are drawn from its disclosed cells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// What the table shows.
    pub title: String,
    /// The base line (`Base: all who answered (n = 1,234)`) or other caption.
    pub caption: Option<String>,
    /// Column headings and roles.
    pub columns: Vec<Column>,
    /// Rows of cells, each as long as `columns`.
    pub rows: Vec<Row>,
    /// Notes under the table (suppression applied, test assumptions).
    pub notes: Vec<String>,
    /// What the table is about, for which disclosure scope covers it.
    pub kind: TableKind,
    /// Totals published outside the rows (the base in the caption), which a reader can
    /// subtract from.
    pub outside_totals: Vec<OutsideTotal>,
    /// True when the rows are groups of respondents (a cross-tab's row question), so that a
    /// row whose total is small is a group too small to publish; columns with a total row
    /// are always taken as groups.
    pub rows_are_groups: bool,
}

impl Serialize for Table {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut table = serializer.serialize_struct("Table", 7)?;
        table.serialize_field("title", &self.title)?;
        table.serialize_field("caption", &self.caption)?;
        table.serialize_field("columns", &self.column_names())?;
        table.serialize_field(
            "column_roles",
            &self
                .columns
                .iter()
                .map(|column| column.role)
                .collect::<Vec<_>>(),
        )?;
        table.serialize_field("rows", &self.rows)?;
        table.serialize_field(
            "row_roles",
            &self.rows.iter().map(|row| &row.role).collect::<Vec<_>>(),
        )?;
        table.serialize_field("notes", &self.notes)?;
        table.end()
    }
}

impl Table {
    /// An empty table with a title and columns: headings alone (`&["Measure", "Value"]`) make
    /// text columns; give [`Column`]s to say which hold counts and percentages.
    #[must_use]
    pub fn new<C: Into<Column> + Clone>(title: impl Into<String>, columns: &[C]) -> Table {
        Table {
            title: title.into(),
            columns: columns.iter().cloned().map(Into::into).collect(),
            ..Table::default()
        }
    }

    /// This table with a caption.
    #[must_use]
    pub fn with_caption(mut self, caption: impl Into<String>) -> Table {
        self.caption = Some(caption.into());
        self
    }

    /// This table as being about `kind` (a profile question, a cross-tabulation).
    #[must_use]
    pub fn with_kind(mut self, kind: TableKind) -> Table {
        self.kind = kind;
        self
    }

    /// The column headings.
    #[must_use]
    pub fn column_names(&self) -> Vec<&str> {
        self.columns
            .iter()
            .map(|column| column.name.as_str())
            .collect()
    }

    /// The first column with this role.
    #[must_use]
    pub fn column_with(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|column| column.role == role)
    }

    /// Adds a body row.
    pub fn push(&mut self, row: Vec<Cell>) {
        self.push_row(RowRole::Body, row);
    }

    /// Adds a row with a role; returns its index.
    pub fn push_row(&mut self, role: RowRole, row: Vec<Cell>) -> usize {
        debug_assert_eq!(
            row.len(),
            self.columns.len(),
            "row width must match the columns of \"{}\"",
            self.title
        );
        self.rows.push(Row { cells: row, role });
        self.rows.len() - 1
    }

    /// Says that the body rows of count column `column` add up to `total`, published outside
    /// the table (in its caption).
    pub fn total_outside(&mut self, column: usize, total: u64) {
        self.outside_totals.push(OutsideTotal {
            column,
            rows: Vec::new(),
            total,
        });
    }

    /// Says that rows `rows` of count column `column` add up to `total`, published outside
    /// the table.
    pub fn rows_total_outside(&mut self, column: usize, rows: Vec<usize>, total: u64) {
        self.outside_totals.push(OutsideTotal {
            column,
            rows,
            total,
        });
    }

    /// True when some cell was withheld by disclosure control.
    #[must_use]
    pub fn has_withheld(&self) -> bool {
        self.rows
            .iter()
            .any(|row| row.iter().any(|cell| matches!(cell, Cell::Suppressed(_))))
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
                    .map(|cell| truncate(&single_line(&cell.display()), max_width))
                    .collect()
            })
            .collect();
        let mut widths: Vec<usize> = self
            .columns
            .iter()
            .map(|column| column.name.chars().count())
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
        let headings: Vec<String> = self
            .columns
            .iter()
            .map(|column| column.name.clone())
            .collect();
        out.push_str(&line(&headings));
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
            .map(|column| safe::neutralise_formula(&column.name))
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
            .map(|column| safe::markdown_escape(&column.name))
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
    // Stacking comes after disclosure control: the cells are final, so the columns keep only
    // their headings (the first role met for each).
    let mut columns: Vec<Column> = vec![Column::text("table")];
    for table in tables {
        for column in &table.columns {
            if !columns.iter().any(|known| known.name == column.name) {
                columns.push(column.clone());
            }
        }
    }
    let mut stacked = Table {
        columns,
        ..Table::default()
    };
    for table in tables {
        for row in &table.rows {
            let mut cells = vec![Cell::Empty; stacked.columns.len()];
            cells[0] = Cell::Text(table.title.clone());
            for (column, cell) in table.columns.iter().zip(row.iter()) {
                if let Some(position) = stacked
                    .columns
                    .iter()
                    .position(|known| known.name == column.name)
                {
                    cells[position] = cell.clone();
                }
            }
            stacked.rows.push(Row::body(cells));
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

/// `text` cut to at most `max` characters, with an ellipsis where it was cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}\u{2026}", cut.trim_end())
    }
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
