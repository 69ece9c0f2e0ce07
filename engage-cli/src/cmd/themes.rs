//! `engage themes`: code free-text answers against a codebook (and score the coding against a
//! gold coding with `--gold`); `engage themes discover`: suggest a draft codebook from the
//! answers; `engage themes agree` (in `themes/agree.rs`): compare codings.

mod agree;

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use engage_core::privacy::safe;
use engage_core::themes::{
    AgreementOptions, Codebook, CodingOptions, DiscoverOptions, QuestionQuotes, QuestionThemes,
    QuoteOptions, ThemeCoding, ThemeQuotes, accuracy, choose_quotes, code_dataset,
    discover_question,
};
use engage_core::{Dataset, QuestionType};

use crate::Global;
use crate::input::InputArgs;
use crate::output;

/// Code free-text answers against a codebook of themes: counts, roll-ups, splits, quotes.
///
/// Each answer is matched against the codebook's terms (whole words, case and accents
/// ignored; `appoint*` matches word beginnings, `/regex/` a pattern). The output gives, per
/// question, the base (non-empty answers), each theme's count and % of base (a comment may have
/// several themes; parents count a comment once), the uncoded count, and with `--by` the same
/// per group. `--coding` writes one row per comment and theme with the matched terms and their
/// spans, to check and correct in Excel. `--gold` scores the coding against a gold coding (the
/// corrected sheet, or one 0/1 column per theme) with precision, recall and F1 per theme, and
/// micro and macro F1; `engage themes agree` compares codings with each other.
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_long_help = EXAMPLES
)]
pub(crate) struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    #[command(flatten)]
    input: Option<InputArgs>,
    /// The codebook: TOML, or CSV with a theme id, label, parent, include and exclude column.
    #[arg(long, value_name = "FILE", required = true)]
    codebook: Option<PathBuf>,
    /// A free-text question to code, by id; repeat for several [default: every free-text
    /// question].
    #[arg(long = "question", value_name = "ID")]
    questions: Vec<String>,
    /// Split the counts by the answers to this (profile) question.
    #[arg(long, value_name = "ID")]
    by: Option<String>,
    /// Show this many representative quotes per theme.
    #[arg(long, value_name = "N", default_value_t = 0)]
    quotes: usize,
    /// Score sentiment (positive, neutral, negative) per comment and per theme with VADER.
    #[arg(long)]
    sentiment: bool,
    /// Write the coding sheet instead of counts: one row per comment and theme, with the
    /// matched terms and byte spans, and one row per uncoded comment.
    #[arg(long)]
    coding: bool,
    /// Score the coding against a gold coding instead of counting: precision, recall and F1
    /// per theme, micro and macro F1 (see `engage themes agree --help` for the file shapes).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["coding", "quotes", "by", "sentiment"])]
    gold: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Shown after the long help; kept out of the doc comment so that clap does not reflow it.
const EXAMPLES: &str = "Examples:
  engage themes responses.xlsx --codebook codebook.toml
  engage themes responses.xlsx --codebook codebook.toml --by age_band --quotes 3
  engage themes responses.xlsx --codebook codebook.toml --format csv --coding -o coding.csv
  engage themes responses.xlsx --codebook codebook.toml --gold corrected.csv
  engage themes agree coder-a.csv coder-b.csv
  engage themes discover responses.xlsx --question comments --k 8 -o draft.toml";

#[derive(Debug, clap::Subcommand)]
enum Action {
    Discover(DiscoverArgs),
    Agree(agree::Args),
}

/// Suggest a draft codebook from the answers to a free-text question.
///
/// Words and two-word phrases are weighted by TF-IDF, the answers clustered into K themes with
/// seeded spherical k-means (the same data and seed give the same draft), and each theme's
/// distinctive keyphrases (c-TF-IDF) become its include terms, with three example answers as
/// comments. The draft loads as it stands with `engage themes --codebook`; review it first.
///
/// Example: engage themes discover responses.xlsx --question comments --k 8 -o draft.toml
#[derive(Debug, clap::Args)]
struct DiscoverArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The free-text question, by id [default: the only free-text question].
    #[arg(long, value_name = "ID")]
    question: Option<String>,
    /// How many themes to suggest.
    #[arg(long, value_name = "N", default_value_t = 8)]
    k: usize,
    /// The seed of the clustering.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    /// Include terms per theme.
    #[arg(long, value_name = "N", default_value_t = 8)]
    terms: usize,
    /// Write the draft to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The formats `themes` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Readable tables.
    Table,
    /// CSV: theme counts in long form (question, theme, group, base, count, percent), or the
    /// coding sheet with --coding.
    Csv,
    /// One JSON object with everything (and every comment's coding with --coding).
    Json,
    /// Markdown tables and quotes.
    Markdown,
}

/// Personal data in quotes and example answers is replaced by typed placeholders. The text
/// they come from is already redacted with each respondent's own name and email (see
/// `redacted`); this second pass costs little and catches anything passed in directly.
fn redact(text: &str) -> String {
    engage_core::privacy::redact::redact(text).text
}

/// The dataset with personal data removed from its free text (respondents' own names and
/// emails included), for anything that shows respondents' words.
fn redacted(dataset: &engage_core::Dataset) -> anyhow::Result<engage_core::Dataset> {
    let options = engage_core::privacy::redact::RedactOptions::default();
    Ok(engage_core::privacy::redact::redact_dataset(dataset, &options)?.0)
}

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        action,
        input,
        codebook,
        questions,
        by,
        quotes,
        sentiment,
        coding,
        gold,
        format,
        output: path,
    } = args;
    match action {
        Some(Action::Discover(args)) => return discover(args, global, out),
        Some(Action::Agree(args)) => return agree::run(args, global, out),
        None => {}
    }
    let (Some(input), Some(codebook_path)) = (input, codebook) else {
        anyhow::bail!("a data file and --codebook are required");
    };
    let codebook = Codebook::read(&codebook_path)?;
    let dataset = input.read()?;
    if let Some(gold) = gold {
        return score(
            &dataset,
            &codebook,
            questions,
            &gold,
            format,
            path.as_deref(),
            global,
            out,
        );
    }
    // Quotes show respondents' words: they are drawn from the redacted text.
    let dataset = if quotes > 0 {
        redacted(&dataset)?
    } else {
        dataset
    };
    // Every comment's coding is kept only when it is shown: counting alone is faster.
    let options = CodingOptions::default()
        .with_questions(questions)
        .with_by(by)
        .with_sentiment(sentiment)
        .with_comments(coding || quotes > 0);
    let mut result = code_dataset(&dataset, &codebook, &options)?;
    let mut quoted: Vec<QuestionQuotes> = Vec::new();
    let warn = |message: &str| {
        if !global.quiet {
            eprintln!("engage: warning: {message}");
        }
    };
    for warning in &result.warnings {
        warn(warning);
    }
    if quotes > 0 {
        if format == Format::Csv && !coding {
            warn(
                "quotes are not part of the CSV counts; use --format markdown or json to see them",
            );
        }
        let quote_options = QuoteOptions::default().with_per_theme(quotes);
        quoted = choose_quotes(&result, &codebook, &quote_options, &redact);
    }
    let bytes = match (format, coding) {
        (Format::Csv, true) => result.coding_table(&codebook).to_csv().into_bytes(),
        (Format::Csv, false) => result.summary_table().to_csv().into_bytes(),
        (Format::Json, _) => {
            if !coding {
                for question in &mut result.questions {
                    question.comments.clear();
                }
            }
            output::json(&CodingJson::new(&result, &quoted))?
        }
        (Format::Table, true) => result.coding_table(&codebook).to_text(60).into_bytes(),
        (Format::Markdown, true) => result.coding_table(&codebook).to_markdown().into_bytes(),
        (Format::Table, false) => render_text(&dataset, &result, &quoted).into_bytes(),
        (Format::Markdown, false) => render_markdown(&result, &quoted).into_bytes(),
    };
    output::emit(out, path.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// `--format json`: the coding with each question's quotes inside it (left out when none were
/// asked for).
#[derive(serde::Serialize)]
struct CodingJson<'a> {
    codebook: &'a Option<String>,
    questions: Vec<QuestionJson<'a>>,
    warnings: &'a [String],
}

#[derive(serde::Serialize)]
struct QuestionJson<'a> {
    #[serde(flatten)]
    question: &'a QuestionThemes,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    quotes: &'a [ThemeQuotes],
}

impl<'a> CodingJson<'a> {
    fn new(coding: &'a ThemeCoding, quotes: &'a [QuestionQuotes]) -> CodingJson<'a> {
        let ThemeCoding {
            codebook,
            questions,
            warnings,
        } = coding;
        CodingJson {
            codebook,
            questions: questions
                .iter()
                .map(|question| QuestionJson {
                    question,
                    quotes: quotes_of(quotes, &question.question),
                })
                .collect(),
            warnings,
        }
    }
}

/// The quotes chosen for one question's themes.
fn quotes_of<'a>(quotes: &'a [QuestionQuotes], question: &str) -> &'a [ThemeQuotes] {
    quotes
        .iter()
        .find(|quotes| quotes.question == question)
        .map_or(&[], |quotes| quotes.themes.as_slice())
}

/// `engage themes FILE --gold G`: codes the answers and scores the coding against the gold.
#[allow(clippy::too_many_arguments)]
fn score(
    dataset: &Dataset,
    codebook: &Codebook,
    questions: Vec<String>,
    gold: &std::path::Path,
    format: Format,
    path: Option<&std::path::Path>,
    global: Global,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let options = CodingOptions::default()
        .with_questions(questions.clone())
        .with_comments(true);
    let result = code_dataset(dataset, codebook, &options)?;
    agree::warn(&result.warnings, global);
    let coding = result.to_coding();
    let gold_coding = agree::read(gold, Some((codebook.tree(), "the codebook")), global)?;
    let options = AgreementOptions::default()
        .with_questions(questions)
        .with_codebook(codebook);
    let name = dataset.source().file.clone();
    let gold_name = gold.display().to_string();
    let scores = accuracy((&name, &coding), (&gold_name, &gold_coding), &options)?;
    agree::warn(&scores.warnings, global);
    let format = match format {
        Format::Table => output::Format::Table,
        Format::Csv => output::Format::Csv,
        Format::Json => output::Format::Json,
        Format::Markdown => output::Format::Markdown,
    };
    let bytes = agree::accuracy_output(&scores, format)?;
    output::emit(out, path, &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// The readable report: per question the counts, the split, co-occurrence, sentiment, quotes.
fn render_text(dataset: &Dataset, result: &ThemeCoding, quotes: &[QuestionQuotes]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "file:      {}\ncodebook:  {}\n",
        dataset.source().file,
        result.codebook.as_deref().unwrap_or("(built in)")
    );
    for question in &result.questions {
        for table in tables(question) {
            out.push_str(&table.to_text(60));
            out.push('\n');
        }
        for theme in quotes_of(quotes, &question.question) {
            if theme.quotes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "Quotes: {}", theme.label);
            for quote in &theme.quotes {
                let group = quote
                    .group
                    .as_deref()
                    .map(|group| format!(", {group}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  \"{}\" (respondent {}{group})",
                    safe::strip_bidi(&quote.text),
                    quote.respondent
                );
            }
            out.push('\n');
        }
    }
    out
}

/// The tables of one question that have something to show.
fn tables(question: &QuestionThemes) -> Vec<engage_core::Table> {
    let mut tables = vec![question.counts_table()];
    tables.extend(question.by_table());
    let co_occurrence = question.co_occurrence_table(15);
    if !co_occurrence.rows.is_empty() {
        tables.push(co_occurrence);
    }
    tables.extend(question.sentiment_table());
    tables
}

fn render_markdown(result: &ThemeCoding, quotes: &[QuestionQuotes]) -> String {
    let mut out = String::new();
    for question in &result.questions {
        for table in tables(question) {
            out.push_str(&table.to_markdown());
            out.push('\n');
        }
        for theme in quotes_of(quotes, &question.question) {
            if theme.quotes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "**Quotes: {}**\n", safe::markdown_escape(&theme.label));
            for quote in &theme.quotes {
                let group = quote
                    .group
                    .as_deref()
                    .map(|group| format!(", {}", safe::markdown_escape(group)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "> {} (respondent {}{group})\n",
                    safe::markdown_escape(&quote.text),
                    safe::markdown_escape(&quote.respondent)
                );
            }
        }
    }
    for warning in &result.warnings {
        let _ = writeln!(out, "*warning: {}*\n", safe::markdown_escape(warning));
    }
    out
}

fn discover(args: DiscoverArgs, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let DiscoverArgs {
        input,
        question,
        k,
        seed,
        terms,
        output: path,
    } = args;
    if k == 0 {
        anyhow::bail!("--k must be at least 1");
    }
    // The draft carries example answers as comments: they come from the redacted text.
    let dataset = redacted(&input.read()?)?;
    let question = match question {
        Some(question) => question,
        None => only_free_text(&dataset)?,
    };
    let options = DiscoverOptions::default()
        .with_themes(k)
        .with_seed(seed)
        .with_terms_per_theme(terms);
    let draft = discover_question(&dataset, &question, &options)?;
    if draft.themes.is_empty() {
        anyhow::bail!(
            "{}: question \"{question}\": too few answers with words in common to suggest themes ({} answers)",
            dataset.source().file,
            draft.documents
        );
    }
    let toml = draft.to_toml(&redact);
    // The draft must load: a draft the codebook reader refuses would be a bug here.
    Codebook::from_toml(&toml, "draft").context("the suggested draft does not load")?;
    output::emit(out, path.as_deref(), toml.as_bytes())?;
    if !global.quiet {
        eprintln!(
            "engage: suggested {} themes from {} answers{}; review the draft before use",
            draft.themes.len(),
            draft.documents,
            path.as_ref()
                .map(|path| format!(", written to {}", path.display()))
                .unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The one free-text question, or an error listing them.
fn only_free_text(dataset: &Dataset) -> anyhow::Result<String> {
    let free_text: Vec<&str> = dataset
        .questions_of(QuestionType::FreeText)
        .map(|question| question.id.as_str())
        .collect();
    match free_text.as_slice() {
        [only] => Ok((*only).to_string()),
        [] => anyhow::bail!(
            "{}: the data has no free-text questions to discover themes in",
            dataset.source().file
        ),
        several => anyhow::bail!(
            "{}: several free-text questions; choose one with --question: {}",
            dataset.source().file,
            several.join(", ")
        ),
    }
}
