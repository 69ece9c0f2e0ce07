//! `engage themes learn`: learn a coding model from hand-coded comments.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use engage_core::Codebook;
use engage_core::table::group_thousands;
use engage_core::themes::learn::{LabelColumns, LearnOptions, TrainingSpec, learn, read_training};

use crate::Global;
use crate::input::InputArgs;
use crate::output;

/// Learn a coding model from hand-coded comments, and say how well it agrees with people.
///
/// TRAIN holds the comments in one column (--question) and the hand coding beside them: one
/// column of 1s and blanks (or 0/1, yes/no, true/false) per theme, or with --label one column
/// naming each comment's theme (a single-label model). Without --label or --labels, every
/// column whose answers are only such marks, with at least one 1, is a theme. TRAIN may also be
/// the coding sheet `engage themes --format csv --coding` writes, corrected by hand.
///
/// One linear support vector machine per theme learns from words, word pairs and the
/// character n-grams of words. 5-fold cross-validation chooses the regularisation, each
/// theme's threshold and the calibration of its confidence, and gives the figures printed:
/// per theme and overall (micro and macro) precision, recall and F1, each comment coded by a
/// model that did not learn from it. The model is written as JSON for `engage themes FILE
/// --model MODEL.json`, `engage themes suggest` and `engage report --model`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The comments' column: its id as `engage inspect` shows it, or its header text.
    #[arg(long, value_name = "COLUMN")]
    question: String,
    /// One column naming each comment's theme: learn a single-label model.
    #[arg(long, value_name = "COLUMN", conflicts_with = "labels")]
    label: Option<String>,
    /// A column of 1s and blanks for one theme; repeat for each [default: every such column].
    #[arg(long = "labels", value_name = "COLUMN")]
    labels: Vec<String>,
    /// A codebook whose themes' matches are added as features (the model keeps a copy).
    #[arg(long, value_name = "FILE")]
    codebook: Option<PathBuf>,
    /// Folds of the cross-validation.
    #[arg(long, value_name = "N", default_value_t = 5)]
    folds: usize,
    /// The seed of the folds and the solver.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    /// How the figures are printed.
    #[arg(long, value_enum, default_value_t = output::Format::Table)]
    format: output::Format,
    /// Write the model to FILE (JSON).
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
}

/// Shown after the long help.
const EXAMPLES: &str = "Examples:
  engage themes learn coded.xlsx --question comments -o model.json
  engage themes learn coded.csv --question comments --labels parking --labels staff -o model.json
  engage themes learn coded.csv --question comments --label theme -o model.json
  engage themes learn coding-corrected.csv --question comments --codebook themes.toml -o model.json";

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        input,
        question,
        label,
        labels,
        codebook,
        folds,
        seed,
        format,
        output: path,
    } = args;
    if folds < 2 {
        anyhow::bail!("--folds must be at least 2");
    }
    let codebook = codebook.map(Codebook::read).transpose()?;
    let spec = TrainingSpec {
        question,
        labels: match (label, labels.is_empty()) {
            (Some(label), _) => LabelColumns::Single(label),
            (None, false) => LabelColumns::Multi(labels),
            (None, true) => LabelColumns::Detect,
        },
    };
    let training = read_training(&input.file, &spec, &input.options()?)?;
    let options = LearnOptions::default().with_folds(folds).with_seed(seed);
    let model = learn(&training, codebook.as_ref(), &options, &engage_core::Silent)?;
    model.save(&path)?;
    let evaluation = model.evaluation();
    if !global.quiet {
        for warning in evaluation.warnings() {
            eprintln!("engage: warning: {warning}");
        }
        eprintln!(
            "engage: learned {} themes from {} hand-coded comments; model written to {}",
            model.themes().len(),
            group_thousands(training.comments.len() as u64),
            path.display()
        );
    }
    let bytes = match format {
        output::Format::Json => output::json(evaluation)?,
        format => output::tables(&[evaluation.table()], format),
    };
    output::emit(out, None, &bytes)?;
    Ok(ExitCode::SUCCESS)
}
