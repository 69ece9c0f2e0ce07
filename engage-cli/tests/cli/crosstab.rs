//! `engage crosstab`: the JSON of a cross-tab on the sample and on real exports, the exact
//! test on a worked table, multi-choice mentions, bad input, and layout snapshots.

use std::fmt::Write as _;

use serde_json::Value;

use crate::{engage, realdata, root, run, testdata, transcript};

fn crosstab_json(file: &std::path::Path, row: &str, column: &str, extra: &[&str]) -> Value {
    let mut command = engage();
    command
        .current_dir(root())
        // The maths is checked on the whole table: an analyst's working copy, with nothing
        // withheld (disclosure control has tests of its own below).
        .args(["crosstab", "--format", "json", "--suppress", "none"])
        .arg(file)
        .args([row, column])
        .args(extra);
    let (code, stdout, stderr) = run(&mut command);
    assert_eq!(code, 0, "{}: {stderr}", file.display());
    serde_json::from_str(&stdout).expect("crosstab prints JSON")
}

fn matrix(value: &Value) -> Vec<Vec<f64>> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|cell| cell.as_f64().unwrap())
                .collect()
        })
        .collect()
}

/// Agreement by capacity on the sample: the margins agree with the counts, the column
/// percentages add up to 100, the expected counts are row total × column total / n, and the
/// test has (6 - 1)(5 - 1) = 20 degrees of freedom.
#[test]
fn a_crosstab_of_the_sample_is_consistent() {
    let json = crosstab_json(
        &testdata("walk-in-centre.xlsx"),
        "walk_centre_stay_current_site",
        "capacity_responding_consultation",
        &[],
    );
    assert_eq!(json["respondents"], 1364);
    assert_eq!(json["not_answered"], 139);
    let counts = matrix(&json["counts"]);
    assert_eq!(counts.len(), 6);
    assert_eq!(counts[0].len(), 5);
    let total: f64 = counts.iter().flatten().sum();
    assert_eq!(total, 1364.0);
    let row_totals: Vec<f64> = counts.iter().map(|row| row.iter().sum()).collect();
    assert_eq!(
        matrix(&serde_json::json!([json["row_totals"]]))[0],
        row_totals
    );
    let column_totals: Vec<f64> = (0..5)
        .map(|j| counts.iter().map(|row| row[j]).sum())
        .collect();
    for (j, column) in column_totals.iter().enumerate() {
        let sum: f64 = (0..6)
            .map(|i| json["column_percents"][i][j].as_f64().unwrap())
            .sum();
        assert!((sum - 100.0).abs() < 1e-9, "column {j}");
        let first = json["column_percents"][0][j].as_f64().unwrap();
        assert!((first - counts[0][j] / column * 100.0).abs() < 1e-9);
    }
    let chi = &json["chi_square"];
    assert_eq!(chi["df"], 20);
    let expected = matrix(&chi["expected"]);
    for i in 0..6 {
        for j in 0..5 {
            let want = row_totals[i] * column_totals[j] / total;
            assert!((expected[i][j] - want).abs() < 1e-9);
        }
    }
    // X² = Σ (O - E)² / E, recomputed here.
    let statistic: f64 = (0..6)
        .flat_map(|i| (0..5).map(move |j| (i, j)))
        .map(|(i, j)| (counts[i][j] - expected[i][j]).powi(2) / expected[i][j])
        .sum();
    assert!((chi["statistic"].as_f64().unwrap() - statistic).abs() < 1e-9);
    let p = chi["p_value"].as_f64().unwrap();
    assert!((0.0..1e-6).contains(&p), "{p}");
    let v = chi["cramers_v"].as_f64().unwrap();
    assert!((v - (statistic / (total * 4.0)).sqrt()).abs() < 1e-12);
    assert_eq!(chi["assumptions_hold"], true);
    // Staff strongly disagree far more than independence predicts.
    assert!(chi["adjusted_residuals"][0][3].as_f64().unwrap() > 1.96);
}

/// The tea-tasting table [[3, 1], [1, 3]] as respondents: Fisher's exact p = 17/35
/// (R `fisher.test(TeaTasting)`: 0.4857), X² = 2 on 1 df, and all expected counts (2) below 5.
#[test]
fn a_two_by_two_gets_fishers_exact_test() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("tea.csv");
    let mut csv = String::from("Cup,Poured first?,Guess\n");
    for (index, (poured, guess)) in [
        ("Milk", "Milk"),
        ("Milk", "Milk"),
        ("Milk", "Milk"),
        ("Milk", "Tea"),
        ("Tea", "Milk"),
        ("Tea", "Tea"),
        ("Tea", "Tea"),
        ("Tea", "Tea"),
    ]
    .iter()
    .enumerate()
    {
        let _ = writeln!(csv, "{},{poured},{guess}", index + 1);
    }
    std::fs::write(&path, csv).unwrap();
    let json = crosstab_json(&path, "poured_first", "guess", &[]);
    assert_eq!(matrix(&json["counts"]), [[3.0, 1.0], [1.0, 3.0]]);
    assert_eq!(json["exact"]["method"], "fisher");
    assert!((json["exact"]["p_value"].as_f64().unwrap() - 17.0 / 35.0).abs() < 1e-12);
    assert_eq!(json["chi_square"]["statistic"], 2.0);
    assert_eq!(json["chi_square"]["small_expected_warning"], true);
    insta::assert_snapshot!(
        "crosstab-tea",
        transcript(engage().arg("crosstab").arg(&path).args([
            "poured_first",
            "guess",
            "--percent",
            "row",
            "--suppress",
            "none"
        ]))
    );
    // As published: eight people, every row and column too small, so every count, percentage,
    // residual and expected count is withheld; the test of independence stays.
    insta::assert_snapshot!(
        "crosstab-tea-published",
        transcript(engage().arg("crosstab").arg(&path).args([
            "poured_first",
            "guess",
            "--percent",
            "row"
        ]))
    );
}

#[test]
fn multi_choice_rows_count_mentions_and_flag_the_test() {
    let json = crosstab_json(
        &testdata("walk-in-centre.xlsx"),
        "services_used_last_12_months",
        "capacity_responding_consultation",
        &[],
    );
    assert_eq!(json["row"]["multiple"], true);
    assert_eq!(json["chi_square"]["assumptions_hold"], false);
    assert_eq!(json["exact"], Value::Null);
    assert!(json["notes"][0].as_str().unwrap().contains("does not hold"));
    // Mentions: the total is the number of options chosen, more than the respondents.
    let total = json["total"].as_f64().unwrap();
    assert!(total > json["respondents"].as_f64().unwrap());
}

#[test]
fn bad_requests_are_one_clear_error() {
    for (name, args) in [
        (
            "free-text",
            [
                "reasons_answers_anything_else",
                "capacity_responding_consultation",
            ],
        ),
        (
            "unknown-question",
            ["sexx", "capacity_responding_consultation"],
        ),
        ("numeric", ["many_times_used_urgent_care", "sex"]),
    ] {
        let output = transcript(
            engage()
                .current_dir(root())
                .args(["crosstab", "testdata/walk-in-centre.xlsx"])
                .args(args),
        );
        assert!(output.starts_with("exit code: 2\n"), "{name}: {output}");
        insta::assert_snapshot!(format!("crosstab-{name}"), output);
    }
}

#[test]
fn layout_snapshots() {
    for percent in ["column", "total"] {
        insta::assert_snapshot!(
            format!("crosstab-sample-{percent}"),
            transcript(engage().current_dir(root()).args([
                "crosstab",
                "testdata/walk-in-centre.xlsx",
                "used_walk_centre_riverside",
                "sex",
                "--percent",
                percent,
            ]))
        );
    }
    insta::assert_snapshot!(
        "crosstab-sample-csv",
        transcript(engage().current_dir(root()).args([
            "crosstab",
            "testdata/walk-in-centre.xlsx",
            "used_walk_centre_riverside",
            "sex",
            "--format",
            "csv",
        ]))
    );
}

#[test]
fn help_snapshot() {
    insta::assert_snapshot!(
        "crosstab-help",
        transcript(engage().args(["crosstab", "--help"]))
    );
}

/// The 2017 UK RSE survey: gender by UK RSE Association membership. The cells add up to the
/// respondents who answered both, and the row totals are each gender's count among them.
#[test]
fn a_crosstab_of_a_real_export() {
    let Some(folder) = realdata("surveys/ssi-rse/2017-uk") else {
        return;
    };
    let json = crosstab_json(&folder.join("public_data.csv"), "socio2", "ukrse1", &[]);
    assert_eq!(
        json["row"]["labels"],
        serde_json::json!(["Male", "Female", "Other"])
    );
    assert_eq!(json["column"]["labels"], serde_json::json!(["Yes", "No"]));
    let counts = matrix(&json["counts"]);
    let total: f64 = counts.iter().flatten().sum();
    assert_eq!(total, json["respondents"].as_f64().unwrap());
    assert_eq!(
        json["respondents"].as_u64().unwrap() + json["not_answered"].as_u64().unwrap(),
        253
    );
    // One person answered "Other": a 3 x 2 table with small expected counts, so the
    // Freeman-Halton test is made (cheaply: the margins allow few tables).
    assert_eq!(json["chi_square"]["small_expected_warning"], true);
    assert_eq!(json["exact"]["method"], "freeman_halton");
}
