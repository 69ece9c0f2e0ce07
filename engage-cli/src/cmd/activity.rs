//! `engage activity`: the activity log of events, training and networks, with the investment
//! per place, participant, learner and course, the sector mix, and the spread over Wilcox's
//! levels and the empowerment dimensions.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engage_core::{IngestOptions, Layout};

use crate::Global;
use crate::output::{self, Format};

/// Cost and reach of an activity log: one row per event, training session, network meeting or
/// online course.
///
/// Recognised columns (any case): activity, kind, date, organiser, sessions, places,
/// participants (a number or a planned range such as 50-100), learners, courses_per_learner,
/// wilcox_level, dimensions, sector_public, sector_vcf, sector_private, sector_other, and any
/// cost_* columns in pounds (1200 or £1,200).
///
/// Example: engage activity testdata/activity-2013.xlsx --format json
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The activity log: .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv or .txt.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The sheet to read, by name or 1-based number [default: the first that holds data].
    #[arg(long, value_name = "SHEET")]
    sheet: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        file,
        sheet,
        format,
        output: path,
    } = args;
    // An activity log is a hand-kept sheet: no survey layout, and no survey.toml.
    let mut options = IngestOptions::default().with_layout(Layout::Generic);
    if let Some(sheet) = sheet {
        options = options.with_sheet(sheet);
    }
    let dataset = engage_core::read_path(&file, &options)?;
    let log = engage_core::participation::activity::activity_log(&dataset)?;
    if !global.quiet && !log.ignored_columns.is_empty() {
        eprintln!(
            "engage: warning: columns not recognised, not used: {}",
            log.ignored_columns.join(", ")
        );
    }
    let bytes = match format {
        Format::Json => output::json(&log)?,
        other => output::tables(&log.tables(), other),
    };
    output::emit(out, path.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}
