//! `engage themes agree`: agreement between codings of the same comments, or accuracy of a
//! coding against a gold coding; also the printing of `engage themes FILE --gold G`.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use engage_core::themes::sheet::read_coding_of;
use engage_core::themes::{
    Accuracy, AgreementOptions, Codebook, Coding, ThemeTree, accuracy, agreement,
};

use crate::Global;
use crate::output::{self, Format};

/// Compare codings of the same comments: agreement between coders, or accuracy against a gold
/// coding.
///
/// With two or more codings: per theme and overall, the percentage of agreeing decisions,
/// Cohen's kappa (two codings) and Krippendorff's alpha (nominal, any number of codings, comments
/// a coding lacks left out). Overall comes twice: pooled (every comment-and-theme decision) and
/// exact (each comment's whole set of themes as one code). With one coding and --gold: per theme
/// precision, recall and F1, then micro F1 (every decision pooled) and macro F1 (the mean over
/// themes).
///
/// A coding is a CSV file in either of two shapes: the coding sheet `engage themes --format csv
/// --coding` writes (respondent_id, row, question, theme: one row per comment and theme,
/// corrected by hand or not), or one row per comment with a respondent_id column and one column
/// per theme holding 1 or blank (labels kept beside the comments). Comments are matched on
/// question and respondent id, and on the row when an id repeats.
#[derive(Debug, clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    /// The codings to compare: two or more, or one with --gold.
    #[arg(value_name = "CODING", required = true)]
    codings: Vec<PathBuf>,
    /// A gold coding: score CODING's precision, recall and F1 against it.
    #[arg(long, value_name = "FILE")]
    gold: Option<PathBuf>,
    /// A codebook: theme labels are read as ids, unknown themes refused, and every theme listed
    /// in its order [default: the themes the codings use].
    #[arg(long, value_name = "FILE")]
    codebook: Option<PathBuf>,
    /// Compare only this question, by id; repeat for several [default: every question].
    #[arg(long = "question", value_name = "ID")]
    questions: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Shown after the long help; kept out of the doc comment so that clap does not reflow it.
const EXAMPLES: &str = "Examples:
  engage themes agree coder-a.csv coder-b.csv
  engage themes agree coder-a.csv coder-b.csv coder-c.csv --codebook codebook.toml
  engage themes agree coding.csv --gold corrected.csv --format csv
  engage themes responses.xlsx --codebook codebook.toml --gold corrected.csv";

pub(crate) fn run(args: Args, global: Global, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Args {
        codings: paths,
        gold,
        codebook,
        questions,
        format,
        output: path,
    } = args;
    let codebook = codebook.map(Codebook::read).transpose()?;
    let mut options = AgreementOptions::default().with_questions(questions);
    if let Some(codebook) = &codebook {
        options = options.with_codebook(codebook);
    }
    let names: Vec<String> = paths
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    let codings = paths
        .iter()
        .map(|path| read(path, themes(codebook.as_ref()), global))
        .collect::<anyhow::Result<Vec<Coding>>>()?;
    let bytes = match gold {
        Some(gold_path) => {
            let [coding] = codings.as_slice() else {
                anyhow::bail!(
                    "--gold scores one coding, found {}; compare codings with each other without --gold",
                    codings.len()
                );
            };
            let gold = read(&gold_path, themes(codebook.as_ref()), global)?;
            let gold_name = gold_path.display().to_string();
            let result = accuracy((&names[0], coding), (&gold_name, &gold), &options)?;
            warn(&result.warnings, global);
            accuracy_output(&result, format)?
        }
        None => {
            if codings.len() < 2 {
                anyhow::bail!(
                    "agreement needs two or more codings, found one; to score a coding against a gold coding, add --gold FILE"
                );
            }
            let named: Vec<(&str, &Coding)> = names
                .iter()
                .map(String::as_str)
                .zip(codings.iter())
                .collect();
            let result = agreement(&named, &options)?;
            warn(&result.warnings, global);
            match format {
                Format::Json => output::json(&result)?,
                format => output::tables(&result.tables(), format),
            }
        }
    };
    output::emit(out, path.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// A codebook's themes, named for messages.
fn themes(codebook: Option<&Codebook>) -> Option<(&ThemeTree, &'static str)> {
    codebook.map(|codebook| (codebook.tree(), "the codebook"))
}

/// Reads a coding file with the themes of a coder (named for messages: "the codebook"),
/// saying which columns were left out.
pub(super) fn read(
    path: &Path,
    themes: Option<(&ThemeTree, &str)>,
    global: Global,
) -> anyhow::Result<Coding> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|error| engage_core::Error::io(engage_core::Location::file(&name), error))?;
    let coding = read_coding_of(&bytes, &name, themes.map(|(tree, _)| tree))?;
    let coder = themes.map_or("the codebook", |(_, coder)| coder);
    if !coding.ignored_columns.is_empty() {
        // A data file with labels beside the comments can have dozens of such columns.
        let shown = 6;
        let mut names =
            coding.ignored_columns[..coding.ignored_columns.len().min(shown)].join(", ");
        if coding.ignored_columns.len() > shown {
            let _ = write!(names, " and {} more", coding.ignored_columns.len() - shown);
        }
        let count = coding.ignored_columns.len();
        let columns = if count == 1 { "column" } else { "columns" };
        warn(
            &[format!(
                "{name}: {count} {columns} of 1s name no theme of {coder} and were left out: {names}"
            )],
            global,
        );
    }
    Ok(coding)
}

/// The accuracy tables (or JSON) in a format.
pub(super) fn accuracy_output(result: &Accuracy, format: Format) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        Format::Json => output::json(result)?,
        format => output::tables(&result.tables(), format),
    })
}

pub(super) fn warn(warnings: &[String], global: Global) {
    if !global.quiet {
        for warning in warnings {
            eprintln!("engage: warning: {warning}");
        }
    }
}
