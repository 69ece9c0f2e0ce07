//! `engage summary`: what people told us, question by question.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engage_core::Dataset;
use engage_core::summary::{SummaryOptions, summarise, weights_from_column};

use crate::Global;
use crate::disclosure::DisclosureArgs;
use crate::input::InputArgs;
use crate::output::{self, Format};

/// Summarise every question: counts and percentages with 95% intervals, Likert boxes, net
/// agreement, mean and median, numeric and date summaries, and free-text answer rates.
///
/// Every table says its base (who answered). Options come in the form's order with "Other"
/// last; "Don't know" is shown but kept out of a Likert scale's base. `--by` splits every table
/// by a profile question (one column per group, each with its own base); `--weights` weights
/// the percentages and uses the effective sample size for the intervals.
///
/// Example: engage summary responses.xlsx --by age --format markdown -o summary.md
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Summarise only this question (repeat for several, in the order wanted) [default: every
    /// question but metadata and personal data].
    #[arg(long = "question", value_name = "ID")]
    questions: Vec<String>,
    /// Split every table by this question's groups (age band, capacity...).
    #[arg(long, value_name = "ID")]
    by: Option<String>,
    /// Weight the estimates by this numeric column, one weight per respondent.
    #[arg(long, value_name = "COLUMN")]
    weights: Option<String>,
    #[command(flatten)]
    disclosure: DisclosureArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The weights `--weights COLUMN` names: a numeric column of the dataset. `raking` is
/// reserved for weights raked to population margins, which arrive with the participation
/// module.
pub(crate) fn column_weights(dataset: &Dataset, column: &str) -> anyhow::Result<Vec<f64>> {
    if column == "raking" && dataset.schema().get(column).is_none() {
        return Err(engage_core::Error::unsupported(
            engage_core::Location::default(),
            "--weights raking: raking to population margins is not available yet",
        )
        .with_hint("give a numeric column of weights, such as --weights weight")
        .into());
    }
    Ok(weights_from_column(dataset, column)?)
}

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        input,
        questions,
        by,
        weights,
        disclosure,
        format,
        output: path,
    } = args;
    let policy = disclosure.policy(input.config()?.as_ref().map(|(_, config)| config));
    let dataset = input.read()?;
    if !global.quiet {
        for warning in &dataset.source().warnings {
            eprintln!("engage: warning: {warning}");
        }
    }
    let mut options = SummaryOptions::default().with_questions(questions);
    if let Some(by) = by {
        options = options.with_by(by);
    }
    if let Some(column) = weights {
        let weights = column_weights(&dataset, &column)?;
        // The weight column describes respondents; it is not a question to summarise.
        options = options.with_weights(weights).without(column);
    }
    let summary = summarise(&dataset, &options)?;
    let bytes = match format {
        Format::Json => output::json(&summary.to_wire(&policy))?,
        Format::Table | Format::Csv | Format::Markdown => {
            output::tables(&summary.tables(&policy), format)
        }
    };
    output::emit(out, path.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}
