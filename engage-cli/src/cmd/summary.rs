//! `engage summary`: what people told us, question by question.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engage_core::summary::{SummaryOptions, summarise};

use crate::Global;
use crate::disclosure::DisclosureArgs;
use crate::input::InputArgs;
use crate::output::{self, Format};
use crate::weights::WeightArgs;

/// Summarise every question: counts and percentages with 95% intervals, Likert boxes, net
/// agreement, mean and median, numeric and date summaries, and free-text answer rates.
///
/// Every table says its base (who answered). Options come in the form's order with "Other"
/// last; "Don't know" is shown but kept out of a Likert scale's base. `--by` splits every table
/// by a profile question (one column per group, each with its own base). `--reference FILE
/// --weights` rakes the respondents to the population's margins (or `--weights COLUMN` takes a
/// numeric column of weights): the percentages are weighted, the intervals use the effective
/// sample size, and every caption gives the design effect.
///
/// Example: engage summary responses.xlsx --by age --format markdown -o summary.md
///
/// Example: engage summary responses.xlsx --reference census.csv --weights
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
    #[command(flatten)]
    weights: WeightArgs,
    #[command(flatten)]
    disclosure: DisclosureArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
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
    let config = input.config()?;
    let policy = disclosure.policy(config.as_ref().map(|(_, config)| config));
    let dataset = input.read()?;
    let weights = weights.resolve(&dataset, config.as_ref().map(|(_, config)| config))?;
    if !global.quiet {
        let raking = weights.iter().flat_map(|weights| &weights.warnings);
        for warning in dataset.source().warnings.iter().chain(raking) {
            eprintln!("engage: warning: {warning}");
        }
    }
    let mut options = SummaryOptions::default().with_questions(questions);
    if let Some(by) = by {
        options = options.with_by(by);
    }
    if let Some(weights) = weights {
        options = options
            .with_weights(weights.weights)
            .with_weights_description(weights.description);
        // A weight column describes respondents; it is not a question to summarise.
        if let Some(column) = weights.column {
            options = options.without(column);
        }
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
