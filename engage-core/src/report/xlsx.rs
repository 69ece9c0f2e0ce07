//! The report as a workbook: one sheet per section holding its tables with bold, frozen header
//! rows, counts as numbers, percentages in a percent format, bases in the captions; the
//! methodology section becomes the `Notes` sheet. Text cells are always strings (never
//! formulas), and any that a spreadsheet would take for a formula carry the quote prefix.

use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet};

use super::document::{Block, Document, Section};
use crate::error::{Error, Result};
use crate::privacy::safe;
use crate::table::{Cell, Table};

/// The most characters an Excel cell holds.
const CELL_LIMIT: usize = 32_767;

struct Formats {
    title: Format,
    heading: Format,
    header: Format,
    text: Format,
    wrapped: Format,
    muted: Format,
    count: Format,
    percent: Format,
    /// Numbers by the decimals the table shows: 0, 0.0, 0.00...
    numbers: [Format; 5],
    marker: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Medium)
                .set_text_wrap(),
            text: Format::new(),
            wrapped: Format::new().set_text_wrap(),
            muted: Format::new().set_font_color(0x0059_5959).set_italic(),
            count: Format::new().set_num_format("#,##0"),
            percent: Format::new().set_num_format("0.0%"),
            numbers: ["0", "0.0", "0.00", "0.000", "0.0000"]
                .map(|pattern| Format::new().set_num_format(pattern)),
            marker: Format::new().set_align(rust_xlsxwriter::FormatAlign::Right),
        }
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let cleaned: String = safe::strip_bidi(title)
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').to_string();
    let base: String = if cleaned.is_empty() {
        "Sheet".to_string()
    } else {
        cleaned.chars().take(31).collect()
    };
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|other| other.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({n})");
        name = format!(
            "{}{suffix}",
            base.chars()
                .take(31 - suffix.chars().count())
                .collect::<String>()
        );
        n += 1;
    }
    used.push(name.clone());
    name
}

/// Writes text as a string cell, cut to Excel's limit, with the quote prefix when it looks like
/// a formula.
fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: &str,
    format: &Format,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let text: String = text
        .chars()
        .filter(|c| *c != '\0')
        .take(CELL_LIMIT)
        .collect();
    if safe::is_formula_like(&text) {
        sheet.write_string_with_format(row, column, text, &format.clone().set_quote_prefix())?;
    } else {
        sheet.write_string_with_format(row, column, text, format)?;
    }
    Ok(())
}

fn write_table(
    sheet: &mut Worksheet,
    mut row: u32,
    table: &Table,
    formats: &Formats,
) -> std::result::Result<u32, rust_xlsxwriter::XlsxError> {
    write_text(sheet, row, 0, &table.title, &formats.heading)?;
    row += 1;
    if let Some(caption) = &table.caption {
        write_text(sheet, row, 0, caption, &formats.muted)?;
        row += 1;
    }
    for (column, name) in table.columns.iter().enumerate() {
        write_text(sheet, row, column as u16, &name.name, &formats.header)?;
    }
    row += 1;
    for cells in &table.rows {
        for (column, cell) in cells.iter().enumerate() {
            let column = column as u16;
            match cell {
                Cell::Text(text) => write_text(sheet, row, column, text, &formats.text)?,
                Cell::Count(count) | Cell::CountOf { count, .. } => {
                    sheet.write_number_with_format(row, column, *count as f64, &formats.count)?;
                }
                Cell::Percent(value) | Cell::Share { percent: value, .. } => {
                    sheet.write_number_with_format(row, column, value / 100.0, &formats.percent)?;
                }
                Cell::Weighted { value, .. } => {
                    sheet.write_number_with_format(row, column, *value, &formats.numbers[1])?;
                }
                Cell::Number { value, decimals } => {
                    let format = &formats.numbers[usize::from(*decimals).min(4)];
                    sheet.write_number_with_format(row, column, *value, format)?;
                }
                Cell::Suppressed(marker) => {
                    write_text(sheet, row, column, marker, &formats.marker)?;
                }
                Cell::Empty => {}
            }
        }
        row += 1;
    }
    for note in &table.notes {
        write_text(sheet, row, 0, note, &formats.muted)?;
        row += 1;
    }
    Ok(row + 1)
}

fn write_blocks(
    sheet: &mut Worksheet,
    mut row: u32,
    section: &Section,
    formats: &Formats,
    first_table_header: &mut Option<u32>,
) -> std::result::Result<u32, rust_xlsxwriter::XlsxError> {
    for block in &section.blocks {
        match block {
            Block::Paragraph { text } | Block::Note { text } => {
                write_text(
                    sheet,
                    row,
                    0,
                    text,
                    if matches!(block, Block::Note { .. }) {
                        &formats.muted
                    } else {
                        &formats.wrapped
                    },
                )?;
                row += 2;
            }
            Block::List { items } => {
                for item in items {
                    write_text(sheet, row, 0, &format!("\u{2022} {item}"), &formats.wrapped)?;
                    row += 1;
                }
                row += 1;
            }
            Block::KeyFigures { figures } => {
                for (label, value) in figures {
                    write_text(sheet, row, 0, label, &formats.text)?;
                    write_text(sheet, row, 1, value, &formats.heading)?;
                    row += 1;
                }
                row += 1;
            }
            Block::Table(table) => {
                if first_table_header.is_none() {
                    *first_table_header = Some(row + 1 + u32::from(table.table.caption.is_some()));
                }
                row = write_table(sheet, row, &table.table, formats)?;
            }
            Block::Chart(figure) => {
                write_text(
                    sheet,
                    row,
                    0,
                    &format!(
                        "Chart: see charts/{}.png. {}",
                        figure.id,
                        figure.chart.alt_text()
                    ),
                    &formats.muted,
                )?;
                row += 2;
            }
            Block::Quote { text, attribution } => {
                let shown = match attribution {
                    Some(attribution) => format!("\u{201c}{text}\u{201d} \u{2014} {attribution}"),
                    None => format!("\u{201c}{text}\u{201d}"),
                };
                write_text(sheet, row, 0, &shown, &formats.wrapped)?;
                row += 2;
            }
        }
    }
    for subsection in &section.subsections {
        write_text(sheet, row, 0, &subsection.title, &formats.heading)?;
        row += 1;
        row = write_blocks(sheet, row, subsection, formats, first_table_header)?;
    }
    Ok(row)
}

/// Renders the workbook's bytes.
pub fn render(document: &Document) -> Result<Vec<u8>> {
    let wrap = |error: rust_xlsxwriter::XlsxError| Error::output("report.xlsx", error.to_string());
    let mut workbook = Workbook::new();
    // A fixed creation date keeps the bytes the same from run to run.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1).map_err(wrap)?;
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(&document.title)
            .set_author("engage"),
    );
    let formats = Formats::new();
    let mut used = Vec::new();
    let mut sections: Vec<&Section> = document
        .sections
        .iter()
        .filter(|section| section.id != "methodology")
        .collect();
    // The methodology goes last, as the Notes sheet.
    sections.extend(
        document
            .sections
            .iter()
            .filter(|section| section.id == "methodology"),
    );
    for section in sections {
        let name = if section.id == "methodology" {
            sheet_name("Notes", &mut used)
        } else {
            sheet_name(&section.title, &mut used)
        };
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(wrap)?;
        write_text(sheet, 0, 0, &section.title, &formats.title).map_err(wrap)?;
        let mut first_table_header = None;
        write_blocks(sheet, 2, section, &formats, &mut first_table_header).map_err(wrap)?;
        sheet.set_column_width(0, 48).map_err(wrap)?;
        for column in 1..8 {
            sheet.set_column_width(column, 14).map_err(wrap)?;
        }
        // Freeze the first table's header row so it stays in view while scrolling.
        if let Some(header) = first_table_header {
            sheet.set_freeze_panes(header + 1, 0).map_err(wrap)?;
        }
    }
    if used.is_empty() {
        workbook.add_worksheet().set_name("Report").map_err(wrap)?;
    }
    workbook.save_to_buffer().map_err(wrap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        assert_eq!(
            sheet_name("Q5: Which services [2024]?", &mut used),
            "Q5 Which services 2024"
        );
        assert_eq!(
            sheet_name("A very long section title that goes on and on", &mut used),
            "A very long section title that "
        );
        assert_eq!(
            sheet_name("A very long section title that goes on and on", &mut used),
            "A very long section title t (2)"
        );
    }

    #[test]
    fn numbers_are_numbers_and_formulas_are_inert() {
        let mut table = Table::new("Q1", &["Option", "Count", "%"]);
        table.push(vec![
            Cell::text("=HYPERLINK(\"http://x\")"),
            Cell::Count(1234),
            Cell::percent(81.5),
        ]);
        table.push(vec![
            Cell::text("No"),
            Cell::Suppressed("<5".into()),
            Cell::Suppressed("<5".into()),
        ]);
        let mut section = Section::new("q1", "Questions");
        section.push(Block::table("q1", table));
        let mut methodology = Section::new("methodology", "Methodology");
        methodology.push(Block::paragraph("Counts below 5 are withheld."));
        let bytes = render(&Document {
            title: "Report".into(),
            subtitle: None,
            sections: vec![methodology, section],
        })
        .unwrap();
        let mut workbook: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(workbook.sheet_names(), ["Questions", "Notes"]);
        let range = workbook.worksheet_range("Questions").unwrap();
        let cells: Vec<&Data> = range.used_cells().map(|(_, _, cell)| cell).collect();
        assert!(
            cells.contains(&&Data::String("=HYPERLINK(\"http://x\")".into())),
            "text stays text: {cells:?}"
        );
        assert!(cells.contains(&&Data::Float(1234.0)));
        assert!(cells.contains(&&Data::Float(0.815)));
        assert!(cells.contains(&&Data::String("<5".into())));
    }
}
