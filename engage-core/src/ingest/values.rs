//! Cell values: numbers and dates recognised in text, and one consistent type per column.
//!
//! A column is typed as a whole: it is numeric only when every answer is a number, and a date
//! column only when every answer is a date in one format. Text that merely looks numeric but
//! carries meaning in its form (a leading zero, a `+`, spaces: codes and phone numbers) stays
//! text. Day-first (UK) and month-first (US) dates are told apart per column, from values whose
//! day is above 12; day-first is assumed when nothing tells them apart.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::grid::{CellRef, Grid};

/// A plain decimal number in text: `12`, `-3.5`, `0.25`. Not `007`, `+44`, `1e5`, `1,000`, ` 12`.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || digits.len() > 17 {
        return None;
    }
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let whole_ok = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && (whole == "0" || !whole.starts_with('0'));
    let fraction_ok = fraction.is_none_or(|fraction| {
        !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit())
    });
    if whole_ok && fraction_ok {
        text.parse().ok()
    } else {
        None
    }
}

/// A number, or a percentage written with its sign (`80%`, `12.5 %`): the number. Used where a
/// question is numeric (inferred or declared), so that "80" and "80%" are the same answer.
pub(crate) fn parse_quantity(text: &str) -> Option<f64> {
    let text = text.trim();
    parse_number(text).or_else(|| {
        text.strip_suffix('%')
            .and_then(|number| parse_number(number.trim_end()))
    })
}

/// Which of two ambiguous numeric date orders a column uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateOrder {
    /// `dd/mm/yyyy`, the UK order.
    DayFirst,
    /// `mm/dd/yyyy`, the US order (Google Forms in a US locale).
    MonthFirst,
}

/// A date or date-time with the year first: ISO 8601 (`2024-03-01`, `2024-03-01 14:05`,
/// `2024-03-01T14:05:09.123+01:00`) and the slashed form of Google Forms' CSV download
/// (`2026/03/01 1:00:00 PM GMT+5:30`). A time zone is dropped: the local time is what counts
/// for "responses per day".
pub(crate) fn parse_iso(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if text.len() < 10 || !bytes[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let separator = bytes[4];
    if !matches!(separator, b'-' | b'/') || bytes.get(7) != Some(&separator) {
        return None;
    }
    // Only the first eight bytes are known to be ASCII: byte 10 may fall inside a character.
    let format = if separator == b'-' {
        "%Y-%m-%d"
    } else {
        "%Y/%m/%d"
    };
    let date = NaiveDate::parse_from_str(text.get(..10)?, format).ok()?;
    let rest = text[10..].trim_start_matches(['T', ' ']);
    if rest.is_empty() {
        return Some(date.and_time(NaiveTime::MIN));
    }
    parse_time(without_zone(rest)).map(|time| date.and_time(time))
}

/// A time without its trailing zone: `Z`, `+03:00`, `-0500` written on the time, or a named
/// zone after a space with or without an offset (`UTC`, `GMT`, `BST`, `GMT+1`, `GMT-4`,
/// `GMT+5:30`, `UTC+01:00`).
fn without_zone(time: &str) -> &str {
    let time = time.trim();
    if let Some((before, zone)) = time.rsplit_once(' ') {
        let name_end = zone.find(['+', '-']).unwrap_or(zone.len());
        let (name, offset) = zone.split_at(name_end);
        let named = matches!(name, "UTC" | "GMT" | "BST");
        let offset_ok = offset.is_empty()
            || (offset.len() > 1 && offset[1..].chars().all(|c| c.is_ascii_digit() || c == ':'));
        if named && offset_ok {
            return before.trim_end();
        }
    }
    let time = time.strip_suffix('Z').unwrap_or(time);
    match time.rfind(['+', '-']) {
        Some(position) if position >= 5 => &time[..position],
        _ => time,
    }
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    let text = text.split('.').next().unwrap_or(text);
    NaiveTime::parse_from_str(text, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M"))
        .ok()
        .or_else(|| {
            // 12-hour clock: `2:05:09 PM`.
            NaiveTime::parse_from_str(text, "%I:%M:%S %p")
                .or_else(|_| NaiveTime::parse_from_str(text, "%I:%M %p"))
                .ok()
        })
}

/// The three numbers of a slashed, dashed or dotted date with a four- or two-digit year last,
/// and the time after it if any: `14/03/2024`, `3/14/2016 19:57:50`, `14.03.24`.
fn split_numeric_date(text: &str) -> Option<(u32, u32, i32, Option<NaiveTime>)> {
    let text = text.trim();
    let (date_part, time_part) = match text.split_once(' ') {
        Some((date, time)) => (date, Some(time.trim())),
        None => (text, None),
    };
    let separator = date_part.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let mut parts = date_part.split(separator);
    let first = parts.next()?;
    let second = parts.next()?;
    let third = parts.next()?;
    if parts.next().is_some()
        || first.len() > 2
        || second.len() > 2
        || !(third.len() == 4 || third.len() == 2)
    {
        return None;
    }
    let first: u32 = first.parse().ok()?;
    let second: u32 = second.parse().ok()?;
    let mut year: i32 = third.parse().ok()?;
    if third.len() == 2 {
        year += if year < 70 { 2000 } else { 1900 };
    }
    let time = match time_part {
        Some(time) => Some(parse_time(without_zone(time))?),
        None => None,
    };
    Some((first, second, year, time))
}

/// A date in `dd/mm/yyyy` or `mm/dd/yyyy` order (with an optional time), in the given order.
pub(crate) fn parse_numeric_date(text: &str, order: DateOrder) -> Option<NaiveDateTime> {
    let (first, second, year, time) = split_numeric_date(text)?;
    let (day, month) = match order {
        DateOrder::DayFirst => (first, second),
        DateOrder::MonthFirst => (second, first),
    };
    NaiveDate::from_ymd_opt(year, month, day)
        .map(|date| date.and_time(time.unwrap_or(NaiveTime::MIN)))
}

/// A date in words: `14 March 2024`, `14 Mar 2024`, `March 14, 2024`.
fn parse_worded_date(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    if !text.chars().any(char::is_alphabetic) || text.len() > 40 {
        return None;
    }
    [
        "%d %B %Y",
        "%d %b %Y",
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y %H:%M",
        "%d %b %Y %H:%M",
    ]
    .iter()
    .find_map(|format| {
        NaiveDate::parse_from_str(text, format)
            .ok()
            .map(|date| date.and_time(NaiveTime::MIN))
    })
    .or_else(|| NaiveDateTime::parse_from_str(text, "%d %b %Y %H:%M").ok())
}

/// What a column holds, decided from all its cells.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ColumnValues {
    /// Every answer is a number.
    Number(Vec<Option<f64>>),
    /// Every answer is a date or date-time.
    Date(Vec<Option<NaiveDateTime>>),
    /// Anything else, as trimmed text (numbers and dates written as a person would read them).
    Text(Vec<Option<String>>),
}

impl ColumnValues {
    /// The values as text (numbers and dates formatted).
    pub(crate) fn into_text(self) -> Vec<Option<String>> {
        match self {
            ColumnValues::Text(values) => values,
            ColumnValues::Number(values) => values
                .into_iter()
                .map(|value| value.map(super::grid::format_number))
                .collect(),
            ColumnValues::Date(values) => values
                .into_iter()
                .map(|value| value.map(super::grid::format_datetime))
                .collect(),
        }
    }
}

/// Values that mean "no answer" in exports: Kobo's `n/a` for skipped questions, `NA`, `-`.
fn is_missing_marker(text: &str) -> bool {
    matches!(
        text,
        "n/a" | "N/A" | "NA" | "-" | "#N/A" | "null" | "NULL" | "nan" | "NaN" | "None"
    )
}

/// Reads one column of data rows and types it.
///
/// `missing_markers` turns `n/a`-style cells into empty answers; set it for layouts that use
/// them for skipped questions (`KoboToolbox`) and for numeric and date columns, where such a marker
/// cannot be an answer.
#[cfg(test)]
pub(crate) fn read_column(
    grid: &dyn Grid,
    column: usize,
    rows: &[usize],
    missing_markers: bool,
) -> ColumnValues {
    read_column_noting(grid, column, rows, missing_markers, &mut Vec::new())
}

/// [`read_column`], adding to `notes` what the user should know (mixed date orders).
pub(crate) fn read_column_noting(
    grid: &dyn Grid,
    column: usize,
    rows: &[usize],
    missing_markers: bool,
    notes: &mut Vec<String>,
) -> ColumnValues {
    let mut day_first_votes = 0usize;
    let mut month_first_votes = 0usize;
    let mut numbers = 0usize;
    let mut dates = 0usize;
    let mut texts = 0usize;
    let mut day_over_12_first = false;
    let mut day_over_12_second = false;
    let mut numeric_date_text = 0usize;
    let mut markers = 0usize;
    for &row in rows {
        // One answer that is neither a number nor a date makes the column text, whatever the
        // other cells hold: classifying the rest (parsing every answer as a number and as dates
        // in several formats) would only confirm it.
        if texts > 0 {
            break;
        }
        match grid.cell(row, column) {
            CellRef::Empty | CellRef::Error => {}
            CellRef::Number(_) => numbers += 1,
            CellRef::DateTime(_) => dates += 1,
            CellRef::Bool(_) => texts += 1,
            CellRef::Text(text) => {
                let text = text.trim();
                if text.is_empty() {
                } else if is_missing_marker(text) {
                    markers += 1;
                } else if parse_number(text).is_some() {
                    numbers += 1;
                } else if parse_iso(text).is_some() || parse_worded_date(text).is_some() {
                    dates += 1;
                } else if let Some((first, second, _, _)) = split_numeric_date(text) {
                    numeric_date_text += 1;
                    day_over_12_first |= first > 12;
                    day_over_12_second |= second > 12;
                    day_first_votes += usize::from(first > 12);
                    month_first_votes += usize::from(second > 12);
                } else {
                    texts += 1;
                }
            }
        }
    }
    let order = if day_over_12_second && !day_over_12_first {
        DateOrder::MonthFirst
    } else {
        DateOrder::DayFirst
    };
    // A marker may be an answer in a text column ("NA" as a country code is rare, "-" as a reply
    // is not): markers only count as missing when the rest of the column is not text.
    let markers_are_missing = missing_markers || texts == 0;
    let answered =
        numbers + dates + texts + numeric_date_text + if markers_are_missing { 0 } else { markers };
    let mixed_orders = day_over_12_first && day_over_12_second;
    let majority = if month_first_votes > day_first_votes {
        DateOrder::MonthFirst
    } else {
        DateOrder::DayFirst
    };
    if answered > 0 && numbers == answered {
        let values = rows
            .iter()
            .map(|&row| match grid.cell(row, column) {
                CellRef::Number(number) => Some(number),
                CellRef::Text(text) => parse_number(text),
                _ => None,
            })
            .collect();
        return ColumnValues::Number(values);
    }
    if answered > 0 && dates + numeric_date_text == answered {
        let own_order = |text: &str| -> DateOrder {
            if !mixed_orders {
                return order;
            }
            match split_numeric_date(text) {
                Some((first, _, _, _)) if first > 12 => DateOrder::DayFirst,
                Some((_, second, _, _)) if second > 12 => DateOrder::MonthFirst,
                _ => majority,
            }
        };
        let values: Vec<Option<NaiveDateTime>> = rows
            .iter()
            .map(|&row| match grid.cell(row, column) {
                CellRef::DateTime(datetime) => Some(datetime),
                CellRef::Text(text) => parse_iso(text)
                    .or_else(|| parse_worded_date(text))
                    .or_else(|| parse_numeric_date(text, own_order(text))),
                _ => None,
            })
            .collect();
        // Impossible dates (31/02) make the column text rather than silently losing answers.
        if values.iter().flatten().count() == answered {
            if mixed_orders {
                notes.push(format!(
                    "column {} mixes day-first and month-first dates ({day_first_votes} clearly day-first, {month_first_votes} clearly month-first); ambiguous ones read {}",
                    super::grid::column_letter(column),
                    if majority == DateOrder::DayFirst { "day-first" } else { "month-first" }
                ));
            }
            return ColumnValues::Date(values);
        }
    }
    let values = rows
        .iter()
        .map(|&row| {
            let cell = grid.cell(row, column);
            match cell {
                CellRef::Text(text) if markers_are_missing && is_missing_marker(text.trim()) => {
                    None
                }
                CellRef::Text(text) => {
                    let text = clean_text(text);
                    (!text.is_empty()).then_some(text)
                }
                CellRef::Empty | CellRef::Error => None,
                other => Some(other.display()),
            }
        })
        .collect();
    ColumnValues::Text(values)
}

/// Trims, turns `_x000D_` escapes and CR LF into plain newlines, and drops NUL and other control
/// characters that have no place in an answer (tabs and newlines are kept).
pub(crate) fn clean_text(text: &str) -> String {
    let text = text.trim();
    if !needs_cleaning(text) {
        return text.to_string();
    }
    text.replace("_x000D_", "")
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_string()
}

/// True when `text` holds a CR, a NUL, an `_` (which may start an `_x000D_` escape) or another
/// control character than tab and newline. One pass over the bytes: a control character is
/// below 0x20 or 0x7F in ASCII, and U+0080 to U+009F (C1) is 0xC2 followed by 0x80 to 0x9F in
/// UTF-8; no other character's encoding holds those byte pairs.
fn needs_cleaning(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(index, &byte)| match byte {
        b'\n' | b'\t' => false,
        0..=0x1F | 0x7F | b'_' => true,
        0xC2 => bytes
            .get(index + 1)
            .is_some_and(|next| (0x80..=0x9F).contains(next)),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::grid::TextGrid;

    fn grid(values: &[&str]) -> TextGrid {
        TextGrid {
            rows: values
                .iter()
                .map(|value| csv::StringRecord::from(vec![*value]))
                .collect(),
            lines: (1..=values.len()).collect(),
            sheet_rows: (1..=values.len()).collect(),
            width: 1,
        }
    }

    fn typed(values: &[&str]) -> ColumnValues {
        let grid = grid(values);
        read_column(&grid, 0, &(0..values.len()).collect::<Vec<_>>(), false)
    }

    #[test]
    fn numbers_keep_codes_and_phone_numbers_as_text() {
        for (text, expected) in [
            ("12", Some(12.0)),
            ("-3.5", Some(-3.5)),
            ("0", Some(0.0)),
            ("0.25", Some(0.25)),
            ("007", None),
            ("07700 900123", None),
            ("+44", None),
            ("1e5", None),
            ("1,000", None),
            ("12.", None),
            ("", None),
        ] {
            assert_eq!(parse_number(text), expected, "{text:?}");
        }
    }

    #[test]
    fn quantities_are_numbers_or_percentages() {
        for (text, expected) in [
            ("80", Some(80.0)),
            ("80%", Some(80.0)),
            (" 12.5 % ", Some(12.5)),
            ("%80", None),
            ("80% +", None),
            ("~60", None),
            ("007%", None),
        ] {
            assert_eq!(parse_quantity(text), expected, "{text:?}");
        }
    }

    #[test]
    fn iso_dates_with_and_without_time_and_zone() {
        let expected = NaiveDate::from_ymd_opt(2014, 9, 4)
            .unwrap()
            .and_hms_opt(15, 6, 1)
            .unwrap();
        assert_eq!(parse_iso("2014-09-04T15:06:01.000+03:00"), Some(expected));
        assert_eq!(parse_iso("2014-09-04 15:06:01"), Some(expected));
        assert_eq!(
            parse_iso("2014-09-04"),
            NaiveDate::from_ymd_opt(2014, 9, 4).map(|d| d.and_time(NaiveTime::MIN))
        );
        assert_eq!(parse_iso("2014-13-04"), None);
        assert_eq!(parse_iso("hello world"), None);
        assert_eq!(parse_iso("2014-09/04"), None);
    }

    /// Item 11 of issue 19: Google Forms' CSV download stamps responses year first with
    /// slashes, a 12-hour clock and the form's time zone; the local time is read.
    #[test]
    fn google_forms_stamps_with_zones_are_dates() {
        let at = |hour, minute| {
            NaiveDate::from_ymd_opt(2026, 3, 1)
                .unwrap()
                .and_hms_opt(hour, minute, 0)
        };
        assert_eq!(parse_iso("2026/03/01 1:00:00 PM GMT"), at(13, 0));
        assert_eq!(parse_iso("2026/03/01 1:00:00 PM GMT+1"), at(13, 0));
        assert_eq!(parse_iso("2026/03/01 11:30:00 AM GMT+5:30"), at(11, 30));
        assert_eq!(parse_iso("2026/03/01 12:05:00 AM GMT-4"), at(0, 5));
        assert_eq!(parse_iso("2026/03/01 13:00:00 UTC+01:00"), at(13, 0));
        assert_eq!(parse_iso("2026/03/01"), at(0, 0));
        // A zone that is not one is not dropped: the time does not parse.
        assert_eq!(parse_iso("2026/03/01 1:00:00 PM soon"), None);
        // Day-first stamps with a zone offset are read too.
        assert_eq!(
            parse_numeric_date("01/03/2026 13:00:00 GMT+1", DateOrder::DayFirst),
            at(13, 0)
        );
    }

    /// Regression (found by the csv_read fuzz target): a year and dash followed by non-ASCII
    /// text panicked, slicing the date's ten bytes through the middle of a character.
    #[test]
    fn iso_date_candidates_with_multibyte_characters_are_not_dates() {
        assert_eq!(parse_iso("2024-02\u{ff}\u{ff}-08T16:30:00.000+00:00"), None);
        assert_eq!(parse_iso("2024-0\u{e9}-08"), None);
        assert_eq!(parse_iso("2024-\u{20ac}\u{20ac}\u{20ac}"), None);
    }

    #[test]
    fn column_of_uk_dates_is_day_first() {
        let ColumnValues::Date(values) = typed(&["01/03/2024", "14/03/2024", ""]) else {
            panic!("dates expected")
        };
        assert_eq!(
            values[0],
            NaiveDate::from_ymd_opt(2024, 3, 1).map(|d| d.and_time(NaiveTime::MIN))
        );
        assert_eq!(values[2], None);
    }

    #[test]
    fn column_of_us_dates_is_month_first() {
        let ColumnValues::Date(values) = typed(&["4/22/2016 19:57:50", "5/7/2016 12:46:30"]) else {
            panic!("dates expected")
        };
        assert_eq!(
            values[1],
            NaiveDate::from_ymd_opt(2016, 5, 7)
                .unwrap()
                .and_hms_opt(12, 46, 30)
        );
    }

    #[test]
    fn mixed_date_orders_are_read_per_value() {
        let ColumnValues::Date(values) =
            typed(&["31/05/2022", "1/14/2022", "02/03/2022", "28/02/2022"])
        else {
            panic!("dates expected")
        };
        assert_eq!(
            values[1],
            NaiveDate::from_ymd_opt(2022, 1, 14).map(|d| d.and_time(NaiveTime::MIN))
        );
        // Ambiguous: the majority (day-first) order.
        assert_eq!(
            values[2],
            NaiveDate::from_ymd_opt(2022, 3, 2).map(|d| d.and_time(NaiveTime::MIN))
        );
    }

    #[test]
    fn mixed_columns_stay_text() {
        assert!(matches!(typed(&["12", "twelve"]), ColumnValues::Text(_)));
        assert!(matches!(typed(&["007", "008"]), ColumnValues::Text(_)));
        assert!(matches!(typed(&["31/02/2024"]), ColumnValues::Text(_)));
        assert!(matches!(typed(&["1", "2", "n/a"]), ColumnValues::Number(_)));
    }

    #[test]
    fn cleaning_is_needed_exactly_when_the_slow_path_changes_something() {
        // The byte test must agree with the definition it replaced: CR, NUL, `_`, or a control
        // character other than tab and newline, C1 controls included.
        for text in [
            "plain answer",
            "line\nbreak\tand tab",
            "caf\u{e9} \u{1F44D} \u{2019}quote\u{2019}",
            "\u{a0}no-break and \u{85}next line",
            "carriage\rreturn",
            "nul\0byte",
            "snake_case",
            "bell\u{7}",
            "delete\u{7f}",
            "\u{9c}string terminator",
            "\u{100}\u{180}\u{2080}",
        ] {
            let old = text.contains(['\r', '\0', '_'])
                || text
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t');
            assert_eq!(needs_cleaning(text), old, "{text:?}");
        }
    }

    #[test]
    fn a_column_is_text_once_one_answer_is_text() {
        // Regression guard for stopping the classification at the first text answer: numbers
        // and dates after it stay text, written as the cells show them.
        let ColumnValues::Text(values) = typed(&["12", "twelve", "14/03/2024", "", "7"]) else {
            panic!("text expected")
        };
        assert_eq!(
            values,
            [
                Some("12"),
                Some("twelve"),
                Some("14/03/2024"),
                None,
                Some("7")
            ]
            .map(|value| value.map(str::to_string))
        );
    }

    #[test]
    fn clean_text_drops_controls_and_excel_escapes() {
        assert_eq!(
            clean_text("  line one_x000D_\r\nline two\0 "),
            "line one\nline two"
        );
    }
}
