//! Build an interim report in memory, as a server or a notebook wrapper would: bytes in (an
//! upload), HTML bytes out, nothing written to disk.
//!
//! ```sh
//! cargo run -p engage-core --example embed_report > report.html
//! ```

use std::io::Write;

use engage_core::progress::Silent;
use engage_core::report::{BundleOptions, ReportInputs, ReportOptions, build};
use engage_core::{Codebook, IngestOptions, read_reader};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // An upload: the bytes of an export and its file name (which picks the reader).
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/walk-in-centre.xlsx"
    ))?;
    let dataset = read_reader(
        bytes.as_slice(),
        "walk-in-centre.xlsx",
        &IngestOptions::default(),
    )?;
    let codebook = Codebook::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/codebooks/walk-in-centre.toml"
    ))?;
    let mut inputs = ReportInputs::new(&dataset);
    inputs.codebook = Some(&codebook);
    let options = ReportOptions::default()
        .with_title("Riverside walk-in centre: interim report")
        .with_organisation("Riverside NHS Trust");
    let report = build(&inputs, &options, &Silent)?;
    let html: Vec<u8> = report.html(&BundleOptions::default()).into_bytes();
    // Every other part of the bundle is in memory too: report.md, report.xlsx, the CSV tables,
    // the charts as SVG and PNG, and report.json.
    let files = report.files(&BundleOptions::default().with_png(false))?;
    eprintln!(
        "{} bytes of HTML; {} files in the bundle, report.json {} bytes",
        html.len(),
        files.len(),
        report.json_bytes()?.len()
    );
    std::io::stdout().write_all(&html)?;
    Ok(())
}
