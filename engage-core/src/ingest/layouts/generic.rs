//! Hand-made sheets and exports of tools without a layout of their own: one to three header
//! rows found by shape, `Question [Item]`, `Item:Question` and `code. Question` headers grouped.

use super::{Layout, Plan, Probe};
use crate::ingest::header::{self, ColumnHeader};

pub(crate) fn plan(probe: &Probe<'_>) -> Plan {
    let rows = header::count_generic_header_rows(probe.grid)(probe.start);
    let mut plan = if rows > 1 {
        let texts: Vec<Vec<String>> = (0..rows).map(|offset| probe.row(offset).to_vec()).collect();
        let mut plan = Plan::new(
            Layout::Generic,
            probe.start,
            rows,
            header::combine_rows(&texts),
        );
        plan.decisions.push(format!("{rows} header rows: question text above, option or row labels below (blank group cells filled from the left)"));
        plan
    } else if is_question_text_row(probe) {
        let mut plan = Plan::new(
            Layout::Generic,
            probe.start,
            2,
            labels_over_questions(probe.header(), probe.row(1)),
        );
        plan.decisions
            .push("2 header rows: labels or codes above, question text below".to_string());
        plan
    } else {
        let mut columns = header::single_row(probe.header());
        split_codes(&mut columns);
        Plan::new(Layout::Generic, probe.start, 1, columns)
    };
    if probe.start > 0 {
        plan.decisions.push(format!(
            "{} row(s) above the header skipped (title or blank)",
            probe.start
        ));
    }
    if probe.has("Time Started") && probe.has("Date Submitted") {
        plan.decisions.push("headers follow SurveyGizmo/Alchemer conventions (Item:Question columns, Other - Write In)".to_string());
        for column in &mut plan.columns {
            if column
                .item
                .as_deref()
                .is_some_and(|item| item.starts_with("Other - Write In"))
            {
                column.other_text = true;
            }
        }
    }
    plan
}

/// True when the row below a one-row header is a second header of question wording (a
/// consultation's "Ident 1, Ident 2..." over "What is your name?, What is your email
/// address?..."), not a respondent: it fills nearly every header column, most of its cells (and
/// at least two) are worded as questions, ending in `?` or `:`, nearly all are longer than the
/// header's, and none of them comes back as an answer in the rows below.
fn is_question_text_row(probe: &Probe<'_>) -> bool {
    let header = probe.header();
    let below = probe.row(1);
    let columns: Vec<usize> = (0..header.len())
        .filter(|&column| !header[column].is_empty())
        .collect();
    if columns.len() < 2 {
        return false;
    }
    let filled: Vec<usize> = columns
        .iter()
        .copied()
        .filter(|&column| below.get(column).is_some_and(|text| !text.is_empty()))
        .collect();
    let worded = |text: &str| {
        let text = text.trim();
        text.ends_with('?') || text.ends_with(':')
    };
    let questions = filled
        .iter()
        .filter(|&&column| worded(&below[column]))
        .count();
    let longer = filled
        .iter()
        .filter(|&&column| below[column].chars().count() > header[column].chars().count())
        .count();
    if filled.len() * 10 < columns.len() * 9
        || questions < 2
        || questions * 5 < filled.len() * 3
        || longer * 5 < filled.len() * 4
    {
        return false;
    }
    // A header's wording is not an answer: no cell of the row comes back in its column below.
    let grid = probe.grid;
    let first_data = probe.start + 2;
    let last = grid.height().min(first_data + 500);
    !filled.iter().any(|&column| {
        (first_data..last)
            .any(|row| header::clean_header(&grid.cell(row, column).display()) == below[column])
    })
}

/// Columns from a row of labels or codes over a row of question wording: the wording is the
/// question, a label without spaces its code (`Q1`, `socio1`).
fn labels_over_questions(labels: &[String], questions: &[String]) -> Vec<ColumnHeader> {
    let mut columns: Vec<ColumnHeader> = (0..labels.len().max(questions.len()))
        .map(|index| {
            let label = labels.get(index).cloned().unwrap_or_default();
            let question = questions.get(index).cloned().unwrap_or_default();
            let code = (!label.is_empty() && !label.contains(' ')).then(|| label.clone());
            ColumnHeader {
                index,
                stem: if question.is_empty() { label } else { question },
                code,
                ..ColumnHeader::default()
            }
        })
        .collect();
    header::group_by_pattern(&mut columns);
    header::fill_names(&mut columns);
    columns
}

/// Headers of the form `code. Question text` (`socio1. In which country...`,
/// `likertagree2[affSat1]. Please rate... [I find...]`): the code becomes the column's code and
/// bracketed sub-question codes group the columns.
pub(crate) fn split_codes(columns: &mut [ColumnHeader]) {
    let coded: Vec<Option<(String, String)>> = columns
        .iter()
        .map(|column| code_prefix(&column.name))
        .collect();
    if coded.iter().filter(|code| code.is_some()).count() * 2 < columns.len() {
        return;
    }
    // How many columns share each question code's base (`rse3` of `rse3[SQ001]`).
    let mut sharing: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (code, _) in coded.iter().flatten() {
        if let Some((base, _)) = code.split_once('[') {
            *sharing.entry(base.to_string()).or_default() += 1;
        }
    }
    for (column, code) in columns.iter_mut().zip(coded) {
        let Some((code, text)) = code else { continue };
        if let Some((base, sub)) = code.split_once('[') {
            // An empty `[]` after the text carries no sub-question label. Alone under its
            // code, the column is a question of its own (`rse3[SQ001]. Who uses the code that
            // you write? []`) and the sub-question code stays out of its wording; beside
            // others, the code is the only label that tells them apart.
            let unlabelled = text.ends_with("[]");
            let text = text.trim_end_matches("[]").trim().to_string();
            if unlabelled && sharing.get(base).copied().unwrap_or(0) < 2 {
                column.stem = text;
                column.item = None;
                column.group = None;
            } else {
                let sub = sub.trim_end_matches(']').to_string();
                let (stem, item) = header::split_item(&text).unwrap_or((text.clone(), sub));
                column.group = Some(format!("code:{base}"));
                column.stem = stem;
                column.item = Some(item);
            }
        } else {
            column.stem.clone_from(&text);
            column.item = None;
            column.group = None;
        }
        column.code = Some(code);
    }
    header::fill_names(columns);
}

fn code_prefix(header: &str) -> Option<(String, String)> {
    let (code, text) = header.split_once(". ")?;
    let code = code.trim();
    let valid = !code.is_empty()
        && code.len() <= 40
        && !code.contains(' ')
        && code.chars().next().is_some_and(char::is_alphabetic)
        && code.chars().any(|c| c.is_ascii_digit())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '[' | ']' | '#'));
    valid.then(|| (code.to_string(), text.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_prefixes_are_recognised() {
        assert_eq!(
            code_prefix("socio1. In which country do you work?"),
            Some(("socio1".into(), "In which country do you work?".into()))
        );
        assert_eq!(
            code_prefix("rse3[SQ001]. Who uses the code? []"),
            Some(("rse3[SQ001]".into(), "Who uses the code? []".into()))
        );
        // A numbered repeat of a question (SSI 2016's `skill2-1.`, `skill2-2.`).
        assert_eq!(
            code_prefix("skill2-1. What skills matter most?"),
            Some(("skill2-1".into(), "What skills matter most?".into()))
        );
        assert_eq!(code_prefix("Mr. Smith said"), None);
        assert_eq!(code_prefix("Follow-up. Any more?"), None);
        assert_eq!(code_prefix("3. Python."), None);
    }
}
