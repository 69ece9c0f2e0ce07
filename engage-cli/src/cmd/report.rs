//! `engage report`: the interim report bundle, the main job.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use engage_core::participation::{ParticipationOptions, Reference};
use engage_core::progress::Progress;
use engage_core::report::{BundleOptions, ReportInputs, ReportOptions};
use engage_core::views::ViewsOptions;
use engage_core::{Codebook, IngestOptions};

use crate::Global;
use crate::disclosure::DisclosureArgs;
use crate::input::InputArgs;

/// Write the interim report: index.html, report.md, report.xlsx, report.json, tables/*.csv and
/// charts/*.svg|png, into a folder.
///
/// The report has a summary of key findings, how it was made, who took part (and, with
/// --reference, who is missing compared with the population), every question's table and chart
/// in questionnaire order, the themes in written answers with quotes (with --codebook), activity
/// and costs (with --activity), a "you said, we did" table for the team to complete, what
/// changed since the last report (with --previous), and the questions as asked. Personal data
/// is never published, quotes are redacted, and counts below 5 in profile tables and cross-tabs
/// are withheld. The same inputs give byte-identical files.
///
/// Example: engage report testdata/walk-in-centre.xlsx --codebook testdata/codebooks/walk-in-centre.toml --reference testdata/reference/england-wales-census-2021.csv -o report
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The folder to write the report into (created; replaced only with --force).
    #[arg(long, short, value_name = "DIR")]
    output: PathBuf,
    /// Replace the folder if it already exists.
    #[arg(long)]
    force: bool,
    /// A codebook (TOML or CSV) for theme coding of written answers, as FILE or QUESTION=FILE.
    ///
    /// A codebook codes the questions it names (`questions = ["id"]` in the TOML), those given
    /// as QUESTION=FILE (ids separated by commas) or with --question, or else the export's only
    /// free-text question.
    #[arg(long, value_name = "[QUESTION=]FILE", group = "coder")]
    codebook: Option<String>,
    /// A model learned from hand-coded comments (`engage themes learn`), as FILE or
    /// QUESTION=FILE, to code written answers instead of a codebook.
    ///
    /// A model codes the question it learned on (found by id, or by its wording), or those
    /// given as QUESTION=FILE or with --question.
    #[arg(long, value_name = "[QUESTION=]FILE", group = "coder")]
    model: Option<String>,
    /// A free-text question to code with the codebook or model (repeatable).
    #[arg(long = "question", value_name = "ID", requires = "coder")]
    questions: Vec<String>,
    /// Views by group: a question whose answers are the groups compared (repeatable)
    /// [default: `[report] groups` in survey.toml, else the capacity, age, sex, ethnicity,
    /// disability and area questions].
    #[arg(long, value_name = "QUESTION")]
    by: Vec<String>,
    /// A reference population (CSV of variable,category,population) to compare respondents with.
    #[arg(long, value_name = "FILE")]
    reference: Option<PathBuf>,
    /// Weight the figures by raking to the reference population (needs --reference).
    #[arg(long, requires = "reference")]
    weights: bool,
    /// An activity log (events, training, network meetings) with costs.
    #[arg(long, value_name = "FILE")]
    activity: Option<PathBuf>,
    /// The previous interim report's report.json, to say what changed since.
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    #[command(flatten)]
    disclosure: DisclosureArgs,
    /// The report's title [default: `title` under [report] in survey.toml, else "Interim
    /// report: " and the file name].
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Who publishes the report, shown under the title [default: `organisation` under [report]
    /// in survey.toml].
    #[arg(long, value_name = "TEXT")]
    organisation: Option<String>,
    /// Quotes shown per theme.
    #[arg(long, value_name = "N", default_value_t = 3)]
    quotes: usize,
    /// Print the time the report was made in it (then two runs are no longer byte-identical).
    #[arg(long)]
    timestamp: bool,
    /// Leave out the PNG copies of the charts (the HTML uses SVG; Markdown links PNG).
    #[arg(long)]
    no_png: bool,
}

/// A progress bar on stderr, drawn only for a person watching a terminal.
struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn update(&self, stage: &str, done: usize, total: usize) {
        self.0.set_length(total as u64);
        self.0.set_position(done as u64);
        self.0.set_message(stage.to_string());
    }
}

fn progress_bar(quiet: bool) -> Bar {
    let visible = !quiet && std::io::stderr().is_terminal();
    let bar = if visible {
        indicatif::ProgressBar::new(0)
    } else {
        indicatif::ProgressBar::hidden()
    };
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {bar:30} {pos}/{len} {msg}")
    {
        bar.set_style(style);
    }
    Bar(bar)
}

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        input,
        output,
        force,
        codebook,
        model,
        questions,
        by,
        reference,
        weights,
        activity,
        previous,
        disclosure,
        title,
        organisation,
        quotes,
        timestamp,
        no_png,
    } = args;
    let bar = progress_bar(global.quiet);
    bar.update("reading", 0, 1);
    let config = input.config()?;
    let dataset = input.read()?;
    let (codebook, mut coded_questions) = match codebook {
        Some(argument) => {
            let (named, path) = coder_argument(&argument);
            (Some(Codebook::read(path)?), named)
        }
        None => (None, Vec::new()),
    };
    let model = match model {
        Some(argument) => {
            let (named, path) = coder_argument(&argument);
            coded_questions = named;
            Some(engage_core::themes::Model::load(path)?)
        }
        None => None,
    };
    coded_questions.extend(questions);
    let reference = reference.map(Reference::read).transpose()?;
    let activity = match activity {
        Some(path) => Some(engage_core::participation::activity::activity_log(
            &engage_core::read_path(&path, &IngestOptions::default())?,
        )?),
        None => None,
    };
    let previous = match previous {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("{}: cannot read the previous report", path.display()))?;
            let value: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("{}: not a report.json", path.display()))?;
            match value
                .get("schema_version")
                .and_then(serde_json::Value::as_u64)
            {
                None => anyhow::bail!(
                    "{}: not an engage report.json (no schema_version)",
                    path.display()
                ),
                Some(version) if version != u64::from(engage_core::report::SCHEMA_VERSION) => {
                    anyhow::bail!(
                        "{}: report.json of layout version {version}, expected {}; make the previous report again with this engage",
                        path.display(),
                        engage_core::report::SCHEMA_VERSION
                    )
                }
                Some(_) => {}
            }
            let previous: engage_core::report::ReportJson = serde_json::from_value(value)
                .with_context(|| {
                    format!("{}: not a report.json engage can read", path.display())
                })?;
            Some(previous)
        }
        None => None,
    };
    let mut options = ReportOptions::default()
        .with_disclosure(disclosure.policy(config.as_ref().map(|(_, config)| config)))
        .with_weights(weights)
        .with_quotes(quotes);
    let mut groups = by;
    if let Some((_, config)) = &config {
        options = options.with_participation(ParticipationOptions::from_config(config)?);
        if groups.is_empty() {
            groups = ViewsOptions::groups_in_config(config).unwrap_or_default();
        }
        if let Some(title) = &config.report.title {
            options = options.with_title(title);
        }
        if let Some(organisation) = &config.report.organisation {
            options = options.with_organisation(organisation);
        }
    }
    options = options.with_views(ViewsOptions::default().with_groups(groups));
    if let Some(title) = title {
        options = options.with_title(title);
    }
    if let Some(organisation) = organisation {
        options = options.with_organisation(organisation);
    }
    if timestamp {
        options =
            options.with_timestamp(chrono::Local::now().format("%-d %B %Y, %H:%M").to_string());
    }
    let inputs = ReportInputs {
        dataset: &dataset,
        codebook: codebook.as_ref(),
        model: model.as_ref(),
        reference: reference.as_ref(),
        activity: activity.as_ref(),
        previous: previous.as_ref(),
        coded_questions: &coded_questions,
    };
    let report = engage_core::report::build(&inputs, &options, &bar)?;
    bar.update("writing files", 0, 1);
    let files = report.files(&BundleOptions::default().with_png(!no_png))?;
    engage_core::report::bundle::write(&output, &files, force)?;
    bar.0.finish_and_clear();
    if !global.quiet {
        let tables = files
            .iter()
            .filter(|file| file.path.starts_with("tables/"))
            .count();
        let charts = files
            .iter()
            .filter(|file| {
                std::path::Path::new(&file.path)
                    .extension()
                    .is_some_and(|extension| extension == "svg")
            })
            .count();
        eprintln!(
            "engage: wrote {}: index.html, report.md, report.xlsx, report.json, {tables} tables and {charts} charts",
            output.display()
        );
    }
    let _ = out.flush();
    Ok(ExitCode::SUCCESS)
}

/// `--codebook`'s or `--model`'s value: `FILE`, or `QUESTION=FILE` with ids separated by
/// commas. A value that names an existing file is a file, even with `=` in its name.
fn coder_argument(argument: &str) -> (Vec<String>, &str) {
    if std::path::Path::new(argument).exists() {
        return (Vec::new(), argument);
    }
    match argument.split_once('=') {
        Some((questions, path)) if !questions.contains(['/', '\\']) => (
            questions
                .split(',')
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(str::to_string)
                .collect(),
            path,
        ),
        _ => (Vec::new(), argument),
    }
}

#[cfg(test)]
mod tests {
    use super::coder_argument;

    #[test]
    fn a_coder_argument_may_name_its_questions() {
        assert_eq!(
            coder_argument("comments=themes.toml"),
            (vec!["comments".to_string()], "themes.toml")
        );
        assert_eq!(
            coder_argument("q1, q2=dir/themes.toml"),
            (vec!["q1".to_string(), "q2".to_string()], "dir/themes.toml")
        );
        assert_eq!(coder_argument("themes.toml"), (Vec::new(), "themes.toml"));
        assert_eq!(
            coder_argument("dir=x/themes.toml"),
            (vec!["dir".to_string()], "x/themes.toml")
        );
        assert_eq!(coder_argument("a/b=c.toml"), (Vec::new(), "a/b=c.toml"));
    }
}
