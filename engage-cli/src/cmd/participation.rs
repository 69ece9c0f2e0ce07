//! `engage participation`: who took part, how and when, who is missing compared with a
//! reference population, raking weights, and duplicates and campaigns.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engage_core::participation::{self, ParticipationOptions, Reference};

use crate::Global;
use crate::disclosure::DisclosureArgs;
use crate::input::InputArgs;
use crate::output::{self, Format};

/// Show who took part: respondents, complete and partial, responses per day and week, channels,
/// item response rates, profile tables, representativeness, weights, duplicates and campaigns.
///
/// With --reference, each profile variable is compared with the population (sample %,
/// population %, representation index, chi-square test, the groups most missing); with
/// --weights, raking weights to its margins are computed. Duplicates, bursts and
/// letter-writing campaigns are always reported; only --dedupe drops repeated and identical
/// submissions, and never campaign texts. Thresholds come from [participation] in survey.toml.
///
/// Example: engage participation responses.xlsx --reference testdata/reference/england-wales-census-2021.csv --weights
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Also profile respondents by this question id (repeat for several).
    #[arg(long, value_name = "QUESTION")]
    by: Vec<String>,
    /// A reference population: CSV of variable,category,population (and optionally includes).
    #[arg(long, value_name = "FILE")]
    reference: Option<PathBuf>,
    /// Compute raking weights to the reference's margins (needs --reference).
    #[arg(long, requires = "reference")]
    weights: bool,
    /// Drop earlier responses sharing an email or id, and identical copies, before analysing.
    #[arg(long)]
    dedupe: bool,
    #[command(flatten)]
    disclosure: DisclosureArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        input,
        by,
        reference,
        weights,
        dedupe,
        disclosure,
        format,
        output: path,
    } = args;
    let config = input.config()?;
    let policy = disclosure.policy(config.as_ref().map(|(_, config)| config));
    let dataset = input.read()?;
    let mut options = match &config {
        Some((_, config)) => ParticipationOptions::from_config(config)?,
        None => ParticipationOptions::default(),
    }
    .with_by(by)
    .with_weights(weights)
    .with_dedupe(dedupe);
    if let Some(file) = reference {
        let mut reference = Reference::read(&file)?;
        if let Some((_, config)) = &config {
            reference = reference.with_config(config)?;
        }
        options = options.with_reference(reference);
    }
    let result = participation::participation(&dataset, &options)?;
    if !global.quiet {
        for warning in &result.warnings {
            eprintln!("engage: warning: {warning}");
        }
        if let Some(dropped) = &result.dropped {
            eprintln!(
                "engage: dropped {} of {} responses as duplicates ({} earlier responses sharing an email or id, {} identical copies)",
                dropped.total, result.respondents, dropped.repeated_identifier, dropped.identical
            );
        }
    }
    let bytes = match format {
        Format::Json => output::json(&result.to_json(&policy))?,
        other => output::tables(&result.tables(&policy), other),
    };
    output::emit(out, path.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}
