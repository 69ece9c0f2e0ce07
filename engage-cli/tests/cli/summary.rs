//! `engage summary`: the JSON contract, figures on the bundled sample, published tables
//! reproduced from real exports, formats, weights, bad input, and layout snapshots.

use serde_json::Value;

use crate::{engage, realdata, root, run, testdata, transcript};

/// The summary JSON of a file, parsed.
fn summary_json(file: &std::path::Path, extra: &[&str]) -> Value {
    let mut command = engage();
    command
        .current_dir(root())
        .args(["summary", "--format", "json"])
        .arg(file)
        .args(extra);
    let (code, stdout, stderr) = run(&mut command);
    assert_eq!(code, 0, "{}: {stderr}", file.display());
    serde_json::from_str(&stdout).expect("summary prints JSON")
}

fn question<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .find(|question| question["id"] == id)
        .unwrap_or_else(|| panic!("no question {id}"))
}

/// An option's figures by label.
fn option<'a>(question: &'a Value, label: &str) -> &'a Value {
    question["options"]
        .as_array()
        .expect("options")
        .iter()
        .find(|option| option["label"] == label)
        .unwrap_or_else(|| panic!("no option {label} in {}", question["id"]))
}

fn labels_and_counts(question: &Value) -> Vec<(String, u64)> {
    question["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|option| {
            (
                option["label"].as_str().unwrap().to_string(),
                option["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Every number anywhere in the JSON, with its path.
fn numbers(value: &Value, path: &str, out: &mut Vec<(String, f64)>) {
    match value {
        Value::Number(number) => out.push((path.to_string(), number.as_f64().unwrap())),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                numbers(item, &format!("{path}[{index}]"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                numbers(item, &format!("{path}.{key}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_json_has_the_documented_shape_on_the_sample() {
    let json = summary_json(&testdata("walk-in-centre.xlsx"), &[]);
    assert_eq!(json["respondents"], 1503);
    let questions = json["questions"].as_array().unwrap();
    // Every question but the five metadata and personal columns, in questionnaire order: 20
    // questions and the typed "Other" part of the how-heard question.
    assert_eq!(questions.len(), 21);
    assert_eq!(questions[0]["id"], "capacity_responding_consultation");
    for question in questions {
        for key in ["id", "type", "base", "options", "likert", "numeric"] {
            assert!(
                question.get(key).is_some(),
                "{key} missing: {}",
                question["id"]
            );
        }
        for option in question["options"].as_array().unwrap() {
            for key in ["label", "count", "percent", "ci_low", "ci_high"] {
                assert!(
                    option.get(key).is_some(),
                    "option {key}: {}",
                    question["id"]
                );
            }
        }
    }
    // Percentages are 0-100, and intervals hold their estimate.
    let mut all = Vec::new();
    numbers(&json, "", &mut all);
    for (path, value) in &all {
        assert!(value.is_finite(), "{path}");
        if path.ends_with(".percent") || path.ends_with(".ci_low") || path.ends_with(".ci_high") {
            assert!((0.0..=100.0).contains(value), "{path} = {value}");
        }
    }
    for question in questions {
        for option in question["options"].as_array().unwrap() {
            if let (Some(low), Some(p), Some(high)) = (
                option["ci_low"].as_f64(),
                option["percent"].as_f64(),
                option["ci_high"].as_f64(),
            ) {
                assert!(low <= p && p <= high, "{}: {option}", question["id"]);
            }
        }
    }
}

/// The sample's figures agree with `engage inspect`'s counts, and the derived figures follow
/// from them: for "stay at its current site", 1,364 answered, 65 "Don't know", so the scale
/// base is 1,299; top 2 = 334 + 457 = 791 of 1,299 = 60.8929…%; bottom 2 = 86 + 158 = 244.
#[test]
fn sample_figures_follow_from_the_counts() {
    let json = summary_json(&testdata("walk-in-centre.xlsx"), &[]);
    let capacity = question(&json, "capacity_responding_consultation");
    assert_eq!(capacity["base"], 1503);
    assert_eq!(
        labels_and_counts(capacity),
        [
            ("A local resident".to_string(), 903),
            ("A patient of the walk-in centre".to_string(), 319),
            ("A carer".to_string(), 120),
            ("A member of NHS or social care staff".to_string(), 117),
            ("On behalf of an organisation or group".to_string(), 44),
        ]
    );
    let total: f64 = capacity["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|option| option["percent"].as_f64().unwrap())
        .sum();
    assert!((total - 100.0).abs() < 1e-9);

    let stay = question(&json, "walk_centre_stay_current_site");
    assert_eq!(stay["type"], "likert");
    assert_eq!(stay["base"], 1364);
    assert_eq!(stay["no_answer"], 139);
    let likert = &stay["likert"];
    assert_eq!(likert["scale_base"], 1299);
    assert_eq!(likert["dont_know"], 65);
    assert_eq!(likert["top_box"]["count"], 791);
    assert_eq!(likert["bottom_box"]["count"], 244);
    let top2 = likert["top2"].as_f64().unwrap();
    assert!((top2 - 791.0 / 1299.0 * 100.0).abs() < 1e-9);
    let net = likert["net"].as_f64().unwrap();
    assert!((net - (791.0 - 244.0) / 1299.0 * 100.0).abs() < 1e-9);
    // Mean (1·86 + 2·158 + 3·264 + 4·334 + 5·457) / 1299 = 4815 / 1299.
    assert!((likert["mean"].as_f64().unwrap() - 4815.0 / 1299.0).abs() < 1e-9);
    assert_eq!(likert["median"], 4.0);
    let dont_know = option(stay, "Don't know");
    assert_eq!(dont_know["on_scale"], false);
    assert!((dont_know["percent"].as_f64().unwrap() - 65.0 / 1364.0 * 100.0).abs() < 1e-9);

    // The 0-10 item: promoters 134 + 191 = 325 of 741, detractors 0 + 2 + 1 + 3 + 19 + 38 +
    // 87 = 150: NPS = (325 - 150) / 741 × 100.
    let nps = &question(&json, "likely_recommend_walk_centre")["likert"]["nps"];
    assert_eq!(nps["promoters"]["count"], 325);
    assert_eq!(nps["detractors"]["count"], 150);
    let score = nps["score"].as_f64().unwrap();
    assert!((score - 175.0 / 741.0 * 100.0).abs() < 1e-9);

    let services = question(&json, "services_used_last_12_months");
    assert_eq!(services["base"], 1479);
    let multiple = &services["multiple"];
    let mentions = multiple["mentions"].as_u64().unwrap();
    let gp = option(services, "GP practice");
    assert_eq!(gp["count"], 1204);
    assert!((gp["percent"].as_f64().unwrap() - 1204.0 / 1479.0 * 100.0).abs() < 1e-9);
    assert!(
        (gp["percent_of_mentions"].as_f64().unwrap() - 1204.0 / mentions as f64 * 100.0).abs()
            < 1e-9
    );
    assert!((multiple["mean_options"].as_f64().unwrap() - mentions as f64 / 1479.0).abs() < 1e-12);

    let visits = question(&json, "many_times_used_urgent_care");
    assert_eq!(visits["numeric"]["n"], 1347);
    assert_eq!(visits["numeric"]["max"], 99.0);
    assert!(visits["numeric"]["far_out"].as_u64().unwrap() > 0);
    let comments = question(&json, "reasons_answers_anything_else");
    assert_eq!(comments["free_text"]["answered"], 999);
    let when = question(&json, "when_did_last_use_walk_centre");
    assert_eq!(when["base"], 802);
    let months: u64 = when["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|month| month["count"].as_u64().unwrap())
        .sum();
    assert_eq!(months, 802);
}

/// `--by`: each group has its own base, and the groups' bases add up to everyone who
/// answered both questions.
#[test]
fn by_splits_every_question_into_groups() {
    let json = summary_json(
        &testdata("walk-in-centre.xlsx"),
        &[
            "--by",
            "capacity_responding_consultation",
            "--question",
            "walk_centre_stay_current_site",
        ],
    );
    let by = &json["by"];
    assert_eq!(by["id"], "capacity_responding_consultation");
    assert_eq!(by["groups"].as_array().unwrap().len(), 5);
    let stay = &json["questions"][0];
    let groups = stay["groups"].as_array().unwrap();
    assert_eq!(groups[0]["label"], "A local resident");
    let bases: u64 = groups.iter().map(|g| g["base"].as_u64().unwrap()).sum();
    assert_eq!(bases, 1364);
    // Staff: 105 answered, 2 "Don't know"; 20 of 103 agree and 12 strongly agree.
    let staff = &groups[3];
    assert_eq!(staff["base"], 105);
    assert_eq!(staff["likert"]["scale_base"], 103);
    let top2 = staff["likert"]["top2"].as_f64().unwrap();
    assert!((top2 - 32.0 / 103.0 * 100.0).abs() < 1e-9);
}

/// A weight column by hand: four respondents, weights 3, 1, 1, 1, answering Yes, No, No,
/// blank. Weighted base 5, Yes 3 of 5 = 60%; Kish n (5)² / (9 + 1 + 1) = 25/11. The weight
/// column itself is not summarised.
#[test]
fn a_weight_column_weights_the_percentages() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("weighted.csv");
    std::fs::write(
        &path,
        "Respondent,Do you support the plan?,Weight\n1,Yes,3\n2,No,1\n3,No,1\n4,,1\n",
    )
    .unwrap();
    let json = summary_json(&path, &["--weights", "weight"]);
    assert_eq!(json["questions"].as_array().unwrap().len(), 1);
    let support = &json["questions"][0];
    assert_eq!(support["base"], 3);
    assert_eq!(support["weighted_base"], 5.0);
    let effective = support["effective_base"].as_f64().unwrap();
    assert!((effective - 25.0 / 11.0).abs() < 1e-12);
    let yes = option(support, "Yes");
    assert_eq!(yes["count"], 1);
    assert_eq!(yes["weighted_count"], 3.0);
    assert!((yes["percent"].as_f64().unwrap() - 60.0).abs() < 1e-12);
    assert_eq!(json["weighting"]["total"], 6.0);

    // A weight that is not a number is refused with its row.
    std::fs::write(
        &path,
        "Respondent,Do you support the plan?,Weight\n1,Yes,3\n2,No,\n3,No,1\n",
    )
    .unwrap();
    let (code, _, stderr) = run(engage()
        .arg("summary")
        .arg(&path)
        .args(["--weights", "weight"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("row 3, column \"Weight\": expected a weight"),
        "{stderr}"
    );
}

#[test]
fn csv_and_markdown_are_tables() {
    let (code, stdout, _) = run(engage().current_dir(root()).args([
        "summary",
        "testdata/walk-in-centre.xlsx",
        "--format",
        "csv",
        "--question",
        "sex",
        "--question",
        "used_walk_centre_riverside",
    ]));
    assert_eq!(code, 0);
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some("table,Option,Count,%,95% CI low,95% CI high")
    );
    assert!(
        stdout.contains("What is your sex?,Female,696,56.083803"),
        "{stdout}"
    );
    let (code, stdout, _) = run(engage().current_dir(root()).args([
        "summary",
        "testdata/walk-in-centre.xlsx",
        "--format",
        "markdown",
        "--question",
        "sex",
    ]));
    assert_eq!(code, 0);
    assert!(stdout.starts_with("**What is your sex?**\n\nBase: all who answered (n = 1,241); 262 did not answer\n\n| Option | Count | % |"), "{stdout}");
}

#[test]
fn output_goes_to_a_file() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("summary.json");
    let (code, stdout, _) = run(engage()
        .current_dir(root())
        .args([
            "summary",
            "testdata/walk-in-centre.xlsx",
            "--format",
            "json",
            "-o",
        ])
        .arg(&path));
    assert_eq!(code, 0);
    assert!(stdout.is_empty());
    let json: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(json["respondents"], 1503);
}

#[test]
fn bad_requests_are_one_clear_error() {
    for (name, args) in [
        ("unknown-question", &["--question", "sexx"][..]),
        (
            "by-free-text",
            &["--by", "reasons_answers_anything_else"][..],
        ),
        ("weights-not-numeric", &["--weights", "sex"][..]),
        ("personal-data", &["--question", "email"][..]),
    ] {
        let output = transcript(
            engage()
                .current_dir(root())
                .args(["summary", "testdata/walk-in-centre.xlsx"])
                .args(args),
        );
        assert!(output.starts_with("exit code: 2\n"), "{name}: {output}");
        insta::assert_snapshot!(format!("summary-{name}"), output);
    }
}

#[test]
fn layout_snapshots() {
    let questions = [
        "capacity_responding_consultation",
        "services_used_last_12_months",
        "walk_centre_stay_current_site",
        "likely_recommend_walk_centre",
        "many_times_used_urgent_care",
        "reasons_answers_anything_else",
    ];
    let mut args = vec!["summary", "testdata/walk-in-centre.xlsx"];
    for id in questions {
        args.extend(["--question", id]);
    }
    insta::assert_snapshot!(
        "summary-sample",
        transcript(engage().current_dir(root()).args(&args))
    );
    args.extend(["--by", "sex"]);
    insta::assert_snapshot!(
        "summary-sample-by-sex",
        transcript(engage().current_dir(root()).args(&args))
    );
}

#[test]
fn help_snapshot() {
    insta::assert_snapshot!(
        "summary-help",
        transcript(engage().args(["summary", "--help"]))
    );
}

/// A published table: its rows as (label, value), read from the team's own CSV output.
fn published(path: &std::path::Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let (label, value) = line.rsplit_once(',').expect("label,value");
            (label.to_string(), value.to_string())
        })
        .collect()
}

/// Checks a question's counts against a published count table, and its percentages against
/// the published percentage table digit for digit (pandas computes count / base × 100 in
/// doubles, as engage does, so the numbers must be bit-identical).
fn reproduces(question: &Value, counts: &std::path::Path, percents: Option<&std::path::Path>) {
    let ours: Vec<(String, u64)> = labels_and_counts(question);
    let mut theirs: Vec<(String, u64)> = published(counts)
        .into_iter()
        .map(|(label, value)| (label, value.parse::<f64>().unwrap() as u64))
        .collect();
    let mut sorted = ours.clone();
    // The published tables are sorted by count; engage keeps the form's order.
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    theirs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    assert_eq!(sorted, theirs, "{}", counts.display());
    if let Some(percents) = percents {
        for (label, value) in published(percents) {
            let percent = option(question, &label)["percent"].as_f64().unwrap();
            assert_eq!(
                percent.to_string(),
                value,
                "{label} in {}",
                percents.display()
            );
        }
    }
}

/// The UK Research Software Engineer surveys (softwaresaved/international-survey): the team's
/// published tables, reproduced exactly from their public_data.csv (see SOURCES.md).
#[test]
fn ssi_rse_2017_published_tables_are_reproduced_exactly() {
    let Some(folder) = realdata("surveys/ssi-rse/2017-uk") else {
        return;
    };
    let tables = folder.join("published-tables");
    // The published tables are reproduced from the whole figures, nothing withheld.
    let json = summary_json(&folder.join("public_data.csv"), &["--suppress", "none"]);
    // edu1: Doctorate 170, Master degree 56, Undergraduate degree 25, Other 2, and
    // 67.19367588932806% and so on, of all 253.
    reproduces(
        question(&json, "edu1"),
        &tables.join("edu1.csv"),
        Some(&tables.join("edu1[PERC].csv")),
    );
    // currentEmp1: eight organisation types, "Other" (13) last in engage's order.
    let employer = question(&json, "currentemp1");
    reproduces(
        employer,
        &tables.join("currentEmp1.csv"),
        Some(&tables.join("currentEmp1[PERC].csv")),
    );
    assert_eq!(
        employer["options"].as_array().unwrap().last().unwrap()["label"],
        "Other"
    );
    // socio2: percentages of the 217 who answered; the 36 blanks are the no-answer count.
    let gender = question(&json, "socio2");
    assert_eq!(gender["no_answer"], 36);
    assert_eq!(
        labels_and_counts(gender),
        [
            ("Male".to_string(), 183),
            ("Female".to_string(), 33),
            ("Other".to_string(), 1),
        ]
    );
    for (label, value) in published(&tables.join("socio2[PERC].csv")) {
        let percent = option(gender, &label)["percent"].as_f64().unwrap();
        assert_eq!(percent.to_string(), value, "socio2 {label}");
    }
    // rse1 is published as one row: Yes 246, No 7, and 97.23320158102767% / 2.766798418972332%.
    let code = question(&json, "rse1");
    assert_eq!(option(code, "Yes")["count"], 246);
    assert_eq!(option(code, "No")["count"], 7);
    assert_eq!(
        option(code, "Yes")["percent"].to_string(),
        "97.23320158102767"
    );
    assert_eq!(
        option(code, "No")["percent"].to_string(),
        "2.766798418972332"
    );
    // proj4can (check all that apply): counts, and the published percentages are of the 356
    // mentions, which is engage's percent_of_mentions.
    let testing = question(&json, "proj4can");
    let mut counts = labels_and_counts(testing);
    counts.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let theirs: Vec<(String, u64)> = published(&tables.join("proj4can.csv"))
        .into_iter()
        .map(|(label, value)| (label, value.parse().unwrap()))
        .collect();
    assert_eq!(counts, theirs);
    assert_eq!(testing["multiple"]["mentions"], 356);
    for (label, value) in published(&tables.join("proj4can[PERC].csv")) {
        let percent = option(testing, &label)["percent_of_mentions"]
            .as_f64()
            .unwrap();
        assert_eq!(percent.to_string(), value, "proj4can {label}");
    }
    // The Likert grid affSat1_2_3_4, column "I find real enjoyment in my job": 4, 10, 20, 95,
    // 96 in scale order (28 blank, not tabulated: engage's no-answer count).
    let enjoyment = question(&json, "likertagree2_affsat1");
    assert_eq!(enjoyment["type"], "likert");
    assert_eq!(
        labels_and_counts(enjoyment),
        [
            ("Strongly disagree".to_string(), 4),
            ("Disagree".to_string(), 10),
            ("Neither agree or disagree".to_string(), 20),
            ("Agree".to_string(), 95),
            ("Strongly Agree".to_string(), 96),
        ]
    );
    assert_eq!(enjoyment["no_answer"], 28);
    let grid = std::fs::read_to_string(tables.join("affSat1_2_3_4.csv")).unwrap();
    let column: Vec<u64> = grid
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    let ours: Vec<u64> = labels_and_counts(enjoyment)
        .iter()
        .map(|(_, count)| *count)
        .collect();
    assert_eq!(ours, column);
    // prevEmp2, a ranking: how many put each reason at each rank, as published.
    let reasons = question(&json, "prevemp2");
    let published_ranks = std::fs::read_to_string(tables.join("prevEmp2.csv")).unwrap();
    for line in published_ranks.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[0].is_empty() {
            continue; // the blanks row
        }
        let theirs: Vec<u64> = cells[1..]
            .iter()
            .map(|cell| cell.parse::<f64>().map_or(0, |value| value as u64))
            .collect();
        let ours: Vec<u64> = option(reasons, cells[0])["rank_counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|count| count.as_u64().unwrap())
            .collect();
        assert_eq!(ours, theirs, "prevEmp2 {}", cells[0]);
    }
    // Published as engage publishes by default, gender is a profile question: Other (1) is
    // withheld, and Female with it, since 217 - 183 would give it back; their percentages,
    // intervals and counts are null in the JSON, and Male stays.
    let published = summary_json(&folder.join("public_data.csv"), &[]);
    let gender = question(&published, "socio2");
    let female = option(gender, "Female");
    assert_eq!(female["count"], Value::Null, "{female}");
    assert_eq!(female["percent"], Value::Null, "{female}");
    assert_eq!(female["withheld"], "*");
    assert_eq!(option(gender, "Other")["withheld"], "<5");
    assert_eq!(option(gender, "Male")["count"], 183);
}

#[test]
fn ssi_rse_2016_published_tables_are_reproduced_exactly() {
    let Some(folder) = realdata("surveys/ssi-rse/2016-uk") else {
        return;
    };
    let tables = folder.join("published-tables");
    let json = summary_json(&folder.join("public_data.csv"), &[]);
    reproduces(
        question(&json, "edu1"),
        &tables.join("edu1.csv"),
        Some(&tables.join("edu1[PERC].csv")),
    );
    // currentEmp1 ("Do you work for a university?") is published as Yes 203, No 68, blank 2,
    // and 74.90774907749078% / 25.092250922509223% of the 271 who answered.
    let university = question(&json, "currentemp1");
    assert_eq!(university["no_answer"], 2);
    assert_eq!(option(university, "Yes")["count"], 203);
    assert_eq!(
        option(university, "Yes")["percent"].to_string(),
        "74.90774907749078"
    );
    assert_eq!(
        option(university, "No")["percent"].to_string(),
        "25.092250922509223"
    );
}

/// Every real export is summarised or refused with an error, never a panic, and no output
/// holds NaN or infinity.
#[test]
fn real_exports_never_panic_or_print_nan() {
    let Some(folder) = realdata("surveys") else {
        return;
    };
    let mut files = Vec::new();
    let mut stack = vec![folder];
    while let Some(directory) = stack.pop() {
        for entry in std::fs::read_dir(directory).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "csv" || extension == "xlsx")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut summarised = 0;
    for path in &files {
        let (code, stdout, stderr) = run(engage().arg("--quiet").arg("summary").arg(path));
        assert!(
            code == 0 || code == 2,
            "{}: exit {code}\n{stderr}",
            path.display()
        );
        assert!(
            !stdout.contains("NaN") && !stdout.contains("inf%"),
            "{}",
            path.display()
        );
        if code == 0 {
            summarised += 1;
        } else {
            assert!(stderr.starts_with("engage: error: "), "{stderr}");
        }
    }
    assert!(
        summarised > files.len() / 2,
        "{summarised} of {}",
        files.len()
    );
}
