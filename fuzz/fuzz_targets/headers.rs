//! Header detection and layout recognition: the fuzzer writes the top of a CSV (title rows,
//! blank rows, one to three header rows, a vendor's extra rows) and fixed response rows follow,
//! as wide as the widest header line, so that every header the fuzzer finds goes on through
//! layout detection, column grouping, typing and the summaries.
//!
//! Input: the first byte picks a layout to force (as `--layout` does) or, for most values,
//! detection; the rest, as UTF-8 (lossy), gives up to five header lines.
#![no_main]

use std::fmt::Write;

use engage_core::{IngestOptions, Layout, read_reader};
use libfuzzer_sys::fuzz_target;

/// Answers of the kinds ingest tells apart, so the columns below the fuzzed header are typed
/// as choices, scales, numbers, dates, emails, multi-selects and text.
const ANSWERS: [&str; 14] = [
    "Agree",
    "Strongly disagree",
    "Yes",
    "No",
    "42",
    "3.5",
    "14/03/2024 10:00:00",
    "jo@example.org",
    "Resident",
    "Keep it open please, the buses are poor",
    "",
    "Option A;Option B",
    "Don't know",
    "7",
];
const MAX_LINES: usize = 5;
const MAX_COLUMNS: usize = 40;
const ROWS: usize = 8;

fuzz_target!(|data: &[u8]| {
    engage_fuzz::let_reader_panics_be_caught();
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let header = String::from_utf8_lossy(rest);
    let lines: Vec<&str> = header.split('\n').take(MAX_LINES).collect();
    let width = lines
        .iter()
        .map(|line| line.matches(',').count() + 1)
        .max()
        .unwrap_or(1)
        .min(MAX_COLUMNS);
    let mut csv = lines.join("\n");
    csv.push('\n');
    for row in 0..ROWS {
        let cells: Vec<String> = (0..width)
            .map(|column| {
                let answer = ANSWERS[(row * 7 + column * 3) % ANSWERS.len()];
                if answer.contains(',') {
                    format!("\"{answer}\"")
                } else {
                    answer.to_string()
                }
            })
            .collect();
        let _ = writeln!(csv, "{}", cells.join(","));
    }
    let mut options = IngestOptions::default();
    if let Some(&layout) = Layout::ALL.get(usize::from(choice)) {
        options = options.with_layout(layout);
    }
    match read_reader(csv.as_bytes(), "upload.csv", &options) {
        Ok(dataset) => engage_fuzz::check_dataset(&dataset),
        Err(error) => engage_fuzz::check_error(&error),
    }
});
