//! Qualtrics: three header rows (export ids such as `Q3_1`, question text `Question - Item`,
//! `{"ImportId":...}`), or the legacy two (`V1..V10` then names). Metadata `StartDate`,
//! `ResponseId`, `Finished`, `Progress`...; split multi-selects as `Q3_1`, `Q3_2`; write-ins as
//! `Q3_4_TEXT`; joined multi-selects as `a,b` in one cell.

use super::{Layout, Plan, Probe, Separator};
use crate::ingest::header::{self, ColumnHeader};
use crate::schema::Role;

const METADATA: &[&str] = &[
    "StartDate",
    "EndDate",
    "Status",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "RecordedDate",
    "ResponseId",
    "ResponseID",
];

pub(crate) fn detect(probe: &Probe<'_>) -> bool {
    let import_ids = probe
        .row(2)
        .iter()
        .chain(probe.row(1))
        .any(|cell| cell.starts_with("{\"ImportId\""));
    let metadata = METADATA.iter().filter(|name| probe.has(name)).count();
    let legacy = probe.header().first().is_some_and(|cell| cell == "V1")
        && probe
            .row(1)
            .first()
            .is_some_and(|cell| cell.eq_ignore_ascii_case("ResponseID"));
    import_ids || (metadata >= 3 && (probe.has("ResponseId") || probe.has("ResponseID"))) || legacy
}

pub(crate) fn plan(probe: &Probe<'_>) -> Plan {
    let legacy = probe.header().first().is_some_and(|cell| cell == "V1");
    let has_import_row = probe
        .row(2)
        .iter()
        .any(|cell| cell.starts_with("{\"ImportId\""));
    let text_row_present = legacy
        || has_import_row
        || probe.row(1).iter().any(|cell| cell.contains(' ')) && looks_like_text_row(probe);
    let (codes, texts) = if legacy {
        (probe.row(1).to_vec(), probe.row(1).to_vec())
    } else {
        (probe.header().to_vec(), probe.row(1).to_vec())
    };
    let header_rows = if legacy {
        2
    } else if has_import_row {
        3
    } else if text_row_present {
        2
    } else {
        1
    };
    let mut columns: Vec<ColumnHeader> = Vec::with_capacity(codes.len());
    let import_ids: Vec<String> = if has_import_row {
        probe.row(2).to_vec()
    } else {
        Vec::new()
    };
    for (index, code) in codes.iter().enumerate() {
        // `{"ImportId":"QID2_TEXT"}` marks a text-entry question.
        let text_entry = import_ids.get(index).is_some_and(|id| {
            id.contains("_TEXT\"") && !code.to_ascii_uppercase().ends_with("_TEXT")
        });
        let text = if header_rows >= 2 {
            texts.get(index).cloned().unwrap_or_default()
        } else {
            code.clone()
        };
        let text = if text.is_empty() { code.clone() } else { text };
        let mut column = ColumnHeader {
            index,
            code: Some(code.clone()),
            stem: text.clone(),
            ..ColumnHeader::default()
        };
        column.role = role(code);
        if column.role.is_none() {
            let upper = code.to_ascii_uppercase();
            if upper.ends_with("_TEXT") {
                column.other_text = true;
                column.group = Some(format!(
                    "q:{}",
                    base_code(code.trim_end_matches("_TEXT").trim_end_matches("_text"))
                ));
                // `Question - Other - Text`: the typed text of the choice `Other`, an item of
                // the question.
                let choice = text.replace(" - Selected Choice", "");
                let (stem, item) = split_text(choice.trim_end_matches(" - Text"));
                column.stem = stem;
                column.item = item;
            } else if code.contains(" - ")
                || upper.ends_with("_NPS_GROUP")
                || upper.contains("_DO_")
            {
                // Text iQ topics and sentiment, NPS groups and display orders are derived data.
                column.role = Some(Role::Other);
            } else if let Some((base, _)) = split_code(code) {
                let (stem, item) = split_text(&text);
                column.stem = stem;
                column.item = Some(item.unwrap_or_else(|| code.clone()));
                column.group = Some(format!("q:{base}"));
            } else {
                column.stem = strip_choice(&text);
                column.open_text = text_entry;
            }
        }
        columns.push(column);
    }
    header::fill_names(&mut columns);
    let mut plan = Plan::new(Layout::Qualtrics, probe.start, header_rows, columns);
    plan.separator = Some(Separator::Comma);
    plan.decisions.push(match (legacy, header_rows) {
        (true, _) => "Qualtrics legacy export: two header rows (V1..V10, then names)".to_string(),
        (false, 3) => {
            "Qualtrics: three header rows (export ids, question text, ImportId)".to_string()
        }
        (false, 2) => "Qualtrics: two header rows (export ids, question text)".to_string(),
        _ => "Qualtrics: one header row of export ids".to_string(),
    });
    plan
}

fn looks_like_text_row(probe: &Probe<'_>) -> bool {
    // Row 2 of a Qualtrics export repeats metadata captions (`Start Date`, `Anfangsdatum`) where
    // row 1 has `StartDate`: a data row would have a date there.
    let Some(position) = probe.position("StartDate") else {
        return false;
    };
    probe
        .row(1)
        .get(position)
        .is_some_and(|cell| crate::ingest::values::parse_iso(cell).is_none() && !cell.is_empty())
}

fn role(code: &str) -> Option<Role> {
    Some(match code {
        "StartDate" | "V8" => Role::Started,
        "EndDate" | "RecordedDate" | "V9" => Role::Submitted,
        "ResponseId" | "ResponseID" | "_recordId" => Role::RespondentId,
        "Finished" => Role::Finished,
        "Progress" => Role::Progress,
        "Duration (in seconds)" => Role::Duration,
        "IPAddress" => Role::IpAddress,
        "DistributionChannel" => Role::Collector,
        "UserLanguage" => Role::Language,
        "RecipientLastName" | "RecipientFirstName" | "Name" => Role::Name,
        "RecipientEmail" | "EmailAddress" => Role::Email,
        "LocationLatitude" | "LocationLongitude" | "LocationAccuracy" => Role::Location,
        "Status"
        | "ExternalReference"
        | "ExternalDataReference"
        | "ResponseSet"
        | "Q_RecaptchaScore"
        | "Q_RelevantIDDuplicate"
        | "Q_RelevantIDDuplicateScore"
        | "Q_RelevantIDFraudScore"
        | "Q_RelevantIDLastStartDate" => Role::Other,
        _ => return None,
    })
}

/// `Q3_1` -> (`Q3`, `1`); `QID5_2` -> (`QID5`, `2`); `Q1.2` is not split.
fn split_code(code: &str) -> Option<(String, String)> {
    let (base, suffix) = code.rsplit_once('_')?;
    (!base.is_empty()
        && !suffix.is_empty()
        && suffix.chars().all(|c| c.is_ascii_digit())
        && base.chars().any(|c| c.is_ascii_digit()))
    .then(|| (base.to_string(), suffix.to_string()))
}

fn base_code(code: &str) -> String {
    let mut code = code.to_string();
    while let Some((base, _)) = split_code(&code) {
        code = base;
    }
    code
}

/// `Question - Selected Choice - Bus` -> (`Question`, `Bus`); `Question - Parking` -> item.
fn split_text(text: &str) -> (String, Option<String>) {
    let text = text.replace(" - Selected Choice", "");
    match text.rsplit_once(" - ") {
        Some((stem, item)) if !stem.trim().is_empty() => {
            (stem.trim().to_string(), Some(item.trim().to_string()))
        }
        _ => (text, None),
    }
}

fn strip_choice(text: &str) -> String {
    text.replace(" - Selected Choice", "")
        .trim_end_matches(" - Text")
        .trim_end_matches(" - Other")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_texts_split() {
        assert_eq!(split_code("Q3_1"), Some(("Q3".into(), "1".into())));
        assert_eq!(split_code("Q1.2"), None);
        assert_eq!(split_code("Duration_x"), None);
        assert_eq!(base_code("Q1_10"), "Q1");
        assert_eq!(
            split_text("How satisfied? - Parking"),
            ("How satisfied?".into(), Some("Parking".into()))
        );
        assert_eq!(
            split_text("Which? - Selected Choice - Bus"),
            ("Which?".into(), Some("Bus".into()))
        );
    }
}
