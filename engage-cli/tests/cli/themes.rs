//! `engage themes` and `engage themes discover`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use engage_core::themes::{Codebook, read_coding};

use std::path::PathBuf;

/// The `testdata/` folder of the workspace.
fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

/// The shared real data folder, when it is there: `shared/realdata` beside the repository or
/// beside any folder above it, so that a git worktree kept in a subfolder finds it too.
fn realdata() -> Option<PathBuf> {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(1)
        .map(|folder| folder.join("shared/realdata"))
        .find(|path| path.is_dir())
}

/// The binary, run from `testdata/` so that paths in its output are short and stable.
fn engage() -> assert_cmd::Command {
    let mut command = crate::engage();
    command.current_dir(testdata());
    command
}

/// Exit code, stdout and stderr of a run, for snapshots.
fn transcript(output: &std::process::Output) -> String {
    format!(
        "exit code: {}\n----- stdout -----\n{}\n----- stderr -----\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

const DATA: &str = "themes/consultation.csv";
const QUESTION: &str = "think_proposal_move_walk_centre";

#[test]
fn help() {
    let output = engage().args(["themes", "--help"]).output().unwrap();
    insta::assert_snapshot!(transcript(&output));
    let output = engage()
        .args(["themes", "discover", "--help"])
        .output()
        .unwrap();
    insta::assert_snapshot!("discover_help", transcript(&output));
}

#[test]
fn counts_with_roll_ups_and_uncoded() {
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/codebook.toml"])
        .args(["--question", QUESTION])
        .output()
        .unwrap();
    assert!(output.status.success());
    insta::assert_snapshot!(transcript(&output));
}

#[test]
fn split_by_a_profile_question_with_quotes_and_sentiment_in_markdown() {
    let output = engage()
        .args([
            "themes",
            DATA,
            "--codebook",
            "codebooks/walk-in-centre.toml",
        ])
        .args([
            "--question",
            QUESTION,
            "--by",
            "best_describes",
            "--quotes",
            "2",
        ])
        .args(["--sentiment", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(output.status.success());
    insta::assert_snapshot!(transcript(&output));
}

#[test]
fn csv_counts_are_long_form_with_groups() {
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/codebook.toml"])
        // The hand counts are checked on the whole table (the groups here are tiny).
        .args(["--by", "age_band", "--format", "csv", "--suppress", "none"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("question,theme_id,theme,parent,group,base,count,percent")
    );
    // Hand count: 18 answers; access in 1001, 1006 and 1009 (1014's "waiting room" is
    // excluded); staff in 1004, 1009, 1014 and 1016; services once per comment: 6; travel in
    // 1002, 1007, 1015, 1016 and 1020 (1003's parking is negated); 10 coded, 8 not.
    for row in [
        "think_proposal_move_walk_centre,services,Services,,All,18,6,33.333333",
        "think_proposal_move_walk_centre,access,Access and waiting times,services,All,18,3,16.666667",
        "think_proposal_move_walk_centre,staff,Staff,services,All,18,4,22.222222",
        "think_proposal_move_walk_centre,,(uncoded),,All,18,8,44.444444",
        // 35-44: 1001 (access), 1005, 1010 and 1017 (uncoded).
        "think_proposal_move_walk_centre,access,Access and waiting times,services,35-44,4,1,25",
        "think_proposal_move_walk_centre,,(uncoded),,35-44,4,3,75",
    ] {
        assert!(text.lines().any(|line| line == row), "{row}\n{text}");
    }
    // As published by default, the split by age band is a table of groups: a group's count of
    // 1 is withheld, and so is any group too small to publish, zeros included.
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/codebook.toml"])
        .args(["--by", "age_band", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let published = String::from_utf8(output.stdout).unwrap();
    assert!(
        !published
            .lines()
            .any(|line| line.ends_with(",35-44,4,1,25")),
        "{published}"
    );
    assert!(
        published
            .lines()
            .filter(|line| line.contains(",35-44,"))
            .all(|line| line.ends_with(",35-44,<5,*,*")),
        "{published}"
    );
}

/// The CSV form of the codebook must code exactly as the TOML form.
#[test]
fn a_csv_codebook_codes_like_the_toml_one() {
    let run = |codebook: &str| {
        engage()
            .args(["themes", DATA, "--codebook", codebook, "--format", "json"])
            .output()
            .unwrap()
    };
    let toml = run("themes/codebook.toml");
    let csv = run("themes/codebook.csv");
    assert!(toml.status.success() && csv.status.success());
    let strip = |output: &std::process::Output| {
        let mut value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        value["codebook"] = serde_json::Value::Null;
        value
    };
    assert_eq!(strip(&toml), strip(&csv));
}

#[test]
fn json_has_counts_and_every_comment_with_evidence_under_coding() {
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/codebook.toml"])
        .args(["--format", "json", "--coding"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let question = &value["questions"][0];
    assert_eq!(question["question"], QUESTION);
    assert_eq!(question["base"], 18);
    assert_eq!(question["uncoded"], 8);
    let comments = question["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 18);
    // Every span points at the text it claims to have matched.
    for comment in comments {
        let text = comment["text"].as_str().unwrap();
        for evidence in comment["coding"]["evidence"].as_array().unwrap() {
            let start = evidence["start"].as_u64().unwrap() as usize;
            let end = evidence["end"].as_u64().unwrap() as usize;
            assert_eq!(&text[start..end], evidence["matched"].as_str().unwrap());
        }
    }
    // "No problem with parking" is there, uncoded, with the negated match for the audit.
    let negated = comments
        .iter()
        .find(|comment| comment["respondent"] == "1003")
        .unwrap();
    assert_eq!(negated["themes"].as_array().unwrap().len(), 0);
    assert_eq!(
        negated["coding"]["suppressed"][0]["reason"],
        "negated by \"No problem\""
    );
    // Without --coding the comments are left out.
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/codebook.toml"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        value["questions"][0]["comments"].as_array().unwrap().len(),
        0
    );
}

#[test]
fn the_coding_sheet_reads_back_and_a_corrected_one_is_a_gold_coding() {
    let directory = tempfile::tempdir().unwrap();
    let sheet = directory.path().join("coding.csv");
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/codebook.toml"])
        .args(["--question", QUESTION, "--format", "csv", "--coding", "-o"])
        .arg(&sheet)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", transcript(&output));
    assert!(output.stdout.is_empty());
    let codebook = Codebook::read(testdata().join("themes/codebook.toml")).unwrap();
    let bytes = std::fs::read(&sheet).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    insta::assert_snapshot!("coding_sheet", text);
    let automatic = read_coding(&bytes, "coding.csv", Some(&codebook)).unwrap();
    assert_eq!(automatic.assignments.len(), 18);
    let corrected = std::fs::read(testdata().join("themes/coding-corrected.csv")).unwrap();
    let gold = read_coding(&corrected, "coding-corrected.csv", Some(&codebook)).unwrap();
    let themes = |coding: &engage_core::themes::Coding, respondent: &str| -> BTreeSet<String> {
        coding.themes_of(QUESTION, respondent).unwrap().clone()
    };
    // The corrections in the fixture: staff removed from 1016, travel added to 1008, a label
    // typed for 1013, two themes in one cell for 1010.
    assert_eq!(themes(&automatic, "1016").len(), 2);
    assert_eq!(
        themes(&gold, "1016"),
        BTreeSet::from(["travel".to_string()])
    );
    assert_eq!(
        themes(&gold, "1008"),
        BTreeSet::from(["travel".to_string()])
    );
    assert_eq!(
        themes(&gold, "1013"),
        BTreeSet::from(["access".to_string()])
    );
    assert_eq!(
        themes(&gold, "1010"),
        BTreeSet::from(["access".to_string(), "services".to_string()])
    );
    for respondent in [
        "1001", "1002", "1004", "1006", "1007", "1009", "1014", "1015", "1020",
    ] {
        assert_eq!(
            themes(&gold, respondent),
            themes(&automatic, respondent),
            "{respondent}"
        );
    }
}

#[test]
fn codebook_errors_name_the_file_row_theme_and_term() {
    let directory = tempfile::tempdir().unwrap();
    let codebook = directory.path().join("bad.toml");
    std::fs::write(
        &codebook,
        "[[theme]]\nid = \"access\"\nlabel = \"Access\"\ninclude = [\n  \"wait\",\n  \"/walk[- ]?in cent(re|er/\",\n]\n",
    )
    .unwrap();
    let output = engage()
        .args(["themes", DATA, "--codebook"])
        .arg(&codebook)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("engage: error: ")
            && stderr.contains("bad.toml: row 6: theme \"access\", term \"/walk[- ]?in cent(re|er/\": invalid regex: unclosed group"),
        "{stderr}"
    );
    std::fs::write(
        &codebook,
        "[[theme]]\nid = \"a\"\nparent = \"sevices\"\ninclude = [\"x\"]\n[[theme]]\nid = \"services\"\ninclude = [\"y\"]\n",
    )
    .unwrap();
    let output = engage()
        .args(["themes", DATA, "--codebook"])
        .arg(&codebook)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unknown parent \"sevices\""), "{stderr}");
    assert!(
        stderr.contains("hint: did you mean \"services\"?"),
        "{stderr}"
    );
}

#[test]
fn bad_requests_exit_2_with_a_hint() {
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/codebook.toml"])
        .args(["--question", "age_band"])
        .output()
        .unwrap();
    insta::assert_snapshot!("not_free_text", transcript(&output));
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/codebook.toml"])
        .args(["--by", "no_such_question"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = engage().args(["themes", DATA]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--codebook <FILE>"));
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/missing.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .starts_with("engage: error: themes/missing.toml: no such file or directory\n")
    );
}

#[test]
fn a_term_that_matches_most_comments_is_warned_about() {
    let directory = tempfile::tempdir().unwrap();
    let codebook = directory.path().join("broad.toml");
    std::fs::write(
        &codebook,
        "[[theme]]\nid = \"everything\"\nlabel = \"Everything\"\ninclude = [\"the\", \"a\"]\n",
    )
    .unwrap();
    let output = engage()
        .args(["themes", DATA, "--codebook"])
        .arg(&codebook)
        .args(["--question", QUESTION])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("engage: warning: question \"think_proposal_move_walk_centre\": term \"the\" of theme \"everything\" matches 13 of 18 comments (72%); it may be too broad"),
        "{stderr}"
    );
    let quiet = engage()
        .args(["--quiet", "themes", DATA, "--codebook"])
        .arg(&codebook)
        .output()
        .unwrap();
    assert!(quiet.stderr.is_empty());
}

#[test]
fn discover_writes_a_deterministic_draft_that_codes_the_data() {
    let directory = tempfile::tempdir().unwrap();
    let draft = directory.path().join("draft.toml");
    let run = |path: &std::path::Path| {
        engage()
            .args([
                "themes",
                "discover",
                DATA,
                "--question",
                QUESTION,
                "--k",
                "3",
            ])
            .arg("-o")
            .arg(path)
            .output()
            .unwrap()
    };
    let output = run(&draft);
    assert!(output.status.success(), "{}", transcript(&output));
    let again = directory.path().join("again.toml");
    run(&again);
    let text = std::fs::read_to_string(&draft).unwrap();
    assert_eq!(text, std::fs::read_to_string(&again).unwrap());
    assert!(
        text.contains("[[theme]]") && text.contains("# e.g. \""),
        "{text}"
    );
    let codebook = Codebook::read(&draft).unwrap();
    assert!(!codebook.themes().is_empty());
    let output = engage()
        .args(["themes", DATA, "--codebook"])
        .arg(&draft)
        .args(["--question", QUESTION])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", transcript(&output));
    // Two free-text questions: --question is needed.
    let output = engage()
        .args(["themes", "discover", DATA])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("several free-text questions; choose one with --question: think_proposal_move_walk_centre, anything_else_like")
    );
}

/// The real NHS Friends and Family Test comments: coding and discovery run as a new user would.
#[test]
fn real_friends_and_family_test_comments() {
    let Some(realdata) = realdata() else {
        eprintln!("skipped: ../shared/realdata is not here");
        return;
    };
    let file = realdata.join("surveys/nhs-fft/v6framework_230831.csv");
    let output = engage()
        .arg("themes")
        .arg(&file)
        .args([
            "--codebook",
            "codebooks/walk-in-centre.toml",
            "--by",
            "trust",
        ])
        .args(["--sentiment", "--format", "json", "--suppress", "none"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", transcript(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let question = &value["questions"][0];
    assert_eq!(question["question"], "fft_answer");
    // 7,908 rows, 508 with an empty answer (SOURCES.md).
    assert_eq!(question["base"], 7400);
    let groups = question["by"]["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    let directory = tempfile::tempdir().unwrap();
    let draft = directory.path().join("fft.toml");
    let output = engage()
        .args(["themes", "discover"])
        .arg(&file)
        .args(["--question", "fft_answer", "--k", "8", "-o"])
        .arg(&draft)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", transcript(&output));
    assert_eq!(Codebook::read(&draft).unwrap().themes().len(), 8);
}

/// Bad input must never panic: a 1 MB comment, emoji, right-to-left text, control characters,
/// and answers with no words at all.
#[test]
fn awkward_answers_are_coded_without_panicking() {
    let directory = tempfile::tempdir().unwrap();
    let data = directory.path().join("awkward.csv");
    let long = "The wait was long and the car park was full. ".repeat(24_000);
    assert!(long.len() > 1_000_000);
    let mut text = String::from("id,What do you think of the proposal?\n");
    for (id, answer) in [
        ("1", long.as_str()),
        ("2", "🙂🙂🙂 👍🏽"),
        ("3", "الانتظار طويل جدا في المركز"),
        ("4", "\u{202E}wait reversed\u{202C} and \u{7} bell"),
        ("5", "!!! ??? ..."),
        ("6", "Waiting time was fine, the nurse was kind"),
        ("7", "Parking was hard to find"),
        ("8", "No staff to ask and no signs"),
        ("9", "I had an appointment at 9 and waited 3 hours"),
        ("10", "Bus route 12 does not go there"),
    ] {
        let _ = writeln!(text, "{id},\"{answer}\"");
    }
    std::fs::write(&data, text).unwrap();
    let output = engage()
        .arg("themes")
        .arg(&data)
        .args([
            "--codebook",
            "themes/codebook.toml",
            "--format",
            "json",
            "--quotes",
            "1",
        ])
        .args(["--sentiment"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", transcript(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["questions"][0]["base"], 10);
    let output = engage()
        .args(["themes", "discover"])
        .arg(&data)
        .args(["--k", "2"])
        .output()
        .unwrap();
    assert!(output.status.code() == Some(0), "{}", transcript(&output));
}

/// The coding sheet of the fixture, written to a temporary folder.
fn coding_sheet(directory: &std::path::Path) -> PathBuf {
    let sheet = directory.join("coding.csv");
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/codebook.toml"])
        .args(["--question", QUESTION, "--format", "csv", "--coding", "-o"])
        .arg(&sheet)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", transcript(&output));
    sheet
}

#[test]
fn agree_help() {
    let output = engage()
        .args(["themes", "agree", "--help"])
        .output()
        .unwrap();
    insta::assert_snapshot!(transcript(&output));
}

/// The automatic coding against the hand-corrected sheet: the figures are worked in the core's
/// tests; here the layout, and that the two ways of asking for accuracy agree.
#[test]
fn agreement_between_the_automatic_and_the_corrected_coding() {
    let directory = tempfile::tempdir().unwrap();
    coding_sheet(directory.path());
    for fixture in ["coding-corrected.csv", "codebook.toml"] {
        std::fs::copy(
            testdata().join("themes").join(fixture),
            directory.path().join(fixture),
        )
        .unwrap();
    }
    // Run beside the files, so that their names in the output are short and stable.
    let agree = |extra: &[&str]| {
        let mut command = crate::engage();
        command
            .current_dir(directory.path())
            .args(["themes", "agree", "coding.csv"])
            .args(extra)
            .args(["--codebook", "codebook.toml"]);
        command.output().unwrap()
    };
    let output = agree(&["coding-corrected.csv"]);
    assert!(output.status.success(), "{}", transcript(&output));
    insta::assert_snapshot!("agree_two_codings", transcript(&output));
    let output = agree(&["--gold", "coding-corrected.csv", "--format", "csv"]);
    assert!(output.status.success(), "{}", transcript(&output));
    insta::assert_snapshot!("agree_gold_csv", transcript(&output));
    let output = agree(&["--gold", "coding-corrected.csv", "--format", "json"]);
    let from_sheet: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/codebook.toml"])
        .args(["--gold", "themes/coding-corrected.csv", "--format", "json"])
        .output()
        .unwrap();
    let coded: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // Coding the data in place scores the same as the coding sheet it writes, and only the
    // gold's question is scored.
    assert_eq!(coded["themes"], from_sheet["themes"]);
    assert_eq!(coded["macro_average"], from_sheet["macro_average"]);
    assert_eq!(coded["questions"], serde_json::json!([QUESTION]));
    assert_eq!(coded["coding_only"], 0);
}

#[test]
fn agree_refuses_what_it_cannot_compare() {
    let output = engage()
        .args(["themes", "agree", "themes/coding-corrected.csv"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("agreement needs two or more codings"),
        "{}",
        transcript(&output)
    );
    let output = engage()
        .args([
            "themes",
            "agree",
            "themes/coding-corrected.csv",
            "themes/consultation.csv",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!("agree_not_a_coding", transcript(&output));
    let output = engage()
        .args([
            "themes",
            "agree",
            "themes/coding-corrected.csv",
            "themes/missing.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .starts_with("engage: error: themes/missing.csv: no such file or directory\n")
    );
    let output = engage()
        .args(["themes", DATA, "--codebook", "themes/codebook.toml"])
        .args(["--gold", "themes/coding-corrected.csv", "--coding"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// The NHS Friends and Family Test comments, hand-labelled in 50 columns beside the answers,
/// scored against `codebooks/nhs-fft.toml`. The codebook was written from the category names and
/// a reading of the first 2,000 rows; these floors sit just under what it reached (macro-F1
/// 0.507, micro-F1 0.664 over the 7,400 answered comments; 0.468 and 0.652 on rows 2,001 on,
/// which were not read), so that a change to matching or to the codebook that loses accuracy
/// shows here.
#[test]
fn the_friends_and_family_test_codebook_keeps_its_accuracy() {
    let Some(realdata) = realdata() else {
        eprintln!("skipped: ../shared/realdata is not here");
        return;
    };
    let file = realdata.join("surveys/nhs-fft/v6framework_230831.csv");
    let output = engage()
        .arg("themes")
        .arg(&file)
        .args(["--codebook", "codebooks/nhs-fft.toml", "--gold"])
        .arg(&file)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", transcript(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // 7,908 rows, 508 with an empty answer: those are in the gold only.
    assert_eq!(value["comments"], 7400);
    assert_eq!(value["gold_only"], 508);
    assert_eq!(value["macro_average"]["categories"], 45);
    let macro_f1 = value["macro_average"]["f1"].as_f64().unwrap();
    let micro_f1 = value["micro"]["f1"].as_f64().unwrap();
    assert!(macro_f1 >= 0.497, "macro-F1 fell to {macro_f1:.3}");
    assert!(micro_f1 >= 0.654, "micro-F1 fell to {micro_f1:.3}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The one labelled category the codebook leaves out, and the repeated respondent ids.
    assert!(
        stderr.contains(
            "1 column of 1s name no theme of the codebook and were left out: Learning organisation"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("matched by their row"), "{stderr}");
}

/// Item 10 of issue 19 on a file of the NHS FFT CSV's shape (`rows/multiline-comments.csv`,
/// answers spanning several lines): every coded comment names the row a spreadsheet shows it on
/// (the header is row 1), so the coding joins back to the file opened in Excel; and the file's
/// own label columns, read as a gold coding, meet every comment on the same rows.
#[test]
fn coded_comments_name_spreadsheet_rows() {
    let output = engage()
        .args(["themes", "rows/multiline-comments.csv"])
        .args([
            "--codebook",
            "rows/codebook.toml",
            "--question",
            "fft_answer",
        ])
        .args(["--format", "csv", "--coding"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", transcript(&output));
    let sheet = String::from_utf8(output.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(sheet.as_bytes());
    let rows: BTreeSet<(String, String)> = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (record[0].to_string(), record[1].to_string())
        })
        .collect();
    // Eight comments on rows 2 to 9, R2 answering twice (rows 3 and 7); their file lines are
    // 2, 4, 7, 8, 10, 11, 14 and 15. Comments with no theme are on the sheet too.
    let expected: BTreeSet<(String, String)> = [
        ("R1", 2),
        ("R2", 3),
        ("R3", 4),
        ("R4", 5),
        ("R5", 6),
        ("R2", 7),
        ("R7", 8),
        ("R8", 9),
    ]
    .iter()
    .map(|(id, row)| ((*id).to_string(), row.to_string()))
    .collect();
    assert_eq!(rows, expected);
    let output = engage()
        .args(["themes", "rows/multiline-comments.csv"])
        .args([
            "--codebook",
            "rows/codebook.toml",
            "--question",
            "fft_answer",
        ])
        .args(["--gold", "rows/multiline-comments.csv", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", transcript(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["comments"], 8);
    assert_eq!(
        (value["coding_only"].as_u64(), value["gold_only"].as_u64()),
        (Some(0), Some(0))
    );
}
