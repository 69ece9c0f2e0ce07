//! `engage redact`: the planted personal data is all replaced and counted, the decoys are kept,
//! personal columns are dropped unless kept, the copy has the right format and is inert, and
//! bad requests exit 2 without writing anything.

use engage_core::{IngestOptions, QuestionType, read_path};
use serde_json::Value;

use crate::{engage, testdata};

/// Every planted item of `testdata/planted.csv`, as written there.
const PLANTED: &[&str] = &[
    "p.sharma@example.org",
    "ann.lee@example.net",
    "a.lee@work.example.com",
    "07700 900123",
    "020 7946 0018",
    "+44 (0)121 496 0000",
    "0121-496-0000",
    "(0121) 496 0001",
    "07700 900456",
    "B15 2TJ",
    "B23 6SP",
    "943 476 5919",
    "AB 12 34 56 C",
    "https://example.org",
    "www.example.org",
    "192.0.2.10",
    "2001:db8::1",
    "Priya",
    "Smith",
    "Alex",
];

/// What looks a little like personal data in `testdata/planted.csv` but is not.
const DECOYS: &[&str] = &[
    "07/05/2021",
    "01.02.2022",
    "2022-03-04",
    "£1,200",
    "since 2019",
    "1500 patients",
    "120 families",
    "9434765918",
    "in B17",
    "near B23",
    "version 1.2.3.4",
];

fn read_text(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    text.trim_start_matches('\u{feff}').to_string()
}

#[test]
fn every_planted_item_is_replaced_and_counted() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("redacted.csv");
    let assert = engage()
        .arg("redact")
        .arg(testdata("planted.csv"))
        .arg("-o")
        .arg(&out)
        .args(["--format", "json"])
        .assert()
        .success();
    let summary: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let counts = &summary["counts"];
    for (kind, expected) in [
        ("email", 2),
        ("phone", 6),
        ("postcode", 2),
        ("nhs_number", 1),
        ("ni_number", 1),
        ("url", 2),
        ("ip_address", 2),
        ("name", 3),
    ] {
        assert_eq!(counts[kind], expected, "{kind}: {counts}");
    }
    assert_eq!(summary["format"], "csv");
    assert_eq!(summary["rows"], 12);
    assert_eq!(
        summary["personal_dropped"],
        serde_json::json!(["name", "email_address", "postcode"])
    );
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.starts_with("engage: wrote "), "{stderr}");

    let copy = read_text(&out);
    for planted in PLANTED {
        assert!(!copy.contains(planted), "{planted} left in the copy");
    }
    for decoy in DECOYS {
        assert!(copy.contains(decoy), "{decoy} was redacted");
    }
    // The summary is counts and ids only: none of the personal data reaches stdout.
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for planted in PLANTED {
        assert!(!stdout.contains(planted), "{planted} in the summary");
    }
    // The copy reads back with the same respondents and no personal columns.
    let dataset = read_path(&out, &IngestOptions::default()).unwrap();
    assert_eq!(dataset.respondents(), 12);
    assert_eq!(dataset.questions_of(QuestionType::Personal).count(), 0);
}

#[test]
fn the_table_summary_lists_every_kind_and_question() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("redacted.csv");
    let assert = engage()
        .arg("redact")
        .arg(testdata("planted.csv"))
        .arg("-o")
        .arg(&out)
        .arg("--keep-personal=postcode")
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!(stdout, @r"
    Personal data replaced
      Kind               Placeholder   Count
      -----------------  ------------  -----
      email address      [email]           2
      phone number       [phone]           6
      postcode           [postcode]        2
      NHS number         [NHS number]      1
      NI number          [NI number]       1
      URL                [URL]             2
      IP address         [IP address]      2
      respondent's name  [name]            3
      Total                               19

    By question
      Question        Answers changed  Replacements
      --------------  ---------------  ------------
      why                           5             6
      other_comments               12            13

    Personal columns dropped: name, email_address
    Personal columns kept: postcode
    Written: 12 rows, 6 columns
    ");
    assert!(
        read_text(&out).contains("B12 0AB"),
        "the kept postcode column"
    );
}

#[test]
fn a_workbook_gives_a_workbook_and_keep_personal_keeps_all() {
    let folder = tempfile::tempdir().unwrap();
    // First a workbook that still has its personal columns...
    let workbook = folder.path().join("responses.xlsx");
    engage()
        .arg("redact")
        .arg(testdata("planted.csv"))
        .arg("-o")
        .arg(&workbook)
        .arg("--keep-personal")
        .arg("-q")
        .assert()
        .success()
        .stderr("");
    let kept = read_path(&workbook, &IngestOptions::default()).unwrap();
    assert_eq!(kept.source().format, "xlsx");
    assert_eq!(kept.questions_of(QuestionType::Personal).count(), 3);
    // ...then its redacted copy, named without an extension: the format follows the input.
    let out = folder.path().join("redacted");
    engage()
        .arg("redact")
        .arg(&workbook)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let redacted = read_path(&out, &IngestOptions::default()).unwrap();
    assert_eq!(redacted.source().format, "xlsx");
    assert_eq!(redacted.questions_of(QuestionType::Personal).count(), 0);
    let texts = redacted.texts("other_comments").unwrap();
    assert_eq!(
        texts[0].as_deref(),
        Some("Call me on [phone] if you need more.")
    );
}

#[test]
fn the_hostile_fixture_comes_out_inert() {
    let folder = tempfile::tempdir().unwrap();
    let csv_out = folder.path().join("hostile.csv");
    engage()
        .arg("redact")
        .arg(testdata("hostile.csv"))
        .arg("-o")
        .arg(&csv_out)
        .assert()
        .success();
    let text = read_text(&csv_out);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for record in reader.records() {
        for field in &record.unwrap() {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a CSV cell starts a formula: {field:.60}"
            );
        }
    }
    // The javascript: links are URLs, and are replaced.
    assert!(!text.contains("javascript:"));
    // XLSX cannot hold the megabyte cell whole: the copy is written, with a warning.
    let xlsx_out = folder.path().join("hostile.xlsx");
    engage()
        .arg("redact")
        .arg(testdata("hostile.csv"))
        .arg("-o")
        .arg(&xlsx_out)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "engage: warning: 1 cells were longer than",
        ));
}

#[test]
fn bad_requests_exit_2_and_write_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("out.csv");
    let planted = testdata("planted.csv");
    let cases: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (
            vec!["--columns".into(), "nope".into()],
            "engage: error: no question with id \"nope\"",
        ),
        (
            vec!["--keep-personal=best_describes".into()],
            "found a single_choice question, expected a personal column to keep",
        ),
        (
            vec![
                "--columns".into(),
                "respondent_id,agree_proposal,why".into(),
                "-o".into(),
                folder.path().join("x.ods").into(),
            ],
            "cannot write .ods files; expected a name ending in .csv or .xlsx",
        ),
        (
            vec!["-o".into(), planted.clone().into()],
            "the output is the input file; expected a new file name so the original is kept\n\
             hint: name the copy after the original",
        ),
    ];
    for (args, message) in cases {
        let mut command = engage();
        command.arg("redact").arg(&planted);
        if !args.iter().any(|arg| arg == "-o") {
            command.arg("-o").arg(&out);
        }
        command
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains(message));
    }
    engage()
        .arg("redact")
        .arg(folder.path().join("missing.csv"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with("engage: error: "));
    // -o is required.
    engage().arg("redact").arg(&planted).assert().code(2);
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
}

#[test]
fn help_says_what_is_not_detected() {
    let assert = engage().args(["redact", "--help"]).assert().success();
    let help = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(help.contains("Names in general are not detected"));
    insta::assert_snapshot!("redact_help", help);
}

/// The bundled sample's manifest of planted personal data: every item is replaced, and the
/// ten-digit reference that fails the NHS check is kept.
#[test]
fn every_item_planted_in_the_bundled_sample_is_caught() {
    let planted: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(testdata("walk-in-centre.planted.json")).unwrap(),
    )
    .unwrap();
    assert!(planted.len() > 50, "the manifest lists the planted items");
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("redacted.csv");
    let assert = engage()
        .arg("redact")
        .arg(testdata("walk-in-centre.xlsx"))
        .arg("-o")
        .arg(&out)
        .args(["--format", "json"])
        .assert()
        .success();
    let summary: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let copy = read_text(&out);
    let mut missed = Vec::new();
    for item in &planted {
        let value = item["value"].as_str().unwrap();
        if copy.contains(value) {
            missed.push(format!(
                "{} {value:?} in response {}",
                item["kind"], item["id"]
            ));
        }
    }
    assert!(missed.is_empty(), "not caught: {missed:#?}");
    let counted: u64 = summary["counts"]
        .as_object()
        .unwrap()
        .values()
        .map(|count| count.as_u64().unwrap())
        .sum();
    assert!(
        counted >= planted.len() as u64,
        "counted {counted} of {} planted",
        planted.len()
    );
    assert!(
        copy.contains("My complaint reference was 1234567890"),
        "a number failing the NHS check must be kept"
    );
}

/// `keep_personal` under `[privacy]` in survey.toml says which personal columns `engage redact`
/// keeps when `--keep-personal` is not given.
#[test]
fn the_config_says_which_personal_columns_to_keep() {
    let folder = tempfile::tempdir().unwrap();
    let data = folder.path().join("planted.csv");
    std::fs::copy(testdata("planted.csv"), &data).unwrap();
    std::fs::write(
        folder.path().join("survey.toml"),
        "[privacy]\nkeep_personal = [\"postcode\"]\n",
    )
    .unwrap();
    let out = folder.path().join("redacted.csv");
    let assert = engage()
        .current_dir(folder.path())
        .args(["redact", "planted.csv", "-o", "redacted.csv"])
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("Personal columns kept: postcode"),
        "{stdout}"
    );
    assert!(
        read_text(&out).contains("B12 0AB"),
        "the kept postcode column"
    );
    // The option wins: with no ids it keeps every personal column.
    let assert = engage()
        .current_dir(folder.path())
        .args([
            "redact",
            "planted.csv",
            "-o",
            "redacted.csv",
            "--keep-personal",
        ])
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("Personal columns dropped: none")
            || !stdout.contains("Personal columns dropped"),
        "{stdout}"
    );
}
