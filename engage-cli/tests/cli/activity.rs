//! `engage activity`: the bundled 2013 activity log worked by hand, and bad input.

use serde_json::Value;

use crate::{engage, root, run, transcript};

fn log_json() -> Value {
    let (code, stdout, stderr) = run(engage().current_dir(root()).args([
        "activity",
        "testdata/activity-2013.xlsx",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("activity prints JSON")
}

fn number(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value}"))
}

#[track_caller]
fn close(value: &Value, expected: f64) {
    assert!(
        (number(value) - expected).abs() < 1e-9,
        "{value} vs {expected}"
    );
}

#[test]
fn the_2013_offer_comes_out_as_the_arithmetic_says() {
    let json = log_json();
    let activities = json["activities"].as_array().unwrap();
    assert_eq!(activities.len(), 6);
    let by_name = |name: &str| {
        activities
            .iter()
            .find(|activity| activity["activity"].as_str().unwrap().starts_with(name))
            .unwrap_or_else(|| panic!("no activity {name}"))
    };
    // Investment per place: officer time plus room hire (plus materials), over places, and
    // over participants.
    let introduction = by_name("Introduction");
    assert_eq!(introduction["row"], 4);
    close(&introduction["total_cost"], 1200.0 + 240.0 + 60.0);
    close(&introduction["cost_per_place"], 1500.0 / 40.0);
    close(&introduction["cost_per_participant"]["min"], 1500.0 / 34.0);
    close(&introduction["cost_per_participant"]["max"], 1500.0 / 34.0);
    assert_eq!(introduction["cost_per_learner"], Value::Null);
    close(
        &introduction["sectors"]["public"]["percent"],
        100.0 * 18.0 / 34.0,
    );
    let consultation = by_name("Consultation methods");
    close(&consultation["total_cost"], 1200.0 + 240.0 + 80.0);
    close(&consultation["cost_per_participant"]["min"], 1520.0 / 38.0);
    // A planned range of 80-100 people: the cost over the most, then over the fewest.
    let spring = by_name("Spring network");
    close(&spring["total_cost"], 900.0 + 600.0 + 300.0);
    close(&spring["cost_per_place"], 1800.0 / 120.0);
    close(&spring["participants"]["min"], 80.0);
    close(&spring["cost_per_participant"]["min"], 1800.0 / 100.0);
    close(&spring["cost_per_participant"]["max"], 1800.0 / 80.0);
    assert_eq!(spring["sectors"], Value::Null);
    let funding = by_name("Supporting community groups");
    close(&funding["total_cost"], 1350.0 + 270.0);
    close(&funding["cost_per_place"], 1620.0 / 36.0);
    let autumn = by_name("Autumn network");
    close(&autumn["total_cost"], 900.0 + 600.0 + 255.0);
    close(&autumn["cost_per_participant"]["min"], 1755.0 / 117.0);
    close(&autumn["sectors"]["total"], 41.0 + 63.0 + 9.0 + 4.0);
    // Online learning: cost per learner and per course completed (learners × courses).
    let online = by_name("Online learning");
    close(&online["total_cost"], 600.0 + 3000.0);
    close(&online["courses_completed"], 150.0 * 4.0);
    close(&online["cost_per_learner"], 3600.0 / 150.0);
    close(&online["cost_per_course"], 3600.0 / 600.0);
    assert_eq!(online["cost_per_place"], Value::Null);
    assert_eq!(online["cost_per_participant"], Value::Null);

    // In total each ratio divides the cost of the activities reporting its denominator.
    let total = &json["total"];
    close(
        &total["total_cost"],
        1500.0 + 1520.0 + 3600.0 + 1800.0 + 1620.0 + 1755.0,
    );
    let with_places = 1500.0 + 1520.0 + 1800.0 + 1620.0 + 1755.0;
    close(&total["places"], 40.0 + 40.0 + 120.0 + 36.0 + 120.0);
    close(&total["cost_per_place"], with_places / 356.0);
    close(
        &total["participants"]["min"],
        34.0 + 38.0 + 80.0 + 30.0 + 117.0,
    );
    close(
        &total["participants"]["max"],
        34.0 + 38.0 + 100.0 + 30.0 + 117.0,
    );
    close(&total["cost_per_participant"]["min"], with_places / 319.0);
    close(&total["cost_per_participant"]["max"], with_places / 299.0);
    close(&total["cost_per_learner"], 3600.0 / 150.0);
    close(&total["cost_per_course"], 3600.0 / 600.0);
    close(&total["sessions"], 2.0 + 2.0 + 1.0 + 3.0 + 1.0);
    close(
        &total["sectors"]["public"]["count"],
        18.0 + 22.0 + 6.0 + 41.0,
    );
    close(&total["sectors"]["vcf"]["count"], 14.0 + 12.0 + 22.0 + 63.0);
    close(&total["sectors"]["vcf"]["percent"], 100.0 * 111.0 / 219.0);

    let levels = &json["wilcox_levels"];
    assert_eq!(levels["information"], 2);
    assert_eq!(levels["consultation"], 1);
    assert_eq!(levels["deciding_together"], 1);
    assert_eq!(levels["acting_together"], 1);
    assert_eq!(levels["supporting_independent_community_initiatives"], 1);
    let dimensions = &json["dimensions"];
    assert_eq!(dimensions["confident"], 4);
    assert_eq!(dimensions["inclusive"], 1);
    assert_eq!(dimensions["organised"], 3);
    assert_eq!(dimensions["co-operative"], 2);
    assert_eq!(dimensions["influential"], 2);
}

const HEADER: &str = "activity,kind,places,participants,wilcox_level,cost_officer_time\n";

#[test]
fn bad_cells_exit_2_naming_the_row_and_column() {
    for (row, message) in [
        (
            "Training,training,40,30,information,-120",
            "engage: error: log.csv: row 2, column \"cost_officer_time\": expected an amount in pounds of at least 0, found \"-120\"",
        ),
        (
            "Training,training,40,30,information,lots",
            "engage: error: log.csv: row 2, column \"cost_officer_time\": expected an amount in pounds such as 1200 or £1,200, found \"lots\"",
        ),
        (
            "Training,training,40,100-50,information,120",
            "engage: error: log.csv: row 2, column \"participants\": a planned range runs from the smaller number to the larger, found \"100-50\"",
        ),
        (
            ",training,40,30,information,120",
            "engage: error: log.csv: row 2, column \"activity\": the activity is empty, expected the activity's name on every row with figures",
        ),
    ] {
        let directory = tempfile::tempdir().unwrap();
        std::fs::write(
            directory.path().join("log.csv"),
            format!("{HEADER}{row}\nNetwork,network,100,80,consultation,300\n"),
        )
        .unwrap();
        let (code, _, stderr) = run(engage()
            .current_dir(directory.path())
            .args(["activity", "log.csv"]));
        assert_eq!(code, 2, "{stderr}");
        assert_eq!(stderr.lines().next(), Some(message));
    }
}

#[test]
fn layout_snapshots() {
    insta::assert_snapshot!(
        "activity-2013",
        transcript(
            engage()
                .current_dir(root())
                .args(["activity", "testdata/activity-2013.xlsx"])
        )
    );
    insta::assert_snapshot!(
        "activity-help",
        transcript(engage().args(["activity", "--help"]))
    );
}
