//! `engage redact`: a copy of an export with personal data taken out, to share or analyse
//! elsewhere.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use engage_core::export::{self, ExportFormat, ExportSummary};
use engage_core::privacy::redact::{self, KeepPersonal, RedactOptions, RedactionReport};
use engage_core::table::{Cell, Table};
use engage_core::{Error, Location};
use serde::Serialize;

use crate::Global;
use crate::input::InputArgs;
use crate::output;

/// Write a copy of an export with personal data replaced in free text and personal columns
/// dropped.
///
/// In every free-text answer (or the questions given with --columns), email addresses, UK phone
/// numbers, full postcodes, NHS numbers (with a valid check digit), National Insurance numbers,
/// URLs, IP addresses, and the respondent's own name and email (from the export's name and email
/// columns) are replaced with placeholders: [email], [phone], [postcode], [NHS number],
/// [NI number], [URL], [IP address], [name]. Columns of personal data (name, email, phone,
/// address, postcode, IP address, GPS location, names in a household roster) are dropped unless
/// kept with --keep-personal. With --coarsen-location, GPS points and latitude and longitude
/// columns are kept rounded to 2 decimal places (about 1.1 km) instead.
///
/// Names in general are not detected, only each respondent's own: read the text before you
/// publish it.
///
/// The copy is an .xlsx workbook when the input is a workbook, else CSV; an OUT ending in .csv or
/// .xlsx chooses. Text that a spreadsheet would run as a formula is made inert. What was replaced
/// is printed on standard output: counts only, never the personal data.
///
/// Example: engage redact responses.xlsx -o responses-redacted.xlsx --keep-personal=postcode
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Where to write the redacted copy (.xlsx or .csv).
    #[arg(long, short, value_name = "OUT")]
    output: PathBuf,
    /// The questions whose text to redact, by id [default: every free-text question].
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    columns: Option<Vec<String>>,
    /// Keep personal columns: all of them, or only those named (--keep-personal=ID,...)
    /// [default: `keep_personal` under [privacy] in survey.toml, else none].
    #[arg(
        long,
        value_name = "ID,...",
        num_args = 0..,
        require_equals = true,
        value_delimiter = ','
    )]
    keep_personal: Option<Vec<String>>,
    /// Keep GPS points, latitude and longitude rounded to DECIMALS places of a degree instead of
    /// dropping them: 2 (the default) is about 1.1 km, 1 about 11 km, at most 3. Altitude,
    /// accuracy, traces, shapes and what3words addresses are dropped all the same.
    #[arg(
        long,
        value_name = "DECIMALS",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "2"
    )]
    coarsen_location: Option<u32>,
    /// Format of the summary: a readable table, or one JSON object.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
    format: SummaryFormat,
}

/// The formats the summary is printed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SummaryFormat {
    /// Readable tables.
    Table,
    /// One JSON object.
    Json,
}

/// The summary as JSON: what was written and what was replaced.
#[derive(Debug, Serialize)]
struct Summary<'a> {
    file: &'a str,
    output: String,
    format: ExportFormat,
    rows: usize,
    columns: usize,
    truncated_cells: usize,
    #[serde(flatten)]
    report: &'a RedactionReport,
}

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        input,
        output: path,
        columns,
        keep_personal,
        coarsen_location,
        format,
    } = args;
    let export_format = output_format(&path, &input.file)?;
    let dataset = input.read()?;
    let export_format = export_format.unwrap_or_else(|| ExportFormat::for_source(dataset.source()));
    let configured = input
        .config()?
        .and_then(|(_, config)| config.privacy.keep_personal());
    let mut options = RedactOptions::default()
        .with_keep_personal(match keep_personal {
            None => configured.unwrap_or(KeepPersonal::None),
            Some(ids) if ids.is_empty() => KeepPersonal::All,
            Some(ids) => KeepPersonal::Only(ids),
        })
        .with_coarsen_location(coarsen_location);
    if let Some(ids) = columns {
        options = options.with_questions(ids);
    }
    let (redacted, report) = redact::redact_dataset(&dataset, &options)?;
    let mut bytes = Vec::new();
    let written = export::write(&redacted, export_format, &mut bytes)?;
    output::write_atomic(&path, &bytes)?;
    if !global.quiet {
        eprintln!(
            "engage: wrote {}: {} rows, {} columns ({})",
            path.display(),
            written.rows,
            written.columns,
            export_format.extension()
        );
        if written.truncated_cells > 0 {
            eprintln!(
                "engage: warning: {} cells were longer than the {} characters an xlsx cell \
                 holds and were cut; write .csv to keep them whole",
                written.truncated_cells,
                export::XLSX_MAX_CELL_CHARS
            );
        }
    }
    let summary = match format {
        SummaryFormat::Json => output::json(&Summary {
            file: &dataset.source().file,
            output: path.display().to_string(),
            format: export_format,
            rows: written.rows,
            columns: written.columns,
            truncated_cells: written.truncated_cells,
            report: &report,
        })?,
        SummaryFormat::Table => render(&report, &written).into_bytes(),
    };
    out.write_all(&summary)?;
    Ok(ExitCode::SUCCESS)
}

/// The export format OUT's extension asks for; `None` to follow the input. An extension
/// engage cannot write, or OUT being the input itself, is refused before anything is read.
fn output_format(path: &Path, input: &Path) -> anyhow::Result<Option<ExportFormat>> {
    let same = path == input
        || std::fs::canonicalize(path)
            .ok()
            .zip(std::fs::canonicalize(input).ok())
            .is_some_and(|(path, input)| path == input);
    let location = || Location::file(path.display().to_string());
    if same {
        return Err(Error::unsupported(
            location(),
            "the output is the input file; expected a new file name so the original is kept",
        )
        .with_hint("name the copy after the original, such as responses-redacted.xlsx")
        .into());
    }
    match (ExportFormat::from_path(path), path.extension()) {
        (Some(format), _) => Ok(Some(format)),
        (None, None) => Ok(None),
        (None, Some(extension)) => Err(Error::unsupported(
            location(),
            format!(
                "cannot write .{} files; expected a name ending in .csv or .xlsx",
                extension.to_string_lossy()
            ),
        )
        .with_hint("engage writes workbooks as .xlsx, which every spreadsheet program opens")
        .into()),
    }
}

fn render(report: &RedactionReport, written: &ExportSummary) -> String {
    let mut kinds = Table::new("Personal data replaced", &["Kind", "Placeholder", "Count"]);
    for (kind, count) in report.counts.iter() {
        kinds.push(vec![
            Cell::text(kind.label()),
            Cell::text(kind.placeholder()),
            Cell::Count(count as u64),
        ]);
    }
    kinds.push(vec![
        Cell::text("Total"),
        Cell::Empty,
        Cell::Count(report.counts.total() as u64),
    ]);
    let mut questions = Table::new(
        "By question",
        &["Question", "Answers changed", "Replacements"],
    );
    for question in &report.questions {
        questions.push(vec![
            Cell::text(&question.id),
            Cell::Count(question.answers_changed as u64),
            Cell::Count(question.counts.total() as u64),
        ]);
    }
    if report.questions.is_empty() {
        questions
            .notes
            .push("no free-text questions: name some with --columns".to_string());
    }
    let mut out = kinds.to_text(40);
    out.push('\n');
    out.push_str(&questions.to_text(40));
    out.push('\n');
    let list = |ids: &[String]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "Personal columns dropped: {}",
        list(&report.personal_dropped)
    );
    if !report.locations_coarsened.is_empty() {
        let _ = writeln!(
            out,
            "Location columns kept, coarsened: {}",
            list(&report.locations_coarsened)
        );
    }
    if !report.personal_kept.is_empty() {
        let _ = writeln!(
            out,
            "Personal columns kept: {}",
            list(&report.personal_kept)
        );
    }
    let _ = writeln!(
        out,
        "Written: {} rows, {} columns",
        written.rows, written.columns
    );
    out
}
