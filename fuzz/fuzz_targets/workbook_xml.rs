//! Workbooks built around fuzzed XML. Mutating a real .xlsx or .ods mostly breaks its zip
//! (compressed entries, checksums), so the XML readers behind it are rarely reached; here the
//! zip is always sound and the fuzzer writes the parts that hold the data.
//!
//! Input: the first byte picks the format (even: xlsx, odd: ods); the rest is split at NUL
//! bytes (which XML may not contain) into the parts below, and parts left out get a minimal
//! default.
//! - xlsx: `xl/worksheets/sheet1.xml`, `xl/sharedStrings.xml`, `xl/styles.xml`,
//!   `xl/workbook.xml`.
//! - ods: `content.xml`, `styles.xml`.
#![no_main]

use std::io::{Cursor, Write};

use engage_core::{IngestOptions, read_reader};
use libfuzzer_sys::fuzz_target;
use zip::write::{SimpleFileOptions, ZipWriter};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"#;
const SHARED_STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>"#;
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>"#;

const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";
const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
const ODS_CONTENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"/></office:spreadsheet></office:body></office:document-content>"#;
const ODS_STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>"#;

/// A zip of `(name, bytes)` entries, all stored (not compressed).
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("a new zip entry");
        writer.write_all(bytes).expect("writing to memory");
    }
    writer
        .finish()
        .expect("finishing a zip in memory")
        .into_inner()
}

fuzz_target!(|data: &[u8]| {
    engage_fuzz::let_reader_panics_be_caught();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut parts = rest.split(|&byte| byte == 0);
    let mut part = |default: &'static str| parts.next().unwrap_or(default.as_bytes());
    let (bytes, name) = if mode % 2 == 0 {
        let sheet = part(SHEET);
        let shared = part(SHARED_STRINGS);
        let styles = part(STYLES);
        let workbook = part(WORKBOOK);
        let bytes = zip(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", ROOT_RELS.as_bytes()),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", shared),
            ("xl/styles.xml", styles),
        ]);
        (bytes, "upload.xlsx")
    } else {
        let content = part(ODS_CONTENT);
        let styles = part(ODS_STYLES);
        let bytes = zip(&[
            ("mimetype", ODS_MIMETYPE.as_bytes()),
            ("META-INF/manifest.xml", ODS_MANIFEST.as_bytes()),
            ("content.xml", content),
            ("styles.xml", styles),
        ]);
        (bytes, "upload.ods")
    };
    match read_reader(bytes.as_slice(), name, &IngestOptions::default()) {
        Ok(dataset) => engage_fuzz::check_dataset(&dataset),
        Err(error) => engage_fuzz::check_error(&error),
    }
});
