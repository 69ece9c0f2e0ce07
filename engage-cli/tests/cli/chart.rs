//! `engage chart`: every kind drawn on the bundled sample and the activity log, SVG and PNG,
//! the description beside each, byte-identical reruns, `--from summary.json` drawing the same
//! chart as the export, real exports, and bad input.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{engage, realdata, root, run, transcript};

/// Runs `engage chart` with `args`, writing `name` in `dir`; returns its path.
fn chart(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let output = dir.join(name);
    let mut command = engage();
    command
        .current_dir(root())
        .arg("chart")
        .args(args)
        .arg("-o")
        .arg(&output);
    let (code, _, stderr) = run(&mut command);
    assert_eq!(code, 0, "{name}: {stderr}");
    output
}

/// A PNG's width and height.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is not a PNG",
        path.display()
    );
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

fn description(path: &Path) -> String {
    std::fs::read_to_string(path.with_extension("txt")).expect("a description beside the chart")
}

const SAMPLE: &str = "testdata/walk-in-centre.xlsx";
const CENSUS: &str = "testdata/reference/england-wales-census-2021.csv";
const CODEBOOK: &str = "testdata/codebooks/walk-in-centre.toml";
const ACTIVITY: &str = "testdata/activity-2013.xlsx";

#[test]
fn every_kind_draws_on_the_sample_with_a_description() {
    let dir = tempfile::tempdir().unwrap();
    // (file name, arguments, words the description must hold)
    let cases: [(&str, Vec<&str>, &str); 12] = [
        (
            "bar.png",
            vec![SAMPLE, "--question", "services_used_last_12_months"],
            "the largest is \"GP practice\" at 81%",
        ),
        (
            "likert.png",
            vec![SAMPLE, "--question", "walk_centre_stay_current_site"],
            "61% agree and 19% disagree",
        ),
        (
            "likert-group.png",
            vec![
                SAMPLE,
                "--question",
                "walk_centre_stay_current_site",
                "--question",
                "easy_get_appointment_gp",
            ],
            "Diverging bar chart of 2 statements",
        ),
        (
            "satisfaction.png",
            vec![SAMPLE, "--question", "satisfied_last_visit_walk_centre"],
            "satisfied and",
        ),
        (
            "crosstab.png",
            vec![
                SAMPLE,
                "--question",
                "used_walk_centre_riverside",
                "--by",
                "capacity_responding_consultation",
            ],
            "A local resident",
        ),
        (
            "timeline.png",
            vec![SAMPLE, "--kind", "timeline"],
            "1,503 in all",
        ),
        (
            "representation.png",
            vec![SAMPLE, "--reference", CENSUS, "--question", "age"],
            "Under 16 (index 3)",
        ),
        (
            "representation-percentages.png",
            vec![
                SAMPLE,
                "--reference",
                CENSUS,
                "--question",
                "ethnic_group",
                "--percentages",
            ],
            "4 of 5 groups are under-represented",
        ),
        (
            "themes.png",
            vec![
                SAMPLE,
                "--codebook",
                CODEBOOK,
                "--question",
                "reasons_answers_anything_else",
            ],
            "the largest is \"A&E and the hospital\" at 35%",
        ),
        (
            "cooccurrence.png",
            vec![
                SAMPLE,
                "--codebook",
                CODEBOOK,
                "--question",
                "reasons_answers_anything_else",
                "--kind",
                "cooccurrence",
            ],
            "together",
        ),
        (
            "activity-cost.png",
            vec![ACTIVITY, "--kind", "activity-cost"],
            "\"Supporting community groups to apply for funding\" at £45.00",
        ),
        (
            "activity-sectors.png",
            vec![ACTIVITY, "--kind", "activity-sectors"],
            "sector",
        ),
    ];
    for (name, args, words) in cases {
        let path = chart(dir.path(), name, &args);
        let (width, height) = png_size(&path);
        assert_eq!(width, 1600, "{name}");
        assert!(height >= 1000, "{name}: {height}");
        let text = description(&path);
        assert!(text.contains(words), "{name}: {text}");
    }
    let levels = chart(
        dir.path(),
        "levels.svg",
        &[ACTIVITY, "--kind", "activity-wilcox-levels"],
    );
    let svg = std::fs::read_to_string(&levels).unwrap();
    assert!(
        svg.starts_with("<?xml") || svg.starts_with("<svg"),
        "{}",
        &svg[..40]
    );
    assert!(svg.contains("role=\"img\""));
}

#[test]
fn a_saved_summary_draws_the_same_chart_as_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.json");
    let mut command = engage();
    command
        .current_dir(root())
        .args(["summary", "--format", "json", SAMPLE, "-o"])
        .arg(&summary);
    let (code, _, stderr) = run(&mut command);
    assert_eq!(code, 0, "{stderr}");
    std::fs::create_dir(dir.path().join("a")).unwrap();
    std::fs::create_dir(dir.path().join("b")).unwrap();
    for question in [
        "services_used_last_12_months",
        "walk_centre_stay_current_site",
        "age",
    ] {
        for extension in ["svg", "png"] {
            let name = format!("{question}.{extension}");
            let direct = chart(
                &dir.path().join("a"),
                &name,
                &[SAMPLE, "--question", question],
            );
            let from = chart(
                &dir.path().join("b"),
                &name,
                &[
                    "--from",
                    summary.to_str().unwrap(),
                    "--question",
                    question,
                    "--source",
                    "walk-in-centre.xlsx",
                ],
            );
            if question == "age" {
                // A saved summary does not say which questions are profile questions, so
                // nothing is withheld; the sample's age bands have no count below 5 anyway.
                assert_eq!(description(&direct), description(&from));
                continue;
            }
            assert!(
                std::fs::read(&direct).unwrap() == std::fs::read(&from).unwrap(),
                "{name} differs between the export and the saved summary"
            );
        }
    }
}

#[test]
fn two_runs_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["one", "two"] {
        std::fs::create_dir(dir.path().join(name)).unwrap();
    }
    for file in ["bar.svg", "bar.png"] {
        let args = [SAMPLE, "--question", "did_hear_consultation"];
        let one = chart(&dir.path().join("one"), file, &args);
        let two = chart(&dir.path().join("two"), file, &args);
        assert!(
            std::fs::read(one).unwrap() == std::fs::read(two).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn real_exports_draw() {
    let dir = tempfile::tempdir().unwrap();
    for relative in [
        "surveys/jupyter/2015-notebook-ux/20160115235816-SurveyExport.csv",
        "surveys/ssi-rse/2017-uk/public_data.csv",
    ] {
        let Some(path) = realdata(relative) else {
            continue;
        };
        let mut command = engage();
        command.args(["inspect", "--format", "json"]).arg(&path);
        let (code, stdout, stderr) = run(&mut command);
        assert_eq!(code, 0, "{stderr}");
        let inspection: Value = serde_json::from_str(&stdout).unwrap();
        let questions = inspection["questions"].as_array().unwrap();
        let mut drawn = 0;
        for kind in ["single_choice", "multi_choice", "likert"] {
            let Some(question) = questions.iter().find(|question| question["type"] == kind) else {
                continue;
            };
            let id = question["id"].as_str().unwrap();
            let name = format!("{}-{kind}.png", relative.replace('/', "-"));
            let output = chart(
                dir.path(),
                &name,
                &[path.to_str().unwrap(), "--question", id],
            );
            assert_eq!(png_size(&output).0, 1600);
            assert!(!description(&output).is_empty());
            drawn += 1;
        }
        assert!(drawn >= 2, "{relative}: only {drawn} kinds found");
        if !relative.contains("jupyter") {
            // The RSE survey's public file has no submission dates.
            continue;
        }
        let timeline = chart(
            dir.path(),
            "timeline.svg",
            &[path.to_str().unwrap(), "--kind", "timeline"],
        );
        assert!(description(&timeline).starts_with("Timeline of responses"));
    }
}

#[test]
fn bad_requests_are_one_error_line_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad_json = dir.path().join("bad.json");
    std::fs::write(&bad_json, "{\"respondents\": 1").unwrap();
    let cases: [(&str, Vec<&str>, &str); 6] = [
        (
            "x.jpg",
            vec![SAMPLE, "--question", "age"],
            "x.jpg: expected a chart file ending in .svg or .png",
        ),
        (
            "x.svg",
            vec![SAMPLE, "--question", "many_times_used_urgent_care"],
            "has no chart",
        ),
        (
            "x.svg",
            vec![SAMPLE, "--question", "reasons_answers_anything_else"],
            "give --codebook FILE",
        ),
        (
            "x.svg",
            vec![SAMPLE, "--kind", "crosstab", "--question", "age"],
            "needs --by ID",
        ),
        (
            "x.svg",
            vec![SAMPLE, "--reference", CENSUS],
            "choose the profile question with --question: sex, age, ethnic_group",
        ),
        (
            "x.svg",
            vec!["--from", bad_json.to_str().unwrap(), "--question", "age"],
            "bad.json: not the JSON of engage summary",
        ),
    ];
    for (name, args, message) in cases {
        let output = dir.path().join(name);
        let mut command = engage();
        command
            .current_dir(root())
            .arg("chart")
            .args(&args)
            .arg("-o")
            .arg(&output);
        let (code, _, stderr) = run(&mut command);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("engage: error: ") && first.contains(message),
            "{args:?}: {stderr}"
        );
        assert!(!output.exists(), "{args:?} wrote {name}");
    }
}

#[test]
fn a_missing_output_folder_says_so() {
    // Regression: the message was only "writing the chart /nonexistent.../x.png", without why.
    let output = transcript(engage().current_dir(root()).args([
        "chart",
        SAMPLE,
        "--question",
        "sex",
        "-o",
        "/nonexistent-engage-folder/x.png",
    ]));
    assert!(output.starts_with("exit code: 2\n"), "{output}");
    assert!(!output.contains(".partial"), "{output}");
    assert!(
        output.contains(
            "engage: error: /nonexistent-engage-folder/x.png: cannot write: the folder /nonexistent-engage-folder does not exist"
        ),
        "{output}"
    );
}

#[test]
fn help() {
    insta::assert_snapshot!("chart-help", transcript(engage().args(["chart", "--help"])));
}
