//! Read a survey export and print every question's summary as plain-text tables.
//!
//! ```sh
//! cargo run -p engage-core --example summarise -- testdata/walk-in-centre.xlsx
//! ```
//!
//! Without an argument it reads the bundled sample.

use engage_core::{DisclosurePolicy, IngestOptions, SummaryOptions, read_path, summarise};

fn main() -> Result<(), engage_core::Error> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../testdata/walk-in-centre.xlsx"
        )
        .to_string()
    });
    let dataset = read_path(&path, &IngestOptions::default())?;
    println!(
        "{}: {} respondents, {} questions, read as {}",
        dataset.source().file,
        dataset.respondents(),
        dataset.schema().questions().len(),
        dataset
            .source()
            .layout
            .map_or("a generic sheet", |layout| layout.display_name())
    );
    let summary = summarise(&dataset, &SummaryOptions::default())?;
    // Published tables: small counts in profile tables withheld, as in the report.
    for table in summary.tables(&DisclosurePolicy::default()) {
        println!("\n{}", table.to_text(100));
    }
    Ok(())
}
