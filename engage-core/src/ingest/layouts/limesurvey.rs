//! `LimeSurvey`: `id, submitdate, lastpage, startlanguage` first (or the full-text headings `id,
//! Completed, Last page seen, Start language`), sub-questions as `Q2[SQ001]` or `Question
//! [Subquestion]`, `[other]` and `[comment]` columns, multi-select options as `Y`/blank.

use super::{Layout, Plan, Probe};
use crate::ingest::header::{self, ColumnHeader};
use crate::schema::Role;

pub(crate) fn detect(probe: &Probe<'_>) -> bool {
    let header = probe.header();
    let starts = |names: &[&str]| {
        header.len() >= names.len()
            && names
                .iter()
                .zip(header)
                .all(|(name, cell)| cell.eq_ignore_ascii_case(name))
    };
    starts(&["id", "submitdate", "lastpage", "startlanguage"])
        || starts(&["id", "Completed", "Last page seen", "Start language"])
        || starts(&[
            "Response ID",
            "Date submitted",
            "Last page",
            "Start language",
        ])
}

pub(crate) fn plan(probe: &Probe<'_>) -> Plan {
    let codes = probe
        .header()
        .iter()
        .filter(|cell| cell.contains('[') && cell.ends_with(']') && !cell.contains(' '))
        .count()
        > 0;
    let mut columns: Vec<ColumnHeader> = Vec::new();
    for (index, text) in probe.header().iter().enumerate() {
        let mut column = ColumnHeader {
            index,
            stem: text.clone(),
            ..ColumnHeader::default()
        };
        column.role = role(text);
        if column.role.is_none() {
            if let Some((stem, item)) = header::split_item(text).filter(|_| text.ends_with(']')) {
                let item_lower = item.to_ascii_lowercase();
                column.code = codes.then(|| text.clone());
                column.group = Some(format!("ls:{stem}"));
                column.other_text = item_lower == "other" || item_lower == "othercomment";
                column.open_text = item_lower.ends_with("comment");
                column.stem = stem;
                column.item = Some(item);
            } else if let Some(stem) = text
                .strip_suffix(" - comment")
                .or_else(|| text.strip_suffix(" - Comment"))
            {
                column.stem = stem.to_string();
                column.open_text = true;
            } else if codes {
                column.code = Some(text.clone());
            }
        }
        columns.push(column);
    }
    header::fill_names(&mut columns);
    let mut plan = Plan::new(Layout::LimeSurvey, probe.start, 1, columns);
    plan.decisions.push(format!(
        "LimeSurvey: one header row of {}; sub-questions grouped by their question",
        if codes {
            "question codes"
        } else {
            "question text"
        }
    ));
    plan
}

fn role(header: &str) -> Option<Role> {
    let lower = header.to_ascii_lowercase();
    Some(match lower.as_str() {
        "id" | "response id" => Role::RespondentId,
        "submitdate" | "completed" | "date submitted" => Role::Submitted,
        "startdate" | "date started" => Role::Started,
        "datestamp" | "date last action" | "seed" | "token" => Role::Other,
        "lastpage" | "last page seen" | "last page" => Role::LastPage,
        "startlanguage" | "start language" => Role::Language,
        "ipaddr" | "ip address" => Role::IpAddress,
        "refurl" | "referrer url" => Role::Collector,
        "interviewtime" | "total time" => Role::Duration,
        _ if lower.starts_with("grouptime")
            || (lower.ends_with("time")
                && !lower.contains(' ')
                && lower.len() > 4
                && header.chars().next().is_some_and(char::is_uppercase)) =>
        {
            Role::Other
        }
        _ => return None,
    })
}
