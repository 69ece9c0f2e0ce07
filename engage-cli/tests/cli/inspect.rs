//! `engage inspect`: layouts and types on every fixture, the JSON contract, and bad input.

use std::io::Write;

use crate::{engage, realdata, root, run, testdata, transcript};

/// The inspect JSON of a file, parsed.
fn inspect_json(relative: &str) -> serde_json::Value {
    let (code, stdout, stderr) = run(engage().current_dir(root()).args([
        "inspect",
        "--format",
        "json",
        &format!("testdata/{relative}"),
    ]));
    assert_eq!(code, 0, "{relative}: {stderr}");
    serde_json::from_str(&stdout).expect("inspect prints JSON")
}

fn question<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .find(|question| question["id"] == id)
        .unwrap_or_else(|| panic!("no question {id}"))
}

#[test]
fn each_layout_fixture_is_recognised() {
    for (file, layout) in [
        ("walk-in-centre.xlsx", "microsoft_forms"),
        ("layouts/google-forms.csv", "google_forms"),
        ("layouts/microsoft-forms.xlsx", "microsoft_forms"),
        ("layouts/surveymonkey.xlsx", "surveymonkey"),
        ("layouts/qualtrics.csv", "qualtrics"),
        ("layouts/limesurvey.csv", "limesurvey"),
        ("layouts/kobo.csv", "kobo"),
        ("layouts/smartsurvey.xlsx", "smartsurvey"),
        ("layouts/citizen-space.xlsx", "citizen_space"),
        ("layouts/polis", "polis"),
        ("layouts/hand-made.xlsx", "generic"),
        ("layouts/encoding-windows-1252.csv", "generic"),
    ] {
        assert_eq!(inspect_json(file)["layout"], layout, "{file}");
    }
}

#[test]
fn the_json_has_the_documented_keys() {
    let json = inspect_json("walk-in-centre.xlsx");
    for key in [
        "file",
        "sheet",
        "layout",
        "respondents",
        "questions",
        "warnings",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["respondents"], 1503);
    let first = &json["questions"][0];
    for key in ["id", "text", "type", "profile", "answered", "options"] {
        assert!(first.get(key).is_some(), "question missing {key}");
    }
}

#[test]
fn the_sample_gets_the_right_types_and_profiles() {
    let json = inspect_json("walk-in-centre.xlsx");
    for (id, kind, profile) in [
        ("id", "metadata", None),
        ("email", "personal", None),
        ("name", "personal", None),
        (
            "capacity_responding_consultation",
            "single_choice",
            Some("capacity"),
        ),
        ("services_used_last_12_months", "multi_choice", None),
        ("used_walk_centre_riverside", "yes_no", None),
        ("walk_centre_stay_current_site", "likert", None),
        ("satisfied_last_visit_walk_centre", "likert", None),
        ("likely_recommend_walk_centre", "likert", None),
        ("many_times_used_urgent_care", "numeric", None),
        ("when_did_last_use_walk_centre", "date", None),
        ("reasons_answers_anything_else", "free_text", None),
        ("age", "single_choice", Some("age")),
        ("sex", "single_choice", Some("sex")),
        ("ethnic_group", "single_choice", Some("ethnicity")),
        (
            "day_day_activities_limited",
            "single_choice",
            Some("disability"),
        ),
        (
            "first_part_postcode_example_ne6",
            "single_choice",
            Some("area"),
        ),
        ("did_hear_consultation", "multi_choice", Some("channel")),
    ] {
        let question = question(&json, id);
        assert_eq!(question["type"], kind, "{id}");
        assert_eq!(question["profile_kind"].as_str(), profile, "{id}");
    }
    // Likert options come in scale order with "Don't know" after the scale.
    let options: Vec<&str> = question(&json, "walk_centre_stay_current_site")["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|option| option["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        options,
        [
            "Strongly disagree",
            "Disagree",
            "Neither agree nor disagree",
            "Agree",
            "Strongly agree",
            "Don't know"
        ]
    );
    // Multi-choice counts each respondent once per option, so they sum to more than the base.
    let services = question(&json, "services_used_last_12_months");
    let total: u64 = services["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|option| option["count"].as_u64().unwrap())
        .sum();
    assert!(total > services["answered"].as_u64().unwrap());
}

#[test]
fn vendor_structures_are_folded_into_questions() {
    // SurveyMonkey: option columns fold into one multi-choice, "Other (please specify)" is its
    // text part, rank columns fold into a ranking.
    let json = inspect_json("layouts/surveymonkey.xlsx");
    assert_eq!(
        question(&json, "services_used_last_year")["type"],
        "multi_choice"
    );
    assert_eq!(
        question(&json, "services_used_last_year_other_specify")["other_of"],
        "services_used_last_year"
    );
    assert_eq!(question(&json, "rank_order_importance")["type"], "ranking");
    // Qualtrics: three header rows, a matrix, a joined multi-select and its write-in.
    let json = inspect_json("layouts/qualtrics.csv");
    assert_eq!(json["header_rows"], serde_json::json!([1, 2, 3]));
    assert_eq!(question(&json, "q2_1")["type"], "likert");
    assert_eq!(question(&json, "q3")["type"], "multi_choice");
    assert_eq!(question(&json, "q3_5_text")["other_of"], "q3");
    assert_eq!(question(&json, "q4")["type"], "free_text");
    // LimeSurvey: Y/blank sub-questions, an [other] write-in, a ranking.
    let json = inspect_json("layouts/limesurvey.csv");
    assert_eq!(question(&json, "g01q02")["type"], "multi_choice");
    assert_eq!(question(&json, "g01q02_other")["other_of"], "g01q02");
    assert_eq!(question(&json, "g01q04")["type"], "ranking");
    // Kobo: option columns instead of the space-joined summary.
    let json = inspect_json("layouts/kobo.csv");
    let services = question(&json, "services_used");
    assert_eq!(services["type"], "multi_choice");
    assert_eq!(services["options"].as_array().unwrap().len(), 3);
    // A hand-made sheet: title rows skipped, a merged two-row header, x marks.
    let json = inspect_json("layouts/hand-made.xlsx");
    assert_eq!(json["header_rows"], serde_json::json!([3, 4]));
    assert_eq!(
        question(&json, "sessions_did_attend")["type"],
        "multi_choice"
    );
    assert_eq!(question(&json, "contact_phone")["type"], "personal");
    // Google Forms: US dates, a grid, a checkbox question split on ", ".
    let json = inspect_json("layouts/google-forms.csv");
    assert_eq!(question(&json, "rate_walk_centre_staff")["type"], "likert");
    assert_eq!(
        question(&json, "services_used_last_year")["type"],
        "multi_choice"
    );
}

#[test]
fn inspect_layouts_snapshot() {
    for file in [
        "walk-in-centre.xlsx",
        "layouts/google-forms.csv",
        "layouts/surveymonkey.xlsx",
        "layouts/qualtrics.csv",
        "layouts/limesurvey.csv",
        "layouts/kobo.csv",
        "layouts/smartsurvey.xlsx",
        "layouts/citizen-space.xlsx",
        "layouts/polis",
        "layouts/hand-made.xlsx",
        "layouts/encoding-utf16.txt",
    ] {
        let output = transcript(
            engage()
                .current_dir(root())
                .args(["inspect", &format!("testdata/{file}")]),
        );
        insta::assert_snapshot!(format!("inspect-{}", file.replace(['/', '.'], "-")), output);
    }
}

#[test]
fn help_snapshot() {
    insta::assert_snapshot!(
        "inspect-help",
        transcript(engage().args(["inspect", "--help"]))
    );
}

/// Runs engage on a file in a temporary directory and returns (exit code, stderr).
fn refuse(name: &str, bytes: &[u8], extra: &[&str]) -> (i32, String) {
    let directory = tempfile::tempdir().expect("temporary directory");
    std::fs::write(directory.path().join(name), bytes).expect("write the input");
    let mut command = engage();
    command
        .current_dir(directory.path())
        .arg("inspect")
        .arg(name)
        .args(extra);
    let (code, _, stderr) = run(&mut command);
    (code, stderr)
}

#[test]
fn bad_input_is_one_line_and_exit_code_2() {
    let header_only = b"id,Do you agree?,Comments\n".to_vec();
    let mut truncated = std::fs::read(testdata("layouts/surveymonkey.xlsx")).unwrap();
    truncated.truncate(truncated.len() / 2);
    let cases: Vec<(&str, Vec<u8>, Vec<&str>, &str)> = vec![
        (
            "empty.csv",
            Vec::new(),
            vec![],
            "engage: error: empty.csv: the file is empty (0 bytes)",
        ),
        (
            "page.xlsx",
            b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>".to_vec(),
            vec![],
            "engage: error: page.xlsx: this is an HTML page, not a spreadsheet (despite the .xlsx name)",
        ),
        (
            "header.csv",
            header_only,
            vec![],
            "engage: error: header.csv: found a header on row 1 but no responses below it",
        ),
        (
            "broken.xlsx",
            truncated,
            vec![],
            "engage: error: broken.xlsx: the xlsx workbook is damaged or incomplete: its zip container cannot be read",
        ),
        (
            "binary.dat",
            (0u8..=255).cycle().take(4096).collect(),
            vec![],
            "engage: error: binary.dat: not a spreadsheet or a text file",
        ),
    ];
    for (name, bytes, extra, expected) in cases {
        let (code, stderr) = refuse(name, &bytes, &extra);
        assert_eq!(code, 2, "{name}: {stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert_eq!(first, expected, "{name}");
        assert!(
            stderr
                .lines()
                .all(|line| line.starts_with("engage: error:") || line.starts_with("hint:")),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
    // A cut-short OpenDocument sheet, on which calamine 0.38 loops for ever.
    let cut_short = std::fs::read(testdata("broken/unclosed-table.ods")).unwrap();
    let (code, stderr) = refuse("cut-short.ods", &cut_short, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr.lines().next().unwrap_or_default(),
        "engage: error: cut-short.ods: the ods workbook is damaged or incomplete: its content.xml ends inside <table:table>"
    );
    // A shared-string count of billions: refused before a 96 GB reservation aborts.
    let counted = std::fs::read(testdata("broken/shared-strings-count.xlsx")).unwrap();
    let (code, stderr) = refuse("counted.xlsx", &counted, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.lines().next().unwrap_or_default().starts_with(
            "engage: error: counted.xlsx: the xlsx workbook is damaged: its shared strings say there are 4,000,000,000"
        ),
        "{stderr}"
    );
    // A stray value far from the responses: refused before a 17-billion-cell allocation.
    let stray = std::fs::read(testdata("broken/stray-far-cell.xlsx")).unwrap();
    let (code, stderr) = refuse("stray.xlsx", &stray, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.lines().next().unwrap_or_default().starts_with(
            "engage: error: stray.xlsx: sheet \"Responses\": the sheet's values span A1:XFD1048576"
        ),
        "{stderr}"
    );
    // An .xls whose directory chain loops: refused before calamine follows it out of memory.
    let looping = std::fs::read(testdata("broken/ole-directory-loop.xls")).unwrap();
    let (code, stderr) = refuse("looping.xls", &looping, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr.lines().next().unwrap_or_default(),
        "engage: error: looping.xls: the xls workbook is damaged: its directory chain loops back on itself"
    );
    // A file on which the spreadsheet reader (calamine 0.38) panics: the same one line.
    let damaged = std::fs::read(testdata("broken/ole-sector-past-end.xls")).unwrap();
    let (code, stderr) = refuse("damaged.xls", &damaged, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr
            .lines()
            .next()
            .unwrap_or_default()
            .starts_with("engage: error: damaged.xls: the xls workbook is damaged"),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .all(|line| line.starts_with("engage: error:") || line.starts_with("hint:")),
        "{stderr}"
    );
}

#[test]
fn missing_file_directory_and_sheet() {
    insta::assert_snapshot!(
        "inspect-missing-file",
        transcript(engage().args(["inspect", "no-such-file.xlsx"]))
    );
    let directory = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(engage()
        .current_dir(directory.path())
        .args(["inspect", "."]));
    assert_eq!(code, 2);
    assert_eq!(
        stderr.lines().next(),
        Some("engage: error: .: is a directory, not a file")
    );
    insta::assert_snapshot!(
        "inspect-no-such-sheet",
        transcript(engage().current_dir(root()).args([
            "inspect",
            "testdata/layouts/hand-made.xlsx",
            "--sheet",
            "Answers"
        ]))
    );
}

#[test]
fn a_csv_named_xlsx_is_read_with_a_note() {
    let directory = tempfile::tempdir().unwrap();
    std::fs::write(
        directory.path().join("export.xlsx"),
        "Respondent,Do you agree?\n1,Agree\n2,Strongly disagree\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(engage()
        .current_dir(directory.path())
        .args(["inspect", "export.xlsx"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("named .xlsx but holds delimited text: read as CSV"),
        "{stdout}"
    );
}

#[test]
fn a_password_protected_workbook_is_refused() {
    let Some(path) = realdata("readers/calamine/pass_protected.xlsx") else {
        return;
    };
    let (code, _, stderr) = run(engage().args(["inspect"]).arg(&path));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the workbook is password-protected"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: open it in Excel or LibreOffice, remove the password"),
        "{stderr}"
    );
}

#[test]
fn a_50_mb_cell_is_refused_with_its_location() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("huge.csv");
    let mut file = std::fs::File::create(&path).unwrap();
    writeln!(file, "id,comment").unwrap();
    writeln!(file, "1,short").unwrap();
    write!(file, "2,").unwrap();
    let chunk = "x".repeat(1 << 20);
    for _ in 0..50 {
        file.write_all(chunk.as_bytes()).unwrap();
    }
    writeln!(file).unwrap();
    drop(file);
    let (code, _, stderr) = run(engage()
        .current_dir(directory.path())
        .args(["inspect", "huge.csv"]));
    assert_eq!(code, 2);
    assert_eq!(
        stderr.lines().next(),
        Some(
            "engage: error: huge.csv: row 3, column \"B\": a cell of 52428800 bytes; engage reads cells up to 16777216 bytes"
        )
    );
}

#[test]
fn a_16384_column_sheet_is_read_without_trouble() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("wide.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for column in 0..16_384u16 {
        sheet
            .write_string(0, column, format!("Question {column}"))
            .unwrap();
        sheet
            .write_string(1, column, if column % 2 == 0 { "Yes" } else { "No" })
            .unwrap();
        sheet
            .write_string(2, column, if column % 3 == 0 { "Yes" } else { "No" })
            .unwrap();
    }
    workbook.save(&path).unwrap();
    let (code, stdout, stderr) = run(engage().current_dir(directory.path()).args([
        "inspect",
        "wide.xlsx",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["questions"].as_array().unwrap().len(), 16_384);
}

/// Item 9 of issue 19, on a file of the shape of the SSI 2017 LimeSurvey export
/// (`headings/limesurvey-codes.csv`): codes stay out of the wording, a grid item is a field of
/// its own and kept whole.
#[test]
fn limesurvey_codes_stay_out_of_question_text() {
    let json = inspect_json("headings/limesurvey-codes.csv");
    // `rse3[SQ001]. Who uses the code that you write? []`: a question of its own, without the
    // sub-question code that used to be its "item".
    let who = question(&json, "rse3_sq001");
    assert_eq!(who["text"], "Who uses the code that you write?");
    assert_eq!(who["item"], serde_json::Value::Null);
    let release = question(&json, "open1can_a5");
    assert_eq!(
        release["text"],
        "How often do you release your software under an open-source licence?"
    );
    // Numbered repeats of a question (`tool1-1.`) keep the number in the id only.
    for id in ["tool1", "tool1_1", "tool1_2"] {
        assert_eq!(
            question(&json, id)["text"],
            "What are the three tools you use most often in your work?"
        );
    }
    // A grid's items: the item is typed, whole, and ends the wording.
    for (id, item) in [
        ("skill2_sq001", "Skill 1"),
        ("skill2_sq2", "Skill 2"),
        ("skill2_sq3", "Skill 3"),
    ] {
        let skill = question(&json, id);
        assert_eq!(skill["item"], item);
        assert!(
            skill["text"]
                .as_str()
                .unwrap()
                .ends_with(&format!("non-technical. [{item}]")),
            "{skill}"
        );
    }
    let languages = question(&json, "tool4can");
    assert_eq!(languages["type"], "multi_choice");
    assert_eq!(
        languages["text"],
        "What programming languages do you use at work? (Select as many as apply)"
    );
    let texts: Vec<&str> = json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|question| question["text"].as_str())
        .collect();
    assert!(
        texts
            .iter()
            .all(|text| !text.contains("SQ0") && !text.contains("[A5]")),
        "{texts:?}"
    );
}

/// Item 9 of issue 19 on a flattened SurveyMonkey export (`headings/surveymonkey-flattened.csv`,
/// the shape of the Jupyter 2020 survey): a one-column question's number is its code, not part
/// of its wording; an option group whose wording the file lost is titled "Question N" and
/// the decisions say how to give its wording.
#[test]
fn flattened_surveymonkey_numbers_are_codes() {
    let json = inspect_json("headings/surveymonkey-flattened.csv");
    assert_eq!(json["layout"], "surveymonkey");
    assert_eq!(
        question(&json, "q1")["text"],
        "How often do you use the walk-in centre?"
    );
    assert_eq!(
        question(&json, "q7a1")["text"],
        "Booking an appointment. - How easy is this task?"
    );
    let services = question(&json, "q3");
    assert_eq!(services["type"], "multi_choice");
    assert_eq!(services["text"], "Question 3");
    let (code, stdout, stderr) = run(engage()
        .current_dir(root())
        .args(["inspect", "testdata/headings/surveymonkey-flattened.csv"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(
            "the flattened header keeps only the number of questions 3, not their wording"
        ),
        "{stdout}"
    );
    // The wording given in survey.toml is taken.
    let directory = tempfile::tempdir().unwrap();
    std::fs::copy(
        testdata("headings/surveymonkey-flattened.csv"),
        directory.path().join("export.csv"),
    )
    .unwrap();
    std::fs::write(
        directory.path().join("survey.toml"),
        "[questions.q3]\ntext = \"Which services have you used?\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(engage().current_dir(directory.path()).args([
        "inspect",
        "export.csv",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        question(&json, "q3")["text"],
        "Which services have you used?"
    );
}
