//! Microsoft Forms: `ID, Start time, Completion time, Email, Name` (and newer `Last modified
//! time`), one header row of question text, multi-select answers joined with `;` and a trailing
//! `;`, Likert rows as one column per statement.

use super::{Layout, Plan, Probe, Separator};
use crate::ingest::header;
use crate::schema::Role;

pub(crate) fn detect(probe: &Probe<'_>) -> bool {
    let header = probe.header();
    header.len() >= 3
        && header[0].eq_ignore_ascii_case("id")
        && header[1].eq_ignore_ascii_case("start time")
        && header[2].eq_ignore_ascii_case("completion time")
}

pub(crate) fn plan(probe: &Probe<'_>) -> Plan {
    let mut columns = header::single_row(probe.header());
    for column in &mut columns {
        let lower = column.stem.to_ascii_lowercase();
        column.role = match lower.as_str() {
            "id" => Some(Role::RespondentId),
            "start time" => Some(Role::Started),
            "completion time" => Some(Role::Submitted),
            "email" => Some(Role::Email),
            "name" => Some(Role::Name),
            "last modified time" | "total points" | "quiz feedback" => Some(Role::Other),
            _ if lower.starts_with("points - ") || lower.starts_with("feedback - ") => {
                Some(Role::Other)
            }
            _ => None,
        };
    }
    let mut plan = Plan::new(Layout::MicrosoftForms, probe.start, 1, columns);
    plan.separator = Some(Separator::Semicolon);
    plan.decisions
        .push("Microsoft Forms: one header row; multi-select answers split on \";\"".to_string());
    plan
}
