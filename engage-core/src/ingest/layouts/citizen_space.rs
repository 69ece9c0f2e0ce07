//! Citizen Space (Delib) "Download all responses": one header row of question text with
//! `Response ID`, `Submitted on` (or `Response submitted`), `Respondent ID` and the
//! respondent's details first; multi-select answers joined with `; `. Best effort: no public
//! sample of this export was available, so detection asks for the metadata columns together.

use super::{Layout, Plan, Probe, Separator};
use crate::ingest::header;
use crate::schema::Role;

pub(crate) fn detect(probe: &Probe<'_>) -> bool {
    let response_id = probe.has("Response ID") || probe.has("Response Id");
    let submitted =
        probe.has("Submitted on") || probe.has("Response submitted") || probe.has("Response date");
    let delib = probe.has("Respondent ID")
        || probe.has("Response publishing")
        || probe.has("Analyst notes")
        || probe.has("Response status");
    response_id && submitted && delib && !probe.has("Time Started")
}

pub(crate) fn plan(probe: &Probe<'_>) -> Plan {
    let mut columns = header::single_row(probe.header());
    for column in &mut columns {
        let lower = column.stem.to_ascii_lowercase();
        column.role = match lower.as_str() {
            "response id" => Some(Role::RespondentId),
            "respondent id"
            | "response publishing"
            | "analyst notes"
            | "tags"
            | "response status"
            | "publish response"
            | "consent" => Some(Role::Other),
            "submitted on" | "response submitted" | "response date" => Some(Role::Submitted),
            "started on" => Some(Role::Started),
            "channel" | "response channel" => Some(Role::Collector),
            _ => None,
        };
    }
    let mut plan = Plan::new(Layout::CitizenSpace, probe.start, 1, columns);
    plan.separator = Some(Separator::Semicolon);
    plan.decisions.push(
        "Citizen Space (best effort): one header row; multi-select answers split on \";\""
            .to_string(),
    );
    plan
}
