//! Pol.is open-data exports: `participants-votes.csv` (one row per participant, one column per
//! comment id, cells 1 agree / -1 disagree / 0 pass) read as a survey whose statements are
//! questions; the folder's `comments.csv` supplies the statements' text (see `ingest::read_polis`).

use super::{Layout, Plan, Probe};
use crate::ingest::header::ColumnHeader;
use crate::schema::Role;

pub(crate) fn detect(probe: &Probe<'_>) -> bool {
    probe.has("participant") && probe.has("group-id") && probe.has("n-votes")
}

pub(crate) fn plan(probe: &Probe<'_>) -> Plan {
    let columns = probe
        .header()
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let role = match name.as_str() {
                "participant" => Some(Role::RespondentId),
                "xid" => Some(Role::Other),
                "group-id" | "n-comments" | "n-votes" | "n-agree" | "n-disagree" => {
                    Some(Role::Other)
                }
                _ => None,
            };
            ColumnHeader {
                index,
                name: if role.is_none() {
                    format!("Statement {name}")
                } else {
                    name.clone()
                },
                code: Some(if role.is_none() {
                    format!("s{name}")
                } else {
                    name.replace('-', "_")
                }),
                stem: if role.is_none() {
                    format!("Statement {name}")
                } else {
                    name.clone()
                },
                role,
                ..ColumnHeader::default()
            }
        })
        .collect();
    let mut plan = Plan::new(Layout::Polis, probe.start, 1, columns);
    plan.decisions.push("Pol.is participants-votes: one row per participant, one column per statement (1 agree, -1 disagree, 0 pass)".to_string());
    plan
}
