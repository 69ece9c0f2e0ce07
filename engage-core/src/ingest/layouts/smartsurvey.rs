//! `SmartSurvey`: `UserID`/`UserNo`, `Name`, `Email`, `IP Address`, `Unique ID`, `Started`,
//! `Ended` first; questions headed `Q1. ...`; two or three header rows with option or
//! sub-field labels below (blank over single-column questions); UK dates; the API's CSV writes
//! apostrophes as `@SQ@`. Best effort from published layouts (no vendor sample was available).

use super::{Layout, Plan, Probe};
use crate::ingest::header;
use crate::schema::Role;

pub(crate) fn detect(probe: &Probe<'_>) -> bool {
    let header = probe.header();
    let user = probe.has("UserID") || probe.has("UserNo") || probe.has("User ID");
    let numbered = header.iter().filter(|cell| is_numbered(cell)).count();
    user && (probe.has("Ended") || probe.has("Started") || numbered >= 2)
}

fn is_numbered(cell: &str) -> bool {
    cell.strip_prefix('Q')
        .and_then(|rest| rest.split_once(". "))
        .is_some_and(|(number, _)| {
            !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
}

pub(crate) fn plan(probe: &Probe<'_>) -> Plan {
    let rows = header::count_generic_header_rows(probe.grid)(probe.start)
        .max(if sub_label_row(probe) { 2 } else { 1 });
    let texts: Vec<Vec<String>> = (0..rows).map(|offset| probe.row(offset).to_vec()).collect();
    let mut columns = if rows > 1 {
        header::combine_rows(&texts)
    } else {
        header::single_row(probe.header())
    };
    for column in &mut columns {
        if column.item.is_none() {
            column.role = match column.stem.to_ascii_lowercase().as_str() {
                "userid" | "user id" => Some(Role::RespondentId),
                "userno" | "unique id" | "custom variables" | "custom variable 1" => {
                    Some(Role::Other)
                }
                "name" => Some(Role::Name),
                "email" => Some(Role::Email),
                "ip address" => Some(Role::IpAddress),
                "started" => Some(Role::Started),
                "ended" => Some(Role::Submitted),
                "tracking link" => Some(Role::Collector),
                _ => None,
            };
        }
        if column.item.as_deref().is_some_and(|item| {
            item.eq_ignore_ascii_case("comments:") || item.eq_ignore_ascii_case("comments")
        }) {
            column.open_text = true;
        }
        if column
            .item
            .as_deref()
            .is_some_and(|item| item.to_ascii_lowercase().starts_with("other"))
            && column.item.as_deref() != Some("Other")
        {
            column.other_text = true;
        }
    }
    let mut plan = Plan::new(Layout::SmartSurvey, probe.start, rows, columns);
    plan.unescape.push(("@SQ@", "'"));
    plan.decisions.push(format!("SmartSurvey: {rows} header row(s); option and sub-field labels read from the rows below the questions"));
    plan
}

/// A second row with labels under question groups and blanks under the metadata.
fn sub_label_row(probe: &Probe<'_>) -> bool {
    let second = probe.row(1);
    let header = probe.header();
    let metadata_blank = header
        .iter()
        .zip(second)
        .take(3)
        .all(|(_, below)| below.is_empty());
    metadata_blank && second.iter().filter(|cell| !cell.is_empty()).count() >= 2
}
