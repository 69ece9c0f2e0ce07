//! Where and how a subcommand's data goes: `--format` and `-o FILE`. Files are written to a
//! temporary name in the same folder and renamed, so a reader never sees half a file.

use std::io::Write;
use std::path::Path;

/// Writes bytes to `-o FILE` atomically, or to stdout.
pub(crate) fn emit(out: &mut dyn Write, path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(path) = path {
        write_atomic(path, bytes)
    } else {
        out.write_all(bytes)?;
        Ok(())
    }
}

/// Writes a file atomically (see `engage_core::output::write_file`).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    Ok(engage_core::output::write_file(path, bytes)?)
}

/// JSON with a trailing newline.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The formats tabular subcommands print.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Aligned text for reading in a terminal.
    #[default]
    Table,
    /// Comma-separated values: one table, header row first (for Excel and for piping).
    Csv,
    /// JSON: the command's result object.
    Json,
    /// Markdown: titled pipe tables.
    Markdown,
}

/// Renders tables in a text format: aligned text or Markdown sections separated by blank lines,
/// or CSV. CSV is one table for machines: several tables are written as one with a leading
/// `table` column naming each row's table, so `engage ... --format csv | engage ...` works.
pub(crate) fn tables(tables: &[engage_core::Table], format: Format) -> Vec<u8> {
    match format {
        Format::Table => tables
            .iter()
            .map(|table| table.to_text(60))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
        Format::Markdown => tables
            .iter()
            .map(engage_core::Table::to_markdown)
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
        Format::Csv | Format::Json => {
            if let [single] = tables {
                return single.to_csv().into_bytes();
            }
            engage_core::table::stack(tables).to_csv().into_bytes()
        }
    }
}

/// Whether a chart file is SVG (true) or PNG (false), from its extension; `example` names a
/// good file in the hint.
pub(crate) fn chart_format(path: &Path, example: &str) -> anyhow::Result<bool> {
    match path
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("svg") => Ok(true),
        Some("png") => Ok(false),
        _ => Err(engage_core::Error::unsupported(
            engage_core::Location::file(path.display().to_string()),
            "expected a chart file ending in .svg or .png",
        )
        .with_hint(format!("name the chart file {example}"))
        .into()),
    }
}

/// Where a chart's text description goes: beside it, with `.txt` for its extension.
pub(crate) fn description_path(path: &Path) -> std::path::PathBuf {
    path.with_extension("txt")
}

/// Writes a chart (SVG or PNG) and its text description beside it, each atomically.
pub(crate) fn write_chart(
    path: &Path,
    chart: &engage_core::chart::Chart,
    options: &engage_core::chart::ChartOptions,
    svg: bool,
) -> anyhow::Result<()> {
    let bytes = if svg {
        chart.svg(options).into_bytes()
    } else {
        chart.png(options)?
    };
    // engage-core's write errors name the file and say why.
    write_atomic(path, &bytes)?;
    let description = description_path(path);
    write_atomic(&description, format!("{}\n", chart.alt_text()).as_bytes())
}
