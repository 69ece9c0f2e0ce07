//! Google Forms: `Timestamp` first (optionally `Email address` and a quiz `Score`), one header
//! row of question text, checkbox answers joined with `, `, grid rows as `Question [Row]`.

use super::{Layout, Plan, Probe, Separator};
use crate::ingest::header;
use crate::schema::Role;

pub(crate) fn detect(probe: &Probe<'_>) -> bool {
    probe
        .header()
        .first()
        .is_some_and(|first| first.eq_ignore_ascii_case("timestamp"))
}

pub(crate) fn plan(probe: &Probe<'_>) -> Plan {
    let mut columns = header::single_row(probe.header());
    for column in &mut columns {
        let lower = column.stem.to_ascii_lowercase();
        column.role = match lower.as_str() {
            "timestamp" => Some(Role::Submitted),
            "email address" | "username" => Some(Role::Email),
            "score" => Some(Role::Other),
            _ => None,
        };
        // Quiz exports add `Question [Score]` and `Question [Feedback]` columns.
        if matches!(column.item.as_deref(), Some("Score" | "Feedback")) {
            column.role = Some(Role::Other);
        }
    }
    let mut plan = Plan::new(Layout::GoogleForms, probe.start, 1, columns);
    plan.separator = Some(Separator::CommaSpace);
    plan.decisions.push("Google Forms: one header row; checkbox answers split on \", \"; grid rows read as \"Question [Row]\"".to_string());
    plan
}
