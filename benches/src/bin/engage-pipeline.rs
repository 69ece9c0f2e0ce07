//! engage's side of the peer comparison, and the whole-pipeline timing of the benchmarks: reads
//! an export and does the work of an interim report through the library, in one process.
//!
//! Usage: `engage-pipeline FILE [--codebook TOML] [--check OUT.json] [--report DIR] [--no-png]`
//!
//! Without `--report` it does exactly what the peers do (participation, every summary, the
//! cross-tab, theme counts) and, with `--check`, writes the figures they must agree on. With
//! `--report DIR` it builds the interim report as `engage report FILE --codebook F` does
//! (the library's pipeline) and writes the whole bundle (HTML, Markdown, XLSX, JSON, tables,
//! SVG and PNG charts) into DIR. Stage times, the in-memory frame size and the free-text volume
//! go to stderr as one JSON object.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use engage_benches::pipeline;
use engage_core::report::{BundleOptions, bundle};
use engage_core::{Codebook, IngestOptions, read_path};

fn main() -> Result<()> {
    let mut file: Option<PathBuf> = None;
    let mut codebook_path: Option<PathBuf> = None;
    let mut check_path: Option<PathBuf> = None;
    let mut report: Option<PathBuf> = None;
    let mut png = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--codebook" => {
                codebook_path = Some(args.next().context("--codebook needs a file")?.into());
            }
            "--check" => check_path = Some(args.next().context("--check needs a file")?.into()),
            "--report" => report = Some(args.next().context("--report needs a folder")?.into()),
            "--no-png" => png = false,
            "-h" | "--help" => {
                println!(
                    "usage: engage-pipeline FILE [--codebook TOML] [--check OUT.json] [--report DIR] [--no-png]"
                );
                return Ok(());
            }
            other if other.starts_with('-') => bail!("unknown option {other}; see --help"),
            path => file = Some(path.into()),
        }
    }
    let file = file.context("give the export to read; see --help")?;
    let codebook = match &codebook_path {
        Some(path) => Codebook::read(path)?,
        None => engage_benches::synthetic::codebook(),
    };

    let mut stages: Vec<(&str, f64)> = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, stages: &mut Vec<(&str, f64)>| {
        stages.push((name, clock.elapsed().as_secs_f64()));
        clock = Instant::now();
    };
    let dataset = read_path(&file, &IngestOptions::default())?;
    lap("read", &mut stages);
    let mut analyses_seconds = Vec::new();
    if let Some(folder) = &report {
        let built = pipeline::report(&dataset, &codebook)?;
        lap("build", &mut stages);
        let files = built.files(&BundleOptions::default().with_png(png))?;
        lap("render", &mut stages);
        bundle::write(folder, &files, true)?;
        lap("write", &mut stages);
    } else {
        let analyses = pipeline::analyse(&dataset, &codebook)?;
        lap("analyse", &mut stages);
        if let Some(path) = &check_path {
            let check = pipeline::check(&dataset, &analyses)?;
            std::fs::write(path, serde_json::to_vec_pretty(&check)?)?;
            lap("check", &mut stages);
        }
        analyses_seconds = analyses.seconds;
    }
    let total: f64 = stages.iter().map(|(_, seconds)| seconds).sum();
    let report = serde_json::json!({
        "file": file.display().to_string(),
        "respondents": dataset.respondents(),
        "frame_bytes": dataset.frame().estimated_size(),
        "free_text_bytes": pipeline::free_text_bytes(&dataset),
        "analyses": analyses_seconds.iter().map(|(name, seconds)| serde_json::json!({"analysis": name, "seconds": seconds})).collect::<Vec<_>>(),
        "stages": stages.iter().map(|(name, seconds)| serde_json::json!({"stage": name, "seconds": seconds})).collect::<Vec<_>>(),
        "total_seconds": total,
    });
    eprintln!("{report}");
    Ok(())
}
