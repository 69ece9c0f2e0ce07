//! `engage inspect`: what was read, before any analysis.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engage_core::inspect::Inspection;

use crate::Global;
use crate::input::InputArgs;
use crate::output;

/// Show what was read: file, sheet, layout, header rows, respondents, and every question's id,
/// type, profile flag, answered count and options.
///
/// Run this first on a new export to check the layout and question types, then correct any
/// mistakes in a survey.toml next to the file.
///
/// Example: engage inspect responses.xlsx --format json
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format: a readable table, or one JSON object.
    #[arg(long, value_enum, default_value_t = InspectFormat::Table)]
    format: InspectFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The formats `inspect` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum InspectFormat {
    /// Readable text.
    Table,
    /// One JSON object.
    Json,
}

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        input,
        format,
        output: path,
    } = args;
    let dataset = input.read()?;
    let inspection = engage_core::inspect(&dataset)?;
    let bytes = match format {
        InspectFormat::Json => {
            // The table view lists warnings itself; with JSON they also go to stderr so a
            // script's log shows them.
            if !global.quiet {
                for warning in &inspection.warnings {
                    eprintln!("engage: warning: {warning}");
                }
            }
            output::json(&inspection)?
        }
        InspectFormat::Table => render(&inspection).into_bytes(),
    };
    output::emit(out, path.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// The readable view: a summary block, the questions table, then each categorical question's
/// options with counts.
fn render(inspection: &Inspection) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "file:        {}", inspection.file);
    if let Some(sheet) = &inspection.sheet {
        let _ = writeln!(out, "sheet:       {sheet}");
    }
    let _ = writeln!(
        out,
        "format:      {}{}",
        inspection.format,
        inspection
            .encoding
            .as_ref()
            .map(|encoding| format!(
                " ({encoding}, delimiter {})",
                inspection.delimiter.as_deref().unwrap_or(",")
            ))
            .unwrap_or_default()
    );
    let _ = writeln!(out, "layout:      {}", inspection.layout);
    let _ = writeln!(out, "header rows: {}", rows(&inspection.header_rows));
    let _ = writeln!(
        out,
        "respondents: {}",
        engage_core::table::group_thousands(inspection.respondents as u64)
    );
    let _ = writeln!(out, "questions:   {}", inspection.questions.len());
    for decision in &inspection.decisions {
        let _ = writeln!(out, "  decided: {decision}");
    }
    for warning in &inspection.warnings {
        let _ = writeln!(out, "  warning: {warning}");
    }
    out.push('\n');
    out.push_str(&inspection.questions_table().to_text(70));
    let with_options: Vec<_> = inspection
        .questions
        .iter()
        .filter(|question| !question.options.is_empty())
        .collect();
    if !with_options.is_empty() {
        out.push_str("\nOptions\n");
        for question in with_options {
            let shown: Vec<String> = question
                .options
                .iter()
                .take(20)
                .map(|option| format!("{} ({})", one_line(&option.label, 40), option.count))
                .collect();
            let more = question.options.len().saturating_sub(20);
            let _ = writeln!(
                out,
                "  {}: {}{}",
                question.id,
                shown.join("; "),
                if more > 0 {
                    format!("; and {more} more")
                } else {
                    String::new()
                }
            );
        }
    }
    out
}

fn rows(rows: &[usize]) -> String {
    match rows {
        [] => "none".to_string(),
        [single] => single.to_string(),
        [first, .., last] => format!("{first}-{last}"),
    }
}

fn one_line(text: &str, max: usize) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > max {
        format!("{}\u{2026}", text.chars().take(max - 1).collect::<String>())
    } else {
        text
    }
}
