//! `engage crosstab`: two questions against each other, with a test of independence.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engage_core::summary::{CrosstabOptions, PercentOf, crosstab};

use crate::Global;
use crate::input::InputArgs;
use crate::output::{self, Format};
use crate::weights::WeightArgs;

/// Cross-tabulate two questions: counts and percentages with totals, the chi-square test of
/// independence, Cramér's V, adjusted residuals and expected counts.
///
/// Put the groups you compare (capacity, age band) in the columns and read the column
/// percentages. Adjusted residuals beyond ±1.96 show the cells that drive a significant
/// result. A warning is given when more than 20% of expected counts are below 5; Fisher's
/// exact test is added for 2 x 2 tables, and Freeman-Halton's for small larger tables.
/// Multi-choice questions count mentions, and the test's assumptions then do not hold.
/// `--reference FILE --weights` rakes the respondents to the population's margins (or
/// `--weights COLUMN` takes a numeric column of weights); the caption gives the design effect
/// and the test uses the effective sample size.
///
/// Example: engage crosstab responses.xlsx support age --percent column
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The question whose options are the rows.
    #[arg(value_name = "ROW_Q")]
    row: String,
    /// The question whose options are the columns.
    #[arg(value_name = "COL_Q")]
    column: String,
    /// Which percentages to show: each row, each column or the whole table adds up to 100%.
    #[arg(long, value_enum, default_value_t = PercentArg::Column)]
    percent: PercentArg,
    #[command(flatten)]
    weights: WeightArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// `--percent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum PercentArg {
    /// Each row adds up to 100%.
    Row,
    /// Each column adds up to 100%.
    Column,
    /// The whole table adds up to 100%.
    Total,
}

impl From<PercentArg> for PercentOf {
    fn from(percent: PercentArg) -> PercentOf {
        match percent {
            PercentArg::Row => PercentOf::Row,
            PercentArg::Column => PercentOf::Column,
            PercentArg::Total => PercentOf::Total,
        }
    }
}

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        input,
        row,
        column,
        percent,
        weights,
        format,
        output: path,
    } = args;
    let config = input.config()?;
    let dataset = input.read()?;
    let weights = weights.resolve(&dataset, config.as_ref().map(|(_, config)| config))?;
    if !global.quiet {
        let raking = weights.iter().flat_map(|weights| &weights.warnings);
        for warning in dataset.source().warnings.iter().chain(raking) {
            eprintln!("engage: warning: {warning}");
        }
    }
    let mut options = CrosstabOptions::default();
    if let Some(weights) = weights {
        options = options
            .with_weights(weights.weights)
            .with_weights_description(weights.description);
    }
    let table = crosstab(&dataset, &row, &column, &options)?;
    let bytes = match format {
        Format::Json => output::json(&table)?,
        Format::Table | Format::Csv | Format::Markdown => {
            output::tables(&table.tables(percent.into()), format)
        }
    };
    output::emit(out, path.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}
