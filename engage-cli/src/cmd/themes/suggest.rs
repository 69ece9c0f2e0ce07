//! `engage themes suggest`: the comments to code by hand next.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engage_core::themes::learn::{Model, SuggestOptions, suggest, suggestion_sheet};

use crate::Global;
use crate::input::InputArgs;
use crate::output;

/// Suggest the comments to code by hand next: those the model is least sure of.
///
/// Codes every answer to the question with the model and picks the N whose coding is least
/// certain (a theme's confidence nearest 0.5, a coin toss; single-label, the two most likely
/// themes nearest each other), passing over comments much like one already picked and those
/// the model learned from. They are written as a sheet in the form `engage themes learn`
/// reads: the comment, a blank column per theme to fill with 1s (single-label: a `theme`
/// column to fill with a theme's label), what the model would give, how unsure it is, and the
/// theme it is least sure of.
/// Code them, add them to the training sheet, and learn again.
#[derive(Debug, clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The model (from `engage themes learn`).
    #[arg(long, value_name = "FILE")]
    model: PathBuf,
    /// The comments' question, by id or header text [default: the question the model learned
    /// on].
    #[arg(long, value_name = "COLUMN")]
    question: Option<String>,
    /// How many comments to suggest.
    #[arg(short = 'n', long = "count", value_name = "N", default_value_t = 50)]
    count: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = output::Format::Csv)]
    format: output::Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Shown after the long help.
const EXAMPLES: &str = "Examples:
  engage themes suggest responses.xlsx --model model.json -n 50 -o next.csv
  engage themes learn coded.csv --question comments -o model.json   (after adding next.csv)";

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        input,
        model,
        question,
        count,
        format,
        output: path,
    } = args;
    let model = Model::load(&model)?;
    let dataset = input.read()?;
    let question = super::model_question(&dataset, &model, question.as_deref(), global)?;
    let texts = dataset.text_values(&question)?;
    let comments: Vec<(String, usize, String)> = dataset
        .respondent_ids()?
        .into_iter()
        .zip(&texts)
        .map(|((respondent, row), text)| (respondent, row, text.unwrap_or("").to_string()))
        .collect();
    let plain: Vec<&str> = comments.iter().map(|(_, _, text)| text.as_str()).collect();
    let suggestions = suggest(&model, &plain, &SuggestOptions::default().with_count(count));
    if !global.quiet {
        eprintln!(
            "engage: suggested {} comments to code next{}",
            suggestions.len(),
            path.as_ref()
                .map(|path| format!(", written to {}", path.display()))
                .unwrap_or_default()
        );
    }
    let sheet = suggestion_sheet(&model, &comments, &suggestions);
    let bytes = match format {
        output::Format::Json => output::json(&sheet)?,
        format => output::tables(&[sheet], format),
    };
    output::emit(out, path.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}
