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

/// Where a piece of personal data was found in what engage wrote: `None` when nowhere.
///
/// Text files are searched as they are, workbooks part by part; a chart's embedded font
/// (base64) is left out, and PNG images hold no text. A coordinate is found wherever its digits
/// stand alone (`36.79` in `mean 36.79`, not in `136.79`); a name only as a whole word.
fn find_personal(files: &[(String, Vec<u8>)], needles: &[&str]) -> Option<String> {
    let mut texts: Vec<(String, String)> = Vec::new();
    for (path, bytes) in files {
        let extension = std::path::Path::new(path)
            .extension()
            .and_then(|extension| extension.to_str())
            .map(str::to_ascii_lowercase);
        if extension.as_deref() == Some("xlsx") {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for index in 0..archive.len() {
                let mut part = archive.by_index(index).unwrap();
                let mut text = String::new();
                if std::io::Read::read_to_string(&mut part, &mut text).is_ok() {
                    texts.push((format!("{path}:{}", part.name().unwrap_or_default()), text));
                }
            }
        } else if extension.as_deref() != Some("png") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            texts.push((path.clone(), without_embedded_data(&text)));
        }
    }
    for (path, text) in &texts {
        for needle in needles {
            let numeric = needle.starts_with(|c: char| c == '-' || c.is_ascii_digit());
            let stands_alone = text.match_indices(needle).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + needle.len()..].chars().next();
                if numeric {
                    !before.is_some_and(|c| c.is_ascii_digit() || c == '.')
                } else {
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                }
            });
            if stands_alone {
                let at = text.find(needle).unwrap_or(0);
                let start = text.floor_char_boundary(at.saturating_sub(80));
                let end = text.ceil_char_boundary((at + needle.len() + 80).min(text.len()));
                return Some(format!("{needle:?} in {path}: …{}…", &text[start..end]));
            }
        }
    }
    None
}

/// Text without base64 data (a chart's embedded font), which can spell anything.
fn without_embedded_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("base64,") {
        out.push_str(&rest[..at]);
        rest = rest[at + 7..].trim_start_matches(|c: char| {
            c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '\n' | '\r')
        });
    }
    out.push_str(rest);
    out
}

/// Every file `engage report` writes for an export (with nothing withheld, so that only the
/// personal-data rule keeps data out), the JSON of `engage summary`, and the redacted export.
fn published_files(path: &Path) -> Vec<(String, Vec<u8>)> {
    use engage_core::export::{self, ExportFormat};
    use engage_core::privacy::redact::{RedactOptions, redact_dataset};
    use engage_core::report::BundleOptions;
    use engage_core::summary::{SummaryOptions, summarise};

    let dataset = read_path(path, &IngestOptions::default()).unwrap();
    let report = engage_core::report::build(
        &ReportInputs::new(&dataset),
        &ReportOptions::default()
            .with_disclosure(DisclosurePolicy::default().with_scope(Scope::None)),
        &Silent,
    )
    .unwrap();
    let mut files: Vec<(String, Vec<u8>)> = report
        .files(&BundleOptions::default())
        .unwrap()
        .into_iter()
        .map(|file| (file.path, file.bytes))
        .collect();
    let summary = summarise(&dataset, &SummaryOptions::default()).unwrap();
    files.push((
        "summary.json".to_string(),
        serde_json::to_vec(&summary).unwrap(),
    ));
    let (redacted, _) = redact_dataset(&dataset, &RedactOptions::default()).unwrap();
    for (name, format) in [
        ("redacted.csv", ExportFormat::Csv),
        ("redacted.xlsx", ExportFormat::Xlsx),
    ] {
        let mut bytes = Vec::new();
        export::write(&redacted, format, &mut bytes).unwrap();
        files.push((name.to_string(), bytes));
    }
    files
}

/// The coordinates (to two decimals, as a mean or a coarse point would show them) and the
/// names of people in household rosters and repeat groups in the KoboToolbox exports, with the
/// respondents' own names.
const KOBO_PERSONAL: &[(&str, &[&str])] = &[
    (
        "kobo/main/csv_export/tutorial_w_repeats_flattened.csv",
        &["-1.26", "36.79", "Tom", "Dick", "Bob"],
    ),
    (
        "kobo/main/csv_export/tutorial_w_repeats.csv",
        &["-1.26", "36.79", "Tom", "Dick", "Bob"],
    ),
    ("kobo/main/csv_export/tutorial.csv", &["41.01", "28.96"]),
    (
        "kobo/main/csv_export/export.csv",
        &["Andrew", "Bob", "Carl"],
    ),
    (
        "kobo/viewer/nested_repeats/nested_repeats.csv",
        &[
            "-1.26",
            "36.79",
            "Hansel",
            "Gretel",
            "Tom",
            "Dick",
            "Harry",
            "The Witch",
            "John",
        ],
    ),
    (
        "kobo/libs/good.csv",
        &["83.35", "-32.86", "-84.53", "29.01", "Name_1", "Name_2"],
    ),
];

/// Issue 16: GPS points, their parts and the names in a household roster are personal data. No
/// coordinate and no roster name reaches any file the report writes, the summary or the
/// redacted export of the real KoboToolbox exports.
#[test]
fn no_coordinate_or_roster_name_reaches_what_is_written_from_kobo_exports() {
    let Some(root) = surveys() else {
        return;
    };
    for (export, needles) in KOBO_PERSONAL {
        let path = root.join(export);
        if !path.is_file() {
            eprintln!("skipped: {export} is absent");
            continue;
        }
        if let Some(found) = find_personal(&published_files(&path), needles) {
            panic!("{export}: {found}");
        }
    }
}

/// The same rule on fixtures of the same shape (`testdata/inference/kobo-roster-gps.csv`: a
/// roster with `children[1]/childs_name` and `bed_net[1]/member[2]/name`, a GPS point and its
/// parts, a trace and what3words addresses under plain names; `odk-repeat-rows.csv`: one row
/// per child, `children/childs_name`), so that it is checked where `../shared` is absent.
#[test]
fn no_coordinate_or_roster_name_reaches_what_is_written_from_a_roster_fixture() {
    let cases: [(&str, &[&str]); 2] = [
        (
            "inference/kobo-roster-gps.csv",
            &[
                "-1.26",
                "36.79",
                "-1.27",
                "36.80",
                "-1.25",
                "36.78",
                "-1.28",
                "-1.29",
                "36.81",
                "filled.count.soap",
                "index.home.raft",
                "Amina",
                "Brian",
                "Tom",
                "Dick",
                "Andrew",
                "Bob",
                "Carl",
                "Dina",
                "Eli",
            ],
        ),
        (
            "inference/odk-repeat-rows.csv",
            &[
                "-1.26", "36.79", "51.50", "-0.14", "Bob", "Ann", "Tom", "Dick", "Zoe",
            ],
        ),
    ];
    for (fixture, needles) in cases {
        let files = published_files(&crate::testdata(fixture));
        if let Some(found) = find_personal(&files, needles) {
            panic!("{fixture}: {found}");
        }
        // The guard can fail: the same search finds the names in the export itself.
        let raw = std::fs::read(crate::testdata(fixture)).unwrap();
        assert!(
            find_personal(&[("export.csv".to_string(), raw)], needles).is_some(),
            "{fixture}: the search finds nothing even in the export"
        );
    }
}
