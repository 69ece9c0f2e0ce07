//! Regenerates engage's test data: the bundled walk-in-centre sample, the 2013 activity log
//! and one fixture per export layout. Deterministic: running it twice gives byte-identical files.
//!
//! Usage: `cargo run -p engage-benches --bin make-testdata [DIR]` (default `testdata`).

use std::path::PathBuf;

use anyhow::Result;
use engage_benches::sample::{self, HEADERS};
use engage_benches::write::{self, Sheet};
use engage_benches::{fixtures, sample::Cell};

/// The sample's seed and size; changing either changes every figure in the docs and tests.
const SEED: u64 = 2024;
const RESPONSES: usize = 1500;

fn main() -> Result<()> {
    let directory = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("testdata"), PathBuf::from);
    std::fs::create_dir_all(&directory)?;
    let generated = sample::generate(SEED, RESPONSES);
    let mut rows = vec![
        HEADERS
            .iter()
            .map(|header| Cell::Text((*header).to_string()))
            .collect::<Vec<_>>(),
    ];
    rows.extend(
        generated
            .responses
            .iter()
            .map(|response| response.cells.clone()),
    );
    write::xlsx(
        &directory.join("walk-in-centre.xlsx"),
        &[Sheet {
            name: "Sheet1".to_string(),
            rows,
            merges: Vec::new(),
        }],
    )?;
    let manifest = serde_json::to_string_pretty(&generated.planted)?;
    std::fs::write(
        directory.join("walk-in-centre.planted.json"),
        manifest + "\n",
    )?;
    write::xlsx(
        &directory.join("activity-2013.xlsx"),
        &[engage_benches::activity::sheet()],
    )?;
    fixtures::write_all(&directory.join("layouts"))?;
    eprintln!(
        "wrote {} responses ({} planted personal data items), the activity log and the layout fixtures to {}",
        generated.responses.len(),
        generated.planted.len(),
        directory.display()
    );
    Ok(())
}
