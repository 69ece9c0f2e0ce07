//! `engage chart`: one chart as SVG or PNG, from an export or from saved `engage summary` JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use engage_core::chart::results;
use engage_core::chart::{Chart, ChartOptions, RepresentationMode};
use engage_core::participation::activity::activity_log;
use engage_core::participation::present as participation_present;
use engage_core::participation::{ParticipationOptions, Reference, participation};
use engage_core::privacy::disclosure::DisclosurePolicy;
use engage_core::privacy::redact::{RedactOptions, redact_dataset};
use engage_core::summary::present::{self, Presented};
use engage_core::summary::wire::SummaryJson;
use engage_core::summary::{CrosstabOptions, PercentOf, QuestionSummary, SummaryOptions};
use engage_core::themes::coding::{CodingOptions, code_dataset};
use engage_core::themes::present as themes_present;
use engage_core::{Codebook, Dataset, Error, Layout, Location, QuestionType, Table};

use crate::Global;
use crate::disclosure::DisclosureArgs;
use crate::input::InputArgs;
use crate::output;

/// Draw one chart as SVG or PNG, with a text description of it beside it (OUT with .txt).
///
/// The kind follows the question unless --kind says otherwise: bars with 95% interval whiskers
/// for single and multi-choice questions, first places for a ranking, answers per month for a
/// date, and a diverging bar for a Likert item (give --question several times for statements
/// on one scale: one chart, sorted by net agreement). With --by, stacked bars of the question
/// within each group of the --by question. Other kinds: timeline (responses over time),
/// representation (with --reference: a profile question against the population), themes and
/// cooccurrence (with --codebook: a free-text question), and activity-cost, activity-sectors
/// and activity-wilcox-levels (FILE is an activity log).
///
/// Counts from 1 to 4 are withheld (drawn hatched, and left out of the description) in
/// profile and cross-tab charts, as in the report, and in every chart with --suppress all; the
/// chart is drawn from the same disclosed table the report prints. With --from, a summary saved by `engage summary --format json` is drawn again
/// without the export.
///
/// Example: engage chart responses.xlsx --question services_used -o services.png
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("input").required(true).args(["file", "from"]))]
pub(crate) struct Args {
    /// The export: .xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv, .txt, or a Pol.is export folder.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// The sheet to read, by name or 1-based number [default: the first that holds responses].
    #[arg(long, value_name = "SHEET", requires = "file")]
    sheet: Option<String>,
    /// A survey.toml of corrections [default: FILE's <name>.survey.toml or survey.toml beside it].
    #[arg(long, value_name = "FILE", requires = "file")]
    config: Option<PathBuf>,
    /// The export layout, skipping detection.
    #[arg(long, value_name = "LAYOUT", requires = "file", value_parser = parse_layout)]
    layout: Option<Layout>,
    /// Draw from the JSON of `engage summary --format json` instead of an export.
    #[arg(long, value_name = "summary.json")]
    from: Option<PathBuf>,
    /// The question to draw, by id; repeat for several Likert statements on one scale.
    #[arg(long, value_name = "ID")]
    question: Vec<String>,
    /// The kind of chart [default: by the question's type; crosstab with --by].
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// Split by this question: stacked bars, one per group.
    #[arg(long, value_name = "ID")]
    by: Option<String>,
    /// A codebook, for themes and cooccurrence.
    #[arg(long, value_name = "FILE")]
    codebook: Option<PathBuf>,
    /// A reference population CSV, for representation.
    #[arg(long, value_name = "FILE")]
    reference: Option<PathBuf>,
    /// Representation: respondents' and the population's percentages side by side instead of
    /// the representation index.
    #[arg(long)]
    percentages: bool,
    #[command(flatten)]
    disclosure: DisclosureArgs,
    /// The chart's title [default: the question, shortened].
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// The source line under the chart [default: the export's file name].
    #[arg(long, value_name = "TEXT")]
    source: Option<String>,
    /// Width in logical pixels; the PNG has twice as many.
    #[arg(long, value_name = "PX", default_value_t = 800)]
    width: u32,
    /// Where to write the chart: a file ending in .svg or .png.
    #[arg(long, short, value_name = "OUT.svg|png")]
    output: PathBuf,
}

fn parse_layout(text: &str) -> Result<Layout, String> {
    Layout::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Layout::ALL.iter().map(|layout| layout.as_str()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

/// `--kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Kind {
    /// Horizontal bars of a question's answers with 95% intervals.
    Bar,
    /// Diverging stacked bars of one or more Likert items.
    Likert,
    /// Stacked bars of a question within each group of --by.
    Crosstab,
    /// Responses per day with the running total.
    Timeline,
    /// A profile question's respondents against the population (--reference).
    Representation,
    /// Theme counts in a free-text question (--codebook).
    Themes,
    /// How often themes occur together in one answer (--codebook).
    Cooccurrence,
    /// An activity log's investment per place and per participant.
    ActivityCost,
    /// The sectors of those who came to the activities.
    ActivitySectors,
    /// Activities over the Wilcox levels of participation.
    ActivityWilcoxLevels,
}

pub(crate) fn run(args: Args, global: Global, _out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let is_svg = chart_format(&args.output)?;
    let (chart, source) = match &args.from {
        Some(path) => {
            let policy = args.disclosure.policy(None);
            (from_summary(path, &args, &policy)?, args.source.clone())
        }
        None => {
            let Some(file) = &args.file else {
                anyhow::bail!("give an export FILE or --from summary.json");
            };
            let input = InputArgs {
                file: file.clone(),
                sheet: args.sheet.clone(),
                config: args.config.clone(),
                layout: args.layout,
            };
            let dataset = input.read()?;
            let config = input.config()?;
            let policy = args
                .disclosure
                .policy(config.as_ref().map(|(_, config)| config));
            if !global.quiet {
                for warning in &dataset.source().warnings {
                    eprintln!("engage: warning: {warning}");
                }
            }
            let source = args.source.clone().or_else(|| {
                file.file_name()
                    .map(|name| name.to_string_lossy().into_owned())
            });
            (from_export(&dataset, &input, &args, &policy)?, source)
        }
    };
    let chart = match args.title {
        Some(title) => chart.with_title(title),
        None => chart,
    };
    let mut options = ChartOptions::default()
        .with_width(args.width)
        .with_id(chart_id(&args.output));
    if let Some(source) = &source {
        options = options.with_source(source);
    }
    output::write_chart(&args.output, &chart, &options, is_svg)?;
    if !global.quiet {
        eprintln!(
            "engage: wrote {} and its description {}",
            args.output.display(),
            output::description_path(&args.output).display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether OUT is SVG (true) or PNG (false), from its extension.
fn chart_format(path: &Path) -> anyhow::Result<bool> {
    output::chart_format(path, "chart.svg or chart.png")
}

/// The SVG's element id prefix: the output's file stem, reduced to safe characters.
fn chart_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    if id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id
    } else {
        format!("chart-{id}")
    }
}

/// The kind to draw when --kind is not given.
fn default_kind(dataset_kind: Option<QuestionType>, args: &Args) -> anyhow::Result<Kind> {
    if args.by.is_some() {
        return Ok(Kind::Crosstab);
    }
    if args.reference.is_some() {
        return Ok(Kind::Representation);
    }
    Ok(match dataset_kind {
        Some(QuestionType::Likert) => Kind::Likert,
        Some(QuestionType::FreeText) if args.codebook.is_some() => Kind::Themes,
        Some(QuestionType::FreeText) => anyhow::bail!(
            "a free-text question is drawn as its themes: give --codebook FILE (or --kind)"
        ),
        Some(_) => Kind::Bar,
        None => Kind::Timeline,
    })
}

fn from_export(
    dataset: &Dataset,
    input: &InputArgs,
    args: &Args,
    policy: &DisclosurePolicy,
) -> anyhow::Result<Chart> {
    let schema = dataset.schema();
    let known = || {
        schema
            .questions()
            .iter()
            .map(|question| question.id.clone())
            .collect::<Vec<String>>()
    };
    let file = input.file.display().to_string();
    for id in args.question.iter().chain(&args.by) {
        if schema.get(id).is_none() {
            return Err(Error::unknown_question(id, known()).in_file(&file).into());
        }
    }
    let first = args.question.first().and_then(|id| schema.get(id));
    let kind = match args.kind {
        Some(kind) => kind,
        None => default_kind(first.map(|question| question.kind), args)?,
    };
    let needs_question = |what: &str| -> anyhow::Result<&engage_core::Question> {
        first.ok_or_else(|| anyhow::anyhow!("{file}: a {what} chart needs --question ID"))
    };
    match kind {
        Kind::Bar | Kind::Likert => {
            needs_question("question")?;
            let summary = engage_core::summarise(
                dataset,
                &SummaryOptions::default().with_questions(args.question.clone()),
            )?;
            let presented: Vec<(&QuestionSummary, Presented)> = summary
                .questions
                .iter()
                .map(|question| {
                    (
                        question,
                        present::question(&summary, question, policy, None),
                    )
                })
                .collect();
            draw_questions(&presented, kind, &file)
        }
        Kind::Crosstab => {
            let question = needs_question("crosstab")?;
            let Some(by) = &args.by else {
                anyhow::bail!("{file}: a crosstab chart needs --by ID, the groups to compare");
            };
            // One bar per group of --by, split by the answers to the question.
            let table =
                engage_core::crosstab(dataset, by, &question.id, &CrosstabOptions::default())?;
            // The chart is drawn from the disclosed table of counts.
            let tables = table.tables(PercentOf::Row, policy);
            Ok(results::crosstab_chart(&table, &tables[0], None))
        }
        Kind::Timeline => {
            let result = participation(dataset, &ParticipationOptions::default())?;
            let timeline = result.timeline.ok_or_else(|| {
                anyhow::anyhow!("{file}: no submission dates were found, so there is no timeline")
            })?;
            Ok(participation_present::timeline(&timeline, policy, None).2)
        }
        Kind::Representation => {
            let Some(path) = &args.reference else {
                anyhow::bail!("{file}: a representation chart needs --reference FILE");
            };
            let reference = Reference::read(path)?;
            let population = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned());
            let options = ParticipationOptions::default().with_reference(reference);
            let threshold = options.under_represented_below();
            let result = participation(dataset, &options)?;
            let matching: Vec<_> = result
                .representation
                .iter()
                .filter(|representation| {
                    first.is_none_or(|question| representation.question == question.id)
                })
                .collect();
            let representation = match matching.as_slice() {
                [one] => *one,
                [] if first.is_some() => anyhow::bail!(
                    "{file}: {} is not a profile question the reference population covers",
                    args.question[0]
                ),
                _ => anyhow::bail!(
                    "{file}: choose the profile question with --question: {}",
                    result
                        .representation
                        .iter()
                        .map(|representation| representation.question.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let mode = if args.percentages {
                RepresentationMode::Percentages
            } else {
                RepresentationMode::Index
            };
            let table = participation_present::representation_table(
                representation,
                population.as_deref(),
                policy,
            );
            Ok(results::representation_chart(
                representation,
                &table,
                mode,
                threshold,
                population.as_deref(),
            ))
        }
        Kind::Themes | Kind::Cooccurrence => {
            let question = needs_question("themes")?;
            let Some(path) = &args.codebook else {
                anyhow::bail!("{file}: a themes chart needs --codebook FILE");
            };
            let codebook = Codebook::read(path)?;
            let (redacted, _) = redact_dataset(dataset, &RedactOptions::default())?;
            let coding = code_dataset(
                &redacted,
                &codebook,
                &CodingOptions::default().with_questions(vec![question.id.clone()]),
            )?;
            let themes = coding
                .questions
                .first()
                .context("the codebook coded no question")?;
            let presented = themes_present::question(themes, policy, None);
            if kind == Kind::Themes {
                Ok(presented.chart)
            } else {
                presented.together.map(|(_, chart)| chart).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{file}: fewer than two themes were found, so nothing co-occurs"
                    )
                })
            }
        }
        Kind::ActivityCost | Kind::ActivitySectors | Kind::ActivityWilcoxLevels => {
            let log = activity_log(dataset)?;
            let id = match kind {
                Kind::ActivityCost => "activity-cost",
                Kind::ActivitySectors => "activity-sectors",
                _ => "activity-wilcox-levels",
            };
            results::activity_charts(&log, None)
                .into_iter()
                .find(|(chart_id, _)| chart_id == id)
                .map(|(_, chart)| chart)
                .ok_or_else(|| anyhow::anyhow!("{file}: the activity log has no figures for {id}"))
        }
    }
}

/// A bar or Likert chart of presented questions (several only for Likert statements), drawn
/// from their disclosed tables.
fn draw_questions(
    questions: &[(&QuestionSummary, Presented)],
    kind: Kind,
    file: &str,
) -> anyhow::Result<Chart> {
    match questions {
        [(question, presented)] => presented.chart.clone().ok_or_else(|| {
            anyhow::anyhow!(
                "{file}: {} ({}) has no chart: its table says it all",
                question.id,
                question.kind.as_str()
            )
        }),
        [] => anyhow::bail!("{file}: give --question ID"),
        several if kind == Kind::Likert => {
            let members: Vec<(&QuestionSummary, &Table)> = several
                .iter()
                .map(|(question, presented)| (*question, &presented.table))
                .collect();
            let summaries: Vec<&QuestionSummary> =
                several.iter().map(|(question, _)| *question).collect();
            results::likert_group_chart(&results::likert_group_title(&summaries), &members, None)
                .ok_or_else(|| {
                    anyhow::anyhow!("{file}: the questions are not Likert items on one scale")
                })
        }
        _ => {
            anyhow::bail!("{file}: several --question ids make one chart only as Likert statements")
        }
    }
}

fn from_summary(path: &Path, args: &Args, policy: &DisclosurePolicy) -> anyhow::Result<Chart> {
    let file = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|error| Error::io(Location::file(&file), error))?;
    let summary: SummaryJson = serde_json::from_str(&text).map_err(|error| {
        Error::format(
            Location::file(&file),
            format!("not the JSON of engage summary --format json ({error})"),
        )
    })?;
    let kind = args.kind;
    if let Some(kind) = kind
        && !matches!(kind, Kind::Bar | Kind::Likert)
    {
        anyhow::bail!(
            "{file}: a saved summary draws bar and likert charts; draw {kind:?} from the export"
        );
    }
    let known = || {
        summary
            .questions
            .iter()
            .map(|question| question.id.clone())
            .collect::<Vec<String>>()
    };
    if args.question.is_empty() {
        anyhow::bail!(
            "{file}: give --question ID (one of: {})",
            known().join(", ")
        );
    }
    let mut questions = Vec::new();
    for id in &args.question {
        let question = summary
            .questions
            .iter()
            .find(|question| &question.id == id)
            .ok_or_else(|| Error::unknown_question(id, known()).in_file(&file))?;
        // A saved summary does not say which questions are profile questions: counts are
        // withheld only when the policy covers every table; what the summary itself withheld
        // stays withheld.
        let presented = present::from_json(question, policy, None).ok_or_else(|| {
            anyhow::anyhow!(
                "{file}: {id} ({}) has no chart: its table says it all",
                question.kind
            )
        })?;
        let back = question.to_summary().context("a question with a chart")?;
        questions.push((back, presented));
    }
    let kind = kind.unwrap_or(if questions[0].0.kind == QuestionType::Likert {
        Kind::Likert
    } else {
        Kind::Bar
    });
    let questions: Vec<(&QuestionSummary, Presented)> = questions
        .iter()
        .map(|(question, presented)| (question, presented.clone()))
        .collect();
    draw_questions(&questions, kind, &file)
}
