//! `SurveyMonkey` "all individual responses" (expanded columns): two header rows, the question
//! over the first column of each group and blank (merged) over the rest, then `Response`,
//! `Open-Ended Response` or the option, matrix row or ranking item in row 2.

use super::{Layout, Plan, Probe};
use crate::ingest::header;
use crate::schema::Role;

pub(crate) fn detect(probe: &Probe<'_>) -> bool {
    let second = probe.row(1);
    let two_rows = probe.has("Respondent ID")
        && (probe.has("Collector ID") || probe.has("Start Date"))
        && second.iter().any(|cell| {
            cell.eq_ignore_ascii_case("response")
                || cell.eq_ignore_ascii_case("open-ended response")
        });
    two_rows || flattened(probe)
}

/// The two header rows flattened into one (`3. Python.`, `3. R.`), as analysts often re-save
/// `SurveyMonkey` exports: `Respondent ID` first and numbered question columns.
fn flattened(probe: &Probe<'_>) -> bool {
    let header = probe.header();
    let numbered = header
        .iter()
        .filter(|cell| question_number(cell).is_some())
        .count();
    header
        .first()
        .is_some_and(|first| first.eq_ignore_ascii_case("Respondent ID"))
        && numbered * 2 >= header.len().saturating_sub(1)
}

pub(crate) fn plan(probe: &Probe<'_>) -> Plan {
    if flattened(probe)
        && !probe
            .row(1)
            .iter()
            .any(|cell| cell.eq_ignore_ascii_case("response"))
    {
        let mut columns = header::single_row(probe.header());
        group_by_question_number(&mut columns, probe.header());
        let numbers: Vec<Option<&str>> = probe
            .header()
            .iter()
            .map(|cell| question_number(cell).map(|(number, _)| number))
            .collect();
        let mut untitled = Vec::new();
        for (column, number) in columns.iter_mut().zip(&numbers) {
            if column.item.is_some() && column.stem.chars().all(|c| c.is_ascii_digit()) {
                // The flattened header kept only the question's number: its wording is not in
                // the file.
                column.code = Some(format!("q{}", column.stem));
                if !untitled.contains(&column.stem) {
                    untitled.push(column.stem.clone());
                }
                column.stem = format!("Question {}", column.stem);
            } else if let (None, Some(number)) = (&column.item, number)
                && numbers
                    .iter()
                    .filter(|other| *other == &Some(*number))
                    .count()
                    == 1
                && let Some((_, wording)) = question_number(&column.stem)
            {
                // A question of one column: its number is its code, not part of its wording.
                column.code = Some(format!("q{number}"));
                column.stem = wording.to_string();
            }
            if column.stem.eq_ignore_ascii_case("respondent id") {
                column.role = Some(Role::RespondentId);
            }
        }
        header::fill_names(&mut columns);
        let mut plan = Plan::new(Layout::SurveyMonkey, probe.start, 1, columns);
        plan.decisions.push("SurveyMonkey export with its two header rows flattened into one (\"3. Option.\" columns grouped by question number)".to_string());
        if !untitled.is_empty() {
            let first = &untitled[0];
            plan.decisions.push(format!(
                "the flattened header keeps only the number of questions {}, not their wording: they are titled \"Question N\" (give the wording in survey.toml, as `text = \"...\"` under `[questions.q{first}]`)",
                untitled.join(", ")
            ));
        }
        return plan;
    }
    let mut columns = header::combine_rows(&[probe.header().to_vec(), probe.row(1).to_vec()]);
    for column in &mut columns {
        if column.item.is_none() {
            column.role = match column.stem.to_ascii_lowercase().as_str() {
                "respondent id" => Some(Role::RespondentId),
                "collector id" => Some(Role::Collector),
                "start date" => Some(Role::Started),
                "end date" => Some(Role::Submitted),
                "ip address" => Some(Role::IpAddress),
                "email address" => Some(Role::Email),
                "first name" | "last name" => Some(Role::Name),
                "custom data 1" | "custom data" => Some(Role::Other),
                _ => None,
            };
        }
        if column.item.as_deref().is_some_and(is_other_label) {
            column.other_text = true;
        }
    }
    let mut plan = Plan::new(Layout::SurveyMonkey, probe.start, 2, columns);
    plan.decisions.push("SurveyMonkey: two header rows; question text filled over its option columns; \"Open-Ended Response\" read as open text".to_string());
    plan
}

/// Groups the flattened header's option columns by their question's number: `12. Tableau.`,
/// `12. Grafana` (SurveyMonkey drops the closing period of some options) and `17. Peer
/// programming` are options of questions 12 and 17 as long as a neighbour has the same number.
/// Sub-questions (`18a. How long...`) keep their own columns.
fn group_by_question_number(columns: &mut [header::ColumnHeader], cells: &[String]) {
    let numbered: Vec<Option<(&str, &str)>> = cells
        .iter()
        .map(|cell| {
            cell.split_once(". ").filter(|(number, rest)| {
                !number.is_empty()
                    && number.len() <= 4
                    && number.chars().all(|c| c.is_ascii_digit())
                    && !rest.trim().is_empty()
            })
        })
        .collect();
    let mut start = 0;
    while start < numbered.len() {
        let Some((number, _)) = numbered[start] else {
            start += 1;
            continue;
        };
        let mut end = start + 1;
        while end < numbered.len() && numbered[end].is_some_and(|(other, _)| other == number) {
            end += 1;
        }
        if end - start >= 2 {
            for (position, cell) in numbered.iter().enumerate().take(end).skip(start) {
                let Some((_, option)) = cell else {
                    continue;
                };
                let Some(column) = columns.get_mut(position) else {
                    continue;
                };
                column.stem = number.to_string();
                column.item = Some(option.trim().trim_end_matches('.').trim_end().to_string());
                column.group = Some(format!("{start}:{number}"));
            }
        }
        start = end;
    }
}

/// The question number and the wording of a flattened heading: `7a1. Writing a package.` gives
/// `7a1` and `Writing a package.`.
fn question_number(heading: &str) -> Option<(&str, &str)> {
    let (number, wording) = heading.split_once(". ")?;
    (!number.is_empty()
        && number.len() <= 6
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number.chars().all(|c| c.is_ascii_alphanumeric())
        && !wording.trim().is_empty())
    .then(|| (number, wording.trim()))
}

/// `Other (please specify)` and its variants.
pub(crate) fn is_other_label(label: &str) -> bool {
    let lower = label.to_ascii_lowercase();
    lower.starts_with("other (please specify")
        || lower == "other (please specify)"
        || lower.starts_with("other - please specify")
        || lower == "please specify"
}
