//! Reading any common export into a [`Dataset`]: xlsx, xlsm, xlsb, xls and ods through calamine;
//! csv, tsv and txt with encoding and delimiter sniffing; a Pol.is open-data folder. The file's
//! format is decided from its bytes, the header is found, the platform's layout recognised, and
//! every column typed and folded into questions.
//!
//! ```
//! use engage_core::{read_reader, IngestOptions, QuestionType};
//!
//! let csv = "Timestamp,Do you agree?,Any comments?\n\
//!            14/03/2024 10:00:00,Agree,Keep it open please\n\
//!            15/03/2024 11:30:00,Strongly disagree,\n";
//! let dataset = read_reader(csv.as_bytes(), "responses.csv", &IngestOptions::default())?;
//! assert_eq!(dataset.respondents(), 2);
//! assert_eq!(dataset.question("agree")?.kind, QuestionType::Likert);
//! # Ok::<(), engage_core::Error>(())
//! ```

pub(crate) mod assemble;
pub(crate) mod csv;
pub(crate) mod grid;
pub(crate) mod header;
pub mod layouts;
pub(crate) mod overrides;
pub(crate) mod side_table;
pub(crate) mod spreadsheet;
pub(crate) mod values;
pub(crate) mod xform;

use std::io::Read;
use std::path::Path;

use polars::prelude::DataFrame;

use crate::dataset::{Dataset, Source};
use crate::error::{Error, Location, Result};
use crate::schema::{Schema, SurveyConfig};
use grid::Grid;
use layouts::Layout;
use spreadsheet::FileKind;

/// The largest cell engage reads, by default: 16 MiB. Excel itself stops at 32,767 characters.
pub const DEFAULT_MAX_CELL_BYTES: usize = 16 * 1024 * 1024;

/// How to read an export. Everything is optional: the defaults detect what they can.
#[derive(Clone, Debug, PartialEq)]
pub struct IngestOptions {
    sheet: Option<String>,
    layout: Option<Layout>,
    config: Option<SurveyConfig>,
    delimiter: Option<u8>,
    encoding: Option<String>,
    max_cell_bytes: usize,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            sheet: None,
            layout: None,
            config: None,
            delimiter: None,
            encoding: None,
            max_cell_bytes: DEFAULT_MAX_CELL_BYTES,
        }
    }
}

impl IngestOptions {
    /// The sheet to read, by name (case-insensitive) or 1-based number. Default: the first
    /// visible sheet that looks like responses.
    #[must_use]
    pub fn with_sheet(mut self, sheet: impl Into<String>) -> IngestOptions {
        self.sheet = Some(sheet.into());
        self
    }

    /// The export layout, skipping detection. Default: detected.
    #[must_use]
    pub fn with_layout(mut self, layout: Layout) -> IngestOptions {
        self.layout = Some(layout);
        self
    }

    /// Overrides from a `survey.toml`. Default: none (the CLI finds the file next to the data).
    #[must_use]
    pub fn with_config(mut self, config: SurveyConfig) -> IngestOptions {
        self.config = Some(config);
        self
    }

    /// The field delimiter of delimited text. Default: sniffed from `,` `;` tab `|`.
    #[must_use]
    pub fn with_delimiter(mut self, delimiter: u8) -> IngestOptions {
        self.delimiter = Some(delimiter);
        self
    }

    /// The text encoding by WHATWG label (`utf-8`, `windows-1252`, `utf-16le`). Default:
    /// sniffed.
    #[must_use]
    pub fn with_encoding(mut self, encoding: impl Into<String>) -> IngestOptions {
        self.encoding = Some(encoding.into());
        self
    }

    /// The largest cell accepted, in bytes. Default: [`DEFAULT_MAX_CELL_BYTES`].
    #[must_use]
    pub fn with_max_cell_bytes(mut self, bytes: usize) -> IngestOptions {
        self.max_cell_bytes = bytes;
        self
    }

    /// The config, if one was given.
    #[must_use]
    pub fn config(&self) -> Option<&SurveyConfig> {
        self.config.as_ref()
    }
}

/// Reads an export from a file, or a Pol.is open-data export from a folder.
pub fn read_path(path: impl AsRef<Path>, options: &IngestOptions) -> Result<Dataset> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|error| {
        let hint = if error.kind() == std::io::ErrorKind::NotFound { Some("check the path; run `engage inspect` on an existing .xlsx, .csv, .xls or .ods file") } else { None };
        let error = Error::io(Location::file(&name), error);
        match hint {
            Some(hint) => error.with_hint(hint),
            None => error,
        }
    })?;
    if metadata.is_dir() {
        if path.join("participants-votes.csv").is_file() {
            return read_polis(path, options);
        }
        return Err(
            Error::format(Location::file(&name), "is a directory, not a file").with_hint(
                "give an export file, or a Pol.is open-data folder holding participants-votes.csv",
            ),
        );
    }
    let bytes = std::fs::read(path).map_err(|error| Error::io(Location::file(&name), error))?;
    read_bytes(bytes, &name, options)
}

/// Reads an export from any reader (an upload, a network stream). `name` is used in messages
/// and its extension as a hint (`.tsv` prefers tabs).
pub fn read_reader(mut reader: impl Read, name: &str, options: &IngestOptions) -> Result<Dataset> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|error| Error::io(Location::file(name), error))?;
    read_bytes(bytes, name, options)
}

fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn read_bytes(bytes: Vec<u8>, name: &str, options: &IngestOptions) -> Result<Dataset> {
    if bytes.is_empty() {
        return Err(
            Error::format(Location::file(name), "the file is empty (0 bytes)")
                .with_hint("export the responses again; the download may not have finished"),
        );
    }
    let kind = spreadsheet::sniff(&bytes);
    let extension = extension(name);
    let mut decisions = Vec::new();
    match kind {
        FileKind::Html => {
            return Err(Error::format(Location::file(name), format!("this is an HTML page, not a spreadsheet{}", if extension.is_empty() { String::new() } else { format!(" (despite the .{extension} name)") }))
                .with_hint("some tools save web pages with an Excel name: open it in Excel and save as .xlsx, or export the responses as CSV"));
        }
        FileKind::XmlSpreadsheet => {
            return Err(Error::format(Location::file(name), "an XML spreadsheet (Excel 2003 XML or flat OpenDocument), which engage does not read").with_hint("open it in Excel or LibreOffice and save as .xlsx or .ods"));
        }
        FileKind::OtherZip => {
            return Err(Error::format(Location::file(name), "a zip archive that is not a workbook").with_hint("some platforms (SurveyMonkey, Google Forms) download a zip: unzip it and give engage the .xlsx or .csv inside"));
        }
        FileKind::Binary => {
            return Err(
                Error::format(Location::file(name), "not a spreadsheet or a text file").with_hint(
                    "engage reads .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv and .txt exports",
                ),
            );
        }
        FileKind::Encrypted => return Err(spreadsheet::password_error(name)),
        FileKind::OldExcel => {
            return Err(Error::format(Location::file(name), "an Excel 2.x-4.x worksheet (BIFF2-4), a format from before 1994 that engage does not read")
                .with_hint("open it in Excel or LibreOffice and save it as .xlsx"));
        }
        FileKind::Text
            if matches!(extension.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods") =>
        {
            decisions.push(format!(
                "named .{extension} but holds delimited text: read as CSV"
            ));
        }
        _ => {}
    }
    let config = options.config.as_ref();
    let sheet_wanted = options
        .sheet
        .clone()
        .or_else(|| config.and_then(|config| config.ingest.sheet.clone()));
    let layout_wanted = match (
        options.layout,
        config.and_then(|config| config.ingest.layout.as_deref()),
    ) {
        (Some(layout), _) => Some(layout),
        (None, Some(name)) => Some(Layout::parse(name).ok_or_else(|| {
            let known: Vec<&str> = Layout::ALL.iter().map(|layout| layout.as_str()).collect();
            Error::config(
                config.map_or_else(Location::default, |config| config.location("ingest.layout")),
                format!(
                    "unknown layout \"{name}\"; expected one of {}",
                    known.join(", ")
                ),
            )
        })?),
        (None, None) => None,
    };
    let mut source = Source {
        file: name.to_string(),
        format: kind.name().to_string(),
        ..Source::default()
    };
    if kind == FileKind::Text {
        let encoding = match &options.encoding {
            Some(label) => Some(
                encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
                    Error::config(
                        Location::file(name),
                        format!("unknown encoding \"{label}\""),
                    )
                })?,
            ),
            None => None,
        };
        let preferred = matches!(extension.as_str(), "tsv" | "tab").then_some(b'\t');
        let (grid, format) = csv::parse(
            &bytes,
            name,
            options.delimiter,
            encoding,
            preferred,
            options.max_cell_bytes,
        )?;
        drop(bytes);
        source.encoding = Some(format.encoding.clone());
        source.delimiter = Some(match format.delimiter {
            b'\t' => "tab".to_string(),
            other => (other as char).to_string(),
        });
        decisions.insert(
            0,
            format!(
                "read as delimited text: {} encoding, {} delimiter",
                format.encoding,
                match format.delimiter {
                    b'\t' => "tab".to_string(),
                    other => format!("\"{}\"", other as char),
                }
            ),
        );
        build_dataset(
            &grid,
            &Location::file(name),
            source,
            decisions,
            layout_wanted,
            config,
            options.max_cell_bytes,
        )
    } else {
        let mut workbook = spreadsheet::Workbook::open(bytes, kind, name)?;
        let (sheet, grid) = workbook.read_sheet(sheet_wanted.as_deref(), &mut decisions)?;
        // The sheet's cells are all in `grid` now: the file's bytes and the workbook's shared
        // strings can go before the columns are built, which lowers the peak memory of a read.
        drop(workbook);
        source.sheet = Some(sheet.clone());
        build_dataset(
            &grid,
            &Location::file(name).with_sheet(&sheet),
            source,
            decisions,
            layout_wanted,
            config,
            options.max_cell_bytes,
        )
    }
}

fn build_dataset(
    grid: &dyn Grid,
    location: &Location,
    mut source: Source,
    mut decisions: Vec<String>,
    layout: Option<Layout>,
    config: Option<&SurveyConfig>,
    max_cell_bytes: usize,
) -> Result<Dataset> {
    check_cell_sizes(grid, location, max_cell_bytes)?;
    let probe = layouts::Probe::new(grid);
    let plan = layouts::detect(&probe, layout);
    let (rows, blank) = assemble::data_rows(grid, &plan, location)?;
    let mut notes = Vec::new();
    let built = assemble::assemble(grid, &plan, &rows, &mut notes);
    let built = overrides::apply(built, config, location)?;
    source.layout = Some(plan.layout);
    source.title = form_title(grid, plan.start, &source.file, plan.layout);
    source.header_rows = (plan.start..plan.start + plan.header_rows)
        .map(|row| grid.source_row(row))
        .collect();
    source.rows = rows.iter().map(|&row| grid.source_row(row)).collect();
    source.lines = rows
        .iter()
        .filter_map(|&row| grid.source_line(row))
        .collect();
    decisions.extend(plan.decisions.iter().cloned());
    decisions.extend(notes);
    source.decisions = decisions;
    if blank > 0 {
        source.warnings.push(format!(
            "{blank} blank row(s) among the responses were skipped"
        ));
    }
    for built in &built {
        if built.values.answered() == 0 && built.question.kind.is_substantive() {
            source
                .warnings
                .push(format!("question \"{}\" has no answers", built.question.id));
        }
    }
    finish(built, source, rows.len())
}

/// Refuses cells larger than the limit, naming where they are (workbook cells; CSV cells are
/// checked while parsing).
fn check_cell_sizes(grid: &dyn Grid, location: &Location, max_cell_bytes: usize) -> Result<()> {
    for row in 0..grid.height() {
        for column in 0..grid.width() {
            if let grid::CellRef::Text(text) = grid.cell(row, column)
                && text.len() > max_cell_bytes
            {
                return Err(Error::data(
                        grid.locate(location.clone(), row).with_column(grid::column_letter(column)),
                        format!("a cell of {} bytes; engage reads cells up to {max_cell_bytes} bytes", text.len()),
                    )
                    .with_hint("a cell this large is not a survey answer: check the file is the export you meant"));
            }
        }
    }
    Ok(())
}

fn finish(built: Vec<assemble::Built>, source: Source, height: usize) -> Result<Dataset> {
    let mut columns = Vec::with_capacity(built.len());
    let mut questions = Vec::with_capacity(built.len());
    for built in built {
        columns.push(built.values.column(&built.question.id));
        questions.push(built.question);
    }
    let frame = DataFrame::new(height, columns)
        .map_err(|error| Error::data(Location::file(&source.file), error.to_string()))?;
    Dataset::new(frame, Schema::new(questions), source)
}

/// A Pol.is open-data folder: participants-votes.csv as the responses, statements' text from
/// comments.csv, votes as Agree / Disagree / Pass.
fn read_polis(folder: &Path, options: &IngestOptions) -> Result<Dataset> {
    let name = folder.display().to_string();
    let votes_path = folder.join("participants-votes.csv");
    let votes_name = votes_path.display().to_string();
    let bytes = std::fs::read(&votes_path)
        .map_err(|error| Error::io(Location::file(&votes_name), error))?;
    let (grid, format) = csv::parse(
        &bytes,
        &votes_name,
        Some(b','),
        None,
        None,
        options.max_cell_bytes,
    )?;
    let texts = polis_statements(&folder.join("comments.csv"))?;
    let probe = layouts::Probe::new(&grid);
    let plan = layouts::polis::plan(&probe);
    let location = Location::file(&votes_name);
    let (rows, _) = assemble::data_rows(&grid, &plan, &location)?;
    let mut notes = Vec::new();
    let mut built = assemble::assemble(&grid, &plan, &rows, &mut notes);
    for item in &mut built {
        if item.question.role.is_some() {
            continue;
        }
        let statement = item.question.id.trim_start_matches('s').to_string();
        let labels = |value: f64| match value as i64 {
            1 => "Agree",
            -1 => "Disagree",
            _ => "Pass",
        };
        let votes: Vec<Option<String>> = match &item.values {
            assemble::Values::Number(numbers) => numbers
                .iter()
                .map(|value| value.map(|value| labels(value).to_string()))
                .collect(),
            assemble::Values::Text(texts) => texts
                .iter()
                .map(|value| {
                    value
                        .as_ref()
                        .and_then(|value| value.parse::<f64>().ok())
                        .map(|value| labels(value).to_string())
                })
                .collect(),
            _ => continue,
        };
        item.values = assemble::Values::Text(votes);
        item.question.kind = crate::schema::QuestionType::SingleChoice;
        item.question.options = vec![
            "Agree".to_string(),
            "Disagree".to_string(),
            "Pass".to_string(),
        ];
        item.question.profile = None;
        if let Some((text, moderated)) = texts.get(&statement) {
            item.question.text = if *moderated < 0 {
                format!("{text} (moderated out)")
            } else {
                text.clone()
            };
        }
    }
    let built = overrides::apply(built, options.config.as_ref(), &location)?;
    let mut source = Source {
        file: name,
        format: "csv".to_string(),
        layout: Some(Layout::Polis),
        encoding: Some(format.encoding),
        delimiter: Some(",".to_string()),
        header_rows: vec![1],
        rows: rows.iter().map(|&row| grid.source_row(row)).collect(),
        lines: rows
            .iter()
            .filter_map(|&row| grid.source_line(row))
            .collect(),
        ..Source::default()
    };
    source.decisions.clone_from(&plan.decisions);
    source.decisions.push(format!(
        "Pol.is folder: statements' text from comments.csv ({} statements)",
        texts.len()
    ));
    finish(built, source, rows.len())
}

/// Statement id to (text, moderation) from a Pol.is comments.csv.
fn polis_statements(path: &Path) -> Result<std::collections::HashMap<String, (String, i64)>> {
    let mut statements = std::collections::HashMap::new();
    if !path.is_file() {
        return Ok(statements);
    }
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| Error::io(Location::file(&file), error))?;
    let (grid, _) = csv::parse(
        &bytes,
        &file,
        Some(b','),
        None,
        None,
        DEFAULT_MAX_CELL_BYTES,
    )?;
    let header = header::row_text(&grid, 0);
    let find = |name: &str| header.iter().position(|cell| cell == name);
    let (Some(id), Some(body)) = (find("comment-id"), find("comment-body")) else {
        return Err(Error::format(
            Location::file(&file).with_row(1),
            "expected the Pol.is columns comment-id and comment-body",
        ));
    };
    let moderated = find("moderated");
    for row in 1..grid.height() {
        let key = grid.cell(row, id).display();
        let text = values::clean_text(&grid.cell(row, body).display());
        let moderation = moderated
            .and_then(|column| grid.cell(row, column).display().parse::<i64>().ok())
            .unwrap_or(0);
        statements.insert(key, (text, moderation));
    }
    Ok(statements)
}

/// The form's title: the text of a title row above the header (a row of one or two cells),
/// or the title in the name Microsoft Forms (`Title(1-120).xlsx`) and Google Forms
/// (`Title (Responses).csv`, `Title (Responses) - Form responses 1.csv`) give a download.
fn form_title(grid: &dyn Grid, header_start: usize, file: &str, layout: Layout) -> Option<String> {
    let above = (0..header_start).find_map(|row| {
        let cells = header::row_text(grid, row);
        let filled: Vec<&String> = cells.iter().filter(|cell| !cell.is_empty()).collect();
        (1..=2).contains(&filled.len()).then(|| filled[0].clone())
    });
    if above.is_some() {
        return above;
    }
    let stem = std::path::Path::new(file)
        .file_stem()?
        .to_string_lossy()
        .into_owned();
    let title = match layout {
        Layout::MicrosoftForms => {
            // "Walk-in centre consultation(1-1503)": a range of response numbers at the end.
            let open = stem.rfind('(')?;
            let range = stem[open + 1..].strip_suffix(')')?;
            let (first, last) = range.split_once('-')?;
            if !(first.chars().all(|ch| ch.is_ascii_digit())
                && last.chars().all(|ch| ch.is_ascii_digit()))
                || first.is_empty()
                || last.is_empty()
            {
                return None;
            }
            stem[..open].trim().to_string()
        }
        Layout::GoogleForms => {
            let at = stem.find(" (Responses)")?;
            stem[..at].trim().to_string()
        }
        _ => return None,
    };
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str, name: &str) -> Dataset {
        read_reader(csv.as_bytes(), name, &IngestOptions::default()).unwrap()
    }

    #[test]
    fn a_title_row_above_the_header_is_the_form_title() {
        let data = read(
            "Library services survey 2013\n\nName,Do you use the library?,Age,Comments\na,Yes,30,x\nb,No,40,y\n",
            "export.csv",
        );
        assert_eq!(
            data.source().title.as_deref(),
            Some("Library services survey 2013")
        );
        let plain = read("Do you use the library?,Age\nYes,30\n", "export.csv");
        assert_eq!(plain.source().title, None);
    }

    #[test]
    fn forms_downloads_carry_the_title_in_their_name() {
        let stem = |file: &str, layout| {
            let grid = grid::TextGrid {
                rows: vec![::csv::StringRecord::from(vec!["Q"])],
                lines: vec![1],
                sheet_rows: vec![1],
                width: 1,
            };
            form_title(&grid, 0, file, layout)
        };
        assert_eq!(
            stem(
                "dir/Walk-in centre consultation(1-1503).xlsx",
                Layout::MicrosoftForms
            )
            .as_deref(),
            Some("Walk-in centre consultation")
        );
        assert_eq!(stem("survey (final).xlsx", Layout::MicrosoftForms), None);
        assert_eq!(
            stem(
                "Park survey (Responses) - Form responses 1.csv",
                Layout::GoogleForms
            )
            .as_deref(),
            Some("Park survey")
        );
        assert_eq!(stem("Park survey (Responses).csv", Layout::Generic), None);
    }
}
