//! Writes the synthetic exports the benchmarks and the peer comparison run on, into
//! `benches/data/` (gitignored). Deterministic: the same size gives byte-identical files.
//!
//! Usage: `make-bench-data [ROWS...] [--csv] [--xlsx] [--out DIR] [--force]`
//!
//! ROWS are row counts such as `1k`, `10k`, `100k` or `1m` (default: 1k 10k 100k). Without
//! `--csv` or `--xlsx` both formats are written, except that a million rows or more are
//! written as CSV only (an xlsx sheet stops at 1,048,576 rows). Existing files are kept unless
//! `--force` is given.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Result, bail};
use engage_benches::synthetic::{self, Format};

fn main() -> Result<()> {
    let mut sizes = Vec::new();
    let mut formats = Vec::new();
    let mut out = synthetic::data_dir();
    let mut force = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--csv" => formats.push(Format::Csv),
            "--xlsx" => formats.push(Format::Xlsx),
            "--force" => force = true,
            "--out" => match args.next() {
                Some(dir) => out = PathBuf::from(dir),
                None => bail!("--out needs a folder"),
            },
            "-h" | "--help" => {
                println!(
                    "usage: make-bench-data [ROWS...] [--csv] [--xlsx] [--out DIR] [--force]\n\
                     ROWS: 1k, 10k, 100k, 1m or a number (default: 1k 10k 100k)"
                );
                return Ok(());
            }
            other if other.starts_with('-') => bail!("unknown option {other}; see --help"),
            size => sizes.push(synthetic::parse_size(size)?),
        }
    }
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 100_000];
    }
    for &rows in &sizes {
        let wanted: Vec<Format> = if formats.is_empty() {
            if rows >= 1_000_000 {
                vec![Format::Csv]
            } else {
                vec![Format::Xlsx, Format::Csv]
            }
        } else {
            formats.clone()
        };
        for format in wanted {
            let path = synthetic::file_name(&out, rows, format);
            if path.is_file() && !force {
                eprintln!("{} exists (use --force to write it again)", path.display());
                continue;
            }
            let started = Instant::now();
            synthetic::write(&path, rows, format)?;
            let bytes = std::fs::metadata(&path)?.len();
            eprintln!(
                "wrote {} ({} rows x {} columns, {:.1} MB) in {:.1} s",
                path.display(),
                rows,
                synthetic::COLUMNS,
                bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}
