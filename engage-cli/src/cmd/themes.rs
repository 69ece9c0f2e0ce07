//! `engage themes`: code free-text answers against a codebook (and score the coding against a
//! gold coding with `--gold`); `engage themes discover`: suggest a draft codebook from the
//! answers; `engage themes agree` (in `themes/agree.rs`): compare codings.

mod agree;
mod learn;
mod suggest;

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use engage_core::privacy::disclosure::DisclosurePolicy;
use engage_core::privacy::safe;
use engage_core::themes::learn::Model;
use engage_core::themes::present as themes_present;
use engage_core::themes::{
    AgreementOptions, Codebook, Coder, CodingOptions, DiscoverOptions, QuestionQuotes,
    QuoteOptions, ThemeCoding, accuracy, choose_quotes, code_dataset, discover_question, quotes_of,
};
use engage_core::{Dataset, QuestionType};

use crate::Global;
use crate::disclosure::DisclosureArgs;
use crate::input::InputArgs;
use crate::output;

/// Code free-text answers against a codebook of themes (or a learned model): counts, roll-ups,
/// splits, quotes.
///
/// Each answer is matched against the codebook's terms (whole words, case and accents
/// ignored; `appoint*` matches word beginnings, `/regex/` a pattern). The output gives, per
/// question, the base (non-empty answers), each theme's count and % of base (a comment may have
/// several themes; parents count a comment once), the uncoded count, and with `--by` the same
/// per group. `--coding` writes one row per comment and theme with the matched terms and their
/// spans, to check and correct in Excel. `--model` codes with a model learned from hand-coded
/// comments (`engage themes learn`) instead: the same outputs, with a confidence per comment
/// and theme and the words that drove each decision as the evidence. `--gold` scores the coding against a gold coding (the
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
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "model",
        conflicts_with = "model"
    )]
    codebook: Option<PathBuf>,
    /// Code with a model learned from hand-coded comments (`engage themes learn`) instead of a
    /// codebook: every output is the same, with each theme's confidence (0 to 1) and the words
    /// that drove it.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// A free-text question to code, by id; repeat for several [default: every free-text
    /// question; with --model, the question it learned on].
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
    #[command(flatten)]
    disclosure: DisclosureArgs,
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
  engage themes learn coded.xlsx --question comments -o model.json
  engage themes responses.xlsx --model model.json --quotes 3
  engage themes suggest responses.xlsx --model model.json -n 50 -o next.csv
  engage themes discover responses.xlsx --question comments --k 8 -o draft.toml";

#[derive(Debug, clap::Subcommand)]
enum Action {
    Discover(DiscoverArgs),
    Agree(agree::Args),
    Learn(learn::Args),
    Suggest(suggest::Args),
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
        model,
        mut questions,
        by,
        quotes,
        sentiment,
        coding,
        gold,
        disclosure,
        format,
        output: path,
    } = args;
    match action {
        Some(Action::Discover(args)) => return discover(args, global, out),
        Some(Action::Agree(args)) => return agree::run(args, global, out),
        Some(Action::Learn(args)) => return learn::run(args, global, out),
        Some(Action::Suggest(args)) => return suggest::run(args, global, out),
        None => {}
    }
    let Some(input) = input else {
        anyhow::bail!("a data file and --codebook (or --model) are required");
    };
    let policy = disclosure.policy(input.config()?.as_ref().map(|(_, config)| config));
    let dataset = input.read()?;
    let loaded = match (codebook, model) {
        (Some(path), _) => Loaded::Codebook(Box::new(Codebook::read(&path)?)),
        (None, Some(path)) => {
            let model = Model::load(&path)?;
            // One question: the model's, or the one named (warned about when its wording
            // differs from the one the model learned on).
            let question = model_question(
                &dataset,
                &model,
                questions.first().map(String::as_str),
                global,
            )?;
            questions = vec![question];
            Loaded::Model(Box::new(model))
        }
        (None, None) => anyhow::bail!("a data file and --codebook (or --model) are required"),
    };
    let coder = loaded.coder();
    if let Some(gold) = gold {
        return score(
            &dataset,
            coder,
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
    let mut result = code_dataset(&dataset, coder, &options)?;
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
        quoted = choose_quotes(&result, coder, &quote_options, &redact);
    }
    let bytes = match (format, coding) {
        (Format::Csv, true) => result.coding_table(coder).to_csv().into_bytes(),
        (Format::Csv, false) => themes_present::summary_table(&result, &policy)
            .to_csv()
            .into_bytes(),
        (Format::Json, _) => {
            if !coding {
                for question in &mut result.questions {
                    question.comments.clear();
                }
            }
            output::json(&themes_present::to_json(&result, coder, &quoted, &policy))?
        }
        (Format::Table, true) => result.coding_table(coder).to_text(60).into_bytes(),
        (Format::Markdown, true) => result.coding_table(coder).to_markdown().into_bytes(),
        (Format::Table, false) => {
            render_text(&dataset, coder, &result, &quoted, &policy).into_bytes()
        }
        (Format::Markdown, false) => render_markdown(&result, &quoted, &policy).into_bytes(),
    };
    output::emit(out, path.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// What codes the answers: a codebook read from its file, or a learned model.
enum Loaded {
    Codebook(Box<Codebook>),
    Model(Box<Model>),
}

impl Loaded {
    fn coder(&self) -> Coder<'_> {
        match self {
            Loaded::Codebook(codebook) => Coder::Codebook(codebook),
            Loaded::Model(model) => Coder::Model(model),
        }
    }
}

/// The question a model codes in `dataset` (see [`Model::question_in`]), with its warning
/// printed.
pub(crate) fn model_question(
    dataset: &Dataset,
    model: &Model,
    requested: Option<&str>,
    global: Global,
) -> anyhow::Result<String> {
    let (question, warning) = model.question_in(dataset, requested)?;
    if let Some(warning) = warning
        && !global.quiet
    {
        eprintln!("engage: warning: {warning}");
    }
    Ok(question)
}

/// `engage themes FILE --gold G`: codes the answers and scores the coding against the gold.
#[allow(clippy::too_many_arguments)]
fn score(
    dataset: &Dataset,
    coder: Coder<'_>,
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
    let result = code_dataset(dataset, coder, &options)?;
    agree::warn(&result.warnings, global);
    let coding = result.to_coding(coder);
    let name = if coder.has_confidence() {
        "the model"
    } else {
        "the codebook"
    };
    let gold_coding = agree::read(gold, Some((coder.tree(), name)), global)?;
    let options = AgreementOptions::default()
        .with_questions(questions)
        .with_themes_of(coder.tree());
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
fn render_text(
    dataset: &Dataset,
    coder: Coder<'_>,
    result: &ThemeCoding,
    quotes: &[QuestionQuotes],
    policy: &DisclosurePolicy,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "file:      {}", dataset.source().file);
    match coder {
        Coder::Codebook(_) => {
            let _ = writeln!(
                out,
                "codebook:  {}\n",
                result.codebook.as_deref().unwrap_or("(built in)")
            );
        }
        Coder::Model(model) => {
            let _ = writeln!(
                out,
                "model:     {}\n{}\n",
                model.file().unwrap_or("(built in)"),
                model.learned_from().sentence()
            );
        }
    }
    for question in &result.questions {
        for table in themes_present::tables(question, policy) {
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

fn render_markdown(
    result: &ThemeCoding,
    quotes: &[QuestionQuotes],
    policy: &DisclosurePolicy,
) -> String {
    let mut out = String::new();
    for question in &result.questions {
        for table in themes_present::tables(question, policy) {
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
