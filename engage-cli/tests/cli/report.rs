//! `engage report`: the bundle's files, its JSON agreeing with `engage summary`, byte-identical
//! reruns, refusing to overwrite, hostile answers staying inert, and bad input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{engage, realdata, root, run, testdata};

/// Runs `engage report` on `input` into a fresh folder under `dir`, with `extra` arguments;
/// returns the folder.
fn report(input: &Path, dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let output = dir.join(name);
    let mut command = engage();
    command
        .current_dir(root())
        .arg("report")
        .arg(input)
        .arg("-o")
        .arg(&output)
        .args(extra);
    let (code, _, stderr) = run(&mut command);
    assert_eq!(code, 0, "{}: {stderr}", input.display());
    output
}

/// The sample's full report: codebook and census reference.
fn sample_args() -> Vec<String> {
    vec![
        "--codebook".to_string(),
        testdata("codebooks/walk-in-centre.toml")
            .display()
            .to_string(),
        "--reference".to_string(),
        testdata("reference/england-wales-census-2021.csv")
            .display()
            .to_string(),
    ]
}

fn sample_report(dir: &Path, name: &str) -> PathBuf {
    let args = sample_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    report(&testdata("walk-in-centre.xlsx"), dir, name, &args)
}

/// Every file under `folder`, by relative path, with its bytes.
fn files(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let relative = path.strip_prefix(base).unwrap().display().to_string();
                out.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(folder, folder, &mut out);
    out
}

fn json(folder: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(folder.join("report.json")).unwrap())
        .expect("report.json parses")
}

/// The elements an engage report may contain: the page's own structure and the charts' SVG.
/// Anything else (script, img, iframe, a handler attribute's element...) could only have come
/// from respondent text that was not escaped.
const ALLOWED_ELEMENTS: [&str; 39] = [
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "nav",
    "footer",
    "ol",
    "ul",
    "li",
    "a",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "div",
    "span",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "blockquote",
    "svg",
    "desc",
    "rect",
    "text",
    "polyline",
    "line",
    "g",
];

/// The HTML's elements in document order, as a browser builds them: the page is parsed with
/// html5ever (the WHATWG HTML5 parsing algorithm), and any parse error (a tag left open or
/// closed out of order, a stray `<` or `&` from unescaped text, a bad doctype) fails the test.
fn elements(html: &str) -> Vec<String> {
    use html5ever::tendril::TendrilSink;
    use markup5ever_rcdom::{Handle, NodeData, RcDom};

    fn walk(node: &Handle, out: &mut Vec<String>) {
        if let NodeData::Element { name, .. } = &node.data {
            out.push(name.local.to_string());
        }
        for child in node.children.borrow().iter() {
            walk(child, out);
        }
    }

    let options = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            exact_errors: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let dom = html5ever::parse_document(RcDom::default(), options).one(html);
    let errors = dom.errors.borrow();
    assert!(
        errors.is_empty(),
        "the HTML does not parse cleanly: {errors:?}"
    );
    assert_eq!(
        dom.quirks_mode.get(),
        html5ever::tree_builder::QuirksMode::NoQuirks,
        "the page renders in quirks mode"
    );
    let mut names = Vec::new();
    walk(&dom.document, &mut names);
    names
}

#[test]
fn the_sample_report_has_every_part_and_its_numbers_are_those_of_engage_summary() {
    let dir = tempfile::tempdir().unwrap();
    let folder = sample_report(dir.path(), "report");
    let files = files(&folder);
    for name in ["index.html", "report.md", "report.xlsx", "report.json"] {
        assert!(files.contains_key(name), "{name} is missing");
    }
    let charts: Vec<&String> = files
        .keys()
        .filter(|name| name.starts_with("charts/") && extension(name) == "svg")
        .collect();
    assert!(charts.len() >= 20, "only {} charts", charts.len());
    for chart in &charts {
        // Each chart comes as SVG, PNG and a text description.
        for extension in ["png", "txt"] {
            let sibling = chart.replace(".svg", &format!(".{extension}"));
            assert!(files.contains_key(&sibling), "{sibling} is missing");
        }
    }
    assert!(
        files
            .keys()
            .filter(|name| name.starts_with("tables/"))
            .count()
            >= 20
    );

    // The report's figures are engage summary's figures, question by question.
    let report = json(&folder);
    assert_eq!(report["schema_version"], 1);
    let mut command = engage();
    command
        .current_dir(root())
        .args(["summary", "--format", "json"])
        .arg(testdata("walk-in-centre.xlsx"));
    let (code, stdout, stderr) = run(&mut command);
    assert_eq!(code, 0, "{stderr}");
    let summary: Value = serde_json::from_str(&stdout).unwrap();
    let questions = report["questions"].as_array().expect("questions");
    assert!(questions.len() >= 10);
    for question in questions {
        let id = &question["id"];
        let same = summary["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|other| other["id"] == *id)
            .unwrap_or_else(|| panic!("{id} is not in engage summary"));
        assert_eq!(question, same, "{id} differs from engage summary");
    }

    // Headline figures a reader checks first.
    let html = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(html.contains("1,503"), "the number of responses");
    assert!(html.contains("Who took part"));
    assert!(html.contains("Compared with the population"));
    assert!(html.contains("Themes in what people said"));
    for name in elements(&html) {
        assert!(
            ALLOWED_ELEMENTS.contains(&name.as_str()),
            "unexpected <{name}>"
        );
    }
    let markdown = String::from_utf8(files["report.md"].clone()).unwrap();
    assert!(markdown.starts_with("# Interim report: walk-in-centre.xlsx"));
}

#[test]
fn personal_data_planted_in_the_sample_never_reaches_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let folder = sample_report(dir.path(), "report");
    let planted: Value =
        serde_json::from_slice(&std::fs::read(testdata("walk-in-centre.planted.json")).unwrap())
            .unwrap();
    let items = planted.as_array().expect("planted items");
    assert!(items.len() > 50);
    for (name, bytes) in files(&folder) {
        if !["html", "md", "json", "csv", "txt"].contains(&extension(&name)) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for item in items {
            let value = item["value"].as_str().unwrap();
            assert!(
                !text.contains(value),
                "{name} publishes {} {value:?}",
                item["kind"]
            );
        }
    }
}

#[test]
fn two_runs_give_byte_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let first = files(&sample_report(dir.path(), "first"));
    let second = files(&sample_report(dir.path(), "second"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(bytes == &second[name], "{name} differs between runs");
    }
}

#[test]
fn an_existing_folder_is_kept_unless_force_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("report");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("notes.txt"), "mine").unwrap();
    let mut command = engage();
    command
        .arg("report")
        .arg(testdata("walk-in-centre.xlsx"))
        .arg("-o")
        .arg(&folder);
    let (code, _, stderr) = run(&mut command);
    assert_eq!(code, 2);
    // One line saying what is wrong, one saying what to do.
    let lines: Vec<&str> = stderr.trim().lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with("engage: error: ")
            && lines[0].contains("report: the report folder already exists"),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("hint: ") && lines[1].contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("notes.txt")).unwrap(),
        "mine"
    );

    let mut command = engage();
    command
        .arg("report")
        .arg(testdata("walk-in-centre.xlsx"))
        .arg("-o")
        .arg(&folder)
        .arg("--force");
    let (code, _, stderr) = run(&mut command);
    assert_eq!(code, 0, "{stderr}");
    assert!(folder.join("index.html").exists());
    assert!(!folder.join("notes.txt").exists());
}

#[test]
fn hostile_answers_stay_text_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    // The sample's codebook names the sample's questions: here it codes "why", by name.
    let codebook = format!(
        "why={}",
        testdata("codebooks/walk-in-centre.toml").display()
    );
    let folder = report(
        &testdata("hostile.csv"),
        dir.path(),
        "report",
        &["--codebook", &codebook],
    );
    let files = files(&folder);
    let html = String::from_utf8(files["index.html"].clone()).unwrap();
    // The quote about opening hours is there, as text.
    assert!(html.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; opening hours"));
    for name in elements(&html) {
        assert!(
            ALLOWED_ELEMENTS.contains(&name.as_str()),
            "unexpected <{name}>"
        );
    }
    assert!(!html.contains("javascript:"));
    for (name, bytes) in &files {
        if extension(name) == "png" || extension(name) == "xlsx" {
            continue;
        }
        assert!(!bytes.contains(&0), "{name} holds a NUL byte");
        assert!(!bytes.contains(&0x1b), "{name} holds a terminal escape");
        if extension(name) == "csv" {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(bytes.as_slice());
            for record in reader.records() {
                for cell in &record.unwrap() {
                    assert!(
                        !cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
                            || cell.parse::<f64>().is_ok(),
                        "{name}: {cell:?} would run as a formula"
                    );
                }
            }
        }
    }
    let markdown = String::from_utf8(files["report.md"].clone()).unwrap();
    assert!(!markdown.contains("<script"));
    assert!(!markdown.contains("<img"));
}

#[test]
fn bad_input_is_one_line_naming_the_file_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.xlsx");
    let mut command = engage();
    command
        .arg("report")
        .arg(&missing)
        .arg("-o")
        .arg(dir.path().join("out"));
    let (code, _, stderr) = run(&mut command);
    assert_eq!(code, 2);
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("engage: error: ") && first.contains("missing.xlsx: no such file"),
        "{stderr}"
    );
    assert!(stderr.trim().lines().count() <= 2, "{stderr}");
    assert!(!dir.path().join("out").exists());

    let previous = dir.path().join("previous.json");
    std::fs::write(&previous, "{\"not\": \"a report\"}").unwrap();
    let mut command = engage();
    command
        .arg("report")
        .arg(testdata("walk-in-centre.xlsx"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg("--previous")
        .arg(&previous);
    let (code, _, stderr) = run(&mut command);
    assert_eq!(code, 2);
    assert!(stderr.contains("previous.json"), "{stderr}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_second_report_says_what_changed_since_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let first = sample_report(dir.path(), "first");
    // The earlier report, as it would have been with fewer responses and a different answer to
    // one question: 1,000 responses, and 30% (95% CI 27 to 33) used the walk-in centre.
    let mut previous = json(&first);
    previous["source"]["respondents"] = 1000.into();
    let question = previous["questions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|question| question["id"] == "services_used_last_12_months")
        .expect("the services question is in report.json");
    let option = question["options"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|option| option["label"] == "Walk-in centre")
        .unwrap();
    option["percent"] = 30.0.into();
    option["ci_low"] = 27.0.into();
    option["ci_high"] = 33.0.into();
    let path = dir.path().join("previous.json");
    std::fs::write(&path, serde_json::to_vec(&previous).unwrap()).unwrap();

    let args = sample_args();
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    args.extend(["--previous", path.to_str().unwrap()]);
    let second = report(
        &testdata("walk-in-centre.xlsx"),
        dir.path(),
        "second",
        &args,
    );
    let markdown = std::fs::read_to_string(second.join("report.md")).unwrap();
    let changes = &markdown[markdown
        .find("What changed since the last interim report")
        .expect("a section on changes")..];
    assert!(
        changes.contains("Responses: 1,503 now, 1,000 at the last report (503 new)."),
        "{changes}"
    );
    // 42.1% of 1,479 now: outside the old interval, so it is listed; the other options kept
    // their figures and are not.
    let shifted: Vec<&str> = changes
        .lines()
        .filter(|line| line.starts_with("| Which of these services"))
        .collect();
    assert_eq!(shifted.len(), 1, "{changes}");
    assert!(
        shifted[0].contains("| Walk-in centre | 30.0% | 42.1% | 12.1 |"),
        "{}",
        shifted[0]
    );
}

#[test]
fn real_exports_give_a_report() {
    let dir = tempfile::tempdir().unwrap();
    for relative in [
        "surveys/jupyter/2015-notebook-ux/20160115235816-SurveyExport.csv",
        "surveys/ssi-rse/2017-uk/public_data.csv",
    ] {
        let Some(path) = realdata(relative) else {
            continue;
        };
        let name = relative.replace('/', "-");
        let folder = report(&path, dir.path(), &name, &[]);
        let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
        for element in elements(&html) {
            assert!(
                ALLOWED_ELEMENTS.contains(&element.as_str()),
                "{relative}: unexpected <{element}>"
            );
        }
        json(&folder);
    }
}

#[test]
fn layout_snapshots() {
    insta::assert_snapshot!(
        "report-help",
        crate::transcript(engage().args(["report", "--help"]))
    );
    // The opening of the Markdown report: the findings a reader meets first and how the report
    // was made. The numbers in it are checked above against engage summary.
    let dir = tempfile::tempdir().unwrap();
    let folder = sample_report(dir.path(), "report");
    let markdown = std::fs::read_to_string(folder.join("report.md")).unwrap();
    let end = markdown.find("## Who took part").expect("who took part");
    insta::assert_snapshot!("report-sample-opening", &markdown[..end]);
}

/// A file name's extension, without the dot ("" when it has none).
fn extension(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(_, extension)| extension)
}

/// Issue 18: eleven interview notes give the small-sample report: the interview number is an
/// id and the date is when each account was given, counts without percentages, intervals or
/// charts, every written answer (redacted), and "About this report" saying whom the figures
/// describe.
#[test]
fn interview_notes_give_the_small_sample_report() {
    let dir = tempfile::tempdir().unwrap();
    let folder = report(&testdata("interviews.csv"), dir.path(), "report", &[]);
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    elements(&html);
    assert!(
        html.contains("responses 2 to 12 December 2013"),
        "the period"
    );
    assert!(
        html.contains("describe the 11 people who took part"),
        "whom they describe"
    );
    assert!(
        !html.contains("Wilson") && !html.contains("95% CI"),
        "no intervals"
    );
    assert!(
        !html.contains("Views by group"),
        "no tests on eleven accounts"
    );
    for answer in [
        "A single calendar of engagement events shared by every partner.",
        "Culture change in the council takes years.",
        "Pay community researchers to run conversations in their own networks.",
    ] {
        assert!(html.contains(answer), "{answer} is missing");
    }
    assert!(!html.contains("j.bloggs@example.org"), "the planted email");
    let report = json(&folder);
    let ids: Vec<&str> = report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|question| question["id"].as_str())
        .collect();
    assert!(
        !ids.contains(&"interview"),
        "the interview number is an id: {ids:?}"
    );
    // Charts of the answers would imply a precision eleven accounts do not have.
    let charts: Vec<String> = files(&folder)
        .into_keys()
        .filter(|name| name.starts_with("charts/q"))
        .collect();
    assert!(charts.is_empty(), "{charts:?}");
    // Counts "7 of 11", in the tables and the key figures; no percentage of eleven people.
    let markdown = std::fs::read_to_string(folder.join("report.md")).unwrap();
    assert!(
        markdown.contains("| Public sector | 5 of 11 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Complete | 11 of 11 |"),
        "the key figure"
    );
    let participation = markdown
        .split("**Participation**")
        .nth(1)
        .and_then(|rest| rest.split("## ").next())
        .unwrap();
    assert!(
        participation
            .lines()
            .filter(|line| line.starts_with('|'))
            .all(|line| !line.contains('%')),
        "{participation}"
    );
    assert!(participation.contains("First response: 2013-12-02"));
    // Without a codebook, the answers come in a draft grouping that says it is one, and every
    // answer is in it once.
    let common = markdown
        .split("### Common issues")
        .nth(1)
        .and_then(|rest| rest.split("### ").next())
        .unwrap();
    assert!(common.contains("No person has reviewed it"), "{common}");
    assert!(common.contains("Draft group \u{201c}"), "{common}");
    assert_eq!(common.matches("\n> ").count(), 11, "{common}");
}

/// Issue 18: a small sample coded with a codebook written for one question gives that
/// question's answers under its themes, and leaves the other questions to the draft grouping.
#[test]
fn a_small_sample_coded_by_a_codebook_gives_answers_under_their_themes() {
    let dir = tempfile::tempdir().unwrap();
    let codebook = testdata("interviews-codebook.toml").display().to_string();
    let folder = report(
        &testdata("interviews.csv"),
        dir.path(),
        "report",
        &["--codebook", &codebook],
    );
    let markdown = std::fs::read_to_string(folder.join("report.md")).unwrap();
    let section = |title: &str| -> String {
        markdown
            .split(&format!("### {title}\n"))
            .nth(1)
            .and_then(|rest| rest.split("\n### ").next())
            .unwrap_or_default()
            .to_string()
    };
    let common = section("Common issues");
    // By hand: "tell*" and "difference" find 1009 ("Nobody tells us what difference...") and
    // 1003 ("rarely tell people what happened"): 2 of 11.
    assert!(
        common.contains("No feedback on what changed (2 of 11):"),
        "{common}"
    );
    assert!(!common.contains("Draft group"), "{common}");
    // The themes section counts too, without percentages or charts.
    assert!(
        markdown.contains("| No feedback on what changed | 2 of 11 |"),
        "{markdown}"
    );
    let charts: Vec<String> = files(&folder)
        .into_keys()
        .filter(|name| name.starts_with("charts/q"))
        .collect();
    assert!(charts.is_empty(), "{charts:?}");
    let ideas = section("Good ideas");
    assert!(ideas.contains("Draft group \u{201c}"), "{ideas}");
}

/// Issue 18: "Views by group" in the sample report and `engage crosstab --by` give the same
/// tests, every finding rests on a difference that survives the false discovery rate and the
/// size rule, and each finding's table is published.
#[test]
fn views_by_group_agree_between_the_report_and_crosstab() {
    let dir = tempfile::tempdir().unwrap();
    let folder = sample_report(dir.path(), "report");
    let report = json(&folder);
    let markdown = std::fs::read_to_string(folder.join("report.md")).unwrap();
    assert!(markdown.contains("## Views by group"));
    let views = report["views"].as_array().expect("views");
    assert!(views.len() >= 10, "{} comparisons", views.len());
    let tables: Vec<&str> = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|table| table["id"].as_str())
        .collect();
    let mut found = 0;
    for view in views {
        if let Some(finding) = view["finding"].as_str() {
            found += 1;
            assert_eq!(view["verdict"], "differs", "{finding}");
            assert!(view["q_value"].as_f64().unwrap() <= 0.05);
            assert!(view["cramers_v"].as_f64().unwrap() >= 0.1);
            let table = view["table"].as_str().expect("a published table");
            assert!(tables.contains(&table), "{table}");
            assert!(
                markdown.contains(finding),
                "{finding} is not in the section"
            );
        }
    }
    assert!(
        found > 0,
        "the sample's capacity and age groups differ by design"
    );
    let mut command = engage();
    command
        .current_dir(root())
        .args([
            "crosstab",
            "--format",
            "json",
            "--by",
            "capacity_responding_consultation",
        ])
        .arg(testdata("walk-in-centre.xlsx"));
    let (code, stdout, stderr) = run(&mut command);
    assert_eq!(code, 0, "{stderr}");
    let crosstab: Value = serde_json::from_str(&stdout).unwrap();
    let comparisons = crosstab["comparisons"].as_array().unwrap();
    assert!(!comparisons.is_empty());
    for comparison in comparisons {
        let same = views.iter().find(|view| {
            view["question"] == comparison["question"]
                && view["by"] == comparison["by"]
                && view["theme"].is_null()
        });
        let same = same.expect("the report has the comparison");
        // Same test and p-value; the q-values differ, the report's family being larger.
        assert_eq!(same["p_value"], comparison["p_value"]);
        assert_eq!(same["cramers_v"], comparison["cramers_v"]);
    }
}

/// Issue 18: a codebook codes the questions it names, not every written answer.
#[test]
fn a_codebook_codes_only_the_questions_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let codebook = dir.path().join("codebook.toml");
    let text = std::fs::read_to_string(testdata("codebooks/walk-in-centre.toml")).unwrap();
    // The sample's codebook names both comment questions: name one instead.
    let one = text.replace(
        "questions = [\"reasons_answers_anything_else\", \"make_urgent_care_better_family\"]",
        "questions = [\"make_urgent_care_better_family\"]",
    );
    assert_ne!(one, text);
    std::fs::write(&codebook, one).unwrap();
    let folder = report(
        &testdata("walk-in-centre.xlsx"),
        dir.path(),
        "one",
        &["--codebook", codebook.to_str().unwrap()],
    );
    let coded: Vec<String> = json(&folder)["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|themes| themes["question"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(coded, ["make_urgent_care_better_family"]);
    // Without a `questions` line and with two free-text questions, nothing is coded and the
    // report says why.
    let none = text.replace(
        "questions = [\"reasons_answers_anything_else\", \"make_urgent_care_better_family\"]",
        "",
    );
    std::fs::write(&codebook, none).unwrap();
    let folder = report(
        &testdata("walk-in-centre.xlsx"),
        dir.path(),
        "none",
        &["--codebook", codebook.to_str().unwrap()],
    );
    assert!(json(&folder)["themes"].as_array().unwrap().is_empty());
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(
        html.contains("does not name the question it was written for"),
        "the reason"
    );
    // QUESTION=FILE names it on the command line.
    let argument = format!("reasons_answers_anything_else={}", codebook.display());
    let folder = report(
        &testdata("walk-in-centre.xlsx"),
        dir.path(),
        "named",
        &["--codebook", &argument],
    );
    assert_eq!(
        json(&folder)["themes"][0]["question"],
        "reasons_answers_anything_else"
    );
}

/// Issue 18, on the NHS Friends and Family Test export: one-hot label columns do not make
/// every respondent partial, empty columns get no themes section, and the codebook codes the
/// comment question it names.
#[test]
fn the_nhs_fft_report_says_only_what_is_true() {
    let Some(path) = realdata("surveys/nhs-fft/v6framework_230831.csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let codebook = testdata("codebooks/nhs-fft.toml");
    let folder = report(
        &path,
        dir.path(),
        "fft",
        &["--codebook", codebook.to_str().unwrap(), "--quotes", "1"],
    );
    let report = json(&folder);
    // Each row is a comment someone finished: the few partial ones left out most of the
    // questions everyone was asked, not the label columns.
    let complete = report["key_figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|figure| figure["label"] == "complete")
        .and_then(|figure| figure["value"].as_str())
        .expect("a completion figure");
    // 7,902 of 7,908: nearly all, but not rounded up to all.
    assert_eq!(complete, "7,902 (99.9%)");
    let themes = report["themes"].as_array().unwrap();
    assert_eq!(themes.len(), 1);
    assert_eq!(themes[0]["question"], "fft_answer");
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(
        !html.contains("Net Promoter"),
        "no NPS without a question about recommending"
    );
}

/// `[privacy]` and `[report]` in survey.toml are read: the threshold, the scope of suppression
/// and the title come from the config unless an option says otherwise; a key engage does not
/// know is an error naming the config file as the user named it, and its line.
#[test]
fn privacy_and_report_settings_come_from_the_config() {
    let directory = tempfile::tempdir().unwrap();
    let data = directory.path().join("export.csv");
    std::fs::copy(testdata("planted.csv"), &data).unwrap();
    let config = directory.path().join("settings.toml");
    std::fs::write(
        &config,
        "[privacy]\nthreshold = 3\nsuppress = \"all\"\n\n[report]\ntitle = \"Riverside consultation\"\norganisation = \"Riverside CCG\"\n",
    )
    .unwrap();
    let config_arg = config.display().to_string();
    let folder = report(
        &data,
        directory.path(),
        "from-config",
        &["--config", &config_arg],
    );
    let value = json(&folder);
    assert_eq!(value["title"], "Riverside consultation");
    assert_eq!(value["disclosure"]["threshold"], 3);
    assert_eq!(value["disclosure"]["scope"], "all");
    // Options win over the config.
    let folder = report(
        &data,
        directory.path(),
        "options-win",
        &[
            "--config",
            &config_arg,
            "--threshold",
            "10",
            "--suppress",
            "profile",
        ],
    );
    let value = json(&folder);
    assert_eq!(value["disclosure"]["threshold"], 10);
    assert_eq!(value["disclosure"]["scope"], "profile");
    // A config engage cannot read: exit 2 and the error, naming the file as given and its line.
    let refused = |settings: &str| -> String {
        std::fs::write(&config, settings).unwrap();
        let (code, _, stderr) = run(engage().current_dir(directory.path()).args([
            "report",
            "export.csv",
            "-o",
            "out",
            "--config",
            "settings.toml",
        ]));
        assert_eq!(code, 2, "{stderr}");
        stderr
    };
    let stderr = refused("[privacy]\nthreshold = 3\nthreshhold = 4\n");
    assert!(
        stderr.starts_with("engage: error: settings.toml: line 3: unknown field `threshhold`, expected one of `threshold`, `suppress`, `keep_personal`"),
        "{stderr}"
    );
    let stderr = refused("[privacy]\nsuppress = \"some\"\n");
    assert!(
        stderr.starts_with("engage: error: settings.toml: line 2: unknown variant `some`, expected one of `all`, `profile`, `none`"),
        "{stderr}"
    );
}
