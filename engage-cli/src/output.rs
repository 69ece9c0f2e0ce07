//! Where and how a subcommand's data goes: `--format` and `-o FILE`. Files are written to a
//! temporary name in the same folder and renamed, so a reader never sees half a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Writes bytes to `-o FILE` atomically, or to stdout.
pub(crate) fn emit(out: &mut dyn Write, path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(path) = path {
        write_atomic(path, bytes)
    } else {
        out.write_all(bytes)?;
        Ok(())
    }
}

/// Writes a file via a temporary sibling and a rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let directory = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut temporary = tempfile::NamedTempFile::new_in(&directory).with_context(|| {
        format!(
            "{}: cannot create a file in {}",
            path.display(),
            directory.display()
        )
    })?;
    temporary
        .write_all(bytes)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    temporary
        .persist(path)
        .map_err(|error| anyhow::anyhow!("{}: cannot write: {}", path.display(), error.error))?;
    Ok(())
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
