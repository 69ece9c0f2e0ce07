//! `engage participation`: the bundled sample against the Census reference, real exports'
//! published figures (completion, date spans, counts), weights, duplicates, bad input.

use serde_json::Value;

use crate::{engage, realdata, root, run, transcript};

const CENSUS: &str = "testdata/reference/england-wales-census-2021.csv";

/// The participation JSON of a run from the repository root.
fn participation_json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(engage()
        .current_dir(root())
        .arg("participation")
        .args(args)
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).expect("participation prints JSON")
}

fn as_f64(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value}"))
}

fn variable<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["representation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|variable| variable["variable"] == name)
        .unwrap_or_else(|| panic!("no variable {name}"))
}

fn row<'a>(variable: &'a Value, category: &str) -> &'a Value {
    variable["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["category"] == category)
        .unwrap_or_else(|| panic!("no category {category}"))
}

#[test]
fn the_sample_has_its_respondents_days_and_planted_duplicates() {
    let json = participation_json(&["testdata/walk-in-centre.xlsx"]);
    assert_eq!(json["respondents"], 1503);
    assert_eq!(json["analysed"], 1503);
    assert_eq!(json["dropped"], Value::Null);
    let completion = &json["completion"];
    // Microsoft Forms has no completion flag: the answered share decides.
    assert_eq!(completion["method"], "answered_share");
    assert_eq!(
        completion["complete"].as_u64().unwrap() + completion["partial"].as_u64().unwrap(),
        1503
    );
    let timeline = &json["timeline"];
    // The consultation opened on 8 January 2024 and ran for 12 weeks.
    assert!(
        timeline["first"]
            .as_str()
            .unwrap()
            .starts_with("2024-01-08")
    );
    assert!(timeline["last"].as_str().unwrap().starts_with("2024-03-31"));
    let days = timeline["days"].as_array().unwrap();
    assert_eq!(days.len(), 84);
    let total: u64 = days
        .iter()
        .map(|day| day["responses"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 1503);
    assert_eq!(days.last().unwrap()["cumulative"], 1503);
    let weeks = timeline["weeks"].as_array().unwrap();
    assert_eq!(weeks[0]["week"], "2024-W02");
    assert_eq!(weeks.last().unwrap()["cumulative"], 1503);
    // The generator copies responses 17, 402 and 977 (ids 18, 403, 978) as ids 1501-1503.
    let exact: Vec<Vec<String>> = json["duplicates"]["exact"]
        .as_array()
        .unwrap()
        .iter()
        .map(|group| {
            group["ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| id.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        exact,
        vec![vec!["18", "1501"], vec!["978", "1503"], vec!["403", "1502"]]
    );
    // The letter-writing campaign: 28 near-identical letters on days 31-33 (8-10 February);
    // 28 is the number of cells of the sample's xlsx that start "I object to the closure".
    let texts = json["duplicates"]["texts"].as_array().unwrap();
    let campaigns: Vec<&Value> = texts
        .iter()
        .filter(|group| group["kind"] == "campaign")
        .collect();
    assert_eq!(campaigns.len(), 1);
    assert_eq!(campaigns[0]["responses"], 28);
    assert!(
        campaigns[0]["first"]
            .as_str()
            .unwrap()
            .starts_with("2024-02-08")
    );
    assert!(
        campaigns[0]["last"]
            .as_str()
            .unwrap()
            .starts_with("2024-02-10")
    );
    assert!(
        campaigns[0]["excerpt"]
            .as_str()
            .unwrap()
            .starts_with("I object to the closure of Riverside walk-in centre")
    );
    // Bursts that hold campaign letters say so.
    let bursts = json["duplicates"]["bursts"].as_array().unwrap();
    assert!(
        bursts
            .iter()
            .any(|burst| burst["campaign_responses"].as_u64().unwrap() > 0)
    );
    // Item response rates are of all respondents.
    let items = json["items"].as_array().unwrap();
    let sex = items.iter().find(|item| item["question"] == "sex").unwrap();
    assert_eq!(sex["answered"], 1241);
    assert!((as_f64(&sex["percent"]) - 100.0 * 1241.0 / 1503.0).abs() < 1e-9);
    // A profile table's percentages are of those who answered.
    let profile = json["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|table| table["question"] == "sex")
        .unwrap();
    assert_eq!(
        (profile["base"].as_u64(), profile["no_answer"].as_u64()),
        (Some(1241), Some(262))
    );
    let female = &profile["rows"][0];
    assert_eq!(
        (female["label"].as_str(), female["count"].as_u64()),
        (Some("Female"), Some(696))
    );
    assert!((as_f64(&female["percent"]) - 100.0 * 696.0 / 1241.0).abs() < 1e-9);
}

#[test]
fn the_sample_against_the_census_with_weights() {
    let json = participation_json(&[
        "testdata/walk-in-centre.xlsx",
        "--reference",
        CENSUS,
        "--weights",
    ]);
    let sex = variable(&json, "sex");
    assert_eq!(sex["question"], "sex");
    assert_eq!(
        (sex["base"].as_u64(), sex["declined"].as_u64()),
        (Some(1186), Some(55))
    );
    let female = row(sex, "Female");
    assert_eq!(female["sample"], 696);
    let population = 100.0 * 30_420_202.0 / 59_597_542.0;
    assert!((as_f64(&female["population_percent"]) - population).abs() < 1e-9);
    let sample = 100.0 * 696.0 / 1186.0;
    assert!((as_f64(&female["sample_percent"]) - sample).abs() < 1e-9);
    assert!((as_f64(&female["index"]) - 100.0 * sample / population).abs() < 1e-9);
    // X² by hand: Σ (O − E)² / E with E = 1,186 × the population share.
    let expected_female: f64 = 1186.0 * 30_420_202.0 / 59_597_542.0;
    let expected_male: f64 = 1186.0 * 29_177_340.0 / 59_597_542.0;
    let statistic = (696.0 - expected_female).powi(2) / expected_female
        + (490.0 - expected_male).powi(2) / expected_male;
    assert!((as_f64(&sex["test"]["statistic"]) - statistic).abs() < 1e-9);
    assert_eq!(sex["test"]["df"], 1);

    // Detailed ethnic groups counted in the Census's five (counts from `engage inspect`):
    // White = British 992 + any other 53 + Irish 8 + Roma 2 + Gypsy or Irish Traveller 1;
    // Asian = 32 + 19 + 19 + 12 + 7; Mixed = 11 + 11 + 2 + 1; Other = Arab 11 + any other 3.
    let ethnicity = variable(&json, "ethnicity");
    assert_eq!(row(ethnicity, "White")["sample"], 1056);
    assert_eq!(
        row(ethnicity, "Asian, Asian British or Asian Welsh")["sample"],
        89
    );
    assert_eq!(
        row(ethnicity, "Mixed or Multiple ethnic groups")["sample"],
        25
    );
    assert_eq!(row(ethnicity, "Other ethnic group")["sample"], 14);
    assert_eq!(ethnicity["declined"], 43);
    // Every answer falls in a Census group: nothing is left unmatched.
    assert_eq!(ethnicity["unmatched"].as_array().map(Vec::len), Some(0));
    assert!((as_f64(&row(ethnicity, "White")["population_percent"]) - 81.7).abs() < 1e-9);

    // Age: the survey's 16-24 takes 20-24 and four fifths of 15-19; its "Under 16" takes 0-14
    // and a fifth of 15-19, so the survey's bands cover the whole population.
    let age = variable(&json, "age");
    let covered = 59_597_500.0;
    let young = row(age, "16-24");
    assert!((as_f64(&young["population"]) - (0.8 * 3_394_700.0 + 3_602_100.0)).abs() < 1e-6);
    assert!(
        (as_f64(&young["population_percent"])
            - 100.0 * (0.8 * 3_394_700.0 + 3_602_100.0) / covered)
            .abs()
            < 1e-9
    );
    let children = row(age, "Under 16");
    assert!(
        (as_f64(&children["population"])
            - (3_232_100.0 + 3_524_600.0 + 3_595_900.0 + 0.2 * 3_394_700.0))
            .abs()
            < 1e-6
    );
    assert_eq!(young["under_represented"], true);
    // The sample has 6 children against 18.5% of the population: the most missing, then 16-24.
    assert_eq!(age["most_missing"][0]["category"], "Under 16");
    assert_eq!(age["most_missing"][1]["category"], "16-24");

    // Raking meets every margin: weighted shares equal the population shares.
    let weights = &json["weights"];
    assert_eq!(weights["converged"], true);
    assert_eq!(weights["variables"].as_array().unwrap().len(), 3);
    let values = weights["weights"].as_array().unwrap();
    assert_eq!(values.len(), 1503);
    let sum: f64 = values.iter().map(as_f64).sum();
    assert!((sum - 1503.0).abs() < 1e-6);
    let square: f64 = values.iter().map(|value| as_f64(value).powi(2)).sum();
    assert!((as_f64(&weights["design_effect"]) - 1503.0 * square / (sum * sum)).abs() < 1e-9);
    assert!((as_f64(&weights["effective_sample_size"]) - sum * sum / square).abs() < 1e-6);
    for name in ["sex", "age", "ethnicity"] {
        for row in variable(&json, name)["rows"].as_array().unwrap() {
            assert!(
                (as_f64(&row["weighted_percent"]) - as_f64(&row["population_percent"])).abs()
                    < 1e-6,
                "{name}: {row}"
            );
        }
    }
}

#[test]
fn dedupe_drops_repeats_and_says_how_many() {
    let (code, stdout, stderr) = run(engage().current_dir(root()).args([
        "participation",
        "testdata/walk-in-centre.xlsx",
        "--dedupe",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    // Three identical copies and two repeated emails, one pair being both: four dropped.
    assert_eq!(json["dropped"]["total"], 4);
    assert_eq!(json["dropped"]["identical"], 2);
    assert_eq!(json["dropped"]["repeated_identifier"], 2);
    assert_eq!(json["analysed"], 1499);
    assert!(
        stderr.contains("engage: dropped 4 of 1503 responses as duplicates"),
        "{stderr}"
    );
    // Campaign letters are never dropped.
    let (_, table, _) = run(engage().current_dir(root()).args([
        "participation",
        "testdata/walk-in-centre.xlsx",
        "--dedupe",
        "--quiet",
    ]));
    assert!(
        table.contains("Dropped as duplicates (--dedupe)"),
        "{table}"
    );
    assert!(
        table.contains("In a letter-writing campaign (near-identical texts)     28"),
        "{table}"
    );
}

#[test]
fn vendor_completion_flags_are_used() {
    // LimeSurvey: an empty submitdate is an incomplete response (25 filled, 5 empty).
    let lime = participation_json(&["testdata/layouts/limesurvey.csv"]);
    assert_eq!(lime["completion"]["method"], "submit_date");
    assert_eq!(
        (
            lime["completion"]["complete"].as_u64(),
            lime["completion"]["partial"].as_u64()
        ),
        (Some(25), Some(5))
    );
    // Qualtrics: Finished is 1 in 27 rows and 0 in 3.
    let qualtrics = participation_json(&["testdata/layouts/qualtrics.csv"]);
    assert_eq!(qualtrics["completion"]["method"], "finished");
    assert_eq!(
        (
            qualtrics["completion"]["complete"].as_u64(),
            qualtrics["completion"]["partial"].as_u64()
        ),
        (Some(27), Some(3))
    );
}

#[test]
fn jupyter_2015_status_and_dates_match_the_published_figures() {
    let Some(path) = realdata("surveys/jupyter/2015-notebook-ux/20160115235816-SurveyExport.csv")
    else {
        return;
    };
    let json = participation_json(&[path.to_str().unwrap()]);
    // README of jupyter/surveys: "927 partial (54%) and 779 complete sessions (46%)".
    assert_eq!(json["respondents"], 1706);
    assert_eq!(json["completion"]["method"], "status");
    assert_eq!(json["completion"]["complete"], 779);
    assert_eq!(json["completion"]["partial"], 927);
    // "The survey ran December 21, 2015 until January 15, 2016."
    let timeline = &json["timeline"];
    assert!(
        timeline["first"]
            .as_str()
            .unwrap()
            .starts_with("2015-12-21")
    );
    assert!(timeline["last"].as_str().unwrap().starts_with("2016-01-15"));
    assert_eq!(timeline["days"].as_array().unwrap().len(), 26);
}

#[test]
fn jupyter_2016_timestamps_span_the_published_dates() {
    let Some(path) = realdata("surveys/jupyter/2016-education/responses.csv") else {
        return;
    };
    let json = participation_json(&[path.to_str().unwrap()]);
    // README: responses collected "between 04/22/2016 and 05/07/2016"; SOURCES.md gives the
    // Timestamp span to the second.
    assert_eq!(json["timeline"]["first"], "2016-04-22T19:57:50");
    assert_eq!(json["timeline"]["last"], "2016-05-07T12:46:30");
    assert_eq!(json["respondents"], 125);
}

#[test]
fn qualtrics_real_export_uses_finished() {
    let Some(path) = realdata("surveys/qualtrics/sample.csv") else {
        return;
    };
    let json = participation_json(&[path.to_str().unwrap()]);
    assert_eq!(json["completion"]["method"], "finished");
    assert_eq!(json["completion"]["complete"], 1);
    assert_eq!(json["timeline"]["first"], "2017-07-18T08:28:48");
}

#[test]
fn rse_2017_profile_by_a_question_matches_the_published_table() {
    let Some(path) = realdata("surveys/ssi-rse/2017-uk/public_data.csv") else {
        return;
    };
    let json = participation_json(&[path.to_str().unwrap(), "--by", "edu1", "--suppress", "none"]);
    let table = json["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|table| table["question"] == "edu1")
        .unwrap();
    // published-tables/edu1.csv: Doctorate 170, Master degree 56, Undergraduate degree 25,
    // Other 2.
    let counts: Vec<(String, u64)> = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["label"].as_str().unwrap().to_string(),
                row["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        vec![
            ("Doctorate".to_string(), 170),
            ("Master degree".to_string(), 56),
            ("Undergraduate degree".to_string(), 25),
            ("Other".to_string(), 2)
        ]
    );
    assert_eq!(table["base"], 253);
    assert!((as_f64(&table["rows"][0]["percent"]) - 100.0 * 170.0 / 253.0).abs() < 1e-9);
}

/// Runs `engage participation` in a temporary directory holding the given files.
fn in_directory(files: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let directory = tempfile::tempdir().expect("temporary directory");
    for (name, text) in files {
        std::fs::write(directory.path().join(name), text).expect("write a file");
    }
    run(engage()
        .current_dir(directory.path())
        .arg("participation")
        .args(args))
}

const SURVEY: &str = "ID,What is your sex?,What is your age?\n1,Female,16-24\n2,Male,25-34\n3,Female,25-34\n4,Female,16-24\n";

#[test]
fn bad_reference_files_exit_2_naming_row_and_column() {
    for (reference, message) in [
        (
            "variable,category,population\nsex,Female,lots\nsex,Male,40\n",
            "engage: error: reference.csv: row 2, column \"population\": expected a count, a percentage or a share of at least 0, found \"lots\"",
        ),
        (
            "variable,category,population\nsex,Female,0.5\nsex,Male,0.3\n",
            "engage: error: reference.csv: row 2: variable \"sex\": shares that sum to 0.8, expected 1 (within 0.005)",
        ),
        (
            "variable,category,population\nsex,Female,50\nsex,Male,40\nsex,Total,100\n",
            "engage: error: reference.csv: row 4, column \"population\": variable \"sex\": the categories sum to 90, but the total row says 100",
        ),
    ] {
        let (code, _, stderr) = in_directory(
            &[("survey.csv", SURVEY), ("reference.csv", reference)],
            &["survey.csv", "--reference", "reference.csv"],
        );
        assert_eq!(code, 2, "{stderr}");
        assert_eq!(stderr.lines().next(), Some(message));
    }
}

#[test]
fn a_rake_that_does_not_converge_is_a_warning() {
    let (code, stdout, stderr) = in_directory(
        &[
            ("survey.csv", SURVEY),
            (
                "reference.csv",
                "variable,category,population\nsex,Female,50\nsex,Male,50\nage,16-24,30\nage,25-34,70\n",
            ),
            (
                "settings.toml",
                "[participation]\nweight_max_iterations = 1\nweight_tolerance = 1e-15\n",
            ),
        ],
        &[
            "survey.csv",
            "--reference",
            "reference.csv",
            "--weights",
            "--config",
            "settings.toml",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("engage: warning: raking did not converge after 1 iterations"),
        "{stderr}"
    );
    assert!(
        stdout
            .lines()
            .any(|line| line.trim_start().starts_with("Converged")
                && line.trim_end().ends_with("no")),
        "{stdout}"
    );
}

#[test]
fn usage_mistakes_exit_2() {
    let (code, _, stderr) = in_directory(&[("survey.csv", SURVEY)], &["survey.csv", "--weights"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--reference"), "{stderr}");
    let (code, _, stderr) =
        in_directory(&[("survey.csv", SURVEY)], &["survey.csv", "--by", "sexx"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no question with id \"sexx\""), "{stderr}");
    assert!(stderr.contains("hint: did you mean \"sex\"?"), "{stderr}");
    let (code, _, stderr) = in_directory(&[("survey.csv", SURVEY)], &["survey.csv", "--by", "id"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "cannot profile respondents by a metadata question, expected a categorical one"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = in_directory(
        &[
            ("survey.csv", SURVEY),
            (
                "settings.toml",
                "[participation]\ncomplete_treshold = 0.5\n",
            ),
        ],
        &["survey.csv", "--config", "settings.toml"],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("engage: error: settings.toml: line 2: unknown field `complete_treshold`, expected one of `complete_threshold`"),
        "{stderr}"
    );
}

#[test]
fn groups_in_survey_toml_map_answers_to_reference_categories() {
    let survey = "ID,What is your ethnic group?\n1,White - British\n2,White - other\n3,Black - any\n4,Asian - any\n";
    let (code, stdout, stderr) = in_directory(
        &[
            ("survey.csv", survey),
            (
                "reference.csv",
                "variable,category,population\nethnicity,White,80\nethnicity,Black,10\nethnicity,Asian,10\n",
            ),
            (
                "survey.toml",
                "[participation.groups.ethnicity]\nWhite = [\"White -*\"]\nBlack = \"Black - any\"\n",
            ),
        ],
        &[
            "survey.csv",
            "--reference",
            "reference.csv",
            "--format",
            "json",
            // Four respondents: the mapping is checked on the whole table.
            "--suppress",
            "none",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let ethnicity = variable(&json, "ethnicity");
    assert_eq!(row(ethnicity, "White")["sample"], 2);
    assert_eq!(row(ethnicity, "Black")["sample"], 1);
    assert_eq!(ethnicity["unmatched"][0]["label"], "Asian - any");
    assert!(stderr.contains("engage: warning: ethnicity: answer \"Asian - any\" (1 respondent) matches no reference category"), "{stderr}");
}

#[test]
fn layout_snapshots() {
    insta::assert_snapshot!(
        "participation-help",
        transcript(engage().args(["participation", "--help"]))
    );
    insta::assert_snapshot!(
        "participation-qualtrics",
        transcript(
            engage()
                .current_dir(root())
                .args(["participation", "testdata/layouts/qualtrics.csv"])
        )
    );
    insta::assert_snapshot!(
        "participation-sample-markdown",
        transcript(engage().current_dir(root()).args([
            "participation",
            "testdata/walk-in-centre.xlsx",
            "--reference",
            CENSUS,
            "--weights",
            "--format",
            "markdown"
        ]))
    );
}

/// Item 10 of issue 19 on a file of the NHS FFT CSV's shape (`rows/multiline-comments.csv`:
/// answers spanning several lines): a repeated respondent id names the rows a spreadsheet
/// shows, not the file lines (3 and 7, where the file lines are 4 and 11).
#[test]
fn duplicates_name_spreadsheet_rows_not_file_lines() {
    let json = participation_json(&["testdata/rows/multiline-comments.csv"]);
    let identifiers = json["duplicates"]["identifiers"].as_array().unwrap();
    assert_eq!(identifiers.len(), 1, "{identifiers:?}");
    assert_eq!(identifiers[0]["value"], "R2");
    assert_eq!(identifiers[0]["rows"], serde_json::json!([3, 7]));
}

/// Item 10 of issue 19: an error about a value gives the row a spreadsheet shows and, where an
/// answer with line breaks above it makes them differ, the file line.
#[test]
fn errors_give_the_row_and_the_line_where_they_differ() {
    let survey = "ID,Comment,Weight\n1,\"Two\nlines\",1\n2,fine,-2\n";
    let directory = tempfile::tempdir().unwrap();
    std::fs::write(directory.path().join("survey.csv"), survey).unwrap();
    let (code, _, stderr) = run(engage().current_dir(directory.path()).args([
        "summary",
        "survey.csv",
        "--weights",
        "weight",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "engage: error: survey.csv: row 3 (line 4), column \"Weight\": expected a weight of at least 0, found -2"
        ),
        "{stderr}"
    );
}

/// Item 11 of issue 19 (`dates/google-forms-zones.csv`): Google Forms' CSV download stamps
/// responses `2026/03/01 1:00:00 PM GMT`, `GMT+1`, `GMT+5:30`, `GMT-4`: they are the response
/// times, in the form's local time.
#[test]
fn google_forms_stamps_with_zones_give_the_timeline() {
    let json = participation_json(&["testdata/dates/google-forms-zones.csv"]);
    let timeline = &json["timeline"];
    assert_eq!(timeline["first"], "2026-03-01T13:00:00");
    assert_eq!(timeline["last"], "2026-03-04T18:45:10");
    assert_eq!(timeline["undated"], 0);
    let days: Vec<(String, u64)> = timeline["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| {
            (
                day["date"].as_str().unwrap().to_string(),
                day["responses"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2026-03-01".to_string(), 2),
            ("2026-03-02".to_string(), 2),
            ("2026-03-03".to_string(), 0),
            ("2026-03-04".to_string(), 1)
        ]
    );
}

/// Item 12 of issue 19 (`reference/by-wording.csv`): a reference whose variables are the
/// questions' wordings ("What is your age?") is matched to those questions, a question that is
/// no profile question included.
#[test]
fn reference_variables_named_by_wording_match_their_questions() {
    let json = participation_json(&[
        "testdata/walk-in-centre.xlsx",
        "--reference",
        "testdata/reference/by-wording.csv",
    ]);
    let compared: Vec<&str> = json["representation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|variable| variable["question"].as_str().unwrap())
        .collect();
    assert_eq!(compared.len(), 3, "{compared:?}: {}", json["warnings"]);
    let used = variable(
        &json,
        "Have you used the walk-in centre at Riverside Health Centre in the last two years?",
    );
    let population: Vec<f64> = used["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| as_f64(&row["population_percent"]))
        .collect();
    assert_eq!(population, [40.0, 60.0]);
    assert!(
        json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|warning| !warning.as_str().unwrap().contains("matches no question")),
        "{}",
        json["warnings"]
    );
}

/// The side-file reader: a reference saved by Excel as "Unicode text" (`reference/sex-utf16.txt`:
/// UTF-16 with a BOM, tab-delimited, a `#` note, counts written `30,420,202`) is read as a CSV
/// reference is.
#[test]
fn a_utf16_tab_delimited_reference_is_read() {
    let json = participation_json(&[
        "testdata/walk-in-centre.xlsx",
        "--reference",
        "testdata/reference/sex-utf16.txt",
    ]);
    let sex = variable(&json, "Sex");
    let female = &sex["rows"][0];
    assert_eq!(female["category"], "Female");
    assert!((as_f64(&female["population_percent"]) - 51.042_9).abs() < 0.001);
    assert_eq!(
        json["reference"]["notes"][0],
        "England and Wales, Census 2021 (ONS TS008): sex, saved by Excel as \"Unicode text\""
    );
}
