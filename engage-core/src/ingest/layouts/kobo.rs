//! `KoboToolbox` (and the KoBoCAT/Ona exporter): `XForm` paths `group/question` as headers (or
//! labels), `;`-separated CSV, `select_multiple` as a space-separated cell plus one `question/option`
//! column per option (`1`/`0` or `True`/`False`), `n/a` for skipped questions, an optional row of
//! HXL `#hashtags`, and `_uuid`, `_submission_time`... at the end.

use super::{Layout, Plan, Probe, Separator};
use crate::ingest::header::{self, ColumnHeader};
use crate::schema::Role;

pub(crate) fn detect(probe: &Probe<'_>) -> bool {
    let markers = [
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_submitted_by",
        "meta/instanceID",
        "formhub/uuid",
        "_index",
    ];
    markers.iter().filter(|name| probe.has(name)).count() >= 2 || odk_paths(probe)
}

/// An ODK-style export that kept only `meta/instanceID` of the platform's columns: its other
/// headers are form field names and paths too (no spaces), as `name`, `children/childs_age`,
/// `_gps_latitude`.
fn odk_paths(probe: &Probe<'_>) -> bool {
    let headers: Vec<&String> = probe
        .header()
        .iter()
        .filter(|cell| !cell.is_empty())
        .collect();
    let paths = headers
        .iter()
        .filter(|cell| !cell.contains(char::is_whitespace))
        .count();
    probe.has("meta/instanceID") && headers.len() >= 3 && paths * 10 >= headers.len() * 9
}

pub(crate) fn plan(probe: &Probe<'_>) -> Plan {
    let header = probe.header();
    let hashtag_row = probe.row(1).iter().any(|cell| cell.starts_with('#'))
        && probe
            .row(1)
            .iter()
            .all(|cell| cell.is_empty() || cell.starts_with('#'));
    let paths: std::collections::HashSet<&str> = header.iter().map(String::as_str).collect();
    let mut columns: Vec<ColumnHeader> = Vec::with_capacity(header.len());
    let mut skip_columns = Vec::new();
    for (index, path) in header.iter().enumerate() {
        let mut column = ColumnHeader {
            index,
            stem: path.clone(),
            ..ColumnHeader::default()
        };
        column.role = role(path);
        if column.role.is_none() {
            let last = path.rsplit('/').next().unwrap_or(path);
            // XForm names make good ids; labels (with spaces) are slugged like any header.
            column.code = (!last.contains(' ')).then(|| last.to_string());
            // A column that is itself the parent of option columns is the joined select_multiple;
            // `..._other` is a write-in. Neither is an option.
            let is_parent = header.iter().any(|other| {
                other.len() > path.len()
                    && other.starts_with(path.as_str())
                    && other.as_bytes()[path.len()] == b'/'
            });
            let write_in = path.ends_with("_other");
            if let Some((parent, option)) =
                path.rsplit_once('/').filter(|_| !is_parent && !write_in)
            {
                // `question/option` under a question that has its own (joined) column, or a run
                // of siblings: candidate option columns of one select_multiple.
                let siblings = header
                    .iter()
                    .filter(|other| {
                        other.rsplit_once('/').is_some_and(|(p, _)| p == parent)
                            && !other.ends_with("_other")
                    })
                    .count();
                if paths.contains(parent) || siblings >= 2 {
                    column.group = Some(format!("kobo:{parent}"));
                    column.stem = parent.to_string();
                    column.item = Some(option.to_string());
                    let name = parent.rsplit('/').next().unwrap_or(parent);
                    column.code = (!name.contains(' ')).then(|| name.to_string());
                }
            }
            if write_in {
                column.other_text = true;
            }
            // A geopoint's own column ("lat lon alt precision") is a location: personal data.
            if header
                .iter()
                .any(|other| other == &format!("_{last}_latitude"))
            {
                column.role = Some(Role::Location);
            }
        }
        columns.push(column);
    }
    // A select_multiple's joined column is replaced by its option columns when both are present.
    for column in &columns {
        let has_options = columns.iter().any(|other| {
            other.group.as_deref() == Some(&format!("kobo:{}", column.stem))
                && other.index != column.index
        });
        if column.item.is_none() && has_options {
            skip_columns.push(column.index);
        }
    }
    header::fill_names(&mut columns);
    let mut plan = Plan::new(Layout::Kobo, probe.start, 1, columns);
    plan.skip_rows = usize::from(hashtag_row);
    plan.separator = Some(Separator::Space);
    plan.missing_markers = true;
    plan.skip_columns = skip_columns;
    plan.decisions.push("KoboToolbox: one header row of form paths; \"n/a\" read as skipped; select_multiple read from its option columns where present".to_string());
    if hashtag_row {
        plan.decisions
            .push("row of HXL #hashtags below the header skipped".to_string());
    }
    plan
}

fn role(path: &str) -> Option<Role> {
    let last = path.rsplit('/').next().unwrap_or(path);
    Some(match last {
        "_uuid" => Role::RespondentId,
        "_submission_time" => Role::Submitted,
        "start" | "start_time" | "starttime" => Role::Started,
        "phonenumber" => Role::Phone,
        "_geolocation" => Role::Location,
        "_submitted_by" | "_id" | "_index" | "_parent_index" | "_parent_table_name" | "_tags"
        | "_notes" | "_status" | "_validation_status" | "__version__" | "_version"
        | "_duration" | "end" | "end_time" | "endtime" | "today" | "deviceid" | "imei"
        | "subscriberid" | "simserial" | "username" | "instanceID" | "uuid" | "audit"
        | "_attachments" | "_xform_id_string" | "_bamboo_dataset_id" | "_media_count"
        | "_total_media" | "_submissions_count" => Role::Other,
        _ if last.starts_with('_')
            && (last.ends_with("_latitude")
                || last.ends_with("_longitude")
                || last.ends_with("_altitude")
                || last.ends_with("_precision")) =>
        {
            Role::Location
        }
        _ => return None,
    })
}
