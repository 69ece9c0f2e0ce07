//! Arbitrary bytes as an uploaded `.csv`: format sniffing, encoding and delimiter sniffing,
//! quote-aware parsing, header and layout detection, column typing, then the inspection and
//! summaries of whatever was read. Nothing may panic; errors must be `engage_core::Error`.
#![no_main]

use engage_core::{IngestOptions, read_reader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    engage_fuzz::let_reader_panics_be_caught();
    match read_reader(data, "upload.csv", &IngestOptions::default()) {
        Ok(dataset) => engage_fuzz::check_dataset(&dataset),
        Err(error) => engage_fuzz::check_error(&error),
    }
});
