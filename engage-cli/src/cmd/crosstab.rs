//! `engage crosstab`: two questions against each other, with a test of independence; or
//! views by group, every question by each group with the false discovery rate controlled.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engage_core::summary::{CrosstabOptions, PercentOf, crosstab};
use engage_core::views::{ViewsOptions, present, views_by_group};

use crate::Global;
use crate::disclosure::DisclosureArgs;
use crate::input::InputArgs;
use crate::output::{self, Format};

/// Cross-tabulate two questions: counts and percentages with totals, the chi-square test of
/// independence, Cramér's V, adjusted residuals and expected counts.
///
/// Put the groups you compare (capacity, age band) in the columns and read the column
/// percentages. Adjusted residuals beyond ±1.96 show the cells that drive a significant
/// result. A warning is given when more than 20% of expected counts are below 5; Fisher's
/// exact test is added for 2 x 2 tables, and Freeman-Halton's for small larger tables.
/// Multi-choice questions count mentions, and the test's assumptions then do not hold.
///
/// Without COL_Q, views by group: every scale, single-choice and yes/no question (or ROW_Q
/// alone) by each group (--by, repeatable; else `[report] groups` in survey.toml; else the
/// capacity, age, sex, ethnicity, disability and area questions), each with the groups in
/// rows, the share of every answer, net agreement, the test and which groups differ from
/// everyone else; the p-values adjusted together (Benjamini-Hochberg), and a sentence for each
/// difference that survives and is large enough to matter, as the report's "Views by group".
///
/// Example: engage crosstab responses.xlsx support age --percent column
///
/// Example: engage crosstab responses.xlsx --by capacity --by age
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The question whose options are the rows (for views by group: the question compared).
    #[arg(value_name = "ROW_Q")]
    row: Option<String>,
    /// The question whose options are the columns; leave it out for views by group.
    #[arg(value_name = "COL_Q", conflicts_with = "by")]
    column: Option<String>,
    /// Views by group: a question whose answers are the groups compared (repeatable).
    #[arg(long, value_name = "QUESTION")]
    by: Vec<String>,
    /// Which percentages to show: each row, each column or the whole table adds up to 100%.
    #[arg(long, value_enum, default_value_t = PercentArg::Column)]
    percent: PercentArg,
    /// Weight the table by this numeric column, one weight per respondent.
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
        by,
        percent,
        weights,
        disclosure,
        format,
        output: path,
    } = args;
    let config = input.config()?;
    let policy = disclosure.policy(config.as_ref().map(|(_, config)| config));
    let dataset = input.read()?;
    if !global.quiet {
        for warning in &dataset.source().warnings {
            eprintln!("engage: warning: {warning}");
        }
    }
    let Some(column) = column else {
        if weights.is_some() {
            anyhow::bail!("views by group are unweighted: --weights needs ROW_Q and COL_Q");
        }
        let groups = match (by.is_empty(), &config) {
            (false, _) => by,
            (true, Some((_, config))) => ViewsOptions::groups_in_config(config).unwrap_or_default(),
            (true, None) => Vec::new(),
        };
        let options = ViewsOptions::default()
            .with_groups(groups)
            .with_questions(row.into_iter().collect());
        let views = views_by_group(&dataset, None, &options)?;
        let presented = present::report(
            &views,
            &dataset,
            &policy,
            std::path::Path::new(&dataset.source().file)
                .file_name()
                .and_then(|name| name.to_str()),
        );
        let bytes = match format {
            Format::Json => output::json(&presented.json)?,
            Format::Table | Format::Csv | Format::Markdown => {
                output::tables(&presented.tables, format)
            }
        };
        output::emit(out, path.as_deref(), &bytes)?;
        return Ok(ExitCode::SUCCESS);
    };
    let Some(row) = row else {
        anyhow::bail!("a cross-tab needs ROW_Q and COL_Q");
    };
    let mut options = CrosstabOptions::default();
    if let Some(column) = weights {
        let weights = super::summary::column_weights(&dataset, &column)?;
        options = options.with_weights(weights);
    }
    let table = crosstab(&dataset, &row, &column, &options)?;
    let bytes = match format {
        Format::Json => output::json(&table.to_json(percent.into(), &policy))?,
        Format::Table | Format::Csv | Format::Markdown => {
            output::tables(&table.tables(percent.into(), &policy), format)
        }
    };
    output::emit(out, path.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}
