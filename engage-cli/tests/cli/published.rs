//! What `summary`, `summary --by`, `crosstab` and `chart` publish from real exports (under
//! `shared/realdata/surveys`; skipped with a message when absent): with `--suppress all`, no
//! count from 1 to 4 in any JSON field or table cell that holds a count, and no chart
//! description that gives a figure for a group too small to publish. The report's own outputs
//! are scanned by engage-core's `published` test.

use serde_json::Value;

use crate::{engage, realdata};

/// The exports the disclosure issue was found on, with a question each to split by (`None`:
/// the export's first single-choice question).
const EXPORTS: &[(&str, Option<&str>)] = &[
    ("surveys/ssi-rse/2017-uk/public_data.csv", Some("socio2")),
    ("surveys/ssi-rse/2016-uk/public_data.csv", Some("socio2")),
    ("surveys/spack/spack-user-survey-2020-responses.csv", None),
    ("surveys/spack/spack-user-survey-2025-responses.csv", None),
];

/// JSON fields that hold a number of respondents or mentions.
const COUNT_FIELDS: &[&str] = &[
    "count",
    "base",
    "answered",
    "scale_base",
    "dont_know",
    "mentions",
    "respondents",
    "uncoded",
];

/// Runs engage and parses what it printed as JSON.
fn json(args: &[&str]) -> Value {
    let output = engage().args(args).output().expect("engage runs");
    assert!(
        output.status.success(),
        "engage {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

/// A shown count: a JSON number, or a table cell's text such as "1,234".
fn shown_count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.replace(',', "").parse().ok(),
        _ => None,
    }
}

/// Every count field and every cell of a count column in `value` is 0 or at least 5.
fn no_small_count(what: &str, value: &Value) {
    let mut stack = vec![(String::new(), value)];
    while let Some((path, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let (Some(Value::Array(roles)), Some(Value::Array(rows))) =
                    (map.get("column_roles"), map.get("rows"))
                {
                    let counted: Vec<bool> = roles
                        .iter()
                        .map(|role| matches!(role["role"].as_str(), Some("count" | "total")))
                        .collect();
                    for row in rows {
                        for (cell, counted) in row.as_array().into_iter().flatten().zip(&counted) {
                            if let Some(count) = shown_count(cell).filter(|_| *counted) {
                                assert!(
                                    count == 0 || count >= 5,
                                    "{what}: a table at {path} shows a count of {count}: {row}"
                                );
                            }
                        }
                    }
                }
                for (key, value) in map {
                    if COUNT_FIELDS.contains(&key.as_str())
                        && let Some(count) = value.as_u64()
                    {
                        assert!(count == 0 || count >= 5, "{what}: {path}.{key} = {count}");
                    }
                    stack.push((format!("{path}.{key}"), value));
                }
            }
            Value::Array(items) => stack.extend(items.iter().map(|item| (path.clone(), item))),
            _ => {}
        }
    }
}

#[test]
fn summaries_and_crosstabs_of_real_exports_show_no_small_count() {
    for (export, by) in EXPORTS {
        let Some(path) = realdata(export) else {
            continue;
        };
        let file = path.to_str().unwrap();
        let all = ["--suppress", "all", "--format", "json"];
        let summary = json(&[&["summary", file][..], &all].concat());
        no_small_count(&format!("summary of {export}"), &summary);
        let first_choice = summary["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|question| question["type"] == "single_choice")
            .and_then(|question| question["id"].as_str())
            .map(str::to_string);
        let Some(by) = by.map(str::to_string).or(first_choice) else {
            continue;
        };
        let by = by.as_str();
        let split = json(&[&["summary", file, "--by", by][..], &all].concat());
        no_small_count(&format!("summary --by {by} of {export}"), &split);
        // Every Likert and single-choice question against the profile question.
        let questions: Vec<String> = summary["questions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|question| {
                matches!(question["type"].as_str(), Some("likert" | "single_choice"))
                    && question["id"] != by
            })
            .filter_map(|question| question["id"].as_str().map(str::to_string))
            .take(12)
            .collect();
        assert!(
            !questions.is_empty(),
            "{export}: no question to cross-tabulate"
        );
        for question in &questions {
            let crosstab = json(&[&["crosstab", file, question.as_str(), by][..], &all].concat());
            no_small_count(&format!("crosstab {question} {by} of {export}"), &crosstab);
        }
    }
}

#[test]
fn a_chart_by_a_group_of_one_describes_no_figure_of_that_group() {
    let Some(path) = realdata("surveys/ssi-rse/2017-uk/public_data.csv") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let png = out.path().join("chart.png");
    engage()
        .args(["chart", path.to_str().unwrap()])
        .args(["--question", "likertagree2_affsat1", "--by", "socio2", "-o"])
        .arg(&png)
        .assert()
        .success();
    // Gender "Other" has one respondent: its shares are withheld, and the description
    // compares no group's shares.
    let description = std::fs::read_to_string(png.with_extension("txt")).unwrap();
    assert!(
        !description.contains('%'),
        "the description gives a share: {description}"
    );
    assert!(
        description.contains("too few shares are shown to compare the groups"),
        "{description}"
    );
}
