//! Arbitrary bytes as an uploaded workbook. The format is decided from the bytes (zip, OLE,
//! text...), not the name; the name's extension is picked by the last byte so that the "named
//! .xlsx but holds text" path is reached too, without disturbing the magic bytes at the start.
#![no_main]

use engage_core::{IngestOptions, read_reader};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["upload.xlsx", "upload.xls", "upload.ods", "upload.xlsb"];

fuzz_target!(|data: &[u8]| {
    engage_fuzz::let_reader_panics_be_caught();
    let name = NAMES[usize::from(data.last().copied().unwrap_or(0)) % NAMES.len()];
    match read_reader(data, name, &IngestOptions::default()) {
        Ok(dataset) => engage_fuzz::check_dataset(&dataset),
        Err(error) => engage_fuzz::check_error(&error),
    }
});
