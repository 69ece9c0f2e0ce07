//! The whole pipeline on the Pol.is fixture and on small conversations built by hand.

use super::*;

fn fixture() -> Conversation {
    read_polis(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/layouts/polis"
    ))
    .unwrap()
}

/// Two camps of `size` who take opposite sides on statements 0-3 and agree on 4 and 5.
fn camps(size: usize) -> Vec<VoteRecord> {
    let mut records = Vec::new();
    for participant in 0..2 * size {
        let camp = participant < size;
        for statement in 0..6usize {
            let vote = match statement {
                4 | 5 => Vote::Agree,
                // One dissenter per camp on statement 0 keeps the matrix from being rank one.
                0 if participant % size == 0 => Vote::Pass,
                _ if statement.is_multiple_of(2) == camp => Vote::Agree,
                _ => Vote::Disagree,
            };
            records.push(VoteRecord {
                participant: format!("p{participant}"),
                statement: statement.to_string(),
                vote,
                time: None,
            });
        }
    }
    records
}

#[test]
fn the_fixture_reproduces_its_published_figures() {
    let conversation = fixture();
    let export = conversation.polis.as_ref().unwrap();
    for check in &export.checks {
        assert!(check.matches, "{check:?}");
    }
    let figures: Vec<(&str, u64)> = export
        .checks
        .iter()
        .map(|check| (check.figure.as_str(), check.published))
        .collect();
    assert!(figures.contains(&("voters", 40)), "{figures:?}");
    assert!(figures.contains(&("commenters", 5)), "{figures:?}");
    assert!(figures.contains(&("comments", 12)), "{figures:?}");
    assert_eq!(export.summary_value("groups"), Some("2"));
}

#[test]
fn the_fixture_has_two_groups_and_two_consensus_statements() {
    let result = analyse(&fixture(), &DeliberationOptions::default()).unwrap();
    let p = &result.participation;
    assert_eq!(p.participants, 40);
    assert_eq!(p.statements, 13);
    assert_eq!(p.statements_voted, 12);
    assert_eq!(p.moderated_out, ["12"]);
    assert_eq!(p.statements_analysed, 12);
    // Five distinct authors in comments.csv, as the fixture's summary.csv says.
    assert_eq!(p.commenters, Some(5));
    assert_eq!(p.votes, p.vote_records, "the fixture has no re-votes");
    assert_eq!(result.groups.len(), 2);
    // The fixture plants 24 participants in one camp and 16 in the other; one of the 24
    // voted on only 6 statements, fewer than 7, but joined while the conversation had fewer
    // than 15 participants with 7 votes (Pol.is tops the grouped up to 15 at every update,
    // and whoever joins stays), so everyone is grouped, as the fixture's group-id says.
    assert_eq!(p.grouped, 40);
    let sizes: Vec<usize> = result.groups.iter().map(|group| group.size).collect();
    let comparison = result.polis.as_ref().unwrap().groups.as_ref().unwrap();
    assert_eq!(sizes, [24, 16], "{comparison:?}");
    assert_eq!(comparison.confusion, [vec![24, 0], vec![0, 16]]);
    assert_eq!(comparison.theirs_only, [0, 0]);
    assert!((comparison.adjusted_rand_index - 1.0).abs() < 1e-12);
    let consensus: Vec<(&str, Side)> = result
        .consensus
        .iter()
        .map(|item| (result.statements[item.statement].id.as_str(), item.side))
        .collect();
    assert_eq!(consensus, [("10", Side::Agree), ("11", Side::Agree)]);
    // Every divisive statement is one of the ten the camps split on.
    assert!(!result.divisive.is_empty());
    for item in &result.divisive {
        let id: usize = result.statements[item.statement].id.parse().unwrap();
        assert!(id < 10, "{id}");
    }
    // Each camp's representative statements are the ones it agrees with: the larger camp
    // agrees with the even statements.
    for item in &result.representative[0] {
        let id: usize = result.statements[item.statement].id.parse().unwrap();
        assert_eq!(item.side == Side::Agree, id.is_multiple_of(2), "{item:?}");
    }
}

#[test]
fn the_same_votes_give_the_same_groups_every_run_in_any_row_order() {
    let conversation = fixture();
    let options = DeliberationOptions::default();
    let first = analyse(&conversation, &options).unwrap();
    for _ in 0..3 {
        assert_eq!(analyse(&conversation, &options).unwrap(), first);
    }
    // Regression guard: the matrix is put in canonical order, so reversed input rows change
    // nothing.
    let records = camps(6);
    let reversed: Vec<VoteRecord> = records.iter().rev().cloned().collect();
    let forward = analyse(
        &Conversation::from_records("x", Vec::new(), &records).unwrap(),
        &options,
    )
    .unwrap();
    let backward = analyse(
        &Conversation::from_records("x", Vec::new(), &reversed).unwrap(),
        &options,
    )
    .unwrap();
    assert_eq!(forward.participants, backward.participants);
    assert_eq!(forward.groups, backward.groups);
}

#[test]
fn camps_are_found_and_their_common_ground_is_consensus() {
    let conversation = Conversation::from_records("camps", Vec::new(), &camps(6)).unwrap();
    let result = analyse(&conversation, &DeliberationOptions::default()).unwrap();
    assert_eq!(result.group_choice.chosen, 2);
    assert_eq!(result.groups[0].size, 6);
    let first = result.participants[0].group;
    for point in &result.participants {
        let camp = point.id[1..].parse::<usize>().unwrap() < 6;
        assert_eq!(point.group == first, camp, "{point:?}");
    }
    let ids: Vec<&str> = result
        .consensus
        .iter()
        .map(|item| result.statements[item.statement].id.as_str())
        .collect();
    assert_eq!(ids, ["4", "5"]);
    // Statements 1-3 split the camps completely: gap 100 points.
    assert_eq!(result.divisive.len(), 4);
    assert!((result.divisive[0].gap - 1.0).abs() < 1e-12);
}

#[test]
fn a_fixed_number_of_groups_is_used() {
    let result = analyse(
        &fixture(),
        &DeliberationOptions::default().with_groups(GroupCount::Fixed(3)),
    )
    .unwrap();
    assert_eq!(result.groups.len(), 3);
    assert_eq!(result.group_choice.given, Some(3));
    let total: usize = result.groups.iter().map(|group| group.size).sum();
    assert_eq!(total, result.participation.grouped);
}

#[test]
fn moderated_out_statements_are_left_out() {
    let mut records = camps(4);
    records.push(VoteRecord {
        participant: "p0".into(),
        statement: "spam".into(),
        vote: Vote::Agree,
        time: None,
    });
    let statements =
        vec![Statement::new("spam", "buy watches").with_moderation(Moderation::Rejected)];
    let conversation = Conversation::from_records("x", statements, &records).unwrap();
    let result = analyse(&conversation, &DeliberationOptions::default()).unwrap();
    assert!(
        result
            .statements
            .iter()
            .all(|statement| statement.id != "spam")
    );
    assert_eq!(result.participation.moderated_out, ["spam"]);
    assert_eq!(result.participation.statements_voted, 7);
    assert_eq!(result.participation.statements_analysed, 6);
    assert_eq!(result.participation.votes, 8 * 6 + 1);
    assert_eq!(result.participation.analysed_votes.voted(), 8 * 6);
}

#[test]
fn too_few_voters_or_too_many_groups_is_an_error() {
    let records: Vec<VoteRecord> = camps(4)
        .into_iter()
        .filter(|record| record.participant == "p0" || record.participant == "p5")
        .collect();
    let conversation = Conversation::from_records("small.csv", Vec::new(), &records).unwrap();
    let error = analyse(&conversation, &DeliberationOptions::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "small.csv: expected at least 3 participants who voted on statements not moderated out to form groups, found 2"
    );
    // Fewer than 15 with enough votes are topped up with the most active, so eight
    // participants of whom two have 6 votes are all grouped.
    let records: Vec<VoteRecord> = camps(4)
        .into_iter()
        .filter(|record| {
            record.participant == "p0" || record.participant == "p5" || record.statement == "0"
        })
        .collect();
    let conversation = Conversation::from_records("small.csv", Vec::new(), &records).unwrap();
    let result = analyse(&conversation, &DeliberationOptions::default()).unwrap();
    assert_eq!(result.participation.with_min_votes, 2);
    assert_eq!(result.participation.grouped, 8);
    let error = analyse(
        &Conversation::from_records("camps", Vec::new(), &camps(2)).unwrap(),
        &DeliberationOptions::default().with_groups(GroupCount::Fixed(4)),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "camps: expected from 2 to 3 groups for 4 participants who voted, found 4"
    );
}

#[test]
fn tables_and_charts_cover_every_group() {
    let result = analyse(&fixture(), &DeliberationOptions::default()).unwrap();
    let tables = result.tables();
    let titles: Vec<&str> = tables.iter().map(|table| table.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Participation",
            "Opinion groups",
            "Representative statements",
            "Consensus statements",
            "Divisive statements",
            "Statements by group",
            "Pol.is's published figures",
            "Groups against Pol.is's groups",
            "Representative statements against Pol.is's groups",
        ]
    );
    for table in &tables {
        for row in &table.rows {
            assert_eq!(row.len(), table.columns.len(), "{}", table.title);
        }
    }
    let scatter = result.participants_chart();
    assert!(
        scatter
            .alt_text()
            .starts_with("Scatter chart of Opinion groups: 40 points, A 24, B 16."),
        "{}",
        scatter.alt_text()
    );
    let svg = result
        .statements_chart()
        .svg(&crate::chart::ChartOptions::default());
    assert!(svg.contains("Everyone should"), "{svg}");
}
