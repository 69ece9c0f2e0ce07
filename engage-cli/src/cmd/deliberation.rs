//! `engage deliberation`: opinion groups, and the statements they agree and disagree on, from
//! agree / disagree / pass votes (Pol.is and similar exercises).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use engage_core::IngestOptions;
use engage_core::chart::{Chart, ChartOptions};
use engage_core::deliberation::{self, DeliberationOptions, GroupCount};

use crate::Global;
use crate::output::{self, Format};

/// Find opinion groups in agree / disagree / pass votes, and what each group, and everyone,
/// agrees and disagrees on.
///
/// Reads a Pol.is open-data folder (votes.csv, comments.csv, participants-votes.csv,
/// summary.csv), some of its files, or one table of votes: long (participant, statement and
/// vote columns; an optional timestamp orders re-votes) or wide (one row per participant, one
/// column per statement, cells 1 / -1 / 0 or agree / disagree / pass). The latest vote of a
/// participant on a statement counts; moderated-out statements are left out.
///
/// Participants are placed on the two principal components of the vote matrix (missing votes
/// replaced by the statement's mean) and grouped by k-means, the number of groups chosen by
/// silhouette from 2 to 5 unless given; only those with at least --min-votes votes are grouped.
/// Then, per group: representative statements (Pol.is's repness, with a two-proportion test);
/// across groups: consensus and divisive statements. For a Pol.is export, its own published
/// figures are counted again and its groups compared with engage's.
///
/// The same input always gives the same groups.
///
/// Example: engage deliberation polis-export/ --chart groups.svg --format markdown
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A Pol.is open-data folder, Pol.is export files, or one table of votes.
    #[arg(value_name = "DIR_OR_FILES", required = true, num_args = 1..)]
    inputs: Vec<PathBuf>,
    /// How many opinion groups: a number from 2, or auto (2 to 5, the best mean silhouette).
    #[arg(long, value_name = "K|auto", default_value = "auto", value_parser = parse_groups)]
    groups: GroupCount,
    /// The fewest votes a participant needs to be grouped (Pol.is uses 7).
    #[arg(long, value_name = "N", default_value_t = 7, value_parser = clap::value_parser!(u64).range(1..))]
    min_votes: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Draw the participants on the two components, by group, to FILE (.svg or .png).
    #[arg(long, value_name = "FILE.svg|png")]
    chart: Option<PathBuf>,
    /// Draw the consensus and divisive statements, by group, to FILE (.svg or .png).
    #[arg(long, value_name = "FILE.svg|png")]
    statements_chart: Option<PathBuf>,
    /// The sheet to read, for a table of votes in a workbook [default: the first].
    #[arg(long, value_name = "SHEET")]
    sheet: Option<String>,
}

fn parse_groups(text: &str) -> Result<GroupCount, String> {
    if text.eq_ignore_ascii_case("auto") {
        return Ok(GroupCount::Auto);
    }
    match text.parse::<usize>() {
        Ok(k) if k >= 2 => Ok(GroupCount::Fixed(k)),
        _ => Err("expected a number of groups from 2, or auto".to_string()),
    }
}

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        inputs,
        groups,
        min_votes,
        format,
        output: path,
        chart,
        statements_chart,
        sheet,
    } = args;
    for chart_path in [&chart, &statements_chart].into_iter().flatten() {
        output::chart_format(chart_path, "groups.svg or groups.png")?;
    }
    let mut ingest = IngestOptions::default();
    if let Some(sheet) = sheet {
        ingest = ingest.with_sheet(sheet);
    }
    let options = DeliberationOptions::default()
        .with_groups(groups)
        .with_min_votes(usize::try_from(min_votes).unwrap_or(usize::MAX));
    let conversation = deliberation::read_paths(&inputs, &ingest)?;
    let result = deliberation::analyse(&conversation, &options)?;
    if !global.quiet
        && let Some(polis) = &result.polis
    {
        for check in polis.checks.iter().filter(|check| !check.matches) {
            eprintln!(
                "engage: warning: {} in {}: published {}, counted {} ({})",
                check.figure, check.published_in, check.published, check.computed, check.rule
            );
        }
    }
    let bytes = match format {
        Format::Json => output::json(&result)?,
        Format::Table | Format::Csv | Format::Markdown => output::tables(&result.tables(), format),
    };
    output::emit(out, path.as_deref(), &bytes)?;
    for (chart_path, drawn, id) in [
        (&chart, result.participants_chart(), "participants"),
        (&statements_chart, result.statements_chart(), "statements"),
    ] {
        if let Some(chart_path) = chart_path {
            write_chart(chart_path, &drawn, id, &conversation.source)?;
            if !global.quiet {
                eprintln!("engage: wrote {}", chart_path.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_chart(path: &Path, chart: &Chart, id: &str, source: &str) -> anyhow::Result<()> {
    let svg = output::chart_format(path, "groups.svg or groups.png")?;
    let options = ChartOptions::default().with_id(id).with_source(source);
    output::write_chart(path, chart, &options, svg)
}
