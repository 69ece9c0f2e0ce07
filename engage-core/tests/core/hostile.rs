//! `testdata/hostile.csv` through every writer: whatever respondents type, the outputs must be
//! inert. No CSV cell may start a formula, every XLSX cell must be a string (never a formula), no
//! Markdown may carry raw HTML, no terminal text may carry escape sequences, and no output may
//! carry a NUL byte.

use calamine::{Data, Reader, Xlsx};
use engage_core::export::{self, XLSX_MAX_CELL_CHARS};
use engage_core::privacy::safe;
use engage_core::{
    Cell, Dataset, IngestOptions, Question, QuestionType, Schema, Source, Table, read_path,
};
use polars::prelude::{Column, DataFrame, PlSmallStr};

use crate::testdata;

/// What a spreadsheet program would run as a formula or command if a cell started with it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The fixture as ingest reads it (ingest already drops NUL and other control characters).
fn ingested() -> Dataset {
    read_path(testdata("hostile.csv"), &IngestOptions::default()).expect("hostile.csv reads")
}

/// The fixture's cells exactly as written, NUL bytes, escapes and leading tabs included: the
/// headers, then the rows.
fn raw_cells() -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(testdata("hostile.csv")).expect("hostile.csv opens");
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

/// The raw cells as a dataset of free-text questions, for writers that take a dataset: a tool
/// embedding engage-core may build one without going through ingest.
fn raw() -> Dataset {
    let (headers, rows) = raw_cells();
    let mut columns = Vec::new();
    let mut questions = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        let id = format!("q{index}");
        let values: Vec<&str> = rows.iter().map(|row| row[index].as_str()).collect();
        columns.push(Column::new(PlSmallStr::from_str(&id), values));
        let mut question = Question::new(&id, header, QuestionType::FreeText);
        question.columns = vec![header.clone()];
        questions.push(question);
    }
    let frame = DataFrame::new(rows.len(), columns).unwrap();
    Dataset::new(frame, Schema::new(questions), Source::default()).unwrap()
}

/// Both ways in: as a tool might build it, and as `engage` reads it.
fn datasets() -> [Dataset; 2] {
    [raw(), ingested()]
}

/// Every question's answers as text, row by row, with the headers first.
fn cells(dataset: &Dataset) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = export::headers(dataset);
    let columns: Vec<Vec<Option<String>>> = dataset
        .schema()
        .questions()
        .iter()
        .map(|question| dataset.texts(&question.id).unwrap())
        .collect();
    let rows = (0..dataset.respondents())
        .map(|row| {
            columns
                .iter()
                .map(|column| column[row].clone().unwrap_or_default())
                .collect()
        })
        .collect();
    (headers, rows)
}

fn table(dataset: &Dataset) -> Table {
    let (headers, rows) = cells(dataset);
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new("Hostile answers", &header_refs)
        .with_caption("=caption <script>alert(1)</script>");
    for row in rows {
        table.push(row.into_iter().map(Cell::Text).collect());
    }
    table
        .notes
        .push("# a note\u{202E}with a bidi override".to_string());
    table
}

fn assert_csv_inert(text: &str) {
    assert!(!text.contains('\0'), "a NUL byte in CSV");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut fields = 0;
    for record in reader.records() {
        for field in &record.expect("valid CSV") {
            let field = field.trim_start_matches('\u{feff}');
            fields += 1;
            assert!(
                !field.starts_with(FORMULA_STARTS)
                    && !field.trim_start().starts_with(['=', '+', '@']),
                "CSV cell starts a formula: {:?}",
                field.chars().take(60).collect::<String>()
            );
        }
    }
    assert!(fields > 40, "only {fields} CSV fields");
}

#[test]
fn the_fixture_is_as_hostile_as_it_claims() {
    // Regression guard: if ingest ever cleaned these up, the writer tests below would pass
    // without testing anything.
    let (headers, rows) = raw_cells();
    let all: Vec<&String> = headers.iter().chain(rows.iter().flatten()).collect();
    let any = |predicate: &dyn Fn(&str) -> bool| all.iter().any(|cell| predicate(cell));
    for start in ['=', '+', '-', '@'] {
        assert!(
            any(&|cell| cell.starts_with(start)),
            "no cell starts with {start}"
        );
    }
    assert!(any(&|cell| cell.contains("=HYPERLINK(")));
    assert!(any(&|cell| cell.contains("<script>")));
    assert!(any(&|cell| cell.contains("javascript:")));
    assert!(any(&|cell| cell.contains('\u{202E}')));
    assert!(any(&|cell| cell.contains('\u{1b}')));
    assert!(any(&|cell| cell.contains('\0')));
    assert!(any(&|cell| cell.len() >= 1_000_000));
    assert!(any(&|cell| cell.starts_with('\t')));
    assert!(any(&|cell| cell.starts_with('\r')));
}

#[test]
fn table_csv_is_inert() {
    for dataset in datasets() {
        assert_csv_inert(&table(&dataset).to_csv());
    }
}

#[test]
fn table_markdown_has_no_raw_html_or_blocks() {
    for dataset in datasets() {
        assert_markdown_inert(&table(&dataset).to_markdown());
    }
}

fn assert_markdown_inert(markdown: &str) {
    assert!(
        markdown
            .chars()
            .all(|c| c == '\n' || c == '\t' || !c.is_control()),
        "a control character in Markdown"
    );
    let lower = markdown.to_lowercase();
    for raw in ["<script", "<img", "<a ", "</"] {
        assert!(!lower.contains(raw), "raw HTML {raw:?} in Markdown");
    }
    // Every line is the bold title, the escaped caption, a table row, a note or blank: no
    // respondent text can open a heading, quote or list, or add a table row of its own.
    for line in markdown.lines() {
        let table_row = line.starts_with("| ") && line.ends_with(" |");
        assert!(
            line.is_empty()
                || table_row
                || line.starts_with("**")
                || line.starts_with("\\=caption")
                || line.starts_with("*\\#"),
            "unexpected Markdown line: {:?}",
            line.chars().take(60).collect::<String>()
        );
        if table_row {
            // 3 columns: 4 unescaped pipes.
            let unescaped = line
                .match_indices('|')
                .filter(|(at, _)| !line[..*at].ends_with('\\'));
            assert_eq!(
                unescaped.count(),
                4,
                "a cell broke out of its column: {line:.60}"
            );
        }
    }
}

#[test]
fn table_text_cannot_drive_the_terminal() {
    for dataset in datasets() {
        let text = table(&dataset).to_text(60);
        assert!(
            text.chars().all(|c| c == '\n' || !c.is_control()),
            "a control character in terminal text"
        );
        assert!(!text.contains('\u{202E}'));
    }
}

#[test]
fn html_escaping_leaves_no_markup() {
    let (headers, rows) = raw_cells();
    for cell in headers.iter().chain(rows.iter().flatten()) {
        let escaped = safe::html_escape(cell);
        assert!(!escaped.contains(['<', '>', '"', '\'', '\0']));
    }
}

#[test]
fn exported_csv_is_inert_and_complete() {
    for dataset in datasets() {
        let mut out = Vec::new();
        let summary = export::write_csv(&dataset, &mut out).unwrap();
        assert_eq!(summary.truncated_cells, 0);
        let text = String::from_utf8(out).unwrap();
        assert_csv_inert(&text);
        // Nothing is cut from CSV: the megabyte cell is all there, behind its quote.
        assert!(text.len() > 1_000_000);
    }
}

#[test]
fn exported_xlsx_holds_only_strings_and_no_formulas() {
    for dataset in datasets() {
        assert_xlsx_inert(&dataset);
    }
}

fn assert_xlsx_inert(dataset: &Dataset) {
    let mut out = Vec::new();
    let summary = export::write_xlsx(dataset, &mut out).unwrap();
    // The megabyte cell does not fit in an XLSX cell and is cut; the caller is told.
    assert_eq!(summary.truncated_cells, 1);
    let mut workbook = Xlsx::new(std::io::Cursor::new(out)).unwrap();
    let range = workbook.worksheet_range("Responses").unwrap();
    let (height, width) = range.get_size();
    assert_eq!((height, width), (dataset.respondents() + 1, 3));
    let mut hyperlink = false;
    for (row, column, cell) in range.used_cells() {
        match cell {
            Data::String(text) => {
                assert!(!text.contains('\0'));
                assert!(text.encode_utf16().count() <= XLSX_MAX_CELL_CHARS);
                hyperlink |= text.starts_with("=HYPERLINK(");
            }
            other => panic!("row {row}, column {column}: not a string: {other:?}"),
        }
    }
    // The formula text survives as text, exactly as typed.
    assert!(hyperlink);
    let formulas = workbook.worksheet_formula("Responses").unwrap();
    assert!(
        formulas
            .used_cells()
            .all(|(_, _, formula)| formula.is_empty()),
        "a formula in the workbook"
    );
}
