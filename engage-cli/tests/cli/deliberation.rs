//! `engage deliberation`: the Pol.is fixture (tables, JSON, CSV, charts, determinism), other
//! inputs, bad input, and the real Pol.is conversations against their published figures and
//! groups.

use std::fmt::Write as _;
use std::path::Path;

use crate::{engage, realdata, root, run, transcript};

/// The JSON of a run, parsed, after checking it succeeded.
fn json(args: &[&str]) -> serde_json::Value {
    let mut command = engage();
    command.current_dir(root()).arg("deliberation").args(args);
    command.args(["--format", "json"]);
    let (code, stdout, stderr) = run(&mut command);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("deliberation prints JSON")
}

fn statement_ids(json: &serde_json::Value, list: &str) -> Vec<String> {
    json[list]
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| {
            let index = item["statement"].as_u64().expect("an index") as usize;
            json["statements"][index]["id"]
                .as_str()
                .expect("an id")
                .to_string()
        })
        .collect()
}

fn sizes(json: &serde_json::Value) -> Vec<u64> {
    json["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|group| group["size"].as_u64().expect("a size"))
        .collect()
}

#[test]
fn help_snapshot() {
    insta::assert_snapshot!(
        "deliberation-help",
        transcript(engage().args(["deliberation", "--help"]))
    );
}

#[test]
fn the_fixture_as_tables() {
    insta::assert_snapshot!(
        "deliberation-fixture",
        transcript(
            engage()
                .current_dir(root())
                .args(["deliberation", "testdata/layouts/polis"])
        )
    );
}

#[test]
fn the_fixture_as_json() {
    let json = json(&["testdata/layouts/polis"]);
    for key in [
        "source",
        "participation",
        "pca",
        "statements",
        "participants",
        "groups",
        "group_choice",
        "representative",
        "consensus",
        "divisive",
        "polis",
        "decisions",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["participation"]["participants"], 40);
    assert_eq!(json["participation"]["moderated_out"][0], "12");
    assert_eq!(sizes(&json), [24, 16]);
    assert_eq!(statement_ids(&json, "consensus"), ["10", "11"]);
    for check in json["polis"]["checks"].as_array().expect("checks") {
        assert_eq!(check["matches"], true, "{check}");
    }
    assert_eq!(json["polis"]["groups"]["adjusted_rand_index"], 1.0);
}

#[test]
fn csv_is_one_table_for_machines_and_markdown_has_every_section() {
    let (code, stdout, stderr) = run(engage().current_dir(root()).args([
        "deliberation",
        "testdata/layouts/polis",
        "--format",
        "csv",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let header = reader.headers().expect("a header").clone();
    assert_eq!(&header[0], "table");
    let tables: std::collections::BTreeSet<String> = reader
        .records()
        .map(|record| record.expect("a record")[0].to_string())
        .collect();
    assert!(tables.contains("Consensus statements"), "{tables:?}");
    let (code, stdout, _) = run(engage().current_dir(root()).args([
        "deliberation",
        "testdata/layouts/polis",
        "--format",
        "markdown",
    ]));
    assert_eq!(code, 0);
    for title in [
        "Participation",
        "Opinion groups",
        "Representative statements",
        "Divisive statements",
        "Pol.is's published figures",
    ] {
        assert!(stdout.contains(title), "{title}");
    }
}

#[test]
fn the_same_input_gives_the_same_output_every_run() {
    let first = run(engage().current_dir(root()).args([
        "deliberation",
        "testdata/layouts/polis",
        "--format",
        "json",
    ]));
    for _ in 0..2 {
        let again = run(engage().current_dir(root()).args([
            "deliberation",
            "testdata/layouts/polis",
            "--format",
            "json",
        ]));
        assert_eq!(again, first);
    }
}

#[test]
fn charts_are_written_as_svg_and_png() {
    let folder = tempfile::tempdir().expect("a temp dir");
    let svg = folder.path().join("groups.svg");
    let png = folder.path().join("statements.png");
    let (code, _, stderr) = run(engage().current_dir(root()).args([
        "deliberation".as_ref(),
        "testdata/layouts/polis".as_ref(),
        "--chart".as_ref(),
        svg.as_os_str(),
        "--statements-chart".as_ref(),
        png.as_os_str(),
        "-o".as_ref(),
        folder.path().join("tables.txt").as_os_str(),
    ]));
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&svg).expect("the SVG");
    assert!(text.contains("role=\"img\""));
    assert!(text.contains("Scatter chart of Opinion groups: 40 points, A 24, B 16."));
    let bytes = std::fs::read(&png).expect("the PNG");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(stderr.contains("wrote"), "{stderr}");
}

#[test]
fn a_long_table_of_votes_is_read() {
    let folder = tempfile::tempdir().expect("a temp dir");
    let path = folder.path().join("votes.csv");
    let mut csv = String::from("participant,statement,vote\n");
    for participant in 0..10 {
        for statement in 0..8 {
            let agrees = statement == 7 || ((statement % 2 == 0) == (participant < 5));
            let vote = if agrees { "agree" } else { "disagree" };
            let _ = writeln!(csv, "p{participant},s{statement},{vote}");
        }
    }
    std::fs::write(&path, csv).expect("written");
    let json = json(&[path.to_str().expect("a UTF-8 path")]);
    assert_eq!(sizes(&json), [5, 5]);
    assert_eq!(statement_ids(&json, "consensus"), ["s7"]);
    assert!(json["polis"].is_null());
}

#[test]
fn bad_input_exits_2_with_a_message() {
    insta::assert_snapshot!(
        "deliberation-missing-folder",
        transcript(
            engage()
                .current_dir(root())
                .args(["deliberation", "testdata/no-such-folder"])
        )
    );
    insta::assert_snapshot!(
        "deliberation-one-group",
        transcript(engage().current_dir(root()).args([
            "deliberation",
            "testdata/layouts/polis",
            "--groups",
            "1"
        ]))
    );
    insta::assert_snapshot!(
        "deliberation-too-many-groups",
        transcript(engage().current_dir(root()).args([
            "deliberation",
            "testdata/layouts/polis",
            "--groups",
            "40"
        ]))
    );
    insta::assert_snapshot!(
        "deliberation-chart-extension",
        transcript(engage().current_dir(root()).args([
            "deliberation",
            "testdata/layouts/polis",
            "--chart",
            "groups.pdf"
        ]))
    );
    let (code, _, stderr) = run(engage()
        .current_dir(root())
        .args(["deliberation", "testdata/walk-in-centre.xlsx"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.starts_with("engage: error: "), "{stderr}");
}

/// What Pol.is published about a conversation and what engage must reproduce.
struct Published {
    folder: &'static str,
    voters: u64,
    commenters: u64,
    comments: u64,
    groups: &'static str,
    /// The least adjusted Rand index accepted against Pol.is's group-id, with `groups` groups.
    min_rand_index: f64,
}

/// Runs a real conversation with Pol.is's number of groups and checks its published figures.
fn check_real(published: &Published) -> Option<serde_json::Value> {
    let folder = realdata(&format!("surveys/polis/{}", published.folder))?;
    let json = json(&[
        folder.to_str().expect("a UTF-8 path"),
        "--groups",
        published.groups,
    ]);
    let checks = json["polis"]["checks"].as_array().expect("checks");
    let value = |figure: &str| {
        let check = checks
            .iter()
            .find(|check| check["figure"] == figure)
            .unwrap_or_else(|| panic!("{}: no check of {figure}", published.folder));
        assert_eq!(check["published"], check["computed"], "{check}");
        check["published"].as_u64().expect("a count")
    };
    assert_eq!(value("voters"), published.voters);
    assert_eq!(value("commenters"), published.commenters);
    assert_eq!(value("comments"), published.comments);
    for check in checks {
        assert_eq!(check["matches"], true, "{}: {check}", published.folder);
    }
    let comparison = &json["polis"]["groups"];
    let rand_index = comparison["adjusted_rand_index"]
        .as_f64()
        .expect("a number");
    eprintln!(
        "{}: groups {:?}, Pol.is confusion {}, adjusted Rand index {rand_index:.3}",
        published.folder,
        sizes(&json),
        comparison["confusion"]
    );
    assert!(
        rand_index >= published.min_rand_index,
        "{}: adjusted Rand index {rand_index}",
        published.folder
    );
    Some(json)
}

#[test]
fn seattle_reproduces_pol_is() {
    // summary.csv: voters 339, commenters 33, comments 54, groups 2. Pol.is's group-id puts
    // 99 in group 0 and 39 in group 1 (138 grouped); engage, replaying the votes as Pol.is's
    // updates do (who joins stays), groups 144: 90 and 54, of whom 14 are in Pol.is's group 0,
    // ARI 0.630 (0.884 before the replay, when 138 were grouped; the number of groups chosen
    // by the silhouette did not follow Pol.is on the other conversations then).
    let Some(json) = check_real(&Published {
        folder: "15-per-hour-seattle",
        voters: 339,
        commenters: 33,
        comments: 54,
        groups: "2",
        min_rand_index: 0.6,
    }) else {
        return;
    };
    assert_eq!(
        json["participation"]["moderated_out"]
            .as_array()
            .map(Vec::len),
        Some(23)
    );
    // Pol.is grouped 138; the replay groups 6 more (see the note above).
    assert_eq!(json["participation"]["grouped"], 144);
    // With the number of groups left to the silhouette, the answer is the same.
    let folder = realdata("surveys/polis/15-per-hour-seattle").expect("present");
    let auto = self::json(&[folder.to_str().expect("a UTF-8 path")]);
    assert_eq!(auto["groups"], json["groups"]);
}

#[test]
fn brexit_reproduces_pol_is() {
    // summary.csv: voters 204, commenters 11, comments 50, groups 2. Pol.is: 106 and 91
    // grouped (7 not); engage with 2 groups: 103 and 88, ARI 0.897.
    let Some(json) = check_real(&Published {
        folder: "brexit-consensus",
        voters: 204,
        commenters: 11,
        comments: 50,
        groups: "2",
        min_rand_index: 0.8,
    }) else {
        return;
    };
    // The case study's finding: statements on which both sides agree.
    assert!(statement_ids(&json, "consensus").len() >= 5);
}

#[test]
fn vtaiwan_reproduces_pol_is() {
    // summary.csv: voters 1921, commenters 105, comments 197, groups 2. 78 comments moderated
    // out; 454 re-voted pairs. Pol.is: 330 and 889; engage: 308 and 911, ARI 0.879.
    check_real(&Published {
        folder: "vtaiwan.uberx",
        voters: 1921,
        commenters: 105,
        comments: 197,
        groups: "2",
        min_rand_index: 0.75,
    });
}

#[test]
fn london_counts_reproduce_though_its_groups_do_not() {
    // summary.csv: voters 26, commenters 16, comments 36 (the file has 39: three moderated
    // out, never voted on), groups 3. With 24 participants the groups are unstable: engage's
    // three groups share little with Pol.is's (ARI about 0.1), so only the counts are held
    // to Pol.is here.
    check_real(&Published {
        folder: "london.youth.policing",
        voters: 26,
        commenters: 16,
        comments: 36,
        groups: "3",
        min_rand_index: -1.0,
    });
}

#[test]
fn pol_is_files_can_be_given_one_by_one() {
    let files: Vec<String> = ["votes.csv", "comments.csv", "summary.csv"]
        .iter()
        .map(|name| {
            Path::new("testdata/layouts/polis")
                .join(name)
                .display()
                .to_string()
        })
        .collect();
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.extend(["--groups", "2"]);
    let json = json(&args);
    assert_eq!(sizes(&json), [24, 16]);
    // Without participants-votes.csv there are no Pol.is groups to compare.
    assert!(json["polis"]["groups"].is_null());
}

#[test]
fn the_number_of_groups_and_the_commenters_follow_pol_is_on_every_real_conversation() {
    // Issue 19 item 13: with the number of groups left to engage (Pol.is's k-means over base
    // clusters, its silhouette rule and its smoothing), each conversation gets the number its
    // summary.csv publishes, and the participants who wrote a statement are its commenters.
    for folder in [
        "15-per-hour-seattle",
        "brexit-consensus",
        "london.youth.policing",
        "vtaiwan.uberx",
    ] {
        let Some(path) = realdata(&format!("surveys/polis/{folder}")) else {
            return;
        };
        let summary = std::fs::read_to_string(path.join("summary.csv")).expect("summary.csv");
        let published = |key: &str| -> u64 {
            summary
                .lines()
                .find_map(|line| line.strip_prefix(&format!("{key},")))
                .and_then(|value| value.trim().parse().ok())
                .unwrap_or_else(|| panic!("{folder}: no {key} in summary.csv"))
        };
        let json = json(&[path.to_str().expect("a UTF-8 path")]);
        let groups = json["groups"].as_array().expect("groups").len() as u64;
        eprintln!(
            "{folder}: {groups} groups ({:?}), choice {}",
            sizes(&json),
            json["group_choice"]
        );
        assert_eq!(
            groups,
            published("groups"),
            "{folder}: {}",
            json["group_choice"]
        );
        assert_eq!(
            json["participation"]["commenters"].as_u64(),
            Some(published("commenters")),
            "{folder}"
        );
    }
}
