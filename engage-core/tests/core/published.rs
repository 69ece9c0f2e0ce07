//! What the report publishes from real exports (`../shared/realdata/surveys`; skipped with a
//! message when absent): under the default scope and under `--suppress all`, every table of
//! the report, every chart's description and the JSON of the figures is scanned, and no count
//! from 1 to 4 may be shown, nor any withheld figure described.

use std::path::{Path, PathBuf};

use engage_core::privacy::disclosure::{DisclosurePolicy, Scope};
use engage_core::report::{Block, ReportInputs, ReportOptions};
use engage_core::table::{Cell, Table};
use engage_core::{IngestOptions, Silent, read_path};

fn surveys() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/realdata/surveys");
    if root.is_dir() {
        Some(root)
    } else {
        eprintln!("skipped: ../shared/realdata/surveys is absent");
        None
    }
}

/// The exports the disclosure issue was found on: SSI 2017 and 2016 (LimeSurvey and
/// cleaned extracts), Spack 2020-2025 (Google Forms), and KoboToolbox.
const EXPORTS: &[&str] = &[
    "ssi-rse/2017-uk/public_data.csv",
    "ssi-rse/2016-uk/public_data.csv",
    "spack/spack-user-survey-2020-responses.csv",
    "spack/spack-user-survey-2022-responses.csv",
    "spack/spack-user-survey-2025-responses.csv",
    "kobo/main/csv_export/tutorial_w_repeats_flattened.csv",
    "kobo/main/csv_export/export.csv",
];

/// Every cell that shows a count (or stands for one) shows 0 or at least the threshold.
fn no_small_count(file: &str, table: &Table) {
    for row in &table.rows {
        for cell in row.iter() {
            if let Some(count) = cell.respondents() {
                assert!(
                    count == 0 || count >= 5,
                    "{file}: \"{}\" shows a count of {count}:\n{}",
                    table.title,
                    table.to_text(120)
                );
            }
        }
    }
}

#[test]
fn no_small_count_reaches_a_published_report() {
    let Some(root) = surveys() else {
        return;
    };
    for export in EXPORTS {
        let path = root.join(export);
        if !path.is_file() {
            eprintln!("skipped: {export} is absent");
            continue;
        }
        let dataset = read_path(&path, &IngestOptions::default()).unwrap();
        for scope in [Scope::Profile, Scope::All] {
            let policy = DisclosurePolicy::default().with_scope(scope);
            let report = engage_core::report::build(
                &ReportInputs::new(&dataset),
                &ReportOptions::default().with_disclosure(policy.clone()),
                &Silent,
            )
            .unwrap();
            let mut covered = 0;
            for (_, figure) in report.document.tables() {
                if policy.applies_to(figure.table.kind) {
                    covered += 1;
                    no_small_count(export, &figure.table);
                }
            }
            assert!(
                covered > 0 || scope == Scope::Profile,
                "{export}: no table is covered under {scope:?}"
            );
            // A chart's description names no figure of a withheld row: every bar it names
            // with a value is a row its table shows.
            for section in &report.document.sections {
                for part in std::iter::once(section).chain(&section.subsections) {
                    let tables: Vec<&Table> = part
                        .blocks
                        .iter()
                        .filter_map(|block| match block {
                            Block::Table(table) => Some(&table.table),
                            _ => None,
                        })
                        .collect();
                    for block in &part.blocks {
                        let Block::Chart(figure) = block else {
                            continue;
                        };
                        let alt = figure.chart.alt_text();
                        for table in &tables {
                            for row in &table.rows {
                                let label = row.first().map(Cell::display).unwrap_or_default();
                                let Some(at) = alt.find(&format!("\"{label}\" at ")) else {
                                    continue;
                                };
                                // The figure the description gives ("24%", "62") must be one
                                // the row shows.
                                let rest = &alt[at + label.len() + 6..];
                                let digits: String = rest
                                    .chars()
                                    .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                                    .filter(|c| *c != ',')
                                    .collect();
                                let Ok(given) = digits.trim_end_matches('.').parse::<f64>() else {
                                    continue;
                                };
                                let shown = row.iter().any(|cell| {
                                    !matches!(cell, Cell::Suppressed(_))
                                        && cell
                                            .value()
                                            .is_some_and(|value| (value - given).abs() <= 0.5)
                                });
                                assert!(
                                    shown,
                                    "{export}: the description of \"{}\" gives {given} for \"{label}\", which its table does not show: {alt}\n{}",
                                    figure.chart.title(),
                                    table.to_text(120)
                                );
                            }
                        }
                    }
                }
            }
            // The JSON of the figures: no count of 1 to 4 under any key that holds one.
            let json = serde_json::to_value(&report.json).unwrap();
            let mut stack = vec![(String::new(), &json)];
            while let Some((path, value)) = stack.pop() {
                match value {
                    serde_json::Value::Object(map) => {
                        for (key, value) in map {
                            let counted = matches!(
                                key.as_str(),
                                "count"
                                    | "base"
                                    | "answered"
                                    | "scale_base"
                                    | "dont_know"
                                    | "mentions"
                                    | "respondents"
                                    | "uncoded"
                            );
                            if counted
                                && !path.contains("tables")
                                && let Some(count) = value.as_u64()
                            {
                                // A question or theme count is published only where its
                                // table is covered; the whole report's respondents too.
                                if scope == Scope::All {
                                    assert!(
                                        count == 0 || count >= 5,
                                        "{export}: {path}.{key} = {count} in report.json"
                                    );
                                }
                            }
                            stack.push((format!("{path}.{key}"), value));
                        }
                    }
                    serde_json::Value::Array(items) => {
                        stack.extend(items.iter().map(|item| (path.clone(), item)));
                    }
                    _ => {}
                }
            }
        }
    }
}
