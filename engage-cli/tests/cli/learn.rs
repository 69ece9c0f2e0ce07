//! `engage themes learn`, `engage themes FILE --model`, `engage themes suggest` and
//! `engage report --model`: the learn / code / suggest loop on `testdata/themes/hand-coded.csv`.
//! The learning maths is checked against hand-worked values in engage-core's unit tests; these
//! tests check what a user sees and that the files fit together.

use std::path::{Path, PathBuf};

use crate::{engage, root};

const TRAIN: &str = "testdata/themes/hand-coded.csv";
const QUESTION: &str = "think_proposal_move_walk_centre";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Learns a multi-label model from the fixture's 0/1 columns (found without naming them).
fn learned(dir: &Path) -> PathBuf {
    let model = dir.join("model.json");
    let output = engage()
        .current_dir(root())
        .args(["themes", "learn", TRAIN, "--question", QUESTION, "-o"])
        .arg(&model)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    model
}

/// The report of the consultation fixture coded with `model` (its Markdown).
fn consultation_report(dir: &Path, model: &Path) -> String {
    let out = dir.join("report");
    let output = engage()
        .current_dir(root())
        .args([
            "report",
            "testdata/themes/consultation.csv",
            "--quiet",
            "--no-png",
            "--model",
        ])
        .arg(model)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    std::fs::read_to_string(out.join("report.md")).unwrap()
}

#[test]
fn learning_prints_cross_validated_figures_and_warns_about_themes_with_few_examples() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    let output = engage()
        .current_dir(root())
        .args(["themes", "learn", TRAIN, "--question", QUESTION, "-o"])
        .arg(&model)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    // Every 0/1 column is a theme; the profile column and the label column are not.
    for theme in [
        "Waiting times",
        "Travel and access",
        "Staff and care",
        "Cost",
    ] {
        assert!(stdout.contains(theme), "{stdout}");
    }
    assert!(!stdout.contains("Which best describes you"), "{stdout}");
    assert!(
        stdout.contains("5-fold cross-validation on 65 hand-coded comments"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Micro average") && stdout.contains("Macro average"),
        "{stdout}"
    );
    let stderr = text(&output.stderr);
    // Cost has 9 examples: its figures are flagged.
    assert!(
        stderr.contains("warning: theme \"Cost\" has 9 examples; its figures are unreliable"),
        "{stderr}"
    );
    assert!(!stderr.contains("\"Waiting times\" has"), "{stderr}");
    // Same inputs, same bytes.
    let again = dir.path().join("again.json");
    let output = engage()
        .current_dir(root())
        .args([
            "themes",
            "learn",
            TRAIN,
            "--question",
            QUESTION,
            "--quiet",
            "-o",
        ])
        .arg(&again)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        std::fs::read(&model).unwrap(),
        std::fs::read(&again).unwrap()
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["kind"], "multi_label");
    assert_eq!(
        json["question"]["text"],
        "What do you think of the proposal to move the walk-in centre?"
    );
    assert_eq!(json["themes"].as_array().unwrap().len(), 4);
    assert_eq!(json["cross_validation"]["comments"], 65);
}

#[test]
fn a_model_codes_like_a_codebook_with_confidence_and_the_words_behind_each_theme() {
    let dir = tempfile::tempdir().unwrap();
    let model = learned(dir.path());
    // The counts, as the codebook path prints them.
    let output = engage()
        .current_dir(root())
        .args(["themes", "testdata/themes/consultation.csv", "--model"])
        .arg(&model)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("model:"), "{stdout}");
    assert!(
        stdout.contains("learned from 65 hand-coded comments"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Waiting times") && stdout.contains("(uncoded)"),
        "{stdout}"
    );
    // The coding sheet: a confidence per comment and theme, and words of the comment as the
    // evidence.
    let output = engage()
        .current_dir(root())
        .args([
            "themes",
            "testdata/themes/consultation.csv",
            "--coding",
            "--format",
            "csv",
            "--model",
        ])
        .arg(&model)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "respondent_id",
            "row",
            "question",
            "theme",
            "label",
            "term",
            "matched",
            "span",
            "confidence",
            "comment"
        ]
    );
    let mut coded = 0;
    for record in reader.records() {
        let record = record.unwrap();
        if record[3].is_empty() {
            assert!(record[8].is_empty());
            continue;
        }
        coded += 1;
        let confidence: f64 = record[8].parse().unwrap();
        assert!((0.0..=1.0).contains(&confidence), "{record:?}");
        // Each span is the text it names.
        let comment = &record[9];
        for (span, matched) in record[7].split("; ").zip(record[6].split("; ")) {
            let (start, end) = span.split_once("..").unwrap();
            let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
            assert_eq!(&comment[start..end], matched, "{record:?}");
        }
    }
    assert!(coded > 5, "{coded}");
    // 1001 is about waiting times.
    let output = engage()
        .current_dir(root())
        .args([
            "themes",
            "testdata/themes/consultation.csv",
            "--coding",
            "--format",
            "json",
            "--model",
        ])
        .arg(&model)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &json["questions"][0]["comments"][0];
    assert_eq!(first["respondent"], "1001");
    assert_eq!(first["coding"]["confidence"][0]["theme"], "waiting_times");
}

#[test]
fn a_model_refuses_another_questions_answers_unless_named() {
    let dir = tempfile::tempdir().unwrap();
    let model = learned(dir.path());
    // The export has the question, but naming another one warns.
    let output = engage()
        .current_dir(root())
        .args([
            "themes",
            "testdata/themes/consultation.csv",
            "--question",
            "anything_else_like",
            "--model",
        ])
        .arg(&model)
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "learned on \"What do you think of the proposal to move the walk-in centre?\""
        ),
        "{stderr}"
    );
    assert!(stderr.contains("its coding may not carry over"), "{stderr}");
    // An export without the question is refused, with a hint.
    let output = engage()
        .current_dir(root())
        .args(["themes", "testdata/planted.csv", "--model"])
        .arg(&model)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("engage: error:")
            && stderr.contains("the one the model model.json learned on"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: name the question to code with --question"),
        "{stderr}"
    );
}

#[test]
fn bad_training_files_and_models_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, content: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    };
    let one_value = write(
        "one-value.csv",
        "id,comment,theme\n1,we had a long wait to be seen,Waiting\n2,the staff at the desk were rude to us,Waiting\n3,it is far away from the bus stop,Waiting\n4,ok I suppose but it could be better,Waiting\n5,a bad experience from start to finish,Waiting\n6,fine for me and for my family too,Waiting\n",
    );
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                one_value.display().to_string(),
                "--question".into(),
                "comment".into(),
                "--label".into(),
                "theme".into(),
            ],
            "the label column has one value (\"Waiting\") in every coded comment",
        ),
        (
            vec![TRAIN.into(), "--question".into(), "nonsense".into()],
            "nonsense",
        ),
        (
            vec![
                TRAIN.into(),
                "--question".into(),
                "Which best describes you?".into(),
            ],
            "not free text",
        ),
        (
            vec![
                TRAIN.into(),
                "--question".into(),
                QUESTION.into(),
                "--labels".into(),
                "Main theme".into(),
            ],
            "expected 1 or 0 (or blank) for a theme, found",
        ),
    ];
    for (args, expected) in cases {
        let output = engage()
            .current_dir(root())
            .args(["themes", "learn"])
            .args(&args)
            .arg("-o")
            .arg(dir.path().join("never.json"))
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("engage: error:") && stderr.contains(expected),
            "{args:?}: {stderr}"
        );
        assert!(!dir.path().join("never.json").exists());
    }
    let model = learned(dir.path());
    let json = std::fs::read_to_string(&model).unwrap();
    let models = [
        (
            "damaged.json",
            json[..json.len() / 2].to_string(),
            "the model is damaged",
        ),
        (
            "newer.json",
            json.replacen("\"schema_version\":1", "\"schema_version\":99", 1),
            "model schema_version 99 is not one this engage reads",
        ),
        (
            "other.json",
            "{\"hello\": 1}".to_string(),
            "not an engage model",
        ),
    ];
    for (name, content, expected) in models {
        let path = write(name, &content);
        let output = engage()
            .current_dir(root())
            .args(["themes", "testdata/themes/consultation.csv", "--model"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert_eq!(
            stderr
                .lines()
                .filter(|line| line.starts_with("engage: error:"))
                .count(),
            1,
            "{stderr}"
        );
    }
}

#[test]
fn a_single_label_model_gives_each_comment_one_theme() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("single.json");
    let output = engage()
        .current_dir(root())
        .args([
            "themes",
            "learn",
            TRAIN,
            "--question",
            QUESTION,
            "--label",
            "Main theme",
            "-o",
        ])
        .arg(&model)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("accuracy (comments given their own theme)"));
    let output = engage()
        .current_dir(root())
        .args([
            "themes",
            "testdata/themes/consultation.csv",
            "--coding",
            "--format",
            "json",
            "--model",
        ])
        .arg(&model)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for comment in json["questions"][0]["comments"].as_array().unwrap() {
        assert_eq!(
            comment["coding"]["confidence"].as_array().unwrap().len(),
            1,
            "{comment}"
        );
    }
    // No table, chart or sentence says a comment may have several themes, and no table or
    // heatmap pairs themes that are never given together.
    let markdown = consultation_report(dir.path(), &model);
    assert!(
        markdown.contains("each comment has one theme"),
        "{markdown}"
    );
    for wrong in [
        "several themes",
        "more than one answer allowed",
        "Themes given together",
        "Themes mentioned together",
    ] {
        assert!(!markdown.contains(wrong), "{wrong}: {markdown}");
    }
}

#[test]
fn suggestions_are_a_sheet_learn_reads_once_coded() {
    let dir = tempfile::tempdir().unwrap();
    let model = learned(dir.path());
    let next = dir.path().join("next.csv");
    let output = engage()
        .current_dir(root())
        .args([
            "themes",
            "suggest",
            "testdata/themes/consultation.csv",
            "-n",
            "5",
            "--model",
        ])
        .arg(&model)
        .arg("-o")
        .arg(&next)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let sheet = std::fs::read_to_string(&next).unwrap();
    let mut reader = csv::Reader::from_reader(sheet.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "respondent_id",
            "row",
            "What do you think of the proposal to move the walk-in centre?",
            "Waiting times",
            "Travel and access",
            "Staff and care",
            "Cost",
            "suggested",
            "uncertainty",
            "least sure of"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 5);
    // Each names the theme the model is least sure of.
    for record in &records {
        assert!(
            [
                "Waiting times",
                "Travel and access",
                "Staff and care",
                "Cost"
            ]
            .contains(&&record[9]),
            "{record:?}"
        );
    }
    // Most uncertain first.
    let uncertainty: Vec<f64> = records
        .iter()
        .map(|record| record[8].parse().unwrap())
        .collect();
    assert!(
        uncertainty.windows(2).all(|pair| pair[0] >= pair[1]),
        "{uncertainty:?}"
    );
    // Coded by hand (here: the first theme for every comment) and learned from with the
    // training sheet's comments, the sheet reads as training data.
    let mut coded = String::new();
    let mut lines = sheet.lines();
    coded.push_str(lines.next().unwrap());
    coded.push('\n');
    for line in lines {
        coded.push_str(&line.replacen(",,,,", ",1,1,1,", 1));
        coded.push('\n');
    }
    let coded_path = dir.path().join("coded.csv");
    std::fs::write(&coded_path, coded).unwrap();
    let output = engage()
        .current_dir(root())
        .args(["themes", "learn"])
        .arg(&coded_path)
        .args(["--question", QUESTION, "--folds", "2", "--quiet", "-o"])
        .arg(dir.path().join("from-suggestions.json"))
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    // Five comments with every theme but one: too few to tell apart, said plainly.
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("engage: error:"), "{stderr}");
}

#[test]
fn the_report_uses_the_model_and_says_how_well_it_agreed_with_people() {
    let dir = tempfile::tempdir().unwrap();
    let model = learned(dir.path());
    let markdown = consultation_report(dir.path(), &model);
    assert!(
        markdown.contains("The themes were coded by a model learned from 65 hand-coded comments (hand-coded.csv); tested on comments it had not learned from (cross-validation), it agreed with the hand coding at macro-F1"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Themes in what people said"),
        "{markdown}"
    );
    assert!(!markdown.contains("As asked"), "{markdown}");
    // "Cost" has 9 examples in the fixture: the reader is told its count is the weakest.
    assert!(
        markdown.contains("The theme \u{201c}Cost\u{201d} had fewer than 10 hand-coded examples: its count is the least reliable"),
        "{markdown}"
    );
}

/// A model, like a codebook, codes the question it was made for: the report codes the question
/// the model learned on, says why it coded nothing when the export lacks it, and codes another
/// question only when named (`--model QUESTION=FILE`), saying so.
#[test]
fn the_report_codes_the_question_the_model_learned_on_unless_another_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let model = learned(dir.path());
    let report = |file: &str, model: &str| {
        let out = dir.path().join("report");
        let output = engage()
            .current_dir(root())
            .args([
                "report", file, "--quiet", "--no-png", "--force", "--model", model,
            ])
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
        std::fs::read_to_string(out.join("report.md")).unwrap()
    };
    let path = model.to_str().unwrap();
    let markdown = report("testdata/planted.csv", path);
    assert!(
        markdown.contains("The model was not used: it was learned on answers to \u{201c}What do you think of the proposal to move the walk-in centre?\u{201d} (think\\_proposal\\_move\\_walk\\_centre), which this export does not have. Name the question to code on the command line (--model QUESTION=FILE)."),
        "{markdown}"
    );
    assert!(
        !markdown.contains("Themes in what people said"),
        "{markdown}"
    );
    let markdown = report(
        "testdata/themes/consultation.csv",
        &format!("anything_else_like={path}"),
    );
    let themes = &markdown[markdown.find("## Themes in what people said").unwrap()..];
    assert!(
        themes.contains("### Is there anything else you would like to tell us?"),
        "{themes}"
    );
    assert!(
        !themes.contains("### What do you think of the proposal"),
        "{themes}"
    );
    assert!(
        markdown.contains("As asked, it coded \u{201c}Is there anything else you would like to tell us?\u{201d}, a question it did not learn on: these figures may not hold there."),
        "{markdown}"
    );
}

#[test]
fn help() {
    for command in ["learn", "suggest"] {
        let output = engage()
            .args(["themes", command, "--help"])
            .output()
            .unwrap();
        assert!(output.status.success());
        insta::assert_snapshot!(format!("{command}_help"), text(&output.stdout));
    }
}
