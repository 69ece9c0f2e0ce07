use std::fmt::Write as _;

use super::present;
use super::*;
use crate::privacy::disclosure::DisclosurePolicy;
use crate::table::Cell;
use crate::{IngestOptions, read_reader};

#[track_caller]
fn close(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "expected {expected}, found {actual}"
    );
}

/// 120 respondents, 60 staff and 60 residents. "The centre should stay open" splits them:
/// staff Strongly disagree 5, Disagree 10, Agree 25, Strongly agree 20; residents 20, 25, 10,
/// 5. "Parking is easy" does not: 10, 20, 20, 10 in both groups. "Have you used the centre?"
/// neither: 40 Yes and 20 No in both.
fn export() -> String {
    let mut csv = String::from(
        "ID,In what capacity are you responding?,The centre should stay open,Parking is easy,Have you used the centre?\n",
    );
    let mut id = 0;
    let mut add = |capacity: &str, stay: &[(&str, usize)], parking: &[(&str, usize)]| {
        let stay: Vec<&str> = stay
            .iter()
            .flat_map(|(label, n)| std::iter::repeat_n(*label, *n))
            .collect();
        let parking: Vec<&str> = parking
            .iter()
            .flat_map(|(label, n)| std::iter::repeat_n(*label, *n))
            .collect();
        for (index, (stay, parking)) in stay.iter().zip(&parking).enumerate() {
            id += 1;
            let used = if index % 3 == 2 { "No" } else { "Yes" };
            let _ = writeln!(csv, "{id},{capacity},{stay},{parking},{used}");
        }
    };
    let parking = [
        ("Strongly disagree", 10),
        ("Disagree", 20),
        ("Agree", 20),
        ("Strongly agree", 10),
    ];
    add(
        "A member of staff",
        &[
            ("Strongly disagree", 5),
            ("Disagree", 10),
            ("Agree", 25),
            ("Strongly agree", 20),
        ],
        &parking,
    );
    add(
        "A local resident",
        &[
            ("Strongly disagree", 20),
            ("Disagree", 25),
            ("Agree", 10),
            ("Strongly agree", 5),
        ],
        &parking,
    );
    csv
}

fn views() -> (Dataset, Views) {
    views_of(&export())
}

/// Views by the capacity question of an export.
fn views_of(csv: &str) -> (Dataset, Views) {
    let dataset = read_reader(csv.as_bytes(), "views.csv", &IngestOptions::default()).unwrap();
    let capacity = dataset
        .schema()
        .questions()
        .iter()
        .find(|question| question.text.contains("capacity"))
        .unwrap()
        .id
        .clone();
    let views = views_by_group(
        &dataset,
        None,
        &ViewsOptions::default().with_groups(vec![capacity]),
    )
    .unwrap();
    (dataset, views)
}

fn find<'a>(views: &'a Views, text: &str) -> &'a Comparison {
    views
        .comparisons
        .iter()
        .find(|comparison| comparison.text == text)
        .unwrap()
}

/// The split question by hand. The test reads the scale as its two sides (nobody chose a
/// middle point): disagree (staff 5 + 10 = 15, residents 20 + 25 = 45) and agree (45 and 15).
/// Every expected count is 60 x 60 / 120 = 30, so X² = 4 x 15² / 30 = 30 on 1 df and
/// V = √(30 / 120) = 0.5; a 2 x 2 table gets Fisher's exact test. Agree side: staff 45 of 60
/// (75%), residents 15 of 60 (25%); the adjusted residual (45 - 30) / √(30 x ½ x ½) =
/// 15 / √7.5 = 5.4772256, and (45 - 30) / 60 - (15 - 30) / 60 = 50 points of net agreement.
#[test]
fn a_known_difference_by_hand() {
    let (_, views) = views();
    let stay = find(&views, "The centre should stay open");
    assert_eq!(stay.kind, OutcomeKind::Scale);
    let chi = stay.crosstab.chi_square.as_ref().unwrap();
    close(chi.statistic, 30.0, 1e-9);
    assert_eq!(chi.df, 1);
    close(chi.cramers_v, 0.5, 1e-12);
    assert_eq!(stay.test, Some(TestMethod::Fisher));
    assert_eq!(
        stay.crosstab.row.labels.first().map(String::as_str),
        Some("Disagree (Strongly disagree, Disagree)")
    );
    assert_eq!(
        stay.crosstab.row.labels.last().map(String::as_str),
        Some("Agree (Agree, Strongly agree)")
    );
    let staff = stay
        .groups
        .iter()
        .find(|group| group.group == "A member of staff")
        .unwrap();
    assert_eq!((staff.count, staff.base), (45, 60));
    close(staff.percent.unwrap(), 75.0, 1e-12);
    close(staff.rest_percent.unwrap(), 25.0, 1e-12);
    close(staff.residual, 15.0 / 7.5f64.sqrt(), 1e-12);
    assert!(
        stay.groups
            .iter()
            .filter(|group| group.base > 0)
            .all(|group| group.differs)
    );
    assert_eq!(stay.verdict, Verdict::Differs);
}

/// The identical groups give X² = 0, p = 1: no difference; the family is the three tests,
/// and the q-value of the difference is its p-value times 3 (it is the smallest of three).
#[test]
fn a_known_non_difference_and_the_adjustment() {
    let (_, views) = views();
    assert_eq!(views.tests, 3);
    for text in ["Parking is easy", "Have you used the centre?"] {
        let alike = find(&views, text);
        close(
            alike.crosstab.chi_square.as_ref().unwrap().statistic,
            0.0,
            1e-12,
        );
        assert_eq!(alike.verdict, Verdict::Alike, "{text}");
        assert!(alike.groups.iter().all(|group| !group.differs));
    }
    let stay = find(&views, "The centre should stay open");
    close(
        stay.q_value.unwrap(),
        (stay.p_value.unwrap() * 3.0).min(1.0),
        1e-15,
    );
}

/// The findings name the difference and not the non-differences, with the shares the
/// disclosed table shows.
#[test]
fn findings_name_the_difference_only() {
    let (_, views) = views();
    let policy = DisclosurePolicy::default();
    let findings: Vec<String> = views
        .comparisons
        .iter()
        .filter_map(|comparison| {
            let sides = crate::schema::ScaleSides::of("agreement");
            present::comparison(comparison, &policy, None, Some(&sides)).finding
        })
        .collect();
    assert_eq!(
        findings,
        [
            "\u{201c}The centre should stay open\u{201d}: 75% agree among \u{201c}A member of staff\u{201d}, against 25% among \u{201c}A local resident\u{201d}."
        ]
    );
    let stay = find(&views, "The centre should stay open");
    let presented = present::comparison(stay, &policy, None, None);
    // Groups in rows, each answer's share, the base, net agreement: staff (45 - 15) / 60 = 50
    // points, residents -50, all 0.
    let table = &presented.table;
    assert_eq!(table.rows.len(), 3);
    let base = table
        .column_names()
        .iter()
        .position(|name| *name == "Base")
        .unwrap();
    let net = table
        .column_names()
        .iter()
        .position(|name| *name == "Net (points)")
        .unwrap();
    let row = |group: &str| {
        table
            .rows
            .iter()
            .find(|row| row[0] == Cell::text(group))
            .unwrap()
    };
    assert_eq!(row("A member of staff")[base], Cell::Count(60));
    assert_eq!(row("A member of staff")[net], Cell::number(50.0, 1));
    assert_eq!(row("A local resident")[net], Cell::number(-50.0, 1));
    assert_eq!(row("All")[net], Cell::number(0.0, 1));
    assert_eq!(row("All")[base], Cell::Count(120));
    let alt = presented.chart.alt_text();
    assert!(alt.contains("A member of staff"), "{alt}");
}

/// A group too small to publish is withheld in the table, and no sentence names it.
#[test]
fn a_withheld_group_is_not_named() {
    let mut csv = export();
    for id in 0..3 {
        let _ = writeln!(csv, "{},A visitor,Strongly agree,Agree,Yes", 200 + id);
    }
    let (dataset, views) = views_of(&csv);
    let stay = find(&views, "The centre should stay open");
    let presented = present::comparison(stay, &DisclosurePolicy::default(), None, None);
    let visitor = presented
        .table
        .rows
        .iter()
        .find(|row| row[0] == Cell::text("A visitor"))
        .unwrap();
    assert!(
        visitor[1..]
            .iter()
            .all(|cell| !matches!(cell, Cell::Share { .. } | Cell::Count(_))),
        "{visitor:?}"
    );
    if let Some(finding) = &presented.finding {
        assert!(!finding.contains("visitor"), "{finding}");
    }
    // With counts withheld, the test's figures are given in bands: V's exact digits, with the
    // margins shown, would be one more equation in the withheld counts (here staff 45 and
    // residents 15 agree of 60 each, the visitors 3 of 3: V = 0.5 exactly before banding).
    assert!(presented.banded);
    assert_eq!(
        presented.cramers_v(stay),
        Some(crate::privacy::disclosure::TestFigure::Band(">=0.5".into()))
    );
    assert_eq!(
        presented.p_value(stay),
        Some(crate::privacy::disclosure::TestFigure::Band(
            "<0.001".into()
        ))
    );
    let note = &presented.table.notes[0];
    assert!(
        note.contains("p < 0.001") && note.contains("V \u{2265} 0.5") && note.contains("in bands"),
        "{note}"
    );
    let published = present::report(&views, &dataset, &DisclosurePolicy::default(), None);
    let json = &published.json["comparisons"][0];
    assert_eq!(json["cramers_v"], ">=0.5", "{json}");
    let overview = &published.tables[0];
    assert!(
        overview.rows[0].contains(&Cell::text(">=0.5")),
        "{:?}",
        overview.rows[0]
    );
    // Without disclosure control nothing is withheld, and the figures are exact.
    let open = present::comparison(stay, &DisclosurePolicy::none(), None, None);
    assert!(!open.banded);
    assert!(matches!(
        open.cramers_v(stay),
        Some(crate::privacy::disclosure::TestFigure::Exact(_))
    ));
}

/// An answer and how many staff and residents gave it.
type Answer<'a> = (&'a str, usize, usize);

/// An export of 60 staff and 60 residents with more questions, each answer given by the
/// `(staff, residents)` counts listed.
fn export_with(questions: &[(&str, &[Answer<'_>])]) -> String {
    let mut csv = String::from("ID,In what capacity are you responding?");
    for (text, _) in questions {
        let _ = write!(csv, ",{text}");
    }
    csv.push('\n');
    let column = |answers: &[Answer<'_>], staff: bool| -> Vec<String> {
        answers
            .iter()
            .flat_map(|&(label, in_staff, in_residents)| {
                std::iter::repeat_n(
                    label.to_string(),
                    if staff { in_staff } else { in_residents },
                )
            })
            .collect()
    };
    let mut id = 0;
    for (capacity, staff) in [("A member of staff", true), ("A local resident", false)] {
        let columns: Vec<Vec<String>> = questions
            .iter()
            .map(|(_, answers)| column(answers, staff))
            .collect();
        for row in 0..columns[0].len() {
            id += 1;
            let _ = write!(csv, "{id},{capacity}");
            for answers in &columns {
                let _ = write!(csv, ",{}", answers.get(row).map_or("", String::as_str));
            }
            csv.push('\n');
        }
    }
    csv
}

/// A yes/no question is compared on "Yes", whichever answer's residual is larger by a
/// rounding: staff 50 Yes of 60 (83%), residents 20 of 60 (33%).
#[test]
fn a_yes_no_question_compares_yes() {
    let csv = export_with(&[(
        "Have you used the centre?",
        &[("No", 10, 40), ("Yes", 50, 20)],
    )]);
    let (_, views) = views_of(&csv);
    let used = find(&views, "Have you used the centre?");
    assert_eq!(used.kind, OutcomeKind::Choice);
    assert_eq!(used.compared, "Yes");
    assert_eq!(used.verdict, Verdict::Differs);
    let finding = present::comparison(used, &DisclosurePolicy::default(), None, None)
        .finding
        .unwrap();
    assert_eq!(
        finding,
        "\u{201c}Have you used the centre?\u{201d}: 83% answered \u{201c}Yes\u{201d} among \u{201c}A member of staff\u{201d}, against 33% among \u{201c}A local resident\u{201d}."
    );
}

/// The answer compared is one that can describe a group. "Helicopter" (1 staff) has the
/// largest adjusted residual, (1 - 0.5) / √(0.5 × ½ × 119/120) = 1.0042, against Car's
/// (30 - 31.5) / √(31.5 × ½ × (1 - 63/120)) = -0.5516 and Bus's 0.3957; an answer of one
/// person is not compared, so Car is, and the chart's description follows it.
#[test]
fn a_rare_answer_is_not_the_one_compared() {
    let csv = export_with(&[(
        "How did you travel to the centre?",
        &[("Car", 30, 33), ("Bus", 29, 27), ("Helicopter", 1, 0)],
    )]);
    let (_, views) = views_of(&csv);
    let travel = find(&views, "How did you travel to the centre?");
    let chi = travel.crosstab.chi_square.as_ref().unwrap();
    let residual = |label: &str| {
        let row = travel
            .crosstab
            .row
            .labels
            .iter()
            .position(|candidate| candidate == label)
            .unwrap();
        chi.adjusted_residuals[row][0].abs()
    };
    assert!(residual("Helicopter") > residual("Car"));
    assert!(residual("Car") > residual("Bus"));
    assert_eq!(travel.compared, "Car");
    let alt = present::comparison(travel, &DisclosurePolicy::none(), None, None)
        .chart
        .alt_text();
    assert!(alt.contains("\"Car\" ranges from"), "{alt}");
}

/// An answer that follows from the group (every staff member at the North site, every
/// resident at the South) says who the groups are: Cramér's V = 1, no finding, and the
/// summary says why it is not counted as a difference in views.
#[test]
fn an_answer_that_follows_from_the_group_is_no_finding() {
    let csv = export_with(&[
        (
            "Which site do you use?",
            &[("North", 60, 0), ("South", 0, 60)],
        ),
        (
            "Parking is easy",
            &[("Disagree", 30, 30), ("Agree", 30, 30)],
        ),
    ]);
    let (_, views) = views_of(&csv);
    let site = find(&views, "Which site do you use?");
    close(site.cramers_v.unwrap(), 1.0, 1e-12);
    assert_eq!(site.verdict, Verdict::Determined);
    assert_eq!(
        present::comparison(site, &DisclosurePolicy::default(), None, None).finding,
        None
    );
    let words = present::alike(&views, 0).unwrap();
    assert_eq!(
        words,
        "In the one comparison tested the groups' views did not differ by the rule above: where the figures differ between groups, the difference is small or could be chance. \u{201c}Which site do you use?\u{201d} by \u{201c}In what capacity are you responding?\u{201d} is not counted as a difference in views: the answer follows from the group (Cramér's V of at least 0.9), so it describes who the groups are."
    );
}
