//! Workbooks (xlsx, xlsm, xlsb, xls, ods) through calamine, and telling file formats apart by
//! their first bytes rather than trusting the extension.

use std::io::Cursor;

use calamine::{Data, Range, Reader, SheetVisible, Sheets};

use super::grid::{Grid, SheetGrid};
use crate::error::{Error, Location, Result};

/// What a file's bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// Office Open XML workbook (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// Legacy Excel (BIFF in an OLE container).
    Xls,
    /// Excel 2.x to 4.x worksheets (BIFF2-4 without an OLE container), which calamine does not
    /// read.
    OldExcel,
    /// OpenDocument spreadsheet.
    Ods,
    /// An encrypted (password-protected) Office file.
    Encrypted,
    /// Delimited or plain text.
    Text,
    /// An HTML page (some tools save these with an .xls extension).
    Html,
    /// An XML spreadsheet engage does not read (Excel 2003 XML, flat ODS).
    XmlSpreadsheet,
    /// A zip archive that is not a workbook.
    OtherZip,
    /// Binary data that is none of the above.
    Binary,
}

impl FileKind {
    /// The name shown to users.
    pub(crate) fn name(self) -> &'static str {
        match self {
            FileKind::Xlsx => "xlsx",
            FileKind::Xlsb => "xlsb",
            FileKind::Xls => "xls",
            FileKind::OldExcel => "excel 2-4 worksheet",
            FileKind::Ods => "ods",
            FileKind::Encrypted => "encrypted workbook",
            FileKind::Text => "csv",
            FileKind::Html => "html",
            FileKind::XmlSpreadsheet => "xml spreadsheet",
            FileKind::OtherZip => "zip",
            FileKind::Binary => "binary",
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Decides what a file is from its bytes.
pub(crate) fn sniff(bytes: &[u8]) -> FileKind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // Zip entry names are stored uncompressed in local and central headers.
        if contains(bytes, b"xl/workbook.bin") {
            return FileKind::Xlsb;
        }
        if contains(bytes, b"xl/workbook.xml")
            || contains(bytes, b"[Content_Types].xml") && contains(bytes, b"xl/")
        {
            return FileKind::Xlsx;
        }
        if contains(&bytes[..bytes.len().min(256)], b"opendocument.spreadsheet")
            || contains(bytes, b"content.xml")
        {
            return FileKind::Ods;
        }
        return FileKind::OtherZip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // Encrypted OOXML lives in an OLE container with these UTF-16 stream names.
        let encrypted: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if contains(bytes, &encrypted) {
            return FileKind::Encrypted;
        }
        return FileKind::Xls;
    }
    // Raw BIFF2-4 worksheets (no OLE container) start with a BOF record.
    if bytes.len() >= 4
        && matches!(bytes[..2], [0x09, 0x00 | 0x02 | 0x04 | 0x08])
        && bytes[2..4] != [0, 0]
        && bytes.iter().take(64).any(|&b| b == 0)
    {
        return FileKind::OldExcel;
    }
    let head = &bytes[..bytes.len().min(2048)];
    let head_text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = head_text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || trimmed.starts_with("<table")
        || (trimmed.starts_with('<') && head_text.contains("<html"))
    {
        return FileKind::Html;
    }
    if trimmed.starts_with("<?xml")
        && (head_text.contains("urn:schemas-microsoft-com:office:spreadsheet")
            || head_text.contains("office:document"))
    {
        return FileKind::XmlSpreadsheet;
    }
    if looks_like_text(bytes) {
        return FileKind::Text;
    }
    FileKind::Binary
}

/// Text has few control bytes other than tab, CR and LF (UTF-16 is recognised by its BOM or
/// zero pattern).
fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let zeros = sample.iter().filter(|&&b| b == 0).count();
    if zeros * 3 > sample.len() {
        // UTF-16 without BOM: zeros in alternate positions.
        let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd = sample.len() / 2 - even.min(sample.len() / 2);
        return even * 10 > sample.len() * 4 || odd * 10 > sample.len() * 4;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    controls * 20 <= sample.len().max(1)
}

/// Translates a calamine error into a one-line message and hint.
fn workbook_error(file: &str, kind: FileKind, error: &calamine::Error) -> Error {
    let text = error.to_string();
    if text.to_ascii_lowercase().contains("password") {
        return password_error(file);
    }
    // A cut-short download: the zip's central directory is at the end of the file.
    if text.contains("Zip error")
        || text.contains("EOCD")
        || text.contains("larger than its declared")
    {
        return Error::format(
            Location::file(file),
            format!(
                "the {} workbook is damaged or incomplete: its zip container cannot be read",
                kind.name()
            ),
        )
        .with_hint("the download may have been cut short: export or download the file again");
    }
    Error::format(Location::file(file), format!("cannot read the {} workbook: {}", kind.name(), lower_first(&text)))
        .with_hint("the file may be damaged or truncated: open it in a spreadsheet program and save a new copy, or export it again")
}

pub(crate) fn password_error(file: &str) -> Error {
    Error::format(
        Location::file(file),
        "the workbook is password-protected; engage cannot read encrypted files",
    )
    .with_hint("open it in Excel or LibreOffice, remove the password to open, and save a copy")
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Runs a call into calamine, turning a panic into a damaged-file error. calamine 0.38 panics
/// on some malformed files instead of returning an error (an out-of-range slice in its OLE
/// reader, found by fuzzing: `testdata/broken/ole-sector-past-end.xls`); a damaged upload must
/// be a one-line error, not a crash. The CLI keeps such panics off the terminal (see its panic
/// hook); a program embedding the library may see the standard panic message on stderr.
fn guarded<T>(
    file: &str,
    sheet: Option<&str>,
    kind: FileKind,
    call: impl FnOnce() -> std::result::Result<T, Error>,
) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).unwrap_or_else(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|text| (*text).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let mut location = Location::file(file);
        if let Some(sheet) = sheet {
            location = location.with_sheet(sheet);
        }
        let message = format!(
            "the {} workbook is damaged: the spreadsheet reader gave up on it",
            kind.name()
        );
        Err(Error::format(
            location,
            if detail.is_empty() {
                message
            } else {
                format!("{message} (calamine: {})", detail.replace('\n', " "))
            },
        )
        .with_hint(
            "open it in a spreadsheet program and save a new copy, or export it again as .xlsx or .csv",
        ))
    })
}

/// calamine 0.38 loops for ever on an OpenDocument sheet whose XML ends inside a table (its
/// table reader does not stop at the end of the file; found by fuzzing, and what a cut-short
/// `content.xml` looks like). So the XML of `content.xml` is checked to be complete first: every
/// element closed, by its own name, before the end. One pass of quick-xml, read as calamine reads
/// it, costs little beside reading the sheet. A zip, part or XML error calamine stops at is left
/// to calamine to report.
fn check_ods_content(bytes: &[u8], file: &str) -> Result<()> {
    use quick_xml::events::Event;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.expand_empty_elements = true;
    let damaged = |problem: &str| {
        Error::format(
            Location::file(file),
            format!("the ods workbook is damaged or incomplete: {problem}"),
        )
        .with_hint("the file may have been cut short: save a new copy from the spreadsheet program, or export it again")
    };
    let mut open: Vec<String> = Vec::new();
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(start)) => open.push(start.name().into_inner().to_string()),
            Ok(Event::End(end)) => {
                if open.pop().as_deref() != Some(end.name().into_inner()) {
                    return Err(damaged(&format!(
                        "its content.xml closes an element it did not open ({})",
                        end.name().into_inner()
                    )));
                }
            }
            Ok(Event::Eof) => break,
            // calamine stops at an XML error and says what it is (an encrypted content.xml
            // is reported as password-protected).
            Err(_) => return Ok(()),
            Ok(_) => {}
        }
        buffer.clear();
    }
    match open.last() {
        Some(element) => Err(damaged(&format!("its content.xml ends inside <{element}>"))),
        None => Ok(()),
    }
}

/// A sheet may hold at most this many cells in the rectangle its values span, beyond ten for
/// each cell that holds a value: the sheet is read as that rectangle (one slot per cell), so a
/// stray value far from the responses would otherwise ask for gigabytes. This much is a whole
/// legacy Excel sheet (65,536 x 256), which real files with a stray cell do span (one of Apache
/// POI's test files: four values across A1:IV65536) and calamine reads.
const SPARSE_SLACK: u64 = 65_536 * 256;

/// Reads an xlsx or xlsb sheet's cells with values (`cells`) and makes the range of them, as
/// calamine's own reading does, after checking that the rectangle they span is not mostly
/// empty: calamine 0.38 allocates the whole rectangle at once, and two values at A1 and
/// XFD1048576 ask it for 17 billion cells (found by the workbook_xml and spreadsheet_read fuzz
/// targets). The `Option` lets the other formats (xls, whose sheets are at most 65,536 x 256,
/// and ods, which calamine caps) use calamine's reading.
fn sparse_range(
    sheet: &str,
    file: &str,
    cells: impl FnOnce() -> std::result::Result<Vec<calamine::Cell<Data>>, calamine::Error>,
) -> Result<Option<Range<Data>>> {
    let cells = cells().map_err(|error| {
        let kind = match error {
            calamine::Error::Xlsb(_) => FileKind::Xlsb,
            _ => FileKind::Xlsx,
        };
        workbook_error(file, kind, &error)
    })?;
    if cells.is_empty() {
        return Ok(Some(Range::default()));
    }
    let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0, u32::MAX, 0);
    for cell in &cells {
        let (row, column) = cell.get_position();
        top = top.min(row);
        bottom = bottom.max(row);
        left = left.min(column);
        right = right.max(column);
    }
    let spanned = (u64::from(bottom - top) + 1) * (u64::from(right - left) + 1);
    if spanned > cells.len() as u64 * 10 + SPARSE_SLACK {
        let corner = |row: u32, column: u32| {
            format!(
                "{}{}",
                super::grid::column_letter(column as usize),
                u64::from(row) + 1
            )
        };
        return Err(Error::format(
            Location::file(file).with_sheet(sheet),
            format!(
                "the sheet's values span {}:{} ({} cells) but only {} cells hold a value; engage does not read a sheet this empty",
                corner(top, left),
                corner(bottom, right),
                crate::table::group_thousands(spanned),
                crate::table::group_thousands(cells.len() as u64)
            ),
        )
        .with_hint("a stray value lies far from the responses: in the spreadsheet program, Ctrl+End goes to it; delete it and save again"));
    }
    Ok(Some(Range::from_sparse(cells)))
}

/// calamine 0.38 reserves room for as many shared strings as an xlsx's `sharedStrings.xml`
/// declares in its `uniqueCount`, before reading any: a damaged or crafted count of billions
/// asks for more memory than there is, and the process aborts (found by the workbook_xml fuzz
/// target). Each string takes at least five bytes of the part (`<si/>`), so a count above a
/// fifth of the part's size cannot be true: the file is refused as damaged first.
fn check_xlsx_shared_strings(bytes: &[u8], file: &str) -> Result<()> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let parts: Vec<String> = archive
        .file_names()
        .filter_map(std::result::Result::ok)
        .filter(|name| name.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(|name| name.to_string())
        .collect();
    for name in parts {
        let Ok(part) = archive.by_name(&name) else {
            continue;
        };
        let size = part.size();
        // The count is an attribute of the first element: the start of the part is enough.
        let mut head = Vec::with_capacity(4096);
        if std::io::Read::read_to_end(&mut std::io::Read::take(part, 4096), &mut head).is_err() {
            continue;
        }
        let head = String::from_utf8_lossy(&head);
        let Some(count) = head
            .find("uniqueCount=")
            .map(|at| &head[at + "uniqueCount=".len()..])
            .and_then(|rest| rest.get(1..))
            .map(|rest| {
                rest.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
        else {
            continue;
        };
        let declared: u128 = count.parse().unwrap_or(0);
        if count.len() > 30 || declared > u128::from(size / 5 + 1) {
            return Err(Error::format(
                Location::file(file),
                format!(
                    "the xlsx workbook is damaged: its shared strings say there are {} but the part holds at most {}",
                    count.parse::<u64>().map_or_else(
                        |_| format!("a {}-digit number", count.len()),
                        crate::table::group_thousands
                    ),
                    crate::table::group_thousands(size / 5 + 1)
                ),
            )
            .with_hint("open it in a spreadsheet program and save a new copy, or export it again"));
        }
    }
    Ok(())
}

/// calamine 0.38 follows an `.xls` (OLE compound file) directory chain with no bound, and a
/// stream's chain up to the size its directory entry declares: a chain that loops back on
/// itself grows without end, or towards a declared size of gigabytes, until memory runs out
/// (found by the spreadsheet_read fuzz target). The container's header, allocation table and
/// directory are read here first, as calamine reads them, and a directory chain longer than the
/// file has sectors, or a stream declared larger than the file, is refused as damage. Anything
/// this check cannot read is left to calamine to report.
fn check_ole_container(bytes: &[u8], file: &str) -> Result<()> {
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    const FIRST_RESERVED: u32 = 0xFFFF_FFFA;
    const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
    let word = |at: usize| -> Option<u32> {
        bytes
            .get(at..at + 4)
            .map(|four| u32::from_le_bytes([four[0], four[1], four[2], four[3]]))
    };
    let Some(shift) = bytes
        .get(30..32)
        .map(|two| u16::from_le_bytes([two[0], two[1]]))
    else {
        return Ok(());
    };
    if !matches!(shift, 9 | 12) {
        return Ok(());
    }
    let size = 1usize << shift;
    let sectors = bytes.len() / size;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?)
    };
    let words = |sector: &[u8]| -> Vec<u32> {
        sector
            .chunks_exact(4)
            .map(|four| u32::from_le_bytes([four[0], four[1], four[2], four[3]]))
            .collect()
    };
    let damaged = |problem: String| {
        Error::format(
            Location::file(file),
            format!("the xls workbook is damaged: {problem}"),
        )
        .with_hint("open it in a spreadsheet program and save a new copy, or export it again as .xlsx or .csv")
    };
    // The allocation table's sectors: 109 in the header, then a chain of DIFAT sectors.
    let mut difat: Vec<u32> = (0..109).filter_map(|index| word(76 + index * 4)).collect();
    let mut next = word(68).unwrap_or(END_OF_CHAIN);
    let mut steps = 0;
    while next < FIRST_RESERVED {
        steps += 1;
        let Some(entries) = sector(next).filter(|_| steps <= sectors + 1) else {
            return Ok(());
        };
        difat.extend(words(entries));
        next = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    let mut fat: Vec<u32> = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFAT_SECTOR) {
        let Some(entries) = sector(id) else {
            return Ok(());
        };
        fat.extend(words(entries));
    }
    // The directory chain, and each stream's declared size.
    let mut id = word(48).unwrap_or(END_OF_CHAIN);
    let mut directory: Vec<u8> = Vec::new();
    let mut steps = 0;
    while id != END_OF_CHAIN {
        steps += 1;
        if steps > sectors + 1 {
            return Err(damaged(
                "its directory chain loops back on itself".to_string(),
            ));
        }
        let Some(entries) = sector(id) else {
            return Ok(());
        };
        directory.extend_from_slice(entries);
        let Some(&following) = fat.get(id as usize) else {
            return Ok(());
        };
        id = following;
    }
    for entry in directory.chunks_exact(128) {
        let stream = entry[66] == 2;
        let declared = u64::from_le_bytes(entry[120..128].try_into().unwrap_or([0; 8]));
        // Version 3 files keep only the low four bytes of the size.
        let declared = if shift == 9 {
            declared & 0xFFFF_FFFF
        } else {
            declared
        };
        if stream && declared > bytes.len() as u64 {
            return Err(damaged(format!(
                "a stream says it holds {} bytes but the file has {}",
                crate::table::group_thousands(declared),
                crate::table::group_thousands(bytes.len() as u64)
            )));
        }
    }
    // The workbook stream itself, for its sheets' cell spans: calamine makes every sheet's
    // rectangle when it opens the file.
    let entry_of = |entry: &[u8]| -> Option<(u32, usize)> {
        let length = usize::from(u16::from_le_bytes([entry[64], entry[65]]));
        let name: Vec<u16> = entry[..length.min(64).saturating_sub(2)]
            .chunks_exact(2)
            .map(|two| u16::from_le_bytes([two[0], two[1]]))
            .collect();
        let name = String::from_utf16_lossy(&name);
        let start = u32::from_le_bytes([entry[116], entry[117], entry[118], entry[119]]);
        let size = u32::from_le_bytes([entry[120], entry[121], entry[122], entry[123]]) as usize;
        (entry[66] == 2 && matches!(name.as_str(), "Workbook" | "Book")).then_some((start, size))
    };
    let Some((start, size_of_stream)) = directory.chunks_exact(128).find_map(entry_of) else {
        return Ok(());
    };
    // Follows a chain of `unit`-byte pieces through `table`, `limit` pieces at most.
    let chain =
        |mut id: u32, table: &[u32], limit: usize, piece: &dyn Fn(u32) -> Option<Vec<u8>>| {
            let mut out = Vec::new();
            let mut steps = 0;
            while id < FIRST_RESERVED && steps <= limit {
                steps += 1;
                out.extend(piece(id)?);
                id = *table.get(id as usize)?;
            }
            Some(out)
        };
    let regular = |id: u32| sector(id).map(<[u8]>::to_vec);
    let stream = if size_of_stream >= 4096 {
        chain(start, &fat, sectors + 1, &regular)
    } else {
        // A small stream lives in 64-byte pieces of the root entry's mini stream.
        let mini_fat_start = word(60).unwrap_or(END_OF_CHAIN);
        let mini_fat: Vec<u32> = chain(mini_fat_start, &fat, sectors + 1, &regular)
            .map(|table| words(&table))
            .unwrap_or_default();
        let root_start = directory.get(116..120).map_or(END_OF_CHAIN, |four| {
            u32::from_le_bytes([four[0], four[1], four[2], four[3]])
        });
        let Some(mini_stream) = chain(root_start, &fat, sectors + 1, &regular) else {
            return Ok(());
        };
        let mini = |id: u32| {
            let at = id as usize * 64;
            mini_stream.get(at..at + 64).map(<[u8]>::to_vec)
        };
        chain(start, &mini_fat, mini_stream.len() / 64 + 1, &mini)
    };
    let Some(mut stream) = stream else {
        return Ok(());
    };
    stream.truncate(size_of_stream);
    if let Some(problem) = biff_sheet_spans(&stream) {
        return Err(damaged(problem));
    }
    Ok(())
}

/// The first sheet in a BIFF workbook stream whose cells span far more than they fill (the
/// same rule as [`sparse_range`]), said as a problem; `None` when every sheet is fine.
fn biff_sheet_spans(stream: &[u8]) -> Option<String> {
    let mut at = 0;
    let mut span: Option<(u32, u32, u32, u32)> = None;
    let mut cells = 0u64;
    let check = |span: Option<(u32, u32, u32, u32)>, cells: u64| {
        let (top, bottom, left, right) = span?;
        let spanned = (u64::from(bottom - top) + 1) * (u64::from(right - left) + 1);
        (spanned > cells * 10 + SPARSE_SLACK).then(|| {
            format!(
                "a sheet's cells span {} rows by {} columns but only {} hold a value",
                crate::table::group_thousands(u64::from(bottom - top) + 1),
                crate::table::group_thousands(u64::from(right - left) + 1),
                crate::table::group_thousands(cells)
            )
        })
    };
    while let Some(header) = stream.get(at..at + 4) {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let length = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let data = stream.get(at + 4..at + 4 + length).unwrap_or_default();
        at += 4 + length;
        match kind {
            // FilePass: the rest is encrypted, and calamine says the file is
            // password-protected.
            0x002F => return None,
            // BOF: a new substream (the workbook globals, then each sheet).
            0x0809 => {
                if let Some(problem) = check(span.take(), cells) {
                    return Some(problem);
                }
                cells = 0;
            }
            // Cells calamine keeps: Number, Label, RString, BoolErr, Formula, RK, LabelSst,
            // MulRk (several cells from its first column on).
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x0006 | 0x027E | 0x00FD | 0x00BD
                if data.len() >= 4 =>
            {
                let row = u32::from(u16::from_le_bytes([data[0], data[1]]));
                let column = u32::from(u16::from_le_bytes([data[2], data[3]]));
                let last = if kind == 0x00BD && data.len() >= 6 {
                    let end = data.len();
                    u32::from(u16::from_le_bytes([data[end - 2], data[end - 1]]))
                } else {
                    column
                };
                cells += 1;
                let (top, bottom, left, right) =
                    span.unwrap_or((row, row, column.min(last), column.max(last)));
                span = Some((
                    top.min(row),
                    bottom.max(row),
                    left.min(column.min(last)),
                    right.max(column.max(last)),
                ));
            }
            _ => {}
        }
    }
    check(span, cells)
}

/// An open workbook and the names and visibility of its sheets.
pub(crate) struct Workbook {
    sheets: Sheets<Cursor<Vec<u8>>>,
    file: String,
    kind: FileKind,
}

impl Workbook {
    pub(crate) fn open(bytes: Vec<u8>, kind: FileKind, file: &str) -> Result<Workbook> {
        match kind {
            FileKind::Encrypted => return Err(password_error(file)),
            FileKind::Xlsx | FileKind::Xlsb | FileKind::Xls | FileKind::Ods => {}
            _ => return Err(Error::format(Location::file(file), "not a workbook")),
        }
        if kind == FileKind::Ods {
            check_ods_content(&bytes, file)?;
        }
        if kind == FileKind::Xlsx {
            check_xlsx_shared_strings(&bytes, file)?;
        }
        if kind == FileKind::Xls {
            check_ole_container(&bytes, file)?;
        }
        let cursor = Cursor::new(bytes);
        let opened = || match kind {
            FileKind::Xlsx => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xlsx)
                .map_err(calamine::Error::Xlsx),
            FileKind::Xlsb => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xlsb)
                .map_err(calamine::Error::Xlsb),
            FileKind::Xls => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xls)
                .map_err(calamine::Error::Xls),
            // Ods, the only kind left.
            _ => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Ods)
                .map_err(calamine::Error::Ods),
        };
        let sheets = guarded(file, None, kind, || {
            opened().map_err(|error| workbook_error(file, kind, &error))
        })?;
        Ok(Workbook {
            sheets,
            file: file.to_string(),
            kind,
        })
    }

    /// Sheet names in workbook order, with whether each is visible.
    pub(crate) fn sheet_names(&self) -> Vec<(String, bool)> {
        self.sheets
            .sheets_metadata()
            .iter()
            .map(|sheet| (sheet.name.clone(), sheet.visible == SheetVisible::Visible))
            .collect()
    }

    fn range(&mut self, name: &str) -> Result<Range<Data>> {
        let kind = self.kind;
        let file = self.file.clone();
        let sheets = &mut self.sheets;
        guarded(&file, Some(name), kind, || {
            // The cells with values of a sheet read through a calamine cell reader.
            macro_rules! cells_of {
                ($reader:expr, $error:path) => {{
                    let mut reader = $reader;
                    let mut cells = Vec::new();
                    while let Some(cell) = reader.next_cell().map_err($error)? {
                        if !matches!(cell.get_value(), calamine::DataRef::Empty) {
                            cells.push(calamine::Cell::new(
                                cell.get_position(),
                                Data::from(cell.get_value().clone()),
                            ));
                        }
                    }
                    Ok(cells)
                }};
            }
            let range = match sheets {
                Sheets::Xlsx(workbook) => sparse_range(name, &file, || {
                    match workbook.worksheet_cells_reader(name) {
                        Ok(reader) => cells_of!(reader, calamine::Error::Xlsx),
                        // A chart sheet: no cells, as calamine's own reading gives.
                        Err(calamine::XlsxError::NotAWorksheet(_)) => Ok(Vec::new()),
                        Err(error) => Err(calamine::Error::Xlsx(error)),
                    }
                })?,
                Sheets::Xlsb(workbook) => sparse_range(name, &file, || {
                    let reader = workbook
                        .worksheet_cells_reader(name)
                        .map_err(calamine::Error::Xlsb)?;
                    cells_of!(reader, calamine::Error::Xlsb)
                })?,
                _ => None,
            };
            if let Some(range) = range {
                return Ok(range);
            }
            sheets.worksheet_range(name).map_err(|error| {
                let error = workbook_error(&file, kind, &error);
                match error.kind() {
                    crate::error::ErrorKind::Format { message, .. } => {
                        Error::format(Location::file(&file).with_sheet(name), message.clone())
                            .with_hint(error.hint().unwrap_or_default().to_string())
                    }
                    _ => error,
                }
            })
        })
    }

    /// Reads the requested sheet, or the first sheet that looks like responses.
    ///
    /// `wanted` is a sheet name (case-insensitive) or a 1-based index. Without it, the first
    /// visible sheet with a header and at least one data row is chosen, passing over sheets whose
    /// names say they are not data (Summary, Chart, Notes, Instructions) when another qualifies.
    pub(crate) fn read_sheet(
        &mut self,
        wanted: Option<&str>,
        decisions: &mut Vec<String>,
    ) -> Result<(String, SheetGrid)> {
        let names = self.sheet_names();
        if names.is_empty() {
            return Err(Error::format(
                Location::file(&self.file),
                "the workbook has no sheets",
            ));
        }
        if let Some(wanted) = wanted {
            let by_name = names
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(wanted.trim()));
            let chosen = match by_name {
                Some((name, _)) => name.clone(),
                None => match wanted.trim().parse::<usize>() {
                    Ok(index) if index >= 1 && index <= names.len() => names[index - 1].0.clone(),
                    _ => {
                        let list: Vec<String> = names
                            .iter()
                            .map(|(name, _)| format!("\"{name}\""))
                            .collect();
                        return Err(Error::format(
                            Location::file(&self.file).with_sheet(wanted),
                            format!("no such sheet; the workbook has {}", list.join(", ")),
                        )
                        .with_hint("give --sheet a sheet name or a 1-based sheet number"));
                    }
                },
            };
            let range = self.range(&chosen)?;
            return Ok((chosen, SheetGrid::new(range)));
        }
        let mut fallback: Option<(String, SheetGrid)> = None;
        let mut skipped = Vec::new();
        for (name, visible) in &names {
            if !visible {
                skipped.push(format!("\"{name}\" (hidden)"));
                continue;
            }
            let grid = match self.range(name) {
                Ok(range) => SheetGrid::new(range),
                Err(error) if names.len() > 1 => {
                    skipped.push(format!("\"{name}\" ({error})"));
                    continue;
                }
                Err(error) => return Err(error),
            };
            let usable = looks_like_responses(&grid);
            let name_says_not_data = not_data_name(name);
            if usable && !name_says_not_data {
                if !skipped.is_empty() {
                    decisions.push(format!(
                        "sheet \"{name}\" chosen; passed over {}",
                        skipped.join(", ")
                    ));
                }
                return Ok((name.clone(), grid));
            }
            if usable && fallback.is_none() {
                fallback = Some((name.clone(), grid));
            } else {
                skipped.push(format!(
                    "\"{name}\" ({})",
                    if usable {
                        "name suggests it is not data"
                    } else {
                        "no header with data below"
                    }
                ));
            }
        }
        if let Some((name, grid)) = fallback {
            decisions.push(format!("sheet \"{name}\" chosen although its name suggests a summary: no other sheet has data"));
            return Ok((name, grid));
        }
        // Nothing usable: return the first visible sheet so that the caller reports precisely
        // what is wrong with it (empty, header only).
        let first = names
            .iter()
            .find(|(_, visible)| *visible)
            .unwrap_or(&names[0])
            .0
            .clone();
        let range = self.range(&first)?;
        Ok((first, SheetGrid::new(range)))
    }
}

fn not_data_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "summary",
        "chart",
        "notes",
        "instructions",
        "readme",
        "read me",
        "about",
        "info",
        "contents",
        "pivot",
        "lookup",
        "codebook",
        "dictionary",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// At least two rows, one of them with two or more filled cells.
fn looks_like_responses(grid: &SheetGrid) -> bool {
    let mut rows_with_data = 0;
    let mut wide_row = false;
    for row in 0..grid.height().min(200) {
        let filled = grid.filled(row);
        if filled > 0 {
            rows_with_data += 1;
        }
        wide_row |= filled >= 2;
        if rows_with_data >= 2 && wide_row {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-line error reading `testdata/broken/NAME` gives.
    fn broken(name: &str) -> String {
        let path = format!("{}/../testdata/broken/{name}", env!("CARGO_MANIFEST_DIR"));
        crate::read_path(&path, &crate::IngestOptions::default())
            .expect_err("a damaged workbook")
            .to_string()
    }

    #[test]
    fn an_ods_whose_xml_ends_inside_a_table_is_damaged_not_a_hang() {
        // calamine 0.38 loops for ever on this file (found by the workbook_xml fuzz target).
        let error = broken("unclosed-table.ods");
        assert!(
            error.contains(
                "the ods workbook is damaged or incomplete: its content.xml ends inside <table:table>"
            ),
            "{error}"
        );
        // Elements closed out of order are damage too; complete XML passes.
        let ods = |content: &str| {
            let mut bytes = Vec::new();
            let mut writer = zip::ZipWriter::new(Cursor::new(&mut bytes));
            writer
                .start_file("content.xml", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut writer, content.as_bytes()).unwrap();
            writer.finish().unwrap();
            bytes
        };
        let crossed = check_ods_content(&ods("<a><b></a></b>"), "x.ods").unwrap_err();
        assert!(
            crossed
                .to_string()
                .contains("its content.xml closes an element it did not open (a)"),
            "{crossed}"
        );
        assert!(check_ods_content(&ods("<a><b/><c>text</c></a>"), "x.ods").is_ok());
        // Not a zip: left to calamine to report.
        assert!(check_ods_content(b"not a zip", "x.ods").is_ok());
    }

    #[test]
    fn a_stray_value_far_from_the_responses_is_refused_before_allocating() {
        // Two values at A1 and XFD1048576 asked calamine 0.38 for 17 billion cells (found by
        // the workbook_xml fuzz target); written with openpyxl.
        let error = broken("stray-far-cell.xlsx");
        assert!(
            error.contains("sheet \"Responses\"")
                && error.contains(
                    "span A1:XFD1048576 (17,179,869,184 cells) but only 5 cells hold a value"
                ),
            "{error}"
        );
        // A dense sheet reads as calamine reads it: the bundled sample, every cell.
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../testdata/walk-in-centre.xlsx"
        );
        let bytes = std::fs::read(sample).unwrap();
        let mut ours = Workbook::open(bytes.clone(), FileKind::Xlsx, "sample.xlsx").unwrap();
        let name = ours.sheet_names()[0].0.clone();
        let mut theirs: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(
            ours.range(&name).unwrap(),
            theirs.worksheet_range(&name).unwrap()
        );
    }

    #[test]
    fn a_shared_string_count_the_part_cannot_hold_is_damage_not_an_abort() {
        // calamine 0.38 reserved 96 GB for this file's 4,000,000,000 declared strings and the
        // process aborted (found by the workbook_xml fuzz target; the count edited into a
        // fixture of ours with Python's zipfile).
        let error = broken("shared-strings-count.xlsx");
        assert!(
            error.contains(
                "its shared strings say there are 4,000,000,000 but the part holds at most"
            ),
            "{error}"
        );
        // Every bundled workbook passes the check.
        for sample in [
            "walk-in-centre.xlsx",
            "layouts/citizen-space.xlsx",
            "activity-2013.xlsx",
        ] {
            let bytes = std::fs::read(format!(
                "{}/../testdata/{sample}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            assert!(
                check_xlsx_shared_strings(&bytes, sample).is_ok(),
                "{sample}"
            );
        }
    }

    #[test]
    fn an_ole_directory_chain_that_loops_is_damage_not_an_exhausted_memory() {
        // calamine 0.38 followed this file's directory chain round its loop until memory ran
        // out (found by the spreadsheet_read fuzz target, from a seed of ours).
        let error = broken("ole-directory-loop.xls");
        assert!(
            error.contains("the xls workbook is damaged: its directory chain loops back on itself"),
            "{error}"
        );
        // What the check cannot read is left to calamine. (The 139 .xls files of the readers'
        // test suites in ../shared/realdata all pass it: tests/core/realdata.rs checks that no
        // real file trips any of these guards.)
        assert!(check_ole_container(b"too short", "x.xls").is_ok());
        // A stream declared larger than the file: a minimal version 3 container whose one
        // directory sector (sector 0, its chain ended in the table in sector 1) holds a stream
        // of 4 GB.
        let mut bytes = vec![0u8; 512 * 3];
        bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        bytes[30..32].copy_from_slice(&9u16.to_le_bytes());
        bytes[48..52].copy_from_slice(&0u32.to_le_bytes());
        bytes[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        for index in 0..109 {
            let at = 76 + index * 4;
            bytes[at..at + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        }
        bytes[76..80].copy_from_slice(&1u32.to_le_bytes());
        let fat = 512 * 2;
        bytes[fat..fat + 4].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        let entry = 512;
        bytes[entry + 66] = 2;
        bytes[entry + 120..entry + 124].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
        let error = check_ole_container(&bytes, "big.xls")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("a stream says it holds 4,294,967,280 bytes but the file has 1,536"),
            "{error}"
        );
    }

    #[test]
    fn an_xls_sheet_spanning_billions_of_cells_is_refused_before_calamine_opens_it() {
        // calamine 0.38 makes every sheet's rectangle when it opens an .xls: this file's
        // 395 cells span 65,313 x 65,536 and asked for 136 GB (found by the spreadsheet_read
        // fuzz target, from a seed of ours).
        let error = broken("xls-far-cells.xls");
        assert!(
            error.contains(
                "a sheet's cells span 65,313 rows by 65,536 columns but only 395 hold a value"
            ),
            "{error}"
        );
        // The record scan itself: a globals substream, then a sheet with two Number cells at
        // A1 and IV65536 (a whole legacy sheet: allowed), then one at (60000, 60000).
        let record = |kind: u16, data: &[u8]| {
            let mut out = kind.to_le_bytes().to_vec();
            out.extend((data.len() as u16).to_le_bytes());
            out.extend(data);
            out
        };
        let number = |row: u16, column: u16| {
            let mut data = row.to_le_bytes().to_vec();
            data.extend(column.to_le_bytes());
            data.extend([0u8; 10]);
            record(0x0203, &data)
        };
        let mut stream = record(0x0809, &[0; 16]);
        stream.extend(record(0x0809, &[0; 16]));
        stream.extend(number(0, 0));
        stream.extend(number(65_535, 255));
        assert_eq!(biff_sheet_spans(&stream), None);
        stream.extend(number(60_000, 60_000));
        assert_eq!(
            biff_sheet_spans(&stream).as_deref(),
            Some("a sheet's cells span 65,536 rows by 60,001 columns but only 3 hold a value")
        );
        // After FilePass the records are encrypted: calamine reports the password.
        let mut encrypted = record(0x0809, &[0; 16]);
        encrypted.extend(record(0x002F, &[0; 4]));
        encrypted.extend(number(0, 0));
        encrypted.extend(number(60_000, 60_000));
        assert_eq!(biff_sheet_spans(&encrypted), None);
    }

    #[test]
    fn a_panic_in_the_spreadsheet_reader_is_a_damaged_file_error() {
        // Found by the spreadsheet_read fuzz target: calamine 0.38 slices past the end of the
        // file while reading this OLE container's sector chain.
        let message = broken("ole-sector-past-end.xls");
        assert!(
            message.contains("ole-sector-past-end.xls")
                && message.contains("the xls workbook is damaged"),
            "{message}"
        );
        assert!(!message.contains('\n'), "{message}");
        // Any other failure keeps its own message.
        let error = guarded("f.xls", Some("Data"), FileKind::Xls, || -> Result<()> {
            panic!("a reader bug")
        })
        .unwrap_err()
        .to_string();
        assert!(error.contains("f.xls") && error.contains("Data"), "{error}");
        assert!(error.contains("(calamine: a reader bug)"), "{error}");
    }

    #[test]
    fn formats_are_told_apart_by_their_bytes() {
        assert_eq!(sniff(b"a,b\n1,2\n"), FileKind::Text);
        assert_eq!(sniff(b"<!DOCTYPE html><html><table>"), FileKind::Html);
        assert_eq!(sniff(b"  <html><body>"), FileKind::Html);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"), FileKind::XmlSpreadsheet);
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml...."), FileKind::Xlsx);
        assert_eq!(
            sniff(b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
            FileKind::Ods
        );
        assert_eq!(sniff(b"PK\x03\x04....hello.txt"), FileKind::OtherZip);
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]),
            FileKind::Xls
        );
        assert_eq!(
            sniff(&[0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x01, 0x02]),
            FileKind::Binary
        );
    }

    #[test]
    fn summary_like_names_are_recognised() {
        assert!(not_data_name("Summary"));
        assert!(not_data_name("Chart1"));
        assert!(!not_data_name("Form Responses 1"));
        assert!(!not_data_name("Sheet1"));
    }
}
